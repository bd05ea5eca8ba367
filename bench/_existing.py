"""Shared by the benchmarks: an existing database (the shared 1,000,000-visit ones) opened for reading only.

`--data-dir DIR` (a SQLite desk, e.g. /work/data/demo-1m) or `--postgres-db NAME` (a database on the
local server, e.g. demo1m): the benchmark measures it as it stands instead of generating a fresh
demo, and can change nothing in it (SQLite opened ``mode=ro``; PostgreSQL sessions read-only).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._office import BASE_URL, check_local
from db.session import make_engine, make_read_only_engine, make_session_factory, sqlite_url
from desktop.core.database import DB_FILE, Database


def open_existing_sqlite(data_dir: Path) -> Database:
    file = data_dir / DB_FILE
    if not file.exists():
        raise SystemExit(f"no database in {data_dir}")
    wal = file.with_name(file.name + "-wal")
    engine = make_read_only_engine(file, immutable=not wal.exists())
    return Database(
        url=sqlite_url(file), engine=engine, sessions=make_session_factory(engine), data_dir=data_dir, read_only=True
    )


def postgres_url(name: str) -> str:
    check_local(BASE_URL)
    return BASE_URL.rsplit("/", 1)[0] + f"/{name}"


def open_existing_postgres(name: str, data_dir: Path) -> Database:
    url = postgres_url(name)
    engine = make_engine(url, connect_args={"options": "-c default_transaction_read_only=on"})
    return Database(url=url, engine=engine, sessions=make_session_factory(engine), data_dir=data_dir, read_only=True)
