"""Registering a petition: prefilled from a visit, or typed for one received by post, e-mail or transfer."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from db.enums import Channel, PetitionKind
from desktop.core.cases.petitions import (
    PetitionDraft,
    PetitionView,
    draft_from_visit,
    duplicates_to_ask,
    ensure_fields,
    list_fields,
    possible_duplicates,
    register_petition,
    validate_petition,
)
from desktop.core.formatting import today_local
from desktop.core.i18n import _
from desktop.core.office import current_desk_code
from desktop.core.reception.citizens import identity_questions
from desktop.core.reception.visits import CitizenInput
from desktop.ui import signed_in
from desktop.ui.cases.duplicate_dialog import NEW_MATTER, ask_duplicate
from desktop.ui.cases.petition_sections import ContentSection, HandlingSection, ReceiptSection
from desktop.ui.errors import reporting_errors
from desktop.ui.messages import confirm
from desktop.ui.reception.citizen_section import KEY as CITIZEN_KEY
from desktop.ui.reception.citizen_section import CitizenSection
from desktop.ui.reception.identity_dialog import answer_questions
from desktop.ui.viewer import viewer_of
from desktop.ui.widgets.form_action import FieldMessages, FormAction
from desktop.ui.widgets.form_grid import align_label_columns
from desktop.ui.widgets.section import Section

if TYPE_CHECKING:
    from desktop.core.database import Database

log = logging.getLogger(__name__)

SENDER_KEY = "senders.0."


def fill_citizen(section: CitizenSection, citizen: CitizenInput) -> None:
    """Show ``citizen`` in the reception form's citizen section."""
    section.clear()
    section.name_edit.setText(citizen.full_name)
    section.sex_combo.set_value(citizen.sex)
    section.birth_field.set_value(citizen.birth_date or citizen.birth_year)
    section.id_type_combo.set_value(citizen.id_type)
    section.id_number_edit.setText(citizen.id_number)
    section.issue_date_field.set_value(citizen.id_issue_date)
    section.issue_place_edit.setText(citizen.id_issue_place)
    section.phone_edit.setText(citizen.phone)
    section.ethnicity_edit.setText(citizen.ethnicity)
    section.province_combo.set_code(citizen.province_code)
    section.commune_combo.set_code(citizen.commune_code)
    section.address_edit.setText(citizen.address_detail)
    section.nationality_edit.setText(citizen.nationality)


DUPLICATES_DELAY_MS = 400  # after the last key: one look-up per pause, not one per character


class PetitionDialog(QDialog):
    """``saved`` holds the registered petition once Save succeeded; errors show next to the fields."""

    def __init__(self, database: Database, *, visit_serial: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._other_senders: tuple[CitizenInput, ...] = ()
        # The earlier petitions the receptionist confirmed this one is not about: not asked again
        # when a save they answered for did not go through (a later question cancelled, a refusal).
        self._confirmed_new: set[str] = set()
        self.saved: PetitionView | None = None
        self.setWindowTitle(
            _("Register a petition from visit {number}").format(number=visit_serial)
            if visit_serial
            else _("Register a petition")
        )
        self.resize(860, 720)
        self._build_ui()
        self._connect_signals()
        self._load(visit_serial)

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database, *, visit_serial: str = "") -> PetitionView | None:
        """Open the dialog modally (the seam tests replace); the registered petition, or None."""
        dialog = cls(database, visit_serial=visit_serial, parent=parent)
        dialog.exec()
        return dialog.saved

    def _build_ui(self) -> None:
        self.receipt = ReceiptSection()
        self.sender = CitizenSection()
        self.sender.setTitle(_("Main sender"))
        self.others_label = QLabel()
        self.others_label.setWordWrap(True)
        self.others_label.hide()
        self.content = ContentSection()
        self.handling = HandlingSection()
        self.sections: tuple[Section, ...] = (self.receipt, self.sender, self.content, self.handling)
        align_label_columns([section.grid for section in self.sections if section.grid is not None])
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.receipt)
        column.addWidget(self.sender)
        column.addWidget(self.others_label)
        column.addWidget(self.content)
        column.addWidget(self.handling)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(body)
        self.messages = FieldMessages(
            self.sections,
            not_saved=_("The petition is not saved yet: correct the fields marked in red."),
            scroll_area=self.scroll_area,
            key_of=_form_key,
        )
        self.action = FormAction(self, self._database, self.messages)
        self.banner, self.general_box = self.messages.banner, self.messages.general_box
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(_("Save petition"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_box)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.receipt.anonymous_check.toggled.connect(self._sync_sender)
        self.sender.id_number_edit.editingFinished.connect(self.refresh_duplicates)
        self.content.kind_combo.currentIndexChanged.connect(self.refresh_duplicates)
        # The same content under the same name (a copy transferred or posted without the sender's
        # paper) is found only once both are typed: looked for again a moment after either changes.
        self._duplicates_timer = QTimer(self)
        self._duplicates_timer.setSingleShot(True)
        self._duplicates_timer.setInterval(DUPLICATES_DELAY_MS)
        self._duplicates_timer.timeout.connect(self.refresh_duplicates)
        self.sender.name_edit.textChanged.connect(self._duplicates_timer.start)
        self.sender.id_number_edit.textChanged.connect(self._duplicates_timer.start)
        self.content.content_edit.textChanged.connect(self._duplicates_timer.start)

    def _load(self, visit_serial: str) -> None:
        self._desk_code = ""
        draft = _blank_draft()
        with reporting_errors(self), self._database.sessions.begin() as session:
            ensure_fields(session)
            self.content.set_fields(list_fields(session))
            self._desk_code = current_desk_code(session) or ""
            draft = draft_from_visit(session, visit_serial, actor=viewer_of(self)) if visit_serial else _blank_draft()
        self.set_draft(draft)
        self.refresh_duplicates()
        self.content.content_edit.setFocus()

    def set_draft(self, draft: PetitionDraft) -> None:
        """Show ``draft`` in the form (the first sender in the citizen part, the others kept)."""
        self._visit_serial = draft.visit_serial
        self.receipt.clear()
        self.receipt.set_draft(draft)
        if draft.senders:
            fill_citizen(self.sender, draft.senders[0])
        self._other_senders = draft.senders[1:]
        names = ", ".join(sender.full_name for sender in self._other_senders)
        self.others_label.setText(_("Also sent by: {names}").format(names=names))
        self.others_label.setVisible(bool(names))
        self.content.set_draft(draft)
        self.handling.set_draft(draft)
        self._sync_sender()

    def _sync_sender(self) -> None:
        self.sender.setEnabled(not self.receipt.anonymous_check.isChecked())

    def draft(self, errors: dict[str, str]) -> PetitionDraft:
        """The petition as typed; fields the form cannot read go into ``errors``."""
        receipt = self.receipt.collect(errors)
        senders: tuple[CitizenInput, ...] = ()
        if not receipt["is_anonymous"]:
            senders = (self.sender.collect(errors), *self._other_senders)
        return PetitionDraft(
            received_on=receipt.pop("received_on") or today_local(),
            senders=senders,
            visit_serial=self._visit_serial,
            **receipt,
            **self.content.collect(),
            **self.handling.collect(),
        )

    def refresh_duplicates(self) -> None:
        """Look for earlier petitions from the same identity paper (a hint, never a block)."""
        draft = self.draft({})
        with self._database.sessions() as session:
            found = [
                p for p in possible_duplicates(session, draft, actor=viewer_of(self)) if p.number != draft.duplicate_of
            ]
        self.content.set_duplicates(found)

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> PetitionView | None:
        """Validate and register the petition; on success the dialog closes with ``saved`` set."""
        input_errors: dict[str, str] = {}
        draft = self.draft(input_errors)
        with self._database.sessions() as session:
            issues = validate_petition(session, draft, today=today_local())
            questions = identity_questions(session, draft.senders, actor=signed_in.actor())
        errors = {**issues.errors, **_as_form_keys(input_errors)}
        self.messages.show(errors, issues.warnings)
        if errors:
            return None
        answers = answer_questions(self, questions)
        if answers is None:
            return None
        if issues.warnings and not self._accept_warnings(issues.warnings):
            return None
        senders = tuple(
            replace(s, identity_answer=answers[i]) if i in answers else s for i, s in enumerate(draft.senders)
        )
        draft = self._answer_duplicates(replace(draft, senders=senders))
        if draft is None:
            return None
        done = self.action.run(
            lambda session: register_petition(session, draft, desk_code=self._desk_code, actor=signed_in.actor())
        )
        if done is None:
            return None
        log.info("Registered petition %s", done.value.number)
        self.saved = done.value
        self.accept()
        return done.value

    def _answer_duplicates(self, draft: PetitionDraft) -> PetitionDraft | None:
        """Earlier petitions on the same matter: linked as a duplicate, or confirmed new; None when cancelled.

        Asked of the same reader as the hints (``viewer_of``): the same petitions left out, the same masked.
        """
        found: list[PetitionView] = []
        with reporting_errors(self), self._database.sessions() as session:
            found = duplicates_to_ask(session, draft, actor=viewer_of(self))
        if not found:
            return draft
        numbers = {p.number for p in found}
        if numbers <= self._confirmed_new:  # answered for these already
            return replace(draft, duplicate_checked=True)
        answer = ask_duplicate(self, draft.content_summary, found)
        if answer is None:
            return None
        if answer == NEW_MATTER:
            self._confirmed_new |= numbers
            return replace(draft, duplicate_checked=True)
        self.content.duplicate_edit.setText(answer)  # the form shows the link, should the save not go through
        return replace(draft, duplicate_of=answer, duplicate_checked=True)

    def _accept_warnings(self, warnings: dict[str, str]) -> bool:
        details = "\n".join(f"• {message}" for message in warnings.values())
        return confirm(
            self,
            _("Check before saving"),
            _("Some details look unusual:\n\n{details}\n\nRegister the petition anyway?").format(details=details),
        )

    def message_for(self, key: str) -> str:
        return self.messages.message_for(key)


def _form_key(key: str) -> str:
    """The core names the first sender ``senders.0.``; the reused citizen part says ``participants.0.``."""
    return CITIZEN_KEY + key.removeprefix(SENDER_KEY) if key.startswith(SENDER_KEY) else key


def _as_form_keys(errors: dict[str, str]) -> dict[str, str]:
    return {_form_key(key): message for key, message in errors.items()}


def _blank_draft() -> PetitionDraft:
    return PetitionDraft(
        received_on=today_local(), channel=Channel.POST, kind=PetitionKind.COMPLAINT, content_summary=""
    )
