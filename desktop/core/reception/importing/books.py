"""``import_book``: the entries of an old reception book stored as visits of the book, in one transaction.

Each entry becomes a visit numbered by the desk like any other (its serial, ``numbering``), with
the old book's own number, the file (its SHA-256), the sheet and the row kept beside it
(``ImportedEntry``). A row already imported from the same file content is skipped, so importing a
file again adds nothing. A dry run reads, checks and counts, and writes nothing. Importing needs
the right "book.import". Rows are refused with their number and the reason; the reasons and the
log never quote a cell.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import uuid
from collections import Counter as Tally
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import IdType, ReceivedBy, ReceptionKind, Sex
from db.models import Citizen, ImportedEntry, Visit, VisitParticipant
from desktop.core import bounds
from desktop.core.access import Actor, acting
from desktop.core.errors import AppError
from desktop.core.formatting import as_utc, local
from desktop.core.i18n import _
from desktop.core.numbering import take_numbers, visit_serial
from desktop.core.office import ensure_desk, get_office
from desktop.core.permissions import require
from desktop.core.reception import addresses
from desktop.core.reception.citizens import known_citizen
from desktop.core.reception.importing.layout import Field, Layout, Shape, manual_layout
from desktop.core.reception.importing.rows import Entry, Person, ReadSheet, Rejected, read_sheet
from desktop.core.reception.importing.sources import read_sheets
from desktop.core.reception.validation import check_id, normalise_id_number
from desktop.core.reception.visits import participant_role
from desktop.core.text import clean, search_key, title_name

log = logging.getLogger(__name__)

DELEGATION = 5  # five or more people on one matter: a delegation (docs/legal-basis.md#imported-old-books)
SOURCE_NUMBER_MAX = bounds.column_length(ImportedEntry.source_number)
SOURCE_KIND_MAX = bounds.column_length(ImportedEntry.source_kind)
FILE_NAME_MAX = bounds.column_length(ImportedEntry.file_name)
SHEET_MAX = bounds.column_length(ImportedEntry.sheet)
Progress = Callable[[int, int], None]  # (done, total)


class NothingToImportError(AppError):
    """No sheet of the file has a header the importer knows, and no mapping was given."""


@dataclass(frozen=True)
class SheetRead:
    """What the preview shows of a sheet: its name, shape and columns (None: not recognised)."""

    name: str
    shape: Shape | None
    columns: Mapping[Field, int]
    first_data_row: int
    entries: int
    rejected: int


@dataclass(frozen=True)
class ImportReport:
    """The counts of an import (or of a dry run: ``imported`` is 0, ``entries`` what would be imported)."""

    entries: int
    imported: int
    already_imported: int
    people: int
    rejected: tuple[Rejected, ...]
    sheets: tuple[SheetRead, ...] = ()
    serials: tuple[str, ...] = field(default=(), repr=False)

    def as_json(self) -> dict[str, object]:
        return {
            "entries": self.entries,
            "imported": self.imported,
            "already_imported": self.already_imported,
            "people": self.people,
            "rejected": [reject.as_json() for reject in self.rejected],
        }


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_book(data: bytes, *, today: dt.date, mapping: Mapping[Field, int] | None = None) -> tuple[ReadSheet, ...]:
    """Every sheet of the file read: by ``mapping`` when given (every sheet), else by its header."""
    sheets = read_sheets(data)
    read = []
    for sheet in sheets:
        layout: Layout | None = manual_layout(sheet.rows, mapping) if mapping else None
        read.append(read_sheet(sheet, today=today, layout=layout))
    return tuple(read)


def import_book(
    session: Session,
    data: bytes,
    *,
    file_name: str,
    actor: Actor,
    desk_code: str,
    dry_run: bool = False,
    mapping: Mapping[Field, int] | None = None,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Read ``data`` (the file's bytes) and store its new entries in the caller's transaction.

    Raises UnreadableFileError for a file that is no book, NothingToImportError when no sheet is
    recognised (the caller asks for a mapping), PermissionDeniedError without "book.import".
    """
    require(actor, "book.import")
    acting(session, actor)
    now = now or dt.datetime.now(dt.UTC)
    today = local(now).date()
    sheets = read_book(data, today=today, mapping=mapping)
    if not any(sheet.layout is not None for sheet in sheets):
        raise NothingToImportError(
            _("No sheet of this file has the header of a reception book: map its columns by hand.")
        )
    office = get_office(session)
    home = addresses.province_of_place(office.place_name) if office else None  # for addresses without one
    digest = file_hash(data)
    done = {
        (sheet, row)
        for sheet, row in session.execute(
            select(ImportedEntry.sheet, ImportedEntry.row).where(ImportedEntry.file_hash == digest)
        )
    }
    rejected: list[Rejected] = []
    accepted: list[Entry] = []
    already = 0
    for sheet in sheets:
        rejected.extend(sheet.rejected)
        for entry in sheet.entries:
            if (entry.sheet[:SHEET_MAX], entry.row) in done:
                already += 1
            elif (reason := entry_error(entry, today, default_province=home)) is not None:
                rejected.append(Rejected(entry.sheet, entry.row, reason))
            else:
                accepted.append(entry)
    rejected.sort(key=lambda reject: ([s.name for s in sheets].index(reject.sheet), reject.row))
    people = sum(len(entry.people) for entry in accepted)
    summaries = tuple(_summary(sheet, rejected) for sheet in sheets)
    serials: tuple[str, ...] = ()
    if not dry_run and accepted:
        serials = _store(
            session,
            accepted,
            digest=digest,
            file_name=file_name,
            desk_code=desk_code,
            progress=progress,
            default_province=home,
        )
    log.info(
        "book import%s: %d entries, %d already imported, %d rows refused",
        " (dry run)" if dry_run else "",
        len(accepted),
        already,
        len(rejected),
    )
    return ImportReport(
        entries=len(accepted),
        imported=0 if dry_run else len(accepted),
        already_imported=already,
        people=people,
        rejected=tuple(rejected),
        sheets=summaries,
        serials=serials,
    )


def _summary(sheet: ReadSheet, rejected: Sequence[Rejected]) -> SheetRead:
    layout = sheet.layout
    return SheetRead(
        name=sheet.name,
        shape=layout.shape if layout else None,
        columns=dict(layout.columns) if layout else {},
        first_data_row=layout.first_data_row if layout else 0,
        entries=len(sheet.entries),
        rejected=sum(1 for reject in rejected if reject.sheet == sheet.name),
    )


# -- checks ------------------------------------------------------------------------------------


def entry_error(entry: Entry, today: dt.date, *, default_province: int | None = None) -> str | None:
    """Why an entry read cannot be kept (a text too long for its column, a date before the book's law ...).

    ``default_province``: the office's, for an address that names none (``split_address``)."""
    if (message := bounds.day_error(entry.day, first=bounds.FIRST_RECORD, today=today)) is not None:
        return _("Date of reception: {problem}").format(problem=message)
    for position, person in enumerate(entry.people, start=1):
        if (message := person_error(person, default_province=default_province)) is not None:
            return _("Person {position}: {problem}").format(position=position, problem=message)
    checks = (
        (_("Content"), entry.content, bounds.VISIT["content_summary"]),
        (_("Body that dealt with it before"), entry.prior, bounds.VISIT["prior_resolution"]),
        (_("Handling and result"), entry.outcome_note, bounds.VISIT["outcome_note"]),
        (_("Leader who received"), entry.leader, bounds.VISIT["leader_name"]),
        (_("Number in the book"), entry.number, bounds.TextBound(SOURCE_NUMBER_MAX)),
        (_("Kind of matter"), entry.kind_text, bounds.TextBound(SOURCE_KIND_MAX)),
    )
    for name, value, bound in checks:
        if (message := bounds.text_error(value, bound)) is not None:
            return _("{field}: {problem}").format(field=name, problem=message)
    if entry.leader and (message := bounds.name_error(title_name(entry.leader))) is not None:
        return _("{field}: {problem}").format(field=_("Leader who received"), problem=message)
    if (message := bounds.count_error(head_count(entry), 1, bounds.MAX_HEAD_COUNT)) is not None:
        return _("Number of people: {problem}").format(problem=message)
    return None


def person_error(person: Person, *, default_province: int | None = None) -> str | None:
    name = title_name(person.name)
    message = bounds.text_error(person.name, bounds.CITIZEN["full_name"], name) or bounds.name_error(name)
    if message is None and len(search_key(person.name)) > bounds.NAME_KEY_MAX:
        message = bounds.too_long()
    if message is not None:
        return _("Full name: {problem}").format(problem=message)
    matched = split_address(person.address, default_province)
    detail = matched.detail
    address = addresses.format_address(detail, matched.province_code, matched.commune_code)
    message = bounds.text_error(detail, bounds.CITIZEN["address_detail"])
    if message is None and (len(address) > bounds.ADDRESS_MAX or len(search_key(address)) > bounds.ADDRESS_KEY_MAX):
        message = bounds.too_long()
    if message is not None:
        return _("Address: {problem}").format(problem=message)
    if person.id_type != IdType.NONE:
        issues = check_id(person.id_type, person.id_number, sex=Sex.UNKNOWN, birth_year=None)
        if issues.errors:
            return _("ID number: {problem}").format(problem=next(iter(issues.errors.values())))
    return None


def head_count(entry: Entry) -> int:
    return max(entry.count or 0, len(entry.people), 1)


@functools.lru_cache(maxsize=4096)  # a book repeats its addresses; each person's is read twice (check, store)
def split_address(written: str, default_province: int | None = None) -> addresses.MatchedAddress:
    """An old address as written, read against the units in force (docs/importing.md#addresses).

    "Tổ 3, ấp Mỹ Thạnh, xã Mỹ Hòa Hưng, TP Long Xuyên, An Giang" -> province 91 (An Giang), the
    commune in force the old commune became, and "Tổ 3, ấp Mỹ Thạnh" as the detail. An old commune
    split between several new ones, or one not recognised, gives the province only, and the old
    commune and district stay in the detail as written (the old province too when it was merged
    into one of another name: "tỉnh Bến Tre" -> tỉnh Vĩnh Long). An address without its province is
    read in ``default_province`` (the office's) first. ``addresses.match_address`` decides.
    """
    return addresses.match_address(written, default_province=default_province)


# -- writing -----------------------------------------------------------------------------------


def _store(
    session: Session,
    entries: Sequence[Entry],
    *,
    digest: str,
    file_name: str,
    desk_code: str,
    progress: Progress | None,
    default_province: int | None = None,
) -> tuple[str, ...]:
    desk = ensure_desk(session, desk_code)
    ordered = sorted(entries, key=lambda entry: (entry.day, entry.sheet, entry.row))
    first_numbers = {
        year: take_numbers(session, f"visit:{desk.code}", year, count)
        for year, count in sorted(Tally(entry.day.year for entry in ordered).items())
    }
    name = PurePath(file_name).name[-FILE_NAME_MAX:]
    serials = []
    known: dict[tuple[IdType, str], Citizen] = {}
    for done, entry in enumerate(ordered, start=1):
        seq = first_numbers[entry.day.year]
        first_numbers[entry.day.year] += 1
        visit = _visit(entry, desk.id, desk.code, seq)
        for position, person in enumerate(entry.people):
            given = _given(person, default_province)
            citizen = _citizen(session, person, given, known)
            visit.participants.append(_participant(given, citizen, visit, position))
        session.add(visit)
        session.add(
            ImportedEntry(
                visit=visit,
                desk_id=desk.id,
                file_hash=digest,
                file_name=name,
                sheet=entry.sheet[:SHEET_MAX],
                row=entry.row,
                source_number=entry.number,
                source_kind=entry.kind_text,
            )
        )
        serials.append(visit.serial)
        if done % 500 == 0:
            session.flush()
            if progress is not None:
                progress(done, len(ordered))
    session.flush()
    if progress is not None:
        progress(len(ordered), len(ordered))
    return tuple(serials)


def _visit(entry: Entry, desk_id: uuid.UUID, desk_code: str, seq: int) -> Visit:
    year = entry.day.year
    leader = title_name(entry.leader)
    count = head_count(entry)
    return Visit(
        id=uuid.uuid4(),
        serial=visit_serial(desk_code, year, seq),
        desk_id=desk_id,
        year=year,
        seq=seq,
        received_at=as_utc(dt.datetime.combine(entry.day, dt.time(0, 0))),  # the day only: midnight, Viet Nam time
        receptionist_id=None,
        reception_kind=ReceptionKind.REGULAR,
        received_by=ReceivedBy.LEADER if leader else ReceivedBy.OFFICER,
        leader_name=leader,
        classification=entry.classification,
        content_summary=clean(entry.content),
        content_key=search_key(entry.content),
        requests="",
        prior_resolution=clean(entry.prior),
        is_delegation=count >= DELEGATION,
        head_count=count,
        outcome=entry.outcome,
        outcome_note=clean(entry.outcome_note),
        appointment_at=None,
        appointment_place="",
        appointment_with="",
    )


def _given(person: Person, default_province: int | None) -> dict[str, object]:
    """The person as the old book gives them, in the columns a participant keeps."""
    matched = split_address(person.address, default_province)
    address = addresses.format_address(matched.detail, matched.province_code, matched.commune_code)
    id_type = person.id_type
    return {
        "full_name": title_name(person.name),
        "sex": Sex.UNKNOWN,
        "birth_date": None,
        "birth_year": None,
        "id_type": id_type,
        "id_number": normalise_id_number(id_type, person.id_number) if id_type != IdType.NONE else "",
        "id_issue_date": None,
        "id_issue_place": "",
        "phone": "",
        "province_code": matched.province_code,
        "commune_code": matched.commune_code,
        "address_detail": matched.detail,
        "address": address,
        "ethnicity": "",
        "nationality": "Việt Nam",
    }


def _citizen(
    session: Session, person: Person, given: Mapping[str, object], known: dict[tuple[IdType, str], Citizen]
) -> Citizen:
    """The person's record: found again by identity paper (left as it is: an old book does not
    rewrite what a later visit recorded), else a new one."""
    key = (person.id_type, str(given["id_number"]))
    if person.id_type != IdType.NONE:
        found = known.get(key) or known_citizen(session, *key)
        if found is not None:
            known[key] = found
            return found
    citizen = Citizen(id=uuid.uuid4(), name_key=search_key(person.name), address_key=search_key(str(given["address"])))
    for name, value in given.items():
        setattr(citizen, name, value)
    session.add(citizen)
    if person.id_type != IdType.NONE:
        known[key] = citizen
    return citizen


def _participant(given: Mapping[str, object], citizen: Citizen, visit: Visit, position: int) -> VisitParticipant:
    return VisitParticipant(
        citizen=citizen,
        role=participant_role(visit.classification),
        is_representative=False,
        position=position,
        **given,
    )
