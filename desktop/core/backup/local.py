"""Backups of a desk's SQLite database through SQLite's online backup API (safe while the GUI writes).

The copy is taken in one step of ``sqlite3.Connection.backup``: one read transaction, so it is
the database as it was at one moment, while the GUI keeps writing (WAL readers block no writer).
A restore writes the backup into the live database with the same API, in one write transaction:
a TiepDan still open on the desk waits for it (busy timeout) and then reads the restored data,
and the database's -wal file can never be paired with another database's pages, as it could be if
the file were replaced under it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

from desktop.core.backup import sealed
from desktop.core.backup.common import (
    SQLITE,
    BackupDone,
    Restored,
    RestoreRefusedError,
    check_schema,
    kind_of_file,
    make_meta,
    stamp,
    unseal_into,
    unused,
    write_sealed,
)
from desktop.core.errors import AppError, StorageError, first_line
from desktop.core.i18n import _
from desktop.core.private_files import create_private_file, make_private

BUSY_TIMEOUT_S = 15
RESTORED_SUFFIX = ".before-restore-"
_VERSIONS = "alembic_version"  # where Alembic keeps the revision (db.migrations.current_revision reads it)


def copy_database(database: Path, target: Path) -> None:
    """A consistent plain copy of ``database`` at ``target`` (a new 0600 file, one file: no -wal)."""
    if not database.is_file():
        raise AppError(_("There is no database at {path}.").format(path=database))
    if not create_private_file(target):
        make_private(target)
    try:
        with (
            contextlib.closing(sqlite3.connect(database, timeout=BUSY_TIMEOUT_S)) as source,
            contextlib.closing(sqlite3.connect(target)) as copy,
        ):
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, whatever the source's mode
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise _sqlite_failure(exc) from exc


def inspect_database(path: Path) -> str | None:
    """The schema revision (Alembic's alembic_version) of the SQLite file ``path``, once it passed its integrity check.

    Read-only: the file is left as it is. Raises DamagedBackupError when it is no sound database.
    """
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                raise sealed.DamagedBackupError(
                    _("The database in the backup fails its integrity check: {detail}").format(
                        detail="; ".join(result[:3])
                    )
                )
            tables = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (_VERSIONS,))
            if tables.fetchone() is None:
                return None
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise sealed.DamagedBackupError(
            _("The backup holds no readable database: {reason}").format(reason=first_line(exc))
        ) from exc
    return str(row[0]) if row else None


def back_up(database: Path, output: Path, passphrase: str, *, work: Path, moment: dt.datetime) -> BackupDone:
    """Encrypt a consistent copy of ``database`` into ``output``, then decrypt it back and check it."""
    copy = work / "copy.sqlite3"
    copy_database(database, copy)
    schema = inspect_database(copy)

    def verify(key: bytes, part: Path) -> None:
        restored = work / "verify.sqlite3"
        unseal_into(part, restored, key=key)
        if inspect_database(restored) != schema:
            raise sealed.DamagedBackupError(_("The backup just written does not read back the same: try again."))
        restored.unlink()

    with copy.open("rb") as source:
        size = write_sealed(output, source, passphrase, make_meta(SQLITE, schema, moment), verify=verify)
    return BackupDone(path=output, location=str(database), kind=SQLITE, schema=schema, size=size, encrypted=True)


def restore(source: Path, database: Path, passphrase: str | None, *, work: Path, moment: dt.datetime) -> Restored:
    """Replace ``database`` with the backup ``source`` once it decrypted and passed its checks.

    ``source`` is a sealed backup (needs ``passphrase``) or a plain copy (an automatic backup
    made without a passphrase). The replaced database is kept beside it, 0600, as
    ``<name>.before-restore-YYYYmmdd-HHMMSS``.
    """
    staged, created = _stage(source, passphrase, work)
    schema = check_schema(inspect_database(staged))
    kept = None
    if database.is_file() and database.stat().st_size:
        kept = unused(database.with_name(f"{database.name}{RESTORED_SUFFIX}{stamp(moment)}"))
        copy_database(database, kept)
    else:
        create_private_file(database)
    _write_into(staged, database)
    return Restored(location=str(database), source=source, kind=SQLITE, schema=schema, created=created, kept=kept)


def _stage(source: Path, passphrase: str | None, work: Path) -> tuple[Path, str | None]:
    """The backup as a plain database file in ``work``, and when it was made (None for a plain copy)."""
    staged = work / "restore.sqlite3"
    kind = kind_of_file(source)
    if kind == SQLITE:
        copy_database(source, staged)
        return staged, None
    if kind != "sealed":
        raise _other_kind()
    assert passphrase is not None, "a sealed backup needs its passphrase"
    meta = unseal_into(source, staged, passphrase=passphrase)
    if meta.get("kind") != SQLITE:
        raise _other_kind()
    return staged, meta.get("created")


def _write_into(staged: Path, database: Path) -> None:
    """The staged database's pages into the live one, in one write transaction."""
    try:
        with (
            contextlib.closing(sqlite3.connect(staged)) as source,
            contextlib.closing(sqlite3.connect(database, timeout=BUSY_TIMEOUT_S)) as live,
        ):
            source.backup(live)
    except sqlite3.Error as exc:
        raise _sqlite_failure(exc) from exc


def _other_kind() -> RestoreRefusedError:
    return RestoreRefusedError(
        _(
            "This backup holds an office server's database (PostgreSQL): restore it with "
            "--db postgresql://USER@HOST/DATABASE."
        )
    )


def _sqlite_failure(exc: sqlite3.Error) -> StorageError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StorageError(
            _("The database is busy (TiepDan is writing to it): nothing was changed; try again in a moment.")
        )
    return StorageError(_("The database could not be copied: {reason}").format(reason=first_line(exc)))
