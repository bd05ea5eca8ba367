"""run_in_background: the task runs on a worker thread, its answer comes back in the UI thread."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Callable

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from desktop.core.errors import AppError
from desktop.ui.background import run_in_background, wait_for_workers
from tests.helpers.waiting import WAIT_MS, WAIT_S


def test_result_and_error_arrive_in_the_ui_thread(qtbot: QtBot) -> None:
    owner = QObject()
    ui_thread = threading.get_ident()
    seen: list[tuple[str, object, bool]] = []

    def record(kind: str) -> Callable[[object], None]:
        return lambda value: seen.append((kind, str(value), threading.get_ident() == ui_thread))

    def task() -> str:
        return f"ran on the UI thread: {threading.get_ident() == ui_thread}"

    def failing() -> None:
        raise AppError("The server is away")

    run_in_background(task, record("done"), record("error"), parent=owner)
    run_in_background(failing, record("done"), record("error"), parent=owner)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=WAIT_MS)
    assert sorted(seen) == [("done", "ran on the UI thread: False", True), ("error", "The server is away", True)]


def test_answer_for_a_destroyed_owner_is_dropped(qtbot: QtBot) -> None:
    owner = QObject()
    release = threading.Event()
    seen: list[object] = []
    run_in_background(lambda: release.wait(WAIT_S), seen.append, seen.append, parent=owner)
    deliverers = owner.findChildren(QObject)  # the dispatcher whose timer would hand the answer over
    assert deliverers
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner), timeout=WAIT_MS)
    assert not any(_alive(child) for child in deliverers)  # nothing is left that could deliver it
    release.set()
    assert wait_for_workers(WAIT_S)  # the task has answered, into the dispatcher that is gone
    # A job answered after it is delivered: the event loop has run since, and still nothing came.
    later = QObject()
    run_in_background(lambda: "later", seen.append, seen.append, parent=later)
    qtbot.waitUntil(lambda: seen != [], timeout=WAIT_MS)
    assert seen == ["later"]


def _alive(obj: QObject) -> bool:
    try:
        obj.objectName()
    except RuntimeError:
        return False
    return True


@pytest.fixture(autouse=True)
def _pool_is_idle() -> None:
    assert wait_for_workers(WAIT_S)


def test_a_locked_database_in_a_slot_is_told_not_crashed(monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from desktop.ui import errors

    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: shown.append(str(exc)))
    with errors.reporting_errors(None):
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
    assert len(shown) == 1


def test_garbage_a_worker_would_collect_is_collected_in_the_ui_thread(qtbot: QtBot) -> None:
    """A Qt object dropped in a reference cycle is destroyed in the UI thread, not by a busy worker.

    Python collects cycles in whichever thread allocates past the threshold: before the fix, the
    worker below destroyed the object (docs/platform.md#garbage-collection-off-the-ui-thread).
    """
    ui_thread = threading.get_ident()
    destroyed_in: list[int] = []
    answers: list[object] = []
    gc.collect()
    dropped = QObject()
    dropped.cycle = [dropped]  # type: ignore[attr-defined]  (only the cyclic collector frees it)
    weakref.finalize(dropped, lambda: destroyed_in.append(threading.get_ident()))
    del dropped

    def allocate() -> list[list[int]]:  # what a read of the database does: many new objects, handed back
        return [[index] for index in range(100_000)]

    run_in_background(allocate, answers.append, answers.append)
    qtbot.waitUntil(lambda: bool(answers) and bool(destroyed_in), timeout=WAIT_MS)
    assert [len(answer) for answer in answers] == [100_000]  # type: ignore[arg-type]
    assert destroyed_in == [ui_thread]
    assert wait_for_workers(WAIT_S)
    qtbot.waitUntil(gc.isenabled, timeout=WAIT_MS)  # handed back once the worker has ended


def test_a_worker_holds_no_qt_object(qtbot: QtBot) -> None:
    """The worker gets the answers' queue, not the dispatcher: a Qt object it released would go off the UI thread."""
    owner = QObject()
    seen: list[object] = []
    started = threading.Event()
    release = threading.Event()

    def task() -> str:
        started.set()
        release.wait(WAIT_S)
        return "done"

    run_in_background(task, seen.append, seen.append, parent=owner)
    assert started.wait(WAIT_S)
    worker = next(thread for thread in threading.enumerate() if thread.name.startswith("tiepdan-job-"))
    held = [*getattr(worker, "_args", ()), getattr(worker, "_target", None)]
    assert not [item for item in held if isinstance(item, QObject) or isinstance(getattr(item, "__self__", 0), QObject)]
    release.set()
    qtbot.waitUntil(lambda: seen == ["done"], timeout=WAIT_MS)
