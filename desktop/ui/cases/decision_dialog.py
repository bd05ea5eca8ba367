"""Deciding how a petition is handled (guide, transfer, propose, accept, refuse, file), then its letter."""

from __future__ import annotations

import datetime as dt
import html
import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from db.enums import PetitionDecision
from desktop.core import bounds
from desktop.core.cases.grounds import ground_of, grounds_for
from desktop.core.cases.handling import Decided, Offer, check_decision, decide_petition, decision_offers
from desktop.core.cases.letters import letter_kinds_for
from desktop.core.cases.petitions import PetitionView
from desktop.core.formatting import short_date, today_local
from desktop.core.i18n import _
from desktop.core.labels import label
from desktop.core.office import current_desk_code
from desktop.ui import signed_in
from desktop.ui.cases.letter_printing import offer_letter
from desktop.ui.reception.visit_sections import text_box
from desktop.ui.widgets.date_field import DateField, DateMode
from desktop.ui.widgets.enum_combo import EnumCombo
from desktop.ui.widgets.form_action import FieldMessages, FormAction
from desktop.ui.widgets.form_grid import FormGrid
from desktop.ui.widgets.section import Section, read_date

if TYPE_CHECKING:
    from desktop.core.database import Database, Session

log = logging.getLogger(__name__)

_NEEDS_BODY = (PetitionDecision.GUIDE, PetitionDecision.TRANSFER)


class DecisionDialog(QDialog):
    """Lists every decision, those the law does not allow greyed with their reason; ``decided`` once recorded."""

    def __init__(self, database: Database, petition: PetitionView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.petition = petition
        self.decided: Decided | None = None
        self.setWindowTitle(_("Decide on petition {number}").format(number=petition.number))
        self.resize(720, 500)
        self._build_ui()
        self.decision_combo.currentIndexChanged.connect(self._sync)
        self.buttons.accepted.connect(self.decide)
        self.buttons.rejected.connect(self.reject)
        self._sync()

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database, petition: PetitionView) -> Decided | None:
        """Open the dialog modally (the seam tests replace); the recorded decision, or None."""
        dialog = cls(database, petition, parent)
        dialog.exec()
        return dialog.decided

    def _build_ui(self) -> None:
        summary = QLabel(_summary_html(self.petition))
        summary.setWordWrap(True)
        self.section = Section(_("Decision"))
        offers = decision_offers(self.petition)
        self.decision_combo = EnumCombo(
            PetitionDecision, placeholder=_("Choose a decision"), members=[offer.decision for offer in offers]
        )
        for offer in offers:
            if not offer.allowed:
                self.decision_combo.set_unavailable(offer.decision, offer.reason)
        # The same reasons, readable without hovering: what is not offered, and the article why.
        self.not_offered_label = QLabel(_not_offered_html(offers))
        self.not_offered_label.setWordWrap(True)
        self.not_offered_label.setObjectName("not_offered")
        self.not_offered_label.setVisible(any(not offer.allowed for offer in offers))
        self.date_field = DateField(DateMode.DATE)
        self.date_field.set_value(today_local())
        self.body_edit = QLineEdit(self.petition.competent_body)
        self.body_edit.setPlaceholderText(_("The body the sender is guided or the petition transferred to"))
        self.note_edit = text_box(3, _("A note, or the reasons for refusing or filing"))
        # The legal grounds print in Vietnamese on the refusal notice, with their article: shown as printed.
        self.ground_combo = QComboBox()
        self.ground_combo.addItem(_("Choose the legal ground of a refusal"), "")
        for ground in grounds_for(self.petition.kind):
            self.ground_combo.addItem(f"{ground.article}: {ground.text}", ground.code)
        known = ground_of(self.petition.kind, self.petition.refusal_ground, self.petition.ineligibility)
        if known is not None:
            self.ground_combo.setCurrentIndex(self.ground_combo.findData(known.code))
        self.complex_check = QCheckBox(_("Complex matter"))
        self.remote_check = QCheckBox(_("Remote area"))
        self.round_combo = QComboBox()
        self.round_combo.addItem(_("First settlement"), 1)
        self.round_combo.addItem(_("Second settlement"), 2)
        options = QWidget()
        row = QHBoxLayout(options)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.round_combo, self.complex_check, self.remote_check):
            row.addWidget(widget)
        row.addStretch(1)
        self._lay_out(options)
        self.messages = FieldMessages([self.section])
        self.action = FormAction(self, self._database, self.messages)
        self.general_box = self.messages.general_box
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.record_button = self.buttons.addButton(_("Record decision"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.record_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.section)
        layout.addWidget(self.general_box)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _lay_out(self, options: QWidget) -> None:
        grid = self.section.grid = FormGrid(self.section)
        section = self.section
        grid.add_field(0, 0, _("Decision"), section.box(self.decision_combo, "decision"), span=2)
        grid.add_field(1, 0, "", self.not_offered_label, span=2)
        grid.add_field(2, 0, _("Decided on"), section.box(self.date_field, "decided_on"))
        grid.add_field(3, 0, _("Competent body"), section.box(self.body_edit, "competent_body"), span=2)
        grid.add_field(4, 0, _("Legal ground"), section.box(self.ground_combo, "ground"), span=2)
        grid.add_field(5, 0, _("Note or reasons"), section.box(self.note_edit, "decision_note"), span=2)
        grid.add_field(6, 0, _("Acceptance"), section.box(options, "round"), span=2)
        section.limit(bounds.DECISION)

    def _sync(self) -> None:
        decision = self.decision_combo.value()
        self.body_edit.setEnabled(decision in _NEEDS_BODY)
        self.ground_combo.setEnabled(decision == PetitionDecision.REFUSE and self.ground_combo.count() > 1)
        for widget in (self.round_combo, self.complex_check, self.remote_check):
            widget.setEnabled(decision == PetitionDecision.ACCEPT)

    def decide(self) -> Decided | None:
        """Record the chosen decision; problems show next to the fields and nothing is written."""
        errors: dict[str, str] = {}
        decision = self.decision_combo.value()
        if decision is None:
            errors["decision"] = _("Choose how the petition is handled.")
        on = read_date(self.date_field, "decided_on", errors)
        if on is None and "decided_on" not in errors:
            errors["decided_on"] = _("Enter the date of the decision.")
        checked = self.action.run(lambda session: self._check(session, decision, on), input_errors=errors)  # type: ignore[arg-type]
        if checked is None or decision is None or not self._confirmed(decision):
            return None  # nothing written, everything typed stays
        done = self.action.run(lambda session: self._decide(session, decision, on))  # type: ignore[arg-type]
        if done is None:
            return None
        log.info("Petition %s: %s", self.petition.number, decision)
        self.decided = done.value
        self.accept()
        return done.value

    def _check(self, session: Session, decision: PetitionDecision, on: dt.date) -> None:
        check_decision(
            session,
            self.petition.number,
            decision,
            on=on,
            actor=signed_in.actor(),
            note=self.note_edit.toPlainText(),
            competent_body=self.body_edit.text() if decision in _NEEDS_BODY else "",
            ground=str(self.ground_combo.currentData() or "") if decision == PetitionDecision.REFUSE else "",
        )

    def _confirmed(self, decision: PetitionDecision) -> bool:
        """Ask before recording: what is decided, for which body, and which letter will be issued."""
        answer = QMessageBox.question(
            self,
            _("Record decision"),
            self.confirmation_text(decision),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def confirmation_text(self, decision: PetitionDecision) -> str:
        lines = [
            _("Record this decision on petition {number}?").format(number=self.petition.number),
            "",
            _("Decision: {decision}").format(decision=label(decision)),
        ]
        body = self.body_edit.text().strip()
        if decision in _NEEDS_BODY and body:
            lines.append(_("Competent body: {body}").format(body=body))
        if decision == PetitionDecision.ACCEPT:
            lines.append(_("A case is opened."))
        letters = letter_kinds_for(decision, self.petition.kind)
        if letters:
            names = ", ".join(label(kind) for kind in letters)
            lines.append(_("Letter to be issued: {letters}").format(letters=names))
        else:
            lines.append(_("No letter is issued."))
        if decision != PetitionDecision.PROPOSE:  # a proposal is followed by the acceptance; the rest is final
            lines += ["", _("The petition cannot be decided again afterwards.")]
        return "\n".join(lines)

    def _decide(self, session: Session, decision: PetitionDecision, on: dt.date) -> Decided:
        return decide_petition(
            session,
            self.petition.number,
            decision,
            on=on,
            desk_code=current_desk_code(session) or "",
            actor=signed_in.actor(),
            note=self.note_edit.toPlainText(),
            competent_body=self.body_edit.text() if decision in _NEEDS_BODY else "",
            ground=str(self.ground_combo.currentData() or "") if decision == PetitionDecision.REFUSE else "",
            is_complex=self.complex_check.isChecked(),
            is_remote=self.remote_check.isChecked(),
            round_=int(self.round_combo.currentData()),
        )

    def message_for(self, key: str) -> str:
        return self.messages.message_for(key)


def decide_and_offer_letter(parent: QWidget | None, database: Database, petition: PetitionView) -> Decided | None:
    """Ask for the decision; once recorded, offer to print the letter it calls for."""
    decided = DecisionDialog.ask(parent, database, petition)
    if decided is None:
        return None
    kinds = letter_kinds_for(decided.petition.decision, decided.petition.kind)
    if kinds:
        offer_letter(parent, database, kinds[-1], petition.number)
    return decided


def _summary_html(petition: PetitionView) -> str:
    senders = ", ".join(petition.sender_names) or _("(anonymous)")
    text = _("Petition {number} of {date} from {senders}").format(
        number=petition.number, date=short_date(petition.received_on), senders=senders
    )
    return f"<b>{html.escape(text)}</b><br>{html.escape(petition.content_summary)}"


def _not_offered_html(offers: tuple[Offer, ...]) -> str:
    lines = [
        f"<b>{html.escape(label(offer.decision))}</b>: {html.escape(offer.reason)}"
        for offer in offers
        if not offer.allowed
    ]
    if not lines:
        return ""
    return html.escape(_("Not offered by law:")) + "<br>" + "<br>".join(lines)
