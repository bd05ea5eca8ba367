"""Before a record is saved: the earlier records about the same matter, side by side with this one.

The receptionist links the new record to the earlier one chosen (a repeat visit, a duplicate
petition) or confirms it is a new matter; Cancel goes back to the form with everything kept.
desktop/ui/reception/repeat_dialog.py (visits) and desktop/ui/cases/duplicate_dialog.py (petitions)
say what is compared and in which words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

NEW_MATTER = ""  # the answer "a new matter" (a number links the record; None: cancelled)
WRAPPED = 140  # px: a column between the fitted ones and the content (how it arrived, who sent it)


@dataclass(frozen=True)
class Earlier:
    """One earlier record: ``number`` is the answer when it is chosen; ``cells`` its columns, the content last."""

    number: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Wording:
    """What the dialog says (translated by the caller)."""

    title: str
    intro: str
    this_record: str  # over the new content
    earlier_records: str  # over the table
    headers: tuple[str, ...]  # one per cell, the content last
    link: str  # the button that links to the chosen record
    new: str  # the button that confirms a new matter
    fitted: int = 3  # the first columns, as wide as their text; the others up to the content wrap at WRAPPED
    width: int = 900


class SameMatterDialog(QDialog):
    """``answer`` is the chosen earlier number, NEW_MATTER, or None while not answered (or cancelled)."""

    def __init__(
        self, wording: Wording, content: str, earlier: Sequence[Earlier], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(wording.title)
        self.answer: str | None = None
        self._earlier = list(earlier)
        intro = QLabel(wording.intro)
        intro.setWordWrap(True)
        self.content_box = QPlainTextEdit(content)
        self.content_box.setReadOnly(True)
        columns = len(wording.headers)
        self.table = QTableWidget(len(self._earlier), columns)
        self.table.setHorizontalHeaderLabels(list(wording.headers))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, record in enumerate(self._earlier):
            for column, text in enumerate(record.cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        for column in range(columns - 1):
            if column < wording.fitted:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            else:  # a long text (a transferring body) wraps here rather than push the content out of sight
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                self.table.setColumnWidth(column, WRAPPED)
        header.setSectionResizeMode(columns - 1, QHeaderView.ResizeMode.Stretch)  # the content wraps in what is left
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        if self._earlier:
            self.table.selectRow(0)
        new_side = QVBoxLayout()
        new_side.addWidget(QLabel(wording.this_record))
        new_side.addWidget(self.content_box)
        old_side = QVBoxLayout()
        old_side.addWidget(QLabel(wording.earlier_records))
        old_side.addWidget(self.table)
        sides = QHBoxLayout()
        sides.addLayout(new_side, 2)
        sides.addLayout(old_side, 5)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.link_button = QPushButton(wording.link)
        self.new_button = QPushButton(wording.new)
        buttons.addButton(self.link_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.link_button.clicked.connect(self.link)
        self.new_button.clicked.connect(self.new_matter)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(sides, 1)
        layout.addWidget(buttons)
        self.resize(wording.width, 360)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()  # once the content column has its width

    def link(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._earlier):
            self.answer = self._earlier[row].number
            self.accept()

    def new_matter(self) -> None:
        self.answer = NEW_MATTER
        self.accept()
