"""A saved visit, read-only, with buttons to print its receipt or appointment slip again."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from db.enums import DocumentKind, IdType, Outcome, ReceivedBy
from desktop.core.cases.dossier import petition_of_visit
from desktop.core.formatting import short_date, short_datetime
from desktop.core.i18n import _
from desktop.core.labels import label
from desktop.core.reception.book import ParticipantView, VisitDetail, visit_detail
from desktop.core.reception.corrections import may_correct_visit
from desktop.core.reception.slips import has_appointment_slip, has_receipt
from desktop.ui.reception.conclusion_dialog import ConclusionPanel
from desktop.ui.reception.correction_dialog import Mode, VisitCorrectionDialog
from desktop.ui.reception.printing import print_refusal_notice, print_slip
from desktop.ui.viewer import viewer_of

if TYPE_CHECKING:
    from desktop.core.database import Database


class VisitDialog(QDialog):
    """Shows one visit of the book; it is changed only by a recorded corrective step (Correct..., Cancel visit...)."""

    def __init__(self, database: Database, serial: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.changed = False  # a petition, or a leader's conclusion, was recorded from here
        with database.sessions() as session:
            self.visit = visit_detail(session, serial, actor=viewer_of(parent))
            self.petition_number = petition_of_visit(session, serial)
        self.setWindowTitle(_("Visit {number}").format(number=self.visit.serial))
        self.resize(640, 600)
        self._build_ui()

    @classmethod
    def show_visit(cls, parent: QWidget | None, database: Database, serial: str) -> bool:
        """Open the dialog modally (the seam tests replace); True when something was changed from it."""
        dialog = cls(database, serial, parent)
        dialog.exec()
        return dialog.changed or bool(dialog.conclusion_panel and dialog.conclusion_panel.changed)

    def _build_ui(self) -> None:
        self.browser = QTextBrowser()
        self.browser.setHtml(visit_html(self.visit))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.receipt_button = QPushButton(_("Print receipt"))
        self.appointment_button = QPushButton(_("Print appointment slip"))
        self.appointment_button.setEnabled(has_appointment_slip(self.visit) and not self.visit.cancelled)
        self.receipt_button.setEnabled(has_receipt(self.visit) and not self.visit.cancelled)
        if not has_receipt(self.visit):
            self.receipt_button.setToolTip(_("No document was handed in: there is no receipt to print."))
        buttons.addButton(self.receipt_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.appointment_button, QDialogButtonBox.ButtonRole.ActionRole)
        # Law 42/2013 Art. 9: a visit recorded as refused gets its written notice (Mẫu 01/TCD).
        self.refusal_button = QPushButton(_("Print refusal notice"))
        self.refusal_button.clicked.connect(self._on_refusal_button_clicked)
        buttons.addButton(self.refusal_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.refusal_button.setVisible(self.visit.outcome == Outcome.REFUSE)  # after addButton, which shows it
        self.refusal_button.setEnabled(not self.visit.cancelled)
        self.petition_button = QPushButton()
        self._show_petition_button()
        buttons.addButton(self.petition_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.petition_button.clicked.connect(self._on_petition_button_clicked)
        self.correct_button = QPushButton(_("Correct..."))
        self.cancel_visit_button = QPushButton(_("Cancel visit..."))
        self._enable_corrections()
        buttons.addButton(self.correct_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_visit_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.correct_button.clicked.connect(self._on_correct_button_clicked)
        self.cancel_visit_button.clicked.connect(self._on_cancel_visit_button_clicked)
        buttons.rejected.connect(self.reject)
        # Bound methods, not lambdas: a lambda holding ``self`` kept every closed dialog alive until quitting.
        self.receipt_button.clicked.connect(self._on_receipt_button_clicked)
        self.appointment_button.clicked.connect(self._on_appointment_button_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        self.conclusion_panel: ConclusionPanel | None = None
        if self.visit.received_by == ReceivedBy.LEADER:  # Law 42/2013 Art. 18(4): the leader's directions
            self.conclusion_panel = ConclusionPanel(self._database, self.visit, self)
            layout.addWidget(self.conclusion_panel)
        layout.addWidget(buttons)

    def _enable_corrections(self) -> None:
        """Offered to who may take the step (the core checks again), never on a cancelled visit."""
        with self._database.sessions() as session:
            allowed = may_correct_visit(session, viewer_of(self), self.visit.serial)
        open_visit = not self.visit.cancelled
        for button in (self.correct_button, self.cancel_visit_button):
            button.setEnabled(allowed and open_visit)
            if not allowed:
                button.setToolTip(
                    _("Only a leader, or the receptionist who recorded it on the same day, corrects a visit.")
                )

    def _on_correct_button_clicked(self) -> None:
        self._correct("correct")

    def _on_cancel_visit_button_clicked(self) -> None:
        self._correct("cancel")

    def _correct(self, mode: Mode) -> None:
        dialog = VisitCorrectionDialog(self._database, self.visit, mode, self)
        dialog.exec()
        if dialog.saved:
            self.changed = True
            with self._database.sessions() as session:
                self.visit = visit_detail(session, self.visit.serial, actor=viewer_of(self))
            self.browser.setHtml(visit_html(self.visit))
            self._enable_corrections()
            self.receipt_button.setEnabled(has_receipt(self.visit) and not self.visit.cancelled)
            self.appointment_button.setEnabled(has_appointment_slip(self.visit) and not self.visit.cancelled)
            self.refusal_button.setEnabled(not self.visit.cancelled)

    def _on_receipt_button_clicked(self) -> None:
        self._print(DocumentKind.RECEIPT)

    def _on_appointment_button_clicked(self) -> None:
        self._print(DocumentKind.APPOINTMENT)

    def _on_refusal_button_clicked(self) -> None:
        print_refusal_notice(self, self._database, self.visit.serial)

    def _print(self, kind: DocumentKind) -> None:
        print_slip(self, self._database, self.visit.serial, kind)

    def _show_petition_button(self) -> None:
        if self.petition_number:
            self.petition_button.setText(_("Open petition {number}").format(number=self.petition_number))
        else:
            self.petition_button.setText(_("Register petition"))

    def _on_petition_button_clicked(self) -> None:
        """Register a petition prefilled from this visit, or open the one already registered."""
        from desktop.ui.cases.petition_dialog import PetitionDialog
        from desktop.ui.cases.petition_page import PetitionPage

        if not self.petition_number:
            view = PetitionDialog.ask(self, self._database, visit_serial=self.visit.serial)
            if view is None:
                return
            self.petition_number = view.number
            self.changed = True
            self._show_petition_button()
        if PetitionPage.show_page(self, self._database, self.petition_number):
            self.changed = True


def visit_html(visit: VisitDetail) -> str:
    """The visit as a two-column HTML table; every value is escaped."""
    rows = [
        (_("Number"), visit.serial),
        (_("Received at"), short_datetime(visit.received_at)),
        (_("Received by"), _received_by(visit)),
        (_("Kind"), label(visit.reception_kind)),
        (_("Classification"), label(visit.classification)),
        (_("Content"), visit.content_summary),
        (_("Requests"), visit.requests),
        (_("Dealt with before"), visit.prior_resolution),
    ]
    rows += [(label(person.role), _person(person)) for person in visit.participants]
    if visit.is_delegation:
        rows.append((_("Delegation"), _("{count} people").format(count=visit.head_count)))
    rows += [(_("Document"), f"{d.name} ({d.pages}, {label(d.copy_kind)})") for d in visit.documents]
    rows.append((_("Outcome"), label(visit.outcome)))
    if visit.appointment_at is not None:
        rows.append(
            (
                _("Come back on"),
                _("{moment} at {place}").format(
                    moment=short_datetime(visit.appointment_at), place=visit.appointment_place
                ),
            )
        )
    rows.append((_("Note"), visit.outcome_note))
    if visit.cancelled:
        rows.insert(0, (_("Cancelled"), visit.cancelled))
    elif visit.corrected:
        rows.insert(0, (_("Corrected"), _("after it was saved: the old values are kept with the correction")))
    body = "".join(
        f"<tr><th align='right' valign='top'>{html.escape(title)}</th><td>{html.escape(value)}</td></tr>"
        for title, value in rows
        if value
    )
    return f"<table cellspacing='4' cellpadding='2'>{body}</table>"


def _received_by(visit: VisitDetail) -> str:
    who = label(visit.received_by)
    name = visit.leader_name or visit.receptionist_name
    return f"{who}: {name}" if name else who


def _person(person: ParticipantView) -> str:
    parts = [person.full_name]
    if person.id_type != IdType.NONE and person.id_number:
        parts.append(f"{label(person.id_type)} {person.id_number}")
    if person.birth_date or person.birth_year:
        parts.append(short_date(person.birth_date) or str(person.birth_year))
    parts += [person.phone, person.address]
    return "; ".join(part for part in parts if part)
