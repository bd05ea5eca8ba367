"""Benchmark: a desk of N demo visits (default 100,000; the issue's figure is 1,000,000).

Measures, each in a child process whose peak memory is its own ru_maxrss (os.wait4):
the demo's time and peak; saving a visit with its receipt ready (p95, in process, on that
database), and the first save of a fresh process, cold and after the desk's warm-up (desktop/ui/app.py
warm_up_first_save, which the desk runs on a worker thread once it is usable); the GUI from start to
a usable main window with the book and the board open, next to
a bare QMainWindow in the same run, and to the board filled off the GUI thread (its SQL counts and
first page); the board's counts and first page timed in process (bench/board.py); the printed book
of the busiest year, time and peak.

Run: .venv/bin/python bench/scale.py [N] [--data-dir DIR] [--no-book]  (DIR keeps the database for
another run; --no-book leaves out the book of the busiest year, minutes on 1,000,000 visits)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from startup import BARE, GUI, PASSWORD, compile_bytecode  # noqa: E402 - bench/ is not a package

SAVES = 40
FIRST_SAVES = 3  # fresh processes each, cold and warmed: the median is shown
GOAL_SAVE_MS = 150
GOAL_USABLE_S = 1.0
GOAL_MB = 400
MB = 1024  # ru_maxrss is in KiB on Linux


def tiepdan(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *args]


def run_measured(argv: list[str], env: dict[str, str] | None = None) -> tuple[str, float, float]:
    """Run ``argv``: its stdout, wall seconds and peak resident MB, read by a small wrapper process
    (RUSAGE_CHILDREN of the wrapper is this one child's ru_maxrss, never this script's own)."""
    wrapper = (
        "import json, resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)\n"
        "out, err = p.communicate()\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "sys.stderr.write(err)\n"
        "print(json.dumps({'out': out, 'wall': time.perf_counter() - t, 'peak_kib': peak, 'rc': p.returncode}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", wrapper, *argv], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    if answer["rc"]:
        raise RuntimeError(f"{argv[:5]} failed ({answer['rc']}):\n{result.stderr[-2000:]}")
    return answer["out"], answer["wall"], answer["peak_kib"] / MB


def prepare(data_dir: Path, visits: int) -> tuple[float, float, dict[str, object]]:
    """init (example office, desk D01, the bench admin), then the demo; its wall time and peak."""
    from desktop.core.database import open_database
    from desktop.core.office import EXAMPLE_OFFICE, save_office, set_current_desk, set_setting
    from desktop.core.settings_keys import Setting
    from desktop.core.users import create_first_admin

    database = open_database(data_dir=data_dir)
    with database.sessions.begin() as session:
        save_office(session, EXAMPLE_OFFICE)
        set_current_desk(session, "D01")
        set_setting(session, Setting.RECEPTIONIST, "Nguyễn Thị Ánh Tuyết")
        create_first_admin(session, "bench", PASSWORD)
    database.dispose()
    out, wall, peak = run_measured(tiepdan(data_dir, "demo", "--visits", str(visits), "--seed", "1", "--json"))
    return wall, peak, json.loads(out)


def first_save(data_dir: Path, warm: bool) -> float:
    """Milliseconds of a fresh process's first save + receipt (as ``save_and_receipt`` times one), in a
    child process; ``warm``: after ``warm_up_first_save()`` has run, as the desk runs it once usable."""
    out = subprocess.run(
        [sys.executable, __file__, "--first-save", "warm" if warm else "cold", "--data-dir", str(data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(out.split()[-1])


def _first_save_child(data_dir: Path, warm: str) -> None:
    from desktop.core.database import open_database
    from desktop.core.users import authenticate

    database = open_database(data_dir=data_dir)
    authenticate(database.sessions, "bench", PASSWORD)  # the GUI has signed in before the first save
    database.dispose()
    if warm == "warm":
        from desktop.ui.app import warm_up_first_save

        warm_up_first_save()
    print(save_and_receipt(data_dir, saves=1, keep=1)[0])


def save_and_receipt(data_dir: Path, saves: int = SAVES, keep: int = SAVES - 3) -> list[float]:
    """Milliseconds to save a visit as the form does and have its receipt ready: the look for earlier
    visits about the same matter (the repeat question), the visit registered, then its receipt
    rendered, kept and recorded (two transactions, as the form's two steps)."""
    import datetime as dt

    from db.enums import DocumentKind
    from desktop.core.access import Actor
    from desktop.core.database import open_database
    from desktop.core.reception.returning import repeat_candidates
    from desktop.core.reception.slips import issue_slip
    from desktop.core.reception.visits import register_visit
    from desktop.core.users import authenticate
    from tests.builders import make_draft

    database = open_database(data_dir=data_dir)
    actor: Actor = authenticate(database.sessions, "bench", PASSWORD)
    times = []
    for _ in range(saves):
        draft = make_draft(repeat_checked=True)  # the same citizen each time: the repeat look finds the others
        started = time.perf_counter()
        with database.sessions() as session:
            repeat_candidates(session, draft, actor=actor, now=dt.datetime.now(dt.UTC))
        with database.sessions.begin() as session:
            saved = register_visit(session, draft, desk_code="D01", actor=actor)
        with database.sessions.begin() as session:
            issue_slip(session, DocumentKind.RECEIPT, saved.visit.serial, data_dir=data_dir, actor=actor)
        times.append((time.perf_counter() - started) * 1000)
    database.dispose()
    return times[-keep:]  # by default the first ones, which warm the caches, are left out


def gui(data_dir: Path, temp: Path) -> dict[str, float]:
    """Seconds from spawning to: a bare window painted; TiepDan painted, usable (form, book and board
    open, the book's first page shown, the event loop answering a 0 ms timer within 50 ms), the
    board filled; and each one's peak memory."""
    env = dict(
        os.environ,
        TIEPDAN_DATA_DIR=str(data_dir),
        XDG_CONFIG_HOME=str(temp / "config"),
        TIEPDAN_PASSWORD=PASSWORD,
        TIEPDAN_EXIT_AFTER_SHOW="board",
    )
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    compile_bytecode()
    started = time.time()
    out, _wall, bare_peak = run_measured([sys.executable, "-c", BARE], env=dict(env, TIEPDAN_EXIT_AFTER_SHOW=""))
    bare = _moment(out, "TIEPDAN_SHOWN") - started
    started = time.time()
    out, _wall, peak = run_measured([sys.executable, "-c", GUI], env=env)
    return {
        "bare": bare,
        "bare_peak": bare_peak,
        "shown": _moment(out, "TIEPDAN_SHOWN") - started,
        "usable": _moment(out, "TIEPDAN_READY") - started,
        "board": _moment(out, "TIEPDAN_BOARD") - started,
        "board_rows": _moment(out, "TIEPDAN_BOARD_ROWS"),
        "peak": peak,
    }


def _moment(out: str, tag: str) -> float:
    for line in out.splitlines():
        if line.startswith(tag + " "):
            return float(line.split()[1])
    raise RuntimeError(f"the GUI printed no {tag}:\n{out[-1000:]}")


def busiest_year(data_dir: Path) -> tuple[int, int]:
    from sqlalchemy import func, select

    from db.models import Visit
    from desktop.core.database import open_database

    database = open_database(data_dir=data_dir)
    with database.sessions() as session:
        year, count = session.execute(
            select(Visit.year, func.count()).group_by(Visit.year).order_by(func.count().desc()).limit(1)
        ).one()
    database.dispose()
    return int(year), int(count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("visits", nargs="?", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, help="keep (or reuse) the database here")
    parser.add_argument("--no-book", action="store_true", help="leave out the book of the busiest year")
    parser.add_argument("--gui-runs", type=int, default=1, help="starts of the GUI, each measure their median")
    parser.add_argument("--first-save", choices=("cold", "warm"), help=argparse.SUPPRESS)  # the child's part
    args = parser.parse_args()
    if args.first_save:
        _first_save_child(args.data_dir, args.first_save)
        return
    with tempfile.TemporaryDirectory(prefix="tiepdan-scale-") as temp_name:
        temp = Path(temp_name)
        data_dir = args.data_dir or temp / "data"
        reused = (data_dir / "tiepdan.sqlite3").exists()
        demo_wall = demo_peak = float("nan")
        if not reused:
            demo_wall, demo_peak, _result = prepare(data_dir, args.visits)
        saves = save_and_receipt(data_dir)
        first_cold = [first_save(data_dir, warm=False) for _ in range(FIRST_SAVES)]
        first_warm = [first_save(data_dir, warm=True) for _ in range(FIRST_SAVES)]
        windows = [gui(data_dir, temp) for _ in range(args.gui_runs)]
        window = {key: statistics.median(run[key] for run in windows) for key in windows[0]}
        from board import board_reads  # bench/board.py: the board's SQL reads, in process

        board = board_reads(data_dir)
        year, in_year = busiest_year(data_dir)
        book_wall = book_peak = float("nan")
        pages = 0
        if not args.no_book:
            _out, book_wall, book_peak = run_measured(
                tiepdan(data_dir, "--user", "bench", "print", "book", str(year), "-o", str(temp / "book.pdf")),
                env=dict(os.environ, TIEPDAN_PASSWORD=PASSWORD),
            )
            pages = _pages(temp / "book.pdf")
    p95 = statistics.quantiles(saves, n=20)[-1]
    usable_after_show = statistics.median(run["usable"] - run["shown"] for run in windows)
    runs = f", median of {len(windows)}" if len(windows) > 1 else ""
    print(
        f"A desk of {args.visits:,} demo visits ({'database reused' if reused else 'made by this run'}); "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
    )
    print(f"| {'measure':<62} | {'value':>12} | {'goal':>10} |")
    print(f"|{'-' * 64}|{'-' * 14}|{'-' * 12}|")
    rows = [
        ("demo: wall time (s)", f"{demo_wall:.0f}", "minutes"),
        ("demo: peak memory (MB)", f"{demo_peak:.0f}", "< 500"),
        (f"save a visit + receipt ready: median (ms, {len(saves)} runs)", f"{statistics.median(saves):.0f}", ""),
        ("save a visit + receipt ready: p95 (ms)", f"{p95:.0f}", f"< {GOAL_SAVE_MS}"),
        (f"first save of a process, cold (ms, median of {FIRST_SAVES})", f"{statistics.median(first_cold):.0f}", ""),
        ("first save of a process, after the warm-up (ms)", f"{statistics.median(first_warm):.0f}", ""),
        ("bare QMainWindow: spawn to first paint (s)", f"{window['bare']:.2f}", ""),
        ("TiepDan: spawn to first paint (s)", f"{window['shown']:.2f}", ""),
        ("TiepDan: spawn to usable, book and board open (s)", f"{window['usable']:.2f}", ""),
        (f"TiepDan: usable after the window shows (s{runs})", f"{usable_after_show:.2f}", f"< {GOAL_USABLE_S:.0f}"),
        (
            f"TiepDan: board filled off the GUI thread (s, {window['board_rows']:,.0f} rows)",
            f"{window['board']:.2f}",
            "",
        ),
        (f"board: counts in SQL (s, {board['rows']:,.0f} open items)", f"{board['counts (SQL)']:.3f}", ""),
        ("board: counts + first page of 200 rows (s)", f"{board['counts + first page (the tab fills)']:.3f}", "< 0.5"),
        ("bare QMainWindow: peak memory (MB)", f"{window['bare_peak']:.0f}", ""),
        ("TiepDan: peak memory to the board filled (MB)", f"{window['peak']:.0f}", f"< {GOAL_MB}"),
    ]
    if not args.no_book:
        rows += [
            (f"print book {year} ({in_year:,} visits, {pages:,} pages): time (s)", f"{book_wall:.0f}", ""),
            (f"print book {year}: peak memory (MB)", f"{book_peak:.0f}", ""),
        ]
    for name, value, goal in rows:
        print(f"| {name:<62} | {value:>12} | {goal:>10} |")


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


if __name__ == "__main__":
    main()
