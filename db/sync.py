"""Outbox plumbing: each change of a shared record is appended to the outbox in its transaction.

Office-mode desks push the outbox to the server (issue 3); single desks keep it switched off.
Mutable records carry a ``version`` that goes up by one on every change, so that a server can
apply pushes idempotently (upsert by id and version) and spot concurrent edits.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, sessionmaker

from db.base import Base
from db.enums import ChangeOp
from db.models import OutboxEntry

LOCAL_TABLES = frozenset({"outbox", "counter", "local_setting"})


def install(factory: sessionmaker[Session], *, outbox: bool) -> None:
    """Bump versions on every flush of ``factory``'s sessions; with ``outbox``, record changes."""
    factory.kw.setdefault("info", {})["outbox"] = outbox
    event.listen(factory, "before_flush", _bump_versions)
    event.listen(factory, "after_flush", _record_changes)


def _bump_versions(session: Session, _context: object, _instances: object) -> None:
    for obj in session.dirty:
        if _shared(obj) and hasattr(obj, "version") and session.is_modified(obj, include_collections=False):
            obj.version = (obj.version or 1) + 1


def _record_changes(session: Session, _context: object) -> None:
    """Append the flushed changes to the outbox, in the flush's own transaction.

    After the flush, keys and defaults are known; the outbox rows go in through Core so that
    they need no second flush.
    """
    if not session.info.get("outbox"):
        return
    rows = [_row(obj, ChangeOp.INSERT) for obj in session.new if _shared(obj)]
    rows += [
        _row(obj, ChangeOp.UPDATE)
        for obj in session.dirty
        if _shared(obj) and session.is_modified(obj, include_collections=False)
    ]
    rows += [_row(obj, ChangeOp.DELETE) for obj in session.deleted if _shared(obj)]
    if rows:
        session.connection().execute(insert(OutboxEntry), rows)


def _shared(obj: object) -> bool:
    return isinstance(obj, Base) and obj.__tablename__ not in LOCAL_TABLES


def _row(obj: Any, op: ChangeOp) -> dict[str, object]:
    now = dt.datetime.now(dt.UTC)
    return {
        "entity": obj.__tablename__,
        "entity_id": obj.id,
        "op": op,
        "created_at": now,
        "version": getattr(obj, "version", None) or 1,
        "payload": payload(obj),
    }


def payload(obj: Any) -> dict[str, object]:
    """The row's columns as JSON-ready values (the row as the server should store it)."""
    values: dict[str, object] = {}
    for column in inspect(obj).mapper.column_attrs:
        values[column.key] = _json_value(getattr(obj, column.key))
    return values


def _json_value(value: object) -> object:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value
