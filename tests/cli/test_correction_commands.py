"""`tiepdan visit cancel` and `tiepdan letter cancel`: a recorded step, its reason, the right it needs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from db.enums import Competence, DocumentKind, PetitionDecision
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.letters import issue_letter
from desktop.core.cases.petitions import register_petition
from desktop.core.database import open_database
from desktop.core.office import EXAMPLE_OFFICE, save_office
from desktop.core.reception.book import read_visit
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, make_draft, make_petition_draft
from tests.cli.test_user_commands import ADMIN_PASSWORD, as_admin, call

TODAY = dt.date(2026, 3, 20)
# Another body's matter: the law lets it be guided there (docs/legal-basis.md#paths-the-law-allows).
NOT_OURS = make_petition_draft(competence=Competence.OTHER_BODY, competent_body="Ủy ban nhân dân xã Mỹ Hòa Hưng")


@pytest.fixture
def desk(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "desk"
    monkeypatch.setenv("TIEPDAN_PASSWORD", ADMIN_PASSWORD)
    assert call(capsys, folder, "init", "--desk", "D01", "--admin", "quantri").returncode == 0
    monkeypatch.delenv("TIEPDAN_PASSWORD")
    return folder


def _visit(folder: Path) -> str:
    database = open_database(data_dir=folder)
    try:
        with database.sessions.begin() as session:
            return register_visit(session, make_draft(), desk_code="D01", actor=ADMIN).visit.serial
    finally:
        database.dispose()


def test_visit_cancel_keeps_the_visit_with_its_reason(
    desk: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = _visit(desk)
    nobody = call(capsys, desk, "visit", "cancel", serial, "--reason", "Ghi trùng")
    assert nobody.returncode == 1
    assert "Đăng nhập" in nobody.stderr
    missing = call(capsys, desk, *as_admin(monkeypatch), "visit", "cancel", serial)
    assert missing.returncode == 2  # --reason is required
    done = call(
        capsys, desk, *as_admin(monkeypatch), "visit", "cancel", serial.lower(), "--reason", "Ghi trùng", "--json"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"serial": serial, "cancelled": "Ghi trùng"}
    again = call(capsys, desk, *as_admin(monkeypatch), "visit", "cancel", serial, "--reason", "Lần nữa")
    assert again.returncode == 1
    assert serial in again.stderr
    database = open_database(data_dir=desk)
    try:
        with database.sessions() as session:
            assert read_visit(session, serial).cancelled == "Ghi trùng"
    finally:
        database.dispose()


def test_letter_cancel(desk: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    database = open_database(data_dir=desk)
    try:
        with database.sessions.begin() as session:
            save_office(session, EXAMPLE_OFFICE)
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
            ).number
    finally:
        database.dispose()
    unknown = call(capsys, desk, *as_admin(monkeypatch), "letter", "cancel", "99/HD-BTCD", "--reason", "Sai")
    assert unknown.returncode == 1
    done = call(capsys, desk, *as_admin(monkeypatch), "letter", "cancel", letter, "--reason", "Sai nơi nhận")
    assert done.returncode == 0, done.stderr
    assert letter in done.stdout
