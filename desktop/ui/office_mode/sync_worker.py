"""The background sync of an office-mode desk: every 30 s while online, backing off while the server is away."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.errors import AppError
from desktop.core.i18n import _
from desktop.ui.background import run_in_background

if TYPE_CHECKING:
    from desktop.core.database import Database
    from desktop.core.office_mode.sync import SyncResult, SyncStatus

log = logging.getLogger(__name__)

# While online, one sync every 30 s; while the server is away: 30 s, 1 min, 2 min, then every 5 min.
INTERVALS_MS = (30_000, 60_000, 120_000, 300_000)


@dataclass(frozen=True)
class SyncOutcome:
    """What one attempt gave: the state after it, and the result or the failure."""

    status: SyncStatus | None  # None only when reading the state failed too (a bug, logged)
    result: SyncResult | None = None
    error: BaseException | None = None


def sync_round(database: Database) -> SyncOutcome:
    """One sync_once and the state after it; runs on a background thread with its own sessions."""
    import desktop.core.cases  # noqa: F401  (the stored due dates follow calendar days the sync pulls)
    from desktop.core.office import current_desk_code
    from desktop.core.office_mode import sync

    with database.sessions() as session:
        desk = current_desk_code(session)
    result: SyncResult | None = None
    error: AppError | None = None
    try:
        if not desk:
            raise AppError(_("This desk has no desk code yet (Settings, Office profile)."))
        result = sync.sync_once(database, desk)
    except AppError as exc:
        log.info("Sync failed: %s", exc)
        error = exc
    return SyncOutcome(status=sync.status(database), result=result, error=error)


class SyncWorker(QObject):
    """Triggers sync rounds off the UI thread; never two at once.

    A request made while a round runs (a save during a sync) starts one more round right after it.
    """

    sync_started = Signal()
    sync_finished = Signal(object)  # SyncOutcome

    def __init__(
        self, database: Database, parent: QObject | None = None, *, intervals_ms: tuple[int, ...] = INTERVALS_MS
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._intervals = intervals_ms
        self._failures = 0
        self._bugs_shown: set[str] = set()
        self._running = False
        self._again = False
        self._active = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sync_now)

    @property
    def is_running(self) -> bool:
        return self._running

    @property
    def failures(self) -> int:
        """Failed rounds in a row (0 while online)."""
        return self._failures

    def start(self) -> None:
        """Sync at once, then on the timer."""
        self._active = True
        self.sync_now()

    def stop(self) -> None:
        self._active = False
        self.timer.stop()

    def sync_now(self) -> bool:
        """Start a round now; False when one is running already (another follows it) or when stopped."""
        if not self._active:
            return False
        if self._running:
            self._again = True
            return False
        self._running = True
        self.timer.stop()
        self.sync_started.emit()
        run_in_background(partial(sync_round, self._database), self._on_done, self._on_bug, parent=self)
        return True

    def next_interval_ms(self) -> int:
        if self._failures == 0:
            return self._intervals[0]
        return self._intervals[min(self._failures - 1, len(self._intervals) - 1)]

    def _on_done(self, outcome: SyncOutcome) -> None:
        self._running = False
        self._failures = self._failures + 1 if outcome.error is not None else 0
        self.sync_finished.emit(outcome)
        if self._again and self._active:
            self._again = False
            self.sync_now()
        elif self._active:
            self.timer.start(self.next_interval_ms())

    def _on_bug(self, exc: BaseException) -> None:
        # Already logged with its traceback by the worker thread; the desk goes on and retries later.
        # A bug is not an outage: it reaches the crash dialog once per kind of failure, so that it
        # is reported instead of hiding behind an "offline" status while the outbox grows.
        signature = f"{type(exc).__name__}: {exc}"
        if signature not in self._bugs_shown:
            self._bugs_shown.add(signature)
            from desktop.ui.errors import show_error

            show_error(None, exc)
        self._on_done(SyncOutcome(status=None, error=exc))
