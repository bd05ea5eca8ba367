"""The audit trail viewer: events filtered by user, record and period, the chain checked, a CSV export.

For leaders and administrators (under Settings until roles arrive). The events hold personal data:
the dialog shows them, never logs them; an export is itself an audit event.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.access import NOBODY, Actor
from desktop.core.audit import (
    AuditFilter,
    AuditRow,
    changes_text,
    describe,
    export_csv,
    export_xlsx,
    list_events,
    verify_chain,
)
from desktop.core.errors import ValidationError
from desktop.core.formatting import local
from desktop.core.i18n import N_, _
from desktop.ui import signed_in
from desktop.ui.errors import reporting_errors
from desktop.ui.widgets.date_field import DateField, DateMode
from desktop.ui.widgets.record_model import RIGHT, Column, RecordTableModel, record_view

if TYPE_CHECKING:
    from desktop.core.database import Database

SIZE = (1100, 620)
ACTION_LABELS = {
    "create": N_("created"),
    "update": N_("changed"),
    "delete": N_("deleted"),
    "read": N_("read"),
    "print": N_("printed"),
    "export": N_("exported"),
    "login": N_("signed in"),
}


def _when(row: AuditRow) -> str:
    return local(row.occurred_at).strftime("%d/%m/%Y %H:%M:%S")


def _action(row: AuditRow) -> str:
    label = ACTION_LABELS.get(row.action)
    return _(label) if label else row.action


class AuditListModel(RecordTableModel):
    stretch_column = 6  # the changes
    columns = (
        Column(N_("Time"), _when, lambda r: r.occurred_at, width=140),
        Column(N_("Desk"), lambda r: r.desk_code, width=60),
        Column(N_("No."), lambda r: str(r.seq), lambda r: r.seq, align=RIGHT, width=60),
        Column(N_("User"), lambda r: r.username or "—", width=110),
        Column(N_("Action"), _action, width=90),
        Column(
            N_("Audited record"),
            lambda r: f"{r.entity} {str(r.record_id)[:8] if r.record_id else ''}".strip(),
            width=170,
        ),
        Column(N_("Changes or what was read"), changes_text, width=420),
    )


class AuditDialog(QDialog):
    """Filters on top, the events newest first, the chain's state and an export below."""

    def __init__(self, database: Database, parent: QWidget | None = None, *, actor: Actor = NOBODY) -> None:
        super().__init__(parent)
        self._database = database
        self._actor = actor
        self.rows: list[AuditRow] = []
        self.setWindowTitle(_("Audit trail"))
        self.resize(*SIZE)
        self._build_ui()
        self.apply_filters()

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database, *, actor: Actor = NOBODY) -> None:
        cls(database, parent, actor=actor).exec()

    def _build_ui(self) -> None:
        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText(_("user name; empty: everyone"))
        self.record_edit = QLineEdit()
        self.record_edit.setPlaceholderText(_("record id, table (citizen, visit...) or desk code"))
        self.since_edit = DateField(DateMode.DATE)
        self.until_edit = DateField(DateMode.DATE)
        self.period_error = QLabel()
        self.period_error.setStyleSheet("color: #b00020")
        self.period_error.setVisible(False)
        period = QHBoxLayout()
        period.addWidget(self.since_edit)
        period.addWidget(QLabel(_("to")))
        period.addWidget(self.until_edit)
        self.filter_button = QPushButton(_("&Filter"))
        period.addWidget(self.filter_button)
        form = QFormLayout()
        form.addRow(_("User"), self.user_edit)
        form.addRow(_("Audited record"), self.record_edit)
        form.addRow(_("Period"), period)
        form.addRow("", self.period_error)

        self.model = AuditListModel(self)
        self.table = record_view(self.model)
        self.table.setWordWrap(False)  # one line per event; the whole text is in the tooltip
        self.count_label = QLabel()
        self.chain_label = QLabel()
        self.chain_label.setWordWrap(True)
        self.verify_button = QPushButton(_("&Check the chain"))
        self.export_button = QPushButton(_("&Export..."))
        self.export_button.setToolTip(_("Save the events listed as CSV or Excel"))
        below = QHBoxLayout()
        below.addWidget(self.count_label)
        below.addWidget(self.chain_label, 1)
        below.addWidget(self.verify_button)
        below.addWidget(self.export_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(below)
        layout.addWidget(buttons)

        self.filter_button.clicked.connect(self.apply_filters)
        for edit in (self.user_edit, self.record_edit, self.since_edit, self.until_edit):
            edit.returnPressed.connect(self.apply_filters)
        self.verify_button.clicked.connect(self.check_chain)
        self.export_button.clicked.connect(self._on_export_clicked)
        buttons.rejected.connect(self.reject)

    def current_filter(self) -> AuditFilter:
        """The filter as typed; a ValidationError names a date that cannot be read."""
        errors: dict[str, str] = {}
        days: list[dt.date | None] = []
        for key, edit in (("since", self.since_edit), ("until", self.until_edit)):
            try:
                value = edit.value()
            except ValueError:
                errors[key] = _("Type a date such as 05/03/2026.")
                value = None
            days.append(value if isinstance(value, dt.date) else None)
        if errors:
            raise ValidationError(errors)
        user = self.user_edit.text().strip()
        record = self.record_edit.text().strip()
        return AuditFilter(user=user or None, record=record or None, since=days[0], until=days[1])

    def apply_filters(self) -> None:
        try:
            wanted = self.current_filter()
        except ValidationError as exc:
            self.period_error.setText(" ".join(exc.errors.values()))
            self.period_error.setVisible(True)
            return
        self.period_error.setVisible(False)
        with reporting_errors(self), self._database.sessions() as session:
            self.rows = list_events(session, wanted, actor=signed_in.actor())
        self.model.set_rows(self.rows)
        self.count_label.setText(_("{n} events").format(n=len(self.rows)))

    def check_chain(self) -> bool:
        """Verify every chain and say so under the list; True when all are intact."""
        with self._database.sessions() as session:
            report = verify_chain(session)
        if report.intact:
            self.chain_label.setText(_("The audit trail is intact ({n} events).").format(n=report.events))
            self.chain_label.setStyleSheet("")
        else:
            broken = [
                _("Desk {desk}: BROKEN: {what}.").format(desk=chain.desk_code or "-", what=describe(chain.broken))
                for chain in report.chains
                if chain.broken is not None
            ]
            self.chain_label.setText(" ".join(broken))
            self.chain_label.setStyleSheet("color: #b00020")
        return report.intact

    def _on_export_clicked(self) -> None:
        name, chosen = QFileDialog.getSaveFileName(
            self, _("Export the audit events"), "audit.xlsx", "Excel (*.xlsx);;CSV (*.csv)"
        )
        if name:
            path = Path(name)
            if not path.suffix:
                path = path.with_suffix(".csv" if chosen.startswith("CSV") else ".xlsx")
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        """Write the events listed to ``path``, Excel for .xlsx, else CSV; the export is recorded in the trail."""
        export = export_xlsx if path.suffix.lower() == ".xlsx" else export_csv
        with reporting_errors(self), self._database.sessions.begin() as session:
            export(session, self._actor, self.rows, path)
            self.chain_label.setText(_("{n} events exported to {path}.").format(n=len(self.rows), path=path))
