"""Changes the server refused: the status bar says so (not "offline"), Settings -> Office server lists them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.core.access import NOBODY
from desktop.core.database import Database
from desktop.core.i18n import _, ngettext
from desktop.core.office_mode import sync
from desktop.ui.main_window import MainWindow
from desktop.ui.office_mode.rejections_dialog import RejectionsDialog
from desktop.ui.office_mode.server_dialog import ServerDialog
from desktop.ui.office_mode.status import SyncStatusPanel
from desktop.ui.settings import UiSettings
from tests.helpers.poison import save_poisoned_citizen, save_poisoned_visit
from tests.helpers.waiting import WAIT_MS

pytestmark = pytest.mark.postgres
NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)


def refused_words(n: int) -> str:
    return ngettext("{n} change refused by the server", "{n} changes refused by the server", n).format(n=n)


def cells(dialog: RejectionsDialog) -> list[list[str]]:
    model = dialog.table.model()
    return [
        [str(model.index(row, column).data(Qt.ItemDataRole.DisplayRole)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


@pytest.fixture
def refused_desk(make_desk: Callable[[str], Database]) -> Database:
    """An office desk whose last sync had a visit (with a 300-character name in it) and a NUL address refused."""
    desk = make_desk("D01")
    save_poisoned_visit(desk, "D01", "long_name", n=1, now=NOW)
    save_poisoned_citizen(desk, "nul_address", n=2)
    sync.sync_once(desk, "D01")
    return desk


def test_refused_changes_are_in_the_status_bar_as_a_link_not_offline(qtbot: QtBot, refused_desk: Database) -> None:
    panel = SyncStatusPanel()
    qtbot.addWidget(panel)
    state = sync.status(refused_desk)
    panel.show_status(state)
    parts = panel.text().split(" · ")
    assert parts[0] == _("Online")
    assert parts[-1] == refused_words(state.rejected) == refused_words(7)
    assert "Offline" not in panel.text()
    assert _("Offline since {time}").split("{")[0] not in panel.text()
    with qtbot.waitSignal(panel.rejections_requested, timeout=WAIT_MS):
        panel.rejected_label.linkActivated.emit("rejections")


def test_the_list_names_the_records_and_why_and_settles_a_group(qtbot: QtBot, refused_desk: Database) -> None:
    dialog = RejectionsDialog(refused_desk)
    qtbot.addWidget(dialog)
    dialog.show()
    rows = cells(dialog)
    assert len(rows) == 7
    kinds = [row[0] for row in rows]
    assert kinds.count(_("Citizen")) == 2
    assert _("Visit") in kinds
    records = " ".join(row[1] for row in rows)
    assert "D01-2026-000001" in records  # the visit by its number, not by a raw id
    assert "␀" not in records  # the NUL is in the address; the name is shown, cut when long
    assert all(len(row[1]) <= 90 for row in rows)
    reasons = [row[2] for row in rows]
    assert any("tối đa 200 ký tự" in reason for reason in reasons)
    assert any("NUL" in reason for reason in reasons)
    assert dialog.advice_label.text()

    first = dialog.current()
    assert first is not None
    assert first.is_culprit
    dialog.keep_button.click()  # the first group: the refused citizen of the visit, with the visit
    assert dialog.settled == 1
    state = sync.status(refused_desk)
    assert (state.kept_local, state.rejected) == (6, 1)
    assert cells(dialog)[0][3] == _("Kept on this desk")
    assert not dialog.keep_button.isEnabled()  # already kept
    dialog.retry_button.click()
    assert sync.status(refused_desk).pending == 6
    assert (sync.status(refused_desk).kept_local, len(cells(dialog))) == (0, 1)


def test_office_server_settings_show_the_count_and_open_the_list(
    qtbot: QtBot,
    refused_desk: Database,
    ui_settings: UiSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []

    def retry_all(_parent: object, database: Database) -> bool:
        from desktop.core.office_mode.rejections import list_rejections, retry_rejection

        with database.sessions() as session:
            groups = {view.group for view in list_rejections(session, actor=NOBODY)}
        for group in groups:
            retry_rejection(database, group)
        opened.append("rejections")
        return True

    monkeypatch.setattr(RejectionsDialog, "ask", retry_all)
    dialog = ServerDialog(refused_desk)
    qtbot.addWidget(dialog)
    assert not dialog.refused_group.isHidden()
    assert "7" in dialog.refused_label.text()
    assert dialog.refused_button.isEnabled()
    dialog.refused_button.click()
    assert opened == ["rejections"]
    assert not dialog.refused_button.isEnabled()
    assert dialog.refused_label.text() == _("The server has refused no change of this desk.")

    window = MainWindow(refused_desk, ui_settings)
    qtbot.addWidget(window)
    window.office_mode.stop()
    window.statusBar().clearMessage()
    window.office_mode.show_outcome(
        sync_outcome(sync.SyncResult(pushed=3, pulled=0, conflicts=0, cursor=1, rejected=7), sync.status(refused_desk))
    )
    assert "7" in window.statusBar().currentMessage()


def sync_outcome(result: sync.SyncResult, state: sync.SyncStatus) -> object:
    from desktop.ui.office_mode.sync_worker import SyncOutcome

    return SyncOutcome(status=state, result=result)
