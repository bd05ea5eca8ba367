"""The import wizard: the columns recognised or chosen, the dry run that writes nothing, the import."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QWizard
from pytestqt.qtbot import QtBot

from db.enums import Role
from desktop.core.access import Actor
from desktop.core.database import Database
from desktop.core.office import set_current_desk
from desktop.core.reception.importing.layout import Field
from desktop.core.stats import counts
from desktop.ui import signed_in
from desktop.ui.main_window import MainWindow
from desktop.ui.reception.import_wizard import ImportWizard
from desktop.ui.settings import UiSettings
from tests.builders import ADMIN
from tests.helpers import old_books
from tests.helpers.waiting import WAIT_MS


def _wizard(qtbot: QtBot, database: Database, path: Path) -> ImportWizard:
    with database.sessions.begin() as session:
        set_current_desk(session, "D01")
    wizard = ImportWizard(database, ADMIN)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(path))
    return wizard


def _visits(database: Database) -> int:
    with database.sessions() as session:
        return counts(session)["visits"]


def test_a_recognised_book_is_previewed_dry_run_then_imported(qtbot: QtBot, database: Database, tmp_path: Path) -> None:
    path = tmp_path / "so_tiep_dan.xlsx"
    path.write_bytes(old_books.xlsx_bytes(old_books.gvt_rows()))
    wizard = _wizard(qtbot, database, path)
    wizard.next()
    assert wizard.currentPage() is wizard.columns_page
    qtbot.waitUntil(wizard.columns_page.isComplete, timeout=WAIT_MS)  # read on a worker thread
    assert "13 cột" in wizard.columns_page.shape_label.text()
    combo = wizard.columns_page.table.cellWidget(0, 1)
    assert isinstance(combo, QComboBox)
    assert combo.currentText() == "Ngày tiếp"  # column B recognised as the date
    assert wizard.columns_page.table.item(1, 0).text() == "1201"  # the first data row under the header
    wizard.next()
    assert wizard.currentPage() is wizard.dry_run_page
    qtbot.waitUntil(wizard.dry_run_page.isComplete, timeout=WAIT_MS)
    assert wizard.dry_run_page.summary_label.text().startswith("Sẽ nhập 6 lượt tiếp (9 người)")
    assert wizard.dry_run_page.rejected_table.rowCount() == 3
    assert wizard.dry_run_page.rejected_table.item(0, 2).text() == "Không đọc được ngày tiếp."
    assert _visits(database) == 0  # the dry run wrote nothing
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "Nhập"
    wizard.next()
    qtbot.waitUntil(wizard.import_page.isComplete, timeout=WAIT_MS)
    assert wizard.report is not None
    assert wizard.report.imported == 6
    assert "Đã nhập 6 lượt tiếp (9 người)." in wizard.import_page.result_label.text()
    assert _visits(database) == 6


def test_an_unknown_header_is_mapped_by_hand(qtbot: QtBot, database: Database, tmp_path: Path) -> None:
    path = tmp_path / "cu.csv"
    path.write_bytes(old_books.csv_bytes([("Sổ cũ",), ("Cột 1", "Cột 2"), ("01/02/2020", "Ông Ba (ấp 1)")]))
    wizard = _wizard(qtbot, database, path)
    wizard.next()
    page = wizard.columns_page
    qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)
    assert "Không nhận ra" in page.shape_label.text()
    wizard.next()
    assert wizard.currentPage() is page  # no date and no name column chosen: refused, with the reason
    assert "date=..., name=..." in page.error_label.text()
    page.combos[0].setCurrentIndex(page.combos[0].findData(Field.DATE.value))  # as a choice in the box does
    page.combos[1].setCurrentIndex(page.combos[1].findData(Field.PEOPLE.value))
    wizard.next()
    assert wizard.currentPage() is wizard.dry_run_page
    qtbot.waitUntil(wizard.dry_run_page.isComplete, timeout=WAIT_MS)
    assert wizard.dry_run_page.summary_label.text().startswith("Sẽ nhập 1 lượt tiếp (1 người)")


def test_a_file_that_is_no_book_is_told_and_goes_no_further(qtbot: QtBot, database: Database, tmp_path: Path) -> None:
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04 broken")
    wizard = _wizard(qtbot, database, path)
    wizard.next()
    page = wizard.columns_page
    qtbot.waitUntil(lambda: "bị hỏng" in page.error_label.text(), timeout=WAIT_MS)
    assert not page.isComplete()
    (tmp_path / "trong.csv").write_bytes(b"  ")
    wizard.back()
    wizard.file_page.path_edit.setText(str(tmp_path / "trong.csv"))
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert wizard.file_page.error_label.text() == "Tệp trống."


def test_the_menu_offers_the_import_to_those_who_may(qtbot: QtBot, database: Database, ui_settings: UiSettings) -> None:
    window = MainWindow(database, ui_settings)
    qtbot.addWidget(window)
    assert window.import_action.isEnabled()
    assert window.import_action in window.file_menu.actions()
    signed_in.sign_in(Actor(user_id=uuid.uuid4(), username="tiepnhan", role=Role.RECEPTIONIST.value))
    other = MainWindow(database, ui_settings)
    qtbot.addWidget(other)
    assert not other.import_action.isEnabled()
