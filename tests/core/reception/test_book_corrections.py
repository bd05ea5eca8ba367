"""The book shows the corrected state: a cancelled visit marked with its reason, a corrected one as corrected."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
from pypdf import PdfReader

from db.enums import DocumentKind, PetitionDecision
from desktop.core.access import NOBODY
from desktop.core.cases.corrections import cancel_letter, revert_decision
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.letters import issue_letter
from desktop.core.cases.petitions import draft_from_visit, register_petition
from desktop.core.database import Database
from desktop.core.reception.book_print import BookPeriod, export_book_xlsx, print_book
from desktop.core.reception.corrections import VisitChanges, cancel_visit, correct_visit
from tests.builders import ADMIN
from tests.core.reception.test_book_print import TODAY, _book_rows, _visit


def _cells(path: Path) -> str:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return " ".join(str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None)


def test_a_cancelled_visit_keeps_its_line_and_a_corrected_one_shows_the_new_values(
    database: Database, tmp_path: Path
) -> None:
    cancelled = _visit(database, dt.datetime(2026, 3, 5, 8, 0))
    corrected = _visit(database, dt.datetime(2026, 3, 6, 8, 0))
    with database.sessions.begin() as session:
        cancel_visit(session, cancelled, reason="Ghi trùng lượt D01-2026-000002", actor=ADMIN)
        correct_visit(
            session,
            corrected,
            VisitChanges(content_summary="Khiếu nại Quyết định số 16/QĐ-UBND", full_name="Nguyễn Thị Ánh Tuyến"),
            reason="Gõ nhầm",
            actor=ADMIN,
        )
    rows = _book_rows(database)
    assert [(row.number, row.serial) for row in rows] == [("1", cancelled), ("2", corrected)]
    assert rows[0].note.startswith("Đã hủy: Ghi trùng lượt D01-2026-000002")
    assert rows[1].note == ""
    assert rows[1].content == "Khiếu nại Quyết định số 16/QĐ-UBND"
    assert rows[1].name_and_address.startswith("Nguyễn Thị Ánh Tuyến\n")
    with database.sessions() as session:
        book = print_book(session, 2026, data_dir=database.data_dir, actor=NOBODY)
        export_book_xlsx(session, BookPeriod.of_year(2026), tmp_path / "book.xlsx", actor=NOBODY)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(book.pdf)).pages)
    assert "Đã hủy" in text
    assert "16/QĐ-UBND" in text
    cells = _cells(tmp_path / "book.xlsx")
    assert "Đã hủy: Ghi trùng lượt D01-2026-000002" in cells
    assert "Nguyễn Thị Ánh Tuyến" in cells


def test_a_cancelled_letter_and_a_taken_back_acceptance_are_marked_in_the_book(database: Database) -> None:
    serial = _visit(database, dt.datetime(2026, 3, 5, 8, 0))
    with database.sessions.begin() as session:
        number = register_petition(
            session, draft_from_visit(session, serial, actor=NOBODY), desk_code="D01", today=TODAY, actor=ADMIN
        ).number
        decide_petition(
            session, number, PetitionDecision.ACCEPT, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN
        )
        letter = issue_letter(
            session, DocumentKind.ACCEPTANCE, number, data_dir=database.data_dir, today=TODAY, viewer=ADMIN
        ).number
        cancel_letter(session, letter, reason="Sai ngày", actor=ADMIN)
        revert_decision(session, number, reason="Chưa đủ điều kiện", actor=ADMIN)
    assert _book_rows(database)[0].follow_up == (f"Đơn {number}: đang xử lý\nvụ việc D01-2026-V00001 (đã hủy)")
    with database.sessions.begin() as session:
        decide_petition(
            session, number, PetitionDecision.ACCEPT, on=dt.date(2026, 3, 10), desk_code="D01", today=TODAY, actor=ADMIN
        )
    assert _book_rows(database)[0].follow_up == (
        f"Đơn {number}: thụ lý ngày 10/03/2026 (văn bản số {letter} (đã hủy))"
        "\nvụ việc D01-2026-V00001 (đã hủy)\nvụ việc D01-2026-V00002"
    )
