"""A desk killed (SIGKILL) in the middle of a sync loses nothing and doubles nothing.

The syncing child reports every stage of the sync on its stdout (the sync's own hook) and the
test kills it once it has seen the chosen line: the kill lands at a known point of the sync, never
"after N seconds". A held stop waits for input that never comes, so the kill finds the child at
exactly that stage; a stop that is not held lets the child run on until the signal arrives.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import func, select

from db.models import Citizen, Visit
from db.session import make_engine
from desktop.core.database import open_database
from desktop.core.demo.generator import generate
from desktop.core.office_mode import sync
from desktop.core.office_mode.joining import join_office
from tests.helpers.waiting import WAIT_S

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[3]


SYNCER = textwrap.dedent(
    """
    import sys
    from desktop.core.database import open_database
    from desktop.core.office_mode import sync

    folder, stop_at, hold = sys.argv[1], sys.argv[2], sys.argv[3] == "hold"
    database = open_database(data_dir=folder)
    batches = 0

    def report(stage):
        global batches
        batches += stage == "push.batch"
        line = f"{stage} {batches}"
        print(line, flush=True)
        if line == stop_at and hold:
            sys.stdin.readline()  # stays at this very stage until the test kills it

    sync.sync_once(database, "D01", hook=report)
    print("done", flush=True)
    """
)


@dataclass(frozen=True)
class Stop:
    line: str  # "<stage> <batch of this run>", as the child prints it
    hold: bool


STOPS = (
    Stop("push.before_commit 2", hold=True),  # the server's transaction of batch 2 is open: rolled back
    Stop("push.after_server_commit 1", hold=True),  # the server committed, the desk has not acknowledged
    Stop("push.batch 2", hold=False),  # anywhere after that: in a write to the desk's SQLite, say
)


def _forward(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line.strip())


def _kill_at(folder: Path, stop: Stop, log: Path) -> list[str]:
    """Run a sync in a child, SIGKILL it once it printed ``stop.line``; returns the lines it printed."""
    with log.open("w") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-c", SYNCER, str(folder), stop.line, "hold" if stop.hold else "run"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        assert child.stdout is not None
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(target=_forward, args=(child.stdout, lines), daemon=True)
        reader.start()
        seen: list[str] = []
        try:
            while stop.line not in seen:
                seen.append(lines.get(timeout=WAIT_S))
                assert seen[-1] != "done", f"the sync ended before {stop.line!r}: {seen}"
        except queue.Empty:
            pytest.fail(f"the syncing child never printed {stop.line!r}: {seen}; {log.read_text()}")
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=WAIT_S)
            reader.join(timeout=WAIT_S)
            for stream in (child.stdin, child.stdout):
                if stream is not None:
                    stream.close()
    assert child.returncode == -signal.SIGKILL, log.read_text()
    return seen


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_sync_then_restart(fresh_pg_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    local = open_database(data_dir=folder)
    join_office(local, fresh_pg_url, "D01")
    local.dispose()
    desk = open_database(data_dir=folder)
    with desk.sessions.begin() as session:
        generate(session, visits=1500, desk_code="D01", seed=11)
    total = sync.status(desk).pending
    desk.dispose()
    assert total > 3 * sync.PUSH_BATCH  # enough batches for every stop below
    pending_after_kills = []
    for index, stop in enumerate(STOPS):  # kill it part-way through, three times
        _kill_at(folder, stop, tmp_path / f"syncer-{index}.log")
        reopened = open_database(data_dir=folder)
        pending_after_kills.append(sync.status(reopened).pending)
        reopened.dispose()
    assert any(0 < pending < total for pending in pending_after_kills), (total, pending_after_kills)
    desk = open_database(data_dir=folder)
    try:
        with desk.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        sync.sync_once(desk, "D01")
        assert sync.status(desk).pending == 0
        with desk.sessions() as session:
            local_visits = set(session.scalars(select(Visit.serial)))
            local_citizens = session.scalar(select(func.count()).select_from(Citizen))
    finally:
        desk.dispose()
    server = make_engine(fresh_pg_url)
    with server.connect() as connection:
        serials = list(connection.execute(select(Visit.serial)).scalars())
        citizens = connection.execute(select(func.count()).select_from(Citizen)).scalar()
    server.dispose()
    assert len(serials) == len(set(serials)) == 1500
    assert set(serials) == local_visits
    assert citizens == local_citizens
