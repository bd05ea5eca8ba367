"""Desk-local plumbing: the outbox of changes to push, number counters, local settings."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.enums import ChangeOp
from db.types import created_at, text_enum


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
