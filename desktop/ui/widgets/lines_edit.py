"""A short multi-line editor that reads like a QLineEdit: ``text()`` and ``setText()``, a few lines high."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class LinesEdit(QPlainTextEdit):
    """A name the office may type on several lines (an agency name broken where its header should break)."""

    def __init__(self, parent: QWidget | None = None, *, lines: int = 2) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)  # Tab moves on, as in the one-line fields around it
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        frame = 2 * self.frameWidth() + margins.top() + margins.bottom() + 2 * int(self.document().documentMargin())
        self.setFixedHeight(lines * metrics.lineSpacing() + frame + 4)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # the QLineEdit spelling it stands in for
        self.setPlainText(text)
