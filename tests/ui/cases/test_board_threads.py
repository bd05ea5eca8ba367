"""The board read again off the GUI thread after a change: nothing read on the GUI thread meanwhile,
the latest read wins, the selection is kept, a failure is told, and closing during a read is safe.

The stress test is the shape of the crash of docs/platform.md#garbage-collection-off-the-ui-thread:
dropped Qt objects with running timers left in reference cycles while workers read the board.
"""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QObject, QTimer
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from desktop.core.access import NOBODY
from desktop.core.cases.board import board_counts, board_query
from desktop.core.database import Database
from desktop.core.errors import environment_error
from desktop.core.i18n import _
from desktop.ui import errors
from desktop.ui.background import wait_for_workers
from desktop.ui.cases import board as board_module
from desktop.ui.cases.board import DeadlineBoard
from desktop.ui.cases.board_model import NUMBER_ROLE
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import UiSettings
from tests.helpers.waiting import WAIT_MS, WAIT_S
from tests.ui.cases.conftest import add_case, add_petition, working_days_ago


def numbers(board: DeadlineBoard) -> list[str]:
    return [board.model.index(row, 0).data(NUMBER_ROLE) for row in range(board.model.rowCount())]


def alive(obj: QObject) -> bool:
    try:
        obj.objectName()
    except RuntimeError:
        return False
    return True


@pytest.fixture
def statements(database: Database) -> Iterator[list[threading.Thread]]:
    """The thread of every SQL statement the desk's engine runs."""
    seen: list[threading.Thread] = []

    def record(*_args: Any) -> None:
        seen.append(threading.current_thread())

    event.listen(database.engine, "before_cursor_execute", record)
    yield seen
    event.remove(database.engine, "before_cursor_execute", record)


@pytest.fixture
def window(qtbot: QtBot, database: Database, ui_settings: UiSettings) -> MainWindow:
    main = MainWindow(database, ui_settings)
    qtbot.addWidget(main)
    main.show()
    assert main.board is not None
    return main


def test_a_refresh_after_a_change_reads_nothing_on_the_gui_thread(
    qtbot: QtBot, window: MainWindow, database: Database, statements: list[threading.Thread]
) -> None:
    board = window.board
    assert board is not None
    first = add_petition(database, working_days_ago(8))
    with qtbot.waitSignal(board.filled, timeout=WAIT_MS):
        window.hub.petitions_changed.emit()
    assert numbers(board) == [first]
    later = add_case(database, working_days_ago(30), working_days_ago(29))
    del statements[:]  # the change itself was written on this thread; the refresh is what is watched
    with qtbot.waitSignal(board.filled, timeout=WAIT_MS):
        board.refresh_button.click()
    assert set(numbers(board)) == {first, later}
    assert statements
    assert threading.main_thread() not in statements
    assert board.state_combo.count() > 1  # the filter lists came with the rows


def test_the_latest_of_many_refreshes_wins_and_counts_match_the_rows(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    board = window.board
    assert board is not None
    made: list[str] = []
    fills: list[list[str]] = []
    board.filled.connect(lambda: fills.append(numbers(board)))
    for days in (3, 9, 14, 20, 26):
        made.append(add_petition(database, working_days_ago(days)))
        window.hub.petitions_changed.emit()  # each change starts a read; only the last one is shown
    qtbot.waitUntil(lambda: bool(fills) and set(fills[-1]) == set(made), timeout=WAIT_MS)
    assert wait_for_workers(WAIT_S)
    qtbot.waitUntil(gc.isenabled, timeout=WAIT_MS)  # the UI thread saw the last worker end: every answer is in
    assert len(fills) == 1  # the four older answers were dropped, never shown
    with database.sessions() as session:
        counted = board_counts(session, board_query(session, actor=NOBODY))
    assert board.model.total == counted.rows == len(made)
    assert board.counts_label.text() == _(
        "Overdue: {overdue}. Due within {days} working days: {soon}. Owing a report: {owes}. Prolonged: {prolonged}."
    ).format(
        overdue=counted.overdue,
        days=board.within_spin.value(),
        soon=counted.due_soon,
        owes=counted.owes_report,
        prolonged=counted.prolonged,
    )


def test_the_selected_row_stays_selected_after_a_refresh(qtbot: QtBot, window: MainWindow, database: Database) -> None:
    board = window.board
    assert board is not None
    chosen = add_petition(database, working_days_ago(5))
    add_petition(database, working_days_ago(2))
    with qtbot.waitSignal(board.filled, timeout=WAIT_MS):
        window.hub.petitions_changed.emit()
    row = numbers(board).index(chosen)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    board.table.selectionModel().setCurrentIndex(board.proxy.mapFromSource(board.model.index(row, 0)), flags)
    more_urgent = add_case(database, working_days_ago(40), working_days_ago(39))  # comes first: the rows move
    with qtbot.waitSignal(board.filled, timeout=WAIT_MS):
        window.hub.petitions_changed.emit()
    assert numbers(board)[0] == more_urgent
    assert board.table.currentIndex().data(NUMBER_ROLE) == chosen
    assert board.table.selectionModel().isRowSelected(board.table.currentIndex().row())


def test_a_failed_refresh_is_told_in_vietnamese_and_the_rows_stay(
    qtbot: QtBot, window: MainWindow, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = window.board
    assert board is not None
    shown = add_petition(database, working_days_ago(8))
    with qtbot.waitSignal(board.filled, timeout=WAIT_MS):
        window.hub.petitions_changed.emit()
    told: list[tuple[object, str]] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: told.append((parent, str(exc))))

    failure = OperationalError("SELECT", {}, sqlite3.OperationalError("database is locked"))

    def locked(*args: object, **kwargs: object) -> object:
        raise failure

    monkeypatch.setattr(board_module, "read_board", locked)
    board.refresh_button.click()
    qtbot.waitUntil(lambda: bool(told), timeout=WAIT_MS)
    assert told == [(board, str(environment_error(failure)))]
    assert told[0][1].startswith("Cơ sở dữ liệu của bàn tiếp đang bận")  # the tests run in Vietnamese (conftest)
    assert numbers(board) == [shown]  # what was shown stays


@pytest.mark.parametrize("closed", ["board", "window"])
def test_closing_while_a_read_runs_drops_its_answer(
    qtbot: QtBot, database: Database, ui_settings: UiSettings, monkeypatch: pytest.MonkeyPatch, closed: str
) -> None:
    add_petition(database, working_days_ago(8))
    window = MainWindow(database, ui_settings)
    window.show()
    board = window.board
    assert board is not None
    read = board_module.read_board
    started, release = threading.Event(), threading.Event()

    def held(*args: object, **kwargs: object) -> object:
        started.set()
        assert release.wait(WAIT_S)
        return read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(board_module, "read_board", held)
    window.hub.petitions_changed.emit()
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    gone = board if closed == "board" else window
    gone.close()
    gone.deleteLater()
    qtbot.waitUntil(lambda: not alive(board), timeout=WAIT_MS)  # deleted while its read runs
    release.set()
    assert wait_for_workers(WAIT_S)
    qtbot.waitUntil(gc.isenabled, timeout=WAIT_MS)  # the UI thread ran on after the worker ended: nothing came
    if closed == "board":
        assert window.board is board  # the main window outlives its board's answer
        window.close()
        window.deleteLater()


@pytest.mark.parametrize("round_", range(6))
def test_many_refreshes_and_teardowns_among_dropped_qt_objects(
    qtbot: QtBot, database: Database, ui_settings: UiSettings, round_: int
) -> None:
    """Refreshes in a row, Qt objects with running timers dropped in cycles meanwhile, and the window
    closed with reads in flight on odd rounds: without the UI thread's collector a worker freed them
    and the UI thread crashed in its timers."""
    made = [add_petition(database, working_days_ago(4 + index)) for index in range(3)]
    window = MainWindow(database, ui_settings)
    qtbot.addWidget(window)
    window.show()
    board = window.board
    assert board is not None
    for turn in range(8):
        orphan = QDialog()  # a dialog made without a parent and dropped, as the code that made it returned
        orphan.cycle = orphan  # type: ignore[attr-defined]
        QTimer(orphan).start(1)
        del orphan
        if turn % 3:
            window.hub.petitions_changed.emit()  # and another read starts before this one is answered
            continue
        with qtbot.waitSignal(board.filled, timeout=WAIT_MS):  # the UI thread idles while a worker reads
            window.hub.petitions_changed.emit()
    if round_ % 2:
        return  # closed by qtbot with reads still in flight
    qtbot.waitUntil(lambda: set(numbers(board)) == set(made), timeout=WAIT_MS)
    assert wait_for_workers(WAIT_S)
    qtbot.waitUntil(gc.isenabled, timeout=WAIT_MS)
    assert set(numbers(board)) == set(made)
