"""Settings → Backups: how many automatic backups to keep, and the passphrase that encrypts them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.backup import automatic
from desktop.core.errors import AppError
from desktop.core.formatting import short_datetime
from desktop.core.i18n import _
from desktop.ui.errors import reporting_errors
from desktop.ui.viewer import viewer_of

if TYPE_CHECKING:
    from desktop.core.database import Database

MIN_WIDTH = 560


def _encrypted_text() -> str:
    return _(
        "Automatic backups are encrypted with the passphrase kept in this computer's password store. "
        "Keep the passphrase somewhere safe too: without it no backup can be restored."
    )


def _plain_text() -> str:
    return _(
        "Automatic backups are NOT encrypted: each is a plain copy of the database that only this "
        "Windows or Linux account can read, like the database itself. Anyone who gets the disk can "
        "read them. Set a passphrase to encrypt them."
    )


def _no_store_text() -> str:
    return _(
        "This computer has no password store (keyring), so automatic backups cannot be encrypted: "
        "they stay plain copies that only this account can read. "
        "Use `tiepdan backup` for encrypted backups to take away."
    )


class BackupDialog(QDialog):
    """Shows where the automatic backups are and how they are kept; Save applies the changes."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.setWindowTitle(_("Automatic backups"))
        with database.sessions() as session:
            self._settings = automatic.load_settings(session)
        self._has_store = automatic.has_password_store()
        self._build_ui()

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database) -> bool:
        """Show the dialog; True when the settings were saved."""
        return cls(database, parent).exec() == QDialog.DialogCode.Accepted

    def _build_ui(self) -> None:
        self.keep_spin = QSpinBox()
        self.keep_spin.setRange(1, automatic.MAX_KEEP)
        self.keep_spin.setValue(self._settings.keep)
        self.state_label = QLabel(self._state_text())
        self.state_label.setWordWrap(True)
        self.passphrase_edit, self.repeat_edit = QLineEdit(), QLineEdit()
        for edit in (self.passphrase_edit, self.repeat_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setEnabled(self._has_store)
        self.plain_check = QCheckBox(_("Make plain copies again (forget the passphrase)"))
        self.plain_check.setVisible(self._settings.encrypted)
        self.folder_label = QLabel(self._folder_text())
        self.folder_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Automatic backups to keep"), self.keep_spin)
        form.addRow(_("New passphrase"), self.passphrase_edit)
        form.addRow(_("The same passphrase again"), self.repeat_edit)
        form.addRow("", self.plain_check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addLayout(form)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(MIN_WIDTH)

    def _state_text(self) -> str:
        if self._settings.encrypted:
            return _encrypted_text()
        return _plain_text() if self._has_store else _no_store_text()

    def _folder_text(self) -> str:
        folder = automatic.folder_of(self._database.data_dir)
        last = automatic.last_backup_at(self._database.data_dir)
        when = short_datetime(last) if last else _("no backup yet")
        return _(
            "TiepDan backs the database up when it closes and once a day, into {folder}. Last backup: {when}. "
            "Restore one with `tiepdan restore FILE` while TiepDan is closed."
        ).format(folder=folder, when=when)

    def _on_save(self) -> None:
        with reporting_errors(self):
            passphrase = self._new_passphrase()
            with self._database.sessions.begin() as session:
                actor = viewer_of(self)
                automatic.save_keep(session, self.keep_spin.value(), actor=actor)
                if passphrase is not None:
                    automatic.set_passphrase(session, self._database.data_dir, passphrase, actor=actor)
                elif self.plain_check.isChecked():
                    automatic.set_passphrase(session, self._database.data_dir, None, actor=actor)
            self.accept()

    def _new_passphrase(self) -> str | None:
        """The passphrase typed (twice, the same), None when none was typed."""
        typed, again = self.passphrase_edit.text(), self.repeat_edit.text()
        if not typed and not again:
            return None
        if typed != again:
            raise AppError(_("The two passphrases differ."))
        return typed
