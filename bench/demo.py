"""Benchmark: `tiepdan demo --visits N` into a fresh desk, SQLite and PostgreSQL, time and peak memory.

Each demo runs in a child process; its peak resident memory is the child's own ru_maxrss, read
with os.wait4 (never this script's). Goals (issue 11): 1,000,000 visits in minutes (under about
10 min on the 2-core machine) and under 500 MB; 100,000 in under 60 s.

Run: .venv/bin/python bench/demo.py [N ...] [--sqlite-only | --postgres-only] [--petitions P]
         [--keep-sqlite DIR] [--keep-postgres NAME]
(N defaults to 100000; --keep-* leaves the last database of that backend in DIR / database NAME,
made the way the shared benchmark databases are: bench/startup.py's office, desk and user.)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from startup import PASSWORD, prepare  # noqa: E402 - bench/ is not a package

from bench._office import BASE_URL, check_local  # noqa: E402

GOAL_S = {100_000: 60.0, 1_000_000: 600.0}
GOAL_MB = 500
KIB = 1024  # ru_maxrss is in KiB on Linux


class Run(NamedTuple):
    backend: str
    visits: int
    result: dict[str, Any]
    wall: float
    cpu: float
    peak_mb: float
    size_mb: float


def measured(argv: list[str]) -> tuple[dict[str, Any], float, float, float]:
    """The demo's JSON, wall seconds, CPU seconds and peak resident MB of the child that ran it."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=errors)
        assert child.stdout is not None
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            errors.seek(0)
            raise RuntimeError(f"{argv[3:6]} failed ({child.returncode}):\n{errors.read().decode()[-3000:]}")
    return json.loads(out), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / KIB


def postgres_database(name: str) -> str:
    """A new database ``name`` on the local server, migrated, with bench/startup.py's office and user."""
    from db import migrations
    from db.session import make_engine
    from desktop.core.office import EXAMPLE_OFFICE, save_office, set_current_desk, set_setting
    from desktop.core.settings_keys import Setting
    from desktop.core.users import create_first_admin

    check_local(BASE_URL)
    admin = create_engine(BASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    url = BASE_URL.rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(url)
    migrations.upgrade(engine)
    with Session(engine) as session, session.begin():
        save_office(session, EXAMPLE_OFFICE)
        set_current_desk(session, "D01")
        set_setting(session, Setting.RECEPTIONIST, "Nguyễn Thị Ánh Tuyết")
        create_first_admin(session, "bench", PASSWORD)
    engine.dispose()
    return url


def drop_database(name: str) -> None:
    admin = create_engine(BASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
    admin.dispose()


def postgres_size_mb(url: str) -> float:
    engine = create_engine(url)
    with engine.connect() as connection:
        size = connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    engine.dispose()
    return float(size) / 1e6


def demo_args(visits: int, petitions: int) -> list[str]:
    return ["demo", "--visits", str(visits), "--seed", "1", "--petitions", str(petitions), "--json"]


def run_sqlite(visits: int, petitions: int, keep: Path | None) -> Run:
    folder = Path(tempfile.mkdtemp(prefix="tiepdan-demo-")) if keep is None else keep
    try:
        if keep is not None and keep.exists():
            shutil.rmtree(keep)
        prepare(folder)
        argv = [sys.executable, "-m", "desktop", "--data-dir", str(folder), *demo_args(visits, petitions)]
        result, wall, cpu, peak = measured(argv)
        size = sum(path.stat().st_size for path in folder.glob("tiepdan.sqlite3*")) / 1e6
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return Run("SQLite", visits, result, wall, cpu, peak, size)


def run_postgres(visits: int, petitions: int, keep: str | None) -> Run:
    name = keep or f"bench_demo_{os.getpid()}"
    url = postgres_database(name)
    try:
        argv = [sys.executable, "-m", "desktop", "--db", url, *demo_args(visits, petitions)]
        result, wall, cpu, peak = measured(argv)
        size = postgres_size_mb(url)
    finally:
        if keep is None:
            drop_database(name)
    return Run("PostgreSQL", visits, result, wall, cpu, peak, size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("visits", type=int, nargs="*", default=[100_000])
    parser.add_argument("--petitions", type=int, help="postal petitions (default: a tenth of the visits)")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--sqlite-only", action="store_true")
    only.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--keep-sqlite", type=Path, metavar="DIR")
    parser.add_argument("--keep-postgres", metavar="NAME")
    args = parser.parse_args()
    rows = []
    for visits in args.visits:
        petitions = visits // 10 if args.petitions is None else args.petitions
        if not args.postgres_only:
            rows.append(run_sqlite(visits, petitions, args.keep_sqlite))
        if not args.sqlite_only:
            rows.append(run_postgres(visits, petitions, args.keep_postgres))
    header = ("backend", "visits", "citizens", "records", "demo s", "wall s", "CPU s", "peak MB", "size MB", "goal")
    print("".join(f"{h:>12}" for h in header))
    for backend, visits, result, wall, cpu, peak, size in rows:
        goal_s = GOAL_S.get(visits, 600.0 * visits / 1_000_000)
        met = "met" if wall < goal_s and peak < GOAL_MB else "MISSED"
        made = result["visits"] + result["citizens"] + result["petitions"] + result["cases"]
        print(
            f"{backend:>12}{visits:>12,}{result['citizens']:>12,}{made:>12,}{result['seconds']:>12.1f}"
            f"{wall:>12.1f}{cpu:>12.1f}{peak:>12.0f}{size:>12.0f}{met:>12}"
        )
    print(f"goal: wall under {GOAL_S[100_000]:.0f} s per 100,000 visits and under {GOAL_MB} MB peak")


if __name__ == "__main__":
    main()
