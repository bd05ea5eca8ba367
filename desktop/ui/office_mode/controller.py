"""Wires office mode into the main window: menu actions, the status panel, the sync worker, the dialogs."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QMetaMethod, QObject, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from desktop.core.errors import AppError
from desktop.core.i18n import _, ngettext
from desktop.ui.background import wait_for_workers
from desktop.ui.errors import show_error
from desktop.ui.office_mode.status import SyncStatusPanel

if TYPE_CHECKING:
    from desktop.core.database import Database
    from desktop.ui.hub import Hub
    from desktop.ui.office_mode.sync_worker import SyncOutcome, SyncWorker

log = logging.getLogger(__name__)

SYNC_SHORTCUT = "Ctrl+Shift+S"
MESSAGE_TIMEOUT_MS = 15000
QUIT_WAIT_MS = 8000  # a round gives up within the server connect timeout (5 s)


def change_signals(hub: QObject) -> list[SignalInstance]:
    """Every ``…_changed`` signal of the hub: each one follows a local save (visits, office, petitions)."""
    meta = hub.metaObject()
    names = []
    for index in range(meta.methodOffset(), meta.methodCount()):
        method = meta.method(index)
        name = bytes(method.name().data()).decode()
        if method.methodType() == QMetaMethod.MethodType.Signal and name.endswith("_changed"):
            names.append(name)
    return [getattr(hub, name) for name in names]


class OfficeModeController(QObject):
    """Owned by the main window; knows nothing of the form or the book, only the hub.

    Every local save announced on the hub refreshes the panel and asks for a sync; after a sync
    that brought changes, every screen is told through the same signals (without a new sync).

    The core modules (SQLAlchemy) are imported on first use, so the window still opens fast.
    """

    def __init__(self, window: QMainWindow, hub: Hub) -> None:
        super().__init__(window)
        self._window = window
        self._hub = hub
        self._database: Database | None = None
        self.worker: SyncWorker | None = None
        self._echo = False  # True while we announce what a sync brought: that is no local save
        self._mismatch_shown = False
        self._last_problem = ""
        self._build_actions()
        self.status_panel = SyncStatusPanel()
        self.status_panel.conflicts_requested.connect(self.show_conflicts)
        self.status_panel.rejections_requested.connect(self.show_rejections)
        for signal in change_signals(hub):
            signal.connect(self._on_local_change)

    def _build_actions(self) -> None:
        self.sync_now_action = QAction(_("S&ync now"), self._window)
        self.sync_now_action.setShortcut(QKeySequence(SYNC_SHORTCUT))
        self.sync_now_action.setToolTip(_("Send this desk's changes to the office server and fetch the others'"))
        self.sync_now_action.setEnabled(False)
        self.sync_now_action.triggered.connect(self.sync_now)
        self.server_action = QAction(_("Office &server..."), self._window)
        self.server_action.setEnabled(False)
        self.server_action.triggered.connect(self.show_server_settings)
        self.conflicts_action = QAction(_("&Conflicts..."), self._window)
        self.conflicts_action.setEnabled(False)
        self.conflicts_action.triggered.connect(self.show_conflicts)

    def attach(self, database: Database) -> None:
        """The database is open: show the state and, on an office-mode desk, start syncing."""
        self._database = database
        self.server_action.setEnabled(True)
        self.conflicts_action.setEnabled(True)
        if self.refresh_status():
            self._start_worker()

    def refresh_status(self) -> bool:
        """Show the current state; True on an office-mode desk."""
        from desktop.core.office_mode import sync

        if self._database is None:
            return False
        state = sync.status(self._database)
        is_office = bool(state.server)
        if is_office:
            self.status_panel.show_status(state)
        else:
            self.status_panel.show_single_desk()
        self.sync_now_action.setEnabled(is_office)
        return is_office

    def sync_now(self) -> None:
        if self.worker is not None:
            self.worker.sync_now()

    def stop(self) -> None:
        """No more rounds; a round under way may finish (the window is closing, the database stays open)."""
        if self.worker is not None:
            self.worker.stop()
            if self.worker.is_running:
                wait_for_workers(QUIT_WAIT_MS / 1000)

    def _start_worker(self) -> None:
        from desktop.ui.office_mode.sync_worker import SyncWorker

        assert self._database is not None
        if self.worker is None:
            self.worker = SyncWorker(self._database, self)
            self.worker.sync_started.connect(lambda: self.status_panel.set_busy(True))
            self.worker.sync_finished.connect(self.show_outcome)
        self.worker.start()

    def _on_local_change(self) -> None:
        if self._echo or self._database is None:
            return
        if self.refresh_status():
            self.sync_now()

    def show_outcome(self, outcome: SyncOutcome) -> None:
        """The state after a sync round; a failure goes to the status bar (a schema mismatch also to a box, once)."""
        self.status_panel.set_busy(False)
        if outcome.status is not None:
            self.status_panel.show_status(outcome.status)
        if outcome.error is not None:
            self._report(outcome.error)
        else:
            self.status_panel.set_problem("")
            self._last_problem = ""
        result = outcome.result
        if result is not None and result.rejected:
            self._tell_refused(result.rejected)
        if result is not None and (result.pulled or result.conflicts):
            self._announce_remote_changes()

    def _tell_refused(self, count: int) -> None:
        """New refusals: said once in the status bar (the panel keeps the count, as a link to the list)."""
        bar = self._window.statusBar()
        if not bar.currentMessage():
            message = ngettext(
                "The server refused {n} change; see Settings, Office server, Refused changes.",
                "The server refused {n} changes; see Settings, Office server, Refused changes.",
                count,
            ).format(n=count)
            bar.showMessage(message, MESSAGE_TIMEOUT_MS)

    def _report(self, exc: BaseException) -> None:
        """A failed sync goes to the status bar; only a schema mismatch shows a box, once."""
        from desktop.core.office_mode.server import SchemaMismatchError

        if isinstance(exc, AppError):
            message = str(exc)
        else:
            message = _("The sync stopped on an error inside TiepDan; the details are in the log file.")
        self.status_panel.set_problem(message)
        bar = self._window.statusBar()
        if message != self._last_problem and not bar.currentMessage():  # never hide "Saved D01-2026-000123"
            bar.showMessage(message, MESSAGE_TIMEOUT_MS)
        self._last_problem = message
        if isinstance(exc, SchemaMismatchError) and not self._mismatch_shown:
            self._mismatch_shown = True
            show_error(self._window, exc)

    def _announce_remote_changes(self) -> None:
        """Screens reload what other desks wrote; this is not a local save, so no new sync follows."""
        self._echo = True
        try:
            for signal in change_signals(self._hub):
                signal.emit()
        finally:
            self._echo = False

    def show_server_settings(self) -> None:
        from desktop.ui.office_mode.server_dialog import ServerDialog

        if self._database is None:
            return
        before = self._outbox_state()
        if not ServerDialog.ask(self._window, self._database):
            if self._outbox_state() != before:  # refused changes were sent again or kept local in it
                self._on_local_change()
            return
        self._announce_remote_changes()  # the desk code and the office profile may have changed
        if self.refresh_status():
            self._start_worker()

    def show_rejections(self) -> None:
        from desktop.ui.office_mode.rejections_dialog import RejectionsDialog

        if self._database is not None and RejectionsDialog.ask(self._window, self._database):
            self._on_local_change()  # what is to be sent again goes at once; the counts change either way

    def _outbox_state(self) -> tuple[int, int, int]:
        from desktop.core.office_mode import sync

        assert self._database is not None
        state = sync.status(self._database)
        return state.pending, state.rejected, state.kept_local

    def show_conflicts(self) -> None:
        from desktop.ui.office_mode.conflicts_dialog import ConflictsDialog

        if self._database is None:
            return
        if ConflictsDialog.ask(self._window, self._database):
            self._announce_remote_changes()  # screens show the version kept
            self._on_local_change()  # a kept desk version waits in the outbox: send it
