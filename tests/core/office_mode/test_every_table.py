"""Every shared table spreads every change: an insert and two successive updates on D01 reach D02.

The rows are built from the tables' own columns, so a shared table added later is covered without
a line here; a column of a kind the builder does not know fails the test rather than skip it.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Boolean, Column, Date, Engine, Enum, Float, Integer, String, Table, Text, Uuid, select
from sqlalchemy.orm import Mapper, Session

from db.base import Base, Versioned
from db.models import ServerChange
from db.session import make_engine
from db.sync import APPEND_ONLY, shared_tables
from db.types import UTCDateTime
from desktop.core.database import Database
from desktop.core.office_mode import sync

pytestmark = pytest.mark.postgres
MOMENT = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)
NOT_BUILT = frozenset({"id", "version"})


def _mapper(table: Table) -> Mapper[Any]:
    [mapper] = [m for m in Base.registry.mappers if m.local_table is table]
    return mapper


def _value(table: Table, column: Column[Any], built: dict[str, uuid.UUID]) -> object:
    """A valid value for ``column``; a reference points at the row built for the referred table."""
    for key in column.foreign_keys:
        referred = key.column.table.name
        return None if referred == table.name else built[referred]  # no row refers to itself here
    kind = column.type
    if isinstance(kind, Enum) and kind.enum_class is not None:
        return next(iter(kind.enum_class))
    makers: tuple[tuple[type, Callable[[], object]], ...] = (
        (Uuid, uuid.uuid4),
        (UTCDateTime, lambda: MOMENT),
        (Date, lambda: dt.date(2031, 1, 2)),  # a day no desk declared
        (Boolean, lambda: True),
        (Integer, lambda: 7),
        (Float, lambda: 2.5),
        (String, lambda: f"T{table.name}"[: getattr(kind, "length", None) or 40]),
        (Text, lambda: f"Nội dung {table.name}"),
    )
    for column_type, make in makers:
        if isinstance(kind, column_type):
            return make()
    raise AssertionError(f"{table.name}.{column.name}: no value for a column of type {kind!r}; teach this test")


def _edited_column(table: Table) -> Column[Any]:
    """A plain column of the row that the updates change: text if it has one, else a number."""
    plain = [
        column
        for column in table.columns
        if column.name not in NOT_BUILT and not column.foreign_keys and not column.unique
    ]
    for kinds in ((String, Text), (Integer,)):
        for column in plain:
            if isinstance(column.type, kinds) and not isinstance(column.type, Enum):
                return column
    raise AssertionError(f"{table.name}: no plain column to edit; teach this test another kind of update")


def _edit_value(table: Table, round_: int) -> object:
    column = _edited_column(table)
    if isinstance(column.type, Integer):
        return 100 + round_
    return f"Sửa lần {round_} {table.name}"[: getattr(column.type, "length", None) or 200]


def _build_rows(session: Session) -> dict[str, uuid.UUID]:
    """One row of every shared table, parents first; returns each table's row id."""
    built: dict[str, uuid.UUID] = {}
    for table in shared_tables():
        mapper = _mapper(table)
        values = {
            mapper.get_property_by_column(column).key: _value(table, column, built)
            for column in table.columns
            if column.name not in NOT_BUILT
        }
        row = mapper.class_(id=uuid.uuid4(), **values)
        session.add(row)
        session.flush()
        built[table.name] = row.id
    return built


def _edit(session: Session, built: dict[str, uuid.UUID], round_: int) -> None:
    for table in shared_tables():
        if table.name in APPEND_ONLY:  # the app refuses to change them (desktop.core.audit)
            continue
        mapper = _mapper(table)
        row = session.get_one(mapper.class_, built[table.name])
        setattr(row, mapper.get_property_by_column(_edited_column(table)).key, _edit_value(table, round_))
        session.flush()


def _rows(engine: Engine, built: dict[str, uuid.UUID]) -> dict[str, dict[str, object]]:
    found = {}
    with engine.connect() as connection:
        for table in shared_tables():
            row = connection.execute(select(table).where(table.c.id == built[table.name])).mappings().first()
            found[table.name] = {key: _plain(value) for key, value in (row or {}).items()}
    return found


def _plain(value: object) -> object:
    return value.value if isinstance(value, enum.Enum) else value


def test_every_shared_table_is_versioned() -> None:
    """The pull overwrites a row with a newer version only: a table without one would keep its first."""
    unversioned = [t.name for t in shared_tables() if not issubclass(_mapper(t).class_, Versioned)]
    assert unversioned == []


def test_an_insert_and_two_updates_of_every_shared_table_reach_the_other_desk(
    make_desk: Callable[[str], Database], fresh_pg_url: str
) -> None:
    d01, d02 = make_desk("D01"), make_desk("D02")
    with d01.sessions.begin() as session:
        built = _build_rows(session)
    sync.sync_once(d01, "D01")
    sync.sync_once(d02, "D02")  # D02 holds the first version before the updates come
    for round_ in (1, 2):
        with d01.sessions.begin() as session:
            _edit(session, built, round_)
        sync.sync_once(d01, "D01")  # each update its own push: the server logs both
    sync.sync_once(d02, "D02")

    server = make_engine(fresh_pg_url)
    try:
        on_server, on_d01, on_d02 = _rows(server, built), _rows(d01.engine, built), _rows(d02.engine, built)
        with server.connect() as connection:
            logged = {
                (entity, op.value, version)
                for entity, op, version in connection.execute(
                    select(ServerChange.entity, ServerChange.op, ServerChange.version).where(
                        ServerChange.entity_id.in_(list(built.values()))
                    )
                )
            }
    finally:
        server.dispose()
    for table in shared_tables():
        name, edited = table.name, _edited_column(table).name
        if name in APPEND_ONLY:  # written once: the insert reaches the server and the other desk
            assert on_d01[name]["version"] == 1, name
            assert on_server[name] == on_d01[name] == on_d02[name], name
            assert (name, "insert", 1) in logged, name
            continue
        assert on_d01[name][edited] == _edit_value(table, 2), name
        assert on_d01[name]["version"] == 3, name
        assert on_server[name] == on_d01[name], name
        assert on_d02[name] == on_d01[name], name
        assert {(name, "insert", 1), (name, "update", 2), (name, "update", 3)} <= logged, name
