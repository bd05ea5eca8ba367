"""A combo box over an enum, showing translated labels and giving back enum members."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QWidget

from desktop.core.labels import label


class EnumCombo(QComboBox):
    """Items are the members of ``enum_class``; an optional first item means "not chosen"."""

    def __init__(
        self,
        enum_class: type[enum.Enum],
        *,
        placeholder: str | None = None,
        members: Iterable[enum.Enum] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._enum_class = enum_class
        if placeholder is not None:
            self.addItem(placeholder, None)
        for member in members if members is not None else enum_class:
            # Store the raw value: PySide6 would turn a StrEnum into a plain str anyway.
            self.addItem(label(member), member.value)

    def value(self) -> enum.Enum | None:
        data = self.currentData()
        return None if data is None else self._enum_class(data)

    def set_value(self, member: enum.Enum | None) -> None:
        index = self.findData(None if member is None else member.value)
        self.setCurrentIndex(max(index, 0))

    def set_unavailable(self, member: enum.Enum, reason: str) -> None:
        """Grey ``member`` out: it stays in the list, cannot be picked, and tells why in its tooltip."""
        model = self.model()
        index = self.findData(member.value)
        if index < 0 or not isinstance(model, QStandardItemModel):
            return
        item = model.item(index)
        if item is not None:
            item.setEnabled(False)
            item.setData(reason, Qt.ItemDataRole.ToolTipRole)
