"""The office server: its address, the password kept in the OS keyring, and clear failures."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from db import migrations
from db.session import make_engine
from desktop.core.database import PASSWORD_ENV
from desktop.core.errors import AppError, first_line
from desktop.core.i18n import _

KEYRING_SERVICE = "TiepDan"
CONNECT_TIMEOUT_S = 5


class _NoPipelineEcho(logging.Filter):
    """psycopg logs the error that ends a pipeline after a refused row, while that very error is
    raised to the caller anyway (and handled: the sync sets the row aside). The log line would quote
    the server's DETAIL, the row's values: it is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("error ignored terminating")


logging.getLogger("psycopg").addFilter(_NoPipelineEcho())


class ServerUnavailableError(AppError):
    """The server cannot be reached or refuses us; the desk keeps working locally."""


class SchemaMismatchError(AppError):
    """The server's schema is not the one this desk speaks: nothing is written."""


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int = 5432
    database: str = "tiepdan"
    user: str = "tiepdan"
    tls: str = "prefer"  # libpq sslmode: disable | prefer | require | verify-full
    options: str = ""  # libpq "options", e.g. -csearch_path=office2 when offices share a server

    def url(self, password: str | None = None) -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            password=password or None,
            host=self.host,
            port=self.port,
            database=self.database,
            query={"sslmode": self.tls, **({"options": self.options} if self.options else {})},
        )

    @property
    def keyring_user(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def display(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


def parse_address(url: str) -> tuple[ServerAddress, str | None]:
    """A server URL as typed (postgresql://user:pw@host:port/db?sslmode=...) -> address, password."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise AppError(_("This is not a server address: {url}").format(url=url)) from exc
    if not parsed.get_backend_name().startswith("postgresql") or not parsed.host:
        raise AppError(_("The office server must be PostgreSQL, e.g. postgresql://tiepdan@192.168.1.10/tiepdan"))
    query = dict(parsed.query)
    address = ServerAddress(
        host=parsed.host,
        port=parsed.port or 5432,
        database=parsed.database or "tiepdan",
        user=parsed.username or "tiepdan",
        tls=str(query.get("sslmode", "prefer")),
        options=str(query.get("options", "")),
    )
    return address, parsed.password


def stored_password(address: ServerAddress) -> str | None:
    """The password from the environment or the OS keyring (never from a plain file)."""
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    try:
        import keyring
        from keyring.errors import KeyringError

        return keyring.get_password(KEYRING_SERVICE, address.keyring_user)
    except (ImportError, KeyringError, RuntimeError):
        return None


def store_password(address: ServerAddress, password: str) -> None:
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, address.keyring_user, password)
    except NoKeyringError as exc:
        raise AppError(
            _("This computer has no password store (keyring). Set {env} instead.").format(env=PASSWORD_ENV)
        ) from exc
    except KeyringError as exc:
        raise AppError(_("The password store refused the password: {reason}").format(reason=exc)) from exc


def connect(address: ServerAddress, password: str | None = None) -> Engine:
    """An engine on the server; the first connection is tried at once and explained if it fails."""
    url = address.url(password if password is not None else stored_password(address))
    engine = make_engine(
        url.render_as_string(hide_password=False),
        pool_size=2,
        max_overflow=2,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
    )
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as exc:
        engine.dispose()
        raise explain(exc, address) from exc
    return engine


def explain(exc: DBAPIError, address: ServerAddress) -> ServerUnavailableError:
    """A connection failure in words a receptionist or an IT officer can act on."""
    reason = str(exc.orig or exc).lower()
    where = address.display()
    if "password authentication failed" in reason or "no password supplied" in reason:
        return ServerUnavailableError(_("The server {server} refused the user name or password.").format(server=where))
    if "ssl" in reason or "certificate" in reason:
        return ServerUnavailableError(
            _("The secure (TLS) connection to {server} failed: {detail}").format(server=where, detail=first_line(exc))
        )
    if "does not exist" in reason and "database" in reason:
        return ServerUnavailableError(_("The server has no database {name}.").format(name=address.database))
    return ServerUnavailableError(
        _("The server {server} cannot be reached: {detail}").format(server=where, detail=first_line(exc))
    )


def check_schema(engine: Engine) -> None:
    """Refuse to talk to a server whose schema is older or newer than this desk's."""
    current = migrations.current_revision(engine)
    head = migrations.head_revision()
    if current == head:
        return
    known = migrations.known_revisions()
    if current is None:
        raise SchemaMismatchError(_("The server has not been prepared for TiepDan yet (Settings, Prepare server)."))
    if current in known:
        raise SchemaMismatchError(
            _(
                "The server's database ({server}) is older than this desk ({desk}): an administrator "
                "must prepare the server again."
            ).format(server=current, desk=head)
        )
    raise SchemaMismatchError(
        _("The server's database ({server}) is newer than this desk ({desk}): update TiepDan on this desk.").format(
            server=current, desk=head
        )
    )


def prepare(engine: Engine) -> str:
    """Create or migrate the server schema; returns the revision it is at."""
    current = migrations.current_revision(engine)
    if current is not None and current not in migrations.known_revisions():
        raise SchemaMismatchError(
            _("The server's database ({server}) is newer than this desk: update TiepDan first.").format(server=current)
        )
    migrations.upgrade(engine)
    return migrations.head_revision()
