"""The office profile and this desk's settings: letterhead, signers, competent authorities, the reports'
cut-off day, desk code, receptionist.

The board's signers, the competent authorities and each authority's signers are lists: each list
shows its rows with Add and Remove, and the fields under it edit the row selected.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
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
from desktop.core.reports.periods import CUTOFF_KEY, check_cutoff_day, cutoff_day, save_cutoff_day
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
# The fields under each list edit the row selected; a message about row N of the profile is shown
# there once that row is selected (see _route), so the boxes keep the keys of row 0.
SIGNER_KEY = "signers.0."
AUTHORITY_KEY = "authorities.0."
AUTHORITY_SIGNER_KEY = AUTHORITY_KEY + SIGNER_KEY
DEFAULT_DESK = "D01"
MIN_WIDTH = 640
T = TypeVar("T")
_ROW_KEY = re.compile(r"^(authorities\.(\d+)\.)?(signers\.(\d+)\.)?")


def split_authority(authority: str) -> tuple[str, str]:
    """ "KT. Trưởng ban" -> ("KT.", "Trưởng ban"); an unknown start stays in the text."""
    head, _sep, rest = authority.strip().partition(" ")
    if head.upper() in AUTHORITY_PREFIXES[1:]:
        return head.upper(), rest.strip()
    return "", authority.strip()


class RowList(QWidget):
    """The rows of a list (a signer, an authority) with Add and Remove beside them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setMaximumHeight(64)
        self.add_button = QPushButton(_("Add"))
        self.remove_button = QPushButton(_("Remove"))
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addLayout(buttons)


class Rows(Generic[T]):
    """Keeps the rows of a RowList; the fields under it show and edit the selected one."""

    def __init__(
        self,
        view: RowList,
        *,
        blank: Callable[[], T],
        read: Callable[[T], T],
        show: Callable[[T], None],
        title: Callable[[T], str],
        enable: Callable[[bool], None],
    ) -> None:
        self.view, self._blank, self._read, self._show, self._title, self._enable = (
            view,
            blank,
            read,
            show,
            title,
            enable,
        )
        self.items: list[T] = []
        self.row = -1
        view.list.currentRowChanged.connect(self.select)
        view.add_button.clicked.connect(self.add)
        view.remove_button.clicked.connect(self.remove)

    def set_items(self, items: tuple[T, ...] | list[T]) -> None:
        self.items, self.row = list(items), -1
        self.view.list.blockSignals(True)
        self.view.list.clear()
        self.view.list.addItems([self._title(item) for item in self.items])
        self.view.list.blockSignals(False)
        self.select(0 if self.items else -1, keep=False)

    def store(self) -> None:
        """Write the fields into the selected row (and its title into the list)."""
        if 0 <= self.row < len(self.items):
            self.items[self.row] = self._read(self.items[self.row])
            item = self.view.list.item(self.row)
            if item is not None:
                item.setText(self._title(self.items[self.row]))

    def select(self, row: int, *, keep: bool = True) -> None:
        if keep:
            self.store()
        self.row = row
        self.view.list.blockSignals(True)
        self.view.list.setCurrentRow(row)
        self.view.list.blockSignals(False)
        self._show(self.items[row] if row >= 0 else self._blank())
        self._enable(row >= 0)
        self.view.remove_button.setEnabled(row >= 0)

    def add(self) -> None:
        self.store()
        self.items.append(self._blank())
        self.view.list.blockSignals(True)
        self.view.list.addItem(self._title(self.items[-1]))
        self.view.list.blockSignals(False)
        self.select(len(self.items) - 1, keep=False)

    def remove(self) -> None:
        if self.row < 0:
            return
        gone = self.row
        del self.items[gone]
        self.view.list.blockSignals(True)
        self.view.list.takeItem(gone)
        self.view.list.blockSignals(False)
        self.select(min(gone, len(self.items) - 1), keep=False)

    def current(self) -> list[T]:
        self.store()
        return list(self.items)


def _blank_signer(signer: SignerProfile) -> bool:
    return not (signer.full_name.strip() or signer.position.strip() or signer.authority.strip())


def _blank_authority(authority: AuthorityProfile) -> bool:
    texts = (authority.name, authority.head_position, authority.signing_line, authority.number_symbol)
    return not any(text.strip() for text in (*texts, authority.inspectorate)) and all(
        _blank_signer(signer) for signer in authority.signers
    )


def _signer_title(signer: SignerProfile) -> str:
    name = signer.full_name.strip() or _("(new signer)")
    return f"{name}, {signer.position.strip()}" if signer.position.strip() else name


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
        self.cutoff_edit = QLineEdit()
        self.cutoff_edit.setMaxLength(2)
        self.cutoff_edit.setPlaceholderText(_("1 to 28"))
        self.cutoff_edit.setToolTip(
            _(
                "Periodic reports run from this day of a month to the day before it: 15 gives 15/12 to 14/03 "
                "for the first quarter, 1 gives calendar quarters. Every desk of the office uses it."
            )
        )
        self.signers_view, self.authorities_view, self.authority_signers_view = RowList(), RowList(), RowList()
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
        sections = (
            self._agency_group(),
            self._signer_group(),
            self._authority_group(),
            self._reports_group(),
            self._desk_group(),
        )
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
        self._connect_rows()

    def _connect_rows(self) -> None:
        self.signers = Rows(
            self.signers_view,
            blank=lambda: SignerProfile("", ""),
            read=lambda old: self._typed_signer(),
            show=self._show_signer,
            title=_signer_title,
            enable=lambda on: self._enable(
                on, self.signer_name_edit, self.signer_position_edit, self.authority_edit, self.authority_combo
            ),
        )
        self.authority_signers = Rows(
            self.authority_signers_view,
            blank=lambda: SignerProfile("", ""),
            read=lambda old: self._typed_authority_signer(),
            show=self._show_authority_signer,
            title=_signer_title,
            enable=lambda on: self._enable(
                on, self.competent_signer_edit, self.competent_position_edit, self.competent_prefix_combo
            ),
        )
        self.authorities = Rows(
            self.authorities_view,
            blank=lambda: AuthorityProfile("", ""),
            read=self._typed_authority,
            show=self._show_authority,
            title=lambda authority: authority.name.strip() or _("(new authority)"),
            enable=self._enable_authority,
        )
        for edit in (self.signer_name_edit, self.signer_position_edit):
            edit.textEdited.connect(lambda _text: self.signers.store())
        for edit in (self.competent_signer_edit, self.competent_position_edit):
            edit.textEdited.connect(lambda _text: self.authority_signers.store())
        self.competent_edit.textEdited.connect(lambda _text: self.authorities.store())

    @staticmethod
    def _enable(on: bool, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.setEnabled(on)

    def _enable_authority(self, on: bool) -> None:
        self._enable(
            on,
            self.competent_edit,
            self.competent_head_edit,
            self.competent_line_edit,
            self.competent_symbol_edit,
            self.inspectorate_edit,
            self.authority_signers_view,
        )
        if not on:
            self._enable(False, self.competent_signer_edit, self.competent_position_edit, self.competent_prefix_combo)

    def _typed_signer(self) -> SignerProfile:
        prefix = str(self.authority_combo.currentData() or "")
        authority = f"{prefix} {self.authority_edit.text().strip()}".strip()
        return SignerProfile(self.signer_name_edit.text(), self.signer_position_edit.text(), authority)

    def _show_signer(self, signer: SignerProfile) -> None:
        self.signer_name_edit.setText(signer.full_name)
        self.signer_position_edit.setText(signer.position)
        prefix, rest = split_authority(signer.authority)
        self.authority_combo.setCurrentIndex(max(self.authority_combo.findData(prefix), 0))
        self.authority_edit.setText(rest)

    def _typed_authority_signer(self) -> SignerProfile:
        return SignerProfile(
            self.competent_signer_edit.text(),
            self.competent_position_edit.text(),
            str(self.competent_prefix_combo.currentData() or ""),
        )

    def _show_authority_signer(self, signer: SignerProfile) -> None:
        self.competent_signer_edit.setText(signer.full_name)
        self.competent_position_edit.setText(signer.position)
        index = self.competent_prefix_combo.findData(signer.authority.strip().upper())
        self.competent_prefix_combo.setCurrentIndex(max(index, 0))

    def _typed_authority(self, old: AuthorityProfile) -> AuthorityProfile:
        return replace(
            old,
            name=self.competent_edit.text(),
            head_position=self.competent_head_edit.text(),
            signing_line=self.competent_line_edit.text(),
            number_symbol=self.competent_symbol_edit.text(),
            inspectorate=self.inspectorate_edit.text(),
            signers=tuple(self.authority_signers.current()),
        )

    def _show_authority(self, authority: AuthorityProfile) -> None:
        for edit, value in (
            (self.competent_edit, authority.name),
            (self.competent_head_edit, authority.head_position),
            (self.competent_line_edit, authority.signing_line),
            (self.competent_symbol_edit, authority.number_symbol),
            (self.inspectorate_edit, authority.inspectorate),
        ):
            edit.setText(value)
        self.authority_signers.set_items(authority.signers)

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
            _("Signers for the board (slips, guidance, transfers, reports)"),
            [
                (_("Signers"), self.signers_view, "signers"),
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
            _("Competent authorities (acceptance and refusal letters; the first is used)"),
            [
                (_("Authorities"), self.authorities_view, "authorities"),
                (_("Authority"), self.competent_edit, AUTHORITY_KEY + "name"),
                (_("Head's position"), self.competent_head_edit, AUTHORITY_KEY + "head_position"),
                (_("Signing line"), self.competent_line_edit, AUTHORITY_KEY + "signing_line"),
                (_("Number symbol"), self.competent_symbol_edit, AUTHORITY_KEY + "number_symbol"),
                (_("Inspectorate"), self.inspectorate_edit, AUTHORITY_KEY + "inspectorate"),
                (_("Signers for this authority"), self.authority_signers_view, AUTHORITY_KEY + "signers"),
                (_("Signer's name"), self.competent_signer_edit, AUTHORITY_SIGNER_KEY + "full_name"),
                (_("Signer's position"), self.competent_position_edit, AUTHORITY_SIGNER_KEY + "position"),
                (_("Signer signs as"), self.competent_prefix_combo, AUTHORITY_SIGNER_KEY + "authority"),
            ],
            bounds.AUTHORITY,
            AUTHORITY_KEY,
        )
        section.limit(bounds.SIGNER, AUTHORITY_SIGNER_KEY)
        return section

    def _reports_group(self) -> Section:
        section = Section(_("Periodic reports"))
        section.add_rows([(_("Cut-off day"), self.cutoff_edit, CUTOFF_KEY)])
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
            cutoff = cutoff_day(session)
        self._profile = profile
        self.cutoff_edit.setText(str(cutoff))
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
        self.signers.set_items(profile.signers)
        self.head_edit.setText(profile.head_position)
        self.authorities.set_items(profile.authorities)

    def profile(self) -> OfficeProfile:
        """The profile as typed: every signer of the board, every authority with its own signers."""
        signers = tuple(self.signers.current())
        authorities = tuple(self.authorities.current())
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
            signers=signers,
            head_position=self.head_edit.text(),
            authorities=authorities,
        )

    def _check(self, profile: OfficeProfile) -> dict[str, str]:
        errors = {**check_office(profile), **check_receptionist(self.receptionist_edit.text())}
        if self._first_start and not any(signer.full_name.strip() for signer in profile.signers):
            errors.setdefault(SIGNER_KEY + "full_name", _("Enter at least one person who signs the letters."))
        try:
            check_desk_code(self.desk_edit.text())
        except ValidationError as exc:
            errors.update(exc.errors)
        try:
            check_cutoff_day(self.cutoff_edit.text())
        except ValidationError as exc:
            errors.update(exc.errors)
        return self._route(errors)

    def _route(self, errors: dict[str, str]) -> dict[str, str]:
        """Select the first row with a problem, its messages under its fields; another row's under its list."""
        rows = [
            (m.group(2), m.group(4), key[m.end() :], message)
            for key, message in errors.items()
            if (m := _ROW_KEY.match(key))
        ]
        target = next(((a, signer) for a, signer, _rest, _message in rows if a is not None or signer is not None), None)
        if target is not None:
            a, signer = target
            if a is not None:
                self.authorities.select(int(a))
            if signer is not None:
                (self.authority_signers if a is not None else self.signers).select(int(signer))
        routed: dict[str, str] = {}
        for a, signer, rest, message in rows:
            if a is None and signer is None:
                routed[rest] = message
            elif (a, signer) == target:
                key = (AUTHORITY_KEY if a is not None else "") + (SIGNER_KEY if signer is not None else "") + rest
                routed.setdefault(key, message)
            else:
                where = (
                    AUTHORITY_KEY + "signers"
                    if a is not None and signer is not None
                    else ("authorities" if a is not None else "signers")
                )
                row = int(signer if signer is not None else a or 0) + 1
                routed.setdefault(where, _("Row {row}: {message}").format(row=row, message=message))
        return routed

    def _drop_blank_rows(self) -> None:
        """Rows added and left empty are not part of the profile."""
        signers = self.signers.current()
        if any(_blank_signer(signer) for signer in signers):
            self.signers.set_items([signer for signer in signers if not _blank_signer(signer)])
        authorities = self.authorities.current()
        kept = [
            replace(authority, signers=tuple(s for s in authority.signers if not _blank_signer(s)))
            for authority in authorities
            if not _blank_authority(authority)
        ]
        if kept != authorities:
            self.authorities.set_items(kept)

    def _on_save(self) -> None:
        self._drop_blank_rows()
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
        save_cutoff_day(session, check_cutoff_day(self.cutoff_edit.text()), actor=signed_in.actor())
