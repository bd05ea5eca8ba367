"""A small demo desk, made once per test module: the report tests read it and never write."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.database import DB_FILE, Database, open_database
from desktop.core.demo.generator import generate

NOW = dt.datetime(2026, 11, 30, 5, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def demo_file(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reports-demo")
    shutil.copy(template_db, folder / DB_FILE)
    database = open_database(data_dir=folder)
    with database.sessions.begin() as session:
        generate(session, visits=900, desk_code="D01", seed=7, now=NOW, postal_petitions=150)
    database.dispose()
    return folder / DB_FILE


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    folder = tmp_path / "demo"
    folder.mkdir()
    shutil.copy(demo_file, folder / DB_FILE)
    database = open_database(data_dir=folder)
    yield database
    database.dispose()
