"""Where the data lives and how it is opened: data folder, engine, migrations, sessions."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, make_url, select
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from db import migrations
from db.models import LocalSetting
from db.session import READS_ONLY, make_engine, make_read_only_engine, make_session_factory, sqlite_url
from desktop.core import audit as _audit  # noqa: F401 - registers the audit trail's session events
from desktop.core import users as _users  # noqa: F401 - registers the check that stops a disabled account
from desktop.core.errors import AppError, StorageError, environment_error, first_line, read_only_storage
from desktop.core.i18n import _
from desktop.core.paths import APP_NAME, default_data_dir, resolve_data_dir
from desktop.core.private_files import create_private_file
from desktop.core.settings_keys import OFFICE_MODE, Setting

# The unit of work a use case takes: the GUI and the CLI name it from here, never from SQLAlchemy.
__all__ = ["APP_NAME", "Database", "Session", "default_data_dir", "open_database", "resolve_data_dir"]

DB_FILE = "tiepdan.sqlite3"


@dataclass(frozen=True)
class Database:
    """An open database: its URL, engine and session factory, and the desk's data folder.

    ``read_only``: a SQLite file on read-only media, opened for reading only (see open_database).
    """

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    data_dir: Path
    read_only: bool = False

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    def location(self) -> str:
        """The database for people: a file path, or the server without its password."""
        if self.is_sqlite:
            return str(self.engine.url.database)
        return self.engine.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def reads(self) -> Iterator[Session]:
        """A session that only reads: one snapshot of the data, and no lock that a save would wait for.

        For long reads on a worker thread (the deadline board). On SQLite every other session begins
        with BEGIN IMMEDIATE, which holds the write lock: a board read of a second at 1,000,000 visits
        then made a save on the GUI thread wait that long. This one begins deferred, a WAL reader.
        On PostgreSQL it is REPEATABLE READ, so counts and rows read apart agree.
        """
        options = {READS_ONLY: True} if self.is_sqlite else {"isolation_level": "REPEATABLE READ"}
        with self.sessions(bind=self.engine.execution_options(**options)) as session:  # the engine's pool
            yield session


def open_database(
    url: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    *,
    migrate: bool = True,
    read_only: bool = False,
) -> Database:
    """Open (and by default migrate) the database; SQLite in the data folder unless ``url``.

    ``read_only`` says the caller only reads. A SQLite file that cannot be written (read-only
    media: a write-protected disk or folder) is then opened for reading only and never migrated;
    it must already be at this version's schema. A caller that writes gets the read-only
    StorageError at once for such a file.

    Raises StorageError, in words for the desk, when the address is not one TiepDan can open, the
    database is busy, read-only, full or unreachable, or a newer TiepDan has written it.
    """
    folder = resolve_data_dir(data_dir)
    url = url or sqlite_url(folder / DB_FILE)
    file = _sqlite_file(url)
    if file is not None and file.exists() and not _can_write(file):
        if not read_only:
            raise read_only_storage()
        engine = make_read_only_engine(file, immutable=not _wal_of(file).exists())
        _prepare(engine, _require_head)
        return Database(url=url, engine=engine, sessions=make_session_factory(engine), data_dir=folder, read_only=True)
    engine = _engine(url)
    _create_sqlite_file(engine)
    _prepare(engine, _upgrade if migrate else None)
    sessions = make_session_factory(engine, outbox=migrate and _is_office_desk(engine))
    return Database(url=url, engine=engine, sessions=sessions, data_dir=folder)


PASSWORD_ENV = "TIEPDAN_SERVER_PASSWORD"


def refuse_password_in_address(url: str | None, option: str) -> None:
    """Refuse an address given on the command line with a password in it (``user:pw@host``).

    A command's arguments are readable by every account of the computer (the process list, ``ps``)
    while it runs; the password goes to the keyring, the environment or a prompt instead.
    """
    if not url:
        return
    try:
        password = make_url(url).password
    except ArgumentError:
        return  # not an address: refused later, in its own words
    if password:
        raise AppError(
            _(
                "{option} must not hold the password: other users of this computer can read it in the process "
                "list. Remove it from the address and give it in Settings, Office server (kept in the "
                "computer's password store), in the environment variable {env}, or when asked for it."
            ).format(option=option, env=PASSWORD_ENV)
        )


def _prepare(engine: Engine, step: Callable[[Engine], None] | None) -> None:
    """Run ``step`` (migrate, or check the schema) on a new engine; a failure of the machine is a StorageError."""
    try:
        if step is not None:
            step(engine)
    except Exception as exc:
        engine.dispose()
        if not isinstance(exc, DBAPIError):
            raise
        raise environment_error(exc) or StorageError(
            _("Cannot open the database {url}: {reason}").format(url=_shown(engine), reason=first_line(exc))
        ) from exc


def _sqlite_file(url: str) -> Path | None:
    """The file of a SQLite address (None for a server, an in-memory database or an address to refuse later)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    name = parsed.database
    if not parsed.drivername.startswith("sqlite") or not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def _wal_of(file: Path) -> Path:
    return file.with_name(file.name + "-wal")


def _can_write(file: Path) -> bool:
    """Whether SQLite can change the existing ``file``: the file itself, and its folder where the -wal and -shm go."""
    if not os.access(file, os.W_OK):
        return False
    companions = (_wal_of(file), file.with_name(file.name + "-shm"))
    return os.access(file.parent, os.W_OK) or all(os.access(path, os.W_OK) for path in companions)


def _engine(url: str) -> Engine:
    """The engine for ``url``; a StorageError when it is no address of a database TiepDan knows.

    A server address without a password takes it from TIEPDAN_SERVER_PASSWORD when that is set
    (libpq's own PGPASSWORD and ~/.pgpass work as well).
    """
    try:
        parsed = make_url(url)
        if parsed.drivername.startswith("postgresql") and not parsed.password and os.environ.get(PASSWORD_ENV):
            return make_engine(parsed.set(password=os.environ[PASSWORD_ENV]).render_as_string(hide_password=False))
        return make_engine(url)
    except (ArgumentError, ImportError) as exc:  # unparsable, unknown dialect, or its driver missing
        raise _bad_address(url) from exc


def _create_sqlite_file(engine: Engine) -> None:
    """A new SQLite database starts as an empty file made 0600: SQLite gives its -wal and -shm that mode."""
    path = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    with contextlib.suppress(OSError):  # a missing folder or a read-only disk: SQLite's own error says it
        create_private_file(Path(path))


def _bad_address(url: str) -> StorageError:
    example = "sqlite:///FILE, postgresql://USER@HOST/DATABASE"
    try:
        kind = make_url(url).drivername  # never the whole address: it may hold a password
    except ArgumentError:
        return StorageError(_("This is not a database address; give one like {example}.").format(example=example))
    return StorageError(
        _('TiepDan cannot open a database of the kind "{kind}"; give an address like {example}.').format(
            kind=kind, example=example
        )
    )


def _upgrade(engine: Engine) -> None:
    """Migrate to the head revision; refuse a database that a newer TiepDan has migrated further."""
    if migrations.at_head(engine):  # the usual start: no migration, and Alembic is not even imported
        return
    from alembic.util import CommandError

    try:
        migrations.upgrade(engine)
    except CommandError as exc:
        revision = migrations.current_revision(engine)
        if revision is None or revision in migrations.known_revisions():
            raise
        raise _newer(engine, revision) from exc


def _require_head(engine: Engine) -> None:
    """A database opened read-only cannot be migrated: it must be at the head revision already."""
    revision = migrations.current_revision(engine)
    if revision == migrations.head_revision():
        return
    if revision is not None and revision not in migrations.known_revisions():
        raise _newer(engine, revision)
    raise StorageError(
        _(
            "The database {url} needs an upgrade to this version of TiepDan (schema {revision}), which cannot "
            "be written on read-only media: open it once where it can be written."
        ).format(url=_shown(engine), revision=revision or "-")
    )


def _newer(engine: Engine, revision: str) -> StorageError:
    return StorageError(
        _(
            "The database {url} comes from a newer version of TiepDan (schema {revision}): "
            "update TiepDan on this desk before opening it."
        ).format(url=_shown(engine), revision=revision)
    )


def _shown(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)  # never the password


def _is_office_desk(engine: Engine) -> bool:
    """An office-mode desk records every change in its outbox for the sync worker."""
    with engine.connect() as connection:
        mode = connection.execute(select(LocalSetting.value).where(LocalSetting.key == Setting.MODE)).scalar()
    return mode == OFFICE_MODE
