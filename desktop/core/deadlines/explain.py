"""The explanation of a computed deadline: one plain sentence, then the day-by-day detail.

It is written in the UI language (gettext) each time it is read, so an English desk reads it in
English; what comes from the rule files (titles, legal basis, counting conventions) and the names an
office gave its own days stay as written there, in Vietnamese. Public holidays are shown by their
formal names (Labour Code 2019 Art. 112): every day of the Tết break is "Tết Nguyên đán", not "29 Tết".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from desktop.core.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from datetime import date

    from desktop.core.deadlines.rules import CountResult, Rule, SkippedDay

WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"))

# Names of the `holidays` package (Vietnam, language vi) -> the formal name of the holiday.
# Checked against holidays 0.109 for 2026-2028; any other name (vn.json, an office's days) is shown as given.
_FORMAL = (
    (re.compile(r"Tết Nguyên Đán|^\d+ Tết$"), N_("Lunar New Year (Tết Nguyên đán)")),
    (re.compile(r"^Tết Dương lịch"), N_("New Year's Day (Tết Dương lịch)")),
    (re.compile(r"^Ngày Giỗ Tổ Hùng Vương"), N_("Hung Kings' Commemoration Day (Giỗ Tổ Hùng Vương)")),
    (re.compile(r"^Ngày Chiến thắng"), N_("Reunification Day (30 April)")),
    (re.compile(r"^Ngày Quốc tế Lao động"), N_("International Labour Day (1 May)")),
    (re.compile(r"^Quốc khánh"), N_("National Day (2 September)")),
    (re.compile(r"^Ngày Văn hóa Việt Nam"), N_("Vietnam Culture Day (24 November)")),
)
_SWAPPED = re.compile(r"^Ngày nghỉ \(thay cho ngày (\d\d/\d\d/\d{4})\)$")
_SUSPENDED = re.compile(r"^Thời gian tạm dừng tính thời hạn \((.+) – (.+)\)$")
_COMPENSATORY = "(nghỉ bù)"
WEEKEND = "Nghỉ cuối tuần"  # desktop.core.deadlines.calendar.WEEKEND_REASON


def format_day(day: date) -> str:
    """A date as explanations show it, in the UI language: 16/02/2026 (thứ Hai) / (Monday)."""
    return f"{day:%d/%m/%Y} ({_(WEEKDAYS[day.weekday()])})"


def reason_text(reason: str) -> str:
    """Why a day does not count, in the UI language, with the holiday's formal name."""
    if reason == WEEKEND:
        return _("Weekend")
    if match := _SWAPPED.match(reason):
        return _("Day off in exchange for the working day {day}").format(day=match.group(1))
    if _SUSPENDED.match(reason):
        return _("Time limit suspended")  # the span is on the line already
    for pattern, name in _FORMAL:
        if pattern.search(reason):
            formal = _(name)
            if reason.endswith(_COMPENSATORY):
                return _("{holiday}, compensatory day off").format(holiday=formal)
            return formal
    return reason


def day_lines(days: Sequence[SkippedDay]) -> list[str]:
    """One "  - dd/mm/yyyy: reason" line per run of consecutive days with the same (formal) reason."""
    runs: list[tuple[date, date, str]] = []
    for item in days:
        reason = reason_text(item.reason)
        if runs and runs[-1][2] == reason and item.day - runs[-1][1] == timedelta(days=1):
            runs[-1] = (runs[-1][0], item.day, reason)
        else:
            runs.append((item.day, item.day, reason))
    return [
        f"  - {format_day(first)}: {reason}"
        if first == last
        else f"  - {format_day(first)} – {format_day(last)}: {reason}"
        for first, last, reason in runs
    ]


def _period(rule: Rule, length: int) -> str:
    if rule.unit.value == "working_days":
        return ngettext("{n} working day", "{n} working days", length).format(n=length)
    if rule.unit.value == "years":
        return ngettext("{n} year", "{n} years", length).format(n=length)
    return ngettext("{n} day", "{n} days", length).format(n=length)


def _is_suspension(day: SkippedDay) -> bool:
    return _SUSPENDED.match(day.reason) is not None


def summary(rule: Rule, start: date, count: CountResult, *, length: int) -> str:
    """The plain first sentence: "Hạn: 18/03/2026 — 10 ngày làm việc kể từ 04/03/2026, không tính 2 ngày nghỉ"."""
    text = _("Due: {due} — {period} from {start}").format(
        due=f"{count.due:%d/%m/%Y}", period=_period(rule, length), start=f"{start:%d/%m/%Y}"
    )
    paused = sum(_is_suspension(day) for day in count.skipped)
    off = len(count.skipped) - paused
    days = []
    if off:
        days.append(ngettext("{n} day off", "{n} days off", off).format(n=off))
    if paused:
        days.append(ngettext("{n} suspended day", "{n} suspended days", paused).format(n=paused))
    if days:
        text += _(", not counting {days}").format(days=_(" and ").join(days))
    if count.shifted:
        text += _(", moved to the next working day because {day} is a day off").format(
            day=f"{count.last_counted:%d/%m/%Y}"
        )
    return text + "."


def _detail(rule: Rule, start: date, count: CountResult, *, length: int, variant: str, extensions: int) -> list[str]:
    title = f"{rule.title} ({variant})" if variant else rule.title
    lines = [
        _("Rule {rule} (version {version}): {title}.").format(rule=rule.id, version=rule.version, title=title),
        _("Counted from: {event}, {day}; the first day counted is {first}.").format(
            event=rule.event, day=format_day(start), first=format_day(start + timedelta(days=1))
        ),
    ]
    if extensions and rule.extension is not None:
        base = length - extensions * rule.extension.length
        lines.append(
            _("{base} + {count} extension(s) of {each} = {total}.").format(
                base=_period(rule, base),
                count=extensions,
                each=_period(rule, rule.extension.length),
                total=_period(rule, length),
            )
        )
    basis = rule.basis
    if extensions and rule.extension is not None:
        basis += "; " + _("extension: {basis}").format(basis=rule.extension.basis)
    lines.append(_("Legal basis: {basis}.").format(basis=basis))
    if count.skipped:
        lines += [_("Days not counted:"), *day_lines(count.skipped)]
    elif rule.unit.value == "calendar_days":
        lines.append(_("A period in days counts weekends and holidays."))
    if count.swapped_in:
        days = ", ".join(format_day(day) for day in count.swapped_in)
        lines.append(_("Swapped working days counted: {days}.").format(days=days))
    if count.shifted:
        lines += [
            _(
                "The period ends on {day}, a day off, so it ends at the end of the next working day "
                "(Civil Code 2015, Art. 148(5)):"
            ).format(day=format_day(count.last_counted)),
            *day_lines(count.shifted),
        ]
    return lines


def _conventions(rule: Rule) -> list[str]:
    lines = [_("How periods are counted:"), *(f"  - {line}" for line in rule.counting)]
    if rule.note:
        lines.append(_("Note: {note}").format(note=rule.note))
    if rule.unverified:
        lines.append(
            _(
                "UNVERIFIED: this rule rests on a source not yet checked against the original text; "
                "check the legal document before relying on it."
            )
        )
    return lines


def explain(rule: Rule, start: date, count: CountResult, *, length: int, variant: str, extensions: int) -> str:
    """The sentence, then the detail: rule, start, days not counted and why, conventions."""
    detail = _detail(rule, start, count, length=length, variant=variant, extensions=extensions)
    return "\n".join([summary(rule, start, count, length=length), *detail, *_conventions(rule)])
