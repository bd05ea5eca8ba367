"""Before a visit is saved: the earlier visits about the same matter, side by side with this one.

The receptionist links the visit as a repeat ("tiếp nhiều lần") of the chosen earlier visit, or
confirms it is a new matter (docs/scanning.md#repeat-visits).
"""

from __future__ import annotations

from collections.abc import Sequence

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

from desktop.core.formatting import local, short_datetime
from desktop.core.i18n import _
from desktop.core.reception.returning import RepeatCandidate

NEW_MATTER = ""  # the answer "a new matter" (a serial links the repeat; None: cancelled)


class RepeatDialog(QDialog):
    """``answer`` is the chosen earlier serial, NEW_MATTER, or None while not answered."""

    def __init__(self, content: str, candidates: Sequence[RepeatCandidate], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("The same matter as an earlier visit?"))
        self.answer: str | None = None
        self._candidates = list(candidates)
        intro = QLabel(
            _(
                "This citizen came earlier about a similar matter. Link this visit as a repeat visit "
                "of the one chosen, or confirm it is a new matter."
            )
        )
        intro.setWordWrap(True)
        self.content_box = QPlainTextEdit(content)
        self.content_box.setReadOnly(True)
        self.table = QTableWidget(len(self._candidates), 4)
        self.table.setHorizontalHeaderLabels([_("Number"), _("Received"), _("Citizen"), _("Content")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        for row, c in enumerate(self._candidates):
            for column, text in enumerate((c.serial, short_datetime(local(c.received_at)), c.name, c.content_summary)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the content wraps in what is left
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        if self._candidates:
            self.table.selectRow(0)
        new_side = QVBoxLayout()
        new_side.addWidget(QLabel(_("This visit")))
        new_side.addWidget(self.content_box)
        old_side = QVBoxLayout()
        old_side.addWidget(QLabel(_("Earlier visits")))
        old_side.addWidget(self.table)
        sides = QHBoxLayout()
        sides.addLayout(new_side, 2)
        sides.addLayout(old_side, 5)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.link_button = QPushButton(_("Repeat of the chosen visit"))
        self.new_button = QPushButton(_("A new matter"))
        buttons.addButton(self.link_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.link_button.clicked.connect(self.link)
        self.new_button.clicked.connect(self.new_matter)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(sides, 1)
        layout.addWidget(buttons)
        self.resize(900, 360)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()  # once the content column has its width

    def link(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._candidates):
            self.answer = self._candidates[row].serial
            self.accept()

    def new_matter(self) -> None:
        self.answer = NEW_MATTER
        self.accept()


def ask_repeat(parent: QWidget, content: str, candidates: Sequence[RepeatCandidate]) -> str | None:
    """The serial linked, NEW_MATTER, or None when the receptionist cancelled."""
    dialog = RepeatDialog(content, candidates, parent)
    dialog.exec()
    return dialog.answer
