"""The period a report covers: a quarter, 6 or 9 months, a year, or any range, with the office's cut-off day.

By default a period runs from the 15th of the last month of the previous period to the 14th of its
own last month (the state reporting regime, Decree 09/2019 Art. 12; docs/reports.md#periods): the
first quarter of 2026 is 15/12/2025 - 14/03/2026, the year 15/12/2025 - 14/12/2026. The cut-off day
is the office's (``office.report_cutoff_day``, shared by its desks); day 1 gives calendar periods (01/01 - 31/03).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Office
from desktop.core.access import Actor
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.formatting import short_date
from desktop.core.i18n import _
from desktop.core.permissions import require
from desktop.core.users import has_accounts

DEFAULT_CUTOFF_DAY = 15
FIRST_CUTOFF_DAY, LAST_CUTOFF_DAY = 1, 28  # a day every month has
CUTOFF_KEY = "cutoff_day"  # the key of its error message
KINDS = ("q1", "q2", "q3", "q4", "6m", "9m", "year")
# The last month of each kind of period and how many months it spans.
_SPANS = {"q1": (3, 3), "q2": (6, 3), "q3": (9, 3), "q4": (12, 3), "6m": (6, 6), "9m": (9, 9), "year": (12, 12)}
_NAMES_VI = {
    "q1": "Quý I năm {year}",
    "q2": "Quý II năm {year}",
    "q3": "Quý III năm {year}",
    "q4": "Quý IV năm {year}",
    "6m": "6 tháng đầu năm {year}",
    "9m": "9 tháng năm {year}",
    "year": "Năm {year}",
}


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    name: str = ""  # "Quý I năm 2026", "" for a range of the user's own

    def line(self) -> str:
        """The header line of a printed table: "Số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026"."""
        return f"Số liệu tính từ ngày {short_date(self.start)} đến ngày {short_date(self.end)}"


def cutoff_day(session: Session) -> int:
    """The office's cut-off day (15 until an office is set up)."""
    office = session.scalars(select(Office)).first()
    day = office.report_cutoff_day if office is not None else DEFAULT_CUTOFF_DAY
    return day if FIRST_CUTOFF_DAY <= day <= LAST_CUTOFF_DAY else DEFAULT_CUTOFF_DAY


def check_cutoff_day(text: str) -> int:
    """The day typed (" 15 " -> 15); a ValidationError keyed "cutoff_day" when it is no day from 1 to 28."""
    text = text.strip()
    if not (text.isdigit() and FIRST_CUTOFF_DAY <= int(text) <= LAST_CUTOFF_DAY):
        raise ValidationError({CUTOFF_KEY: _("The cut-off day is a day of the month from 1 to 28.")})
    return int(text)


def save_cutoff_day(session: Session, day: int, *, actor: Actor) -> None:
    """Set the office's cut-off day (``actor`` needs "settings.office" once the desk has accounts).

    The office row travels to every desk of the office. Raises ValidationError (nothing written) for
    a day out of 1..28, NotFoundError before the office is set up.
    """
    if has_accounts(session):
        require(actor, "settings.office")
    check_cutoff_day(str(day))
    office = session.scalars(select(Office)).first()
    if office is None:
        raise NotFoundError(_("Set up the office profile first."))
    if office.report_cutoff_day != day:
        office.report_cutoff_day = day
        session.flush()


def _month_back(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) - months
    return index // 12, index % 12 + 1


def standard(kind: str, year: int, cutoff: int = DEFAULT_CUTOFF_DAY) -> Period:
    """The period ``kind`` (q1..q4, 6m, 9m, year) of ``year`` with the cut-off day ``cutoff``."""
    if kind not in _SPANS:
        raise ValidationError(
            {"period": _("Unknown period {kind}: one of {kinds}.").format(kind=kind, kinds=", ".join(KINDS))}
        )
    last_month, months = _SPANS[kind]
    name = _NAMES_VI[kind].format(year=year)
    if cutoff == 1:
        first_year, first_month = _month_back(year, last_month, months - 1)
        end = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
        return Period(dt.date(first_year, first_month, 1), end, name)
    start_year, start_month = _month_back(year, last_month, months)
    return Period(dt.date(start_year, start_month, cutoff), dt.date(year, last_month, cutoff - 1), name)


def custom(start: dt.date, end: dt.date) -> Period:
    if end < start:
        raise ValidationError({"--to": _("The period ends before it starts.")})
    return Period(start, end)
