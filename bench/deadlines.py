"""Benchmark: the deadline board over 100,000 open cases, next to a plain SELECT of the same rows.

Goal: filling the board (query, working days left, flags) takes at most 3x the plain SELECT.
The cases come from the demo generator (desktop.core.demo.cases), with petitions received
in the last two months so that nearly all of them are still open.

Run: .venv/bin/python bench/deadlines.py [CASES]
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select

from db.enums import Classification, PetitionDecision
from db.models import CaseFile, Citizen, Petition
from desktop.core.access import NOBODY
from desktop.core.cases.board import deadline_board
from desktop.core.database import open_database
from desktop.core.demo import cases as demo_cases
from desktop.core.demo.generator import generate
from desktop.core.formatting import today_local
from desktop.core.office import EXAMPLE_OFFICE, ensure_desk, save_office, set_current_desk

RUNS = 5


def _fill(data_dir: str, cases: int) -> int:
    database = open_database(data_dir=data_dir)
    today = today_local()
    rng = random.Random(1)
    with database.sessions.begin() as session:
        save_office(session, EXAMPLE_OFFICE)
        set_current_desk(session, "D01")
        generate(session, visits=2000, desk_code="D01", seed=1)
        citizens = list(session.scalars(select(Citizen.id)))
        # Petitions received in the last six weeks, all accepted: the open cases of a busy office.
        items = [
            demo_cases.Source(
                rng.choice(citizens),
                today - dt.timedelta(days=rng.randint(14, 44)),
                Classification.COMPLAINT,
                "Khiếu nại về bồi thường khi thu hồi đất",
                None,
            )
            for _ in range(int(cases * 1.3))
        ]
        rows = demo_cases.build(
            session,
            rng,
            items,
            desk_id=ensure_desk(session, "D01").id,
            desk_code="D01",
            today=today,
            decisions={PetitionDecision.ACCEPT: 1},
        )
        for model, name in demo_cases.TABLES:
            chunk = getattr(rows, name)
            for start in range(0, len(chunk), 5000):
                session.execute(insert(model), chunk[start : start + 5000])
    with database.sessions() as session:
        open_cases = session.scalar(select(CaseFile.id).where(CaseFile.is_open).limit(1)) is not None
        count = len(session.execute(select(CaseFile.id).where(CaseFile.is_open)).all())
    database.dispose()
    assert open_cases
    return count


def _time(action: object) -> list[float]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as data_dir:
        started = time.perf_counter()
        open_cases = _fill(data_dir, cases)
        setup = time.perf_counter() - started
        database = open_database(data_dir=data_dir)
        with database.sessions() as session:
            plain_rows: list[object] = []

            def plain() -> None:
                plain_rows[:] = session.execute(
                    select(CaseFile.number, CaseFile.due_on, CaseFile.state, Petition.content_summary)
                    .join(Petition, Petition.id == CaseFile.petition_id)
                    .where(CaseFile.is_open, CaseFile.due_on.isnot(None))
                ).all()

            board_rows: list[object] = []

            def board() -> None:
                board_rows[:] = deadline_board(session, actor=NOBODY)

            deadline_board(session, actor=NOBODY)  # warm the calendar and the caches once
            plain_times, board_times = _time(plain), _time(board)
        database.dispose()
    plain_median, board_median = statistics.median(plain_times), statistics.median(board_times)
    print(f"open cases in the database: {open_cases:,} (set-up {setup:.1f} s); {RUNS} runs each")
    print(f"{'variant':<44}{'rows':>10}{'median s':>11}{'ratio':>8}")
    print(f"{'plain SELECT of the open cases':<44}{len(plain_rows):>10,}{plain_median:>11.3f}{1:>8.2f}")
    print(
        f"{'deadline board (cases + petitions)':<44}{len(board_rows):>10,}{board_median:>11.3f}"
        f"{board_median / plain_median:>8.2f}"
    )
    print(f"goal: board at most 3x the plain SELECT: {'met' if board_median <= 3 * plain_median else 'MISSED'}")


if __name__ == "__main__":
    main()
