"""Saving a petition whose earlier ones look like the same matter asks first, side by side (issue 11)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.enums import Channel, PetitionKind
from db.models import Petition
from desktop.core.cases.petitions import PetitionView, ensure_fields, register_petition
from desktop.core.database import Database
from desktop.core.formatting import today_local
from desktop.ui.cases import petition_dialog as petition_dialog_module
from desktop.ui.cases.duplicate_dialog import NEW_MATTER, DuplicateDialog
from desktop.ui.cases.petition_dialog import PetitionDialog, fill_citizen
from tests.builders import ADMIN, NAME, make_citizen, make_petition_draft

EARLIER = "Khiếu nại quyết định thu hồi đất số 15/QĐ-UBND xã Mỹ Hòa Hưng"
AGAIN = "Khiếu nại lần nữa quyết định thu hồi đất số 15/QĐ-UBND của xã Mỹ Hòa Hưng"
TRANSFERRING = "Ủy ban nhân dân tỉnh An Giang"


def _earlier(database: Database) -> str:
    """A transferred copy of the matter, registered a month ago from the builders' citizen."""
    with database.sessions.begin() as session:
        ensure_fields(session)
        draft = make_petition_draft(
            received_on=today_local() - dt.timedelta(days=30),
            channel=Channel.TRANSFERRED,
            transferred_from=TRANSFERRING,
            content_summary=EARLIER,
        )
        return register_petition(session, draft, desk_code="D01", today=today_local(), actor=ADMIN).number


def _rows(database: Database) -> dict[str, Petition]:
    with database.sessions() as session:
        return {p.number: p for p in session.scalars(select(Petition))}


@pytest.fixture
def dialog(qtbot: QtBot, database: Database) -> PetitionDialog:
    """A new petition by post from the same citizen about the same matter, typed and not saved."""
    widget = PetitionDialog(database)
    qtbot.addWidget(widget)
    fill_citizen(widget.sender, make_citizen())
    widget.content.kind_combo.set_value(PetitionKind.COMPLAINT)
    widget.content.content_edit.setPlainText(AGAIN)
    return widget


Answer = Callable[[DuplicateDialog], None]


def _answered_by(monkeypatch: pytest.MonkeyPatch, database: Database, act: Answer) -> list[DuplicateDialog]:
    """Replace the modal question by the real dialog, checked that nothing is saved yet, then ``act`` on it."""
    shown: list[DuplicateDialog] = []
    before = len(_rows(database))

    def ask(parent: object, content: str, petitions: Sequence[PetitionView]) -> str | None:
        assert len(_rows(database)) == before  # asked before anything is written
        question = DuplicateDialog(content, petitions)
        shown.append(question)
        act(question)
        return question.answer

    monkeypatch.setattr(petition_dialog_module, "ask_duplicate", ask)
    return shown


def test_the_question_shows_the_earlier_petition_side_by_side_before_saving(
    qtbot: QtBot, database: Database, dialog: PetitionDialog
) -> None:
    """The real modal dialog runs: its table holds the earlier petition, its left side the new content."""
    earlier = _earlier(database)
    seen: dict[str, object] = {}

    def answer() -> None:
        question = QApplication.activeModalWidget()
        if not isinstance(question, DuplicateDialog):  # not shown yet: look again on the next turn
            QTimer.singleShot(0, answer)
            return
        table = question.table
        seen["content"] = question.content_box.toPlainText()
        seen["row"] = [table.item(0, column).text() for column in range(table.columnCount())]
        seen["rows"] = table.rowCount()
        seen["saved before"] = len(_rows(database))
        seen["visible"] = question.isVisible() and question.content_box.isVisible() and table.isVisible()
        question.link_button.click()

    QTimer.singleShot(0, answer)
    saved = dialog.save()
    assert saved is not None, dialog.messages.general_box.message()
    assert seen["content"] == AGAIN
    assert seen["rows"] == 1
    row = seen["row"]
    assert isinstance(row, list)
    assert row[0] == earlier
    assert TRANSFERRING in row[2]  # how it arrived: the same matter by another channel
    assert row[3] == NAME
    assert row[4] == EARLIER
    assert seen["saved before"] == 1
    assert seen["visible"] is True
    assert saved.duplicate_of == earlier


@pytest.mark.parametrize("choice", ["link", "new"])
def test_each_answer_is_recorded_with_the_petition(
    database: Database, dialog: PetitionDialog, monkeypatch: pytest.MonkeyPatch, choice: str
) -> None:
    earlier = _earlier(database)
    shown = _answered_by(monkeypatch, database, lambda q: (q.link_button if choice == "link" else q.new_button).click())
    saved = dialog.save()
    assert saved is not None, dialog.messages.general_box.message()
    assert len(shown) == 1
    assert shown[0].answer == (earlier if choice == "link" else NEW_MATTER)
    rows = _rows(database)
    assert rows[saved.number].duplicate_checked is True
    assert (rows[saved.number].duplicate_of_id == rows[earlier].id) is (choice == "link")
    assert rows[earlier].duplicate_count == (1 if choice == "link" else 0)


def test_cancel_returns_to_the_form_with_everything_typed(
    database: Database, dialog: PetitionDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    _earlier(database)
    shown = _answered_by(monkeypatch, database, lambda q: q.cancel_button.click())
    dialog.receipt.channel_combo.set_value(Channel.EMAIL)
    assert dialog.save() is None
    assert shown[0].answer is None
    assert dialog.saved is None
    assert dialog.result() == 0  # still open, not accepted
    assert dialog.content.content_edit.toPlainText() == AGAIN
    assert dialog.sender.name_edit.text() == NAME
    assert dialog.receipt.channel_combo.value() == Channel.EMAIL
    assert dialog.content.duplicate_edit.text() == ""
    assert len(_rows(database)) == 1  # nothing written
    dialog.save()
    assert len(shown) == 2  # a cancelled question is asked again


def test_no_question_without_an_earlier_petition_and_none_once_same_as_is_typed(
    database: Database, dialog: PetitionDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _answered_by(monkeypatch, database, lambda q: q.new_button.click())
    first = dialog.save()
    assert first is not None, dialog.messages.general_box.message()
    assert shown == []
    assert _rows(database)[first.number].duplicate_checked is False  # nothing was asked
    again = PetitionDialog(database)
    fill_citizen(again.sender, make_citizen())
    again.content.content_edit.setPlainText(AGAIN)
    again.content.duplicate_edit.setText(first.number)  # answered in the form itself
    second = again.save()
    assert second is not None, again.messages.general_box.message()
    assert shown == []
    assert _rows(database)[second.number].duplicate_checked is True
    assert second.duplicate_of == first.number


def test_it_is_new_is_not_asked_again_when_the_save_was_refused(
    database: Database, dialog: PetitionDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save refused after the answer (a rule broken in the core) keeps the answer for a second try."""
    from desktop.core.errors import ValidationError

    earlier = _earlier(database)
    shown = _answered_by(monkeypatch, database, lambda q: q.new_button.click())
    real = petition_dialog_module.register_petition
    calls: list[bool] = []

    def refused_once(*args: object, **kwargs: object) -> PetitionView:
        calls.append(True)
        if len(calls) == 1:
            raise ValidationError({"content_summary": "refused once"})
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(petition_dialog_module, "register_petition", refused_once)
    assert dialog.save() is None
    saved = dialog.save()
    assert saved is not None, dialog.messages.general_box.message()
    assert len(shown) == 1  # answered once for that earlier petition
    rows = _rows(database)
    assert rows[saved.number].duplicate_checked is True
    assert rows[saved.number].duplicate_of_id is None
    assert rows[earlier].duplicate_count == 0


def test_an_earlier_denunciation_the_reader_may_not_see_is_not_asked_about(
    database: Database, dialog: PetitionDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As in the hints: even masked, its number beside the name typed would tell this person denounced someone."""
    content = "Tố cáo ông Trần Văn B, cán bộ địa chính xã, nhận tiền khi làm thủ tục đất đai"
    with database.sessions.begin() as session:
        ensure_fields(session)
        draft = make_petition_draft(
            received_on=today_local() - dt.timedelta(days=30), kind=PetitionKind.DENUNCIATION, content_summary=content
        )
        register_petition(session, draft, desk_code="D01", today=today_local(), actor=ADMIN)
    shown = _answered_by(monkeypatch, database, lambda q: q.new_button.click())
    dialog.content.kind_combo.set_value(PetitionKind.DENUNCIATION)
    dialog.content.content_edit.setPlainText(content)
    saved = dialog.save()  # the dialog belongs to no signed-in window: it reads as nobody
    assert saved is not None, dialog.messages.general_box.message()
    assert shown == []
    assert _rows(database)[saved.number].duplicate_checked is False
