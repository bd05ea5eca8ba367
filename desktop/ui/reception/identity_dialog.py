"""A known identity number typed with another name or year of birth: same person with new details, or a typing mistake?

The reception form and the petition dialog ask before they save; the answer goes into the draft,
and the core records it in the citizen's history.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from db.enums import IdentityAnswer
from desktop.core.i18n import _
from desktop.core.labels import label
from desktop.core.reception.citizens import IdentityQuestion, identity_question_text


def _person(name: str, year: int | None) -> str:
    return _("{name}, born {year}").format(name=name, year=year) if year else name


class IdentityQuestionBox(QMessageBox):
    """The question with its two answers and Cancel; ``answer()`` once a button was clicked."""

    def __init__(self, question: IdentityQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(_("Known identity number"))
        self.setText(identity_question_text())
        self.setInformativeText(
            _("Identity number {number} is recorded for {recorded}.\nThis form says {typed}.").format(
                number=question.id_number,
                recorded=_person(question.recorded_name, question.recorded_birth_year),
                typed=_person(question.typed_name, question.typed_birth_year),
            )
        )
        self._answers: dict[IdentityAnswer, QAbstractButton] = {
            IdentityAnswer.SAME_PERSON_NEW_DETAILS: self.addButton(
                label(IdentityAnswer.SAME_PERSON_NEW_DETAILS), QMessageBox.ButtonRole.YesRole
            ),
            IdentityAnswer.TYPING_MISTAKE: self.addButton(
                label(IdentityAnswer.TYPING_MISTAKE), QMessageBox.ButtonRole.NoRole
            ),
        }
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.cancel_button)  # Enter typed in haste decides nothing
        self.setEscapeButton(self.cancel_button)

    def button_for(self, answer: IdentityAnswer) -> QAbstractButton:
        return self._answers[answer]

    def answer(self) -> IdentityAnswer | None:
        """The answer clicked, None after Cancel (or before any click)."""
        clicked = self.clickedButton()
        return next((answer for answer, button in self._answers.items() if button is clicked), None)


def ask_identity(parent: QWidget | None, question: IdentityQuestion) -> IdentityAnswer | None:
    """Ask one question modally (the seam tests replace); None when the receptionist cancels."""
    box = IdentityQuestionBox(question, parent)
    box.exec()
    return box.answer()


def answer_questions(parent: QWidget | None, questions: Sequence[IdentityQuestion]) -> dict[int, IdentityAnswer] | None:
    """Each question in turn; the answers by person index, or None as soon as one is cancelled."""
    answers: dict[int, IdentityAnswer] = {}
    for question in questions:
        answer = ask_identity(parent, question)
        if answer is None:
            return None
        answers[question.index] = answer
    return answers
