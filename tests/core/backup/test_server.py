"""Backup and restore of an office server (pg_dump / pg_restore) on the real PostgreSQL, in private schemas."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from db import migrations
from db.session import make_engine
from desktop.core.backup import operations, sealed
from desktop.core.backup.common import RestoreRefusedError
from desktop.core.backup.operations import Target, back_up, restore
from desktop.core.demo.generator import generate
from tests.conftest import POSTGRES_URL
from tests.core.backup.conftest import PASSPHRASE, snapshot
from tests.helpers.modes import mode_of

pytestmark = pytest.mark.postgres

HEAD = migrations.head_revision()  # the schema this TiepDan writes


@pytest.fixture
def server(fresh_pg_url: str) -> Iterator[Engine]:
    engine = make_engine(fresh_pg_url)
    with Session(engine) as session, session.begin():
        generate(session, visits=20, desk_code="D01", seed=6)
    yield engine
    engine.dispose()


@pytest.fixture
def neighbour() -> Iterator[str]:
    """Another office's schema on the same database: a restore must leave it alone."""
    schema = f"t_{os.getpid()}_neighbour"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
        connection.execute(text(f"CREATE TABLE {schema}.kept (x int)"))
        connection.execute(text(f"INSERT INTO {schema}.kept VALUES (7)"))
    yield schema
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


def _more_visits(engine: Engine) -> None:
    with Session(engine) as session, session.begin():
        generate(session, visits=3, desk_code="D01", seed=11)


def test_server_round_trip_keeps_the_replaced_data_and_the_neighbours(
    server: Engine, fresh_pg_url: str, neighbour: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both restores in the same second: the kept dump, named after the second, once overwrote the
    # very file being restored, so undoing a restore at once brought back the wrong data.
    moment = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(operations, "now_utc", lambda: moment)
    target = Target.of(fresh_pg_url, tmp_path / "admin")
    before = snapshot(server)
    done = back_up(target, tmp_path / "office.tdbackup", PASSPHRASE)
    assert (done.kind, done.schema) == ("postgresql", HEAD)
    assert mode_of(done.path) == 0o600
    assert b"PGDMP" not in done.path.read_bytes()
    _more_visits(server)
    changed = snapshot(server)
    assert changed != before
    restored = restore(target, done.path, PASSPHRASE)
    assert snapshot(server) == before
    assert restored.kept is not None
    assert restored.kept.parent == tmp_path / "admin"
    assert restored.kept.read_bytes().startswith(b"PGDMP")
    assert mode_of(restored.kept) == 0o600
    with server.connect() as connection:
        assert connection.execute(text(f"SELECT x FROM {neighbour}.kept")).scalar() == 7
    assert not list((tmp_path / "admin").glob(".backup-work-*"))
    restore(target, restored.kept, None)  # the kept dump undoes the restore
    assert snapshot(server) == changed


def test_server_wrong_passphrase_truncation_and_newer_schema_change_nothing(
    server: Engine, fresh_pg_url: str, tmp_path: Path
) -> None:
    target = Target.of(fresh_pg_url, tmp_path / "admin")
    with server.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    newer = back_up(target, tmp_path / "newer.tdbackup", PASSPHRASE)
    with server.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": HEAD})
    good = back_up(target, tmp_path / "good.tdbackup", PASSPHRASE)
    cut = tmp_path / "cut.tdbackup"
    cut.write_bytes(good.path.read_bytes()[:-100])
    _more_visits(server)
    before = snapshot(server)
    for backup, passphrase, error in (
        (good.path, "not the passphrase", sealed.WrongPassphraseError),
        (cut, PASSPHRASE, sealed.TruncatedBackupError),
        (newer.path, PASSPHRASE, RestoreRefusedError),
    ):
        with pytest.raises(error):
            restore(target, backup, passphrase)
        assert snapshot(server) == before
    assert not list((tmp_path / "admin").glob("*.before-restore-*"))


def test_a_desk_backup_is_not_restored_into_a_server(
    server: Engine, fresh_pg_url: str, database: object, tmp_path: Path
) -> None:
    desk = back_up(Target.of(None, tmp_path / "data"), tmp_path / "desk.tdbackup", PASSPHRASE)
    with pytest.raises(RestoreRefusedError):
        restore(Target.of(fresh_pg_url, tmp_path / "admin"), desk.path, PASSPHRASE)
