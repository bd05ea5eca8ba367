"""Which column holds what: the header of an old reception book recognised by its words.

The header is found under the title and period lines: one or two rows (a group such as "Hướng xử
lý" over its three columns), sometimes followed by the row of column numbers of the official form
(1, 2, ... 12). Headers are compared without case or diacritics (``search_key``). A book whose header
is not recognised is mapped by hand: field -> column letter (``parse_mapping``).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop.core.errors import AppError
from desktop.core.i18n import N_, _
from desktop.core.reception.importing.sources import Cell
from desktop.core.text import search_key

HEADER_SCAN = 40  # the header sits within the first rows, under the title lines


class Field(enum.StrEnum):
    """What a column of a book holds (the names --map takes)."""

    NUMBER = "number"  # STT, Số đơn: the book's own number
    DATE = "date"  # Ngày tiếp
    PEOPLE = "name"  # Họ tên - địa chỉ (one or more people)
    ID_NUMBER = "id"  # CMND / hộ chiếu / số định danh
    CONTENT = "content"  # Nội dung vụ việc
    KIND_COUNT = "kind_count"  # "Khiếu nại/ 1"
    KIND = "kind"  # Loại đơn
    COUNT = "count"  # Số người
    PRIOR = "prior"  # Cơ quan đã giải quyết
    ACCEPT = "accept"  # Hướng xử lý: thụ lý
    GUIDE = "guide"  # Hướng xử lý: trả lại đơn và hướng dẫn
    TRANSFER = "transfer"  # Hướng xử lý: chuyển đơn
    FOLLOW_UP = "follow_up"  # Theo dõi kết quả giải quyết
    NOTE = "note"  # Ghi chú
    LEADER = "leader"  # Lãnh đạo tiếp
    RESULT = "result"  # Kết quả


FIELD_LABELS: Mapping[Field, str] = {
    Field.NUMBER: N_("Number in the book"),
    Field.DATE: N_("Date of reception"),
    Field.PEOPLE: N_("Name and address"),
    Field.ID_NUMBER: N_("ID number"),
    Field.CONTENT: N_("Content"),
    Field.KIND_COUNT: N_("Kind / number of people"),
    Field.KIND: N_("Kind of matter"),
    Field.COUNT: N_("Number of people"),
    Field.PRIOR: N_("Body that dealt with it before"),
    Field.ACCEPT: N_("Handling: accepted"),
    Field.GUIDE: N_("Handling: returned with guidance"),
    Field.TRANSFER: N_("Handling: transferred"),
    Field.FOLLOW_UP: N_("Follow-up of the result"),
    Field.NOTE: N_("Note"),
    Field.LEADER: N_("Leader who received"),
    Field.RESULT: N_("Result"),
}

# (field, words any of which names it, words none of which may appear), tried in this order on
# the column's folded header text: the first that matches names the column.
_RULES: tuple[tuple[Field | None, tuple[str, ...], tuple[str, ...]], ...] = (
    (Field.FOLLOW_UP, ("theo doi",), ()),
    (Field.PEOPLE, ("ho ten", "ho va ten"), ()),
    (Field.ID_NUMBER, ("cmnd", "ho chieu", "dinh danh", "cccd", "can cuoc"), ()),
    (Field.KIND_COUNT, ("phan loai don/so nguoi", "phan loai don / so nguoi", "loai don/so nguoi"), ()),
    (Field.COUNT, ("so nguoi",), ()),
    (None, ("truc tiep den", "thuoc tham quyen", "can bo"), ()),  # counted or noted elsewhere: not read
    (Field.TRANSFER, ("chuyen", "tiep theo"), ()),
    (Field.ACCEPT, ("thu ly", "tham quyen giai quyet"), ()),
    (Field.GUIDE, ("tra lai don", "tra don", "huong dan"), ("ket qua",)),
    (Field.PRIOR, ("co quan da",), ()),
    (Field.KIND, ("loai don", "phan loai"), ()),
    (Field.CONTENT, ("noi dung",), ()),
    (Field.LEADER, ("lanh dao",), ()),
    (Field.RESULT, ("ket qua",), ()),
    (Field.NOTE, ("ghi chu",), ()),
    (Field.DATE, ("ngay",), ()),
    (Field.NUMBER, ("stt", "so don", "so tt", "so thu tu"), ()),
)
_NUMBER_KEYS = frozenset({"tt", "#", "so"})
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


class Shape(enum.StrEnum):
    """The layouts recognised, for the preview (docs/importing.md)."""

    CIRCULAR_04 = "circular_04"
    DECREE_154 = "decree_154"
    GVT = "gvt"
    BTR = "btr"
    VLL = "vll"
    OTHER = "other"  # recognised columns in no known order
    MANUAL = "manual"  # mapped by hand


SHAPE_LABELS: Mapping[Shape, str] = {
    Shape.CIRCULAR_04: N_("Reception book of Circular 04/2021 (12 columns)"),
    Shape.DECREE_154: N_("Reception book of Decree 154/2026 (13 columns)"),
    Shape.GVT: N_("Export with the leader and result columns (13 columns)"),
    Shape.BTR: N_("Export with several people per cell (11 columns)"),
    Shape.VLL: N_("Export with the number of people in its own column (12 columns)"),
    Shape.OTHER: N_("Recognised columns"),
    Shape.MANUAL: N_("Columns mapped by hand"),
}


@dataclass(frozen=True)
class Layout:
    """Where a sheet's columns are and where its data starts (row indexes from 0)."""

    columns: Mapping[Field, int]
    first_data_row: int
    shape: Shape
    header_rows: tuple[int, ...] = ()


class MappingError(AppError):
    """A --map text that names an unknown field or no column."""


def cell_text(cell: Cell) -> str:
    """A cell as text: a date as dd/mm/yyyy, a whole number without its ".0"."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else str(cell)
    if isinstance(cell, dt.date):
        return cell.strftime("%d/%m/%Y")
    return cell


def field_of(header: str) -> Field | None:
    """The field a header text names, or None."""
    key = search_key(header)
    if not key:
        return None
    if key in _NUMBER_KEYS:
        return Field.NUMBER
    for field, words, never in _RULES:
        if any(word in key for word in words) and not any(word in key for word in never):
            return field
    return None


def _row_fields(row: Sequence[Cell]) -> dict[int, Field]:
    found: dict[int, Field] = {}
    for index, cell in enumerate(row):
        if isinstance(cell, str) and (field := field_of(cell)) is not None:
            found[index] = field
    return found


def is_column_numbers(row: Sequence[Cell]) -> bool:
    """The row "1 2 3 ... 12" (or "(1) (2) ...") under the header of the official form."""
    texts = [cell_text(cell).strip() for cell in row if cell_text(cell).strip()]
    return len(texts) >= 3 and all(_COLUMN_NUMBER.match(text) for text in texts)


def recognise(rows: Sequence[Sequence[Cell]]) -> Layout | None:
    """The layout of a sheet whose header names at least a date and a name column; None otherwise."""
    for index, row in enumerate(rows[:HEADER_SCAN]):
        fields = _row_fields(row)
        if len(set(fields.values())) < 3:
            continue
        header_rows = [index]
        texts = {column: cell_text(cell) for column, cell in enumerate(row)}
        following = rows[index + 1] if index + 1 < len(rows) else ()
        below = _row_fields(following)
        if below and not _looks_like_data(following):  # a second header row: the groups' parts
            header_rows.append(index + 1)
            for column, cell in enumerate(following):
                if cell_text(cell).strip():
                    texts[column] = f"{_group_above(row, column)} {cell_text(cell)}".strip()
        columns: dict[Field, int] = {}
        for column in sorted(texts):
            field = field_of(texts[column])
            if field is not None and field not in columns:
                columns[field] = column
        if Field.DATE not in columns or Field.PEOPLE not in columns:
            continue
        first = header_rows[-1] + 1
        while first < len(rows) and is_column_numbers(rows[first]):
            first += 1
        return Layout(columns, first, _shape(columns), tuple(header_rows))
    return None


def _group_above(row: Sequence[Cell], column: int) -> str:
    """The group header over ``column``: its own cell, else the nearest filled one to its left (a merged cell)."""
    for index in range(min(column, len(row) - 1), -1, -1):
        text = cell_text(row[index]).strip()
        if text:
            return text
    return ""


def _looks_like_data(row: Sequence[Cell]) -> bool:
    return any(not isinstance(cell, str | None) for cell in row)


def _shape(columns: Mapping[Field, int]) -> Shape:
    has = set(columns)
    if {Field.LEADER, Field.RESULT, Field.KIND_COUNT} <= has:
        return Shape.GVT
    if {Field.KIND, Field.COUNT, Field.ID_NUMBER} <= has:
        return Shape.DECREE_154
    if {Field.ID_NUMBER, Field.KIND_COUNT, Field.ACCEPT, Field.GUIDE, Field.TRANSFER} <= has:
        return Shape.CIRCULAR_04
    if {Field.COUNT, Field.KIND, Field.RESULT} <= has:
        return Shape.VLL
    if {Field.KIND_COUNT, Field.ACCEPT, Field.GUIDE, Field.TRANSFER} <= has:
        return Shape.BTR
    return Shape.OTHER


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """A -> 0, AA -> 26; raises ValueError."""
    text = letters.strip().upper()
    if not text or not text.isascii() or not text.isalpha() or len(text) > 3:
        raise ValueError(letters)
    index = 0
    for ch in text:
        index = index * 26 + ord(ch) - ord("A") + 1
    return index - 1


def parse_mapping(text: str) -> dict[Field, int]:
    """ "date=A,name=B,content=D" -> {Field.DATE: 0, ...}; raises MappingError in the user's words."""
    mapping: dict[Field, int] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        name, _sep, letters = part.partition("=")
        try:
            field = Field(name.strip().lower())
        except ValueError:
            names = ", ".join(member.value for member in Field)
            raise MappingError(
                _("Unknown column name {name} in the mapping: use {names}.").format(name=name.strip(), names=names)
            ) from None
        try:
            mapping[field] = column_index(letters)
        except ValueError:
            raise MappingError(
                _("Give a column letter for {name} in the mapping (e.g. {name}=B).").format(name=field.value)
            ) from None
    check_mapping(mapping)
    return mapping


def check_mapping(mapping: Mapping[Field, int]) -> None:
    if Field.DATE not in mapping or Field.PEOPLE not in mapping:
        raise MappingError(_("The mapping must name the date column and the name column (date=..., name=...)."))


def manual_layout(rows: Sequence[Sequence[Cell]], mapping: Mapping[Field, int]) -> Layout:
    """A layout mapped by hand: data starts under the last row, among the first ones, that is all text."""
    first = 0
    date_column = mapping[Field.DATE]
    for index, row in enumerate(rows[:HEADER_SCAN]):
        cell = row[date_column] if date_column < len(row) else None
        if (
            _row_fields(row)
            or is_column_numbers(row)
            or (isinstance(cell, str) and not any(ch.isdigit() for ch in cell))
        ):
            first = index + 1
    return Layout(dict(mapping), first, Shape.MANUAL)
