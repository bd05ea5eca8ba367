"""The agency block: an optional parent agency, and agency names broken before their unit (issue 10)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from desktop.documents.fonts import BOLD, register_fonts
from desktop.documents.layout import HEADER_LEFT_WIDTH, agency_lines, heading_lines
from desktop.documents.receipt import render_receipt
from desktop.documents.styles import stylesheet
from tests.documents.conftest import make_letterhead, make_receipt


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("BAN TIẾP CÔNG DÂN TỈNH AN GIANG", ["BAN TIẾP CÔNG DÂN", "TỈNH AN GIANG"]),
        ("BAN TIẾP CÔNG DÂN THÀNH PHỐ HỒ CHÍ MINH", ["BAN TIẾP CÔNG DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]),
        ("ỦY BAN NHÂN DÂN XÃ MỸ HÒA HƯNG", ["ỦY BAN NHÂN DÂN", "XÃ MỸ HÒA HƯNG"]),
        ("BAN TIẾP CÔNG DÂN", ["BAN TIẾP CÔNG DÂN"]),
    ],
)
def test_an_agency_name_breaks_before_its_administrative_unit(name: str, lines: list[str]) -> None:
    register_fonts()
    size = stylesheet()["HeaderAgency"].fontSize
    assert agency_lines(name, BOLD, size, HEADER_LEFT_WIDTH) == lines


@pytest.mark.parametrize("thermal", [False, True])
def test_a_slip_without_a_parent_agency_prints_the_agency_alone(thermal: bool) -> None:
    receipt = make_receipt(letterhead=make_letterhead(parent_agency=""))
    pdf = render_receipt(receipt, thermal=thermal)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "BAN TIẾP CÔNG DÂN" in text
    assert "ỦY BAN NHÂN DÂN" not in text.split("BAN TIẾP CÔNG DÂN")[0]


@pytest.mark.parametrize(
    ("typed", "lines"),
    [
        ("BAN TIẾP CÔNG DÂN TỈNH\nAN GIANG", ["BAN TIẾP CÔNG DÂN TỈNH", "AN GIANG"]),  # not before "TỈNH"
        ("BAN TIẾP\nCÔNG DÂN TỈNH AN GIANG", ["BAN TIẾP", "CÔNG DÂN TỈNH AN GIANG"]),
    ],
)
def test_an_agency_name_typed_with_a_line_break_prints_as_typed(typed: str, lines: list[str]) -> None:
    register_fonts()
    size = stylesheet()["HeaderAgency"].fontSize
    assert heading_lines(typed, BOLD, size, HEADER_LEFT_WIDTH, agency=True) == lines
    flat = typed.replace("\n", " ")
    assert heading_lines(flat, BOLD, size, HEADER_LEFT_WIDTH, agency=True) == agency_lines(
        flat, BOLD, size, HEADER_LEFT_WIDTH
    )


@pytest.mark.parametrize("thermal", [False, True])
def test_a_slip_prints_the_agency_heading_as_typed(thermal: bool) -> None:
    letterhead = make_letterhead(
        agency="Ban Tiếp công dân tỉnh An Giang", agency_heading="Ban Tiếp công dân tỉnh\nAn Giang"
    )
    pdf = render_receipt(make_receipt(letterhead=letterhead), thermal=thermal)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert re.search(r"BAN TIẾP CÔNG DÂN TỈNH\n\s*AN GIANG", text)
