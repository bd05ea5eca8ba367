"""Database.reads(): a session that only reads holds one snapshot and no lock a save would wait for."""

from __future__ import annotations

import sqlite3

from sqlalchemy import func, select

from db.models import Petition
from desktop.core.database import Database
from tests.ui.cases.conftest import add_petition, working_days_ago


def test_a_reading_session_on_sqlite_leaves_the_write_lock_free_and_keeps_its_snapshot(database: Database) -> None:
    add_petition(database, working_days_ago(3))
    path = database.engine.url.database
    assert path
    with database.reads() as session:
        before = session.scalar(select(func.count()).select_from(Petition))
        writer = sqlite3.connect(path, timeout=0, isolation_level=None)  # no wait: a held lock fails at once
        try:
            writer.execute("BEGIN IMMEDIATE")  # a save's transaction, while the read is open
            writer.execute("ROLLBACK")
        finally:
            writer.close()
        add_petition(database, working_days_ago(2))  # a save meanwhile goes through
        assert session.scalar(select(func.count()).select_from(Petition)) == before  # one snapshot
    with database.reads() as session:
        assert session.scalar(select(func.count()).select_from(Petition)) == before + 1


def test_a_reading_session_on_postgresql_keeps_one_snapshot(pg_database: Database) -> None:
    add_petition(pg_database, working_days_ago(3))
    with pg_database.reads() as session:
        before = session.scalar(select(func.count()).select_from(Petition))
        add_petition(pg_database, working_days_ago(2))
        assert session.scalar(select(func.count()).select_from(Petition)) == before  # REPEATABLE READ
