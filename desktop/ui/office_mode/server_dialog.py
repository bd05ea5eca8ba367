"""The office server settings (admin): address and password, test, prepare the server, join this desk."""

from __future__ import annotations

import logging
import os
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import AppError, ConflictError, ValidationError
from desktop.core.i18n import N_, _, ngettext
from desktop.core.office import check_desk_code, current_desk_code, get_setting
from desktop.core.office_mode.desk_roles import DeskRole, add_desk_role
from desktop.core.office_mode.joining import Joined, join_office
from desktop.core.office_mode.server import (
    PASSWORD_ENV,
    SchemaMismatchError,
    ServerAddress,
    ServerUnavailableError,
    check_schema,
    connect,
    parse_address,
    prepare,
    store_password,
)
from desktop.core.settings_keys import Setting
from desktop.ui.background import run_in_background
from desktop.ui.errors import show_error
from desktop.ui.messages import confirm
from desktop.ui.widgets.field_box import ERROR_COLOUR, WARNING_COLOUR
from desktop.ui.widgets.form_action import FieldMessages
from desktop.ui.widgets.form_grid import align_label_columns
from desktop.ui.widgets.section import Section

if TYPE_CHECKING:
    from desktop.core.database import Database

log = logging.getLogger(__name__)

OK_COLOUR = "#2e7d32"
BUSY_COLOUR = "#546e7a"
MIN_WIDTH = 560
TLS_MODES = (
    ("disable", N_("Off")),
    ("prefer", N_("When the server offers it")),
    ("require", N_("Always")),
    ("verify-full", N_("Always, and check the server's certificate")),
)


class PasswordNotStoredError(AppError):
    """The OS password store refused the password (or there is none)."""


def check_connection(address: ServerAddress, password: str | None) -> str:
    """Runs off the UI thread; returns "" when the server is ready, else why it is not (yet)."""
    engine = connect(address, password)
    try:
        check_schema(engine)
    except SchemaMismatchError as exc:
        return str(exc)
    finally:
        engine.dispose()
    return ""


def prepare_server(address: ServerAddress, password: str | None) -> str:
    """Runs off the UI thread; creates or migrates the server schema and returns its revision."""
    engine = connect(address, password)
    try:
        return prepare(engine)
    finally:
        engine.dispose()


def create_desk_account(address: ServerAddress, password: str | None, desk_code: str) -> DeskRole:
    """Runs off the UI thread; with the preparing account, makes the desk's own server role."""
    engine = connect(address, password)
    try:
        return add_desk_role(engine, desk_code)
    finally:
        engine.dispose()


def join(database: Database, address: ServerAddress, password: str | None, desk_code: str) -> Joined:
    """Runs off the UI thread; the password is stored first, so a desk never joins with one it cannot keep."""
    if password:
        try:
            store_password(address, password)
        except AppError as exc:
            raise PasswordNotStoredError(str(exc)) from exc
    url = address.url().render_as_string(hide_password=True)
    return join_office(database, url, desk_code, password=password)


class ServerDialog(QDialog):
    """Long operations run on background threads; their answers appear under the field they concern."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._busy = False
        self.joined: Joined | None = None
        self.setWindowTitle(_("Office server"))
        self._build_ui()
        self._connect_signals()
        self._load()

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database) -> bool:
        """Show the dialog; True when this desk joined an office server in it."""
        dialog = cls(database, parent)
        dialog.exec()
        return dialog.joined is not None

    # -- building ------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.host_edit, self.database_edit, self.user_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.host_edit.setPlaceholderText(_("e.g. 192.168.1.10 or server.local"))
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(5432)
        self.port_spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.tls_combo = QComboBox()
        for mode, text in TLS_MODES:
            self.tls_combo.addItem(_(text), mode)
        self._build_ca_row()
        self.options_edit = QLineEdit()
        self.options_edit.setPlaceholderText(_("optional, e.g. -csearch_path=office2"))
        self.desk_edit = QLineEdit()
        self.desk_edit.setMaxLength(6)
        self.test_button = QPushButton(_("&Test connection"))
        self.prepare_button = QPushButton(_("&Prepare server"))
        self.join_button = QPushButton(_("&Join office"))
        self.account_button = QPushButton(_("Create this desk's server &account"))
        self.account_button.setToolTip(
            _("With the administrator's account: a server account for this desk alone, then Join office keeps it.")
        )
        self.refused_label = QLabel()
        self.refused_label.setWordWrap(True)
        self.refused_button = QPushButton(_("&Refused changes..."))
        self.intro_label = QLabel()
        self.intro_label.setWordWrap(True)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        sections = (self._server_group(), self._desk_group())
        align_label_columns([section.grid for section in sections if section.grid is not None])
        self.messages = FieldMessages(sections)
        self.boxes = self.messages.boxes
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        for section in sections:
            layout.addWidget(section)
        self.refused_group = self._refused_group()
        layout.addWidget(self.refused_group)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(MIN_WIDTH)

    def _build_ca_row(self) -> None:
        self.tls_combo.currentIndexChanged.connect(self._show_tls_choice)
        self.host_edit.textChanged.connect(self._show_tls_choice)
        self.ca_edit = QLineEdit()
        self.ca_edit.setPlaceholderText(_("the office's CA certificate (.crt or .pem), given by the administrator"))
        self.ca_button = QPushButton(_("&Browse..."))
        self.ca_button.clicked.connect(self._on_ca_button_clicked)
        self.ca_row = QWidget()
        ca_layout = QHBoxLayout(self.ca_row)
        ca_layout.setContentsMargins(0, 0, 0, 0)
        ca_layout.addWidget(self.ca_edit, 1)
        ca_layout.addWidget(self.ca_button)

    def _server_group(self) -> Section:
        group = Section(_("Office server (PostgreSQL)"))
        grid = group.add_rows(
            [
                (_("&Host"), self.host_edit, "host"),
                (_("Po&rt"), self.port_spin, "port"),
                (_("&Database"), self.database_edit, "database"),
                (_("&User"), self.user_edit, "user"),
                (_("Pass&word"), self.password_edit, "password"),
                (_("Encr&yption (TLS)"), self.tls_combo, "tls"),
                (_("CA &file"), self.ca_row, "ca_file"),
                (_("Connection &options"), self.options_edit, "options"),
            ],
        )
        grid.add_wide(grid.rowCount(), _button_row(self.test_button, self.prepare_button))
        return group

    def _desk_group(self) -> Section:
        group = Section(_("This desk"))
        grid = group.add_rows([(_("Desk &code"), self.desk_edit, "desk_code")])
        grid.add_wide(grid.rowCount(), _button_row(self.account_button, self.join_button))
        return group

    def _refused_group(self) -> QGroupBox:
        group = QGroupBox(_("Changes refused by the server"))
        row = QHBoxLayout(group)
        row.addWidget(self.refused_label, 1)
        row.addWidget(self.refused_button)
        return group

    def _connect_signals(self) -> None:
        self.refused_button.clicked.connect(self._on_refused_button_clicked)
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.prepare_button.clicked.connect(self._on_prepare_button_clicked)
        self.join_button.clicked.connect(self._on_join_button_clicked)
        self.account_button.clicked.connect(self._on_account_button_clicked)
        self.buttons.rejected.connect(self.reject)

    def _load(self) -> None:
        with self._database.sessions() as session:
            url = get_setting(session, Setting.SERVER)
            desk = current_desk_code(session) or ""
        address = ServerAddress(host="")
        if url:
            try:
                address = parse_address(url)[0]
            except AppError:
                log.warning("The stored server address is not readable: %s", url)
        self.set_address(address)
        self.desk_edit.setText(desk)
        if url:
            self.intro_label.setText(
                _("This desk is joined to the office server {server}.").format(server=address.display())
            )
        else:
            self.intro_label.setText(
                _(
                    "Connect this desk to the office server so that all desks share one book. "
                    "An administrator prepares the server once; then each desk joins it with its own code."
                )
            )
        self._show_refused(office=bool(url))
        if os.environ.get(PASSWORD_ENV):
            self.password_edit.setEnabled(False)
            self.password_edit.setPlaceholderText(_("taken from {env}").format(env=PASSWORD_ENV))
        else:
            self.password_edit.setPlaceholderText(_("kept in this computer's password store, never in a file"))

    def _show_refused(self, *, office: bool) -> None:
        """How many changes the server refused, with the way to the list (office-mode desks only)."""
        from desktop.core.office_mode import sync

        state = sync.status(self._database)
        self.refused_group.setVisible(office or bool(state.rejected or state.kept_local))
        parts = []
        if state.rejected:
            parts.append(
                ngettext(
                    "{n} change refused by the server waits for you.",
                    "{n} changes refused by the server wait for you.",
                    state.rejected,
                ).format(n=state.rejected)
            )
        if state.kept_local:
            parts.append(
                ngettext(
                    "{n} refused change is kept on this desk only.",
                    "{n} refused changes are kept on this desk only.",
                    state.kept_local,
                ).format(n=state.kept_local)
            )
        self.refused_label.setText(" ".join(parts) or _("The server has refused no change of this desk."))
        self.refused_button.setEnabled(bool(parts))

    def _on_refused_button_clicked(self) -> None:
        from desktop.ui.office_mode.rejections_dialog import RejectionsDialog

        RejectionsDialog.ask(self, self._database)
        self._show_refused(office=True)

    # -- the address as typed ------------------------------------------------------------------

    def set_address(self, address: ServerAddress) -> None:
        self.host_edit.setText(address.host)
        self.port_spin.setValue(address.port)
        self.database_edit.setText(address.database)
        self.user_edit.setText(address.user)
        self.tls_combo.setCurrentIndex(max(self.tls_combo.findData(address.tls), 0))
        self.ca_edit.setText(address.ca_file)
        self.options_edit.setText(address.options)
        self._show_tls_choice()

    def address(self) -> ServerAddress:
        return ServerAddress(
            host=self.host_edit.text().strip(),
            port=self.port_spin.value(),
            database=self.database_edit.text().strip() or "tiepdan",
            user=self.user_edit.text().strip() or "tiepdan",
            tls=str(self.tls_combo.currentData()),
            options=self.options_edit.text().strip(),
            ca_file=self.ca_edit.text().strip(),
        )

    def _on_ca_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("The office's CA certificate"), self.ca_edit.text(), _("Certificates (*.crt *.pem *.cer)")
        )
        if path:
            self.ca_edit.setText(path)

    def _show_tls_choice(self) -> None:
        """A link left plain or unverified is an explicit choice: said under the field, and in the status bar."""
        address = self.address()
        self.ca_row.setEnabled(address.tls in ("verify-full", "verify-ca"))
        box = self.boxes["tls"]
        warning = address.link_warning() if address.host else ""
        if warning:
            box.show_warning(warning)
        else:
            box.clear_message()
        if self.isVisible():
            self.adjustSize()  # room for the message, as the field boxes need

    def _password(self) -> str | None:
        """The password typed, or None to use the stored one (keyring or the environment)."""
        return (self.password_edit.text() or None) if self.password_edit.isEnabled() else None

    # -- actions -------------------------------------------------------------------------------

    @property
    def is_busy(self) -> bool:
        return self._busy

    def _on_test_button_clicked(self) -> None:
        address = self._checked_address()
        if address is not None:
            self._start(partial(check_connection, address, self._password()), self._on_tested, address)

    def _on_prepare_button_clicked(self) -> None:
        address = self._checked_address()
        if address is None or not confirm(
            self,
            _("Prepare server"),
            _(
                "Create or update the TiepDan tables on {server}? Desks still running an older "
                "TiepDan stop syncing until they are updated."
            ).format(server=address.display()),
        ):
            return
        self._start(partial(prepare_server, address, self._password()), self._on_prepared, address)

    def _on_join_button_clicked(self) -> None:
        address = self._checked_address()
        if address is None:
            return
        try:
            code = check_desk_code(self.desk_edit.text())
        except ValidationError as exc:
            self._show_field_errors(exc.errors)
            return
        self._start(partial(join, self._database, address, self._password(), code), self._on_joined, address)

    def _on_account_button_clicked(self) -> None:
        address = self._checked_address()
        if address is None:
            return
        try:
            code = check_desk_code(self.desk_edit.text())
        except ValidationError as exc:
            self._show_field_errors(exc.errors)
            return
        self._start(partial(create_desk_account, address, self._password(), code), self._on_account_created, address)

    def _on_account_created(self, role: DeskRole) -> None:
        """The desk's own account replaces the administrator's in the form: Join office keeps its password."""
        self.user_edit.setText(role.role)
        self.password_edit.setEnabled(True)  # the desk's password, not the administrator's from the environment
        self.password_edit.setText(role.password)
        self._show_result(
            _(
                "Server account {role} created for desk {code}. Join office now: its password is then kept in "
                "this computer's password store."
            ).format(role=role.role, code=role.code),
            OK_COLOUR,
        )

    def _checked_address(self) -> ServerAddress | None:
        self._clear_messages()
        address = self.address()
        if not address.host:
            self._show_field_errors({"host": _("Enter the server's name or IP address.")})
            return None
        return address

    def _start(self, task: Any, on_done: Any, address: ServerAddress) -> None:
        self._set_busy(True)
        self._show_result(_("Connecting to {server}...").format(server=address.display()), BUSY_COLOUR)
        run_in_background(task, partial(self._finish, on_done), self._on_failed, parent=self)

    def _finish(self, on_done: Any, result: Any) -> None:
        self._set_busy(False)
        on_done(result)

    def _on_tested(self, problem: str) -> None:
        if problem:
            self._show_result(_("The server answers, but: {problem}").format(problem=problem), WARNING_COLOUR)
        else:
            self._show_result(_("Connection works: the server is ready for TiepDan."), OK_COLOUR)

    def _on_prepared(self, revision: str) -> None:
        self._show_result(
            _("The server is prepared for TiepDan (database schema {revision}).").format(revision=revision), OK_COLOUR
        )

    def _on_joined(self, joined: Joined) -> None:
        self.joined = joined
        self.password_edit.clear()
        self.intro_label.setText(_("This desk is joined to the office server {server}.").format(server=joined.server))
        self._show_result(
            _("Desk {code} joined the office server {server}; {n} local records will be sent to it.").format(
                code=joined.desk_code, server=joined.server, n=joined.queued
            ),
            OK_COLOUR,
        )

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.result_label.hide()
        if isinstance(exc, ValidationError):
            self._show_field_errors(exc.errors)
        elif isinstance(exc, ConflictError):
            self._show_field_errors({"desk_code": str(exc)})
        elif isinstance(exc, PasswordNotStoredError):
            self._show_field_errors({"password": str(exc)})
        elif isinstance(exc, ServerUnavailableError):
            self._show_field_errors({"host": str(exc)})
        elif isinstance(exc, AppError):
            self._show_result(str(exc), ERROR_COLOUR)
        else:
            show_error(self, exc)

    # -- showing -------------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (self.test_button, self.prepare_button, self.join_button, self.account_button):
            button.setEnabled(not busy)

    def _clear_messages(self) -> None:
        self.messages.clear()
        self.result_label.hide()

    def _show_field_errors(self, errors: dict[str, str]) -> None:
        """Under their fields; what no field owns goes under the host (the server said it)."""
        self.messages.show({key if key in self.boxes else "host": message for key, message in errors.items()})

    def _show_result(self, text: str, colour: str) -> None:
        self.result_label.setText(text)
        self.result_label.setStyleSheet(f"color: {colour};")
        self.result_label.show()
        if self.isVisible():
            self.adjustSize()  # a long answer wraps onto more lines: room for them

    def message(self) -> str:
        """The answer shown under the buttons ("" when hidden)."""
        return self.result_label.text() if not self.result_label.isHidden() else ""


def _button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row
