"""Benchmark: cold start of the GUI to its main window's first paint, against a bare QMainWindow."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUNS = 5
GOAL = 2.0  # the main window may take at most twice as long as a bare QMainWindow

BARE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False

def done():
    print(f"TIEPDAN_SHOWN {time.time():.6f}", flush=True)
    QApplication.exit(0)

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 720)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
sys.exit(app.exec())
"""

GUI = "from desktop.ui.app import run_gui; import sys; sys.exit(run_gui(None, None, user='bench'))"
PASSWORD = "bench password"  # the child signs in as `bench` with it (TIEPDAN_PASSWORD), no login dialog

VARIANTS = (
    # (name, argv, hook value, tag printed by the child)
    ("bare QMainWindow", ["-c", BARE], "", "TIEPDAN_SHOWN"),
    ("run_gui: window shown", ["-c", GUI], "1", "TIEPDAN_SHOWN"),
    ("tiepdan (CLI): window shown", ["-m", "desktop", "--user", "bench"], "1", "TIEPDAN_SHOWN"),
    ("run_gui: usable (book, loop)", ["-c", GUI], "ready", "TIEPDAN_READY"),
)


def compile_bytecode() -> None:
    """The project's modules compiled, as an installed copy has them (this workplace sets
    PYTHONDONTWRITEBYTECODE: without it each start would compile ~300 modules, ~0.2 s)."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "desktop", "db"], cwd=ROOT, check=True, capture_output=True
    )


def prepare(data_dir: Path) -> None:
    """A migrated database with the example office, desk D01 and its administrator: no first-start dialog."""
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


def run_once(argv: list[str], hook: str, tag: str, env: dict[str, str]) -> float:
    """Seconds from spawning the process to the moment the child reports ``tag``."""
    child_env = dict(env, TIEPDAN_EXIT_AFTER_SHOW=hook) if hook else dict(env)
    started = time.time()
    result = subprocess.run(
        [sys.executable, *argv], env=child_env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    for line in result.stdout.splitlines():
        if line.startswith(tag + " "):
            return float(line.split()[1]) - started
    raise RuntimeError(f"{argv[:2]} printed no {tag} (exit {result.returncode}):\n{result.stderr[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tiepdan-bench-") as temp:
        env = dict(
            os.environ,
            TIEPDAN_DATA_DIR=str(Path(temp) / "data"),
            XDG_CONFIG_HOME=str(Path(temp) / "config"),
            TIEPDAN_PASSWORD=PASSWORD,
        )
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        prepare(Path(temp) / "data")
        compile_bytecode()
        rows = []
        for name, argv, hook, tag in VARIANTS:
            times = [run_once(argv, hook, tag, env) for _ in range(args.runs)]
            rows.append((name, times))
    print_table(rows, platform=env["QT_QPA_PLATFORM"])
    bare = statistics.median(rows[0][1])
    shown = statistics.median(rows[1][1])
    return 0 if shown <= GOAL * bare else 1


def print_table(rows: list[tuple[str, list[float]]], *, platform: str) -> None:
    bare = statistics.median(rows[0][1])
    print(f"Startup to first paint, {len(rows[0][1])} runs each, QT_QPA_PLATFORM={platform} (seconds)")
    print(f"| {'variant':<30} | {'first':>6} | {'min':>6} | {'median':>6} | {'max':>6} | {'x bare':>6} |")
    print(f"|{'-' * 32}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 8}|")
    for name, times in rows:
        median = statistics.median(times)
        print(
            f"| {name:<30} | {times[0]:6.3f} | {min(times):6.3f} | {median:6.3f} | {max(times):6.3f} "
            f"| {median / bare:6.2f} |"
        )
    print(f"Goal: 'run_gui: window shown' at most {GOAL:.0f}x the bare QMainWindow.")


if __name__ == "__main__":
    sys.exit(main())
