"""Normalisation: NFC for storage, folded search keys."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.text import clean, digits, search_key, title_name


def test_clean_turns_decomposed_input_into_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Ân")
    assert decomposed != "Nguyễn Văn Ân"
    assert clean(decomposed) == "Nguyễn Văn Ân"


def test_clean_collapses_white_space() -> None:
    assert clean("  Trần \t Thị\n  Mai ") == "Trần Thị Mai"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Nguyễn Văn Ân", "nguyen van an"),
        ("ĐẶNG VĂN ĐƯỢC", "dang van duoc"),
        ("Phường Bình Đức", "phuong binh duc"),
        (unicodedata.normalize("NFD", "Huỳnh Thị Ngọc Hương"), "huynh thi ngoc huong"),
    ],
)
def test_search_key_folds_case_diacritics_and_d(text: str, key: str) -> None:
    assert search_key(text) == key


def test_title_name_capitalises_each_word() -> None:
    assert title_name("nguyễn  THỊ ánh tuyết") == "Nguyễn Thị Ánh Tuyết"


def test_digits_keeps_only_digits() -> None:
    assert digits("089 185.000-123") == "089185000123"


@given(st.text())
def test_search_key_is_ascii_for_vietnamese_letters_and_idempotent(text: str) -> None:
    key = search_key(text)
    assert search_key(key) == key
    assert unicodedata.is_normalized("NFC", clean(text))


def test_the_table_of_format_characters_holds_every_one_of_them() -> None:
    import sys
    import unicodedata

    from desktop.core.text import FORMAT_CHARACTERS

    every = {code for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Cf"}
    assert set(FORMAT_CHARACTERS) == every
