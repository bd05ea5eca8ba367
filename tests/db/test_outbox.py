"""The outbox: changes recorded in the same transaction, versions raised on every change."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db.enums import ChangeOp
from db.models import Citizen, OutboxEntry
from db.session import make_session_factory
from desktop.core.database import Database
from desktop.core.errors import ValidationError
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, make_citizen, make_draft

NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)


def _office_sessions(database: Database):  # type: ignore[no-untyped-def]
    return make_session_factory(database.engine, outbox=True)


def test_single_desk_writes_no_outbox(database: Database) -> None:
    with database.sessions.begin() as session:
        register_visit(session, make_draft(), desk_code="D01", now=NOW, actor=ADMIN)
    with database.sessions() as session:
        assert session.scalars(select(OutboxEntry)).all() == []


def test_office_desk_records_every_row_of_a_visit(database: Database) -> None:
    sessions = _office_sessions(database)
    with sessions.begin() as session:
        saved = register_visit(session, make_draft(), desk_code="D01", now=NOW, actor=ADMIN)
    with sessions() as session:
        entries = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
    kinds = sorted(e.entity for e in entries if e.entity != "audit_event")
    assert kinds == ["app_user", "citizen", "received_document", "received_document", "visit", "visit_participant"]
    # Each row's audit event travels too, in the same transaction (docs/audit.md).
    events = [e for e in entries if e.entity == "audit_event"]
    assert sorted(e.payload["entity"] for e in events) == kinds
    visit_entry = next(e for e in entries if e.entity == "visit")
    assert visit_entry.entity_id == saved.visit.id
    assert visit_entry.op == ChangeOp.INSERT
    assert visit_entry.payload["serial"] == "D01-2026-000001"
    assert visit_entry.payload["received_at"] == NOW.isoformat()


def test_update_raises_version_and_is_recorded(database: Database) -> None:
    sessions = _office_sessions(database)
    with sessions.begin() as session:
        register_visit(session, make_draft(), desk_code="D01", now=NOW, actor=ADMIN)
    with sessions.begin() as session:
        register_visit(session, make_draft(make_citizen(phone="0387654321")), desk_code="D01", now=NOW, actor=ADMIN)
    with sessions() as session:
        citizen = session.scalars(select(Citizen)).one()
        updates = session.scalars(select(OutboxEntry).where(OutboxEntry.op == ChangeOp.UPDATE)).all()
    assert citizen.version == 2
    assert [(u.entity, u.version, u.payload["phone"]) for u in updates] == [("citizen", 2, "0387654321")]


def test_failed_save_leaves_no_outbox_entry(database: Database) -> None:
    sessions = _office_sessions(database)
    with pytest.raises(ValidationError), sessions.begin() as session:
        register_visit(session, make_draft(make_citizen(full_name="")), desk_code="D01", now=NOW, actor=ADMIN)
    with sessions() as session:
        assert session.scalars(select(OutboxEntry)).all() == []
