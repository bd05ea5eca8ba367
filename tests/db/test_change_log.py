"""The tables the migrations give change-log triggers are exactly the shared tables of db.sync.

A shared table travels both ways: a desk's outbox captures its changes (ORM events, db.sync) and
the server's triggers log every write to it (db/migrations/triggers.py). A table added to one
side and not the other would be pushed but never pulled, or logged but never pushed.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Uuid, select, text

import db.models  # noqa: F401 - registers the tables
from db import sync
from db.base import Base, Versioned
from db.enums import ChangeOp
from db.models import FieldOfLaw, ServerChange
from desktop.core.database import Database

TRIGGERED_TABLES = text(
    "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE t.tgname = 'tiepdan_change' AND NOT t.tgisinternal AND n.nspname = current_schema()"
)


def _shared_names() -> set[str]:
    return {table.name for table in sync.shared_tables()}


def test_the_triggered_tables_are_the_shared_tables(pg_database: Database) -> None:
    with pg_database.sessions() as session:
        triggered = set(session.execute(TRIGGERED_TABLES).scalars())
    assert triggered, "no change-log trigger found: is this the migrated server schema?"
    assert sorted(triggered - _shared_names()) == [], "triggered on the server but not shared by the desks"
    assert sorted(_shared_names() - triggered) == [], "shared by the desks but no change-log trigger"


def test_the_outbox_captures_the_shared_tables() -> None:
    captured = {mapper.local_table.name for mapper in Base.registry.mappers if sync._shared(mapper.class_())}
    assert captured == _shared_names()


def test_local_tables_all_exist() -> None:
    assert sorted(sync.LOCAL_TABLES - set(Base.metadata.tables)) == []


def test_every_shared_row_has_the_uuid_id_the_change_log_keys_on() -> None:
    for table in sync.shared_tables():
        assert [column.name for column in table.primary_key] == ["id"], table.name
        assert isinstance(table.c.id.type, Uuid), table.name


def test_every_versioned_table_is_shared() -> None:
    versioned = {mapper.local_table.name for mapper in Base.registry.mappers if issubclass(mapper.class_, Versioned)}
    assert versioned
    assert sorted(versioned - _shared_names()) == []


def test_the_triggers_log_each_write_as_a_change_op(pg_database: Database) -> None:
    field_id = uuid.uuid4()
    with pg_database.sessions.begin() as session:
        session.add(FieldOfLaw(id=field_id, code="TEST-LOG", name="Đất đai"))
    with pg_database.sessions.begin() as session:
        session.get_one(FieldOfLaw, field_id).name = "Đất đai, nhà ở"
    with pg_database.sessions.begin() as session:
        session.delete(session.get_one(FieldOfLaw, field_id))
    with pg_database.sessions() as session:
        logged = session.execute(
            select(ServerChange.op, ServerChange.version)
            .where(ServerChange.entity == "field_of_law", ServerChange.entity_id == field_id)
            .order_by(ServerChange.seq)
        ).all()
    assert [(op, version) for op, version in logged] == [
        (ChangeOp.INSERT, 1),
        (ChangeOp.UPDATE, 2),
        (ChangeOp.DELETE, 2),
    ]
    assert all(isinstance(op, ChangeOp) for op, _ in logged)
