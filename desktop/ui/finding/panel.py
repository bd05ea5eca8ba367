"""The search tab: a field, a choice of kind, the results grouped by kind; Enter opens a record.

The list follows what is typed (a short pause after the last key; two characters at least). Enter
in the field searches at once; when the first result is the exact number typed (a serial, a
petition or case number, a letter's number, an ID number) it is opened as soon as it is in,
otherwise the list takes the focus on the first result and Enter (or a double-click) opens the
one chosen. People are shown as the signed-in user may see them (desktop/ui/viewer.py).

Every page is read on a worker thread (desktop/ui/background.py) with its own session, so the
window never waits on the database; a page of an earlier search is dropped when it arrives
(SearchResultsModel.discarded).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.finding.search import EXACT_SCORE, KIND_LABELS, KINDS, MAX_QUERY, Hit, Kind, Page, search_page
from desktop.core.i18n import _, ngettext
from desktop.core.reception.cccd import CardQrError, looks_like_card_qr, parse_card_qr
from desktop.ui.background import run_in_background
from desktop.ui.errors import reporting_errors
from desktop.ui.finding.model import Deliver, SearchResultsModel
from desktop.ui.viewer import viewer_of

if TYPE_CHECKING:
    from desktop.core.database import Database


TYPE_AHEAD_MS = 300  # the pause after the last key before the list follows what is typed
TYPE_AHEAD_MIN = 2  # characters: one letter would list half the people


class SearchPanel(QWidget):
    """Emits ``open_requested(kind, number)``: "visit" and a serial, "petition" or "case" and a number."""

    open_requested = Signal(str, str)

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.model = SearchResultsModel(self)
        self._failed = False  # the current search met an error (shown once)
        self._searches = 0  # which search is current: an error of an earlier one is not shown
        self._opening = False  # the current search was asked for with Enter: its first result is acted on
        self._build_ui()
        self._type_ahead = QTimer(self)
        self._type_ahead.setSingleShot(True)
        self._type_ahead.setInterval(TYPE_AHEAD_MS)
        self._type_ahead.timeout.connect(self._follow_typing)
        self.field.textEdited.connect(self._on_text_edited)
        self.field.returnPressed.connect(self.run_search)
        self.view.activated.connect(self._on_view_activated)
        self.model.rowsInserted.connect(self._span_headings)
        self.model.modelReset.connect(self._on_reset)
        self.model.fetched.connect(self._on_fetched)
        from desktop.ui.scanner import ScanListener

        # "Has this person been here before?": an ID card scanned into the field is looked up by its
        # number, not searched as its whole payload (name, birth date, address between bars).
        self.card_scanner = ScanListener(self.field, looks_like_card_qr, self._on_card_scanned)

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
        # A table, not a tree: QTreeView lays out its root by asking for more rows until none remain,
        # which would read every match of a lone family name; a table asks only as it is scrolled.
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
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

    def _on_card_scanned(self, payload: str) -> None:
        """The field is back as it was before the scan: the card's ID number replaces it and is searched."""
        try:
            card = parse_card_qr(payload)
        except CardQrError as exc:
            self.count_label.setText(_("Scan not used: {reason}").format(reason=exc))
            return
        self.field.setText(card.id_number)
        self.run_search()

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def run_search(self) -> None:
        """Search for what the field holds (Enter): the exact number found is opened, else the results
        take the focus, as soon as the first of them is in."""
        self._type_ahead.stop()
        self._start(opening=True)

    def _on_text_edited(self, text: str) -> None:
        self._type_ahead.stop()
        if len(text.strip()) >= TYPE_AHEAD_MIN:
            self._type_ahead.start()
        elif not text.strip():
            self._start(opening=False)

    def _follow_typing(self) -> None:
        if len(self.field.text().strip()) >= TYPE_AHEAD_MIN:
            self._start(opening=False)

    def _start(self, *, opening: bool) -> None:
        query = self.field.text()
        self._searches += 1
        self._opening = False
        if not query.strip():
            self.model.clear()
            self.count_label.setText("")
            return
        kind = self.kind_combo.currentData()
        self._failed = False
        self._opening = opening
        search = self._searches
        self.model.start_requests(
            lambda of, offset, deliver: self._request(search, query, of, offset, deliver), (kind,) if kind else KINDS
        )
        self._show_count()

    def _request(self, search: int, query: str, kind: Kind, offset: int, deliver: Deliver) -> None:
        """Read one page on a worker thread; none after a failure (a locked or lost database), shown once."""
        if self._failed:
            deliver(Page(hits=(), next_offset=None))
            return
        database, actor = self._database, viewer_of(self)

        def task() -> Page:
            with database.sessions() as session:
                return search_page(session, actor, query, kind, offset=offset)

        def failed(error: BaseException) -> None:
            if search == self._searches and not self._failed:  # else the user has moved on: nothing to say
                self._failed = True
                with reporting_errors(self):
                    raise error
            deliver(Page(hits=(), next_offset=None))

        run_in_background(task, deliver, failed, parent=self)

    def _on_fetched(self) -> None:
        """A page is in: with Enter, the first result is opened (an exact number) or takes the focus."""
        self._show_count()
        row = self.model.first_hit_row()
        if not self._opening or (row < 0 and not self.model.is_complete()):
            return
        self._opening = False
        if row < 0:
            return
        self.view.setCurrentIndex(self.model.index(row, 0))
        first = self.model.hit(row)
        if first is not None and first.score >= EXACT_SCORE and first.opens[0]:
            self._open(first)
        else:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_count(self) -> None:
        count = self.model.hit_count()
        more = self.model.more_to_fetch()
        if not count and not self.model.is_complete():
            text = _("Searching…")
        elif not count:
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

    def _on_reset(self) -> None:
        self.view.clearSpans()
        self._show_count()

    def _span_headings(self, _parent: object, first: int, last: int) -> None:
        """A heading row spans the columns (rows ``first`` to ``last`` were inserted)."""
        for row in range(first, last + 1):
            if self.model.hit(row) is None:
                self.view.setSpan(row, 0, 1, self.model.columnCount())
        # The number and date columns fit what came in: rows inserted do not resize a header section
        # (ResizeToContents is applied on a layout, not on rowsInserted), so a serial showed as "D…".
        self.view.horizontalHeader().resizeSections()
        self._show_count()
