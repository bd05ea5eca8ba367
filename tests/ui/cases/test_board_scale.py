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
from tests.helpers.waiting import WAIT_MS, WAIT_S
from tests.ui.cases.conftest import add_case, add_petition, working_days_ago


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
    # The filter lists are read apart, after the rows, off the GUI thread too.
    qtbot.wait_until(lambda: board.state_combo.count() == 2, timeout=10_000)
    assert board.state_combo.itemData(1) == "verifying"


def test_an_answer_older_than_the_last_read_is_dropped(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.ui.background import _Dispatcher

    case = add_case(database, working_days_ago(30), working_days_ago(25))
    read = board_module.read_board
    first_started, first_released = threading.Event(), threading.Event()
    calls: list[int] = []

    def first_is_late(*args: object, **kwargs: object) -> board_module.BoardRead:
        calls.append(len(calls))
        answer = read(*args, **kwargs)  # type: ignore[arg-type]
        if len(calls) == 1:  # the first fill: answered only after the refresh below was shown
            first_started.set()
            assert first_released.wait(WAIT_S)
            return replace(answer, total=0, first=[])  # what the board held before the case, say
        return answer

    monkeypatch.setattr(board_module, "read_board", first_is_late)
    board = DeadlineBoard(database, background=True)
    qtbot.addWidget(board)
    fills: list[int] = []
    board.filled.connect(lambda: fills.append(board.model.rowCount()))
    qtbot.wait_until(first_started.is_set, timeout=WAIT_MS)
    with qtbot.waitSignal(board.filled, timeout=WAIT_MS):
        board.refresh()  # a later read, answered first
    first_released.set()
    qtbot.wait_until(lambda: _Dispatcher.of(board).pending == 0, timeout=WAIT_MS)  # the late answer was delivered
    assert fills == [1]
    assert board.model.index(0, 0).data(NUMBER_ROLE) == case


@pytest.fixture
def thirteen(database: Database, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Thirteen petitions on the board, pages of five: three pages."""
    monkeypatch.setattr(BoardModel, "PAGE", 5)
    return [add_petition(database, working_days_ago(20 - index)) for index in range(13)]


def counted_pages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Every SQL page the board reads: (offset, limit)."""
    pages: list[tuple[int, int]] = []
    read = board_module.board_page

    def recorded(session: object, query: object, offset: int, limit: int, **kwargs: object) -> list[BoardRow]:
        pages.append((offset, limit))
        return read(session, query, offset, limit, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(board_module, "board_page", recorded)
    return pages


def test_the_lazy_board_model_over_sql_pages_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: object, database: Database, thirteen: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = counted_pages(monkeypatch)
    board = DeadlineBoard(database)
    qtbot.addWidget(board)
    model = board.model
    assert model.query is not None  # rows read from SQL, not a list
    assert (model.rowCount(), model.total) == (5, 13)
    assert pages == [(0, 5)]  # one page read, not the board
    assert model.canFetchMore()
    qtmodeltester.check(model)  # type: ignore[attr-defined]  (it fetches more itself)
    fetch_all(model)
    assert [model.index(row, 0).data(NUMBER_ROLE) for row in range(model.rowCount())] == thirteen  # by due date
    assert not model.canFetchMore()
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_scrolling_the_board_fetches_the_next_pages(
    qtbot: QtBot, database: Database, thirteen: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = counted_pages(monkeypatch)
    board = DeadlineBoard(database)
    qtbot.addWidget(board)
    board.resize(900, 300)
    board.show()
    qtbot.waitExposed(board)
    assert board.model.rowCount() == 5
    for shown_after in (10, 13):  # pages of 5: the view asks for the next one when it reaches the bottom
        board.table.scrollToBottom()
        qtbot.wait_until(lambda rows=shown_after: board.model.rowCount() == rows, timeout=10_000)
    assert (5, 5) in pages
    assert (10, 5) in pages
    shown = [board.model.index(row, 0).data(NUMBER_ROLE) for row in range(13)]
    assert shown == thirteen


def test_a_header_click_orders_the_sql_rows_and_filters_are_read_in_sql(
    qtbot: QtBot, database: Database, thirteen: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    board = DeadlineBoard(database)
    qtbot.addWidget(board)
    board.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert board.model.rowCount() == 5  # still one page
    assert board.model.index(0, 0).data(NUMBER_ROLE) == max(thirteen)
    pages = counted_pages(monkeypatch)
    board.show_filter(board.overdue_button)
    assert pages == [(0, 5)]
    query = board.model.query
    assert query is not None
    assert query.view == "overdue"
    assert query.sort == (0, True)  # the order chosen is kept
    overdue = [board.model.index(row, 0).data(NUMBER_ROLE) for row in range(board.model.rowCount())]
    assert overdue
    assert overdue == sorted(overdue, reverse=True)
    assert board.model.total < 13
