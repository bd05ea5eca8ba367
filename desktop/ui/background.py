"""Long work off the UI thread: run_in_background(task, on_done, on_error) on a worker thread."""

from __future__ import annotations

import gc
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
COLLECT_MS = 100  # how often the UI thread looks whether a garbage collection is due while workers run
_job_ids = itertools.count(1)
_workers: set[threading.Thread] = set()
_workers_lock = threading.Lock()


class _UiThreadCollector(QObject):
    """While a worker thread lives, Python's cyclic garbage collector runs only here, in the UI thread.

    WORKAROUND: CPython collects reference cycles in whichever thread happens to allocate when the
    collector's threshold is crossed. A worker reading the database allocates a lot, so it was often
    that thread, and it then destroyed Qt objects caught in cycles (a dialog dropped by the code that
    made it, its timers with it) off the UI thread; the UI thread crashed later in Qt's timer list
    (docs/platform.md#garbage-collection-off-the-ui-thread). So the automatic collector is off from
    the first worker's start until the last one has ended, and this timer collects meanwhile, a
    generation at a time when its threshold is passed, as the automatic collector would.
    """

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(COLLECT_MS)
        self._timer.timeout.connect(self.collect)
        self._was_enabled = True

    @classmethod
    def of(cls, app: QObject) -> _UiThreadCollector:
        found = app.findChild(cls, "", Qt.FindChildOption.FindDirectChildrenOnly)
        return found if isinstance(found, cls) else cls(app)

    def hold(self) -> None:
        """Called in the UI thread before a worker starts: no automatic collection until it has ended."""
        if not self._timer.isActive():
            self._was_enabled = gc.isenabled()
            gc.disable()
            self._timer.start()

    def collect(self) -> None:
        """Collect a generation when its threshold is passed; once every worker has ended, hand back."""
        with _workers_lock:
            ended = {worker for worker in _workers if not worker.is_alive()}  # no Python of theirs runs any more
            _workers.difference_update(ended)
            running = bool(_workers)
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = [generation for generation in range(3) if counts[generation] > thresholds[generation]]
        if due:
            gc.collect(max(due))
        if not running:
            self._timer.stop()
            if self._was_enabled:
                gc.enable()


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

    @property
    def answers(self) -> queue.SimpleQueue[tuple[int, bool, Any]]:
        """Where a worker puts ``(job_id, succeeded, value)``: a plain queue, the worker's only link to the UI."""
        return self._answers

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


def _run(task: Callable[[], Any], answer: Callable[[tuple[int, bool, Any]], None], job_id: int) -> None:
    """The worker thread: ``answer`` is the dispatcher's queue's ``put``, never the dispatcher (a Qt object)."""
    try:
        succeeded, value = True, task()
    except Exception as exc:
        if isinstance(exc, AppError):
            log.info("Background task failed: %s", exc)
        else:
            log.exception("Background task raised a bug")
        succeeded, value = False, exc
    answer((job_id, succeeded, value))  # dropped with the dispatcher if its owner is gone


def run_in_background(
    task: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    *,
    parent: QObject | None = None,
) -> None:
    """Run ``task()`` on a worker thread; then ``on_done(result)`` or ``on_error(exc)`` in the UI thread.

    The task opens its own sessions (sessions are not thread-safe) and never touches a widget, nor
    holds one: what it captures is released on the worker thread. When ``parent`` (default: the
    application) is destroyed first, the callbacks are dropped. While a worker runs, garbage is
    collected in the UI thread only (``_UiThreadCollector``).
    """
    app = QCoreApplication.instance()
    assert app is not None, "run_in_background needs a QApplication"
    owner = parent if parent is not None else app
    dispatcher = _Dispatcher.of(owner)
    job_id = dispatcher.add(on_done, on_error)
    _UiThreadCollector.of(app).hold()
    worker = threading.Thread(
        target=_run, args=(task, dispatcher.answers.put, job_id), name=f"tiepdan-job-{job_id}", daemon=True
    )
    with _workers_lock:
        _workers.add(worker)
    worker.start()


def wait_for_workers(timeout: float = 5.0) -> bool:
    """True when every worker thread has finished within ``timeout`` seconds (tests, shutdown).

    The threads stay listed until the UI thread's collector has seen them end (it turns the
    automatic garbage collector on again then).
    """
    with _workers_lock:
        running = list(_workers)
    for worker in running:
        worker.join(timeout)
    return not any(worker.is_alive() for worker in running)
