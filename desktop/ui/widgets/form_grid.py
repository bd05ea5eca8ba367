"""A two-column grid of labelled fields whose messages appear under each field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLayout, QLineEdit, QWidget

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

    def add_field(self, row: int, column: int, text: str, box: QWidget, *, span: int = 1) -> QLabel:
        """Put a label and its field at ``row``; ``span`` 2 makes the field run across both pairs.

        ``box`` is a FieldBox (its messages show under the editor) or a plain editor or value.
        """
        editor = box.editor if isinstance(box, FieldBox) else box
        label = QLabel(text)
        label.setBuddy(editor)
        # Top-aligned and as tall as a one-line editor: level with the editor's first line, also
        # when a message shows under the field or the editor has several lines.
        label.setMinimumHeight(min(editor.sizeHint().height(), self._line_height))
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.addWidget(label, row, column * 2, Qt.AlignmentFlag.AlignTop)
        self.labels[column * 2].append(label)
        self.addWidget(box, row, column * 2 + 1, 1, 1 if span == 1 else 3)
        return label

    def add_row(self, text: str, box: QWidget) -> QLabel:
        """A label and its field on the next row, the field across both pairs (a one-column form)."""
        return self.add_field(self.rowCount() if self.count() else 0, 0, text, box, span=2)

    def add_wide(self, row: int, item: QWidget | QLayout, *, columns: int = 4) -> None:
        """A widget (or a row of them) across the whole row, under the labels' column too."""
        if isinstance(item, QLayout):
            if item.spacing() < 0:  # a grid with two spacings passes none on to the layouts inside it
                item.setSpacing(self.horizontalSpacing())
            self.addLayout(item, row, 0, 1, columns)
        else:
            self.addWidget(item, row, 0, 1, columns)


def align_label_columns(grids: list[FormGrid]) -> None:
    """Give the label columns of several grids one width, so that fields line up across sections."""
    for column in (0, 2):
        width = max((label.sizeHint().width() for grid in grids for label in grid.labels[column]), default=0)
        for grid in grids:
            grid.setColumnMinimumWidth(column, width)
