"""Benchmark: the Sổ tiếp công dân of the busiest year of a desk, printed (PDF) and exported (xlsx).

Each is a `tiepdan print book` child process, timed, with its peak resident memory read from
os.wait4 (its own ru_maxrss): the book streams, so the peak must not grow with the year.

The desk is made here with N demo visits (default 100,000), kept with --data-dir DIR for the
next run; or a copy of a desk made elsewhere is used (--copy-of DIR, e.g. /work/data/demo-1m once
its READY marker is there: the copy is made in a temporary folder, the source is never written).

Run: .venv/bin/python bench/book.py [N] [--data-dir DIR | --copy-of DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pypdf import PdfReader  # noqa: E402
from scale import PASSWORD, busiest_year, prepare, tiepdan  # noqa: E402 - bench/ is not a package

MB = 1024  # ru_maxrss is in KiB on Linux
GOAL_MB = 400


def measured(argv: list[str], env: dict[str, str], log: Path) -> tuple[float, float]:
    """Run ``argv`` as a child: its wall seconds and peak resident MB (os.wait4 of that child)."""
    started = time.perf_counter()
    with log.open("wb") as output:
        to_log = [(os.POSIX_SPAWN_DUP2, output.fileno(), 1), (os.POSIX_SPAWN_DUP2, output.fileno(), 2)]
        child = os.posix_spawn(argv[0], argv, env, file_actions=to_log)
        _pid, status, usage = os.wait4(child, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError(f"{argv[3:]} failed:\n{log.read_text(errors='replace')[-2000:]}")
    return wall, usage.ru_maxrss / MB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("visits", nargs="?", type=int, default=100_000)
    parser.add_argument("--data-dir", type=Path, help="keep (or reuse) the desk made with the demo here")
    parser.add_argument("--copy-of", type=Path, help="measure on a copy of this desk (never written)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tiepdan-bench-book-") as temp_name:
        temp = Path(temp_name)
        if args.copy_of:
            data_dir = temp / "data"
            shutil.copytree(args.copy_of, data_dir)
            made = f"a copy of {args.copy_of}"
        else:
            data_dir = args.data_dir or temp / "data"
            made = "database reused" if (data_dir / "tiepdan.sqlite3").exists() else "made by this run"
            if made != "database reused":
                prepare(data_dir, args.visits)
        year, in_year = busiest_year(data_dir)
        env = dict(os.environ, TIEPDAN_PASSWORD=PASSWORD)
        pdf, xlsx = temp / "book.pdf", temp / "book.xlsx"
        command = [*tiepdan(data_dir, "--user", "bench", "print", "book", str(year), "--progress", "-o")]
        pdf_wall, pdf_peak = measured([*command, str(pdf)], env, temp / "pdf.log")
        xlsx_wall, xlsx_peak = measured([*command, str(xlsx)], env, temp / "xlsx.log")
        pages = len(PdfReader(pdf).pages)
        pdf_size, xlsx_size = pdf.stat().st_size / 1e6, xlsx.stat().st_size / 1e6
    print(f"The book of {year}: {in_year:,} visits of a desk ({made}); each a child process, peak by os.wait4.")
    rows = [
        ("measure", "value", "goal"),
        ("PDF: pages", f"{pages:,}", ""),
        ("PDF: wall time (s)", f"{pdf_wall:.0f}", ""),
        ("PDF: per 1,000 pages (s)", f"{pdf_wall / pages * 1000:.1f}", ""),
        ("PDF: peak memory (MB)", f"{pdf_peak:.0f}", f"< {GOAL_MB}, flat in the year"),
        ("PDF: size (MB)", f"{pdf_size:.1f}", ""),
        ("xlsx: wall time (s)", f"{xlsx_wall:.0f}", ""),
        ("xlsx: peak memory (MB)", f"{xlsx_peak:.0f}", f"< {GOAL_MB}"),
        ("xlsx: size (MB)", f"{xlsx_size:.1f}", ""),
    ]
    width = max(len(row[0]) for row in rows) + 2
    for name, value, goal in rows:
        print(f"{name:<{width}}{value:>10}  {goal}")


if __name__ == "__main__":
    main()
