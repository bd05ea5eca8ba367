"""The printed Sổ tiếp công dân of a period: one row per visit of every desk, as PDF or spreadsheet.

Rows are read in chunks (a year can hold hundreds of thousands of visits): each chunk of visits
brings its own petitions, cases and letters, and is handed on before the next one is read. The
PDF and the spreadsheet are written to disk as the rows come (bounded memory, whatever the
period), with the rows done reported to a progress callback against a count taken first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.enums import Classification, Competence, CorrectionKind, DocumentKind, IdType, Outcome, PetitionDecision
from db.models import CaseFile, Correction, IssuedDocument, Petition, Visit, VisitParticipant
from desktop.core.access import Actor
from desktop.core.confidentiality import Mask, Viewer, protected_visit_condition
from desktop.core.errors import AppError, NotFoundError, ValidationError
from desktop.core.files import keep_streamed
from desktop.core.formatting import day_start, local, short_date
from desktop.core.i18n import _
from desktop.core.office import require_office
from desktop.core.paperwork.frame import letterhead
from desktop.core.reception.book import BookFilter
from desktop.documents.model import BookDocument, BookRow

BOOK_TITLE = "SỔ TIẾP CÔNG DÂN"
CHUNK = 1000  # visits read, completed and handed on at a time

Progress = Callable[[int, int], None]
"""Called with (rows done, rows in all) as a book is written: never decreasing, the last call with
both equal. It may raise (PrintCancelled) to stop the work; the file is then left as it was."""


class PrintCancelled(AppError):  # noqa: N818  # the user's choice, not a fault
    """Raised by a progress callback when the user cancels a print or an export: nothing is written."""


# Printed Vietnamese, whatever the UI language (Mẫu 03/TCD column 6: KN / TC / KN-PA).
PETITION_KIND_CODES = {
    Classification.COMPLAINT: "KN",
    Classification.DENUNCIATION: "TC",
    Classification.RECOMMENDATION: "KN-PA",
    Classification.REFLECTION: "KN-PA",
    Classification.UNKNOWN: "",  # an imported entry whose book did not say
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
# Columns 10 and 11 name the letter that carried the guidance or the transfer.
LETTER_NAMES = {
    DocumentKind.GUIDANCE: "Văn bản hướng dẫn số",
    DocumentKind.TRANSFER: "Phiếu chuyển đơn số",
}
PENDING_TEXT = "đang xử lý"
GUIDED_TEXT = "Đã hướng dẫn"  # column 10 when nobody noted the body (an old record)
TRANSFERRED_TEXT = "Đã chuyển đơn"  # column 11 likewise
ANSWERED_TEXT = "Trả lời trực tiếp"
REFUSED_TEXT = "Từ chối tiếp"
CANCELLED_TEXT = "Đã hủy"  # a visit cancelled by a corrective step, before its reason
CANCELLED_MARK = "đã hủy"  # after the number of a letter or a case cancelled
WITHIN_COMPETENCE = "x"


@dataclass(frozen=True)
class BookPeriod:
    """The days the book covers, both ends included, in Viet Nam time."""

    first: dt.date
    last: dt.date

    @classmethod
    def of_year(cls, year: int) -> BookPeriod:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def whole_year(self) -> int | None:
        """The year when the period is exactly one calendar year, else None."""
        if self == BookPeriod.of_year(self.first.year):
            return self.first.year
        return None

    @property
    def title_line(self) -> str:
        if (year := self.whole_year) is not None:
            return f"Năm {year}"
        return f"(Từ ngày {short_date(self.first)} đến ngày {short_date(self.last)})"

    @property
    def label(self) -> str:
        """For messages and file names: "2026" or "01/03/2026 - 31/03/2026"."""
        if (year := self.whole_year) is not None:
            return str(year)
        return f"{short_date(self.first)} - {short_date(self.last)}"

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The UTC moments the period starts at and ends before."""
        return day_start(self.first), day_start(self.last + dt.timedelta(days=1))


def book_period(first: dt.date, last: dt.date) -> BookPeriod:
    """A period typed by the user; raises ValidationError when it ends before it starts."""
    if last < first:
        message = _("The period ends ({last}) before it starts ({first}).").format(
            first=short_date(first), last=short_date(last)
        )
        raise ValidationError({"to": message})
    return BookPeriod(first, last)


@dataclass(frozen=True)
class PrintedBook:
    period: BookPeriod
    visits: int
    path: Path | None  # the kept copy; None when nothing could be kept (read-only media)
    sha256: str
    file: Path  # where this print was written: the output asked for, else the kept copy
    pages: int

    @property
    def year(self) -> int:
        return self.period.first.year

    @property
    def pdf(self) -> bytes:
        """The whole PDF, read back from ``file`` (a year's book is large: for small ones and tests)."""
        return self.file.read_bytes()


@dataclass(frozen=True)
class _Letter:
    kind: DocumentKind
    number: str


@dataclass(frozen=True)
class _PetitionFacts:
    number: str
    decision: PetitionDecision | None
    decided_on: dt.date | None
    competence: Competence
    competent_body: str
    cases: tuple[str, ...]
    letters: tuple[_Letter, ...]


@dataclass(frozen=True)
class _Person:
    """Columns 3 and 4: who came, masked for a reader not assigned to a denunciation."""

    name: str
    address: str
    id_number: str

    PROTECTED: ClassVar[dict[str, Mask]] = {"name": "name", "address": "text", "id_number": "text"}


def book_document(
    session: Session, period: BookPeriod, *, actor: Actor, only: BookFilter | None = None
) -> BookDocument:
    """The book of ``period``, all desks, ordered by reception time then serial, as ``actor`` may see it.

    ``only`` (the book view's filters and order, over the same period) keeps and orders the rows.

    Its rows are a one-pass stream read from ``session`` while they are consumed. A denouncer is
    named only for a reader assigned to their denunciation; such a copy carries the "MẬT" mark on
    every page. Raises NotFoundError when no visit was received in the period, AppError without an
    office profile.
    """
    return _book_and_count(session, period, actor=actor, only=only)[0]


def _book_and_count(
    session: Session, period: BookPeriod, *, actor: Actor, only: BookFilter | None
) -> tuple[BookDocument, int]:
    """``book_document`` and how many rows it will hold, counted in SQL before any is read."""
    office = require_office(session)
    only = only or BookFilter(period.first, period.last)
    total = count_book_rows(session, only)
    if not total:
        if only != BookFilter(only.first, only.last):
            raise NotFoundError(
                _("No visit from {first} to {last} matches the filters.").format(
                    first=short_date(period.first), last=short_date(period.last)
                )
            )
        if period.whole_year is not None:
            raise NotFoundError(_("No visit was received in {year}.").format(year=period.whole_year))
        raise NotFoundError(
            _("No visit was received from {first} to {last}.").format(
                first=short_date(period.first), last=short_date(period.last)
            )
        )
    viewer = Viewer(session, actor)
    protected = session.scalars(_with_person(select(Visit.id)).where(*only.conditions(), protected_visit_condition()))
    document = BookDocument(
        letterhead=letterhead(office),
        year=period.first.year,
        title_lines=(BOOK_TITLE, period.title_line),
        rows=book_rows(session, period, viewer, only=only),
        confidential=any(viewer.sees_visit(visit_id, True) for visit_id in protected),
    )
    return document, total


def count_book_rows(session: Session, only: BookFilter) -> int:
    """How many rows the book kept and ordered by ``only`` holds (one per visit)."""
    visits = _with_person(select(Visit.id)).where(*only.conditions()).subquery()
    return session.scalar(select(func.count()).select_from(visits)) or 0


def book_rows(
    session: Session, period: BookPeriod, viewer: Viewer, *, only: BookFilter | None = None
) -> Iterator[BookRow]:
    """The rows of ``period`` (kept and ordered by ``only``), numbered 1, 2, ..., read CHUNK visits at a time."""
    only = only or BookFilter(period.first, period.last)
    stmt = _visits_of(only).execution_options(yield_per=CHUNK)
    number = 0
    for chunk in session.execute(stmt).partitions():
        petitions = _petitions_of(session, [visit.id for visit in chunk])
        for visit in chunk:
            number += 1
            person = viewer.visit(_person(visit), visit.id, bool(visit.protected), "print")
            yield _row(number, visit, person, petitions.get(visit.id, ()))


def _person(visit: Any) -> _Person:
    return _Person(
        name=visit.full_name or "",
        address=visit.address or "",
        id_number=visit.id_number if visit.id_type not in (None, IdType.NONE) else "",
    )


def _visits_of(only: BookFilter) -> Any:
    return (
        _with_person(
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
                Correction.reason.label("cancelled"),
            )
        )
        .outerjoin(Correction, Correction.id == Visit.cancellation_id)
        .where(*only.conditions())
        .order_by(*only.order_by())
    )


def _with_person(stmt: Any) -> Any:
    """The visit's first person as given that day joined, for the columns and the commune filter.

    Outer: a register never drops a visit, even one whose people have not synced yet.
    """
    return stmt.outerjoin(VisitParticipant, (VisitParticipant.visit_id == Visit.id) & (VisitParticipant.position == 0))


def _petitions_of(session: Session, visit_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[_PetitionFacts, ...]]:
    """The petitions registered from these visits, with their cases and letters, by visit id."""
    of_chunk = Petition.visit_id.in_(visit_ids)
    found_petitions = session.execute(
        select(
            Petition.id,
            Petition.visit_id,
            Petition.number,
            Petition.decision,
            Petition.decided_on,
            Petition.competence,
            Petition.competent_body,
        )
        .where(of_chunk)
        .order_by(Petition.received_on, Petition.number)
    ).all()
    if not found_petitions:
        return {}
    cases: dict[uuid.UUID, list[str]] = defaultdict(list)
    for petition_id, number, cancelled in session.execute(
        select(CaseFile.petition_id, CaseFile.number, CaseFile.cancellation_id.is_not(None))
        .join(Petition, Petition.id == CaseFile.petition_id)
        .where(of_chunk)
        .order_by(CaseFile.number)
    ):
        cases[petition_id].append(f"{number} ({CANCELLED_MARK})" if cancelled else number)
    letters: dict[uuid.UUID, list[_Letter]] = defaultdict(list)
    cancelling = (
        (Correction.entity == "issued_document")
        & (Correction.record_id == IssuedDocument.id)
        & (Correction.kind == CorrectionKind.CANCEL)
    )
    for petition_id, kind, number, cancelled_by in session.execute(
        select(Petition.id, IssuedDocument.kind, IssuedDocument.number, Correction.id)  # the petition's id: never NULL
        .select_from(IssuedDocument)
        .join(Petition, Petition.id == IssuedDocument.petition_id)
        .outerjoin(Correction, cancelling)
        .where(of_chunk)
        .order_by(IssuedDocument.issued_at, IssuedDocument.number)
    ):
        letter = _Letter(kind, f"{number} ({CANCELLED_MARK})" if cancelled_by is not None else number)
        if letter not in letters[petition_id]:  # each number once (a letter's reprint adds no row)
            letters[petition_id].append(letter)
    found: dict[uuid.UUID, list[_PetitionFacts]] = defaultdict(list)
    for row in found_petitions:
        found[row.visit_id].append(
            _PetitionFacts(
                number=row.number,
                decision=row.decision,
                decided_on=row.decided_on,
                competence=row.competence,
                competent_body=row.competent_body,
                cases=tuple(cases[row.id]),
                letters=tuple(letters[row.id]),
            )
        )
    return {visit_id: tuple(items) for visit_id, items in found.items()}


def _row(number: int, visit: Any, person: _Person, petitions: tuple[_PetitionFacts, ...]) -> BookRow:
    return BookRow(
        number=str(number),
        serial=visit.serial,
        received_on=short_date(local(visit.received_at).date()),
        name_and_address="\n".join(part for part in (person.name, person.address) if part),
        id_number=person.id_number,
        content=visit.content_summary,
        petition_kind=PETITION_KIND_CODES[visit.classification],
        head_count=str(visit.head_count),
        prior_resolution=visit.prior_resolution,
        # Column 9 is the petition's competence, decided when it is registered; the visit alone tells none.
        within_competence=WITHIN_COMPETENCE if any(p.competence == Competence.OURS for p in petitions) else "",
        guided_to=_handled_column(visit, petitions, Outcome.GUIDE, PetitionDecision.GUIDE, DocumentKind.GUIDANCE),
        handled_by=_handled_column(
            visit, petitions, Outcome.TRANSFER, PetitionDecision.TRANSFER, DocumentKind.TRANSFER
        ),
        follow_up="\n".join(_follow_up(petition) for petition in petitions),
        note=_note(visit),
    )


def _handled_column(
    visit: Any,
    petitions: tuple[_PetitionFacts, ...],
    outcome: Outcome,
    decision: PetitionDecision,
    letter_kind: DocumentKind,
) -> str:
    """Column 10 (guidance) or 11 (transfer): the body, then the letter that carried it, one per line.

    A petition decided that way names its competent body and its letter; a visit with that outcome
    and no such petition names the body the receptionist noted.
    """
    lines: list[str] = []
    for petition in petitions:
        if petition.decision != decision:
            continue
        if petition.competent_body and petition.competent_body not in lines:
            lines.append(petition.competent_body)
        lines += [
            f"{LETTER_NAMES[letter_kind]} {letter.number}" for letter in petition.letters if letter.kind == letter_kind
        ]
    if not lines and visit.outcome == outcome:
        lines.append(visit.outcome_note or (GUIDED_TEXT if outcome == Outcome.GUIDE else TRANSFERRED_TEXT))
    return "\n".join(lines)


def _follow_up(petition: _PetitionFacts) -> str:
    """ "Đơn D01-2026-D00001: thụ lý ngày 10/03/2026", then "vụ việc D01-2026-V00001" on a line of its own."""
    if petition.decision is None:  # undecided, or its decision taken back: a case it opened stays, cancelled
        text = f"Đơn {petition.number}: {PENDING_TEXT}"
    else:
        text = f"Đơn {petition.number}: {DECISION_TEXTS[petition.decision]}"
        if petition.decided_on:
            text += f" ngày {short_date(petition.decided_on)}"
        # The body and the letter of a guidance or a transfer are in columns 10 and 11.
        others = [letter.number for letter in petition.letters if letter.kind not in LETTER_NAMES]
        if others:
            text += f" (văn bản số {', '.join(others)})"
    for case in petition.cases:
        text += f"\nvụ việc {case}"
    return text


def _note(visit: Any) -> str:
    """Column 13: a cancellation first, then the appointment, an answer given or a refusal, and the note.

    A cancelled visit stays in the book under its number, marked "Đã hủy: <reason>" (docs/corrections.md).
    """
    outcome: Outcome = visit.outcome
    note: str = visit.outcome_note
    parts: list[str] = [f"{CANCELLED_TEXT}: {visit.cancelled}"] if visit.cancelled else []
    if outcome == Outcome.APPOINTMENT and visit.appointment_at is not None:
        moment = local(visit.appointment_at)
        appointment = f"Hẹn {moment:%H:%M} ngày {short_date(moment.date())}"  # short: the rows are dense
        if visit.appointment_place:
            appointment += f" tại {visit.appointment_place}"
        if visit.appointment_with:
            appointment += f", gặp {visit.appointment_with}"
        parts.append(appointment)
    elif outcome == Outcome.ANSWER:
        parts.append(ANSWERED_TEXT)
    elif outcome == Outcome.REFUSE:
        parts.append(REFUSED_TEXT)
    if note and outcome not in (Outcome.GUIDE, Outcome.TRANSFER):  # there the note names the body, column 10 or 11
        parts.append(note)
    return "; ".join(parts)


class _Counted:
    """Rows passed through while counted and reported, so a streamed book tells how far it is and how many it held."""

    def __init__(self, rows: Iterator[BookRow], total: int, progress: Progress | None) -> None:
        self.rows = rows
        self.total = total
        self.progress = progress
        self.count = 0

    def __iter__(self) -> Iterator[BookRow]:
        for row in self.rows:
            if self.progress is not None:  # each row: a cancel stops the work at once
                self.progress(self.count, max(self.total, self.count))
            self.count += 1
            yield row
        if self.progress is not None:
            self.progress(self.count, max(self.total, self.count))  # a visit added since the count: still ends equal


class _Tee:
    """Writes to the file and, when there is one, to its kept copy, hashing what passes."""

    def __init__(self, *targets: BinaryIO) -> None:
        self.targets = targets
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        for target in self.targets:
            target.write(data)
        return len(data)


def export_book_xlsx(
    session: Session,
    period: BookPeriod,
    target: Path,
    *,
    actor: Actor,
    only: BookFilter | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the book of ``period`` as ``actor`` may see it to ``target`` (whole or not at all); returns the visits.

    The rows stream from the database to the file (openpyxl's write-only mode): bounded memory.
    """
    from desktop.documents.book_xlsx import write_book_xlsx

    document, total = _book_and_count(session, period, actor=actor, only=only)
    counted = _Counted(iter(document.rows), total, progress)
    streamed = dataclasses.replace(document, rows=counted)
    keep_streamed(target, lambda handle: write_book_xlsx(streamed, handle), what=_("the spreadsheet"))
    return counted.count


def print_book(
    session: Session,
    period: BookPeriod | int,
    *,
    actor: Actor,
    data_dir: Path,
    keep: bool = True,
    only: BookFilter | None = None,
    output: Path | None = None,
    progress: Progress | None = None,
) -> PrintedBook:
    """Write the book of ``period`` to ``output``; a whole year is also kept as documents/<year>/book-<year>.pdf.

    The book is a register, not an issued document: no IssuedDocument row is written, and each
    print replaces the kept copy with the book as it stands. A part of a year, the book view's
    filters, or a desk on read-only media (``keep=False``) keep nothing and ``path`` is None;
    then ``output`` is needed. The PDF streams to the files as it is drawn (bounded memory); each
    file is written through a temporary one and is whole or left as it was, also when
    ``progress`` raises PrintCancelled.
    """
    from desktop.documents.book import write_book

    period = BookPeriod.of_year(period) if isinstance(period, int) else period
    year = period.whole_year
    whole = only is None or only == BookFilter(period.first, period.last)
    kept = data_dir / "documents" / str(year) / f"book-{year}.pdf" if keep and year is not None and whole else None
    file = output or kept
    if file is None:
        raise ValueError("print_book needs an output when no copy is kept")
    document, total = _book_and_count(session, period, actor=actor, only=only)
    counted = _Counted(iter(document.rows), total, progress)
    streamed = dataclasses.replace(document, rows=counted)
    pages = 0
    digest = ""

    def write(*targets: BinaryIO) -> None:
        nonlocal pages, digest
        tee = _Tee(*targets)
        pages = write_book(streamed, tee)
        digest = tee.digest.hexdigest()

    what = _("the PDF")
    if kept is None or kept == file:
        keep_streamed(file, write, what=what)
    else:  # one drawing, written to both: the copy is in place before the output is
        keep_streamed(file, lambda handle: keep_streamed(kept, lambda copy: write(handle, copy), what=what), what=what)
    return PrintedBook(period=period, visits=counted.count, path=kept, sha256=digest, file=file, pages=pages)
