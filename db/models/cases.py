"""Petitions (đơn), the cases (vụ việc) opened from them, and each case's append-only history."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Versioned
from db.enums import (
    CaseEventKind,
    CaseKind,
    Channel,
    Competence,
    Ineligibility,
    PetitionDecision,
    PetitionKind,
    PriorStatus,
    ResultOutcome,
    Verdict,
)
from db.models.office import Desk
from db.models.people import AsGiven, Citizen
from db.types import created_at, text_enum, utcnow, uuid_pk


class FieldOfLaw(Versioned, Base):
    """A field (lĩnh vực) petitions are classified by; the office edits the list."""

    __tablename__ = "field_of_law"

    id: Mapped[uuid_pk]
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    sort_order: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)


class Petition(Versioned, Base):
    """One petition in the register (sổ theo dõi đơn), from a visit, the post or another body."""

    __tablename__ = "petition"
    __table_args__ = (UniqueConstraint("desk_id", "year", "seq", name="uq_petition_desk_year_seq"),)

    id: Mapped[uuid_pk]
    number: Mapped[str] = mapped_column(String(24), unique=True)  # D01-2026-D00045
    desk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("desk.id"))
    year: Mapped[int]
    seq: Mapped[int]
    received_on: Mapped[dt.date] = mapped_column(index=True)
    channel: Mapped[Channel] = mapped_column(text_enum(Channel))
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visit.id"), index=True)
    kind: Mapped[PetitionKind] = mapped_column(text_enum(PetitionKind))
    field_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("field_of_law.id"))
    content_summary: Mapped[str] = mapped_column(Text)
    content_key: Mapped[str] = mapped_column(Text, default="")
    is_anonymous: Mapped[bool] = mapped_column(default=False)
    transferred_from: Mapped[str] = mapped_column(String(300), default="")
    transferred_doc_number: Mapped[str] = mapped_column(String(60), default="")
    transferred_doc_date: Mapped[dt.date | None]
    report_back_required: Mapped[bool] = mapped_column(default=False)
    competence: Mapped[Competence] = mapped_column(text_enum(Competence), default=Competence.OURS)
    competent_body: Mapped[str] = mapped_column(String(300), default="")
    is_eligible: Mapped[bool] = mapped_column(default=True)
    ineligibility: Mapped[Ineligibility | None] = mapped_column(text_enum(Ineligibility))
    ineligibility_note: Mapped[str] = mapped_column(Text, default="")
    duplicate_of_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("petition.id"))
    duplicate_count: Mapped[int] = mapped_column(default=0)
    # The receptionist answered the question about earlier petitions on the same matter: with
    # duplicate_of_id a link, without it confirmed new (docs/scanning.md#repeat-visits, migration 0024).
    duplicate_checked: Mapped[bool] = mapped_column(default=False)
    decision: Mapped[PetitionDecision | None] = mapped_column(text_enum(PetitionDecision))
    decided_on: Mapped[dt.date | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")
    refusal_ground: Mapped[str] = mapped_column(String(40), default="")  # desktop.core.cases.grounds code
    due_on: Mapped[dt.date | None] = mapped_column(index=True)  # petition.process, until decided
    # Where the matter stood before it reached the office (the status columns of 01-04/XLD).
    prior_status: Mapped[PriorStatus] = mapped_column(text_enum(PriorStatus), default=PriorStatus.NONE)
    # The day the competent body's reply to our transfer came in (01-04/XLD, 02/TCD "văn bản phúc đáp").
    transfer_reply_on: Mapped[dt.date | None]
    rule_id: Mapped[str] = mapped_column(String(60), default="")
    rule_version: Mapped[str] = mapped_column(String(20), default="")
    # Who registered and who decided it: assigned to it, so they see a denouncer they dealt with
    # before any case exists (desktop/core/confidentiality.py). NULL: before 0014, or no account.
    registered_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    desk: Mapped[Desk] = relationship()
    field: Mapped[FieldOfLaw | None] = relationship()
    senders: Mapped[list[PetitionSender]] = relationship(
        back_populates="petition", order_by="PetitionSender.position", cascade="all, delete-orphan"
    )


class PetitionSender(AsGiven, Versioned, Base):
    """A person who signed the petition (position 0 is the one the register names), as given that day."""

    __tablename__ = "petition_sender"

    id: Mapped[uuid_pk]
    petition_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("petition.id"), index=True)
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("citizen.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    # A denouncer's own agreement that a transfer may name them (Law 25/2018 Art. 47(2)); each signer's own.
    disclosure_agreed: Mapped[bool] = mapped_column(default=False)

    petition: Mapped[Petition] = relationship(back_populates="senders")
    citizen: Mapped[Citizen] = relationship()


class CaseFile(Versioned, Base):
    """An accepted complaint, denunciation or recommendation; its state comes from its events."""

    __tablename__ = "case_file"
    __table_args__ = (
        UniqueConstraint("desk_id", "year", "seq", name="uq_case_file_desk_year_seq"),
        Index("ix_case_file_open_due", "is_open", "due_on"),
        Index("ix_case_file_accepted_on", "accepted_on"),  # search walks cases newest first (docs/search.md)
    )

    id: Mapped[uuid_pk]
    number: Mapped[str] = mapped_column(String(24), unique=True)  # D01-2026-V00012
    desk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("desk.id"))
    year: Mapped[int]
    seq: Mapped[int]
    petition_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("petition.id"), index=True)
    kind: Mapped[CaseKind] = mapped_column(text_enum(CaseKind))
    round: Mapped[int] = mapped_column(default=1)
    is_complex: Mapped[bool] = mapped_column(default=False)
    is_remote: Mapped[bool] = mapped_column(default=False)
    accepted_on: Mapped[dt.date]
    report_back_required: Mapped[bool] = mapped_column(default=False)
    # The leader who decides the case (sees a denouncer's identity: desktop/core/confidentiality.py).
    decider_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"))
    # Derived from the events and kept here so that the deadline board is one indexed query.
    state: Mapped[str] = mapped_column(String(30))
    is_open: Mapped[bool] = mapped_column(default=True)
    due_on: Mapped[dt.date | None]
    rule_id: Mapped[str] = mapped_column(String(60), default="")
    rule_version: Mapped[str] = mapped_column(String(20), default="")
    # The handler a leader assigned (desktop.core.cases.assignment): they see the case and its people.
    handler_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    # Set when the acceptance that opened the case is taken back (db.models.corrections): closed, kept.
    cancellation_id: Mapped[uuid.UUID | None]
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    desk: Mapped[Desk] = relationship()
    petition: Mapped[Petition] = relationship()
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="(CaseEvent.occurred_on, CaseEvent.recorded_at)"
    )


class CaseEvent(Versioned, Base):
    """One step of a case (who, when, what, which document). Append-only."""

    __tablename__ = "case_event"
    # The latest step of a case and who recorded it, read from the index alone (the board's officer).
    __table_args__ = (Index("ix_case_event_latest", "case_id", "occurred_on", "recorded_at", "actor"),)

    id: Mapped[uuid_pk]
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_file.id"), index=True)
    kind: Mapped[CaseEventKind] = mapped_column(text_enum(CaseEventKind))
    occurred_on: Mapped[dt.date]
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("issued_document.id"))
    # The paper that settled the step (a decision, a conclusion, an answer): the report back quotes it.
    result_number: Mapped[str] = mapped_column(String(60), default="")  # "125/QĐ-UBND"
    result_date: Mapped[dt.date | None]
    result_signer: Mapped[str] = mapped_column(String(200), default="")  # "Chủ tịch UBND tỉnh Nguyễn Văn A"

    case: Mapped[CaseFile] = relationship(back_populates="events")


class CalendarDay(Versioned, Base):
    """A day the office itself declares off or working (what the holiday package lacks)."""

    __tablename__ = "calendar_day"

    id: Mapped[uuid_pk]  # derived from the date, so two desks declaring the same day make one row
    day: Mapped[dt.date] = mapped_column(unique=True)
    is_day_off: Mapped[bool] = mapped_column(default=True)
    name: Mapped[str] = mapped_column(String(200))


class CaseResult(Versioned, Base):
    """The result of a resolved case, as the KQGQ tables count it: one per case.

    ``due_on`` is the case's legal time limit when the result was recorded, kept so that "on time"
    never moves when the calendar does; ``executed_on`` is the day the decision or conclusion was
    carried out in full (02/KQGQ, 04/KQGQ).
    """

    __tablename__ = "case_result"

    id: Mapped[uuid_pk]
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_file.id"), unique=True)
    outcome: Mapped[ResultOutcome] = mapped_column(text_enum(ResultOutcome))
    verdict: Mapped[Verdict | None] = mapped_column(text_enum(Verdict))
    decided_on: Mapped[dt.date] = mapped_column(index=True)
    due_on: Mapped[dt.date | None]
    executed_on: Mapped[dt.date | None]
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[created_at]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    case: Mapped[CaseFile] = relationship()
    figures: Mapped[list[CaseFigure]] = relationship(back_populates="result", cascade="all, delete-orphan")


class CaseFigure(Versioned, Base):
    """One figure of a case result: money (million đồng), land (m²) or people, by its code.

    The codes and their units are data (resources/reports/figures.json): a new figure a changed
    circular asks for is a new line there, not a new column.
    """

    __tablename__ = "case_figure"
    __table_args__ = (UniqueConstraint("result_id", "code", name="uq_case_figure_result_code"),)

    id: Mapped[uuid_pk]
    result_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("case_result.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    amount: Mapped[float] = mapped_column(Float)

    result: Mapped[CaseResult] = relationship(back_populates="figures")


class ReportOpening(Versioned, Base):
    """A figure an office that started mid-year carries over into a report table (per desk, per column)."""

    __tablename__ = "report_opening"
    __table_args__ = (
        UniqueConstraint("desk_id", "table_id", "year", "column_id", name="uq_report_opening_desk_table"),
    )

    id: Mapped[uuid_pk]
    desk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("desk.id"))
    table_id: Mapped[str] = mapped_column(String(20))  # "01/TCD"
    year: Mapped[int]  # the report year the figures belong to
    column_id: Mapped[str] = mapped_column(String(10))  # "4", the column's number in the MS row
    amount: Mapped[float] = mapped_column(Float)
    as_of: Mapped[dt.date]  # the figures cover the year up to this day; recorded facts start after it
    created_at: Mapped[created_at]
