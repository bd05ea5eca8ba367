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


LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
VERIFIED = "verify-full"
UNVERIFIED_MODES = frozenset({"require", "verify-ca"})  # encrypted, but the server's name is not checked


def is_loopback(host: str) -> bool:
    """This very computer: nothing crosses a network, so the link may stay plain."""
    return host.strip().lower() in LOOPBACK_HOSTS or host.startswith("127.")


def default_tls(host: str) -> str:
    """The certificate is checked unless the server is this computer (``verify-full``, else ``prefer``)."""
    return "prefer" if is_loopback(host) else VERIFIED


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int = 5432
    database: str = "tiepdan"
    user: str = "tiepdan"
    tls: str = VERIFIED  # libpq sslmode: disable | prefer | require | verify-full
    options: str = ""  # libpq "options", e.g. -csearch_path=office2 when offices share a server
    ca_file: str = ""  # the office's CA certificate (PEM) that signed the server's; libpq "sslrootcert"

    def url(self, password: str | None = None) -> URL:
        query = {"sslmode": self.tls}
        if self.ca_file:
            query["sslrootcert"] = self.ca_file
        if self.options:
            query["options"] = self.options
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            password=password or None,
            host=self.host,
            port=self.port,
            database=self.database,
            query=query,
        )

    def link_warning(self) -> str:
        """What the status bar must say of this link ("" when it is verified or stays on this computer)."""
        if is_loopback(self.host) or self.tls == VERIFIED:
            return ""
        if self.tls in UNVERIFIED_MODES:
            return _(
                "Server certificate not checked: the link is encrypted, but another machine could pose as the server."
            )
        return _("Unencrypted server connection: names and ID numbers may cross the network in plain text.")

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
        tls=str(query.get("sslmode") or default_tls(parsed.host)),
        options=str(query.get("options", "")),
        ca_file=str(query.get("sslrootcert", "")),
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
    if address.tls == VERIFIED and ("ssl" in reason or "certificate" in reason or "root.crt" in reason):
        return ServerUnavailableError(
            _(
                "The server {server} could not prove who it is (TLS certificate check): {detail}. Choose the "
                "office's CA file in Settings, Office server, or ask the administrator to turn TLS on at the server."
            ).format(server=where, detail=first_line(exc))
        )
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
