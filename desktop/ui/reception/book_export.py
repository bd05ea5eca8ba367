"""Export the reception book of any period: the days, then a file; .xlsx gives a spreadsheet, .pdf the printed book."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QStandardPaths
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.core.files import keep
from desktop.core.i18n import _, ngettext
from desktop.core.reception.book import BookFilter
from desktop.core.reception.book_print import BookPeriod, book_period, export_book_xlsx, print_book
from desktop.ui.errors import reporting_errors
from desktop.ui.viewer import viewer_of

if TYPE_CHECKING:
    from desktop.core.database import Database

SPREADSHEET = ".xlsx"
PDF = ".pdf"


class BookExportDialog(QDialog):
    """From and to (the days shown in the book by default), then "Export..." asks for the file."""

    def __init__(
        self,
        database: Database,
        first: dt.date,
        last: dt.date,
        parent: QWidget | None = None,
        *,
        only: BookFilter | None = None,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._only = only  # the book view's filters and order, written over the period chosen here
        self.setWindowTitle(_("Export the reception book"))
        self.from_edit = _date_edit(first)
        self.to_edit = _date_edit(last)
        self.to_edit.setMinimumDate(self.from_edit.date())  # a period never ends before it starts
        self.from_edit.dateChanged.connect(self.to_edit.setMinimumDate)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("From"), self.from_edit)
        form.addRow(_("Up to"), self.to_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(_("Export..."), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("A spreadsheet (.xlsx) or the printed book (.pdf), in the 13 columns of the form.")))
        if only is not None and dataclasses.replace(only, sort="received_at", descending=False) != BookFilter(
            only.first, only.last
        ):
            layout.addWidget(QLabel(_("Only the visits the book's filters keep, in the order shown.")))
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)

    def period(self) -> BookPeriod:
        return book_period(self.from_edit.date().toPython(), self.to_edit.date().toPython())

    def chosen(self) -> BookFilter:
        """The filters and order of the book view over the period of this dialog (all visits without a view)."""
        period = self.period()
        if self._only is None:
            return BookFilter(period.first, period.last)
        return dataclasses.replace(self._only, first=period.first, last=period.last)

    def export(self) -> None:
        with reporting_errors(self):
            period = self.period()
            path = self._ask_path(period)
            if path is None:
                return
            visits = self._write(period, path)
            self.result_label.setText(
                ngettext("Wrote {count} visit to {path}.", "Wrote {count} visits to {path}.", visits).format(
                    count=visits, path=path
                )
            )
            self.accept()

    def _ask_path(self, period: BookPeriod) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = f"so-tiep-cong-dan-{period.label.replace('/', '-').replace(' ', '')}{SPREADSHEET}"
        spreadsheets, pdfs = _("Spreadsheets (*.xlsx)"), _("PDF files (*.pdf)")
        chosen, picked = QFileDialog.getSaveFileName(
            self, _("Save the reception book as"), str(Path(folder) / name), f"{spreadsheets};;{pdfs}"
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in (SPREADSHEET, PDF):  # the format follows the extension; add the filter's
            path = path.with_name(path.name + (PDF if picked == pdfs else SPREADSHEET))
        return path

    def _write(self, period: BookPeriod, path: Path) -> int:
        database = self._database
        with database.sessions() as session:
            if path.suffix.lower() == SPREADSHEET:
                return export_book_xlsx(session, period, path, actor=viewer_of(self), only=self.chosen())
            book = print_book(
                session,
                period,
                actor=viewer_of(self),
                data_dir=database.data_dir,
                keep=not database.read_only,
                only=self.chosen(),
            )
        keep(path, book.pdf)
        return book.visits


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit
