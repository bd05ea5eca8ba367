"""A statutory report table as printed: A4 landscape, Decree 30/2020 margins, the official header rows.

The agency and national headings, the form's number ("Biểu số 01/TCD") top right, the title, the
period line, the header rows with their merged cells, the MS row of column numbers and sum rules, one
row per unit (the office's total first), the "Ghi chú" line and the signer block: the person who made
the table on the left, the head who signs it on the right (docs/reports.md#printed-tables). The xlsx
(``report_xlsx``) writes the same ``ReportSheet``; both take their numbers from ``values``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, LongTable, Paragraph, Spacer, TableStyle

from desktop.documents.flowables import Columns
from desktop.documents.fonts import BOLD, BOLD_ITALIC, ITALIC, REGULAR, register_fonts
from desktop.documents.layout import SIGNATURE_SPACE, Pages, agency_and_nation, build_pages
from desktop.documents.markup import nfc_fields
from desktop.documents.model import Letterhead

# Landscape, with narrower left and bottom margins than a letter's: the widest tables have 30 columns.
PAGES = Pages(landscape(A4), top=20 * mm, bottom=15 * mm, left=20 * mm, right=15 * mm)
FRAME_WIDTH = PAGES.frame_width
HEADER_LEFT_WIDTH = 95 * mm
UNIT_WIDTH = 32 * mm
UNIT_HEADING = "Đơn vị"


@dataclass(frozen=True)
class HeaderCell:
    """One cell of the header block, in grid coordinates (row 0 at the top, column 0 the unit column)."""

    row: int
    column: int
    rows: int  # rows spanned
    columns: int  # columns spanned
    text: str


@dataclass(frozen=True)
class SheetRow:
    unit: str
    values: tuple[float | int | None, ...]  # one per column; None for a text column (blank)


@dataclass(frozen=True)
class ReportSheet:
    letterhead: Letterhead
    form: str  # "Biểu số 01/TCD"
    title: str
    period_line: str  # "Số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026"
    paths: tuple[tuple[str, ...], ...]  # each column's header path
    ms: tuple[str, ...]  # each column's MS cell: "1 = 4+13+22"
    amounts: tuple[bool, ...]  # each column: money or land (shown with one decimal)
    rows: tuple[SheetRow, ...]
    note: str  # "30. Ghi chú: ..."
    place_date: str  # "An Giang, ngày 14 tháng 3 năm 2026"
    maker_title: str  # "NGƯỜI LẬP BIỂU"
    maker_name: str
    signer_titles: tuple[str, ...]  # ("TRƯỞNG BAN",) or ("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")
    signer_name: str
    sheet_name: str = ""  # the xlsx sheet: "01-TCD"

    @property
    def depth(self) -> int:
        return max(len(path) for path in self.paths)


def header_cells(paths: tuple[tuple[str, ...], ...]) -> list[HeaderCell]:
    """The merged header cells: equal leading parts of neighbouring columns share one cell; the last part
    of a shorter path runs down to the MS row. Column 0 is the unit column."""
    depth = max(len(path) for path in paths)
    cells = [HeaderCell(0, 0, depth, 1, UNIT_HEADING)]
    for level in range(depth):
        index = 0
        while index < len(paths):
            path = paths[index]
            if len(path) <= level:
                index += 1
                continue
            last = len(path) == level + 1
            span = 1
            if not last:
                while (
                    index + span < len(paths)
                    and len(paths[index + span]) > level + 1
                    and paths[index + span][: level + 1] == path[: level + 1]
                ):
                    span += 1
            cells.append(HeaderCell(level, index + 1, depth - level if last else 1, span, path[level]))
            index += span
    return cells


def format_value(value: float | int | None, amount: bool) -> str:
    """Vietnamese number style: 1.234 and 1.234,5 (a dot between thousands, a comma before decimals)."""
    if value is None:
        return ""
    text = f"{value:,.1f}" if amount else f"{int(value):,d}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _styles(columns: int) -> dict[str, ParagraphStyle]:
    size = 7.5 if columns <= 20 else 6.5 if columns <= 28 else 5.8
    return {
        "head": ParagraphStyle("head", fontName=BOLD, fontSize=size, leading=size * 1.15, alignment=TA_CENTER),
        "ms": ParagraphStyle("ms", fontName=ITALIC, fontSize=size, leading=size * 1.15, alignment=TA_CENTER),
        "unit": ParagraphStyle("unit", fontName=REGULAR, fontSize=size + 0.5, leading=(size + 0.5) * 1.15),
        "total": ParagraphStyle("total", fontName=BOLD, fontSize=size + 0.5, leading=(size + 0.5) * 1.15),
        "number": ParagraphStyle("number", fontName=REGULAR, fontSize=size, leading=size * 1.2, alignment=TA_RIGHT),
        "number_total": ParagraphStyle("nt", fontName=BOLD, fontSize=size, leading=size * 1.2, alignment=TA_RIGHT),
        "form": ParagraphStyle("form", fontName=BOLD, fontSize=11, leading=14, alignment=TA_RIGHT),
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=13, leading=17, alignment=TA_CENTER),
        "period": ParagraphStyle("period", fontName=ITALIC, fontSize=11, leading=14, alignment=TA_CENTER),
        "note": ParagraphStyle("note", fontName=ITALIC, fontSize=10, leading=13, alignment=TA_LEFT),
        "place": ParagraphStyle("place", fontName=ITALIC, fontSize=11, leading=14, alignment=TA_CENTER),
        "sign": ParagraphStyle("sign", fontName=BOLD, fontSize=11, leading=14, alignment=TA_CENTER),
        "hint": ParagraphStyle("hint", fontName=BOLD_ITALIC, fontSize=10, leading=13, alignment=TA_CENTER),
    }


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _table(sheet: ReportSheet, styles: dict[str, ParagraphStyle]) -> LongTable:
    depth = sheet.depth
    count = len(sheet.paths)
    grid: list[list[Any]] = [["" for _ in range(count + 1)] for _ in range(depth + 1)]
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.4, "black"),
        ("BOX", (0, 0), (-1, -1), 0.8, "black"),
        ("VALIGN", (0, 0), (-1, depth), "MIDDLE"),
        ("VALIGN", (0, depth + 1), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.2),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for cell in header_cells(sheet.paths):
        grid[cell.row][cell.column] = _paragraph(cell.text, styles["head"])
        if cell.rows > 1 or cell.columns > 1:
            last = (cell.column + cell.columns - 1, cell.row + cell.rows - 1)
            commands.append(("SPAN", (cell.column, cell.row), last))
    grid[depth] = [_paragraph("MS", styles["ms"])] + [
        _paragraph(text.replace(" ", ""), styles["ms"]) for text in sheet.ms
    ]
    for index, row in enumerate(sheet.rows):
        total = index == 0
        grid.append(
            [_paragraph(row.unit, styles["total" if total else "unit"])]
            + [
                _paragraph(format_value(value, amount), styles["number_total" if total else "number"])
                for value, amount in zip(row.values, sheet.amounts, strict=True)
            ]
        )
    width = (FRAME_WIDTH - UNIT_WIDTH) / count
    table = LongTable(grid, colWidths=[UNIT_WIDTH] + [width] * count, repeatRows=depth + 1)
    table.setStyle(TableStyle(commands))
    return table


def _signatures(sheet: ReportSheet, styles: dict[str, ParagraphStyle]) -> Columns:
    left: list[Flowable] = [Spacer(1, 14), _paragraph(sheet.maker_title, styles["sign"]), Spacer(1, SIGNATURE_SPACE)]
    left.append(_paragraph(sheet.maker_name, styles["sign"]))
    right: list[Flowable] = [_paragraph(sheet.place_date, styles["place"])]
    right += [_paragraph(line.upper(), styles["sign"]) for line in sheet.signer_titles if line]
    right.append(_paragraph("(Ký, ghi rõ họ tên, đóng dấu)", styles["hint"]))
    right += [Spacer(1, SIGNATURE_SPACE), _paragraph(sheet.signer_name, styles["sign"])]
    half = FRAME_WIDTH / 2
    return Columns([left, right], (half, half))


def sheet_story(sheet: ReportSheet) -> list[Flowable]:
    styles = _styles(len(sheet.paths))
    return [
        agency_and_nation(sheet.letterhead, (HEADER_LEFT_WIDTH, FRAME_WIDTH - HEADER_LEFT_WIDTH)),
        Spacer(1, 2),
        _paragraph(sheet.form, styles["form"]),
        Spacer(1, 4),
        _paragraph(sheet.title.upper(), styles["title"]),
        _paragraph(f"({sheet.period_line})", styles["period"]),
        Spacer(1, 6),
        _table(sheet, styles),
        Spacer(1, 4),
        _paragraph(sheet.note, styles["note"]),
        Spacer(1, 6),
        _signatures(sheet, styles),
    ]


def render_report(sheets: tuple[ReportSheet, ...]) -> bytes:
    """The tables as PDF bytes, each starting on a new page."""
    from reportlab.platypus import PageBreak

    register_fonts()
    story: list[Flowable] = []
    for index, sheet in enumerate(sheets):
        if index:
            story.append(PageBreak())
        story += sheet_story(nfc_fields(sheet))
    first = sheets[0] if sheets else None
    title, author = (first.title, first.letterhead.agency) if first else ("", "")
    return build_pages(story, title=title, author=author, pages=PAGES)
