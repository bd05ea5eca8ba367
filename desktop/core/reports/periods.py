"""The period a report covers: a quarter, 6 or 9 months, a year, or any range, with the office's cut-off day.

By default a period runs from the 15th of the last month of the previous period to the 14th of its
own last month (the state reporting regime, Decree 09/2019 Art. 12; docs/reports.md#periods): the
first quarter of 2026 is 15/12/2025 - 14/03/2026, the year 15/12/2025 - 14/12/2026. The cut-off day
is a desk setting; day 1 gives calendar periods (01/01 - 31/03).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.core.errors import ValidationError
from desktop.core.formatting import short_date
from desktop.core.i18n import _
from desktop.core.office import get_setting, set_setting
from desktop.core.settings_keys import Setting

DEFAULT_CUTOFF_DAY = 15
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
    text = get_setting(session, Setting.REPORT_CUTOFF_DAY).strip()
    return int(text) if text.isdigit() and 1 <= int(text) <= 28 else DEFAULT_CUTOFF_DAY


def save_cutoff_day(session: Session, day: int) -> None:
    if not 1 <= day <= 28:
        raise ValidationError({"cutoff_day": _("The cut-off day is a day of the month from 1 to 28.")})
    set_setting(session, Setting.REPORT_CUTOFF_DAY, str(day))


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
