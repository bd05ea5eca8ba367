"""Settings → Working-day calendar: days the office declares off or worked beyond the national ones."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from desktop.core import bounds
from desktop.core.cases.due_dates import remove_day, save_day
from desktop.core.database import Database
from desktop.core.deadlines.office_days import OfficeDay, list_days
from desktop.core.formatting import short_date
from desktop.core.i18n import N_, _
from desktop.ui import signed_in
from desktop.ui.widgets.date_field import DateField, DateMode
from desktop.ui.widgets.record_editor import RecordEditorDialog
from desktop.ui.widgets.record_model import Column, RecordTableModel
from desktop.ui.widgets.section import read_date


class OfficeDaysModel(RecordTableModel):
    columns = (
        Column(N_("Date"), lambda d: short_date(d.day), sort=lambda d: d.day.toordinal(), width=110),
        Column(N_("Kind of day"), lambda d: _("Day off") if d.is_day_off else _("Working day"), width=120),
        Column(N_("Reason"), lambda d: d.name, width=300),
    )


class CalendarDialog(RecordEditorDialog):
    """The office's own days; every stored due date is recomputed when they change."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(database, OfficeDaysModel(), _("Working-day calendar of the office"), parent)
        self._layout.insertWidget(
            0, QLabel(_("National holidays and the Government's swapped days are already counted."))
        )
        self.date_edit = DateField(DateMode.DATE)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(_("Day off"), True)
        self.kind_combo.addItem(_("Working day"), False)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(_("The decision that says so, e.g. Quyết định 15/QĐ-UBND"))
        self.name_edit.setMaxLength(bounds.CALENDAR_DAY["name"].max_length)
        self.form.add_row(_("Date"), self.date_edit)
        self.form.add_row(_("Kind of day"), self.kind_combo)
        self.form.add_row(_("Reason"), self.name_edit)
        self.remove_button = self.add_button(_("Remove day"), self._on_remove_button_clicked)
        self.save_button = self.add_button(_("Save day"), self._on_save_button_clicked)
        self.refresh()

    def refresh(self) -> None:
        with self._database.sessions() as session:
            self.model.set_rows(list_days(session))

    def show_record(self, record: object) -> None:
        assert isinstance(record, OfficeDay)
        self.date_edit.set_value(record.day)
        self.kind_combo.setCurrentIndex(0 if record.is_day_off else 1)
        self.name_edit.setText(record.name)

    def _on_save_button_clicked(self) -> None:
        errors: dict[str, str] = {}
        day = read_date(self.date_edit, "day", errors)
        kind = bool(self.kind_combo.currentData())
        self.apply(
            lambda session: save_day(session, signed_in.actor(), day, is_day_off=kind, name=self.name_edit.text()),  # type: ignore[arg-type]
            input_errors=errors,
        )

    def _on_remove_button_clicked(self) -> None:
        errors: dict[str, str] = {}
        day = read_date(self.date_edit, "day", errors)
        if errors or isinstance(day, dt.date):
            self.apply(lambda session: remove_day(session, signed_in.actor(), day), input_errors=errors)  # type: ignore[arg-type]

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database) -> None:
        cls(database, parent).exec()
