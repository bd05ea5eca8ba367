"""Settings → Audit trail: the events filtered by user, record and period, the chain checked, the CSV export."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text

from db.models import Citizen
from desktop.core import audit
from desktop.core.access import Actor, acting
from desktop.core.database import Database
from desktop.core.reception.visits import register_visit
from desktop.ui import signed_in
from desktop.ui.audit_dialog import AuditDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import UiSettings
from tests.builders import ADMIN, NAME, make_draft

LAN = Actor(user_id=uuid.UUID(int=7), username="lan", role="receptionist")
HUNG = Actor(user_id=uuid.UUID(int=8), username="hung", role="leader")


def _fill(database: Database) -> uuid.UUID:
    with database.sessions.begin() as session:
        acting(session, LAN)
        register_visit(session, make_draft(), desk_code="D01", actor=ADMIN)
    with database.sessions.begin() as session:
        citizen_id = session.scalars(select(Citizen.id)).one()
        audit.record_read(session, HUNG, table="citizen", record_id=citizen_id, what=["full_name"])
    return citizen_id


def _column(dialog: AuditDialog, column: int) -> list[str]:
    model = dialog.table.model()
    return [str(model.index(row, column).data(Qt.ItemDataRole.DisplayRole)) for row in range(model.rowCount())]


def _dialog(qtbot: QtBot, database: Database) -> AuditDialog:
    dialog = AuditDialog(database, actor=HUNG)
    qtbot.addWidget(dialog)
    return dialog


def test_the_viewer_filters_by_user_record_and_period(qtbot: QtBot, database: Database) -> None:
    citizen_id = _fill(database)
    dialog = _dialog(qtbot, database)
    assert {"lan", "hung"} <= set(_column(dialog, 3))
    assert any(NAME in cell for cell in _column(dialog, 6))  # a leader sees what was saved

    dialog.user_edit.setText("hung")
    qtbot.mouseClick(dialog.filter_button, Qt.MouseButton.LeftButton)
    assert _column(dialog, 3) == ["hung"]
    assert _column(dialog, 4) == ["đã xem"]
    assert _column(dialog, 6) == ["full_name"]

    dialog.user_edit.clear()
    dialog.record_edit.setText(str(citizen_id))
    dialog.apply_filters()
    assert sorted(_column(dialog, 4)) == ["đã tạo", "đã xem"]

    dialog.record_edit.clear()
    dialog.since_edit.setText("01/01/2020")
    dialog.until_edit.setText("31/12/2020")
    dialog.apply_filters()
    assert dialog.model.rowCount() == 0
    dialog.since_edit.setText("hôm qua")
    dialog.apply_filters()
    assert dialog.period_error.isVisibleTo(dialog)
    assert dialog.model.rowCount() == 0  # the list stays as it was


def test_the_viewer_checks_the_chain_and_says_where_it_broke(qtbot: QtBot, database: Database) -> None:
    _fill(database)
    dialog = _dialog(qtbot, database)
    assert dialog.check_chain()
    assert "nguyên vẹn" in dialog.chain_label.text()
    with database.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event WHERE seq = 2"))
    assert not dialog.check_chain()
    assert "thiếu sự kiện 2" in dialog.chain_label.text()


def test_the_export_writes_the_filtered_list_and_is_itself_audited(
    qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    _fill(database)
    dialog = _dialog(qtbot, database)
    dialog.user_edit.setText("lan")
    dialog.apply_filters()
    shown = dialog.model.rowCount()
    target = tmp_path / "audit.csv"
    dialog.export_to(target)
    with target.open(encoding="utf-8-sig", newline="") as file:
        header, *lines = list(csv.reader(file))
    assert header == list(audit.EXPORT_HEADER)
    assert len(lines) == shown > 0
    assert {line[3] for line in lines} == {"lan"}
    assert target.stat().st_mode & 0o077 == 0  # it holds personal data: closed to other accounts
    with database.sessions() as session:
        [export] = audit.list_events(session, audit.AuditFilter(user="hung", record="audit_event"), actor=ADMIN)
    assert export.action == "export"


def test_settings_offers_the_audit_trail(qtbot: QtBot, database: Database, ui_settings: UiSettings) -> None:
    window = MainWindow(database, ui_settings)
    qtbot.addWidget(window)
    assert window.audit_action.isEnabled()  # an administrator is signed in (tests/ui/conftest.py)
    menus = {action.text(): action.menu().actions() for action in window.menuBar().actions() if action.menu()}
    assert window.audit_action in menus["&Cài đặt"]


def test_the_audit_trail_is_not_offered_to_a_receptionist(
    qtbot: QtBot, database: Database, ui_settings: UiSettings
) -> None:
    signed_in.sign_in(Actor(user_id=uuid.uuid4(), username="tiepnhan", role="receptionist"))
    window = MainWindow(database, ui_settings)
    qtbot.addWidget(window)
    assert not window.audit_action.isEnabled()


def test_the_excel_export_holds_the_same_lines(qtbot: QtBot, database: Database, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _fill(database)
    dialog = _dialog(qtbot, database)
    target = tmp_path / "audit.xlsx"
    dialog.export_to(target)
    book = load_workbook(target, read_only=True)
    try:
        lines = [tuple(cell or "" for cell in line) for line in book.active.iter_rows(values_only=True)]
    finally:
        book.close()
    assert lines == audit.export_rows(dialog.rows)
    assert any(NAME in cell for line in lines for cell in line)
    assert target.stat().st_mode & 0o077 == 0
