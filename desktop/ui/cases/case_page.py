"""A case: its header and deadline (with the why), its timeline of steps, the next step, its letters."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.enums import CaseEventKind, DocumentKind
from desktop.core import bounds
from desktop.core.access import acting
from desktop.core.cases.assignment import assign_case, assigned_to, assignees
from desktop.core.cases.case_files import CaseView, case_view, record_event
from desktop.core.cases.dossier import case_letter_kinds, letters_of
from desktop.core.formatting import short_date, today_local
from desktop.core.i18n import N_, _
from desktop.core.labels import label
from desktop.core.office import get_setting
from desktop.core.permissions import allowed
from desktop.core.settings_keys import Setting
from desktop.ui import signed_in
from desktop.ui.cases.letter_printing import print_button_text, print_letter_for
from desktop.ui.cases.timeline_model import TimelineModel
from desktop.ui.errors import reporting_errors
from desktop.ui.viewer import viewer_of
from desktop.ui.widgets.date_field import DateField, DateMode
from desktop.ui.widgets.enum_combo import EnumCombo
from desktop.ui.widgets.field_box import ERROR_COLOUR
from desktop.ui.widgets.form_action import FieldMessages, FormAction
from desktop.ui.widgets.form_grid import FormGrid
from desktop.ui.widgets.record_model import CENTRE, Column, RecordTableModel, record_view
from desktop.ui.widgets.section import read_date

if TYPE_CHECKING:
    from desktop.core.database import Database

log = logging.getLogger(__name__)


class LettersModel(RecordTableModel):
    """Rows are ``IssuedLetterView``s."""

    columns = (
        Column(N_("Letter"), lambda d: label(d.kind), width=220),
        Column(N_("Number"), lambda d: d.number, width=110),
        Column(N_("Dated"), lambda d: short_date(d.issued_on), lambda d: d.issued_on, CENTRE, 90),
        Column(N_("To"), lambda d: d.recipient, width=260),
        Column(N_("Note"), lambda d: _("Cancelled: {reason}").format(reason=d.cancelled) if d.cancelled else ""),
    )


class ExplanationDialog(QDialog):
    """The full explanation of a due date, selectable for copying."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 380)
        self.text_edit = QPlainTextEdit(text)
        self.text_edit.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_edit, 1)
        layout.addWidget(buttons)

    @classmethod
    def show_text(cls, parent: QWidget | None, title: str, text: str) -> None:
        """Open the dialog modally (the seam tests replace)."""
        cls(title, text, parent).exec()


class CasePage(QWidget):
    """``changed`` turns True once a step is recorded or a letter issued."""

    def __init__(self, database: Database, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.number = number
        self.changed = False
        self.timeline = TimelineModel(self)
        self.letters = LettersModel(self)
        self.print_buttons: dict[DocumentKind, QPushButton] = {}
        self._build_ui()
        self.why_button.clicked.connect(self.show_why)
        self.record_button.clicked.connect(self._on_record_button_clicked)
        with self._database.sessions() as session:
            self.actor_edit.setText(get_setting(session, Setting.RECEPTIONIST))
        self.reload()

    def _build_ui(self) -> None:
        self.title_label = QLabel()
        self.title_label.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.state_label = QLabel()
        self.state_label.setStyleSheet("font-weight: bold;")
        self.kind_label, self.petition_label, self.citizen_label = QLabel(), QLabel(), QLabel()
        self.content_label = QLabel()
        self.content_label.setWordWrap(True)
        self.due_label = QLabel()
        self.why_button = QPushButton(_("Why this date?"))
        self.handler_label = QLabel()
        self.assign_button = QPushButton(_("&Assign to..."))
        self.assign_button.clicked.connect(self._on_assign_button_clicked)
        self.result_button = QPushButton(_("R&esult..."))
        self.result_button.setToolTip(_("How the case ended, with its figures, for the report tables"))
        self.result_button.clicked.connect(self._on_result_button_clicked)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label, 1)
        title_row.addWidget(self.handler_label)
        title_row.addWidget(self.assign_button)
        title_row.addWidget(self.result_button)
        layout = QVBoxLayout(self)
        layout.addLayout(title_row)
        layout.addLayout(self._header_grid())
        layout.addWidget(self._timeline_box(), 3)
        layout.addWidget(self._record_box())
        layout.addWidget(self._letters_box(), 2)

    def _header_grid(self) -> FormGrid:
        due = QWidget()
        due_row = QHBoxLayout(due)
        due_row.setContentsMargins(0, 0, 0, 0)
        due_row.setSpacing(12)
        due_row.addWidget(self.due_label)
        due_row.addWidget(self.why_button)
        due_row.addStretch(1)
        rows = (
            (_("State"), self.state_label),
            (_("Kind of case"), self.kind_label),
            (_("Petition"), self.petition_label),
            (_("Citizen"), self.citizen_label),
            (_("Content"), self.content_label),
            (_("Due"), due),
        )
        grid = FormGrid()
        for row, (title, widget) in enumerate(rows):
            grid.add_field(row, 0, title, widget, span=2)
        return grid

    def _timeline_box(self) -> QGroupBox:
        box = QGroupBox(_("Steps"))
        self.timeline_view = _table(self.timeline)
        QVBoxLayout(box).addWidget(self.timeline_view)
        return box

    def _record_box(self) -> QGroupBox:
        box = QGroupBox(_("Record a step"))
        self.step_combo = EnumCombo(CaseEventKind, members=())
        self.date_field = DateField(DateMode.DATE)
        self.actor_edit = QLineEdit()
        self.actor_edit.setPlaceholderText(_("Who did it"))
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(_("Note, e.g. the number of the decision"))
        self.actor_edit.setMaxLength(bounds.CASE_STEP["actor"].max_length)
        self.note_edit.setMaxLength(bounds.CASE_STEP["note"].max_length)
        # The paper that settles the case (a decision, a conclusion, an answer): the report back quotes it.
        self.paper_number_edit = QLineEdit()
        self.paper_number_edit.setPlaceholderText(_("Number of the decision or conclusion, e.g. 45/QĐ-UBND"))
        self.paper_signer_edit = QLineEdit()
        self.paper_signer_edit.setPlaceholderText(_("Who signed it, e.g. Chủ tịch UBND tỉnh"))
        self.paper_number_edit.setMaxLength(bounds.CASE_STEP["result_number"].max_length)
        self.paper_signer_edit.setMaxLength(bounds.CASE_STEP["result_signer"].max_length)
        self.record_button = QPushButton(_("Record"))
        self.messages = FieldMessages(focus_for={"occurred_on": self.date_field, "kind": self.step_combo})
        self.action = FormAction(self, self._database, self.messages)
        self.record_message = self.messages.general_box.message_label
        grid = FormGrid(box)
        grid.add_field(0, 0, _("Step"), self.step_combo)
        grid.add_field(0, 1, _("On"), self.date_field)
        grid.add_field(1, 0, _("By"), self.actor_edit)
        grid.add_field(1, 1, _("Note"), self.note_edit)
        grid.add_field(2, 0, _("Decision or conclusion no."), self.paper_number_edit)
        grid.add_field(2, 1, _("Signed by"), self.paper_signer_edit)
        grid.addWidget(self.record_button, 2, 4)
        grid.add_wide(3, self.messages.general_box, columns=5)
        return box

    def _letters_box(self) -> QGroupBox:
        box = QGroupBox(_("Letters issued"))
        self.letters_view = _table(self.letters)
        self.print_row = QHBoxLayout()
        self.print_row.addStretch(1)
        column = QVBoxLayout(box)
        column.addWidget(self.letters_view, 1)
        column.addLayout(self.print_row)
        return box

    # -- data ----------------------------------------------------------------------------------

    def reload(self) -> None:
        with reporting_errors(self), self._database.sessions() as session:
            self.view = case_view(session, self.number, actor=viewer_of(self))
            self.letters.set_rows(letters_of(session, self.view.petition_number, actor=viewer_of(self)))
            handler = assigned_to(session, self.number)
        self.handler_label.setText(
            _("Handler: {name}").format(name=handler.full_name) if handler else _("Not assigned to a handler")
        )
        self.assign_button.setEnabled(allowed(signed_in.actor(), "case.assign"))
        self.result_button.setEnabled(allowed(signed_in.actor(), "case.decide"))
        self.timeline.set_rows(self.view.events)
        self._show_header(self.view)
        self._show_steps(self.view)
        self._rebuild_print_buttons(self.view)

    def _show_header(self, view: CaseView) -> None:
        self.title_label.setText(_("Case {number}").format(number=view.number))
        self.state_label.setText(view.state_label)
        self.kind_label.setText(_kind_text(view))
        self.petition_label.setText(view.petition_number)
        self.citizen_label.setText(view.citizen_name or _("(anonymous)"))
        self.content_label.setText(view.content_summary)
        self.due_label.setText(_due_text(view))
        is_late = view.is_open and view.due_on is not None and view.due_on < today_local()
        self.due_label.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;" if is_late else "")
        self.due_label.setToolTip(view.explanation)
        self.why_button.setEnabled(bool(view.explanation))
        self.why_button.setToolTip(view.explanation)

    def _show_steps(self, view: CaseView) -> None:
        self.step_combo.clear()
        for kind in view.allowed:
            self.step_combo.addItem(label(kind), kind.value)
        self.record_button.setEnabled(bool(view.allowed) and view.is_open)
        self.date_field.set_value(today_local())
        self.note_edit.clear()
        self.paper_number_edit.clear()
        self.paper_signer_edit.clear()

    def _rebuild_print_buttons(self, view: CaseView) -> None:
        for button in self.print_buttons.values():
            self.print_row.removeWidget(button)
            button.deleteLater()
        self.print_buttons = {}
        for kind in case_letter_kinds(view):
            button = QPushButton(print_button_text(kind))
            button.clicked.connect(self._on_print_button_clicked)
            self.print_row.addWidget(button)
            self.print_buttons[kind] = button

    # -- actions -------------------------------------------------------------------------------

    def show_why(self) -> None:
        ExplanationDialog.show_text(
            self,
            _("Why case {number} is due on {date}").format(number=self.number, date=short_date(self.view.due_on)),
            self.view.explanation,
        )

    def _on_result_button_clicked(self) -> None:
        from desktop.ui.cases.result_dialog import CaseResultDialog

        if CaseResultDialog.ask(self, self._database, self.number) is not None:
            self.changed = True

    def _on_assign_button_clicked(self) -> None:
        with reporting_errors(self), self._database.sessions() as session:
            people = assignees(session)
        names = [f"{person.full_name} ({person.username})" for person in people]
        if not names:
            return
        chosen, ok = QInputDialog.getItem(self, _("Assign the case"), _("Handler:"), names, 0, False)
        if ok and chosen in names:
            self.assign(people[names.index(chosen)].username)

    def assign(self, username: str) -> None:
        """A leader gives the case to ``username``; the core refuses anyone else."""
        actor = signed_in.actor()
        with reporting_errors(self), self._database.sessions.begin() as session:
            assign_case(acting(session, actor), actor, self.number, username)
        self.reload()

    def _on_record_button_clicked(self) -> None:
        errors: dict[str, str] = {}
        on = read_date(self.date_field, "occurred_on", errors)
        if on is None and not errors:
            errors["occurred_on"] = _("Enter the date of the step.")
        kind = self.step_combo.value()
        if kind is None:
            errors["kind"] = _("Choose the step to record.")
        if errors:
            self.messages.show(errors)
            return
        assert isinstance(kind, CaseEventKind)
        assert isinstance(on, dt.date)
        self.record_step(
            kind,
            on,
            actor=self.actor_edit.text(),
            note=self.note_edit.text(),
            paper_number=self.paper_number_edit.text(),
            paper_signer=self.paper_signer_edit.text(),
        )

    def record_step(
        self,
        kind: CaseEventKind,
        on: dt.date,
        *,
        actor: str = "",
        note: str = "",
        paper_number: str = "",
        paper_signer: str = "",
    ) -> bool:
        """Record one step; a step the law does not allow now is refused with its reason shown."""
        done = self.action.run(
            lambda session: record_event(
                session,
                self.number,
                kind,
                occurred_on=on,
                by=signed_in.actor(),
                actor=actor,
                note=note,
                result_number=paper_number,
                result_signer=paper_signer,
            )
        )
        if done is None:
            return False
        log.info("Case %s: recorded %s on %s", self.number, kind.value, on)
        self.changed = True
        self.reload()
        return True

    def _on_print_button_clicked(self) -> None:
        # A bound method, not a lambda: a lambda holding ``self`` kept every closed page alive until quitting.
        self.print_letter(next(kind for kind, button in self.print_buttons.items() if button is self.sender()))

    def print_letter(self, kind: DocumentKind) -> None:
        if print_letter_for(self, self._database, kind, self.number):
            self.changed = True
            self.reload()


class CaseDialog(QDialog):
    """The case page in its own window."""

    def __init__(self, database: Database, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Case {number}").format(number=number))
        self.resize(860, 720)
        self.page = CasePage(database, number, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(buttons)

    @classmethod
    def show_case(cls, parent: QWidget | None, database: Database, number: str) -> bool:
        """Open the case modally (the seam tests replace); True when something was changed."""
        dialog = cls(database, number, parent)
        dialog.exec()
        return dialog.page.changed


def _table(model: RecordTableModel) -> QTableView:
    return record_view(model)


def _kind_text(view: CaseView) -> str:
    parts = [label(view.kind)]
    if view.round > 1:
        parts.append(_("second settlement"))
    if view.is_complex:
        parts.append(_("complex"))
    if view.is_remote:
        parts.append(_("remote area"))
    if view.report_back_required:
        parts.append(_("the transferring body asks for the result"))
    return ", ".join(parts)


def _due_text(view: CaseView) -> str:
    if view.paused_since is not None:
        return _("No time limit runs: suspended since {date}").format(date=short_date(view.paused_since))
    if not view.is_open:
        return _("Closed")
    if view.due_on is None:
        return _("No time limit runs")
    return short_date(view.due_on)
