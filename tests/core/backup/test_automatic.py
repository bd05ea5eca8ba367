"""The GUI's automatic backups: plain 0600 copies without a passphrase, encrypted with one, the last N kept."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from desktop.core.backup import automatic
from desktop.core.backup.operations import Target, needs_passphrase, restore
from desktop.core.database import Database
from desktop.core.errors import AppError
from desktop.core.office import set_current_desk
from tests.builders import ADMIN
from tests.core.backup.conftest import PASSPHRASE, snapshot
from tests.helpers.memory_keyring import MemoryKeyring
from tests.helpers.modes import mode_of, open_entries

START = dt.datetime(2026, 3, 5, 8, 0, tzinfo=dt.UTC)


def test_without_a_passphrase_a_backup_is_a_plain_private_copy(database: Database, no_keyring: None) -> None:
    done = automatic.make_backup(database, now=START)
    assert done is not None
    assert not done.encrypted
    assert done.path.parent == database.data_dir / "backups"
    assert done.path.name.endswith(".sqlite3")
    assert not needs_passphrase(done.path)
    assert mode_of(done.path.parent) == 0o700
    assert open_entries(done.path.parent) == {}


def test_with_a_passphrase_a_backup_is_encrypted_and_restores(
    database: Database, memory_keyring: MemoryKeyring
) -> None:
    with database.sessions.begin() as session:
        automatic.set_passphrase(session, database.data_dir, PASSPHRASE, actor=ADMIN)
    assert list(memory_keyring.passwords.values()) == [PASSPHRASE]
    before = snapshot(database.engine)
    done = automatic.make_backup(database, now=START)
    assert done is not None
    assert done.encrypted
    assert needs_passphrase(done.path)
    assert mode_of(done.path) == 0o600
    with database.sessions.begin() as session:
        set_current_desk(session, "D02")
    restore(Target.of(None, database.data_dir), done.path, PASSPHRASE)
    assert snapshot(database.engine) == before


def test_once_encrypted_a_lost_passphrase_makes_no_plain_backup(
    database: Database, memory_keyring: MemoryKeyring
) -> None:
    with database.sessions.begin() as session:
        automatic.set_passphrase(session, database.data_dir, PASSPHRASE, actor=ADMIN)
    memory_keyring.passwords.clear()  # the password store was reset
    with pytest.raises(AppError, match="mật khẩu sao lưu"):
        automatic.make_backup(database, now=START)
    assert automatic.automatic_backups(database.data_dir) == []


def test_without_a_keyring_a_passphrase_cannot_be_set(database: Database, no_keyring: None) -> None:
    with pytest.raises(AppError, match="keyring"), database.sessions.begin() as session:
        automatic.set_passphrase(session, database.data_dir, PASSPHRASE, actor=ADMIN)
    with database.sessions() as session:
        assert not automatic.load_settings(session).encrypted


def test_removing_the_passphrase_goes_back_to_plain_copies(database: Database, memory_keyring: MemoryKeyring) -> None:
    with database.sessions.begin() as session:
        automatic.set_passphrase(session, database.data_dir, PASSPHRASE, actor=ADMIN)
        automatic.set_passphrase(session, database.data_dir, None, actor=ADMIN)
    assert memory_keyring.passwords == {}
    done = automatic.make_backup(database, now=START)
    assert done is not None
    assert not done.encrypted


def test_rotation_keeps_the_last_n(database: Database, no_keyring: None) -> None:
    with database.sessions.begin() as session:
        assert automatic.load_settings(session).keep == 7
        automatic.save_keep(session, 3, actor=ADMIN)
    made = []
    for day in range(5):
        done = automatic.make_backup(database, now=START + dt.timedelta(days=day))
        assert done is not None
        made.append(done.path)
    assert automatic.automatic_backups(database.data_dir) == made[-3:]
    with pytest.raises(AppError), database.sessions.begin() as session:
        automatic.save_keep(session, 0, actor=ADMIN)


def test_two_backups_in_the_same_second_keep_both(database: Database, no_keyring: None) -> None:
    first = automatic.make_backup(database, now=START)
    second = automatic.make_backup(database, now=START)
    assert first is not None
    assert second is not None
    assert first.path != second.path
    assert automatic.automatic_backups(database.data_dir) == [first.path, second.path]


def test_a_backup_is_due_once_a_day(database: Database, no_keyring: None) -> None:
    assert automatic.is_due(database.data_dir)
    done = automatic.make_backup(database)
    assert done is not None
    now = dt.datetime.now(dt.UTC)
    assert not automatic.is_due(database.data_dir, now)
    assert automatic.is_due(database.data_dir, now + dt.timedelta(days=1, minutes=1))
    day_old = (now - dt.timedelta(days=2)).timestamp()
    os.utime(done.path, (day_old, day_old))
    assert automatic.is_due(database.data_dir, now)


def test_a_server_database_has_no_automatic_backup(pg_database: Database) -> None:
    assert automatic.make_backup(pg_database) is None


def test_leftovers_of_a_killed_backup_are_removed(database: Database, no_keyring: None, tmp_path: Path) -> None:
    folder = database.data_dir / "backups"
    folder.mkdir(mode=0o700)
    part = folder / "tiepdan-20260101-000000.sqlite3.part"
    part.write_bytes(b"half")
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).timestamp()
    os.utime(part, (old, old))
    automatic.make_backup(database)
    assert not part.exists()
