"""Screens show a denouncer only to a signed-in user assigned to the denunciation (window.actor).

Every cell of the book table and the deadline board (display text and tooltip, through the model's
data()), the visit page, the petition page and the case page are searched for the planted denouncer.
"""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.qtbot import QtBot

from desktop.core.access import NOBODY
from desktop.core.confidentiality import MASKED_NAME
from desktop.core.database import Database
from desktop.ui.cases.case_page import CaseDialog
from desktop.ui.cases.petition_page import PetitionPage
from desktop.ui.main_window import MainWindow
from desktop.ui.reception.visit_dialog import VisitDialog
from desktop.ui.settings import UiSettings
from tests.core.test_confidentiality import SECRET_NAME, SECRETS, TODAY, Planted, _plant

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def _cells(model: QAbstractItemModel) -> str:
    return "\n".join(
        str(model.index(row, column).data(role) or "")
        for row in range(model.rowCount())
        for column in range(model.columnCount())
        for role in ROLES
    )


def _screens(qtbot: QtBot, window: MainWindow, database: Database, planted: Planted) -> str:
    assert window.book is not None
    assert window.board is not None
    window.book.set_day(TODAY)
    window.board.refresh()
    visit = VisitDialog(database, planted.serial, window)
    petition_page = PetitionPage(database, planted.petition, window)
    case_dialog = CaseDialog(database, planted.case, window)
    for widget in (visit, petition_page, case_dialog):
        qtbot.addWidget(widget)
    return "\n".join(
        (
            _cells(window.book.model),
            _cells(window.board.model),
            visit.browser.toPlainText(),
            petition_page.browser.toPlainText(),
            case_dialog.page.citizen_label.text(),
        )
    )


@pytest.mark.parametrize("who", ["nobody", "other", "leader"])
def test_screens_show_the_denouncer_only_to_the_leader_who_decides(
    qtbot: QtBot, database: Database, ui_settings: UiSettings, who: str
) -> None:
    planted = _plant(database)
    window = MainWindow(database, ui_settings)
    qtbot.addWidget(window)
    window.actor = {"nobody": NOBODY, "other": planted.other, "leader": planted.leader}[who]
    text = _screens(qtbot, window, database, planted)
    if (shots := os.environ.get("TIEPDAN_SHOTS")) is not None:  # look at it: TIEPDAN_SHOTS=/tmp pytest ...
        window.resize(1366, 740)
        window.grab().save(f"{shots}/confidential-{who}.png")
    found = [secret for secret in SECRETS if secret in text]
    if who == "leader":
        assert SECRET_NAME in found
        assert MASKED_NAME not in text
    else:
        assert found == []
        assert MASKED_NAME in text
