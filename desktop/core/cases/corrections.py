"""Correcting what the office decided and issued: a petition decision taken back, a letter cancelled.

Both are corrective steps (``desktop.core.reception.corrections.record_step``): who, when, why,
nothing deleted. A decision is taken back only while nothing irreversible followed it: no letter of
the petition or its case still valid (cancel it first), no step of its case after the acceptance.
The petition can then be decided again; a case its acceptance opened is closed, marked cancelled,
and keeps its number. A cancelled letter keeps its official number (never given again), the
letters list shows it "Đã hủy" with the reason, and it is never printed again (docs/security.md).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.enums import CaseEventKind, CorrectionKind, DocumentKind, PetitionDecision
from db.models import CaseEvent, CaseFile, IssuedDocument, Petition
from desktop.core.access import Actor
from desktop.core.cases.petitions import PetitionView, read_petition, require_petition
from desktop.core.deadlines.office_days import office_calendar
from desktop.core.deadlines.rules import cached_deadline
from desktop.core.errors import ConflictError, NotFoundError, ValidationError
from desktop.core.i18n import _
from desktop.core.permissions import require
from desktop.core.reception.corrections import cancellation_reasons, reason_errors, record_step
from desktop.core.text import number_key

CANCELLED_STATE = "cancelled"  # the state of a case whose acceptance was taken back
SLIPS = (DocumentKind.RECEIPT, DocumentKind.APPOINTMENT)  # slips are printed again, never cancelled


def revert_decision(
    session: Session, number: str, *, reason: str, actor: Actor, now: dt.datetime | None = None
) -> PetitionView:
    """Take back the decision of petition ``number`` so that it can be decided again ("decision.revert").

    Refused (ConflictError, nothing written) when the petition is undecided, when a letter of it or
    its case is still valid, or when its case has a step after the acceptance.
    """
    require(actor, "decision.revert")
    petition = require_petition(session, number)
    if petition.decision is None:
        raise ConflictError(_("Petition {number} has no decision to take back.").format(number=petition.number))
    case = _live_case(session, petition)
    _refuse_if_followed(session, petition, case)
    if errors := reason_errors(reason):
        raise ValidationError(errors)
    before: dict[str, object] = {
        "decision": petition.decision,
        "decided_on": petition.decided_on,
        "decision_note": petition.decision_note,
        "refusal_ground": petition.refusal_ground,
        "due_on": petition.due_on,
    }
    if case is not None:
        before["case"] = case.number
    due_on = petition.due_on
    if petition.decision != PetitionDecision.PROPOSE and petition.rule_id:
        due_on = cached_deadline(petition.rule_id, petition.received_on, calendar=office_calendar(session)).due
    after: dict[str, object] = {"decision": None, "decided_on": None, "decision_note": "", "due_on": due_on}
    step = record_step(
        session,
        actor,
        entity="petition",
        record_id=petition.id,
        reference=petition.number,
        kind=CorrectionKind.REVERT,
        reason=reason,
        before=before,
        after=after,
        now=now,
    )
    petition.decision = None
    petition.decided_on = None
    petition.decision_note = ""
    petition.refusal_ground = ""
    petition.due_on = due_on
    if case is not None:
        case.cancellation_id = step.id
        case.state = CANCELLED_STATE
        case.is_open = False
        case.due_on = None
    session.flush()
    return read_petition(session, petition.number)


def _live_case(session: Session, petition: Petition) -> CaseFile | None:
    return session.scalar(
        select(CaseFile)
        .where(CaseFile.petition_id == petition.id, CaseFile.cancellation_id.is_(None))
        .order_by(CaseFile.round.desc(), CaseFile.number.desc())
        .limit(1)
    )


def _refuse_if_followed(session: Session, petition: Petition, case: CaseFile | None) -> None:
    letters = valid_letters(session, petition)
    if letters:
        raise ConflictError(
            _("Letter {number} was issued on this decision: cancel it first, then take the decision back.").format(
                number=letters[0]
            )
        )
    if case is not None:
        later = session.scalar(
            select(CaseEvent.kind)
            .where(CaseEvent.case_id == case.id, CaseEvent.kind != CaseEventKind.ACCEPTED)
            .limit(1)
        )
        if later is not None:
            raise ConflictError(
                _("Case {case} has steps after its acceptance: the acceptance can no longer be taken back.").format(
                    case=case.number
                )
            )


def valid_letters(session: Session, petition: Petition) -> list[str]:
    """The official numbers of the letters of ``petition`` and its cases not cancelled, oldest first."""
    case_ids = select(CaseFile.id).where(CaseFile.petition_id == petition.id)
    rows = session.execute(
        select(IssuedDocument.id, IssuedDocument.number)
        .where(
            or_(IssuedDocument.petition_id == petition.id, IssuedDocument.case_id.in_(case_ids)),
            IssuedDocument.kind.not_in(SLIPS),
        )
        .order_by(IssuedDocument.issued_at)
    ).all()
    cancelled = cancellation_reasons(session, "issued_document", [row.id for row in rows])
    return [row.number for row in rows if row.id not in cancelled]


def cancel_letter(session: Session, number: str, *, reason: str, actor: Actor, now: dt.datetime | None = None) -> str:
    """Cancel the letter with the official ``number`` ("letter.cancel"); returns the number as kept.

    The number stays used; the kept PDF stays on disk, never printed again.
    """
    require(actor, "letter.cancel")
    document = session.scalar(
        select(IssuedDocument)
        .where(IssuedDocument.number == number_key(number), IssuedDocument.kind.not_in(SLIPS))
        .order_by(IssuedDocument.issued_at)
        .limit(1)
    )
    if document is None:
        raise NotFoundError(_("No letter has the number {number}.").format(number=number))
    if cancellation_reasons(session, "issued_document", [document.id]):
        raise ConflictError(_("Letter {number} has already been cancelled.").format(number=document.number))
    if errors := reason_errors(reason):
        raise ValidationError(errors)
    record_step(
        session,
        actor,
        entity="issued_document",
        record_id=document.id,
        reference=document.number,
        kind=CorrectionKind.CANCEL,
        reason=reason,
        now=now,
    )
    session.flush()
    return document.number
