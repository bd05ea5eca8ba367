"""The report tables as a workbook: one sheet per table, the official header rows with their merged
cells, the MS row, one row per unit, the note line; numbers stay numbers (the same ``ReportSheet`` as
the PDF, so both show the same figures)."""

from __future__ import annotations

from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.documents.markup import nfc_fields
from desktop.documents.report_table import ReportSheet, header_cells

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
FIRST_HEADER_ROW = 7  # rows 1-6: agency, nation, form, title, period, blank


def _heading(work: Worksheet, sheet: ReportSheet) -> None:
    count = len(sheet.paths)
    last = get_column_letter(count + 1)
    middle = get_column_letter(max(2, count // 2 + 1))
    for ref, text, bold in (
        ("A1", sheet.letterhead.parent_agency.upper(), False),
        ("A2", sheet.letterhead.agency.upper(), True),
        (f"{middle}1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        (f"{middle}2", "Độc lập - Tự do - Hạnh phúc", True),
        (f"{last}3", sheet.form, True),
    ):
        work[ref] = text
        work[ref].font = Font(bold=bold)
    work[f"{last}3"].alignment = Alignment(horizontal="right")
    for row, text, font in (
        (4, sheet.title.upper(), Font(bold=True, size=13)),
        (5, f"({sheet.period_line})", Font(italic=True)),
    ):
        work.merge_cells(f"A{row}:{last}{row}")
        work[f"A{row}"] = text
        work[f"A{row}"].font = font
        work[f"A{row}"].alignment = Alignment(horizontal="center")


def _header(work: Worksheet, sheet: ReportSheet) -> int:
    """The header rows and the MS row; returns the MS row's number."""
    for header in header_cells(sheet.paths):
        top, left = FIRST_HEADER_ROW + header.row, header.column + 1
        target = work.cell(row=top, column=left, value=header.text)
        if header.rows > 1 or header.columns > 1:
            work.merge_cells(
                start_row=top, start_column=left, end_row=top + header.rows - 1, end_column=left + header.columns - 1
            )
        target.font = Font(bold=True, size=9)
        target.alignment = CENTRE
    ms_row = FIRST_HEADER_ROW + sheet.depth
    work.cell(row=ms_row, column=1, value="MS")
    for index, text in enumerate(sheet.ms, start=2):
        work.cell(row=ms_row, column=index, value=text.replace(" ", ""))
    for cell in work[ms_row]:
        cell.font = Font(italic=True, size=9)
        cell.alignment = CENTRE
    return ms_row


def _body(work: Worksheet, sheet: ReportSheet, ms_row: int) -> int:
    """One row per unit, numbers as numbers; returns the last row's number."""
    for offset, row in enumerate(sheet.rows, start=1):
        number = ms_row + offset
        work.cell(row=number, column=1, value=row.unit).font = Font(bold=offset == 1)
        for index, (value, amount) in enumerate(zip(row.values, sheet.amounts, strict=True), start=2):
            figure = work.cell(row=number, column=index, value=value)
            figure.number_format = "#,##0.0" if amount else "#,##0"
            figure.font = Font(bold=offset == 1)
    body_end = ms_row + len(sheet.rows)
    for row_cells in work.iter_rows(min_row=FIRST_HEADER_ROW, max_row=body_end, max_col=len(sheet.paths) + 1):
        for boxed in row_cells:
            boxed.border = BOX
    return body_end


def _footer(work: Worksheet, sheet: ReportSheet, body_end: int) -> None:
    """The note line, the maker on the left, the place and date and the signer on the right."""
    right = get_column_letter(max(2, len(sheet.paths) - 6))
    lines = [
        (f"A{body_end + 2}", sheet.note, Font(italic=True)),
        (f"A{body_end + 4}", sheet.maker_title, Font(bold=True)),
        (f"A{body_end + 8}", sheet.maker_name, Font(bold=True)),
        (f"{right}{body_end + 3}", sheet.place_date, Font(italic=True)),
        (f"{right}{body_end + 8}", sheet.signer_name, Font(bold=True)),
    ]
    lines += [
        (f"{right}{body_end + 4 + n}", line.upper(), Font(bold=True)) for n, line in enumerate(sheet.signer_titles)
    ]
    for ref, text, font in lines:
        work[ref] = text
        work[ref].font = font


def _sheet(book: Workbook, sheet: ReportSheet, first: bool) -> None:
    work = book.active if first else book.create_sheet()
    assert isinstance(work, Worksheet)
    work.title = sheet.sheet_name or "Biểu"
    _heading(work, sheet)
    ms_row = _header(work, sheet)
    _footer(work, sheet, _body(work, sheet, ms_row))
    work.column_dimensions["A"].width = 24
    for index in range(2, len(sheet.paths) + 2):
        work.column_dimensions[get_column_letter(index)].width = 9
    for level in range(sheet.depth):
        work.row_dimensions[FIRST_HEADER_ROW + level].height = 42
    work.freeze_panes = f"B{ms_row + 1}"


def write_report_xlsx(sheets: tuple[ReportSheet, ...], target: BinaryIO) -> None:
    book = Workbook()
    for index, sheet in enumerate(sheets):
        _sheet(book, nfc_fields(sheet), index == 0)
    book.save(target)
