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


def test_every_signer_and_authority_is_edited_added_and_removed(
    qtbot: QtBot, database: Database, tmp_path: Path
) -> None:
    """Issue 10: the whole lists, not only the first row: the board's signers, the authorities and theirs."""
    from dataclasses import replace

    from desktop.core.office import AuthorityProfile, SignerProfile, save_office

    second = AuthorityProfile(
        "Ủy ban nhân dân xã Mỹ Hòa Hưng",
        "Chủ tịch",
        signing_line="TM. Ủy ban nhân dân",
        number_symbol="UBND",
        signers=(SignerProfile("Trần Văn Hai", "Chủ tịch"), SignerProfile("Lê Thị Ba", "Phó Chủ tịch", "KT.")),
    )
    with database.sessions.begin() as session:
        office = get_office(session) or EXAMPLE_OFFICE
        save_office(
            session,
            replace(
                office,
                signers=(*office.signers, SignerProfile("Phạm Văn Tư", "Phó Trưởng ban", "KT. Trưởng ban")),
                authorities=(*office.authorities, second),
            ),
        )
    dialog = OfficeDialog(database)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.signers_view.list.count() == len(EXAMPLE_OFFICE.signers) + 1
    assert dialog.authorities_view.list.count() == len(EXAMPLE_OFFICE.authorities) + 1

    # The board's second signer: edited; then a third added; then the first removed.
    dialog.signers_view.list.setCurrentRow(1)
    assert dialog.signer_name_edit.text() == "Phạm Văn Tư"
    assert dialog.authority_combo.currentData() == "KT."
    dialog.signer_position_edit.setText("Phó Trưởng ban thường trực")
    dialog.signers_view.add_button.click()
    assert dialog.signer_name_edit.text() == ""
    dialog.signer_name_edit.setText("Võ Thị Năm")
    dialog.signer_position_edit.setText("Phó Trưởng ban")
    dialog.authority_combo.setCurrentIndex(dialog.authority_combo.findData("KT."))
    dialog.authority_edit.setText("Trưởng ban")
    dialog.signers_view.list.setCurrentRow(0)
    dialog.signers_view.remove_button.click()

    # The second authority: its second signer edited, a signer added for it, and an empty row left out.
    dialog.authorities_view.list.setCurrentRow(1)
    assert dialog.competent_edit.text() == second.name
    assert dialog.authority_signers_view.list.count() == 2
    dialog.authority_signers_view.list.setCurrentRow(1)
    assert dialog.competent_signer_edit.text() == "Lê Thị Ba"
    dialog.competent_position_edit.setText("Phó Chủ tịch thường trực")
    dialog.authority_signers_view.add_button.click()
    dialog.competent_signer_edit.setText("Đỗ Văn Sáu")
    dialog.competent_position_edit.setText("Phó Chủ tịch")
    dialog.competent_prefix_combo.setCurrentIndex(dialog.competent_prefix_combo.findData("KT."))
    dialog.authority_signers_view.add_button.click()  # left empty
    # A third authority added, then removed again.
    dialog.authorities_view.add_button.click()
    dialog.competent_edit.setText("Sở Tư pháp")
    dialog.authorities_view.remove_button.click()
    dialog.grab().save(str(tmp_path / "office.png"))
    press_save(dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    with database.sessions() as session:
        profile = get_office(session)
    assert profile is not None
    assert [(s.full_name, s.position, s.authority) for s in profile.signers] == [
        ("Phạm Văn Tư", "Phó Trưởng ban thường trực", "KT. Trưởng ban"),
        ("Võ Thị Năm", "Phó Trưởng ban", "KT. Trưởng ban"),
    ]
    assert [a.name for a in profile.authorities] == [EXAMPLE_OFFICE.authorities[0].name, second.name]
    assert profile.authorities[0] == EXAMPLE_OFFICE.authorities[0]  # untouched
    assert [(s.full_name, s.position, s.authority) for s in profile.authorities[1].signers] == [
        ("Trần Văn Hai", "Chủ tịch", ""),
        ("Lê Thị Ba", "Phó Chủ tịch thường trực", "KT."),
        ("Đỗ Văn Sáu", "Phó Chủ tịch", "KT."),
    ]


def test_a_problem_in_another_row_selects_that_row_and_shows_under_its_field(qtbot: QtBot, database: Database) -> None:
    dialog = OfficeDialog(database)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.authorities_view.add_button.click()
    dialog.competent_edit.setText("Sở Tư pháp tỉnh An Giang")
    dialog.competent_head_edit.setText("Giám đốc")  # no number symbol
    dialog.authorities_view.list.setCurrentRow(0)
    press_save(dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.authorities_view.list.currentRow() == 1
    assert dialog.competent_edit.text() == "Sở Tư pháp tỉnh An Giang"
    assert dialog.boxes["authorities.0.number_symbol"].has_error  # the fields of the row selected
    with database.sessions() as session:
        assert get_office(session) == EXAMPLE_OFFICE
