"""Reports: choose a table and a period, see the table (the office's total first), export it to xlsx or
PDF, and double-click a cell to list the records it counts (a denouncer masked unless assigned).

The figures come from the office server on an office desk (every desk's), else from this desk
(desktop/core/reports/scope.py). Printed and exported tables are Vietnamese whatever the UI language.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import ValidationError
from desktop.core.formatting import short_date
from desktop.core.i18n import _
from desktop.core.permissions import allowed
from desktop.core.reports.definitions import TABLE_IDS, load_table
from desktop.core.reports.drill import CellRecord
from desktop.core.reports.export import report_pdf, report_sheet, report_xlsx, write_bytes
from desktop.core.reports.openings import read_openings, save_openings
from desktop.core.reports.periods import Period
from desktop.core.reports.scope import office_cell_records, office_tables
from desktop.core.reports.tables import ReportTable
from desktop.documents.report_table import format_value
from desktop.ui import signed_in
from desktop.ui.errors import reporting_errors
from desktop.ui.widgets.date_field import DateField, DateMode
from desktop.ui.widgets.period_chooser import PeriodChooser

if TYPE_CHECKING:
    from desktop.core.database import Database

SIZE = (1150, 640)
HEADER_WRAP = 14  # characters per line of a column's heading
COLUMN_WIDTH = 96
ERROR_STYLE = "color: #b00020"


class ReportsDialog(QDialog):
    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.table: ReportTable | None = None
        self.setWindowTitle(_("Report tables"))
        self.resize(*SIZE)
        self._build_ui()

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database) -> None:
        cls(database, parent).exec()

    def _build_ui(self) -> None:
        self.table_combo = QComboBox()
        for table_id in TABLE_IDS:
            self.table_combo.addItem(f"{table_id}  {load_table(table_id).title.capitalize()}", table_id)
        self.period = PeriodChooser()  # shared with the dashboard
        self.year_spin = self.period.year_spin
        self.from_edit, self.to_edit = self.period.from_edit, self.period.to_edit
        self.show_button = QPushButton(_("&Show"))
        choose = QHBoxLayout()
        choose.addWidget(self.table_combo)
        choose.addWidget(self.period)
        choose.addWidget(self.show_button)
        self.period_error = QLabel()
        self.period_error.setStyleSheet(ERROR_STYLE)
        self.period_error.setVisible(False)
        self.period_label = QLabel()
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.grid.horizontalHeader().setDefaultSectionSize(COLUMN_WIDTH)
        below = self._below()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.period_error)
        layout.addWidget(self.period_label)
        layout.addWidget(self.grid, 1)
        layout.addLayout(below)
        layout.addWidget(buttons)
        self.show_button.clicked.connect(self.show_table)
        self.grid.cellDoubleClicked.connect(self.show_records)
        self.xlsx_button.clicked.connect(lambda: self._on_export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self._on_export("pdf"))
        self.openings_button.clicked.connect(self._on_openings_clicked)
        buttons.rejected.connect(self.reject)

    def _below(self) -> QHBoxLayout:
        """The note line, the carried-over figures and the two exports under the table."""
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.xlsx_button = QPushButton(_("Export to &Excel..."))
        self.pdf_button = QPushButton(_("Export to &PDF..."))
        self.openings_button = QPushButton(_("Figures carried &over..."))
        self.openings_button.setToolTip(
            _("The figures of the chosen table and year from before the office used TiepDan")
        )
        self.openings_button.setEnabled(allowed(signed_in.actor(), "report.opening"))
        for button in (self.xlsx_button, self.pdf_button):
            button.setEnabled(False)
        below = QHBoxLayout()
        below.addWidget(self.note_label, 1)
        below.addWidget(self.openings_button)
        below.addWidget(self.xlsx_button)
        below.addWidget(self.pdf_button)
        return below

    def _on_openings_clicked(self) -> None:
        dialog = OpeningsDialog(self._database, str(self.table_combo.currentData()), self.year_spin.value(), self)
        if dialog.exec() and self.table is not None:
            self.show_table()

    def chosen_period(self) -> Period:
        """The period chosen; a ValidationError says what cannot be read."""
        return self.period.chosen(self._database)

    def show_table(self) -> None:
        try:
            period = self.chosen_period()
        except ValidationError as exc:
            self.period_error.setText(" ".join(exc.errors.values()))
            self.period_error.setVisible(True)
            return
        self.period_error.setVisible(False)
        table_id = str(self.table_combo.currentData())
        with reporting_errors(self):
            result = office_tables(self._database, (table_id,), period, actor=signed_in.actor())
            self._fill(result.tables[0], result.source_note)

    def _fill(self, table: ReportTable, source_note: str) -> None:
        self.table = table
        definition = table.definition
        columns = [c for c in definition.columns if c.numeric]
        self.grid.clear()
        self.grid.setColumnCount(len(columns))
        self.grid.setRowCount(len(table.rows))
        for index, column in enumerate(columns):
            item = QTableWidgetItem("\n".join([column.id, *textwrap.wrap(column.path[-1], HEADER_WRAP)]))
            item.setToolTip(" › ".join(column.path) + (f"\nMS: {column.ms}" if "=" in column.ms else ""))
            self.grid.setHorizontalHeaderItem(index, item)
        self.grid.setVerticalHeaderLabels([row.unit for row in table.rows])
        for row_index, row in enumerate(table.rows):
            for index, column in enumerate(columns):
                cell = QTableWidgetItem(format_value(row.cells.get(column.id, 0), column.is_amount))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cell.setData(Qt.ItemDataRole.UserRole, column.id)
                self.grid.setItem(row_index, index, cell)
        self.period_label.setText(
            _("{table}: from {first} to {last}").format(
                table=definition.id, first=short_date(table.period.start), last=short_date(table.period.end)
            )
        )
        self.note_label.setText(" ".join(part for part in (table.note(), source_note) if part))
        for button in (self.xlsx_button, self.pdf_button):
            button.setEnabled(True)

    def records_of(self, row: int, column: int) -> list[CellRecord]:
        """The records the cell at (row, column) counts."""
        assert self.table is not None
        item = self.grid.item(row, column)
        column_id = str(item.data(Qt.ItemDataRole.UserRole))
        desk = self.table.rows[row].desk_code or None
        table, period = self.table.definition.id, self.table.period
        return office_cell_records(self._database, table, column_id, period, actor=signed_in.actor(), desk_code=desk)

    def show_records(self, row: int, column: int) -> None:
        if self.table is None:
            return
        with reporting_errors(self):
            records = self.records_of(row, column)
            RecordsDialog(records, self.grid.horizontalHeaderItem(column).toolTip(), self).exec()

    def _on_export(self, kind: str) -> None:
        if self.table is None:
            return
        suggested = f"{self.table.definition.id.replace('/', '-')}.{kind}"
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export the table"), suggested, "Excel (*.xlsx)" if kind == "xlsx" else "PDF (*.pdf)"
        )
        if name:
            self.export_to(Path(name), kind)

    def export_to(self, path: Path, kind: str) -> None:
        assert self.table is not None
        with reporting_errors(self), self._database.sessions() as session:
            sheet = report_sheet(session, self.table, actor=signed_in.actor())
            write_bytes(path, report_xlsx([sheet]) if kind == "xlsx" else report_pdf([sheet]))
            self.note_label.setText(_("Written: {path}").format(path=path))


class RecordsDialog(QDialog):
    """The records one cell counts: number, day, person, content."""

    def __init__(self, records: list[CellRecord], what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Records counted"))
        self.resize(900, 480)
        label = QLabel(what.replace("\n", " — ") + "\n" + _("{n} records").format(n=len(records)))
        label.setWordWrap(True)
        self.list = QTableWidget(len(records), 4)
        self.list.setHorizontalHeaderLabels([_("Number"), _("Date"), _("Person"), _("Content")])
        self.list.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.list.horizontalHeader().setStretchLastSection(True)
        for row, record in enumerate(records):
            for column, text in enumerate((record.number, short_date(record.day), record.name, record.summary)):
                self.list.setItem(row, column, QTableWidgetItem(text))
        self.list.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)


class OpeningsDialog(QDialog):
    """The figures a table carries over from before the office used TiepDan: one line per column.

    A refused figure shows its message beside it; nothing typed is lost and nothing is saved.
    """

    def __init__(self, database: Database, table_id: str, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.table_id = table_id
        self.year = year
        self.saved = False
        definition = load_table(table_id)
        self.columns = [column for column in definition.columns if column.numeric]
        with database.sessions() as session:
            current = read_openings(session, table_id, year)
        self.setWindowTitle(_("Figures carried over: {table}, {year}").format(table=table_id, year=year))
        self.resize(820, 600)
        self.as_of_edit = DateField(DateMode.DATE)
        self.as_of_edit.set_value(current.as_of or dt.date(year, 1, 1))
        self.as_of_error = QLabel()
        self.as_of_error.setStyleSheet(ERROR_STYLE)
        self.grid = QTableWidget(len(self.columns), 3)
        self.grid.setHorizontalHeaderLabels([_("Column"), _("Figure"), _("Problem")])
        self.grid.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, column in enumerate(self.columns):
            title = QTableWidgetItem(f"{column.id}. {' › '.join(column.path)}")
            title.setFlags(title.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.grid.setItem(row, 0, title)
            amount = current.values.get(column.id)
            self.grid.setItem(row, 1, QTableWidgetItem("" if amount is None else f"{amount:g}".replace(".", ",")))
            problem = QTableWidgetItem("")
            problem.setFlags(problem.flags() & ~Qt.ItemFlag.ItemIsEditable)
            problem.setForeground(Qt.GlobalColor.red)
            self.grid.setItem(row, 2, problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        explain = QLabel(
            _("The figures the table counted from the start of {year} up to the day below, before TiepDan.").format(
                year=year
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Up to")))
        row.addWidget(self.as_of_edit)
        row.addWidget(self.as_of_error, 1)
        layout.addLayout(row)
        layout.addWidget(self.grid, 1)
        layout.addWidget(buttons)

    def save(self) -> None:
        values = {column.id: self.grid.item(row, 1).text() for row, column in enumerate(self.columns)}
        for row in range(len(self.columns)):
            self.grid.item(row, 2).setText("")
        self.as_of_error.setText("")
        try:
            as_of = self.as_of_edit.value()
        except ValueError:
            as_of = None
        if not isinstance(as_of, dt.date):
            self.as_of_error.setText(_("Type a date such as 05/03/2026."))
            return
        with reporting_errors(self):
            try:
                with self._database.sessions.begin() as session:
                    save_openings(session, self.table_id, self.year, as_of, values, actor=signed_in.actor())
            except ValidationError as exc:
                for row, column in enumerate(self.columns):
                    self.grid.item(row, 2).setText(exc.errors.get(column.id, ""))
                self.as_of_error.setText(exc.errors.get("as_of", ""))
                return
            self.saved = True
            self.accept()
