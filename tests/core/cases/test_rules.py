"""The case state machine: every legal step, and the illegal ones refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from db.enums import CaseEventKind as E
from db.enums import CaseKind
from desktop.core.cases.rules import CaseFacts, CaseState, Step, allowed_events, fold
from desktop.core.deadlines.calendar import WorkCalendar
from desktop.core.errors import ValidationError

DAY = dt.date(2026, 3, 5)


def replay(facts: CaseFacts, steps: Sequence[Step]) -> CaseState:
    """``fold`` on the national calendar."""
    return fold(facts, steps, calendar=WorkCalendar.default())


def facts(kind: CaseKind, **overrides: object) -> CaseFacts:
    return CaseFacts(kind=kind, round=1, accepted_on=DAY, **overrides)  # type: ignore[arg-type]


def steps(*kinds: E) -> list[Step]:
    return [Step(kind, DAY + dt.timedelta(days=i + 1)) for i, kind in enumerate(kinds)]


LEGAL = [
    (CaseKind.COMPLAINT, (), "verifying"),
    (CaseKind.COMPLAINT, (E.VERIFICATION, E.DIALOGUE), "verifying"),
    (CaseKind.COMPLAINT, (E.SUSPENDED,), "suspended"),
    (CaseKind.COMPLAINT, (E.SUSPENDED, E.RESUMED), "verifying"),
    (CaseKind.COMPLAINT, (E.SUSPENDED, E.WITHDRAWN), "closed"),
    (CaseKind.COMPLAINT, (E.DECIDED,), "decided"),
    (CaseKind.COMPLAINT, (E.DECIDED, E.FINAL), "closed"),
    (CaseKind.COMPLAINT, (E.WITHDRAWN,), "closed"),
    (CaseKind.DENUNCIATION, (), "verifying"),
    (CaseKind.DENUNCIATION, (E.VERIFICATION, E.CONCLUDED), "concluded"),
    (CaseKind.DENUNCIATION, (E.CONCLUDED,), "concluded"),
    (CaseKind.DENUNCIATION, (E.CONCLUDED, E.CONCLUSION_NOTIFIED), "notified"),
    (CaseKind.DENUNCIATION, (E.CONCLUDED, E.CONCLUSION_NOTIFIED, E.HANDLED), "closed"),
    (CaseKind.DENUNCIATION, (E.WITHDRAWN,), "closed"),
    (CaseKind.DENUNCIATION, (E.SUSPENDED, E.RESUMED, E.CONCLUDED), "concluded"),
    (CaseKind.RECOMMENDATION, (), "open"),
    (CaseKind.RECOMMENDATION, (E.ANSWERED,), "closed"),
    (CaseKind.RECOMMENDATION, (E.TRANSFERRED,), "closed"),
    (CaseKind.RECOMMENDATION, (E.NOTE, E.ANSWERED, E.NOTE), "closed"),
]


@pytest.mark.parametrize(("kind", "events", "state"), LEGAL)
def test_legal_paths(kind: CaseKind, events: tuple[E, ...], state: str) -> None:
    assert replay(facts(kind), steps(*events)).state == state


ILLEGAL = [
    (CaseKind.COMPLAINT, (E.FINAL,)),  # final before a decision
    (CaseKind.COMPLAINT, (E.DECIDED, E.WITHDRAWN)),  # withdrawn after the decision
    (CaseKind.COMPLAINT, (E.RESUMED,)),  # resumed without suspension
    (CaseKind.COMPLAINT, (E.EXTENDED,)),  # extension is for denunciations
    (CaseKind.COMPLAINT, (E.CONCLUDED,)),
    (CaseKind.COMPLAINT, (E.SUSPENDED, E.DECIDED)),  # decided while suspended
    (CaseKind.COMPLAINT, (E.REPORTED_BACK,)),  # nothing to report yet
    (CaseKind.DENUNCIATION, (E.EXTENDED,)),  # an ordinary denunciation is not extended
    (CaseKind.DENUNCIATION, (E.CONCLUDED, E.WITHDRAWN)),  # withdrawal only before the conclusion
    (CaseKind.DENUNCIATION, (E.HANDLED,)),
    (CaseKind.DENUNCIATION, (E.DECIDED,)),
    (CaseKind.DENUNCIATION, (E.CONCLUDED, E.HANDLED)),  # the conclusion must be notified first
    (CaseKind.RECOMMENDATION, (E.DECIDED,)),
    (CaseKind.RECOMMENDATION, (E.ANSWERED, E.ANSWERED)),  # closed
]


@pytest.mark.parametrize(("kind", "events"), ILLEGAL)
def test_illegal_steps_are_refused(kind: CaseKind, events: tuple[E, ...]) -> None:
    with pytest.raises(ValidationError) as caught:
        replay(facts(kind), steps(*events))
    assert "kind" in caught.value.errors


def test_steps_out_of_date_order_are_refused() -> None:
    with pytest.raises(ValidationError):
        replay(facts(CaseKind.COMPLAINT), [Step(E.VERIFICATION, DAY - dt.timedelta(days=1))])


def test_transferred_in_case_waits_for_the_report_back() -> None:
    transferred = facts(CaseKind.COMPLAINT, report_back_required=True)
    state = replay(transferred, steps(E.DECIDED, E.FINAL))
    assert state.state == "awaiting_report"
    assert state.is_open
    assert state.deadline is not None
    assert state.deadline.rule_id == "transfer.report_back"
    assert allowed_events(transferred, "awaiting_report") == [E.REPORTED_BACK, E.NOTE]
    assert replay(transferred, steps(E.DECIDED, E.FINAL, E.REPORTED_BACK)).state == "closed"


def test_complaint_deadline_by_round_and_variant() -> None:
    first = replay(facts(CaseKind.COMPLAINT), [])
    assert first.deadline is not None
    assert first.deadline.rule_id == "complaint.resolve.first"
    second = replay(CaseFacts(CaseKind.COMPLAINT, 2, DAY, is_complex=True), [])
    assert second.deadline is not None
    assert second.deadline.rule_id == "complaint.resolve.second"
    assert second.deadline.length == 60


def test_suspension_pauses_and_then_extends_the_deadline() -> None:
    running = replay(facts(CaseKind.COMPLAINT), [])
    paused = replay(facts(CaseKind.COMPLAINT), [Step(E.SUSPENDED, dt.date(2026, 3, 10))])
    resumed = replay(
        facts(CaseKind.COMPLAINT), [Step(E.SUSPENDED, dt.date(2026, 3, 10)), Step(E.RESUMED, dt.date(2026, 3, 20))]
    )
    assert paused.deadline is None
    assert paused.paused_since == dt.date(2026, 3, 10)
    assert running.deadline is not None
    assert resumed.deadline is not None
    assert resumed.deadline.due > running.deadline.due


def test_each_denunciation_extension_moves_the_deadline() -> None:
    complex_case = facts(CaseKind.DENUNCIATION, is_complex=True)
    dues = [replay(complex_case, steps(*[E.EXTENDED] * n)).deadline for n in range(3)]
    assert all(d is not None for d in dues)
    assert dues[0].due < dues[1].due < dues[2].due  # type: ignore[union-attr]
    assert E.EXTENDED not in allowed_events(complex_case, "verifying", extensions=2)
    assert E.EXTENDED not in allowed_events(facts(CaseKind.DENUNCIATION), "verifying")
    with pytest.raises(ValidationError):
        replay(complex_case, steps(E.EXTENDED, E.EXTENDED, E.EXTENDED))
