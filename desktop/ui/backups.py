"""Automatic backups of the desk's database: once a day (checked soon after start, then hourly) and on exit.

Every backup runs on a worker thread (desktop.ui.background): the window never waits on one,
except on exit, where the window stays up with a message until the backup is written. The
start's check waits ``FIRST_CHECK_MS`` after the window is usable: the copy of a large database
(gigabytes, then its integrity check) would otherwise take the disk and a core from the start
and the first visits. A desk closed before then still makes its exit backup.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.errors import AppError
from desktop.core.i18n import _
from desktop.ui.background import run_in_background

if TYPE_CHECKING:
    from desktop.core.backup.automatic import AutoBackup
    from desktop.core.database import Database

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 3600 * 1000  # a desk left on overnight makes its daily backup too
FIRST_CHECK_MS = 60 * 1000  # after start: the day's backup once the desk is at work, not during its start


class AutoBackups(QObject):
    """Idle until ``start``: a window built in a test makes no backups of its own."""

    reported = Signal(str)  # a line for the status bar
    finished = Signal()  # a backup was written, or failed (``last``, ``last_error``)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database: Database | None = None
        self._busy = False
        self._idle = threading.Event()
        self._idle.set()
        self._exit_wanted = False
        self._exit_running = False
        self._then: Callable[[], None] | None = None
        self.last: AutoBackup | None = None
        self.last_error: str | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.back_up_if_due)
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.timeout.connect(self.back_up_if_due)

    @property
    def active(self) -> bool:
        return self._database is not None

    @property
    def busy(self) -> bool:
        return self._busy

    def start(self, database: Database, *, first_check_ms: int | None = None) -> None:
        """Back up ``database`` from now on: ``first_check_ms`` (default FIRST_CHECK_MS) from now if the
        last backup is older than a day, then whenever a day has passed (checked hourly)."""
        if not database.is_sqlite:
            return  # a server's database is backed up on the server (tiepdan backup --db)
        self._database = database
        self._timer.start()
        self._first.start(FIRST_CHECK_MS if first_check_ms is None else first_check_ms)

    def stop(self) -> None:
        self._timer.stop()
        self._first.stop()
        self._database = None

    def back_up_if_due(self) -> None:
        """A backup when the last one is older than a day: checked, like the backup, on a worker thread."""
        if self._database is not None and not self._busy:
            self._run(only_if_due=True)

    def back_up_before_exit(self, then: Callable[[], None]) -> bool:
        """Start the exit backup, then call ``then``; False (and nothing started) when there is none to make."""
        if self._database is None:
            return False
        self._then, self._exit_wanted = then, True
        if not self._busy:
            self._start_exit()
        return True

    def wait(self, timeout: float = 120.0) -> bool:
        """Block until no backup is being written (the application is quitting); True when none is."""
        return self._idle.wait(timeout)

    def _start_exit(self) -> None:
        self._first.stop()  # the exit backup is the day's backup
        self._exit_wanted, self._exit_running = False, True
        self._run()

    def _run(self, *, only_if_due: bool = False) -> None:
        database = self._database
        assert database is not None
        self._busy = True
        self._idle.clear()

        def task() -> AutoBackup | None:
            try:
                # Imported here, off the GUI thread: the backup's modules (cryptography) wait for their first use.
                from desktop.core.backup.automatic import is_due, make_backup

                if only_if_due and not is_due(database.data_dir):
                    return None
                return make_backup(database)
            finally:
                self._idle.set()

        run_in_background(task, self._on_done, self._on_failed, parent=self)

    def _on_done(self, backup: AutoBackup | None) -> None:
        self.last_error = None
        if backup is not None:  # None: not due (or a server's database)
            self.last = backup
            log.info(
                "Automatic backup written (%s); %d older removed",
                "encrypted" if backup.encrypted else "plain copy",
                backup.removed,
            )
            self.reported.emit(_("Automatic backup saved."))
        self._next()

    def _on_failed(self, exc: BaseException) -> None:
        self.last_error = str(exc) if isinstance(exc, AppError) else _("The automatic backup failed: see the log.")
        log.warning("Automatic backup failed: %s", self.last_error)
        self.reported.emit(self.last_error)
        self._next()

    def _next(self) -> None:
        self._busy = False
        self.finished.emit()
        if self._exit_running:
            self._exit_running = False
            then, self._then = self._then, None
            if then is not None:
                then()
        elif self._exit_wanted:
            self._start_exit()
