"""The parts of the petition form: how it arrived, what it is about, who is competent, is it handled."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from db.enums import Channel, Competence, Ineligibility, PetitionKind, PriorStatus
from desktop.core import bounds
from desktop.core.cases.petitions import PetitionDraft, PetitionView
from desktop.core.formatting import short_date
from desktop.core.i18n import _
from desktop.core.text import clean
from desktop.ui.reception.visit_sections import text_box
from desktop.ui.widgets.date_field import DateField, DateMode
from desktop.ui.widgets.enum_combo import EnumCombo
from desktop.ui.widgets.form_grid import FormGrid
from desktop.ui.widgets.section import Section, has_text, read_date


class ReceiptSection(Section):
    """When and how the petition arrived; the transfer fields are open only for a transferred one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("How the petition arrived"), parent)
        self.received_on_field = DateField(DateMode.DATE)
        self.channel_combo = EnumCombo(Channel)
        self.anonymous_check = QCheckBox(_("Anonymous: the sender gives no name"))
        self.transferred_from_edit = QLineEdit()
        self.transferred_from_edit.setPlaceholderText(_("The body that sent the petition on"))
        self.doc_number_edit = QLineEdit()
        self.doc_number_edit.setPlaceholderText(_("e.g. 125/BTCDTW-V1"))
        self.doc_date_field = DateField(DateMode.DATE)
        self.report_back_check = QCheckBox(_("Asks for a report on the result"))
        self._lay_out()
        self.channel_combo.currentIndexChanged.connect(self._sync_transfer)
        self._sync_transfer()

    def _lay_out(self) -> None:
        grid = self.grid = FormGrid(self)
        grid.add_field(0, 0, _("Received on"), self.box(self.received_on_field, "received_on"))
        grid.add_field(0, 1, _("Arrived"), self.box(self.channel_combo, "channel"))
        grid.add_field(1, 0, _("Sender"), self.box(self.anonymous_check, "is_anonymous", "senders"), span=2)
        grid.add_field(2, 0, _("Transferred by"), self.box(self.transferred_from_edit, "transferred_from"), span=2)
        grid.add_field(3, 0, _("Their number"), self.box(self.doc_number_edit, "transferred_doc_number"))
        grid.add_field(3, 1, _("Dated"), self.box(self.doc_date_field, "transferred_doc_date"))
        grid.add_field(4, 0, "", self.box(self.report_back_check, "report_back_required"), span=2)
        self.limit(bounds.PETITION)

    def is_transferred(self) -> bool:
        return self.channel_combo.value() == Channel.TRANSFERRED

    def _sync_transfer(self) -> None:
        enabled = self.is_transferred()
        for widget in (self.transferred_from_edit, self.doc_number_edit, self.doc_date_field, self.report_back_check):
            widget.setEnabled(enabled)

    def clear(self) -> None:
        for edit in (self.received_on_field, self.transferred_from_edit, self.doc_number_edit, self.doc_date_field):
            edit.clear()
        self.channel_combo.set_value(Channel.POST)
        self.anonymous_check.setChecked(False)
        self.report_back_check.setChecked(False)

    def has_input(self) -> bool:
        return has_text(self.transferred_from_edit.text(), self.doc_number_edit.text())

    def set_draft(self, draft: PetitionDraft) -> None:
        self.received_on_field.set_value(draft.received_on)
        self.channel_combo.set_value(draft.channel)
        self.anonymous_check.setChecked(draft.is_anonymous)
        self.transferred_from_edit.setText(draft.transferred_from)
        self.doc_number_edit.setText(draft.transferred_doc_number)
        self.doc_date_field.set_value(draft.transferred_doc_date)
        self.report_back_check.setChecked(draft.report_back_required)

    def collect(self, errors: dict[str, str]) -> dict[str, Any]:
        """PetitionDraft keyword arguments; unreadable or missing dates go into ``errors``."""
        received = read_date(self.received_on_field, "received_on", errors)
        if received is None and "received_on" not in errors:
            errors["received_on"] = _("Enter the date the petition arrived.")
        transferred = self.is_transferred()
        doc_date = read_date(self.doc_date_field, "transferred_doc_date", errors) if transferred else None
        return {
            "received_on": received,
            "channel": self.channel_combo.value() or Channel.POST,
            "is_anonymous": self.anonymous_check.isChecked(),
            "transferred_from": self.transferred_from_edit.text() if transferred else "",
            "transferred_doc_number": self.doc_number_edit.text() if transferred else "",
            "transferred_doc_date": doc_date,
            "report_back_required": transferred and self.report_back_check.isChecked(),
        }


class ContentSection(Section):
    """Kind, field and content; a hint lists earlier petitions that may be the same matter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Content"), parent)
        self.kind_combo = EnumCombo(PetitionKind)
        self.field_combo = QComboBox()
        self.content_edit = text_box(4, _("What the petition asks or reports, in a few lines"))
        self.duplicate_edit = QLineEdit()
        self.duplicate_edit.setPlaceholderText(_("Number of the earlier petition with the same content"))
        self.duplicates_label = QLabel()
        self.duplicates_label.setWordWrap(True)
        self.duplicates_label.setOpenExternalLinks(False)
        self.duplicates_label.linkActivated.connect(self.duplicate_edit.setText)
        self.duplicates_label.hide()
        self._lay_out()

    def _lay_out(self) -> None:
        grid = self.grid = FormGrid(self)
        grid.add_field(0, 0, _("Kind of petition"), self.box(self.kind_combo, "kind"))
        grid.add_field(0, 1, _("Field"), self.box(self.field_combo, "field_code"))
        grid.add_field(1, 0, _("Content"), self.box(self.content_edit, "content_summary"), span=2)
        grid.add_field(2, 0, _("Same as"), self.box(self.duplicate_edit, "duplicate_of"), span=2)
        grid.addWidget(self.duplicates_label, 3, 1, 1, 3)
        self.limit(bounds.PETITION)

    def set_fields(self, fields: Sequence[tuple[str, str]]) -> None:
        self.field_combo.clear()
        self.field_combo.addItem(_("(not classified)"), "")
        for code, name in fields:
            self.field_combo.addItem(name, code)

    def set_duplicates(self, petitions: Sequence[PetitionView]) -> None:
        """Show the possible duplicates as links; clicking one fills "Same as"."""
        if not petitions:
            self.duplicates_label.hide()
            return
        links = ", ".join(
            _("{number} of {date}").format(
                number=f'<a href="{html.escape(p.number)}">{html.escape(p.number)}</a>', date=short_date(p.received_on)
            )
            for p in petitions
        )
        intro = _("Earlier petitions that may be about the same matter (same people, similar content):")
        self.duplicates_label.setText(html.escape(intro) + f" {links}")
        self.duplicates_label.show()

    def clear(self) -> None:
        self.content_edit.clear()
        self.duplicate_edit.clear()
        self.kind_combo.set_value(PetitionKind.COMPLAINT)
        self.field_combo.setCurrentIndex(0)
        self.set_duplicates([])

    def has_input(self) -> bool:
        return has_text(self.content_edit.toPlainText(), self.duplicate_edit.text())

    def set_draft(self, draft: PetitionDraft) -> None:
        self.kind_combo.set_value(draft.kind)
        self.field_combo.setCurrentIndex(max(self.field_combo.findData(draft.field_code), 0))
        self.content_edit.setPlainText(draft.content_summary)
        self.duplicate_edit.setText(draft.duplicate_of)

    def collect(self) -> dict[str, Any]:
        return {
            "kind": self.kind_combo.value() or PetitionKind.COMPLAINT,
            "field_code": self.field_combo.currentData() or "",
            "content_summary": self.content_edit.toPlainText(),
            "duplicate_of": clean(self.duplicate_edit.text()).upper(),
        }


class HandlingSection(Section):
    """Who is competent, and whether the petition meets the conditions to be handled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Competence and conditions"), parent)
        self.competence_combo = EnumCombo(Competence)
        self.body_edit = QLineEdit()
        self.body_edit.setPlaceholderText(_("The competent body, e.g. UBND xã Mỹ Hòa Hưng"))
        self.eligible_check = QCheckBox(_("Meets the conditions to be handled"))
        self.reason_combo = EnumCombo(Ineligibility, placeholder=_("Choose why not"))
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(_("Details of the reason"))
        self.prior_combo = EnumCombo(PriorStatus)
        self._lay_out()
        self.competence_combo.currentIndexChanged.connect(self._sync)
        self.eligible_check.toggled.connect(self._sync)
        self.clear()

    def _lay_out(self) -> None:
        grid = self.grid = FormGrid(self)
        grid.add_field(0, 0, _("Competence"), self.box(self.competence_combo, "competence"), span=2)
        grid.add_field(1, 0, _("Competent body"), self.box(self.body_edit, "competent_body"), span=2)
        grid.add_field(2, 0, _("Conditions"), self.box(self.eligible_check, "is_eligible"), span=2)
        grid.add_field(3, 0, _("Not handled because"), self.box(self.reason_combo, "ineligibility"), span=2)
        grid.add_field(4, 0, _("Reason details"), self.box(self.note_edit, "ineligibility_note"), span=2)
        grid.add_field(5, 0, _("Before it came here"), self.box(self.prior_combo, "prior_status"), span=2)
        self.limit(bounds.PETITION)

    def _sync(self) -> None:
        self.body_edit.setEnabled(self.competence_combo.value() != Competence.OURS)
        eligible = self.eligible_check.isChecked()
        self.reason_combo.setEnabled(not eligible)
        self.note_edit.setEnabled(not eligible)

    def clear(self) -> None:
        self.competence_combo.set_value(Competence.OURS)
        self.body_edit.clear()
        self.eligible_check.setChecked(True)
        self.reason_combo.set_value(None)
        self.note_edit.clear()
        self.prior_combo.set_value(PriorStatus.NONE)
        self._sync()

    def has_input(self) -> bool:
        return has_text(self.body_edit.text(), self.note_edit.text())

    def set_draft(self, draft: PetitionDraft) -> None:
        self.competence_combo.set_value(draft.competence)
        self.body_edit.setText(draft.competent_body)
        self.eligible_check.setChecked(draft.is_eligible)
        self.reason_combo.set_value(draft.ineligibility)
        self.note_edit.setText(draft.ineligibility_note)
        self.prior_combo.set_value(draft.prior_status)
        self._sync()

    def collect(self) -> dict[str, Any]:
        ours = self.competence_combo.value() == Competence.OURS
        eligible = self.eligible_check.isChecked()
        return {
            "competence": self.competence_combo.value() or Competence.OURS,
            "competent_body": "" if ours else self.body_edit.text(),
            "is_eligible": eligible,
            "ineligibility": None if eligible else self.reason_combo.value(),
            "ineligibility_note": "" if eligible else self.note_edit.text(),
            "prior_status": self.prior_combo.value() or PriorStatus.NONE,
        }
