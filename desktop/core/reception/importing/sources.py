"""The cells of an old reception book, whatever the file: .xlsx, BIFF .xls, CSV, or an HTML table.

The kind of file is told by its content, never by its name: offices save HTML tables as ``.xls``
or ``.doc`` (the export of a web page), and CSV files come in UTF-8 (with or without a BOM) or
in Windows-1258. Each sheet (or HTML table) becomes a grid of cells: text, a date, a number or None.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

from desktop.core.errors import AppError
from desktop.core.i18n import _

Cell = str | dt.date | float | None

_ZIP = b"PK\x03\x04"
_BIFF = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 compound file: BIFF .xls (or an old .doc)
_HTML = re.compile(rb"<\s*(table|html)\b", re.IGNORECASE)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
# Cells in one file, spans expanded: a book of 20,000 rows of 15 columns holds 300,000. More is no
# reception book but a file built to exhaust memory (an HTML cell spanning 100 x 100, repeated).
MAX_CELLS = 2_000_000
# Bytes of the file, and of an .xlsx's parts once unpacked: a book of 20,000 rows is some 30 MB of
# sheet XML. A few MB of zip unpacking to gigabytes is a zip bomb.
MAX_BYTES = 200_000_000


# What the readers raise on a broken file. csv.Error: a cell longer than the csv module's limit
# (131,072 characters). SyntaxError: an .xlsx part that is no XML, or entities expanding past
# expat's limit (xml.etree's ParseError and lxml's XMLSyntaxError are SyntaxErrors).
_BROKEN = (ValueError, KeyError, IndexError, OSError, zipfile.BadZipFile, AssertionError, csv.Error, SyntaxError)


@dataclass(frozen=True)
class Sheet:
    """One table of the file: its name (the sheet's, or "Bảng N" for an HTML table) and its rows."""

    name: str
    rows: tuple[tuple[Cell, ...], ...]


class UnreadableFileError(AppError):
    """The file is none of the kinds an old book comes in, or is broken."""


def _too_big() -> UnreadableFileError:
    return UnreadableFileError(
        _("This file is larger than {megabytes} MB: it is not a reception book that can be imported.").format(
            megabytes=MAX_BYTES // 1_000_000
        )
    )


def _too_large() -> UnreadableFileError:
    return UnreadableFileError(
        _("This file holds more than {cells} cells: it is not a reception book that can be imported.").format(
            cells=f"{MAX_CELLS:,}".replace(",", ".")
        )
    )


class _Budget:
    """Counts the cells read from one file and refuses the file past ``MAX_CELLS``."""

    def __init__(self) -> None:
        self.cells = 0

    def take(self, cells: int) -> None:
        self.cells += cells
        if self.cells > MAX_CELLS:
            raise _too_large()


def kind_of(data: bytes) -> str:
    """ "xlsx", "xls", "html" or "csv", from the first bytes of the file."""
    if data.startswith(_ZIP):
        return "xlsx"
    if data.startswith(_BIFF):
        return "xls"
    head = data[:65536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 ("Unicode text" or a web page saved so)
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    if _HTML.search(head):
        return "html"
    return "csv"


def read_sheets(data: bytes) -> tuple[Sheet, ...]:
    """Every sheet of the file, its cells as read; raises UnreadableFileError."""
    if not data.strip():
        raise UnreadableFileError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise _too_big()
    kind = kind_of(data)
    try:
        if kind == "xlsx":
            return _xlsx(data)
        if kind == "xls":
            return _xls(data)
        if kind == "html":
            return _html(decode_text(data, _declared_charset(data[:4096].replace(b"\x00", b""))))
        return (_csv(decode_text(data)),)
    except UnreadableFileError:
        raise
    except _BROKEN as exc:
        raise UnreadableFileError(_("This file cannot be read as a spreadsheet: it may be damaged.")) from exc


def decode_text(data: bytes, declared: str | None = None) -> str:
    """UTF-8 (a BOM is dropped) when the bytes are UTF-8, else the declared charset, else Windows-1258."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for encoding in (declared, "cp1258"):
        if encoding:
            try:
                return data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    return data.decode("cp1258", errors="replace")


def _declared_charset(data: bytes) -> str | None:
    found = _CHARSET.search(data[:4096])
    return found.group(1).decode("ascii") if found else None


def _xlsx(data: bytes) -> tuple[Sheet, ...]:
    import openpyxl

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(item.file_size for item in archive.infolist()) > MAX_BYTES:
            raise _too_big()
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = []
        budget = _Budget()
        for worksheet in book.worksheets:
            rows = []
            for row in worksheet.iter_rows(values_only=True):
                budget.take(len(row))
                rows.append(tuple(_xlsx_cell(value) for value in row))
            sheets.append(Sheet(worksheet.title, tuple(rows)))
        return tuple(sheets)
    finally:
        book.close()


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | dt.date):
        return value  # a datetime is a date
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return float(value)
    return str(value)


def _xls(data: bytes) -> tuple[Sheet, ...]:
    import xlrd
    import xlrd.compdoc

    try:
        book = xlrd.open_workbook(file_contents=data, logfile=io.StringIO())
    except (xlrd.XLRDError, xlrd.compdoc.CompDocError) as exc:
        raise UnreadableFileError(_("This file cannot be read as a spreadsheet: it may be damaged.")) from exc
    sheets = []
    budget = _Budget()
    for worksheet in book.sheets():
        budget.take(worksheet.nrows * worksheet.ncols)
        rows = []
        for index in range(worksheet.nrows):
            cells: list[Cell] = []
            for cell in worksheet.row(index):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    cells.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_BOOLEAN):
                    cells.append(float(cell.value))
                elif cell.ctype == xlrd.XL_CELL_TEXT:
                    cells.append(str(cell.value))
                else:
                    cells.append(None)
            rows.append(tuple(cells))
        sheets.append(Sheet(worksheet.name, tuple(rows)))
    return tuple(sheets)


def _csv(text: str) -> Sheet:
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    budget = _Budget()
    rows = []
    for row in csv.reader(io.StringIO(text), dialect):
        budget.take(len(row))
        rows.append(tuple(cell if cell != "" else None for cell in row))
    return Sheet("CSV", tuple(rows))


def _html(text: str) -> tuple[Sheet, ...]:
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    return tuple(Sheet(f"Bảng {number}", grid) for number, grid in enumerate(parser.grids(), start=1) if grid)


_HIDDEN_TAGS = ("script", "style")


class _TableParser(HTMLParser):
    """The tables of a page as grids: <br> and block ends inside a cell are line breaks, spans expanded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._tables: list[list[list[tuple[str, int, int]]]] = []  # rows of (text, rowspan, colspan)
        self._stack: list[list[list[tuple[str, int, int]]]] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._hidden = 0  # inside <script> or <style>: code, never a cell's text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden += 1
        elif tag == "table":
            self._stack.append([])
        elif not self._stack:
            return
        elif tag == "tr":
            self._end_cell()
            self._stack[-1].append([])
        elif tag in ("td", "th"):
            self._end_cell()
            if not self._stack[-1]:
                self._stack[-1].append([])
            values = dict(attrs)
            self._cell = []
            self._span = (_span(values.get("rowspan")), _span(values.get("colspan")))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        if not self._stack:
            return
        if tag in ("td", "th"):
            self._end_cell()
        elif tag in ("p", "div", "li") and self._cell is not None:
            self._cell.append("\n")
        elif tag == "table":
            self._end_cell()
            self._tables.append(self._stack.pop())

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._hidden:
            self._cell.append(data)

    def _end_cell(self) -> None:
        if self._cell is None or not self._stack:
            return
        lines = [" ".join(line.split()) for line in "".join(self._cell).split("\n")]
        self._stack[-1][-1].append(("\n".join(line for line in lines if line), *self._span))
        self._cell = None

    def close(self) -> None:
        super().close()
        while self._stack:
            self._end_cell()
            self._tables.append(self._stack.pop())

    def grids(self) -> list[tuple[tuple[Cell, ...], ...]]:
        """Each table with its row and column spans expanded: a spanned cell's text in its first cell only."""
        grids: list[tuple[tuple[Cell, ...], ...]] = []
        budget = _Budget()
        for table in self._tables:
            taken: dict[tuple[int, int], bool] = {}
            rows: list[dict[int, str]] = []
            for row_index, row in enumerate(table):
                cells: dict[int, str] = {}
                column = 0
                for text, rowspan, colspan in row:
                    while taken.get((row_index, column)):
                        column += 1
                    budget.take(rowspan * colspan)
                    for down in range(rowspan):
                        for across in range(colspan):
                            taken[(row_index + down, column + across)] = True
                    cells[column] = text
                    column += colspan
                rows.append(cells)
            width = max((max(cells, default=-1) + 1 for cells in rows), default=0)
            budget.take(width * len(rows))
            grids.append(tuple(tuple(cells.get(index) or None for index in range(width)) for cells in rows))
        return grids


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1
