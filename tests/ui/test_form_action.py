"""The one way a form saves: one transaction, a refusal next to its field, typed text kept, nothing half-written."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QMessageBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from desktop.core.database import Database
from desktop.core.errors import AppError, ValidationError
from desktop.core.office import get_setting, set_setting
from desktop.ui.widgets.form_action import Done, FieldMessages, FormAction
from desktop.ui.widgets.section import Section

KEY = "note_setting"


class NoteForm(QWidget):
    """One field, ``note``, stored as a desk setting."""

    def __init__(self, database: Database) -> None:
        super().__init__()
        self.section = Section("Ghi chú")
        self.note_edit = QLineEdit()
        self.section.add_rows([("Ghi chú", self.note_edit, "note")])
        self.messages = FieldMessages([self.section], not_saved="Chưa lưu.")
        self.action = FormAction(self, database, self.messages)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages.general_box)
        layout.addWidget(self.section)


@pytest.fixture
def note_form(qtbot: QtBot, database: Database) -> NoteForm:
    widget = NoteForm(database)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _stored(database: Database) -> str:
    with database.sessions() as session:
        return get_setting(session, KEY)


def test_the_work_is_committed_and_its_result_returned(note_form: NoteForm, database: Database) -> None:
    def work(session: Session) -> str:
        set_setting(session, KEY, "Đã lưu")
        return "kết quả"

    assert note_form.action.run(work) == Done("kết quả")
    assert _stored(database) == "Đã lưu"
    assert not note_form.messages.banner.isVisible()


def test_a_refusal_shows_next_to_its_field_and_nothing_is_written(note_form: NoteForm, database: Database) -> None:
    note_form.note_edit.setText("Nội dung gõ dở")

    def work(session: Session) -> None:
        set_setting(session, KEY, "nửa chừng")
        raise ValidationError({"note": "Ghi chú không hợp lệ.", "elsewhere": "Lỗi chung."})

    assert note_form.action.run(work) is None
    assert note_form.messages.message_for("note") == "Ghi chú không hợp lệ."
    assert note_form.messages.general_box.message() == "Lỗi chung."
    assert note_form.messages.banner.isVisible()
    assert note_form.note_edit.hasFocus()
    assert note_form.note_edit.text() == "Nội dung gõ dở"
    assert _stored(database) == ""  # rolled back

    assert note_form.action.run(lambda session: None) == Done(None)
    assert note_form.messages.message_for("note") == ""  # the next try starts clean


def test_input_errors_are_shown_without_touching_the_database(note_form: NoteForm) -> None:
    def work(session: Session) -> None:
        raise AssertionError("must not run")

    assert note_form.action.run(work, input_errors={"note": "Không đọc được."}) is None
    assert note_form.messages.message_for("note") == "Không đọc được."


def test_another_app_error_is_a_warning_box(
    note_form: NoteForm, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))

    def work(session: Session) -> None:
        set_setting(session, KEY, "nửa chừng")
        raise AppError("Máy chủ không trả lời.")

    assert note_form.action.run(work) is None
    assert warned == ["Máy chủ không trả lời."]
    assert _stored(database) == ""
