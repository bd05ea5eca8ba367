"""The deadline board as a table model: one row per petition or case with a running time limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from desktop.core.cases.board import SORT_DUE, BoardQuery, BoardRow
from desktop.core.formatting import short_date
from desktop.core.i18n import N_, _, ngettext
from desktop.core.text import search_key
from desktop.ui.widgets.record_model import CENTRE, RIGHT, Column, PagedRecordModel

KIND_ROLE = Qt.ItemDataRole.UserRole + 20  # "petition" | "case" | "conclusion"
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 21  # what opens the row (a conclusion: its visit serial)
SOON_DAYS = 3  # due within this many working days: amber
OVERDUE_BACKGROUND = QColor("#ffcdd2")
SOON_BACKGROUND = QColor("#ffe0b2")
OWES_REPORT_TEXT = QColor("#1565c0")


def is_due_soon(row: BoardRow) -> bool:
    return 0 <= row.days_left <= SOON_DAYS


def days_left_text(row: BoardRow) -> str:
    if row.days_left == 0:
        return _("Today")
    return str(row.days_left)


def days_left_tooltip(row: BoardRow) -> str:
    if row.days_left < 0:
        late = -row.days_left
        return ngettext("{count} working day overdue", "{count} working days overdue", late).format(count=late)
    if row.days_left == 0:
        return _("Due today")
    return ngettext("{count} working day left", "{count} working days left", row.days_left).format(count=row.days_left)


def flags_text(row: BoardRow) -> str:
    flags = []
    if row.owes_report:
        flags.append(_("Owes a report"))
    if row.is_prolonged:
        flags.append(_("Prolonged"))
    return ", ".join(flags)


def _number_tooltip(row: BoardRow) -> str:
    if row.kind == "case":
        return _("Case {number}: double-click to open it").format(number=row.number)
    if row.kind == "conclusion":
        return _("Conclusion notice {number} of visit {serial}: double-click to open the visit").format(
            number=row.number, serial=row.reference
        )
    return _("Petition {number}: double-click to open it").format(number=row.number)


PageReader = Callable[[BoardQuery, int, int], list[BoardRow]]  # (query, offset, limit) -> rows


class BoardModel(PagedRecordModel):
    """Overdue rows on red, rows due within three working days on amber, owed reports in blue.

    The view gets the rows a page at a time as it scrolls: ``show_query`` gives the board's query,
    its row count, the first page (read off the GUI thread) and how to read the next pages (SQL
    pages, desktop/core/cases/board.py ``board_page``); a header click orders them all in SQL.
    ``set_rows`` pages a list instead, sorted in Python.
    """

    columns = (
        Column(N_("Number"), lambda r: r.number, width=130, tooltip=_number_tooltip),
        Column(N_("Citizen"), lambda r: r.citizen_name, lambda r: search_key(r.citizen_name), width=160),
        Column(N_("State"), lambda r: r.state, width=200),
        Column(N_("Due"), lambda r: short_date(r.due_on), lambda r: r.due_on, CENTRE, 85),
        Column(N_("Working days left"), days_left_text, lambda r: r.days_left, RIGHT, 160, days_left_tooltip),
        Column(N_("Flags"), flags_text, width=150),
        Column(N_("Content"), lambda r: " ".join(r.summary.split()), width=200, tooltip=lambda r: r.summary),
        Column(N_("Field"), lambda r: r.field_name, width=120),
        Column(N_("Officer"), lambda r: r.officer, width=140),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query: BoardQuery | None = None
        self._reader: PageReader | None = None
        self.sort_order: tuple[int, bool] = (SORT_DUE, False)  # the header's column, descending

    @property
    def query(self) -> BoardQuery | None:
        """What the rows are read with (None: a list given to ``set_rows``)."""
        return self._query

    def show_query(self, query: BoardQuery, total: int, first: list[BoardRow], reader: PageReader) -> None:
        self.beginResetModel()
        self._query, self._reader = query, reader
        self._fetch = lambda offset, limit: reader(query, offset, limit)
        self._total, self._list = total, None
        self._rows = list(first[:total])
        self.endResetModel()

    def set_rows(self, rows: Any) -> None:
        self._query = self._reader = None
        super().set_rows(rows)

    def sort_source(self, column: int, order: Qt.SortOrder) -> None:
        self.sort_order = (column, order == Qt.SortOrder.DescendingOrder)
        if self._query is None or self._reader is None:
            return
        query = self._query.changed(sort=self.sort_order)
        self.show_query(query, self._total, self._reader(query, 0, self.PAGE), self._reader)

    def role_data(self, record: Any, column: int, role: int) -> Any:
        row: BoardRow = record
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.is_overdue:
                return OVERDUE_BACKGROUND
            return SOON_BACKGROUND if is_due_soon(row) else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return OWES_REPORT_TEXT if row.owes_report else None
        if role == KIND_ROLE:
            return row.kind
        if role == NUMBER_ROLE:
            return row.reference or row.number
        return None
