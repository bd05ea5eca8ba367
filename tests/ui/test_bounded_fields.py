"""Issue 8: the GUI's one-line fields take their maximum length from the core (desktop.core.bounds)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QSpinBox, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from desktop.core import bounds
from desktop.core.database import Database
from desktop.core.office import EXAMPLE_OFFICE, get_office
from desktop.ui.cases.calendar_dialog import CalendarDialog
from desktop.ui.cases.fields_dialog import FieldsDialog
from desktop.ui.office_dialog import OfficeDialog
from desktop.ui.reception.form import ReceptionForm


def test_the_reception_form_holds_each_line_to_its_column(form: ReceptionForm) -> None:
    citizen = form.citizen
    assert citizen.name_edit.maxLength() == bounds.CITIZEN["full_name"].max_length == 200
    assert citizen.id_number_edit.maxLength() == bounds.CITIZEN["id_number"].max_length
    assert citizen.address_edit.maxLength() == bounds.CITIZEN["address_detail"].max_length
    assert form.reception.leader_edit.maxLength() == bounds.VISIT["leader_name"].max_length
    assert form.outcome.place_edit.maxLength() == bounds.VISIT["appointment_place"].max_length
    assert form.delegation.head_count_spin.maximum() == bounds.MAX_HEAD_COUNT


def test_document_cells_are_held_to_the_name_length_and_the_page_range(form: ReceptionForm) -> None:
    table = form.documents.rows.table
    form.documents.rows.add_row()
    option = QStyleOptionViewItem()
    name_editor = table.itemDelegateForColumn(0).createEditor(table.viewport(), option, table.model().index(0, 0))
    pages_editor = table.itemDelegateForColumn(1).createEditor(table.viewport(), option, table.model().index(0, 1))
    assert isinstance(name_editor, QLineEdit)
    assert name_editor.maxLength() == bounds.DOCUMENT["name"].max_length
    assert isinstance(pages_editor, QSpinBox)
    assert (pages_editor.minimum(), pages_editor.maximum()) == (1, bounds.MAX_PAGES)
    assert table.item(0, 1).data(Qt.ItemDataRole.EditRole) == 1


def test_the_office_dialog_holds_its_fields_and_refuses_a_long_signer(qtbot: QtBot, database: Database) -> None:
    dialog = OfficeDialog(database)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.symbol_edit.maxLength() == bounds.OFFICE["number_symbol"].max_length
    assert dialog.place_edit.maxLength() == bounds.OFFICE["place_name"].max_length
    assert dialog.signer_name_edit.maxLength() == bounds.SIGNER["full_name"].max_length
    assert dialog.receptionist_edit.maxLength() == bounds.DESK["receptionist_name"].max_length
    assert dialog.authority_edit.maxLength() < bounds.SIGNER["authority"].max_length  # room for "TUQ. "
    dialog.signer_name_edit.setText("12345")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.boxes["signers.0.full_name"].has_error
    with database.sessions() as session:
        assert get_office(session) == EXAMPLE_OFFICE


def test_the_settings_lists_hold_their_fields(qtbot: QtBot, database: Database) -> None:
    fields = FieldsDialog(database)
    calendar = CalendarDialog(database)
    qtbot.addWidget(fields)
    qtbot.addWidget(calendar)
    assert fields.code_edit.maxLength() == bounds.FIELD_OF_LAW["code"].max_length
    assert fields.name_edit.maxLength() == bounds.FIELD_OF_LAW["name"].max_length
    assert calendar.name_edit.maxLength() == bounds.CALENDAR_DAY["name"].max_length
