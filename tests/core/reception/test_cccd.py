"""The ID card QR as a scanner types it: the realistic payloads of docs/scanning.md and the ones to refuse."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from db.enums import Sex
from desktop.core.reception.cccd import CardQrError, card_issues, looks_like_card_qr, parse_card_qr

PHUC = (
    "089068004217|351234567|Trần Văn Phúc|14031968|Nam|"
    "Tổ 3, ấp Mỹ Thạnh, xã Mỹ Hòa Hưng, thành phố Long Xuyên, An Giang|22082021"
)
HAN = (
    "091185007730|370987654|Lê Thị Ngọc Hân|02111985|Nữ|"
    "Số 12 đường Trần Phú, phường Vĩnh Thanh, thành phố Rạch Giá, Kiên Giang|10052022"
)
KHOA = (
    "089203001562||Nguyễn Hoàng Minh Khoa|30062003|Nam|"
    "Tổ 5, khóm Bình Đức 3, phường Bình Đức, thành phố Long Xuyên, An Giang|15042021"
)
TRAM_2024 = "089309000418||Phạm Ngọc Bảo Trâm|09092009|Nữ|Phường Long Xuyên, An Giang|01082025||||"
# A health-insurance card: the name and address are hex-encoded UTF-8 ("Nguyễn Văn An", "An Giang").
BHYT = "GD4898900123456|4e677579e1bb856e2056c4836e20416e|01/01/1980|1|416e204769616e67|89001|01/01/2025|-|"


def test_chip_card_gives_every_field() -> None:
    card = parse_card_qr(PHUC)
    assert card.id_number == "089068004217"
    assert card.old_id_number == "351234567"
    assert card.full_name == "Trần Văn Phúc"
    assert card.birth_date == dt.date(1968, 3, 14)
    assert card.sex == Sex.MALE
    assert card.address == "Tổ 3, ấp Mỹ Thạnh, xã Mỹ Hòa Hưng, thành phố Long Xuyên, An Giang"
    assert card.issue_date == dt.date(2021, 8, 22)
    assert card_issues(card).warnings == {}


def test_woman_and_the_scanner_enter_key() -> None:
    card = parse_card_qr(HAN + "\r\n")
    assert (card.sex, card.birth_date, card.issue_date) == (Sex.FEMALE, dt.date(1985, 11, 2), dt.date(2022, 5, 10))


def test_no_old_id_number() -> None:
    card = parse_card_qr(KHOA)
    assert card.old_id_number == ""
    assert card.birth_date.year == 2003
    assert card_issues(card).warnings == {}


def test_2024_card_with_empty_fields_after_the_issue_date() -> None:
    card = parse_card_qr(TRAM_2024)
    assert (card.full_name, card.sex, card.issue_date) == ("Phạm Ngọc Bảo Trâm", Sex.FEMALE, dt.date(2025, 8, 1))
    assert card_issues(card).warnings == {}


def test_decomposed_text_comes_out_nfc() -> None:
    card = parse_card_qr(unicodedata.normalize("NFD", HAN))
    assert card.full_name == "Lê Thị Ngọc Hân"
    assert unicodedata.is_normalized("NFC", card.address)


def test_sex_digit_contradicting_the_card_is_warned() -> None:
    card = parse_card_qr(PHUC.replace("|Nam|", "|Nữ|"))
    assert "nam" in card_issues(card).warnings["id_number"]


def test_birth_year_contradicting_the_number_is_warned() -> None:
    card = parse_card_qr(PHUC.replace("14031968", "14031969"))
    assert "1968" in card_issues(card).warnings["id_number"]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("089068004217|Trần Văn Phúc|14031968|Nam|Tổ 3, An Giang|22082021", "6 phần"),
        (BHYT, "bảo hiểm y tế"),
        (PHUC.replace("|", " | "), "dấu cách"),
        (PHUC.replace("089068004217", "08906800421"), "12 chữ số"),
        (PHUC.replace("351234567", "35123456"), "9 chữ số"),
        (PHUC.replace("14031968", "31021968"), "Ngày sinh"),
        (PHUC.replace("22082021", "2208202"), "Ngày cấp"),
        (PHUC.replace("|Nam|", "|M|"), "Nam"),
        (PHUC + "|x", "nhiều phần"),
        (PHUC.replace("Trần Văn", "Trần\x00Văn"), "ký tự điều khiển"),  # PostgreSQL refuses a NUL
        (PHUC.replace("Tổ 3,", "Tổ 3,\n"), "ký tự điều khiển"),
        ("", "phần"),
        (PHUC.replace("14031968", "14032099"), "Ngày sinh"),  # born in the future
        (PHUC.replace("14031968", "14031899"), "Ngày sinh"),  # before 1900
        (PHUC.replace("22082021", "22082099"), "Ngày cấp"),  # issued in the future
        (PHUC.replace("22082021", "22081960"), "Ngày cấp"),  # issued before the holder was born
        (PHUC.replace("Trần Văn Phúc", "Trần Văn Phúc" * 40), "dài"),  # longer than any name
        (PHUC.replace("Tổ 3,", "Tổ 3, " * 200), "dài"),
    ],
)
def test_malformed_payloads_are_refused_clearly(payload: str, expected: str) -> None:
    with pytest.raises(CardQrError) as caught:
        parse_card_qr(payload)
    message = str(caught.value)
    assert expected in message
    assert "Phúc" not in message  # no personal data in the message
    assert "089068004217" not in message


def test_cheap_test_before_parsing() -> None:
    assert looks_like_card_qr(PHUC)
    assert looks_like_card_qr(TRAM_2024)
    assert looks_like_card_qr(BHYT)
    assert not looks_like_card_qr("D01-2026-000123")
    assert not looks_like_card_qr("Nguyễn Văn An")
