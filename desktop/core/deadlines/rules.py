"""Legal time limits: versioned rule sets from resources/rules/deadlines/, counted on the work calendar."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from desktop.core import bounds
from desktop.core.deadlines.calendar import WorkCalendar
from desktop.core.deadlines.explain import explain
from desktop.core.errors import AppError, NotFoundError, ValidationError
from desktop.core.i18n import _
from desktop.core.resources import rules_dir

MAX_YEAR = bounds.LAST_YEAR  # the lunar calendar behind the holidays is only computed so far ahead
VARIANT_KEYS = ("complex", "remote", "complex_remote")
Period = tuple[date, date]


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    YEARS = "years"  # ends on the same day of the last year (Civil Code 2015 Art. 148)


@dataclass(frozen=True)
class Variant:
    length: int
    label: str  # e.g. "vụ việc phức tạp"


@dataclass(frozen=True)
class Extension:
    length: int  # days added by each extension
    max_count: int
    label: str
    basis: str


@dataclass(frozen=True)
class Rule:
    """One version of one time limit, as the rule set file states it."""

    id: str
    version: str
    title: str
    event: str  # what the period runs from, e.g. "ngày thụ lý"
    length: int
    unit: Unit
    basis: str
    effective_from: date
    counting: tuple[str, ...] = ()  # the counting convention of the rule set, one sentence a line
    variants: Mapping[str, Variant] = field(default_factory=dict)
    extension: Extension | None = None
    unverified: bool = False
    note: str = ""


@dataclass(frozen=True)
class RuleSet:
    """One rule set file. A rule id may have several versions in it, each from its own date."""

    version: str
    effective_from: date
    title: str
    versions: Mapping[str, tuple[Rule, ...]]  # oldest first

    @property
    def rules(self) -> Mapping[str, Rule]:
        """The latest version of each rule of the set."""
        return {rule_id: versions[-1] for rule_id, versions in self.versions.items()}

    def version_on(self, rule_id: str, day: date) -> Rule | None:
        """The version of ``rule_id`` in force on ``day`` within this set, if any."""
        in_force = [rule for rule in self.versions.get(rule_id, ()) if rule.effective_from <= day]
        return in_force[-1] if in_force else None


@dataclass(frozen=True)
class RuleBook:
    """Every rule set, oldest first; the one in force on the start date decides."""

    sets: tuple[RuleSet, ...]

    def rule_ids(self) -> list[str]:
        return sorted({rule_id for rule_set in self.sets for rule_id in rule_set.rules})

    def first_day(self, rule_id: str) -> date:
        """The first day a version of ``rule_id`` is in force (a time limit can be counted from then on)."""
        return min(
            rule_set.versions[rule_id][0].effective_from for rule_set in self.sets if rule_id in rule_set.versions
        )

    def rule_for(self, rule_id: str, start: date) -> Rule:
        """The version of ``rule_id`` in force on ``start`` (the day of the event)."""
        if rule_id not in self.rule_ids():
            raise NotFoundError(
                _("Unknown deadline rule: {rule}. Known rules: {known}").format(
                    rule=rule_id, known=", ".join(self.rule_ids())
                )
            )
        in_force = [rule_set for rule_set in self.sets if rule_set.effective_from <= start]
        rule = in_force[-1].version_on(rule_id, start) if in_force else None
        if rule is None:
            raise ValidationError(
                {"start": _("Rule {rule} was not in force on {day}").format(rule=rule_id, day=start.isoformat())}
            )
        return rule


@dataclass(frozen=True)
class SkippedDay:
    day: date
    reason: str


@dataclass(frozen=True)
class Deadline:
    """A computed due date with everything needed to show and store how it was reached."""

    rule_id: str
    rule_version: str
    start: date
    due: date
    unit: Unit
    length: int  # after variant and extensions
    skipped: tuple[SkippedDay, ...] = ()  # days passed over while counting or after the last day
    unverified: bool = False
    rule: Rule | None = field(default=None, compare=False, repr=False)  # what the explanation is made of
    count: CountResult | None = field(default=None, compare=False, repr=False)
    variant: str = ""
    extensions: int = 0

    @property
    def explanation(self) -> str:
        """One plain sentence and the day-by-day detail, in the UI language at the time it is read."""
        if self.rule is None or self.count is None:
            return ""
        return explain(
            self.rule, self.start, self.count, length=self.length, variant=self.variant, extensions=self.extensions
        )


# -- loading ---------------------------------------------------------------------------------


def _parse_rule(raw: Mapping[str, Any], version: str, set_from: date, counting: tuple[str, ...]) -> Rule:
    return Rule(
        id=str(raw["id"]),
        version=version,
        title=str(raw["title"]),
        event=str(raw["event"]),
        length=_positive(raw["length"]),
        unit=Unit(raw["unit"]),
        basis=str(raw["basis"]),
        effective_from=date.fromisoformat(raw["effective_from"]) if "effective_from" in raw else set_from,
        counting=counting,
        variants={key: Variant(_positive(v["length"]), str(v["label"])) for key, v in _variants(raw).items()},
        extension=_parse_extension(raw.get("extension")),
        unverified=bool(raw.get("unverified", False)),
        note=str(raw.get("note", "")),
    )


def _parse_extension(raw: Mapping[str, Any] | None) -> Extension | None:
    if raw is None:
        return None
    return Extension(_positive(raw["length"]), _positive(raw["max"]), str(raw["label"]), str(raw["basis"]))


def _positive(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"expected a positive whole number, got {value!r}")
    return value


def _variants(raw: Mapping[str, Any]) -> Mapping[str, Any]:
    variants: Mapping[str, Any] = raw.get("variants", {})
    unknown = set(variants) - set(VARIANT_KEYS)
    if unknown:
        raise ValueError(f"unknown variants {sorted(unknown)}")
    return variants


def load_rule_set(path: Path) -> RuleSet:
    """Read one rule set file; a malformed file is an AppError naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        version, start = str(data["version"]), date.fromisoformat(data["effective_from"])
        counting = tuple(str(line) for line in data["counting"])
        rules = [_parse_rule(raw, version, start, counting) for raw in data["rules"]]
    except (OSError, KeyError, TypeError, ValueError) as exc:
        raise AppError(_("Invalid deadline rule file {path}: {error}").format(path=path, error=exc)) from exc
    by_id: dict[str, list[Rule]] = {}
    for rule in sorted(rules, key=lambda r: r.effective_from):
        by_id.setdefault(rule.id, []).append(rule)
    if any(len({r.effective_from for r in versions}) != len(versions) for versions in by_id.values()):
        raise AppError(
            _("Invalid deadline rule file {path}: a rule id appears twice with the same effective date").format(
                path=path
            )
        )
    return RuleSet(version, start, str(data.get("title", "")), {key: tuple(v) for key, v in by_id.items()})


def load_rulebook(folder: Path | None = None) -> RuleBook:
    """All rule sets in ``folder`` (default resources/rules/deadlines/), ordered by effective date."""
    folder = folder or rules_dir() / "deadlines"
    sets = sorted((load_rule_set(path) for path in sorted(folder.glob("*.json"))), key=lambda s: s.effective_from)
    if not sets:
        raise AppError(_("No deadline rules found in {folder}").format(folder=folder))
    return RuleBook(tuple(sets))


@cache
def default_rulebook() -> RuleBook:
    """The shipped rule sets, read once (rules are immutable)."""
    return load_rulebook()


# -- computing -------------------------------------------------------------------------------


def _variant(rule: Rule, is_complex: bool, is_remote: bool) -> Variant | None:
    key = {(True, True): "complex_remote", (True, False): "complex", (False, True): "remote"}.get(
        (is_complex, is_remote)
    )
    if key is None:
        return None
    if key not in rule.variants:
        what = {
            "complex": _("complex cases"),
            "remote": _("remote areas"),
            "complex_remote": _("complex cases in remote areas"),
        }[key]
        raise ValidationError(
            {"variant": _("Rule {rule} has no separate time limit for {what}").format(rule=rule.id, what=what)}
        )
    return rule.variants[key]


def _extended_length(rule: Rule, base: int, extensions: int) -> int:
    if extensions == 0:
        return base
    ext = rule.extension
    if ext is None:
        raise ValidationError({"extensions": _("Rule {rule} cannot be extended").format(rule=rule.id)})
    if not 0 < extensions <= ext.max_count:
        raise ValidationError(
            {"extensions": _("Rule {rule} allows from 0 to {max} extensions").format(rule=rule.id, max=ext.max_count)}
        )
    return base + extensions * ext.length


def _suspension_check(suspensions: Sequence[Period]) -> Callable[[date], str | None]:
    for first, last in suspensions:
        if last.year > MAX_YEAR:
            raise ValidationError({"suspensions": _("Dates after {year} are not supported").format(year=MAX_YEAR)})
        if last < first:
            message = _("A suspension cannot end before it starts: {first} to {last}").format(
                first=first.isoformat(), last=last.isoformat()
            )
            raise ValidationError({"suspensions": message})

    def reason(day: date) -> str | None:
        for first, last in suspensions:
            if first <= day <= last:
                return f"Thời gian tạm dừng tính thời hạn ({first:%d/%m/%Y} – {last:%d/%m/%Y})"
        return None

    return reason


@dataclass(frozen=True)
class CountResult:
    """How the count went: the last day counted, the due date and the days passed over."""

    last_counted: date
    due: date
    skipped: tuple[SkippedDay, ...]
    shifted: tuple[SkippedDay, ...]  # non-working days passed over after the last counted day
    swapped_in: tuple[date, ...]  # weekend days counted because they were made working days


def anniversary(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes the last day of February (Civil Code 2015 Art. 148)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 2, 28)


def _count_years(
    start: date, years: int, calendar: WorkCalendar, suspended: Callable[[date], str | None]
) -> CountResult:
    """A period in years ends on the same day of its last year; each suspended day in it adds one day."""
    end = anniversary(start, years)
    if end.year > MAX_YEAR:
        raise ValidationError({"start": _("Dates after {year} are not supported").format(year=MAX_YEAR)})
    skipped: list[SkippedDay] = []
    day = start
    while day < end:
        day += timedelta(days=1)
        reason = suspended(day)
        if reason:
            skipped.append(SkippedDay(day, reason))
            end += timedelta(days=1)
    due, shifted = _shift_to_working_day(end, calendar, suspended)
    return CountResult(end, due, tuple(skipped), shifted, ())


def _count(
    start: date, length: int, unit: Unit, calendar: WorkCalendar, suspended: Callable[[date], str | None]
) -> CountResult:
    if unit is Unit.YEARS:
        return _count_years(start, length, calendar, suspended)
    day, counted = start, 0
    skipped: list[SkippedDay] = []
    swapped: list[date] = []
    while counted < length:
        day += timedelta(days=1)
        reason = suspended(day) or (calendar.day_off_reason(day) if unit is Unit.WORKING_DAYS else None)
        if reason:
            skipped.append(SkippedDay(day, reason))
            continue
        counted += 1
        if unit is Unit.WORKING_DAYS and calendar.is_swapped_workday(day):
            swapped.append(day)
    due, shifted = _shift_to_working_day(day, calendar, suspended)
    return CountResult(day, due, tuple(skipped), shifted, tuple(swapped))


def _shift_to_working_day(
    day: date, calendar: WorkCalendar, suspended: Callable[[date], str | None]
) -> tuple[date, tuple[SkippedDay, ...]]:
    """Civil Code Art. 148(5): a period ending on a day off ends on the next working day."""
    shifted: list[SkippedDay] = []
    while (reason := suspended(day) or calendar.day_off_reason(day)) is not None:
        shifted.append(SkippedDay(day, reason))
        day += timedelta(days=1)
    return day, tuple(shifted)


def compute_deadline(
    rule: Rule,
    start: date,
    calendar: WorkCalendar,
    *,
    is_complex: bool = False,
    is_remote: bool = False,
    extensions: int = 0,
    suspensions: Sequence[Period] = (),
) -> Deadline:
    """The due date of ``rule`` for an event on ``start``, with what its explanation needs.

    ``suspensions`` are inclusive (first, last) ranges that do not count; ``extensions`` is the
    number of extensions granted (denunciation.resolve: each adds 30 days, at most two).
    """
    if start.year > MAX_YEAR:
        raise ValidationError({"start": _("Dates after {year} are not supported").format(year=MAX_YEAR)})
    variant = _variant(rule, is_complex, is_remote)
    length = _extended_length(rule, variant.length if variant else rule.length, extensions)
    count = _count(start, length, rule.unit, calendar, _suspension_check(suspensions))
    return Deadline(
        rule.id,
        rule.version,
        start,
        count.due,
        rule.unit,
        length,
        count.skipped + count.shifted,
        rule.unverified,
        rule=rule,
        count=count,
        variant=variant.label if variant else "",
        extensions=extensions,
    )


def deadline_for(
    rule_id: str,
    start: date,
    *,
    calendar: WorkCalendar,
    rulebook: RuleBook | None = None,
    is_complex: bool = False,
    is_remote: bool = False,
    extensions: int = 0,
    suspensions: Sequence[Period] = (),
) -> Deadline:
    """Pick the rule version in force on ``start`` and compute its deadline on ``calendar``."""
    rule = (rulebook or default_rulebook()).rule_for(rule_id, start)
    return compute_deadline(
        rule,
        start,
        calendar,
        is_complex=is_complex,
        is_remote=is_remote,
        extensions=extensions,
        suspensions=suspensions,
    )


@lru_cache(maxsize=65536)
def cached_deadline(
    rule_id: str,
    start: date,
    *,
    calendar: WorkCalendar,
    is_complex: bool = False,
    is_remote: bool = False,
    extensions: int = 0,
    suspensions: tuple[Period, ...] = (),
) -> Deadline:
    """``deadline_for`` on the shipped rulebook, remembered per calendar (a Deadline is immutable).

    Boards and the demo compute the same few hundred (rule, day) pairs over and over. The
    calendar is part of the key, so a changed office calendar never returns a stale date.
    """
    return deadline_for(
        rule_id,
        start,
        calendar=calendar,
        is_complex=is_complex,
        is_remote=is_remote,
        extensions=extensions,
        suspensions=suspensions,
    )
