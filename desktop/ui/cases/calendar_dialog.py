"""Settings → Working-day calendar: days the office declares off or worked beyond the national ones."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
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
from desktop.core.formatting import short_date
from desktop.core.i18n import N_, _
from desktop.core.office_calendar import OfficeDay, list_days, remove_day, save_day
from desktop.ui.errors import reporting_errors
from desktop.ui.widgets.date_field import DateField, DateMode
from desktop.ui.widgets.record_model import Column, RecordTableModel, record_view

ERROR_STYLE = "color: #c62828;"


class OfficeDaysModel(RecordTableModel):
    columns = (
        Column(N_("Date"), lambda d: short_date(d.day), sort=lambda d: d.day.toordinal(), width=110),
        Column(N_("Kind of day"), lambda d: _("Day off") if d.is_day_off else _("Working day"), width=120),
        Column(N_("Reason"), lambda d: d.name, width=300),
    )


class CalendarDialog(QDialog):
    """The office's own days; every stored due date is recomputed when they change."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.setWindowTitle(_("Working-day calendar of the office"))
        self.setMinimumWidth(600)
        self._build_ui()
        self.refresh()

    def _build_ui(self) -> None:
        self.model = OfficeDaysModel(self)
        self.table = record_view(self.model)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.clicked.connect(self._on_table_clicked)
        self.date_edit = DateField(DateMode.DATE)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(_("Day off"), True)
        self.kind_combo.addItem(_("Working day"), False)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(_("The decision that says so, e.g. Quyết định 15/QĐ-UBND"))
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.save_button, self.remove_button = QPushButton(_("Save day")), QPushButton(_("Remove day"))
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        form = QFormLayout()
        form.addRow(_("Date"), self.date_edit)
        form.addRow(_("Kind of day"), self.kind_combo)
        form.addRow(_("Reason"), self.name_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error_label, 1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.save_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("National holidays and the Government's swapped days are already counted.")))
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(close)

    def refresh(self) -> None:
        with self._database.sessions() as session:
            self.model.set_rows(list_days(session))

    def _on_table_clicked(self) -> None:
        day: OfficeDay = self.model.record(self.table.currentIndex().row())
        self.date_edit.set_value(day.day)
        self.kind_combo.setCurrentIndex(0 if day.is_day_off else 1)
        self.name_edit.setText(day.name)

    def _typed_day(self) -> object:
        try:
            return self.date_edit.value()
        except ValueError:
            self.error_label.setText(_("Type the date as dd/mm/yyyy."))
            return False

    def _on_save_button_clicked(self) -> None:
        self.error_label.clear()
        day = self._typed_day()
        if day is False:
            return
        with reporting_errors(self):
            try:
                with self._database.sessions.begin() as session:
                    save_day(
                        session,
                        day,
                        is_day_off=bool(self.kind_combo.currentData()),  # type: ignore[arg-type]
                        name=self.name_edit.text(),
                    )
            except ValidationError as exc:
                self.error_label.setText("\n".join(exc.errors.values()))  # what was typed stays
                return
            self.refresh()

    def _on_remove_button_clicked(self) -> None:
        self.error_label.clear()
        day = self._typed_day()
        if not day:
            return
        with reporting_errors(self), self._database.sessions.begin() as session:
            remove_day(session, day)  # type: ignore[arg-type]
        self.refresh()

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database) -> None:
        cls(database, parent).exec()
