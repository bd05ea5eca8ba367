"""A two-column grid of labelled fields whose messages appear under each field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from desktop.ui.widgets.field_box import FieldBox


class FormGrid(QGridLayout):
    """Rows of (label, field) pairs; ``column`` 0 is the left pair, 1 the right pair."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalSpacing(8)
        self.setVerticalSpacing(6)
        self.setColumnStretch(1, 1)
        self.setColumnStretch(3, 1)
        self._line_height = QLineEdit().sizeHint().height()
        self.labels: dict[int, list[QLabel]] = {0: [], 2: []}

    def add_field(self, row: int, column: int, text: str, box: FieldBox, *, span: int = 1) -> QLabel:
        """Put a label and its field at ``row``; ``span`` 2 makes the field run across both pairs."""
        label = QLabel(text)
        label.setBuddy(box.editor)
        # Top-aligned and as tall as a one-line editor: level with the editor's first line, also
        # when a message shows under the field or the editor has several lines.
        label.setMinimumHeight(min(box.editor.sizeHint().height(), self._line_height))
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.addWidget(label, row, column * 2, Qt.AlignmentFlag.AlignTop)
        self.labels[column * 2].append(label)
        self.addWidget(box, row, column * 2 + 1, 1, 1 if span == 1 else 3)
        return label

    def add_wide(self, row: int, widget: QWidget) -> None:
        """A widget across the whole row, under the labels' column too."""
        self.addWidget(widget, row, 0, 1, 4)


def align_label_columns(grids: list[FormGrid]) -> None:
    """Give the label columns of several grids one width, so that fields line up across sections."""
    for column in (0, 2):
        width = max((label.sizeHint().width() for grid in grids for label in grid.labels[column]), default=0)
        for grid in grids:
            grid.setColumnMinimumWidth(column, width)
