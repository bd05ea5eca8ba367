"""Benchmark: the cost of the audit trail on the save-a-visit path (register_visit, SQLite, one desk).

Each save is one transaction, as the form makes it. "off" sets the session's ``no_audit`` flag, so
the same code runs without the audit events; "on" is the desk as shipped. Both run on fresh
databases in the same process, alternating, so the machine's load touches both alike.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from db.models import AuditEvent
from desktop.core import audit
from desktop.core.access import Actor, acting
from desktop.core.database import Database, open_database
from desktop.core.office import EXAMPLE_OFFICE, save_office, set_current_desk
from desktop.core.reception.visits import register_visit
from tests.builders import make_citizen, make_draft

ADMIN = Actor(user_id=uuid.UUID(int=1), username="bench", role="admin")  # the bench records as an admin

SAVES = 150
WARMUP = 10
ACTOR = Actor(user_id=uuid.uuid4(), username="lan", role="receptionist")


def _desk(folder: Path) -> Database:
    database = open_database(data_dir=folder)
    with database.sessions.begin() as session:
        save_office(session, EXAMPLE_OFFICE)
        set_current_desk(session, "D01")
    return database


def _save(database: Database, index: int, *, audited: bool) -> float:
    draft = make_draft(make_citizen(id_number=f"0891850{index:05d}", full_name=f"Nguyễn Văn Thử {index}"))
    started = time.perf_counter()
    with database.sessions.begin() as session:
        acting(session, ACTOR)
        if not audited:
            session.info[audit.NO_AUDIT] = True
        register_visit(session, draft, desk_code="D01", actor=ADMIN)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as root:
        desks = {mode: _desk(Path(root) / mode) for mode in ("off", "on")}
        times: dict[str, list[float]] = {"off": [], "on": []}
        for index in range(WARMUP + SAVES):
            for mode, database in desks.items():
                elapsed = _save(database, index, audited=mode == "on")
                if index >= WARMUP:
                    times[mode].append(elapsed)
        with desks["on"].sessions() as session:
            events = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
            text_bytes = session.scalar(
                select(func.sum(func.length(AuditEvent.before) + func.length(AuditEvent.after)))
            )
            started = time.perf_counter()
            report = audit.verify_chain(session)
            verify_ms = (time.perf_counter() - started) * 1000
        sizes = {mode: (Path(root) / mode / "tiepdan.sqlite3").stat().st_size for mode in desks}
        for database in desks.values():
            database.dispose()

    saved = WARMUP + SAVES
    print(f"register_visit, {SAVES} saves per mode after {WARMUP} warm-up saves (ms per save)")
    print(f"{'audit':<6} {'median':>8} {'p90':>8} {'mean':>8} {'db file KiB':>12}")
    for mode in ("off", "on"):
        values = sorted(times[mode])
        p90 = values[int(len(values) * 0.9)]
        print(
            f"{mode:<6} {statistics.median(values):>8.2f} {p90:>8.2f} {statistics.fmean(values):>8.2f} "
            f"{sizes[mode] / 1024:>12.0f}"
        )
    overhead = statistics.median(times["on"]) / statistics.median(times["off"]) - 1
    print(f"median overhead: {overhead:+.0%}")
    print(
        f"audit events: {events} ({events / saved:.1f} per visit), "
        f"before/after text {(text_bytes or 0) / saved:.0f} B per visit"
    )
    print(f"verify_chain over {report.events} events: {verify_ms:.0f} ms, intact={report.intact}")


if __name__ == "__main__":
    main()
