"""The reception book of one day: a date picker over the table of that day's visits."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.formatting import today_local
from desktop.core.i18n import _, ngettext
from desktop.core.reception.book import list_visits
from desktop.ui.errors import reporting_errors
from desktop.ui.reception.book_model import SERIAL_ROLE, VisitTableModel
from desktop.ui.viewer import viewer_of
from desktop.ui.widgets.record_model import record_view, sorting_proxy

if TYPE_CHECKING:
    from desktop.core.database import Database


class BookPanel(QWidget):
    """Emits ``visit_activated(serial)`` on double-click or Enter on a row."""

    visit_activated = Signal(str)

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.model = VisitTableModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        title = QLabel(_("Reception book"))
        title.setStyleSheet("font-weight: bold;")
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setDate(_qdate(today_local()))
        self.today_button = QPushButton(_("Today"))
        self.export_button = QPushButton(_("Export book..."))
        self.export_button.setToolTip(_("Write the book of any period as a spreadsheet (.xlsx) or a PDF"))
        self.count_label = QLabel()
        top = QHBoxLayout()
        for widget in (title, self.date_edit, self.today_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.count_label)
        top.addWidget(self.export_button)
        self.table = record_view(self.model, proxy=self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 6, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def _connect_signals(self) -> None:
        self.date_edit.dateChanged.connect(self.refresh)
        self.today_button.clicked.connect(self.show_today)
        self.export_button.clicked.connect(self.open_export)
        self.table.activated.connect(self._on_table_activated)
        self.table.doubleClicked.connect(self._on_table_activated)

    def day(self) -> dt.date:
        return self.date_edit.date().toPython()

    def show_today(self) -> None:
        self.set_day(today_local())

    def set_day(self, day: dt.date, *, refresh: bool = True) -> None:
        """Show the book of ``day``; with ``refresh`` False the caller refreshes (e.g. through the hub)."""
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(_qdate(day))
        self.date_edit.blockSignals(False)
        if refresh:
            self.refresh()

    def open_export(self) -> None:
        """The export dialog, for the year of the day shown up to that day."""
        from desktop.ui.reception.book_export import BookExportDialog

        day = self.day()
        BookExportDialog(self._database, dt.date(day.year, 1, 1), day, self).exec()

    def refresh(self) -> None:
        with reporting_errors(self), self._database.sessions() as session:
            self.model.set_rows(list_visits(session, day=self.day(), actor=viewer_of(self)))
        count = self.model.rowCount()
        self.count_label.setText(ngettext("{count} visit", "{count} visits", count).format(count=count))

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.visit_activated.emit(str(index.data(SERIAL_ROLE)))


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)
