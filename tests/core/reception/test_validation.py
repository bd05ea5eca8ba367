"""Each field rule: identity papers, phones, dates, delegations."""

from __future__ import annotations

import datetime as dt

import pytest

from db.enums import IdType, Sex
from desktop.core.reception.validation import (
    check_delegation,
    check_id,
    check_phone,
    guess_id_type,
    normalise_id_number,
    normalise_phone,
)
from desktop.core.reception.visits import CitizenInput, validate_citizen


def test_valid_cccd_passes_without_warning() -> None:
    issues = check_id(IdType.CCCD, "089 185 000 123", sex=Sex.FEMALE, birth_year=1985)
    assert issues.errors == {}
    assert issues.warnings == {}


@pytest.mark.parametrize("number", ["12345", "0891850001234", "08918500012a"])
def test_cccd_must_have_twelve_digits(number: str) -> None:
    issues = check_id(IdType.CCCD, number, sex=Sex.UNKNOWN, birth_year=None)
    assert issues.errors == {"id_number": "Số căn cước công dân (CCCD) phải có đúng 12 chữ số."}


def test_cccd_unknown_province_code_warns() -> None:
    issues = check_id(IdType.CCCD, "003185000123", sex=Sex.FEMALE, birth_year=1985)
    assert issues.errors == {}
    assert "003" in issues.warnings["id_number"]


def test_cccd_sex_digit_disagreeing_warns_not_blocks() -> None:
    issues = check_id(IdType.CCCD, "089085000123", sex=Sex.FEMALE, birth_year=1985)
    assert issues.errors == {}
    assert "nam" in issues.warnings["id_number"]


def test_cccd_birth_year_disagreeing_warns() -> None:
    issues = check_id(IdType.CCCD, "089185000123", sex=Sex.FEMALE, birth_year=1986)
    assert "1985" in issues.warnings["id_number"]


def test_cccd_century_digit_for_2000s() -> None:
    assert check_id(IdType.CCCD, "089305000123", sex=Sex.FEMALE, birth_year=2005).warnings == {}
    assert check_id(IdType.CCCD, "089205000123", sex=Sex.MALE, birth_year=2005).warnings == {}


def test_cmnd_has_nine_digits() -> None:
    assert check_id(IdType.CMND, "361234567", sex=Sex.MALE, birth_year=None).errors == {}
    assert "9" in check_id(IdType.CMND, "36123456", sex=Sex.MALE, birth_year=None).errors["id_number"]


def test_a_malformed_passport_number_is_an_error() -> None:
    """Issue 8: an error, not a warning - "C1234567 do Cục QLXNC cấp" would not fit the server's column."""
    good = check_id(IdType.PASSPORT, "c1234567", sex=Sex.MALE, birth_year=None)
    assert (good.errors, good.warnings) == ({}, {})
    for number in ("12345", "C1234567 do Cục QLXNC cấp"):
        issues = check_id(IdType.PASSPORT, number, sex=Sex.MALE, birth_year=None)
        assert "id_number" in issues.errors
        assert issues.warnings == {}


def test_id_number_without_type_is_an_error() -> None:
    assert "id_number" in check_id(IdType.NONE, "089185000123", sex=Sex.MALE, birth_year=None).errors


def test_id_type_without_number_is_an_error() -> None:
    assert "id_number" in check_id(IdType.CCCD, "  ", sex=Sex.MALE, birth_year=None).errors


def test_normalise_id_number() -> None:
    assert normalise_id_number(IdType.CCCD, "089 185.000 123") == "089185000123"
    assert normalise_id_number(IdType.PASSPORT, " c 1234567") == "C1234567"


@pytest.mark.parametrize(
    "phone", ["0912345678", "091 234 5678", "+84 912 345 678", "84912345678", "02963852123", "0386 123 456", ""]
)
def test_valid_phones(phone: str) -> None:
    assert check_phone(phone).errors == {}


@pytest.mark.parametrize("phone", ["12345", "0112345678", "091234567", "+1 555 1234"])
def test_invalid_phones(phone: str) -> None:
    assert "phone" in check_phone(phone).errors


def test_phone_is_stored_with_leading_zero() -> None:
    assert normalise_phone("+84 912 345 678") == "0912345678"


def test_date_in_future_is_refused() -> None:
    today = dt.date(2026, 3, 5)

    def born(day: dt.date) -> dict[str, str]:
        return validate_citizen(CitizenInput(full_name="Nguyễn Văn An", birth_date=day), today).errors

    assert born(dt.date(2026, 3, 6)) == {"birth_date": "Ngày này ở tương lai."}
    assert born(today) == {}


@pytest.mark.parametrize(
    ("head_count", "representatives", "warned"),
    [(5, 1, False), (10, 2, False), (7, 3, True), (11, 5, False), (30, 6, True), (12, 0, True)],
)
def test_delegation_representatives(head_count: int, representatives: int, warned: bool) -> None:
    issues = check_delegation(head_count, representatives)
    assert issues.errors == {}
    assert ("representatives" in issues.warnings) is warned


def test_delegation_needs_five_people() -> None:
    assert "head_count" in check_delegation(4, 1).errors


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("", IdType.NONE),
        ("   ", IdType.NONE),
        ("089185000123", IdType.CCCD),
        ("089 185 000 123", IdType.CCCD),
        ("361 234 567", IdType.CMND),
        ("12345", IdType.CCCD),  # too short for either: the CCCD rule explains what is wrong
        ("C1234567", IdType.PASSPORT),
        ("c 123 4567", IdType.PASSPORT),
    ],
)
def test_id_type_is_guessed_from_the_shape_of_the_number(number: str, expected: IdType) -> None:
    assert guess_id_type(number) == expected
