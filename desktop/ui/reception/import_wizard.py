"""The import wizard: pick an old reception book, check its columns, dry-run it, then import it.

Pages: the file; the columns (the recognised layout, each column's field, the first rows); the dry
run (what would be imported, the rows refused and why); the import itself, on a worker thread with
a progress bar, in one transaction (desktop.core.reception.importing.books).
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.core.access import Actor
from desktop.core.database import Database
from desktop.core.errors import AppError
from desktop.core.formatting import today_local
from desktop.core.i18n import _
from desktop.core.office import current_desk_code
from desktop.core.reception.importing.books import ImportReport, import_book, read_book
from desktop.core.reception.importing.layout import (
    FIELD_LABELS,
    SHAPE_LABELS,
    Field,
    MappingError,
    check_mapping,
    column_letter,
)
from desktop.core.reception.importing.rows import ReadSheet, preview
from desktop.ui.background import run_in_background

PREVIEW_ROWS = 20
PROGRESS_MS = 100
FILE_FILTER = "*.xlsx *.xls *.csv *.doc *.htm *.html"


class ImportWizard(QWizard):
    """Holds what the pages share: the file's bytes, the sheets read, the mapping chosen, the reports."""

    def __init__(self, database: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import an old reception book"))
        self.database = database
        self.actor = actor
        self.data = b""
        self.file_name = ""
        self.sheets: tuple[ReadSheet, ...] = ()
        self.mapping: dict[Field, int] | None = None
        self.report: ImportReport | None = None
        self.file_page = FilePage(self)
        self.columns_page = ColumnsPage(self)
        self.dry_run_page = DryRunPage(self)
        self.import_page = ImportPage(self)
        for page in (self.file_page, self.columns_page, self.dry_run_page, self.import_page):
            self.addPage(page)
        self.dry_run_page.setCommitPage(True)  # no way back once the import has started
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Import"))
        self.resize(980, 620)

    def desk_code(self) -> str:
        with self.database.sessions() as session:
            code = current_desk_code(session)
        if not code:
            raise AppError(_("This desk has no desk code yet: run `tiepdan init --desk D01` or start the GUI."))
        return code


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("The file of the old book"))
        self.setSubTitle(
            _("An Excel workbook (.xlsx, .xls), a CSV file, or a table saved from a web page (.xls, .doc).")
        )
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("import_path")
        self.browse_button = QPushButton(_("Choose..."))
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.error_label = QLabel()
        self.error_label.setObjectName("import_file_error")
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("File")))
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def _on_browse_clicked(self) -> None:
        books, every = _("Reception books"), _("All files")
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the old book"), "", f"{books} ({FILE_FILTER});;{every} (*)"
        )
        if path:
            self.path_edit.setText(path)

    def validatePage(self) -> bool:
        self.error_label.clear()
        path = Path(self.path_edit.text().strip())
        if not self.path_edit.text().strip():
            self.error_label.setText(_("Choose the file of the old book."))
            return False
        try:
            data = path.read_bytes()
        except OSError:
            self.error_label.setText(_("The file {path} cannot be read.").format(path=path))
            return False
        if not data.strip():
            self.error_label.setText(_("The file is empty."))
            return False
        self.owner.data, self.owner.file_name = data, path.name
        return True


class ColumnsPage(QWizardPage):
    """Each column's field, recognised or chosen, over the first rows of the sheet."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Columns"))
        self.setSubTitle(_("Check which column holds what. A column left on '-' is not read."))
        self.sheet_combo = QComboBox()
        self.sheet_combo.currentIndexChanged.connect(self._show_sheet)
        self.shape_label = QLabel()
        self.shape_label.setObjectName("import_shape")
        self.shape_label.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("import_preview")
        self.error_label = QLabel()
        self.error_label.setObjectName("import_columns_error")
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        self.combos: list[QComboBox] = []
        self._ready = False
        self._job = 0
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Sheet")))
        row.addWidget(self.sheet_combo, 1)
        layout.addLayout(row)
        layout.addWidget(self.shape_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)

    def initializePage(self) -> None:
        """Read the book on a worker thread (a book of 10,000 rows takes seconds), then show it."""
        self._ready = False
        self._job += 1
        job, data = self._job, self.owner.data
        self.error_label.clear()
        self.sheet_combo.clear()
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.combos = []
        self.shape_label.setText(_("Reading the book..."))
        run_in_background(
            lambda: read_book(data, today=today_local()),
            lambda sheets: self._on_read(job, sheets),
            lambda error: self._on_read_error(job, error),
            parent=self,
        )

    def _on_read(self, job: int, sheets: tuple[ReadSheet, ...]) -> None:
        if job != self._job:
            return  # the user went back and chose again
        self.owner.sheets = sheets
        self._fill()
        self._ready = True
        self.completeChanged.emit()

    def _on_read_error(self, job: int, error: BaseException) -> None:
        if job != self._job:
            return
        self.shape_label.clear()
        self.error_label.setText(str(error) if isinstance(error, AppError) else _("The file cannot be read."))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._ready

    def _fill(self) -> None:
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        first_known = 0
        for index, sheet in enumerate(self.owner.sheets):
            self.sheet_combo.addItem(sheet.name)
            if sheet.layout is not None and first_known == 0 and self.owner.sheets[0].layout is None:
                first_known = index
        self.sheet_combo.setCurrentIndex(first_known)
        self.sheet_combo.blockSignals(False)
        self._show_sheet()

    def sheet(self) -> ReadSheet:
        return self.owner.sheets[max(self.sheet_combo.currentIndex(), 0)]

    def _show_sheet(self) -> None:
        if not self.owner.sheets:
            return
        sheet = self.sheet()
        layout = sheet.layout
        if layout is not None:
            self.shape_label.setText(
                _("Recognised: {shape}. {entries} entries, {rejected} rows refused.").format(
                    shape=_(SHAPE_LABELS[layout.shape]), entries=len(sheet.entries), rejected=len(sheet.rejected)
                )
            )
        else:
            self.shape_label.setText(_("The header of this sheet is not recognised: choose the columns below."))
        rows = preview(sheet, PREVIEW_ROWS)
        width = max([len(row) for row in sheet.rows[:60]] + [len(row) for row in rows] + [1])
        fields_of = {column: field for field, column in (layout.columns.items() if layout else ())}
        self.table.clear()
        self.table.setColumnCount(width)
        self.table.setRowCount(len(rows) + 1)
        self.table.setHorizontalHeaderLabels([column_letter(index) for index in range(width)])
        self.combos = []
        for column in range(width):
            combo = QComboBox()
            combo.addItem("-", None)
            for field in Field:
                combo.addItem(_(FIELD_LABELS[field]), field.value)
            chosen = fields_of.get(column)
            combo.setCurrentIndex(combo.findData(chosen.value) if chosen else 0)
            self.table.setCellWidget(0, column, combo)
            self.combos.append(combo)
        first = layout.first_data_row if layout else 0
        self.table.setVerticalHeaderLabels(["", *(str(first + 1 + index) for index in range(len(rows)))])
        for row_index, row in enumerate(rows, start=1):
            for column, text in enumerate(row):
                self.table.setItem(row_index, column, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        for column in range(width):
            self.table.setColumnWidth(column, min(max(self.table.columnWidth(column), 140), 260))

    def chosen(self) -> dict[Field, int]:
        mapping: dict[Field, int] = {}
        for column, combo in enumerate(self.combos):
            data = combo.currentData()
            if data is not None and Field(data) not in mapping:
                mapping[Field(data)] = column
        return mapping

    def validatePage(self) -> bool:
        self.error_label.clear()
        mapping = self.chosen()
        layout = self.sheet().layout
        if layout is not None and mapping == dict(layout.columns):
            self.owner.mapping = None  # as recognised: each sheet by its own header
            return True
        try:
            check_mapping(mapping)
        except MappingError as exc:
            self.error_label.setText(str(exc))
            return False
        self.owner.mapping = mapping
        return True


class DryRunPage(QWizardPage):
    """What would be imported, and the rows refused with their reasons; nothing is written."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Dry run"))
        self.setSubTitle(_("Nothing has been written yet. Check the refused rows, then import."))
        self.summary_label = QLabel()
        self.summary_label.setObjectName("import_dry_run_summary")
        self.summary_label.setWordWrap(True)
        self.rejected_table = QTableWidget(0, 3)
        self.rejected_table.setObjectName("import_rejected")
        self.rejected_table.setHorizontalHeaderLabels([_("Sheet"), _("Row"), _("Reason")])
        self.rejected_table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.rejected_table, 1)
        self._ok = False
        self._job = 0

    def initializePage(self) -> None:
        """The dry run on a worker thread, in its own transaction that writes nothing."""
        self._ok = False
        self._job += 1
        job, wizard = self._job, self.owner
        self.rejected_table.setRowCount(0)
        self.summary_label.setText(_("Checking the book..."))
        try:
            desk = wizard.desk_code()
        except AppError as exc:
            self.summary_label.setText(str(exc))
            return
        data, name, mapping, actor, database = (
            wizard.data,
            wizard.file_name,
            wizard.mapping,
            wizard.actor,
            wizard.database,
        )

        def task() -> ImportReport:
            with database.sessions.begin() as session:
                return import_book(
                    session, data, file_name=name, actor=actor, desk_code=desk, dry_run=True, mapping=mapping
                )

        run_in_background(
            task, lambda report: self._on_done(job, report), lambda error: self._on_error(job, error), parent=self
        )

    def _on_error(self, job: int, error: BaseException) -> None:
        if job == self._job:
            self.summary_label.setText(str(error) if isinstance(error, AppError) else _("The file cannot be read."))
            self.completeChanged.emit()

    def _on_done(self, job: int, report: ImportReport) -> None:
        if job != self._job:
            return
        self._ok = report.entries > 0
        text = _("{entries} entries ({people} people) would be imported.").format(
            entries=report.entries, people=report.people
        )
        if report.already_imported:
            text += " " + _("{count} entries were imported before and will be skipped.").format(
                count=report.already_imported
            )
        text += " " + _("{count} rows are refused.").format(count=len(report.rejected))
        self.summary_label.setText(text)
        self.rejected_table.setRowCount(len(report.rejected))
        for index, reject in enumerate(report.rejected):
            for column, value in enumerate((reject.sheet, str(reject.row), reject.reason)):
                self.rejected_table.setItem(index, column, QTableWidgetItem(value))
        self.rejected_table.resizeColumnsToContents()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._ok


class ImportPage(QWizardPage):
    """The import on a worker thread, in one transaction; the bar follows the rows stored."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(_("Import"))
        self.progress = QProgressBar()
        self.progress.setObjectName("import_progress")
        self.result_label = QLabel()
        self.result_label.setObjectName("import_result")
        self.result_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        self._done = False
        self._lock = threading.Lock()
        self._progress = (0, 0)
        self._timer = QTimer(self)
        self._timer.setInterval(PROGRESS_MS)
        self._timer.timeout.connect(self._show_progress)

    def initializePage(self) -> None:
        self._done = False
        self.progress.setRange(0, 0)
        self.result_label.setText(_("Importing..."))
        wizard = self.owner
        desk = wizard.desk_code()
        data, name, mapping, actor, database = (
            wizard.data,
            wizard.file_name,
            wizard.mapping,
            wizard.actor,
            wizard.database,
        )

        def task() -> ImportReport:
            with database.sessions.begin() as session:
                return import_book(
                    session, data, file_name=name, actor=actor, desk_code=desk, mapping=mapping, progress=self._step
                )

        self._timer.start()
        wizard.button(QWizard.WizardButton.CancelButton).setEnabled(False)  # it runs to its end, or not at all
        run_in_background(task, self._on_done, self._on_error, parent=self)

    def _step(self, done: int, total: int) -> None:  # on the worker thread: no Qt here
        with self._lock:
            self._progress = (done, total)

    def _show_progress(self) -> None:
        with self._lock:
            done, total = self._progress
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _on_done(self, report: ImportReport) -> None:
        self._timer.stop()
        self.owner.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        self.owner.report = report
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        text = _("Imported {imported} entries ({people} people).").format(
            imported=report.imported, people=report.people
        )
        if report.rejected:
            text += " " + _("{count} rows were refused.").format(count=len(report.rejected))
        self.result_label.setText(text)
        self._done = True
        self.completeChanged.emit()

    def _on_error(self, error: BaseException) -> None:
        self._timer.stop()
        self.owner.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        message = str(error) if isinstance(error, AppError) else _("The import failed: nothing was written.")
        self.result_label.setText(message)
        self._done = True
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._done
