"""The book of a long period streams: a PDF drawn in parts, progress reported, a cancel leaves no file."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from desktop.core.access import NOBODY
from desktop.core.database import Database
from desktop.core.reception.book import BookFilter
from desktop.core.reception.book_print import (
    BookPeriod,
    PrintCancelled,
    count_book_rows,
    export_book_xlsx,
    print_book,
)
from desktop.documents import book
from desktop.documents.book_xlsx import HEADER_ROWS
from tests.core.reception.test_book_print import _visit

VISITS = 30


@pytest.fixture
def busy(database: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """30 visits in March 2026 (three pages), the book drawn one page a part: a book of several parts."""
    for index in range(VISITS):
        _visit(database, dt.datetime(2026, 3, 2 + index % 15, 8, index))
    monkeypatch.setattr(book, "PART_PAGES", 1)
    return database


def _pdftotext(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_a_book_of_several_parts_holds_every_row_once_with_its_page_numbers(busy: Database, tmp_path: Path) -> None:
    output = tmp_path / "so.pdf"
    seen: list[tuple[int, int]] = []

    with busy.sessions() as session:
        printed = print_book(
            session,
            2026,
            actor=NOBODY,
            data_dir=busy.data_dir,
            output=output,
            progress=lambda done, total: seen.append((done, total)),
        )

    pages = len(PdfReader(output).pages)
    assert printed.pages == pages >= 3  # as many parts
    assert printed.visits == VISITS
    assert printed.file == output
    assert printed.path is not None
    assert printed.path.read_bytes() == output.read_bytes()
    text = _pdftotext(output)
    numbers = [int(stt) for stt in re.findall(r"^(\d+)\s*$", text, re.MULTILINE)]
    serials = sorted(set(re.findall(r"D01-2026-\d{6}", text)))
    assert len(serials) == VISITS
    assert [_pdftotext(output, page).split()[0] for page in range(2, pages + 1)] == [
        str(page) for page in range(2, pages + 1)
    ]
    assert set(range(1, VISITS + 1)) <= set(numbers)  # every STT printed
    dones = [done for done, _total in seen]
    assert dones == sorted(dones)
    assert dones[0] == 0
    assert seen[-1] == (VISITS, VISITS)
    assert {total for _done, total in seen} == {VISITS}


def test_the_count_is_the_rows_of_the_book(busy: Database) -> None:
    with busy.sessions() as session:
        assert count_book_rows(session, BookFilter(dt.date(2026, 3, 1), dt.date(2026, 3, 31))) == VISITS
        assert count_book_rows(session, BookFilter(dt.date(2026, 3, 2), dt.date(2026, 3, 2))) == 2


def _cancel_after(rows: int) -> object:
    def progress(done: int, _total: int) -> None:
        if done >= rows:
            raise PrintCancelled("cancelled")

    return progress


def test_a_cancelled_print_leaves_no_file_and_the_kept_copy_as_it_was(busy: Database, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    with busy.sessions() as session:
        first = print_book(session, 2026, actor=NOBODY, data_dir=busy.data_dir, output=tmp_path / "first.pdf")
    assert first.path is not None
    kept = first.path.read_bytes()
    _visit(busy, dt.datetime(2026, 3, 19, 9, 0))
    output = tmp_path / "so.pdf"

    with busy.sessions() as session, pytest.raises(PrintCancelled):
        print_book(session, 2026, actor=NOBODY, data_dir=busy.data_dir, output=output, progress=_cancel_after(20))  # type: ignore[arg-type]

    assert sorted(path.name for path in tmp_path.iterdir()) == ["first.pdf"]
    assert first.path.read_bytes() == kept
    assert sorted(path.name for path in first.path.parent.iterdir()) == [first.path.name]


def test_a_cancelled_export_leaves_no_spreadsheet(busy: Database, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "so.xlsx"

    with busy.sessions() as session, pytest.raises(PrintCancelled):
        export_book_xlsx(session, BookPeriod.of_year(2026), target, actor=NOBODY, progress=_cancel_after(10))  # type: ignore[arg-type]

    assert list(tmp_path.iterdir()) == []


def test_the_export_reports_its_progress_and_writes_every_row(busy: Database, tmp_path: Path) -> None:
    target = tmp_path / "so.xlsx"
    seen: list[tuple[int, int]] = []

    with busy.sessions() as session:
        visits = export_book_xlsx(
            session, BookPeriod.of_year(2026), target, actor=NOBODY, progress=lambda *report: seen.append(report)
        )

    book = openpyxl.load_workbook(target, read_only=True)  # read-only keeps the file open until closed
    try:
        sheet = book.active
        assert sheet is not None
        rows = list(sheet.iter_rows(min_row=HEADER_ROWS + 1, values_only=True))  # type: ignore[call-arg]
    finally:
        book.close()
    assert visits == len(rows) == VISITS
    assert [row[0] for row in rows] == list(range(1, VISITS + 1))
    assert seen[-1] == (VISITS, VISITS)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_print_that_keeps_nothing_needs_an_output(busy: Database) -> None:
    with busy.sessions() as session, pytest.raises(ValueError, match="output"):
        print_book(session, 2026, actor=NOBODY, data_dir=busy.data_dir, keep=False)
