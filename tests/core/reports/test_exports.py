"""The xlsx and the PDF of the report tables hold the same numbers, under the official headers."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

from openpyxl import load_workbook

from desktop.core.database import Database
from desktop.core.reports.definitions import TABLE_IDS, load_table
from desktop.core.reports.export import report_pdf, report_sheet, report_xlsx
from desktop.core.reports.periods import standard
from desktop.core.reports.tables import compute
from desktop.documents.report_table import header_cells
from desktop.documents.report_xlsx import FIRST_HEADER_ROW
from tests.builders import ADMIN

NUMBER = re.compile(r"^\d{1,3}(\.\d{3})*(,\d)?$")


def _pdf_rows(pdf: bytes, tmp_path: Path) -> list[list[float]]:
    """The numbers of each "Tổng cộng" line of the PDF, one list per table (pdftotext keeps the layout)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in text.splitlines():
        if line.strip().startswith("Tổng cộng"):
            tokens = [token for token in line.split()[2:] if NUMBER.match(token)]
            rows.append([float(token.replace(".", "").replace(",", ".")) for token in tokens])
    return rows


def test_xlsx_and_pdf_hold_the_same_numbers(demo: Database, tmp_path: Path) -> None:
    period = standard("year", 2026)
    with demo.sessions() as session:
        tables = [compute(session, table_id, period, actor=ADMIN) for table_id in TABLE_IDS]
        sheets = [report_sheet(session, table, actor=ADMIN) for table in tables]
    book = load_workbook(io.BytesIO(report_xlsx(sheets)))
    assert book.sheetnames == [table_id.replace("/", "-") for table_id in TABLE_IDS]
    pdf_rows = _pdf_rows(report_pdf(sheets), tmp_path)
    assert len(pdf_rows) == len(TABLE_IDS)
    for table, sheet, pdf_row in zip(tables, sheets, pdf_rows, strict=True):
        work = book[sheet.sheet_name]
        total_row = FIRST_HEADER_ROW + sheet.depth + 1
        assert work.cell(row=total_row, column=1).value == "Tổng cộng"
        numeric = [c for c in table.definition.columns if c.numeric]
        xlsx_values = [work.cell(row=total_row, column=2 + table.definition.columns.index(c)).value for c in numeric]
        assert xlsx_values == [table.total.cells[c.id] for c in numeric]
        shown = [round(float(v), 1) for v in xlsx_values]  # the PDF prints money and land with one decimal
        assert pdf_row == shown, table.definition.id


def test_the_xlsx_header_has_the_official_rows_merged_and_the_ms_row(demo: Database) -> None:
    with demo.sessions() as session:
        table = compute(session, "01/TCD", standard("q1", 2026), actor=ADMIN)
        sheet = report_sheet(session, table, actor=ADMIN)
    work = load_workbook(io.BytesIO(report_xlsx([sheet])))["01-TCD"]
    merged = {str(r) for r in work.merged_cells.ranges}
    # "Tiếp thường xuyên" spans columns 4-11 (E:L); the unit column spans the 4 header rows.
    assert work["E7"].value == "Tiếp thường xuyên"
    assert work["A7"].value == "Đơn vị"
    assert work["B7"].value == "Tổng số lượt tiếp"
    assert {"E7:L7", "A7:A10", "B7:B10"} <= merged
    ms = [work.cell(row=11, column=c).value for c in range(1, 5)]
    assert ms == ["MS", "1=4+13+22", "2=5+14+23", "3=6+7+15+16+24+25"]
    assert work["A4"].value == "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN THƯỜNG XUYÊN, ĐỊNH KỲ VÀ ĐỘT XUẤT"
    assert work["A5"].value == "(Số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026)"
    notes = [row[0].value for row in work.iter_rows(min_row=12) if row[0].value and str(row[0].value).startswith("30.")]
    assert notes == ["30. Ghi chú: Số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026."]


def test_header_cells_cover_every_column_at_every_level_once() -> None:
    for table_id in TABLE_IDS:
        definition = load_table(table_id)
        covered: set[tuple[int, int]] = set()
        for cell in header_cells(tuple(c.path for c in definition.columns)):
            for row in range(cell.row, cell.row + cell.rows):
                for column in range(cell.column, cell.column + cell.columns):
                    assert (row, column) not in covered, table_id
                    covered.add((row, column))
        assert len(covered) == definition.depth * (len(definition.columns) + 1), table_id
