"""An editable combo box that finds items ignoring diacritics: "my hoa" finds "Xã Mỹ Hòa Hưng"."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from desktop.core.text import clean, search_key

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
_KIND_PREFIXES = ("thanh pho ", "tinh ", "xa ", "phuong ", "dac khu ", "thi tran ")


def _bare(key: str) -> str:
    for prefix in _KIND_PREFIXES:
        if key.startswith(prefix):
            return key.removeprefix(prefix)
    return key


class FoldingCompleter(QCompleter):
    """Matches the folded typed text inside each item's folded name; inserts the real name."""

    def splitPath(self, path: str) -> list[str]:
        return [search_key(path)]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class SearchCombo(QComboBox):
    """Items are (code, name); the first item is empty and means "none"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        completer = FoldingCompleter(self.model(), self)
        completer.setCompletionRole(SEARCH_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.lineEdit().editingFinished.connect(self._snap_to_item)

    def set_items(self, items: Iterable[tuple[int, str]]) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItem("", None)
        for code, name in items:
            self.addItem(name, code)
            self.setItemData(self.count() - 1, search_key(name), SEARCH_ROLE)
        self.setCurrentIndex(0)
        self.blockSignals(False)
        self.currentIndexChanged.emit(0)

    def code(self) -> int | None:
        """The chosen code; None when empty; raises ValueError when the text names no item."""
        text = clean(self.currentText())
        if not text:
            return None
        row = self._find(text)
        if row < 1:
            raise ValueError(text)
        return int(self.itemData(row))

    def set_code(self, code: int | None) -> None:
        self.setCurrentIndex(max(self.findData(code), 0) if code is not None else 0)

    def _find(self, text: str) -> int:
        if self.currentIndex() > 0 and self.itemText(self.currentIndex()) == text:
            return self.currentIndex()
        key = search_key(text)
        exact = [row for row in range(1, self.count()) if self.itemData(row, SEARCH_ROLE) == key]
        if len(exact) == 1:
            return exact[0]
        bare = [row for row in range(1, self.count()) if _bare(self.itemData(row, SEARCH_ROLE)) == _bare(key)]
        return bare[0] if len(bare) == 1 else -1

    def _snap_to_item(self) -> None:
        """Typed "my hoa hung" becomes the item "Xã Mỹ Hòa Hưng" when that is the only match."""
        text = clean(self.currentText())
        row = self._find(text) if text else 0
        if row >= 0 and row != self.currentIndex():
            self.setCurrentIndex(row)
        elif row >= 0:
            self.setEditText(self.itemText(row))
