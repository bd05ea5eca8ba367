"""A board list (BoardListDocument) as a spreadsheet: a heading, the printed list's columns, one row each."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from desktop.documents.board_list import COLUMNS, BoardListDocument
from desktop.documents.markup import nfc_fields


def append_as_text(sheet: Worksheet, values: Sequence[object]) -> None:
    """Append a row whose texts stay texts: openpyxl stores a text starting with "=" as a formula, and
    a content typed or imported as "=HYPERLINK(...)" would run in the spreadsheet of whoever opens it."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def write_board_list_xlsx(document: BoardListDocument, sheet_name: str = "Danh sách") -> bytes:
    document = nfc_fields(document)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = sheet_name
    sheet.append([document.letterhead.agency.upper()])
    sheet.append([document.title.upper()])
    sheet.append([document.description or document.place_date])
    sheet.append([])
    sheet.append([title for title, _width in COLUMNS])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")
    for index, row in enumerate(document.rows, start=1):
        append_as_text(sheet, [index, *row.cells()])
    sheet.append([])
    sheet.append([document.summary])
    sheet["A1"].font = Font(bold=True)
    sheet["A2"].font = Font(bold=True, size=14)
    for letter, (_title, width) in zip("ABCDEFGHIJK", COLUMNS, strict=True):
        sheet.column_dimensions[letter].width = width * 0.6
    sheet.freeze_panes = f"A{header_row + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
