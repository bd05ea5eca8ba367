"""Correcting or cancelling a saved visit: what to change, why, and a confirmation before the step is recorded.

The dialog runs ``correct_visit`` or ``cancel_visit`` (desktop/core/reception/corrections.py) in one
transaction; a refused value is shown under its field, and nothing typed is lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core import bounds
from desktop.core.access import acting
from desktop.core.errors import AppError, ValidationError
from desktop.core.i18n import _
from desktop.core.reception.book import VisitDetail
from desktop.core.reception.corrections import REASON_MAX, VisitChanges, cancel_visit, correct_visit
from desktop.core.text import clean
from desktop.ui.messages import confirm
from desktop.ui.viewer import viewer_of

if TYPE_CHECKING:
    from desktop.core.database import Database

Mode = Literal["correct", "cancel"]
_TEXTS = ("content_summary", "requests")
_PERSON = ("full_name", "phone", "id_number")


class VisitCorrectionDialog(QDialog):
    """``saved`` is True once the step was recorded."""

    def __init__(self, database: Database, visit: VisitDetail, mode: Mode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.visit = visit
        self.mode = mode
        self.saved = False
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.errors: dict[str, QLabel] = {}
        title = _("Correct visit {serial}") if mode == "correct" else _("Cancel visit {serial}")
        self.setWindowTitle(title.format(serial=visit.serial))
        self.resize(560, 520 if mode == "correct" else 260)
        self._build_ui()

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(
            _("Change what was recorded wrongly. The old values are kept with the correction.")
            if self.mode == "correct"
            else _("The visit stays in the book under its number, marked cancelled with the reason.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        if self.mode == "correct":
            main = self.visit.main
            values = {
                "content_summary": self.visit.content_summary,
                "requests": self.visit.requests,
                "full_name": main.full_name,
                "phone": main.phone,
                "id_number": main.id_number,
            }
            names = {
                "content_summary": _("Content"),
                "requests": _("Requests"),
                "full_name": _("Full name"),
                "phone": _("Phone"),
                "id_number": _("ID number"),
            }
            for key, value in values.items():
                if key in _TEXTS:
                    editor: QLineEdit | QPlainTextEdit = QPlainTextEdit(value)
                    editor.setFixedHeight(70)
                else:
                    line = QLineEdit(value)
                    line.setMaxLength(bounds.CITIZEN[key].max_length)
                    editor = line
                self._add(form, key, names[key], editor)
            if self.visit.identity_masked:  # a denouncer's particulars are not shown, so not corrected here
                for key in _PERSON:
                    self.fields[key].setEnabled(False)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(_("Why (required, at most {limit} characters)").format(limit=REASON_MAX))
        self.reason.setFixedHeight(70)
        self._add(form, "reason", _("Reason"), self.reason)
        layout.addLayout(form)
        self.general_error = QLabel()
        self.general_error.setStyleSheet("color: #b00020;")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Save the correction") if self.mode == "correct" else _("Cancel the visit"))
        self.ok_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _add(self, form: QFormLayout, key: str, name: str, editor: QLineEdit | QPlainTextEdit) -> None:
        error = QLabel()
        error.setStyleSheet("color: #b00020;")
        error.setWordWrap(True)
        error.hide()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(editor)
        column.addWidget(error)
        form.addRow(name, box)
        self.fields[key] = editor
        self.errors[key] = error

    def text(self, key: str) -> str:
        editor = self.fields[key]
        return editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()

    def changes(self) -> VisitChanges:
        """Only the fields whose text differs from what is recorded."""
        main = self.visit.main
        recorded = {
            "content_summary": self.visit.content_summary,
            "requests": self.visit.requests,
            "full_name": main.full_name,
            "phone": main.phone,
            "id_number": main.id_number,
        }
        changed = {
            key: self.text(key)
            for key, value in recorded.items()
            if self.fields[key].isEnabled() and clean(self.text(key)) != value
        }
        return VisitChanges(**changed)

    def save(self) -> None:
        self._show_errors({}, "")
        question = (
            _("Record this correction of visit {serial}?")
            if self.mode == "correct"
            else _("Cancel visit {serial}? It stays in the book, marked cancelled; this cannot be undone.")
        ).format(serial=self.visit.serial)
        if not confirm(self, self.windowTitle(), question):
            return
        actor = viewer_of(self)
        reason = self.reason.toPlainText()
        try:
            with self._database.sessions.begin() as session:
                acting(session, actor)
                if self.mode == "correct":
                    self.visit = correct_visit(session, self.visit.serial, self.changes(), reason=reason, actor=actor)
                else:
                    self.visit = cancel_visit(session, self.visit.serial, reason=reason, actor=actor)
        except ValidationError as exc:
            self._show_errors(exc.errors, "")
            return
        except AppError as exc:
            self._show_errors({}, str(exc))
            return
        self.saved = True
        self.accept()

    def _show_errors(self, errors: dict[str, str], general: str) -> None:
        unplaced = [message for key, message in errors.items() if key not in self.errors]
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
        text = "\n".join([*([general] if general else []), *unplaced])
        self.general_error.setText(text)
        self.general_error.setVisible(bool(text))
