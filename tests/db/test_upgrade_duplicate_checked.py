"""Migration 0024 records the duplicate answer of the petitions a database already holds, on both backends."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session

from db import migrations
from db.models import Petition
from db.session import make_engine
from desktop.core.cases.petitions import ensure_fields, register_petition
from tests.builders import ADMIN, make_petition_draft

TODAY = dt.date(2026, 3, 20)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        made = make_engine(f"sqlite+pysqlite:///{tmp_path / 'tiepdan.sqlite3'}")
        migrations.upgrade(made)
    else:
        made = make_engine(request.getfixturevalue("fresh_pg_url"))
    yield made
    made.dispose()


def _before() -> str:
    """The revision migration 0024 follows (found by its name: the merger renumbers)."""
    path = next((Path(migrations.__file__).parent / "versions").glob("*_petition_duplicate_checked.py"))
    found = re.search(r'^down_revision = "(\w+)"', path.read_text(encoding="utf-8"), re.MULTILINE)
    assert found is not None
    return found.group(1)


def test_existing_petitions_are_checked_where_they_name_a_duplicate(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        ensure_fields(session)

        def register(**overrides: object) -> str:
            draft = make_petition_draft(**overrides)
            return register_petition(session, draft, desk_code="D01", today=TODAY, actor=ADMIN).number

        first = register()
        linked = register(received_on=dt.date(2026, 3, 10), duplicate_of=first)
        new = register(received_on=dt.date(2026, 3, 11), duplicate_checked=True)
    migrations.downgrade(engine, _before())
    assert "duplicate_checked" not in {c["name"] for c in inspect(engine).get_columns("petition")}
    migrations.upgrade(engine)
    with Session(engine) as session:
        rows = {p.number: p for p in session.scalars(select(Petition))}
    assert rows[linked].duplicate_checked is True  # its "Same as" was the answer
    assert rows[linked].duplicate_of_id == rows[first].id
    assert rows[first].duplicate_checked is False
    # An answer "new" given before the column existed was never stored: such a petition was saved unasked.
    assert rows[new].duplicate_checked is False
    assert rows[first].duplicate_count == 1
