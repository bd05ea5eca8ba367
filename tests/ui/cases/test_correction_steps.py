"""From a petition's page: take its decision back, cancel its letter; each asks why, confirms, and records."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from db.enums import Competence, DocumentKind, PetitionDecision, Role
from desktop.core.cases.dossier import IssuedLetterView
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.letters import issue_letter
from desktop.core.cases.petitions import read_petition, register_petition
from desktop.core.database import Database
from desktop.ui.cases import correction_dialogs
from desktop.ui.cases.case_page import LettersModel
from desktop.ui.cases.correction_dialogs import StepDialog
from desktop.ui.cases.petition_page import PetitionPage
from tests.builders import ADMIN, an_actor, make_petition_draft

TODAY = dt.date(2026, 3, 20)
# Another body's matter: the law lets it be guided there (docs/legal-basis.md#paths-the-law-allows).
NOT_OURS = make_petition_draft(competence=Competence.OTHER_BODY, competent_body="Ủy ban nhân dân xã Mỹ Hòa Hưng")


@pytest.fixture
def guided(database: Database) -> tuple[str, str]:
    """A petition guided elsewhere, and the number of its guidance letter."""
    with database.sessions.begin() as session:
        number = register_petition(session, NOT_OURS, desk_code="D01", today=TODAY, actor=ADMIN).number
        decide_petition(
            session,
            number,
            PetitionDecision.GUIDE,
            on=dt.date(2026, 3, 9),
            desk_code="D01",
            today=TODAY,
            actor=ADMIN,
            competent_body="Ủy ban nhân dân xã Mỹ Hòa Hưng",
        )
        letter = issue_letter(
            session, DocumentKind.GUIDANCE, number, data_dir=database.data_dir, today=TODAY, viewer=ADMIN
        )
    return number, letter.number


WINDOWS: list[QWidget] = []  # the pages' windows, alive while their test runs (qtbot closes them)


def _page(qtbot: QtBot, database: Database, number: str, role: Role = Role.ADMIN) -> PetitionPage:
    window = QWidget()
    WINDOWS[:] = [window]
    window.actor = ADMIN if role == Role.ADMIN else an_actor(role, "canbo")  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    return PetitionPage(database, number, window)  # closed with its window


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str, **_kwargs: object) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(correction_dialogs, "confirm", yes)
    return asked


def _answer_with(monkeypatch: pytest.MonkeyPatch, reasons: list[str], shown: list[str]) -> None:
    """Each dialog opened is given the next reason and saved; what it shows as an error is kept."""

    def run(dialog: StepDialog) -> int:
        dialog.reason.setPlainText(reasons.pop(0))
        dialog.save()
        shown.append(dialog.error.text() if not dialog.saved else "")
        return 1

    monkeypatch.setattr(StepDialog, "exec", run)


def test_the_letter_is_cancelled_then_the_decision_taken_back(
    qtbot: QtBot,
    database: Database,
    guided: tuple[str, str],
    answers: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    number, letter = guided
    page = _page(qtbot, database, number)
    assert not page.revert_button.isHidden()
    assert not page.cancel_letter_button.isHidden()
    shown: list[str] = []
    _answer_with(monkeypatch, ["Nhầm", "Sai nơi nhận", "Nhầm hướng xử lý"], shown)
    page.revert_decision()  # refused: the letter is still valid
    assert letter in shown[-1]
    assert not page.changed
    page.cancel_letter()
    assert letter in answers[-1]
    assert "Đã hủy: Sai nơi nhận" in page.browser.toPlainText()
    assert page.cancel_letter_button.isHidden()
    page.revert_decision()
    assert shown[-1] == ""
    assert page.changed
    assert page.revert_button.isHidden()
    assert not page.decide_button.isHidden()  # it can be decided again
    assert "Nhầm hướng xử lý" in page.browser.toPlainText()
    with database.sessions() as session:
        assert read_petition(session, number).decision is None


def test_a_handler_is_not_offered_the_steps(qtbot: QtBot, database: Database, guided: tuple[str, str]) -> None:
    page = _page(qtbot, database, guided[0], Role.HANDLER)
    assert page.revert_button.isHidden()
    assert page.cancel_letter_button.isHidden()


def test_the_case_page_lists_a_cancelled_letter_with_its_reason(qapp: object) -> None:
    model = LettersModel()
    model.set_rows(
        [
            IssuedLetterView(DocumentKind.ACCEPTANCE, "01/TB-UBND", TODAY, "", "", cancelled="Sai ngày"),
            IssuedLetterView(DocumentKind.ACCEPTANCE, "02/TB-UBND", TODAY, "", ""),
        ]
    )
    assert [model.index(row, 4).data() for row in range(2)] == ["Đã hủy: Sai ngày", ""]
