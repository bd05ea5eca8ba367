"""An editor with a message line under it: red for an error, orange for a warning."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

ERROR_COLOUR = "#c62828"
WARNING_COLOUR = "#a65d00"


class FieldBox(QWidget):
    """Holds one editor (or a small row of them) and shows what is wrong with it, in place."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._errors: list[str] = []
        self._warnings: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.hide()
        layout.addWidget(self.message_label)
        layout.addStretch(1)

    @property
    def has_error(self) -> bool:
        return bool(self._errors)

    @property
    def has_message(self) -> bool:
        return bool(self._errors or self._warnings)

    def message(self) -> str:
        return self.message_label.text() if self.has_message else ""

    def show_error(self, message: str) -> None:
        self._errors.append(message)
        self._refresh()

    def show_warning(self, message: str) -> None:
        self._warnings.append(message)
        self._refresh()

    def show_message(self, message: str, *, warning: bool = False) -> None:
        """An error (red), or with ``warning`` a warning (orange)."""
        if warning:
            self.show_warning(message)
        else:
            self.show_error(message)

    def clear_message(self) -> None:
        self._errors.clear()
        self._warnings.clear()
        self._refresh()

    def _refresh(self) -> None:
        lines = self._errors or self._warnings
        colour = ERROR_COLOUR if self._errors else WARNING_COLOUR
        self.message_label.setText("\n".join(lines))
        self.message_label.setStyleSheet(f"color: {colour};")
        self.message_label.setVisible(bool(lines))
        self.editor.setAccessibleDescription(self.message_label.text() if lines else "")
