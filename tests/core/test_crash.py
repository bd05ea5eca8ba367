"""A crash loses no committed visit: SIGKILL in the middle of saving, then restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Visit
from desktop.core.database import Database, open_database
from tests.helpers.waiting import WAIT_S

WRITER = textwrap.dedent(
    """
    import sys
    from desktop.core.database import open_database
    from desktop.core.reception.visits import register_visit
    from tests.builders import ADMIN, make_draft

    database = open_database(data_dir=sys.argv[1])
    while True:
        with database.sessions.begin() as session:
            serial = register_visit(session, make_draft(), desk_code="D01", actor=ADMIN).visit.serial
        print(serial, flush=True)  # only after COMMIT returned
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_saves_loses_no_committed_visit(database: Database) -> None:
    database.dispose()
    root = Path(__file__).resolve().parents[2]
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(database.data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert writer.stdout is not None
    committed = [writer.stdout.readline().strip() for _ in range(40)]
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=WAIT_S)
    committed += [line.strip() for line in writer.stdout if line.strip()]
    writer.stdout.close()
    reopened = open_database(data_dir=database.data_dir)
    try:
        with reopened.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        with reopened.sessions() as session:
            stored = set(session.scalars(select(Visit.serial)))
        assert set(committed) <= stored
        assert len(stored) - len(committed) <= 1  # at most the one whose COMMIT had not been reported
        numbers = sorted(int(serial.rsplit("-", 1)[1]) for serial in stored)
        assert numbers == list(range(1, len(numbers) + 1))
    finally:
        reopened.dispose()
