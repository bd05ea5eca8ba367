"""Outbox plumbing: each change of a shared record is appended to the outbox in its transaction.

Office-mode desks push the outbox to the server (docs/sync.md); single desks keep it switched off.
Mutable records carry a ``version`` (the ``db.base.Versioned`` mixin) that goes up by one on every
UPDATE, so that a server can apply pushes idempotently (upsert by id and version) and spot
concurrent edits.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import Column, Connection, Date, Enum, Table, Uuid, event, insert, inspect
from sqlalchemy.orm import Mapper, Session, object_session, sessionmaker

from db.base import Base
from db.enums import ChangeOp
from db.models import OutboxEntry
from db.types import UTCDateTime

# Desk- or server-local tables; every other table is shared: its changes go to the outbox here and
# the server's migrations give it a change-log trigger (db/migrations/triggers.py).
LOCAL_TABLES = frozenset(
    {"outbox", "counter", "local_setting", "server_change", "sync_conflict", "number_block", "pull_progress"}
)

# Tables a desk only ever adds rows to. On the server a desk's own role may SELECT and INSERT
# them, never UPDATE, DELETE or TRUNCATE (desktop/core/office_mode/desk_roles.py, docs/security.md);
# the push inserts into them without locking (a lock needs the UPDATE right). The audit log joins
# this list when it lands. A visit's people are not on it: a corrective step fixes a mistyped name
# or number of the day (desktop/core/reception/corrections.py, docs/security.md).
APPEND_ONLY_TABLES = frozenset(
    {
        "received_document",
        "petition_sender",
        "citizen_change",
        "case_event",
        "issued_document",
        "server_change",
        "audit_event",  # the audit trail (desktop/core/audit.py): a desk may never rewrite it
        "correction",  # corrective steps (desktop/core/cases/corrections.py): a later step corrects again
        "number_block",
        "imported_entry",  # where an imported visit came from: written once with its visit
    }
)

# Shared tables whose rows are written once and never updated or deleted (the app refuses to; the
# hash chain shows a row changed by other means). Their pushes are plain inserts, which never conflict.
APPEND_ONLY = frozenset({"audit_event"})

# Natural keys two desks working apart may both create. The rule: same key -> same id. The id is
# derived from the normalised key (uuid5) where the record is created, so a second desk's insert
# of the key is the same row as the first desk's: the push makes it one record, or a conflict for
# a person when the two versions differ (desktop/core/office_mode/sync.py), never a clash on the
# unique key that would stop the outbox. A row of these tables deleted may be created again.
DERIVED_IDS: dict[str, str] = {
    "field_of_law": "code",  # desktop.core.cases.petitions.field_id
    "calendar_day": "day",  # desktop.core.deadlines.office_days.day_id
    "case_result": "case_id",  # desktop.core.reports.results.result_id
}

# Every other unique key of a shared table, and why two desks can never both create it
# (tests/db/test_natural_keys.py fails for a unique key listed in neither place).
UNIQUE_KEYS: dict[tuple[str, tuple[str, ...]], str] = {
    ("desk", ("code",)): "a code is registered on the server with the installation's id before the desk "
    "uses it (desktop.core.office_mode.joining._register): one desk per code",
    ("app_user", ("username",)): "nothing sets it yet (login arrives later); a user given a username must "
    "then take an id derived from it, as field codes do",
    ("audit_event", ("chain_id", "seq")): "a chain belongs to one desk code on one installation (its id is "
    "random, desktop.core.audit) and is numbered by that desk's own counter",
    ("visit", ("serial",)): "the serial carries the desk code and the desk's own counter",
    ("visit", ("desk_id", "year", "seq")): "numbered by the desk's own counter",
    ("imported_entry", ("desk_id", "file_hash", "sheet", "row")): "a desk imports a row of a file once, under its "
    "own desk id; another desk importing the same file is told which rows it already holds once it has pulled",
    ("petition", ("number",)): "the number carries the desk code and the desk's own counter",
    ("petition", ("desk_id", "year", "seq")): "numbered by the desk's own counter",
    ("case_file", ("number",)): "the number carries the desk code and the desk's own counter",
    ("case_file", ("desk_id", "year", "seq")): "numbered by the desk's own counter",
    ("case_figure", ("result_id", "code")): "its id is derived from its result and code "
    "(desktop.core.reports.results.figure_id): two desks entering it make the same row",
    ("report_opening", ("desk_id", "table_id", "year", "column_id")): "its id is derived from the four "
    "(desktop.core.reports.openings.opening_id), and only the desk itself enters its own openings",
}


def install(factory: sessionmaker[Session], *, outbox: bool) -> None:
    """Sessions of ``factory`` record their changes in the outbox when ``outbox`` is set."""
    factory.kw.setdefault("info", {})["outbox"] = outbox


@event.listens_for(Base, "after_insert", propagate=True)
def _record_insert(_mapper: Mapper[Any], connection: Connection, target: Any) -> None:
    _record(connection, target, ChangeOp.INSERT)


@event.listens_for(Base, "after_update", propagate=True)
def _record_update(_mapper: Mapper[Any], connection: Connection, target: Any) -> None:
    session = object_session(target)
    # after_update also fires for rows whose only change was a collection: no UPDATE was sent.
    if session is not None and session.is_modified(target, include_collections=False):
        _record(connection, target, ChangeOp.UPDATE)


@event.listens_for(Base, "after_delete", propagate=True)
def _record_delete(_mapper: Mapper[Any], connection: Connection, target: Any) -> None:
    _record(connection, target, ChangeOp.DELETE)


def _record(connection: Connection, target: Any, op: ChangeOp) -> None:
    """Append the row as just written to the outbox, on the flush's own connection.

    Mapper events fire once per row actually inserted, updated or deleted, so an orphan
    removed from a collection is a delete here, not an update.
    """
    session = object_session(target)
    if session is None or not session.info.get("outbox") or not _shared(target):
        return
    connection.execute(
        insert(OutboxEntry),
        [
            {
                "entity": target.__tablename__,
                "entity_id": target.id,
                "op": op,
                "created_at": dt.datetime.now(dt.UTC),
                "version": getattr(target, "version", None) or 1,
                "payload": payload(target),
            }
        ],
    )


def _shared(obj: object) -> bool:
    return isinstance(obj, Base) and obj.__tablename__ not in LOCAL_TABLES


def payload(obj: Any) -> dict[str, object]:
    """The row's columns as JSON-ready values (the row as the server should store it)."""
    values: dict[str, object] = {}
    for column in inspect(obj).mapper.column_attrs:
        values[column.key] = json_value(getattr(obj, column.key))
    return values


def json_value(value: object) -> object:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def shared_tables() -> list[Table]:
    """The tables that travel between desks, parents before children."""
    return [table for table in Base.metadata.sorted_tables if table.name not in LOCAL_TABLES]


def decode(table: Table, data: dict[str, object]) -> dict[str, object]:
    """A payload (JSON values, from a desk's outbox or the server's log) as column values."""
    values: dict[str, object] = {}
    for name, convert in _decoders(table):
        if name in data:
            value = data[name]
            values[name] = value if value is None or convert is None else convert(value)
    return values


_DECODERS: dict[Table, tuple[tuple[str, Callable[[Any], object] | None], ...]] = {}


def _decoders(table: Table) -> tuple[tuple[str, Callable[[Any], object] | None], ...]:
    """Each column's name and converter (None: kept as is), worked out once per table (push speed)."""
    found = _DECODERS.get(table)
    if found is None:
        found = _DECODERS[table] = tuple((column.name, _converter(column)) for column in table.columns)
    return found


def _converter(column: Column[Any]) -> Callable[[Any], object] | None:
    column_type = column.type
    if isinstance(column_type, Uuid):
        return _uuid
    if isinstance(column_type, UTCDateTime):
        return _datetime
    if isinstance(column_type, Date):
        return _date
    if isinstance(column_type, Enum) and column_type.enum_class is not None:
        return column_type.enum_class
    return None


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _datetime(value: object) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _date(value: object) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])
