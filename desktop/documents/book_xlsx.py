"""Sổ tiếp công dân as a spreadsheet: the same 13 columns as the printed book, written row by row.

openpyxl's write-only mode keeps nothing but the current row in memory, so a year of hundreds of
thousands of visits streams from the database to the file. The sheet starts as the form does:
the agency and the national heading, the title and the period, the column titles and their
numbers "(1)" ... "(13)"; those rows repeat on every printed page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from desktop.documents.book import COLUMNS
from desktop.documents.layout import NATIONAL_MOTTO, NATIONAL_NAME
from desktop.documents.markup import nfc_fields
from desktop.documents.model import BookDocument, BookRow

SHEET_TITLE = "Sổ tiếp công dân"
FONT_NAME = "Times New Roman"
HEADER_ROWS = 7  # agency/nation (2), blank, title, period, column titles, column numbers
_COUNT = re.compile(r"[0-9]{1,9}")
_DATE = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})")
_thin = Side(style="thin")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRED = Alignment(wrap_text=True, vertical="top", horizontal="center")
HEAD = Alignment(wrap_text=True, vertical="center", horizontal="center")
# Columns holding a count: written as numbers, so that a spreadsheet can sum and sort them.
NUMBER_COLUMNS = frozenset({0, 6})
DATE_COLUMN = 1
MM_PER_CHARACTER = 2.0  # an Excel column width is in characters of the default font
# The body's cell styles, registered once: a named style is a cheap lookup per cell, where a
# Font/Alignment/Border set on each cell costs most of the export's time (docs/platform.md#book-density).
CELL_STYLE, CENTRED_STYLE, DATE_STYLE = "TiepDan book cell", "TiepDan book centred", "TiepDan book date"


def _named_styles() -> list[NamedStyle]:
    font = Font(name=FONT_NAME, size=10)
    return [
        NamedStyle(name=CELL_STYLE, font=font, alignment=WRAP, border=BORDER),
        NamedStyle(name=CENTRED_STYLE, font=font, alignment=CENTRED, border=BORDER),
        NamedStyle(name=DATE_STYLE, font=font, alignment=CENTRED, border=BORDER, number_format="DD/MM/YYYY"),
    ]


def write_book_xlsx(doc: BookDocument, target: BinaryIO) -> None:
    """Write the book as .xlsx to the open file ``target``; ``doc.rows`` is read once, in order."""
    doc = nfc_fields(doc)
    book = Workbook(write_only=True)
    for style in _named_styles():
        book.add_named_style(style)
    sheet: WriteOnlyWorksheet = book.create_sheet(SHEET_TITLE)
    last = get_column_letter(len(COLUMNS))
    shared: Any = sheet  # write-only sheets have these as a Worksheet does; types-openpyxl leaves them out
    for index, (_, width, _) in enumerate(COLUMNS, start=1):
        shared.column_dimensions[get_column_letter(index)].width = round(width / MM_PER_CHARACTER + 1, 1)
    sheet.freeze_panes = f"A{HEADER_ROWS + 1}"
    sheet.print_title_rows = f"{HEADER_ROWS - 1}:{HEADER_ROWS}"
    shared.page_setup.orientation = "landscape"
    shared.page_setup.paperSize = "9"  # A4
    shared.page_setup.fitToWidth = 1
    shared.page_setup.fitToHeight = 0
    shared.sheet_properties.pageSetUpPr.fitToPage = True
    split = 5  # the agency heading over columns A-E, the national heading over F-M
    for cells in (f"A1:{get_column_letter(split)}1", f"A2:{get_column_letter(split)}2"):
        shared.merged_cells.add(cells)
    for cells in (f"F1:{last}1", f"F2:{last}2", f"A4:{last}4", f"A5:{last}5"):
        shared.merged_cells.add(cells)
    head = doc.letterhead
    sheet.append(
        [_text(sheet, head.parent_agency.upper(), bold=False, align=HEAD)]
        + [None] * (split - 1)
        + [_text(sheet, NATIONAL_NAME, bold=True, align=HEAD)]
    )
    sheet.append(
        [_text(sheet, head.agency.upper(), bold=True, align=HEAD)]
        + [None] * (split - 1)
        + [_text(sheet, NATIONAL_MOTTO, bold=True, align=HEAD)]
    )
    sheet.append([])
    titles = [*doc.title_lines, "", ""][:2]
    sheet.append([_text(sheet, titles[0], bold=True, align=HEAD, size=14)])
    sheet.append([_text(sheet, titles[1], bold=True, align=HEAD, size=12)])
    sheet.append([_text(sheet, title, bold=True, align=HEAD, border=True) for title, _, _ in COLUMNS])
    sheet.append(
        [_text(sheet, f"({index})", italic=True, align=HEAD, border=True) for index in range(1, len(COLUMNS) + 1)]
    )
    try:
        for row in doc.rows:
            sheet.append(_row_cells(sheet, nfc_fields(row)))
    except BaseException:
        # Finish the sheet's temporary file now, or its half-written stream is closed (and fails) at exit.
        with contextlib.suppress(Exception):
            sheet.close()
        raise
    book.save(target)


def _row_cells(sheet: WriteOnlyWorksheet, row: BookRow) -> list[Cell]:
    cells: list[Cell] = []
    values: Sequence[str] = row.cells()
    for index, (value, (_, _, centred)) in enumerate(zip(values, COLUMNS, strict=True)):
        style = CENTRED_STYLE if centred else CELL_STYLE
        if index in NUMBER_COLUMNS and _COUNT.fullmatch(value):
            cell = WriteOnlyCell(sheet, value=int(value))
        elif index == DATE_COLUMN and (found := _DATE.fullmatch(value)):
            day, month, year = (int(part) for part in found.groups())
            cell = WriteOnlyCell(sheet, value=dt.datetime(year, month, day))
            style = DATE_STYLE
        else:
            cell = WriteOnlyCell(sheet, value=value or None)
            if value.startswith("="):  # text, never a formula that would run when the book is opened
                cell.data_type = "s"
        cell.style = style
        cells.append(cell)
    return cells


def _text(
    sheet: WriteOnlyWorksheet,
    value: str,
    *,
    bold: bool = False,
    italic: bool = False,
    align: Alignment = WRAP,
    size: float = 10,
    border: bool = False,
) -> Cell:
    cell = WriteOnlyCell(sheet, value=value or None)
    cell.font = Font(name=FONT_NAME, size=size, bold=bold, italic=italic)
    cell.alignment = align
    if border:
        cell.border = BORDER
    return cell
