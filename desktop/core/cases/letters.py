"""Official letters of each handling step: prepared in Vietnamese, numbered, kept, registered."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import CaseEventKind, DocumentKind, PetitionDecision, PetitionKind
from db.models import CaseFile, IssuedDocument, Petition
from desktop.core.access import Actor
from desktop.core.cases.case_files import append_event, read_case, require_case
from desktop.core.cases.letter_texts import LETTER_TYPES, LetterContext, build_letter, names_sender
from desktop.core.cases.petitions import PetitionView, read_petition, require_petition
from desktop.core.confidentiality import IdentityWithheldError, Viewer, identity_read
from desktop.core.errors import AppError, NotFoundError
from desktop.core.formatting import long_date, today_local
from desktop.core.i18n import _
from desktop.core.office import OfficeProfile, require_office
from desktop.core.paperwork.frame import assemble
from desktop.core.paperwork.issuing import issue_paper, reread
from desktop.core.paperwork.official_numbers import format_number, take_number
from desktop.core.text import number_key
from desktop.documents.model import LetterDocument

# Which petition decision each letter belongs to (the reply belongs to a case that owes it).
_DECISION_OF = {
    DocumentKind.GUIDANCE: {PetitionDecision.GUIDE},
    DocumentKind.TRANSFER: {PetitionDecision.TRANSFER},
    DocumentKind.PROPOSAL: {PetitionDecision.PROPOSE, PetitionDecision.ACCEPT},
    DocumentKind.ACCEPTANCE: {PetitionDecision.ACCEPT},
    DocumentKind.REFUSAL: {PetitionDecision.REFUSE},
}
LETTER_KINDS = (*_DECISION_OF, DocumentKind.REPLY)


def letter_kinds_for(decision: PetitionDecision | None) -> tuple[DocumentKind, ...]:
    """The letters a petition decision calls for (an acceptance: the proposal and the notice)."""
    return tuple(kind for kind, decisions in _DECISION_OF.items() if decision in decisions)


@dataclass(frozen=True)
class IssuedLetter:
    kind: DocumentKind
    number: str  # "15/TB-BTCD"
    record: str  # the petition or case it belongs to
    path: Path
    sha256: str
    pdf: bytes
    reprint: bool


def find_letter(session: Session, kind: DocumentKind, reference: str) -> IssuedDocument | None:
    """The letter of ``kind`` already issued for a petition/case number, or with that official number."""
    reference = number_key(reference)
    petition_id = session.scalar(select(Petition.id).where(Petition.number == reference))
    case_id = session.scalar(select(CaseFile.id).where(CaseFile.number == reference))
    condition = IssuedDocument.number == reference
    if petition_id is not None:
        condition = IssuedDocument.petition_id == petition_id
    elif case_id is not None:
        condition = IssuedDocument.case_id == case_id
    return session.scalar(
        select(IssuedDocument)
        .where(IssuedDocument.kind == kind, condition)
        .order_by(IssuedDocument.issued_at.desc())
        .limit(1)
    )


def print_letter(
    session: Session,
    kind: DocumentKind,
    reference: str,
    *,
    data_dir: Path,
    viewer: Actor,
    today: dt.date | None = None,
    actor: str = "",
) -> IssuedLetter:
    """Reprint the kept letter (identical bytes), or issue it now when its step has been decided.

    A letter that names a denouncer is printed only for ``viewer`` assigned to the denunciation
    (IdentityWithheldError otherwise, nothing written); each such print is an identity read.
    """
    existing = find_letter(session, kind, reference)
    if existing is not None:
        petition = _petition_of(session, existing)
        _may_print(session, viewer, kind, read_petition(session, petition.number), existing.number)
        kept = reread(existing, data_dir=data_dir)
        return IssuedLetter(kind, kept.number, reference, kept.path, kept.sha256, kept.pdf, reprint=True)
    return issue_letter(session, kind, reference, data_dir=data_dir, viewer=viewer, today=today, actor=actor)


def _petition_of(session: Session, document: IssuedDocument) -> Petition:
    petition_id = document.petition_id
    if petition_id is None and document.case_id is not None:
        petition_id = session.scalar(select(CaseFile.petition_id).where(CaseFile.id == document.case_id))
    petition = session.get(Petition, petition_id) if petition_id is not None else None
    if petition is None:
        raise NotFoundError(_("No petition has the number {number}.").format(number=document.number))
    return petition


def _may_print(session: Session, viewer: Actor, kind: DocumentKind, petition: PetitionView, number: str) -> None:
    """Refuse a letter naming a denouncer to a viewer not assigned; record the read of one who is."""
    if not names_sender(kind, petition):
        return
    if not Viewer(session, viewer).sees_petition(petition.id, True):
        raise IdentityWithheldError(number or petition.number)
    identity_read(session, viewer, petition.id, "print")


def issue_letter(
    session: Session,
    kind: DocumentKind,
    reference: str,
    *,
    data_dir: Path,
    viewer: Actor,
    today: dt.date | None = None,
    actor: str = "",
) -> IssuedLetter:
    """Number, render and keep a letter; raises NumberUnavailableError (nothing written) offline.

    IdentityWithheldError (nothing written) when the letter names a denouncer and ``viewer`` is
    not assigned to the denunciation.
    """
    from desktop.documents.letter import render_letter

    today = today or today_local()
    office = require_office(session)
    context = _context(session, kind, reference, office, today)
    _may_print(session, viewer, kind, context.petition, "")
    scope = LETTER_TYPES[kind].scope
    number = format_number(take_number(session, scope, today.year), scope, office.number_symbol)
    document = _document(context, number, office, today)
    document_id = uuid.uuid4()
    # The record's id in the name: a kept letter is never replaced, whatever its number.
    name = f"{kind.value}-{number.replace('/', '-')}-{document_id.hex[:8]}.pdf"
    issued = issue_paper(
        session,
        render_letter(document),
        data_dir=data_dir,
        file_name=Path("documents") / str(today.year) / "letters" / name,
        kind=kind,
        number=number,
        petition_id=context.petition_id,
        case_id=context.case_id,
        title=document.subtitle or document.summary_line,
        recipient=", ".join(document.recipients),
        signer_name=document.signer.full_name,
        document_id=document_id,
        replace=False,
    )
    if kind == DocumentKind.REPLY:
        append_event(
            session,
            context.case_number,
            CaseEventKind.REPORTED_BACK,
            occurred_on=today,
            actor=actor,
            note=number,
            document_id=issued.id,
            today=today,
        )
    return IssuedLetter(kind, number, reference, issued.path, issued.sha256, issued.pdf, reprint=False)


def _context(
    session: Session, kind: DocumentKind, reference: str, office: OfficeProfile, today: dt.date
) -> LetterContext:
    reference = number_key(reference)
    case = session.scalar(select(CaseFile).where(CaseFile.number == reference))
    petition = require_petition(session, case.petition.number if case else reference)
    if kind == DocumentKind.REPLY:
        case = case or session.scalar(select(CaseFile).where(CaseFile.petition_id == petition.id))
        if case is None:
            raise NotFoundError(_("No case has the number {number}.").format(number=reference))
        view = read_case(session, case.number)
        if view.state != "awaiting_report":
            raise AppError(
                _("Case {number} does not owe a report to a transferring body now.").format(number=case.number)
            )
    elif petition.decision not in _DECISION_OF[kind]:
        raise AppError(
            _("Petition {number} has no decision that calls for this letter.").format(number=petition.number)
        )
    if case is None and kind == DocumentKind.ACCEPTANCE:
        case = session.scalar(select(CaseFile).where(CaseFile.petition_id == petition.id))
    return LetterContext(
        kind=kind,
        petition=read_petition(session, petition.number),
        case_number=case.number if case else "",
        case_id=case.id if case else None,
        petition_id=petition.id,
        case_outcome=_case_outcome(session, case) if kind == DocumentKind.REPLY and case else "",
        agency=office.agency_name,
        # A petition with several contents may hold a denunciation: keep its senders secret too.
        is_denunciation=petition.kind in (PetitionKind.DENUNCIATION, PetitionKind.MULTIPLE),
        today=today,
    )


def _case_outcome(session: Session, case: CaseFile) -> str:
    events = require_case(session, case.number).events
    closing = [e for e in events if e.kind not in (CaseEventKind.NOTE, CaseEventKind.REPORTED_BACK)]
    last = closing[-1] if closing else None
    if last is None:
        return ""
    return f"{last.note or last.kind.value} ({long_date(last.occurred_on)})"


def _document(context: LetterContext, number: str, office: OfficeProfile, today: dt.date) -> LetterDocument:
    return assemble(
        build_letter(context, office),
        office,
        number=number,
        day=today,
        qr_payload=context.case_number or context.petition.number,
        confidential=context.is_denunciation,
    )
