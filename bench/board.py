"""Benchmark: the deadline board read by the database, at 100,000 demo visits (and at 1,000,000 when ready).

Measures, in process on a desk of N demo visits: the board's counts (one aggregate query), its first
page of 200 rows (the keys ordered by due date in SQL, then the page read in full, masked and counted
in working days), a page deep in the board, the filter lists, and, for comparison, every row at once
(what the command line and the exports stream from one query). The 1,000,000-visit desk is read from a
copy of /work/data/demo-1m in a temporary folder (never written to) when /work/data/READY-sqlite-1m exists.

``--whole`` measures instead the whole board's read and its spreadsheet, each in a child process whose
peak memory is its own ru_maxrss: the stream of ``board_rows`` (counted, nothing kept), the board as a
list (``deadline_board``: what --json holds) and the xlsx export (the stream written row by row; before:
the list, then the workbook in memory). ``--before ROOT`` runs the same children on another checkout
(``git archive`` of the commit before) for the "before" columns; ``--postgres-db NAME`` adds a database
on the local server. Both are opened for reading only, as the bench administrator (nobody signs in).

Run: .venv/bin/python bench/board.py [N] [--data-dir DIR]  (DIR keeps the N-visit database for another run)
     .venv/bin/python bench/board.py --whole --data-dir DIR [--postgres-db NAME] [--before ROOT]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale import prepare  # noqa: E402 - bench/ is not a package
from startup import PASSWORD  # noqa: E402

BIG = Path("/work/data/demo-1m")
BIG_READY = Path("/work/data/READY-sqlite-1m")
RUNS = 5
GOAL_FIRST_PAGE_S = 0.5


def _median(work: Callable[[], object]) -> float:
    work()  # warm the caches once
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def board_reads(data_dir: Path) -> dict[str, float]:
    """Seconds (median of 5) of each read of the board, as the bench administrator."""
    from desktop.core.cases.board import board_choices, board_counts, board_page, board_query, deadline_board
    from desktop.core.database import open_database
    from desktop.core.users import authenticate

    database = open_database(data_dir=data_dir)
    actor = authenticate(database.sessions, "bench", PASSWORD)
    with database.sessions() as session:
        started = time.perf_counter()
        query = board_query(session, actor=actor)
        cold_query = time.perf_counter() - started
        counted = board_counts(session, query)
        deep = max(0, counted.rows - 400)
        rows: list[object] = []
        result = {
            "rows": float(counted.rows),
            "overdue": float(counted.overdue),
            "query (calendar dates), first time": cold_query,
            "query (calendar dates)": _median(lambda: board_query(session, actor=actor)),
            "counts (SQL)": _median(lambda: board_counts(session, query)),
            "counts + first page (the tab fills)": _median(
                lambda: (board_counts(session, query), board_page(session, query, 0, 200, actor=actor))
            ),
            "first page, 200 rows": _median(lambda: board_page(session, query, 0, 200, actor=actor)),
            "a page deep in the board (400 rows from its end)": _median(
                lambda: board_page(session, query, deep, 200, actor=actor)
            ),
            "overdue view: first page": _median(
                lambda: board_page(session, query.changed(view="overdue"), 0, 200, actor=actor)
            ),
            "filter lists (officers, fields, states)": _median(lambda: board_choices(session, query)),
            "every row, one streamed query (CLI, exports)": _median(
                lambda: rows.__setitem__(slice(None), deadline_board(session, actor=actor))
            ),
        }
    database.dispose()
    return result


# The spreadsheet written before (a Worksheet in memory whose every appended row asked for sheet.max_row,
# a scan of every cell so far) took 55 s for the 5,027 rows at 100,000 visits: quadratic, hours at 1M.
SLOW_XLSX_ROWS = 10_000

# One whole-board measure in a fresh process: argv = root, backend ("sqlite" DIR | "postgresql" NAME), measure.
# It prints {"rows", "seconds" and "cpu" (medians of 3 after one warm-up), "start_mb", "peak_mb"} as JSON.
CHILD = """
import json, os, resource, statistics, sys, tempfile, time
from pathlib import Path
root, backend, where, measure = sys.argv[1:5]
sys.path.insert(0, root)
from sqlalchemy import select
from db.models import User
from desktop.core.access import Actor
from desktop.core.cases.board import deadline_board
folder = tempfile.mkdtemp(prefix="tiepdan-whole-")
# Opened for reading only (nothing migrated, nobody signed in: no write), as the bench administrator.
try:
    from bench._existing import open_existing_postgres, open_existing_sqlite
    from desktop.core.cases.board import board_counts, board_query, board_rows
    from desktop.core.cases.board_export import describe, write_board_xlsx
except ImportError:  # the board before it was read in SQL (one query per part, sorted in Python): the list only
    if measure != "list":
        print(json.dumps({"skipped": -1}))
        sys.exit(0)
    from desktop.core.database import open_database
    url = None if backend == "sqlite" else "postgresql+psycopg://postgres@127.0.0.1:5432/" + where
    database = open_database(url, where if backend == "sqlite" else folder, migrate=False)
else:
    database = open_existing_sqlite(Path(where)) if backend == "sqlite" else open_existing_postgres(where, Path(folder))
with database.sessions() as session:
    user_id, role = session.execute(select(User.id, User.role).where(User.username == "bench")).one()
actor = Actor(user_id=user_id, username="bench", role=str(role))
def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
with database.sessions() as session:
    if measure != "list":
        query = board_query(session, actor=actor)
    if measure == "xlsx-list" and (counted := board_counts(session, query).rows) > SLOW_XLSX_ROWS:
        print(json.dumps({"skipped": counted}))
        sys.exit(0)
    def read():
        if measure == "stream":
            return sum(1 for _row in board_rows(session, query, actor=actor))
        if measure == "list":
            return len(deadline_board(session, actor=actor))
        rows = board_rows(session, query, actor=actor)
        if measure == "xlsx-list":
            rows = list(rows)
        write_board_xlsx(session, rows, describe("all", 3, query.only, []), Path(folder) / "board.xlsx")
        return -1
    start = rss_mb()
    rows = read()
    times, cpu = [], []
    for _run in range(3):
        began, used = time.perf_counter(), time.process_time()
        read()
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - used)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rows": rows, "seconds": statistics.median(times), "cpu": statistics.median(cpu), "start_mb": start,
                  "peak_mb": peak}))
"""


def _child(root: Path, backend: str, where: str, measure: str) -> dict[str, float]:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD.replace("SLOW_XLSX_ROWS", str(SLOW_XLSX_ROWS)),
            str(root),
            backend,
            where,
            measure,
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},  # never write into the other checkout
    )
    if result.returncode:
        raise RuntimeError(f"{measure} on {backend} failed:\n{result.stderr[-3000:]}")
    answer: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


def whole_board(desks: list[tuple[str, str, str]], before: list[Path], only: str | None = None) -> None:
    """The table of ``--whole``: each read of the whole board, after (this checkout) and before."""
    measures = [
        ("stream", "stream", "every row streamed (board_rows), none kept"),
        ("list", "list", "every row as a list (deadline_board, --json)"),
        ("xlsx-stream", "xlsx-list", "xlsx export of every row"),
    ]
    roots = [("after", ROOT)] + [(root.name.rsplit("-", 1)[-1][:8], root) for root in before]
    print(
        f"The whole deadline board; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.1f}; each in its own process: wall and CPU seconds (medians of 3 after a "
        "warm-up), peak resident MB (and above the opened desk)"
    )
    head = f"| {'desk':<22} | {'measure':<46} | {'code':<8} | {'rows':>7} | {'seconds':>7} | {'CPU s':>6} |"
    print(f"{head} {'peak MB':>7} | {'+MB':>6} |")
    print(f"|{'-' * 24}|{'-' * 48}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 8}|{'-' * 9}|{'-' * 8}|")
    for desk, backend, where in desks:
        for after_measure, before_measure, label in measures:
            if only is not None and only != after_measure:
                continue
            for code, root in roots:
                got = _child(root, backend, where, after_measure if code == "after" else before_measure)
                if "skipped" in got:
                    note = (
                        f"not run: {got['skipped']:,.0f} rows > {SLOW_XLSX_ROWS:,} (quadratic)"
                        if got["skipped"] >= 0
                        else "no such read in that code"
                    )
                    print(f"| {desk:<22} | {label:<46} | {code:<8} | {note:<62} |", flush=True)
                    continue
                rows = f"{got['rows']:>7,.0f}" if got["rows"] >= 0 else f"{'':>7}"
                print(
                    f"| {desk:<22} | {label:<46} | {code:<8} | {rows} | {got['seconds']:>7.2f} | {got['cpu']:>6.2f} | "
                    f"{got['peak_mb']:>7.0f} | {got['peak_mb'] - got['start_mb']:>6.0f} |",
                    flush=True,
                )


def gui_refresh(data_dir: Path, runs: int = RUNS) -> dict[str, float]:
    """How long the GUI thread is blocked by the board's refresh after a change (median of ``runs``, seconds).

    Before (main until this change): ``refresh()`` read the counts, the first page and the filter
    lists on the GUI thread, so the GUI thread was blocked for the whole read. After: ``refresh()``
    starts a worker; a heartbeat timer (0 ms, every turn of the event loop) gives the longest the
    loop went without a turn from the refresh's start until the new rows were shown, and a save's
    write (a setting, BEGIN IMMEDIATE) is timed while the worker reads.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.core.cases.board import save_prolonged_after
    from desktop.core.database import open_database
    from desktop.core.users import authenticate
    from desktop.ui.background import wait_for_workers
    from desktop.ui.cases.board import DeadlineBoard

    app = QApplication.instance() or QApplication([])
    database = open_database(data_dir=data_dir)
    actor = authenticate(database.sessions, "bench", PASSWORD)
    holder = QWidget()
    holder.actor = actor  # type: ignore[attr-defined]  (what viewer_of asks: the signed-in user)
    board = DeadlineBoard(database, holder)  # filled at once
    days = board.prolonged_spin.value()
    before, stalls, shown, spans, writes = [], [], [], [], []
    for _run in range(runs + 1):  # the first run warms the caches
        started = time.perf_counter()
        board._show_board(board._read(choices=True), refreshed=True)  # what refresh() did on the GUI thread
        before.append(time.perf_counter() - started)
        ticks: list[float] = []
        heartbeat = QTimer()
        heartbeat.setInterval(0)
        heartbeat.timeout.connect(lambda ticks=ticks: ticks.append(time.perf_counter()))
        loop = QEventLoop()
        board.filled.connect(loop.quit)
        heartbeat.start()
        started = time.perf_counter()
        board.refresh()
        called = time.perf_counter()
        saved: list[float] = []

        def save(saved: list[float] = saved) -> None:  # the receptionist saves while the board reads
            begun = time.perf_counter()
            with database.sessions.begin() as session:
                save_prolonged_after(session, days, actor=actor)
            saved.append(time.perf_counter() - begun)

        QTimer.singleShot(50, save)
        loop.exec()
        ended = time.perf_counter()
        heartbeat.stop()
        board.filled.disconnect(loop.quit)
        wait_for_workers(60)
        app.processEvents()
        moments = [started, *ticks, ended]
        stalls.append(max(later - earlier for earlier, later in itertools.pairwise(moments)))
        shown.append(ended - started)
        spans.append(called - started)
        writes.append(saved[0] if saved else float("nan"))
    result = {
        "rows": float(board.model.total),
        "before: refresh() on the GUI thread (GUI blocked)": statistics.median(before[1:]),
        "after: refresh() call (starts the worker)": statistics.median(spans[1:]),
        "after: longest event-loop gap during the refresh": statistics.median(stalls[1:]),
        "after: refresh to new rows shown": statistics.median(shown[1:]),
        "after: a save's write while the board reads": statistics.median(writes[1:]),
    }
    database.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("visits", nargs="?", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, help="keep (or reuse) the N-visit database here")
    parser.add_argument("--whole", action="store_true", help="the whole board's read and export, before/after")
    parser.add_argument(
        "--before",
        type=Path,
        metavar="ROOT",
        action="append",
        help="with --whole: a checkout to compare with (again for another, e.g. the board before SQL pages)",
    )
    parser.add_argument("--only", choices=["stream", "list", "xlsx-stream"], help="with --whole: this measure only")
    parser.add_argument("--postgres-db", metavar="NAME", help="with --whole: a writable database on the local server")
    parser.add_argument(
        "--refresh", action="store_true", help="only the GUI thread's block by a refresh after a change (on --data-dir)"
    )
    args = parser.parse_args()
    if args.whole:
        desks: list[tuple[str, str, str]] = []
        if args.data_dir:
            desks.append((f"SQLite {args.data_dir.name}", "sqlite", str(args.data_dir)))
        if args.postgres_db:
            desks.append((f"PostgreSQL {args.postgres_db}", "postgresql", args.postgres_db))
        whole_board(desks, args.before or [], args.only)
        return
    if args.refresh:
        data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="tiepdan-board-")) / "data"
        if not (data_dir / "tiepdan.sqlite3").exists():
            prepare(data_dir, args.visits)
        measured = gui_refresh(data_dir)
        print(
            f"The board's refresh after a change, {data_dir.name}; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
            f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; median of {RUNS} runs"
        )
        print(f"| {'measure':<52} | {'value':>10} |")
        print(f"|{'-' * 54}|{'-' * 12}|")
        for key, value in measured.items():
            shown = f"{value:,.0f}" if key == "rows" else f"{value * 1000:,.0f} ms"
            print(f"| {'open items on the board' if key == 'rows' else key:<52} | {shown:>10} |")
        return
    with tempfile.TemporaryDirectory(prefix="tiepdan-board-") as temp_name:
        temp = Path(temp_name)
        desks: list[tuple[str, Path]] = []
        data_dir = args.data_dir or temp / "data"
        if not (data_dir / "tiepdan.sqlite3").exists():
            prepare(data_dir, args.visits)
        desks.append((f"{args.visits:,} visits", data_dir))
        if BIG_READY.exists() and BIG.is_dir():
            copy = temp / "demo-1m"
            shutil.copytree(BIG, copy)  # never read (or let SQLite write) the shared one in place
            desks.append(("1M shared copy", copy))
        measured = [(name, board_reads(folder)) for name, folder in desks]
    print(
        f"The deadline board in SQL; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; median of {RUNS} runs, seconds"
    )
    header = "".join(f" | {name:>16}" for name, _m in measured)
    print(f"| {'measure':<52}{header} |")
    print(f"|{'-' * 53}" + "".join(f"|{'-' * 18}" for _ in measured) + "|")
    for key in measured[0][1]:
        values = "".join(
            f" | {result[key]:>16,.0f}" if key in {"rows", "overdue"} else f" | {result[key]:>16.3f}"
            for _name, result in measured
        )
        print(f"| {'open items on the board' if key == 'rows' else key:<52}{values} |")
    first = max(result["counts + first page (the tab fills)"] for _name, result in measured)
    print(f"goal: counts + first page under {GOAL_FIRST_PAGE_S} s: {'met' if first <= GOAL_FIRST_PAGE_S else 'MISSED'}")


if __name__ == "__main__":
    main()
