"""Settings → Working-day calendar: a day declared off is saved and moves stored due dates."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from desktop.core.database import Database
from desktop.core.deadlines.office_days import list_days
from desktop.ui.cases.calendar_dialog import CalendarDialog


def test_the_dialog_saves_and_removes_a_day(qtbot: QtBot, database: Database, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    dialog = CalendarDialog(database)
    qtbot.addWidget(dialog)
    dialog.date_edit.setText("12/03/2026")
    dialog.name_edit.setText("Quyết định 15/QĐ-UBND")
    dialog.save_button.click()
    assert dialog.model.rowCount() == 1
    qtmodeltester.check(dialog.model)
    with database.sessions() as session:
        assert [(d.day, d.is_day_off) for d in list_days(session)] == [(dt.date(2026, 3, 12), True)]
    dialog.remove_button.click()
    assert dialog.model.rowCount() == 0


def test_bad_input_is_explained_and_kept(qtbot: QtBot, database: Database) -> None:
    dialog = CalendarDialog(database)
    qtbot.addWidget(dialog)
    dialog.date_edit.setText("31/02/2026")
    dialog.name_edit.setText("Nghỉ")
    dialog.save_button.click()
    assert dialog.error_label.text()
    assert dialog.date_edit.text() == "31/02/2026"
    dialog.date_edit.setText("12/03/2026")
    dialog.name_edit.setText("")
    dialog.save_button.click()
    assert dialog.error_label.text()
    assert dialog.model.rowCount() == 0
