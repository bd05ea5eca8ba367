"""A small settings dialog over a list of records: the table, a form under it, a red error line."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.database import Database
from desktop.ui.widgets.form_action import FieldMessages, FormAction
from desktop.ui.widgets.form_grid import FormGrid
from desktop.ui.widgets.record_model import RecordTableModel, record_view

if TYPE_CHECKING:
    from desktop.core.database import Session


class RecordEditorDialog(QDialog):
    """Subclasses pass ``model``, fill ``form`` (``form.add_row``) and call ``apply`` from their buttons."""

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
        self.form = FormGrid()
        self.messages = FieldMessages()  # no field of its own: refusals show on the line by the buttons
        self.action = FormAction(self, database, self.messages)
        self.error_label = self.messages.general_box.message_label
        self._buttons = QHBoxLayout()
        self._buttons.addWidget(self.messages.general_box, 1)
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

    def apply(self, change: Callable[[Session], object], *, input_errors: Mapping[str, str] | None = None) -> bool:
        """Run ``change(session)`` in one transaction; a refusal shows under the form, typed text kept."""
        if self.action.run(change, input_errors=input_errors) is None:
            return False
        self.refresh()
        return True
