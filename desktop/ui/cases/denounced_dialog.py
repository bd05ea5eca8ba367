"""Who the notice to the person denounced is addressed to: the petition does not record them.

Asked once, when the notice is first issued (a reprint re-reads the kept letter). What is typed here
goes on that notice and into the outgoing register, never into the petition.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from db.enums import Sex
from desktop.core import bounds
from desktop.core.cases.letter_texts import Denounced
from desktop.core.i18n import _
from desktop.ui.widgets.enum_combo import EnumCombo


class DenouncedDialog(QDialog):
    """Name (required), sex, position and address of the person denounced."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Notice to the person denounced"))
        self.intro_label = QLabel(
            _(
                "The notice tells the person denounced what they are denounced for, never who denounced them. "
                "Enter who it is addressed to."
            )
        )
        self.intro_label.setWordWrap(True)
        self.name_edit, self.position_edit, self.address_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.name_edit.setMaxLength(bounds.DENOUNCED["full_name"].max_length)
        self.position_edit.setMaxLength(bounds.DENOUNCED["position"].max_length)
        self.address_edit.setMaxLength(bounds.DENOUNCED["address"].max_length)
        self.position_edit.setPlaceholderText(_("e.g. Chủ tịch Ủy ban nhân dân xã Mỹ Hòa Hưng"))
        self.sex_combo = EnumCombo(Sex, placeholder=_("Not known"), members=(Sex.MALE, Sex.FEMALE))
        form = QFormLayout()
        form.addRow(_("Full name"), self.name_edit)
        form.addRow(_("Sex"), self.sex_combo)
        form.addRow(_("Position and agency"), self.position_edit)
        form.addRow(_("Address"), self.address_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._on_name_edit_text_changed(self.name_edit.text())

    def _on_name_edit_text_changed(self, text: str) -> None:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        button.setEnabled(bool(text.strip()))

    def denounced(self) -> Denounced:
        sex = self.sex_combo.value()
        return Denounced(
            full_name=self.name_edit.text(),
            sex=Sex(sex.value) if sex is not None else None,
            position=self.position_edit.text(),
            address=self.address_edit.text(),
        )

    @classmethod
    def ask(cls, parent: QWidget | None) -> Denounced | None:
        """The person denounced as typed, or None when cancelled."""
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.denounced()
