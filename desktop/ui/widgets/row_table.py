"""A small editable table with Add and Remove buttons, for lists typed at the desk."""

from __future__ import annotations

import enum

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.labels import label
from desktop.core.text import clean
from desktop.ui.widgets.enum_combo import EnumCombo

VALUE_ROLE = Qt.ItemDataRole.UserRole
ROW_HEIGHT = 26

_Index = QModelIndex | QPersistentModelIndex


class EnumDelegate(QStyledItemDelegate):
    """Edits a cell holding an enum value (VALUE_ROLE) with an EnumCombo; shows its label."""

    def __init__(self, enum_class: type[enum.Enum], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._enum_class = enum_class

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        return EnumCombo(self._enum_class, parent=parent)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, EnumCombo)
        editor.set_value(self._enum_class(index.data(VALUE_ROLE)))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        assert isinstance(editor, EnumCombo)
        member = editor.value()
        if member is not None:
            model.setData(index, member.value, VALUE_ROLE)
            model.setData(index, label(member), Qt.ItemDataRole.DisplayRole)


class LimitDelegate(QStyledItemDelegate):
    """The cell's usual editor, held to a length (text) or a range (a number), as the core bounds them."""

    def __init__(
        self,
        *,
        max_length: int | None = None,
        minimum: int | None = None,
        maximum: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._max_length, self._minimum, self._maximum = max_length, minimum, maximum

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit) and self._max_length is not None:
            editor.setMaxLength(self._max_length)
        if isinstance(editor, QSpinBox) and self._minimum is not None and self._maximum is not None:
            editor.setRange(self._minimum, self._maximum)
        return editor


def enum_item(member: enum.Enum) -> QTableWidgetItem:
    item = QTableWidgetItem(label(member))
    item.setData(VALUE_ROLE, member.value)
    return item


class RowTable(QWidget):
    """``table`` holds the rows; Add appends a row and opens its first cell for typing."""

    def __init__(
        self,
        headers: list[str],
        add_text: str,
        remove_text: str,
        *,
        visible_rows: int = 3,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        triggers = QAbstractItemView.EditTrigger
        self.table.setEditTriggers(
            triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed | triggers.SelectedClicked
        )
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header_height = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header_height + visible_rows * ROW_HEIGHT + 4)
        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton(remove_text)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_current_row)
        self._lay_out()
        self._defaults: list[QTableWidgetItem] = []

    def _lay_out(self) -> None:
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def set_row_defaults(self, items: list[QTableWidgetItem]) -> None:
        """Prototype items cloned into each new row."""
        self._defaults = items

    def add_row(self) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column in range(self.table.columnCount()):
            prototype = self._defaults[column] if column < len(self._defaults) else None
            self.table.setItem(row, column, prototype.clone() if prototype else QTableWidgetItem(""))
        self.table.setCurrentCell(row, 0)
        self.table.editItem(self.table.item(row, 0))
        return row

    def remove_current_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def clear_rows(self) -> None:
        self.table.setRowCount(0)

    def commit_edits(self) -> None:
        """Close an open cell editor so that what it holds reaches the table (before saving)."""
        if self.table.state() == QAbstractItemView.State.EditingState:
            current = self.table.currentIndex()
            self.table.setCurrentIndex(QModelIndex())
            self.table.setCurrentIndex(current)

    def text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return clean(item.text()) if item else ""

    def value(self, row: int, column: int) -> object:
        item = self.table.item(row, column)
        return item.data(VALUE_ROLE) if item else None
