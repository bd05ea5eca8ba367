"""Bad input: messages appear under the very field, nothing is written, and what was typed stays."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from db.enums import Outcome, ReceivedBy, Sex
from desktop.core.database import Database
from desktop.core.i18n import _
from desktop.ui.reception.form import ReceptionForm
from desktop.ui.widgets.field_box import ERROR_COLOUR, WARNING_COLOUR
from tests.helpers.waiting import WAIT_MS
from tests.ui.conftest import Questions
from tests.ui.helpers import CONTENT, count_visits, fill_minimal, stored_visit

NAME_KEY = "participants.0.full_name"
ID_KEY = "participants.0.id_number"


def test_empty_name_is_shown_in_red_under_the_name_and_nothing_is_saved(
    qtbot: QtBot, form: ReceptionForm, database: Database
) -> None:
    fill_minimal(form, name="")
    assert form.save() is None

    box = form.citizen.boxes[NAME_KEY]
    assert form.message_for(NAME_KEY) == _("Enter the full name.")
    assert box.message_label.isVisibleTo(form)
    assert ERROR_COLOUR in box.message_label.styleSheet()
    assert box.message_label.y() > box.editor.y()  # under the field
    qtbot.waitUntil(form.citizen.name_edit.hasFocus, timeout=WAIT_MS)
    assert count_visits(database) == 0
    assert form.reception.content_edit.toPlainText() == CONTENT
    assert form.citizen.id_number_edit.text() != ""


def test_message_goes_away_once_the_field_is_corrected(form: ReceptionForm, database: Database) -> None:
    fill_minimal(form, name="")
    form.save()
    form.citizen.name_edit.setText("Trần Văn Đức")
    assert form.save() is not None
    assert form.message_for(NAME_KEY) == ""
    assert count_visits(database) == 1


def test_short_cccd_is_shown_under_the_paper_number(form: ReceptionForm, database: Database) -> None:
    fill_minimal(form)
    form.citizen.id_number_edit.setText("12345")
    assert form.save() is None
    assert form.message_for(ID_KEY) == _("A citizen identity card (CCCD) number has exactly 12 digits.")
    assert form.message_for(NAME_KEY) == ""
    assert form.citizen.id_number_edit.text() == "12345"
    assert count_visits(database) == 0


def test_bad_phone_is_shown_under_the_phone(form: ReceptionForm, database: Database) -> None:
    fill_minimal(form)
    form.citizen.phone_edit.setText("12 34")
    assert form.save() is None
    assert form.message_for("participants.0.phone")
    assert count_visits(database) == 0


def test_appointment_needs_a_date_and_a_place(form: ReceptionForm, database: Database) -> None:
    fill_minimal(form)
    form.outcome.outcome_combo.set_value(Outcome.APPOINTMENT)
    form.outcome.place_edit.clear()
    assert form.save() is None
    assert form.message_for("appointment_at")
    assert form.message_for("appointment_place")
    assert count_visits(database) == 0


def test_unreadable_dates_and_unknown_communes_are_input_errors(form: ReceptionForm, database: Database) -> None:
    fill_minimal(form)
    form.citizen.birth_field.setText("31/02/1985")
    form.citizen.commune_combo.setEditText("Xã Không Có")
    form.outcome.outcome_combo.set_value(Outcome.APPOINTMENT)
    form.outcome.appointment_field.setText("ngày mai")
    assert form.save() is None
    assert form.message_for("participants.0.birth_date")
    assert form.message_for("participants.0.commune_code")
    assert form.message_for("appointment_at")
    assert count_visits(database) == 0


def test_classification_and_outcome_must_be_chosen(form: ReceptionForm, database: Database) -> None:
    fill_minimal(form)
    form.reception.classification_combo.set_value(None)
    form.outcome.outcome_combo.set_value(None)
    assert form.save() is None
    assert form.message_for("classification")
    assert form.message_for("outcome")


def test_leader_name_is_needed_when_a_leader_receives(form: ReceptionForm) -> None:
    fill_minimal(form)
    form.reception.received_by_combo.set_value(ReceivedBy.LEADER)
    assert form.reception.leader_edit.isEnabled()
    assert form.save() is None
    assert form.message_for("leader_name")


def test_bad_document_row_is_named_under_the_documents(form: ReceptionForm) -> None:
    fill_minimal(form)
    row = form.documents.rows.add_row()
    form.documents.rows.table.item(row, 0).setText("Đơn tố cáo")
    form.documents.rows.table.item(row, 1).setData(0x0002, 0)
    assert form.save() is None
    message = form.documents.boxes["documents"].message()
    assert message == _("Document {row}: {message}").format(row=1, message=_("A document has at least one page."))


def test_warnings_are_shown_in_orange_and_saving_needs_a_yes(
    form: ReceptionForm, database: Database, questions: Questions
) -> None:
    fill_minimal(form)
    form.citizen.sex_combo.set_value(Sex.MALE)  # the 4th digit of the CCCD says female
    assert form.save() is None
    assert len(questions.asked) == 1
    box = form.citizen.boxes[ID_KEY]
    assert box.message()
    assert not box.has_error
    assert WARNING_COLOUR in box.message_label.styleSheet()
    assert count_visits(database) == 0

    questions.replies.append(QMessageBox.StandardButton.Yes)
    assert form.save() is not None
    assert count_visits(database) == 1


def test_delegation_representatives_are_saved_as_participants(form: ReceptionForm, database: Database) -> None:
    fill_minimal(form)
    form.delegation.delegation_check.setChecked(True)
    form.delegation.head_count_spin.setValue(7)
    form.delegation.main_is_representative_check.setChecked(True)
    row = form.delegation.rows.add_row()
    for column, text in enumerate(("Lê Văn Tám", "089085000456", "0987654321")):
        form.delegation.rows.table.item(row, column).setText(text)
    assert form.save() is not None
    visit = stored_visit(database)
    with database.sessions() as session:
        session.add(visit)
        assert visit.is_delegation
        assert visit.head_count == 7
        assert [(p.citizen.full_name, p.is_representative) for p in visit.participants] == [
            ("Nguyễn Thị Ánh Tuyết", True),
            ("Lê Văn Tám", True),
        ]


def test_reception_time_typed_in_the_future_is_refused(form: ReceptionForm) -> None:
    fill_minimal(form)
    form.reception.received_at_field.set_value(dt.datetime.now() + dt.timedelta(days=2))
    assert form.save() is None
    assert form.message_for("received_at")
