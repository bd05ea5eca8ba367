"""Engines and session factories; SQLite gets WAL, foreign keys and synchronous=FULL."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; nothing is created at import time.

    Every engine hides the statement's parameters from its error texts: they are the row's values
    (names, identity numbers, phones), and an error text reaches tracebacks, the log and the crash dialog.
    """
    kwargs.setdefault("hide_parameters", True)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def make_read_only_engine(path: Path, *, immutable: bool) -> Engine:
    """An engine that only reads the SQLite file at ``path``, for a desk on read-only media.

    SQLite opens it with ``mode=ro``; no journal mode is set and transactions begin deferred (BEGIN
    IMMEDIATE asks for the write lock). ``immutable`` tells SQLite that nothing can change the file,
    so it needs no -shm file beside it, which read-only media cannot hold: right only when there is
    no -wal file left to read (SQLite docs, "Read-Only Databases" in "Write-Ahead Logging").
    """
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=15, check_same_thread=False)

    engine = create_engine(
        sqlite_url(path), creator=connect, hide_parameters=True
    )  # the address names the file; creator opens it
    event.listen(engine, "connect", _sqlite_read_only_pragmas)
    event.listen(engine, "begin", _sqlite_begin_deferred)
    return engine


# SQLite's page cache per connection, in KiB (its default is 2 MB). A search for a full name on a
# desk of 1,000,000 visits reads a few thousand index pages scattered over the file; with the
# default cache every query read most of them again (bench/search.py: every-kind p95 72 -> 36 ms,
# docs/search.md#the-page-cache). Pages are taken as they are read, so a small desk uses little of it.
CACHE_KIB = 32 * 1024


def _sqlite_read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # as in _sqlite_pragmas: we emit BEGIN ourselves
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.close()


def _sqlite_begin_deferred(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WORKAROUND: pysqlite's own transaction handling breaks SAVEPOINTs; switch it off and
    # emit BEGIN ourselves (SQLAlchemy docs, "Serializable isolation / Savepoints / Transactional DDL").
    # BEGIN IMMEDIATE takes the write lock up front: a deferred transaction that reads and then
    # writes fails at once with "database is locked" when another writer committed in between
    # (the busy timeout does not apply to that upgrade). Transactions here last milliseconds.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.close()


# The execution option of a session that only reads (desktop/core/database.py ``Database.reads``): its
# transaction begins deferred, a WAL reader with one snapshot that never takes the write lock.
READS_ONLY = "tiepdan_reads_only"


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN" if connection.get_execution_options().get(READS_ONLY) else "BEGIN IMMEDIATE")


def make_session_factory(bind: Engine | Connection, *, outbox: bool = False, **kwargs: Any) -> sessionmaker[Session]:
    """Sessions for one user action each; ``outbox`` records every change for the sync worker."""
    from db import sync

    factory = sessionmaker(bind=bind, expire_on_commit=False, **kwargs)
    sync.install(factory, outbox=outbox)
    return factory
