"""The working-day calendar: the holidays package for Vietnam, vn.json and office overrides."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.deadlines.calendar import (
    WEEKEND_REASON,
    CalendarEntry,
    CalendarOverrides,
    WorkCalendar,
    format_day,
    load_overrides,
    national_overrides,
    parse_overrides,
)
from desktop.core.errors import AppError, ValidationError


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    """The calendar the application uses: package + resources/holidays/vn.json."""
    return WorkCalendar.default()


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 1, 1), "Tết Dương lịch"),
        # Tết Bính Ngọ: mùng 1 is Tue 17/02/2026; the announced break is 14-22/02, weekdays 16-20/02.
        (date(2026, 2, 16), "Giao thừa Tết Nguyên Đán"),
        (date(2026, 2, 17), "Tết Nguyên Đán"),
        (date(2026, 2, 18), "Mùng hai Tết Nguyên Đán"),
        (date(2026, 2, 19), "Mùng ba Tết Nguyên Đán"),
        (date(2026, 2, 20), "Mùng bốn Tết Nguyên Đán"),
        # Tết of other years, by the Vietnamese lunar calendar.
        (date(2024, 2, 10), "Tết Nguyên Đán"),
        (date(2025, 1, 29), "Tết Nguyên Đán"),
        (date(2027, 2, 6), "Tết Nguyên Đán"),
        # 10/3 lunar 2026 is a Sunday: compensatory day off on Monday (Labour Code Art. 111(3)).
        (date(2026, 4, 26), "Ngày Giỗ Tổ Hùng Vương"),
        (date(2026, 4, 27), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),
        (date(2026, 4, 30), "Ngày Chiến thắng"),
        (date(2026, 5, 1), "Ngày Quốc tế Lao động"),
        # 2 Sep pairs: 2024 with the day after, 2025 and 2026 with the day before.
        (date(2024, 9, 3), "Quốc khánh"),
        (date(2025, 9, 1), "Quốc khánh"),
        (date(2026, 9, 1), "Quốc khánh"),
        (date(2026, 9, 2), "Quốc khánh"),
        # Swapped days off that the package models (the Saturday becomes a working day).
        (date(2025, 5, 2), "Ngày nghỉ (thay cho ngày 26/04/2025)"),
        (date(2026, 8, 31), "Ngày nghỉ (thay cho ngày 22/08/2026)"),
        # The package adds 24/11 from 2026 (pending law: docs/legal-basis.md#holidays-and-working-days).
        (date(2026, 11, 24), "Ngày Văn hóa Việt Nam"),
        # Ordinary days have no holiday name, weekends included.
        (date(2026, 2, 23), None),
        (date(2026, 2, 21), None),
    ],
)
def test_holiday_name(cal: WorkCalendar, day: date, name: str | None) -> None:
    assert cal.holiday_name(day) == name


def test_holiday_name_from_vn_json_carries_source_and_unverified_mark(cal: WorkCalendar) -> None:
    # The New Year 2026 swap (off Fri 02/01, work Sat 10/01) is missing from the package.
    name = cal.holiday_name(date(2026, 1, 2))
    assert name is not None
    assert name.startswith("Ngày nghỉ Tết Dương lịch")
    assert "24h.com.vn" in name
    assert name.endswith("[CHƯA KIỂM CHỨNG]")


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 13), True),  # Friday before the Tết break
        (date(2026, 2, 14), False),  # Saturday
        (date(2026, 2, 16), False),  # Tết
        (date(2026, 2, 23), True),  # first working day after Tết
        (date(2026, 1, 2), False),  # vn.json: day off swapped with Sat 10/01/2026
        (date(2026, 1, 10), True),  # vn.json: the working Saturday
        (date(2024, 5, 4), True),  # package: Saturday worked for Mon 29/04/2024
        (date(2025, 4, 26), True),  # package: Saturday worked for Fri 02/05/2025
        (date(2026, 8, 22), True),  # package: Saturday worked for Mon 31/08/2026
        (date(2026, 8, 31), False),
        (date(2026, 8, 23), False),  # the Sunday after a working Saturday stays a day off
    ],
)
def test_is_working_day(cal: WorkCalendar, day: date, working: bool) -> None:
    assert cal.is_working_day(day) is working


def test_package_alone_lacks_the_new_year_2026_swap() -> None:
    bare = WorkCalendar()
    assert bare.is_working_day(date(2026, 1, 2))
    assert not bare.is_working_day(date(2026, 1, 10))


def test_day_off_reason(cal: WorkCalendar) -> None:
    assert cal.day_off_reason(date(2026, 2, 14)) == WEEKEND_REASON
    assert cal.day_off_reason(date(2026, 2, 17)) == "Tết Nguyên Đán"
    assert cal.day_off_reason(date(2026, 2, 23)) is None
    assert cal.day_off_reason(date(2026, 8, 22)) is None  # working Saturday
    assert cal.is_swapped_workday(date(2026, 8, 22))
    assert not cal.is_swapped_workday(date(2026, 8, 21))


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2026, 2, 11), 0, date(2026, 2, 11)),
        # Wed 11/02: Thu 12 (1), Fri 13 (2), Sat 14 - Sun 22 Tết break, Mon 23 (3).
        (date(2026, 2, 11), 3, date(2026, 2, 23)),
        # Thu 20/08: Fri 21 (1), Sat 22 worked (2), Mon 24 (3) ... Fri 28 (7), Sat 29 - Wed 02/09 off, Thu 03 (8).
        (date(2026, 8, 20), 8, date(2026, 9, 3)),
        # Tue 30/12/2025: Wed 31 (1), Thu 1 holiday, Fri 2 swapped off, weekend, Mon 05/01 (2).
        (date(2025, 12, 30), 2, date(2026, 1, 5)),
        # Tue 28/04/2026: Wed 29 (1), Thu 30 and Fri 1 holidays, weekend, Mon 04/05 (2).
        (date(2026, 4, 28), 2, date(2026, 5, 4)),
        # A start on a holiday: Tue 17/02 (Tết) -> Mon 23/02 is the first counted day.
        (date(2026, 2, 17), 1, date(2026, 2, 23)),
    ],
)
def test_add_working_days(cal: WorkCalendar, start: date, count: int, expected: date) -> None:
    assert cal.add_working_days(start, count) == expected


def test_add_working_days_rejects_a_negative_count(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="count"):
        cal.add_working_days(date(2026, 1, 5), -1)


@pytest.mark.parametrize(
    ("day", "inclusive", "expected"),
    [
        (date(2026, 2, 13), False, date(2026, 2, 23)),  # Fri before Tết -> Mon after the break
        (date(2026, 2, 13), True, date(2026, 2, 13)),  # already a working day
        (date(2026, 2, 14), True, date(2026, 2, 23)),
        (date(2026, 8, 28), False, date(2026, 9, 3)),  # Sat 29 - Wed 02/09 off (swap + 2 Sep pair)
        (date(2026, 8, 21), False, date(2026, 8, 22)),  # the working Saturday
    ],
)
def test_next_working_day(cal: WorkCalendar, day: date, inclusive: bool, expected: date) -> None:
    assert cal.next_working_day(day, inclusive=inclusive) == expected


def test_office_overrides_win_over_package_and_vn_json() -> None:
    office = CalendarOverrides(
        "UBND xã A",
        days_off=(CalendarEntry(date(2026, 3, 10), "Nghỉ lễ hội địa phương", "QĐ 12/QĐ-UBND"),),
        working_days=(
            CalendarEntry(date(2026, 11, 24), "Làm việc: chưa có văn bản nghỉ 24/11"),
            CalendarEntry(date(2026, 1, 2), "Cơ quan không áp dụng hoán đổi"),
        ),
    )
    cal = WorkCalendar.default(office)
    assert not cal.is_working_day(date(2026, 3, 10))
    assert cal.holiday_name(date(2026, 3, 10)) == "Nghỉ lễ hội địa phương (theo: QĐ 12/QĐ-UBND)"
    assert cal.is_working_day(date(2026, 11, 24))
    assert cal.holiday_name(date(2026, 11, 24)) is None
    assert cal.is_working_day(date(2026, 1, 2))
    # Tue 10/03 is off: Mon 09/03 + 1 working day = Wed 11/03.
    assert cal.add_working_days(date(2026, 3, 9), 1) == date(2026, 3, 11)


def test_parse_overrides_reads_the_vn_json_layout() -> None:
    data = {
        "years": {
            "2027": {
                "days_off": [{"date": "2027-02-11", "name": "Nghỉ hoán đổi", "source": "TB số 1", "unverified": True}],
                "working_days": [{"date": "2027-02-20", "name": "Làm bù"}],
            }
        }
    }
    overrides = parse_overrides(data, "thử")
    assert overrides.days_off == (CalendarEntry(date(2027, 2, 11), "Nghỉ hoán đổi", "TB số 1", True),)
    assert overrides.working_days == (CalendarEntry(date(2027, 2, 20), "Làm bù"),)


@pytest.mark.parametrize(
    "data",
    [
        {"years": {"2027": {"days_off": [{"date": "2026-02-11", "name": "sai năm"}]}}},
        {"years": {"2027": {"days_off": [{"date": "2027-02-30", "name": "ngày sai"}]}}},
        {"years": {"2027": {"days_off": [{"date": "2027-02-11"}]}}},
        {"years": {"2027": {"days_off": [{"date": "2027-02-11", "name": "  "}]}}},
        {"years": ["2027"]},
        {"years": {"2027": ["2027-02-11"]}},
        {
            "years": {
                "2027": {
                    "days_off": [{"date": "2027-02-11", "name": "nghỉ"}],
                    "working_days": [{"date": "2027-02-11", "name": "làm"}],
                }
            }
        },
    ],
)
def test_parse_overrides_rejects_bad_data(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        parse_overrides(data, "thử")


def test_load_overrides_reports_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "office.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(AppError, match=r"office\.json"):
        load_overrides(path)
    with pytest.raises(AppError):
        load_overrides(tmp_path / "missing.json")
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(AppError, match=r"office\.json"):
        load_overrides(path)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "JSON"),  # nested beyond the parser: a RecursionError escaped
        (b"\x84\xff{}", "UTF-8"),
        (b'{"years": {}, "label": NaN', "JSON"),
    ],
    ids=["deep", "binary", "broken"],
)
def test_load_overrides_says_in_vietnamese_why_a_file_is_no_calendar(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "office.json"
    path.write_bytes(content)
    with pytest.raises(AppError, match=r"office\.json") as raised:
        load_overrides(path)
    message = str(raised.value)
    assert says in message
    assert "codec" not in message
    assert "Expecting" not in message  # Python's own words, in English


def test_load_overrides_from_file(tmp_path: Path) -> None:
    path = tmp_path / "office.json"
    days = {"2026": {"days_off": [{"date": "2026-03-10", "name": "Lễ hội"}]}}
    path.write_text(json.dumps({"label": "Xã A", "years": days}), encoding="utf-8")
    overrides = load_overrides(path)
    assert overrides.label == "Xã A"
    assert overrides.days_off[0].day == date(2026, 3, 10)


def test_shipped_vn_json_entries_have_names_and_sources() -> None:
    national = national_overrides()
    entries = national.days_off + national.working_days
    assert entries, "vn.json holds at least the New Year 2026 swap"
    assert all(entry.name and entry.source for entry in entries)


def test_format_day() -> None:
    assert format_day(date(2026, 2, 22)) == "22/02/2026 (Chủ nhật)"
    assert format_day(date(2026, 2, 16)) == "16/02/2026 (thứ Hai)"


@settings(max_examples=60, deadline=None)
@given(start=st.dates(date(2019, 1, 1), date(2030, 12, 31)), count=st.integers(1, 40))
def test_add_working_days_counts_exactly_count_working_days(cal: WorkCalendar, start: date, count: int) -> None:
    due = cal.add_working_days(start, count)
    assert cal.is_working_day(due)
    days = [start + timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(cal.is_working_day(day) for day in days) == count
