"""The deadline board: petitions and cases by urgency, filtered, coloured and counted."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db.enums import PetitionKind
from desktop.core.cases.board import (
    EVERYTHING,
    MAX_PROLONGED_AFTER,
    BoardChoices,
    BoardCounts,
    BoardFilter,
    BoardQuery,
    BoardRow,
    View,
    board_choices,
    board_counts,
    board_page,
    board_query,
    board_rows,
    save_prolonged_after,
)
from desktop.core.i18n import _
from desktop.ui.background import run_in_background
from desktop.ui.cases.board_model import KIND_ROLE, NUMBER_ROLE, BoardModel, PageReader
from desktop.ui.errors import reporting_errors
from desktop.ui.viewer import viewer_of
from desktop.ui.widgets.enum_combo import EnumCombo
from desktop.ui.widgets.record_model import paged_proxy, record_view

if TYPE_CHECKING:
    from desktop.core.access import Actor
    from desktop.core.database import Database, Session

log = logging.getLogger(__name__)

DEFAULT_WITHIN = 5
MAX_WITHIN = 60


@dataclass(frozen=True)
class BoardRead:
    """One read of the board: what the table and the counts line show."""

    query: BoardQuery
    counts: BoardCounts  # of the rows the officer, field, kind and state lists keep
    overdue: int  # of the whole board, for the main window's status bar
    total: int  # the rows shown: the view (the checked button) and the lists
    first: list[BoardRow]  # the first page
    choices: BoardChoices | None  # the filter lists, when read
    prolonged_days: int


def read_board(
    database: Database,
    actor: Actor,
    *,
    within: int,
    view: View,
    only: BoardFilter,
    sort: tuple[int, bool] | None = None,
    choices: bool = True,
) -> BoardRead:
    """Counts, the first page and (``choices``) the filter lists, in one session: SQL counts and one page.

    With ``choices`` the lists are read first and ``only`` keeps just what they still offer (an
    officer, field or state gone from the board is dropped, as the lists then show "All"), so the
    counts and rows are those of the lists shown; on a worker thread, nothing is read again after.
    """
    with database.reads() as session:  # no write lock held: a save meanwhile does not wait
        query = board_query(session, actor=actor, within=within, view=view, only=only).changed(sort=sort)
        lists = board_choices(session, query) if choices else None
        if lists is not None and kept_by(only, lists) != only:
            query = query.changed(only=kept_by(only, lists))
        counted = board_counts(session, query)
        everything = counted if query.only == EVERYTHING else board_counts(session, query.changed(only=EVERYTHING))
        return BoardRead(
            query=query,
            counts=counted,
            overdue=everything.overdue,
            total=counted.shown(view),
            first=board_page(session, query, 0, BoardModel.PAGE, actor=actor),
            choices=lists,
            prolonged_days=query.after,
        )


def kept_by(only: BoardFilter, choices: BoardChoices) -> BoardFilter:
    """What the filter lists keep of ``only`` once filled with ``choices`` (``DeadlineBoard._fill_choices``)."""
    return replace(
        only,
        officer=only.officer if only.officer in choices.officers else None,
        field_code=only.field_code if only.field_code in {code for code, _name in choices.fields} else None,
        state_key=only.state_key if only.state_key in {key for key, _label in choices.states} else None,
    )


def read_choices(database: Database, actor: Actor) -> tuple[BoardChoices, int]:
    """The filter lists and the desk's "prolonged after" days, read apart from the rows."""
    with database.reads() as session:
        query = board_query(session, actor=actor)
        return board_choices(session, query), query.after


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
    """Emits ``overdue_counted(n)`` after each refresh and ``records_changed`` after an edit from a page.

    ``refresh()`` (after a change, the Refresh button) reads the counts, the first page and the
    filter lists on a worker thread with its own session; the rows shown stay until the answer
    arrives, and an answer older than the last read is dropped. With ``background`` the first fill
    is read that way too, so the window is usable before a board of 50,000 rows is read; without
    it the first fill is read at once. ``filled`` says when rows arrived.
    """

    overdue_counted = Signal(int)
    records_changed = Signal()
    filled = Signal()

    def __init__(self, database: Database, parent: QWidget | None = None, *, background: bool = False) -> None:
        super().__init__(parent)
        self._database = database
        self._overdue = 0
        self._reads = 0  # reads started: a background answer older than the last read is dropped
        self._choice_reads = 0  # the same for the filter lists read apart at the first fill
        self.model = BoardModel(self)
        self.proxy = paged_proxy(self.model, self)
        self._build_ui()
        self._connect_signals()
        if background:  # once the event loop runs: the read's Python work never delays the window being built
            self._reads += 1
            scheduled = self._reads
            QTimer.singleShot(0, self, lambda: self._reads == scheduled and self.refresh_in_background())
        else:
            self._reads += 1
            with reporting_errors(self):
                self._show_board(self._read(choices=True), refreshed=True)

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
        self.officer_combo = QComboBox()
        self.field_combo = QComboBox()
        self.kind_combo = EnumCombo(PetitionKind, placeholder=_("All kinds"))
        self.state_combo = QComboBox()
        self.prolonged_spin = QSpinBox()
        self.prolonged_spin.setRange(1, MAX_PROLONGED_AFTER)
        self.prolonged_spin.setSuffix(_(" days past the limit"))
        self.prolonged_spin.setToolTip(
            _("A matter open longer than this past its time limit, or filed again on the same content, is prolonged.")
        )
        self.print_button = QPushButton(_("Print…"))
        self.export_button = QPushButton(_("Export…"))
        second = QHBoxLayout()
        for caption, widget in (
            (_("Officer"), self.officer_combo),
            (_("Field"), self.field_combo),
            (_("Kind of petition"), self.kind_combo),
            (_("State"), self.state_combo),
            (_("Prolonged after"), self.prolonged_spin),
        ):
            second.addWidget(QLabel(caption))
            second.addWidget(widget)
        second.addStretch(1)
        second.addWidget(self.print_button)
        second.addWidget(self.export_button)
        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)
        self.table = record_view(self.model, proxy=self.proxy)
        self.table.setAlternatingRowColors(False)  # the rows' own colours tell overdue from due soon
        self.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 6, 0)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.table, 1)

    def _connect_signals(self) -> None:
        self.filters.buttonClicked.connect(self._apply_filter)
        self.within_spin.valueChanged.connect(self._on_within_changed)
        self.refresh_button.clicked.connect(self.refresh)
        for combo in (self.officer_combo, self.field_combo, self.kind_combo, self.state_combo):
            combo.currentIndexChanged.connect(self._apply_filter)
        self.prolonged_spin.editingFinished.connect(self._on_prolonged_changed)
        self.print_button.clicked.connect(self._on_print)
        self.export_button.clicked.connect(self._on_export)
        self.table.activated.connect(self._on_table_activated)
        self.table.doubleClicked.connect(self._on_table_activated)

    def refresh(self) -> None:
        """Read the board again on a worker thread (deadlines move with the calendar: refresh after each change).

        The counts, the first page and the filter lists come from one session; the GUI thread reads
        nothing meanwhile, and what it shows stays until the answer arrives.
        """
        self._read_in_background(choices=True)

    def _read(self, *, choices: bool) -> BoardRead:
        return read_board(
            self._database,
            viewer_of(self),
            within=self.within_spin.value(),
            view=self.chosen_view(),
            only=self.chosen_filter(),
            sort=self.model.sort_order,
            choices=choices,
        )

    def refresh_in_background(self) -> None:
        """The first fill: the counts and the first page on a worker thread, then the filter lists apart.

        The table fills as soon as the rows are read; the later pages are read as the table scrolls
        (``BoardModel``), a page of SQL at a time.
        """
        self.counts_label.setText(_("Reading the deadlines…"))
        self._read_in_background(choices=False)

    def _read_in_background(self, *, choices: bool) -> None:
        """Read the board on a worker thread (its own session); the rows are shown when they arrive.

        The task captures plain values only, never a widget: what it holds is released on the worker.
        """
        self._reads += 1
        read, database, actor = self._reads, self._database, viewer_of(self)
        within, view, only, sort = (
            self.within_spin.value(),
            self.chosen_view(),
            self.chosen_filter(),
            self.model.sort_order,
        )

        def task() -> BoardRead:
            return read_board(database, actor, within=within, view=view, only=only, sort=sort, choices=choices)

        def done(answer: BoardRead) -> None:
            if read != self._reads:  # a later read has shown (or will show) newer rows
                return
            self._show_board(answer, refreshed=True)
            if answer.choices is None:
                self._read_choices_in_background()

        run_in_background(task, done, self._failed(lambda: read == self._reads), parent=self)

    def _read_choices_in_background(self) -> None:
        """The filter lists, read apart after the first rows; the rows again (off the GUI thread) if one is gone."""
        self._choice_reads += 1
        read, database, actor = self._choice_reads, self._database, viewer_of(self)

        def chosen(answer: tuple[BoardChoices, int]) -> None:
            if read == self._choice_reads and not self._show_choices(*answer):
                self._read_in_background(choices=False)

        def task() -> tuple[BoardChoices, int]:
            return read_choices(database, actor)

        run_in_background(task, chosen, self._failed(lambda: read == self._choice_reads), parent=self)

    def _failed(self, latest: Callable[[], bool]) -> Callable[[BaseException], None]:
        """Show the failure of the latest read (in the UI language); the rows shown stay."""

        def failed(error: BaseException) -> None:
            if latest():
                with reporting_errors(self):
                    raise error

        return failed

    def _show_choices(self, choices: BoardChoices, prolonged_days: int) -> bool:
        """Fill the filter lists; False when a chosen officer, field or state left the board."""
        self.prolonged_spin.blockSignals(True)
        self.prolonged_spin.setValue(prolonged_days)
        self.prolonged_spin.blockSignals(False)
        only = self.chosen_filter()
        self._fill_choices(choices)
        return self.chosen_filter() == only

    def _show_board(self, answer: BoardRead, *, refreshed: bool = False) -> None:
        """Show one read: its lists (which keep what it was read with), counts and rows; the selection kept."""
        if answer.choices is not None:
            self._show_choices(answer.choices, answer.prolonged_days)
            self._choice_reads += 1  # lists read apart and older than these are dropped
        selected, scrolled = self._selected_number(), self.table.verticalScrollBar().value()
        self.model.show_query(answer.query, answer.total, answer.first, self._page_reader())
        self._show_counts(answer.counts)
        self._keep_place(selected, scrolled)
        if refreshed:
            self._overdue = answer.overdue
            self.overdue_counted.emit(self._overdue)
            self.filled.emit()

    def _selected_number(self) -> str | None:
        index = self.table.currentIndex()
        return str(index.data(NUMBER_ROLE)) if index.isValid() and self.table.selectionModel().hasSelection() else None

    def _keep_place(self, selected: str | None, scrolled: int) -> None:
        """After new rows: the row selected before selected again when it is among them, else the scroll kept.

        Only rows already read are looked at: keeping a place never reads a page on the GUI thread.
        """
        for row in range(self.model.rowCount()):
            if selected is not None and self.model.index(row, 0).data(NUMBER_ROLE) == selected:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                self.table.selectionModel().setCurrentIndex(index, flags)
                self.table.scrollTo(index)
                return
        bar = self.table.verticalScrollBar()
        if scrolled < bar.maximum():  # at the bottom the view would fetch the next page, on this thread
            bar.setValue(scrolled)

    def _page_reader(self) -> PageReader:
        """The next pages as the table scrolls, read on the GUI thread: one page of SQL each."""
        database, actor = self._database, viewer_of(self)

        def read(query: BoardQuery, offset: int, limit: int) -> list[BoardRow]:
            rows: list[BoardRow] = []  # after an error (shown): the table stops asking
            with reporting_errors(self), database.sessions() as session:
                rows = board_page(session, query, offset, limit, actor=actor)
            return rows

        return read

    def _fill_choices(self, choices: BoardChoices) -> None:
        """The officers, fields and states on the board, keeping what was chosen."""
        for combo, everything, items in (
            (self.officer_combo, _("All officers"), [(name, name) for name in choices.officers]),
            (self.field_combo, _("All fields"), list(choices.fields)),
            (self.state_combo, _("All states"), list(choices.states)),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for key, text in items:
                combo.addItem(text, key)
            combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen is not None else 0)
            combo.blockSignals(False)

    def chosen_filter(self) -> BoardFilter:
        """What the officer, field, kind and state lists keep."""
        kind = self.kind_combo.value()
        return BoardFilter(
            officer=self.officer_combo.currentData(),
            field_code=self.field_combo.currentData(),
            petition_kind=PetitionKind(kind.value) if kind is not None else None,
            state_key=self.state_combo.currentData(),
        )

    def chosen_view(self) -> View:
        """Which filter button is checked."""
        checked = self.filters.checkedButton()
        views: dict[QAbstractButton | None, View] = {
            self.due_button: "due",  # from today on: overdue rows are not "due within"
            self.overdue_button: "overdue",
            self.owes_button: "owes_report",
            self.prolonged_button: "prolonged",
        }
        return views.get(checked, "all")

    def _show_counts(self, total: BoardCounts) -> None:
        within = self.within_spin.value()
        self.counts_label.setText(
            _(
                "Overdue: {overdue}. Due within {days} working days: {soon}. Owing a report: {owes}. "
                "Prolonged: {prolonged}."
            ).format(
                overdue=total.overdue,
                days=within,
                soon=total.due_soon,
                owes=total.owes_report,
                prolonged=total.prolonged,
            )
        )

    def overdue_count(self) -> int:
        """How many rows were overdue at the last refresh."""
        return self._overdue

    def _apply_filter(self) -> None:
        """Read the counts and the first page again for the chosen view and filters (SQL, one page)."""
        self._reads += 1  # a background answer for the filters before is dropped
        with reporting_errors(self):
            self._show_board(self._read(choices=False))

    def _shown_rows(self, session: Session) -> Iterator[BoardRow]:
        """The rows the table shows, every one of them in board order: what print and export write,
        streamed from one query in ``session`` (read once, as they are written)."""
        query = self.model.query
        if query is None:
            return iter([self.model.record(row) for row in range(self.model.rowCount())])
        return board_rows(session, query, actor=viewer_of(self))

    def _on_within_changed(self) -> None:
        self.due_button.setChecked(True)
        self._apply_filter()

    def _on_prolonged_changed(self) -> None:
        with reporting_errors(self), self._database.sessions.begin() as session:
            save_prolonged_after(session, self.prolonged_spin.value(), actor=viewer_of(self))
        self.refresh()

    def list_pdf(self) -> bytes:
        """The shown rows as a Decree 30 landscape list (PDF)."""
        from desktop.core.cases.board_export import board_pdf

        with self._database.sessions() as session:
            return board_pdf(session, self._shown_rows(session), self._description(session))

    def export_to(self, path: Path) -> Path:
        """Write the shown rows as a spreadsheet (xlsx), streamed from the database to the file."""
        from desktop.core.cases.board_export import write_board_xlsx

        with self._database.sessions() as session:
            write_board_xlsx(session, self._shown_rows(session), self._description(session), path)
        return path

    def _description(self, session: Session) -> str:
        """What the list holds, in Vietnamese for the printed heading."""
        from desktop.core.cases.board_export import describe_board

        return describe_board(session, self.chosen_view(), self.within_spin.value(), self.chosen_filter())

    def _on_print(self) -> None:
        from desktop.ui.print_preview import PdfPreviewDialog

        with reporting_errors(self):
            PdfPreviewDialog.show_pdf(self, self.list_pdf(), _("Deadline board"), "thoi-han.pdf", kept_path=None)

    def _on_export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export the list"), "thoi-han.xlsx", _("Spreadsheet (*.xlsx)")
        )
        if name:
            with reporting_errors(self):
                self.export_to(Path(name))

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
