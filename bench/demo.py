"""Benchmark: `tiepdan demo --visits N` into a fresh SQLite desk (goal: 100,000 in under 60 s).

Run: .venv/bin/python bench/demo.py [N]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def tiepdan(data_dir: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", data_dir, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )


def main() -> None:
    visits = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as data_dir:
        tiepdan(data_dir, "init", "--desk", "D01")
        started = time.perf_counter()
        result = json.loads(tiepdan(data_dir, "demo", "--visits", str(visits), "--seed", "1", "--json").stdout)
        wall = time.perf_counter() - started
        stats = json.loads(tiepdan(data_dir, "stats", "--json").stdout)["local"]
        size_mb = (Path(data_dir) / "tiepdan.sqlite3").stat().st_size / 1e6
    rows = sum(stats.values()) + stats["visits"]  # participants are one per visit at least
    print(f"{'measure':<34}{'value':>14}")
    print(f"{'visits':<34}{visits:>14,}")
    print(f"{'citizens':<34}{stats['citizens']:>14,}")
    print(f"{'documents received':<34}{stats['received_documents']:>14,}")
    print(f"{'insert time inside demo (s)':<34}{result['seconds']:>14.1f}")
    print(f"{'wall time incl. start-up (s)':<34}{wall:>14.1f}")
    print(f"{'rows per second (approx.)':<34}{rows / result['seconds']:>14,.0f}")
    print(f"{'database size (MB)':<34}{size_mb:>14.1f}")
    print(
        f"{'goal: 100,000 visits under 60 s':<34}{'met' if result['seconds'] * 100_000 / visits < 60 else 'MISSED':>14}"
    )


if __name__ == "__main__":
    main()
