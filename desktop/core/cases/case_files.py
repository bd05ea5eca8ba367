"""Cases (vụ việc): opened on acceptance, moved only by legal steps, deadlines kept current."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.enums import CaseEventKind, CaseKind, PetitionKind
from db.models import CaseEvent, CaseFile, IssuedDocument, Petition
from desktop.core import bounds
from desktop.core.access import Actor
from desktop.core.cases.rules import STATE_LABELS, CaseFacts, Step, advance, allowed_events, fold, initial_state
from desktop.core.confidentiality import Mask, Viewer, is_protected_petition
from desktop.core.deadlines.calendar import WorkCalendar
from desktop.core.deadlines.office_days import office_calendar
from desktop.core.errors import ConflictError, NotFoundError, ValidationError
from desktop.core.formatting import today_local
from desktop.core.i18n import _
from desktop.core.numbering import next_number
from desktop.core.office import ensure_desk
from desktop.core.permissions import require, require_assigned
from desktop.core.text import clean, number_key


@dataclass(frozen=True)
class EventView:
    kind: CaseEventKind
    occurred_on: dt.date
    actor: str
    note: str
    document_number: str


@dataclass(frozen=True)
class CaseView:
    id: uuid.UUID
    number: str
    petition_number: str
    kind: CaseKind
    round: int
    is_complex: bool
    is_remote: bool
    accepted_on: dt.date
    report_back_required: bool
    state: str
    state_label: str
    is_open: bool
    due_on: dt.date | None
    rule_id: str
    rule_version: str
    explanation: str
    paused_since: dt.date | None
    allowed: tuple[CaseEventKind, ...]
    events: tuple[EventView, ...]
    citizen_name: str
    content_summary: str
    # Steps that do not fit the history (two desks recorded conflicting steps while apart).
    conflicting_steps: tuple[EventView, ...] = ()
    petition_id: uuid.UUID | None = None
    petition_kind: PetitionKind = PetitionKind.COMPLAINT

    PROTECTED: ClassVar[dict[str, Mask]] = {"citizen_name": "name"}


# Steps that decide a case: the complaint decision and the denunciation conclusion are a leader's, not a handler's.
DECISIONS = frozenset({CaseEventKind.DECIDED, CaseEventKind.CONCLUDED})


def facts_of(case: CaseFile) -> CaseFacts:
    return CaseFacts(
        kind=case.kind,
        round=case.round,
        accepted_on=case.accepted_on,
        is_complex=case.is_complex,
        is_remote=case.is_remote,
        report_back_required=case.report_back_required,
    )


def open_case(
    session: Session,
    petition: Petition,
    *,
    desk_code: str,
    accepted_on: dt.date,
    kind: CaseKind,
    round_: int = 1,
    is_complex: bool = False,
    is_remote: bool = False,
) -> CaseFile:
    """A new case for an accepted petition, with its first time limit."""
    desk = ensure_desk(session, desk_code)
    seq = next_number(session, f"case:{desk.code}", accepted_on.year)
    case = CaseFile(
        number=f"{desk.code}-{accepted_on.year}-V{seq:05d}",
        desk=desk,
        year=accepted_on.year,
        seq=seq,
        petition_id=petition.id,
        kind=kind,
        round=round_,
        is_complex=is_complex,
        is_remote=is_remote,
        accepted_on=accepted_on,
        report_back_required=petition.report_back_required,
        state=initial_state(kind),
    )
    session.add(case)
    session.flush()
    _refresh(case, [], calendar=office_calendar(session))
    session.add(CaseEvent(case_id=case.id, kind=CaseEventKind.ACCEPTED, occurred_on=accepted_on))
    session.flush()
    return case


def require_case(session: Session, number: str) -> CaseFile:
    case = session.scalar(
        select(CaseFile).where(CaseFile.number == number_key(number)).options(selectinload(CaseFile.events))
    )
    if case is None:
        raise NotFoundError(_("No case has the number {number}.").format(number=number))
    return case


def _steps(case: CaseFile) -> list[Step]:
    return [Step(e.kind, e.occurred_on) for e in case.events if e.kind != CaseEventKind.ACCEPTED]


def refresh_deadline(case: CaseFile, calendar: WorkCalendar) -> None:
    """Recompute the state and due date stored on ``case`` from its history (e.g. after a calendar change)."""
    _refresh(case, _steps(case), calendar=calendar)


def _refresh(case: CaseFile, steps: list[Step], new: Step | None = None, *, calendar: WorkCalendar) -> None:
    """Keep the derived columns current; a ``new`` step must fit what the history allows."""
    facts = facts_of(case)
    if new is not None:
        before = fold(facts, steps, calendar=calendar, strict=False)
        last_on = max([facts.accepted_on, *(s.on for s in steps)])
        if new.on < last_on:
            raise ValidationError({"occurred_on": _("Steps must be recorded in date order.")})
        advance(facts, before.state, new, before.extensions)
        steps = [*steps, new]
    state = fold(facts, steps, calendar=calendar, strict=False)
    case.state = state.state
    case.is_open = state.is_open
    case.due_on = state.deadline.due if state.deadline else None
    case.rule_id = state.deadline.rule_id if state.deadline else ""
    case.rule_version = state.deadline.rule_version if state.deadline else ""


def record_event(
    session: Session,
    number: str,
    kind: CaseEventKind,
    *,
    occurred_on: dt.date,
    by: Actor,
    actor: str = "",
    note: str = "",
    document_id: uuid.UUID | None = None,
    today: dt.date | None = None,
    result_number: str = "",
    result_date: dt.date | None = None,
    result_signer: str = "",
) -> CaseView:
    """Append one step; an illegal step (or one out of date order) is refused and nothing is written.

    A step that settles the case (a decision, a conclusion, an answer) may name its paper: number,
    date and signer; the report back to a transferring body quotes them.

    ``by`` is who records it: a decision or a conclusion needs "case.decide", any other step
    "petition.handle", and a handler records steps only on the cases assigned to them.
    ``actor`` is the officer the step names, as typed.
    """
    require(by, "case.decide" if kind in DECISIONS else "petition.handle")
    require_assigned(by, require_case(session, number).handler_id)
    return append_event(
        session,
        number,
        kind,
        occurred_on=occurred_on,
        actor=actor,
        note=note,
        document_id=document_id,
        today=today,
        result_number=result_number,
        result_date=result_date,
        result_signer=result_signer,
    )


def append_event(
    session: Session,
    number: str,
    kind: CaseEventKind,
    *,
    occurred_on: dt.date,
    actor: str = "",
    note: str = "",
    document_id: uuid.UUID | None = None,
    today: dt.date | None = None,
    result_number: str = "",
    result_date: dt.date | None = None,
    result_signer: str = "",
) -> CaseView:
    """The step itself, checked against the case's rules: ``record_event`` once the rights are checked,
    or the step a paper records by being issued (the reply to the transferring body)."""
    case = require_case(session, number)
    if case.cancellation_id is not None:
        raise ConflictError(_("Case {number} was cancelled: its acceptance was taken back.").format(number=case.number))
    errors = bounds.text_errors(
        bounds.CASE_STEP,
        {"actor": actor, "note": note, "result_number": result_number, "result_signer": result_signer},
    )
    if occurred_on > (today or today_local()):
        errors["occurred_on"] = _("This date is in the future.")
    elif occurred_on < case.accepted_on:
        errors["occurred_on"] = _("Steps must be recorded in date order.")
    if result_date is not None and (result_date > (today or today_local()) or result_date < case.accepted_on):
        errors["result_date"] = _("The date of the paper must be between the acceptance and today.")
    if errors:
        raise ValidationError(errors)
    calendar = office_calendar(session)
    # Raises before anything is added when the step is not allowed.
    _refresh(case, _steps(case), Step(kind, occurred_on), calendar=calendar)
    session.add(
        CaseEvent(
            case_id=case.id,
            kind=kind,
            occurred_on=occurred_on,
            actor=clean(actor),
            note=clean(note),
            document_id=document_id,
            result_number=clean(result_number),
            result_date=result_date,
            result_signer=clean(result_signer),
        )
    )
    session.flush()
    session.expire(case, ["events"])
    return read_case(session, case.number)


def case_view(session: Session, number: str, *, actor: Actor) -> CaseView:
    """A case as ``actor`` may see it (a denunciation's citizen masked unless they are assigned)."""
    view = read_case(session, number)
    assert view.petition_id is not None  # read_case always names it
    return Viewer(session, actor).petition(view, view.petition_id, is_protected_petition(view.petition_kind), "open")


def read_case(session: Session, number: str) -> CaseView:
    """A case, unmasked: for the use cases that work on it, never shown as it is."""
    case = require_case(session, number)
    facts = facts_of(case)
    state = fold(facts, _steps(case), calendar=office_calendar(session), strict=False)
    petition = session.scalar(
        select(Petition).where(Petition.id == case.petition_id).options(selectinload(Petition.senders))
    )
    assert petition is not None
    documents: dict[uuid.UUID | None, str] = {  # looked up by the events' document_id, which may be None
        document_id: number
        for document_id, number in session.execute(
            select(IssuedDocument.id, IssuedDocument.number).where(IssuedDocument.case_id == case.id)
        )
    }
    return CaseView(
        id=case.id,
        number=case.number,
        petition_number=petition.number,
        kind=case.kind,
        round=case.round,
        is_complex=case.is_complex,
        is_remote=case.is_remote,
        accepted_on=case.accepted_on,
        report_back_required=case.report_back_required,
        state=state.state,
        state_label=_(STATE_LABELS[state.state]),
        is_open=state.is_open,
        due_on=state.deadline.due if state.deadline else None,
        rule_id=state.deadline.rule_id if state.deadline else "",
        rule_version=state.deadline.rule_version if state.deadline else "",
        explanation=state.deadline.explanation if state.deadline else "",
        paused_since=state.paused_since,
        allowed=tuple(allowed_events(facts, state.state, state.extensions)),
        events=tuple(
            EventView(e.kind, e.occurred_on, e.actor, e.note, documents.get(e.document_id, "")) for e in case.events
        ),
        citizen_name=petition.senders[0].full_name if petition.senders else "",  # as given that day
        petition_id=petition.id,
        petition_kind=petition.kind,
        content_summary=petition.content_summary,
        conflicting_steps=tuple(EventView(step.kind, step.on, "", "", "") for step in state.ignored),
    )
