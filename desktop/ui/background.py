"""Long work off the UI thread: run_in_background(task, on_done, on_error) on a worker thread."""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer

from desktop.core.errors import AppError

log = logging.getLogger(__name__)

POLL_MS = 20
_job_ids = itertools.count(1)
_workers: set[threading.Thread] = set()
_workers_lock = threading.Lock()


class _Dispatcher(QObject):
    """One per requesting object, in the UI thread: keeps the callbacks and picks up the answers.

    WORKAROUND: the worker threads never touch Qt. PySide6 6.12 on Python 3.11 leaks references
    through queued signals and crashed now and then (segfault in ~QObject, seen in CI) when a
    signal was emitted from a QThreadPool thread; answers now go through a plain queue.SimpleQueue
    that a QTimer of the UI thread drains while jobs are pending (docs/platform.md#signals-from-worker-threads).
    """

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[BaseException], None]]] = {}
        self._answers: queue.SimpleQueue[tuple[int, bool, Any]] = queue.SimpleQueue()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._deliver)

    @classmethod
    def of(cls, parent: QObject) -> _Dispatcher:
        found = parent.findChild(cls, "", Qt.FindChildOption.FindDirectChildrenOnly)
        return found if isinstance(found, cls) else cls(parent)

    def add(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> int:
        job_id = next(_job_ids)
        self._callbacks[job_id] = (on_done, on_error)
        if not self._timer.isActive():
            self._timer.start()
        return job_id

    def answer(self, job_id: int, succeeded: bool, value: Any) -> None:
        """Called on the worker thread: only a Python queue is touched."""
        self._answers.put((job_id, succeeded, value))

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    def _deliver(self) -> None:
        while True:
            try:
                job_id, succeeded, value = self._answers.get_nowait()
            except queue.Empty:
                break
            on_done, on_error = self._callbacks.pop(job_id)
            if succeeded:
                on_done(value)
            else:
                on_error(value)
        if not self._callbacks:
            self._timer.stop()


def _run(task: Callable[[], Any], dispatcher: _Dispatcher, job_id: int) -> None:
    try:
        succeeded, value = True, task()
    except Exception as exc:
        if isinstance(exc, AppError):
            log.info("Background task failed: %s", exc)
        else:
            log.exception("Background task raised a bug")
        succeeded, value = False, exc
    dispatcher.answer(job_id, succeeded, value)  # dropped with the dispatcher if its owner is gone
    with _workers_lock:
        _workers.discard(threading.current_thread())


def run_in_background(
    task: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    *,
    parent: QObject | None = None,
) -> None:
    """Run ``task()`` on a worker thread; then ``on_done(result)`` or ``on_error(exc)`` in the UI thread.

    The task opens its own sessions (sessions are not thread-safe) and never touches a widget.
    When ``parent`` (default: the application) is destroyed first, the callbacks are dropped.
    """
    owner = parent if parent is not None else QCoreApplication.instance()
    assert owner is not None, "run_in_background needs a QApplication"
    dispatcher = _Dispatcher.of(owner)
    job_id = dispatcher.add(on_done, on_error)
    worker = threading.Thread(target=_run, args=(task, dispatcher, job_id), name=f"tiepdan-job-{job_id}", daemon=True)
    with _workers_lock:
        _workers.add(worker)
    worker.start()


def wait_for_workers(timeout: float = 5.0) -> bool:
    """True when every worker thread has finished within ``timeout`` seconds (tests, shutdown)."""
    with _workers_lock:
        running = list(_workers)
    for worker in running:
        worker.join(timeout)
    return not any(worker.is_alive() for worker in running)
