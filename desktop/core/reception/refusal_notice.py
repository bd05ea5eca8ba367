"""The notice refusing to receive a citizen (Thông báo từ chối tiếp công dân, Mẫu 01/TCD).

Law 42/2013 Art. 9 lists when a person may be refused; for a prolonged case (Art. 9(3)) and a
recommendation already answered the head notifies the refusal in writing (Decree 154/2026 Art. 4
[2026-secondary]; Circular 06/2014 Mẫu 01-TCD before). The notice is for a visit recorded as refused:
numbered in the board's TB series, kept, registered; a reprint re-reads the kept PDF
(docs/legal-basis.md#reception-refusal-notice).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import DocumentKind, Outcome
from db.models import IssuedDocument, Visit
from desktop.core.access import Actor
from desktop.core.confidentiality import IdentityWithheldError
from desktop.core.errors import AppError, ConflictError, ValidationError
from desktop.core.formatting import local, long_date, today_local
from desktop.core.i18n import N_, _
from desktop.core.office import OfficeProfile, require_office
from desktop.core.paperwork.frame import NOTICE_SCOPE, LetterText, assemble, board_issuer
from desktop.core.paperwork.issuing import issue_paper, reread
from desktop.core.paperwork.official_numbers import format_number, take_number
from desktop.core.paperwork.salutation import salutation, titled
from desktop.core.permissions import require
from desktop.core.reception.book import VisitDetail, visit_detail
from desktop.core.reception.conclusion_text import DECREE_64, DECREE_154, DECREE_154_FROM, RECEPTION_LAW
from desktop.core.text import number_key
from desktop.core.users import has_accounts

TITLE = "THÔNG BÁO"
SUBTITLE = "Về việc từ chối tiếp công dân"


@dataclass(frozen=True)
class RefusalGround:
    code: str  # "art9.3": how the command line and the GUI name it
    label: str  # the UI's words (translated), to choose it
    article: str  # "khoản 3 Điều 9 Luật Tiếp công dân"
    printed: str  # the ground as the notice prints it (Vietnamese whatever the UI)


# Law 42/2013 Art. 9: the cases in which a person may be refused (docs/legal-basis.md#reception-refusal-notice).
GROUNDS = (
    RefusalGround(
        "art9.1",
        N_("Not in control of their behaviour (drunk, drugged, mentally ill)"),
        "khoản 1 Điều 9 Luật Tiếp công dân",
        "người trong tình trạng say do dùng chất kích thích, người mắc bệnh tâm thần hoặc một bệnh khác làm "
        "mất khả năng nhận thức hoặc khả năng điều khiển hành vi của mình",
    ),
    RefusalGround(
        "art9.2",
        N_("Threatening or insulting, or breaking the rules of the reception place"),
        "khoản 2 Điều 9 Luật Tiếp công dân",
        "người có hành vi đe dọa, xúc phạm cơ quan, tổ chức, đơn vị, người tiếp công dân, người thi hành công "
        "vụ hoặc có hành vi khác vi phạm nội quy nơi tiếp công dân",
    ),
    RefusalGround(
        "art9.3",
        N_("A case already settled, reviewed and answered in writing, pursued again (prolonged)"),
        "khoản 3 Điều 9 Luật Tiếp công dân",
        "người khiếu nại, tố cáo về vụ việc đã giải quyết đúng chính sách, pháp luật, được cơ quan nhà nước có "
        "thẩm quyền kiểm tra, rà soát, thông báo bằng văn bản và đã được tiếp, giải thích, hướng dẫn nhưng vẫn "
        "cố ý khiếu nại, tố cáo kéo dài",
    ),
    RefusalGround(
        "art9.4",
        N_("Another case provided by law (say which in the visit's note)"),
        "khoản 4 Điều 9 Luật Tiếp công dân",
        "trường hợp khác theo quy định của pháp luật",
    ),
)
GROUND_CODES = tuple(ground.code for ground in GROUNDS)
DEFAULT_GROUND = "art9.3"  # the one the law has notified in writing (Law 42/2013 Art. 9(3))


def ground(code: str) -> RefusalGround:
    for item in GROUNDS:
        if item.code == code:
            return item
    raise ValidationError(
        {"ground": _("Choose the ground of the refusal: one of {codes}.").format(codes=", ".join(GROUND_CODES))}
    )


@dataclass(frozen=True)
class IssuedRefusal:
    number: str  # "03/TB-BTCD"
    path: Path
    sha256: str
    pdf: bytes
    reprint: bool


def find_refusal_notice(session: Session, serial: str) -> IssuedDocument | None:
    """The refusal notice already issued for the visit ``serial`` (or with that official number)."""
    key = number_key(serial)
    visit_id = session.scalar(select(Visit.id).where(Visit.serial == key))
    condition = IssuedDocument.visit_id == visit_id if visit_id is not None else IssuedDocument.number == key
    return session.scalar(
        select(IssuedDocument).where(IssuedDocument.kind == DocumentKind.RECEPTION_REFUSAL, condition).limit(1)
    )


def print_reception_refusal(
    session: Session,
    serial: str,
    *,
    data_dir: Path,
    actor: Actor,
    ground_code: str = DEFAULT_GROUND,
    today: dt.date | None = None,
) -> IssuedRefusal:
    """Reprint the kept notice of a refused visit, or issue it now (numbered, kept, registered).

    Refused (nothing written) for a visit not recorded as refused, and for a denouncer's visit
    printed by a user not assigned to it (the notice names the person refused).
    """
    existing = find_refusal_notice(session, serial)
    if existing is not None:
        visit = visit_detail(session, _serial_of(session, existing), actor=actor, how="print")
        _refuse_cancelled(visit)
        if visit.identity_masked:
            raise IdentityWithheldError(existing.number)
        kept = reread(existing, data_dir=data_dir)
        return IssuedRefusal(kept.number, kept.path, kept.sha256, kept.pdf, reprint=True)
    if has_accounts(session):
        require(actor, "visit.record")
    chosen = ground(ground_code)
    visit = visit_detail(session, serial, actor=actor, how="print")
    _refuse_cancelled(visit)
    if visit.outcome != Outcome.REFUSE:
        raise AppError(
            _(
                "Visit {serial} was not refused: a notice refusing to receive the citizen is issued only for a visit "
                "recorded as refused."
            ).format(serial=visit.serial)
        )
    if visit.identity_masked:
        raise IdentityWithheldError(visit.serial)
    from desktop.documents.letter import render_letter

    today = today or today_local()
    office = require_office(session)
    issuer = board_issuer(office)  # refused before a number is taken when the board has no signer
    number = format_number(take_number(session, NOTICE_SCOPE, today.year), NOTICE_SCOPE, office.number_symbol)
    document = assemble(
        refusal_text(visit, chosen, office, today=today),
        office,
        number=number,
        day=today,
        qr_payload=visit.serial,
        confidential=visit.names_denouncer,
        issuer=issuer,
    )
    issued = issue_paper(
        session,
        render_letter(document),
        data_dir=data_dir,
        file_name=Path("documents") / str(today.year) / "letters" / f"reception-refusal-{number.replace('/', '-')}.pdf",
        kind=DocumentKind.RECEPTION_REFUSAL,
        number=number,
        visit_id=visit.id,
        title=document.subtitle,
        recipient=", ".join(document.recipients),
        signer_name=document.signer.full_name,
        replace=False,
    )
    return IssuedRefusal(number, issued.path, issued.sha256, issued.pdf, reprint=False)


def _refuse_cancelled(visit: VisitDetail) -> None:
    """A cancelled visit's refusal notice is not printed again (docs/corrections.md)."""
    if visit.cancelled:
        raise ConflictError(
            _("Visit {serial} was cancelled ({reason}): its refusal notice is not printed again.").format(
                serial=visit.serial, reason=visit.cancelled
            )
        )


def _serial_of(session: Session, document: IssuedDocument) -> str:
    return session.scalar(select(Visit.serial).where(Visit.id == document.visit_id)) or document.number


def refusal_text(visit: VisitDetail, chosen: RefusalGround, office: OfficeProfile, *, today: dt.date) -> LetterText:
    """The wording of the notice: who came, what they came about, the ground with its article."""
    person = visit.main if visit.participants else None
    you = salutation(person.sex if person else None)
    name = person.full_name if person else ""
    who = f"{you} {name}" if name else "công dân"
    if person and person.address:
        who += f", địa chỉ: {person.address}"
    day = local(visit.received_at).date()
    body = [
        f"{long_date(day).capitalize()}, {office.agency_name} tiếp {who} đến trình bày nội "
        f"dung: {visit.content_summary.rstrip('. ')}.",
        f"Căn cứ {chosen.article}, {office.agency_name} từ chối tiếp {you} vì lý do: {chosen.printed}.",
    ]
    if visit.outcome_note.strip():
        body.append(f"Cụ thể: {visit.outcome_note.strip().rstrip('.')}.")
    body.append(f"{office.agency_name} thông báo để {you} biết./.")
    recipients = (titled(person.sex if person else None, name),) if name else ("Công dân",)
    return LetterText(
        TITLE,
        SUBTITLE,
        "",
        recipients,
        (RECEPTION_LAW, DECREE_154 if today >= DECREE_154_FROM else DECREE_64),
        tuple(body),
        ("- Như trên;", f"- Lưu: VT, {office.number_symbol}."),
    )
