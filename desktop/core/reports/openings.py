"""Figures carried over: an office that starts using TiepDan mid-year enters, per table, what its
reports counted up to that day; the reports whose period holds the day add them and say so in the
note line (docs/reports.md#opening-figures)."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import ReportOpening
from desktop.core.access import Actor, acting
from desktop.core.errors import AppError, ValidationError
from desktop.core.formatting import decimal_text, today_local
from desktop.core.i18n import _
from desktop.core.office import current_desk_code, ensure_desk
from desktop.core.permissions import require
from desktop.core.reports.definitions import TableDef, load_table

_NAMESPACE = uuid.UUID("0c8e7c5a-2f0e-4d51-8a1f-3b6f0f6d9c27")
MAX_AMOUNT = 1e12
TOLERANCE = 1e-6


def opening_id(desk_id: uuid.UUID, table_id: str, year: int, column_id: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"report_opening:{desk_id}:{table_id}:{year}:{column_id}")


@dataclass(frozen=True)
class Openings:
    table_id: str
    year: int
    as_of: dt.date | None
    values: Mapping[str, float]  # column id -> amount


def read_openings(session: Session, table_id: str, year: int) -> Openings:
    """This desk's carried-over figures of ``table_id`` for ``year``."""
    code = current_desk_code(session)
    if code is None:
        return Openings(table_id, year, None, {})
    desk = ensure_desk(session, code)
    rows = list(
        session.scalars(
            select(ReportOpening).where(
                ReportOpening.desk_id == desk.id, ReportOpening.table_id == table_id, ReportOpening.year == year
            )
        )
    )
    return Openings(table_id, year, rows[0].as_of if rows else None, {row.column_id: row.amount for row in rows})


def _parsed(values: Mapping[str, str], definition: TableDef) -> tuple[dict[str, float], dict[str, str]]:
    columns = {column.id: column for column in definition.columns if column.numeric}
    amounts: dict[str, float] = {}
    errors: dict[str, str] = {}
    for column_id, text in values.items():
        if column_id not in columns:
            errors[column_id] = _("Table {table} has no column {column}.").format(table=definition.id, column=column_id)
            continue
        typed = decimal_text(text)
        try:
            value = float(typed) if typed else 0.0
        except ValueError:
            errors[column_id] = _("Enter a number, such as 12,5.")
            continue
        if not math.isfinite(value) or not 0 <= value <= MAX_AMOUNT:
            errors[column_id] = _("Enter a number from 0 to {max}.").format(max="1.000.000.000.000")
        elif not columns[column_id].is_amount and value != int(value):
            errors[column_id] = _("Enter a whole number.")
        elif value:
            amounts[column_id] = value
    for rule in definition.rules:  # the reports add these figures: they must keep every MS rule themselves
        left = amounts.get(rule.column, 0.0)
        right = sum(amounts.get(term, 0.0) for term in rule.terms)
        if abs(left - right) > TOLERANCE and rule.column not in errors:
            errors[rule.column] = _("These figures break the MS rule {rule}.").format(rule=rule.text())
    return amounts, errors


def save_openings(
    session: Session,
    table_id: str,
    year: int,
    as_of: dt.date,
    values: Mapping[str, str],
    *,
    actor: Actor,
    today: dt.date | None = None,
) -> Openings:
    """Keep this desk's carried-over figures of a table (typed text per column id; "" or 0 removes one)."""
    require(actor, "report.opening")
    acting(session, actor)
    definition = load_table(table_id)
    amounts, errors = _parsed(values, definition)
    if as_of.year != year:
        errors["as_of"] = _("The day the figures run to must be in {year}.").format(year=year)
    elif as_of > (today or today_local()):
        errors["as_of"] = _("This date is in the future.")
    if errors:
        raise ValidationError(errors)
    code = current_desk_code(session)
    if code is None:
        raise AppError(_("This desk has no desk code yet: run `tiepdan init --desk D01` or start the GUI."))
    desk = ensure_desk(session, code)
    existing = {
        row.column_id: row
        for row in session.scalars(
            select(ReportOpening).where(
                ReportOpening.desk_id == desk.id, ReportOpening.table_id == table_id, ReportOpening.year == year
            )
        )
    }
    for column_id, row in existing.items():
        if column_id not in amounts:
            session.delete(row)
    for column_id, amount in amounts.items():
        found = existing.get(column_id)
        if found is None:
            session.add(
                ReportOpening(
                    id=opening_id(desk.id, table_id, year, column_id),
                    desk_id=desk.id,
                    table_id=table_id,
                    year=year,
                    column_id=column_id,
                    amount=amount,
                    as_of=as_of,
                )
            )
        else:
            found.amount = amount
            found.as_of = as_of
    session.flush()
    return Openings(table_id, year, as_of if amounts else None, amounts)
