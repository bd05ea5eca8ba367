"""The main window: the reception form beside the day's book, with menus, toolbar and status bar."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStyle,
    QTabWidget,
    QToolBar,
    QWidget,
)

from desktop import __version__
from desktop.core.access import Actor
from desktop.core.formatting import today_local
from desktop.core.i18n import LANGUAGES, _, ngettext
from desktop.ui import signed_in
from desktop.ui.backups import AutoBackups
from desktop.ui.errors import reporting_errors
from desktop.ui.hub import Hub
from desktop.ui.messages import confirm, inform
from desktop.ui.office_mode.controller import OfficeModeController
from desktop.ui.settings import UiSettings
from desktop.ui.widgets.icons import printer_icon

if TYPE_CHECKING:
    from desktop.core.database import Database
    from desktop.ui.cases.board import DeadlineBoard
    from desktop.ui.dashboard import DashboardPage
    from desktop.ui.finding.panel import SearchPanel
    from desktop.ui.login import IdleLock
    from desktop.ui.reception.book_panel import BookPanel
    from desktop.ui.reception.form import ReceptionForm

log = logging.getLogger(__name__)

DEFAULT_SIZE = (1340, 700)
DEFAULT_SPLIT = (760, 580)
STATUS_TIMEOUT_MS = 15000
NEW_PETITION_SHORTCUT = "Ctrl+Shift+N"  # Ctrl+N is a new visit
BOARD_SHORTCUT = "Ctrl+Shift+B"
FIND_SHORTCUTS = ("F3", "Ctrl+F")
OVERDUE_STYLE = "color: #c62828; font-weight: bold;"


class MainWindow(QMainWindow):
    """Shown before the database is open (fast start); ``attach`` then builds the working area.

    Holds no business logic: it wires the form, the book, the dialogs and the hub together.
    """

    def __init__(self, database: Database | None, settings: UiSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.database: Database | None = None
        self.form: ReceptionForm | None = None
        self.book: BookPanel | None = None
        self.board: DeadlineBoard | None = None
        self.dashboard: DashboardPage | None = None
        self.search: SearchPanel | None = None
        self.hub = Hub(self)
        self.office_mode = OfficeModeController(self, self.hub)  # sync status, server, conflicts
        self.backups = AutoBackups(self)  # idle until start_automatic_backups
        self._leaving = False
        self.setWindowTitle(_("TiepDan - citizen reception"))
        self.resize(*DEFAULT_SIZE)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        waiting = QLabel(_("Opening the database..."))
        waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(waiting)
        self.restoreGeometry(settings.geometry)
        if database is not None:
            self.attach(database)

    @property
    def actor(self) -> Actor:
        """Who is signed in (desktop/ui/signed_in.py): every screen shows people as this actor may see them
        (desktop/ui/viewer.py). Nobody until the login, so that a denouncer's identity stays masked."""
        return signed_in.actor()

    @actor.setter
    def actor(self, who: Actor) -> None:
        signed_in.sign_in(who)

    def _build_report_action(self) -> None:
        """Petitions → Report tables, for handlers, leaders and administrators ("report.read")."""
        self.reports_action = QAction(_("&Report tables..."), self)
        self.reports_action.setEnabled(False)
        self.reports_action.triggered.connect(self._on_reports_action_triggered)

    def _build_actions(self) -> None:
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.office_action = QAction(_("&Office profile..."), self)
        self.office_action.triggered.connect(self._on_office_action_triggered)
        self.office_action.setEnabled(False)
        self.calendar_action = QAction(_("&Working-day calendar..."), self)
        self.calendar_action.setEnabled(False)
        self.calendar_action.triggered.connect(self._on_calendar_action_triggered)
        self.fields_action = QAction(_("&Fields of petitions..."), self)
        self.fields_action.setEnabled(False)
        self.fields_action.triggered.connect(self._on_fields_action_triggered)
        self.thermal_action = QAction(_("Print slips on the 80 mm &receipt printer"), self)
        self.thermal_action.setCheckable(True)
        self.thermal_action.setEnabled(False)
        self.thermal_action.toggled.connect(self._on_thermal_action_toggled)
        self.password_action = QAction(_("&Change password..."), self)
        self.password_action.triggered.connect(self._on_password_action_triggered)
        self.lock_action = QAction(_("&Lock now"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self._on_lock_action_triggered)
        self.users_action = QAction(_("&Users..."), self)
        self.users_action.triggered.connect(self._on_users_action_triggered)
        self.idle_action = QAction(_("Lock &after..."), self)
        self.idle_action.triggered.connect(self._on_idle_action_triggered)
        for action in (self.password_action, self.lock_action, self.users_action, self.idle_action):
            action.setEnabled(False)
        self.idle_lock: IdleLock | None = None
        self.backup_action = QAction(_("&Backups..."), self)
        self.backup_action.setEnabled(False)
        self.backup_action.triggered.connect(self._on_backup_action_triggered)
        # For leaders and administrators ("audit.read"), enabled once someone with the right signed in.
        self.audit_action = QAction(_("&Audit trail..."), self)
        self.audit_action.setEnabled(False)
        self.audit_action.triggered.connect(self._on_audit_action_triggered)
        self.import_action = self._import_action()
        self._build_report_action()
        self.about_action = QAction(_("&About TiepDan"), self)
        self.about_action.triggered.connect(self._on_about_action_triggered)
        self._build_language_actions()
        self.new_petition_action = QAction(_("&New petition..."), self)
        self.new_petition_action.setShortcut(QKeySequence(NEW_PETITION_SHORTCUT))
        self.new_petition_action.triggered.connect(self._on_new_petition_action_triggered)
        self.board_action = QAction(_("&Deadline board"), self)
        self.board_action.setShortcut(QKeySequence(BOARD_SHORTCUT))
        self.board_action.triggered.connect(self._on_board_action_triggered)
        for action in (self.new_petition_action, self.board_action):
            action.setEnabled(False)
        self._build_find_action()

    def _build_language_actions(self) -> None:
        self.language_group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = QAction(name, self.language_group)
            action.setCheckable(True)
            action.setChecked(code == self._settings.language)
            action.setData(code)
        self.language_group.triggered.connect(self._on_language_triggered)

    def _build_find_action(self) -> None:
        """The search field, from anywhere in the window: the Search tab, its field focused."""
        self.find_action = QAction(_("&Find..."), self)
        self.find_action.setShortcuts([QKeySequence(key) for key in FIND_SHORTCUTS])
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.find_action.setToolTip(_("Find citizens, visits, petitions, cases and letters (F3 or Ctrl+F)"))
        self.find_action.triggered.connect(self._on_find_action_triggered)
        self.find_action.setEnabled(False)

    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu(_("&File"))
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.find_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.petitions_menu = self.menuBar().addMenu(_("&Petitions"))
        self.petitions_menu.addActions([self.new_petition_action, self.board_action, self.reports_action])
        settings_menu = self.menuBar().addMenu(_("&Settings"))
        settings_menu.addAction(self.office_action)
        settings_menu.addAction(self.thermal_action)
        settings_menu.addAction(self.fields_action)
        settings_menu.addAction(self.calendar_action)
        settings_menu.addActions([self.office_mode.server_action, self.office_mode.conflicts_action])
        settings_menu.addAction(self.backup_action)
        settings_menu.addAction(self.audit_action)
        language_menu = settings_menu.addMenu(_("&Language (takes effect on restart)"))
        language_menu.addActions(self.language_group.actions())
        settings_menu.addActions([self.users_action, self.idle_action])
        account_menu = self.menuBar().addMenu(_("&Account"))
        account_menu.addActions([self.password_action, self.lock_action])
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar(_("Main toolbar"))
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.toolbar)

    def _build_status_bar(self) -> None:
        self.location_label = QLabel()
        self.desk_label = QLabel()
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.office_mode.status_panel)
        self.statusBar().addPermanentWidget(self.desk_label)
        self.statusBar().addPermanentWidget(self.location_label)
        self.overdue_label = QLabel()
        self.overdue_label.setStyleSheet(OVERDUE_STYLE)
        self.statusBar().addPermanentWidget(self.overdue_label)
        self.backups.reported.connect(lambda text: self.statusBar().showMessage(text, STATUS_TIMEOUT_MS))

    def attach(self, database: Database) -> None:
        """Build the form and the book over ``database`` (imports the database layer on first use)."""
        from desktop.ui.reception.book_panel import BookPanel
        from desktop.ui.reception.form import ReceptionForm

        self.database = database
        self.form = ReceptionForm(database)
        self.book = BookPanel(database, self)  # a parent from the start: it shows people as self.actor sees them
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.form)
        self.splitter.addWidget(self._build_tabs(database, self.book))
        self.splitter.setChildrenCollapsible(False)
        if not self.splitter.restoreState(self._settings.splitter):
            self.splitter.setSizes(list(DEFAULT_SPLIT))
        self.setCentralWidget(self.splitter)
        self._add_form_actions(self.form)
        from desktop.core.reception.slips import looks_like_slip_qr
        from desktop.ui.scanner import ScanListener

        self.slip_scanner = ScanListener(self, looks_like_slip_qr, self._on_slip_scanned)
        self._connect_signals()
        self._connect_board()
        self.file_menu.insertAction(self.quit_action, self.office_mode.sync_now_action)
        self.file_menu.insertSeparator(self.quit_action)
        self.office_mode.attach(database)
        self.office_action.setEnabled(True)
        self._load_slip_layout(database)
        self.fields_action.setEnabled(True)
        self.calendar_action.setEnabled(True)
        self.backup_action.setEnabled(database.is_sqlite)
        self._show_location()
        self._show_user()
        self.form.citizen.name_edit.setFocus()

    def _show_user(self) -> None:
        """Who is signed in, in the status bar; the account actions they may use."""
        from desktop.core.permissions import allowed, role_name

        actor = signed_in.actor()
        text = (
            _("Signed in: {user} ({role})").format(
                user=actor.username, role=role_name(actor.role) if actor.role else ""
            )
            if actor.signed_in
            else _("Nobody signed in")
        )
        self.user_label.setText(text)
        self.password_action.setEnabled(actor.signed_in)
        self.lock_action.setEnabled(actor.signed_in)
        self.users_action.setEnabled(allowed(actor, "user.manage"))
        self.audit_action.setEnabled(self.database is not None and allowed(actor, "audit.read"))
        self.import_action.setEnabled(self.database is not None and allowed(actor, "book.import"))
        self.reports_action.setEnabled(self.database is not None and allowed(actor, "report.read"))
        self.idle_action.setEnabled(allowed(actor, "settings.office"))
        self.thermal_action.setEnabled(self.database is not None and allowed(actor, "settings.office"))
        if self.board is not None:
            self.board.prolonged_spin.setEnabled(allowed(actor, "settings.office"))

    def start_idle_lock(self) -> None:
        """Lock the desk after the idle minutes of its setting (the application does this, not a test's window)."""
        from desktop.core.users import idle_lock_minutes
        from desktop.ui.login import IdleLock

        if self.database is None or self.idle_lock is not None:
            return
        with self.database.sessions() as session:
            minutes = idle_lock_minutes(session)
        self.idle_lock = IdleLock(self, self.database, minutes)
        self.idle_lock.watch_input()

    def _on_lock_action_triggered(self) -> None:
        if self.idle_lock is None:
            self.start_idle_lock()
        if self.idle_lock is not None:
            self.idle_lock.lock()

    def _on_password_action_triggered(self) -> None:
        from desktop.ui.login import AccountDialog, Mode

        if self.database is not None and AccountDialog(self.database, Mode.CHANGE_PASSWORD, self).exec():
            self.statusBar().showMessage(_("Password changed."), STATUS_TIMEOUT_MS)

    def _on_users_action_triggered(self) -> None:
        from desktop.ui.users_dialog import UsersDialog

        if self.database is not None:
            UsersDialog(self.database, self).exec()

    def _on_idle_action_triggered(self) -> None:
        from desktop.core.users import IDLE_LOCK_RANGE, idle_lock_minutes, set_idle_lock_minutes

        if self.database is None:
            return
        with self.database.sessions() as session:
            current = idle_lock_minutes(session)
        minutes, ok = QInputDialog.getInt(
            self, _("Lock after"), _("Lock the desk after this many idle minutes:"), current, *IDLE_LOCK_RANGE
        )
        if not ok:
            return
        with reporting_errors(self), self.database.sessions.begin() as session:
            set_idle_lock_minutes(session, signed_in.actor(), minutes)
        if self.idle_lock is not None:
            self.idle_lock.set_minutes(minutes)

    def start_automatic_backups(self) -> None:
        """Back the database up daily and on exit (the application does this; a window in a test does not)."""
        if self.database is not None:
            self.backups.start(self.database)

    def _add_form_actions(self, form: ReceptionForm) -> None:
        style = self.style()
        form.new_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        form.save_action.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        form.print_action.setIcon(printer_icon())
        form_actions = [form.new_action, form.save_action, form.print_action]
        self.file_menu.insertActions(self.quit_action, form_actions)
        self.file_menu.insertSeparator(self.quit_action)
        self.toolbar.addActions(form_actions)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.office_action)
        self.toolbar.addAction(self.find_action)

    def _connect_signals(self) -> None:
        assert self.form is not None
        assert self.book is not None
        self.form.visit_saved.connect(self._on_form_visit_saved)
        self.hub.visits_changed.connect(self.book.refresh)
        self.hub.office_changed.connect(self.form.reload_office)
        self.hub.office_changed.connect(self._show_location)
        self.book.visit_activated.connect(self._on_book_visit_activated)

    def _build_tabs(self, database: Database, book: BookPanel) -> QTabWidget:
        """The reception book and, beside it, the deadline board, the search and the dashboard."""
        from desktop.ui.cases.board import DeadlineBoard
        from desktop.ui.dashboard import DashboardPage
        from desktop.ui.finding.panel import SearchPanel

        self.board = DeadlineBoard(database, self, background=True)  # usable before the board is read
        self.search = SearchPanel(database, self)
        self.search.open_requested.connect(self._on_search_open_requested)
        self.tabs = QTabWidget()
        self.tabs.addTab(book, _("Reception book"))
        self.tabs.addTab(self.board, _("Deadlines"))
        self.tabs.addTab(self.search, _("Search"))
        self.find_action.setEnabled(True)
        self.dashboard = DashboardPage(database, self)
        self.tabs.addTab(self.dashboard, _("Dashboard"))
        return self.tabs

    def _on_find_action_triggered(self) -> None:
        if self.search is not None:
            self.tabs.setCurrentWidget(self.search)
            self.search.focus_field()

    def _on_search_open_requested(self, kind: str, number: str) -> None:
        """A search result opened: the visit's dialog, the petition's page or the case's dossier."""
        from desktop.ui.cases.board import open_record
        from desktop.ui.reception.visit_dialog import VisitDialog

        if self.database is None:
            return
        if kind == "visit":
            changed = VisitDialog.show_visit(self, self.database, number)
        else:
            changed = open_record(self, self.database, kind, number)
        if changed:
            self.hub.petitions_changed.emit()

    def _connect_board(self) -> None:
        assert self.board is not None
        self.hub.petitions_changed.connect(self.board.refresh)  # on a worker thread
        assert self.dashboard is not None
        self.hub.petitions_changed.connect(self.dashboard.mark_stale)
        self.hub.visits_changed.connect(self.dashboard.mark_stale)
        self.board.records_changed.connect(self.hub.petitions_changed.emit)
        self.board.overdue_counted.connect(self._show_overdue)
        self._show_overdue(self.board.overdue_count())
        for action in (self.new_petition_action, self.board_action):
            action.setEnabled(True)

    def _show_overdue(self, count: int) -> None:
        text = ngettext("{count} overdue", "{count} overdue", count).format(count=count) if count else ""
        self.overdue_label.setText(text)
        self.overdue_label.setToolTip(_("Petitions and cases past their time limit: see the Deadlines tab."))

    def _on_new_petition_action_triggered(self) -> None:
        from desktop.ui.cases.petition_dialog import PetitionDialog
        from desktop.ui.cases.petition_page import PetitionPage

        if self.database is None:
            return
        view = PetitionDialog.ask(self, self.database)
        if view is None:
            return
        self.statusBar().showMessage(_("Registered petition {number}").format(number=view.number), STATUS_TIMEOUT_MS)
        self.hub.petitions_changed.emit()
        if PetitionPage.show_page(self, self.database, view.number):
            self.hub.petitions_changed.emit()

    def _on_board_action_triggered(self) -> None:
        if self.board is not None:
            self.tabs.setCurrentWidget(self.board)
            self.board.refresh()

    def _show_location(self) -> None:
        if self.database is None:
            return
        where = self.database.location()
        text = (_("SQLite: {path}") if self.database.is_sqlite else _("Server: {url}")).format(path=where, url=where)
        self.location_label.setText(text)
        self.location_label.setToolTip(text)
        desk = self.form.desk_code if self.form else ""
        self.desk_label.setText(_("Desk {code}").format(code=desk) if desk else "")

    def _on_form_visit_saved(self, serial: str) -> None:
        self.statusBar().showMessage(_("Saved {number}").format(number=serial), STATUS_TIMEOUT_MS)
        if self.book is not None:
            self.book.set_day(today_local(), refresh=False)  # the hub refreshes it
        self.hub.visits_changed.emit()

    def _on_book_visit_activated(self, serial: str) -> None:
        from desktop.ui.reception.visit_dialog import VisitDialog

        if self.database is not None and VisitDialog.show_visit(self, self.database, serial):
            self.hub.petitions_changed.emit()

    def _on_slip_scanned(self, payload: str) -> None:
        """A receipt's or appointment slip's QR scanned anywhere in the window: that visit's dossier opens."""
        from desktop.core.reception.slips import slip_visit

        if self.database is None:
            return
        with self.database.sessions() as session:
            serial = slip_visit(session, payload)
        if serial is None:
            self.statusBar().showMessage(_("The slip scanned names no visit recorded here."), STATUS_TIMEOUT_MS)
            return
        self._on_book_visit_activated(serial)

    def _load_slip_layout(self, database: Database) -> None:
        from desktop.core.reception.slips import prints_thermal

        with database.sessions() as session:
            thermal = prints_thermal(session)
        self.thermal_action.blockSignals(True)
        self.thermal_action.setChecked(thermal)
        self.thermal_action.blockSignals(False)
        from desktop.core.permissions import allowed

        self.thermal_action.setEnabled(allowed(self.actor, "settings.office"))

    def _on_thermal_action_toggled(self, checked: bool) -> None:
        from desktop.core.reception.slips import set_thermal

        if self.database is not None:
            with self.database.sessions.begin() as session:
                set_thermal(session, checked, actor=self.actor)

    def _on_calendar_action_triggered(self) -> None:
        from desktop.ui.cases.calendar_dialog import CalendarDialog

        if self.database is not None:
            CalendarDialog.ask(self, self.database)
            self.hub.petitions_changed.emit()  # due dates may have moved

    def _on_fields_action_triggered(self) -> None:
        from desktop.ui.cases.fields_dialog import FieldsDialog

        if self.database is not None:
            FieldsDialog.ask(self, self.database)

    def _on_office_action_triggered(self) -> None:
        from desktop.ui.office_dialog import OfficeDialog

        if self.database is not None and OfficeDialog.ask(self, self.database):
            self.hub.office_changed.emit()
            self.statusBar().showMessage(_("Office profile saved."), STATUS_TIMEOUT_MS)

    def _on_backup_action_triggered(self) -> None:
        from desktop.ui.backup_dialog import BackupDialog

        if self.database is not None and BackupDialog.ask(self, self.database):
            self.statusBar().showMessage(_("Backup settings saved."), STATUS_TIMEOUT_MS)

    def _on_audit_action_triggered(self) -> None:
        from desktop.ui.audit_dialog import AuditDialog

        if self.database is not None:
            AuditDialog.ask(self, self.database)

    def _import_action(self) -> QAction:
        """For leaders and administrators ("book.import"), enabled once someone with the right signed in."""
        action = QAction(_("&Import an old reception book..."), self)
        action.setEnabled(False)
        action.triggered.connect(self._on_import_action_triggered)
        return action

    def _on_import_action_triggered(self) -> None:
        from desktop.ui.reception.import_wizard import ImportWizard

        if self.database is None:
            return
        wizard = ImportWizard(self.database, signed_in.actor(), self)
        wizard.exec()
        if wizard.report is not None and wizard.report.imported:
            self.hub.visits_changed.emit()  # the book shows the imported visits, the office desk syncs them

    def _on_reports_action_triggered(self) -> None:
        from desktop.ui.reports_dialog import ReportsDialog

        if self.database is not None:
            ReportsDialog.ask(self, self.database)

    def _on_language_triggered(self, action: QAction) -> None:
        code = str(action.data())
        if code == self._settings.language:
            return
        self._settings.language = code
        inform(
            self, _("Language"), _("TiepDan will use {language} from its next start.").format(language=LANGUAGES[code])
        )

    def _on_about_action_triggered(self) -> None:
        QMessageBox.about(
            self,
            _("About TiepDan"),
            _("TiepDan {version}\n\nDesk software for citizen reception (tiếp công dân).").format(version=__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._leaving:
            if (
                self.form is not None
                and self.form.has_input()
                and not confirm(self, _("Quit TiepDan"), _("The visit on the form is not saved. Quit anyway?"))
            ):
                event.ignore()
                return
            if self.backups.back_up_before_exit(self.close):  # closes again once the backup is written
                self._leaving = True
                self.statusBar().showMessage(_("Backing up the database before TiepDan closes..."))
                if self.centralWidget() is not None:
                    self.centralWidget().setEnabled(False)
                event.ignore()
                return
        self._leaving = False
        self.backups.stop()
        self.office_mode.stop()
        self._settings.geometry = self.saveGeometry()
        if self.form is not None:
            self._settings.splitter = self.splitter.saveState()
        self._settings.sync()
        super().closeEvent(event)
