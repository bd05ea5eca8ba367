"""Read models of the reception book: a row per visit, and a visit in full."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import ClassVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, selectinload

from db.enums import (
    Classification,
    CopyKind,
    CorrectionKind,
    IdType,
    Outcome,
    ParticipantRole,
    ReceivedBy,
    ReceptionKind,
    Sex,
)
from db.models import Correction, Desk, Visit, VisitParticipant
from desktop.core.access import Actor
from desktop.core.confidentiality import How, Mask, Viewer, is_protected_visit, protected_visit_condition
from desktop.core.errors import NotFoundError
from desktop.core.formatting import VN_TZ
from desktop.core.i18n import _
from desktop.core.text import number_key


@dataclass(frozen=True)
class VisitSummary:
    """One line of the book as the table shows it."""

    id: uuid.UUID
    serial: str
    received_at: dt.datetime
    citizen_name: str
    citizen_address: str
    id_number: str
    classification: Classification
    content_summary: str
    head_count: int
    outcome: Outcome
    cancelled: str = ""  # the reason, when a corrective step cancelled the visit

    PROTECTED: ClassVar[dict[str, Mask]] = {"citizen_name": "name", "citizen_address": "text", "id_number": "text"}


@dataclass(frozen=True)
class ParticipantView:
    """A person of a visit as given that day (a later visit of theirs changes their record, not this)."""

    citizen_id: uuid.UUID
    full_name: str
    sex: Sex
    birth_date: dt.date | None
    birth_year: int | None
    id_type: IdType
    id_number: str
    id_issue_date: dt.date | None
    id_issue_place: str
    phone: str
    province_code: int | None
    commune_code: int | None
    address_detail: str
    address: str
    ethnicity: str
    nationality: str
    role: ParticipantRole
    is_representative: bool

    PROTECTED: ClassVar[dict[str, Mask]] = {
        "full_name": "name",
        "sex": "sex",
        "birth_date": "none",
        "birth_year": "none",
        "id_number": "text",
        "id_issue_date": "none",
        "id_issue_place": "text",
        "phone": "text",
        "province_code": "none",
        "commune_code": "none",
        "address_detail": "text",
        "address": "text",
        "ethnicity": "text",
    }


@dataclass(frozen=True)
class DocumentView:
    name: str
    pages: int
    copy_kind: CopyKind


@dataclass(frozen=True)
class VisitDetail:
    id: uuid.UUID
    serial: str
    desk_code: str
    received_at: dt.datetime
    receptionist_name: str
    reception_kind: ReceptionKind
    received_by: ReceivedBy
    leader_name: str
    classification: Classification
    content_summary: str
    requests: str
    prior_resolution: str
    is_delegation: bool
    head_count: int
    outcome: Outcome
    outcome_note: str
    appointment_at: dt.datetime | None
    appointment_place: str
    appointment_with: str
    participants: tuple[ParticipantView, ...]
    documents: tuple[DocumentView, ...]
    identity_protected: bool = False  # a denunciation: its people are shown only to those assigned
    identity_masked: bool = False  # its people are masked for the reader
    cancelled: str = ""  # the reason, when a corrective step cancelled the visit
    corrected: bool = False  # a corrective step changed it after it was saved

    PROTECTED: ClassVar[dict[str, Mask]] = {"participants": "nested", "identity_masked": "flag"}

    @property
    def names_denouncer(self) -> bool:
        """Its people are a denouncer's, shown unmasked: a printed copy carries the "MẬT" mark."""
        return self.identity_protected and not self.identity_masked

    @property
    def main(self) -> ParticipantView:
        return self.participants[0]


def visit_detail(session: Session, serial: str, *, actor: Actor, how: How = "open") -> VisitDetail:
    """A visit in full as ``actor`` may see it (a denunciation's people masked unless they are assigned)."""
    detail = read_visit(session, serial)
    return Viewer(session, actor).visit(detail, detail.id, detail.identity_protected, how)


def read_visit(session: Session, serial: str) -> VisitDetail:
    """A visit in full, unmasked: for the use cases that work on it, never shown as it is."""
    visit = session.scalar(
        select(Visit)
        .where(Visit.serial == number_key(serial))
        .options(
            selectinload(Visit.participants),
            selectinload(Visit.documents),
            selectinload(Visit.desk),
            selectinload(Visit.receptionist),
        )
    )
    if visit is None:
        raise NotFoundError(_("No visit has the number {number}.").format(number=serial))
    steps = session.execute(
        select(Correction.kind, Correction.reason).where(Correction.entity == "visit", Correction.record_id == visit.id)
    ).all()
    cancelled = next((reason for kind, reason in steps if kind == CorrectionKind.CANCEL), "")
    corrected = any(kind == CorrectionKind.CORRECT for kind, _reason in steps)
    return _detail(visit, is_protected_visit(session, visit.id), cancelled=cancelled, corrected=corrected)


def _detail(visit: Visit, protected: bool, *, cancelled: str = "", corrected: bool = False) -> VisitDetail:
    return VisitDetail(
        id=visit.id,
        serial=visit.serial,
        desk_code=visit.desk.code,
        received_at=visit.received_at,
        receptionist_name=visit.receptionist.full_name if visit.receptionist else "",
        reception_kind=visit.reception_kind,
        received_by=visit.received_by,
        leader_name=visit.leader_name,
        classification=visit.classification,
        content_summary=visit.content_summary,
        requests=visit.requests,
        prior_resolution=visit.prior_resolution,
        is_delegation=visit.is_delegation,
        head_count=visit.head_count,
        outcome=visit.outcome,
        outcome_note=visit.outcome_note,
        appointment_at=visit.appointment_at,
        appointment_place=visit.appointment_place,
        appointment_with=visit.appointment_with,
        participants=tuple(_participant(p) for p in visit.participants),
        documents=tuple(DocumentView(d.name, d.pages, d.copy_kind) for d in visit.documents),
        identity_protected=protected,
        cancelled=cancelled,
        corrected=corrected,
    )


def _participant(p: VisitParticipant) -> ParticipantView:
    return ParticipantView(
        citizen_id=p.citizen_id,
        full_name=p.full_name,
        sex=p.sex,
        birth_date=p.birth_date,
        birth_year=p.birth_year,
        id_type=p.id_type,
        id_number=p.id_number,
        id_issue_date=p.id_issue_date,
        id_issue_place=p.id_issue_place,
        phone=p.phone,
        province_code=p.province_code,
        commune_code=p.commune_code,
        address_detail=p.address_detail,
        address=p.address,
        ethnicity=p.ethnicity,
        nationality=p.nationality,
        role=p.role,
        is_representative=p.is_representative,
    )


def list_visits(session: Session, *, day: dt.date, actor: Actor, desk_code: str | None = None) -> list[VisitSummary]:
    """The visits received on ``day`` (Viet Nam time), oldest first, as ``actor`` may see them."""
    start = dt.datetime.combine(day, dt.time(), VN_TZ).astimezone(dt.UTC)
    end = start + dt.timedelta(days=1)
    return _summaries(session, actor, Visit.received_at >= start, Visit.received_at < end, desk_code=desk_code)


def _summaries(
    session: Session, actor: Actor, *conditions: ColumnElement[bool], desk_code: str | None = None
) -> list[VisitSummary]:
    stmt = (
        select(
            Visit.id,
            Visit.serial,
            Visit.received_at,
            VisitParticipant.full_name,  # as given that day
            VisitParticipant.address,
            VisitParticipant.id_number,
            Visit.classification,
            Visit.content_summary,
            Visit.head_count,
            Visit.outcome,
            protected_visit_condition().label("protected"),
            Correction.reason.label("cancelled"),
        )
        .join(VisitParticipant, (VisitParticipant.visit_id == Visit.id) & (VisitParticipant.position == 0))
        .outerjoin(Correction, Correction.id == Visit.cancellation_id)
        .where(*conditions)
        .order_by(Visit.received_at, Visit.serial)
    )
    if desk_code:
        stmt = stmt.join(Desk, Desk.id == Visit.desk_id).where(Desk.code == desk_code)
    viewer = Viewer(session, actor)
    # Ten columns are past SQLAlchemy's typed select overloads: name them, so the order is checked here.
    return [
        viewer.visit(
            VisitSummary(
                id=row.id,
                serial=row.serial,
                received_at=row.received_at,
                citizen_name=row.full_name,
                citizen_address=row.address,
                id_number=row.id_number,
                classification=row.classification,
                content_summary=row.content_summary,
                head_count=row.head_count,
                outcome=row.outcome,
                cancelled=row.cancelled or "",
            ),
            row.id,
            bool(row.protected),
            "list",
        )
        for row in session.execute(stmt)
    ]
