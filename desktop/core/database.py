"""Where the data lives and how it is opened: data folder, engine, migrations, sessions."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from db import migrations
from db.models import LocalSetting
from db.session import make_engine, make_session_factory, sqlite_url
from desktop.core.errors import StorageError, first_line
from desktop.core.i18n import _
from desktop.core.paths import APP_NAME, default_data_dir, resolve_data_dir  # noqa: F401 - re-exported

DB_FILE = "tiepdan.sqlite3"
MODE_SETTING = "mode"


@dataclass(frozen=True)
class Database:
    """An open database: its URL, engine and session factory, and the desk's data folder."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    data_dir: Path

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


def open_database(
    url: str | None = None, data_dir: str | os.PathLike[str] | None = None, *, migrate: bool = True
) -> Database:
    """Open (and by default migrate) the database; SQLite in the data folder unless ``url``."""
    folder = resolve_data_dir(data_dir)
    url = url or sqlite_url(folder / DB_FILE)
    engine = make_engine(url)
    try:
        if migrate:
            migrations.upgrade(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise StorageError(
            _("Cannot open the database {url}: {reason}").format(
                url=engine.url.render_as_string(hide_password=True), reason=first_line(exc)
            )
        ) from exc
    sessions = make_session_factory(engine, outbox=migrate and _is_office_desk(engine))
    return Database(url=url, engine=engine, sessions=sessions, data_dir=folder)


def _is_office_desk(engine: Engine) -> bool:
    """An office-mode desk records every change in its outbox for the sync worker."""
    with engine.connect() as connection:
        mode = connection.execute(select(LocalSetting.value).where(LocalSetting.key == MODE_SETTING)).scalar()
    return mode == "office"
