"""Dates, times and numbers formatted once, the same on screen and on paper."""

from __future__ import annotations

import datetime as dt
import re

# Viet Nam keeps UTC+7 all year (no daylight saving), so a fixed offset is exact and needs no
# tz database (Windows has none without the tzdata package).
VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")


def _convert(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """``moment`` in ``zone``; at the very ends of the calendar (year 1, year 9999), where the shift
    would leave it, the first or last moment there is. No caller needs to guard against an
    OverflowError: validation refuses such dates (desktop.core.bounds), but display never crashes."""
    try:
        return moment.astimezone(zone)
    except OverflowError:
        return (dt.datetime.min if moment.year == dt.MINYEAR else dt.datetime.max).replace(tzinfo=zone)


def local(moment: dt.datetime) -> dt.datetime:
    """A stored UTC moment in Viet Nam time."""
    return _convert(moment, VN_TZ)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A moment typed at the desk (naive = Viet Nam time) as an aware UTC datetime."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VN_TZ)
    return _convert(moment, dt.UTC)


def day_start(day: dt.date) -> dt.datetime:
    """The moment ``day`` begins in Viet Nam, in UTC (stored times are UTC): the bound of a day's records."""
    return dt.datetime.combine(day, dt.time(), VN_TZ).astimezone(dt.UTC)


def today_local() -> dt.date:
    return dt.datetime.now(VN_TZ).date()


def long_date(day: dt.date) -> str:
    """Decree 30/2020 style: "ngày 05 tháng 3 năm 2026" (day < 10 and months 1-2 get a zero)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line(place: str, day: dt.date) -> str:
    """The place-date line of a letter: "An Giang, ngày 05 tháng 3 năm 2026"."""
    return f"{place}, {long_date(day)}"


def time_of_day(moment: dt.datetime) -> str:
    """ "09 giờ 30 phút" in Viet Nam time."""
    moment = local(moment) if moment.tzinfo else moment
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút"


def short_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def short_datetime(moment: dt.datetime | None) -> str:
    return local(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def parse_date(text: str) -> dt.date:
    """dd/mm/yyyy (as typed at the desk) or ISO yyyy-mm-dd; raises ValueError."""
    text = text.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def decimal_text(typed: str) -> str:
    """A number as a Vietnamese user writes it (``1.234,5``, ``12,5``, ``1.500``), as ``float`` reads it.

    Dots are between thousands and the comma is the decimal mark: "1.500" is fifteen hundred, never
    1.5 (docs/reports.md, where figures are described). A lone dot elsewhere ("1.5") stays a decimal point.
    """
    value = typed.strip().replace(" ", "")
    if "," in value:
        return value.replace(".", "").replace(",", ".")
    if _THOUSANDS.fullmatch(value):
        return value.replace(".", "")
    return value
