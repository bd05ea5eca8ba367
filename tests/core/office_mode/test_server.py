"""Connecting to the office server: clear words for each failure, and the desk works on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.core.database import Database
from desktop.core.errors import AppError
from desktop.core.office_mode.joining import join_office
from desktop.core.office_mode.server import ServerAddress, ServerUnavailableError, connect, parse_address
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, make_draft
from tests.helpers.fakepg import RefusingServer


@pytest.fixture
def wrong_password() -> Iterator[RefusingServer]:
    server = RefusingServer("28P01", 'password authentication failed for user "tiepdan"')
    yield server
    server.close()


def test_parse_address_keeps_tls_mode_and_drops_nothing() -> None:
    address, password = parse_address("postgresql://tiepdan:bí-mật@10.0.0.5:5433/tcd?sslmode=require")
    assert address == ServerAddress(host="10.0.0.5", port=5433, database="tcd", user="tiepdan", tls="require")
    assert password == "bí-mật"
    assert "bí-mật" not in address.url().render_as_string(hide_password=False)


@pytest.mark.parametrize("url", ["sqlite:///x.db", "postgresql:///nohost", "::not a url::"])
def test_parse_address_refuses_what_is_not_a_server(url: str) -> None:
    with pytest.raises(AppError, match=r"PostgreSQL|máy chủ"):
        parse_address(url)


def test_wrong_password_is_named(wrong_password: RefusingServer) -> None:
    address = ServerAddress(host="127.0.0.1", port=wrong_password.port, database="tcd", tls="disable")
    with pytest.raises(ServerUnavailableError) as caught:
        connect(address, "sai")
    assert "mật khẩu" in str(caught.value)


def test_tls_failure_is_named(wrong_password: RefusingServer) -> None:
    address = ServerAddress(host="127.0.0.1", port=wrong_password.port, database="tcd", tls="require")
    with pytest.raises(ServerUnavailableError) as caught:
        connect(address, "x")
    assert "TLS" in str(caught.value)


def test_unreachable_host_is_named() -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ServerUnavailableError) as caught:
        connect(ServerAddress(host="127.0.0.1", port=port, database="tcd", tls="disable"))
    assert f"127.0.0.1:{port}" in str(caught.value)


def test_failed_join_leaves_the_desk_working_alone(database: Database, wrong_password: RefusingServer) -> None:
    url = f"postgresql://tiepdan:sai@127.0.0.1:{wrong_password.port}/tcd?sslmode=disable"
    with pytest.raises(ServerUnavailableError):
        join_office(database, url, "D01")
    with database.sessions.begin() as session:
        saved = register_visit(session, make_draft(), desk_code="D01", actor=ADMIN)
    assert saved.visit.serial.startswith("D01-")
    with database.sessions() as session:
        from desktop.core.office import get_setting

        assert get_setting(session, "mode") == ""
