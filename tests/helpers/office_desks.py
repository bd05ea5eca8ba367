"""Office-mode test helpers: a cuttable proxy to the real PostgreSQL, desks joined through it, conflicts.

The fixtures are imported by tests/core/conftest.py and tests/ui/office_mode/conftest.py.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Office, SyncConflict
from db.sync import payload
from desktop.core.database import Database, open_database
from desktop.core.office_mode.joining import join_office
from tests.helpers.tcpproxy import TcpProxy

SERVER_PHONE = "02963111111"
DESK_PHONE = "02963222222"


@pytest.fixture
def proxy() -> Iterator[TcpProxy]:
    running = TcpProxy()
    yield running
    running.close()


@pytest.fixture
def proxied_url(fresh_pg_url: str, proxy: TcpProxy) -> str:
    """The prepared server, reached through the proxy."""
    return proxy.url(fresh_pg_url)


@pytest.fixture
def make_desk(fresh_pg_url: str, proxy: TcpProxy, tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    """make_desk("D02") -> a desk database joined to the server through the proxy."""
    opened: list[Database] = []

    def make(code: str) -> Database:
        database = open_database(data_dir=tmp_path / f"desk-{code}")
        join_office(database, proxy.url(fresh_pg_url), code)  # switches the outbox on
        opened.append(database)
        return database

    yield make
    for database in opened:
        database.dispose()


def add_office_conflict(database: Database) -> uuid.UUID:
    """A conflict over the office profile as a sync stores it: the row shows the server's version.

    The desk had typed another phone and cleared the address.
    """
    with database.sessions.begin() as session:
        office = session.scalars(select(Office)).one()
        office.phone = SERVER_PHONE
        session.flush()
        server = payload(office)
        conflict = SyncConflict(
            entity="office",
            entity_id=office.id,
            desk_code="D01",
            base_version=1,
            server_version=office.version,
            desk_payload={**server, "phone": DESK_PHONE, "address": "", "updated_at": "2026-03-05T02:30:00+00:00"},
            server_payload=server,
            detected_at=dt.datetime(2026, 3, 5, 2, 31, tzinfo=dt.UTC),
        )
        session.add(conflict)
        session.flush()
        return conflict.id
