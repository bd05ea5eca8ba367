"""Taking a petition decision back, cancelling a letter: a dialog asks why (and which letter), then confirms.

The step itself is ``revert_decision`` / ``cancel_letter`` (desktop/core/cases/corrections.py), run in
one transaction by the callback the page gives; a refusal is shown in the dialog, the reason kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import AppError, ValidationError
from desktop.core.i18n import _
from desktop.core.reception.corrections import REASON_MAX
from desktop.ui.messages import confirm

Step = Callable[[str, str], None]  # (the choice, the reason) -> None; raises AppError when refused


class StepDialog(QDialog):
    """Asks the reason of one corrective step (and, given ``choices``, what it applies to); ``saved`` once done."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        intro: str,
        question: str,
        ok_text: str,
        step: Step,
        choices: Sequence[str] = (),
        choice_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 280)
        self.saved = False
        self._question = question
        self._step = step
        layout = QVBoxLayout(self)
        text = QLabel(intro)
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.choice = QComboBox()
        self.choice.addItems(list(choices))
        if choices:
            form.addRow(choice_name, self.choice)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(_("Why (required, at most {limit} characters)").format(limit=REASON_MAX))
        self.reason.setFixedHeight(80)
        form.addRow(_("Reason"), self.reason)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        self.error.hide()
        choice = self.choice.currentText()
        if not confirm(self, self.windowTitle(), self._question.format(choice=choice)):
            return
        try:
            self._step(choice, self.reason.toPlainText())
        except ValidationError as exc:
            self._show("\n".join(exc.errors.values()))
            return
        except AppError as exc:
            self._show(str(exc))
            return
        self.saved = True
        self.accept()

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
