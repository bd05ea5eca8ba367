"""The report tables as data: resources/reports/<table>.json, read and checked once.

A changed circular is a new data file. Each column names a ``measure`` (what a matching record adds:
``count``, ``people``, ``sessions``, ``petitions``, ``figure:<code>``, or ``blank`` for a text column)
and ``where``, the conditions a record must meet (names of the source's vocabulary in ``facts``,
``name:a,b`` for a list, ``not:...`` for the opposite). ``ms`` is the column's MS cell:
"9=11+12+13=14+15+16+17" states that column 9 equals each of those sums.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from desktop.core.errors import NotFoundError
from desktop.core.i18n import _
from desktop.core.resources import resource_path

TABLE_IDS = (
    "01/TCD",
    "02/TCD",
    "01/XLD",
    "02/XLD",
    "03/XLD",
    "04/XLD",
    "01/KQGQ",
    "02/KQGQ",
    "03/KQGQ",
    "04/KQGQ",
)
SOURCES = ("visit", "petition", "case", "execution")


@dataclass(frozen=True)
class SumRule:
    """``column`` equals the sum of ``terms`` (one equality of an MS cell)."""

    column: str
    terms: tuple[str, ...]

    def text(self) -> str:
        return f"{self.column} = {' + '.join(self.terms)}"


@dataclass(frozen=True)
class ColumnDef:
    id: str  # the column's number in the MS row: "1", "2", ...
    path: tuple[str, ...]  # its header cells from the top: ("Tiếp thường xuyên", "Số lượt tiếp")
    measure: str
    where: tuple[str, ...]
    ms: str  # what the MS row shows: "1 = 4+13+22" or "4"

    @property
    def numeric(self) -> bool:
        return self.measure != "blank"

    @property
    def is_amount(self) -> bool:
        """Money or land (a figure with decimals), not a count."""
        return self.measure.startswith("figure:") and figure_unit(self.measure.split(":", 1)[1]) != "count"


@dataclass(frozen=True)
class TableDef:
    id: str  # "01/TCD"
    form: str  # "Biểu số 01/TCD"
    title: str
    basis: str
    source: str  # visit | petition | case | execution
    where: tuple[str, ...]  # conditions every record of the table meets
    note_number: int  # the "N. Ghi chú" line under the table
    columns: tuple[ColumnDef, ...]
    rules: tuple[SumRule, ...]

    @property
    def depth(self) -> int:
        return max(len(column.path) for column in self.columns)

    def column(self, column_id: str) -> ColumnDef:
        for column in self.columns:
            if column.id == column_id:
                return column
        raise NotFoundError(_("Table {table} has no column {column}.").format(table=self.id, column=column_id))


def file_name(table_id: str) -> str:
    """ "01/TCD" -> "01-TCD.json"."""
    return table_id.replace("/", "-") + ".json"


def parse_rules(ms: str) -> tuple[SumRule, ...]:
    parts = [part.strip() for part in ms.split("=")]
    if len(parts) < 2:
        return ()
    return tuple(SumRule(parts[0], tuple(term.strip() for term in part.split("+"))) for part in parts[1:])


def _column(raw: dict[str, object]) -> ColumnDef:
    ms = str(raw.get("ms") or raw["id"])
    path = raw["path"]
    where = raw.get("where", [])
    assert isinstance(path, list)
    assert isinstance(where, list)
    return ColumnDef(
        id=str(raw["id"]),
        path=tuple(str(part) for part in path),
        measure=str(raw.get("measure", "count")),
        where=tuple(str(term) for term in where),
        ms=ms.replace("=", " = "),
    )


@functools.cache
def load_table(table_id: str) -> TableDef:
    """The table's definition (a bad file is a bug of the release: it raises, with the file named)."""
    if table_id not in TABLE_IDS:
        raise NotFoundError(
            _("Unknown report table {table}: one of {tables}.").format(table=table_id, tables=", ".join(TABLE_IDS))
        )
    path = resource_path("reports", file_name(table_id))
    raw = json.loads(path.read_text(encoding="utf-8"))
    columns = tuple(_column(column) for column in raw["columns"])
    rules = tuple(rule for column in columns for rule in parse_rules(column.ms.replace(" ", "")))
    ids = {column.id for column in columns}
    for rule in rules:
        missing = {rule.column, *rule.terms} - ids
        if missing:
            raise ValueError(f"{path}: the rule {rule.text()} names no column {sorted(missing)}")
    if raw["source"] not in SOURCES:
        raise ValueError(f"{path}: unknown source {raw['source']}")
    return TableDef(
        id=raw["table"],
        form=raw["form"],
        title=raw["title"],
        basis=raw.get("basis", ""),
        source=raw["source"],
        where=tuple(raw.get("where", ())),
        note_number=int(raw["note_number"]),
        columns=columns,
        rules=rules,
    )


@dataclass(frozen=True)
class FigureDef:
    code: str
    label: str  # Vietnamese, as the result form and the printed tables name it
    unit: str  # money | land | count
    stage: str  # result (what the decision says) | execution (what was carried out)


@functools.cache
def figures() -> tuple[FigureDef, ...]:
    raw = json.loads(resource_path("reports", "figures.json").read_text(encoding="utf-8"))
    return tuple(FigureDef(f["code"], f["label"], f["unit"], f["stage"]) for f in raw["figures"])


def figure_unit(code: str) -> str:
    for figure in figures():
        if figure.code == code:
            return figure.unit
    raise ValueError(f"unknown figure {code}")
