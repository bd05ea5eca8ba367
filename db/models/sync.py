"""Desk-local plumbing: the outbox of changes to push, number counters, local settings."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, BigInteger, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.enums import ChangeOp
from db.types import created_at, text_enum, uuid_pk


class OutboxEntry(Base):
    """One change waiting to be pushed to the office server, written in the same transaction."""

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID]
    op: Mapped[ChangeOp] = mapped_column(text_enum(ChangeOp))
    version: Mapped[int]
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[created_at]
    pushed_at: Mapped[dt.datetime | None]
    # Set aside (docs/sync.md#refused-changes): the server refused this change, or one it depends on
    # (``rejected_because``, the seq of that entry). Pending means neither pushed nor rejected.
    rejected_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    rejected_reason: Mapped[str] = mapped_column(String(300), default="")  # a code, never a row's values
    rejected_because: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    kept_local_at: Mapped[dt.datetime | None]  # a person chose to keep it on this desk: never pushed


class Counter(Base):
    """The last number handed out in a scope and year ("visit:D01", 2026 -> 123)."""

    __tablename__ = "counter"

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)


class LocalSetting(Base):
    """Desk-local configuration that must not travel to other desks (this desk's code, mode)."""

    __tablename__ = "local_setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(2000), default="")


class ServerChange(Base):
    """The server's change log: one row per stored version, numbered in commit order.

    Filled by triggers on PostgreSQL (every writer, pushes and direct edits alike); desks pull
    the rows after their cursor. Unused in a desk's local SQLite. Every write is a row of its own:
    the log has no unique key that could fold two writes into one (a row deleted and created again
    keeps its id and starts again at version 1). The index serves the look-ups of one record's
    history (a retried push, a deleted row).
    """

    __tablename__ = "server_change"
    __table_args__ = (Index("ix_server_change_entity_entity_id", "entity", "entity_id"),)

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID]
    op: Mapped[ChangeOp] = mapped_column(text_enum(ChangeOp, length=10))  # the triggers write lower(TG_OP)
    version: Mapped[int]
    origin: Mapped[str] = mapped_column(String(8), default="")  # desk code of the pusher, "" for direct edits
    origin_seq: Mapped[int] = mapped_column(BigInteger, default=0)  # the pusher's outbox entry, for retries
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    changed_at: Mapped[created_at]


class SyncConflict(Base):
    """Two desks changed the same mutable record while apart: both versions wait for a person."""

    __tablename__ = "sync_conflict"

    id: Mapped[uuid_pk]
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID] = mapped_column(index=True)
    desk_code: Mapped[str] = mapped_column(String(8))
    base_version: Mapped[int]
    server_version: Mapped[int]
    desk_payload: Mapped[dict[str, object]] = mapped_column(JSON)
    server_payload: Mapped[dict[str, object]] = mapped_column(JSON)
    detected_at: Mapped[created_at]
    resolved_at: Mapped[dt.datetime | None]
    resolution: Mapped[str] = mapped_column(String(20), default="")  # "desk" | "server"
    resolved_by: Mapped[str] = mapped_column(String(200), default="")


class NumberBlock(Base):
    """A block of official outgoing numbers reserved by one desk (server) or held by it (desk).

    Official numbers ("Số: 15/TB-BTCD") run per document type and year for the whole office;
    a desk reserves small blocks while online and uses them offline.
    """

    __tablename__ = "number_block"
    __table_args__ = (UniqueConstraint("scope", "year", "first", name="uq_number_block_scope_year_first"),)

    id: Mapped[uuid_pk]
    scope: Mapped[str] = mapped_column(String(40))
    year: Mapped[int]
    first: Mapped[int]
    last: Mapped[int]
    desk_code: Mapped[str] = mapped_column(String(8))
    next_value: Mapped[int]  # on the desk: the next number to hand out from this block
    reserved_at: Mapped[created_at]


class PullProgress(Base):
    """How far each desk has pulled the server's change log (server-local, never pushed).

    A desk records, after a push has succeeded, the cursor it had pulled to before that push:
    every change up to it has reached the desk and whatever the desk did about it has reached
    the server. The change log is pruned only below every joined desk's progress (docs/sync.md).
    """

    __tablename__ = "pull_progress"

    desk_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    pulled_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    reported_at: Mapped[created_at]
