"""The main window: status bar, menus, the book refreshed after saving, Esc asks before clearing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.core.database import Database
from desktop.core.i18n import _
from desktop.ui.main_window import MainWindow
from desktop.ui.reception.visit_dialog import VisitDialog, visit_html
from desktop.ui.settings import UiSettings
from tests.helpers.waiting import WAIT_MS
from tests.ui.conftest import Questions
from tests.ui.helpers import NAME, fill_minimal


@pytest.fixture
def window(qtbot: QtBot, database: Database, ui_settings: UiSettings) -> MainWindow:
    main = MainWindow(database, ui_settings)
    qtbot.addWidget(main)
    main.resize(1366, 740)
    main.show()
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow, timeout=WAIT_MS)
    return main


def test_status_bar_shows_where_the_data_is(window: MainWindow, database: Database) -> None:
    assert window.location_label.text() == _("SQLite: {path}").format(path=database.location())
    assert window.desk_label.text() == _("Desk {code}").format(code="D01")


def test_window_shell_opens_before_the_database(qtbot: QtBot, ui_settings: UiSettings, database: Database) -> None:
    shell = MainWindow(None, ui_settings)
    qtbot.addWidget(shell)
    shell.show()
    assert shell.form is None
    assert not shell.office_action.isEnabled()
    shell.attach(database)
    assert shell.form is not None
    assert shell.office_action.isEnabled()


def test_saving_refreshes_the_book_and_the_status_bar(qtbot: QtBot, window: MainWindow) -> None:
    assert window.form is not None
    assert window.book is not None
    fill_minimal(window.form)
    window.form.citizen.name_edit.setFocus()
    qtbot.keyClick(window.form.citizen.name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.book.model.rowCount() == 1, timeout=WAIT_MS)
    assert window.book.model.index(0, 2).data() == NAME
    assert "D01-" in window.statusBar().currentMessage()


def test_esc_asks_before_clearing_what_was_typed(qtbot: QtBot, window: MainWindow, questions: Questions) -> None:
    form = window.form
    assert form is not None
    form.citizen.name_edit.setText(NAME)
    qtbot.keyClick(form.citizen.name_edit, Qt.Key.Key_Escape)
    assert len(questions.asked) == 1
    assert form.citizen.name_edit.text() == NAME  # answered No

    questions.replies.append(QMessageBox.StandardButton.Yes)
    qtbot.keyClick(form.citizen.name_edit, Qt.Key.Key_Escape)
    assert form.citizen.name_edit.text() == ""


def test_esc_on_an_empty_form_asks_nothing(qtbot: QtBot, window: MainWindow, questions: Questions) -> None:
    assert window.form is not None
    qtbot.keyClick(window.form.citizen.name_edit, Qt.Key.Key_Escape)
    assert questions.asked == []


def test_activating_a_book_row_opens_the_visit(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.form is not None
    assert window.book is not None
    fill_minimal(window.form)
    serial = window.form.save()
    opened: list[str] = []
    monkeypatch.setattr(VisitDialog, "show_visit", lambda parent, database, number: opened.append(number))
    window.book.table.doubleClicked.emit(window.book.proxy.index(0, 0))
    assert opened == [serial]


def test_visit_dialog_shows_the_visit_read_only(qtbot: QtBot, window: MainWindow, database: Database) -> None:
    assert window.form is not None
    fill_minimal(window.form)
    serial = window.form.save()
    assert serial is not None
    dialog = VisitDialog(database, serial, window)
    qtbot.addWidget(dialog)
    assert NAME in dialog.browser.toPlainText()
    assert dialog.browser.isReadOnly()
    assert not dialog.appointment_button.isEnabled()
    assert "&lt;b&gt;" in visit_html(dialog.visit.__class__(**{**dialog.visit.__dict__, "content_summary": "<b>"}))


def test_quitting_with_an_unsaved_visit_asks_first(window: MainWindow, questions: Questions) -> None:
    assert window.form is not None
    window.form.citizen.name_edit.setText(NAME)
    assert not window.close()
    assert len(questions.asked) == 1


def test_esc_in_a_table_cell_cancels_the_cell_not_the_visit(
    qtbot: QtBot, window: MainWindow, questions: Questions
) -> None:
    form = window.form
    assert form is not None
    form.citizen.name_edit.setText(NAME)
    form.documents.rows.add_row()
    editor = QApplication.focusWidget()
    assert editor is not None
    assert form.documents.rows.table.isAncestorOf(editor)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert questions.asked == []
    assert form.citizen.name_edit.text() == NAME


def test_book_shows_another_day_from_the_date_picker(qtbot: QtBot, window: MainWindow) -> None:
    assert window.form is not None
    assert window.book is not None
    fill_minimal(window.form)
    window.form.save()
    window.book.date_edit.setDate(window.book.date_edit.date().addDays(-1))
    assert window.book.model.rowCount() == 0
    window.book.today_button.click()
    assert window.book.model.rowCount() == 1


def test_a_scanned_slip_opens_its_visit(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.ui.reception.test_scanning import SCANNER_STEP_MS, send_keys

    assert window.form is not None
    assert window.book is not None
    fill_minimal(window.form)
    serial = window.form.save()
    assert serial is not None
    opened: list[str] = []
    monkeypatch.setattr(VisitDialog, "show_visit", lambda parent, database, number: opened.append(number))
    window.book.table.setFocus()  # the book, not the form
    assert QApplication.focusWidget() is window.book.table
    send_keys(serial, step_ms=SCANNER_STEP_MS)
    assert opened == [serial]
    window.form.citizen.phone_edit.setFocus()
    send_keys(serial, step_ms=SCANNER_STEP_MS, start_ms=150_000)
    assert opened == [serial, serial]
    assert window.form.citizen.phone_edit.text() == ""  # the scanner's keys taken back out
    send_keys("D09-2020-000001", step_ms=SCANNER_STEP_MS, start_ms=200_000)
    assert opened == [serial, serial]
    assert "không có trên máy này" in window.statusBar().currentMessage()
