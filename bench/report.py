"""Benchmark: the ten report tables for a year of N demo visits (default 100,000), next to the plain
COUNT queries over the same records, in the same run (goal: all ten under 10 s at 1,000,000). Each
table alone, then the ten at once as the Reports page and `tiepdan report all` ask for them (one pass
over each source's records, desktop/core/reports/tables.py compute_many).

Run: .venv/bin/python bench/report.py [N]
     .venv/bin/python bench/report.py --data-dir /work/data/demo-1m   (or --postgres-db demo1m)
(an existing database measured as it stands, read-only: the year 2025, which a demo made in 2026
covers whole.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from bench._existing import open_existing_postgres, open_existing_sqlite
from db.enums import Role
from db.models import CaseFile, CaseResult, Petition, Visit
from desktop.core.access import Actor
from desktop.core.database import open_database
from desktop.core.demo.generator import generate
from desktop.core.formatting import VN_TZ
from desktop.core.office import EXAMPLE_OFFICE, save_office, set_current_desk
from desktop.core.reports.definitions import TABLE_IDS
from desktop.core.reports.facts import moment
from desktop.core.reports.periods import standard
from desktop.core.reports.tables import compute, compute_many

YEAR = 2025
NOW = dt.datetime(YEAR + 1, 1, 1, 12, 0, tzinfo=VN_TZ)  # every demo visit lands in YEAR
RUNS = 3


def _best(action: object) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("visits", type=int, nargs="?", default=100_000)
    existing = parser.add_mutually_exclusive_group()
    existing.add_argument("--data-dir", type=Path, metavar="DIR", help="an existing SQLite desk, read as it stands")
    existing.add_argument("--postgres-db", metavar="NAME", help="an existing database on the local server")
    args = parser.parse_args()
    visits = args.visits
    period = standard("year", YEAR, 1)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        if args.data_dir:
            database = open_existing_sqlite(args.data_dir)
        elif args.postgres_db:
            database = open_existing_postgres(args.postgres_db, Path(folder))
        else:
            database = open_database(data_dir=Path(folder))
            with database.sessions.begin() as session:
                save_office(session, EXAMPLE_OFFICE)
                set_current_desk(session, "D01")
                generate(
                    session,
                    visits=visits,
                    desk_code="D01",
                    seed=1,
                    now=NOW.astimezone(dt.UTC),
                    postal_petitions=visits // 10,
                )
        made = time.perf_counter() - started
        if args.data_dir or args.postgres_db:
            with database.sessions() as session:
                visits = session.scalar(select(func.count()).select_from(Visit)) or 0
        rows: list[tuple[str, float]] = []
        with database.sessions() as session:
            actor = Actor(user_id=uuid.uuid4(), username="bench", role=Role.LEADER.value)
            plain = {
                "COUNT visits in the year": select(func.count())
                .select_from(Visit)
                .where(
                    Visit.received_at >= moment(period.start),
                    Visit.received_at < moment(period.end + dt.timedelta(days=1)),
                ),
                "COUNT petitions": select(func.count()).select_from(Petition).where(Petition.received_on <= period.end),
                "COUNT cases": select(func.count()).select_from(CaseFile).where(CaseFile.accepted_on <= period.end),
                "COUNT case results": select(func.count()).select_from(CaseResult),
            }
            counts = {}
            for name, query in plain.items():
                counts[name] = session.scalar(query) or 0
                rows.append((name, _best(lambda query=query: session.scalar(query))))
            total = 0.0
            for table_id in TABLE_IDS:
                spent = _best(lambda table_id=table_id: compute(session, table_id, period, actor=actor))
                total += spent
                rows.append((f"table {table_id}", spent))
            rows.append(("all ten tables, one by one", total))
            rows.append(
                (
                    "all ten tables, as the app asks",  # one pass per source (compute_many), as reports do
                    _best(lambda: compute_many(session, TABLE_IDS, period, actor=actor)),
                )
            )
        database.dispose()
    how = f"in {args.data_dir or args.postgres_db} (existing), opened" if args.data_dir or args.postgres_db else "made"
    print(f"{visits:,} demo visits {how} in {made:.1f} s; " + ", ".join(f"{k[6:]}: {v:,}" for k, v in counts.items()))
    print(f"{'query (best of ' + str(RUNS) + ')':<34}{'seconds':>10}")
    for name, seconds in rows:
        print(f"{name:<34}{seconds:>10.3f}")


if __name__ == "__main__":
    main()
