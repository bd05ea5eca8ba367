"""A desk killed (SIGKILL) in the middle of a sync loses nothing and doubles nothing."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import Citizen, Visit
from db.session import make_engine
from desktop.core.database import DB_FILE, open_database
from desktop.core.demo.generator import generate
from desktop.core.office_mode import sync
from desktop.core.office_mode.joining import join_office

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
SYNCER = "import sys; from desktop.cli import main; sys.exit(main(['--data-dir', sys.argv[1], 'sync']))"
PROGRESS_TIMEOUT_S = 300


def _pending(folder: Path) -> int:
    with closing(sqlite3.connect(folder / DB_FILE, timeout=60)) as connection:
        return int(connection.execute("SELECT count(*) FROM outbox WHERE pushed_at IS NULL").fetchone()[0])


def _wait_for_progress(folder: Path, before: int, syncer: subprocess.Popen[bytes]) -> None:
    """Until the syncer acknowledged a batch (fewer entries pending) or ended, however slow the machine."""
    deadline = time.monotonic() + PROGRESS_TIMEOUT_S
    while _pending(folder) >= before and syncer.poll() is None:
        assert time.monotonic() < deadline, "the syncer acknowledged nothing"
        time.sleep(0.02)  # polling an observed condition, not a guess at how long the sync takes


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
    pending_after_kills = []
    for _ in range(3):  # kill it part-way through, three times: each time once it got a batch further
        before = _pending(folder)
        syncer = subprocess.Popen(
            [sys.executable, "-c", SYNCER, str(folder)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _wait_for_progress(folder, before, syncer)
        syncer.send_signal(signal.SIGKILL)  # a no-op if it already ended
        syncer.wait(timeout=30)
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
