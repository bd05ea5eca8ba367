"""The office's report cut-off day in the office dialog: bounded 1..28, a message beside it, the right, and
the period chooser of the reports and the dashboard following it."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from db.enums import Role
from desktop.core.database import Database
from desktop.core.i18n import _
from desktop.core.office import get_office
from desktop.core.reports.periods import CUTOFF_KEY, cutoff_day
from desktop.core.users import add_user
from desktop.ui import signed_in
from desktop.ui.office_dialog import OfficeDialog
from desktop.ui.widgets.field_box import ERROR_COLOUR
from desktop.ui.widgets.period_chooser import PeriodChooser
from tests.builders import ADMIN, an_actor


def _dialog(qtbot: QtBot, database: Database) -> OfficeDialog:
    dialog = OfficeDialog(database)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _save(dialog: OfficeDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def _q1(qtbot: QtBot, database: Database) -> tuple[dt.date, dt.date]:
    chooser = PeriodChooser(initial="q1")
    qtbot.addWidget(chooser)
    chooser.year_spin.setValue(2026)
    period = chooser.chosen(database)
    return period.start, period.end


def test_the_cut_off_day_is_shown_saved_and_used_by_the_period_chooser(qtbot: QtBot, database: Database) -> None:
    assert _q1(qtbot, database) == (dt.date(2025, 12, 15), dt.date(2026, 3, 14))  # the default, 15th to 14th
    dialog = _dialog(qtbot, database)
    assert dialog.cutoff_edit.text() == "15"
    dialog.cutoff_edit.setText("1")
    _save(dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    with database.sessions() as session:
        assert cutoff_day(session) == 1
    assert _q1(qtbot, database) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))  # calendar quarters now
    assert _dialog(qtbot, database).cutoff_edit.text() == "1"


@pytest.mark.parametrize("typed", ["0", "29", "", "x", "-1"])
def test_a_day_out_of_1_to_28_gets_a_message_beside_it_and_nothing_is_saved(
    qtbot: QtBot, database: Database, typed: str
) -> None:
    dialog = _dialog(qtbot, database)
    dialog.agency_edit.setText("Ban Tiếp công dân huyện Chợ Mới")
    dialog.cutoff_edit.setText(typed)
    _save(dialog)

    box = dialog.boxes[CUTOFF_KEY]
    assert box.message() == "Ngày chốt số liệu là một ngày trong tháng, từ 1 đến 28."
    assert box.message() == _("The cut-off day is a day of the month from 1 to 28.")
    assert box.message_label.isVisibleTo(dialog)
    assert ERROR_COLOUR in box.message_label.styleSheet()
    assert dialog.result() != QDialog.DialogCode.Accepted
    with database.sessions() as session:
        assert cutoff_day(session) == 15
        office = get_office(session)
        assert office is not None
        assert office.agency_name != "Ban Tiếp công dân huyện Chợ Mới"  # a failed save changes nothing


def test_without_the_right_the_day_is_not_changed(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    with database.sessions.begin() as session:
        add_user(session, ADMIN, "quantri", "mat-khau-dai-du-12", role=Role.ADMIN)
    signed_in.sign_in(an_actor(Role.RECEPTIONIST, "tiepdan"))
    dialog = _dialog(qtbot, database)
    dialog.cutoff_edit.setText("1")
    _save(dialog)

    assert dialog.result() != QDialog.DialogCode.Accepted
    assert len(warned) == 1  # the right it lacks, in a message box
    with database.sessions() as session:
        assert cutoff_day(session) == 15
