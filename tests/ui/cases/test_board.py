"""The deadline board: an accepted complaint shows when due, coloured, counted, and opens on double-click."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from db.enums import CaseEventKind, Channel, PetitionDecision, PetitionKind
from desktop.core.access import NOBODY
from desktop.core.cases.board import MAX_PROLONGED_AFTER as MAX_PROLONGED_DAYS
from desktop.core.cases.board import prolonged_after
from desktop.core.cases.case_files import record_event
from desktop.core.cases.petitions import petition_view
from desktop.core.database import Database
from desktop.core.formatting import today_local
from desktop.core.i18n import _, ngettext
from desktop.ui.cases.board_model import NUMBER_ROLE, OVERDUE_BACKGROUND, OWES_REPORT_TEXT, SOON_BACKGROUND
from desktop.ui.cases.case_page import CaseDialog
from desktop.ui.cases.decision_dialog import DecisionDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import UiSettings
from tests.builders import ADMIN
from tests.helpers.waiting import WAIT_MS
from tests.ui.cases.conftest import add_case, add_petition, pdf_text, working_days_ago


@pytest.fixture
def window(qtbot: QtBot, database: Database, ui_settings: UiSettings) -> MainWindow:
    main = MainWindow(database, ui_settings)
    qtbot.addWidget(main)
    main.resize(1366, 740)
    main.show()
    return main


def _accept_through_the_dialog(qtbot: QtBot, database: Database, number: str, accepted_on: object) -> str:
    with database.sessions() as session:
        petition = petition_view(session, number, actor=NOBODY)
    dialog = DecisionDialog(database, petition)
    qtbot.addWidget(dialog)
    dialog.decision_combo.set_value(PetitionDecision.ACCEPT)
    assert dialog.complex_check.isEnabled()
    dialog.date_field.set_value(accepted_on)
    with patch.object(QMessageBox, "question", return_value=QMessageBox.StandardButton.Yes):  # confirm
        decided = dialog.decide()
    assert decided is not None
    return decided.case_number


def _rows(window: MainWindow) -> dict[str, int]:
    assert window.board is not None
    model = window.board.model
    return {model.index(row, 0).data(NUMBER_ROLE): row for row in range(model.rowCount())}


def test_an_accepted_complaint_shows_on_the_board_when_due(
    qtbot: QtBot, window: MainWindow, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = window.board
    assert board is not None
    assert board.model.rowCount() == 0
    assert window.overdue_label.text() == ""
    # Received and accepted long ago: the 30 working days to settle a first complaint have run out.
    overdue_petition = add_petition(database, working_days_ago(45))
    overdue = _accept_through_the_dialog(qtbot, database, overdue_petition, working_days_ago(44))
    # Received 8 working days ago: 2 of the 10 working days to process it are left.
    soon = add_petition(database, working_days_ago(8), senders=(), is_anonymous=True)
    accepted_recently = add_case(database, working_days_ago(3), working_days_ago(2))
    assert window.board is not None
    with qtbot.waitSignal(window.board.filled, timeout=WAIT_MS):
        window.hub.petitions_changed.emit()

    rows = _rows(window)
    assert set(rows) == {overdue, soon, accepted_recently}
    model = board.model
    assert model.index(rows[overdue], 4).data(Qt.ItemDataRole.DisplayRole).startswith("-")
    assert model.index(rows[overdue], 0).data(Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND
    assert model.index(rows[soon], 3).data(Qt.ItemDataRole.BackgroundRole) == SOON_BACKGROUND
    assert model.index(rows[accepted_recently], 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert window.overdue_label.text() == ngettext("{count} overdue", "{count} overdue", 1).format(count=1)

    board.show_filter(board.overdue_button)
    assert list(_rows(window)) == [overdue]
    board.within_spin.setValue(2)  # "due within 2 working days": from today on, the overdue one is not among them
    assert set(_rows(window)) == {soon}
    board.show_filter(board.all_button)

    opened: list[str] = []

    def open_case(parent: object, db: Database, number: str) -> bool:
        opened.append(number)
        with db.sessions.begin() as session:  # the user records the decision from the case page
            record_event(session, number, CaseEventKind.DECIDED, occurred_on=today_local(), by=ADMIN)
        return True

    monkeypatch.setattr(CaseDialog, "show_case", open_case)
    index = board.proxy.mapFromSource(model.index(rows[overdue], 0))
    with qtbot.waitSignal(board.filled, timeout=WAIT_MS):
        board.table.doubleClicked.emit(index)
    assert opened == [overdue]
    rows = _rows(window)  # refreshed through the hub: the decision starts a new time limit
    assert model.index(rows[overdue], 0).data(Qt.ItemDataRole.BackgroundRole) != OVERDUE_BACKGROUND
    assert window.overdue_label.text() == ""


def test_a_case_owing_a_report_is_written_in_blue(qtbot: QtBot, window: MainWindow, database: Database) -> None:
    case = add_case(
        database,
        working_days_ago(20),
        working_days_ago(19),
        transferred_from="Ban Tiếp công dân Trung ương",
        channel=Channel.TRANSFERRED,
        report_back_required=True,
    )
    with database.sessions.begin() as session:
        record_event(session, case, CaseEventKind.DECIDED, occurred_on=working_days_ago(10), by=ADMIN)
        record_event(session, case, CaseEventKind.FINAL, occurred_on=working_days_ago(1), by=ADMIN)
    assert window.board is not None
    with qtbot.waitSignal(window.board.filled, timeout=WAIT_MS):
        window.hub.petitions_changed.emit()
    window.board.show_filter(window.board.owes_button)
    rows = _rows(window)
    assert list(rows) == [case]
    assert window.board.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == OWES_REPORT_TEXT


def test_new_petition_from_the_menu_reaches_the_board(
    qtbot: QtBot, window: MainWindow, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.ui.cases.petition_dialog import PetitionDialog
    from desktop.ui.cases.petition_page import PetitionPage

    def register(parent: object, db: Database, *, visit_serial: str = "") -> object:
        dialog = PetitionDialog(db)
        dialog.sender.name_edit.setText("Đặng Văn Được")
        dialog.sender.id_number_edit.setText("089185000123")
        dialog.receipt.received_on_field.set_value(working_days_ago(9))
        dialog.content.content_edit.setPlainText("Kiến nghị về bồi thường")
        return dialog.save()

    opened: list[str] = []
    monkeypatch.setattr(PetitionDialog, "ask", register)
    monkeypatch.setattr(PetitionPage, "show_page", lambda parent, db, number: opened.append(number) or False)
    assert window.new_petition_action.isEnabled()
    assert window.new_petition_action in window.petitions_menu.actions()
    assert window.board is not None
    with qtbot.waitSignal(window.board.filled, timeout=WAIT_MS):
        window.new_petition_action.trigger()
    assert len(opened) == 1
    assert list(_rows(window)) == opened  # the board was refreshed through the hub
    assert opened[0] in window.statusBar().currentMessage()
    window.board_action.trigger()
    assert window.tabs.currentWidget() is window.board


def summary(**numbers: int) -> str:
    return _(
        "Overdue: {overdue}. Due within {days} working days: {soon}. Owing a report: {owes}. Prolonged: {prolonged}."
    ).format(**numbers)


def test_summary_follows_the_spinner_and_filters_choose_rows(
    qtbot: QtBot, window: MainWindow, database: Database, previews: list[dict[str, object]], tmp_path: Path
) -> None:
    board = window.board
    assert board is not None
    late = add_petition(database, working_days_ago(40))  # 30 working days past its limit
    denunciation = add_petition(
        database, working_days_ago(2), kind=PetitionKind.DENUNCIATION, content_summary="Tố cáo cán bộ"
    )  # denunciation.process: 7 working days, 5 left
    complaint = add_petition(database, working_days_ago(6))  # 4 working days left
    assert window.board is not None
    with qtbot.waitSignal(window.board.filled, timeout=WAIT_MS):
        window.hub.petitions_changed.emit()
    board.within_spin.setValue(4)
    assert set(_rows(window)) == {complaint}  # due within 4: the overdue one is left out
    assert board.counts_label.text() == summary(overdue=1, days=4, soon=1, owes=0, prolonged=1)
    board.within_spin.setValue(5)
    assert set(_rows(window)) == {complaint, denunciation}
    assert board.counts_label.text() == summary(overdue=1, days=5, soon=2, owes=0, prolonged=1)
    board.show_filter(board.all_button)
    board.kind_combo.set_value(PetitionKind.DENUNCIATION)
    assert set(_rows(window)) == {denunciation}
    board.kind_combo.set_value(None)
    board.state_combo.setCurrentIndex(board.state_combo.findData("processing"))
    assert set(_rows(window)) == {late, complaint, denunciation}
    # 30 working days late is more than 30 days: prolonged; a stricter desk setting is kept.
    board.show_filter(board.prolonged_button)
    assert set(_rows(window)) == {late}
    board.prolonged_spin.setValue(MAX_PROLONGED_DAYS)
    with qtbot.waitSignal(board.filled, timeout=WAIT_MS):  # saved, then read again off the GUI thread
        board.prolonged_spin.editingFinished.emit()
    assert set(_rows(window)) == set()
    with database.sessions() as session:
        assert prolonged_after(session) == MAX_PROLONGED_DAYS
    board.show_filter(board.overdue_button)
    board.print_button.click()
    assert len(previews) == 1
    text = pdf_text(previews[0]["pdf"])  # type: ignore[arg-type]
    assert late in text
    assert complaint not in text
    assert "Quá hạn" in text
    path = board.export_to(tmp_path / "han.xlsx")
    sheet = load_workbook(path).active
    assert sheet is not None
    assert [row[1] for row in sheet.iter_rows(values_only=True) if row and isinstance(row[0], int)] == [late]
