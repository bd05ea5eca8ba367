"""Phiếu hẹn: when, where and with whom the citizen comes back; A4 page or 80 mm slip."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from desktop.documents.layout import build_a4, confidential_mark, letterhead_block, recipients_and_signer, title_block
from desktop.documents.markup import esc, nfc_fields, text
from desktop.documents.model import AppointmentDocument
from desktop.documents.styles import stylesheet
from desktop.documents.thermal import build_thermal, thermal_header, thermal_qr, thermal_signatures

TITLE = "PHIẾU HẸN"


def render_appointment(doc: AppointmentDocument, *, thermal: bool = False) -> bytes:
    """The appointment slip as PDF bytes: Decree 30/2020 A4 page or an 80 mm roll slip."""
    doc = nfc_fields(doc)
    title = f"Phiếu hẹn {doc.number}"
    if thermal:
        return build_thermal(_thermal_story(doc), title=title, author=doc.letterhead.agency)
    return build_a4(_a4_story(doc), title=title, author=doc.letterhead.agency)


def recipients(doc: AppointmentDocument) -> tuple[str, ...]:
    """The "Nơi nhận" lines: the citizen (a delegation through its representatives), then the archive copy."""
    if doc.head_count:
        people = ", ".join(doc.representatives) or doc.citizen_name
        return (f"- Đoàn công dân ({doc.head_count} người), đại diện: {people};", "- Lưu: VT.")
    word = "/".join(part.capitalize() for part in doc.citizen_salutation.split("/"))  # "Ông", "Bà", "Ông/Bà"
    return (f"- {word} {doc.citizen_name};", "- Lưu: VT.")


def _a4_story(doc: AppointmentDocument) -> list[Flowable]:
    return [
        *letterhead_block(
            doc.letterhead,
            number_line=f"Số: {doc.number}",
            date_line=doc.date_line,
            under_number=confidential_mark(doc.confidential),
        ),
        Spacer(1, 8 * mm),
        title_block(TITLE, qr_payload=doc.qr_payload, qr_caption=doc.number),
        Spacer(1, 5 * mm),
        *_body(doc, "Body"),
        KeepTogether([Spacer(1, 4 * mm), recipients_and_signer(recipients(doc), doc.signer)]),
    ]


def _body(doc: AppointmentDocument, style: str) -> list[Flowable]:
    sheet = stylesheet()
    if doc.head_count:
        lines: list[Flowable] = [
            Paragraph(
                f"{esc(doc.letterhead.agency)} hẹn <b>đoàn công dân gồm {doc.head_count} người</b>, "
                "do những người sau đại diện:",
                sheet[style],
            ),
            *(Paragraph(f"- <b>{esc(person)}</b>", sheet[style]) for person in doc.representatives),
        ]
    else:
        lines = [
            Paragraph(
                f"{esc(doc.letterhead.agency)} hẹn {esc(doc.citizen_salutation)}: <b>{esc(doc.citizen_name)}</b>",
                sheet[style],
            ),
        ]
    if doc.citizen_id_line and not doc.head_count:
        lines.append(text(doc.citizen_id_line, style))
    if doc.citizen_address:
        lines.append(text(f"Địa chỉ: {doc.citizen_address}", style))
    if doc.content_summary:
        lines.append(text(f"Nội dung: {doc.content_summary}", style))
    lines += [
        Paragraph(f"Thời gian: <b>{esc(doc.appointment_text)}</b>", sheet[style]),
        text(f"Địa điểm: {doc.place}", style),
        text(f"Gặp: {doc.with_whom}", style),
    ]
    if doc.note:
        lines.append(text(f"Ghi chú: {doc.note}", style))
    return lines


def _thermal_story(doc: AppointmentDocument) -> list[Flowable]:
    header = thermal_header(
        doc.letterhead,
        title=TITLE,
        subtitle="",
        number_line=f"Số: {doc.number}",
        date_line=doc.date_line,
        confidential=doc.confidential,
    )
    signer = doc.signer
    return [
        *header,
        *_body(doc, "ThermalBody"),
        *thermal_qr(doc.qr_payload, doc.number),
        thermal_signatures((((signer.authority, signer.position), signer.full_name),)),
    ]
