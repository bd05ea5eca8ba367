"""Official letters of each handling step: prepared in Vietnamese, numbered, kept, registered."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.enums import CaseEventKind, DocumentKind, PetitionDecision, PetitionKind
from db.models import CaseFile, Citizen, IssuedDocument, Petition, PetitionSender
from desktop.core import bounds
from desktop.core.access import Actor
from desktop.core.cases.case_files import append_event, read_case, require_case
from desktop.core.cases.grounds import ground_of
from desktop.core.cases.letter_texts import (
    LETTER_TYPES,
    AcceptanceDecision,
    Denounced,
    IssuedBy,
    LetterContext,
    build_letter,
    names_sender,
)
from desktop.core.cases.petitions import PetitionView, read_petition, require_petition
from desktop.core.confidentiality import IdentityWithheldError, Viewer, identity_read
from desktop.core.errors import AppError, ConflictError, NotFoundError, ValidationError
from desktop.core.formatting import local, short_date, today_local
from desktop.core.i18n import _
from desktop.core.office import OfficeProfile, require_office
from desktop.core.paperwork.frame import Issuer, assemble, authority_issuer, board_issuer
from desktop.core.paperwork.issuing import issue_paper, reread
from desktop.core.paperwork.official_numbers import authority_scope, blank_number, format_number, take_number
from desktop.core.permissions import require, require_assigned
from desktop.core.reception.corrections import cancellation_reasons
from desktop.core.reception.validation import normalise_phone
from desktop.core.text import ascii_digits, clean, number_key, search_key
from desktop.core.users import has_accounts
from desktop.documents.model import LetterDocument

# Which petition decision each letter belongs to (the reply belongs to a case that owes it).
_DECISION_OF = {
    DocumentKind.GUIDANCE: {PetitionDecision.GUIDE},
    DocumentKind.TRANSFER: {PetitionDecision.TRANSFER},
    DocumentKind.PROPOSAL: {PetitionDecision.PROPOSE, PetitionDecision.ACCEPT},
    DocumentKind.ACCEPTANCE_DECISION: {PetitionDecision.ACCEPT},
    DocumentKind.ACCEPTANCE: {PetitionDecision.ACCEPT},
    DocumentKind.REFUSAL: {PetitionDecision.REFUSE},
    DocumentKind.DENOUNCER_NOTICE: {PetitionDecision.ACCEPT},
    DocumentKind.DENOUNCED_NOTICE: {PetitionDecision.ACCEPT},
}
# Letters of a case step rather than of the petition's decision.
CASE_STEP_LETTERS = (DocumentKind.REPLY, DocumentKind.EXTENSION_DECISION)
LETTER_KINDS = (*_DECISION_OF, *CASE_STEP_LETTERS)


# Letters only a denunciation has: its acceptance is a decision, then a notice to the denouncer and one
# to the person denounced (Law 25/2018 Art. 29; Decree 31/2019 Mẫu 04, 05, 06).
DENUNCIATION_ONLY = frozenset(
    {
        DocumentKind.ACCEPTANCE_DECISION,
        DocumentKind.EXTENSION_DECISION,
        DocumentKind.DENOUNCER_NOTICE,
        DocumentKind.DENOUNCED_NOTICE,
    }
)
# The notices that quote the acceptance decision, issued only once it is.
AFTER_DECISION = frozenset({DocumentKind.DENOUNCER_NOTICE, DocumentKind.DENOUNCED_NOTICE})
DECISIONS = frozenset({DocumentKind.ACCEPTANCE_DECISION, DocumentKind.EXTENSION_DECISION})  # the head's own


def letter_kinds_for(decision: PetitionDecision | None, kind: PetitionKind | None = None) -> tuple[DocumentKind, ...]:
    """The letters a petition decision calls for (an acceptance: the proposal, for a denunciation the
    acceptance decision, and the notice)."""
    denunciation = kind == PetitionKind.DENUNCIATION
    return tuple(
        letter
        for letter, decisions in _DECISION_OF.items()
        if decision in decisions
        and (letter not in DENUNCIATION_ONLY or denunciation)
        # a denunciation's acceptance is told by the notice to the denouncer (Mẫu 05) instead
        and not (letter == DocumentKind.ACCEPTANCE and denunciation)
    )


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
    denounced: Denounced | None = None,
) -> IssuedLetter:
    """Reprint the kept letter (identical bytes), or issue it now when its step has been decided.

    ``denounced``: who the notice to the person denounced is addressed to (only that notice, when first
    issued; the petition does not record who is denounced).

    A cancelled letter is never printed again: asked for by its number, it is refused; asked for by
    its petition or case, a new letter is issued with a new number, as the record now stands.

    A letter that names a denouncer is printed only for ``viewer`` assigned to the denunciation
    (IdentityWithheldError otherwise, nothing written); each such print is an identity read.
    """
    existing = find_letter(session, kind, reference)
    if existing is not None and kind == DocumentKind.EXTENSION_DECISION and _extension_owed(session, reference):
        existing = None  # a second extension (Law 25/2018 Art. 30(3)) has a decision of its own
    if existing is not None and (cancelled := cancellation_reasons(session, "issued_document", [existing.id])):
        if number_key(reference) == existing.number:  # asked for by its own number: it is not printed again
            raise ConflictError(
                _("Letter {number} was cancelled ({reason}): it is not printed again.").format(
                    number=existing.number, reason=cancelled[existing.id]
                )
            )
        existing = None  # the petition's letter of that kind is issued anew, as the record now stands
    if existing is not None:
        petition = _petition_of(session, existing)
        _may_print(session, viewer, kind, read_petition(session, petition.number), existing.number)
        kept = reread(existing, data_dir=data_dir)
        return IssuedLetter(kind, kept.number, reference, kept.path, kept.sha256, kept.pdf, reprint=True)
    return issue_letter(
        session, kind, reference, data_dir=data_dir, viewer=viewer, today=today, actor=actor, denounced=denounced
    )


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


def _may_issue(session: Session, viewer: Actor, context: LetterContext) -> None:
    """Issuing numbers a letter in the office's name (a reply records a step): "petition.handle", and a
    handler only on a case assigned to them. A desk nobody can sign in to yet has no users to check."""
    if not has_accounts(session):
        return
    require(viewer, "petition.handle")
    if context.case_id is not None:
        require_assigned(viewer, session.scalar(select(CaseFile.handler_id).where(CaseFile.id == context.case_id)))


def issue_letter(
    session: Session,
    kind: DocumentKind,
    reference: str,
    *,
    data_dir: Path,
    viewer: Actor,
    today: dt.date | None = None,
    actor: str = "",
    denounced: Denounced | None = None,
) -> IssuedLetter:
    """Number, render and keep a letter; raises NumberUnavailableError (nothing written) offline.

    IdentityWithheldError (nothing written) when the letter names a denouncer and ``viewer`` is
    not assigned to the denunciation; PermissionDeniedError when ``viewer`` may not handle it.
    """
    from desktop.documents.letter import render_letter

    today = today or today_local()
    office = require_office(session)
    issuer = issuer_of(kind, office)
    context = _context(session, kind, reference, office=office, today=today, issuer=issuer)
    if kind == DocumentKind.DENOUNCED_NOTICE:
        context = replace(context, denounced=_checked_denounced(denounced, context))
    _may_issue(session, viewer, context)
    _may_print(session, viewer, kind, context.petition, "")
    number = _number(session, kind, issuer, today)
    document = _document(context, office, number=number, today=today, issuer=issuer, proposer=actor)
    if kind == DocumentKind.DENOUNCED_NOTICE:
        _refuse_identity_leak(session, document, context.petition)
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


def issuer_of(kind: DocumentKind, office: OfficeProfile) -> Issuer:
    """The body the letter is issued in the name of; refused when it has no signer (nothing is written)."""
    if LETTER_TYPES[kind].issued_by == IssuedBy.AUTHORITY:
        # A decision is the head's own (its power line names him): no "TM." of the collective body.
        return authority_issuer(office, collective=kind not in DECISIONS)
    return board_issuer(office)


def _number(session: Session, kind: DocumentKind, issuer: Issuer, today: dt.date) -> str:
    """The official number in the issuer's series: the board's, or the authority's where the office keeps it.

    An authority whose clerk numbers its own letters gets the type and symbol with the number left
    blank ("Số:     /TB-UBND"): a letter never carries a number that is not its issuer's.
    """
    doc_type = LETTER_TYPES[kind].scope
    if issuer.is_board:
        return format_number(take_number(session, doc_type, today.year), doc_type, issuer.number_symbol)
    if not issuer.numbered_here:
        return blank_number(doc_type, issuer.number_symbol)
    scope = authority_scope(doc_type, issuer.number_symbol)
    return format_number(take_number(session, scope, today.year), doc_type, issuer.number_symbol)


def _context(
    session: Session, kind: DocumentKind, reference: str, *, office: OfficeProfile, today: dt.date, issuer: Issuer
) -> LetterContext:
    reference = number_key(reference)
    case = session.scalar(select(CaseFile).where(CaseFile.number == reference))
    petition = require_petition(session, case.petition.number if case else reference)
    if kind in CASE_STEP_LETTERS:
        case = case or session.scalar(select(CaseFile).where(CaseFile.petition_id == petition.id))
        if case is None:
            raise NotFoundError(_("No case has the number {number}.").format(number=reference))
        view = read_case(session, case.number)
        if kind == DocumentKind.EXTENSION_DECISION:
            if not any(event.kind == CaseEventKind.EXTENDED for event in view.events):
                raise AppError(
                    _("Case {number} has no extension recorded: record the step first.").format(number=case.number)
                )
        elif view.state != "awaiting_report":
            raise AppError(
                _("Case {number} does not owe a report to a transferring body now.").format(number=case.number)
            )
    elif kind in DENUNCIATION_ONLY and petition.kind != PetitionKind.DENUNCIATION:
        raise AppError(
            _("Petition {number} is not a denunciation: it has no acceptance decision.").format(number=petition.number)
        )
    elif petition.decision not in _DECISION_OF[kind]:
        raise AppError(
            _("Petition {number} has no decision that calls for this letter.").format(number=petition.number)
        )
    if case is None and kind in (DocumentKind.ACCEPTANCE, DocumentKind.ACCEPTANCE_DECISION, *AFTER_DECISION):
        case = session.scalar(select(CaseFile).where(CaseFile.petition_id == petition.id))
    if kind == DocumentKind.GUIDANCE and not petition.competent_body:
        raise AppError(
            _("Petition {number} names no competent body: a guidance letter must say where to send it.").format(
                number=petition.number
            )
        )
    return LetterContext(
        kind=kind,
        petition=read_petition(session, petition.number),
        case_number=case.number if case else "",
        case_id=case.id if case else None,
        petition_id=petition.id,
        agency=office.agency_name,
        # A petition with several contents may hold a denunciation: keep its senders secret too.
        is_denunciation=petition.kind in (PetitionKind.DENUNCIATION, PetitionKind.MULTIPLE),
        today=today,
        issuer=issuer.name,
        ground=ground_of(petition.kind, petition.refusal_ground, petition.ineligibility),
        result=case_result(session, case) if kind == DocumentKind.REPLY and case else "",
        extended_to=read_case(session, case.number).due_on
        if kind == DocumentKind.EXTENSION_DECISION and case
        else None,
        accepted_on=case.accepted_on if case else None,
        issuer_symbol=issuer.number_symbol,
        decision=_acceptance_decision(session, petition, office) if kind in AFTER_DECISION else None,
    )


def _acceptance_decision(session: Session, petition: Petition, office: OfficeProfile) -> AcceptanceDecision:
    """The denunciation's decision to accept, which its notices quote; refused while it is not issued."""
    decision = session.scalar(
        select(IssuedDocument)
        .where(IssuedDocument.petition_id == petition.id, IssuedDocument.kind == DocumentKind.ACCEPTANCE_DECISION)
        .order_by(IssuedDocument.issued_at)
        .limit(1)
    )
    if decision is None:
        raise AppError(
            _(
                "Issue the decision to accept denunciation {number} first: its notices quote the decision's number "
                "and date."
            ).format(number=petition.number)
        )
    authority = office.authority
    head = f"{authority.head_position} {authority.name}" if authority else ""
    return AcceptanceDecision(number=decision.number, issued_on=local(decision.issued_at).date(), head=head)


def _checked_denounced(denounced: Denounced | None, context: LetterContext) -> Denounced:
    """The person denounced as typed, cleaned; refused when unnamed, or when the notice would let them
    learn the denouncer: the content quotes a denouncer's name, identity number, phone or address."""
    given = denounced or Denounced(full_name="")
    errors = bounds.text_errors(
        bounds.DENOUNCED, {"full_name": given.full_name, "position": given.position, "address": given.address}
    )
    if errors:
        raise ValidationError({f"denounced.{key}": message for key, message in errors.items()})
    cleaned = Denounced(
        full_name=clean(given.full_name),
        sex=given.sex,
        position=clean(given.position),
        address=clean(given.address),
    )
    if not cleaned.full_name:
        raise ValidationError(
            {"denounced": _("Enter the name of the person denounced: the notice is addressed to them.")}
        )
    return cleaned


# Between the digit groups of one number: spaces, dots, dashes, and the brackets and plus of "(+84) 912".
_DIGIT_GROUPS = re.compile(r"(?<=\d)[\s.\-()+]+(?=\d)")


def _digits_joined(text: str) -> str:
    """ "0912 345 678", "0912.345.678", "(+84) 912-345-678" -> one run of ASCII digits: a number is often
    written in groups, and full-width digits read the same."""
    return _DIGIT_GROUPS.sub("", ascii_digits(text))


def _phone_core(phone: str) -> str:
    """The number without its trunk 0 or country code 84: what every spelling of it contains
    ("0912345678", "+84 912 345 678", "0084912345678" and "+84 (0) 912..." all hold "912345678")."""
    number = normalise_phone(phone)
    return number[1:] if number.startswith("0") else number


def _refuse_identity_leak(session: Session, document: LetterDocument, petition: PetitionView) -> None:
    """Refuse a paper for the person denounced in which any denouncer's name, identity number, phone or
    address can be read (Law 25/2018 Art. 8(3)); the message names none of them."""
    senders = session.execute(
        select(PetitionSender, Citizen.old_id_number)
        .join(Citizen, Citizen.id == PetitionSender.citizen_id)
        .where(PetitionSender.petition_id == petition.id)
    ).all()
    printed = _digits_joined(
        search_key(
            " ".join(
                (
                    document.title,
                    document.subtitle,
                    *document.recipients,
                    *document.paragraphs,
                    *document.copies_to,
                    document.qr_payload,
                )
            )
        )
    )
    for sender, old_id_number in senders:
        # the old CMND number too: the citizen's record keeps it beside the card's
        marks = [sender.id_number, old_id_number, _phone_core(sender.phone or ""), sender.address]
        # A name or a street of one word ("An") would match ordinary words: two words at least.
        marks += [text for text in (sender.full_name, sender.address_detail) if len(text.split()) > 1]
        if any(mark and _digits_joined(search_key(mark)) in printed for mark in marks):
            raise AppError(
                _(
                    "The notice to the person denounced would reveal the denouncer: the content of petition {number} "
                    "or the details typed quote a denouncer's name, identity number, phone or address. Rewrite the "
                    "content summary without them first."
                ).format(number=petition.number)
            )


def _extension_owed(session: Session, reference: str) -> bool:
    """More extensions recorded on the case than extension decisions issued for it."""
    reference = number_key(reference)
    case = session.scalar(select(CaseFile).where(CaseFile.number == reference))
    if case is None:
        petition_id = session.scalar(select(Petition.id).where(Petition.number == reference))
        case = session.scalar(select(CaseFile).where(CaseFile.petition_id == petition_id))
    if case is None:
        return False
    extended = sum(1 for event in require_case(session, case.number).events if event.kind == CaseEventKind.EXTENDED)
    issued = session.scalar(
        select(func.count())
        .select_from(IssuedDocument)
        .where(IssuedDocument.case_id == case.id, IssuedDocument.kind == DocumentKind.EXTENSION_DECISION)
    )
    return extended > (issued or 0)


# What the step that settled a case is called in a report back, and the paper it names.
_RESULT_PAPERS = {
    CaseEventKind.DECIDED: "Quyết định giải quyết khiếu nại",
    CaseEventKind.FINAL: "Quyết định giải quyết khiếu nại",
    CaseEventKind.CONCLUDED: "Kết luận nội dung tố cáo",
    CaseEventKind.CONCLUSION_NOTIFIED: "Kết luận nội dung tố cáo",
    CaseEventKind.HANDLED: "Kết luận nội dung tố cáo",
    CaseEventKind.ANSWERED: "Văn bản trả lời",
    CaseEventKind.TRANSFERRED: "Văn bản chuyển đơn",
}
_RESULT_EVENTS = (CaseEventKind.DECIDED, CaseEventKind.CONCLUDED, CaseEventKind.ANSWERED, CaseEventKind.TRANSFERRED)
_WITHDRAWN = "người gửi đơn đã rút đơn; việc giải quyết được đình chỉ"


def case_result(session: Session, case: CaseFile) -> str:
    """The result a report back quotes: "Quyết định giải quyết khiếu nại số 125/QĐ-UBND ngày 10/4/2026 của ...".

    Refused when the step that settled the case did not record its paper: a report back without
    the number, date and signer of the decision or conclusion tells the transferring body nothing.
    """
    events = require_case(session, case.number).events
    if any(e.kind == CaseEventKind.WITHDRAWN for e in events):
        return _WITHDRAWN
    papers = [e for e in events if e.kind in _RESULT_EVENTS]
    settled = papers[-1] if papers else None
    if settled is None or not (settled.result_number and settled.result_signer):
        raise AppError(
            _(
                "Case {number}: record the number, date and signer of the decision, conclusion or answer on its "
                "step before reporting the result back."
            ).format(number=case.number)
        )
    name = _RESULT_PAPERS[settled.kind]
    day = short_date(settled.result_date or settled.occurred_on)
    result = f"{name} số {settled.result_number} ngày {day} của {settled.result_signer}"
    if settled.note:
        result += f"; {settled.note.rstrip('.')}"
    return result


def _document(
    context: LetterContext, office: OfficeProfile, *, number: str, today: dt.date, issuer: Issuer, proposer: str
) -> LetterDocument:
    return assemble(
        build_letter(context, office),
        office,
        number=number,
        day=today,
        qr_payload=context.case_number or context.petition.number,
        confidential=context.is_denunciation,
        issuer=issuer,
        proposer=proposer if context.kind == DocumentKind.PROPOSAL else "",
    )
