"""run_in_background: the task runs on a worker thread, its answer comes back in the UI thread."""

from __future__ import annotations

import threading
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
