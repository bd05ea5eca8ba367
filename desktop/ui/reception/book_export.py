"""Export the reception book of any period: the days, then a file; .xlsx gives a spreadsheet, .pdf the printed book.

The file is written on a worker thread, with a progress dialog whose Cancel stops it; the file
appears only when whole (a cancelled or failed export leaves none, see files.keep_streamed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from desktop.core.i18n import _, ngettext
from desktop.core.reception.book import BookFilter
from desktop.core.reception.book_print import (
    BookPeriod,
    PrintCancelled,
    book_period,
    export_book_xlsx,
    print_book,
)
from desktop.ui.background import run_in_background
from desktop.ui.errors import reporting_errors, show_error
from desktop.ui.viewer import viewer_of

if TYPE_CHECKING:
    from desktop.core.access import Actor
    from desktop.core.database import Database

SPREADSHEET = ".xlsx"
PDF = ".pdf"
PROGRESS_MS = 100  # how often the progress dialog shows the rows the worker has written
PROGRESS_STEPS = 1000  # the dialog's range: a per-mille of the rows (a QProgressDialog counts in int)


class _Job:
    """What the worker thread and the dialog share: the rows done and the user's cancel; no Qt object."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done = 0
        self.total = 0
        self.cancel = threading.Event()

    def report(self, done: int, total: int) -> None:  # on the worker thread
        with self.lock:
            self.done, self.total = done, total
        if self.cancel.is_set():
            raise PrintCancelled(_("The export was cancelled: no file was written."))

    def seen(self) -> tuple[int, int]:
        with self.lock:
            return self.done, self.total


class BookExportDialog(QDialog):
    """From and to (the days shown in the book by default), then "Export..." asks for the file.

    ``written`` is emitted when the export ends: True when the file was written, False when it
    was cancelled or failed.
    """

    written = Signal(bool)

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
        self.progress: QProgressDialog | None = None
        self._job: _Job | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(PROGRESS_MS)
        self._timer.timeout.connect(self._show_progress)

    def period(self) -> BookPeriod:
        return book_period(self.from_edit.date().toPython(), self.to_edit.date().toPython())

    def chosen(self) -> BookFilter:
        """The filters and order of the book view over the period of this dialog (all visits without a view)."""
        period = self.period()
        if self._only is None:
            return BookFilter(period.first, period.last)
        return dataclasses.replace(self._only, first=period.first, last=period.last)

    def export(self) -> None:
        """Ask for the file, then write it on a worker thread under a progress dialog."""
        if self._job is not None:
            return  # one export at a time
        with reporting_errors(self):
            period = self.period()
            path = self._ask_path(period)
            if path is None:
                return
            self._start(period, path, self.chosen(), viewer_of(self))

    def reject(self) -> None:
        """The dialog's Cancel: stops a running export first (its file is not written)."""
        if self._job is not None:
            self._job.cancel.set()
            return
        super().reject()

    def _start(self, period: BookPeriod, path: Path, only: BookFilter, actor: Actor) -> None:
        job = self._job = _Job()
        database = self._database
        spreadsheet = path.suffix.lower() == SPREADSHEET

        def task() -> int:  # on the worker thread: its own session, no widget
            with database.sessions() as session:
                if spreadsheet:
                    return export_book_xlsx(session, period, path, actor=actor, only=only, progress=job.report)
                return print_book(
                    session,
                    period,
                    actor=actor,
                    data_dir=database.data_dir,
                    keep=not database.read_only,
                    only=only,
                    output=path,
                    progress=job.report,
                ).visits

        progress = self.progress = QProgressDialog(
            _("Writing the reception book to {name}...").format(name=path.name), _("Cancel"), 0, PROGRESS_STEPS, self
        )
        progress.setWindowTitle(_("Export the reception book"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(job.cancel.set)
        progress.setValue(0)
        progress.show()
        self.export_button.setEnabled(False)
        self._timer.start()
        run_in_background(task, lambda visits: self._finished(path, visits), self._failed, parent=self)

    def _show_progress(self) -> None:
        if self._job is None or self.progress is None:
            return
        done, total = self._job.seen()
        if total:
            self.progress.setValue(done * PROGRESS_STEPS // total)
            self.progress.setLabelText(
                _("Writing the reception book: {done} of {total} visits...").format(
                    done=f"{done:,}".replace(",", "."),
                    total=f"{total:,}".replace(",", "."),  # "52.159"
                )
            )

    def _stop(self) -> None:
        self._timer.stop()
        self._job = None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self.export_button.setEnabled(True)

    def _finished(self, path: Path, visits: int) -> None:
        self._stop()
        self.result_label.setText(
            ngettext("Wrote {count} visit to {path}.", "Wrote {count} visits to {path}.", visits).format(
                count=visits, path=path
            )
        )
        self.written.emit(True)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._stop()
        if isinstance(error, PrintCancelled):
            self.result_label.setText(str(error))
        else:
            self.result_label.setText("")
            show_error(self, error)
        self.written.emit(False)

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


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit
