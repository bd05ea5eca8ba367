"""The GUI's own backups: on exit and once a day, the last N kept in the data folder's backups/.

With a passphrase set in Settings (kept in the OS password store, like the server's password),
each is an encrypted backup like `tiepdan backup` writes (``tiepdan-YYYYmmdd-HHMMSS.tdbackup``).
Without one, each is a plain consistent copy of the database (``.sqlite3``): 0600 in a 0700
folder, so closed to other accounts as the database itself is, but readable by anyone who gets
the disk or this account. Once a passphrase was set, a backup is never made plain: when the
password store cannot give the passphrase back, no backup is made and the failure is reported.
Both kinds restore with `tiepdan restore FILE`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import time
from dataclasses import dataclass
from pathlib import Path

from desktop.core.access import Actor
from desktop.core.backup import local
from desktop.core.backup.common import now_utc, stamp, work_folder
from desktop.core.backup.sealed import check_new_passphrase
from desktop.core.database import Database, Session
from desktop.core.errors import AppError, StorageError
from desktop.core.i18n import _
from desktop.core.office import get_setting, set_setting
from desktop.core.private_files import make_private_dir
from desktop.core.settings_keys import Setting
from desktop.core.users import require_office_setting

FOLDER = "backups"
DEFAULT_KEEP = 7
MAX_KEEP = 365
SEALED_SUFFIX = ".tdbackup"
PLAIN_SUFFIX = ".sqlite3"
EVERY = dt.timedelta(days=1)
KEYRING_SERVICE = "TiepDan"
_NAME = re.compile(r"^tiepdan-(\d{8}-\d{6})(?:-(\d+))?(\.tdbackup|\.sqlite3)$")
_STALE_PART_S = 3600


@dataclass(frozen=True)
class AutoBackupSettings:
    """How many automatic backups are kept, and whether they are encrypted (a passphrase was set)."""

    keep: int = DEFAULT_KEEP
    encrypted: bool = False


@dataclass(frozen=True)
class AutoBackup:
    """An automatic backup made: its file, whether encrypted, and how many old ones rotation removed."""

    path: Path
    encrypted: bool
    removed: int


def load_settings(session: Session) -> AutoBackupSettings:
    text = get_setting(session, Setting.BACKUP_KEEP)
    keep = int(text) if text.isdigit() else DEFAULT_KEEP
    return AutoBackupSettings(
        keep=min(max(keep, 1), MAX_KEEP), encrypted=get_setting(session, Setting.BACKUP_ENCRYPTED) == "1"
    )


def save_keep(session: Session, keep: int, *, actor: Actor) -> None:
    require_office_setting(session, actor)
    if not 1 <= keep <= MAX_KEEP:
        raise AppError(_("Keep between 1 and {n} automatic backups.").format(n=MAX_KEEP))
    set_setting(session, Setting.BACKUP_KEEP, str(keep))


def set_passphrase(session: Session, data_dir: Path, passphrase: str | None, *, actor: Actor) -> None:
    """Encrypt automatic backups with ``passphrase`` from now on (None: make plain copies again)."""
    require_office_setting(session, actor)
    if passphrase is None:
        _forget_passphrase(data_dir)
        set_setting(session, Setting.BACKUP_ENCRYPTED, "")
        return
    check_new_passphrase(passphrase)
    _store_passphrase(data_dir, passphrase)
    set_setting(session, Setting.BACKUP_ENCRYPTED, "1")


def stored_passphrase(data_dir: Path) -> str | None:
    """The passphrase of the automatic backups from the OS password store; None when it has none."""
    try:
        import keyring
        from keyring.errors import KeyringError

        return keyring.get_password(KEYRING_SERVICE, _keyring_user(data_dir))
    except (ImportError, KeyringError, RuntimeError):
        return None


def has_password_store() -> bool:
    """True when this computer has an OS password store that keyring can use."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    return not isinstance(keyring.get_keyring(), fail.Keyring)


def folder_of(data_dir: Path) -> Path:
    return data_dir / FOLDER


def automatic_backups(data_dir: Path) -> list[Path]:
    """The automatic backups in the data folder, oldest first."""
    folder = folder_of(data_dir)
    if not folder.is_dir():
        return []
    found = [(match, path) for path in folder.iterdir() if (match := _NAME.match(path.name))]
    found.sort(key=lambda item: (item[0].group(1), int(item[0].group(2) or 0)))
    return [path for _match, path in found]


def last_backup_at(data_dir: Path) -> dt.datetime | None:
    backups = automatic_backups(data_dir)
    if not backups:
        return None
    return dt.datetime.fromtimestamp(max(path.stat().st_mtime for path in backups), dt.UTC)


def is_due(data_dir: Path, now: dt.datetime | None = None) -> bool:
    """True when the newest automatic backup is older than a day, or there is none."""
    last = last_backup_at(data_dir)
    return last is None or (now or now_utc()) - last >= EVERY


def make_backup(database: Database, *, now: dt.datetime | None = None) -> AutoBackup | None:
    """One automatic backup of the desk's SQLite database, then the oldest beyond N removed.

    None for a database on a server (its administrator backs it up with `tiepdan backup --db`).
    Opens its own session: safe on a worker thread.
    """
    if not database.is_sqlite or not database.engine.url.database:
        return None
    with database.sessions() as session:
        settings = load_settings(session)
    passphrase = stored_passphrase(database.data_dir) if settings.encrypted else None
    if settings.encrypted and not passphrase:
        raise AppError(
            _(
                "No automatic backup was made: the password store did not give back the backup passphrase. "
                "Set it again in Settings, Backups."
            )
        )
    moment = now or now_utc()
    folder = folder_of(database.data_dir)
    make_private_dir(folder)
    path = _new_name(folder, moment, SEALED_SUFFIX if passphrase else PLAIN_SUFFIX)
    source = Path(database.engine.url.database)
    if passphrase:
        with work_folder(database.data_dir) as work:
            local.back_up(source, path, passphrase, work=work, moment=moment)
    else:
        _plain_copy(source, path)
    return AutoBackup(path=path, encrypted=bool(passphrase), removed=len(rotate(database.data_dir, settings.keep)))


def rotate(data_dir: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` automatic backups (and .part files a killed backup left)."""
    backups = automatic_backups(data_dir)
    removed = backups[: max(len(backups) - keep, 0)]
    limit = time.time() - _STALE_PART_S
    for part in folder_of(data_dir).glob("*.part"):
        with contextlib.suppress(OSError):
            if part.stat().st_mtime < limit:
                removed.append(part)
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _plain_copy(source: Path, path: Path) -> None:
    """A consistent copy, checked (integrity) before it takes its name."""
    part = path.with_name(path.name + ".part")
    try:
        local.copy_database(source, part)
        local.inspect_database(part)
        part.replace(path)
    except OSError as exc:
        raise StorageError(
            _("Cannot write the backup {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from exc
    finally:
        part.unlink(missing_ok=True)


def _new_name(folder: Path, moment: dt.datetime, suffix: str) -> Path:
    base = f"tiepdan-{stamp(moment)}"
    path, count = folder / f"{base}{suffix}", 1
    while path.exists() or path.with_name(path.name + ".part").exists():
        count += 1
        path = folder / f"{base}-{count}{suffix}"
    return path


def _keyring_user(data_dir: Path) -> str:
    return f"automatic-backup:{data_dir}"


def _store_passphrase(data_dir: Path, passphrase: str) -> None:
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, _keyring_user(data_dir), passphrase)
    except NoKeyringError as exc:
        raise AppError(
            _(
                "This computer has no password store (keyring), so automatic backups cannot be encrypted: "
                "they stay plain copies that only this account can read."
            )
        ) from exc
    except KeyringError as exc:
        raise AppError(_("The password store refused the passphrase: {reason}").format(reason=exc)) from exc


def _forget_passphrase(data_dir: Path) -> None:
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError, KeyringError, RuntimeError):
        keyring.delete_password(KEYRING_SERVICE, _keyring_user(data_dir))
