"""The reception form driven from the keyboard, as a receptionist does, down to the stored visit."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db.enums import Classification, IdType, Outcome, Sex
from desktop.core.database import Database
from desktop.core.formatting import local, today_local
from desktop.ui.reception.book_panel import BookPanel
from desktop.ui.reception.form import ReceptionForm
from tests.helpers.waiting import WAIT_MS
from tests.ui.conftest import focused, tab_until, type_text
from tests.ui.helpers import CCCD_FEMALE_1985, CONTENT, NAME, count_visits, fill_minimal, stored_visit


def test_tab_walks_the_form_top_to_bottom(qtbot: QtBot, form: ReceptionForm) -> None:
    citizen, reception, outcome = form.citizen, form.reception, form.outcome
    expected = [
        citizen.sex_combo,
        citizen.birth_field,
        citizen.id_type_combo,
        citizen.id_number_edit,
        citizen.issue_date_field,
        citizen.issue_place_edit,
        citizen.old_id_edit,
        citizen.phone_edit,
        citizen.ethnicity_edit,
        citizen.province_combo,
        citizen.commune_combo,
        citizen.address_edit,
        citizen.nationality_edit,
        reception.received_at_field,
        reception.kind_combo,
        reception.received_by_combo,
        reception.classification_combo,
        reception.content_edit,
        reception.requests_edit,
        reception.prior_edit,
        form.documents.rows.table,
        form.documents.rows.add_button,
        form.documents.rows.remove_button,
        form.delegation.delegation_check,
        outcome.outcome_combo,
        outcome.note_edit,
        form.clear_button,
        form.save_button,
        form.print_button,
    ]
    for widget in expected:
        assert tab_until(qtbot, widget, limit=1) == 1, f"Tab skipped to {focused()!r} before {widget!r}"


def test_receptionist_types_a_visit_and_saves_it_with_ctrl_s(
    qtbot: QtBot, form: ReceptionForm, database: Database
) -> None:
    type_text(NAME)
    tab_until(qtbot, form.citizen.sex_combo)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # Not stated -> Male -> Female
    tab_until(qtbot, form.citizen.birth_field)
    type_text("1985")
    tab_until(qtbot, form.citizen.id_number_edit)
    type_text(CCCD_FEMALE_1985)
    tab_until(qtbot, form.citizen.phone_edit)
    type_text("0912 345 678")
    tab_until(qtbot, form.citizen.commune_combo)
    type_text("my hoa hung")  # no diacritics typed: the combo finds "Xã Mỹ Hòa Hưng"
    tab_until(qtbot, form.citizen.address_edit)
    type_text("Ấp Mỹ Thới")
    tab_until(qtbot, form.reception.classification_combo)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # -> Complaint
    tab_until(qtbot, form.reception.content_edit)
    type_text(CONTENT)
    tab_until(qtbot, form.outcome.outcome_combo)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # -> Guided
    with qtbot.waitSignal(form.visit_saved, timeout=WAIT_MS) as saved:
        qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    serial = f"D01-{today_local().year}-000001"
    assert saved.args == [serial]
    visit = stored_visit(database)
    assert visit.serial == serial
    assert visit.classification == Classification.COMPLAINT
    assert visit.outcome == Outcome.GUIDE
    assert visit.content_summary == CONTENT
    with database.sessions() as session:
        session.add(visit)
        citizen = visit.participants[0].citizen
        assert citizen.full_name == NAME
        assert unicodedata.is_normalized("NFC", citizen.full_name)
        assert (citizen.sex, citizen.birth_year, citizen.id_type) == (Sex.FEMALE, 1985, IdType.CCCD)
        assert citizen.id_number == CCCD_FEMALE_1985
        assert citizen.phone == "0912345678"
        assert citizen.address == "Ấp Mỹ Thới, xã Mỹ Hòa Hưng, tỉnh An Giang"

    book = BookPanel(database)
    qtbot.addWidget(book)
    assert book.model.rowCount() == 1
    assert book.model.index(0, 0).data() == serial
    assert book.model.index(0, 2).data() == NAME
    assert book.model.index(0, 1).data() == local(visit.received_at).strftime("%H:%M")


def test_form_is_empty_and_ready_for_the_next_citizen_after_saving(qtbot: QtBot, form: ReceptionForm) -> None:
    fill_minimal(form)
    assert form.save() is not None
    assert form.citizen.name_edit.text() == ""
    assert form.reception.content_edit.toPlainText() == ""
    assert form.reception.classification_combo.value() is None
    assert form.banner.isVisible()
    assert "D01-" in form.banner.text()
    qtbot.waitUntil(form.citizen.name_edit.hasFocus, timeout=WAIT_MS)


def test_decomposed_input_method_text_is_stored_composed(qtbot: QtBot, form: ReceptionForm, database: Database) -> None:
    fill_minimal(form, name="")
    form.reception.content_edit.clear()
    for widget, text in ((form.citizen.name_edit, NAME), (form.reception.content_edit, CONTENT)):
        widget.setFocus()
        event = QInputMethodEvent("", [])
        event.setCommitString(unicodedata.normalize("NFD", text))  # what some IMEs deliver
        QApplication.sendEvent(widget.focusProxy() or widget, event)
    assert form.citizen.name_edit.text() == unicodedata.normalize("NFD", NAME)

    assert form.save() is not None
    visit = stored_visit(database)
    assert visit.content_summary == unicodedata.normalize("NFC", CONTENT)
    with database.sessions() as session:
        session.add(visit)
        assert visit.participants[0].citizen.full_name == unicodedata.normalize("NFC", NAME)
    assert count_visits(database) == 1
