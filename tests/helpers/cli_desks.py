"""The `tiepdan` command in a fresh process against a real data folder, and machines that fail it.

Full disks and read-only media are made in a private user and mount namespace (``unshare``): a
small tmpfs, a read-only bind mount. Those mounts die with the process and work as root too (root
ignores file permissions, not a read-only mount).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from desktop.core.database import DB_FILE, open_database

UNSHARE = shutil.which("unshare")

# $1 read-only (a bind mount of itself), then the command.
READ_ONLY_RUN = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'


def tiepdan(data_dir: Path, *args: str | bytes) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "desktop", *args], data_dir)


def run(command: list[str | bytes], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TIEPDAN_DATA_DIR": str(data_dir)}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)


def assert_clear_failure(result: subprocess.CompletedProcess[str], sentence: str, status: int = 1) -> None:
    assert result.returncode == status, result.stderr
    assert sentence in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def in_namespace(script: str, *args: str | bytes) -> list[str | bytes]:
    """``sh -c script args`` as root of a private user and mount namespace: its mounts die with it."""
    return [UNSHARE or "unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", *args]


def _probe(script: str, where: Path) -> bool:
    if UNSHARE is None or not sys.platform.startswith("linux"):
        return False
    probe = subprocess.run(in_namespace(script, str(where)), capture_output=True, timeout=60, check=False)
    return probe.returncode == 0


def tmpfs_mountable(where: Path) -> bool:
    return _probe('mount -t tmpfs -o size=64k tiepdan "$1"', where)


def read_only_mountable(where: Path) -> bool:
    """A read-only bind mount of ``where`` can be made, and refuses a new file even to root."""
    return _probe('mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && ! touch "$1/probe"', where)


def make_demo_desk(template_db: Path, folder: Path, *, visits: int = 300, petitions: int = 0) -> Path:
    """A data folder with the example office, desk D01 and demo visits (this year and the last)."""
    from desktop.core.demo.generator import generate

    folder.mkdir(parents=True)
    shutil.copy(template_db, folder / DB_FILE)
    database = open_database(data_dir=folder)
    with database.sessions.begin() as session:
        generate(session, visits=visits, desk_code="D01", seed=1, postal_petitions=petitions)
    database.dispose()
    return folder


def copy_desk(template: Path, folder: Path) -> Path:
    shutil.copytree(template, folder)
    return folder
