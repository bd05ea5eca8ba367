"""The legal steps of a case as a state machine over its events (pure: no database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from db.enums import CaseEventKind as E
from db.enums import CaseKind
from desktop.core.deadlines.calendar import WorkCalendar
from desktop.core.deadlines.rules import Deadline, Period, cached_deadline
from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _
from desktop.core.labels import label

MAX_EXTENSIONS = 2  # Law 25/2018 Art. 30: a complex denunciation is extended once, an especially complex one twice

# State names are stable codes stored on the case; their labels are translated at use.
STATE_LABELS = {
    "verifying": N_("Being verified"),
    "suspended": N_("Suspended"),
    "decided": N_("Decision issued"),
    "concluded": N_("Conclusion issued"),
    "notified": N_("Conclusion notified"),
    "open": N_("Being answered"),
    "awaiting_report": N_("Result owed to the transferring body"),
    "closed": N_("Closed"),
    "cancelled": N_("Cancelled: its acceptance was taken back"),
}
# (kind, state) -> {event: next state}; "done" means closed, or awaiting the report back first.
_TRANSITIONS: dict[tuple[CaseKind, str], dict[E, str]] = {
    (CaseKind.COMPLAINT, "verifying"): {
        E.VERIFICATION: "verifying",
        E.DIALOGUE: "verifying",
        E.DECIDED: "decided",
        E.SUSPENDED: "suspended",
        E.WITHDRAWN: "done",
    },
    (CaseKind.COMPLAINT, "suspended"): {E.RESUMED: "verifying", E.WITHDRAWN: "done"},
    (CaseKind.COMPLAINT, "decided"): {E.FINAL: "done"},
    (CaseKind.DENUNCIATION, "verifying"): {
        E.VERIFICATION: "verifying",
        E.EXTENDED: "verifying",
        E.CONCLUDED: "concluded",
        E.SUSPENDED: "suspended",
        E.WITHDRAWN: "done",
    },
    (CaseKind.DENUNCIATION, "suspended"): {E.RESUMED: "verifying", E.WITHDRAWN: "done"},
    (CaseKind.DENUNCIATION, "concluded"): {E.CONCLUSION_NOTIFIED: "notified"},
    (CaseKind.DENUNCIATION, "notified"): {E.HANDLED: "done"},
    (CaseKind.RECOMMENDATION, "open"): {E.ANSWERED: "done", E.TRANSFERRED: "done"},
}
_AWAITING = {"awaiting_report": {E.REPORTED_BACK: "closed"}}


@dataclass(frozen=True)
class Step:
    """One event as the rules see it."""

    kind: E
    on: dt.date


@dataclass(frozen=True)
class CaseFacts:
    kind: CaseKind
    round: int
    accepted_on: dt.date
    is_complex: bool = False
    is_remote: bool = False
    report_back_required: bool = False


@dataclass(frozen=True)
class CaseState:
    state: str
    is_open: bool
    deadline: Deadline | None  # the running time limit; None when none runs (or it is paused)
    paused_since: dt.date | None
    extensions: int
    ignored: tuple[Step, ...] = ()  # steps that did not fit (recorded on two desks apart): for a person to see


def initial_state(kind: CaseKind) -> str:
    return "open" if kind == CaseKind.RECOMMENDATION else "verifying"


def allowed_events(facts: CaseFacts, state: str, extensions: int = 0) -> list[E]:
    """The events that may be recorded next (NOTE is always allowed)."""
    table = _AWAITING.get(state) or _TRANSITIONS.get((facts.kind, state), {})
    events = [event for event in table if not (event == E.EXTENDED and _extension_refused(facts, extensions))]
    return [*events, E.NOTE]


def _extension_refused(facts: CaseFacts, extensions: int) -> str:
    """Why one more extension is not allowed ("" when it is): only a complex denunciation is
    extended, at most twice (Law 25/2018 Art. 30; the second only when especially complex,
    which is the handler's judgement: the case records one complexity flag)."""
    if not facts.is_complex:
        return _("Only a complex denunciation can be extended; mark the case complex first.")
    if extensions >= MAX_EXTENSIONS:
        return _("A denunciation can be extended at most twice.")
    return ""


def advance(facts: CaseFacts, state: str, step: Step, extensions: int) -> str:
    """The state after ``step``; raises ValidationError for a step the law does not allow here."""
    if step.kind == E.NOTE:
        return state
    table = _AWAITING.get(state) or _TRANSITIONS.get((facts.kind, state), {})
    if step.kind not in table:
        raise ValidationError(
            {
                "kind": _('"{event}" cannot be recorded while the case is "{state}".').format(
                    event=label(step.kind), state=_(STATE_LABELS[state])
                )
            }
        )
    if step.kind == E.EXTENDED and (reason := _extension_refused(facts, extensions)):
        raise ValidationError({"kind": reason})
    target = table[step.kind]
    if target == "done":
        return "awaiting_report" if facts.report_back_required else "closed"
    return target


def fold(facts: CaseFacts, steps: Sequence[Step], *, calendar: WorkCalendar, strict: bool = True) -> CaseState:
    """Replay the events: the current state, and the time limit running now (counted on ``calendar``).

    ``strict`` refuses a step that does not fit (recording); otherwise such a step is skipped and
    listed in ``ignored`` (reading a history that two desks wrote while apart must not fail).
    """
    state = initial_state(facts.kind)
    extensions = 0
    suspensions: list[Period] = []
    paused_since: dt.date | None = None
    last_on = facts.accepted_on
    ignored: list[Step] = []
    for step in steps:
        try:
            if step.on < last_on:
                raise ValidationError({"occurred_on": _("Steps must be recorded in date order.")})
            state = advance(facts, state, step, extensions)
        except ValidationError:
            if strict:
                raise
            ignored.append(step)
            continue
        extensions += step.kind == E.EXTENDED
        if step.kind == E.SUSPENDED:
            paused_since = step.on
        elif step.kind == E.RESUMED and paused_since is not None:
            suspensions.append((paused_since, step.on - dt.timedelta(days=1)))
            paused_since = None
        last_on = step.on
    deadline = None if paused_since else _deadline(facts, state, last_on, extensions, suspensions, calendar=calendar)
    return CaseState(
        state=state,
        is_open=state != "closed",
        deadline=deadline,
        paused_since=paused_since,
        extensions=extensions,
        ignored=tuple(ignored),
    )


def _deadline(  # noqa: PLR0911 - one return per state reads as the table it is
    facts: CaseFacts,
    state: str,
    last_on: dt.date,
    extensions: int,
    suspensions: list[Period],
    *,
    calendar: WorkCalendar,
) -> Deadline | None:
    variants = {"is_complex": facts.is_complex, "is_remote": facts.is_remote, "calendar": calendar}
    if state == "verifying" and facts.kind == CaseKind.COMPLAINT:
        rule = "complaint.resolve.first" if facts.round == 1 else "complaint.resolve.second"
        return cached_deadline(rule, facts.accepted_on, suspensions=tuple(suspensions), **variants)
    if state == "verifying":
        return cached_deadline(
            "denunciation.resolve",
            facts.accepted_on,
            calendar=calendar,
            extensions=extensions,
            suspensions=tuple(suspensions),
        )
    if state == "decided":
        return cached_deadline("complaint.second.file", last_on, calendar=calendar, is_remote=facts.is_remote)
    if state == "concluded":
        return cached_deadline("denunciation.send_conclusion", last_on, calendar=calendar)
    if state == "open":
        return cached_deadline("reception.reply", facts.accepted_on, calendar=calendar)
    if state == "awaiting_report":
        return cached_deadline("transfer.report_back", last_on, calendar=calendar)
    return None
