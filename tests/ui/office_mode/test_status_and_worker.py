"""The sync status panel and the background worker: timing, one round at a time, failures in the status bar."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.database import Database
from desktop.core.errors import AppError
from desktop.core.i18n import _, ngettext
from desktop.core.office_mode import sync
from desktop.core.office_mode.server import SchemaMismatchError, ServerUnavailableError
from desktop.core.office_mode.sync import SyncStatus
from desktop.ui.main_window import MainWindow
from desktop.ui.office_mode import sync_worker
from desktop.ui.office_mode.status import SyncStatusPanel, clock
from desktop.ui.office_mode.sync_worker import INTERVALS_MS, SyncOutcome, SyncWorker
from desktop.ui.settings import UiSettings
from tests.helpers.waiting import WAIT_MS, WAIT_S

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def state(**changes: object) -> SyncStatus:
    values: dict[str, object] = {
        "server": "postgresql+psycopg://tiepdan@192.168.1.10:5432/tiepdan",
        "online": True,
        "offline_since": None,
        "pending": 0,
        "last_sync_at": NOW,
        "cursor": 12,
        "open_conflicts": 0,
    }
    values.update(changes)
    return SyncStatus(**values)  # type: ignore[arg-type]


@pytest.fixture
def panel(qtbot: QtBot) -> SyncStatusPanel:
    widget = SyncStatusPanel()
    qtbot.addWidget(widget)
    return widget


def test_single_desk_says_so(panel: SyncStatusPanel) -> None:
    assert panel.text() == _("Single desk")


def test_online_desk_shows_waiting_changes_and_the_last_sync(panel: SyncStatusPanel) -> None:
    panel.show_status(state(pending=0))
    assert panel.text().split(" · ") == [
        _("Online"),
        ngettext("{n} change waiting", "{n} changes waiting", 0).format(n=0),
        _("Last sync {time}").format(time=clock(NOW)),
    ]
    assert clock(NOW) == NOW.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%H:%M")
    assert panel.conflicts_label.isHidden()


def test_offline_desk_shows_since_when_and_its_conflicts(panel: SyncStatusPanel, qtbot: QtBot) -> None:
    since = NOW - dt.timedelta(minutes=12)
    panel.show_status(state(online=False, offline_since=since, pending=3, last_sync_at=None, open_conflicts=2))
    assert panel.text().split(" · ") == [
        _("Offline since {time}").format(time=clock(since)),
        ngettext("{n} change waiting", "{n} changes waiting", 3).format(n=3),
        _("Never synced"),
        ngettext("{n} conflict", "{n} conflicts", 2).format(n=2),
    ]
    with qtbot.waitSignal(panel.conflicts_requested, timeout=WAIT_MS):
        panel.conflicts_label.linkActivated.emit("conflicts")
    panel.set_problem("The server 192.168.1.10 cannot be reached")
    assert "cannot be reached" in panel.toolTip()


def test_requests_during_a_round_never_start_a_second_one_at_once(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    active: list[int] = []
    peak: list[int] = []
    rounds: list[int] = []

    def slow_round(db: Database) -> SyncOutcome:
        active.append(1)
        peak.append(len(active))
        release.wait(WAIT_S)
        active.pop()
        rounds.append(1)
        return SyncOutcome(status=sync.status(db))

    monkeypatch.setattr(sync_worker, "sync_round", slow_round)
    worker = SyncWorker(database)
    worker.start()
    assert worker.is_running
    assert worker.sync_now() is False  # a save while syncing...
    assert worker.sync_now() is False
    release.set()
    qtbot.waitUntil(lambda: len(rounds) == 2 and not worker.is_running, timeout=WAIT_MS)  # ...gets one more round
    assert max(peak) == 1
    assert worker.timer.isActive()
    assert worker.timer.interval() == INTERVALS_MS[0]
    worker.stop()
    assert not worker.timer.isActive()


def test_server_away_backs_off_to_five_minutes(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_round(db: Database) -> SyncOutcome:
        return SyncOutcome(status=sync.status(db), error=ServerUnavailableError("away"))

    monkeypatch.setattr(sync_worker, "sync_round", failing_round)
    worker = SyncWorker(database)
    worker.start()
    waits = []
    for _attempt in range(5):
        qtbot.waitUntil(lambda: not worker.is_running, timeout=WAIT_MS)
        waits.append(worker.timer.interval() // 1000)
        worker.sync_now()
    qtbot.waitUntil(lambda: not worker.is_running, timeout=WAIT_MS)
    worker.stop()
    assert waits == [30, 60, 120, 300, 300]


@pytest.fixture
def window(qtbot: QtBot, database: Database, ui_settings: UiSettings) -> MainWindow:
    main = MainWindow(database, ui_settings)
    qtbot.addWidget(main)
    return main


def test_single_desk_window_has_no_sync(window: MainWindow) -> None:
    office_mode = window.office_mode
    assert office_mode.status_panel.text() == _("Single desk")
    assert not office_mode.sync_now_action.isEnabled()
    assert office_mode.sync_now_action.shortcut().toString() == "Ctrl+Shift+S"
    assert office_mode.sync_now_action in window.file_menu.actions()
    assert office_mode.worker is None


def test_failures_go_to_the_status_bar_and_a_schema_mismatch_to_one_box(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes: list[str] = []
    monkeypatch.setattr("desktop.ui.errors.QMessageBox.warning", lambda _parent, _title, text: boxes.append(text))
    office_mode = window.office_mode
    away = state(online=False, offline_since=NOW, pending=2)
    office_mode.show_outcome(SyncOutcome(status=away, error=ServerUnavailableError("The server is away")))
    assert window.statusBar().currentMessage() == "The server is away"
    assert "The server is away" in office_mode.status_panel.toolTip()
    for _attempt in range(3):
        office_mode.show_outcome(SyncOutcome(status=away, error=SchemaMismatchError("Update TiepDan")))
    office_mode.show_outcome(SyncOutcome(status=away, error=AppError("Another problem")))
    assert boxes == ["Update TiepDan"]
    office_mode.show_outcome(SyncOutcome(status=state()))
    assert office_mode.status_panel.toolTip().split("\n") == [office_mode.status_panel.text()]


def test_a_bug_in_the_background_sync_is_reported_once_not_hidden(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.ui import errors

    def broken_round(db: Database) -> SyncOutcome:
        raise KeyError("payload")

    shown: list[BaseException] = []
    monkeypatch.setattr(sync_worker, "sync_round", broken_round)
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: shown.append(exc))
    worker = SyncWorker(database)
    worker.start()
    qtbot.waitUntil(lambda: not worker.is_running, timeout=WAIT_MS)
    assert worker.sync_now()
    qtbot.waitUntil(lambda: not worker.is_running, timeout=WAIT_MS)
    worker.stop()
    assert [type(exc) for exc in shown] == [KeyError]  # the crash dialog once, not at every retry
