"""The case page: the due date and its why, the timeline, legal steps recorded, illegal ones refused."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.enums import CaseEventKind, DocumentKind, Sex
from db.models import CaseEvent, IssuedDocument
from desktop.core.database import Database
from desktop.core.formatting import short_date, today_local
from desktop.core.labels import label
from desktop.core.paperwork.official_numbers import NumberUnavailableError
from desktop.ui.cases import letter_printing
from desktop.ui.cases.case_page import CasePage, ExplanationDialog
from tests.ui.cases.conftest import add_case, pdf_text, working_days_ago
from tests.ui.conftest import type_text


@pytest.fixture
def page(qtbot: QtBot, database: Database) -> CasePage:
    case = add_case(database, working_days_ago(6), working_days_ago(5))
    widget = CasePage(database, case)
    qtbot.addWidget(widget)
    widget.resize(860, 640)
    widget.show()
    return widget


def _events(database: Database) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(CaseEvent)) or 0


def test_header_shows_the_due_date_and_why(page: CasePage, monkeypatch: pytest.MonkeyPatch) -> None:
    view = page.view
    assert page.due_label.text() == short_date(view.due_on)
    assert page.due_label.toolTip() == view.explanation
    assert "Luật Khiếu nại" in view.explanation
    assert f"Hạn: {short_date(view.due_on)}" in view.explanation
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(ExplanationDialog, "show_text", lambda parent, title, text: shown.append((title, text)))
    page.why_button.click()
    assert shown[0][1] == view.explanation
    assert page.timeline.rowCount() == 1
    assert page.timeline.index(0, 1).data() == label(CaseEventKind.ACCEPTED)


def test_records_an_allowed_step(qtbot: QtBot, page: CasePage, database: Database) -> None:
    offered = [page.step_combo.itemData(i) for i in range(page.step_combo.count())]
    assert offered == [kind.value for kind in page.view.allowed]
    assert CaseEventKind.FINAL.value not in offered
    page.step_combo.set_value(CaseEventKind.VERIFICATION)
    page.note_edit.setFocus()
    type_text("Xác minh tại thực địa, ấp Mỹ Thới", page.note_edit)
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)

    assert page.record_message.isHidden()
    assert page.changed
    assert _events(database) == 2
    assert page.timeline.rowCount() == 2
    assert page.timeline.index(1, 1).data() == label(CaseEventKind.VERIFICATION)
    assert page.timeline.index(1, 3).data() == "Xác minh tại thực địa, ấp Mỹ Thới"
    assert page.note_edit.text() == ""


def test_refuses_an_illegal_step_with_a_visible_message(qtbot: QtBot, page: CasePage, database: Database) -> None:
    assert not page.record_step(CaseEventKind.FINAL, today_local())  # no decision yet: cannot become final
    assert page.record_message.isVisible()
    assert label(CaseEventKind.FINAL) in page.record_message.text()
    assert _events(database) == 1
    assert not page.changed

    page.step_combo.set_value(CaseEventKind.VERIFICATION)
    page.date_field.set_value(working_days_ago(30))  # before the acceptance
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    assert page.record_message.isVisible()
    assert _events(database) == 1


def test_prints_the_acceptance_notice(page: CasePage, database: Database, previews: list[dict[str, Any]]) -> None:
    assert list(page.print_buttons) == [DocumentKind.PROPOSAL, DocumentKind.ACCEPTANCE]
    page.print_buttons[DocumentKind.ACCEPTANCE].click()
    [shown] = previews
    assert "THÔNG BÁO" in pdf_text(shown["pdf"])
    assert page.letters.rowCount() == 1
    assert page.letters.index(0, 0).data() == label(DocumentKind.ACCEPTANCE)


def test_a_letter_without_an_official_number_stays_a_draft(
    page: CasePage,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    previews: list[dict[str, Any]],
    informed: list[str],
) -> None:
    def offline(*args: object, **kwargs: object) -> None:
        raise NumberUnavailableError("no number")

    monkeypatch.setattr(letter_printing, "print_letter", offline)
    page.print_buttons[DocumentKind.ACCEPTANCE].click()
    assert previews == []
    assert informed == [letter_printing.draft_message(DocumentKind.ACCEPTANCE)]
    with database.sessions() as session:
        assert session.scalars(select(IssuedDocument)).all() == []


def test_a_decision_step_keeps_the_number_and_signer_of_its_paper(
    qtbot: QtBot, page: CasePage, database: Database
) -> None:
    """The report back quotes the decision (issue 10): the page records its number and signer with the step."""
    page.step_combo.set_value(CaseEventKind.DECIDED)
    page.paper_number_edit.setFocus()
    type_text("45/QĐ-UBND", page.paper_number_edit)
    page.paper_signer_edit.setFocus()
    type_text("Chủ tịch Ủy ban nhân dân tỉnh An Giang", page.paper_signer_edit)
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)

    assert page.record_message.isHidden()
    with database.sessions() as session:
        decided = session.scalars(select(CaseEvent).where(CaseEvent.kind == CaseEventKind.DECIDED)).one()
    assert (decided.result_number, decided.result_signer) == ("45/QĐ-UBND", "Chủ tịch Ủy ban nhân dân tỉnh An Giang")
    assert page.paper_number_edit.text() == ""


def test_the_notice_to_the_person_denounced_asks_who_they_are_and_never_names_the_denouncer(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch, previews: list[dict[str, Any]]
) -> None:
    from db.enums import PetitionKind
    from desktop.core.access import NOBODY
    from desktop.core.cases.letters import issue_letter
    from desktop.ui.cases.denounced_dialog import DenouncedDialog
    from tests.builders import NAME

    case = add_case(database, working_days_ago(6), working_days_ago(5), kind=PetitionKind.DENUNCIATION)
    with database.sessions.begin() as session:
        issue_letter(session, DocumentKind.ACCEPTANCE_DECISION, case, data_dir=database.data_dir, viewer=NOBODY)
    page = CasePage(database, case)
    qtbot.addWidget(page)
    page.show()
    assert DocumentKind.DENOUNCED_NOTICE in page.print_buttons
    assert DocumentKind.ACCEPTANCE not in page.print_buttons  # the notice to the denouncer instead

    asked: list[DenouncedDialog] = []

    def answer(dialog: DenouncedDialog) -> int:
        asked.append(dialog)
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()  # a name is needed
        dialog.name_edit.setText("Lê Văn Tám")
        dialog.sex_combo.set_value(Sex.MALE)
        dialog.position_edit.setText("Chủ tịch Ủy ban nhân dân xã Mỹ Hòa Hưng")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(DenouncedDialog, "exec", answer)
    page.print_buttons[DocumentKind.DENOUNCED_NOTICE].click()
    [shown] = previews
    text = pdf_text(shown["pdf"])
    assert "Kính gửi: Ông Lê Văn Tám" in text
    assert NAME not in text
    page.print_buttons[DocumentKind.DENOUNCED_NOTICE].click()  # a reprint asks nothing
    assert len(asked) == 1
    assert previews[1]["pdf"] == shown["pdf"]
