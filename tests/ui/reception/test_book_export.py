"""Exporting the book from the GUI: any period, the format from the file name, never a period ending early."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFileDialog, QPushButton
from pytestqt.qtbot import QtBot

from desktop.core.database import Database
from desktop.documents.book_xlsx import HEADER_ROWS
from desktop.ui.reception.book_export import BookExportDialog, _Job
from desktop.ui.reception.book_panel import BookPanel
from tests.core.reception.test_book_print import _visit


def _choose(monkeypatch: pytest.MonkeyPatch, path: Path, picked: str = "") -> list[str]:
    asked: list[str] = []

    def answer(_parent: object, _caption: str, suggested: str, _filters: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(path), picked

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return asked


def test_export_writes_the_chosen_period_as_a_spreadsheet(
    qtbot: QtBot, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in (2, 10, 20):
        _visit(database, dt.datetime(2026, 3, day, 8, 0))
    dialog = BookExportDialog(database, dt.date(2026, 1, 1), dt.date(2026, 3, 20))
    qtbot.addWidget(dialog)
    dialog.from_edit.setDate(QDate(2026, 3, 5))
    dialog.to_edit.setDate(QDate(2026, 3, 15))
    asked = _choose(monkeypatch, tmp_path / "thang-3")  # no extension: the spreadsheet filter's is added

    with qtbot.waitSignal(dialog.written, timeout=60_000) as finished:
        dialog.export_button.click()

    written = tmp_path / "thang-3.xlsx"
    assert sorted(tmp_path.glob("thang-3*")) == [written]
    assert asked[0].endswith("so-tiep-cong-dan-05-03-2026-15-03-2026.xlsx")
    sheet = openpyxl.load_workbook(written).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[4][0] == "(Từ ngày 05/03/2026 đến ngày 15/03/2026)"
    assert [(row[0], row[12]) for row in rows[HEADER_ROWS:]] == [(1, "D01-2026-000002")]
    assert "1 lượt tiếp" in dialog.result_label.text()
    assert finished.args == [True]


def test_export_as_pdf_when_the_name_says_so(
    qtbot: QtBot, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _visit(database, dt.datetime(2026, 3, 2, 8, 0))
    dialog = BookExportDialog(database, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    qtbot.addWidget(dialog)
    _choose(monkeypatch, tmp_path / "so.pdf")

    with qtbot.waitSignal(dialog.written, timeout=60_000):
        dialog.export_button.click()

    assert (tmp_path / "so.pdf").read_bytes().startswith(b"%PDF-")
    assert dialog.progress is None  # closed when done
    assert dialog.export_button.isEnabled()


@pytest.mark.parametrize("name", ["so.pdf", "so.xlsx"])
def test_cancel_in_the_progress_dialog_stops_the_export_and_leaves_no_file(
    qtbot: QtBot, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    for day in (2, 3, 4):
        _visit(database, dt.datetime(2026, 3, day, 8, 0))
    dialog = BookExportDialog(database, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    qtbot.addWidget(dialog)
    folder = tmp_path / "out"
    folder.mkdir()
    _choose(monkeypatch, folder / name)
    started, go_on = threading.Event(), threading.Event()
    report = _Job.report

    def held(job: _Job, done: int, total: int) -> None:  # the worker waits until the user has cancelled
        started.set()
        assert go_on.wait(60)
        report(job, done, total)

    monkeypatch.setattr(_Job, "report", held)

    with qtbot.waitSignal(dialog.written, timeout=60_000) as finished:
        dialog.export_button.click()
        assert started.wait(60)
        assert dialog.progress is not None
        assert dialog.progress.isVisible()
        dialog.progress.findChild(QPushButton).click()  # its Cancel
        go_on.set()

    assert finished.args == [False]
    assert list(folder.iterdir()) == []
    assert "không có tệp nào được ghi" in dialog.result_label.text()
    assert dialog.export_button.isEnabled()


def test_the_period_cannot_end_before_it_starts(qtbot: QtBot, database: Database) -> None:
    dialog = BookExportDialog(database, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    qtbot.addWidget(dialog)

    dialog.from_edit.setDate(QDate(2026, 4, 10))
    dialog.to_edit.setDate(QDate(2026, 4, 1))

    assert dialog.to_edit.date() == QDate(2026, 4, 10)
    assert dialog.period().first == dialog.period().last == dt.date(2026, 4, 10)


def test_cancelling_the_file_dialog_writes_nothing(
    qtbot: QtBot, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _visit(database, dt.datetime(2026, 3, 2, 8, 0))
    dialog = BookExportDialog(database, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: ("", ""))

    dialog.export_button.click()

    assert list(tmp_path.glob("*.xlsx")) == []
    assert dialog.result_label.text() == ""


def test_the_book_view_has_an_export_button(qtbot: QtBot, database: Database) -> None:
    panel = BookPanel(database)
    qtbot.addWidget(panel)

    assert panel.export_button.isEnabled()
    assert panel.export_button.text()


def test_the_receipt_button_is_off_for_a_visit_where_nothing_was_handed_in(qtbot: QtBot, database: Database) -> None:
    from desktop.ui.reception.visit_dialog import VisitDialog

    empty = _visit(database, dt.datetime(2026, 3, 2, 8, 0), documents=())
    with_papers = _visit(database, dt.datetime(2026, 3, 2, 9, 0))
    dialogs = [VisitDialog(database, serial) for serial in (empty, with_papers)]
    for dialog in dialogs:
        qtbot.addWidget(dialog)

    assert [dialog.receipt_button.isEnabled() for dialog in dialogs] == [False, True]
    assert "không có giấy biên nhận" in dialogs[0].receipt_button.toolTip()
