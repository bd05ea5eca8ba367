"""The printed Sổ tiếp công dân of a year: one row per visit of every desk, rendered and kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import Classification, IdType, Outcome, PetitionDecision
from db.models import CaseFile, IssuedDocument, Petition, Visit, VisitParticipant
from desktop.core.access import Actor
from desktop.core.confidentiality import Mask, Viewer, protected_visit_condition
from desktop.core.errors import NotFoundError
from desktop.core.formatting import local, short_date, time_of_day
from desktop.core.i18n import _
from desktop.core.office import require_office
from desktop.core.paperwork.frame import letterhead
from desktop.core.paperwork.issuing import keep_pdf
from desktop.documents.model import BookDocument, BookRow

BOOK_TITLE = "SỔ TIẾP CÔNG DÂN"

# Printed Vietnamese, whatever the UI language (Mẫu 03/TCD column 6: KN / TC / KN-PA).
PETITION_KIND_CODES = {
    Classification.COMPLAINT: "KN",
    Classification.DENUNCIATION: "TC",
    Classification.RECOMMENDATION: "KN-PA",
    Classification.REFLECTION: "KN-PA",
}
# Column 12: how the petition registered from the visit was handled.
DECISION_TEXTS = {
    PetitionDecision.GUIDE: "hướng dẫn",
    PetitionDecision.TRANSFER: "chuyển đơn",
    PetitionDecision.PROPOSE: "đề xuất thụ lý",
    PetitionDecision.ACCEPT: "thụ lý",
    PetitionDecision.REFUSE: "không thụ lý",
    PetitionDecision.ARCHIVE: "lưu đơn",
}
PENDING_TEXT = "đang xử lý"
GUIDED_TEXT = "Đã hướng dẫn"  # column 10 when the receptionist noted no body
TRANSFERRED_TEXT = "Đã chuyển đơn"  # column 11 likewise
ANSWERED_TEXT = "Trả lời trực tiếp"
REFUSED_TEXT = "Từ chối tiếp"
WITHIN_COMPETENCE = "x"


@dataclass(frozen=True)
class PrintedBook:
    year: int
    visits: int
    path: Path | None  # the kept copy; None when nothing could be kept (read-only media)
    sha256: str
    pdf: bytes


@dataclass(frozen=True)
class _Person:
    """Columns 3 and 4: who came, masked for a reader not assigned to a denunciation."""

    name: str
    address: str
    id_number: str

    PROTECTED: ClassVar[dict[str, Mask]] = {"name": "name", "address": "text", "id_number": "text"}


@dataclass(frozen=True)
class _PetitionFacts:
    number: str
    decision: PetitionDecision | None
    decided_on: dt.date | None
    competent_body: str
    cases: tuple[str, ...]
    letters: tuple[str, ...]


def prepare_book(session: Session, year: int, *, actor: Actor) -> BookDocument:
    """The book of ``year`` (Viet Nam time), all desks, ordered by reception time then serial.

    A denouncer is named only for a reader assigned to their denunciation; such a copy carries the
    "MẬT" mark on every page. Raises NotFoundError when no visit was received that year, AppError
    without an office profile.
    """
    office = require_office(session)
    visits = session.execute(_visits_of(year)).all()
    if not visits:
        raise NotFoundError(_("No visit was received in {year}.").format(year=year))
    petitions = _petitions_of(session, year)
    viewer = Viewer(session, actor)
    people = [viewer.visit(_person(visit), visit.id, bool(visit.protected), "print") for visit in visits]
    named = any(visit.protected and viewer.sees_visit(visit.id, True) for visit in visits)
    return BookDocument(
        letterhead=letterhead(office),
        year=year,
        title_lines=(BOOK_TITLE, f"Năm {year}"),
        rows=tuple(
            _row(visit, person, petitions.get(visit.id, ())) for visit, person in zip(visits, people, strict=True)
        ),
        confidential=named,
    )


def _person(visit: Any) -> _Person:
    return _Person(
        name=visit.full_name or "",
        address=visit.address or "",
        id_number=visit.id_number if visit.id_type not in (None, IdType.NONE) else "",
    )


def _visits_of(year: int) -> Any:
    return (
        select(
            Visit.id,
            Visit.serial,
            Visit.received_at,
            VisitParticipant.full_name,  # the person as given that day
            VisitParticipant.address,
            VisitParticipant.id_type,
            VisitParticipant.id_number,
            Visit.content_summary,
            Visit.classification,
            Visit.head_count,
            Visit.prior_resolution,
            Visit.outcome,
            Visit.outcome_note,
            Visit.appointment_at,
            Visit.appointment_place,
            Visit.appointment_with,
            protected_visit_condition().label("protected"),
        )
        # Outer joins: a register never drops a visit, even one whose people have not synced yet.
        .outerjoin(VisitParticipant, (VisitParticipant.visit_id == Visit.id) & (VisitParticipant.position == 0))
        .where(Visit.year == year)
        .order_by(Visit.received_at, Visit.serial)
    )


def _petitions_of(session: Session, year: int) -> dict[uuid.UUID, tuple[_PetitionFacts, ...]]:
    """The petitions registered from the year's visits, with their cases and letters, by visit id."""
    of_year = Visit.year == year
    cases: dict[uuid.UUID, list[str]] = defaultdict(list)
    for petition_id, number in session.execute(
        select(CaseFile.petition_id, CaseFile.number)
        .join(Petition, Petition.id == CaseFile.petition_id)
        .join(Visit, Visit.id == Petition.visit_id)
        .where(of_year)
        .order_by(CaseFile.number)
    ):
        cases[petition_id].append(number)
    letters: dict[uuid.UUID, list[str]] = defaultdict(list)
    for petition_id, number in session.execute(
        select(Petition.id, IssuedDocument.number)  # the petition's id: never NULL, unlike the letter's column
        .select_from(IssuedDocument)
        .join(Petition, Petition.id == IssuedDocument.petition_id)
        .join(Visit, Visit.id == Petition.visit_id)
        .where(of_year)
        .order_by(IssuedDocument.issued_at, IssuedDocument.number)
    ):
        if number not in letters[petition_id]:  # each number once (a letter's reprint adds no row)
            letters[petition_id].append(number)
    found: dict[uuid.UUID, list[_PetitionFacts]] = defaultdict(list)
    for row in session.execute(
        select(
            Petition.id,
            Petition.visit_id,
            Petition.number,
            Petition.decision,
            Petition.decided_on,
            Petition.competent_body,
        )
        .join(Visit, Visit.id == Petition.visit_id)
        .where(of_year)
        .order_by(Petition.received_on, Petition.number)
    ):
        found[row.visit_id].append(
            _PetitionFacts(
                number=row.number,
                decision=row.decision,
                decided_on=row.decided_on,
                competent_body=row.competent_body,
                cases=tuple(cases[row.id]),
                letters=tuple(letters[row.id]),
            )
        )
    return {visit_id: tuple(items) for visit_id, items in found.items()}


def _row(visit: Any, person: _Person, petitions: tuple[_PetitionFacts, ...]) -> BookRow:
    outcome: Outcome = visit.outcome
    note: str = visit.outcome_note
    return BookRow(
        serial=visit.serial,
        received_on=short_date(local(visit.received_at).date()),
        name_and_address="\n".join(part for part in (person.name, person.address) if part),
        id_number=person.id_number,
        content=visit.content_summary,
        petition_kind=PETITION_KIND_CODES[visit.classification],
        head_count=str(visit.head_count),
        prior_resolution=visit.prior_resolution,
        within_competence=WITHIN_COMPETENCE if outcome == Outcome.RECEIVE_PETITION else "",
        guided_to=(note or GUIDED_TEXT) if outcome == Outcome.GUIDE else "",
        handled_by=(note or TRANSFERRED_TEXT) if outcome == Outcome.TRANSFER else "",
        follow_up="; ".join(_follow_up(petition) for petition in petitions),
        note=_note(visit),
    )


def _follow_up(petition: _PetitionFacts) -> str:
    """ "Đơn D01-2026-D00001: thụ lý ngày 10/03/2026; vụ việc D01-2026-V00001" and the like."""
    if petition.decision is None:
        return f"Đơn {petition.number}: {PENDING_TEXT}"
    text = f"Đơn {petition.number}: {DECISION_TEXTS[petition.decision]}"
    if petition.decided_on:
        text += f" ngày {short_date(petition.decided_on)}"
    if petition.decision in (PetitionDecision.GUIDE, PetitionDecision.TRANSFER) and petition.competent_body:
        text += f" đến {petition.competent_body}"
    if petition.letters:
        text += f" (văn bản số {', '.join(petition.letters)})"
    for case in petition.cases:
        text += f"; vụ việc {case}"
    return text


def _note(visit: Any) -> str:
    """Column 13: the appointment, an answer given or a refusal, and the receptionist's note."""
    outcome: Outcome = visit.outcome
    note: str = visit.outcome_note
    if outcome in (Outcome.GUIDE, Outcome.TRANSFER):
        return ""  # the note names the body, in column 10 or 11
    parts: list[str] = []
    if outcome == Outcome.APPOINTMENT and visit.appointment_at is not None:
        moment = local(visit.appointment_at)
        appointment = f"Hẹn {time_of_day(moment)} ngày {short_date(moment.date())}"
        if visit.appointment_place:
            appointment += f" tại {visit.appointment_place}"
        if visit.appointment_with:
            appointment += f", gặp {visit.appointment_with}"
        parts.append(appointment)
    elif outcome == Outcome.ANSWER:
        parts.append(ANSWERED_TEXT)
    elif outcome == Outcome.REFUSE:
        parts.append(REFUSED_TEXT)
    if note:
        parts.append(note)
    return "; ".join(parts)


def print_book(session: Session, year: int, *, actor: Actor, data_dir: Path, keep: bool = True) -> PrintedBook:
    """Render the book of ``year`` and keep it as documents/<year>/book-<year>.pdf in the data folder.

    The book is a register, not an issued document: no IssuedDocument row is written, and each
    print replaces the kept copy with the book as it stands. With ``keep=False`` (a desk on
    read-only media) nothing is kept and ``path`` is None.
    """
    from desktop.documents.book import render_book

    document = prepare_book(session, year, actor=actor)
    pdf = render_book(document)
    if not keep:
        digest = hashlib.sha256(pdf).hexdigest()
        return PrintedBook(year=year, visits=len(document.rows), path=None, sha256=digest, pdf=pdf)
    kept = keep_pdf(data_dir / "documents" / str(year) / f"book-{year}.pdf", pdf)
    return PrintedBook(year=year, visits=len(document.rows), path=kept.path, sha256=kept.sha256, pdf=kept.pdf)
