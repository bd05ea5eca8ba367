"""Signing in with the GUI: the first administrator, the login, the lock-out, the idle lock, users."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from db.enums import Role
from desktop.core import users
from desktop.core.access import NOBODY, Actor
from desktop.core.database import Database
from desktop.ui import signed_in
from desktop.ui.login import AccountDialog, IdleLock, Mode, sign_in_at_start
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import UiSettings
from desktop.ui.users_dialog import AddUserDialog, UsersDialog
from tests.helpers.waiting import WAIT_MS

PASSWORD = "mật khẩu quản trị"


@pytest.fixture
def admin(database: Database) -> Actor:
    with database.sessions.begin() as session:
        actor = users.create_first_admin(session, "quantri", PASSWORD, "Lê Văn Quản")
    signed_in.sign_in(actor)
    return actor


def _fill(dialog: AccountDialog, **values: str) -> None:
    for key, value in values.items():
        dialog.edits[key].setText(value)


def test_the_first_start_creates_the_administrator_and_signs_in(qtbot: QtBot, database: Database) -> None:
    dialog = AccountDialog(database, Mode.FIRST_ADMIN)
    qtbot.addWidget(dialog)
    _fill(dialog, username="QuanTri", full_name="Lê Văn Quản", password=PASSWORD, repeat="other")
    dialog.submit()
    assert dialog.errors["repeat"].text() == "Hai mật khẩu không khớp."
    _fill(dialog, password="short", repeat="short")
    dialog.submit()
    assert "ít nhất" in dialog.errors["password"].text()
    _fill(dialog, password=PASSWORD, repeat=PASSWORD)
    dialog.submit()
    assert dialog.result() == AccountDialog.DialogCode.Accepted
    assert dialog.actor is not None
    assert dialog.actor.role == "admin"
    with database.sessions() as session:
        assert users.has_accounts(session)


def test_a_wrong_password_then_the_lockout_show_under_the_form(qtbot: QtBot, database: Database, admin: Actor) -> None:
    dialog = AccountDialog(database, Mode.SIGN_IN)
    qtbot.addWidget(dialog)
    for _attempt in range(users.MAX_FAILED_ATTEMPTS - 1):
        _fill(dialog, username="quantri", password="wrong password")
        dialog.submit()
        assert dialog.general.text() == "Tên đăng nhập hoặc mật khẩu không đúng."
        assert dialog.edits["password"].text() == ""  # cleared for the next try
    _fill(dialog, username="quantri", password="wrong password")
    dialog.submit()
    assert "bị khóa đến" in dialog.general.text()
    _fill(dialog, username="quantri", password=PASSWORD)
    dialog.submit()  # locked: the right password waits too
    assert "bị khóa đến" in dialog.general.text()
    assert dialog.actor is None


def test_start_with_user_and_password_signs_in_without_a_dialog(
    database: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed_in.sign_in(NOBODY)
    monkeypatch.setenv("TIEPDAN_PASSWORD", PASSWORD)
    assert sign_in_at_start(None, database, user="quantri")
    assert signed_in.actor() == admin


def test_the_idle_lock_hides_the_work_until_the_same_user_unlocks(
    qtbot: QtBot, database: Database, admin: Actor, ui_settings: UiSettings
) -> None:
    window = MainWindow(database, ui_settings)
    qtbot.addWidget(window)
    window.show()
    lock = IdleLock(window, database, minutes=10)
    lock.timer.setInterval(50)  # the timer drives the lock: observed by its signal, not by sleeping
    with qtbot.waitSignal(lock.locked, timeout=WAIT_MS):
        lock.timer.start()
    assert lock.dialog is not None
    assert not window.centralWidget().isVisible()
    assert "quantri" in lock.dialog.intro.text()
    lock.dialog.edits["password"].setText("wrong password")
    lock.dialog.submit()
    assert lock.dialog is not None
    assert lock.dialog.general.text() == "Tên đăng nhập hoặc mật khẩu không đúng."
    lock.dialog.edits["password"].setText(PASSWORD)
    with qtbot.waitSignal(lock.unlocked, timeout=WAIT_MS):
        lock.dialog.submit()
    assert lock.dialog is None
    assert window.centralWidget().isVisible()
    assert lock.timer.isActive()


def test_a_key_or_a_click_in_the_window_restarts_the_idle_count(
    qtbot: QtBot, database: Database, admin: Actor, ui_settings: UiSettings
) -> None:
    """The lock watches the window with the focus (not every event of the application): input that the
    window system delivers to it, a key press or a click, starts the count again."""
    window = MainWindow(database, ui_settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window.windowHandle(), timeout=WAIT_MS)
    lock = IdleLock(window, database, minutes=10)
    lock.watch_input()
    corner = QPoint(window.width() - 3, window.height() - 3)  # the status bar: a click there starts nothing
    for give_input in (
        lambda: QTest.keyClick(window.windowHandle(), Qt.Key.Key_Shift),
        lambda: QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), corner),
    ):
        lock.timer.stop()
        give_input()
        assert lock.timer.isActive()


def test_escape_does_not_open_the_lock(qtbot: QtBot, database: Database, admin: Actor, ui_settings: UiSettings) -> None:
    window = MainWindow(database, ui_settings)
    qtbot.addWidget(window)
    lock = IdleLock(window, database)
    lock.lock()
    assert lock.dialog is not None
    lock.dialog.reject()
    qtbot.waitUntil(lambda: lock.dialog is not None and lock.dialog.isVisible(), timeout=WAIT_MS)
    assert not window.centralWidget().isVisible()


def test_the_status_bar_names_who_is_signed_in(
    qtbot: QtBot, database: Database, admin: Actor, ui_settings: UiSettings
) -> None:
    window = MainWindow(database, ui_settings)
    qtbot.addWidget(window)
    assert window.user_label.text() == "Đã đăng nhập: quantri (Quản trị viên)"
    assert window.users_action.isEnabled()


def test_a_receptionist_has_no_users_menu(qtbot: QtBot, database: Database, ui_settings: UiSettings) -> None:
    signed_in.sign_in(Actor(user_id=uuid.uuid4(), username="tiepdan1", role=Role.RECEPTIONIST.value))
    window = MainWindow(database, ui_settings)
    qtbot.addWidget(window)
    assert not window.users_action.isEnabled()
    assert window.password_action.isEnabled()


def test_an_admin_adds_a_user_in_the_users_dialog(qtbot: QtBot, database: Database, admin: Actor) -> None:
    dialog = UsersDialog(database)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    add = AddUserDialog(database, dialog)
    add.edits["username"].setText("canbo1")
    add.edits["password"].setText("x")
    add.submit()
    assert "ít nhất" in add.errors["password"].text()
    add.edits["password"].setText("mật khẩu cán bộ")
    add.role_combo.setCurrentIndex(add.role_combo.findData("handler"))
    add.submit()
    assert add.result() == AddUserDialog.DialogCode.Accepted
    dialog.refresh()
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 0).text() == "canbo1"
    assert dialog.table.item(0, 2).text() == "Cán bộ xử lý"
