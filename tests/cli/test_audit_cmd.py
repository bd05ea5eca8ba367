"""`tiepdan audit verify|list`: exit 0 on an intact trail, 1 once an event was tampered with."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import text

from db.enums import Role
from desktop.cli import main
from desktop.core.access import Actor, acting
from desktop.core.database import Database
from desktop.core.reception.visits import register_visit
from desktop.core.users import add_user, create_first_admin
from tests.builders import ADMIN, NAME, make_draft

LAN = Actor(user_id=uuid.UUID(int=7), username="lan", role="receptionist")


def _save_visit(database: Database) -> None:
    with database.sessions.begin() as session:
        acting(session, LAN)
        register_visit(session, make_draft(), desk_code="D01", actor=ADMIN)


PASSWORD = "mat-khau-kiem-toan"


@pytest.fixture
def auditor(database: Database, monkeypatch: pytest.MonkeyPatch) -> tuple[str, ...]:
    """The global options that sign the desk's administrator in (who may read the audit trail)."""
    with database.sessions.begin() as session:
        create_first_admin(session, "quantri", PASSWORD)
    monkeypatch.setenv("TIEPDAN_PASSWORD", PASSWORD)
    return ("--user", "quantri")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_verify_exits_0_on_an_intact_trail_and_1_once_an_event_was_edited(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    _save_visit(database)
    status, out, err = _run(capsys, "audit", "verify")
    assert (status, err) == (0, "")
    assert "Bàn D01:" in out
    assert "nguyên vẹn" in out

    with database.engine.begin() as connection:
        connection.execute(text("UPDATE audit_event SET after = '{}' WHERE seq = 2"))
    status, out, _err = _run(capsys, "audit", "verify", "--json")
    assert status == 1
    data = json.loads(out)
    assert data["intact"] is False
    [chain] = data["chains"]
    assert (chain["desk"], chain["broken"]["problem"], chain["broken"]["seq"]) == ("D01", "edited", 2)
    status, out, _err = _run(capsys, "audit", "verify")
    assert status == 1
    assert "sự kiện 2" in out
    assert NAME not in out  # the report names numbers, never what the events hold


def test_list_filters_and_names_the_changed_fields_without_their_values(
    database: Database, auditor: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    _save_visit(database)
    status, out, _err = _run(capsys, *auditor, "audit", "list", "--by", "lan", "--record", "citizen")
    assert status == 0
    [line, total] = out.splitlines()
    assert line.split()[3:5] == ["lan", "create"]
    assert "full_name, id_issue_date, id_issue_place, id_number" in line
    assert NAME not in out
    assert total == "1 sự kiện."
    status, out, _err = _run(capsys, *auditor, "audit", "list", "--by", "lan", "--json")
    rows = json.loads(out)
    assert {row["table"] for row in rows} >= {"visit", "citizen", "visit_participant"}
    [citizen] = [row for row in rows if row["table"] == "citizen"]
    assert citizen["after"]["full_name"] == NAME
    status, out, _err = _run(capsys, *auditor, "audit", "list", "--by", "someone-else", "--json")
    assert (status, json.loads(out)) == (0, [])


def test_nobody_and_a_receptionist_cannot_list_the_trail(
    database: Database, auditor: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    """The events carry the changed values (a denouncer's identity among them): leaders and admins only."""
    _save_visit(database)
    status, out, err = _run(capsys, "audit", "list", "--json")
    assert status == 1
    assert NAME not in out + err
    with database.sessions.begin() as session:
        add_user(session, ADMIN, "tiepnhan", PASSWORD, role=Role.RECEPTIONIST)
    status, out, err = _run(capsys, "--user", "tiepnhan", "audit", "list", "--json")
    assert status == 1
    assert NAME not in out + err


def test_a_day_that_is_no_date_is_a_user_error(
    database: Database, auditor: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    status, _out, err = _run(capsys, *auditor, "audit", "list", "--from", "hôm qua")
    assert status == 1
    assert "--from" in err
