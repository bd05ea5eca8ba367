"""The office profile and this desk's settings: letterhead, signer, desk code, receptionist."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core import bounds
from desktop.core.desk_setup import save_desk_profile
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.office import (
    EXAMPLE_OFFICE,
    AuthorityProfile,
    OfficeProfile,
    SignerProfile,
    check_desk_code,
    check_office,
    check_receptionist,
    current_desk_code,
    get_office,
    get_setting,
)
from desktop.core.settings_keys import Setting
from desktop.ui import signed_in
from desktop.ui.widgets.form_action import FieldMessages, FormAction
from desktop.ui.widgets.form_grid import align_label_columns
from desktop.ui.widgets.lines_edit import LinesEdit
from desktop.ui.widgets.section import Section

if TYPE_CHECKING:
    from desktop.core.database import Database, Session

log = logging.getLogger(__name__)

AUTHORITY_PREFIXES = ("", "TM.", "KT.", "TL.", "TUQ.")
SIGNER_KEY = "signers.0."  # the form edits the first signer; the core names its fields so
AUTHORITY_KEY = "authorities.0."  # and the first competent authority, with its first signer
AUTHORITY_SIGNER_KEY = AUTHORITY_KEY + SIGNER_KEY
DEFAULT_DESK = "D01"
MIN_WIDTH = 640


def split_authority(authority: str) -> tuple[str, str]:
    """ "KT. Trưởng ban" -> ("KT.", "Trưởng ban"); an unknown start stays in the text."""
    head, _sep, rest = authority.strip().partition(" ")
    if head.upper() in AUTHORITY_PREFIXES[1:]:
        return head.upper(), rest.strip()
    return "", authority.strip()


class OfficeDialog(QDialog):
    """Edits the office profile; stays open, with messages under the fields, until it is valid."""

    def __init__(self, database: Database, parent: QWidget | None = None, *, first_start: bool = False) -> None:
        super().__init__(parent)
        self._database = database
        self.setWindowTitle(_("Office profile"))
        self._first_start = first_start
        self._build_ui()
        self.intro_label.setVisible(first_start)
        self._load()

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database, *, first_start: bool = False) -> bool:
        """Show the dialog; True when the profile was saved."""
        return cls(database, parent, first_start=first_start).exec() == QDialog.DialogCode.Accepted

    def _build_ui(self) -> None:
        self.agency_edit = LinesEdit(lines=2)  # a line break typed is kept in the header
        self.agency_edit.setPlaceholderText(_("A line break where the header should break it, or none"))
        self.parent_edit, self.place_edit = QLineEdit(), QLineEdit()
        self.symbol_edit, self.address_edit, self.phone_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.reception_place_edit = QLineEdit()
        self.signer_name_edit, self.signer_position_edit = QLineEdit(), QLineEdit()
        self.authority_combo = QComboBox()
        for prefix in AUTHORITY_PREFIXES:
            self.authority_combo.addItem(prefix or _("(signs in own name)"), prefix)
        self.authority_edit = QLineEdit()
        self.authority_edit.setPlaceholderText(_("e.g. Trưởng ban, or Ủy ban nhân dân"))
        # The prefix chosen beside it ("TUQ. ") is kept in the same column.
        longest_prefix = max(len(prefix) for prefix in AUTHORITY_PREFIXES) + 1
        self.authority_edit.setMaxLength(bounds.SIGNER["authority"].max_length - longest_prefix)
        self.head_edit = QLineEdit()
        self.head_edit.setMaxLength(bounds.OFFICE_HEAD["head_position"].max_length)
        self.head_edit.setPlaceholderText(_("e.g. Trưởng ban"))
        self.competent_edit, self.competent_head_edit = QLineEdit(), QLineEdit()
        self.competent_line_edit, self.competent_symbol_edit = QLineEdit(), QLineEdit()
        self.inspectorate_edit = QLineEdit()
        self.competent_edit.setPlaceholderText(_("e.g. Ủy ban nhân dân tỉnh An Giang"))
        self.competent_line_edit.setPlaceholderText(_("e.g. TM. Ủy ban nhân dân"))
        self.inspectorate_edit.setPlaceholderText(_("e.g. Thanh tra tỉnh An Giang"))
        self.competent_signer_edit, self.competent_position_edit = QLineEdit(), QLineEdit()
        self.competent_prefix_combo = QComboBox()
        for prefix in AUTHORITY_PREFIXES:
            self.competent_prefix_combo.addItem(prefix or _("(signs in own name)"), prefix)
        self.desk_edit, self.receptionist_edit = QLineEdit(), QLineEdit()
        self.desk_edit.setMaxLength(6)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.intro_label = QLabel(
            _(
                "Welcome to TiepDan. Check these details once: they are printed on every receipt and "
                "appointment slip. The example is an office in An Giang; replace it with your own."
            )
        )
        self.intro_label.setWordWrap(True)
        sections = (self._agency_group(), self._signer_group(), self._authority_group(), self._desk_group())
        align_label_columns([section.grid for section in sections if section.grid is not None])
        self.messages = FieldMessages(sections)
        self.boxes = self.messages.boxes
        self.action = FormAction(self, self._database, self.messages)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        for section in sections:
            layout.addWidget(section)
        layout.addWidget(self.messages.general_box)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(MIN_WIDTH)

    @staticmethod
    def _form(
        title: str, rows: list[tuple[str, QWidget, str]], fields: Mapping[str, bounds.TextBound], prefix: str = ""
    ) -> Section:
        section = Section(title)
        section.add_rows(rows)
        section.limit(fields, prefix)
        return section

    def _agency_group(self) -> Section:
        return self._form(
            _("Agency"),
            [
                (_("Agency name"), self.agency_edit, "agency_name"),
                (_("Parent agency"), self.parent_edit, "parent_agency"),
                (_("Place on the date line"), self.place_edit, "place_name"),
                (_("Number symbol"), self.symbol_edit, "number_symbol"),
                (_("Address"), self.address_edit, "address"),
                (_("Phone"), self.phone_edit, "phone"),
                (_("Reception place"), self.reception_place_edit, "reception_place"),
            ],
            bounds.OFFICE,
        )

    def _signer_group(self) -> Section:
        authority = QWidget()
        row = QHBoxLayout(authority)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.authority_combo)
        row.addWidget(self.authority_edit, 1)
        return self._form(
            _("Signer for the board (slips, guidance, transfers, reports)"),
            [
                (_("Full name"), self.signer_name_edit, SIGNER_KEY + "full_name"),
                (_("Position"), self.signer_position_edit, SIGNER_KEY + "position"),
                (_("Signs on behalf of"), authority, SIGNER_KEY + "authority"),
                (_("Position of the head"), self.head_edit, "head_position"),
            ],
            bounds.SIGNER,
            SIGNER_KEY,
        )

    def _authority_group(self) -> Section:
        """The competent authority whose acceptance and refusal letters the desk prepares."""
        section = self._form(
            _("Competent authority (acceptance and refusal letters)"),
            [
                (_("Authority"), self.competent_edit, AUTHORITY_KEY + "name"),
                (_("Head's position"), self.competent_head_edit, AUTHORITY_KEY + "head_position"),
                (_("Signing line"), self.competent_line_edit, AUTHORITY_KEY + "signing_line"),
                (_("Number symbol"), self.competent_symbol_edit, AUTHORITY_KEY + "number_symbol"),
                (_("Inspectorate"), self.inspectorate_edit, AUTHORITY_KEY + "inspectorate"),
                (_("Signer's name"), self.competent_signer_edit, AUTHORITY_SIGNER_KEY + "full_name"),
                (_("Signer's position"), self.competent_position_edit, AUTHORITY_SIGNER_KEY + "position"),
                (_("Signer signs as"), self.competent_prefix_combo, AUTHORITY_SIGNER_KEY + "authority"),
            ],
            bounds.AUTHORITY,
            AUTHORITY_KEY,
        )
        section.limit(bounds.SIGNER, AUTHORITY_SIGNER_KEY)
        return section

    def _desk_group(self) -> Section:
        return self._form(
            _("This desk"),
            [
                (_("Desk code"), self.desk_edit, "desk_code"),
                (_("Receptionist"), self.receptionist_edit, Setting.RECEPTIONIST),
            ],
            bounds.DESK,
        )

    def _load(self) -> None:
        with self._database.sessions() as session:
            profile = get_office(session) or EXAMPLE_OFFICE
            desk = current_desk_code(session) or DEFAULT_DESK
            receptionist = get_setting(session, Setting.RECEPTIONIST)
        self._profile = profile
        for edit, value in (
            (self.agency_edit, profile.agency_heading or profile.agency_name),
            (self.parent_edit, profile.parent_agency),
            (self.place_edit, profile.place_name),
            (self.symbol_edit, profile.number_symbol),
            (self.address_edit, profile.address),
            (self.phone_edit, profile.phone),
            (self.reception_place_edit, profile.reception_place),
            (self.desk_edit, desk),
            (self.receptionist_edit, receptionist),
        ):
            edit.setText(value)
        signer = profile.signers[0] if profile.signers else SignerProfile("", "")
        self.signer_name_edit.setText(signer.full_name)
        self.signer_position_edit.setText(signer.position)
        prefix, rest = split_authority(signer.authority)
        self.authority_combo.setCurrentIndex(max(self.authority_combo.findData(prefix), 0))
        self.authority_edit.setText(rest)
        self.head_edit.setText(profile.head_position)
        competent = profile.authority or AuthorityProfile("", "")
        for edit, value in (
            (self.competent_edit, competent.name),
            (self.competent_head_edit, competent.head_position),
            (self.competent_line_edit, competent.signing_line),
            (self.competent_symbol_edit, competent.number_symbol),
            (self.inspectorate_edit, competent.inspectorate),
        ):
            edit.setText(value)
        its_signer = competent.signers[0] if competent.signers else SignerProfile("", "")
        self.competent_signer_edit.setText(its_signer.full_name)
        self.competent_position_edit.setText(its_signer.position)
        index = self.competent_prefix_combo.findData(its_signer.authority.strip().upper())
        self.competent_prefix_combo.setCurrentIndex(max(index, 0))

    def profile(self) -> OfficeProfile:
        """The profile as typed (the first signer replaced, any others kept)."""
        prefix = str(self.authority_combo.currentData() or "")
        authority = f"{prefix} {self.authority_edit.text().strip()}".strip()
        signer = SignerProfile(self.signer_name_edit.text(), self.signer_position_edit.text(), authority)
        return replace(
            self._profile,
            agency_name=self.agency_edit.text(),  # with the line break typed, if any
            agency_heading="",
            parent_agency=self.parent_edit.text(),
            place_name=self.place_edit.text(),
            number_symbol=self.symbol_edit.text(),
            address=self.address_edit.text(),
            phone=self.phone_edit.text(),
            reception_place=self.reception_place_edit.text(),
            signers=(signer, *self._profile.signers[1:]),
            head_position=self.head_edit.text(),
            authorities=self._authorities(),
        )

    def _authorities(self) -> tuple[AuthorityProfile, ...]:
        """The first competent authority as typed (none when its name is left empty), the others kept."""
        kept = self._profile.authorities[1:]
        if not self.competent_edit.text().strip():
            return kept
        old = self._profile.authority
        its_signer = SignerProfile(
            self.competent_signer_edit.text(),
            self.competent_position_edit.text(),
            str(self.competent_prefix_combo.currentData() or ""),
        )
        typed = AuthorityProfile(
            name=self.competent_edit.text(),
            head_position=self.competent_head_edit.text(),
            signing_line=self.competent_line_edit.text(),
            number_symbol=self.competent_symbol_edit.text(),
            keeps_series=old.keeps_series if old else True,
            inspectorate=self.inspectorate_edit.text(),
            signers=(its_signer, *(old.signers[1:] if old else ())),
        )
        return (typed, *kept)

    def _check(self, profile: OfficeProfile) -> dict[str, str]:
        errors = {**check_office(profile), **check_receptionist(self.receptionist_edit.text())}
        if self._first_start and not self.signer_name_edit.text().strip():
            errors.setdefault(SIGNER_KEY + "full_name", _("Enter at least one person who signs the letters."))
        try:
            check_desk_code(self.desk_edit.text())
        except ValidationError as exc:
            errors.update(exc.errors)
        return errors

    def _on_save(self) -> None:
        profile = self.profile()
        done = self.action.run(lambda session: self._save(session, profile), input_errors=self._check(profile))
        if done is not None:
            self.accept()

    def _save(self, session: Session, profile: OfficeProfile) -> None:
        save_desk_profile(
            session,
            signed_in.actor(),
            profile,
            desk_code=self.desk_edit.text(),
            receptionist=self.receptionist_edit.text(),
        )
