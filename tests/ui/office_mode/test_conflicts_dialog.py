"""The conflicts dialog: lists the open conflicts with what differs, and closes them by a choice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from db.models import SyncConflict
from desktop.core.database import Database
from desktop.core.i18n import _
from desktop.core.office import get_office, set_setting
from desktop.ui.main_window import MainWindow
from desktop.ui.office_mode.conflicts_dialog import ConflictsDialog
from desktop.ui.settings import UiSettings
from tests.helpers.office_desks import DESK_PHONE, SERVER_PHONE, add_office_conflict
from tests.ui.helpers import close_next_dialog


def cells(dialog: ConflictsDialog, table: str) -> list[list[str]]:
    model = getattr(dialog, table).model()
    return [
        [str(model.index(row, column).data(Qt.ItemDataRole.DisplayRole)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


@pytest.fixture
def dialog(qtbot: QtBot, database: Database) -> ConflictsDialog:
    add_office_conflict(database)
    with database.sessions.begin() as session:
        set_setting(session, "receptionist_name", "Lê Thị Hồng")
    opened = ConflictsDialog(database)
    qtbot.addWidget(opened)
    opened.show()
    return opened


def test_conflict_is_listed_with_the_fields_that_differ(dialog: ConflictsDialog) -> None:
    [row] = cells(dialog, "conflict_table")
    assert row[:2] == [_("Office profile"), "Ban Tiếp công dân tỉnh An Giang"]
    assert row[3] == ", ".join([_("Address"), _("Phone")])
    assert cells(dialog, "difference_table") == [
        [_("Address"), _("(empty)"), "Số 05 Lê Triệu Kiết, phường Long Xuyên, tỉnh An Giang"],
        [_("Phone"), DESK_PHONE, SERVER_PHONE],
    ]
    assert dialog.keep_desk_button.isEnabled()
    assert dialog.empty_label.isHidden()


def test_keeping_the_desk_version_writes_it_and_closes_the_conflict(
    dialog: ConflictsDialog, database: Database
) -> None:
    dialog.keep_desk_button.click()
    assert dialog.resolved == 1
    assert dialog.conflict_model.rowCount() == 0
    assert not dialog.empty_label.isHidden()
    assert not dialog.keep_desk_button.isEnabled()
    assert "Ban Tiếp công dân tỉnh An Giang" in dialog.done_label.text()
    with database.sessions() as session:
        office = get_office(session)
        assert office is not None
        assert (office.phone, office.address) == (DESK_PHONE, "")
        conflict = session.query(SyncConflict).one()
        assert (conflict.resolution, conflict.resolved_by) == ("desk", "Lê Thị Hồng")


def test_keeping_the_server_version_leaves_the_record_as_it_is(dialog: ConflictsDialog, database: Database) -> None:
    dialog.keep_server_button.click()
    assert dialog.resolved == 1
    with database.sessions() as session:
        assert get_office(session).phone == SERVER_PHONE  # type: ignore[union-attr]
        assert session.query(SyncConflict).one().resolution == "server"


def test_settings_menu_opens_the_conflicts_and_the_server_dialogs(
    qtbot: QtBot, database: Database, ui_settings: UiSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(ConflictsDialog, "ask", lambda _parent, _db: opened.append("conflicts") or False)
    window = MainWindow(database, ui_settings)
    qtbot.addWidget(window)
    settings_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == _("&Settings"))
    texts = [action.text() for action in settings_menu.actions()]
    assert _("Office &server...") in texts
    assert _("&Conflicts...") in texts
    window.office_mode.conflicts_action.trigger()
    window.office_mode.status_panel.conflicts_requested.emit()
    assert opened == ["conflicts", "conflicts"]


def test_a_closed_dialog_is_freed(qtbot: QtBot, database: Database) -> None:
    """Nothing but ``ask`` holds the dialog: once closed it goes (it used to stay until quitting)."""
    window = QWidget()
    qtbot.addWidget(window)
    close_next_dialog()
    assert not ConflictsDialog.ask(window, database)
    assert window.findChildren(ConflictsDialog) == []


def test_a_record_deleted_on_the_server_offers_only_the_servers_side(qtbot: QtBot, database: Database) -> None:
    add_office_conflict(database)
    with database.sessions.begin() as session:
        session.query(SyncConflict).update({SyncConflict.server_version: 0})  # the server deleted the row
    opened = ConflictsDialog(database)
    qtbot.addWidget(opened)
    opened.show()
    assert opened.current() is not None
    assert opened.keep_server_button.isEnabled()
    assert not opened.keep_desk_button.isEnabled()
    assert opened.keep_desk_button.toolTip() == _("Another desk deleted this record; the deletion stands everywhere.")
