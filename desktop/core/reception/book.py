"""Read models of the reception book: a row per visit, and a visit in full."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import ColumnElement, case, func, select
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
from db.models import Correction, User, Visit, VisitParticipant
from desktop.core.access import Actor
from desktop.core.confidentiality import How, Mask, Viewer, is_protected_visit, protected_visit_condition
from desktop.core.errors import NotFoundError
from desktop.core.formatting import day_start
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


BOOK_SORTS = (
    "serial",
    "received_at",
    "name",
    "address",
    "id_number",
    "classification",
    "content",
    "head_count",
    "outcome",
)
_PERSONAL_SORTS = frozenset({"name", "address", "id_number"})  # a denouncer's row never sorts by them


@dataclass(frozen=True)
class BookFilter:
    """Which visits the book shows and in what order: a period (Viet Nam days, both ends included),
    the kind of matter, reception kind, outcome, receptionist, the first person's commune; None keeps all.

    ``sort`` is one of BOOK_SORTS; rows of equal value follow in book order (time, then number).
    """

    first: dt.date
    last: dt.date
    classification: Classification | None = None
    reception_kind: ReceptionKind | None = None
    outcome: Outcome | None = None
    receptionist_id: uuid.UUID | None = None
    commune_code: int | None = None
    sort: str = "received_at"
    descending: bool = False

    def conditions(self) -> list[ColumnElement[bool]]:
        """On ``visit`` and its first person (``visit_participant`` at position 0, joined)."""
        found = [
            Visit.received_at >= day_start(self.first),
            Visit.received_at < day_start(self.last + dt.timedelta(days=1)),
        ]
        if self.classification is not None:
            found.append(Visit.classification == self.classification)
        if self.reception_kind is not None:
            found.append(Visit.reception_kind == self.reception_kind)
        if self.outcome is not None:
            found.append(Visit.outcome == self.outcome)
        if self.receptionist_id is not None:
            found.append(Visit.receptionist_id == self.receptionist_id)
        if self.commune_code is not None:
            found.append(VisitParticipant.commune_code == self.commune_code)
        return found

    def order_by(self) -> list[Any]:
        """The SQL order: the chosen column, then time and number (unique: pages never overlap)."""
        columns: dict[str, Any] = {
            "serial": Visit.serial,
            "received_at": Visit.received_at,
            "name": VisitParticipant.full_name,
            "address": VisitParticipant.address,
            "id_number": VisitParticipant.id_number,
            "classification": Visit.classification,
            "content": Visit.content_key,
            "head_count": Visit.head_count,
            "outcome": Visit.outcome,
        }
        column = columns.get(self.sort, Visit.received_at)
        if self.sort in _PERSONAL_SORTS:  # masked rows first, whoever reads: the order tells nothing of them
            column = case((protected_visit_condition(), ""), else_=column)
        tail = [Visit.received_at, Visit.serial]
        if self.descending:
            return [column.desc(), *(part.desc() for part in tail)]
        return [column, *tail]


def count_visits(session: Session, only: BookFilter) -> int:
    """How many visits ``only`` keeps (one COUNT in SQL)."""
    stmt = (
        select(func.count())
        .select_from(Visit)
        .outerjoin(VisitParticipant, (VisitParticipant.visit_id == Visit.id) & (VisitParticipant.position == 0))
        .where(*only.conditions())
    )
    return int(session.scalar(stmt) or 0)


def book_page(
    session: Session, only: BookFilter, *, actor: Actor, offset: int = 0, limit: int | None = None
) -> list[VisitSummary]:
    """``limit`` lines of the book from ``offset``, in the order of ``only``, as ``actor`` may see them."""
    return _summaries(session, actor, *only.conditions(), order=only.order_by(), offset=offset, limit=limit)


def book_receptionists(session: Session) -> list[tuple[uuid.UUID, str]]:
    """The desk's users by name (their username when they have none), for the receptionist filter.

    Not a DISTINCT over the visits: that reads a million rows on a busy desk.
    """
    rows = session.execute(select(User.id, User.full_name, User.username))
    return sorted(((user_id, name or username or "") for user_id, name, username in rows), key=lambda u: u[1])


def _summaries(
    session: Session,
    actor: Actor,
    *conditions: ColumnElement[bool],
    order: list[Any],
    offset: int = 0,
    limit: int | None = None,
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
        # Outer: a book never drops a visit, even one whose people have not synced yet.
        .outerjoin(VisitParticipant, (VisitParticipant.visit_id == Visit.id) & (VisitParticipant.position == 0))
        .outerjoin(Correction, Correction.id == Visit.cancellation_id)
        .where(*conditions)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    viewer = Viewer(session, actor)
    # Ten columns are past SQLAlchemy's typed select overloads: name them, so the order is checked here.
    return [
        viewer.visit(
            VisitSummary(
                id=row.id,
                serial=row.serial,
                received_at=row.received_at,
                citizen_name=row.full_name or "",
                citizen_address=row.address or "",
                id_number=row.id_number or "",
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
