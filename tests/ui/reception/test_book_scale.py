"""The book view at scale: any period, filters and order in SQL, a page read at a time, exported as shown."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.enums import Classification, Outcome
from db.models import Visit, VisitParticipant
from desktop.core.database import Database
from desktop.core.demo.generator import generate
from desktop.core.reception.book import BookFilter
from desktop.documents.book_xlsx import HEADER_ROWS
from desktop.ui.reception.book_export import BookExportDialog
from desktop.ui.reception.book_model import SERIAL_ROLE, VisitTableModel
from desktop.ui.reception.book_panel import BookPanel
from tests.builders import ADMIN

NOW = dt.datetime(2026, 11, 27, 4, 0, tzinfo=dt.UTC)
FIRST, LAST = dt.date(2025, 1, 1), dt.date(2026, 12, 31)
VISITS = 2 * VisitTableModel.PAGE + 50


@pytest.fixture
def busy(database: Database) -> Database:
    with database.sessions.begin() as session:
        generate(session, visits=VISITS, desk_code="D01", seed=11, now=NOW)
    return database


def _fetch_all(model: VisitTableModel) -> None:
    while model.canFetchMore():
        model.fetchMore()


def _serials(model: VisitTableModel) -> list[str]:
    return [model.index(row, 0).data(SERIAL_ROLE) for row in range(model.rowCount())]


def _count(database: Database, *conditions: object) -> int:
    with database.sessions() as session:
        stmt = select(func.count()).select_from(Visit)
        stmt = stmt.join(VisitParticipant, (VisitParticipant.visit_id == Visit.id) & (VisitParticipant.position == 0))
        return int(session.scalar(stmt.where(*conditions)) or 0)  # type: ignore[arg-type]


def test_the_book_is_read_from_sql_a_page_at_a_time_and_passes_the_model_tester(
    busy: Database, qtmodeltester: object
) -> None:
    model = VisitTableModel()
    model.show_book(busy, BookFilter(FIRST, LAST), ADMIN)
    assert model.total == VISITS
    assert model.rowCount() == VisitTableModel.PAGE  # not the whole table
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    _fetch_all(model)
    with busy.sessions() as session:
        in_order = list(session.scalars(select(Visit.serial).order_by(Visit.received_at, Visit.serial)))
    assert _serials(model) == in_order


def test_the_panel_filters_sorts_and_takes_any_period(qtbot: QtBot, busy: Database) -> None:
    panel = BookPanel(busy)
    qtbot.addWidget(panel)
    panel.set_period(dt.date(2025, 3, 1), dt.date(2025, 8, 31))
    start = dt.datetime(2025, 2, 28, 17, 0, tzinfo=dt.UTC)  # 1 March 2025, 00:00 in Viet Nam
    end = dt.datetime(2025, 8, 31, 17, 0, tzinfo=dt.UTC)
    in_period = (Visit.received_at >= start, Visit.received_at < end)
    assert panel.model.total == _count(busy, *in_period) > 0

    panel.outcome_combo.set_value(Outcome.GUIDE)
    panel.classification_combo.set_value(Classification.COMPLAINT)
    guided = (*in_period, Visit.outcome == Outcome.GUIDE, Visit.classification == Classification.COMPLAINT)
    assert panel.model.total == _count(busy, *guided) > 0
    _fetch_all(panel.model)
    rows = [panel.model.record(row) for row in range(panel.model.rowCount())]
    assert {(row.outcome, row.classification) for row in rows} == {(Outcome.GUIDE, Classification.COMPLAINT)}
    assert str(panel.model.total) in panel.count_label.text()

    panel.outcome_combo.set_value(None)
    panel.classification_combo.set_value(None)
    with busy.sessions() as session:
        province, commune = session.execute(
            select(VisitParticipant.province_code, VisitParticipant.commune_code)
            .join(Visit, Visit.id == VisitParticipant.visit_id)
            .where(VisitParticipant.position == 0, *in_period)
            .limit(1)
        ).one()
    panel.province_combo.set_code(province)
    panel.commune_combo.set_code(commune)
    assert panel.model.total == _count(busy, *in_period, VisitParticipant.commune_code == commune) > 0
    assert panel.model.total < _count(busy, *in_period)
    panel.province_combo.set_code(None)

    panel.receptionist_combo.setCurrentIndex(1)
    receptionist = uuid.UUID(panel.receptionist_combo.currentData())
    assert panel.model.total == _count(busy, *in_period, Visit.receptionist_id == receptionist) > 0
    panel.receptionist_combo.setCurrentIndex(0)

    panel.table.sortByColumn(7, Qt.SortOrder.DescendingOrder)  # People, in SQL over the whole period
    with busy.sessions() as session:
        most = session.scalar(select(func.max(Visit.head_count)).where(*in_period))
    assert panel.model.record(0).head_count == most
    assert panel.current_filter().sort == "head_count"


def test_moving_the_day_of_a_days_book_keeps_it_one_day(qtbot: QtBot, busy: Database) -> None:
    panel = BookPanel(busy)
    qtbot.addWidget(panel)
    panel.set_day(dt.date(2025, 3, 3))
    panel.date_edit.setDate(panel.date_edit.date().addDays(1))
    assert (panel.day(), panel.last_day()) == (dt.date(2025, 3, 4), dt.date(2025, 3, 4))
    panel.to_edit.setDate(panel.to_edit.date().addDays(10))
    panel.date_edit.setDate(panel.date_edit.date().addDays(2))
    assert (panel.day(), panel.last_day()) == (dt.date(2025, 3, 6), dt.date(2025, 3, 14))


def test_the_export_writes_what_the_view_shows_in_its_order(
    qtbot: QtBot, busy: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = BookPanel(busy)
    qtbot.addWidget(panel)
    panel.set_period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    panel.outcome_combo.set_value(Outcome.RECEIVE_PETITION)
    panel.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    _fetch_all(panel.model)
    shown = _serials(panel.model)
    assert len(shown) > VisitTableModel.PAGE // 4
    written = tmp_path / "loc.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(written), ""))
    dialog = BookExportDialog(busy, panel.day(), panel.last_day(), panel, only=panel.current_filter())
    qtbot.addWidget(dialog)

    with qtbot.waitSignal(dialog.written, timeout=120_000):
        dialog.export_button.click()

    sheet = openpyxl.load_workbook(written).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))[HEADER_ROWS:]
    assert [str(row[12]).split("\n")[0] for row in rows] == shown
    assert [row[0] for row in rows] == list(range(1, len(shown) + 1))
