"""The reception book of any period: dates and filters over the table of the visits they keep.

The table reads the book a page at a time as it scrolls, counted and sorted in SQL (a year of a
busy desk holds 500,000 visits); the export writes what the table shows, in its order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.enums import Classification, Outcome, ReceptionKind
from desktop.core.formatting import today_local
from desktop.core.i18n import _, ngettext
from desktop.core.reception import addresses
from desktop.core.reception.book import BookFilter, book_receptionists
from desktop.ui.errors import reporting_errors
from desktop.ui.reception.book_model import SERIAL_ROLE, VisitTableModel
from desktop.ui.viewer import viewer_of
from desktop.ui.widgets.enum_combo import EnumCombo
from desktop.ui.widgets.record_model import paged_proxy, record_view
from desktop.ui.widgets.search_combo import SearchCombo

if TYPE_CHECKING:
    from desktop.core.database import Database


class BookPanel(QWidget):
    """Emits ``visit_activated(serial)`` on double-click or Enter on a row."""

    visit_activated = Signal(str)

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.model = VisitTableModel(self)
        self.proxy = paged_proxy(self.model, self)
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        title = QLabel(_("Reception book"))
        title.setStyleSheet("font-weight: bold;")
        self.date_edit = _date_edit(today_local())  # the first day
        self.to_edit = _date_edit(today_local())
        self.to_edit.setMinimumDate(self.date_edit.date())  # a period never ends before it starts
        self.today_button = QPushButton(_("Today"))
        self.export_button = QPushButton(_("Export book..."))
        self.export_button.setToolTip(_("Write the visits shown as a spreadsheet (.xlsx) or the printed book (.pdf)"))
        self.count_label = QLabel()
        top = QHBoxLayout()
        for widget in (title, self.date_edit, QLabel(_("to")), self.to_edit, self.today_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.count_label)
        top.addWidget(self.export_button)
        self.classification_combo = EnumCombo(Classification, placeholder=_("All kinds of matter"))
        self.reception_kind_combo = EnumCombo(ReceptionKind, placeholder=_("All receptions"))
        self.outcome_combo = EnumCombo(Outcome, placeholder=_("All outcomes"))
        self.receptionist_combo = QComboBox()
        self.province_combo = SearchCombo()
        self.province_combo.set_items((unit.code, unit.name) for unit in addresses.provinces())
        self.province_combo.lineEdit().setPlaceholderText(_("Province"))
        self.commune_combo = SearchCombo()
        self.commune_combo.lineEdit().setPlaceholderText(_("Commune"))
        self.commune_combo.setEnabled(False)
        filters = QHBoxLayout()
        for widget in (
            self.classification_combo,
            self.reception_kind_combo,
            self.outcome_combo,
            self.receptionist_combo,
            self.province_combo,
            self.commune_combo,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        self._fill_receptionists()
        self.table = record_view(self.model, proxy=self.proxy)
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # book order: time
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 6, 0)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

    def _connect_signals(self) -> None:
        self.date_edit.dateChanged.connect(self._on_first_changed)
        self.to_edit.dateChanged.connect(self.refresh)
        self.today_button.clicked.connect(self.show_today)
        self.export_button.clicked.connect(self.open_export)
        for combo in (self.classification_combo, self.reception_kind_combo, self.outcome_combo):
            combo.currentIndexChanged.connect(self.refresh)
        self.receptionist_combo.currentIndexChanged.connect(self.refresh)
        self.province_combo.currentIndexChanged.connect(self._on_province_changed)
        self.commune_combo.currentIndexChanged.connect(self.refresh)
        self.model.sorted_by.connect(self._show_count)
        self.table.activated.connect(self._on_table_activated)
        self.table.doubleClicked.connect(self._on_table_activated)

    def _fill_receptionists(self) -> None:
        chosen = self.receptionist_combo.currentData()
        with reporting_errors(self), self._database.sessions() as session:
            people = book_receptionists(session)
        self.receptionist_combo.blockSignals(True)
        self.receptionist_combo.clear()
        self.receptionist_combo.addItem(_("All receptionists"), None)
        for user_id, name in people:
            self.receptionist_combo.addItem(name, str(user_id))
        self.receptionist_combo.setCurrentIndex(max(self.receptionist_combo.findData(chosen), 0) if chosen else 0)
        self.receptionist_combo.blockSignals(False)

    def day(self) -> dt.date:
        """The first day shown."""
        return self.date_edit.date().toPython()

    def last_day(self) -> dt.date:
        return self.to_edit.date().toPython()

    def show_today(self) -> None:
        self.set_day(today_local())

    def set_day(self, day: dt.date, *, refresh: bool = True) -> None:
        """Show the book of ``day``; with ``refresh`` False the caller refreshes (e.g. through the hub)."""
        self.set_period(day, day, refresh=refresh)

    def set_period(self, first: dt.date, last: dt.date, *, refresh: bool = True) -> None:
        for edit in (self.date_edit, self.to_edit):
            edit.blockSignals(True)
        self.to_edit.setMinimumDate(_qdate(first))
        self.date_edit.setDate(_qdate(first))
        self.to_edit.setDate(_qdate(max(first, last)))
        for edit in (self.date_edit, self.to_edit):
            edit.blockSignals(False)
        if refresh:
            self.refresh()

    def _on_first_changed(self, chosen: QDate) -> None:
        """A day's book stays a day's book when its day moves; a period keeps its end (if not before)."""
        was_one_day = self.to_edit.date() == self.to_edit.minimumDate()
        self.set_period(chosen.toPython(), chosen.toPython() if was_one_day else self.last_day())

    def _on_province_changed(self) -> None:
        province = _code(self.province_combo)
        self.commune_combo.set_items(
            (unit.code, unit.name) for unit in (addresses.communes(province) if province else ())
        )
        self.commune_combo.setEnabled(province is not None)
        self.refresh()

    def current_filter(self) -> BookFilter:
        """What the table shows: the period, the filters and the order of the last header click."""
        receptionist = self.receptionist_combo.currentData()
        kind, outcome = self.reception_kind_combo.value(), self.outcome_combo.value()
        classification = self.classification_combo.value()
        shown = BookFilter(
            self.day(),
            self.last_day(),
            classification=Classification(classification.value) if classification is not None else None,
            reception_kind=ReceptionKind(kind.value) if kind is not None else None,
            outcome=Outcome(outcome.value) if outcome is not None else None,
            receptionist_id=uuid.UUID(receptionist) if receptionist else None,
            commune_code=_code(self.commune_combo),
        )
        if self.model.only is not None:  # keep the order chosen
            return dataclasses.replace(shown, sort=self.model.only.sort, descending=self.model.only.descending)
        return shown

    def open_export(self) -> None:
        """The export dialog, for what the table shows."""
        from desktop.ui.reception.book_export import BookExportDialog

        BookExportDialog(self._database, self.day(), self.last_day(), self, only=self.current_filter()).exec()

    def refresh(self) -> None:
        with reporting_errors(self):
            self.model.show_book(self._database, self.current_filter(), viewer_of(self))
        self._show_count()

    def _show_count(self) -> None:
        count = self.model.total
        self.count_label.setText(ngettext("{count} visit", "{count} visits", count).format(count=count))

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.visit_activated.emit(str(index.data(SERIAL_ROLE)))


def _code(combo: SearchCombo) -> int | None:
    try:
        return combo.code()
    except ValueError:  # text that names no unit: no filter on it
        return None


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)
