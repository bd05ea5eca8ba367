"""Backup and restore of a desk's SQLite database: a round trip, and a bad backup never replaces anything."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from db import migrations
from desktop.core.backup import operations, sealed
from desktop.core.backup.common import RestoreRefusedError
from desktop.core.backup.local import copy_database
from desktop.core.backup.operations import Target, back_up, needs_passphrase, restore
from desktop.core.database import DB_FILE, Database, open_database
from desktop.core.demo.generator import generate
from desktop.core.errors import AppError
from tests.core.backup.conftest import PASSPHRASE, snapshot
from tests.helpers.modes import mode_of

HEAD = migrations.head_revision()  # the schema this TiepDan writes


@pytest.fixture
def filled(database: Database) -> Database:
    with database.sessions.begin() as session:
        generate(session, visits=30, desk_code="D01", seed=4)
    return database


@pytest.fixture
def target(filled: Database) -> Target:
    return Target.of(None, filled.data_dir)


def _more_visits(database: Database) -> None:
    with database.sessions.begin() as session:
        generate(session, visits=5, desk_code="D01", seed=9)


def _kept_files(database: Database) -> list[Path]:
    return sorted(database.data_dir.glob(f"{DB_FILE}.before-restore-*"))


def test_round_trip_gives_back_the_same_data_and_keeps_the_replaced_file(
    filled: Database, target: Target, tmp_path: Path
) -> None:
    before = snapshot(filled.engine)
    done = back_up(target, tmp_path / "desk.tdbackup", PASSPHRASE)
    assert (done.kind, done.schema, done.encrypted) == ("sqlite", HEAD, True)
    assert mode_of(done.path) == 0o600
    assert b"SQLite format" not in done.path.read_bytes()
    _more_visits(filled)
    changed = snapshot(filled.engine)
    assert changed != before
    restored = restore(target, done.path, PASSPHRASE)
    assert snapshot(filled.engine) == before  # the open engine (a GUI still running) reads the restored data
    assert restored.kept == _kept_files(filled)[0]
    assert mode_of(restored.kept) == 0o600
    assert restored.schema == HEAD
    with sqlite3.connect(restored.kept) as kept:
        assert kept.execute("SELECT count(*) FROM visit").fetchone()[0] == len(changed["visit"])
    assert not list(filled.data_dir.glob(".backup-work-*"))  # the plain work copies are gone


def test_two_restores_in_one_second_keep_both_replaced_files(
    filled: Database, target: Target, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept copies are named after the second: a second restore must not overwrite the first copy."""
    moment = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(operations, "now_utc", lambda: moment)
    done = back_up(target, tmp_path / "desk.tdbackup", PASSPHRASE)
    _more_visits(filled)
    changed = snapshot(filled.engine)
    first = restore(target, done.path, PASSPHRASE)
    second = restore(target, done.path, PASSPHRASE)
    assert first.kept is not None
    assert second.kept is not None
    assert first.kept != second.kept
    assert _kept_files(filled) == sorted([first.kept, second.kept])
    with sqlite3.connect(first.kept) as kept:  # the first copy still holds what the first restore replaced
        assert kept.execute("SELECT count(*) FROM visit").fetchone()[0] == len(changed["visit"])


def test_a_backup_taken_while_another_connection_writes_is_consistent(filled: Database, tmp_path: Path) -> None:
    before = snapshot(filled.engine)
    with filled.engine.connect() as writer:
        saving = writer.begin()  # BEGIN IMMEDIATE: the GUI in the middle of saving a visit holds the write lock
        writer.execute(text("UPDATE local_setting SET value = 'D99' WHERE key = 'desk_code'"))
        done = back_up(Target.of(None, filled.data_dir), tmp_path / "busy.tdbackup", PASSPHRASE)
        saving.rollback()
    _more_visits(filled)
    restore(Target.of(None, filled.data_dir), done.path, PASSPHRASE)
    assert snapshot(filled.engine) == before


def _refused(filled: Database, target: Target, backup: Path, error: type[Exception], passphrase: str) -> None:
    _more_visits(filled)
    before = snapshot(filled.engine)
    with pytest.raises(error):
        restore(target, backup, passphrase)
    assert snapshot(filled.engine) == before
    assert _kept_files(filled) == []


def test_a_wrong_passphrase_replaces_nothing(filled: Database, target: Target, tmp_path: Path) -> None:
    done = back_up(target, tmp_path / "desk.tdbackup", PASSPHRASE)
    _refused(filled, target, done.path, sealed.WrongPassphraseError, "not the passphrase")


def test_a_truncated_file_replaces_nothing(filled: Database, target: Target, tmp_path: Path) -> None:
    done = back_up(target, tmp_path / "desk.tdbackup", PASSPHRASE)
    cut = tmp_path / "cut.tdbackup"
    cut.write_bytes(done.path.read_bytes()[: done.size // 2])
    _refused(filled, target, cut, sealed.TruncatedBackupError, PASSPHRASE)


def test_a_flipped_byte_replaces_nothing(filled: Database, target: Target, tmp_path: Path) -> None:
    done = back_up(target, tmp_path / "desk.tdbackup", PASSPHRASE)
    data = bytearray(done.path.read_bytes())
    data[len(data) * 2 // 3] ^= 0x20
    flipped = tmp_path / "flipped.tdbackup"
    flipped.write_bytes(bytes(data))
    _refused(filled, target, flipped, sealed.DamagedBackupError, PASSPHRASE)


def test_a_backup_of_a_newer_schema_is_refused(filled: Database, target: Target, tmp_path: Path) -> None:
    newer = tmp_path / "newer" / DB_FILE
    newer.parent.mkdir()
    copy_database(Path(str(filled.engine.url.database)), newer)
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    done = back_up(Target.of(None, newer.parent), tmp_path / "newer.tdbackup", PASSPHRASE)
    assert done.schema == "0099"
    _refused(filled, target, done.path, RestoreRefusedError, PASSPHRASE)


def test_a_file_that_is_no_backup_is_refused(filled: Database, target: Target, tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("Danh sách người tố cáo", encoding="utf-8")
    _refused(filled, target, other, sealed.NotABackupError, PASSPHRASE)


def test_a_plain_copy_restores_without_a_passphrase(filled: Database, target: Target, tmp_path: Path) -> None:
    before = snapshot(filled.engine)
    plain = tmp_path / "copy.sqlite3"
    copy_database(Path(str(filled.engine.url.database)), plain)
    assert not needs_passphrase(plain)
    _more_visits(filled)
    restore(target, plain, None)
    assert snapshot(filled.engine) == before


def test_restore_into_an_empty_data_folder(filled: Database, target: Target, tmp_path: Path) -> None:
    before = snapshot(filled.engine)
    done = back_up(target, tmp_path / "desk.tdbackup", PASSPHRASE)
    fresh = Target.of(None, tmp_path / "new-pc")
    restored = restore(fresh, done.path, PASSPHRASE)
    assert restored.kept is None
    assert mode_of(tmp_path / "new-pc" / DB_FILE) == 0o600
    again = open_database(data_dir=tmp_path / "new-pc")
    try:
        assert snapshot(again.engine) == before
    finally:
        again.dispose()


def test_nothing_to_back_up(tmp_path: Path) -> None:
    with pytest.raises(AppError):
        back_up(Target.of(None, tmp_path / "empty"), tmp_path / "x.tdbackup", PASSPHRASE)
    assert not (tmp_path / "x.tdbackup").exists()


def test_a_backup_never_overwrites_the_database(filled: Database, target: Target) -> None:
    before = snapshot(filled.engine)
    for name in (DB_FILE, f"{DB_FILE}-wal"):
        with pytest.raises(AppError):
            back_up(target, filled.data_dir / name, PASSPHRASE)
    assert snapshot(filled.engine) == before
