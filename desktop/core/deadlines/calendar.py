"""The working-day calendar of a Vietnamese state office: weekends, public holidays, swapped days."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from desktop.core import bounds
from desktop.core.errors import AppError, ValidationError, os_reason
from desktop.core.i18n import _
from desktop.core.resources import holidays_dir
from desktop.core.text import clean

WEEKEND = frozenset({5, 6})  # Saturday, Sunday (civil servants work Monday to Friday)
WEEKEND_REASON = "Nghỉ cuối tuần"
MAX_SEARCH_DAYS = 3660  # no gap between two working days is ever close to ten years
_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def weekday_name(day: date) -> str:
    """The Vietnamese name of the day of the week: "thứ Hai" … "Chủ nhật"."""
    return _WEEKDAYS[day.weekday()]


def format_day(day: date) -> str:
    """A date as explanations show it: 16/02/2026 (thứ Hai)."""
    return f"{day:%d/%m/%Y} ({weekday_name(day)})"


@dataclass(frozen=True)
class CalendarEntry:
    """One day an override turns into a day off or a working day, with where that comes from."""

    day: date
    name: str
    source: str = ""
    unverified: bool = False

    def describe(self) -> str:
        """The name, plus the source and an UNVERIFIED mark when there are any."""
        text = self.name
        if self.source:
            text += f" (theo: {self.source})"
        if self.unverified:
            text += " [CHƯA KIỂM CHỨNG]"
        return text


@dataclass(frozen=True)
class CalendarOverrides:
    """Days off and working days to lay over the package's calendar (national or one office's)."""

    label: str
    days_off: tuple[CalendarEntry, ...] = ()
    working_days: tuple[CalendarEntry, ...] = ()

    def __post_init__(self) -> None:
        clash = {e.day for e in self.days_off} & {e.day for e in self.working_days}
        if clash:
            days = ", ".join(sorted(d.isoformat() for d in clash))
            raise ValidationError(
                {"days": _("{label}: a day cannot be both off and working: {days}").format(label=self.label, days=days)}
            )


def _parse_entry(raw: Mapping[str, Any], year: str, where: str) -> CalendarEntry:
    try:
        day = date.fromisoformat(str(raw["date"]))
        typed_name, typed_source = str(raw["name"]), str(raw.get("source", ""))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError({where: _("{where}: each day needs an ISO date and a name").format(where=where)}) from exc
    name, source = clean(typed_name), clean(typed_source)
    if str(day.year) != year or not name:
        raise ValidationError(
            {
                where: _("{where}: {day} is not a named day of {year}").format(
                    where=where, day=day.isoformat(), year=year
                )
            }
        )
    problem = (
        bounds.day_error(day, first=bounds.FIRST_RECORD, last=bounds.LAST_DAY)
        or bounds.text_error(typed_name, bounds.CALENDAR_DAY["name"])
        or bounds.text_error(typed_source, bounds.TextBound(bounds.TEXT_MAX))
    )
    if problem:
        raise ValidationError({where: f"{where}: {day.isoformat()}: {problem}"})
    return CalendarEntry(day, name, source, bool(raw.get("unverified", False)))


def parse_overrides(data: Mapping[str, Any], label: str) -> CalendarOverrides:
    """Overrides from the vn.json layout: ``{"years": {"2027": {"days_off": [...], "working_days": [...]}}}``.

    A file without "years" is refused like one whose "years" is malformed: it is not a calendar.
    """
    years = data.get("years")
    if not isinstance(years, Mapping) or not all(isinstance(days, Mapping) for days in years.values()):
        raise ValidationError({label: _('{label}: "years" must map a year to its days').format(label=label)})
    off: list[CalendarEntry] = []
    work: list[CalendarEntry] = []
    for year, lists in years.items():
        for key, target in (("days_off", off), ("working_days", work)):
            where = f"{label}: {year}.{key}"
            entries = lists.get(key, [])
            if not isinstance(entries, list | tuple):
                raise ValidationError({where: _("{where}: expected a list of days").format(where=where)})
            target.extend(_parse_entry(raw, str(year), where) for raw in entries)
    return CalendarOverrides(label, tuple(off), tuple(work))


def load_overrides(path: Path) -> CalendarOverrides:
    """Read an overrides file (the layout of resources/holidays/vn.json)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _unreadable(path, os_reason(exc)) from exc
    except UnicodeDecodeError as exc:
        raise _unreadable(path, _("it is not UTF-8 text")) from exc
    except json.JSONDecodeError as exc:
        raise _unreadable(
            path, _("it is not valid JSON (line {line}, column {column})").format(line=exc.lineno, column=exc.colno)
        ) from exc
    except (ValueError, RecursionError) as exc:  # a number of thousands of digits, nesting beyond the parser
        raise _unreadable(
            path, _("it is not valid JSON (line {line}, column {column})").format(line=1, column=1)
        ) from exc
    if not isinstance(data, dict):
        raise _unreadable(path, _('it is not a JSON object with the key "years"'))
    return parse_overrides(data, str(data.get("label", path.name)))


def _unreadable(path: Path, error: str) -> AppError:
    return AppError(_("Cannot read the holiday file {path}: {error}").format(path=path, error=error))


def national_overrides() -> CalendarOverrides:
    """The hand-maintained additions shipped in resources/holidays/vn.json."""
    return load_overrides(holidays_dir() / "vn.json")


@dataclass(frozen=True)
class _Year:
    days_off: dict[date, str]
    working: frozenset[date]


def _package_year(year: int) -> _Year:
    import holidays  # ~0.2 s to import: when a year is first needed, not at the start of the GUI

    calendar = holidays.country_holidays("VN", years=year, language="vi")
    days_off = {day: str(name) for day, name in calendar.items() if day.year == year}
    working = frozenset(day for day in calendar.weekend_workdays if day.year == year)
    return _Year(days_off, working)


def _apply(base: _Year, layer: CalendarOverrides, year: int) -> _Year:
    days_off = dict(base.days_off)
    working = set(base.working)
    for entry in layer.days_off:
        if entry.day.year == year:
            days_off[entry.day] = entry.describe()
            working.discard(entry.day)
    for entry in layer.working_days:
        if entry.day.year == year:
            days_off.pop(entry.day, None)
            working.add(entry.day)
    return _Year(days_off, frozenset(working))


@dataclass(frozen=True, eq=False)
class WorkCalendar:
    """Monday–Friday minus public holidays, plus swapped working Saturdays; layers override the package.

    ``layers`` apply in order over ``holidays.country_holidays("VN")``: usually the national
    additions (vn.json) first, then the office's own. A later layer wins for the same day. A
    calendar is a value: two calendars with the same layers are equal, so deadlines computed on
    one can be remembered for the other.
    """

    layers: tuple[CalendarOverrides, ...] = ()
    _years: dict[int, _Year] = field(default_factory=dict, init=False, repr=False)
    _hash: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash(self.layers))  # deadline caches hash it on every look-up

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WorkCalendar) and (other is self or other.layers == self.layers)

    def __hash__(self) -> int:
        return self._hash

    @classmethod
    def default(cls, office: CalendarOverrides | None = None) -> WorkCalendar:
        """The package's calendar with vn.json on top, then ``office`` (the office's own days)."""
        return _default_calendar(office)

    def _year(self, year: int) -> _Year:
        if year not in self._years:
            built = _package_year(year)
            for layer in self.layers:
                built = _apply(built, layer, year)
            self._years[year] = built
        return self._years[year]

    def holiday_name(self, day: date) -> str | None:
        """The name of the public holiday or official day off on ``day``; None otherwise."""
        return self._year(day.year).days_off.get(day)

    def is_working_day(self, day: date) -> bool:
        year = self._year(day.year)
        if day in year.working:
            return True
        return day.weekday() not in WEEKEND and day not in year.days_off

    def day_off_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day (holiday name or weekend); None for a working day."""
        if self.is_working_day(day):
            return None
        return self.holiday_name(day) or WEEKEND_REASON

    def is_swapped_workday(self, day: date) -> bool:
        """A Saturday or Sunday that is a working day because the Government swapped it."""
        return day.weekday() in WEEKEND and self.is_working_day(day)

    def next_working_day(self, day: date, *, inclusive: bool = False) -> date:
        """The first working day after ``day`` (or ``day`` itself when ``inclusive`` and working)."""
        current = day if inclusive else day + timedelta(days=1)
        for _step in range(MAX_SEARCH_DAYS):
            if self.is_working_day(current):
                return current
            current += timedelta(days=1)
        raise AppError(_("No working day within ten years after {day}").format(day=day.isoformat()))

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself is not counted)."""
        if count < 0:
            raise ValueError("count must be >= 0")
        current = start
        for _step in range(count):
            current = self.next_working_day(current)
        return current


@cache
def _default_calendar(office: CalendarOverrides | None) -> WorkCalendar:
    """One calendar per distinct office layer, so each builds its years once per process."""
    layers = [national_overrides()]
    if office is not None and (office.days_off or office.working_days):
        layers.append(office)
    return WorkCalendar(tuple(layers))
