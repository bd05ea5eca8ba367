"""The side panel of people seen before, and the question about a repeat visit before saving."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.enums import Classification, ParticipantRole, Role
from db.models import Visit
from desktop.core.database import Database
from desktop.core.reception.visits import ParticipantInput, register_visit
from desktop.ui import signed_in
from desktop.ui.reception import form as form_module
from desktop.ui.reception.form import ReceptionForm
from desktop.ui.reception.repeat_dialog import NEW_MATTER, RepeatDialog
from tests.builders import ADMIN, an_actor, make_citizen, make_draft
from tests.helpers.waiting import WAIT_MS
from tests.ui.reception.test_scanning import SCANNER_STEP_MS, send_keys

EARLIER = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
CARD = (
    "089185000123|351234567|Nguyễn Thị Ánh Tuyết|01011985|Nữ|"
    "Số 12, ấp Mỹ Thới, xã Mỹ Hòa Hưng, thành phố Long Xuyên, An Giang|12042021"
)


def _earlier(database: Database, **overrides: object) -> str:
    with database.sessions.begin() as session:
        draft = make_draft(**overrides)
        return register_visit(session, draft, desk_code="D01", now=EARLIER, actor=ADMIN).visit.serial


def _wait_for_people(qtbot: QtBot, form: ReceptionForm, count: int = 1) -> None:
    qtbot.waitUntil(lambda: len(form.returning.people) == count, timeout=WAIT_MS)


def test_a_scanned_card_shows_the_person_seen_before(
    qtbot: QtBot, form: ReceptionForm, database: Database, tmp_path: Path
) -> None:
    serial = _earlier(database)
    send_keys(CARD, step_ms=SCANNER_STEP_MS)
    _wait_for_people(qtbot, form)
    text = form.returning.list.item(0).text()
    assert "Nguyễn Thị Ánh Tuyết (1985)" in text
    assert serial in text
    form.grab().save(str(tmp_path / "form-with-panel.png"))
    assert (tmp_path / "form-with-panel.png").stat().st_size > 0


def test_ctrl_enter_takes_the_stored_details(qtbot: QtBot, form: ReceptionForm, database: Database) -> None:
    _earlier(database)
    form.citizen.id_number_edit.setText("089185000123")
    _wait_for_people(qtbot, form)
    qtbot.keyClick(form.citizen.id_number_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.citizen.name_edit.text() == "Nguyễn Thị Ánh Tuyết"
    assert form.citizen.phone_edit.text() == "0912345678"
    assert form.citizen.address_edit.text() == "Số 12, ấp Mỹ Thới"
    assert form.citizen.commune_combo.code() == 30313


def test_a_name_with_the_year_finds_the_person(qtbot: QtBot, form: ReceptionForm, database: Database) -> None:
    _earlier(database)
    form.citizen.name_edit.setText("nguyễn thị ánh tuyết")
    form.citizen.birth_field.setText("1985")
    _wait_for_people(qtbot, form)
    form.returning.take_button.click()
    assert form.citizen.id_number_edit.text() == "089185000123"


def test_a_denouncer_is_not_shown_to_a_receptionist(qtbot: QtBot, form: ReceptionForm, database: Database) -> None:
    """Even a masked row under the number scanned would tell that this person denounced someone."""
    _earlier(
        database,
        classification=Classification.DENUNCIATION,
        participants=(ParticipantInput(make_citizen(), ParticipantRole.DENOUNCER),),
    )
    signed_in.sign_in(an_actor(Role.RECEPTIONIST))
    form.citizen.id_number_edit.setText("089185000123")
    assert form.returning.timer.isActive()  # the look-up is asked for ...
    qtbot.waitUntil(lambda: not form.returning.timer.isActive(), timeout=WAIT_MS)  # ... and has run
    assert form.returning.people == []
    assert not form.returning.isVisible()


def _fill_visit(form: ReceptionForm) -> None:
    c = form.citizen
    c.name_edit.setText("Nguyễn Thị Ánh Tuyết")
    c.id_number_edit.setText("089185000123")
    c.birth_field.setText("1985")
    form.reception.classification_combo.set_value(Classification.COMPLAINT)
    form.reception.content_edit.setPlainText("Khiếu nại quyết định thu hồi đất số 15/QĐ-UBND xã Mỹ Hòa Hưng")
    form.outcome.outcome_combo.setCurrentIndex(1)


@pytest.mark.parametrize(("answer", "linked"), [("link", True), ("new", False)])
def test_the_repeat_question_is_answered_and_kept(
    form: ReceptionForm, database: Database, monkeypatch: pytest.MonkeyPatch, answer: str, linked: bool
) -> None:
    earlier = _earlier(database)
    shown: list[RepeatDialog] = []

    def answer_dialog(parent: object, content: str, candidates: list[object]) -> str | None:
        dialog = RepeatDialog(content, candidates)  # type: ignore[arg-type]
        shown.append(dialog)
        (dialog.link_button if answer == "link" else dialog.new_button).click()
        return dialog.answer

    monkeypatch.setattr(form_module, "ask_repeat", answer_dialog)
    monkeypatch.setattr(form, "_accept_warnings", lambda warnings: True)
    _fill_visit(form)
    serial = form.save()
    assert serial is not None
    assert shown[0].table.item(0, 0).text() == earlier
    with database.sessions() as session:
        rows = {v.serial: v for v in session.scalars(select(Visit))}
    assert rows[serial].repeat_checked
    assert (rows[serial].repeat_of_id == rows[earlier].id) is linked
    assert answer != "new" or shown[0].answer == NEW_MATTER


def test_cancelling_the_repeat_question_saves_nothing(
    form: ReceptionForm, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _earlier(database)
    monkeypatch.setattr(form_module, "ask_repeat", lambda *args: None)
    monkeypatch.setattr(form, "_accept_warnings", lambda warnings: True)
    _fill_visit(form)
    assert form.save() is None
    assert form.citizen.name_edit.text() == "Nguyễn Thị Ánh Tuyết"  # nothing typed is lost
    with database.sessions() as session:
        assert len(session.scalars(select(Visit)).all()) == 1
