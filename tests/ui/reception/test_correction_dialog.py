"""Correct... and Cancel visit... from a visit of the book: what, why, a confirmation, then the recorded step."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from db.enums import Role
from desktop.core.database import Database
from desktop.core.reception.book import BookFilter, book_page, read_visit
from desktop.core.reception.visits import register_visit
from desktop.ui.reception import correction_dialog
from desktop.ui.reception.book_model import VisitTableModel
from desktop.ui.reception.correction_dialog import VisitCorrectionDialog
from desktop.ui.reception.visit_dialog import VisitDialog
from tests.builders import ADMIN, an_actor, make_draft

NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)


def _serial(database: Database) -> str:
    with database.sessions.begin() as session:
        return register_visit(session, make_draft(), desk_code="D01", now=NOW, actor=ADMIN).visit.serial


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    """The signed-in user's window: viewer_of() finds its ``actor``."""
    widget = QWidget()
    widget.actor = ADMIN  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The confirmation questions asked, each answered yes."""
    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str, **_kwargs: object) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(correction_dialog, "confirm", yes)
    return asked


def _dialog(qtbot: QtBot, database: Database, window: QWidget, serial: str, mode: str) -> VisitCorrectionDialog:
    with database.sessions() as session:
        visit = read_visit(session, serial)
    dialog = VisitCorrectionDialog(database, visit, mode, window)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    return dialog


def test_a_correction_needs_a_reason_and_keeps_what_was_typed(
    qtbot: QtBot, database: Database, window: QWidget, answers: list[str]
) -> None:
    serial = _serial(database)
    dialog = _dialog(qtbot, database, window, serial, "correct")
    dialog.fields["full_name"].setText("Nguyễn Thị Ánh Tuyến")  # type: ignore[union-attr]
    dialog.ok_button.click()
    assert not dialog.saved
    assert dialog.errors["reason"].isVisible() or dialog.errors["reason"].text()
    assert "lý do" in dialog.errors["reason"].text()
    assert dialog.text("full_name") == "Nguyễn Thị Ánh Tuyến"
    dialog.reason.setPlainText("Gõ nhầm tên")
    dialog.ok_button.click()
    assert dialog.saved
    assert serial in answers[-1]
    with database.sessions() as session:
        visit = read_visit(session, serial)
    assert visit.main.full_name == "Nguyễn Thị Ánh Tuyến"
    assert visit.corrected


def test_a_bad_value_is_shown_under_its_field(
    qtbot: QtBot, database: Database, window: QWidget, answers: list[str]
) -> None:
    serial = _serial(database)
    dialog = _dialog(qtbot, database, window, serial, "correct")
    dialog.fields["phone"].setText("12")  # type: ignore[union-attr]
    dialog.ok_button.click()
    assert not dialog.saved
    assert dialog.errors["phone"].text()
    assert dialog.errors["reason"].text()  # both at once
    assert dialog.text("phone") == "12"


def test_cancel_from_the_visit_dialog_marks_the_book(
    qtbot: QtBot, database: Database, window: QWidget, answers: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = _serial(database)
    visit_dialog = VisitDialog(database, serial, window)
    qtbot.addWidget(visit_dialog)
    assert visit_dialog.cancel_visit_button.isEnabled()

    def fill_and_save(dialog: VisitCorrectionDialog) -> int:
        dialog.reason.setPlainText("Ghi trùng")
        dialog.save()
        return 1

    monkeypatch.setattr(VisitCorrectionDialog, "exec", fill_and_save)
    visit_dialog.cancel_visit_button.click()
    assert visit_dialog.changed
    assert not visit_dialog.cancel_visit_button.isEnabled()
    assert "Ghi trùng" in visit_dialog.browser.toPlainText()
    assert "không thể hoàn tác" in answers[-1]
    model = VisitTableModel()
    with database.sessions() as session:
        model.set_rows(book_page(session, BookFilter(dt.date(2026, 3, 5), dt.date(2026, 3, 5)), actor=ADMIN))
    assert model.index(0, 8).data() == "Đã hủy: Ghi trùng"
    assert model.index(0, 2).data(Qt.ItemDataRole.FontRole).strikeOut()  # struck through, still there


def test_a_receptionist_is_not_offered_someone_elses_visit(qtbot: QtBot, database: Database) -> None:
    serial = _serial(database)
    window = QWidget()
    window.actor = an_actor(Role.RECEPTIONIST, "letan")  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    visit_dialog = VisitDialog(database, serial, window)
    qtbot.addWidget(visit_dialog)
    assert not visit_dialog.correct_button.isEnabled()
    assert not visit_dialog.cancel_visit_button.isEnabled()
