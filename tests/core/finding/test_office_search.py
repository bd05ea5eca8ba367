"""On the office server, a desk's own role (no superuser, no CREATE) searches through the full-text index."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from db.session import make_engine
from desktop.core.finding.search import name_statement, search
from desktop.core.office_mode.desk_roles import DeskRole
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, NAME, make_draft
from tests.core.office_mode.test_desk_roles import admin, desk_role

pytestmark = pytest.mark.postgres
__all__ = ["admin", "desk_role"]  # the fixtures, shared with the desk roles' own tests


def test_a_desk_role_finds_by_name_through_the_index(admin: Engine, desk_role: DeskRole, fresh_pg_url: str) -> None:
    with Session(admin) as session, session.begin():
        serial = register_visit(session, make_draft(), desk_code="D01", actor=ADMIN).visit.serial
    url = make_url(fresh_pg_url).set(username=desk_role.role, password=desk_role.password)
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        with Session(engine) as session:
            assert not session.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
            found = [(hit.kind, hit.number) for hit in search(session, ADMIN, "nguyen thi anh tuyet")]
            session.execute(text("SET enable_seqscan = off"))
            statement = name_statement(session, NAME, "visit").limit(50)
            compiled = statement.compile(engine, compile_kwargs={"literal_binds": True})
            plan = "\n".join(row[0] for row in session.execute(text(f"EXPLAIN {compiled}")))
    finally:
        engine.dispose()
    assert ("visit", serial) in found
    assert "ix_citizen_name_search" in plan
