"""Settings -> Users: an administrator adds users, disables one, resets a password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.enums import Role
from desktop.core.access import acting
from desktop.core.errors import ValidationError
from desktop.core.formatting import short_datetime
from desktop.core.i18n import _
from desktop.core.labels import label
from desktop.core.users import add_user, disable_user, list_users, reset_password
from desktop.ui import signed_in
from desktop.ui.errors import reporting_errors
from desktop.ui.login import ERROR_STYLE
from desktop.ui.messages import confirm

if TYPE_CHECKING:
    from desktop.core.database import Database


class UsersDialog(QDialog):
    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.setWindowTitle(_("Users"))
        self.resize(640, 360)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("User name"), _("Full name"), _("Role"), _("State")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("&Add user..."))
        self.disable_button = QPushButton(_("&Disable"))
        self.reset_button = QPushButton(_("&Reset password..."))
        for button in (self.add_button, self.disable_button, self.reset_button):
            row.addWidget(button)
        row.addStretch()
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.disable_button.clicked.connect(self._on_disable_clicked)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        self.refresh()

    def refresh(self) -> None:
        with reporting_errors(self), self._database.sessions() as session:
            views = list_users(session, signed_in.actor())
            self.table.setRowCount(len(views))
            for index, view in enumerate(views):
                state = _("active") if view.is_active else _("disabled")
                if view.locked_until:
                    state += ", " + _("locked until {time}").format(time=short_datetime(view.locked_until))
                for column, text in enumerate((view.username, view.full_name, label(view.role), state)):
                    self.table.setItem(index, column, QTableWidgetItem(text))

    def selected_username(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        return item.text() if item else None

    def _on_add_clicked(self) -> None:
        if AddUserDialog(self._database, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def _on_disable_clicked(self) -> None:
        name = self.selected_username()
        if name is None or not confirm(
            self, _("Users"), _("Disable {user}? They can no longer sign in.").format(user=name)
        ):
            return
        actor = signed_in.actor()
        with reporting_errors(self), self._database.sessions.begin() as session:
            disable_user(acting(session, actor), actor, name)
        self.refresh()

    def _on_reset_clicked(self) -> None:
        name = self.selected_username()
        if name is None:
            return
        password, ok = QInputDialog.getText(
            self, _("Reset password"), _("New password of {user}:").format(user=name), QLineEdit.EchoMode.Password
        )
        if not ok:
            return
        actor = signed_in.actor()
        with reporting_errors(self), self._database.sessions.begin() as session:  # a refusal in a message box
            reset_password(acting(session, actor), actor, name, password)
        self.refresh()


class AddUserDialog(QDialog):
    """A new account: name, full name, role and first password, each refusal under its field."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.setWindowTitle(_("Add user"))
        form = QFormLayout(self)
        self.edits = {key: QLineEdit() for key in ("username", "full_name", "password")}
        self.edits["password"].setEchoMode(QLineEdit.EchoMode.Password)
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(label(role), role.value)
        self.errors: dict[str, QLabel] = {}
        titles = {"username": _("&User name"), "full_name": _("&Full name"), "password": _("&Password")}
        for key, edit in self.edits.items():
            message = QLabel()
            message.setStyleSheet(ERROR_STYLE)
            message.hide()
            self.errors[key] = message
            column = QVBoxLayout()
            column.addWidget(edit)
            column.addWidget(message)
            form.addRow(titles[key], column)
        form.addRow(_("&Role"), self.role_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def submit(self) -> None:
        actor = signed_in.actor()
        with reporting_errors(self):
            try:
                with self._database.sessions.begin() as session:
                    add_user(
                        acting(session, actor),
                        actor,
                        self.edits["username"].text(),
                        self.edits["password"].text(),
                        role=Role(self.role_combo.currentData()),
                        full_name=self.edits["full_name"].text(),
                    )
            except ValidationError as exc:
                for key, message in self.errors.items():
                    message.setText(exc.errors.get(key, ""))
                    message.setVisible(key in exc.errors)
                return
            self.accept()
