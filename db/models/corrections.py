"""Corrective steps: a saved visit, a petition decision or a letter corrected or cancelled, never deleted.

Each step says who took it, when and why; a correction keeps the old and new values of the fields
it changed. The record itself carries the outcome (a visit's or a case's ``cancellation_id``, a
petition's decision cleared); a letter, whose row is append-only on the server, is cancelled by
its step alone (desktop/core/cases/corrections.py, docs/corrections.md).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Versioned
from db.enums import CorrectionKind
from db.types import text_enum, utcnow, uuid_pk


class Correction(Versioned, Base):
    """One corrective step. Append-only: a later step corrects again, it never rewrites this one."""

    __tablename__ = "correction"
    __table_args__ = (Index("ix_correction_entity_record_id", "entity", "record_id"),)

    id: Mapped[uuid_pk]
    entity: Mapped[str] = mapped_column(String(40))  # visit | petition | issued_document
    record_id: Mapped[uuid.UUID]
    reference: Mapped[str] = mapped_column(String(40), default="")  # the serial or number people know it by
    kind: Mapped[CorrectionKind] = mapped_column(text_enum(CorrectionKind))
    reason: Mapped[str] = mapped_column(String(500))
    made_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    made_by: Mapped[str] = mapped_column(String(200), default="")  # the user's name as it was
    made_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    before: Mapped[str] = mapped_column(Text, default="")  # JSON of the changed fields' old values
    after: Mapped[str] = mapped_column(Text, default="")  # JSON of their new values
