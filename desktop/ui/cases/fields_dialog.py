"""Settings → Fields: the office's list of fields (lĩnh vực) petitions are classified by."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from desktop.core import bounds
from desktop.core.cases.fields import FieldView, all_fields, save_field
from desktop.core.database import Database
from desktop.core.i18n import N_, _
from desktop.ui.widgets.record_editor import RecordEditorDialog
from desktop.ui.widgets.record_model import CENTRE, RIGHT, Column, RecordTableModel


class FieldsModel(RecordTableModel):
    columns = (
        Column(N_("Code"), lambda f: f.code, width=70),
        Column(N_("Field"), lambda f: f.name, width=280),
        Column(N_("In use"), lambda f: _("yes") if f.is_active else _("retired"), align=CENTRE, width=80),
        Column(N_("Petitions"), lambda f: str(f.petitions), sort=lambda f: f.petitions, align=RIGHT, width=80),
    )
    stretch_column = 1


class FieldsDialog(RecordEditorDialog):
    """Add a field, rename one, retire one that is no longer used for new petitions."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(database, FieldsModel(), _("Fields of petitions"), parent)
        self.code_edit, self.name_edit = QLineEdit(), QLineEdit()
        self.code_edit.setMaxLength(bounds.FIELD_OF_LAW["code"].max_length)
        self.name_edit.setMaxLength(bounds.FIELD_OF_LAW["name"].max_length)
        self.active_check = QCheckBox(_("Offered for new petitions"))
        self.active_check.setChecked(True)
        self.form.add_row(_("Code"), self.code_edit)
        self.form.add_row(_("Field"), self.name_edit)
        self.form.add_row("", self.active_check)
        self.save_button = self.add_button(_("Save field"), self._on_save_button_clicked)
        self.refresh()

    def refresh(self) -> None:
        with self._database.sessions.begin() as session:
            self.model.set_rows(all_fields(session))

    def show_record(self, record: object) -> None:
        assert isinstance(record, FieldView)
        self.code_edit.setText(record.code)
        self.name_edit.setText(record.name)
        self.active_check.setChecked(record.is_active)

    def _on_save_button_clicked(self) -> None:
        self.apply(
            lambda session: save_field(
                session, self.code_edit.text(), self.name_edit.text(), active=self.active_check.isChecked()
            )
        )

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database) -> None:
        cls(database, parent).exec()
