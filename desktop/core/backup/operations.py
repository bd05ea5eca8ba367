"""`tiepdan backup` and `restore` as use cases: which database, a private work folder, the right kind."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from desktop.core.backup import local, server
from desktop.core.backup.common import BackupDone, Restored, kind_of_file, now_utc, work_folder
from desktop.core.database import DB_FILE
from desktop.core.errors import AppError
from desktop.core.i18n import _
from desktop.core.paths import resolve_data_dir


@dataclass(frozen=True)
class Target:
    """The database a command backs up or restores: a SQLite file, or a PostgreSQL server's URL."""

    data_dir: Path
    sqlite_file: Path | None = None
    server_url: str | None = None

    @classmethod
    def of(cls, url: str | None, data_dir: str | os.PathLike[str] | None) -> Target:
        """--db (default: the desk's SQLite file in the data folder) and --data-dir, as every command takes them."""
        folder = resolve_data_dir(data_dir)
        if url is None:
            return cls(data_dir=folder, sqlite_file=folder / DB_FILE)
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise AppError(
                _("This is not a database address; give one like {example}.").format(example=_EXAMPLE)
            ) from exc
        backend = parsed.get_backend_name()
        if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
            return cls(data_dir=folder, sqlite_file=Path(parsed.database).expanduser().resolve())
        if backend == "postgresql":
            return cls(data_dir=folder, server_url=url)
        raise AppError(_("This is not a database address; give one like {example}.").format(example=_EXAMPLE))


_EXAMPLE = "sqlite:///FILE, postgresql://USER@HOST/DATABASE"


def back_up(target: Target, output: Path, passphrase: str) -> BackupDone:
    """An encrypted backup of ``target`` at ``output``, verified by reading it back."""
    with work_folder(target.data_dir) as work:
        if target.server_url is not None:
            return server.back_up(target.server_url, output, passphrase, work=work, moment=now_utc())
        assert target.sqlite_file is not None
        if _is_part_of(output, target.sqlite_file):
            raise AppError(_("The backup cannot be written over the database itself: choose another file."))
        return local.back_up(target.sqlite_file, output, passphrase, work=work, moment=now_utc())


def needs_passphrase(source: Path) -> bool:
    """True for an encrypted backup; False for a plain copy (an automatic backup without a passphrase)."""
    return kind_of_file(source) == "sealed"


def restore(target: Target, source: Path, passphrase: str | None) -> Restored:
    """Replace ``target``'s data with the backup ``source`` once it passed every check; the old data is kept."""
    with work_folder(target.data_dir) as work:
        if target.server_url is not None:
            return server.restore(
                source, target.server_url, passphrase, work=work, data_dir=target.data_dir, moment=now_utc()
            )
        assert target.sqlite_file is not None
        return local.restore(source, target.sqlite_file, passphrase, work=work, moment=now_utc())


def _is_part_of(output: Path, database: Path) -> bool:
    """True when ``output`` is the database file or one of SQLite's files beside it."""
    names = {database.name + suffix for suffix in ("", "-wal", "-shm", "-journal")}
    return output.resolve().parent == database.resolve().parent and output.name in names
