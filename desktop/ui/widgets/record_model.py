"""A read-only table model over a list of read-model records, with its columns declared once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QIdentityProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desktop.core.i18n import _

SORT_ROLE = Qt.ItemDataRole.UserRole + 10
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One column: its title (marked with N_, translated at use) and how a record shows in it."""

    title: str
    value: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None  # the raw value for sorting; the text when None
    align: Qt.AlignmentFlag = LEFT
    width: int = 100
    tooltip: Callable[[Any], str] | None = None


def sort_key(value: Any) -> Any:
    """A value QSortFilterProxyModel can compare: Python dates and times become numbers."""
    if isinstance(value, dt.datetime):
        return value.timestamp()
    if isinstance(value, dt.date):
        return value.toordinal()
    return value


class RecordTableModel(QAbstractTableModel):
    """Subclasses set ``columns`` and may answer more roles in ``role_data``; ``set_rows`` resets."""

    columns: tuple[Column, ...] = ()
    stretch_column = -1  # the column that takes the room left in a view (-1: the last one)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.columns):
            return None
        record, column = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.value(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (column.tooltip or column.value)(record) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align.value)
        if role == SORT_ROLE:
            return sort_key((column.sort or column.value)(record))
        return self.role_data(record, index.column(), role)

    def role_data(self, record: Any, column: int, role: int) -> Any:
        """Other roles (colours, ids) for subclasses; None by default."""
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(self.columns[section].align.value)
        return None


class PagedRecordModel(RecordTableModel):
    """Rows handed to the view a page at a time as it scrolls (``canFetchMore``/``fetchMore``).

    ``set_source(fetch, total)`` gives ``fetch(offset, limit)`` (a page of records, e.g. a SQL
    query) and how many there are; ``rowCount`` is what was fetched so far, ``total`` all of them.
    ``set_rows`` pages a list already read. ``sort`` orders every row, not only those fetched:
    a list by the column's sort value, a SQL source by what ``sort_source`` makes of it.
    """

    PAGE = 200

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch: Callable[[int, int], Sequence[Any]] = lambda offset, limit: ()
        self._total = 0
        self._list: list[Any] | None = None  # the rows when they are a list (set_rows)

    def set_source(self, fetch: Callable[[int, int], Sequence[Any]], total: int) -> None:
        self._set(fetch, total, None)

    def set_rows(self, rows: Sequence[Any]) -> None:
        every = list(rows)
        self._set(lambda offset, limit: every[offset : offset + limit], len(every), every)

    def _set(self, fetch: Callable[[int, int], Sequence[Any]], total: int, rows: list[Any] | None) -> None:
        self.beginResetModel()
        self._fetch, self._total, self._list = fetch, total, rows
        self._rows = list(fetch(0, self.PAGE)) if total else []
        self.endResetModel()

    @property
    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if parent.isValid():
            return
        more = list(self._fetch(len(self._rows), self.PAGE))[: self._total - len(self._rows)]
        if not more:  # fewer rows than counted (removed meanwhile): stop asking
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        if self._list is None:
            self.sort_source(column, order)
            return
        spec = self.columns[column]
        value = spec.sort or spec.value

        def key(record: Any) -> tuple[bool, Any]:
            found = sort_key(value(record))
            return found is None, found

        self._list.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        fetched = len(self._rows)
        self.layoutAboutToBeChanged.emit()
        self._rows = self._list[:fetched]
        self.layoutChanged.emit()

    def sort_source(self, column: int, order: Qt.SortOrder) -> None:
        """A SQL source sorts itself: subclasses read again in that order (none by default)."""


class _SortingPassThrough(QIdentityProxyModel):
    """The rows as they are; a sort goes to the model, which orders all of its rows."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)


def paged_proxy(model: PagedRecordModel, parent: QObject | None = None) -> QIdentityProxyModel:
    """For a ``record_view`` over a paged model: header clicks sort the model itself."""
    proxy = _SortingPassThrough(parent)
    proxy.setSourceModel(model)
    return proxy


def record_view(model: RecordTableModel, *, proxy: QIdentityProxyModel | None = None) -> QTableView:
    """A read-only table view over ``model``, with the declared widths and the stretch column.

    With ``proxy`` (see ``paged_proxy``) the view shows the proxy and sorts on a header click.
    """
    view = QTableView()
    view.setModel(proxy or model)
    view.setSortingEnabled(proxy is not None)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    for column, spec in enumerate(model.columns):
        view.setColumnWidth(column, spec.width)
    stretch = model.stretch_column % len(model.columns)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view
