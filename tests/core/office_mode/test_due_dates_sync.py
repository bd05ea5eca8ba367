"""Stored due dates follow the office calendar when a day arrives from another desk by a sync.

Against the real PostgreSQL through the loopback proxy. A desk that declares a day brings the due
dates it holds up to date (desktop.core.cases.due_dates); a petition another desk registered while
apart only gets its new due date when that desk pulls the day: before, it kept the old one on its
own desk, on the server and on every desk that pulled it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from db.models import Petition
from db.session import make_engine
from desktop.core.access import NOBODY
from desktop.core.cases.due_dates import save_day
from desktop.core.cases.petitions import register_petition
from desktop.core.database import Database
from desktop.core.deadlines.office_days import office_calendar
from desktop.core.deadlines.rules import cached_deadline
from desktop.core.office_mode import sync
from desktop.core.office_mode.conflicts import ConflictView, list_conflicts, resolve_conflict
from tests.builders import ADMIN, make_petition_draft
from tests.helpers.tcpproxy import TcpProxy

pytestmark = pytest.mark.postgres
RECEIVED = dt.date(2026, 3, 5)  # a Thursday: the time limit runs from Friday 6 March
MONDAY = dt.date(2026, 3, 9)  # a working day inside that time limit, declared off on D01


@pytest.fixture
def server(fresh_pg_url: str) -> Iterator[Engine]:
    engine = make_engine(fresh_pg_url)
    yield engine
    engine.dispose()


@pytest.fixture
def desks(make_desk: Callable[[str], Database]) -> tuple[Database, Database]:
    d01, d02 = make_desk("D01"), make_desk("D02")
    for desk, code in ((d01, "D01"), (d02, "D02")):
        sync.sync_once(desk, code)
    return d01, d02


def _register(desk: Database, code: str) -> str:
    with desk.sessions.begin() as session:
        return register_petition(session, make_petition_draft(received_on=RECEIVED), desk_code=code, actor=ADMIN).number


def _due(database: Database | Engine, number: str) -> tuple[dt.date | None, str]:
    engine = database if isinstance(database, Engine) else database.engine
    with engine.connect() as connection:
        row = connection.execute(select(Petition.due_on, Petition.rule_id).where(Petition.number == number)).one()
    return row.due_on, row.rule_id


def _expected(desk: Database, number: str) -> dt.date:
    """The due date the desk's office calendar gives the petition now."""
    _stored, rule = _due(desk, number)
    with desk.sessions() as session:
        return cached_deadline(rule, RECEIVED, calendar=office_calendar(session)).due


def test_a_day_off_pulled_from_another_desk_moves_the_due_dates_of_this_desks_petitions(
    desks: tuple[Database, Database], proxy: TcpProxy, server: Engine
) -> None:
    d01, d02 = desks
    proxy.cut()  # apart: D01 does not hold D02's petition when it declares the day
    number = _register(d02, "D02")
    before, _rule = _due(d02, number)
    with d01.sessions.begin() as session:
        save_day(session, ADMIN, MONDAY, is_day_off=True, name="Quyết định 12/QĐ-UBND")
    proxy.restore()
    sync.sync_once(d01, "D01")  # the day reaches the server
    sync.sync_once(d02, "D02")  # D02 pushes its petition and pulls the day
    sync.sync_once(d01, "D01")  # D01 pulls the petition (and D02's new due date)
    after = _expected(d02, number)
    assert before is not None
    assert after > before  # the day off lengthens the time limit
    assert _due(d02, number)[0] == _due(server, number)[0] == _due(d01, number)[0] == after
    assert _expected(d01, number) == after
    assert [sync.status(desk).pending for desk in desks] == [0, 0]


def test_a_pull_without_calendar_days_changes_no_due_date(desks: tuple[Database, Database], server: Engine) -> None:
    """The petition of a desk that pulls only visits and petitions keeps its version: nothing to send."""
    d01, d02 = desks
    number = _register(d02, "D02")
    sync.sync_once(d02, "D02")
    _register(d01, "D01")
    sync.sync_once(d01, "D01")
    sync.sync_once(d02, "D02")
    with server.connect() as connection:
        version = connection.execute(select(Petition.version).where(Petition.number == number)).scalar_one()
    assert version == 1
    assert sync.status(d02).pending == 0


def test_keeping_this_desks_day_in_a_calendar_conflict_moves_the_due_dates_back(
    desks: tuple[Database, Database], proxy: TcpProxy, server: Engine
) -> None:
    d01, d02 = desks
    number = _register(d01, "D01")
    sync.sync_once(d01, "D01")
    sync.sync_once(d02, "D02")
    original, _rule = _due(d02, number)
    proxy.cut()
    with d01.sessions.begin() as session:
        save_day(session, ADMIN, MONDAY, is_day_off=True, name="Quyết định 12/QĐ-UBND")
    with d02.sessions.begin() as session:
        save_day(session, ADMIN, MONDAY, is_day_off=False, name="Làm việc theo Công văn 5/UBND")
    proxy.restore()
    for desk, code in ((d01, "D01"), (d02, "D02"), (d01, "D01")):
        sync.sync_once(desk, code)
    moved = _due(server, number)[0]
    assert moved is not None
    assert original is not None
    assert moved > original
    assert _due(d02, number)[0] == _due(d01, number)[0] == moved  # D02 shows the server's day, and counts on it
    [conflict] = [c for c in _conflicts(d02) if c.entity == "calendar_day"]
    resolve_conflict(d02, conflict.id, "desk", "Trưởng ban")
    assert _due(d02, number)[0] == original  # the working Monday is back: so is the due date
    for desk, code in ((d02, "D02"), (d01, "D01")):
        sync.sync_once(desk, code)
    assert _due(server, number)[0] == _due(d01, number)[0] == original
    assert _expected(d01, number) == original


def _conflicts(desk: Database) -> list[ConflictView]:
    with desk.sessions() as session:
        return list_conflicts(session, actor=NOBODY)


@pytest.mark.parametrize(
    "entry",
    [
        "import desktop.cli.sync_cmd",
        "from desktop.core.database import open_database; from desktop.ui.office_mode.sync_worker import sync_round; "
        "sync_round(open_database(data_dir=sys.argv[1]))",
    ],
    ids=["tiepdan sync", "the GUI's sync round"],
)
def test_what_runs_a_sync_has_the_due_dates_follow_the_calendar(entry: str, tmp_path: Path) -> None:
    """Office mode may not import the cases package: what starts a sync must (in a fresh process)."""
    script = f"import sys; {entry}; from desktop.core.deadlines import office_days; print(len(office_days._followers))"
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "desk")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "1"
