"""The search results, fetched a page at a time as the list is scrolled (fetchMore / canFetchMore).

Rows come grouped by kind in ``KINDS`` order, each group after a heading row. The model asks for
the next page of the kind it is on; when a kind has no more, it goes on with the next.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop.core.finding.search import KIND_LABELS, KINDS, Hit, Kind, Page
from desktop.core.formatting import short_date
from desktop.core.i18n import N_, _

ModelIndex = QModelIndex | QPersistentModelIndex
# fetch(kind, offset) -> the page of ``kind`` from ``offset``
Fetch = Callable[[Kind, int], Page]

HIT_ROLE = Qt.ItemDataRole.UserRole + 1  # the Hit of a row (None on a heading)
HEADINGS = (N_("Number"), N_("Name or title"), N_("Date"))


@dataclass(frozen=True)
class _Heading:
    kind: Kind


class SearchResultsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Hit | _Heading] = []
        self._fetch: Fetch | None = None
        self._pending: list[Kind] = []
        self._offset = 0

    def start(self, fetch: Fetch, kinds: Sequence[Kind] = KINDS) -> None:
        """A new search: the old rows go, the first page of results comes."""
        self.beginResetModel()
        self._rows = []
        self._fetch = fetch
        self._pending = [kind for kind in KINDS if kind in kinds]
        self._offset = 0
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def clear(self) -> None:
        self.beginResetModel()
        self._rows, self._pending, self._fetch = [], [], None
        self.endResetModel()

    def hit(self, row: int) -> Hit | None:
        item = self._rows[row] if 0 <= row < len(self._rows) else None
        return item if isinstance(item, Hit) else None

    def first_hit_row(self) -> int:
        return next((row for row, item in enumerate(self._rows) if isinstance(item, Hit)), -1)

    def hit_count(self) -> int:
        return sum(isinstance(item, Hit) for item in self._rows)

    # --- lazy fetching

    def canFetchMore(self, parent: ModelIndex) -> bool:
        return not parent.isValid() and self._fetch is not None and bool(self._pending)

    def fetchMore(self, parent: ModelIndex) -> None:
        """Append the next page that has rows (a kind with none is passed over)."""
        if not self.canFetchMore(parent):
            return
        assert self._fetch is not None
        while self._pending:
            kind = self._pending[0]
            page = self._fetch(kind, self._offset)
            new: list[Hit | _Heading] = [_Heading(kind)] if self._offset == 0 and page.hits else []
            new.extend(page.hits)
            if page.next_offset is None:
                self._pending.pop(0)
                self._offset = 0
            else:
                self._offset = page.next_offset
            if new:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
                self._rows.extend(new)
                self.endInsertRows()
                return

    # --- the table

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADINGS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADINGS)
        ):
            return _(HEADINGS[section])
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self._rows[index.row()], _Heading):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if isinstance(item, _Heading):
            return _heading_data(item, index.column(), role)
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.number, item.title, short_date(item.date))[index.column()]
        if role == HIT_ROLE:
            return item
        if role == Qt.ItemDataRole.ToolTipRole and item.masked:
            return _("The denouncer's identity is protected: only the users assigned to the denunciation see it.")
        return None


def _heading_data(heading: _Heading, column: int, role: int) -> object:
    """A group's heading: the kind's name, in bold, in the first column (which spans the row)."""
    if role == Qt.ItemDataRole.DisplayRole and column == 0:
        return _(KIND_LABELS[heading.kind])
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setBold(True)
        return font
    return None
