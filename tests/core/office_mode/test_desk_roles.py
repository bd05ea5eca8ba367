"""A desk's own server role can sync, and cannot rewrite history or the schema (real PostgreSQL).

Roles are cluster-wide: each test's role carries its schema in the name (unique per test run) and
is dropped at the end.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from db import migrations
from db.models import Visit
from db.session import make_engine
from db.sync import APPEND_ONLY_TABLES, shared_tables
from desktop.core.database import PASSWORD_ENV, Database, open_database
from desktop.core.errors import AppError
from desktop.core.office_mode import desk_roles, sync
from desktop.core.office_mode.desk_roles import ADD_ONLY, ALL, CORRECTED, CORRECTED_ONLY, DeskRole, desk_privileges
from desktop.core.office_mode.joining import join_office
from desktop.core.reception.corrections import VisitChanges, correct_visit
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, make_draft

pytestmark = pytest.mark.postgres


@pytest.fixture
def admin(fresh_pg_url: str) -> Iterator[Engine]:
    engine = make_engine(fresh_pg_url)
    yield engine
    engine.dispose()


@pytest.fixture
def desk_role(admin: Engine) -> Iterator[DeskRole]:
    role = desk_roles.add_desk_role(admin, "D02")
    yield role
    assert desk_roles.drop_desk_role(admin, "D02")


def test_every_table_has_the_rights_of_its_kind() -> None:
    rights = desk_privileges()
    for table in shared_tables():
        expected = ADD_ONLY if table.name in APPEND_ONLY_TABLES else CORRECTED if table.name in CORRECTED_ONLY else ALL
        assert rights[table.name] == expected
    assert rights["visit_participant"] == "SELECT, INSERT, UPDATE"  # corrected in place, never deleted
    assert rights["server_change"] == ADD_ONLY
    assert rights["outbox"] == ""
    assert all("TRUNCATE" not in granted for granted in rights.values())


def test_a_desk_role_syncs_but_cannot_rewrite_history_or_the_schema(
    admin: Engine, desk_role: DeskRole, fresh_pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert desk_role.role.startswith("tiepdan_t_")  # the schema of this test run in the name
    assert len(desk_role.password) >= 24
    monkeypatch.setenv(PASSWORD_ENV, desk_role.password)
    desk_url = make_url(fresh_pg_url).set(username=desk_role.role).render_as_string(hide_password=False)
    desk = open_database(data_dir=tmp_path / "desk")
    try:
        join_office(desk, desk_url, "D02")
        with desk.sessions.begin() as session:
            serial = register_visit(session, make_draft(), desk_code="D02", actor=ADMIN).visit.serial
        result = sync.sync_once(desk, "D02")
        assert result.pushed > 0
        with desk.sessions.begin() as session:  # a corrective step: a new row, the visit's line updated
            correct_visit(
                session, serial, VisitChanges(full_name="Nguyễn Thị Ánh Tuyến"), reason="Gõ nhầm", actor=ADMIN
            )
        assert sync.sync_once(desk, "D02").pushed > 0
        assert sync.status(desk).pending == 0
    finally:
        desk.dispose()
    with admin.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Visit)).scalar_one() == 1
    forbidden = (
        "UPDATE received_document SET name = 'x'",
        "DELETE FROM received_document",
        "UPDATE correction SET reason = 'x'",  # a corrective step is never rewritten
        "DELETE FROM correction",
        "DELETE FROM visit_participant",  # a visit's people are corrected, never deleted
        "UPDATE server_change SET payload = '{}'",
        "DELETE FROM server_change",
        "TRUNCATE server_change",
        "TRUNCATE visit",
        "CREATE TABLE intruder (id integer)",
        "DROP TABLE visit_participant",
        "ALTER TABLE visit ADD COLUMN intruder integer",
    )
    engine = make_engine(desk_url)
    try:
        for statement in forbidden:
            with pytest.raises(ProgrammingError, match=r"permission denied|must be owner"), engine.begin() as c:
                c.execute(text(statement))
        with engine.connect() as connection:  # the same role may read and prune through the function
            assert connection.execute(text("SELECT count(*) FROM server_change")).scalar_one() > 0
            connection.execute(text("SELECT tiepdan_prune_change_log(90, 10)"))
    finally:
        engine.dispose()


def test_add_desk_again_gives_a_new_password(admin: Engine, desk_role: DeskRole) -> None:
    again = desk_roles.add_desk_role(admin, "d02")
    assert again.role == desk_role.role
    assert again.password != desk_role.password


def test_desk_roles_are_for_the_server_only(database: Database) -> None:
    with pytest.raises(AppError, match="PostgreSQL"):
        desk_roles.add_desk_role(database.engine, "D02")


def test_the_commands_add_prune_and_remove(fresh_pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.cli import main

    try:
        assert main(["--db", fresh_pg_url, "server", "add-desk", "D05", "--json"]) == 0
        added = json.loads(capsys.readouterr().out)
        assert added["role"].endswith("_desk_d05")
        assert len(added["password"]) >= 24
        assert main(["--db", fresh_pg_url, "server", "prune", "--retention-days", "30", "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == {"pruned": 0, "retention_days": 30}
    finally:
        assert main(["--db", fresh_pg_url, "server", "remove-desk", "D05"]) == 0
    assert main(["--db", fresh_pg_url, "server", "remove-desk", "D05"]) == 1
    assert "D05" in capsys.readouterr().err


def _before_corrective_steps() -> str:
    """The revision before the one that brought corrective steps (found by its file: the merger renumbers)."""
    scripts = ScriptDirectory.from_config(migrations.alembic_config())
    (step,) = [s for s in scripts.walk_revisions() if s.path.endswith("_corrective_steps.py")]
    assert isinstance(step.down_revision, str)
    return step.down_revision


def test_a_desk_role_made_before_corrective_steps_gets_their_rights(admin: Engine, desk_role: DeskRole) -> None:
    migrations.downgrade(admin, _before_corrective_steps())
    migrations.upgrade(admin)
    checks = {
        "SELECT has_table_privilege(:role, 'correction', 'INSERT')": True,
        "SELECT has_table_privilege(:role, 'correction', 'UPDATE')": False,
        "SELECT has_table_privilege(:role, 'visit_participant', 'UPDATE')": True,
        "SELECT has_table_privilege(:role, 'visit_participant', 'DELETE')": False,
    }
    with admin.connect() as connection:
        found = {query: connection.execute(text(query), {"role": desk_role.role}).scalar_one() for query in checks}
    assert found == checks
