"""Settings → Fields: add, rename, retire; errors next to the fields, typed text kept."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.core.cases.petitions import list_fields
from desktop.core.database import Database
from desktop.ui.cases.fields_dialog import FieldsDialog


def test_fields_dialog_adds_and_retires(qtbot: QtBot, database: Database, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    dialog = FieldsDialog(database)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    before = dialog.model.rowCount()
    dialog.code_edit.setText("GD")
    dialog.name_edit.setText("Giáo dục")
    dialog.save_button.click()
    assert dialog.model.rowCount() == before + 1
    dialog.code_edit.setText("MT")
    dialog.name_edit.setText("Môi trường")
    dialog.active_check.setChecked(False)
    dialog.save_button.click()
    with database.sessions() as session:
        codes = dict(list_fields(session))
    assert codes["GD"] == "Giáo dục"
    assert "MT" not in codes


def test_bad_field_is_explained_and_kept(qtbot: QtBot, database: Database) -> None:
    dialog = FieldsDialog(database)
    qtbot.addWidget(dialog)
    dialog.code_edit.setText("G D")
    dialog.save_button.click()
    assert dialog.error_label.text()
    assert dialog.code_edit.text() == "G D"
