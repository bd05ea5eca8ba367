"""The office's own days off and working days move every time limit, stored ones included."""

from __future__ import annotations

import datetime as dt

import pytest

from db.enums import PetitionDecision, Role
from desktop.core.access import NOBODY
from desktop.core.cases.case_files import case_view
from desktop.core.cases.due_dates import remove_day, save_day
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.petitions import petition_view, register_petition
from desktop.core.database import Database
from desktop.core.deadlines.office_days import list_days, office_calendar
from desktop.core.deadlines.rules import deadline_for
from desktop.core.errors import ValidationError
from desktop.core.permissions import PermissionDeniedError
from tests.builders import ADMIN, an_actor, make_petition_draft

TODAY = dt.date(2026, 3, 20)


def _petition(database: Database) -> str:
    with database.sessions.begin() as session:
        return register_petition(session, make_petition_draft(), desk_code="D01", today=TODAY, actor=ADMIN).number


def test_a_day_the_office_declares_off_moves_due_dates(any_database: Database) -> None:
    number = _petition(any_database)
    with any_database.sessions.begin() as session:
        assert petition_view(session, number, actor=NOBODY).due_on == dt.date(2026, 3, 19)
        save_day(session, ADMIN, dt.date(2026, 3, 12), is_day_off=True, name="Nghỉ theo Quyết định 15/QĐ-UBND")
        assert petition_view(session, number, actor=NOBODY).due_on == dt.date(2026, 3, 20)  # one working day later
        assert [d.name for d in list_days(session)] == ["Nghỉ theo Quyết định 15/QĐ-UBND"]
        office = office_calendar(session)
    explanation = deadline_for("petition.process", dt.date(2026, 3, 5), calendar=office).explanation
    assert "Quyết định 15/QĐ-UBND" in explanation
    with any_database.sessions.begin() as session:
        remove_day(session, ADMIN, dt.date(2026, 3, 12))
        assert petition_view(session, number, actor=NOBODY).due_on == dt.date(2026, 3, 19)


def test_a_worked_saturday_counts_for_an_open_case(database: Database) -> None:
    number = _petition(database)
    with database.sessions.begin() as session:
        case = decide_petition(
            session, number, PetitionDecision.ACCEPT, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN
        ).case_number
        before = case_view(session, case, actor=NOBODY).due_on
        save_day(session, ADMIN, dt.date(2026, 4, 4), is_day_off=True, name="Nghỉ bù")  # a Saturday: no change
        assert case_view(session, case, actor=NOBODY).due_on == before
        save_day(session, ADMIN, dt.date(2026, 4, 8), is_day_off=True, name="Nghỉ đột xuất do bão")
        assert case_view(session, case, actor=NOBODY).due_on == dt.date(2026, 4, 9)  # 8 April was the last day


def test_a_day_needs_a_date_and_a_reason(database: Database) -> None:
    with pytest.raises(ValidationError) as caught, database.sessions.begin() as session:
        save_day(session, ADMIN, None, is_day_off=True, name=" ")
    assert set(caught.value.errors) == {"day", "name"}


@pytest.mark.parametrize("role", [Role.RECEPTIONIST, Role.HANDLER, Role.LEADER, None])
def test_only_an_admin_declares_a_day_off_or_removes_one(database: Database, role: Role | None) -> None:
    """A day off moves every legal time limit: declaring or removing one is an office setting."""
    who = an_actor(role, "nguoi") if role else NOBODY
    with database.sessions.begin() as session:
        save_day(session, ADMIN, dt.date(2026, 3, 12), is_day_off=True, name="Nghỉ theo Quyết định 15/QĐ-UBND")
    with pytest.raises(PermissionDeniedError), database.sessions.begin() as session:
        save_day(session, who, dt.date(2026, 3, 13), is_day_off=True, name="Nghỉ tự đặt")
    with pytest.raises(PermissionDeniedError), database.sessions.begin() as session:
        remove_day(session, who, dt.date(2026, 3, 12))
    with database.sessions() as session:
        assert [day.day for day in list_days(session)] == [dt.date(2026, 3, 12)]
