"""Benchmark: search on N demo visits and their citizens, SQLite and PostgreSQL, next to a LIKE scan.

For each backend: the demo generator fills a fresh database with N visits (`tiepdan demo`), then
20 name queries (10 names as recorded, with diacritics, and the same 10 folded, without) and 20
number queries (10 ID numbers, 10 visit serials) run through the search use case
(desktop/core/finding/search.py, every kind, a page of 50 each), 20 record numbers typed loosely
(10 serials and 10 petition numbers lower case without their leading zeros: "d01-2026-123"), and
the same 20 names through a
LIKE '%...%' scan of citizen.name_key in the same run. Each query runs once to warm the cache,
then three times timed. The index is also rebuilt as an upgrade does (0013 -> head), timed.
Goal (docs/search.md): p95 under 50 ms on SQLite and 100 ms on PostgreSQL, and at least 100x
faster than the scan, at 1,000,000 visits.

Run: .venv/bin/python bench/search.py [N] [--sqlite-only] [--numbers-only]   (N defaults to 100,000)
     .venv/bin/python bench/search.py --data-dir /work/data/demo-1m --postgres-db demo1m
(an existing desk and/or server database, measured as it stands and opened read-only: no demo is
made, statistics are not refreshed and the index is not rebuilt; the shared databases were
analysed when they were built.)
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Column, ColumnElement, Integer, MetaData, Table, Uuid, and_, func, literal, select, text
from sqlalchemy.orm import Session

from bench._existing import open_existing_postgres, open_existing_sqlite
from bench._office import create_schema, drop_schema
from db import migrations
from db.models import Citizen, Petition, Visit, VisitParticipant
from db.session import make_engine
from desktop.core.access import NOBODY
from desktop.core.confidentiality import protected_visit_condition
from desktop.core.database import Database, open_database
from desktop.core.demo.generator import generate
from desktop.core.finding.search import PAGE, name_statement, parse, search
from desktop.core.office import EXAMPLE_OFFICE, save_office, set_current_desk
from desktop.core.text import search_key

REPEAT = 3
SAMPLE = 10


def _percentiles(samples: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def _timed(session: Session, queries: Sequence[str], run: Callable[[Session, str], object]) -> list[float]:
    for query in queries:
        run(session, query)
    samples = []
    for _ in range(REPEAT):
        for query in queries:
            started = time.perf_counter()
            run(session, query)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def _queries(session: Session) -> tuple[list[str], list[str]]:
    rng = random.Random(7)
    names = list(session.scalars(select(Citizen.full_name).order_by(Citizen.id).limit(5000)))
    chosen = rng.sample(names, SAMPLE)
    ids = [n for n in session.scalars(select(Citizen.id_number).where(Citizen.id_number != "").limit(5000))]
    serials = list(session.scalars(select(Visit.serial).limit(5000)))
    return chosen + [search_key(name) for name in chosen], rng.sample(ids, SAMPLE) + rng.sample(serials, SAMPLE)


def _loose_numbers(session: Session) -> list[str]:
    """Serials and petition numbers as a person may type them: lower case, no leading zeros ("d01-2026-d45")."""
    rng = random.Random(11)
    serials = list(session.scalars(select(Visit.serial).limit(5000)))
    petitions = list(session.scalars(select(Petition.number).limit(5000)))
    chosen = rng.sample(serials, min(SAMPLE, len(serials))) + rng.sample(petitions, min(SAMPLE, len(petitions)))
    loose = []
    for number in chosen:
        head, _, seq = number.rpartition("-")
        letter = seq[:1] if seq[:1].isalpha() else ""
        loose.append(f"{head}-{letter}{int(seq[len(letter) :])}".lower())
    return loose


def _every_kind(session: Session, query: str) -> object:
    return search(session, NOBODY, query)


def _like_scan(session: Session, query: str) -> object:
    return session.scalar(
        select(func.count()).select_from(Citizen).where(Citizen.name_key.like(f"%{search_key(query)}%"))
    )


# Like for like: a LIKE scan that returns the very page the search shows. The index's rule (every word a
# word of the folded name, the last a prefix: docs/search.md) written as LIKE patterns on the key padded
# with spaces; the demo's keys are words of a-z separated by single spaces, so the two rules agree (the
# bench checks that both return the same page).


_CITIZEN_SEARCH = Table(  # migration 0018's map of FTS5 keys to citizens (SQLite)
    "citizen_search", MetaData(), Column("rowid", Integer, primary_key=True), Column("citizen_id", Uuid)
)


def _like_words(query: str) -> ColumnElement[bool]:
    *whole, last = parse(query).words
    padded = literal(" ") + Citizen.name_key + literal(" ")
    return and_(*(padded.like(f"% {word} %") for word in whole), padded.like(f"% {last}%"))


def _citizen_page_indexed(session: Session, query: str) -> list[object]:
    """The citizens' page as the search picks it: its index statement, 50 rows, newest first."""
    return [row[0] for row in session.execute(name_statement(session, query, "citizen").limit(PAGE))]


def _citizen_page_scan(session: Session, query: str) -> list[object]:
    """The same page through a LIKE scan of every citizen, then sorted the same way."""
    statement = select(Citizen.id).where(_like_words(query)).limit(PAGE)
    if session.get_bind().dialect.name == "sqlite":  # the order of the index's keys (docs/search.md)
        statement = statement.join(_CITIZEN_SEARCH, _CITIZEN_SEARCH.c.citizen_id == Citizen.id)
        return list(session.scalars(statement.order_by(_CITIZEN_SEARCH.c.rowid.desc())))
    return list(session.scalars(statement.order_by(Citizen.created_at.desc(), Citizen.id.desc())))


def _visit_page_indexed(session: Session, query: str) -> list[object]:
    """The visits' page of the search (what NOBODY is shown: its protected visits are left out by name)."""
    return [hit.number for hit in search(session, NOBODY, query, kinds=("visit",))]


def _visit_page_scan(session: Session, query: str) -> list[object]:
    """The same page through a LIKE scan: every visit whose people's names match, newest first."""
    named = (
        select(VisitParticipant.visit_id)
        .join(Citizen, Citizen.id == VisitParticipant.citizen_id)
        .where(VisitParticipant.visit_id == Visit.id, _like_words(query))
    )
    statement = (
        select(Visit.serial, protected_visit_condition())
        .where(named.exists())
        .order_by(Visit.received_at.desc(), Visit.serial.desc(), Visit.id.desc())
        .limit(PAGE)
    )
    # The page's protected visits are then left out, as the search leaves them out for NOBODY.
    return [serial for serial, protected in session.execute(statement) if not protected]


def _like_for_like(session: Session, names: Sequence[str]) -> dict[str, list[float]]:
    """Each pair timed in the same run over the same names; raises if a pair's pages differ."""
    pairs = {
        "citizens page": (_citizen_page_indexed, _citizen_page_scan),
        "visits page": (_visit_page_indexed, _visit_page_scan),
    }
    results: dict[str, list[float]] = {}
    for label, (indexed, scan) in pairs.items():
        for name in names:
            if indexed(session, name) != scan(session, name):
                raise SystemExit(f"{label}: the index and the LIKE scan return different pages")
        results[f"{label}: indexed"] = _timed(session, names, indexed)
        results[f"{label}: LIKE scan"] = _timed(session, names, scan)
    return results


def _measure(
    name: str, database: Database, visits: int | None, *, numbers_only: bool = False
) -> list[tuple[str, str, str]]:
    """``visits`` None: the database as it stands (read-only), no demo made and no index rebuilt."""
    rows: list[tuple[str, str, str]] = []
    if visits is not None:
        started = time.perf_counter()
        with database.sessions.begin() as session:
            generate(session, visits=visits, desk_code="D01", seed=1)
        rows.append((name, f"demo --visits {visits:,} (s)", f"{time.perf_counter() - started:.1f}"))
    with database.sessions() as session:
        if visits is None:
            count = session.scalar(select(func.count()).select_from(Visit)) or 0
            rows.append((name, "visits (existing database)", f"{count:,}"))
        citizens = session.scalar(select(func.count()).select_from(Citizen)) or 0
        rows.append((name, "citizens", f"{citizens:,}"))
        names, numbers = _queries(session)
        if visits is None:
            pass
        elif database.is_sqlite:
            session.execute(text("PRAGMA optimize"))
        else:
            session.execute(text("ANALYZE"))
        results = {
            "number search, every kind": _timed(session, numbers, _every_kind),
            "loose record numbers, every kind": _timed(session, _loose_numbers(session), _every_kind),
        }
    if numbers_only:
        rows += [(name, f"{measure}: p50 / p95 (ms)", "{:.1f} / {:.1f}".format(*_percentiles(samples)))
                 for measure, samples in results.items()]  # fmt: skip
        return rows
    with database.sessions() as session:
        results |= {
            "name search, every kind": _timed(session, names, lambda s, q: search(s, NOBODY, q)),
            "name search, citizens": _timed(session, names, lambda s, q: search(s, NOBODY, q, kinds=("citizen",))),
            # A lone family name ("nguyen": 40 % of the people): the walks newest first (docs/search.md).
            "family name alone, every kind": _timed(
                session, sorted({name.split()[0] for name in names}), lambda s, q: search(s, NOBODY, q)
            ),
            "LIKE scan of citizen.name_key": _timed(session, names, _like_scan),
            **_like_for_like(session, names),
        }
    for measure, samples in results.items():
        p50, p95 = _percentiles(samples)
        rows.append((name, f"{measure}: p50 / p95 (ms)", f"{p50:.1f} / {p95:.1f}"))
    scan = statistics.median(results["LIKE scan of citizen.name_key"])
    indexed = statistics.median(results["name search, citizens"])
    rows.append((name, "scan p50 / indexed citizens p50", f"{scan / indexed:.0f}x"))
    for label in ("citizens page", "visits page"):  # the same table, the same page
        scan = statistics.median(results[f"{label}: LIKE scan"])
        indexed = statistics.median(results[f"{label}: indexed"])
        rows.append((name, f"{label}: LIKE scan p50 / indexed p50", f"{scan / indexed:.0f}x"))
    goal = 50 if database.is_sqlite else 100
    p95_all = max(
        _percentiles(results["name search, every kind"])[1], _percentiles(results["number search, every kind"])[1]
    )
    rows.append((name, f"goal p95 < {goal} ms (every kind)", "met" if p95_all < goal else "MISSED"))
    if visits is None:
        return rows
    started = time.perf_counter()
    migrations.downgrade(database.engine, "0013")
    migrations.upgrade(database.engine)
    rows.append((name, "index rebuilt by upgrade 0013 -> head (s)", f"{time.perf_counter() - started:.1f}"))
    return rows


def _sqlite(visits: int) -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(data_dir=Path(folder))
        with database.sessions.begin() as session:
            save_office(session, EXAMPLE_OFFICE)
            set_current_desk(session, "D01")
        try:
            rows = _measure("SQLite", database, visits)
            size = (Path(folder) / "tiepdan.sqlite3").stat().st_size / 1e6
            rows.append(("SQLite", "database size (MB)", f"{size:.0f}"))
            return rows
        finally:
            database.dispose()


def _postgres(visits: int) -> list[tuple[str, str, str]]:
    schema = f"bench_search_{__import__('os').getpid()}"
    url = create_schema(schema)
    engine = make_engine(url)
    try:
        with Session(engine) as session, session.begin():
            set_current_desk(session, "D01")
        from db.session import make_session_factory

        with tempfile.TemporaryDirectory() as folder:
            database = Database(url=url, engine=engine, sessions=make_session_factory(engine), data_dir=Path(folder))
            return _measure("PostgreSQL", database, visits)
    finally:
        engine.dispose()
        drop_schema(schema)


def _existing_sqlite(data_dir: Path, *, numbers_only: bool = False) -> list[tuple[str, str, str]]:
    database = open_existing_sqlite(data_dir)
    try:
        rows = _measure("SQLite", database, None, numbers_only=numbers_only)
        size = (data_dir / "tiepdan.sqlite3").stat().st_size / 1e6
        rows.append(("SQLite", "database size (MB)", f"{size:.0f}"))
        return rows
    finally:
        database.dispose()


def _existing_postgres(name: str, *, numbers_only: bool = False) -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        database = open_existing_postgres(name, Path(folder))
        try:
            return _measure("PostgreSQL", database, None, numbers_only=numbers_only)
        finally:
            database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("visits", type=int, nargs="?", default=100_000)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--data-dir", type=Path, metavar="DIR", help="an existing SQLite desk, read as it stands")
    parser.add_argument("--postgres-db", metavar="NAME", help="an existing database on the local server")
    parser.add_argument("--numbers-only", action="store_true", help="the number searches alone (existing databases)")
    args = parser.parse_args()
    rows = []
    if args.data_dir or args.postgres_db:
        if args.data_dir:
            rows += _existing_sqlite(args.data_dir, numbers_only=args.numbers_only)
        if args.postgres_db:
            rows += _existing_postgres(args.postgres_db, numbers_only=args.numbers_only)
    else:
        rows = _sqlite(args.visits)
        if not args.sqlite_only:
            rows += _postgres(args.visits)
    width = max(len(measure) for _, measure, _ in rows)
    print(f"{'backend':<12}{'measure':<{width + 2}}{'value':>16}")
    for backend, measure, value in rows:
        print(f"{backend:<12}{measure:<{width + 2}}{value:>16}")


if __name__ == "__main__":
    main()
