"""The result of a case, for the KQGQ report tables: how it ended, what it found, its dates and figures.

Each refused field shows its message under it; nothing typed is lost, and a refused save changes
nothing (desktop/core/reports/results.py checks and keeps it, as `tiepdan case-result` does).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db.enums import ResultOutcome
from desktop.core import bounds
from desktop.core.errors import ValidationError
from desktop.core.formatting import short_date, today_local
from desktop.core.i18n import N_, _
from desktop.core.reports.definitions import figures
from desktop.core.reports.results import ResultDraft, ResultView, allowed_verdicts, record_result, result_form
from desktop.ui import signed_in
from desktop.ui.errors import reporting_errors
from desktop.ui.widgets.date_field import DateField, DateMode

if TYPE_CHECKING:
    from desktop.core.database import Database

OUTCOMES = {
    ResultOutcome.DECIDED.value: N_("Decided (a decision, a conclusion or an answer)"),
    ResultOutcome.WITHDRAWN.value: N_("Withdrawn"),
    ResultOutcome.SUSPENDED.value: N_("Suspended, not by a withdrawal"),
}
VERDICTS = {
    "right": N_("Right"),
    "wrong": N_("Wrong"),
    "partly": N_("Partly right"),
    "upheld": N_("The first decision upheld"),
    "changed": N_("The first decision annulled or changed"),
}
ERROR_STYLE = "color: #b00020"


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


class CaseResultDialog(QDialog):
    """``saved`` holds the result once it is kept."""

    def __init__(self, database: Database, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        with database.sessions() as session:
            self.form = result_form(session, number)
        self.saved: ResultView | None = None
        self.errors: dict[str, QLabel] = {}
        self.setWindowTitle(_("Result of case {number}").format(number=self.form.case_number))
        self.resize(760, 680)
        self._build_ui()
        self._fill(self.form.result)
        self.outcome_combo.currentIndexChanged.connect(self._sync_verdicts)
        self._sync_verdicts()

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database, number: str) -> ResultView | None:
        dialog = cls(database, number, parent)
        dialog.exec()
        return dialog.saved

    def _field(self, layout: QFormLayout, title: str, key: str, widget: QWidget) -> None:
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        self.errors[key] = _error_label()
        column.addWidget(self.errors[key])
        holder = QWidget()
        holder.setLayout(column)
        layout.addRow(title, holder)

    def _build_ui(self) -> None:
        self.outcome_combo = QComboBox()
        for value, label in OUTCOMES.items():
            self.outcome_combo.addItem(_(label), value)
        self.verdict_combo = QComboBox()
        self.decided_edit = DateField(DateMode.DATE)
        self.due_edit = DateField(DateMode.DATE)
        self.executed_edit = DateField(DateMode.DATE)
        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(bounds.CASE_RESULT["note"].max_length)
        form = QFormLayout()
        self._field(form, _("How the case ended"), "outcome", self.outcome_combo)
        self._field(form, _("Finding"), "verdict", self.verdict_combo)
        self._field(form, _("Date of the decision or conclusion"), "decided_on", self.decided_edit)
        self._field(form, _("Legal due date"), "due_on", self.due_edit)
        self._field(form, _("Carried out in full on"), "executed_on", self.executed_edit)
        self._field(form, _("Note"), "note", self.note_edit)
        self.figure_edits: dict[str, QLineEdit] = {}
        grid = QGridLayout()
        units = {"money": _("million đồng"), "land": "m²", "count": ""}
        for index, figure in enumerate(figures()):
            edit = QLineEdit()
            edit.setPlaceholderText(units[figure.unit])
            self.figure_edits[figure.code] = edit
            key = f"figures.{figure.code}"
            self.errors[key] = _error_label()
            row, column = divmod(index, 2)
            label = QLabel(figure.label)
            label.setWordWrap(True)
            grid.addWidget(label, row * 2, column * 2)
            grid.addWidget(edit, row * 2, column * 2 + 1)
            grid.addWidget(self.errors[key], row * 2 + 1, column * 2, 1, 2)
        figures_box = QWidget()
        figures_box.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(figures_box)
        kind = {"complaint": _("complaint"), "denunciation": _("denunciation"), "recommendation": _("recommendation")}
        header = QLabel(
            _("Case {number}: {kind}, round {round}, accepted on {day}").format(
                number=self.form.case_number,
                kind=kind.get(self.form.kind, self.form.kind),
                round=self.form.round,
                day=short_date(self.form.accepted_on),
            )
        )
        self.general_error = _error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Figures (money in million đồng, land in m²)")))
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

    def _fill(self, result: ResultView | None) -> None:
        self.due_edit.set_value(result.due_on if result else self.form.due_on)
        if result is None:
            self.decided_edit.set_value(today_local())
            return
        self.outcome_combo.setCurrentIndex(self.outcome_combo.findData(result.outcome))
        self.decided_edit.set_value(result.decided_on)
        self.executed_edit.set_value(result.executed_on)
        self.note_edit.setText(result.note)
        for code, amount in result.figures.items():
            if code in self.figure_edits:
                self.figure_edits[code].setText(f"{amount:g}".replace(".", ","))
        self._sync_verdicts()
        self.verdict_combo.setCurrentIndex(max(0, self.verdict_combo.findData(result.verdict)))

    def _sync_verdicts(self) -> None:
        """Offer only the findings this case and outcome allow (none for a recommendation)."""
        chosen = self.verdict_combo.currentData()
        allowed = allowed_verdicts(self.form.kind, self.form.round, str(self.outcome_combo.currentData()))
        self.verdict_combo.clear()
        self.verdict_combo.addItem(_("Choose a finding") if allowed else _("None"), "")
        for verdict in allowed:
            self.verdict_combo.addItem(_(VERDICTS[verdict.value]), verdict.value)
        self.verdict_combo.setEnabled(bool(allowed))
        self.verdict_combo.setCurrentIndex(max(0, self.verdict_combo.findData(chosen)))

    def _date(self, edit: DateField, key: str, problems: dict[str, str]) -> object:
        try:
            return edit.value()
        except ValueError:
            problems[key] = _("Type a date such as 05/03/2026.")
            return None

    def draft(self) -> ResultDraft:
        """What the form holds; a ValidationError names a date that cannot be read."""
        problems: dict[str, str] = {}
        decided = self._date(self.decided_edit, "decided_on", problems)
        due = self._date(self.due_edit, "due_on", problems)
        executed = self._date(self.executed_edit, "executed_on", problems)
        if problems:
            raise ValidationError(problems)
        return ResultDraft(
            outcome=str(self.outcome_combo.currentData()),
            decided_on=decided,  # type: ignore[arg-type]
            verdict=str(self.verdict_combo.currentData() or ""),
            due_on=due,  # type: ignore[arg-type]
            executed_on=executed,  # type: ignore[arg-type]
            note=self.note_edit.text(),
            figures={code: edit.text() for code, edit in self.figure_edits.items()},
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.hide()
        for key, message in errors.items():
            label = self.errors.get(key, self.general_error)
            label.setText(message if label is not self.general_error else f"{key}: {message}")
            label.show()

    def save(self) -> None:
        """Keep the result, or show each refused field's message under it (the database unchanged)."""
        with reporting_errors(self):  # other errors (rights, a locked database) in a message box
            try:
                draft = self.draft()
                with self._database.sessions.begin() as session:
                    self.saved = record_result(session, self.form.case_number, draft, actor=signed_in.actor())
            except ValidationError as exc:
                self.show_errors(exc.errors)
                return
        if self.saved is not None:
            self.accept()
