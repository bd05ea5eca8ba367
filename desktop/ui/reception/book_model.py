"""The reception book as a table model: one row per visit of the day, columns declared once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.core.formatting import local
from desktop.core.i18n import N_, _
from desktop.core.labels import label
from desktop.core.text import search_key

if TYPE_CHECKING:
    from desktop.core.reception.book import VisitSummary

SORT_ROLE = Qt.ItemDataRole.UserRole + 10
SERIAL_ROLE = Qt.ItemDataRole.UserRole + 11
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str  # marked with N_, translated at use
    value: Callable[[VisitSummary], str]
    sort: Callable[[VisitSummary], Any]
    align: Qt.AlignmentFlag = LEFT
    width: int = 100
    tooltip: Callable[[VisitSummary], str] | None = None


def _time(visit: VisitSummary) -> str:
    return local(visit.received_at).strftime("%H:%M")


def _moment(visit: VisitSummary) -> str:
    return local(visit.received_at).strftime("%d/%m/%Y %H:%M")


COLUMNS: tuple[Column, ...] = (
    Column(N_("Number"), lambda v: v.serial, lambda v: v.serial, width=130),
    Column(N_("Time"), _time, lambda v: v.received_at.timestamp(), CENTRE, 50, _moment),
    Column(N_("Full name"), lambda v: v.citizen_name, lambda v: search_key(v.citizen_name), width=160),
    Column(N_("Address"), lambda v: v.citizen_address, lambda v: search_key(v.citizen_address), width=200),
    Column(N_("ID number"), lambda v: v.id_number, lambda v: v.id_number, width=110),
    Column(N_("Classification"), lambda v: label(v.classification), lambda v: label(v.classification), width=110),
    Column(
        N_("Content"),
        lambda v: " ".join(v.content_summary.split()),
        lambda v: search_key(v.content_summary),
        width=240,
        tooltip=lambda v: v.content_summary,
    ),
    Column(N_("People"), lambda v: str(v.head_count), lambda v: v.head_count, RIGHT, 60),
    Column(N_("Outcome"), lambda v: label(v.outcome), lambda v: label(v.outcome), width=170),
)


class VisitTableModel(QAbstractTableModel):
    """Read-only; ``set_visits`` replaces all rows at once."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._visits: list[VisitSummary] = []

    def set_visits(self, visits: Sequence[VisitSummary]) -> None:
        self.beginResetModel()
        self._visits = list(visits)
        self.endResetModel()

    def visit(self, row: int) -> VisitSummary:
        return self._visits[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._visits)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._visits) or index.column() >= len(COLUMNS):
            return None
        visit, column = self._visits[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align.value)
        getters: dict[int, Callable[[VisitSummary], Any]] = {
            Qt.ItemDataRole.DisplayRole: column.value,
            Qt.ItemDataRole.ToolTipRole: column.tooltip or column.value,
            SORT_ROLE: column.sort,
            SERIAL_ROLE: lambda v: v.serial,
        }
        getter = getters.get(role)
        return getter(visit) if getter else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section].title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(COLUMNS[section].align.value)
        return None
