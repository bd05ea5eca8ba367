"""Shared fixtures: real SQLite files in tmp_path, the real PostgreSQL server, offscreen Qt."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from collections.abc import Iterator
from pathlib import Path

import hypothesis
import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from db import migrations
from db.session import make_engine, make_session_factory
from desktop.core import users
from desktop.core.database import DB_FILE, Database, open_database
from desktop.core.i18n import set_language
from desktop.core.office import EXAMPLE_OFFICE, save_office, set_current_desk

# Hypothesis fails an example slower than 200 ms by default: a loaded machine must not fail a test.
hypothesis.settings.register_profile("tiepdan", deadline=None)
hypothesis.settings.load_profile("tiepdan")

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures:
            item.add_marker(pytest.mark.gui)
        if "pg_database" in fixtures or "postgres_url" in fixtures:
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(autouse=True)
def _vietnamese_and_isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Every test runs in Vietnamese (the default UI) with its own data folder."""
    monkeypatch.setenv("TIEPDAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    set_language("vi")
    yield
    set_language("vi")


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2id hashes with the smallest cost: the desk's (64 MiB, 3 passes) takes ~0.1-1 s each.

    tests/core/test_users.py checks the desk's own parameters.
    """
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once to head, with the example office and desk D01."""
    folder = tmp_path_factory.mktemp("template")
    database = open_database(data_dir=folder)
    with database.sessions.begin() as session:
        save_office(session, EXAMPLE_OFFICE)
        set_current_desk(session, "D01")
    database.dispose()
    return folder / DB_FILE


@pytest.fixture
def database(template_db: Path, tmp_path: Path) -> Iterator[Database]:
    """A fresh copy of the template database in this test's data folder."""
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    shutil.copy(template_db, folder / DB_FILE)
    opened = open_database(data_dir=folder)
    yield opened
    opened.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A private schema on the test server for this pytest process; fails when the server is down."""
    schema = f"t_{os.getpid()}"
    admin = create_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:
        admin.dispose()
        pytest.fail(f"PostgreSQL at {POSTGRES_URL} is unreachable: {exc}", pytrace=False)
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(scope="session")
def pg_template(postgres_url: str) -> str:
    engine = make_engine(postgres_url)
    migrations.upgrade(engine)
    with Session(engine) as session, session.begin():
        save_office(session, EXAMPLE_OFFICE)
        set_current_desk(session, "D01")
    engine.dispose()
    return postgres_url


@pytest.fixture
def pg_database(pg_template: str, tmp_path: Path) -> Iterator[Database]:
    """The migrated server schema; everything a test writes is rolled back at teardown."""
    engine = make_engine(pg_template)
    connection = engine.connect()
    outer = connection.begin()
    sessions = make_session_factory(connection, join_transaction_mode="create_savepoint")
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    yield Database(url=pg_template, engine=engine, sessions=sessions, data_dir=folder)
    outer.rollback()
    connection.close()
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_database(request: pytest.FixtureRequest) -> Database:
    """The same test on both backends."""
    name = "database" if request.param == "sqlite" else "pg_database"
    return request.getfixturevalue(name)


@pytest.fixture
def fresh_pg_url(postgres_url: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty, migrated schema of its own, for tests that must really commit (concurrency)."""
    schema = f"t_{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    engine = make_engine(rendered)
    migrations.upgrade(engine)
    with Session(engine) as session, session.begin():
        save_office(session, EXAMPLE_OFFICE)
        set_current_desk(session, "D01")
    engine.dispose()
    yield rendered
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()
