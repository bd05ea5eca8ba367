"""A board list (BoardListDocument) as a spreadsheet: a heading, the printed list's columns, one row each.

Written with openpyxl's write-only sheet: nothing but the current row is held, so the whole board of
an office (tens of thousands of rows) streams from the database to the file.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from desktop.documents.board_list import COLUMNS, BoardListDocument, BoardListRow
from desktop.documents.markup import nfc, nfc_fields

HEADER_ROW = 5  # agency, title, what was chosen, a blank row, the column titles


def _cell(sheet: WriteOnlyWorksheet, value: str, font: Font | None = None) -> Cell:
    """A cell of a write-only sheet; "" as an empty cell. A text starting with "=" stays text: openpyxl
    would store it as a formula, and a content typed or imported as "=HYPERLINK(...)" would run in the
    spreadsheet of whoever opens it."""
    cell = WriteOnlyCell(sheet, value=value or None)
    if value.startswith("="):
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def _value(sheet: WriteOnlyWorksheet, value: str) -> str | Cell | None:
    """A body cell: the text itself (a styled cell object per value is most of a large export's time),
    a cell only for a text that must be kept from being read as a formula (see ``_cell``)."""
    if not value:
        return None
    return _cell(sheet, value) if value.startswith("=") else value


def write_board_sheet(
    document: BoardListDocument,
    target: BinaryIO,
    sheet_name: str = "Danh sách",
    *,
    rows: Iterable[BoardListRow] | None = None,
    summary: Callable[[], str] | None = None,
) -> None:
    """Write the list as .xlsx to ``target``: ``rows`` (default ``document.rows``) read once, in order, then
    the summary line, ``summary()`` when given (asked after the rows: a streamed list counts as it goes)."""
    document = nfc_fields(document)
    book = Workbook(write_only=True)
    sheet: WriteOnlyWorksheet = book.create_sheet(sheet_name)
    shared: Any = sheet  # write-only sheets have these as a Worksheet does; types-openpyxl leaves them out
    for letter, (_title, width) in zip("ABCDEFGHIJK", COLUMNS, strict=True):
        shared.column_dimensions[letter].width = width * 0.6
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.append([_cell(sheet, document.letterhead.agency.upper(), Font(bold=True))])
    sheet.append([_cell(sheet, document.title.upper(), Font(bold=True, size=14))])
    sheet.append([_cell(sheet, document.description or document.place_date)])
    sheet.append([])
    head = Alignment(wrap_text=True, vertical="top", horizontal="center")
    titles = []
    for title, _width in COLUMNS:
        cell = _cell(sheet, title, Font(bold=True))
        cell.alignment = head
        titles.append(cell)
    sheet.append(titles)
    try:
        for index, row in enumerate(document.rows if rows is None else rows, start=1):
            sheet.append([index, *(_value(sheet, value) for value in nfc_fields(row).cells())])
    except BaseException:
        # Finish the sheet's temporary file now, or its half-written stream is closed (and fails) at exit.
        with contextlib.suppress(Exception):
            sheet.close()
        raise
    sheet.append([])
    sheet.append([_cell(sheet, document.summary if summary is None else nfc(summary()))])
    book.save(target)


def write_board_list_xlsx(document: BoardListDocument, sheet_name: str = "Danh sách") -> bytes:
    buffer = io.BytesIO()
    write_board_sheet(document, buffer, sheet_name)
    return buffer.getvalue()
