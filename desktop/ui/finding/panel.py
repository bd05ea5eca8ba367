"""The search tab: a field, a choice of kind, the results grouped by kind; Enter opens a record.

Enter in the field searches; when the first result is the exact number typed (a serial, a
petition or case number, a letter's number, an ID number) it is opened at once, otherwise the
list takes the focus on the first result and Enter (or a double-click) opens the one chosen.
People are shown as the signed-in user may see them (desktop/ui/viewer.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.finding.search import EXACT_SCORE, KIND_LABELS, KINDS, MAX_QUERY, Hit, Kind, Page, search_page
from desktop.core.i18n import _, ngettext
from desktop.ui.errors import reporting_errors
from desktop.ui.finding.model import SearchResultsModel
from desktop.ui.viewer import viewer_of

if TYPE_CHECKING:
    from desktop.core.database import Database


class SearchPanel(QWidget):
    """Emits ``open_requested(kind, number)``: "visit" and a serial, "petition" or "case" and a number."""

    open_requested = Signal(str, str)

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.model = SearchResultsModel(self)
        self._failed = False  # the current search met an error (shown once)
        self._build_ui()
        self.field.returnPressed.connect(self.run_search)
        self.view.activated.connect(self._on_view_activated)
        self.model.rowsInserted.connect(self._span_headings)
        self.model.modelReset.connect(self._span_headings)

    def _build_ui(self) -> None:
        self.field = QLineEdit()
        self.field.setMaxLength(MAX_QUERY)
        self.field.setClearButtonEnabled(True)
        self.field.setPlaceholderText(_("Name, ID number, visit serial, petition, case or letter number (F3)"))
        self.field.setToolTip(
            _("Names are found with or without diacritics; numbers are matched exactly. Press Enter.")
        )
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(_("Everything"), "")
        for kind in KINDS:
            self.kind_combo.addItem(_(KIND_LABELS[kind]), kind)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.count_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.field, 1)
        top.addWidget(self.kind_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def run_search(self) -> None:
        """Search for what the field holds; open the exact number found, else put the focus on the results."""
        query = self.field.text()
        if not query.strip():
            self.model.clear()
            self.count_label.setText("")
            return
        kind = self.kind_combo.currentData()
        self._failed = False
        self.model.start(lambda of, offset: self._page(query, of, offset), (kind,) if kind else KINDS)
        self._show_count()
        row = self.model.first_hit_row()
        if row < 0:
            return
        self.view.setCurrentIndex(self.model.index(row, 0))
        first = self.model.hit(row)
        if first is not None and first.score >= EXACT_SCORE and first.opens[0]:
            self._open(first)
        else:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _page(self, query: str, kind: Kind, offset: int) -> Page:
        """One page of results; none after a failure (a locked or lost database), shown once per search."""
        if not self._failed:
            with reporting_errors(self), self._database.sessions() as session:
                return search_page(session, viewer_of(self), query, kind, offset=offset)
            self._failed = True
        return Page(hits=(), next_offset=None)

    def _show_count(self) -> None:
        count = self.model.hit_count()
        more = self.model.canFetchMore(QModelIndex())
        if not count:
            text = _("Nothing found.")
        elif more:
            text = ngettext("{count} result so far: scroll for more", "{count} results so far: scroll for more", count)
        else:
            text = ngettext("{count} result", "{count} results", count)
        self.count_label.setText(text.format(count=count))

    def _on_kind_changed(self, _index: int) -> None:
        if self.field.text().strip():
            self.run_search()

    def _on_view_activated(self, index: QModelIndex) -> None:
        hit = self.model.hit(index.row())
        if hit is not None:
            self._open(hit)

    def _open(self, hit: Hit) -> None:
        kind, number = hit.opens
        if kind:
            self.open_requested.emit(kind, number)

    def _span_headings(self, _parent: object = None, first: int = 0, last: int = -1) -> None:
        """A heading row spans the columns (rows ``first`` to ``last`` were inserted)."""
        for row in range(first, last + 1):
            if self.model.hit(row) is None:
                self.view.setFirstColumnSpanned(row, QModelIndex(), True)
        self._show_count()
