"""One registered petition, read-only, with its decision, its letters and the way to its case."""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from db.enums import Competence, DocumentKind
from desktop.core.access import acting
from desktop.core.cases.corrections import cancel_letter as cancel
from desktop.core.cases.corrections import revert_decision as revert
from desktop.core.cases.dossier import IssuedLetterView, case_of_petition, letters_of, petition_letter_kinds
from desktop.core.cases.handling import allowed_decisions
from desktop.core.cases.petitions import PetitionView, petition_view, set_disclosure_agreed
from desktop.core.confidentiality import is_protected_petition
from desktop.core.formatting import short_date, short_datetime
from desktop.core.i18n import _
from desktop.core.labels import label
from desktop.core.permissions import allowed
from desktop.core.reception.corrections import CorrectionView, corrections_of
from desktop.core.reports.results import awaits_reply, reply_received_on
from desktop.ui.cases.correction_dialogs import StepDialog
from desktop.ui.cases.decision_dialog import decide_and_offer_letter
from desktop.ui.cases.letter_printing import print_button_text, print_letter_for
from desktop.ui.cases.reply_dialog import ReplyDialog
from desktop.ui.errors import reporting_errors
from desktop.ui.viewer import viewer_of

if TYPE_CHECKING:
    from desktop.core.database import Database

log = logging.getLogger(__name__)


class PetitionPage(QDialog):
    """``changed`` turns True once a decision is recorded or a letter issued from here."""

    def __init__(self, database: Database, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.number = number
        self.changed = False
        self.case_number = ""
        self.print_buttons: dict[DocumentKind, QPushButton] = {}
        self.setWindowTitle(_("Petition {number}").format(number=number))
        self.resize(720, 620)
        self._build_ui()
        self.reload()

    @classmethod
    def show_page(cls, parent: QWidget | None, database: Database, number: str) -> bool:
        """Open the page modally (the seam tests replace); True when something was changed."""
        page = cls(database, number, parent)
        page.exec()
        return page.changed

    def _build_ui(self) -> None:
        self.browser = QTextBrowser()
        self.decide_button = QPushButton(_("Decide..."))
        self.revert_button = QPushButton(_("Take back decision..."))
        self.cancel_letter_button = QPushButton(_("Cancel letter..."))
        self.case_button = QPushButton(_("Open the case"))
        self.reply_button = QPushButton(_("Reply received..."))
        self.reply_button.setToolTip(_("The day the body it was sent on to replied (counted in the report tables)"))
        self.close_button = QPushButton(_("Close"))
        self.decide_button.clicked.connect(self.decide)
        self.revert_button.clicked.connect(self.revert_decision)
        self.cancel_letter_button.clicked.connect(self.cancel_letter)
        self.case_button.clicked.connect(self.open_case)
        self.reply_button.clicked.connect(self.record_reply)
        self.close_button.clicked.connect(self.reject)
        self.print_row = QHBoxLayout()
        row = QHBoxLayout()
        row.addWidget(self.decide_button)
        row.addWidget(self.revert_button)
        row.addWidget(self.cancel_letter_button)
        row.addWidget(self.case_button)
        row.addWidget(self.reply_button)
        row.addLayout(self.print_row)
        row.addStretch(1)
        row.addWidget(self.close_button)
        # Law 25/2018 Art. 47(2): only the denouncer's own agreement lets a transfer name them.
        self.consent_check = QCheckBox(_("The denouncer agrees to be named when the petition is transferred"))
        self.consent_check.toggled.connect(self._on_consent_toggled)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.consent_check)
        layout.addLayout(row)

    def reload(self) -> None:
        with reporting_errors(self), self._database.sessions() as session:
            self.petition = petition_view(session, self.number, actor=viewer_of(self))
            self.case_number = case_of_petition(session, self.number)
            letters = letters_of(session, self.number, actor=viewer_of(self))
            steps = corrections_of(session, "petition", self.petition.id)
            self.reply_on = reply_received_on(session, self.number)
        self.letters = letters
        self.browser.setHtml(petition_html(self.petition, self.case_number, letters, steps, reply_on=self.reply_on))
        self.consent_check.blockSignals(True)
        self.consent_check.setChecked(self.petition.disclosure_agreed)
        self.consent_check.blockSignals(False)
        self.consent_check.setVisible(is_protected_petition(self.petition.kind))
        self.consent_check.setEnabled(not self.petition.identity_masked)  # only those who see them record it
        self.decide_button.setVisible(bool(allowed_decisions(self.petition)))
        actor = viewer_of(self)
        self.revert_button.setVisible(self.petition.decision is not None and allowed(actor, "decision.revert"))
        self.cancel_letter_button.setVisible(
            any(not letter.cancelled for letter in letters) and allowed(actor, "letter.cancel")
        )
        self.case_button.setVisible(bool(self.case_number))
        self.reply_button.setVisible(awaits_reply(self.petition) and allowed(actor, "petition.handle"))
        self.case_button.setText(_("Open case {number}").format(number=self.case_number))
        self._rebuild_print_buttons()

    def _on_consent_toggled(self, agreed: bool) -> None:
        with reporting_errors(self), self._database.sessions.begin() as session:
            set_disclosure_agreed(session, self.number, agreed, actor=viewer_of(self))
            self.changed = True
        self.reload()

    def _rebuild_print_buttons(self) -> None:
        for button in self.print_buttons.values():
            self.print_row.removeWidget(button)
            button.deleteLater()
        self.print_buttons = {}
        for kind in petition_letter_kinds(self.petition):
            button = QPushButton(print_button_text(kind))
            button.clicked.connect(self._on_print_button_clicked)
            self.print_row.addWidget(button)
            self.print_buttons[kind] = button

    def decide(self) -> None:
        if decide_and_offer_letter(self, self._database, self.petition) is not None:
            self.changed = True
            self.reload()

    def revert_decision(self) -> None:
        """Take the decision back, with a reason; refused while a letter or a case step followed it."""

        def step(_choice: str, reason: str) -> None:
            actor = viewer_of(self)
            with self._database.sessions.begin() as session:
                revert(acting(session, actor), self.number, reason=reason, actor=actor)

        dialog = StepDialog(
            self,
            title=_("Take back the decision on {number}").format(number=self.number),
            intro=_(
                "The petition can then be decided again. A letter issued on the decision must be cancelled first; "
                "an acceptance whose case has a later step cannot be taken back."
            ),
            question=_("Take back the decision on petition {number}? The step is recorded with its reason.").format(
                number=self.number
            ),
            ok_text=_("Take the decision back"),
            step=step,
        )
        self._run(dialog)

    def cancel_letter(self) -> None:
        """Cancel one of the petition's letters: its number stays used, it is never printed again."""

        def step(number: str, reason: str) -> None:
            actor = viewer_of(self)
            with self._database.sessions.begin() as session:
                cancel(acting(session, actor), number, reason=reason, actor=actor)

        dialog = StepDialog(
            self,
            title=_("Cancel a letter of {number}").format(number=self.number),
            intro=_("The letter's number stays used and the letters list shows it cancelled; it is not printed again."),
            question=_("Cancel letter {choice}? This cannot be undone."),
            ok_text=_("Cancel the letter"),
            step=step,
            choices=[letter.number for letter in self.letters if not letter.cancelled],
            choice_name=_("Letter"),
        )
        self._run(dialog)

    def _run(self, dialog: StepDialog) -> None:
        dialog.exec()
        if dialog.saved:
            self.changed = True
            self.reload()

    def _on_print_button_clicked(self) -> None:
        # A bound method, not a lambda: a lambda holding ``self`` kept every closed page alive until quitting.
        self.print_letter(next(kind for kind, button in self.print_buttons.items() if button is self.sender()))

    def print_letter(self, kind: DocumentKind) -> None:
        if print_letter_for(self, self._database, kind, self.number):
            self.changed = True
            self.reload()

    def record_reply(self) -> None:
        """The day the reply to the petition sent on came in (02/TCD and the XLD tables count it)."""
        if self.petition.decided_on is None:
            return
        dialog = ReplyDialog(self._database, self.number, self.petition.decided_on, self.reply_on, self)
        dialog.exec()
        if dialog.saved:
            self.changed = True
            self.reload()

    def open_case(self) -> None:
        from desktop.ui.cases.case_page import CaseDialog

        if self.case_number and CaseDialog.show_case(self, self._database, self.case_number):
            self.changed = True
            self.reload()


def petition_html(
    p: PetitionView,
    case_number: str,
    letters: list[IssuedLetterView],
    steps: Sequence[CorrectionView] = (),
    *,
    reply_on: dt.date | None = None,
) -> str:
    """The petition as a two-column HTML table; every value is escaped."""
    rows = [
        (_("Number"), p.number),
        (_("Received on"), short_date(p.received_on)),
        (_("Arrived"), label(p.channel)),
        (_("From visit"), p.visit_serial),
        (_("Transferred by"), _transfer_text(p)),
        (_("Senders"), ", ".join(p.sender_names) or _("(anonymous)")),
        (_("Address"), p.sender_address),
        (_("Kind of petition"), label(p.kind)),
        (_("Field"), p.field_name),
        (_("Content"), p.content_summary),
        (_("Competence"), label(p.competence) if p.competence == Competence.OURS else p.competent_body),
        (_("Conditions"), _conditions_text(p)),
        (_("Same as"), p.duplicate_of),
        (_("Filed again"), str(p.duplicate_count) if p.duplicate_count else ""),
        (_("Decision"), _decision_text(p)),
        (_("To be processed by"), short_date(p.due_on)),
        (_("Reply received"), short_date(reply_on) if reply_on else ""),
        (_("Case"), case_number),
    ]
    rows += [(label(letter.kind), _letter_text(letter)) for letter in letters]
    rows += [
        (
            label(step.kind),
            _("{moment}, {who}: {reason}").format(
                moment=short_datetime(step.made_at), who=step.made_by, reason=step.reason
            ),
        )
        for step in steps
    ]
    body = "".join(
        f"<tr><th align='right' valign='top'>{html.escape(title)}</th><td>{html.escape(value)}</td></tr>"
        for title, value in rows
        if value
    )
    return f"<table cellspacing='4' cellpadding='2'>{body}</table>"


def _letter_text(letter: IssuedLetterView) -> str:
    text = _("No. {number} of {date}").format(number=letter.number, date=short_date(letter.issued_on))
    if letter.cancelled:
        text += " — " + _("Cancelled: {reason}").format(reason=letter.cancelled)
    return text


def _transfer_text(p: PetitionView) -> str:
    if not p.transferred_from:
        return ""
    text = p.transferred_from
    if p.transferred_doc_number and p.transferred_doc_date:
        text = _("{body}, letter No. {number} of {date}").format(
            body=text, number=p.transferred_doc_number, date=short_date(p.transferred_doc_date)
        )
    elif p.transferred_doc_number:
        text = _("{body}, letter No. {number}").format(body=text, number=p.transferred_doc_number)
    if p.report_back_required:
        text = _("{transfer} (asks for a report on the result)").format(transfer=text)
    return text


def _conditions_text(p: PetitionView) -> str:
    if p.is_eligible:
        return _("Meets the conditions to be handled")
    reason = label(p.ineligibility) if p.ineligibility else ""
    return _("Not handled: {reason} {note}").format(reason=reason, note=p.ineligibility_note).strip()


def _decision_text(p: PetitionView) -> str:
    if p.decision is None:
        return _("Not decided yet")
    text = _("{decision} on {date}").format(decision=label(p.decision), date=short_date(p.decided_on))
    return f"{text}. {p.decision_note}" if p.decision_note else text
