"""Automatic backups in the GUI: on start when due, on exit before the window closes, and Settings → Backups."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.core.backup import automatic
from desktop.core.backup.operations import needs_passphrase
from desktop.core.database import Database
from desktop.ui import backups, errors
from desktop.ui.backup_dialog import BackupDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import UiSettings
from tests.builders import ADMIN
from tests.helpers.memory_keyring import MemoryKeyring, memory_keyring, no_keyring
from tests.helpers.modes import open_entries
from tests.helpers.waiting import WAIT_MS

__all__ = ["memory_keyring", "no_keyring"]  # fixtures

PASSPHRASE = "Mật khẩu sao lưu 2026"


@pytest.fixture
def window(qtbot: QtBot, database: Database, ui_settings: UiSettings) -> MainWindow:
    widget = MainWindow(database, ui_settings)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def first_check_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """The start's check at the next turn of the event loop instead of a minute after the start."""
    monkeypatch.setattr(backups, "FIRST_CHECK_MS", 0)


def _backups(database: Database) -> list[str]:
    return [path.name for path in automatic.automatic_backups(database.data_dir)]


def test_a_window_in_a_test_makes_no_backup_of_its_own(window: MainWindow, database: Database) -> None:
    window.close()
    assert not window.isVisible()
    assert _backups(database) == []


def test_backup_on_start_when_due_then_on_exit(
    qtbot: QtBot, window: MainWindow, database: Database, no_keyring: None, first_check_now: None
) -> None:
    with qtbot.waitSignal(window.backups.finished, timeout=WAIT_MS):
        window.start_automatic_backups()
    assert len(_backups(database)) == 1
    assert window.backups.last is not None
    with qtbot.waitSignal(window.backups.finished, timeout=WAIT_MS):
        window.start_automatic_backups()  # checked again: not due again today
    assert len(_backups(database)) == 1
    window.close()
    assert window.isVisible()  # stays up with a message while the exit backup is written
    assert "sao lưu" in window.statusBar().currentMessage().lower()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert len(_backups(database)) == 2
    assert open_entries(database.data_dir / "backups") == {}


def test_the_start_check_waits_until_the_desk_is_at_work_and_exit_still_backs_up(
    qtbot: QtBot, window: MainWindow, database: Database, no_keyring: None
) -> None:
    """The day's backup of a large database never competes with the start: it waits FIRST_CHECK_MS.
    A desk closed before then makes its exit backup."""
    window.start_automatic_backups()
    assert not window.backups.busy
    assert _backups(database) == []
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert len(_backups(database)) == 1


def test_exit_waits_for_a_backup_already_running(
    qtbot: QtBot, window: MainWindow, database: Database, no_keyring: None, first_check_now: None
) -> None:
    window.start_automatic_backups()
    qtbot.waitUntil(lambda: window.backups.busy, timeout=WAIT_MS)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert len(_backups(database)) == 2


def test_a_failed_exit_backup_still_closes_and_says_why(
    qtbot: QtBot, window: MainWindow, database: Database, memory_keyring: MemoryKeyring, first_check_now: None
) -> None:
    with database.sessions.begin() as session:
        automatic.set_passphrase(session, database.data_dir, PASSPHRASE, actor=ADMIN)
    memory_keyring.passwords.clear()
    with qtbot.waitSignal(window.backups.finished, timeout=WAIT_MS):
        window.start_automatic_backups()
    assert window.backups.last_error is not None
    assert "mật khẩu" in window.backups.last_error.lower()
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert _backups(database) == []


def test_settings_set_how_many_to_keep_and_the_passphrase(
    qtbot: QtBot, database: Database, memory_keyring: MemoryKeyring
) -> None:
    dialog = BackupDialog(database)
    qtbot.addWidget(dialog)
    assert "KHÔNG được mã hóa" in dialog.state_label.text()
    assert dialog.passphrase_edit.isEnabled()
    dialog.keep_spin.setValue(2)
    dialog.passphrase_edit.setText(PASSPHRASE)
    dialog.repeat_edit.setText(PASSPHRASE)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.result() == BackupDialog.DialogCode.Accepted
    with database.sessions() as session:
        assert automatic.load_settings(session) == automatic.AutoBackupSettings(keep=2, encrypted=True)
    assert list(memory_keyring.passwords.values()) == [PASSPHRASE]
    for _ in range(3):
        done = automatic.make_backup(database)
        assert done is not None
        assert needs_passphrase(done.path)
    assert len(_backups(database)) == 2
    again = BackupDialog(database)
    qtbot.addWidget(again)
    assert "được mã hóa" in again.state_label.text()
    assert not again.plain_check.isHidden()


def test_different_passphrases_save_nothing(
    qtbot: QtBot, database: Database, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: shown.append(str(exc)))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    dialog = BackupDialog(database)
    qtbot.addWidget(dialog)
    dialog.keep_spin.setValue(3)
    dialog.passphrase_edit.setText(PASSPHRASE)
    dialog.repeat_edit.setText(PASSPHRASE + "x")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert len(shown) == 1
    assert dialog.result() != BackupDialog.DialogCode.Accepted
    with database.sessions() as session:
        assert automatic.load_settings(session) == automatic.AutoBackupSettings()
    assert memory_keyring.passwords == {}


def test_without_a_password_store_the_settings_say_backups_stay_plain(
    qtbot: QtBot, database: Database, no_keyring: None
) -> None:
    dialog = BackupDialog(database)
    qtbot.addWidget(dialog)
    assert "keyring" in dialog.state_label.text()
    assert not dialog.passphrase_edit.isEnabled()
    assert str(database.data_dir / "backups") in dialog.folder_label.text()
