"""Petitions → Report tables: a table for a period shown, exported, a cell's records listed (masked)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from db.enums import Role
from desktop.core.access import NOBODY
from desktop.core.confidentiality import MASKED_NAME
from desktop.core.database import DB_FILE, Database, open_database
from desktop.core.demo.generator import generate
from desktop.ui import signed_in
from desktop.ui.reports_dialog import OpeningsDialog, ReportsDialog
from desktop.ui.widgets.period_chooser import PERIODS
from tests.builders import an_actor

NOW = dt.datetime(2026, 11, 30, 5, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo(template_db: Path, tmp_path: Path) -> Iterator[Database]:
    folder = tmp_path / "demo"
    folder.mkdir()
    shutil.copy(template_db, folder / DB_FILE)
    database = open_database(data_dir=folder)
    with database.sessions.begin() as session:
        generate(session, visits=300, desk_code="D01", seed=3, now=NOW, postal_petitions=60)
    signed_in.sign_in(an_actor(Role.LEADER))
    yield database
    signed_in.sign_in(NOBODY)
    database.dispose()


def test_a_table_shown_exported_and_a_cell_drilled_into(qtbot: QtBot, demo: Database, tmp_path: Path) -> None:
    dialog = ReportsDialog(demo)
    qtbot.addWidget(dialog)
    dialog.table_combo.setCurrentIndex(dialog.table_combo.findData("02/TCD"))
    dialog.period.combo.setCurrentIndex(list(PERIODS).index("year"))
    dialog.year_spin.setValue(2026)
    dialog.show_button.click()
    assert dialog.table is not None
    assert dialog.grid.rowCount() == 2  # the office's total, the desk
    assert dialog.grid.verticalHeaderItem(0).text() == "Tổng cộng"
    total = dialog.table.total.cells
    assert dialog.grid.item(0, 0).text() == f"{total['1']:,}".replace(",", ".")
    records = dialog.records_of(0, 4)  # column 5: denunciations
    assert len(records) == total["5"] > 0
    assert {record.name for record in records} - {""} == {MASKED_NAME}  # "": an anonymous denunciation
    dialog.export_to(tmp_path / "02-TCD.xlsx", "xlsx")
    assert load_workbook(tmp_path / "02-TCD.xlsx").sheetnames == ["02-TCD"]
    dialog.grab().save("/tmp/reports-dialog.png")


def test_a_custom_period_needs_both_dates(qtbot: QtBot, demo: Database) -> None:
    dialog = ReportsDialog(demo)
    qtbot.addWidget(dialog)
    dialog.period.combo.setCurrentIndex(list(PERIODS).index("custom"))
    dialog.from_edit.setText("01/03/2026")
    dialog.show_button.click()
    assert not dialog.period_error.isHidden()
    assert dialog.table is None
    dialog.to_edit.setText("31/05/2026")
    dialog.show_button.click()
    assert dialog.period_error.isHidden()
    assert dialog.table is not None
    assert dialog.table.period.end == dt.date(2026, 5, 31)


def _row(dialog: OpeningsDialog, column_id: str) -> int:
    return next(row for row, column in enumerate(dialog.columns) if column.id == column_id)


def _set(dialog: OpeningsDialog, column_id: str, text: str) -> None:
    dialog.grid.item(_row(dialog, column_id), 1).setText(text)


def test_figures_carried_over_are_entered_checked_and_added(qtbot: QtBot, demo: Database) -> None:
    dialog = OpeningsDialog(demo, "01/TCD", 2026)
    qtbot.addWidget(dialog)
    dialog.as_of_edit.setText("31/03/2026")
    _set(dialog, "1", "10")
    _set(dialog, "4", "9")
    dialog.save()
    assert not dialog.saved
    assert (
        dialog.grid.item(_row(dialog, "1"), 2).text()
        == "Các số liệu này không đúng quy tắc cộng của dòng MS 1 = 4 + 13 + 22."
    )
    _set(dialog, "4", "10")
    dialog.save()
    assert dialog.saved
    shown = ReportsDialog(demo)
    qtbot.addWidget(shown)
    shown.table_combo.setCurrentIndex(shown.table_combo.findData("01/TCD"))
    shown.year_spin.setValue(2026)
    shown.show_button.click()
    assert shown.table is not None
    assert "đầu kỳ" in shown.note_label.text()
