"""The deadline board as a printed list: A4 landscape, Decree 30/2020 margins, a ruled table.

Not an issued document (no number, no signer): a working list of what is due, dated and headed by
the agency like the reception book (docs/legal-basis.md#board-printed).
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, LongTable, Paragraph, Spacer, TableStyle

from desktop.documents.fonts import BOLD, ITALIC, REGULAR, register_fonts
from desktop.documents.layout import LANDSCAPE_PAGES, agency_and_nation, build_pages
from desktop.documents.markup import nfc_fields
from desktop.documents.model import Letterhead

PAGES = LANDSCAPE_PAGES  # the Decree 30/2020 margins on a landscape page
FRAME_WIDTH = PAGES.frame_width  # 252 mm
HEADER_LEFT_WIDTH = 100 * mm

# (heading, width in mm); the widths add up to FRAME_WIDTH.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 10),
    ("Số", 27),
    ("Người gửi", 30),
    ("Nội dung", 50),
    ("Loại đơn", 14),
    ("Lĩnh vực", 20),
    ("Cán bộ xử lý", 24),
    ("Trạng thái", 27),
    ("Hạn", 18),
    ("Còn (ngày làm việc)", 14),
    ("Ghi chú", 18),
)


@dataclass(frozen=True)
class BoardListRow:
    """One row, every cell already formatted in Vietnamese."""

    number: str
    citizen: str
    content: str
    petition_kind: str  # "KN", "TC", "KN-PA"
    field: str
    officer: str
    state: str
    due_on: str  # "16/03/2026"
    days_left: str  # "-4", "0", "5"
    note: str  # "Quá hạn; Kéo dài; Nợ báo cáo"

    def cells(self) -> tuple[str, ...]:
        return (
            self.number,
            self.citizen,
            self.content,
            self.petition_kind,
            self.field,
            self.officer,
            self.state,
            self.due_on,
            self.days_left,
            self.note,
        )


@dataclass(frozen=True)
class BoardListDocument:
    letterhead: Letterhead
    title: str  # "DANH SÁCH THEO DÕI THỜI HẠN GIẢI QUYẾT"
    description: str  # what was chosen: "Quá hạn; lĩnh vực Đất đai"
    place_date: str  # "An Giang, ngày 04 tháng 5 năm 2026"
    summary: str  # "Tổng số: 12; quá hạn: 3; kéo dài: 1."
    rows: tuple[BoardListRow, ...]


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "cell": ParagraphStyle("cell", fontName=REGULAR, fontSize=9, leading=11, alignment=TA_LEFT),
        "centre": ParagraphStyle("centre", fontName=REGULAR, fontSize=9, leading=11, alignment=TA_CENTER),
        "head": ParagraphStyle("head", fontName=BOLD, fontSize=9, leading=11, alignment=TA_CENTER),
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", fontName=ITALIC, fontSize=12, leading=15, alignment=TA_CENTER),
        "summary": ParagraphStyle("summary", fontName=REGULAR, fontSize=11, leading=14, alignment=TA_LEFT),
    }


CENTRED = {0, 4, 8, 9}  # STT, Loại đơn, Hạn, Còn


def _table(doc: BoardListDocument, styles: dict[str, ParagraphStyle]) -> LongTable:
    def cell(text: str, style: str) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), styles[style])

    head = [cell(title, "head") for title, _ in COLUMNS]
    body = [
        [cell(str(index), "centre")]
        + [cell(text, "centre" if column + 1 in CENTRED else "cell") for column, text in enumerate(row.cells())]
        for index, row in enumerate(doc.rows, start=1)
    ]
    table = LongTable([head, *body], colWidths=[width * mm for _, width in COLUMNS], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("BOX", (0, 0), (-1, -1), 0.8, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def render_board_list(doc: BoardListDocument) -> bytes:
    """The list as PDF bytes."""
    register_fonts()
    doc = nfc_fields(doc)
    styles = _styles()
    story: list[Flowable] = [
        agency_and_nation(doc.letterhead, (HEADER_LEFT_WIDTH, FRAME_WIDTH - HEADER_LEFT_WIDTH)),
        Spacer(1, 4),
        Paragraph(escape(doc.place_date), ParagraphStyle("pd", parent=styles["subtitle"], alignment=2)),
        Spacer(1, 8),
        Paragraph(escape(doc.title.upper()), styles["title"]),
    ]
    if doc.description:
        story.append(Paragraph(escape(doc.description), styles["subtitle"]))
    story += [Spacer(1, 8), _table(doc, styles), Spacer(1, 6), Paragraph(escape(doc.summary), styles["summary"])]
    return build_pages(story, title=doc.title, author=doc.letterhead.agency, pages=PAGES)
