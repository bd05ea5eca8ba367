"""Signing in at the desk: the first administrator, the login at start, the idle lock, one's password.

Every dialog here calls the core (desktop.core.users); a refusal shows under its field, or under
the form (a wrong password, a lock-out). Nothing here logs a name or a password.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.core.access import Actor
from desktop.core.errors import AppError, ValidationError
from desktop.core.i18n import _
from desktop.ui import signed_in
from desktop.ui.errors import reporting_errors

if TYPE_CHECKING:
    from desktop.core.database import Database

ERROR_STYLE = "color: #c62828;"
DEFAULT_IDLE_MINUTES = 10
PASSWORD_VARIABLE = "TIEPDAN_PASSWORD"  # as on the command line (desktop.cli.signing_in)


class Mode(enum.Enum):
    FIRST_ADMIN = "first_admin"
    SIGN_IN = "sign_in"
    UNLOCK = "unlock"
    CHANGE_PASSWORD = "change_password"


_FIELDS = {
    Mode.FIRST_ADMIN: ("username", "full_name", "password", "repeat"),
    Mode.SIGN_IN: ("username", "password"),
    Mode.UNLOCK: ("password",),
    Mode.CHANGE_PASSWORD: ("old_password", "new_password", "repeat"),
}
_SECRET = {"password", "repeat", "old_password", "new_password"}


class AccountDialog(QDialog):
    """One small form per mode; stays open, with the refusal in place, until the core accepts."""

    def __init__(self, database: Database, mode: Mode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.mode = mode
        self.actor: Actor | None = None
        self.setWindowTitle(
            {
                Mode.FIRST_ADMIN: _("Create the administrator"),
                Mode.SIGN_IN: _("Sign in"),
                Mode.UNLOCK: _("TiepDan is locked"),
                Mode.CHANGE_PASSWORD: _("Change password"),
            }[mode]
        )
        labels = {
            "username": _("&User name"),
            "full_name": _("&Full name"),
            "password": _("&Password"),
            "repeat": _("Password &again"),
            "old_password": _("&Current password"),
            "new_password": _("&New password"),
        }
        layout = QVBoxLayout(self)
        self.intro = QLabel(self._intro())
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for key in _FIELDS[mode]:
            edit = QLineEdit()
            edit.setObjectName(key)
            if key in _SECRET:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            message = QLabel()
            message.setStyleSheet(ERROR_STYLE)
            message.setWordWrap(True)
            message.hide()
            column = QVBoxLayout()
            column.addWidget(edit)
            column.addWidget(message)
            form.addRow(labels[key], column)
            label = form.labelForField(column)
            if isinstance(label, QLabel):
                label.setBuddy(edit)
            self.edits[key], self.errors[key] = edit, message
        layout.addLayout(form)
        self.general = QLabel()
        self.general.setStyleSheet(ERROR_STYLE)
        self.general.setWordWrap(True)
        self.general.hide()
        layout.addWidget(self.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        if mode is Mode.SIGN_IN:
            buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Sign in"))
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Quit TiepDan"))
        if mode is Mode.UNLOCK:  # only the same user's password opens it again
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
            buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Unlock"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        next(iter(self.edits.values())).setFocus()

    def _intro(self) -> str:
        if self.mode is Mode.FIRST_ADMIN:
            return _(
                "Nobody can sign in to this desk yet. Create its administrator: the administrator adds the "
                "other users and gives each a role."
            )
        if self.mode is Mode.UNLOCK:
            return _("The desk was locked after a while without use. {user}, type your password to go on.").format(
                user=signed_in.actor().username or ""
            )
        return ""

    def text(self, key: str) -> str:
        return self.edits[key].text()

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
        general = [message for key, message in errors.items() if key not in self.errors]
        self.general.setText("\n".join(general))
        self.general.setVisible(bool(general))

    def submit(self) -> None:
        """Ask the core; close on success, else show why under the field (or the form)."""
        if "repeat" in self.edits:
            first = "password" if "password" in self.edits else "new_password"
            if self.text("repeat") != self.text(first):
                self.show_errors({"repeat": _("The two passwords differ.")})
                return
        with reporting_errors(self):
            try:
                self.actor = self._run()
            except ValidationError as exc:
                self.show_errors(exc.errors)
                return
            except AppError as exc:
                self.show_errors({"": str(exc)})
                self.edits[_FIELDS[self.mode][-1]].clear()
                return
            self.accept()

    def _run(self) -> Actor:
        from desktop.core import users

        if self.mode is Mode.FIRST_ADMIN:
            with self._database.sessions.begin() as session:
                users.create_first_admin(session, self.text("username"), self.text("password"), self.text("full_name"))
            return users.authenticate(self._database.sessions, self.text("username"), self.text("password"))
        if self.mode is Mode.SIGN_IN:
            return users.authenticate(self._database.sessions, self.text("username"), self.text("password"))
        current = signed_in.actor()
        if self.mode is Mode.UNLOCK:
            return users.authenticate(self._database.sessions, current.username or "", self.text("password"))
        with self._database.sessions.begin() as session:
            users.change_password(session, current, self.text("old_password"), self.text("new_password"))
        return current


def sign_in_at_start(
    parent: QWidget | None, database: Database, *, user: str | None = None, meanwhile: Callable[[], None] | None = None
) -> bool:
    """The administrator first when nobody can sign in yet, then the login; True once someone is signed in.

    ``user`` (`tiepdan --user NAME`) with TIEPDAN_PASSWORD signs in without the dialog; a refusal
    shows the dialog with the name filled in. ``meanwhile`` (the start's imports) runs once, while
    that password is checked on a worker thread (argon2 takes a good part of a second and leaves
    the GIL), or else just after the dialog is on screen, while the user types.
    """
    from desktop.core.users import SignInError, authenticate, has_accounts

    with database.sessions() as session:
        first = not has_accounts(session)
    password = os.environ.get(PASSWORD_VARIABLE)
    if user and not first and password is not None:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tiepdan-sign-in") as pool:
            checked = pool.submit(authenticate, database.sessions, user, password)  # its own session
            if meanwhile is not None:
                meanwhile()
                meanwhile = None
            try:
                signed_in.sign_in(checked.result())
                return True
            except SignInError:
                pass
    if first:
        dialog = AccountDialog(database, Mode.FIRST_ADMIN, parent)
    else:
        dialog = AccountDialog(database, Mode.SIGN_IN, parent)
        if user:
            dialog.edits["username"].setText(user)
            dialog.edits["password"].setFocus()
    if meanwhile is not None:
        QTimer.singleShot(0, dialog, meanwhile)  # in the dialog's event loop, once it is shown
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
        return False
    signed_in.sign_in(dialog.actor)
    return True


class IdleLock(QObject):
    """Locks the desk after ``minutes`` without a key press or a mouse click; the same user unlocks it.

    ``lock()`` is the timer's slot (a test calls it, or sets a short interval and waits for ``locked``).
    """

    locked = Signal()
    unlocked = Signal()
    _INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel})

    def __init__(self, window: QWidget, database: Database, minutes: int = DEFAULT_IDLE_MINUTES) -> None:
        super().__init__(window)
        self._window = window
        self._database = database
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        self.dialog: AccountDialog | None = None
        self._watched: QWindow | None = None

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(1, minutes) * 60_000)
        self.timer.start()

    def watch_input(self) -> None:
        """Count the user's input from now on: a filter on the window that has the focus (the main window or
        a dialog), moved with it. Every key press and click reaches that QWindow before its widget, so this
        sees the input a filter on the application saw, without a call into Python for each event of every
        object (each such call waits for the GIL while a worker thread runs Python: docs/platform.md#start-up-speed).
        """
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._follow_window)  # a slot of this object: dropped with it
            self._follow_window(QGuiApplication.focusWindow())

    def _follow_window(self, window: QWindow | None) -> None:
        watched, self._watched = self._watched, None
        if watched is not None and shiboken6.isValid(watched):
            watched.removeEventFilter(self)
        if window is not None:
            window.installEventFilter(self)
            self._watched = window
        if self.dialog is None:
            self.timer.start()  # another window taken up (a click on it activates it) is input too

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._INPUT and self.dialog is None:
            self.timer.start()  # any input restarts the count
        return False

    def lock(self) -> None:
        """Hide the work behind the unlock dialog until the signed-in user's password is typed."""
        if self.dialog is not None:
            return
        self._show_work(False)
        self.dialog = AccountDialog(self._database, Mode.UNLOCK, self._window)
        self.dialog.accepted.connect(self._on_unlocked)
        self.dialog.setModal(True)
        self.dialog.rejected.connect(self._on_escaped)
        self.locked.emit()
        self.dialog.open()

    def _show_work(self, visible: bool) -> None:
        central = getattr(self._window, "centralWidget", lambda: None)()
        if central is not None:
            central.setVisible(visible)

    def _on_unlocked(self) -> None:
        self._show_work(True)
        self.dialog = None
        self.timer.start()
        self.unlocked.emit()

    def _on_escaped(self) -> None:
        """Escape closes the dialog, never the lock: it opens again."""
        self.dialog = None
        QTimer.singleShot(0, self.lock)
