"""The rows of an old reception book read as entries: a date, the people who came, what about, how handled.

What is read and how (docs/importing.md):

- dates: an Excel date cell, or text dd/mm/yyyy (also d/m/yy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd);
- people: "Name (address)", "Name - address - ID" lines, "Name / address" and name-then-address
  line pairs; a row holding only a name adds its people to the entry above (a group visit);
- the kind of matter and the number of people: "Khiếu nại/ 1", "Khiếu nại / 1", "/ 0", or two
  columns; a kind no rule names leaves the classification unknown;
- the handling: "X" marks in the accept / guide / transfer columns, an agency's name in the
  transfer column, or a result word.

A row is refused, with its number and the reason, when it has no readable date, a date in the
future or no name. Nothing here knows the database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from db.enums import Classification, IdType, Outcome
from desktop.core.i18n import _
from desktop.core.reception.importing.layout import Field, Layout, cell_text, is_column_numbers, recognise
from desktop.core.reception.importing.sources import Cell, Sheet
from desktop.core.text import clean, search_key

_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_PAREN = re.compile(r"^(?P<name>[^()]*?)\s*\((?P<address>.*)\)\s*$", re.DOTALL)
_DASH = re.compile(r"\s+[-–]\s+")
_SLASH = re.compile(r"\s+/\s+")
_KIND_COUNT = re.compile(r"^(?P<kind>.*?)\s*/\s*(?P<count>\d+)?\s*$", re.DOTALL)
_ID = re.compile(r"^(?:\d{9}|\d{12}|[A-Z]\d{7,8})$")
_ADDRESS_WORDS = ("ap ", "khom ", "to ", "so ", "xa ", "phuong ", "thon ", "xom ", "khu pho", "duong ", "tdp ", "kp ")
_MARK = frozenset({"x", "v", "1", "co", "✓", "√", "+"})

# The kind of matter by its words; the first found in the text wins ("Phản ánh, kiến nghị khác": phản ánh).
_KIND_WORDS: tuple[tuple[str, Classification], ...] = (
    ("khieu nai", Classification.COMPLAINT),
    ("to cao", Classification.DENUNCIATION),
    ("kien nghi", Classification.RECOMMENDATION),
    ("phan anh", Classification.REFLECTION),
)
_KIND_CODES = {
    "kn": Classification.COMPLAINT,
    "tc": Classification.DENUNCIATION,
    "kn-pa": Classification.RECOMMENDATION,
    "kn,pa": Classification.RECOMMENDATION,
    "pa": Classification.REFLECTION,
}
# A result word of the book's last column and the way the visit ended that it tells.
_RESULT_WORDS: tuple[tuple[str, Outcome], ...] = (
    ("tu choi tiep", Outcome.REFUSE),
    ("khong thu ly", Outcome.GUIDE),
    ("chuyen", Outcome.TRANSFER),
    ("thu ly", Outcome.RECEIVE_PETITION),
    ("tiep nhan", Outcome.RECEIVE_PETITION),
    ("huong dan", Outcome.GUIDE),
    ("tra don", Outcome.GUIDE),
    ("tra lai don", Outcome.GUIDE),
    ("giai thich", Outcome.GUIDE),
    ("tra loi", Outcome.ANSWER),
)


# Result words that only restate the outcome the marks gave: not repeated in the note.
_PLAIN_RESULTS = frozenset({"chuyen don", "huong dan", "tra don", "tiep nhan", "tu choi tiep"})


@dataclass(frozen=True)
class Person:
    name: str
    address: str = ""
    id_number: str = ""

    @property
    def id_type(self) -> IdType:
        number = self.id_number
        if not number:
            return IdType.NONE
        if number.isdigit():
            return IdType.CCCD if len(number) == 12 else IdType.CMND
        return IdType.PASSPORT


@dataclass
class Entry:
    """One entry of the book as read: the row it starts on (1-based, as the spreadsheet shows it)."""

    sheet: str
    row: int
    day: dt.date
    people: list[Person]
    number: str = ""
    content: str = ""
    kind_text: str = ""
    classification: Classification = Classification.UNKNOWN
    count: int | None = None
    outcome: Outcome = Outcome.UNKNOWN
    outcome_note: str = ""
    prior: str = ""
    leader: str = ""
    texts: dict[str, str] = field(default_factory=dict)  # every cell as read, for the bounds check


@dataclass(frozen=True)
class Rejected:
    sheet: str
    row: int
    reason: str

    def as_json(self) -> dict[str, object]:
        return {"sheet": self.sheet, "row": self.row, "reason": self.reason}


@dataclass(frozen=True)
class ReadSheet:
    """A sheet read: its layout (None: not recognised, nothing read), its entries and refused rows."""

    name: str
    layout: Layout | None
    entries: tuple[Entry, ...]
    rejected: tuple[Rejected, ...]
    rows: tuple[tuple[Cell, ...], ...] = ()


def read_sheet(sheet: Sheet, *, today: dt.date, layout: Layout | None = None) -> ReadSheet:
    """The entries of ``sheet`` by ``layout`` (recognised from its header when not given)."""
    layout = layout or recognise(sheet.rows)
    if layout is None:
        return ReadSheet(sheet.name, None, (), (), sheet.rows)
    entries: list[Entry] = []
    rejected: list[Rejected] = []
    columns = layout.columns
    for index in range(layout.first_data_row, len(sheet.rows)):
        row = sheet.rows[index]
        values = {field: _get(row, column) for field, column in columns.items()}
        if not any(cell_text(value).strip() for value in values.values()) or is_column_numbers(row):
            continue
        people_text = cell_text(values.get(Field.PEOPLE)).strip()
        others = [f for f, value in values.items() if f is not Field.PEOPLE and cell_text(value).strip()]
        if not others and people_text:  # only names: further people of the entry above
            if entries and entries[-1].sheet == sheet.name:
                entries[-1].people.extend(read_people(people_text))
                entries[-1].texts[f"people.{index}"] = people_text
            else:
                rejected.append(Rejected(sheet.name, index + 1, _("The row has no date of reception.")))
            continue
        if not people_text and not cell_text(values.get(Field.DATE)).strip() and len(others) <= 1:
            continue  # a line of the footer (place and date, the signatures) or a repeated title
        outcome = _read_entry(sheet.name, index + 1, values, today)
        if isinstance(outcome, Rejected):
            rejected.append(outcome)
        else:
            entries.append(outcome)
    return ReadSheet(sheet.name, layout, tuple(entries), tuple(rejected), sheet.rows)


def _get(row: Sequence[Cell], column: int) -> Cell:
    return row[column] if 0 <= column < len(row) else None


def _read_entry(sheet: str, row: int, values: Mapping[Field, Cell], today: dt.date) -> Entry | Rejected:
    day = read_date(values.get(Field.DATE))
    if day is None:
        return Rejected(sheet, row, _("The date of reception cannot be read."))
    if day > today:
        return Rejected(
            sheet, row, _("The date of reception {day} is in the future.").format(day=day.strftime("%d/%m/%Y"))
        )
    people = read_people(cell_text(values.get(Field.PEOPLE)))
    if not people:
        return Rejected(sheet, row, _("The row has no name of a citizen."))
    id_text = clean(cell_text(values.get(Field.ID_NUMBER)))
    if id_text:
        numbers = [
            line for line in (clean(part) for part in cell_text(values.get(Field.ID_NUMBER)).split("\n")) if line
        ]
        for position, number in enumerate(numbers[: len(people)]):
            if not people[position].id_number:
                people[position] = Person(people[position].name, people[position].address, _id_or_blank(number))
    texts = {f.value: cell_text(value) for f, value in values.items() if f not in (Field.DATE,)}
    entry = Entry(sheet=sheet, row=row, day=day, people=people, texts=texts)
    entry.number = clean(cell_text(values.get(Field.NUMBER)))
    entry.content = clean(cell_text(values.get(Field.CONTENT)))
    entry.prior = clean(cell_text(values.get(Field.PRIOR)))
    entry.leader = clean(cell_text(values.get(Field.LEADER)))
    kind_text, count = read_kind_count(values)
    entry.kind_text = kind_text
    entry.classification = classification_of(kind_text)
    entry.count = count
    entry.outcome, entry.outcome_note = read_handling(values)
    return entry


def read_date(cell: Cell) -> dt.date | None:
    """The day of a date cell or a dd/mm/yyyy text; None when unreadable."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, float):  # an Excel serial number not formatted as a date (1954-2119)
        return _EXCEL_EPOCH + dt.timedelta(days=int(cell)) if 20000 <= cell <= 80000 else None
    text = clean(cell)
    parts: tuple[int, int, int] | None = None
    if found := _DMY.match(text):
        day, month, year = (int(part) for part in found.groups())
        parts = (year + 2000 if year < 100 else year, month, day)
    elif found := _YMD.match(text):
        year, month, day = (int(part) for part in found.groups())
        parts = (year, month, day)
    try:
        return dt.date(*parts) if parts else None
    except ValueError:
        return None


def read_people(text: str) -> list[Person]:
    """The people of a name cell, one or more lines (see the module's docstring)."""
    people: list[Person] = []
    open_address = False  # the last person came without an address: the next line may be it
    for raw in text.replace("\r", "\n").split("\n"):
        line = clean(raw)
        if not line:
            continue
        person = _person_line(line)
        if person is not None:
            people.append(person)
            open_address = False
        elif open_address and people and _looks_like_address(line):
            people[-1] = Person(people[-1].name, line, people[-1].id_number)
            open_address = False
        elif any(ch.isalpha() for ch in line):
            people.append(Person(line))
            open_address = True
    return people


def _person_line(line: str) -> Person | None:
    """A line that carries its own separators: "Name (address)", "Name - address - ID", "Name / address"."""
    if found := _PAREN.match(line):
        return _person(found.group("name"), found.group("address"))
    parts = _DASH.split(line)
    if len(parts) >= 2:
        number = _id_or_blank(parts[-1])
        if number:
            parts.pop()
        return _person(parts[0], " - ".join(parts[1:]), number)
    parts = _SLASH.split(line, maxsplit=1)
    if len(parts) == 2:
        return _person(parts[0], parts[1])
    return None


def _person(name: str, address: str, number: str = "") -> Person | None:
    name = clean(name)
    if not any(ch.isalpha() for ch in name):
        return None
    return Person(name, clean(address).strip(" ,;"), number)


def _id_or_blank(text: str) -> str:
    number = text.replace(" ", "").replace(".", "").upper()
    return number if _ID.match(number) else ""


def _looks_like_address(line: str) -> bool:
    key = search_key(line)
    return "," in line or any(ch.isdigit() for ch in line) or key.startswith(_ADDRESS_WORDS)


def read_kind_count(values: Mapping[Field, Cell]) -> tuple[str, int | None]:
    """The kind as written and the number of people, from one "kind / n" column or two."""
    kind = clean(cell_text(values.get(Field.KIND)))
    count = _count(values.get(Field.COUNT))
    combined = clean(cell_text(values.get(Field.KIND_COUNT)))
    if combined:
        found = _KIND_COUNT.match(combined)
        if found:
            kind = kind or clean(found.group("kind"))
            if count is None and found.group("count"):
                count = int(found.group("count"))
        else:
            kind = kind or combined
    return kind, count


def _count(cell: Cell) -> int | None:
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() and cell >= 0 else None
    text = clean(cell_text(cell))
    return int(text) if text.isdigit() else None


def classification_of(kind_text: str) -> Classification:
    """The classification a kind as written names; UNKNOWN when none ("Tranh chấp", "Không đơn", "").

    A kind that names a denunciation among others is a denunciation (its people are protected).
    """
    key = search_key(kind_text)
    if not key:
        return Classification.UNKNOWN
    if "to cao" in key or "tc" in re.split(r"[^a-z]+", key):
        # "Khiếu nại, tố cáo", "KN-TC": a denunciation named anywhere keeps its denouncer secret
        return Classification.DENUNCIATION
    if key.replace(" ", "") in _KIND_CODES:
        return _KIND_CODES[key.replace(" ", "")]
    found = [(key.find(word), value) for word, value in _KIND_WORDS if word in key]
    return min(found)[1] if found else Classification.UNKNOWN


def _is_mark(cell: Cell) -> bool:
    return search_key(cell_text(cell)) in _MARK


def read_handling(values: Mapping[Field, Cell]) -> tuple[Outcome, str]:
    """How the visit ended and the note that goes with it (the receiving body, the result as written)."""
    notes: list[str] = []
    outcome = Outcome.UNKNOWN
    transfer = clean(cell_text(values.get(Field.TRANSFER)))
    if transfer:
        outcome = Outcome.TRANSFER
        if not _is_mark(transfer):
            notes.append(transfer)
    elif _is_mark(values.get(Field.ACCEPT)):
        outcome = Outcome.RECEIVE_PETITION
    elif _is_mark(values.get(Field.GUIDE)):
        outcome = Outcome.GUIDE
    result = clean(cell_text(values.get(Field.RESULT)))
    if result:
        key = search_key(result)
        told = next((value for word, value in _RESULT_WORDS if word in key), Outcome.UNKNOWN)
        if outcome == Outcome.UNKNOWN:
            outcome = told
        if not (told == outcome and key in _PLAIN_RESULTS):
            notes.append(result)  # a word that says more than the outcome: kept as written
    for name in (Field.FOLLOW_UP, Field.NOTE):
        if text := clean(cell_text(values.get(name))):
            notes.append(text)
    return outcome, "; ".join(notes)


def preview(sheet: ReadSheet, limit: int = 20) -> list[tuple[str, ...]]:
    """The first data rows of a sheet as text, for the wizard's mapping preview."""
    first = sheet.layout.first_data_row if sheet.layout else 0
    rows = sheet.rows[first : first + limit]
    return [tuple(cell_text(cell) for cell in row) for row in rows]
