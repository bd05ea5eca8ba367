"""The search field: F3 or Ctrl+F from anywhere, Enter searches, Enter opens; the results model is lazy."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.core.confidentiality import MASKED_NAME
from desktop.core.database import Database
from desktop.core.finding.search import Hit, Kind, Page
from desktop.ui.background import wait_for_workers
from desktop.ui.finding.model import HIT_ROLE, SearchResultsModel
from desktop.ui.main_window import MainWindow
from desktop.ui.reception.visit_dialog import VisitDialog
from desktop.ui.settings import UiSettings
from tests.core.finding.test_search import _record
from tests.core.test_confidentiality import _plant
from tests.helpers.waiting import WAIT_MS
from tests.ui.conftest import type_text


def _pages(per_kind: dict[Kind, int], size: int = 10):
    """A fetch over made-up hits: ``per_kind[kind]`` of each kind, ``size`` a page; the offsets asked."""
    asked: list[tuple[Kind, int]] = []

    def fetch(kind: Kind, offset: int) -> Page:
        asked.append((kind, offset))
        total = per_kind.get(kind, 0)
        hits = tuple(
            Hit(kind=kind, number=f"{kind}-{n}", title=f"Tên {n}", date=dt.date(2026, 3, 5), score=0.5)
            for n in range(offset, min(offset + size, total))
        )
        return Page(hits=hits, next_offset=offset + size if offset + size < total else None)

    return fetch, asked


def _titles(model: SearchResultsModel) -> list[str]:
    return [hit.title for row in range(model.rowCount()) if (hit := model.hit(row)) is not None]


def test_the_model_fetches_page_by_page_and_passes_the_model_tester(qtmodeltester) -> None:
    model = SearchResultsModel()
    fetch, asked = _pages({"citizen": 25, "case": 3})
    model.start(fetch)
    assert model.rowCount() == 11  # the heading and the first page only
    assert model.index(0, 0).data() == "Công dân"
    assert model.index(1, 0).data(HIT_ROLE).number == "citizen-0"
    qtmodeltester.check(model)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert asked == [
        ("citizen", 0),
        ("citizen", 10),
        ("citizen", 20),
        ("visit", 0),
        ("petition", 0),
        ("case", 0),
        ("letter", 0),
    ]
    assert model.rowCount() == 1 + 25 + 1 + 3
    assert model.hit_count() == 28
    assert model.index(26, 0).data() == "Vụ việc"
    assert not model.flags(model.index(26, 0)) & Qt.ItemFlag.ItemIsSelectable
    qtmodeltester.check(model)
    model.clear()
    assert model.rowCount() == 0
    qtmodeltester.check(model)


@pytest.fixture
def window(qtbot: QtBot, database: Database, ui_settings: UiSettings) -> MainWindow:
    main = MainWindow(database, ui_settings)
    qtbot.addWidget(main)
    main.resize(1366, 740)
    main.show()
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow, timeout=WAIT_MS)
    return main


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    serials: list[str] = []

    def show_visit(_parent: object, _database: Database, serial: str) -> bool:
        serials.append(serial)
        return False

    monkeypatch.setattr(VisitDialog, "show_visit", show_visit)
    return serials


@pytest.mark.parametrize(
    "key", [(Qt.Key.Key_F3, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)]
)
def test_f3_or_ctrl_f_then_a_serial_and_enter_opens_the_visit(
    qtbot: QtBot, window: MainWindow, database: Database, opened: list[str], key: tuple[Qt.Key, Qt.KeyboardModifier]
) -> None:
    numbers = _record(database)
    assert window.form is not None
    window.form.citizen.name_edit.setFocus()
    qtbot.keyClick(window.form.citizen.name_edit, *key)
    assert window.search is not None
    assert QApplication.focusWidget() is window.search.field
    assert window.tabs.currentWidget() is window.search
    qtbot.keyClicks(window.search.field, numbers["Lê Văn Hùng"].lower())
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: opened == [numbers["Lê Văn Hùng"]], timeout=WAIT_MS)


def test_an_old_cmnd_typed_in_the_field_and_enter_opens_the_persons_latest_visit(
    qtbot: QtBot, window: MainWindow, database: Database, opened: list[str]
) -> None:
    from tests.core.finding.test_search import _with_old_numbers

    numbers = _with_old_numbers(database)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.search is not None
    qtbot.keyClicks(window.search.field, "351 234 567")
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: opened == [numbers["Nguyễn Văn Ân"]], timeout=WAIT_MS)


def test_a_name_with_diacritics_lists_the_results_and_enter_opens_the_one_chosen(
    qtbot: QtBot, window: MainWindow, database: Database, opened: list[str]
) -> None:
    numbers = _record(database)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.search is not None
    type_text("Đặng Thị Đào", window.search.field)
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    view = window.search.view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view, timeout=WAIT_MS)
    assert opened == []  # a name is not a number: the list takes the focus
    qtbot.waitUntil(window.search.model.is_complete, timeout=WAIT_MS)
    rows = [window.search.model.index(row, 1).data() for row in range(window.search.model.rowCount())]
    assert "Đặng Thị Đào" in rows
    assert view.currentIndex().data(HIT_ROLE).kind == "citizen"
    view.setCurrentIndex(
        next(
            window.search.model.index(row, 0)
            for row in range(window.search.model.rowCount())
            if (hit := window.search.model.hit(row)) is not None and hit.kind == "visit"
        )
    )
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened == [numbers["Đặng Thị Đào"]]


def test_a_petition_number_opens_the_petition_page(
    qtbot: QtBot, window: MainWindow, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    numbers = _record(database)
    pages: list[tuple[str, str]] = []
    from desktop.ui.cases import board

    monkeypatch.setattr(board, "open_record", lambda _p, _d, kind, number: pages.append((kind, number)) or False)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.search is not None
    qtbot.keyClicks(window.search.field, numbers["case"])
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pages == [("case", numbers["case"])], timeout=WAIT_MS)


def test_a_denouncers_visit_found_by_its_serial_is_masked(
    qtbot: QtBot, window: MainWindow, database: Database, opened: list[str]
) -> None:
    planted = _plant(database)
    assert window.search is not None
    window.search.kind_combo.setCurrentIndex(window.search.kind_combo.findData("visit"))
    window.search.field.setText(planted.serial + " ")  # trailing space: still the exact serial
    window.search.run_search()
    model = window.search.model
    qtbot.waitUntil(model.is_complete, timeout=WAIT_MS)
    assert [model.index(row, 1).data() for row in range(model.rowCount()) if model.hit(row)] == [MASKED_NAME]
    assert opened == [planted.serial]  # the dialog masks it the same way


def test_the_view_fetches_more_as_it_is_scrolled(qtbot: QtBot, window: MainWindow) -> None:
    assert window.search is not None
    model = window.search.model
    fetch, _asked = _pages({"visit": 2000}, size=20)
    window.tabs.setCurrentWidget(window.search)
    model.start(fetch)
    before = model.rowCount()
    assert before < 2001  # not everything at once
    bar = window.search.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT_MS)
    # The view asks for rows as they are needed: a tree view would lay its root out page after page.
    assert model.more_to_fetch()
    before = model.rowCount()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: model.rowCount() > before, timeout=WAIT_MS)
    assert model.more_to_fetch()


def test_a_failed_search_is_shown_and_leaves_an_empty_list(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop.core.errors import AppError
    from desktop.ui.finding import panel

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *_a: shown.append(text))

    def locked(*_args: object, **_kwargs: object) -> Page:
        raise AppError("Cơ sở dữ liệu đang bị khóa.")

    monkeypatch.setattr(panel, "search_page", locked)
    assert window.search is not None
    window.search.field.setText("nguyen")
    window.search.run_search()
    qtbot.waitUntil(window.search.model.is_complete, timeout=WAIT_MS)
    assert shown == ["Cơ sở dữ liệu đang bị khóa."]  # once, not once for each kind
    assert window.search.model.rowCount() == 0
    assert window.search.field.text() == "nguyen"  # what was typed stays


def test_a_page_that_arrives_later_is_appended_and_one_of_an_earlier_search_dropped(qtmodeltester) -> None:
    model = SearchResultsModel()
    asked: list[tuple[Kind, int, Callable[[Page], None]]] = []
    model.start_requests(lambda kind, offset, deliver: asked.append((kind, offset, deliver)))
    assert model.rowCount() == 0
    assert not model.canFetchMore(QModelIndex())  # one page awaited at a time
    fetch, _asked = _pages({"citizen": 15, "visit": 3})
    kind, offset, deliver = asked.pop()
    deliver(fetch(kind, offset))
    assert model.rowCount() == 11
    assert model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)
    model.fetchMore(QModelIndex())
    stale_kind, stale_offset, stale_deliver = asked.pop()
    assert (stale_kind, stale_offset) == ("citizen", 10)
    model.start_requests(lambda kind, offset, deliver: asked.append((kind, offset, deliver)), ("visit",))
    dropped: list[bool] = []
    model.discarded.connect(lambda: dropped.append(True))
    stale_deliver(fetch(stale_kind, stale_offset))  # the user typed more: this page is of no use now
    assert dropped == [True]
    assert model.rowCount() == 0
    kind, offset, deliver = asked.pop()
    assert (kind, offset) == ("visit", 0)
    deliver(fetch(kind, offset))
    assert [model.index(row, 0).data() for row in range(model.rowCount())] == [
        "Lượt tiếp",
        "visit-0",
        "visit-1",
        "visit-2",
    ]
    assert model.is_complete()
    qtmodeltester.check(model)


def test_results_of_a_search_overtaken_by_typing_are_dropped(
    qtbot: QtBot, window: MainWindow, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.ui.finding import panel

    _record(database)
    released = threading.Event()
    real = panel.search_page

    def slow_for_nguyen(session: object, actor: object, query: str, kind: Kind, **kwargs: object) -> Page:
        if query == "nguyen":
            assert released.wait(WAIT_MS / 1000)
        return real(session, actor, query, kind, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(panel, "search_page", slow_for_nguyen)
    assert window.search is not None
    model = window.search.model
    try:
        window.search.field.setText("nguyen")
        window.search.run_search()  # its first page waits on the worker thread
        window.search.field.setText("Đặng Thị Đào")
        window.search.run_search()
        qtbot.waitUntil(model.is_complete, timeout=WAIT_MS)
        titles = _titles(model)
        assert titles
        assert set(titles) == {"Đặng Thị Đào"}
        with qtbot.waitSignal(model.discarded, timeout=WAIT_MS):
            released.set()  # the first search's page arrives at last
    finally:
        released.set()
    assert _titles(model) == titles
    assert wait_for_workers()


def test_the_list_follows_what_is_typed_without_opening_anything(
    qtbot: QtBot, window: MainWindow, database: Database, opened: list[str]
) -> None:
    numbers = _record(database)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.search is not None
    model = window.search.model
    type_text("đặng thị", window.search.field)
    qtbot.waitUntil(lambda: model.first_hit_row() >= 0 and model.is_complete(), timeout=WAIT_MS)
    assert set(_titles(model)) == {"Đặng Thị Đào"}
    assert QApplication.focusWidget() is window.search.field  # still typing
    window.search.field.clear()
    qtbot.keyClicks(window.search.field, numbers["Lê Văn Hùng"])

    def first_number() -> str:
        hit = model.hit(model.first_hit_row())
        return hit.number if hit is not None else ""

    qtbot.waitUntil(lambda: first_number() == numbers["Lê Văn Hùng"], timeout=WAIT_MS)
    assert opened == []  # only Enter opens the exact number
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: opened == [numbers["Lê Văn Hùng"]], timeout=WAIT_MS)


def test_the_numbers_and_dates_of_the_results_are_shown_whole(
    qtbot: QtBot, window: MainWindow, database: Database, tmp_path: Path
) -> None:
    """The columns fit the rows that came in: they were sized on the empty list and showed "0…"."""
    numbers = _record(database)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.search is not None
    type_text("Đặng Thị Đào", window.search.field)
    qtbot.keyClick(window.search.field, Qt.Key.Key_Return)
    qtbot.waitUntil(window.search.model.is_complete, timeout=WAIT_MS)
    view = window.search.view
    window.grab().save(str(tmp_path / "results.png"))
    shown = [window.search.model.index(row, 0).data() for row in range(window.search.model.rowCount())]
    assert numbers["Đặng Thị Đào"] in shown
    for column in (0, 2):
        assert view.columnWidth(column) >= view.sizeHintForColumn(column)


def test_an_id_card_scanned_into_the_field_finds_the_person_by_number(
    qtbot: QtBot, window: MainWindow, database: Database, opened: list[str]
) -> None:
    """The whole payload (number|old number|name|birth|sex|address|issue) was searched as text and found nothing."""
    from tests.core.reception.test_cccd import BHYT
    from tests.ui.reception.test_scanning import SCANNER_STEP_MS, send_keys

    numbers = _record(database)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.search is not None
    send_keys(BHYT, step_ms=SCANNER_STEP_MS)
    assert window.search.field.text() == ""  # nothing of the refused payload is left in the field
    assert "bảo hiểm y tế" in window.search.count_label.text()
    send_keys(
        "001085000005||Lê Văn Hùng|01011985|Nam|Số 5, phường Hoàn Kiếm, Hà Nội|12042021",
        step_ms=SCANNER_STEP_MS,
        start_ms=200_000,
    )
    assert window.search.field.text() == "001085000005"
    qtbot.waitUntil(lambda: opened == [numbers["Lê Văn Hùng"]], timeout=WAIT_MS)  # the exact number opens
