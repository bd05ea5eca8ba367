"""Handling decisions on a petition: guide, transfer, propose, accept (opens a case), refuse, archive."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import Competence, PetitionDecision, PetitionKind
from db.models import Petition
from desktop.core import bounds
from desktop.core.access import Actor
from desktop.core.cases.case_files import open_case
from desktop.core.cases.grounds import ground_of, grounds_for
from desktop.core.cases.petitions import CASE_KIND, PetitionView, read_petition, require_petition
from desktop.core.errors import ConflictError, ValidationError
from desktop.core.formatting import today_local
from desktop.core.i18n import _
from desktop.core.permissions import require
from desktop.core.text import clean

_FINAL = {
    PetitionDecision.GUIDE,
    PetitionDecision.TRANSFER,
    PetitionDecision.ACCEPT,
    PetitionDecision.REFUSE,
    PetitionDecision.ARCHIVE,
}


@dataclass(frozen=True)
class Decided:
    petition: PetitionView
    case_number: str  # the case opened by an acceptance, else ""


def decide_petition(
    session: Session,
    number: str,
    decision: PetitionDecision,
    *,
    on: dt.date,
    desk_code: str,
    actor: Actor,
    note: str = "",
    competent_body: str = "",
    ground: str = "",
    is_complex: bool = False,
    is_remote: bool = False,
    round_: int = 1,
    today: dt.date | None = None,
) -> Decided:
    """Record how a petition is handled; an acceptance opens its case. Nothing is written on refusal.

    A refusal gives its legal ground (a code of ``grounds.grounds_for(kind)``), or keeps the one the
    petition's recorded ineligibility stands for. ``actor`` needs "petition.handle".
    """
    require(actor, "petition.handle")
    petition = require_petition(session, number)
    _check(
        session,
        petition,
        decision,
        on=on,
        note=note,
        competent_body=competent_body,
        ground=ground,
        today=today or today_local(),
    )
    petition.decision = decision
    petition.decided_on = on
    petition.decision_note = clean(note)
    if decision == PetitionDecision.REFUSE:
        chosen = ground_of(petition.kind, ground, petition.ineligibility)
        petition.refusal_ground = chosen.code if chosen else ""
    if competent_body:
        petition.competent_body = clean(competent_body)
    if decision != PetitionDecision.PROPOSE:
        petition.due_on = None  # handled: the processing time limit no longer runs
    case_number = ""
    if decision == PetitionDecision.ACCEPT:
        case = open_case(
            session,
            petition,
            desk_code=desk_code,
            accepted_on=on,
            kind=CASE_KIND[petition.kind],
            round_=round_,
            is_complex=is_complex,
            is_remote=is_remote,
        )
        case_number = case.number
    session.flush()
    return Decided(petition=read_petition(session, petition.number), case_number=case_number)


def _check(
    session: Session,
    petition: Petition,
    decision: PetitionDecision,
    *,
    on: dt.date,
    note: str,
    competent_body: str,
    ground: str,
    today: dt.date,
) -> None:
    if petition.decision in _FINAL:
        raise ConflictError(_("Petition {number} has already been handled.").format(number=petition.number))
    if on < petition.received_on or on > today:
        raise ValidationError({"decided_on": _("The decision date must be between the receipt date and today.")})
    errors: dict[str, str] = {}
    needs_ours = decision in (PetitionDecision.PROPOSE, PetitionDecision.ACCEPT)
    if needs_ours and (not petition.is_eligible or petition.competence != Competence.OURS):
        errors["decision"] = _("Only an eligible petition within our competence can be accepted.")
    elif decision == PetitionDecision.ACCEPT and petition.kind == PetitionKind.MULTIPLE:
        errors["decision"] = _("A petition with several contents must be split before it is accepted.")
    elif decision in (PetitionDecision.REFUSE, PetitionDecision.ARCHIVE):
        errors.update(_reason_errors(petition, decision, note=note, ground=ground))
    elif decision == PetitionDecision.TRANSFER:
        if not clean(competent_body or petition.competent_body):
            errors["competent_body"] = _("Enter the body that is competent.")
        elif _transferred_before(session, petition):
            errors["decision"] = _("A petition with the same content is transferred only once.")
    # What cannot be stored at all comes first, under its field.
    errors.update(bounds.text_errors(bounds.DECISION, {"decision_note": note, "competent_body": competent_body}))
    if errors:
        raise ValidationError(errors)


def _reason_errors(petition: Petition, decision: PetitionDecision, *, note: str, ground: str) -> dict[str, str]:
    """A refusal names its legal ground (or has one from the recorded ineligibility); an archiving, its reasons.

    A petition with several contents has no list of grounds (it is split first): its refusal gives reasons.
    """
    if decision == PetitionDecision.REFUSE and grounds_for(petition.kind):
        if ground and ground_of(petition.kind, ground, None) is None:
            return {"ground": _("Choose a ground from the legal list for this kind of petition.")}
        if ground_of(petition.kind, ground, petition.ineligibility) is None:
            return {"ground": _("Choose the legal ground of the refusal.")}
        return {}
    if not (clean(note) or petition.ineligibility is not None):
        return {"decision_note": _("Give the reasons.")}
    return {}


def allowed_decisions(petition: PetitionView) -> tuple[PetitionDecision, ...]:
    """The decisions worth offering for ``petition`` (``decide_petition`` still checks each one)."""
    if petition.decision in _FINAL:
        return ()
    ours = petition.is_eligible and petition.competence == Competence.OURS
    allowed = [PetitionDecision.GUIDE, PetitionDecision.TRANSFER]
    if ours and petition.decision != PetitionDecision.PROPOSE:
        allowed.append(PetitionDecision.PROPOSE)
    if ours and petition.kind != PetitionKind.MULTIPLE:
        allowed.append(PetitionDecision.ACCEPT)
    return (*allowed, PetitionDecision.REFUSE, PetitionDecision.ARCHIVE)


def _transferred_before(session: Session, petition: Petition) -> bool:
    if petition.duplicate_of_id is None:
        return False
    decision = session.scalar(select(Petition.decision).where(Petition.id == petition.duplicate_of_id))
    return decision == PetitionDecision.TRANSFER
