"""Benchmark: the Sổ tiếp công dân of a year of N demo visits (default 5,000), prepared and rendered.

Run: .venv/bin/python bench/book.py [N]
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader

from desktop.core.access import NOBODY
from desktop.core.database import open_database
from desktop.core.demo.generator import generate
from desktop.core.formatting import VN_TZ
from desktop.core.office import EXAMPLE_OFFICE, save_office, set_current_desk
from desktop.core.reception.book_print import prepare_book
from desktop.documents.book import render_book
from desktop.documents.fonts import register_fonts

YEAR = 2025
# Demo visits fall between 1 January of last year and "now": with now on New Year's Day (a
# holiday), every one of them lands in YEAR.
NOW = dt.datetime(YEAR + 1, 1, 1, 12, 0, tzinfo=VN_TZ)
RUNS = 3


def main() -> None:
    visits = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    register_fonts()  # once per process, not part of a print
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(data_dir=Path(folder))
        with database.sessions.begin() as session:
            save_office(session, EXAMPLE_OFFICE)
            set_current_desk(session, "D01")
            generate(session, visits=visits, desk_code="D01", seed=1, now=NOW.astimezone(dt.UTC))
        prepare_times, render_times = [], []
        pdf = b""
        for _ in range(RUNS):
            with database.sessions() as session:
                started = time.perf_counter()
                document = prepare_book(session, YEAR, actor=NOBODY)
                prepared = time.perf_counter()
            pdf = render_book(document)
            rendered = time.perf_counter()
            prepare_times.append(prepared - started)
            render_times.append(rendered - prepared)
        database.dispose()
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    render = min(render_times)
    print(f"{'measure (best of ' + str(RUNS) + ')':<34}{'value':>14}")
    print(f"{'visits in the book':<34}{len(document.rows):>14,}")
    print(f"{'pages':<34}{pages:>14,}")
    print(f"{'prepare_book (s)':<34}{min(prepare_times):>14.2f}")
    print(f"{'render_book (s)':<34}{render:>14.2f}")
    print(f"{'render per page (ms)':<34}{render / pages * 1000:>14.1f}")
    print(f"{'PDF size (MB)':<34}{len(pdf) / 1e6:>14.1f}")
    print(f"{'goal: render under 5 s':<34}{'met' if render < 5 else 'MISSED':>14}")


if __name__ == "__main__":
    main()
