"""Benchmark: the deadline board read by the database, at 100,000 demo visits (and at 1,000,000 when ready).

Measures, in process on a desk of N demo visits: the board's counts (one aggregate query), its first
page of 200 rows (the keys ordered by due date in SQL, then the page read in full, masked and counted
in working days), a page deep in the board, the filter lists, and, for comparison, every row at once
(what the command line and the exports stream page by page). The 1,000,000-visit desk is read from a
copy of /work/data/demo-1m in a temporary folder (never written to) when /work/data/READY-sqlite-1m exists.

Run: .venv/bin/python bench/board.py [N] [--data-dir DIR]  (DIR keeps the N-visit database for another run)
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import shutil
import statistics
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
            "every row, page by page (CLI, exports)": _median(
                lambda: rows.__setitem__(slice(None), deadline_board(session, actor=actor))
            ),
        }
    database.dispose()
    return result


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
    parser.add_argument(
        "--refresh", action="store_true", help="only the GUI thread's block by a refresh after a change (on --data-dir)"
    )
    args = parser.parse_args()
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
