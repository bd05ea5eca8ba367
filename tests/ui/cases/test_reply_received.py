"""From a petition's page: record the day the reply to a petition sent on came in (02/TCD and the XLD tables
count it). Not before it was sent on, not in the future, a message under the field; the right petition.handle."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from db.enums import Competence, PetitionDecision, Role
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.petitions import register_petition
from desktop.core.database import Database
from desktop.core.formatting import today_local
from desktop.core.reports.periods import custom
from desktop.core.reports.results import reply_received_on
from desktop.core.reports.tables import compute
from desktop.ui.cases import petition_page
from desktop.ui.cases.petition_page import PetitionPage
from desktop.ui.cases.reply_dialog import ReplyDialog
from tests.builders import ADMIN, an_actor, make_petition_draft

SENT_ON = dt.date(2026, 3, 9)
OTHER_BODY = "Ủy ban nhân dân xã Mỹ Hòa Hưng"
WINDOWS: list[QWidget] = []


def _petition(database: Database, decision: PetitionDecision | None, competence: Competence) -> str:
    body = OTHER_BODY if competence != Competence.OURS else ""
    draft = make_petition_draft(competence=competence, competent_body=body)
    with database.sessions.begin() as session:
        number = register_petition(session, draft, desk_code="D01", today=SENT_ON, actor=ADMIN).number
        if decision is not None:
            decide_petition(
                session,
                number,
                decision,
                on=SENT_ON,
                desk_code="D01",
                today=SENT_ON,
                actor=ADMIN,
                competent_body=body,
            )
    return number


@pytest.fixture
def transferred(database: Database) -> str:
    return _petition(database, PetitionDecision.TRANSFER, Competence.OTHER_BODY)


def _page(qtbot: QtBot, database: Database, number: str, role: Role = Role.ADMIN) -> PetitionPage:
    window = QWidget()
    WINDOWS[:] = [window]
    window.actor = ADMIN if role == Role.ADMIN else an_actor(role, "canbo")  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    return PetitionPage(database, number, window)


def _replies(database: Database) -> int:
    """Column 26 of 01/XLD ("Số văn bản phúc đáp nhận được do chuyển đơn") over 2026 so far."""
    with database.sessions() as session:
        table = compute(session, "01/XLD", custom(dt.date(2026, 1, 1), today_local()), actor=ADMIN)
    return int(table.total.cells["26"])


def _reply_on(database: Database, number: str) -> dt.date | None:
    with database.sessions() as session:
        return reply_received_on(session, number)


def test_a_bad_day_is_refused_under_the_field_and_nothing_is_saved(
    qtbot: QtBot, database: Database, transferred: str
) -> None:
    page = _page(qtbot, database, transferred)
    dialog = ReplyDialog(database, transferred, SENT_ON, None, page)
    qtbot.addWidget(dialog)
    for typed, message in (
        ("08/03/2026", "09/03/2026"),  # before it was sent on: the message names the first allowed day
        ((today_local() + dt.timedelta(days=1)).strftime("%d/%m/%Y"), "tương lai"),
        ("31/02/2026", "05/03/2021"),  # no such day: how to type one
        ("", ""),
    ):
        dialog.date_edit.setText(typed)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        assert dialog.error_label.isVisibleTo(dialog), typed
        assert message in dialog.error_label.text(), (typed, dialog.error_label.text())
        assert not dialog.saved
    assert _reply_on(database, transferred) is None
    assert _replies(database) == 0


def test_the_page_records_the_reply_and_the_report_counts_it(
    qtbot: QtBot, database: Database, transferred: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(qtbot, database, transferred)
    assert page.reply_button.isVisibleTo(page)

    def answer(dialog: ReplyDialog) -> int:
        assert dialog.date_edit.text() == ""
        dialog.date_edit.setText("20/03/2026")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        return 1

    monkeypatch.setattr(petition_page.ReplyDialog, "exec", answer)
    page.reply_button.click()

    assert page.changed
    assert _reply_on(database, transferred) == dt.date(2026, 3, 20)
    assert "20/03/2026" in page.browser.toPlainText()
    assert _replies(database) == 1

    def clear(dialog: ReplyDialog) -> int:  # opened again: the day shown, and it can be cleared
        assert dialog.date_edit.text() == "20/03/2026"
        assert dialog.clear_button.isVisibleTo(dialog)
        dialog.clear_button.click()
        return 1

    monkeypatch.setattr(petition_page.ReplyDialog, "exec", clear)
    page.reply_button.click()
    assert _reply_on(database, transferred) is None
    assert _replies(database) == 0


def test_only_a_petition_sent_on_and_a_user_who_handles_petitions_get_the_action(
    qtbot: QtBot, database: Database, transferred: str
) -> None:
    assert not _shows_action(qtbot, database, transferred, Role.RECEPTIONIST)
    assert not _shows_action(qtbot, database, _petition(database, None, Competence.OTHER_BODY))  # not decided
    assert not _shows_action(qtbot, database, _petition(database, PetitionDecision.ACCEPT, Competence.OURS))
    assert _shows_action(qtbot, database, _petition(database, PetitionDecision.GUIDE, Competence.OTHER_BODY))
    assert _shows_action(qtbot, database, transferred, Role.HANDLER)


def _shows_action(qtbot: QtBot, database: Database, number: str, role: Role = Role.ADMIN) -> bool:
    page = _page(qtbot, database, number, role)
    return page.reply_button.isVisibleTo(page)


def test_a_user_without_the_right_is_refused_even_through_the_dialog(
    qtbot: QtBot, database: Database, transferred: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    page = _page(qtbot, database, transferred, Role.RECEPTIONIST)
    dialog = ReplyDialog(database, transferred, SENT_ON, None, page)
    qtbot.addWidget(dialog)
    dialog.date_edit.setText("20/03/2026")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    assert warned
    assert not dialog.saved
    assert _reply_on(database, transferred) is None
