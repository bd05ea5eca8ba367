"""The deadline board: due soon, overdue, owed report backs, prolonged; working days left."""

from __future__ import annotations

import datetime as dt

from db.enums import CaseEventKind, Channel, PetitionDecision
from desktop.core.cases.board import WorkingDayIndex, counts, deadline_board
from desktop.core.cases.case_files import record_event
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.petitions import register_petition
from desktop.core.database import Database
from desktop.core.deadlines.calendar import WorkCalendar
from tests.builders import ADMIN, NAME, make_petition_draft


def _petition(database: Database, received: dt.date, **extra: object) -> str:
    draft = make_petition_draft(received_on=received, **extra)
    with database.sessions.begin() as session:
        return register_petition(session, draft, desk_code="D01", today=dt.date(2026, 12, 31)).number


def test_working_day_index_counts_like_the_calendar() -> None:
    calendar = WorkCalendar.default()
    index = WorkingDayIndex(calendar, dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert index.between(dt.date(2026, 2, 13), dt.date(2026, 2, 23)) == 1  # Tết: 16-20 Feb off, weekend
    assert index.between(dt.date(2026, 3, 6), dt.date(2026, 3, 5)) == -1
    assert index.between(dt.date(2026, 3, 5), dt.date(2026, 3, 5)) == 0


def test_board_lists_petitions_and_cases_most_urgent_first(any_database: Database) -> None:
    waiting = _petition(any_database, dt.date(2026, 3, 2))  # due 16 March
    accepted = _petition(any_database, dt.date(2026, 3, 3))
    transferred = _petition(
        any_database,
        dt.date(2026, 2, 2),
        channel=Channel.TRANSFERRED,
        transferred_from="Thanh tra Chính phủ",
        report_back_required=True,
    )
    with any_database.sessions.begin() as session:
        today = dt.date(2026, 3, 20)
        case = decide_petition(
            session,
            accepted,
            PetitionDecision.ACCEPT,
            on=dt.date(2026, 3, 5),
            desk_code="D01",
            today=today,
            actor=ADMIN,
        ).case_number
        owing = decide_petition(
            session,
            transferred,
            PetitionDecision.ACCEPT,
            on=dt.date(2026, 2, 3),
            desk_code="D01",
            today=today,
            actor=ADMIN,
        ).case_number
        record_event(session, owing, CaseEventKind.DECIDED, occurred_on=dt.date(2026, 2, 10), today=today, by=ADMIN)
        record_event(session, owing, CaseEventKind.FINAL, occurred_on=dt.date(2026, 3, 12), today=today, by=ADMIN)
    with any_database.sessions() as session:
        board = deadline_board(session, today=dt.date(2026, 3, 20))
        soon = deadline_board(session, today=dt.date(2026, 3, 20), due_within=5)
        late = deadline_board(session, today=dt.date(2026, 3, 20), overdue=True)
    assert [row.number for row in board] == [waiting, owing, case]
    first = board[0]
    assert (first.kind, first.citizen_name, first.due_on) == ("petition", NAME, dt.date(2026, 3, 16))
    assert first.days_left == -4
    assert first.is_overdue
    assert first.is_prolonged
    assert board[1].owes_report
    assert board[1].due_on == dt.date(2026, 3, 23)  # 7 working days from 13 March
    assert [row.number for row in late] == [waiting]
    assert [row.number for row in soon] == [waiting, owing]
    total = counts(board)
    assert (total.overdue, total.owes_report) == (1, 1)


def test_closed_cases_and_handled_petitions_leave_the_board(database: Database) -> None:
    number = _petition(database, dt.date(2026, 3, 2))
    with database.sessions.begin() as session:
        decide_petition(
            session,
            number,
            PetitionDecision.GUIDE,
            on=dt.date(2026, 3, 4),
            desk_code="D01",
            competent_body="Tòa án nhân dân",
            today=dt.date(2026, 3, 20),
            actor=ADMIN,
        )
    with database.sessions() as session:
        assert deadline_board(session, today=dt.date(2026, 3, 20)) == []
