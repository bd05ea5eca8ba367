"""Leaders' reception sessions: the conclusion notice (thông báo kết luận) and its follow-up.

Law 42/2013 Art. 18(4); Decree 154/2026 Art. 25: the leader's directions at a reception session
are issued in writing to the bodies concerned, with a time limit, and the result is sent to the
citizen.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Versioned
from db.models.documents import IssuedDocument
from db.models.reception import Visit
from db.types import created_at, utcnow, uuid_pk


class LeaderConclusion(Versioned, Base):
    """The conclusion notice of one leader's reception and whether its result came back."""

    __tablename__ = "leader_conclusion"

    id: Mapped[uuid_pk]
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visit.id"), index=True)
    document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("issued_document.id"))
    directions: Mapped[str] = mapped_column(Text)  # the leader's conclusions, one per line
    bodies: Mapped[str] = mapped_column(Text)  # the bodies concerned, one per line
    due_on: Mapped[dt.date] = mapped_column(index=True)  # the bodies report their result by then
    result_on: Mapped[dt.date | None]
    result_note: Mapped[str] = mapped_column(Text, default="")
    citizen_informed_on: Mapped[dt.date | None]
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    visit: Mapped[Visit] = relationship()
    document: Mapped[IssuedDocument | None] = relationship()
