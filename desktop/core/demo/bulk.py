"""Bulk loading for the demo generator: rows straight to the driver, indexes built once at the end.

A million demo visits are some seven million rows. Through SQLAlchemy's executemany each row pays
for its parameter dictionary to be processed, and every index (the FTS5 search index through its
triggers on SQLite, the GIN name index on PostgreSQL) is updated row by row, in random key order,
far beyond the page cache: the load was I/O-bound. Here:

- each row becomes a tuple through the column types' own bind processors (the values stored are
  the ones SQLAlchemy would store) and goes to ``cursor.executemany`` (SQLite) or ``COPY``
  (PostgreSQL);
- the secondary indexes of the tables the demo fills are dropped inside the demo's transaction and
  created again from their own stored definitions before it commits; on SQLite the citizen search
  trigger is set aside too and the search index filled in one statement for the new citizens,
  exactly as the trigger would have (same ``citizen_search`` numbering, same FTS5 rows);
- on SQLite the connection's page cache is raised for the load and put back after.

Everything happens in the one transaction: an interrupted demo leaves nothing behind, and no other
writer can see the tables without their indexes (SQLite: the write lock is held from the first
DROP; PostgreSQL: DROP INDEX locks the table until commit).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import Column, Connection, Table

from db.base import Base

# SQLite page cache during the load (the UUID key indexes stay in memory), then while the indexes
# are built (each sort spills to a temporary file beyond it): a million visits stay under 500 MB.
CACHE_KIB = 128 * 1024
SORT_CACHE_KIB = 48 * 1024
PG_MAINTENANCE_MEM = "256MB"  # server memory for building each index again
SEARCH_TRIGGER = "citizen_search_insert"


class Loader:
    """Inserts rows of mapped tables through the driver; one per demo run (it caches statements)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect
        self.is_sqlite = connection.dialect.name == "sqlite"
        self._plans: dict[tuple[str, tuple[str, ...]], _Plan] = {}

    def insert(self, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        table = cast("Table", model.__table__)
        plan = self._plan(table, tuple(rows[0]))
        values = plan.tuples(rows)
        if self.is_sqlite:
            self.connection.exec_driver_sql(plan.sql, values)  # executemany
        else:
            _copy(self.connection, plan, values)

    def _plan(self, table: Table, keys: tuple[str, ...]) -> _Plan:
        found = self._plans.get((table.name, keys))
        if found is None:
            found = self._plans[(table.name, keys)] = _Plan(table, set(keys), self.dialect)
        return found


class _Plan:
    """The columns a table's rows give, then those taking a Python default, with their bind processors."""

    def __init__(self, table: Table, keys: set[str], dialect: Any) -> None:
        given = [column for column in table.columns if column.key in keys]
        defaulted: list[tuple[Column[Any], Callable[[], Any]]] = []
        for column in table.columns:
            default = column.default
            if column.key in keys or default is None:
                continue  # given, or the database's own default (or NULL)
            arg = default.arg  # type: ignore[attr-defined]
            if default.is_callable:  # SQLAlchemy wraps a default to take the execution context
                defaulted.append((column, functools.partial(arg, None)))
            elif default.is_scalar:
                defaulted.append((column, functools.partial(_constant, arg)))
        self.given = [(column.key, column.type._cached_bind_processor(dialect)) for column in given]
        self.defaulted = [(column.type._cached_bind_processor(dialect), make) for column, make in defaulted]
        columns = given + [column for column, _ in defaulted]
        names = ", ".join(dialect.identifier_preparer.quote(column.name) for column in columns)
        marks = ", ".join("?" for _ in columns)
        self.sql = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"
        self.copy_sql = f"COPY {table.name} ({names}) FROM STDIN"

    def tuples(self, rows: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
        # A default is taken once for the batch (SQLAlchemy takes it per row: the same to the second).
        fixed = [make() if processor is None else processor(make()) for processor, make in self.defaulted]
        given = self.given
        return [
            (*[row[key] if processor is None else processor(row[key]) for key, processor in given], *fixed)
            for row in rows
        ]


def _constant(value: Any) -> Any:
    return value


def _copy(connection: Connection, plan: _Plan, values: list[tuple[Any, ...]]) -> None:
    """PostgreSQL COPY ... FROM STDIN through psycopg, row after row (its triggers fire as for INSERT)."""
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(plan.copy_sql) as copy:  # type: ignore[union-attr]
        for value in values:
            copy.write_row(value)


@contextmanager
def bulk_load(connection: Connection, tables: Sequence[type[Base]], *, set_aside: bool = True) -> Iterator[Loader]:
    """A loader for ``tables``, their secondary indexes set aside until the block ends (in its transaction).

    ``set_aside`` False keeps the indexes and triggers as they are: building an index again reads
    every row of the table, so it pays only when the rows loaded are as many as those already there.
    """
    loader = Loader(connection)
    names = [cast("Table", model.__table__).name for model in tables]
    if loader.is_sqlite:
        with _sqlite_bulk(connection, names if set_aside else None):
            yield loader
    elif set_aside:
        with _postgres_bulk(connection, names):
            yield loader
    else:
        yield loader


@contextmanager
def _sqlite_bulk(connection: Connection, tables: Sequence[str] | None) -> Iterator[None]:
    cache = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{CACHE_KIB}")
    if tables is None:  # indexes kept: only the larger cache
        try:
            yield
        finally:
            connection.exec_driver_sql(f"PRAGMA cache_size = {cache}")
        return
    marks = ", ".join("?" for _ in tables)
    indexes = connection.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
        tuple(tables),
    ).all()
    trigger = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (SEARCH_TRIGGER,)
    ).scalar_one_or_none()
    last_citizen = connection.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM citizen").scalar_one()
    try:
        for name, _sql in indexes:
            connection.exec_driver_sql(f'DROP INDEX "{name}"')
        if trigger is not None:
            connection.exec_driver_sql(f"DROP TRIGGER {SEARCH_TRIGGER}")
        yield
        connection.exec_driver_sql(f"PRAGMA cache_size = -{SORT_CACHE_KIB}")
        if trigger is not None:  # what the trigger does for each new citizen, in insertion order
            last_search = connection.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM citizen_search").scalar_one()
            connection.exec_driver_sql(
                "INSERT INTO citizen_search (citizen_id) SELECT id FROM citizen WHERE rowid > ? ORDER BY rowid",
                (last_citizen,),
            )
            connection.exec_driver_sql(
                "INSERT INTO citizen_fts (rowid, name_key) SELECT s.rowid, c.name_key FROM citizen_search s "
                "JOIN citizen c ON c.id = s.citizen_id WHERE s.rowid > ? ORDER BY s.rowid",
                (last_search,),
            )
            connection.exec_driver_sql(trigger)
        for _name, sql in indexes:
            connection.exec_driver_sql(sql)
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {cache}")


@contextmanager
def _postgres_bulk(connection: Connection, tables: Sequence[str]) -> Iterator[None]:
    """Non-unique indexes dropped and made again when this role may (it owns the tables); else kept."""
    found = connection.exec_driver_sql(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class t ON t.oid = i.indrelid "
        "WHERE t.relname = ANY(%(tables)s) AND t.relnamespace = current_schema()::regnamespace "
        "AND NOT i.indisunique AND pg_has_role(t.relowner, 'USAGE')",
        {"tables": list(tables)},
    ).all()
    for name, _definition in found:
        connection.exec_driver_sql(f"DROP INDEX {name}")
    yield
    connection.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{PG_MAINTENANCE_MEM}'")
    for _name, definition in found:
        connection.exec_driver_sql(definition)
