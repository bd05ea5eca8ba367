"""The case-result dialog: refused fields show their Vietnamese message under them and nothing is
saved; a good result is kept, and opening the dialog again shows it."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.enums import Role
from db.models import CaseFile, CaseResult
from desktop.core.access import NOBODY
from desktop.core.database import DB_FILE, Database, open_database
from desktop.core.demo.generator import generate
from desktop.ui import signed_in
from desktop.ui.cases.result_dialog import CaseResultDialog
from tests.builders import an_actor

NOW = dt.datetime(2026, 11, 30, 5, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo(template_db: Path, tmp_path: Path) -> Iterator[Database]:
    folder = tmp_path / "demo"
    folder.mkdir()
    shutil.copy(template_db, folder / DB_FILE)
    database = open_database(data_dir=folder)
    with database.sessions.begin() as session:
        generate(session, visits=200, desk_code="D01", seed=4, now=NOW, postal_petitions=40)
    signed_in.sign_in(an_actor(Role.LEADER))
    yield database
    signed_in.sign_in(NOBODY)
    database.dispose()


def _open_complaint(database: Database) -> str:
    with database.sessions() as session:
        number = session.scalar(
            select(CaseFile.number)
            .outerjoin(CaseResult, CaseResult.case_id == CaseFile.id)
            .where(CaseFile.kind == "complaint", CaseFile.round == 1, CaseResult.id.is_(None))
            .limit(1)
        )
    assert number
    return number


def _results(database: Database) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(CaseResult)) or 0


def test_refused_fields_show_their_message_and_a_good_result_is_kept(qtbot: QtBot, demo: Database) -> None:
    number = _open_complaint(demo)
    before = _results(demo)
    dialog = CaseResultDialog(demo, number)
    qtbot.addWidget(dialog)
    dialog.decided_edit.setText("20/11/2026")
    dialog.figure_edits["recover_money"].setText("mười")
    dialog.figure_edits["discipline_people"].setText("1")
    dialog.figure_edits["discipline_officials"].setText("2")
    dialog.save()
    assert dialog.saved is None
    assert not dialog.errors["verdict"].isHidden()
    assert dialog.errors["verdict"].text() == "Hãy chọn khiếu nại, tố cáo đúng, sai hay đúng một phần."
    assert dialog.errors["figures.recover_money"].text() == "Hãy nhập một số, ví dụ 12,5."
    assert not dialog.errors["figures.discipline_officials"].isHidden()
    assert dialog.figure_edits["recover_money"].text() == "mười"  # nothing typed is lost
    assert _results(demo) == before
    dialog.grab().save("/tmp/result-dialog.png")
    dialog.verdict_combo.setCurrentIndex(dialog.verdict_combo.findData("partly"))
    dialog.figure_edits["recover_money"].setText("12,5")
    dialog.figure_edits["discipline_officials"].setText("1")
    dialog.save()
    assert dialog.saved is not None
    assert dialog.saved.figures == {"recover_money": 12.5, "discipline_people": 1.0, "discipline_officials": 1.0}
    assert _results(demo) == before + 1
    again = CaseResultDialog(demo, number)
    qtbot.addWidget(again)
    assert again.verdict_combo.currentData() == "partly"
    assert again.figure_edits["recover_money"].text() == "12,5"
    assert again.decided_edit.text() == "20/11/2026"


def test_a_withdrawn_complaint_offers_no_finding(qtbot: QtBot, demo: Database) -> None:
    dialog = CaseResultDialog(demo, _open_complaint(demo))
    qtbot.addWidget(dialog)
    dialog.outcome_combo.setCurrentIndex(dialog.outcome_combo.findData("withdrawn"))
    assert not dialog.verdict_combo.isEnabled()
    assert dialog.verdict_combo.count() == 1
