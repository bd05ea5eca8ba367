"""Migrations build the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

import db.models  # noqa: F401
from db import migrations
from db.base import Base
from db.session import make_engine, sqlite_url
from desktop.core.database import Database


def _diff(database: Database) -> list[object]:
    with database.sessions() as session:
        connection = session.connection()
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": migrations.include_name}
        )
        return list(compare_metadata(context, Base.metadata))


def test_autogenerate_finds_no_difference(any_database: Database) -> None:
    assert _diff(any_database) == []


def test_database_is_at_head(any_database: Database) -> None:
    with any_database.sessions() as session:
        version = session.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert version == migrations.head_revision()


def test_the_head_read_without_alembic_is_alembics_head(database: Database) -> None:
    """The start skips Alembic for a database at the head: that head must be the one Alembic computes."""
    assert migrations.script_head() == migrations.head_revision()
    assert migrations.at_head(database.engine)
    migrations.downgrade(database.engine, "-1")
    assert not migrations.at_head(database.engine)  # one step behind: open_database migrates it
    migrations.upgrade(database.engine)
    assert migrations.at_head(database.engine)


def test_a_new_database_is_not_at_head(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "new.sqlite3"))
    try:
        assert not migrations.at_head(engine)  # no alembic_version table yet
    finally:
        engine.dispose()


def test_downgrade_then_upgrade_round_trips(database: Database) -> None:
    migrations.downgrade(database.engine, "base")
    assert "visit" not in inspect(database.engine).get_table_names()
    migrations.upgrade(database.engine)
    assert migrations.current_revision(database.engine) == migrations.head_revision()
    assert _diff(database) == []


def test_sqlite_pragmas_are_set(database: Database) -> None:
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
