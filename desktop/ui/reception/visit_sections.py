"""The reception and outcome parts of the reception form: when, by whom, what, and what next."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QWidget

from db.enums import Classification, Outcome, ReceivedBy, ReceptionKind
from desktop.core import bounds
from desktop.core.i18n import _
from desktop.ui.widgets.date_field import DateField, DateMode
from desktop.ui.widgets.enum_combo import EnumCombo
from desktop.ui.widgets.form_grid import FormGrid
from desktop.ui.widgets.section import Section, has_text, read_date

TEXT_LINE_HEIGHT = 22


def text_box(lines: int, placeholder: str = "") -> QPlainTextEdit:
    """A multi-line field that Tab leaves (Tab moves on; the receptionist never types a tab)."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(lines * TEXT_LINE_HEIGHT + 12)
    return edit


class ReceptionSection(Section):
    """When and how the citizen was received, and what they ask or report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Reception"), parent)
        self.received_at_field = DateField(DateMode.DATETIME, placeholder=_("now, or type dd/mm/yyyy hh:mm"))
        self.kind_combo = EnumCombo(ReceptionKind)
        self.received_by_combo = EnumCombo(ReceivedBy)
        self.leader_edit = QLineEdit()
        self.leader_edit.setPlaceholderText(_("Name of the leader"))
        self.deputy_check = QCheckBox(_("The deputy the head authorised"))
        self.classification_combo = EnumCombo(
            Classification,
            placeholder=_("Choose the kind of matter"),
            members=[member for member in Classification if member != Classification.UNKNOWN],  # imports only
        )
        self.content_edit = text_box(3, _("What the citizen complains about, denounces, recommends or reports"))
        self.requests_edit = text_box(2, _("What the citizen asks the agency to do"))
        self.prior_edit = text_box(2, _("Which agencies have already dealt with the matter, and how"))
        self._lay_out()
        self.received_by_combo.currentIndexChanged.connect(self._sync_leader)
        self._sync_leader()

    def _lay_out(self) -> None:
        grid = self.grid = FormGrid(self)
        grid.add_field(0, 0, _("Received at"), self.box(self.received_at_field, "received_at"))
        grid.add_field(0, 1, _("Kind"), self.box(self.kind_combo, "reception_kind"))
        grid.add_field(1, 0, _("Received by"), self.box(self.received_by_combo, "received_by"))
        grid.add_field(1, 1, _("Leader"), self.box(self.leader_edit, "leader_name"))
        grid.add_field(2, 1, _("Authorised"), self.box(self.deputy_check, "by_deputy"))
        grid.add_field(2, 0, _("Classification"), self.box(self.classification_combo, "classification"))
        grid.add_field(3, 0, _("Content"), self.box(self.content_edit, "content_summary"), span=2)
        grid.add_field(4, 0, _("Requests"), self.box(self.requests_edit, "requests"), span=2)
        grid.add_field(5, 0, _("Dealt with before"), self.box(self.prior_edit, "prior_resolution"), span=2)
        self.limit(bounds.VISIT)

    def _sync_leader(self) -> None:
        leader = self.received_by_combo.value() == ReceivedBy.LEADER
        self.leader_edit.setEnabled(leader)
        self.deputy_check.setEnabled(leader)

    def clear(self) -> None:
        for edit in (self.received_at_field, self.leader_edit, self.content_edit, self.requests_edit, self.prior_edit):
            edit.clear()
        self.kind_combo.set_value(ReceptionKind.REGULAR)
        self.received_by_combo.set_value(ReceivedBy.OFFICER)
        self.deputy_check.setChecked(False)
        self.classification_combo.set_value(None)

    def has_input(self) -> bool:
        return has_text(
            self.content_edit.toPlainText(),
            self.requests_edit.toPlainText(),
            self.prior_edit.toPlainText(),
            self.received_at_field.text(),
        )

    def collect(self, errors: dict[str, str]) -> dict[str, Any]:
        """VisitDraft keyword arguments; a missing classification goes into ``errors``."""
        classification = self.classification_combo.value()
        if classification is None:
            errors["classification"] = _(
                "Choose whether this is a complaint, a denunciation, a recommendation or a reflection."
            )
        return {
            "received_at": read_date(self.received_at_field, "received_at", errors),
            "reception_kind": self.kind_combo.value(),
            "received_by": self.received_by_combo.value(),
            "leader_name": self.leader_edit.text() if self.leader_edit.isEnabled() else "",
            "by_deputy": self.deputy_check.isChecked() and self.deputy_check.isEnabled(),
            "classification": classification or Classification.COMPLAINT,
            "content_summary": self.content_edit.toPlainText(),
            "requests": self.requests_edit.toPlainText(),
            "prior_resolution": self.prior_edit.toPlainText(),
        }


class OutcomeSection(Section):
    """How the visit ended; the appointment fields are open only for an appointment."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Outcome"), parent)
        self._default_place = ""
        self.outcome_combo = EnumCombo(
            Outcome,
            placeholder=_("Choose how the visit ended"),
            members=[member for member in Outcome if member != Outcome.UNKNOWN],  # imports only
        )
        self.appointment_field = DateField(DateMode.DATETIME)
        self.place_edit = QLineEdit()
        self.with_edit = QLineEdit()
        self.with_edit.setPlaceholderText(_("Officer or leader the citizen will meet"))
        self.note_edit = text_box(2)
        self._lay_out()
        self.outcome_combo.currentIndexChanged.connect(self._sync_appointment)
        self._sync_appointment()

    def _lay_out(self) -> None:
        grid = self.grid = FormGrid(self)
        grid.add_field(0, 0, _("Outcome"), self.box(self.outcome_combo, "outcome"), span=2)
        grid.add_field(1, 0, _("Come back on"), self.box(self.appointment_field, "appointment_at"))
        grid.add_field(1, 1, _("To meet"), self.box(self.with_edit, "appointment_with"))
        grid.add_field(2, 0, _("Where"), self.box(self.place_edit, "appointment_place"), span=2)
        grid.add_field(3, 0, _("Note"), self.box(self.note_edit, "outcome_note"), span=2)
        self.limit(bounds.VISIT)

    def set_default_place(self, place: str) -> None:
        """Filled in when an appointment is chosen and no place is typed yet."""
        self._default_place = place

    def is_appointment(self) -> bool:
        return self.outcome_combo.value() == Outcome.APPOINTMENT

    def _sync_appointment(self) -> None:
        enabled = self.is_appointment()
        for widget in (self.appointment_field, self.place_edit, self.with_edit):
            widget.setEnabled(enabled)
        if enabled and not self.place_edit.text():
            self.place_edit.setText(self._default_place)

    def clear(self) -> None:
        for edit in (self.appointment_field, self.place_edit, self.with_edit, self.note_edit):
            edit.clear()
        self.outcome_combo.set_value(None)

    def has_input(self) -> bool:
        return has_text(self.appointment_field.text(), self.with_edit.text(), self.note_edit.toPlainText())

    def collect(self, errors: dict[str, str]) -> dict[str, Any]:
        outcome = self.outcome_combo.value()
        if outcome is None:
            errors["outcome"] = _("Choose how the visit ended.")
        appointment = read_date(self.appointment_field, "appointment_at", errors) if self.is_appointment() else None
        return {
            "outcome": outcome or Outcome.GUIDE,
            "outcome_note": self.note_edit.toPlainText(),
            "appointment_at": appointment if isinstance(appointment, dt.datetime) else None,
            "appointment_place": self.place_edit.text() if self.is_appointment() else "",
            "appointment_with": self.with_edit.text() if self.is_appointment() else "",
        }
