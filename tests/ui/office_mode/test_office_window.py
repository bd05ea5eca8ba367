"""The main window of an office-mode desk against the real PostgreSQL: join, save offline, sync again."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from db.session import make_engine
from desktop.core.database import Database
from desktop.core.i18n import _, ngettext
from desktop.core.office_mode import sync
from desktop.core.office_mode.server import PASSWORD_ENV, parse_address, prepare
from desktop.ui.main_window import MainWindow
from desktop.ui.office_mode.server_dialog import ServerDialog
from desktop.ui.office_mode.status import clock
from desktop.ui.settings import UiSettings
from tests.helpers.tcpproxy import TcpProxy
from tests.helpers.waiting import WAIT_MS
from tests.ui.helpers import fill_minimal

pytestmark = pytest.mark.postgres


def waiting(n: int) -> str:
    return ngettext("{n} change waiting", "{n} changes waiting", n).format(n=n)


def settled(window: MainWindow) -> bool:
    worker = window.office_mode.worker
    return worker is not None and not worker.is_running


@pytest.fixture(autouse=True)
def _no_password_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)


def open_window(qtbot: QtBot, database: Database, ui_settings: UiSettings) -> MainWindow:
    window = MainWindow(database, ui_settings)
    qtbot.addWidget(window)
    window.show()
    return window


def test_joining_a_prepared_server_from_the_settings_menu_starts_syncing(
    qtbot: QtBot,
    database: Database,
    ui_settings: UiSettings,
    empty_pg_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = make_engine(empty_pg_url)
    prepare(engine)  # what an administrator did once with Prepare server
    engine.dispose()

    def join_in_dialog(parent: MainWindow, db: Database) -> bool:
        dialog = ServerDialog(db, parent)
        dialog.set_address(parse_address(empty_pg_url)[0])
        dialog.desk_edit.setText("D03")
        dialog.join_button.click()
        qtbot.waitUntil(lambda: not dialog.is_busy, timeout=WAIT_MS)
        return dialog.joined is not None

    monkeypatch.setattr(ServerDialog, "ask", join_in_dialog)
    window = open_window(qtbot, database, ui_settings)
    assert window.office_mode.status_panel.text() == _("Single desk")
    window.office_mode.server_action.trigger()
    qtbot.waitUntil(lambda: settled(window), timeout=WAIT_MS)
    last = sync.status(database).last_sync_at
    assert last is not None, window.office_mode.status_panel.toolTip()
    text = window.office_mode.status_panel.text()
    assert text.split(" · ") == [_("Online"), waiting(0), _("Last sync {time}").format(time=clock(last))]
    assert window.desk_label.text() == _("Desk {code}").format(code="D03")
    assert window.office_mode.sync_now_action.isEnabled()
    window.office_mode.stop()


def test_saving_while_the_server_is_away_then_sync_now(
    qtbot: QtBot, make_desk: Callable[[str], Database], ui_settings: UiSettings, proxy: TcpProxy
) -> None:
    desk = make_desk("D01")
    window = open_window(qtbot, desk, ui_settings)
    qtbot.waitUntil(lambda: settled(window) and _("Online") in window.office_mode.status_panel.text(), timeout=WAIT_MS)
    form = window.form
    assert form is not None

    proxy.cut()
    fill_minimal(form)
    form.save_action.trigger()
    qtbot.waitUntil(lambda: settled(window) and window.office_mode.worker.failures > 0, timeout=WAIT_MS)
    state = sync.status(desk)
    assert state.offline_since is not None
    assert state.pending > 0
    panel = window.office_mode.status_panel
    assert panel.text().split(" · ")[:2] == [
        _("Offline since {time}").format(time=clock(state.offline_since)),
        waiting(state.pending),
    ]
    assert f"127.0.0.1:{proxy.port}" in panel.toolTip()  # why: the server cannot be reached
    assert "D01-" in window.statusBar().currentMessage()  # "Saved D01-..." is not hidden by the failure

    proxy.restore()
    window.office_mode.sync_now_action.trigger()
    qtbot.waitUntil(lambda: settled(window) and waiting(0) in panel.text(), timeout=WAIT_MS)
    assert panel.text().startswith(_("Online"))
    assert sync.status(desk).pending == 0
    window.office_mode.stop()
