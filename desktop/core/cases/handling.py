"""Handling decisions on a petition: guide, transfer, propose, accept (opens a case), refuse, archive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import Channel, Competence, Ineligibility, PetitionDecision, PetitionKind
from db.models import Petition
from desktop.core import bounds
from desktop.core.access import Actor
from desktop.core.cases.case_files import open_case
from desktop.core.cases.grounds import ground_of, grounds_for
from desktop.core.cases.petitions import CASE_KIND, PetitionView, account_id, read_petition, require_petition
from desktop.core.errors import ConflictError, ValidationError
from desktop.core.formatting import today_local
from desktop.core.i18n import N_, _
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
    petition.decided_by_id = account_id(session, actor)  # assigned from now on (confidentiality)
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


def check_decision(
    session: Session,
    number: str,
    decision: PetitionDecision,
    *,
    on: dt.date,
    actor: Actor,
    note: str = "",
    competent_body: str = "",
    ground: str = "",
    today: dt.date | None = None,
) -> None:
    """What ``decide_petition`` would refuse, raised the same way, with nothing written (to confirm first)."""
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
    reason = why_not(petition, decision)
    if reason:
        errors["decision"] = reason
    elif decision in (PetitionDecision.REFUSE, PetitionDecision.ARCHIVE):
        errors.update(_reason_errors(petition, decision, note=note, ground=ground))
    elif decision in (PetitionDecision.GUIDE, PetitionDecision.TRANSFER):
        # The guidance letter says the matter is not within our competence and names who is competent.
        if not clean(competent_body or petition.competent_body):
            errors["competent_body"] = _("Enter the body that is competent.")
        elif decision == PetitionDecision.TRANSFER and _transferred_before(session, petition):
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


class Facts(Protocol):
    """What the paths the law allows depend on: a stored petition or its view."""

    @property
    def kind(self) -> PetitionKind: ...
    @property
    def channel(self) -> Channel: ...
    @property
    def competence(self) -> Competence: ...
    @property
    def is_eligible(self) -> bool: ...
    @property
    def ineligibility(self) -> Ineligibility | None: ...
    @property
    def decision(self) -> PetitionDecision | None: ...


@dataclass(frozen=True)
class PathFacts:
    """The facts alone, for a petition not stored (the demo data's)."""

    kind: PetitionKind
    channel: Channel
    competence: Competence
    is_eligible: bool = True
    ineligibility: Ineligibility | None = None
    decision: PetitionDecision | None = None


# A rule: None when the law allows the decision for the petition, else why not (an N_ text with its article).
Rule = Callable[[Facts], str | None]


def _ours(p: Facts) -> bool:
    return p.competence == Competence.OURS


def _written_denunciation(p: Facts) -> bool:
    return p.kind == PetitionKind.DENUNCIATION and p.channel != Channel.IN_PERSON


def _not_handled_here(p: Facts) -> str | None:
    if p.kind == PetitionKind.DENUNCIATION and p.ineligibility == Ineligibility.SENT_TO_MANY:
        return N_(
            "A denunciation also sent to the competent body is not handled by a body that is not competent "
            "(Law 25/2018 Art. 24(3))."
        )
    return None


def _guide(p: Facts) -> str | None:
    if _ours(p):
        return N_(
            "The petition is within our competence: its sender is not guided to another body (Law 42/2013 Art. 26)."
        )
    if (not_here := _not_handled_here(p)) is not None:
        return not_here
    if p.kind == PetitionKind.RECOMMENDATION:
        return N_(
            "A recommendation or reflection outside our competence is transferred to the competent body, "
            "not guided (Law 42/2013 Art. 26)."
        )
    if _written_denunciation(p):
        return N_(
            "A written denunciation outside our competence is transferred within 5 working days, not guided "
            "(Law 25/2018 Art. 24(2))."
        )
    if p.ineligibility == Ineligibility.GUIDED_BEFORE:
        return N_("The sender was already guided once on the same content (Circular 07/2014 Art. 6(2)).")
    return None


def _transfer(p: Facts) -> str | None:
    if _ours(p):
        return N_("The petition is within our competence: it is not transferred to another body (Law 42/2013 Art. 26).")
    if (not_here := _not_handled_here(p)) is not None:
        return not_here
    if p.kind == PetitionKind.COMPLAINT and p.channel == Channel.IN_PERSON:
        return N_(
            "A complaint outside our competence made in person at the desk is guided to the competent body, "
            "not transferred (Law 42/2013 Art. 26(1)(b))."
        )
    return None


def _propose(p: Facts) -> str | None:
    if not (p.is_eligible and _ours(p)):
        return N_(
            "Only an eligible petition within our competence is proposed for acceptance (Circular 05/2021 Art. 13)."
        )
    if p.decision == PetitionDecision.PROPOSE:
        return N_("The petition has already been proposed for acceptance.")
    return None


def _accept(p: Facts) -> str | None:
    if not (p.is_eligible and _ours(p)):
        return N_(
            "Only an eligible petition within our competence can be accepted "
            "(Law 02/2011 Art. 27; Law 25/2018 Art. 29(1))."
        )
    if p.kind == PetitionKind.MULTIPLE:
        return N_("A petition with several contents must be split before it is accepted (Law 42/2013 Art. 25(3)).")
    return None


def _always(p: Facts) -> str | None:
    return None  # its grounds or reasons are checked when it is recorded


# docs/legal-basis.md#paths-the-law-allows: the rule of each decision, in the order they are offered.
RULES: dict[PetitionDecision, Rule] = {
    PetitionDecision.GUIDE: _guide,
    PetitionDecision.TRANSFER: _transfer,
    PetitionDecision.PROPOSE: _propose,
    PetitionDecision.ACCEPT: _accept,
    PetitionDecision.REFUSE: _always,
    PetitionDecision.ARCHIVE: _always,
}


@dataclass(frozen=True)
class Offer:
    decision: PetitionDecision
    reason: str  # "" when the law allows it; else why not, with its article, in the UI language

    @property
    def allowed(self) -> bool:
        return not self.reason


def why_not(petition: Facts, decision: PetitionDecision) -> str:
    """ "" when the law allows ``decision`` for ``petition``, else the reason in the UI language."""
    reason = RULES[decision](petition)
    return _(reason) if reason else ""


def decision_offers(petition: Facts) -> tuple[Offer, ...]:
    """Every decision with whether it is allowed and why not; none once the petition is handled."""
    if petition.decision in _FINAL:
        return ()
    return tuple(Offer(decision, why_not(petition, decision)) for decision in RULES)


def allowed_decisions(petition: Facts) -> tuple[PetitionDecision, ...]:
    """The decisions the law allows for ``petition`` (``decide_petition`` checks each one again)."""
    return tuple(offer.decision for offer in decision_offers(petition) if offer.allowed)


def _transferred_before(session: Session, petition: Petition) -> bool:
    if petition.duplicate_of_id is None:
        return False
    decision = session.scalar(select(Petition.decision).where(Petition.id == petition.duplicate_of_id))
    return decision == PetitionDecision.TRANSFER
