"""The search results, fetched a page at a time as the list is scrolled (fetchMore / canFetchMore).

Rows come grouped by kind in ``KINDS`` order, each group after a heading row. The model asks for
the next page of the kind it is on; when a kind has no more, it goes on with the next.

A page may come later than it is asked for (the search panel reads it on a worker thread,
desktop/ui/background.py): while one is awaited no other is asked for, and a page that arrives for
an earlier search (the user typed more, or cleared the field) is dropped (``discarded``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from desktop.core.finding.search import KIND_LABELS, KINDS, Hit, Kind, Page
from desktop.core.formatting import short_date
from desktop.core.i18n import N_, _

ModelIndex = QModelIndex | QPersistentModelIndex
# fetch(kind, offset) -> the page of ``kind`` from ``offset``
Fetch = Callable[[Kind, int], Page]
# request(kind, offset, deliver): asks for that page; deliver(page) is called with it later, in the UI thread
Deliver = Callable[[Page], None]
Request = Callable[[Kind, int, Deliver], None]

HIT_ROLE = Qt.ItemDataRole.UserRole + 1  # the Hit of a row (None on a heading)
HEADINGS = (N_("Number"), N_("Name or title"), N_("Date"))


@dataclass(frozen=True)
class _Heading:
    kind: Kind


class SearchResultsModel(QAbstractTableModel):
    """Emits ``fetched`` after each page of the current search is in (rows added or not), ``discarded``
    when a page of an earlier search arrives and is dropped."""

    fetched = Signal()
    discarded = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Hit | _Heading] = []
        self._request: Request | None = None
        self._pending: list[Kind] = []
        self._offset = 0
        self._search = 0  # which search the rows are of: a page asked for by an earlier one is dropped
        self._awaited = False

    def start(self, fetch: Fetch, kinds: Sequence[Kind] = KINDS) -> None:
        """A new search whose pages ``fetch`` returns at once: the old rows go, the first page comes."""
        self.start_requests(lambda kind, offset, deliver: deliver(fetch(kind, offset)), kinds)

    def start_requests(self, request: Request, kinds: Sequence[Kind] = KINDS) -> None:
        """A new search whose pages ``request`` delivers when they are read: the old rows go at once."""
        self.beginResetModel()
        self._search += 1
        self._rows = []
        self._request = request
        self._pending = [kind for kind in KINDS if kind in kinds]
        self._offset = 0
        self._awaited = False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def clear(self) -> None:
        self.beginResetModel()
        self._search += 1
        self._rows, self._pending, self._request, self._awaited = [], [], None, False
        self.endResetModel()

    def is_complete(self) -> bool:
        """Every result of the current search is in (none awaited, none left to ask for)."""
        return not self._awaited and not self._pending

    def hit(self, row: int) -> Hit | None:
        item = self._rows[row] if 0 <= row < len(self._rows) else None
        return item if isinstance(item, Hit) else None

    def first_hit_row(self) -> int:
        return next((row for row, item in enumerate(self._rows) if isinstance(item, Hit)), -1)

    def hit_count(self) -> int:
        return sum(isinstance(item, Hit) for item in self._rows)

    # --- lazy fetching

    def canFetchMore(self, parent: ModelIndex) -> bool:
        return not parent.isValid() and self._request is not None and bool(self._pending) and not self._awaited

    def more_to_fetch(self) -> bool:
        """Results remain beyond the rows in (asked for already or not)."""
        return bool(self._pending)

    def fetchMore(self, parent: ModelIndex) -> None:
        """Ask for the next page; when it is in, its rows are appended (a kind with none is passed over)."""
        if not self.canFetchMore(parent):
            return
        assert self._request is not None
        search, kind, offset = self._search, self._pending[0], self._offset
        self._awaited = True
        self._request(kind, offset, lambda page: self._arrived(search, kind, offset, page))

    def _arrived(self, search: int, kind: Kind, offset: int, page: Page) -> None:
        if search != self._search:
            self.discarded.emit()
            return
        self._awaited = False
        new: list[Hit | _Heading] = [_Heading(kind)] if offset == 0 and page.hits else []
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
        self.fetched.emit()
        if not new:
            self.fetchMore(QModelIndex())

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
