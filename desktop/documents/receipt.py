"""Giấy biên nhận thông tin, tài liệu, bằng chứng (Mẫu 02/TCD): A4 page or 80 mm slip."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop.documents.fonts import BOLD, REGULAR
from desktop.documents.layout import (
    FRAME_WIDTH,
    build_a4,
    confidential_mark,
    letterhead_block,
    signature_cell,
    title_block,
    two_signatures,
)
from desktop.documents.markup import esc, nfc_fields, para, text
from desktop.documents.model import ReceiptDocument, ReceivedItem
from desktop.documents.styles import stylesheet
from desktop.documents.thermal import build_thermal, thermal_header, thermal_qr, thermal_signatures

TITLE = "GIẤY BIÊN NHẬN"
SUBTITLE = "Thông tin, tài liệu, bằng chứng"
ITEM_HEADERS = ("STT", "Tên thông tin, tài liệu, bằng chứng", "Số\ntrang", "Tình trạng")
_FIXED_COLUMNS = (12 * mm, 17 * mm, 44 * mm)
ITEM_WIDTHS = (
    _FIXED_COLUMNS[0],
    FRAME_WIDTH - sum(_FIXED_COLUMNS),
    _FIXED_COLUMNS[1],
    _FIXED_COLUMNS[2],
)
PROVIDER = "NGƯỜI CUNG CẤP"
RECEIVER = "NGƯỜI NHẬN"
SIGN_HINT = "(Ký, ghi rõ họ tên)"

CELL_SIZE = 12
CELL_LEADING = 14
CELL_PADDING = 4
_ITEM_TABLE_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, 0), BOLD, CELL_SIZE, CELL_LEADING),
        ("FONT", (0, 1), (-1, -1), REGULAR, CELL_SIZE, CELL_LEADING),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("ALIGN", (1, 1), (1, -1), "LEFT"),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
)


def render_receipt(doc: ReceiptDocument, *, thermal: bool = False) -> bytes:
    """The receipt as PDF bytes: a Decree 30/2020 A4 page, or a slip for an 80 mm roll printer."""
    doc = nfc_fields(doc)
    if not doc.items:  # desktop.core refuses such a receipt first; never print an empty list
        raise ValueError("a receipt lists at least one document received")
    title = f"Giấy biên nhận {doc.number}"
    if thermal:
        return build_thermal(_thermal_story(doc), title=title, author=doc.letterhead.agency)
    return build_a4(_a4_story(doc), title=title, author=doc.letterhead.agency)


def copies_sentence(copies: int) -> str:
    """The closing sentence on how many copies exist and who keeps one."""
    if copies <= 1:
        return "Giấy biên nhận này được lập thành 01 bản, giao người cung cấp giữ."
    if copies == 2:
        return "Giấy biên nhận này được lập thành 02 bản, mỗi bên giữ 01 bản."
    return f"Giấy biên nhận này được lập thành {copies:02d} bản, người cung cấp giữ 01 bản."


def _a4_story(doc: ReceiptDocument) -> list[Flowable]:
    closing = [text(copies_sentence(doc.copies), "Body"), Spacer(1, 4 * mm), _signatures(doc)]
    return [
        *letterhead_block(
            doc.letterhead,
            number_line=f"Số: {doc.number}",
            date_line=doc.date_line,
            under_number=confidential_mark(doc.confidential),
        ),
        Spacer(1, 8 * mm),
        title_block(TITLE, SUBTITLE, qr_payload=doc.qr_payload, qr_caption=doc.number),
        Spacer(1, 5 * mm),
        *_party_lines(doc, "Body"),
        *_item_table(doc),
        KeepTogether(closing),
    ]


def _party_lines(doc: ReceiptDocument, style: str) -> list[Flowable]:
    sheet = stylesheet()
    receiver = f"Tôi là: <b>{esc(doc.receiver_name)}</b>"
    if doc.receiver_position:
        receiver += f", chức vụ: {esc(doc.receiver_position)}"
    lines: list[Flowable] = [
        text(doc.received_at_text, style),
        Paragraph(receiver, sheet[style]),
        Paragraph(f"Đã nhận của {esc(doc.provider_salutation)}: <b>{esc(doc.provider_name)}</b>", sheet[style]),
    ]
    if doc.provider_id_line:
        lines.append(text(doc.provider_id_line, style))
    if doc.provider_address:
        lines.append(text(f"Địa chỉ: {doc.provider_address}", style))
    lines.append(text("Các thông tin, tài liệu, bằng chứng sau:", style))
    return lines


def _item_table(doc: ReceiptDocument) -> list[Flowable]:
    # Plain multi-line strings, wrapped here, are far cheaper cells than Paragraphs.
    rows: list[list[str]] = [list(ITEM_HEADERS)]
    for index, item in enumerate(doc.items, start=1):
        rows.append([str(index), _cell(item.name, 1), _cell(item.pages, 2), _cell(item.state, 3)])
    table = Table(rows, colWidths=list(ITEM_WIDTHS), repeatRows=1)
    table.setStyle(_ITEM_TABLE_STYLE)
    return [table, Spacer(1, 3 * mm)]


def _cell(value: str, column: int) -> str:
    width = ITEM_WIDTHS[column] - 2 * CELL_PADDING
    return "\n".join(simpleSplit(value, REGULAR, CELL_SIZE, width))


def _signatures(doc: ReceiptDocument) -> Flowable:
    return two_signatures(
        signature_cell((PROVIDER,), doc.provider_name, hint=SIGN_HINT),
        signature_cell((RECEIVER,), doc.receiver_name, hint=SIGN_HINT),
    )


def _thermal_story(doc: ReceiptDocument) -> list[Flowable]:
    header = thermal_header(
        doc.letterhead,
        title=TITLE,
        subtitle=SUBTITLE,
        number_line=f"Số: {doc.number}",
        date_line=doc.date_line,
        confidential=doc.confidential,
    )
    items = [para(_item_line(index, item), "ThermalItem") for index, item in enumerate(doc.items, start=1)]
    return [
        *header,
        *_party_lines(doc, "ThermalBody"),
        *items,
        Spacer(1, 1 * mm),
        text(copies_sentence(doc.copies), "ThermalBody"),
        *thermal_qr(doc.qr_payload, doc.number),
        thermal_signatures((((PROVIDER,), doc.provider_name), ((RECEIVER,), doc.receiver_name))),
    ]


def _item_line(index: int, item: ReceivedItem) -> str:
    details = ", ".join(part for part in (f"{item.pages} trang" if item.pages else "", item.state) if part)
    return f"{index}. {item.name} ({details})" if details else f"{index}. {item.name}"
