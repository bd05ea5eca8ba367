"""Whose figures a report shows, on the real PostgreSQL server: an office desk the office's, a lone desk its own.

Two desks join one office server and record visits; once both have synced, the report on either
desk is the office's (both desks' visits, a row per desk under the total). A desk working alone
counts its own book. When the server is away the office desk falls back to its own copy and says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from db.enums import Role
from desktop.core.database import Database
from desktop.core.office_mode import sync
from desktop.core.reception.visits import register_visit
from desktop.core.reports.periods import cutoff_day, save_cutoff_day, standard
from desktop.core.reports.scope import office_cell_records, office_tables
from desktop.core.reports.tables import rule_breaks
from tests.builders import ADMIN, an_actor, make_citizen, make_draft
from tests.helpers.tcpproxy import TcpProxy

NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)
PERIOD = standard("q1", 2026)  # 15/12/2025 - 14/03/2026: holds NOW
LEADER = an_actor(Role.LEADER, "lanhdao")


def _visits(database: Database, code: str, count: int, *, delegation_of: int = 0) -> None:
    """``count`` visits on desk ``code``; with ``delegation_of``, the first is a delegation of that many."""
    for index in range(count):
        person = make_citizen(full_name=f"Nguyễn Văn {code} {index}", id_number=f"0891850{code[1:]}{index:03d}")
        big = index == 0 and delegation_of > 0
        draft = make_draft(person, is_delegation=big, head_count=delegation_of if big else 1)
        with database.sessions.begin() as session:
            register_visit(session, draft, desk_code=code, now=NOW, actor=ADMIN)


def _cells(database: Database, table_id: str = "01/TCD") -> tuple[dict[str, dict[str, float]], str]:
    scoped = office_tables(database, [table_id], PERIOD, actor=LEADER)
    [table] = scoped.tables
    assert rule_breaks(table) == []
    return {row.unit: dict(row.cells) for row in table.rows}, scoped.source_note


@pytest.mark.postgres
def test_an_office_desk_reports_every_desks_visits_from_the_server(make_desk: Callable[[str], Database]) -> None:
    d01, d02 = make_desk("D01"), make_desk("D02")
    _visits(d01, "D01", 3, delegation_of=6)
    _visits(d02, "D02", 2)
    sync.sync_once(d01, "D01")
    sync.sync_once(d02, "D02")

    for desk in (d01, d02):  # either desk of the office: the same office figures
        rows, note = _cells(desk)
        assert note == ""
        assert rows["Tổng cộng"]["1"] == 5  # visits of both desks
        assert rows["Tổng cộng"]["2"] == 6 + 2 + 2  # the delegation's six people, one each for the others
        assert rows["Bàn tiếp D01"]["1"] == 3
        assert rows["Bàn tiếp D02"]["1"] == 2
        assert rows["Bàn tiếp D01"]["8"] == 1  # the delegation, as "of which"


@pytest.mark.postgres
def test_an_office_desk_whose_server_is_away_reports_its_own_copy_and_says_so(
    make_desk: Callable[[str], Database], proxy: TcpProxy
) -> None:
    d01, d02 = make_desk("D01"), make_desk("D02")
    _visits(d02, "D02", 2)
    sync.sync_once(d02, "D02")
    _visits(d01, "D01", 3)
    sync.sync_once(d01, "D01")  # D01 pulls D02's two visits
    _visits(d01, "D01", 1)  # not yet on the server
    proxy.cut()

    rows, note = _cells(d01)

    assert note  # the report says the server was away
    assert rows["Tổng cộng"]["1"] == 3 + 1 + 2  # what this desk holds: its own four and the two it pulled


def test_a_lone_desk_reports_its_own_book(database: Database) -> None:
    _visits(database, "D01", 4, delegation_of=7)

    rows, note = _cells(database)

    assert note == ""
    assert rows["Tổng cộng"]["1"] == 4
    assert rows["Tổng cộng"]["2"] == 7 + 3
    assert list(rows) == ["Tổng cộng", "Bàn tiếp D01"]


@pytest.mark.postgres
def test_a_cell_of_the_office_table_lists_the_records_the_server_counted(
    make_desk: Callable[[str], Database],
) -> None:
    d01, d02 = make_desk("D01"), make_desk("D02")
    _visits(d01, "D01", 3)
    sync.sync_once(d01, "D01")
    _visits(d02, "D02", 2)
    sync.sync_once(d02, "D02")  # D01 has not pulled D02's visits: only the server holds all five

    office = office_cell_records(d01, "01/TCD", "1", PERIOD, actor=LEADER)
    of_d02 = office_cell_records(d01, "01/TCD", "1", PERIOD, actor=LEADER, desk_code="D02")

    assert len(office) == 5
    assert sorted(record.number[:3] for record in of_d02) == ["D02", "D02"]


@pytest.mark.postgres
def test_the_cut_off_day_set_on_one_desk_is_the_offices(make_desk: Callable[[str], Database]) -> None:
    d01, d02 = make_desk("D01"), make_desk("D02")
    for desk, code in ((d01, "D01"), (d02, "D02")):
        sync.sync_once(desk, code)  # each desk has pulled the office's profile
        with desk.sessions() as session:
            assert cutoff_day(session) == 15
    with d01.sessions.begin() as session:
        save_cutoff_day(session, 1, actor=ADMIN)
    sync.sync_once(d01, "D01")
    sync.sync_once(d02, "D02")

    with d02.sessions() as session:
        assert cutoff_day(session) == 1  # both desks count "the year" from 1 January
