"""The office's own working-day calendar: days off and working days the holiday package lacks.

Stored in the database (shared by the office's desks), laid over the national calendar for
every time limit, and applied to the due dates already stored on open petitions and cases.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CalendarDay, CaseFile, Petition
from desktop.core import workcal
from desktop.core.deadlines import cached_deadline
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.text import clean
from desktop.core.workcal import CalendarEntry, CalendarOverrides

DAY_NAMESPACE = uuid.UUID("3c1f0e4a-7b2d-4f6e-9a1c-5d8e2b7f0a91")


@dataclass(frozen=True)
class OfficeDay:
    day: dt.date
    is_day_off: bool
    name: str


def list_days(session: Session) -> list[OfficeDay]:
    return [
        OfficeDay(d.day, d.is_day_off, d.name) for d in session.scalars(select(CalendarDay).order_by(CalendarDay.day))
    ]


def overrides(session: Session) -> CalendarOverrides:
    days = list_days(session)
    return CalendarOverrides(
        label=_("Office calendar"),
        days_off=tuple(CalendarEntry(d.day, d.name) for d in days if d.is_day_off),
        working_days=tuple(CalendarEntry(d.day, d.name) for d in days if not d.is_day_off),
    )


def load(session: Session) -> None:
    """Use the office's days for every time limit computed from now on in this process."""
    layer = overrides(session)
    if layer != workcal.office_layer():
        workcal.set_office_layer(layer)
        cached_deadline.cache_clear()


def save_day(session: Session, day: dt.date | None, *, is_day_off: bool, name: str) -> OfficeDay:
    """Declare ``day`` off (or working), then bring every stored due date up to date."""
    errors = {}
    if day is None:
        errors["day"] = _("Enter the date.")
    if not clean(name):
        errors["name"] = _("Enter why the day is off or worked, e.g. the decision that says so.")
    if errors:
        raise ValidationError(errors)
    assert day is not None
    row = session.scalar(select(CalendarDay).where(CalendarDay.day == day))
    if row is None:
        row = CalendarDay(id=uuid.uuid5(DAY_NAMESPACE, day.isoformat()), day=day)
        session.add(row)
    row.is_day_off, row.name = is_day_off, clean(name)
    session.flush()
    refresh(session)
    return OfficeDay(row.day, row.is_day_off, row.name)


def remove_day(session: Session, day: dt.date) -> None:
    row = session.scalar(select(CalendarDay).where(CalendarDay.day == day))
    if row is not None:
        session.delete(row)
        session.flush()
    refresh(session)


def refresh(session: Session) -> int:
    """Load the days and recompute the due dates stored on open petitions and cases."""
    from desktop.core.cases import _refresh, _steps, require_case

    load(session)
    changed = 0
    for petition in session.scalars(select(Petition).where(Petition.due_on.isnot(None), Petition.rule_id != "")):
        due = cached_deadline(petition.rule_id, petition.received_on).due
        if due != petition.due_on:
            petition.due_on, changed = due, changed + 1
    for number in session.scalars(select(CaseFile.number).where(CaseFile.is_open)).all():
        case = require_case(session, number)
        before = case.due_on
        _refresh(case, _steps(case))
        changed += case.due_on != before
    session.flush()
    return changed
