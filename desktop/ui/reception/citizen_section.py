"""The citizen part of the reception form: name, identity paper, phone and address."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLineEdit, QWidget

from db.enums import IdType, Sex
from desktop.core import bounds
from desktop.core.i18n import _
from desktop.core.reception import addresses
from desktop.core.reception.cccd import CardQr
from desktop.core.reception.returning import EarlierPerson
from desktop.core.reception.visits import CitizenInput
from desktop.ui.widgets.date_field import DateField, DateMode
from desktop.ui.widgets.enum_combo import EnumCombo
from desktop.ui.widgets.form_grid import FormGrid
from desktop.ui.widgets.search_combo import SearchCombo
from desktop.ui.widgets.section import Section, has_text, read_code, read_date

KEY = "participants.0."
DEFAULT_NATIONALITY = "Việt Nam"


class CitizenSection(Section):
    """The person the book names (participant 0)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Citizen"), parent)
        self._default_province: int | None = None
        self._build_ui()
        self.province_combo.currentIndexChanged.connect(self._on_province_changed)
        self.province_combo.set_items((unit.code, unit.name) for unit in addresses.provinces())

    def _build_ui(self) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(_("Full name as on the identity paper"))
        self.sex_combo = EnumCombo(Sex, members=(Sex.UNKNOWN, Sex.MALE, Sex.FEMALE))
        self.birth_field = DateField(DateMode.DATE_OR_YEAR)
        self.id_type_combo = EnumCombo(IdType)
        self.id_number_edit = QLineEdit()
        self.old_id_edit = QLineEdit()
        self.old_id_edit.setPlaceholderText(_("9 digits, if the person had one"))
        self.issue_date_field = DateField(DateMode.DATE)
        self.issue_place_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.ethnicity_edit = QLineEdit()
        self.ethnicity_edit.setPlaceholderText(_("e.g. Kinh"))
        self.province_combo = SearchCombo()
        self.commune_combo = SearchCombo()
        self.address_edit = QLineEdit()
        self.address_edit.setPlaceholderText(_("House number, street, hamlet or residential group"))
        self.nationality_edit = QLineEdit(DEFAULT_NATIONALITY)
        self._lay_out()

    def _lay_out(self) -> None:
        grid = self.grid = FormGrid(self)
        grid.add_field(0, 0, _("Full name"), self.box(self.name_edit, KEY + "full_name"), span=2)
        grid.add_field(1, 0, _("Sex"), self.box(self.sex_combo, KEY + "sex"))
        grid.add_field(1, 1, _("Born"), self.box(self.birth_field, KEY + "birth_date", KEY + "birth_year"))
        grid.add_field(2, 0, _("Identity paper"), self.box(self.id_type_combo, KEY + "id_type"))
        grid.add_field(2, 1, _("Paper number"), self.box(self.id_number_edit, KEY + "id_number"))
        grid.add_field(3, 0, _("Issued on"), self.box(self.issue_date_field, KEY + "id_issue_date"))
        grid.add_field(3, 1, _("Issued by"), self.box(self.issue_place_edit, KEY + "id_issue_place"))
        grid.add_field(4, 0, _("Old ID (CMND)"), self.box(self.old_id_edit, KEY + "old_id_number"))
        grid.add_field(5, 0, _("Phone"), self.box(self.phone_edit, KEY + "phone"))
        grid.add_field(5, 1, _("Ethnicity"), self.box(self.ethnicity_edit, KEY + "ethnicity"))
        grid.add_field(6, 0, _("Province"), self.box(self.province_combo, KEY + "province_code"))
        grid.add_field(6, 1, _("Commune"), self.box(self.commune_combo, KEY + "commune_code"))
        grid.add_field(7, 0, _("Address"), self.box(self.address_edit, KEY + "address_detail"), span=2)
        grid.add_field(8, 0, _("Nationality"), self.box(self.nationality_edit, KEY + "nationality"))
        self.limit(bounds.CITIZEN, KEY)

    def set_default_province(self, code: int | None) -> None:
        """The province chosen for each new citizen (the office's own)."""
        self._default_province = code

    def clear(self) -> None:
        for edit in (
            self.name_edit,
            self.id_number_edit,
            self.old_id_edit,
            self.issue_place_edit,
            self.phone_edit,
            self.ethnicity_edit,
            self.address_edit,
            self.birth_field,
            self.issue_date_field,
        ):
            edit.clear()
        self.nationality_edit.setText(DEFAULT_NATIONALITY)
        self.sex_combo.set_value(Sex.UNKNOWN)
        self.id_type_combo.set_value(IdType.CCCD)
        self.province_combo.set_code(self._default_province)
        self.commune_combo.set_code(None)

    def has_input(self) -> bool:
        return has_text(
            self.name_edit.text(),
            self.id_number_edit.text(),
            self.phone_edit.text(),
            self.address_edit.text(),
            self.birth_field.text(),
        )

    def collect(self, errors: dict[str, str]) -> CitizenInput:
        """The citizen as typed; unreadable dates and unknown places go into ``errors``."""
        born = read_date(self.birth_field, KEY + "birth_date", errors)
        return CitizenInput(
            full_name=self.name_edit.text(),
            sex=self.sex_combo.value() or Sex.UNKNOWN,
            birth_date=born if isinstance(born, dt.date) else None,
            birth_year=born if isinstance(born, int) else None,
            id_type=self.id_type_combo.value() or IdType.NONE,
            id_number=self.id_number_edit.text(),
            old_id_number=self.old_id_edit.text(),
            id_issue_date=read_date(self.issue_date_field, KEY + "id_issue_date", errors),  # type: ignore[arg-type]
            id_issue_place=self.issue_place_edit.text(),
            phone=self.phone_edit.text(),
            province_code=read_code(
                self.province_combo, KEY + "province_code", errors, _("Choose a province or city from the list.")
            ),
            commune_code=read_code(
                self.commune_combo,
                KEY + "commune_code",
                errors,
                _("Choose a commune or ward of this province from the list."),
            ),
            address_detail=self.address_edit.text(),
            ethnicity=self.ethnicity_edit.text(),
            nationality=self.nationality_edit.text(),
        )

    def fill_from_card(self, card: CardQr) -> addresses.MatchedAddress:
        """What an identity card's QR holds, into the fields; the address matched to the units in force
        (an old one mapped where that is sure, one without its province read in the office's:
        docs/scanning.md#id-card-qr), which is returned."""
        self.name_edit.setText(card.full_name)
        self.id_type_combo.set_value(IdType.CCCD)
        self.id_number_edit.setText(card.id_number)
        self.old_id_edit.setText(card.old_id_number)
        self.birth_field.set_value(card.birth_date)
        self.sex_combo.set_value(card.sex)
        self.issue_date_field.set_value(card.issue_date)
        matched = addresses.match_address(card.address, default_province=self._default_province)
        self.fill_address(matched)
        return matched

    def fill_from_person(self, person: EarlierPerson) -> None:
        """A recorded person's details; a field the record leaves empty keeps what is typed."""
        self.name_edit.setText(person.full_name)
        self.sex_combo.set_value(person.sex)
        if person.birth_date or person.birth_year:
            self.birth_field.set_value(person.birth_date or person.birth_year)
        self.id_type_combo.set_value(person.id_type)
        self.id_number_edit.setText(person.id_number)
        for edit, value in (
            (self.old_id_edit, person.old_id_number),
            (self.issue_place_edit, person.id_issue_place),
            (self.phone_edit, person.phone),
            (self.ethnicity_edit, person.ethnicity),
            (self.nationality_edit, person.nationality),
        ):
            if value:
                edit.setText(value)
        if person.id_issue_date:
            self.issue_date_field.set_value(person.id_issue_date)
        if person.province_code is not None or person.address_detail:
            recorded = addresses.MatchedAddress(person.province_code, person.commune_code, person.address_detail)
            self.fill_address(recorded)

    @staticmethod
    def old_commune_note(address: addresses.MatchedAddress) -> str:
        """What to say under the commune when an old address gave the province only."""
        if address.province_code is None or not address.split_into:
            return _(
                "The card names a commune from before the 2025 merger that cannot be matched for sure: "
                "choose the commune."
            )
        names = ", ".join(addresses.commune(address.province_code, code).name for code in address.split_into)
        return _(
            "The card names a commune from before the 2025 merger that was split between {communes}: "
            "choose the one the address is in."
        ).format(communes=names)

    def fill_address(self, address: addresses.MatchedAddress) -> None:
        self.province_combo.set_code(address.province_code)
        self.commune_combo.set_code(address.commune_code)
        self.address_edit.setText(address.detail)

    def _on_province_changed(self) -> None:
        try:
            code = self.province_combo.code()
        except ValueError:
            code = None
        units = addresses.communes(code) if code is not None else ()
        self.commune_combo.set_items((unit.code, unit.name) for unit in units)
