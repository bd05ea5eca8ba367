"""The reception form: one citizen's visit typed top to bottom, saved into the book, slips printed."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop.core.deadlines.office_days import office_calendar
from desktop.core.i18n import _
from desktop.core.office import current_desk_code, get_office, get_setting
from desktop.core.reception.addresses import province_of_place
from desktop.core.reception.cccd import CardQrError, card_issues, looks_like_card_qr, parse_card_qr
from desktop.core.reception.citizens import identity_questions
from desktop.core.reception.returning import EarlierPerson, repeat_candidates
from desktop.core.reception.slips import slip_kinds
from desktop.core.reception.visits import (
    ParticipantInput,
    SavedVisit,
    VisitDraft,
    participant_role,
    register_visit,
    validate_visit,
)
from desktop.core.settings_keys import Setting
from desktop.ui import signed_in
from desktop.ui.errors import reporting_errors
from desktop.ui.messages import confirm
from desktop.ui.reception.citizen_section import KEY, CitizenSection
from desktop.ui.reception.identity_dialog import answer_questions
from desktop.ui.reception.list_sections import DelegationSection, DocumentsSection
from desktop.ui.reception.printing import print_slip
from desktop.ui.reception.repeat_dialog import ask_repeat
from desktop.ui.reception.returning_panel import ReturningPanel
from desktop.ui.reception.visit_sections import OutcomeSection, ReceptionSection
from desktop.ui.scanner import ScanListener
from desktop.ui.widgets.field_box import ERROR_COLOUR
from desktop.ui.widgets.form_action import FieldMessages, FormAction
from desktop.ui.widgets.form_grid import align_label_columns
from desktop.ui.widgets.section import Section

if TYPE_CHECKING:
    from desktop.core.database import Database

log = logging.getLogger(__name__)

SAVED_COLOUR = "#2e7d32"
FORM_MIN_WIDTH = 440


class ReceptionForm(QWidget):
    """Emits ``visit_saved(serial)`` after each save; the form is then empty for the next citizen."""

    visit_saved = Signal(str)

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._desk_code = ""
        self._receptionist = ""
        self._build_ui()
        self._build_actions()
        self.scanner = ScanListener(self, looks_like_card_qr, self.apply_card_scan)
        self.reload_office()
        self.clear()

    def _build_ui(self) -> None:
        self.citizen = CitizenSection()
        self.reception = ReceptionSection()
        self.documents = DocumentsSection()
        self.delegation = DelegationSection()
        self.outcome = OutcomeSection()
        self.sections: tuple[Section, ...] = (
            self.citizen,
            self.reception,
            self.documents,
            self.delegation,
            self.outcome,
        )
        align_label_columns([section.grid for section in self.sections if section.grid is not None])
        body = QWidget()
        column = QVBoxLayout(body)
        for section in self.sections:
            column.addWidget(section)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(body)
        self.messages = FieldMessages(
            self.sections,
            not_saved=_("The visit is not saved yet: correct the fields marked in red."),
            scroll_area=self.scroll_area,
        )
        self.action = FormAction(self, self._database, self.messages)
        self.banner, self.general_box = self.messages.banner, self.messages.general_box
        self.scroll_area.setMinimumWidth(FORM_MIN_WIDTH)  # the panel beside it never squeezes the fields away
        self.returning = ReturningPanel(self._database)
        self.returning.chosen.connect(self.take_person)
        middle = QHBoxLayout()
        middle.setContentsMargins(0, 0, 0, 0)
        middle.addWidget(self.scroll_area, 3)
        middle.addWidget(self.returning, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.general_box)
        layout.addLayout(middle, 1)
        layout.addLayout(self._button_row())
        for signal in (
            self.citizen.id_number_edit.textChanged,
            self.citizen.old_id_edit.textChanged,
            self.citizen.name_edit.textChanged,
            self.citizen.birth_field.textChanged,
        ):
            signal.connect(self._ask_returning)

    def _button_row(self) -> QHBoxLayout:
        self.clear_button = QPushButton(_("Clear (Esc)"))
        self.save_button = QPushButton(_("Save (Ctrl+S)"))
        self.print_button = QPushButton(_("Save and print (Ctrl+P)"))
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.clear_button.clicked.connect(self.request_clear)
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.save_and_print)
        row = QHBoxLayout()
        row.setContentsMargins(6, 4, 6, 6)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.print_button)
        return row

    def _build_actions(self) -> None:
        self.save_action = QAction(_("&Save"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save)
        self.print_action = QAction(_("Save and &print"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self.save_and_print)
        self.new_action = QAction(_("&New visit"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.request_clear)
        self.take_action = QAction(_("Use the details of the person seen before"), self)
        self.take_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.take_action.triggered.connect(self.returning.take)
        self.addActions([self.save_action, self.print_action, self.new_action, self.take_action])

    # -- office data ---------------------------------------------------------------------------

    def reload_office(self) -> None:
        """Desk code, receptionist and the defaults that come from the office profile."""
        with self._database.sessions() as session:
            self._desk_code = current_desk_code(session) or ""
            self._receptionist = get_setting(session, Setting.RECEPTIONIST)
            office = get_office(session)
        place = office.place_name if office else ""
        self.citizen.set_default_province(province_of_place(place))
        self.outcome.set_default_place(office.reception_place if office else "")

    @property
    def desk_code(self) -> str:
        return self._desk_code

    # -- clearing ------------------------------------------------------------------------------

    def has_input(self) -> bool:
        return any(section.has_input() for section in self.sections)

    def clear(self) -> None:
        for section in self.sections:
            section.clear()
        self.messages.clear()
        self.returning.show_people([])
        self.scroll_area.verticalScrollBar().setValue(0)
        self.citizen.name_edit.setFocus()

    def request_clear(self) -> None:
        """Esc and New visit: empty the form, asking first when something is typed."""
        if self.has_input() and not confirm(self, _("Clear the form"), _("Clear everything typed for this citizen?")):
            return
        self.clear()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc reaches the form only when no child used it (an open cell editor or popup keeps it).
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.request_clear()
            return
        super().keyPressEvent(event)

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> str | None:
        """Validate and store the visit; returns its number, or None when nothing was saved."""
        saved = self._save()
        return saved.visit.serial if saved else None

    def save_and_print(self) -> str | None:
        """Save, then print the receipt and/or the appointment slip of the new visit."""
        saved = self._save()
        if saved is None:
            return None
        kinds = slip_kinds(saved.visit)
        if not kinds:  # no receipt of nothing (it printed "(Không có.)"), no slip without an appointment
            self.messages.show_banner(
                _("Saved {number}; nothing to print: no document was handed in and no appointment was made.").format(
                    number=saved.visit.serial
                ),
                SAVED_COLOUR,
            )
        for kind in kinds:
            if not print_slip(self, self._database, saved.visit.serial, kind):
                break
        return saved.visit.serial

    def _save(self) -> SavedVisit | None:
        draft, errors, warnings = self._check()
        self.messages.show(errors, warnings)
        if errors:
            return None
        answered = self._answer_identities(draft)
        if answered is None:
            return None
        if warnings and not self._accept_warnings(warnings):
            self.messages.focus_first()
            return None
        draft = self._answer_repeat(answered)
        if draft is None:
            return None
        now = dt.datetime.now(dt.UTC)
        done = self.action.run(
            lambda session: register_visit(session, draft, desk_code=self._desk_code, actor=signed_in.actor(), now=now)
        )
        if done is None:
            return None
        self._after_save(done.value)
        return done.value

    def _check(self) -> tuple[VisitDraft, dict[str, str], dict[str, str]]:
        """The draft, with the form's own input problems laid over the core's rules."""
        input_errors: dict[str, str] = {}
        draft = self._draft(input_errors)
        with self._database.sessions() as session:
            calendar = office_calendar(session)  # the office's days off, for the appointment
        issues = validate_visit(draft, now=dt.datetime.now(dt.UTC), calendar=calendar)
        return draft, {**issues.errors, **input_errors}, issues.warnings

    def _draft(self, errors: dict[str, str]) -> VisitDraft:
        citizen = self.citizen.collect(errors)
        reception = self.reception.collect(errors)
        documents = self.documents.collect(errors)
        delegation = self.delegation.collect(first_index=1)
        is_representative = delegation["is_delegation"] and self.delegation.main_is_representative_check.isChecked()
        role = participant_role(reception["classification"], is_representative=is_representative)
        main = ParticipantInput(citizen, role, is_representative)
        return VisitDraft(
            participants=(main, *delegation["representatives"]),
            documents=documents,
            is_delegation=delegation["is_delegation"],
            head_count=delegation["head_count"],
            receptionist_name=self._receptionist,
            **reception,
            **self.outcome.collect(errors),
        )

    def _answer_identities(self, draft: VisitDraft) -> VisitDraft | None:
        """Ask about each known identity number typed with another name or year of birth; None when cancelled."""
        questions = None
        with reporting_errors(self), self._database.sessions() as session:
            questions = identity_questions(session, [p.citizen for p in draft.participants], actor=signed_in.actor())
        answers = answer_questions(self, questions) if questions is not None else None
        if answers is None:
            return None
        people = tuple(
            replace(p, citizen=replace(p.citizen, identity_answer=answers[i])) if i in answers else p
            for i, p in enumerate(draft.participants)
        )
        return replace(draft, participants=people)

    def _answer_repeat(self, draft: VisitDraft) -> VisitDraft | None:
        """Earlier visits about the same matter: linked as a repeat, or confirmed new; None when cancelled."""
        found = []
        with reporting_errors(self), self._database.sessions() as session:
            found = repeat_candidates(session, draft, actor=signed_in.actor(), now=dt.datetime.now(dt.UTC))
        if not found:
            return draft
        answer = ask_repeat(self, draft.content_summary, found)
        if answer is None:
            return None
        return replace(draft, repeat_of=answer, repeat_checked=True)

    def _accept_warnings(self, warnings: dict[str, str]) -> bool:
        details = "\n".join(f"• {message}" for message in warnings.values())
        return confirm(
            self,
            _("Check before saving"),
            _("Some details look unusual:\n\n{details}\n\nSave the visit anyway?").format(details=details),
        )

    def _after_save(self, saved: SavedVisit) -> None:
        serial = saved.visit.serial
        log.info("Saved visit %s", serial)
        self.clear()
        self.messages.show_banner(
            _("Saved {number} ({name}).").format(number=serial, name=saved.visit.main.full_name), SAVED_COLOUR
        )
        self.visit_saved.emit(serial)

    # -- people seen before ----------------------------------------------------------------------

    def _ask_returning(self) -> None:
        c = self.citizen
        try:
            born = c.birth_field.value()
        except ValueError:  # half typed: no year yet
            born = None
        year = born.year if isinstance(born, dt.date) else born if isinstance(born, int) else None
        number = c.id_number_edit.text() or c.old_id_edit.text()
        self.returning.ask(number, c.name_edit.text(), year)

    def take_person(self, person: EarlierPerson) -> None:
        """The stored details of a person seen before, into the citizen's fields."""
        self.citizen.fill_from_person(person)
        self.messages.show_banner(
            _("Details of {name} taken from the record: check them with the citizen.").format(name=person.full_name),
            SAVED_COLOUR,
        )

    # -- scanning ------------------------------------------------------------------------------

    def apply_card_scan(self, payload: str) -> bool:
        """An identity card's QR, scanned into any field of the form: its details fill the citizen's fields.

        A payload that is not a card's changes nothing and says why (docs/scanning.md#id-card-qr).
        """
        try:
            card = parse_card_qr(payload)
        except CardQrError as exc:
            self.messages.show_banner(_("Scan not used: {reason}").format(reason=exc), ERROR_COLOUR)
            return False
        address = self.citizen.fill_from_card(card)
        warnings = {KEY + key: message for key, message in card_issues(card).warnings.items()}
        if address.old_commune_left:
            warnings[KEY + "commune_code"] = self.citizen.old_commune_note(address)
        self.messages.show({}, warnings)
        self.messages.show_banner(_("Identity card scanned: check the details, then continue."), SAVED_COLOUR)
        self.citizen.phone_edit.setFocus()
        return True

    # -- messages ------------------------------------------------------------------------------

    def message_for(self, key: str) -> str:
        """The message shown under the field of ``key`` ("" when none), for tests and tools."""
        return self.messages.message_for(key)
