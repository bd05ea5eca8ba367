"""Report tables for a period: one SQL query per source for all its tables, grouped by desk; the office's total first.

The records of a source go through a subquery that evaluates each condition term once, as a bit of
a mask; each numeric column is then one aggregate (SUM of the measure over the records whose bits
match, COUNT DISTINCT for sessions) of a single SELECT ... GROUP BY desk. The office row adds the
desks' rows, except sessions, counted across the desks. The figures an office carried over from
before it used TiepDan (``openings``) are added and the note line says so.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, and_, case, func, literal, select, true
from sqlalchemy.orm import Session

from db.models import Desk, ReportOpening
from desktop.core.access import Actor
from desktop.core.office import get_office
from desktop.core.permissions import require
from desktop.core.reports.definitions import ColumnDef, SumRule, TableDef, load_table
from desktop.core.reports.facts import Records, all_of, base_select, condition, records_for
from desktop.core.reports.periods import Period

Number = int | float
TOTAL_UNIT = "Tổng cộng"
TOLERANCE = 1e-6
MASK_BITS = 62


@dataclass(frozen=True)
class ReportRow:
    unit: str  # "Tổng cộng" for the office, else the desk: "Bàn tiếp D01"
    desk_code: str  # "" on the office's row
    cells: Mapping[str, Number] = field(default_factory=dict)  # column id -> value (numeric columns only)


@dataclass(frozen=True)
class ReportTable:
    definition: TableDef
    period: Period
    agency: str  # the office that reports
    rows: tuple[ReportRow, ...]  # the office's total first, then each desk
    opening_note: str = ""  # "Số liệu gồm cả số liệu đầu kỳ nhập ngày ..." when carried-over figures were added

    @property
    def total(self) -> ReportRow:
        return self.rows[0]

    def note(self) -> str:
        """The "N. Ghi chú" line under the table."""
        text = f"{self.definition.note_number}. Ghi chú: {self.period.line()}."
        return f"{text} {self.opening_note}" if self.opening_note else text


@dataclass(frozen=True)
class RuleBreak:
    unit: str
    rule: SumRule
    left: Number
    right: Number


def figure_codes(definition: TableDef) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(c.measure.split(":", 1)[1] for c in definition.columns if c.measure.startswith("figure:"))
    )


def _cell(records: Records, definition: TableDef, column: ColumnDef) -> ColumnElement[Any]:
    matched = and_(all_of(records, definition.where), all_of(records, column.where))
    measure = records.measures[column.measure]
    if column.measure == "sessions":
        return func.count(func.distinct(case((matched, measure), else_=None)))
    return func.coalesce(func.sum(case((matched, measure), else_=0)), 0)


def table_records(session: Session, definition: TableDef, period: Period) -> Records:
    dialect = session.get_bind().dialect.name
    return records_for(definition.source, period, dialect, figure_codes(definition))


def _value(column: ColumnDef, raw: object) -> Number:
    number = float(raw or 0)  # type: ignore[arg-type]
    return round(number, 3) if column.is_amount else round(number)


def compute(
    session: Session, table_id: str, period: Period, *, actor: Actor, desk_code: str | None = None
) -> ReportTable:
    """Table ``table_id`` for ``period``: every desk in the database, or ``desk_code``'s alone."""
    return compute_many(session, (table_id,), period, actor=actor, desk_code=desk_code)[0]


PerDesk = dict[uuid.UUID, dict[str, Number]]


def compute_many(
    session: Session, table_ids: Sequence[str], period: Period, *, actor: Actor, desk_code: str | None = None
) -> tuple[ReportTable, ...]:
    """Tables ``table_ids`` for ``period``, in that order: one pass over each source's records.

    The tables of one source (the five petition tables, say) are counted by one SELECT: each cell's
    aggregate carries its table's conditions as well as its own, so the records are read and joined once.
    """
    require(actor, "report.read")
    definitions = [load_table(table_id) for table_id in table_ids]
    desks = {row.id: row for row in session.scalars(select(Desk))}
    wanted = None if desk_code is None else [desk.id for desk in desks.values() if desk.code == desk_code]
    counted: dict[str, PerDesk] = {}
    office_wide: dict[str, dict[str, Number]] = {}
    for source in dict.fromkeys(definition.source for definition in definitions):
        same = [definition for definition in definitions if definition.source == source]
        found, office_counts = _one_pass(session, same, period, wanted if wanted is not None else list(desks))
        counted.update(found)
        office_wide.update(office_counts)
    office = get_office(session)
    return tuple(
        _table(
            session,
            definition,
            period=period,
            per_desk=counted[definition.id],
            office_wide=office_wide.get(definition.id, {}),
            desk_code=desk_code,
            desks=desks,
            agency=office.agency_name if office else "",
        )
        for definition in definitions
    )


@dataclass(frozen=True)
class _Pass:
    """The records of one source as a subquery: the desk, the bits of every condition term, the measures.

    Each term is evaluated once per record, as one bit of a mask (SQL has no common subexpressions:
    a term used by twenty cells was evaluated twenty times); a cell then tests its bits.
    """

    rows: Any  # the subquery
    terms: tuple[str, ...]
    measures: tuple[str, ...]  # the measures other than count, in the order of the x columns

    def has(self, where: tuple[str, ...]) -> ColumnElement[bool]:
        tests = []
        for index, chunk in enumerate(_chunks(self.terms)):
            bits = sum(1 << chunk.index(term) for term in set(where) if term in chunk)
            if bits:
                tests.append(self.rows.c[f"m{index}"].op("&")(literal(bits, BigInteger)) == literal(bits, BigInteger))
        return and_(true(), *tests)

    def cell(self, definition: TableDef, column: ColumnDef) -> ColumnElement[Any]:
        matched = self.has((*definition.where, *column.where))
        if column.measure == "count":
            return func.coalesce(func.sum(case((matched, 1), else_=0)), 0)
        measure = self.rows.c[f"x{self.measures.index(column.measure)}"]
        if column.measure == "sessions":
            return func.count(func.distinct(case((matched, measure), else_=None)))
        return func.coalesce(func.sum(case((matched, measure), else_=0)), 0)


def _records_pass(
    records: Records, definitions: Sequence[TableDef], desk_ids: Sequence[uuid.UUID], dialect: str
) -> _Pass:
    numeric = [(definition, c) for definition in definitions for c in definition.columns if c.numeric]
    terms = tuple(
        dict.fromkeys(
            [term for definition in definitions for term in definition.where]
            + [term for _definition, column in numeric for term in column.where]
        )
    )
    masks = [
        func.coalesce(
            sum(
                (case((condition(records, term), 1 << bit), else_=0) for bit, term in enumerate(chunk)),
                literal(0, BigInteger),
            ),
            0,
        ).label(f"m{index}")
        for index, chunk in enumerate(_chunks(terms))
    ]
    names = tuple(dict.fromkeys(c.measure for _d, c in numeric if c.measure != "count"))
    measures = [records.measures[name].label(f"x{index}") for index, name in enumerate(names)]
    inner = base_select(records, records.desk_id.label("desk"), *masks, *measures).where(
        records.desk_id.in_(list(desk_ids))
    )
    # Kept a subquery (SQLite: LIMIT -1, PostgreSQL: OFFSET 0), not folded back into every cell.
    rows = (inner.limit(-1) if dialect == "sqlite" else inner.offset(0)).subquery("records")
    return _Pass(rows, terms, names)


def _one_pass(
    session: Session, definitions: Sequence[TableDef], period: Period, desk_ids: Sequence[uuid.UUID]
) -> tuple[dict[str, PerDesk], dict[str, dict[str, Number]]]:
    """The cells of tables of one source, per desk: ``{table id: {desk id: {column id: value}}}``, and
    the office's own count of what does not add up across desks (sessions: a leader may receive at two
    desks in one session), ``{table id: {column id: value}}``.

    A desk has a row in a table when some of its records meet the table's own conditions.
    """
    dialect = session.get_bind().dialect.name
    codes = tuple(dict.fromkeys(code for definition in definitions for code in figure_codes(definition)))
    records = records_for(definitions[0].source, period, dialect, codes)
    one = _records_pass(records, definitions, desk_ids, dialect)
    aggregates: list[ColumnElement[Any]] = []
    for definition in definitions:
        # First the number of records in the table, then one aggregate per numeric column.
        aggregates.append(func.coalesce(func.sum(case((one.has(definition.where), 1), else_=0)), 0))
        aggregates += [one.cell(definition, c) for c in definition.columns if c.numeric]
    labelled = [expression.label(f"v{index}") for index, expression in enumerate(aggregates)]
    # SQLite sorts every record for a GROUP BY; a database of one desk is counted without it.
    alone = dialect == "sqlite" and len(desk_ids) == 1
    query = (select(*labelled) if alone else select(one.rows.c.desk, *labelled)).select_from(one.rows)
    if not alone:
        query = query.group_by(one.rows.c.desk)
    found: dict[str, PerDesk] = {definition.id: {} for definition in definitions}
    for row in session.execute(query):
        values: tuple[Any, ...] = tuple(row)
        desk_id, values = (desk_ids[0], values) if alone else (values[0], values[1:])
        at = 0
        for definition in definitions:
            numeric = [c for c in definition.columns if c.numeric]
            in_table, mine = values[at], values[at + 1 : at + 1 + len(numeric)]
            if in_table:
                found[definition.id][desk_id] = {c.id: _value(c, v) for c, v in zip(numeric, mine, strict=True)}
            at += 1 + len(numeric)
    distinct = [(d, c) for d in definitions for c in d.columns if c.measure == "sessions"]
    office: dict[str, dict[str, Number]] = {}
    if len(desk_ids) > 1 and distinct:
        values = tuple(session.execute(select(*(one.cell(d, c) for d, c in distinct)).select_from(one.rows)).one())
        for (definition, column), value in zip(distinct, values, strict=True):
            office.setdefault(definition.id, {})[column.id] = _value(column, value)
    return found, office


def _chunks(terms: Sequence[str]) -> list[Sequence[str]]:
    """The terms in groups of 62: each group is the bits of one signed 64-bit mask."""
    return [terms[at : at + MASK_BITS] for at in range(0, len(terms), MASK_BITS)] or [[]]


def _table(
    session: Session,
    definition: TableDef,
    *,
    period: Period,
    per_desk: PerDesk,
    office_wide: Mapping[str, Number],
    desk_code: str | None,
    desks: Mapping[uuid.UUID, Desk],
    agency: str,
) -> ReportTable:
    """The table from its desks' cells: the figures carried over added, the office's total first."""
    numeric = [column for column in definition.columns if column.numeric]
    opening, note = _openings(session, definition, period, desk_code, desks)
    for desk_id, cells in opening.items():
        target = per_desk.setdefault(desk_id, dict.fromkeys((c.id for c in numeric), 0))
        for column in numeric:
            if column.id in cells:
                target[column.id] = _value(column, target[column.id] + cells[column.id])
    rows = [
        ReportRow(f"Bàn tiếp {desks[desk_id].code}" if desk_id in desks else "", desks[desk_id].code, cells)
        for desk_id, cells in sorted(per_desk.items(), key=lambda item: desks[item[0]].code if item[0] in desks else "")
    ]
    total = {c.id: _value(c, sum(row.cells.get(c.id, 0) for row in rows)) for c in numeric}
    for column_id, value in office_wide.items():  # the office's sessions, not the sum of its desks'
        carried = sum(cells.get(column_id, 0) for cells in opening.values())
        total[column_id] = _value(definition.column(column_id), value + carried)
    return ReportTable(
        definition=definition,
        period=period,
        agency=agency,
        rows=(ReportRow(TOTAL_UNIT, "", total), *rows),
        opening_note=note,
    )


def _openings(
    session: Session, definition: TableDef, period: Period, desk_code: str | None, desks: Mapping[uuid.UUID, Desk]
) -> tuple[dict[uuid.UUID, dict[str, float]], str]:
    """The figures carried over into this table whose day falls in the period, per desk, and the note."""
    query = select(ReportOpening).where(
        ReportOpening.table_id == definition.id, ReportOpening.as_of.between(period.start, period.end)
    )
    found: dict[uuid.UUID, dict[str, float]] = {}
    days: set[dt.date] = set()
    for opening in session.scalars(query):
        if desk_code is not None and (opening.desk_id not in desks or desks[opening.desk_id].code != desk_code):
            continue
        found.setdefault(opening.desk_id, {})[opening.column_id] = opening.amount
        days.add(opening.as_of)
    if not found:
        return {}, ""
    last = max(days)
    return found, f"Số liệu gồm cả số liệu đầu kỳ chuyển sang (tính đến ngày {last:%d/%m/%Y}) do đơn vị nhập."


def rule_breaks(table: ReportTable) -> list[RuleBreak]:
    """The MS row's sum rules that a row of the table breaks (none, unless the data is inconsistent)."""
    breaks = []
    for row in table.rows:
        for rule in table.definition.rules:
            left = row.cells.get(rule.column, 0)
            right = sum(row.cells.get(term, 0) for term in rule.terms)
            if abs(left - right) > TOLERANCE:
                breaks.append(RuleBreak(row.unit, rule, left, right))
    return breaks


def as_json(table: ReportTable) -> dict[str, object]:
    """{table, period, columns: [{id, path}], rows: [{unit, cells}]}: the office's total first."""
    definition = table.definition
    return {
        "table": definition.id,
        "title": definition.title,
        "period": {
            "from": table.period.start.isoformat(),
            "to": table.period.end.isoformat(),
            "name": table.period.name,
        },
        "columns": [{"id": c.id, "path": list(c.path)} for c in definition.columns if c.numeric],
        "rows": [{"unit": row.unit, "desk": row.desk_code, "cells": dict(row.cells)} for row in table.rows],
        "note": table.note(),
    }
