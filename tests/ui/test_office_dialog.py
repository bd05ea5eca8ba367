"""The office profile dialog: prefilled, errors under the fields, saved only when valid."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.core.database import Database, open_database
from desktop.core.i18n import _
from desktop.core.office import EXAMPLE_OFFICE, current_desk_code, get_office, get_setting
from desktop.ui.office_dialog import OfficeDialog, split_authority
from desktop.ui.widgets.field_box import ERROR_COLOUR


def press_save(dialog: OfficeDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_empty_agency_is_shown_under_the_field_and_the_dialog_stays_open(qtbot: QtBot, database: Database) -> None:
    dialog = OfficeDialog(database)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.agency_edit.clear()
    dialog.symbol_edit.setText("BT CD")
    press_save(dialog)

    box = dialog.boxes["agency_name"]
    assert box.message() == _("Enter the name of the agency.")
    assert box.message_label.isVisibleTo(dialog)
    assert ERROR_COLOUR in box.message_label.styleSheet()
    assert dialog.boxes["number_symbol"].has_error
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    with database.sessions() as session:
        assert get_office(session) == EXAMPLE_OFFICE  # unchanged (the fixture's profile)


def test_bad_desk_code_is_shown_under_the_desk_code(qtbot: QtBot, database: Database) -> None:
    dialog = OfficeDialog(database)
    qtbot.addWidget(dialog)
    dialog.desk_edit.setText("1")
    press_save(dialog)
    assert dialog.boxes["desk_code"].has_error
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_valid_profile_is_saved_with_desk_and_receptionist(qtbot: QtBot, database: Database) -> None:
    dialog = OfficeDialog(database)
    qtbot.addWidget(dialog)
    dialog.agency_edit.setText("Ban Tiếp công dân huyện Chợ Mới")
    dialog.authority_combo.setCurrentIndex(dialog.authority_combo.findData("KT."))
    dialog.authority_edit.setText("Trưởng ban")
    dialog.desk_edit.setText("d02")
    dialog.receptionist_edit.setText("Lê Thị Hồng")
    press_save(dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    with database.sessions() as session:
        office = get_office(session)
        assert office is not None
        assert office.agency_name == "Ban Tiếp công dân huyện Chợ Mới"
        assert office.signers[0].authority == "KT. Trưởng ban"
        assert current_desk_code(session) == "D02"
        assert get_setting(session, "receptionist_name") == "Lê Thị Hồng"


def test_first_start_is_prefilled_with_the_example_office(qtbot: QtBot, tmp_path: Path) -> None:
    fresh = open_database(data_dir=tmp_path / "fresh")
    try:
        dialog = OfficeDialog(fresh, first_start=True)
        qtbot.addWidget(dialog)
        assert not dialog.intro_label.isHidden()
        assert dialog.agency_edit.text() == EXAMPLE_OFFICE.agency_name
        assert dialog.signer_name_edit.text() == EXAMPLE_OFFICE.signers[0].full_name
        assert dialog.desk_edit.text() == "D01"
    finally:
        fresh.dispose()


def test_authority_prefix_is_split_from_the_free_text() -> None:
    assert split_authority("TM. Ủy ban nhân dân") == ("TM.", "Ủy ban nhân dân")
    assert split_authority("Trưởng ban") == ("", "Trưởng ban")
    assert split_authority("") == ("", "")


def test_the_competent_authority_and_its_signer_are_edited_and_saved(qtbot: QtBot, database: Database) -> None:
    """Issue 10: acceptance and refusal letters are the competent authority's; the dialog takes it."""
    dialog = OfficeDialog(database)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.competent_edit.text() == EXAMPLE_OFFICE.authorities[0].name
    dialog.competent_edit.setText("Ủy ban nhân dân huyện Châu Thành")
    dialog.competent_symbol_edit.setText("ubnd")
    dialog.inspectorate_edit.setText("Thanh tra huyện Châu Thành")
    dialog.competent_signer_edit.setText("Lê Văn Tám")
    dialog.competent_position_edit.setText("Phó Chủ tịch")
    dialog.competent_prefix_combo.setCurrentIndex(dialog.competent_prefix_combo.findData("KT."))
    press_save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with database.sessions() as session:
        profile = get_office(session)
    assert profile is not None
    authority = profile.authorities[0]
    assert (authority.name, authority.number_symbol, authority.inspectorate) == (
        "Ủy ban nhân dân huyện Châu Thành",
        "UBND",
        "Thanh tra huyện Châu Thành",
    )
    assert authority.signers[0].full_name == "Lê Văn Tám"
    assert authority.signers[0].authority == "KT."


def test_first_start_asks_for_at_least_one_signer(qtbot: QtBot, database: Database) -> None:
    dialog = OfficeDialog(database, first_start=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.signer_name_edit.clear()
    press_save(dialog)
    assert dialog.boxes["signers.0.full_name"].message() == _("Enter at least one person who signs the letters.")
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_an_authority_without_its_symbol_is_shown_under_the_field(qtbot: QtBot, database: Database) -> None:
    dialog = OfficeDialog(database)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.competent_symbol_edit.clear()
    press_save(dialog)
    assert dialog.boxes["authorities.0.number_symbol"].has_error
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_an_agency_name_typed_on_two_lines_is_kept_as_typed(qtbot: QtBot, database: Database) -> None:
    dialog = OfficeDialog(database)
    qtbot.addWidget(dialog)
    dialog.agency_edit.setText("Ban Tiếp công dân tỉnh\nAn Giang")
    press_save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with database.sessions() as session:
        office = get_office(session)
        assert office is not None
        assert (office.agency_name, office.agency_heading) == (
            "Ban Tiếp công dân tỉnh An Giang",
            "Ban Tiếp công dân tỉnh\nAn Giang",
        )
    again = OfficeDialog(database)  # shown again as typed
    qtbot.addWidget(again)
    assert again.agency_edit.text() == "Ban Tiếp công dân tỉnh\nAn Giang"
