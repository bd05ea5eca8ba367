"""Long work off the UI thread: run_in_background(task, on_done, on_error) on the global QThreadPool."""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from desktop.core.errors import AppError

log = logging.getLogger(__name__)

_job_ids = itertools.count(1)


class _Dispatcher(QObject):
    """One per requesting object, in the UI thread: keeps the callbacks and the answers of its jobs.

    WORKAROUND: only a job number crosses threads. PySide6 6.12 leaks a reference to every Python
    object sent through a queued ``Signal(object)``, and deleting a per-job QObject with
    deleteLater after its queued slot ran crashed in ~QObject now and then (seen in pytest-qt).
    """

    finished = Signal(int)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[BaseException], None]]] = {}
        self._answers: dict[int, tuple[bool, Any]] = {}
        # Connected to our own slot: we live in the UI thread, so Qt queues calls from pool threads.
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @classmethod
    def of(cls, parent: QObject) -> _Dispatcher:
        found = parent.findChild(cls, "", Qt.FindChildOption.FindDirectChildrenOnly)
        return found if isinstance(found, cls) else cls(parent)

    def add(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> int:
        job_id = next(_job_ids)
        with self._lock:
            self._callbacks[job_id] = (on_done, on_error)
        return job_id

    def answer(self, job_id: int, succeeded: bool, value: Any) -> None:
        """Called on the pool thread."""
        with self._lock:
            self._answers[job_id] = (succeeded, value)
        self.finished.emit(job_id)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._callbacks)

    @Slot(int)
    def _deliver(self, job_id: int) -> None:
        with self._lock:
            on_done, on_error = self._callbacks.pop(job_id)
            succeeded, value = self._answers.pop(job_id)
        if succeeded:
            on_done(value)
        else:
            on_error(value)


class _Runnable(QRunnable):
    def __init__(self, task: Callable[[], Any], dispatcher: _Dispatcher, job_id: int) -> None:
        super().__init__()
        self._task = task
        self._dispatcher = dispatcher
        self._job_id = job_id

    def run(self) -> None:
        try:
            succeeded, value = True, self._task()
        except Exception as exc:
            if isinstance(exc, AppError):
                log.info("Background task failed: %s", exc)
            else:
                log.exception("Background task raised a bug")
            succeeded, value = False, exc
        try:
            self._dispatcher.answer(self._job_id, succeeded, value)
        except RuntimeError:  # the requesting object is gone (a closed dialog): nobody waits for the answer
            log.debug("Background result dropped: its receiver is gone")


def run_in_background(
    task: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    *,
    parent: QObject | None = None,
    pool: QThreadPool | None = None,
) -> None:
    """Run ``task()`` on a pool thread; then ``on_done(result)`` or ``on_error(exc)`` in the UI thread.

    The task opens its own sessions (sessions are not thread-safe) and never touches a widget.
    When ``parent`` (default: the application) is destroyed first, the callbacks are dropped.
    """
    owner = parent if parent is not None else QCoreApplication.instance()
    assert owner is not None, "run_in_background needs a QApplication"
    dispatcher = _Dispatcher.of(owner)
    job_id = dispatcher.add(on_done, on_error)
    runnable = _Runnable(task, dispatcher, job_id)
    runnable.setAutoDelete(True)
    (pool or QThreadPool.globalInstance()).start(runnable)
