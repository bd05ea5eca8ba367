"""What both kinds of backup share: results, the schema check, private work folders, sealed files."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from db import migrations
from desktop import __version__
from desktop.core.backup import sealed
from desktop.core.errors import AppError, StorageError
from desktop.core.formatting import local
from desktop.core.i18n import _
from desktop.core.private_files import create_private_file, make_private_dir, open_private

SQLITE, POSTGRESQL = "sqlite", "postgresql"
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
WORK_PREFIX = ".backup-work-"
STALE_WORK_S = 24 * 3600


class RestoreRefusedError(AppError):
    """The backup is sound but cannot be restored here (a newer schema, another kind of database)."""


@dataclass(frozen=True)
class BackupDone:
    """A backup written and read back: where, of what, and at which schema revision."""

    path: Path
    location: str
    kind: str
    schema: str | None
    size: int
    encrypted: bool


@dataclass(frozen=True)
class Restored:
    """A restore done: what was replaced, from which file, and where the replaced data was kept."""

    location: str
    source: Path
    kind: str
    schema: str
    created: str | None
    kept: Path | None


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def stamp(moment: dt.datetime) -> str:
    """YYYYmmdd-HHMMSS in Viet Nam time, for file names people read."""
    return local(moment).strftime("%Y%m%d-%H%M%S")


def unused(path: Path) -> Path:
    """``path``, or the first of ``NAME-2[.EXT]``, ``NAME-3[.EXT]``... that does not exist yet.

    A kept copy is named after the second it was made: two restores within one second (restoring the
    kept copy at once to undo a restore) must neither overwrite the earlier copy nor the file being restored.
    """
    extension = path.suffix if path.suffix[1:].isalnum() and len(path.suffix) <= 6 else ""  # ".dump", not ".before-…"
    stem = path.name.removesuffix(extension) if extension else path.name
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{stem}-{number}{extension}")
    return candidate


def make_meta(kind: str, schema: str | None, moment: dt.datetime, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "schema": schema, "created": moment.isoformat(), "tiepdan": __version__, **extra}


def check_schema(revision: str | None) -> str:
    """The revision of a backup that this TiepDan can restore; refuses none and a newer one."""
    if revision is None:
        raise RestoreRefusedError(_("The backup holds no TiepDan database (it has no schema version)."))
    if revision not in migrations.known_revisions():
        raise RestoreRefusedError(
            _(
                "The backup comes from a newer version of TiepDan (schema {revision}): "
                "update TiepDan on this desk before restoring it."
            ).format(revision=revision)
        )
    return revision


def kind_of_file(path: Path) -> str:
    """ "sealed", "sqlite" (a plain copy) or "pg_dump" (a plain custom-format dump); else NotABackupError."""
    try:
        with path.open("rb") as handle:
            start = handle.read(len(SQLITE_MAGIC))
    except FileNotFoundError as exc:
        raise AppError(_("There is no file {path}.").format(path=path)) from exc
    except OSError as exc:
        raise StorageError(_("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror)) from exc
    if start.startswith(sealed.MAGIC):
        return "sealed"
    if start == SQLITE_MAGIC:
        return SQLITE
    if start.startswith(PG_DUMP_MAGIC):
        return "pg_dump"
    if sealed.MAGIC.startswith(start):
        raise sealed.TruncatedBackupError(_("The backup file is incomplete: it ends within its header."))
    raise sealed.NotABackupError(_("This file is not a TiepDan backup."))


@contextlib.contextmanager
def work_folder(data_dir: Path) -> Iterator[Path]:
    """A private (0700) folder in the data folder for plain copies, removed afterwards whatever happens."""
    _remove_stale_work(data_dir)
    folder = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=data_dir))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _remove_stale_work(data_dir: Path) -> None:
    """Work folders left by a backup that was killed (a power cut): they hold plain copies."""
    limit = time.time() - STALE_WORK_S
    for folder in data_dir.glob(f"{WORK_PREFIX}*"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)


def write_sealed(
    output: Path,
    source: IO[bytes],
    passphrase: str,
    meta: dict[str, Any],
    *,
    verify: Callable[[bytes, Path], None],
) -> int:
    """Encrypt ``source`` into ``output`` (0600) through a .part file that ``verify(key, part)`` reads back first.

    Returns the size of the backup file. Nothing is left at ``output`` when anything fails.
    """
    part = output.with_name(output.name + ".part")
    try:
        make_private_dir(output.parent)
        with open_private(part, "wb") as target:
            key = sealed.seal(source, target, passphrase, meta)
            sealed.fsync_file(target)
        verify(key, part)
        part.replace(output)
        _fsync_folder(output.parent)
    except OSError as exc:
        raise StorageError(
            _("Cannot write the backup {path}: {reason}").format(path=output, reason=exc.strerror)
        ) from exc
    finally:
        part.unlink(missing_ok=True)
    return output.stat().st_size


def unseal_into(
    source: Path, target: Path, *, passphrase: str | None = None, key: bytes | None = None
) -> dict[str, Any]:
    """Decrypt the backup file ``source`` into a new 0600 file ``target``; returns its metadata."""
    create_private_file(target)
    with source.open("rb") as handle, open_private(target, "wb") as plain:
        opened = sealed.unseal(handle, plain, passphrase=passphrase, key=key)
    return opened.meta


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
