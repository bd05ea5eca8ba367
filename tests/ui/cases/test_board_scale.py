"""The board at scale: rows handed to the view as it scrolls, sorted whole, read off the GUI thread."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.core.cases.board import BoardRow
from desktop.core.database import Database
from desktop.ui.cases import board as board_module
from desktop.ui.cases.board import DeadlineBoard
from desktop.ui.cases.board_model import NUMBER_ROLE, BoardModel
from desktop.ui.widgets.record_model import paged_proxy, record_view
from tests.ui.cases.conftest import add_case, working_days_ago


def fetch_all(model: BoardModel) -> None:
    while model.canFetchMore():
        model.fetchMore()


def _rows(count: int) -> list[BoardRow]:
    first = dt.date(2026, 1, 5)
    return [
        BoardRow(
            kind="case",
            number=f"D01-2026-V{index:05d}",
            citizen_name="Nguyễn Thị Ánh Tuyết",
            summary="Khiếu nại quyết định thu hồi đất",
            state="Đang xác minh",
            due_on=first + dt.timedelta(days=index % 97),
            days_left=index % 97 - 40,
            owes_report=index % 5 == 0,
            is_prolonged=False,
        )
        for index in range(count)
    ]


def test_a_big_board_is_handed_out_a_page_at_a_time_and_passes_the_model_tester(qtmodeltester: object) -> None:
    model = BoardModel()
    model.set_rows(_rows(3 * BoardModel.PAGE + 7))
    assert model.rowCount() == BoardModel.PAGE
    assert model.total == 3 * BoardModel.PAGE + 7
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * BoardModel.PAGE
    qtmodeltester.check(model)  # type: ignore[attr-defined]  (it fetches more itself)
    fetch_all(model)
    assert model.rowCount() == model.total
    assert not model.canFetchMore()
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_a_header_click_sorts_every_row_not_only_those_fetched(qtbot: QtBot) -> None:
    model = BoardModel()
    rows = _rows(5 * BoardModel.PAGE)
    model.set_rows(rows)
    view = record_view(model, proxy=paged_proxy(model))
    qtbot.addWidget(view)
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data(NUMBER_ROLE) == max(row.number for row in rows)  # not among the first page
    assert model.rowCount() <= 2 * BoardModel.PAGE  # sorted, still not all handed out
    view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    fetch_all(model)
    dues = [model.record(index).due_on for index in range(model.rowCount())]
    assert dues == sorted(row.due_on for row in rows)


def test_the_board_is_read_off_the_gui_thread_and_shown_when_read(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = add_case(database, working_days_ago(30), working_days_ago(25))
    readers: list[threading.Thread] = []
    read = board_module.read_board

    def recorded(*args: object, **kwargs: object) -> board_module.BoardRead:
        readers.append(threading.current_thread())
        return read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(board_module, "read_board", recorded)
    board = DeadlineBoard(database, background=True)
    qtbot.addWidget(board)
    with qtbot.waitSignal(board.filled):
        pass
    assert readers
    assert all(reader is not threading.main_thread() for reader in readers)
    assert [board.model.index(row, 0).data(NUMBER_ROLE) for row in range(board.model.rowCount())] == [case]


def test_an_answer_older_than_the_last_read_is_dropped(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.ui.background import _Dispatcher

    case = add_case(database, working_days_ago(30), working_days_ago(25))
    read = board_module.read_board

    def stale_off_the_gui_thread(*args: object, **kwargs: object) -> board_module.BoardRead:
        answer = read(*args, **kwargs)  # type: ignore[arg-type]
        if threading.current_thread() is not threading.main_thread():
            return replace(answer, total=0, first=[])  # what the board held before the case, say
        return answer

    monkeypatch.setattr(board_module, "read_board", stale_off_the_gui_thread)
    board = DeadlineBoard(database, background=True)
    qtbot.addWidget(board)
    fills: list[int] = []
    board.filled.connect(lambda: fills.append(board.model.rowCount()))
    board.refresh()  # a later read, done at once
    qtbot.wait_until(lambda: _Dispatcher.of(board).pending == 0)  # the worker's answer was delivered
    assert fills == [1]
    assert board.model.index(0, 0).data(NUMBER_ROLE) == case
