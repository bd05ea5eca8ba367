"""The reception book: visits (lượt tiếp), who came, and what they handed in."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Versioned
from db.enums import Classification, CopyKind, Outcome, ParticipantRole, ReceivedBy, ReceptionKind
from db.models.office import Desk, User
from db.models.people import AsGiven, Citizen
from db.types import created_at, text_enum, uuid_pk


class Visit(Versioned, Base):
    """One row of the Sổ tiếp công dân. Never deleted: changed or cancelled only by a corrective step."""

    __tablename__ = "visit"
    __table_args__ = (
        UniqueConstraint("desk_id", "year", "seq", name="uq_visit_desk_year_seq"),
        Index("ix_visit_received_at", "received_at"),
    )

    id: Mapped[uuid_pk]
    serial: Mapped[str] = mapped_column(String(24), unique=True)  # D01-2026-000123
    desk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("desk.id"))
    year: Mapped[int]
    seq: Mapped[int]
    received_at: Mapped[dt.datetime]
    receptionist_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    reception_kind: Mapped[ReceptionKind] = mapped_column(text_enum(ReceptionKind))
    received_by: Mapped[ReceivedBy] = mapped_column(text_enum(ReceivedBy))
    leader_name: Mapped[str] = mapped_column(String(200), default="")
    # A periodic or ad-hoc session held by the head's authorised deputy, not the head (01/TCD cols 21-29).
    by_deputy: Mapped[bool] = mapped_column(default=False)
    classification: Mapped[Classification] = mapped_column(text_enum(Classification))
    content_summary: Mapped[str] = mapped_column(Text)
    content_key: Mapped[str] = mapped_column(Text, default="")
    requests: Mapped[str] = mapped_column(Text, default="")
    prior_resolution: Mapped[str] = mapped_column(Text, default="")
    is_delegation: Mapped[bool] = mapped_column(default=False)
    head_count: Mapped[int] = mapped_column(default=1)
    outcome: Mapped[Outcome] = mapped_column(text_enum(Outcome))
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    appointment_at: Mapped[dt.datetime | None]
    appointment_place: Mapped[str] = mapped_column(String(300), default="")
    appointment_with: Mapped[str] = mapped_column(String(200), default="")
    # A repeat visit ("tiếp nhiều lần"): the earlier visit about the same matter (docs/scanning.md#repeat-visits).
    repeat_of_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visit.id"), index=True)
    repeat_checked: Mapped[bool] = mapped_column(default=False)  # answered: a repeat, or confirmed new
    created_at: Mapped[created_at]
    # Set by a cancelling step (db.models.corrections): the visit stays in the book, marked cancelled.
    cancellation_id: Mapped[uuid.UUID | None]

    desk: Mapped[Desk] = relationship()
    receptionist: Mapped[User | None] = relationship()
    participants: Mapped[list[VisitParticipant]] = relationship(
        back_populates="visit", order_by="VisitParticipant.position", cascade="all, delete-orphan"
    )
    documents: Mapped[list[ReceivedDocument]] = relationship(
        back_populates="visit", order_by="ReceivedDocument.position", cascade="all, delete-orphan"
    )


class VisitParticipant(AsGiven, Versioned, Base):
    """A citizen present at a visit, in a role; position 0 is the person the book names.

    Their name, identity paper, address and phone are kept as given that day (``AsGiven``): the
    book records the visit, and a later visit of the same person must not rewrite it.
    """

    __tablename__ = "visit_participant"

    id: Mapped[uuid_pk]
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visit.id"), index=True)
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizen.id"), index=True)
    role: Mapped[ParticipantRole] = mapped_column(text_enum(ParticipantRole))
    is_representative: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    visit: Mapped[Visit] = relationship(back_populates="participants")
    citizen: Mapped[Citizen] = relationship()


class ReceivedDocument(Versioned, Base):
    """A paper handed in at the visit (listed on the Giấy biên nhận)."""

    __tablename__ = "received_document"

    id: Mapped[uuid_pk]
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visit.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    pages: Mapped[int] = mapped_column(default=1)
    copy_kind: Mapped[CopyKind] = mapped_column(text_enum(CopyKind))
    position: Mapped[int] = mapped_column(default=0)

    visit: Mapped[Visit] = relationship(back_populates="documents")


class ImportedEntry(Versioned, Base):
    """Where a visit imported from an old reception book came from: the file, the sheet, the row.

    The visit takes the desk's serial like any other; the old book's own number is kept here.
    The same row of the same file (by the SHA-256 of its content) is never imported twice.
    """

    __tablename__ = "imported_entry"
    __table_args__ = (UniqueConstraint("desk_id", "file_hash", "sheet", "row", name="uq_imported_entry_source"),)

    id: Mapped[uuid_pk]
    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visit.id"), index=True)
    desk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("desk.id"))
    file_hash: Mapped[str] = mapped_column(String(64), index=True)  # SHA-256 of the file, hex
    file_name: Mapped[str] = mapped_column(String(255))
    sheet: Mapped[str] = mapped_column(String(100))
    row: Mapped[int]  # as the spreadsheet shows it, from 1
    source_number: Mapped[str] = mapped_column(String(40), default="")  # the old book's own number
    source_kind: Mapped[str] = mapped_column(String(100), default="")  # the kind of matter as written there
    created_at: Mapped[created_at]

    visit: Mapped[Visit] = relationship()
