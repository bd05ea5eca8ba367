"""Serials: desk-coded, per year, never repeated, also under concurrent sessions."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Visit
from db.session import make_engine, make_session_factory
from desktop.core.database import Database
from desktop.core.numbering import next_number, peek_number, visit_serial
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, make_draft


def test_visit_serial_format() -> None:
    assert visit_serial("D02", 2026, 123) == "D02-2026-000123"


def test_counters_are_per_scope_and_year(any_database: Database) -> None:
    with any_database.sessions.begin() as session:
        assert [next_number(session, "visit:D01", 2026) for _ in range(3)] == [1, 2, 3]
        assert next_number(session, "visit:D01", 2027) == 1
        assert next_number(session, "visit:D02", 2026) == 1
        assert peek_number(session, "visit:D01", 2026) == 3
        assert peek_number(session, "visit:D09", 2026) == 0


def test_rolled_back_number_is_handed_out_again(database: Database) -> None:
    session = database.sessions()
    with session.begin():
        next_number(session, "visit:D01", 2026)
        session.rollback()
    with database.sessions.begin() as session:
        assert next_number(session, "visit:D01", 2026) == 1


def _save_many(url: str, count: int, desk: str, errors: list[BaseException]) -> None:
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    now = dt.datetime(2026, 3, 5, 3, 0, tzinfo=dt.UTC)
    try:
        for _ in range(count):
            with sessions.begin() as session:
                register_visit(session, make_draft(), desk_code=desk, now=now, actor=ADMIN)
    except BaseException as exc:
        errors.append(exc)
    finally:
        engine.dispose()


def _run_concurrently(url: str, per_thread: int, desks: list[str]) -> list[str]:
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_save_many, args=(url, per_thread, desk, errors)) for desk in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        serials = list(session.scalars(select(Visit.serial)))
    engine.dispose()
    return serials


@pytest.mark.postgres
def test_concurrent_sessions_on_postgresql_never_share_a_number(fresh_pg_url: str) -> None:
    serials = _run_concurrently(fresh_pg_url, 25, ["D01", "D01", "D01", "D02"])
    assert len(serials) == 100
    assert len(set(serials)) == 100
    d01 = sorted(s for s in serials if s.startswith("D01"))
    assert d01 == [visit_serial("D01", 2026, n) for n in range(1, 76)]


def test_concurrent_sessions_on_sqlite_never_share_a_number(database: Database, tmp_path: Path) -> None:
    serials = _run_concurrently(database.url, 15, ["D01", "D01", "D01"])
    assert sorted(serials) == [visit_serial("D01", 2026, n) for n in range(1, 46)]
