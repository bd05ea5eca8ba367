"""Migrations carry existing data forward: a desk of an older version upgrades in place."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from db import migrations
from db.models import IssuedDocument, Visit
from db.session import make_engine
from desktop.core.database import open_database


def test_upgrade_from_the_first_schema_keeps_visits_and_documents(tmp_path: Path) -> None:
    import datetime as dt
    import hashlib

    from sqlalchemy import text

    engine = make_engine(f"sqlite+pysqlite:///{tmp_path / 'tiepdan.sqlite3'}")
    migrations.upgrade(engine, "0001")
    with engine.begin() as connection:  # rows as the first release wrote them
        connection.execute(
            text(
                "INSERT INTO desk (id, code, name, created_at) VALUES ('11111111111111111111111111111111', 'D01', '', "
                ":now)"
            ),
            {"now": dt.datetime(2026, 3, 5)},
        )
        connection.execute(
            text(
                "INSERT INTO issued_document (id, kind, number, issued_at, layout, sha256, file_name, created_at) "
                "VALUES ('22222222222222222222222222222222', 'receipt', 'D01-2026-000001', :now, 'a4', :sha, '', :now)"
            ),
            {"now": dt.datetime(2026, 3, 5), "sha": hashlib.sha256(b"x").hexdigest()},
        )
    engine.dispose()
    database = open_database(data_dir=tmp_path)
    try:
        assert migrations.current_revision(database.engine) == migrations.head_revision()
        with database.sessions() as session:
            document = session.scalars(select(IssuedDocument)).one()
            assert document.number == "D01-2026-000001"
            assert document.title == ""
            assert session.scalar(select(func.count()).select_from(Visit)) == 0
    finally:
        database.dispose()
