"""Report periods: the 15th-to-14th default, other cut-off days, calendar periods, custom ranges."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db.enums import Role
from db.models import Office
from desktop.core.database import Database
from desktop.core.errors import ValidationError
from desktop.core.permissions import PermissionDeniedError
from desktop.core.reports.periods import check_cutoff_day, custom, cutoff_day, save_cutoff_day, standard
from tests.builders import ADMIN, an_actor

D = dt.date


@pytest.mark.parametrize(
    ("kind", "start", "end"),
    [
        ("q1", D(2025, 12, 15), D(2026, 3, 14)),
        ("q2", D(2026, 3, 15), D(2026, 6, 14)),
        ("q3", D(2026, 6, 15), D(2026, 9, 14)),
        ("q4", D(2026, 9, 15), D(2026, 12, 14)),
        ("6m", D(2025, 12, 15), D(2026, 6, 14)),
        ("9m", D(2025, 12, 15), D(2026, 9, 14)),
        ("year", D(2025, 12, 15), D(2026, 12, 14)),
    ],
)
def test_default_cut_off_is_the_15th_to_the_14th(kind: str, start: dt.date, end: dt.date) -> None:
    period = standard(kind, 2026)
    assert (period.start, period.end) == (start, end)


def test_day_one_gives_calendar_periods_and_another_day_moves_both_ends() -> None:
    assert (standard("q1", 2026, 1).start, standard("q1", 2026, 1).end) == (D(2026, 1, 1), D(2026, 3, 31))
    assert (standard("year", 2026, 1).start, standard("year", 2026, 1).end) == (D(2026, 1, 1), D(2026, 12, 31))
    assert (standard("q2", 2026, 20).start, standard("q2", 2026, 20).end) == (D(2026, 3, 20), D(2026, 6, 19))
    assert standard("q1", 2026).line() == "Số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026"


def test_the_cut_off_day_is_the_offices(database: Database) -> None:
    with database.sessions.begin() as session:
        assert cutoff_day(session) == 15
        save_cutoff_day(session, 1, actor=ADMIN)
    with database.sessions() as session:
        assert cutoff_day(session) == 1
        assert session.scalars(select(Office)).one().report_cutoff_day == 1  # on the row every desk shares
    for day in (0, 29, 31):
        with database.sessions.begin() as session, pytest.raises(ValidationError) as caught:
            save_cutoff_day(session, day, actor=ADMIN)
        assert "28" in str(caught.value.errors["cutoff_day"])
    with database.sessions() as session:
        assert cutoff_day(session) == 1


@pytest.mark.parametrize("typed", ["", "0", "29", "1.5", "-3", "mười", "15/12"])
def test_a_typed_day_out_of_1_to_28_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_cutoff_day(typed)
    assert set(caught.value.errors) == {"cutoff_day"}


def test_setting_the_cut_off_day_needs_the_right_once_the_desk_has_accounts(database: Database) -> None:
    from desktop.core.users import add_user

    with database.sessions.begin() as session:
        add_user(session, ADMIN, "quantri", "mat-khau-dai-du-12", role=Role.ADMIN)
    with database.sessions.begin() as session, pytest.raises(PermissionDeniedError):
        save_cutoff_day(session, 1, actor=an_actor(Role.RECEPTIONIST))
    with database.sessions.begin() as session:
        save_cutoff_day(session, 1, actor=an_actor(Role.ADMIN))
        assert cutoff_day(session) == 1


def test_a_custom_range_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValidationError):
        custom(D(2026, 5, 2), D(2026, 5, 1))
    assert custom(D(2026, 5, 1), D(2026, 5, 1)).start == D(2026, 5, 1)
