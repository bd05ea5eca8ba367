"""A leader's visit in the book: the conclusion notice, the bodies' result, the citizen told, the board."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from db.enums import ReceivedBy, ReceptionKind
from desktop.core.database import Database
from desktop.core.deadlines.calendar import WorkCalendar
from desktop.core.formatting import short_date, today_local
from desktop.core.i18n import _
from desktop.core.reception.book import VisitDetail
from desktop.core.reception.conclusions import ConclusionView, IssuedConclusion
from desktop.core.reception.visits import register_visit
from desktop.ui.cases.board import open_record
from desktop.ui.reception.conclusion_dialog import ConclusionDialog, ResultDialog
from desktop.ui.reception.visit_dialog import VisitDialog
from tests.builders import ADMIN, make_draft
from tests.ui.cases.conftest import pdf_text
from tests.ui.conftest import Questions

LEADER = "Nguyễn Văn Bình"


def _visit(database: Database, **overrides: Any) -> str:
    fields: dict[str, Any] = {
        "reception_kind": ReceptionKind.PERIODIC,
        "received_by": ReceivedBy.LEADER,
        "leader_name": LEADER,
        **overrides,
    }
    with database.sessions.begin() as session:
        draft = make_draft(**fields)
        return register_visit(session, draft, desk_code="D01", now=dt.datetime.now(dt.UTC), actor=ADMIN).visit.serial


def test_officer_visit_has_no_conclusion_panel(qtbot: QtBot, database: Database) -> None:
    serial = _visit(database, reception_kind=ReceptionKind.REGULAR, received_by=ReceivedBy.OFFICER, leader_name="")
    dialog = VisitDialog(database, serial)
    qtbot.addWidget(dialog)
    assert dialog.conclusion_panel is None


def test_leader_visit_issues_the_notice_then_follows_it_up(
    qtbot: QtBot,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    questions: Questions,
    previews: list[dict[str, Any]],
) -> None:
    serial = _visit(database)
    visit = VisitDialog(database, serial)
    qtbot.addWidget(visit)
    panel = visit.conclusion_panel
    assert panel is not None
    visit.show()
    assert panel.issue_button.isVisible()
    assert not panel.result_button.isVisible()
    seen: dict[str, Any] = {}

    def fill_and_issue(parent: QWidget, db: Database, detail: VisitDetail) -> IssuedConclusion | None:
        dialog = ConclusionDialog(db, detail, parent)  # a child of the visit dialog: it goes with it
        dialog.bodies_edit.setPlainText("UBND xã Mỹ Hòa Hưng")
        dialog.due_field.setText("01/01/2020")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # nothing typed, a past date
        seen["errors"] = (dialog.message_for("directions"), dialog.message_for("due_on"))
        seen["kept"] = dialog.bodies_edit.toPlainText()
        assert dialog.issued is None
        dialog.directions_edit.setPlainText("Giao UBND xã Mỹ Hòa Hưng kiểm tra, trả lời công dân")
        dialog.due_field.set_value(WorkCalendar.default().add_working_days(today_local(), 10))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.issued

    def record(parent: QWidget, db: Database, conclusion: ConclusionView) -> ConclusionView | None:
        dialog = ResultDialog(db, conclusion, parent)  # a child of the visit dialog: it goes with it
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no result typed
        seen["note_error"] = dialog.message_for("note")
        dialog.note_edit.setPlainText("UBND xã đã trả lời công dân")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.recorded

    monkeypatch.setattr(ConclusionDialog, "ask", fill_and_issue)
    monkeypatch.setattr(ResultDialog, "ask", record)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: QMessageBox.StandardButton.Ok)

    qtbot.mouseClick(panel.issue_button, Qt.MouseButton.LeftButton)

    assert seen["errors"][0] == _("Enter the leader's conclusions and directions, one per line.")
    assert seen["errors"][1]
    assert seen["kept"] == "UBND xã Mỹ Hòa Hưng"  # nothing lost on error
    assert len(previews) == 1
    text = pdf_text(previews[0]["pdf"])
    assert "THÔNG BÁO" in text
    assert LEADER in text
    assert "Giao UBND xã Mỹ Hòa Hưng kiểm tra, trả lời công dân" in text
    assert previews[0]["kept_path"].name == "conclusion-01-TB-BTCD.pdf"
    assert panel.conclusion is not None
    assert panel.conclusion.number == "01/TB-BTCD"
    assert "01/TB-BTCD" in panel.state_label.text()
    assert not panel.issue_button.isVisible()
    assert panel.result_button.isEnabled()
    assert not panel.informed_button.isEnabled()

    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)  # the kept notice again
    assert previews[1]["pdf"] == previews[0]["pdf"]

    qtbot.mouseClick(panel.result_button, Qt.MouseButton.LeftButton)
    assert seen["note_error"] == _("Enter what the bodies reported.")
    assert panel.conclusion.result_on == today_local()
    assert not panel.result_button.isEnabled()
    assert panel.informed_button.isEnabled()
    assert short_date(panel.conclusion.inform_due_on) in panel.state_label.text()

    questions.replies.append(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(panel.informed_button, Qt.MouseButton.LeftButton)
    assert panel.conclusion.state == "done"
    assert not panel.informed_button.isEnabled()
    assert panel.changed


def test_board_row_of_a_conclusion_opens_its_visit(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = _visit(database)
    opened: list[str] = []
    monkeypatch.setattr(VisitDialog, "show_visit", lambda parent, db, number: opened.append(number) or True)
    assert open_record(None, database, "conclusion", serial)
    assert opened == [serial]


def test_board_model_opens_a_conclusion_by_its_visit(qapp: object) -> None:
    from desktop.core.cases.board import BoardRow
    from desktop.ui.cases.board_model import KIND_ROLE, NUMBER_ROLE, BoardModel

    row = BoardRow(
        kind="conclusion",
        number="02/TB-BTCD",
        citizen_name="Nguyễn Thị Ánh Tuyết",
        summary="Khiếu nại",
        state=_("Waiting for the bodies' result"),
        due_on=dt.date(2026, 3, 20),
        days_left=2,
        owes_report=False,
        is_prolonged=False,
        reference="D01-2026-000007",
    )
    model = BoardModel()
    model.set_rows([row])
    assert model.index(0, 0).data() == "02/TB-BTCD"
    assert (model.index(0, 0).data(KIND_ROLE), model.index(0, 0).data(NUMBER_ROLE)) == ("conclusion", "D01-2026-000007")
    assert "D01-2026-000007" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
