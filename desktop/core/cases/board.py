"""The deadline board: what is due soon, overdue, owed to a transferring body, or dragging on."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, ScalarSelect, SQLColumnExpression, and_, or_, select
from sqlalchemy.orm import Session, aliased

from db.enums import PetitionDecision
from db.models import CaseFile, Petition, PetitionSender
from desktop.core.access import Actor
from desktop.core.cases.rules import STATE_LABELS
from desktop.core.deadlines.calendar import WorkCalendar
from desktop.core.deadlines.office_days import office_calendar
from desktop.core.formatting import today_local
from desktop.core.i18n import _
from desktop.core.permissions import sees_only_assigned
from desktop.core.reception.conclusions import list_open_conclusions

PROLONGED_REFILINGS = 2  # the same content filed again twice or more

# A row before its working days are counted: kind, number, citizen's name (None: anonymous), summary,
# due date, state, owes a report, prolonged, reference (see BoardRow).
_Pending = tuple[str, str, str | None, str, dt.date, str, bool, bool, str]


@dataclass(frozen=True)
class BoardRow:
    kind: str  # "petition" | "case" | "conclusion"
    number: str
    citizen_name: str
    summary: str
    state: str
    due_on: dt.date
    days_left: int  # working days; negative when overdue
    owes_report: bool  # transferred in: the result is still owed to the body that sent it
    is_prolonged: bool
    reference: str = ""  # what opens the row when ``number`` alone does not (a conclusion: its visit)

    @property
    def is_overdue(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True)
class BoardCounts:
    overdue: int
    due_soon: int
    owes_report: int
    prolonged: int


class WorkingDayIndex:
    """Working days between two dates in O(1), for boards of 100,000 rows."""

    def __init__(self, calendar: WorkCalendar, first: dt.date, last: dt.date) -> None:
        self._first, self._last = first, last
        self._index: dict[dt.date, int] = {}
        count = 0
        for offset in range((last - first).days + 1):
            day = first + dt.timedelta(days=offset)
            count += calendar.is_working_day(day)
            self._index[day] = count

    def _at(self, day: dt.date) -> int:
        found = self._index.get(day)
        if found is None:  # outside the range: the nearest end
            found = self._index[self._first if day < self._first else self._last]
        return found

    def between(self, today: dt.date, due: dt.date) -> int:
        """Working days from today to the due date (0 when due today, negative when overdue)."""
        return self._at(due) - self._at(today)


def deadline_board(
    session: Session,
    *,
    today: dt.date | None = None,
    due_within: int | None = None,
    overdue: bool = False,
    calendar: WorkCalendar | None = None,
    actor: Actor | None = None,
) -> list[BoardRow]:
    """Open petitions and cases with a running time limit, the most urgent first.

    A handler (``actor``) sees the cases assigned to them, not the others' (petitions are everyone's).
    """
    today = today or today_local()
    calendar = calendar or office_calendar(session)
    limit = calendar.add_working_days(today, due_within) if due_within is not None else None
    handler = actor.user_id if actor is not None and sees_only_assigned(actor) else None
    rows = [
        *_cases(session, today, limit, overdue, handler=handler),
        *_petitions(session, today, limit, overdue),
        *_conclusions(session, today, limit, overdue),
    ]
    if not rows:
        return []
    index = WorkingDayIndex(
        calendar, min(today, *(r[4] for r in rows)) - dt.timedelta(days=1), max(today, *(r[4] for r in rows))
    )
    board = [
        BoardRow(
            kind=kind,
            number=number,
            citizen_name=name or _("(anonymous)"),
            summary=summary,
            state=state,
            due_on=due,
            days_left=index.between(today, due),
            owes_report=owes,
            is_prolonged=prolonged or due < today,
            reference=reference,
        )
        for kind, number, name, summary, due, state, owes, prolonged, reference in rows
    ]
    board.sort(key=lambda row: (row.due_on, row.number))
    return board


def counts(board: list[BoardRow], *, soon: int = 3) -> BoardCounts:
    return BoardCounts(
        overdue=sum(row.is_overdue for row in board),
        due_soon=sum(0 <= row.days_left <= soon for row in board),
        owes_report=sum(row.owes_report for row in board),
        prolonged=sum(row.is_prolonged for row in board),
    )


def _first_sender(petition_id: SQLColumnExpression[uuid.UUID]) -> ScalarSelect[str]:
    """The name of the petition's first sender as given that day."""
    sender = aliased(PetitionSender)
    return (
        select(sender.full_name)
        .where(sender.petition_id == petition_id, sender.position == 0)
        .limit(1)
        .scalar_subquery()
    )


def _window(
    column: SQLColumnExpression[dt.date | None], today: dt.date, limit: dt.date | None, overdue: bool
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [column.isnot(None)]
    if overdue:
        conditions.append(column < today)
    elif limit is not None:
        conditions.append(column <= limit)
    return conditions


def _cases(
    session: Session, today: dt.date, limit: dt.date | None, overdue: bool, *, handler: uuid.UUID | None
) -> list[_Pending]:
    statement = (
        select(
            CaseFile.number,
            PetitionSender.full_name,
            Petition.content_summary,
            CaseFile.due_on,
            CaseFile.state,
            CaseFile.round,
            Petition.duplicate_count,
        )
        .join(Petition, Petition.id == CaseFile.petition_id)
        .outerjoin(PetitionSender, (PetitionSender.petition_id == Petition.id) & (PetitionSender.position == 0))
        .where(CaseFile.is_open, *_window(CaseFile.due_on, today, limit, overdue))
    )
    if handler is not None:
        statement = statement.where(CaseFile.handler_id == handler)
    labels = {state: _(label) for state, label in STATE_LABELS.items()}
    return [
        (
            "case",
            number,
            name,
            summary,
            due,
            labels.get(state, state),
            state == "awaiting_report",
            round_ > 1 or duplicates >= PROLONGED_REFILINGS,
            "",
        )
        # Core rows (no ORM row processing): the board reads 100,000 of them.
        for number, name, summary, due, state, round_, duplicates in session.connection().execute(statement)
        if due is not None  # always so (see _window); this tells the type checker
    ]


def _petitions(session: Session, today: dt.date, limit: dt.date | None, overdue: bool) -> list[_Pending]:
    statement = select(
        Petition.number,
        _first_sender(Petition.id),
        Petition.content_summary,
        Petition.due_on,
        Petition.duplicate_count,
    ).where(
        or_(Petition.decision.is_(None), Petition.decision == PetitionDecision.PROPOSE),
        and_(*_window(Petition.due_on, today, limit, overdue)),
    )
    return [
        ("petition", number, name, summary, due, _("Being processed"), False, duplicates >= PROLONGED_REFILINGS, "")
        for number, name, summary, due, duplicates in session.execute(statement)
        if due is not None  # always so (see _window); this tells the type checker
    ]


def _conclusions(session: Session, today: dt.date, limit: dt.date | None, overdue: bool) -> list[_Pending]:
    """Leaders' conclusion notices: waiting for the bodies' result, then for the citizen to be told."""
    rows: list[_Pending] = []
    for view in list_open_conclusions(session):
        if view.result_on is None:
            due, state = view.due_on, _("Waiting for the bodies' result")
        else:
            due, state = view.inform_due_on or view.result_on, _("Result to be sent to the citizen")
        if (overdue and due >= today) or (not overdue and limit is not None and due > limit):
            continue
        rows.append(
            (
                "conclusion",
                view.number,
                view.citizen_name,
                view.content_summary,
                due,
                state,
                False,
                False,
                view.visit_serial,
            )
        )
    return rows
