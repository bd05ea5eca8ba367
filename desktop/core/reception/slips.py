"""The slips a citizen takes home: prepared from the visit, rendered, kept and recorded."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import Classification, DocumentKind, IdType, Outcome
from db.models import Visit
from desktop.core.access import Actor
from desktop.core.errors import AppError, ConflictError
from desktop.core.formatting import date_line, local, long_date, short_date, time_of_day
from desktop.core.i18n import _
from desktop.core.labels import FORM_LABELS
from desktop.core.office import OfficeProfile, get_setting, require_office, set_setting
from desktop.core.paperwork.frame import letterhead, printed_signer
from desktop.core.paperwork.issuing import issue_paper
from desktop.core.paperwork.salutation import salutation, titled
from desktop.core.reception.book import ParticipantView, VisitDetail, visit_detail
from desktop.core.settings_keys import Setting
from desktop.core.text import number_key
from desktop.core.users import require_office_setting
from desktop.documents.model import (
    AppointmentDocument,
    Letterhead,
    ReceiptDocument,
    ReceivedItem,
    Signer,
)

# How many copies a receipt is made in (docs/legal-basis.md#receipt): Circular 06/2014 Art. 12(2)
# for a complaint (one for the complainant, one for the file), Art. 20 for a denunciation (the
# denouncer, the file and the receiving officer). Recommendations follow the complaint rule.
RECEIPT_COPIES = 2
DENUNCIATION_RECEIPT_COPIES = 3


def receipt_copies(classification: Classification) -> int:
    return DENUNCIATION_RECEIPT_COPIES if classification == Classification.DENUNCIATION else RECEIPT_COPIES


@dataclass(frozen=True)
class IssuedSlip:
    kind: DocumentKind
    number: str
    path: Path
    sha256: str
    pdf: bytes


def slip_kinds(visit: VisitDetail) -> list[DocumentKind]:
    """The receipt when papers were handed in, the appointment slip for an appointment; maybe none."""
    kinds = []
    if has_receipt(visit):
        kinds.append(DocumentKind.RECEIPT)
    if has_appointment_slip(visit):
        kinds.append(DocumentKind.APPOINTMENT)
    return kinds


def has_receipt(visit: VisitDetail) -> bool:
    """A receipt lists what was handed in: with nothing received there is nothing to give one for."""
    return bool(visit.documents)


def has_appointment_slip(visit: VisitDetail) -> bool:
    """An appointment slip exists only for a visit that ended with a dated appointment."""
    return visit.outcome == Outcome.APPOINTMENT and visit.appointment_at is not None


def id_line(person: ParticipantView) -> str:
    """ "Số định danh cá nhân/CCCD: 089185000123, cấp ngày 01/02/2021, nơi cấp: ..." or ""."""
    if person.id_type == IdType.NONE or not person.id_number:
        return ""
    parts = [f"{FORM_LABELS[person.id_type]}: {person.id_number}"]
    if person.id_issue_date:
        parts.append(f"cấp ngày {short_date(person.id_issue_date)}")
    if person.id_issue_place:
        parts.append(f"nơi cấp: {person.id_issue_place}")
    return ", ".join(parts)


def prepare_receipt(visit: VisitDetail, office: OfficeProfile) -> ReceiptDocument:
    """The receipt of the documents handed in; AppError when none was."""
    if not has_receipt(visit):
        raise AppError(
            _("No document was handed in at visit {number}, so there is no receipt to print.").format(
                number=visit.serial
            )
        )
    moment = local(visit.received_at)
    place = office.reception_place or office.agency_name
    return ReceiptDocument(
        letterhead=letterhead(office),
        number=visit.serial,
        date_line=date_line(office.place_name, moment.date()),
        received_at_text=f"Vào {time_of_day(moment)}, {long_date(moment.date())}, tại {place}.",
        receiver_name=visit.receptionist_name or "",
        receiver_position="Cán bộ tiếp công dân",
        provider_name=visit.main.full_name,
        provider_id_line=id_line(visit.main),
        provider_address=visit.main.address,
        items=tuple(ReceivedItem(d.name, str(d.pages), FORM_LABELS[d.copy_kind]) for d in visit.documents),
        copies=receipt_copies(visit.classification),
        qr_payload=visit.serial,
        confidential=visit.names_denouncer,
        provider_salutation=salutation(visit.main.sex),
    )


def prepare_appointment(visit: VisitDetail, office: OfficeProfile) -> AppointmentDocument:
    if visit.outcome != Outcome.APPOINTMENT or visit.appointment_at is None:
        raise AppError(_("Visit {number} has no appointment.").format(number=visit.serial))
    moment = local(visit.appointment_at)
    return AppointmentDocument(
        letterhead=letterhead(office),
        number=visit.serial,
        date_line=date_line(office.place_name, local(visit.received_at).date()),
        citizen_name=visit.main.full_name,
        citizen_id_line=id_line(visit.main),
        citizen_address=visit.main.address,
        content_summary=visit.content_summary,
        appointment_text=f"{time_of_day(moment)}, {long_date(moment.date())}",
        place=visit.appointment_place,
        with_whom=visit.appointment_with,
        note=visit.outcome_note,
        signer=printed_signer(office),
        qr_payload=visit.serial,
        confidential=visit.names_denouncer,
        citizen_salutation=salutation(visit.main.sex),
        head_count=visit.head_count if visit.is_delegation else 0,
        representatives=_representatives(visit) if visit.is_delegation else (),
    )


def _representatives(visit: VisitDetail) -> tuple[str, ...]:
    """A delegation's representatives as the slip names them (every person given, when none is marked)."""
    chosen = [p for p in visit.participants if p.is_representative] or list(visit.participants)
    return tuple(titled(p.sex, p.full_name) for p in chosen)


def prints_thermal(session: Session) -> bool:
    """True when this desk prints its slips on an 80 mm receipt printer."""
    return get_setting(session, Setting.SLIP_LAYOUT) == "thermal"


def set_thermal(session: Session, thermal: bool, *, actor: Actor) -> None:
    require_office_setting(session, actor)
    set_setting(session, Setting.SLIP_LAYOUT, "thermal" if thermal else "a4")


def render_slip(session: Session, kind: DocumentKind, serial: str, *, actor: Actor, thermal: bool = False) -> bytes:
    """The PDF of a slip as ``actor`` may see it, without recording it."""
    visit = visit_detail(session, serial, actor=actor, how="print")
    _refuse_cancelled(visit)
    return _render(kind, visit, require_office(session), thermal=thermal)


def _refuse_cancelled(visit: VisitDetail) -> None:
    """A cancelled visit's slips are never issued again (docs/corrections.md); a corrected one's show the correction."""
    if visit.cancelled:
        raise ConflictError(
            _("Visit {serial} was cancelled ({reason}): its slips are not printed again.").format(
                serial=visit.serial, reason=visit.cancelled
            )
        )


def issue_slip(
    session: Session,
    kind: DocumentKind,
    serial: str,
    *,
    data_dir: Path,
    actor: Actor,
    thermal: bool = False,
    now: dt.datetime | None = None,
) -> IssuedSlip:
    """Render a slip as ``actor`` may see it, keep its PDF in the data folder and record it as issued.

    A denouncer's slip printed by a user not assigned to the denunciation masks them; printed by
    one who is, it names them under the "MẬT" mark.
    """
    visit = visit_detail(session, serial, actor=actor, how="print")
    _refuse_cancelled(visit)
    pdf = _render(kind, visit, require_office(session), thermal=thermal)
    layout = "thermal" if thermal else "a4"
    issued = issue_paper(
        session,
        pdf,
        data_dir=data_dir,
        file_name=Path("documents") / str(visit.received_at.year) / f"{visit.serial}-{kind.value}-{layout}.pdf",
        kind=kind,
        number=visit.serial,
        visit_id=visit.id,
        layout=layout,
        issued_at=now,
    )
    return IssuedSlip(kind=kind, number=issued.number, path=issued.path, sha256=issued.sha256, pdf=issued.pdf)


def _render(kind: DocumentKind, visit: VisitDetail, office: OfficeProfile, *, thermal: bool) -> bytes:
    from desktop.documents.appointment import render_appointment
    from desktop.documents.receipt import render_receipt

    if kind == DocumentKind.RECEIPT:
        return render_receipt(prepare_receipt(visit, office), thermal=thermal)
    return render_appointment(prepare_appointment(visit, office), thermal=thermal)


# A sample made of no one's data: rendered once and thrown away, it loads what the first real slip needs.
_SAMPLE_HEAD = Letterhead("ỦY BAN NHÂN DÂN TỈNH MẪU", "BAN TIẾP CÔNG DÂN", "Mẫu")
_SAMPLE_RECEIPT = ReceiptDocument(
    letterhead=_SAMPLE_HEAD,
    number="D00-2000-000000",
    date_line="Mẫu, ngày 01 tháng 01 năm 2000",
    received_at_text="Vào 08 giờ 00 phút, ngày 01 tháng 01 năm 2000, tại Trụ sở Tiếp công dân.",
    receiver_name="Cán bộ mẫu",
    receiver_position="Cán bộ tiếp công dân",
    provider_name="Công dân mẫu",
    provider_id_line="Số định danh cá nhân/CCCD: 000000000000",
    provider_address="Địa chỉ mẫu",
    items=(ReceivedItem("Đơn mẫu", "1", "Bản chính"),),
    copies=RECEIPT_COPIES,
    qr_payload="D00-2000-000000",
)
_SAMPLE_APPOINTMENT = AppointmentDocument(
    letterhead=_SAMPLE_HEAD,
    number="D00-2000-000000",
    date_line="Mẫu, ngày 01 tháng 01 năm 2000",
    citizen_name="Công dân mẫu",
    citizen_id_line="",
    citizen_address="Địa chỉ mẫu",
    content_summary="Nội dung mẫu",
    appointment_text="08 giờ 00 phút, ngày 02 tháng 01 năm 2000",
    place="Trụ sở Tiếp công dân",
    with_whom="Cán bộ mẫu",
    note="",
    signer=Signer("", "TRƯỞNG BAN", "Cán bộ mẫu"),
    qr_payload="D00-2000-000000",
)


def warm_up_slips() -> None:
    """Load what the first slip of a session needs: ReportLab, the embedded fonts, the receipt's and the
    appointment slip's layouts (A4 and 80 mm) and the QR encoder, by rendering a sample of each that is
    thrown away (docs/platform.md#start-up-speed). Touches neither Qt nor the database: a worker thread
    may run it."""
    for thermal in (False, True):
        _render_document(_SAMPLE_RECEIPT, thermal=thermal)
        _render_document(_SAMPLE_APPOINTMENT, thermal=thermal)


def _render_document(doc: ReceiptDocument | AppointmentDocument, *, thermal: bool) -> bytes:
    from desktop.documents.appointment import render_appointment
    from desktop.documents.receipt import render_receipt

    if isinstance(doc, ReceiptDocument):
        return render_receipt(doc, thermal=thermal)
    return render_appointment(doc, thermal=thermal)


_SLIP_QR = re.compile(r"[A-Z0-9]{1,10}-[0-9]{4}-[0-9]{6}")  # what qr_payload holds: visit_serial()


def looks_like_slip_qr(text: str) -> bool:
    """The QR of a receipt or an appointment slip holds the visit serial, D01-2026-000123."""
    return bool(_SLIP_QR.fullmatch(number_key(text)))


def slip_visit(session: Session, text: str) -> str | None:
    """The serial of the visit a scanned slip names, None when this desk knows no such visit."""
    serial = number_key(text)
    return session.scalar(select(Visit.serial).where(Visit.serial == serial)) if looks_like_slip_qr(serial) else None
