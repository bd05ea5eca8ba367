"""A small settings dialog over a list of records: the table, a form under it, a red error line."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.database import Database
from desktop.core.errors import ValidationError
from desktop.ui.errors import reporting_errors
from desktop.ui.widgets.record_model import RecordTableModel, record_view

ERROR_STYLE = "color: #c62828;"


class RecordEditorDialog(QDialog):
    """Subclasses set ``model``, fill the form in ``_build_form`` and call ``apply`` from their buttons."""

    def __init__(self, database: Database, model: RecordTableModel, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.model = model
        model.setParent(self)
        self.setWindowTitle(title)
        self.setMinimumWidth(580)
        self.table = record_view(model)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.clicked.connect(self._on_table_clicked)  # a lambda holding self kept closed dialogs alive
        self.form = QFormLayout()
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self._buttons = QHBoxLayout()
        self._buttons.addWidget(self.error_label, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.table)
        self._layout.addLayout(self.form)
        self._layout.addLayout(self._buttons)
        self._layout.addWidget(close)

    def add_button(self, text: str, action: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(action)
        self._buttons.addWidget(button)
        return button

    def _on_table_clicked(self) -> None:
        self.show_record(self.model.record(self.table.currentIndex().row()))

    def show_record(self, record: object) -> None:
        """Put the clicked record into the form (subclasses)."""

    def refresh(self) -> None:
        """Reload the table (subclasses)."""

    def apply(self, change: Callable[..., object]) -> bool:
        """Run ``change(session)`` in one transaction; a refusal shows under the form, typed text kept."""
        self.error_label.clear()
        with reporting_errors(self):
            try:
                with self._database.sessions.begin() as session:
                    change(session)
            except ValidationError as exc:
                self.error_label.setText("\n".join(exc.errors.values()))
                return False
            self.refresh()
            return True
        return False
