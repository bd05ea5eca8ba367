"""Settings → Fields: the office's list of fields (lĩnh vực) petitions are classified by."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.database import Database
from desktop.core.errors import ValidationError
from desktop.core.fields import FieldView, all_fields, save_field
from desktop.core.i18n import N_, _
from desktop.ui.errors import reporting_errors
from desktop.ui.widgets.record_model import CENTRE, RIGHT, Column, RecordTableModel, record_view

ERROR_STYLE = "color: #c62828;"


class FieldsModel(RecordTableModel):
    columns = (
        Column(N_("Code"), lambda f: f.code, width=70),
        Column(N_("Field"), lambda f: f.name, width=280),
        Column(N_("In use"), lambda f: _("yes") if f.is_active else _("retired"), align=CENTRE, width=80),
        Column(N_("Petitions"), lambda f: str(f.petitions), sort=lambda f: f.petitions, align=RIGHT, width=80),
    )
    stretch_column = 1


class FieldsDialog(QDialog):
    """Add a field, rename one, retire one that is no longer used for new petitions."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.setWindowTitle(_("Fields of petitions"))
        self.setMinimumWidth(560)
        self._build_ui()
        self._connect_signals()
        self.refresh()

    def _build_ui(self) -> None:
        self.model = FieldsModel(self)
        self.table = record_view(self.model)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.code_edit, self.name_edit = QLineEdit(), QLineEdit()
        self.active_check = QCheckBox(_("Offered for new petitions"))
        self.active_check.setChecked(True)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.save_button = QPushButton(_("Save field"))
        form = QFormLayout()
        form.addRow(_("Code"), self.code_edit)
        form.addRow(_("Field"), self.name_edit)
        form.addRow("", self.active_check)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error_label, 1)
        buttons.addWidget(self.save_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(close)

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.table.clicked.connect(self._on_table_clicked)

    def refresh(self) -> None:
        with self._database.sessions.begin() as session:
            self.model.set_rows(all_fields(session))

    def _on_table_clicked(self) -> None:
        field: FieldView = self.model.record(self.table.currentIndex().row())
        self.code_edit.setText(field.code)
        self.name_edit.setText(field.name)
        self.active_check.setChecked(field.is_active)

    def _on_save_button_clicked(self) -> None:
        self.error_label.clear()
        with reporting_errors(self):
            try:
                with self._database.sessions.begin() as session:
                    save_field(
                        session, self.code_edit.text(), self.name_edit.text(), active=self.active_check.isChecked()
                    )
            except ValidationError as exc:
                self.error_label.setText("\n".join(exc.errors.values()))  # what was typed stays
                return
            self.refresh()

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database) -> None:
        cls(database, parent).exec()
