"""The deadline board: petitions and cases by urgency, filtered, coloured and counted."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.cases.board import BoardRow, counts, deadline_board
from desktop.core.i18n import _
from desktop.ui import signed_in
from desktop.ui.cases.board_model import KIND_ROLE, NUMBER_ROLE, SOON_DAYS, BoardModel
from desktop.ui.errors import reporting_errors
from desktop.ui.widgets.record_model import record_view, sorting_proxy

if TYPE_CHECKING:
    from desktop.core.database import Database

log = logging.getLogger(__name__)

DEFAULT_WITHIN = 5
MAX_WITHIN = 60


def open_record(parent: QWidget | None, database: Database, kind: str, number: str) -> bool:
    """Open the case, the petition page or (a leader's conclusion) the visit of a board row.

    ``number`` is the row's ``NUMBER_ROLE``: a conclusion's visit serial. True when something was changed.
    """
    if kind == "conclusion":
        from desktop.ui.reception.visit_dialog import VisitDialog

        return VisitDialog.show_visit(parent, database, number)
    if kind == "case":
        from desktop.ui.cases.case_page import CaseDialog

        return CaseDialog.show_case(parent, database, number)
    from desktop.ui.cases.petition_page import PetitionPage

    return PetitionPage.show_page(parent, database, number)


class DeadlineBoard(QWidget):
    """Emits ``overdue_counted(n)`` after each refresh and ``records_changed`` after an edit from a page."""

    overdue_counted = Signal(int)
    records_changed = Signal()

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._rows: list[BoardRow] = []
        self._overdue = 0
        self.model = BoardModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        self.all_button = QPushButton(_("All"))
        self.due_button = QPushButton(_("Due within"))
        self.within_spin = QSpinBox()
        self.within_spin.setRange(0, MAX_WITHIN)
        self.within_spin.setValue(DEFAULT_WITHIN)
        self.within_spin.setSuffix(_(" working days"))
        self.overdue_button = QPushButton(_("Overdue"))
        self.owes_button = QPushButton(_("Owing a report"))
        self.prolonged_button = QPushButton(_("Prolonged"))
        self.refresh_button = QPushButton(_("Refresh"))
        self.filters = QButtonGroup(self)
        top = QHBoxLayout()
        for button in (self.all_button, self.due_button, self.overdue_button, self.owes_button, self.prolonged_button):
            button.setCheckable(True)
            self.filters.addButton(button)
            top.addWidget(button)
            if button is self.due_button:
                top.addWidget(self.within_spin)
        self.all_button.setChecked(True)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)
        self.table = record_view(self.model, proxy=self.proxy)
        self.table.setAlternatingRowColors(False)  # the rows' own colours tell overdue from due soon
        self.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 6, 0)
        layout.addLayout(top)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.table, 1)

    def _connect_signals(self) -> None:
        self.filters.buttonClicked.connect(self._apply_filter)
        self.within_spin.valueChanged.connect(self._on_within_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.activated.connect(self._on_table_activated)
        self.table.doubleClicked.connect(self._on_table_activated)

    def refresh(self) -> None:
        """Read the board again (deadlines move with the calendar: refresh after each change)."""
        with reporting_errors(self), self._database.sessions() as session:
            self._rows = deadline_board(session, actor=signed_in.actor())
        total = counts(self._rows, soon=SOON_DAYS)
        self.counts_label.setText(
            _(
                "Overdue: {overdue}. Due within {days} working days: {soon}. Owing a report: {owes}. "
                "Prolonged: {prolonged}."
            ).format(
                overdue=total.overdue,
                days=SOON_DAYS,
                soon=total.due_soon,
                owes=total.owes_report,
                prolonged=total.prolonged,
            )
        )
        self._apply_filter()
        self._overdue = total.overdue
        self.overdue_counted.emit(total.overdue)

    def overdue_count(self) -> int:
        """How many rows were overdue at the last refresh."""
        return self._overdue

    def _predicate(self) -> Callable[[BoardRow], bool]:
        within = self.within_spin.value()
        checked = self.filters.checkedButton()
        predicates: dict[QWidget | None, Callable[[BoardRow], bool]] = {
            self.due_button: lambda row: row.days_left <= within,
            self.overdue_button: lambda row: row.is_overdue,
            self.owes_button: lambda row: row.owes_report,
            self.prolonged_button: lambda row: row.is_prolonged,
        }
        return predicates.get(checked, lambda row: True)

    def _apply_filter(self) -> None:
        keep = self._predicate()
        self.model.set_rows([row for row in self._rows if keep(row)])

    def _on_within_changed(self) -> None:
        self.due_button.setChecked(True)
        self._apply_filter()

    def show_filter(self, button: QPushButton) -> None:
        """Check one filter button and show its rows (menus and tests use it)."""
        button.setChecked(True)
        self._apply_filter()

    def _on_table_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        kind, number = str(index.data(KIND_ROLE)), str(index.data(NUMBER_ROLE))
        if open_record(self, self._database, kind, number):
            log.info("Changed from the board: %s %s", kind, number)
            self.records_changed.emit()
