"""A machine that fails the desk (locked, full, newer or no database) is one Vietnamese sentence, exit 1."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.database import DB_FILE

UNSHARE = shutil.which("unshare")

# The disk filled at the lowest level the desk uses: SQLite refuses to grow the file past this many
# pages (SQLITE_FULL, "database or disk is full"), as it does when the file system has no room left.
PAGE_LIMIT_BOOT = """
import sys
import db.session

pragmas = db.session._sqlite_pragmas


def full_disk(dbapi_connection, record):
    pragmas(dbapi_connection, record)
    pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
    dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")


db.session._sqlite_pragmas = full_disk
from desktop.cli import main

sys.exit(main(sys.argv[1:]))
"""

# A small tmpfs as the data folder, holding a copy of the desk; then the command.
TMPFS_RUN = 'mount -t tmpfs -o size="$1" tiepdan "$2" && cp "$3" "$2"/ && shift 3 && exec "$@"'


def tiepdan(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "desktop", *args], data_dir)


def run(command: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TIEPDAN_DATA_DIR": str(data_dir)}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)


def assert_clear_failure(result: subprocess.CompletedProcess[str], sentence: str) -> None:
    assert result.returncode == 1, result.stderr
    assert sentence in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.fixture
def desk(template_db: Path, tmp_path: Path) -> Path:
    """A desk's data folder with the example office and desk D01."""
    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copy(template_db, folder / DB_FILE)
    return folder


def in_namespace(script: str, *args: str) -> list[str]:
    """``sh -c script args`` as root of a private user and mount namespace: its mounts die with it."""
    return [UNSHARE or "unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", *args]


def _tmpfs_mountable(where: Path) -> bool:
    if UNSHARE is None or not sys.platform.startswith("linux"):
        return False
    probe = in_namespace('mount -t tmpfs -o size=64k tiepdan "$1"', str(where))
    return subprocess.run(probe, capture_output=True, timeout=60, check=False).returncode == 0


@pytest.mark.slow
def test_a_database_locked_by_another_writer(desk: Path) -> None:
    holder = sqlite3.connect(desk / DB_FILE, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")  # held until the command has given up waiting (its busy timeout)
        result = tiepdan(desk, "demo", "--visits", "5")
    finally:
        holder.rollback()
        holder.close()
    assert_clear_failure(result, "Cơ sở dữ liệu của bàn tiếp đang bận")


@pytest.mark.parametrize("disk", ["tmpfs", "sqlite page limit"])
def test_a_full_disk(desk: Path, tmp_path: Path, disk: str) -> None:
    demo = ["-m", "desktop", "demo", "--visits", "2000", "--seed", "1"]
    if disk == "sqlite page limit":
        result = run([sys.executable, "-c", PAGE_LIMIT_BOOT, *demo[2:]], desk)
    else:
        full = tmp_path / "full"
        full.mkdir()
        if not _tmpfs_mountable(full):
            pytest.skip("no tmpfs: this system does not let a user namespace mount one")
        size = (desk / DB_FILE).stat().st_size + 256 * 1024
        result = run(in_namespace(TMPFS_RUN, str(size), str(full), str(desk / DB_FILE), sys.executable, *demo), full)
    assert_clear_failure(result, "Ổ đĩa đã đầy: hãy giải phóng dung lượng rồi thử lại.")


def test_a_database_from_a_newer_version(desk: Path) -> None:
    with sqlite3.connect(desk / DB_FILE) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()
    result = tiepdan(desk, "stats")
    assert_clear_failure(result, "do một phiên bản TiepDan mới hơn tạo ra (lược đồ 9999_from_the_future)")
    with sqlite3.connect(desk / DB_FILE) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [("9999_from_the_future",)]
    connection.close()


@pytest.mark.parametrize(
    ("url", "sentence"),
    [
        ("foo://bar", 'TiepDan không mở được loại cơ sở dữ liệu "foo"'),
        ("postgresql+nodriver://tiepdan@127.0.0.1/tiepdan", 'loại cơ sở dữ liệu "postgresql+nodriver"'),
        ("not an address", "Đây không phải địa chỉ cơ sở dữ liệu"),
    ],
    ids=["unknown kind", "unknown driver", "no address"],
)
def test_a_bad_database_address(desk: Path, url: str, sentence: str) -> None:
    result = tiepdan(desk, "--db", url, "stats")
    assert_clear_failure(result, sentence)
