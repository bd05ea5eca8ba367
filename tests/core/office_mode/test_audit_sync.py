"""Audit events travel like any append-only record; each desk keeps its own chain, on PostgreSQL too."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEvent, Citizen
from db.session import make_engine, make_session_factory
from desktop.core import audit
from desktop.core.access import Actor, acting
from desktop.core.database import Database
from desktop.core.office_mode import sync
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, make_draft
from tests.helpers.waiting import WAIT_S

pytestmark = pytest.mark.postgres


def _save(database: Database, code: str, username: str) -> None:
    with database.sessions.begin() as session:
        acting(session, Actor(user_id=uuid.uuid4(), username=username))
        register_visit(session, make_draft(), desk_code=code, actor=ADMIN)


def _chains(session: Session) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for code, seq in session.execute(select(AuditEvent.desk_code, AuditEvent.seq).order_by(AuditEvent.seq)):
        found.setdefault(code, []).append(seq)
    return found


def test_audit_events_reach_the_server_and_the_other_desk_in_separate_intact_chains(
    make_desk: Callable[[str], Database], fresh_pg_url: str
) -> None:
    d01, d02 = make_desk("D01"), make_desk("D02")
    _save(d01, "D01", "lan")  # both desks work apart: each chain starts at 1
    _save(d02, "D02", "hung")
    for database, code in ((d01, "D01"), (d02, "D02")):  # D02 pushes its chain and pulls D01's
        sync.sync_once(database, code)

    server = make_engine(fresh_pg_url)
    try:
        with Session(server) as session:
            on_server = _chains(session)
            server_report = audit.verify_chain(session)
    finally:
        server.dispose()
    with d01.sessions() as session:
        on_d01, d01_report = _chains(session), audit.verify_chain(session)
    with d02.sessions() as session:
        on_d02, d02_report = _chains(session), audit.verify_chain(session)
        users = set(session.scalars(select(AuditEvent.actor_username).where(AuditEvent.desk_code == "D01")))

    assert set(on_server) >= {"D01", "D02"}
    for code in ("D01", "D02"):
        assert on_server[code] == list(range(1, len(on_server[code]) + 1)), code
        assert on_d02[code] == on_server[code], code
    assert on_d01["D01"] == on_server["D01"]
    assert users == {"lan"}
    for report in (server_report, d01_report, d02_report):
        assert report.intact, report
    for report in (server_report, d02_report):
        assert {chain.desk_code for chain in report.chains} >= {"D01", "D02"}


def test_two_writers_on_postgresql_never_fork_the_chain(fresh_pg_url: str) -> None:
    """Two sessions append to the server's own chain at once: the counter row lock serialises them."""
    engine = make_engine(fresh_pg_url)
    sessions = make_session_factory(engine)
    with sessions.begin() as session:
        _save_citizen(session)
    start = threading.Barrier(2, timeout=WAIT_S)
    errors: list[BaseException] = []

    def write(name: str) -> None:
        try:
            start.wait()
            for _ in range(15):
                with sessions.begin() as session:
                    citizen_id = session.scalars(select(Citizen.id)).first()
                    audit.record_read(
                        session, Actor(uuid.uuid4(), name), table="citizen", record_id=citizen_id, what="x"
                    )
        except BaseException as exc:  # reported by the test thread
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(name,)) for name in ("lan", "hung")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_S)
    try:
        assert errors == []
        with sessions() as session:
            report = audit.verify_chain(session)
            reads = session.scalars(select(AuditEvent.actor_username).where(AuditEvent.action == "read")).all()
    finally:
        engine.dispose()
    assert report.intact, report
    assert sorted(reads) == ["hung"] * 15 + ["lan"] * 15


def _save_citizen(session: Session) -> None:
    register_visit(session, make_draft(), desk_code="D01", actor=ADMIN)
