"""The office's own working-day calendar: days off and working days the holiday package lacks.

Stored in the database (shared by the office's desks) and laid over the national calendar: every
use case that counts a time limit reads it with ``office_calendar(session)``. Bringing the due
dates already stored on open petitions and cases up to date is the cases package's work
(``desktop.core.cases.due_dates``): it follows the calendar (``follow_calendar``), so that a
calendar changed otherwise than by this desk's own declaration (a day pulled from another desk, a
conflict settled) moves the stored due dates too (``calendar_changed``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import CalendarDay
from desktop.core import bounds
from desktop.core.deadlines.calendar import CalendarEntry, CalendarOverrides, WorkCalendar
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.text import clean

DAY_NAMESPACE = uuid.UUID("3c1f0e4a-7b2d-4f6e-9a1c-5d8e2b7f0a91")
# follower(session, desk_code): bring what is counted on the calendar up to date (desk_code: only
# the records made on that desk; None: all of them).
CalendarFollower = Callable[[Session, str | None], object]
_followers: list[CalendarFollower] = []


def day_id(day: dt.date) -> uuid.UUID:
    """The id of the declaration of ``day``: same day -> same id, on every desk (db.sync.DERIVED_IDS).

    Two desks declaring the day while apart write the same row: the push makes one record of
    them, or a conflict for a person when they disagree (docs/sync.md#natural-keys).
    """
    return uuid.uuid5(DAY_NAMESPACE, day.isoformat())


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


def office_calendar(session: Session) -> WorkCalendar:
    """The calendar time limits are counted on in this office: national days, then the office's."""
    return WorkCalendar.default(overrides(session))


def store_day(session: Session, day: dt.date | None, *, is_day_off: bool, name: str) -> OfficeDay:
    """Declare ``day`` off (or working); the due dates already stored are not touched here."""
    errors = bounds.text_errors(bounds.CALENDAR_DAY, {"name": name})
    if day is None:
        errors["day"] = _("Enter the date.")
    elif (message := bounds.day_error(day, first=bounds.FIRST_RECORD, last=bounds.LAST_DAY)) is not None:
        errors["day"] = message
    if not clean(name):
        errors.setdefault("name", _("Enter why the day is off or worked, e.g. the decision that says so."))
    if errors:
        raise ValidationError(errors)
    assert day is not None
    row = session.scalar(select(CalendarDay).where(CalendarDay.day == day))
    if row is None:
        row = CalendarDay(id=day_id(day), day=day)
        session.add(row)
    row.is_day_off, row.name = is_day_off, clean(name)
    session.flush()
    return OfficeDay(row.day, row.is_day_off, row.name)


def delete_day(session: Session, day: dt.date) -> None:
    row = session.scalar(select(CalendarDay).where(CalendarDay.day == day))
    if row is not None:
        session.delete(row)
        session.flush()


def calendar_state(session: Session) -> frozenset[tuple[dt.date, bool]]:
    """What time limits depend on in the office calendar (the days and whether each is off)."""
    return frozenset(
        (row.day, row.is_day_off) for row in session.execute(select(CalendarDay.day, CalendarDay.is_day_off))
    )


def follow_calendar(follower: CalendarFollower) -> CalendarFollower:
    """Have ``follower`` run whenever ``calendar_changed`` is called (registered once)."""
    if follower not in _followers:
        _followers.append(follower)
    return follower


def calendar_changed(session: Session, desk_code: str | None) -> None:
    """The office calendar changed by other means than ``store_day``: let its followers catch up.

    ``desk_code``: after a sync, only the records made on that desk; each desk brings its own up to
    date when the day reaches it, so that no two desks write the same record for it (a conflict).
    """
    for follower in _followers:
        follower(session, desk_code)
