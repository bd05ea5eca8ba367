"""Sổ tiếp công dân (Mẫu 03/TCD): a year of visits as a ruled 13-column table on A4 landscape.

A year can hold thousands of visits, so the table is drawn straight on the canvas with its own
line breaking (platypus Table with Paragraph cells is about five times slower, docs/platform.md#book-rendering-speed).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFArray, PDFName, PDFStream
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from desktop.documents.fonts import BOLD, ITALIC, REGULAR, register_fonts
from desktop.documents.layout import CONFIDENTIAL, CONFIDENTIAL_BOX, agency_and_nation
from desktop.documents.markup import nfc_fields
from desktop.documents.model import BookDocument, BookRow
from desktop.documents.pdf_join import PdfJoiner, Sink
from desktop.documents.styles import PAGE_NUMBER_SIZE

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN_TOP = 20 * mm  # Decree 30/2020 margins, kept on landscape pages
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
TABLE_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 252 mm
PAGE_NUMBER_Y = PAGE_HEIGHT - 12 * mm  # inside the top margin
HEADER_LEFT_WIDTH = 100 * mm  # the agency block of page 1

# Dense rows: an ordinary visit (a name and a two-line address, a summary of up to 130
# characters, its petition and case) takes three lines, so a page after the first holds 13 of
# them (docs/platform.md#book-density; a year of the demo's visits: 12.7 a page on average).
CELL_SIZE = 7.5
CELL_LEADING = 8.8
HEAD_SIZE = 7
HEAD_LEADING = 8
NUMBER_SIZE = 7
PAD_X = 2.0  # inside each cell, left and right
PAD_TOP = 1.5
PAD_BOTTOM = 2.0
NUMBERS_HEIGHT = NUMBER_SIZE + PAD_TOP + PAD_BOTTOM + 1  # the "(1) ... (13)" row
MIN_SPLIT_LINES = 2  # a row too tall for a page is split, never leaving fewer lines than this
RULE = 0.5
FRAME = 0.8

# Pages drawn on one canvas before it is saved and its pages copied to the output: ReportLab keeps
# every page of a canvas until then, so a year is drawn in parts (docs/platform.md#book-memory).
PART_PAGES = 200

MARK_SIZE = 13  # the "MẬT" mark (Decree 30/2020: 13-14, bold)
TITLE_SIZES = (16, 14)  # "SỔ TIẾP CÔNG DÂN", then "Năm 2026"

# (header of Mẫu 03/TCD, width in mm, centred). The widths add up to TABLE_WIDTH; the narrow
# columns are as wide as their longest word needs (a six-digit STT, "05/03/2026", a 12-digit
# CCCD, "KN-PA", the visit serial "D01-2026-000123" that opens column 13).
COLUMNS: tuple[tuple[str, float, bool], ...] = (
    ("STT", 10, True),
    ("Ngày tiếp", 14, True),
    ("Họ tên, địa chỉ", 32, False),
    ("Số CCCD/CMND/Hộ chiếu", 18, True),
    ("Nội dung vụ việc", 46, False),
    ("Loại đơn", 10, True),
    ("Số người cùng nội dung", 10.5, True),
    ("Cơ quan đã giải quyết", 12, False),
    ("Thuộc thẩm quyền (x)", 10, True),
    ("Hướng dẫn (cơ quan, số văn bản)", 17, False),
    ("Cơ quan, đơn vị thụ lý (số văn bản chuyển)", 17, False),
    ("Theo dõi kết quả giải quyết", 30, False),
    ("Ghi chú", 25.5, False),
)
COLUMN_WIDTHS = tuple(width * mm for _, width, _ in COLUMNS)
COLUMN_LEFTS = tuple(MARGIN_LEFT + sum(COLUMN_WIDTHS[:index]) for index in range(len(COLUMNS)))
_BREAK_AFTER = "-/,;.)"
# Words whose widths are kept: every row brings new ones (its serial, a name, an ID number), so an
# unbounded cache grew by about 5 KB a page, 200 MB over a year of 40,000 pages.
WIDTH_CACHE = 20_000  # where a word wider than its column may be broken

Line = tuple[str, float]  # text and its width


class Wrapper:
    """Greedy line breaking in one font and size, with the word widths cached."""

    def __init__(self, font: str, size: float) -> None:
        self.font = font
        self.size = size
        self.space = stringWidth(" ", font, size)
        self._widths: dict[str, float] = {}

    def width(self, word: str) -> float:
        found = self._widths.get(word)
        if found is None:
            if len(self._widths) >= WIDTH_CACHE:
                self._widths.clear()
            found = self._widths[word] = stringWidth(word, self.font, self.size)
        return found

    def wrap(self, text: str, width: float) -> list[Line]:
        """Lines of at most `width` points; "\\n" starts a new line; overlong words are broken."""
        lines: list[Line] = []
        for paragraph in text.split("\n"):
            words: list[str] = []
            used = 0.0
            for word in paragraph.split():
                word_width = self.width(word)
                gap = self.space if words else 0.0
                if used + gap + word_width <= width:
                    words.append(word)
                    used += gap + word_width
                    continue
                rest = word
                if word_width > width and words:  # "Đơn D01-2026-" then "D00001" on the next line
                    cut = self._cut(word, width - used - gap, at_breaks_only=True)
                    if cut:
                        words.append(word[:cut])
                        used += gap + self.width(word[:cut])
                        rest = word[cut:]
                if words:
                    lines.append((" ".join(words), used))
                *full, (last, last_width) = self._pieces(rest, width)
                lines.extend(full)
                words, used = [last], last_width
            if words:
                lines.append((" ".join(words), used))
        return lines

    def _pieces(self, word: str, width: float) -> list[Line]:
        """The word, or if wider than `width` the pieces it is cut into (after "-", "/", "," if possible)."""
        pieces: list[Line] = []
        while len(word) > 1 and self.width(word) > width:
            cut = self._cut(word, width, at_breaks_only=True) or self._cut(word, width, at_breaks_only=False) or 1
            pieces.append((word[:cut], self.width(word[:cut])))
            word = word[cut:]
        pieces.append((word, self.width(word)))
        return pieces

    def _cut(self, word: str, limit: float, *, at_breaks_only: bool) -> int:
        """The length of the longest head of `word` that fits in `limit` (ending after a break mark), or 0."""
        best = 0
        for end in range(1, len(word)):
            if stringWidth(word[:end], self.font, self.size) > limit:
                break
            if not at_breaks_only or word[end - 1] in _BREAK_AFTER:
                best = end
        return best


def render_book(doc: BookDocument, *, part_pages: int | None = None) -> bytes:
    """The book as PDF bytes: title block on page 1, the table with its header on every page."""
    buffer = io.BytesIO()
    write_book(doc, buffer, part_pages=part_pages)
    return buffer.getvalue()


def write_book(doc: BookDocument, target: Sink, *, part_pages: int | None = None) -> int:
    """Write the book as PDF to ``target`` and return its pages.

    ``doc.rows`` is read once, row by row. The pages are drawn ``part_pages`` (default
    PART_PAGES) at a time on a canvas of their own, then copied to ``target``: the memory used
    does not grow with the book.
    """
    register_fonts()
    doc = nfc_fields(doc)
    title = " ".join(doc.title_lines) or f"Sổ tiếp công dân {doc.year}"
    joiner = PdfJoiner(target, info={"Title": title, "Author": doc.letterhead.agency, "Creator": "TiepDan"})
    _BookWriter(doc, joiner, part_pages=PART_PAGES if part_pages is None else part_pages).write()
    joiner.close()
    return joiner.pages


def _canvas(buffer: io.BytesIO) -> Canvas:
    # types-reportlab gives initialFontName the type of initialFontSize (float); it is a font name.
    return Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        initialFontName=REGULAR,  # type: ignore[arg-type]
        pageCompression=1,
    )


class _BookWriter:
    """Lays the rows out page by page; one text object and one batch of rules per page.

    The pages go to a canvas of ``part_pages`` pages at a time, each part handed to ``joiner``
    when full; the page numbers, like the layout, run on across the parts.
    """

    def __init__(self, doc: BookDocument, joiner: PdfJoiner, *, part_pages: int) -> None:
        self.doc = doc
        self.joiner = joiner
        self.part_pages = max(1, part_pages)
        self.buffer = io.BytesIO()
        self.canvas = _canvas(self.buffer)
        self.pages_in_part = 0
        self.body = Wrapper(REGULAR, CELL_SIZE)
        self.head = Wrapper(BOLD, HEAD_SIZE)
        self.page = 0
        self.text: PDFTextObject = self.canvas.beginText()
        self.table_top = 0.0
        self.y = 0.0  # the bottom of the last row drawn
        self.rules: list[float] = []  # y of every horizontal rule of this page
        self.rows_on_page = 0
        self.header = [
            self.head.wrap(title, width - 2 * PAD_X)
            for (title, _, _), width in zip(COLUMNS, COLUMN_WIDTHS, strict=True)
        ]
        self.header_height = max(len(cell) for cell in self.header) * HEAD_LEADING + PAD_TOP + PAD_BOTTOM

    def write(self) -> None:
        self._start_page()
        for row in self.doc.rows:
            self._add_row(nfc_fields(row))  # row by row: the rows may be a stream
        self._finish_page()
        if self.pages_in_part:
            self._hand_on_part()

    # -- parts -------------------------------------------------------------------------------

    def _hand_on_part(self) -> None:
        """Save the canvas of the pages drawn since the last part, copy them out, start a new canvas."""
        self.canvas.save()
        self.joiner.add(self.buffer.getvalue())
        self.buffer = io.BytesIO()
        self.canvas = _canvas(self.buffer)
        self.pages_in_part = 0

    # -- pages -------------------------------------------------------------------------------

    def _start_page(self) -> None:
        self.page += 1
        self.text = self.canvas.beginText()
        top = PAGE_HEIGHT - MARGIN_TOP
        if self.page == 1:
            top = self._title_block(top)
        else:
            self.canvas.setFont(REGULAR, PAGE_NUMBER_SIZE)
            # Decree 30: Arabic numerals
            self.canvas.drawCentredString(MARGIN_LEFT + TABLE_WIDTH / 2, PAGE_NUMBER_Y, str(self.page))
        if self.doc.confidential:
            self._confidential_mark()
        self.table_top = top
        self.rules = [top]
        self.rows_on_page = 0
        self.y = self._header_rows(top)

    def _confidential_mark(self) -> None:
        """The framed "MẬT" mark at the top left of every page, in the margin above the table."""
        width, height = CONFIDENTIAL_BOX
        bottom = PAGE_HEIGHT - MARGIN_TOP + 2 * mm
        self.canvas.setLineWidth(FRAME)
        self.canvas.rect(MARGIN_LEFT, bottom, width, height)
        self.canvas.setFont(BOLD, MARK_SIZE)
        self.canvas.drawCentredString(MARGIN_LEFT + width / 2, bottom + (height - MARK_SIZE * 0.7) / 2, CONFIDENTIAL)

    def _finish_page(self) -> None:
        canvas = self.canvas
        canvas.drawText(self.text)
        canvas.setLineWidth(RULE)
        lines = [(MARGIN_LEFT, y, MARGIN_LEFT + TABLE_WIDTH, y) for y in self.rules[1:-1]]
        lines += [(x, self.table_top, x, self.y) for x in COLUMN_LEFTS[1:]]
        canvas.lines(lines)
        canvas.setLineWidth(FRAME)
        canvas.rect(MARGIN_LEFT, self.y, TABLE_WIDTH, self.table_top - self.y)
        canvas.showPage()
        compress_last_page(canvas)
        self.pages_in_part += 1
        if self.pages_in_part >= self.part_pages:
            self._hand_on_part()

    def _title_block(self, top: float) -> float:
        """The agency and national headings, then the title lines; returns the y under them."""
        heading = agency_and_nation(self.doc.letterhead, (HEADER_LEFT_WIDTH, TABLE_WIDTH - HEADER_LEFT_WIDTH))
        _, height = heading.wrapOn(self.canvas, TABLE_WIDTH, top)
        heading.drawOn(self.canvas, MARGIN_LEFT, top - height)
        y = top - height - 10
        for index, line in enumerate(self.doc.title_lines):
            size = TITLE_SIZES[min(index, len(TITLE_SIZES) - 1)]
            y -= size * 1.25
            self.canvas.setFont(BOLD, size)
            self.canvas.drawCentredString(MARGIN_LEFT + TABLE_WIDTH / 2, y, line)
        return y - 12

    def _header_rows(self, top: float) -> float:
        """The column titles and the "(1) ... (13)" row under them; returns the y under them."""
        lines = max(len(cell) for cell in self.header)
        self.text.setFont(BOLD, HEAD_SIZE, HEAD_LEADING)
        for left, width, cell in zip(COLUMN_LEFTS, COLUMN_WIDTHS, self.header, strict=True):
            offset = (lines - len(cell)) * HEAD_LEADING / 2  # centred vertically too
            self._cell_text(cell, left, width, top - offset, size=HEAD_SIZE, leading=HEAD_LEADING, centred=True)
        top -= self.header_height
        self.rules.append(top)
        self.text.setFont(ITALIC, NUMBER_SIZE, NUMBER_SIZE)
        for index, (left, width) in enumerate(zip(COLUMN_LEFTS, COLUMN_WIDTHS, strict=True), start=1):
            label = f"({index})"
            self.text.setTextOrigin(
                left + (width - stringWidth(label, ITALIC, NUMBER_SIZE)) / 2, top - PAD_TOP - NUMBER_SIZE
            )
            self.text.textOut(label)
        top -= NUMBERS_HEIGHT
        self.rules.append(top)
        self.text.setFont(REGULAR, CELL_SIZE, CELL_LEADING)
        return top

    # -- rows --------------------------------------------------------------------------------

    def _add_row(self, row: BookRow) -> None:
        cells = [
            self.body.wrap(value, width - 2 * PAD_X) for value, width in zip(row.cells(), COLUMN_WIDTHS, strict=True)
        ]
        total = max(1, *(len(cell) for cell in cells))
        start = 0
        while start < total:
            remaining = total - start
            room = int((self.y - MARGIN_BOTTOM - PAD_TOP - PAD_BOTTOM) // CELL_LEADING)
            if remaining <= room:
                self._draw_row(cells, start, remaining)
                return
            if (self.rows_on_page and remaining <= self._page_capacity()) or room < MIN_SPLIT_LINES:
                self._finish_page()
                self._start_page()
                continue
            # Taller than a whole page: fill this one and go on with the rest on the next.
            taken = max(1, min(room, remaining - MIN_SPLIT_LINES))
            self._draw_row(cells, start, taken)
            start += taken

    def _page_capacity(self) -> int:
        """How many lines of one row fit on an empty page after the first."""
        header = self.header_height + NUMBERS_HEIGHT
        usable = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - header - PAD_TOP - PAD_BOTTOM
        return int(usable // CELL_LEADING)

    def _draw_row(self, cells: Sequence[list[Line]], start: int, count: int) -> None:
        top = self.y
        for (_, _, centred), left, width, cell in zip(COLUMNS, COLUMN_LEFTS, COLUMN_WIDTHS, cells, strict=True):
            self._cell_text(
                cell[start : start + count], left, width, top, size=CELL_SIZE, leading=CELL_LEADING, centred=centred
            )
        self.y = top - count * CELL_LEADING - PAD_TOP - PAD_BOTTOM
        self.rules.append(self.y)
        self.rows_on_page += 1

    def _cell_text(
        self,
        lines: Sequence[Line],
        left: float,
        width: float,
        top: float,
        *,
        size: float,
        leading: float,
        centred: bool,
    ) -> None:
        baseline = top - PAD_TOP - size
        for line, line_width in lines:
            x = left + (width - line_width) / 2 if centred else left + PAD_X
            self.text.setTextOrigin(x, baseline)
            self.text.textOut(line)
            baseline -= leading


def compress_last_page(canvas: Canvas) -> None:
    """Compress the page just finished now, not at ``save()``.

    WORKAROUND: ReportLab 4-5 keeps every page's content stream as uncompressed text until the
    document is saved, about 60 KB a page of the book: a year of 40,000 pages held 2.6 GB. The
    stream is deflated here and handed over as a ready stream with its filter named, which
    ``PDFStream.format`` writes as it is (docs/platform.md#book-memory).
    """
    page = canvas._doc.Pages.pages[-1]  # type: ignore[attr-defined]  # no public handle on its pages
    stream = page.stream
    if not stream or page.Contents:
        return
    data = stream.encode("utf8") if isinstance(stream, str) else stream  # as PDFZCompress does
    contents = PDFStream(content=zlib.compress(data), filters=[])
    contents.dictionary["Filter"] = PDFArray([PDFName("FlateDecode")])
    page.Contents = contents
    page.stream = None
