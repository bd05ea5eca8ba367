"""Deadlines computed by hand: Tết, 30/4-1/5, swapped days, weekends, the rule change of 1 Jul 2026."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.core.deadlines.calendar import CalendarEntry, CalendarOverrides, WorkCalendar
from desktop.core.deadlines.rules import (
    Deadline,
    RuleBook,
    SkippedDay,
    Unit,
    compute_deadline,
    deadline_for,
    default_rulebook,
    load_rulebook,
)
from desktop.core.errors import AppError, NotFoundError, ValidationError
from desktop.core.i18n import DEFAULT_LANGUAGE, set_language

OLD, NEW = "2012-07-01", "2026-07-01"  # rule set versions: before / from 1 Jul 2026
D = date


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return default_rulebook()


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.default()


# (rule, event day, options, due, version). Counting starts the day after the event (Art. 147).
CASES: list[tuple[str, date, dict[str, Any], date, str]] = [
    # --- working days across Tết Bính Ngọ (break Sat 14/02 - Sun 22/02/2026) ---
    # Wed 11/02: Thu 12 (1), Fri 13 (2), 14-22 off, Mon 23 (3) ... Fri 27 (7), Mon 02/03 (8), Tue 03 (9), Wed 04 (10).
    ("petition.process", D(2026, 2, 11), {}, D(2026, 3, 4), OLD),
    # Thu 12/02: Fri 13 (1), 14-22 off, Mon 23 (2) ... Fri 27 (6), Mon 02/03 (7).
    ("denunciation.process", D(2026, 2, 12), {}, D(2026, 3, 2), OLD),
    # Multi-place verification: 10 working days -> Tue 03 (8), Wed 04 (9), Thu 05/03 (10).
    ("denunciation.process", D(2026, 2, 12), {"is_complex": True}, D(2026, 3, 5), OLD),
    # Tết Giáp Thìn, break Thu 08/02 - Wed 14/02/2024. Tue 06/02: Wed 07 (1), 08-14 off, Thu 15 (2), Fri 16 (3),
    # Mon 19 (4) ... Fri 23 (8), Mon 26 (9), Tue 27/02 (10).
    ("reception.reply", D(2024, 2, 6), {}, D(2024, 2, 27), OLD),
    # --- working days across Giỗ Tổ (Sun 26/04/2026, compensatory Mon 27/04) and 30/4-1/5 (Thu, Fri) ---
    # Fri 24/04: 25-27 off, Tue 28 (1), Wed 29 (2), 30/04-03/05 off, Mon 04 (3) ... Fri 08 (7), Mon 11 (8),
    # Tue 12 (9), Wed 13/05 (10).
    ("reception.reply", D(2026, 4, 24), {}, D(2026, 5, 13), OLD),
    # Tue 28/04: Wed 29 (1), 30/04-03/05 off, Mon 04 (2) ... Fri 08 (6), Mon 11/05 (7).
    ("transfer.report_back", D(2026, 4, 28), {}, D(2026, 5, 11), OLD),
    # --- substituted days (swaps) ---
    # 2025: Fri 02/05 off, Sat 26/04 worked. Thu 24/04: Fri 25 (1), Sat 26 (2), Mon 28 (3), Tue 29 (4),
    # 30/04-04/05 off, Mon 05 (5) ... Fri 09 (9), Mon 12/05 (10).
    ("reception.reply", D(2025, 4, 24), {}, D(2025, 5, 12), OLD),
    # 2026: Mon 31/08 off, Sat 22/08 worked; 01-02/09 National Day. Thu 20/08: Fri 21 (1), Sat 22 (2),
    # Mon 24 (3) ... Fri 28 (7), 29/08-02/09 off, Thu 03 (8), Fri 04 (9), Mon 07/09 (10). New rule set.
    ("reception.reply", D(2026, 8, 20), {}, D(2026, 9, 7), NEW),
    # 2 Sep 2025 (Mon 01 + Tue 02): Thu 28/08: Fri 29 (1), 30/08-02/09 off, Wed 03 (2) ... Mon 15/09 (10).
    ("reception.reply", D(2025, 8, 28), {}, D(2025, 9, 15), OLD),
    # New Year 2026 (vn.json): Fri 02/01 off, Sat 10/01 worked. Mon 29/12/2025: Tue 30 (1), Wed 31 (2),
    # Thu 01 and Fri 02 off, weekend, Mon 05/01 (3).
    ("complaint.send_decision.first", D(2025, 12, 29), {}, D(2026, 1, 5), OLD),
    # Mon 05/01: Tue 06 (1), Wed 07 (2), Thu 08 (3), Fri 09 (4), Sat 10 worked (5): due on that Saturday.
    ("denunciation.transfer", D(2026, 1, 5), {}, D(2026, 1, 10), OLD),
    # A written denunciation not ours is transferred within 5 working days (Law 25/2018 Art. 24(2)).
    # Wed 11/02/2026: Thu 12 (1), Fri 13 (2), Tết 14-22/02 off, Mon 23 (3), Tue 24 (4), Wed 25/02 (5).
    ("denunciation.transfer", D(2026, 2, 11), {}, D(2026, 2, 25), OLD),
    # Tue 28/04/2026: Wed 29 (1), 30/04-03/05 off, Mon 04 (2), Tue 05 (3), Wed 06 (4), Thu 07/05 (5).
    ("denunciation.transfer", D(2026, 4, 28), {}, D(2026, 5, 7), OLD),
    # New rule set: Thu 02/07/2026: Fri 03 (1), Mon 06 (2), Tue 07 (3), Wed 08 (4), Thu 09/07 (5).
    ("denunciation.transfer", D(2026, 7, 2), {}, D(2026, 7, 9), NEW),
    # Mon 05/01: Tue 06 (1) ... Fri 09 (4), Sat 10 (5), Mon 12 (6) ... Fri 16/01 (10).
    ("reception.reply", D(2026, 1, 5), {}, D(2026, 1, 16), OLD),
    # --- complaint acceptance before 1 Jul 2026: 10 WORKING days (Circular 07/2013 Art. 5(1), from 16/12/2013) ---
    # Wed 07/01/2026: Thu 08 (1), Fri 09 (2), Sat 10 swapped working day (3), Mon 12 (4) ... Fri 16 (8),
    # Mon 19 (9), Tue 20/01 (10). (As calendar days it was Sat 17/01 -> Mon 19/01.)
    ("complaint.accept", D(2026, 1, 7), {}, D(2026, 1, 20), OLD),
    # Fri 06/02: Mon 09 (1) ... Fri 13 (5), Tết break 14-22 off, Mon 23 (6) ... Fri 27/02 (10).
    ("complaint.accept", D(2026, 2, 6), {}, D(2026, 2, 27), OLD),
    # Mon 20/04: Tue 21 (1) ... Fri 24 (4), 25-27 off (weekend, Giỗ Tổ Sun 26 and its Mon 27), Tue 28 (5),
    # Wed 29 (6), 30/04-03/05 off, Mon 04/05 (7), Tue 05 (8), Wed 06 (9), Thu 07/05 (10).
    ("complaint.accept", D(2026, 4, 20), {}, D(2026, 5, 7), OLD),
    # Before the Circular took effect the Law's 10 days counted every day: Wed 04/12/2013 + 10 = Sat 14/12
    # -> Mon 16/12/2013 (Art. 148(5)).
    ("complaint.accept", D(2013, 12, 4), {}, D(2013, 12, 16), OLD),
    # From Mon 16/12/2013: Tue 17 (1) ... Fri 20 (4), Mon 23 (5) ... Fri 27 (9), Mon 30/12/2013 (10).
    ("complaint.accept", D(2013, 12, 16), {}, D(2013, 12, 30), OLD),
    # --- second complaint (Law 02/2011 Art. 33) and the lawsuit (Law 93/2015 Art. 116(3)) are apart ---
    # Mon 02/03/2026 + 30 days = Wed 01/04; remote + 45 = Thu 16/04/2026.
    ("complaint.second.file", D(2026, 3, 2), {}, D(2026, 4, 1), OLD),
    ("complaint.second.file", D(2026, 3, 2), {"is_remote": True}, D(2026, 4, 16), OLD),
    # One year: the same day of the next year. Mon 02/03/2026 -> Tue 02/03/2027, a working day.
    ("complaint.lawsuit", D(2026, 3, 2), {}, D(2027, 3, 2), OLD),
    # Thu 29/02/2024 has no 29/02 in 2025: the last day of February, Fri 28/02/2025.
    ("complaint.lawsuit", D(2024, 2, 29), {}, D(2025, 2, 28), OLD),
    # Wed 30/04/2025 -> Thu 30/04/2026 (holiday), Fri 01/05 (holiday), weekend -> Mon 04/05/2026.
    ("complaint.lawsuit", D(2025, 4, 30), {}, D(2026, 5, 4), OLD),
    # Paused Tue 10-Thu 12/03/2026 (3 days): Mon 02/03/2026 -> Tue 02/03/2027 + 3 = Fri 05/03/2027.
    ("complaint.lawsuit", D(2026, 3, 2), {"suspensions": [(D(2026, 3, 10), D(2026, 3, 12))]}, D(2027, 3, 5), OLD),
    # From 1 Jul 2026 (new set), Wed 01/07/2026 -> Thu 01/07/2027.
    ("complaint.lawsuit", D(2026, 7, 1), {}, D(2027, 7, 1), NEW),
    # --- calendar days: a last day on a weekend or holiday moves to the next working day (Art. 148(5)) ---
    # Mon 05/01 + 30 = Wed 04/02, a working day.
    ("complaint.resolve.first", D(2026, 1, 5), {}, D(2026, 2, 4), OLD),
    # Complex (45): 05/01 + 45 = Thu 19/02 (mùng ba Tết) -> Mon 23/02. Remote alone is also 45.
    ("complaint.resolve.first", D(2026, 1, 5), {"is_complex": True}, D(2026, 2, 23), OLD),
    ("complaint.resolve.first", D(2026, 1, 5), {"is_remote": True}, D(2026, 2, 23), OLD),
    # Complex and remote (60): 05/01 + 60 = Fri 06/03.
    ("complaint.resolve.first", D(2026, 1, 5), {"is_complex": True, "is_remote": True}, D(2026, 3, 6), OLD),
    # Second round, Mon 02/03: 45 -> Thu 16/04; 60 -> Fri 01/05 (holiday) -> Mon 04/05; 70 -> Mon 11/05.
    ("complaint.resolve.second", D(2026, 3, 2), {}, D(2026, 4, 16), OLD),
    ("complaint.resolve.second", D(2026, 3, 2), {"is_complex": True}, D(2026, 5, 4), OLD),
    ("complaint.resolve.second", D(2026, 3, 2), {"is_remote": True}, D(2026, 5, 4), OLD),
    ("complaint.resolve.second", D(2026, 3, 2), {"is_complex": True, "is_remote": True}, D(2026, 5, 11), OLD),
    # Denunciation, Mon 02/03: 30 -> Wed 01/04; +30 -> Fri 01/05 (holiday) -> Mon 04/05; +30+30 = 90 ->
    # Sun 31/05 -> Mon 01/06.
    ("denunciation.resolve", D(2026, 3, 2), {}, D(2026, 4, 1), OLD),
    ("denunciation.resolve", D(2026, 3, 2), {"extensions": 1}, D(2026, 5, 4), OLD),
    ("denunciation.resolve", D(2026, 3, 2), {"extensions": 2}, D(2026, 6, 1), OLD),
    # --- the rule change of 1 Jul 2026: the version in force on the event day applies ---
    # Old: 10 working days. Mon 29/06: Tue 30/06 (1), Wed 01/07 (2) ... Fri 03 (4), Mon 06 (5) ... Fri 10 (9),
    # Mon 13/07 (10). Tue 30/06: Wed 01/07 (1) ... Fri 03 (3), Mon 06 (4) ... Fri 10 (8), Mon 13 (9), Tue 14/07 (10).
    ("complaint.accept", D(2026, 6, 29), {}, D(2026, 7, 13), OLD),
    ("complaint.accept", D(2026, 6, 30), {}, D(2026, 7, 14), OLD),
    # New (Decree 155/2026): 7 working days. Wed 01/07: Thu 02 (1), Fri 03 (2), Mon 06 (3) ... Fri 10/07 (7).
    ("complaint.accept", D(2026, 7, 1), {}, D(2026, 7, 10), NEW),
    # Mon 06/07: Tue 07 (1) ... Fri 10 (4), Mon 13 (5), Tue 14 (6), Wed 15/07 (7); the old rule gave Mon 20/07.
    ("complaint.accept", D(2026, 7, 6), {}, D(2026, 7, 15), NEW),
    # Only in the new set (Decree 154/2026): Wed 01/07 + 45 = Sat 15/08 -> Mon 17/08.
    ("petition.overdue_flag", D(2026, 7, 1), {}, D(2026, 8, 17), NEW),
    # --- suspensions do not count ---
    # Mon 02/03 without pause: Tue 03 (1) ... Mon 16/03 (10). Paused Wed 04-Thu 05: Tue 03 (1), Fri 06 (2), ...,
    # Mon 16 (8), Tue 17 (9), Wed 18/03 (10).
    ("reception.reply", D(2026, 3, 2), {}, D(2026, 3, 16), OLD),
    ("reception.reply", D(2026, 3, 2), {"suspensions": [(D(2026, 3, 4), D(2026, 3, 5))]}, D(2026, 3, 18), OLD),
    # Working days, Mon 02/03 paused Thu 12-Fri 13/03: Tue 03 (1) ... Fri 06 (4), Mon 09 (5) ... Wed 11 (7),
    # weekend, Mon 16 (8), Tue 17 (9), Wed 18/03 (10).
    ("complaint.accept", D(2026, 3, 2), {"suspensions": [(D(2026, 3, 12), D(2026, 3, 13))]}, D(2026, 3, 18), OLD),
    # Calendar days, Mon 02/03 paused 12-13/03: 03-11 (9 days), 14/03-03/04 (21) = 30 -> Fri 03/04.
    (
        "complaint.second.file",
        D(2026, 3, 2),
        {"suspensions": [(D(2026, 3, 12), D(2026, 3, 13))]},
        D(2026, 4, 3),
        OLD,
    ),
    # Mon 05/01 paused 12-21/01: 06-11/01 (6), 22/01-14/02 (24) -> Sat 14/02, Tết break -> Mon 23/02.
    (
        "complaint.resolve.first",
        D(2026, 1, 5),
        {"suspensions": [(D(2026, 1, 12), D(2026, 1, 21))]},
        D(2026, 2, 23),
        OLD,
    ),
    # Two pauses, working days. Mon 02/03 paused 03/03 and 09-10/03: Wed 04 (1), Thu 05 (2), Fri 06 (3),
    # Wed 11 (4) ... Fri 13 (6), Mon 16 (7) ... Thu 19/03 (10).
    (
        "reception.reply",
        D(2026, 3, 2),
        {"suspensions": [(D(2026, 3, 3), D(2026, 3, 3)), (D(2026, 3, 9), D(2026, 3, 10))]},
        D(2026, 3, 19),
        OLD,
    ),
]


@pytest.mark.parametrize(("rule_id", "start", "options", "due", "version"), CASES)
def test_hand_computed_deadlines(
    book: RuleBook, cal: WorkCalendar, *, rule_id: str, start: date, options: dict[str, Any], due: date, version: str
) -> None:
    deadline = deadline_for(rule_id, start, rulebook=book, calendar=cal, **options)
    assert (deadline.due, deadline.rule_version) == (due, version)
    assert deadline.rule_id == rule_id
    assert deadline.start == start


# The rule ids scripts rely on, with their length and unit in each version.
REQUIRED = [
    ("reception.reply", 10, Unit.WORKING_DAYS, 10, Unit.WORKING_DAYS),
    ("petition.process", 10, Unit.WORKING_DAYS, 10, Unit.WORKING_DAYS),
    ("complaint.accept", 10, Unit.WORKING_DAYS, 7, Unit.WORKING_DAYS),
    ("complaint.second.file", 30, Unit.CALENDAR_DAYS, 30, Unit.CALENDAR_DAYS),
    ("complaint.lawsuit", 1, Unit.YEARS, 1, Unit.YEARS),
    ("complaint.resolve.first", 30, Unit.CALENDAR_DAYS, 30, Unit.CALENDAR_DAYS),
    ("complaint.resolve.second", 45, Unit.CALENDAR_DAYS, 45, Unit.CALENDAR_DAYS),
    ("denunciation.process", 7, Unit.WORKING_DAYS, 7, Unit.WORKING_DAYS),
    ("denunciation.transfer", 5, Unit.WORKING_DAYS, 5, Unit.WORKING_DAYS),
    ("denunciation.resolve", 30, Unit.CALENDAR_DAYS, 30, Unit.CALENDAR_DAYS),
    ("transfer.report_back", 7, Unit.WORKING_DAYS, 7, Unit.WORKING_DAYS),
]


@pytest.mark.parametrize(("rule_id", "old_len", "old_unit", "new_len", "new_unit"), REQUIRED)
def test_required_rules_exist_in_both_versions(
    book: RuleBook, *, rule_id: str, old_len: int, old_unit: Unit, new_len: int, new_unit: Unit
) -> None:
    old, new = book.rule_for(rule_id, D(2026, 6, 30)), book.rule_for(rule_id, D(2026, 7, 1))
    assert (old.version, old.length, old.unit) == (OLD, old_len, old_unit)
    assert (new.version, new.length, new.unit) == (NEW, new_len, new_unit)
    assert old.basis
    assert new.basis


@pytest.mark.parametrize(
    ("rule_id", "variants"),
    [
        ("complaint.resolve.first", {"complex": 45, "remote": 45, "complex_remote": 60}),
        ("complaint.resolve.second", {"complex": 60, "remote": 60, "complex_remote": 70}),
        ("denunciation.process", {"complex": 10}),
    ],
)
def test_variants(book: RuleBook, rule_id: str, variants: dict[str, int]) -> None:
    for start in (D(2026, 6, 30), D(2026, 7, 1)):
        rule = book.rule_for(rule_id, start)
        assert {key: v.length for key, v in rule.variants.items()} == variants


@pytest.mark.parametrize("start", [D(2026, 3, 2), D(2026, 7, 1)])
def test_denunciation_resolve_extension(book: RuleBook, start: date) -> None:
    extension = book.rule_for("denunciation.resolve", start).extension
    assert extension is not None
    assert (extension.length, extension.max_count) == (30, 2)
    # The extensions come from the Law itself (Art. 30(2)-(3)), not from the decree.
    assert extension.basis.startswith("Luật Tố cáo số 25/2018/QH14")
    assert "Điều 30 khoản 2, khoản 3" in extension.basis


@pytest.mark.parametrize("start", [D(2026, 3, 2), D(2026, 7, 1)])
def test_second_complaint_and_lawsuit_are_separate_rules(book: RuleBook, start: date) -> None:
    second, lawsuit = book.rule_for("complaint.second.file", start), book.rule_for("complaint.lawsuit", start)
    assert "khởi kiện" not in second.title
    assert "Điều 33" in second.basis
    assert "khởi kiện" in lawsuit.title
    assert "Luật Tố tụng hành chính số 93/2015/QH13, Điều 116 khoản 3" in lawsuit.basis


def test_complaint_accept_versions_by_effective_date(book: RuleBook) -> None:
    before = book.rule_for("complaint.accept", D(2013, 12, 15))
    after = book.rule_for("complaint.accept", D(2013, 12, 16))
    assert (before.unit, before.effective_from) == (Unit.CALENDAR_DAYS, D(2012, 7, 1))
    assert (after.unit, after.effective_from) == (Unit.WORKING_DAYS, D(2013, 12, 16))
    assert "Thông tư 07/2013/TT-TTCP, Điều 5 khoản 1" in after.basis
    assert "07/2013" not in before.basis
    assert book.rule_for("complaint.accept", D(2026, 6, 30)) == after
    with pytest.raises(ValidationError):
        book.rule_for("complaint.lawsuit", D(2016, 6, 30))  # Law 93/2015 in force 1 Jul 2016


def test_unverified_marks(book: RuleBook) -> None:
    # Everything from 1 Jul 2026 rests on Law 136/2025 (full text unread) and 2026-secondary decrees.
    # The lawsuit limit rests on Law 93/2015, which Law 136/2025 does not amend.
    assert all(rule.unverified for rule in book.sets[-1].rules.values() if rule.id != "complaint.lawsuit")
    accept = book.rule_for("complaint.accept", D(2026, 7, 1))
    assert "155/2026" in accept.basis
    assert book.rule_for("petition.process", D(2026, 1, 5)).unverified  # 05/2021 article unknown
    assert not book.rule_for("complaint.resolve.first", D(2026, 1, 5)).unverified


@pytest.mark.parametrize(
    ("rule_id", "start"),
    [
        ("complaint.accept", D(2012, 6, 30)),  # before any rule set
        ("denunciation.process", D(2018, 12, 31)),  # Law on Denunciations 2018 in force 01/01/2019
        ("petition.overdue_flag", D(2026, 6, 30)),  # only from 1 Jul 2026
    ],
)
def test_rule_not_in_force(book: RuleBook, rule_id: str, start: date) -> None:
    with pytest.raises(ValidationError):
        book.rule_for(rule_id, start)


def test_rule_in_force_from_its_own_date(book: RuleBook) -> None:
    assert book.rule_for("denunciation.process", D(2019, 1, 1)).version == OLD


def test_unknown_rule(book: RuleBook) -> None:
    with pytest.raises(NotFoundError, match=r"no\.such\.rule"):
        book.rule_for("no.such.rule", D(2026, 1, 5))


@pytest.mark.parametrize(
    ("rule_id", "options"),
    [
        ("reception.reply", {"is_complex": True}),
        ("complaint.accept", {"is_remote": True}),
        ("denunciation.process", {"is_complex": True, "is_remote": True}),
        ("complaint.accept", {"extensions": 1}),
        ("denunciation.resolve", {"extensions": 3}),
        ("denunciation.resolve", {"extensions": -1}),
        ("reception.reply", {"suspensions": [(D(2026, 3, 5), D(2026, 3, 4))]}),
        ("reception.reply", {"suspensions": [(D(2026, 3, 5), D(9999, 12, 31))]}),
    ],
)
def test_invalid_options(book: RuleBook, cal: WorkCalendar, rule_id: str, options: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        deadline_for(rule_id, D(2026, 3, 2), rulebook=book, calendar=cal, **options)


def test_far_future_start_is_refused(book: RuleBook, cal: WorkCalendar) -> None:
    with pytest.raises(ValidationError):
        deadline_for("reception.reply", D(2091, 1, 2), rulebook=book, calendar=cal)


def test_deadline_is_frozen(book: RuleBook, cal: WorkCalendar) -> None:
    deadline = deadline_for("reception.reply", D(2026, 3, 2), rulebook=book, calendar=cal)
    with pytest.raises(dataclasses.FrozenInstanceError):
        deadline.due = D(2030, 1, 1)  # type: ignore[misc]


def test_explanation_starts_with_one_plain_sentence(book: RuleBook, cal: WorkCalendar) -> None:
    # Wed 04/03/2026: Thu 05 (1), Fri 06 (2), 07-08 weekend, Mon 09 (3) ... Fri 13 (7), 14-15 weekend,
    # Mon 16 (8), Tue 17 (9), Wed 18/03 (10): four days off passed over.
    deadline = deadline_for("reception.reply", D(2026, 3, 4), rulebook=book, calendar=cal)
    first, *detail = deadline.explanation.splitlines()
    assert first == "Hạn: 18/03/2026 — 10 ngày làm việc kể từ 04/03/2026, không tính 4 ngày nghỉ."
    assert detail[0] == (
        "Quy tắc reception.reply (phiên bản 2012-07-01): Trả lời người khiếu nại, tố cáo, kiến nghị, phản ánh "
        "về việc xử lý nội dung đã tiếp nhận."
    )
    assert "  - 07/03/2026 (thứ Bảy) – 08/03/2026 (Chủ nhật): Nghỉ cuối tuần" in detail
    assert not any(line.startswith("Hạn") for line in detail)  # the due date is said once


def test_explanation_lists_skipped_days_and_rule(book: RuleBook, cal: WorkCalendar) -> None:
    deadline = deadline_for("petition.process", D(2026, 2, 11), rulebook=book, calendar=cal)
    text = deadline.explanation
    assert text.startswith("Hạn: 04/03/2026 — 10 ngày làm việc kể từ 11/02/2026, không tính 11 ngày nghỉ.\n")
    for fragment in (
        "Quy tắc petition.process (phiên bản 2012-07-01)",
        "Thông tư 05/2021/TT-TTCP",
        "Tính từ ngày nhận được đơn: 11/02/2026 (thứ Tư); ngày đầu tiên được tính: 12/02/2026 (thứ Năm).",
        "  - 14/02/2026 (thứ Bảy) – 15/02/2026 (Chủ nhật): Nghỉ cuối tuần",
        # The five weekdays of the Tết break on one line, by the holiday's formal name.
        "  - 16/02/2026 (thứ Hai) – 20/02/2026 (thứ Sáu): Tết Nguyên đán",
        "Điều 147",
        "Điều 148 khoản 5",
        "CHƯA KIỂM CHỨNG",
    ):
        assert fragment in text
    assert "Giao thừa" not in text
    assert "Mùng" not in text
    assert deadline.skipped[:3] == (
        SkippedDay(D(2026, 2, 14), "Nghỉ cuối tuần"),
        SkippedDay(D(2026, 2, 15), "Nghỉ cuối tuần"),
        SkippedDay(D(2026, 2, 16), "Giao thừa Tết Nguyên Đán"),
    )
    assert len(deadline.skipped) == 11  # 14/02-22/02 (9 days) and 28/02-01/03


def test_explanation_names_holidays_formally(book: RuleBook, cal: WorkCalendar) -> None:
    # Tết Đinh Mùi 2027: the package calls Thu 04/02 "29 Tết". Thu 28/01/2027: Fri 29 (1), weekend, Mon 01 (2),
    # Tue 02 (3), Wed 03 (4), 04-10/02 Tết, Thu 11 (5), Fri 12 (6), weekend, Mon 15 (7) ... Thu 18/02 (10).
    text = deadline_for("reception.reply", D(2027, 1, 28), rulebook=book, calendar=cal).explanation
    assert "  - 04/02/2027 (thứ Năm) – 10/02/2027 (thứ Tư): Tết Nguyên đán" in text
    assert "29 Tết" not in text
    # Giỗ Tổ on Sun 26/04/2026 and its compensatory Mon 27, then 30/4 and 1/5.
    text = deadline_for("reception.reply", D(2026, 4, 24), rulebook=book, calendar=cal).explanation
    for line in (
        "  - 26/04/2026 (Chủ nhật): Giỗ Tổ Hùng Vương (10/3 âm lịch)",
        "  - 27/04/2026 (thứ Hai): Giỗ Tổ Hùng Vương (10/3 âm lịch), nghỉ bù",
        "  - 30/04/2026 (thứ Năm): Ngày Chiến thắng (30/4)",
        "  - 01/05/2026 (thứ Sáu): Ngày Quốc tế Lao động (1/5)",
    ):
        assert line in text.splitlines()


def test_explanation_in_the_english_ui(book: RuleBook, cal: WorkCalendar) -> None:
    deadline = deadline_for("petition.process", D(2026, 2, 11), rulebook=book, calendar=cal)
    set_language("en")
    try:
        text = deadline.explanation  # read in the language of the moment, though computed before
    finally:
        set_language(DEFAULT_LANGUAGE)
    lines = text.splitlines()
    assert lines[0] == "Due: 04/03/2026 — 10 working days from 11/02/2026, not counting 11 days off."
    assert "  - 16/02/2026 (Monday) – 20/02/2026 (Friday): Lunar New Year (Tết Nguyên đán)" in lines
    assert "  - 14/02/2026 (Saturday) – 15/02/2026 (Sunday): Weekend" in lines
    assert lines[-1].startswith("UNVERIFIED: ")
    for vietnamese in (
        "Hạn:",
        "Quy tắc",
        "Căn cứ pháp lý",
        "thứ Hai",
        "Nghỉ cuối tuần",
        "CHƯA KIỂM CHỨNG",
        "Cách tính",
    ):
        assert vietnamese not in text
    assert deadline.explanation.startswith("Hạn: 04/03/2026")  # back in Vietnamese


def test_explanation_of_a_shifted_calendar_day_period(book: RuleBook, cal: WorkCalendar) -> None:
    deadline = deadline_for("complaint.resolve.first", D(2026, 1, 5), rulebook=book, calendar=cal, is_complex=True)
    text = deadline.explanation
    assert text.splitlines()[0] == (
        "Hạn: 23/02/2026 — 45 ngày kể từ 05/01/2026, lùi sang ngày làm việc tiếp theo vì 19/02/2026 là ngày nghỉ."
    )
    assert "Giải quyết khiếu nại lần đầu (vụ việc phức tạp)" in text
    assert "Tính từ ngày thụ lý: 05/01/2026 (thứ Hai)" in text
    assert "Luật Khiếu nại số 02/2011/QH13, Điều 28" in text
    assert "Ngày cuối cùng khi đếm đủ thời hạn, 19/02/2026 (thứ Năm), là ngày nghỉ" in text
    assert "  - 19/02/2026 (thứ Năm) – 20/02/2026 (thứ Sáu): Tết Nguyên đán" in text
    assert "ngày lễ trong thời hạn vẫn được tính" in text
    assert "CHƯA KIỂM CHỨNG" not in text
    assert not deadline.unverified


def test_explanation_mentions_swaps_extensions_and_suspensions(book: RuleBook, cal: WorkCalendar) -> None:
    swap = deadline_for("reception.reply", D(2026, 8, 20), rulebook=book, calendar=cal).explanation
    assert "Ngày làm việc bù được tính: 22/08/2026 (thứ Bảy)." in swap
    assert "  - 31/08/2026 (thứ Hai): Ngày nghỉ hoán đổi với ngày làm việc 22/08/2026" in swap
    assert "  - 01/09/2026 (thứ Ba) – 02/09/2026 (thứ Tư): Quốc khánh (2/9)" in swap
    extended = deadline_for("denunciation.resolve", D(2026, 3, 2), rulebook=book, calendar=cal, extensions=2)
    assert "30 ngày + 2 lần gia hạn × 30 ngày = 90 ngày." in extended.explanation
    assert "gia hạn: Luật Tố cáo số 25/2018/QH14, Điều 30 khoản 2, khoản 3" in extended.explanation
    assert extended.explanation.startswith("Hạn: 01/06/2026 — 90 ngày kể từ 02/03/2026")
    assert extended.length == 90
    paused = deadline_for(
        "reception.reply", D(2026, 3, 2), rulebook=book, calendar=cal, suspensions=[(D(2026, 3, 4), D(2026, 3, 5))]
    ).explanation
    assert paused.startswith(
        "Hạn: 18/03/2026 — 10 ngày làm việc kể từ 02/03/2026, không tính 4 ngày nghỉ và 2 ngày tạm dừng."
    )
    assert "  - 04/03/2026 (thứ Tư) – 05/03/2026 (thứ Năm): Tạm dừng tính thời hạn" in paused
    lawsuit = deadline_for("complaint.lawsuit", D(2026, 3, 2), rulebook=book, calendar=cal).explanation
    assert lawsuit.startswith("Hạn: 02/03/2027 — 1 năm kể từ 02/03/2026.")
    assert "Luật Tố tụng hành chính số 93/2015/QH13, Điều 116 khoản 3" in lawsuit


def test_office_calendar_changes_the_due_date(book: RuleBook) -> None:
    office = CalendarOverrides("Xã A", days_off=(CalendarEntry(D(2026, 3, 10), "Lễ hội địa phương"),))
    rule = book.rule_for("reception.reply", D(2026, 3, 2))
    # Tue 10/03 off: Tue 03 (1) ... Mon 09 (5), Wed 11 (6) ... Fri 13 (8), Mon 16 (9), Tue 17/03 (10).
    deadline = compute_deadline(rule, D(2026, 3, 2), WorkCalendar.default(office))
    assert deadline.due == D(2026, 3, 17)
    assert "10/03/2026 (thứ Ba): Lễ hội địa phương" in deadline.explanation


def test_deadline_record(book: RuleBook, cal: WorkCalendar) -> None:
    deadline = deadline_for("complaint.accept", D(2026, 7, 6), rulebook=book, calendar=cal)
    assert isinstance(deadline, Deadline)
    assert (deadline.unit, deadline.length, deadline.unverified) == (Unit.WORKING_DAYS, 7, True)


def _write_set(folder: Path, name: str, **changes: Any) -> None:
    data: dict[str, Any] = {
        "version": "t1",
        "effective_from": "2020-01-01",
        "counting": ["Quy ước."],
        "rules": [{"id": "x.y", "title": "T", "event": "ngày nhận", "length": 5, "unit": "working_days", "basis": "B"}],
    }
    data.update(changes)
    (folder / name).write_text(json.dumps(data), encoding="utf-8")


def test_load_rulebook_orders_sets_by_effective_date(tmp_path: Path) -> None:
    _write_set(tmp_path, "a.json", version="later", effective_from="2024-01-01")
    _write_set(tmp_path, "b.json", version="earlier", effective_from="2020-01-01")
    book = load_rulebook(tmp_path)
    assert [s.version for s in book.sets] == ["earlier", "later"]
    assert book.rule_for("x.y", D(2023, 12, 31)).version == "earlier"
    assert book.rule_for("x.y", D(2024, 1, 1)).version == "later"


@pytest.mark.parametrize(
    "changes",
    [
        {"effective_from": "not a date"},
        {"rules": [{"id": "x.y"}]},
        {"rules": [{"id": "x.y", "title": "T", "event": "e", "length": 0, "unit": "working_days", "basis": "B"}]},
        {"rules": [{"id": "x.y", "title": "T", "event": "e", "length": 5, "unit": "weeks", "basis": "B"}]},
        {
            "rules": [
                {
                    "id": "x.y",
                    "title": "T",
                    "event": "e",
                    "length": 5,
                    "unit": "working_days",
                    "basis": "B",
                    "variants": {"urgent": {"length": 3, "label": "gấp"}},
                }
            ]
        },
        {"rules": [{"id": "x.y", "title": "T", "event": "e", "length": 5, "unit": "working_days", "basis": "B"}] * 2},
    ],
)
def test_load_rulebook_rejects_bad_files(tmp_path: Path, changes: dict[str, Any]) -> None:
    _write_set(tmp_path, "bad.json", **changes)
    with pytest.raises(AppError, match=r"bad\.json"):
        load_rulebook(tmp_path)


def test_load_rulebook_needs_at_least_one_set(tmp_path: Path) -> None:
    with pytest.raises(AppError):
        load_rulebook(tmp_path)


def test_a_rule_set_may_hold_versions_of_a_rule_from_their_own_dates(tmp_path: Path) -> None:
    rule = {"id": "x.y", "title": "T", "event": "e", "length": 5, "unit": "calendar_days", "basis": "Luật"}
    later = {**rule, "unit": "working_days", "basis": "Thông tư", "effective_from": "2021-01-01"}
    _write_set(tmp_path, "a.json", rules=[later, rule])  # order in the file does not matter
    book = load_rulebook(tmp_path)
    assert book.rule_for("x.y", D(2020, 12, 31)).unit is Unit.CALENDAR_DAYS
    assert book.rule_for("x.y", D(2021, 1, 1)).basis == "Thông tư"
    assert book.first_day("x.y") == D(2020, 1, 1)
