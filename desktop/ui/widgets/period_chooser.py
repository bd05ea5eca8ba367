"""The period chooser the reports and the dashboard share: a quarter, 6 or 9 months, a year, or a range.

The standard periods follow the office's cut-off day (desktop/core/reports/periods.py: by default
15/12 of the year before to 14/12), so a chart and a table of "the year" count the same days.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from desktop.core.errors import ValidationError
from desktop.core.formatting import today_local
from desktop.core.i18n import N_, _
from desktop.core.reports.periods import Period, custom, cutoff_day, standard
from desktop.ui.widgets.date_field import DateField, DateMode

if TYPE_CHECKING:
    from desktop.core.database import Database

PERIODS = {
    "q1": N_("First quarter"),
    "q2": N_("Second quarter"),
    "q3": N_("Third quarter"),
    "q4": N_("Fourth quarter"),
    "6m": N_("Six months"),
    "9m": N_("Nine months"),
    "year": N_("Year"),
    "custom": N_("From ... to ..."),
}


class PeriodChooser(QWidget):
    """The kind of period and its year, or two dates for a range; ``changed`` when any of them changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, initial: str = "year") -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        for key, label in PERIODS.items():
            self.combo.addItem(_(label), key)
        self.combo.setCurrentIndex(list(PERIODS).index(initial))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(today_local().year)
        self.from_edit = DateField(DateMode.DATE)
        self.to_edit = DateField(DateMode.DATE)
        self._to_label = QLabel(_("to"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.combo, self.year_spin, self.from_edit, self._to_label, self.to_edit):
            layout.addWidget(widget)
        self.combo.currentIndexChanged.connect(self._on_kind_changed)
        self.year_spin.valueChanged.connect(self.changed.emit)
        self._on_kind_changed()

    def is_custom(self) -> bool:
        return self.combo.currentData() == "custom"

    def _on_kind_changed(self) -> None:
        custom_range = self.is_custom()
        self.year_spin.setVisible(not custom_range)
        for widget in (self.from_edit, self._to_label, self.to_edit):
            widget.setVisible(custom_range)
        self.changed.emit()

    def chosen(self, database: Database) -> Period:
        """The period chosen (with the office's cut-off day); a ValidationError says what cannot be read."""
        kind = str(self.combo.currentData())
        if kind != "custom":
            with database.sessions() as session:
                return standard(kind, self.year_spin.value(), cutoff_day(session))
        days = []
        for edit in (self.from_edit, self.to_edit):
            try:
                value = edit.value()
            except ValueError:
                value = None
            if not isinstance(value, dt.date):
                raise ValidationError({"period": _("Type both dates, such as 15/12/2025 and 14/03/2026.")})
            days.append(value)
        return custom(days[0], days[1])
