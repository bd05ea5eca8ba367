"""Layout helpers: balanced headings, line breaking, NFC copies and the import boundary."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from dataclasses import FrozenInstanceError

import pytest

from desktop.documents.flowables import break_lines, greedy_breaks
from desktop.documents.fonts import BOLD, REGULAR, register_fonts
from desktop.documents.layout import balanced_lines
from desktop.documents.markup import esc, nfc_fields
from desktop.documents.model import Letterhead, Signer


@pytest.fixture(autouse=True)
def _fonts() -> None:
    register_fonts()


def test_balanced_heading_breaks_between_body_and_place():
    lines = balanced_lines("ỦY BAN NHÂN DÂN TỈNH AN GIANG", BOLD, 12, 200)

    assert lines == ["ỦY BAN NHÂN DÂN", "TỈNH AN GIANG"]


def test_balanced_heading_stays_on_one_line_when_it_fits():
    assert balanced_lines("BAN TIẾP CÔNG DÂN", BOLD, 12, 300) == ["BAN TIẾP CÔNG DÂN"]
    assert balanced_lines("", BOLD, 12, 300) == []


def test_greedy_breaks_give_an_overlong_word_its_own_line():
    assert greedy_breaks([50, 500, 50], space=5, limit=100) == [0, 1, 2]
    assert greedy_breaks([40, 40, 40], space=5, limit=100, first_limit=50) == [0, 1]


def test_break_lines_keep_every_word_and_respect_the_first_line_indent():
    text = "Vào 09 giờ 30 phút, ngày 05 tháng 3 năm 2026, tại Trụ sở Tiếp công dân tỉnh An Giang"
    lines = break_lines(text, REGULAR, 13, 200, first_indent=60)

    assert " ".join(line for line, _ in lines) == text
    assert lines[0][1] <= 140
    assert all(width <= 200 for _, width in lines)


def test_nfc_fields_normalises_nested_dataclasses_and_keeps_them_frozen():
    nfd = unicodedata.normalize("NFD", "Đặng Văn Được")
    signer = nfc_fields(Signer(authority="", position="TRƯỞNG BAN", full_name=nfd))

    assert signer.full_name == "Đặng Văn Được"
    with pytest.raises(FrozenInstanceError):
        signer.full_name = "x"  # type: ignore[misc]
    letterhead = nfc_fields(Letterhead(parent_agency=nfd, agency=nfd, place_name=nfd))
    assert letterhead.agency == "Đặng Văn Được"


def test_esc_escapes_paragraph_markup():
    assert esc("<b>A & B</b>") == "&lt;b&gt;A &amp; B&lt;/b&gt;"


def test_documents_import_neither_qt_nor_database_nor_core():
    code = (
        "import sys\n"
        "import desktop.documents.receipt, desktop.documents.appointment, desktop.documents.letter\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'sqlalchemy', 'db', 'alembic'}"
        " or m.startswith(('desktop.core', 'desktop.ui')))\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)

    assert result.stdout.strip() == "[]"
