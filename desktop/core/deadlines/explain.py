"""The Vietnamese explanation of a computed deadline: rule, start, days skipped and why."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from desktop.core.deadlines.calendar import format_day

if TYPE_CHECKING:
    from datetime import date

    from desktop.core.deadlines.rules import CountResult, Rule, SkippedDay

SHIFT_HEADER = (
    "Ngày cuối cùng của thời hạn là ngày nghỉ nên thời hạn kết thúc vào cuối ngày làm việc tiếp theo "
    "(Bộ luật Dân sự 2015, Điều 148 khoản 5):"
)
UNVERIFIED_NOTE = (
    "CHƯA KIỂM CHỨNG: quy tắc này dựa trên nguồn chưa được kiểm chứng với văn bản gốc; "
    "cần đối chiếu văn bản pháp luật trước khi sử dụng."
)


def _span(run: Sequence[SkippedDay]) -> str:
    if len(run) == 1:
        return format_day(run[0].day)
    return f"{format_day(run[0].day)} – {format_day(run[-1].day)}"


def day_lines(days: Sequence[SkippedDay]) -> list[str]:
    """One "  - dd/mm/yyyy: reason" line per run of consecutive days with the same reason."""
    runs: list[list[SkippedDay]] = []
    for item in days:
        last = runs[-1][-1] if runs else None
        if last is not None and last.reason == item.reason and item.day - last.day == timedelta(days=1):
            runs[-1].append(item)
        else:
            runs.append([item])
    return [f"  - {_span(run)}: {run[0].reason}" for run in runs]


UNIT_LABELS = {"working_days": "ngày làm việc", "calendar_days": "ngày", "years": "năm"}


def _period_line(rule: Rule, length: int, extensions: int) -> str:
    unit = UNIT_LABELS[rule.unit.value]
    if extensions and rule.extension is not None:
        base = length - extensions * rule.extension.length
        return (
            f"Thời hạn: {base} {unit} + {extensions} lần gia hạn × {rule.extension.length} {unit} "
            f"= {length} {unit} kể từ {rule.event}."
        )
    return f"Thời hạn: {length} {unit} kể từ {rule.event}."


def _header(rule: Rule, start: date, length: int, variant: str, extensions: int) -> list[str]:
    title = f"{rule.title} ({variant})" if variant else rule.title
    basis = rule.basis
    if extensions and rule.extension is not None:
        basis += f"; gia hạn: {rule.extension.basis}"
    return [
        f"Quy tắc: {rule.id}, phiên bản {rule.version} — {title}.",
        _period_line(rule, length, extensions),
        f"Căn cứ pháp lý: {basis}.",
        f"Ngày xảy ra sự kiện ({rule.event}): {format_day(start)}; "
        f"ngày đầu tiên của thời hạn: {format_day(start + timedelta(days=1))}.",
    ]


def _skipped_lines(rule: Rule, count: CountResult) -> list[str]:
    if count.skipped:
        return ["Các ngày không tính vào thời hạn:", *day_lines(count.skipped)]
    if rule.unit.value == "calendar_days":
        return ["Thời hạn tính bằng ngày: ngày nghỉ cuối tuần, ngày lễ trong thời hạn vẫn được tính."]
    return ["Không có ngày nghỉ nào trong thời hạn."]


def _tail_lines(rule: Rule, count: CountResult) -> list[str]:
    lines: list[str] = []
    if count.swapped_in:
        days = ", ".join(format_day(day) for day in count.swapped_in)
        lines.append(f"Ngày làm việc bù được tính: {days}.")
    if count.shifted:
        lines += [
            f"Ngày cuối cùng khi đếm đủ thời hạn: {format_day(count.last_counted)}.",
            SHIFT_HEADER,
            *day_lines(count.shifted),
        ]
    lines += ["Cách tính thời hạn:", *(f"  - {line}" for line in rule.counting)]
    if rule.note:
        lines.append(f"Ghi chú: {rule.note}")
    if rule.unverified:
        lines.append(UNVERIFIED_NOTE)
    return lines


def explain(rule: Rule, start: date, count: CountResult, *, length: int, variant: str, extensions: int) -> str:
    """The multi-line explanation shown with every due date."""
    lines = [f"Hạn: {format_day(count.due)}.", *_header(rule, start, length, variant, extensions)]
    lines += _skipped_lines(rule, count) + _tail_lines(rule, count)
    return "\n".join(lines)
