"""A known identity number typed with another name: the form asks, saves with the answer, or keeps the typing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.enums import IdentityAnswer, IdType, Sex
from db.models import Citizen, CitizenChange
from desktop.core.access import NOBODY
from desktop.core.database import Database
from desktop.core.i18n import _
from desktop.core.reception.book import visit_detail
from desktop.core.reception.citizens import IdentityQuestion, identity_question_text, same_paper_text
from desktop.core.reception.visits import register_visit
from desktop.ui.cases.petition_dialog import PetitionDialog
from desktop.ui.reception import identity_dialog
from desktop.ui.reception.form import ReceptionForm
from desktop.ui.reception.identity_dialog import IdentityQuestionBox
from tests.builders import ADMIN, make_draft
from tests.ui.helpers import CCCD_FEMALE_1985, NAME, count_visits, fill_minimal

OTHER = "Trần Thị Khác"
QUESTION = IdentityQuestion(
    index=0,
    id_type=IdType.CCCD,
    id_number=CCCD_FEMALE_1985,
    recorded_name=NAME,
    recorded_birth_year=1985,
    typed_name=OTHER,
    typed_birth_year=None,
)


@pytest.fixture
def earlier(database: Database) -> str:
    """A visit of the builders' citizen, saved before the form opens."""
    with database.sessions.begin() as session:
        return register_visit(
            session, make_draft(), desk_code="D01", now=dt.datetime.now(dt.UTC), actor=ADMIN
        ).visit.serial


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[IdentityQuestion | IdentityAnswer | None]:
    """The questions asked, and the answer given to each: set ``answers[0]`` before saving."""
    given: list[IdentityQuestion | IdentityAnswer | None] = [None]

    def ask(parent: object, question: IdentityQuestion) -> IdentityAnswer | None:
        given.append(question)
        answer = given[0]
        assert answer is None or isinstance(answer, IdentityAnswer)
        return answer

    monkeypatch.setattr(identity_dialog, "ask_identity", ask)
    return given


def _citizen(database: Database) -> Citizen:
    with database.sessions() as session:
        citizen = session.scalars(select(Citizen)).one()
        session.expunge(citizen)
        return citizen


def test_same_person_with_new_details_is_saved_and_the_earlier_visit_stays(
    form: ReceptionForm, database: Database, earlier: str, answers: list[object]
) -> None:
    answers[0] = IdentityAnswer.SAME_PERSON_NEW_DETAILS
    fill_minimal(form, name=OTHER)
    serial = form.save()
    assert serial is not None
    [asked] = answers[1:]
    assert isinstance(asked, IdentityQuestion)
    assert (asked.recorded_name, asked.typed_name, asked.id_number) == (NAME, OTHER, CCCD_FEMALE_1985)
    assert _citizen(database).full_name == OTHER
    with database.sessions() as session:
        assert visit_detail(session, earlier, actor=NOBODY).main.full_name == NAME
        assert visit_detail(session, serial, actor=NOBODY).main.full_name == OTHER
        recorded = session.scalars(select(CitizenChange.answer)).all()
    assert set(recorded) == {IdentityAnswer.SAME_PERSON_NEW_DETAILS}


def test_a_typing_mistake_saves_the_recorded_name(
    form: ReceptionForm, database: Database, earlier: str, answers: list[object]
) -> None:
    answers[0] = IdentityAnswer.TYPING_MISTAKE
    fill_minimal(form, name=OTHER)
    serial = form.save()
    assert serial is not None
    assert NAME in form.banner.text()
    assert _citizen(database).full_name == NAME
    with database.sessions() as session:
        assert visit_detail(session, serial, actor=NOBODY).main.full_name == NAME


def test_cancel_saves_nothing_and_keeps_the_typing(
    form: ReceptionForm, database: Database, earlier: str, answers: list[object]
) -> None:
    fill_minimal(form, name=OTHER)
    assert form.save() is None
    assert len(answers) == 2  # asked once
    assert count_visits(database) == 1
    assert form.citizen.name_edit.text() == OTHER
    assert _citizen(database).full_name == NAME


def test_the_same_name_is_not_asked_about(
    form: ReceptionForm, database: Database, earlier: str, answers: list[object]
) -> None:
    fill_minimal(form)
    assert form.save() is not None
    assert answers[1:] == []
    assert count_visits(database) == 2


def test_two_people_with_the_same_paper_are_both_marked(form: ReceptionForm, database: Database) -> None:
    fill_minimal(form)
    form.delegation.delegation_check.setChecked(True)
    row = form.delegation.rows.add_row()
    for column, text in enumerate((OTHER, CCCD_FEMALE_1985, "")):
        form.delegation.rows.table.item(row, column).setText(text)
    assert form.save() is None
    assert form.message_for("participants.0.id_number") == same_paper_text()
    assert same_paper_text() in form.delegation.boxes["representatives"].message()
    assert count_visits(database) == 0


def test_the_question_box_offers_both_answers_and_cancel(qtbot: QtBot) -> None:
    for answer in (*IdentityAnswer, None):
        box = IdentityQuestionBox(QUESTION)
        qtbot.addWidget(box)
        assert box.text() == identity_question_text()
        assert NAME in box.informativeText()
        assert OTHER in box.informativeText()
        assert "1985" in box.informativeText()
        button = box.cancel_button if answer is None else box.button_for(answer)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert box.answer() == answer
    assert box.button_for(IdentityAnswer.TYPING_MISTAKE).text() == _("Typing mistake")


def test_the_petition_dialog_asks_about_its_sender(
    qtbot: QtBot, database: Database, earlier: str, answers: list[object]
) -> None:
    answers[0] = IdentityAnswer.SAME_PERSON_NEW_DETAILS
    dialog = PetitionDialog(database)
    qtbot.addWidget(dialog)
    sender = dialog.sender
    sender.name_edit.setText(OTHER)
    sender.sex_combo.set_value(Sex.FEMALE)
    sender.id_number_edit.setText(CCCD_FEMALE_1985)
    dialog.content.content_edit.setPlainText("Khiếu nại việc bồi thường")
    saved = dialog.save()
    assert saved is not None, dialog.messages.general_box.message()
    assert saved.sender_names == (OTHER,)
    assert len(answers) == 2
    assert _citizen(database).full_name == OTHER
