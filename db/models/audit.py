"""The audit trail: who read or changed what, each event chained to the one before (docs/audit.md)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Versioned
from db.types import uuid_pk


class AuditEvent(Versioned, Base):
    """One event of a desk's audit chain. Append-only: written once, never updated or deleted.

    ``chain_id`` names the chain (one per desk code and installation, so desks working apart never
    fork one chain), ``seq`` numbers the events of a chain from 1 without gaps, and ``hash`` is the
    SHA-256 of the event's fields and ``prev_hash``, the hash of the event before it
    (``desktop.core.audit``). ``before``/``after`` hold JSON text of the changed columns only; for a
    read, ``after`` says what was read. They hold personal data: never log them.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        UniqueConstraint("chain_id", "seq", name="uq_audit_event_chain_id"),
        Index("ix_audit_event_entity_record_id", "entity", "record_id"),
    )

    id: Mapped[uuid_pk]
    chain_id: Mapped[uuid.UUID]
    desk_code: Mapped[str] = mapped_column(String(8), default="")
    seq: Mapped[int] = mapped_column(BigInteger)
    occurred_at: Mapped[dt.datetime] = mapped_column(index=True)
    actor_id: Mapped[uuid.UUID | None]
    actor_username: Mapped[str | None] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(20))  # create | update | delete | read | print | export | login ...
    entity: Mapped[str] = mapped_column(String(40), default="")  # the table
    record_id: Mapped[uuid.UUID | None]
    before: Mapped[str] = mapped_column(Text, default="")  # JSON text, "" when nothing
    after: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
