"""The server link checks the server's certificate unless someone chose otherwise; loopback may stay plain."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from db.session import make_engine
from desktop.core.database import Database
from desktop.core.i18n import _, set_language
from desktop.core.office import set_setting
from desktop.core.office_mode import sync
from desktop.core.office_mode.server import ServerAddress, ServerUnavailableError, connect, parse_address
from desktop.core.settings_keys import Setting
from tests.conftest import POSTGRES_URL

CA = "/etc/tiepdan/office-ca.crt"


def test_a_remote_server_is_verified_by_default_and_loopback_may_stay_plain() -> None:
    remote, _password = parse_address("postgresql://tiepdan@192.168.1.10/tiepdan")
    assert remote.tls == "verify-full"
    assert ServerAddress(host="server.local").tls == "verify-full"
    for host in ("127.0.0.1", "localhost", "[::1]"):
        assert parse_address(f"postgresql://tiepdan@{host}/tiepdan")[0].tls == "prefer"


def test_the_ca_file_travels_in_the_stored_address_and_reaches_libpq() -> None:
    address = ServerAddress(host="192.168.1.10", ca_file=CA)
    stored = address.url().render_as_string(hide_password=True)  # what join_office keeps in the settings
    assert parse_address(stored)[0] == address
    engine = make_engine(address.url("pw").render_as_string(hide_password=False))
    try:
        _args, connect_args = engine.dialect.create_connect_args(engine.url)
    finally:
        engine.dispose()
    assert connect_args["sslmode"] == "verify-full"
    assert connect_args["sslrootcert"] == CA


@pytest.mark.parametrize(
    ("host", "tls", "warning"),
    [
        ("192.168.1.10", "verify-full", ""),
        ("192.168.1.10", "disable", "Unencrypted"),
        ("192.168.1.10", "prefer", "Unencrypted"),
        ("192.168.1.10", "require", "not checked"),
        ("127.0.0.1", "disable", ""),
        ("localhost", "prefer", ""),
    ],
)
def test_a_plain_or_unverified_link_is_named(host: str, tls: str, warning: str) -> None:
    set_language("en")  # the autouse fixture sets Vietnamese back
    text = ServerAddress(host=host, tls=tls).link_warning()
    assert warning in text if warning else text == ""


@pytest.mark.postgres
def test_a_server_without_tls_is_refused_at_once_when_verified() -> None:
    """The test server speaks no TLS: verify-full must fail with words to act on, not hang or fall back."""
    plain = make_url(POSTGRES_URL)
    address = ServerAddress(
        host=plain.host or "127.0.0.1",
        port=plain.port or 5432,
        database=plain.database or "test",
        user=plain.username or "postgres",
        tls="verify-full",
    )
    with pytest.raises(ServerUnavailableError) as caught:
        connect(address)
    message = str(caught.value)
    assert "TLS" in message
    assert _("Settings") in message or "Cài đặt" in message


def test_the_desk_status_carries_the_warning(database: Database) -> None:
    with database.sessions.begin() as session:
        set_setting(session, Setting.SERVER, "postgresql+psycopg://tiepdan@192.168.1.10/tiepdan?sslmode=disable")
    assert sync.status(database).link_warning.startswith("Kết nối máy chủ không mã hoá")
    with database.sessions.begin() as session:
        set_setting(session, Setting.SERVER, f"postgresql+psycopg://tiepdan@192.168.1.10/tiepdan?sslrootcert={CA}")
    assert sync.status(database).link_warning == ""
