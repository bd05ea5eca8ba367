"""Benchmark: visits made offline on an office-mode desk, then pushed, next to COPY of the same rows.

Goal: the push moves at least 1,000 rows/s and at least 0.2x the rate of COPY of the same
rows into the same tables (with the server's change-log triggers, as a push has them).

Run: .venv/bin/python bench/sync.py [VISITS] [--source register|demo]

``register`` (default) saves each visit with register_visit in its own transaction, as the
reception form does (about 1 min for 10,000 visits here); ``demo`` bulk-generates them with
desktop.core.demo.generator.generate, which writes the outbox in bulk. Either way the desk never syncs while
the visits are made, so every row waits in its outbox. Only ``push()`` is timed (the server engine is
connected before). The COPY baseline reads the same outbox payloads (read before timing), decodes
them the same way and COPYs them with psycopg into fresh schemas: once with the change-log
triggers, once with them disabled. Schemas bench_<pid>_* in database ``test`` are dropped at the end.
"""

from __future__ import annotations

import argparse
import enum
import os
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import _office
import psycopg
from psycopg import sql
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from db.enums import ChangeOp
from db.models import OutboxEntry, Visit
from db.sync import decode, shared_tables
from desktop.core.access import Actor
from desktop.core.database import Database
from desktop.core.demo.generator import generate
from desktop.core.office_mode import sync
from desktop.core.office_mode.server import connect, parse_address
from desktop.core.reception.visits import register_visit

# The benchmark saves visits as an administrator would (rights are not what it measures).
BENCH = Actor(user_id=uuid.UUID(int=1), username="bench", role="admin")

DESK = "D01"
GOAL_ROWS_PER_S = 1_000
GOAL_RATIO = 0.2
TIME_LIMIT_S = 900  # the whole run: making visits stops early (and says so) past this


@dataclass(frozen=True)
class Entry:
    entity: str
    op: ChangeOp
    payload: dict[str, object]


@dataclass(frozen=True)
class Timing:
    label: str
    rows: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("visits", nargs="?", type=int, default=10_000)
    parser.add_argument("--source", choices=("register", "demo"), default="register")
    args = parser.parse_args()
    started = time.monotonic()
    prefix = f"bench_{os.getpid()}"
    schemas = {name: f"{prefix}_{name}" for name in ("push", "copy", "copy_nt")}
    try:
        with tempfile.TemporaryDirectory(prefix="tiepdan-bench-sync-") as folder:
            return run(args.visits, args.source, schemas, Path(folder), started)
    finally:
        for schema in schemas.values():
            _office.drop_schema(schema)


def run(visits: int, source: str, schemas: dict[str, str], folder: Path, started: float) -> int:
    push_url = _office.create_schema(schemas["push"])
    desk = _office.make_desk(folder / "desk", push_url, DESK)
    try:
        made, make_seconds = make_visits(desk, visits, source, started)
        entries = pending_entries(desk)
        server = connect(parse_address(push_url)[0])
        try:
            began = time.perf_counter()
            result = sync.push(desk, server, DESK)
            pushed, conflicts = result.pushed, result.conflicts + result.rejected
            push_seconds = time.perf_counter() - began
            with server.connect() as connection:
                on_server = connection.execute(select(func.count()).select_from(Visit)).scalar_one()
                desk_rows = connection.execute(text("SELECT id, code, name, install_id, created_at FROM desk")).all()
        finally:
            server.dispose()
        left = sync.status(desk).pending
    finally:
        desk.dispose()
    if pushed != len(entries) or conflicts or left or on_server != made:
        raise SystemExit(f"push incomplete: pushed {pushed}/{len(entries)}, {left} left, {on_server}/{made} visits")
    with_triggers = copy_baseline(schemas["copy"], entries, desk_rows, triggers=True)
    without_triggers = copy_baseline(schemas["copy_nt"], entries, desk_rows, triggers=False)
    push_timing = Timing("push() to the server", pushed, push_seconds)
    report(
        made,
        source,
        make_seconds=make_seconds,
        entries=entries,
        push=push_timing,
        with_triggers=with_triggers,
        without_triggers=without_triggers,
    )
    met = push_timing.rate >= GOAL_ROWS_PER_S and push_timing.rate >= GOAL_RATIO * with_triggers.rate
    return 0 if met else 1


def make_visits(desk: Database, visits: int, source: str, started: float) -> tuple[int, float]:
    """Save the visits on the desk (never syncing); returns (visits made, seconds)."""
    began = time.perf_counter()
    made = 0
    if source == "demo":
        with desk.sessions.begin() as session:
            made = generate(session, visits=visits, desk_code=DESK, seed=1).visits
    else:
        for n in range(visits):
            with desk.sessions.begin() as session:
                register_visit(session, _office.draft(n), desk_code=DESK, actor=BENCH)
            made += 1
            if time.monotonic() - started > TIME_LIMIT_S:
                print(f"time limit: stopped making visits at {made:,}")
                break
    return made, time.perf_counter() - began


def pending_entries(desk: Database) -> list[Entry]:
    with desk.sessions() as session:
        rows = session.execute(
            select(OutboxEntry.entity, OutboxEntry.op, OutboxEntry.payload)
            .where(OutboxEntry.pushed_at.is_(None))
            .order_by(OutboxEntry.seq)
        ).all()
    entries = [Entry(row.entity, row.op, row.payload) for row in rows]
    others = {entry.op for entry in entries} - {ChangeOp.INSERT}
    if others:
        raise SystemExit(f"the outbox holds {others} entries: the COPY baseline only covers inserts")
    return entries


def copy_baseline(schema: str, entries: list[Entry], desk_rows: list[Any], *, triggers: bool) -> Timing:
    """COPY the entries' rows into a fresh schema (parents first, one transaction); returns the timing."""
    url = _office.create_schema(schema)
    tables = [table for table in shared_tables() if any(entry.entity == table.name for entry in entries)]
    with psycopg.connect(conninfo(url), autocommit=True) as connection:
        for row in desk_rows:  # the desk was registered before its visits were made
            connection.execute(
                "INSERT INTO desk (id, code, name, install_id, created_at) VALUES (%s, %s, %s, %s, %s)", tuple(row)
            )
        if not triggers:
            for table in tables:
                connection.execute(
                    sql.SQL("ALTER TABLE {} DISABLE TRIGGER tiepdan_change").format(sql.Identifier(table.name))
                )
        began = time.perf_counter()
        with connection.transaction(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('tiepdan.origin', %s, true)", (DESK,))
            for table in tables:
                columns = [column.name for column in table.columns]
                statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
                )
                with cursor.copy(statement) as copy:
                    for entry in entries:
                        if entry.entity == table.name:
                            copy.write_row(_copy_row(decode(table, entry.payload), columns))
        seconds = time.perf_counter() - began
        counts = {
            table.name: connection.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table.name))
            ).fetchone()[0]  # type: ignore[index]
            for table in tables
        }
        logged = connection.execute("SELECT count(*) FROM server_change WHERE origin = %s", (DESK,)).fetchone()[0]  # type: ignore[index]
    expected = Counter(entry.entity for entry in entries)
    if counts != dict(expected) or logged != (len(entries) if triggers else 0):
        raise SystemExit(f"COPY into {schema} incomplete: {counts} vs {dict(expected)}, {logged} logged")
    label = "COPY, change-log triggers on" if triggers else "COPY, change-log triggers off"
    return Timing(label, len(entries), seconds)


def _copy_row(values: dict[str, object], columns: list[str]) -> tuple[object, ...]:
    return tuple(_plain(values.get(name)) for name in columns)


def _plain(value: object) -> object:
    return value.value if isinstance(value, enum.Enum) else value


def conninfo(url: str) -> str:
    parsed = make_url(url)
    _office.check_local(url)
    return psycopg.conninfo.make_conninfo(
        host=parsed.host,
        port=parsed.port or 5432,
        dbname=parsed.database,
        user=parsed.username,
        password=parsed.password or None,
        options=str(parsed.query.get("options", "")),
    )


def report(
    visits: int,
    source: str,
    *,
    make_seconds: float,
    entries: list[Entry],
    push: Timing,
    with_triggers: Timing,
    without_triggers: Timing,
) -> None:
    kinds = Counter(entry.entity for entry in entries)
    how = "register_visit, one transaction each" if source == "register" else "demo.generate (bulk outbox)"
    print(f"visits made offline: {visits:,} via {how}, in {make_seconds:.1f} s ({visits / make_seconds:,.0f}/s)")
    print("outbox rows: " + ", ".join(f"{name} {count:,}" for name, count in kinds.items()))
    print()
    line: Callable[..., str] = "{:<32}{:>10}{:>10}{:>12}{:>12}{:>16}".format
    print(line("method", "rows", "seconds", "rows/s", "visits/s", "push / this"))
    print("-" * 92)
    for timing in (push, with_triggers, without_triggers):
        print(
            line(
                timing.label,
                f"{timing.rows:,}",
                f"{timing.seconds:.2f}",
                f"{timing.rate:,.0f}",
                f"{visits / timing.seconds:,.0f}",
                f"{push.rate / timing.rate:.2f}x",
            )
        )
    print()
    goals = (
        (f"push >= {GOAL_ROWS_PER_S:,} rows/s", push.rate >= GOAL_ROWS_PER_S, f"{push.rate:,.0f}"),
        (
            f"push >= {GOAL_RATIO}x COPY (triggers on)",
            push.rate >= GOAL_RATIO * with_triggers.rate,
            f"{push.rate / with_triggers.rate:.2f}x",
        ),
        (
            f"push >= {GOAL_RATIO}x COPY (triggers off), info",
            push.rate >= GOAL_RATIO * without_triggers.rate,
            f"{push.rate / without_triggers.rate:.2f}x",
        ),
    )
    print("{:<44}{:>12}{:>10}".format("goal", "measured", "result"))
    print("-" * 66)
    for name, met, measured in goals:
        print(f"{name:<44}{measured:>12}{'met' if met else 'MISSED':>10}")


if __name__ == "__main__":
    raise SystemExit(main())
