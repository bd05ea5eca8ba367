"""Official numbers: sequential per type and year, reserved in blocks, never printed temporary."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import NumberBlock
from db.session import make_engine
from desktop.core.database import Database, open_database
from desktop.core.formatting import today_local
from desktop.core.office_mode import sync
from desktop.core.office_mode.joining import join_office
from desktop.core.paperwork.official_numbers import (
    BLOCK_SIZE,
    NumberUnavailableError,
    format_number,
    free_numbers,
    take_number,
    top_up,
)
from tests.helpers.tcpproxy import TcpProxy

YEAR = today_local().year


def test_format_number() -> None:
    assert format_number(5, "TB", "BTCD") == "05/TB-BTCD"
    assert format_number(115, "PC", "BTCD") == "115/PC-BTCD"
    assert format_number(7, "CV", "BTCD") == "07/BTCD"


def test_single_desk_numbers_run_per_type_and_year(database: Database) -> None:
    with database.sessions.begin() as session:
        assert [take_number(session, "TB", 2026) for _ in range(3)] == [1, 2, 3]
        assert take_number(session, "PC", 2026) == 1
        assert take_number(session, "TB", 2027) == 1


@pytest.fixture
def office_desks(fresh_pg_url: str, tmp_path: Path) -> Iterator[tuple[Callable[[str], Database], TcpProxy]]:
    proxy = TcpProxy()
    opened: list[Database] = []

    def make(code: str) -> Database:
        folder = tmp_path / code
        local = open_database(data_dir=folder)
        join_office(local, proxy.url(fresh_pg_url), code)
        local.dispose()
        opened.append(open_database(data_dir=folder))
        return opened[-1]

    yield make, proxy
    for database in opened:
        database.dispose()
    proxy.close()


@pytest.mark.postgres
def test_office_desks_number_offline_from_reserved_blocks(
    office_desks: tuple[Callable[[str], Database], TcpProxy],
) -> None:
    make, proxy = office_desks
    d01, d02 = make("D01"), make("D02")
    sync.sync_once(d01, "D01")
    sync.sync_once(d02, "D02")
    proxy.cut()
    taken: list[int] = []
    for desk in (d01, d02):
        with desk.sessions.begin() as session:
            assert free_numbers(session, "TB", YEAR) == BLOCK_SIZE
            taken += [take_number(session, "TB", YEAR) for _ in range(BLOCK_SIZE)]
        with pytest.raises(NumberUnavailableError), desk.sessions.begin() as session:
            take_number(session, "TB", YEAR)
    assert sorted(taken) == list(range(1, 2 * BLOCK_SIZE + 1))  # no number on two letters
    proxy.restore()
    sync.sync_once(d01, "D01")
    with d01.sessions.begin() as session:
        assert take_number(session, "TB", YEAR) == 2 * BLOCK_SIZE + 1


@pytest.mark.postgres
def test_block_reserved_but_not_recorded_locally_is_recovered(
    office_desks: tuple[Callable[[str], Database], TcpProxy], fresh_pg_url: str
) -> None:
    make, proxy = office_desks
    d01 = make("D01")
    server = make_engine(proxy.url(fresh_pg_url))
    import uuid

    from desktop.core.paperwork.official_numbers import _reserve

    with server.begin() as connection:  # the server committed a block; the desk crashed before recording it
        first, _last = _reserve(connection, "official:TB", YEAR, "D01", uuid.uuid4())
    with d01.sessions() as session:
        assert free_numbers(session, "TB", YEAR) == 0
    top_up(d01, server, "D01", YEAR, scopes=("TB",))
    with d01.sessions.begin() as session:
        assert free_numbers(session, "TB", YEAR) == BLOCK_SIZE
        assert take_number(session, "TB", YEAR) == first == 1  # the recovered block, not a new one
    server.dispose()


@pytest.mark.postgres
def test_concurrent_reservations_never_overlap(fresh_pg_url: str) -> None:
    server = make_engine(fresh_pg_url)
    from desktop.core.paperwork.official_numbers import _reserve

    blocks: list[tuple[int, int]] = []
    lock = threading.Lock()

    def reserve_many(desk: str) -> None:
        import uuid

        for _ in range(10):
            with server.begin() as connection:
                block = _reserve(connection, "official:TB", YEAR, desk, uuid.uuid4())
            with lock:
                blocks.append(block)

    threads = [threading.Thread(target=reserve_many, args=(f"D0{i}",)) for i in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    numbers = [n for first, last in blocks for n in range(first, last + 1)]
    assert sorted(numbers) == list(range(1, 40 * BLOCK_SIZE + 1))
    with server.connect() as connection:
        assert len(connection.execute(select(NumberBlock.id)).all()) == 40
    server.dispose()


@pytest.mark.postgres
def test_two_concurrent_sessions_never_take_the_same_number(fresh_pg_url: str) -> None:
    from db.session import make_session_factory

    engine = make_engine(fresh_pg_url)
    sessions = make_session_factory(engine)
    taken: list[int] = []
    lock = threading.Lock()

    def take_many() -> None:
        for _ in range(40):
            with sessions.begin() as session:
                number = take_number(session, "TB", YEAR)
            with lock:
                taken.append(number)

    threads = [threading.Thread(target=take_many) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    assert sorted(taken) == list(range(1, 81))


@pytest.mark.postgres
def test_init_prepares_a_server_from_the_command_line(postgres_url: str, tmp_path: Path) -> None:
    """`tiepdan init --db postgresql+psycopg://...` creates the schema and saves the office there."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from db import migrations
    from desktop.cli import main
    from desktop.core.office import get_office

    schema = f"init_{os.getpid()}"
    admin = make_engine(postgres_url)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    try:
        status = main(
            [
                "--db",
                rendered,
                "--data-dir",
                str(tmp_path),
                "init",
                "--office-name",
                "Thanh tra tỉnh An Giang",
                "--parent-agency",
                "Ủy ban nhân dân tỉnh An Giang",
                "--place",
                "An Giang",
                "--symbol",
                "TTr",
            ]
        )
        assert status == 0
        server = make_engine(rendered)
        assert migrations.current_revision(server) == migrations.head_revision()
        from sqlalchemy.orm import Session

        with Session(server) as session:
            office = get_office(session)
        server.dispose()
        assert office is not None
        assert office.agency_name == "Thanh tra tỉnh An Giang"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


@pytest.mark.postgres
def test_numbers_issued_alone_are_not_issued_again_after_joining(database: Database, fresh_pg_url: str) -> None:
    with database.sessions.begin() as session:
        assert [take_number(session, "TB", YEAR) for _ in range(2)] == [1, 2]
    join_office(database, fresh_pg_url, "D01")
    database.dispose()
    desk = open_database(data_dir=database.data_dir)
    try:
        sync.sync_once(desk, "D01")
        with desk.sessions.begin() as session:
            assert take_number(session, "TB", YEAR) == 3
    finally:
        desk.dispose()
