"""Migration 0014 indexes the citizens a database already holds, logging its progress, on both backends."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect

from db import migrations
from db.session import make_engine, make_session_factory
from desktop.core.database import Database
from desktop.core.finding.search import search
from tests.builders import ADMIN
from tests.core.finding.test_search import PEOPLE, _record


@pytest.fixture(params=["sqlite", "postgresql"])
def own_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database of its own (an upgrade really commits): the SQLite copy, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield request.getfixturevalue("database")
        return
    url = request.getfixturevalue("fresh_pg_url")
    engine = make_engine(url)
    yield Database(url=url, engine=engine, sessions=make_session_factory(engine), data_dir=tmp_path)
    engine.dispose()


def _before_search() -> str:
    """The revision the search index migration follows (found by its name: the merger renumbers)."""
    path = next((Path(migrations.__file__).parent / "versions").glob("*_search_index.py"))
    found = re.search(r'^down_revision = "(\w+)"', path.read_text(encoding="utf-8"), re.MULTILINE)
    assert found is not None
    return found.group(1)


def test_an_older_database_is_indexed_on_upgrade_with_progress(
    own_database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    _record(own_database)
    migrations.downgrade(own_database.engine, _before_search())
    names = set(inspect(own_database.engine).get_table_names())
    assert "citizen_fts" not in names
    assert "citizen_search" not in names
    with caplog.at_level(logging.INFO, logger="db.migrations.search"):
        migrations.upgrade(own_database.engine)
    messages = [record.getMessage() for record in caplog.records if record.name == "db.migrations.search"]
    assert f"search index: indexing {len(PEOPLE)} citizens" in messages
    assert messages[-1].endswith(f"{len(PEOPLE)} citizens indexed")
    with own_database.sessions() as session:
        for name, id_number in PEOPLE:
            found = [(hit.kind, hit.number) for hit in search(session, ADMIN, name, kinds=("citizen",))]
            assert ("citizen", id_number) in found, name
