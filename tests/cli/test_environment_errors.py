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
from tests.helpers.cli_desks import (
    assert_clear_failure,
    copy_desk,
    in_namespace,
    make_demo_desk,
    run,
    tiepdan,
    tmpfs_mountable,
)

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


@pytest.fixture
def desk(template_db: Path, tmp_path: Path) -> Path:
    """A desk's data folder with the example office and desk D01."""
    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copy(template_db, folder / DB_FILE)
    return folder


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
        if not tmpfs_mountable(full):
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


# The command pauses once it has opened the database (told on stderr) until the test says go on stdin:
# the test takes its lock in between. The busy timeout is cut to 0.1 s only to keep the wait short; the
# lock is held until the command has exited, so the outcome does not depend on any timing.
OPEN_THEN_WAIT_BOOT = """
import sys
import db.session
import desktop.cli.common as common

pragmas = db.session._sqlite_pragmas


def short_wait(dbapi_connection, record):
    pragmas(dbapi_connection, record)
    dbapi_connection.execute("PRAGMA busy_timeout = 100")


db.session._sqlite_pragmas = short_wait
opening = common.open_database


def open_then_wait(*args, **kwargs):
    database = opening(*args, **kwargs)
    print("opened", file=sys.stderr, flush=True)
    sys.stdin.readline()
    return database


common.open_database = open_then_wait
from desktop.cli import main

sys.exit(main(sys.argv[1:]))
"""

# A small tmpfs at $2 holding a copy of the folder $3, the command, then every file left on the tmpfs.
FULL_DISK_RUN = """
size=$1 where=$2 source=$3
shift 3
mount -t tmpfs -o size="$size" tiepdan "$where" && cp -R "$source"/. "$where"/ || exit 99
"$@"
status=$?
echo "--- files left"
cd "$where" && find . -type f
exit $status
"""


def visit_count(folder: Path) -> int:
    with sqlite3.connect(folder / DB_FILE) as connection:
        count = connection.execute("SELECT count(*) FROM visit").fetchone()[0]
    connection.close()
    return int(count)


@pytest.fixture(scope="module")
def demo_template(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo_desk(template_db, tmp_path_factory.mktemp("demo") / "desk")


@pytest.fixture
def demo_desk(demo_template: Path, tmp_path: Path) -> Path:
    """A desk with 300 demo visits of this year and the last."""
    return copy_desk(demo_template, tmp_path / "demo-desk")


def this_year() -> str:
    from desktop.core.formatting import today_local

    return str(today_local().year)


@pytest.mark.parametrize(
    ("command", "serial"),
    [(("demo", "--visits", "5"), False), (("print", "receipt"), True)],
    ids=["demo", "print receipt"],
)
def test_a_database_locked_after_the_command_opened_it(
    demo_desk: Path, tmp_path: Path, command: tuple[str, ...], serial: bool
) -> None:
    before = visit_count(demo_desk)
    args = [*command]
    if serial:
        with sqlite3.connect(demo_desk / DB_FILE) as connection:
            args += [connection.execute("SELECT serial FROM visit ORDER BY serial LIMIT 1").fetchone()[0]]
        connection.close()
        args += ["-o", str(tmp_path / "slip.pdf")]
    env = {**os.environ, "TIEPDAN_DATA_DIR": str(demo_desk)}
    child = subprocess.Popen(
        [sys.executable, "-c", OPEN_THEN_WAIT_BOOT, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    holder = sqlite3.connect(demo_desk / DB_FILE, isolation_level=None)
    try:
        assert child.stderr is not None
        assert child.stderr.readline() == "opened\n"
        holder.execute("BEGIN EXCLUSIVE")
        out, err = child.communicate("go\n", timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
        holder.rollback()
        holder.close()
    result = subprocess.CompletedProcess(child.args, child.returncode, out, err)
    assert_clear_failure(result, "Cơ sở dữ liệu của bàn tiếp đang bận")
    assert visit_count(demo_desk) == before
    assert not (tmp_path / "slip.pdf").exists()


@pytest.mark.parametrize("full", ["data folder", "output folder"])
def test_a_full_disk_while_printing_leaves_no_partial_file(demo_desk: Path, tmp_path: Path, full: str) -> None:
    disk = tmp_path / "full"
    disk.mkdir()
    if not tmpfs_mountable(disk):
        pytest.skip("no tmpfs: this system does not let a user namespace mount one")
    year = this_year()
    command = [sys.executable, "-m", "desktop", "print", "book", year, "-o"]
    if full == "data folder":  # the book (over 100 kB) cannot be kept beside the desk's database
        room = sum(path.stat().st_size for path in demo_desk.rglob("*") if path.is_file()) + 96 * 1024
        output = tmp_path / "book.pdf"
        result = run(in_namespace(FULL_DISK_RUN, str(room), str(disk), str(demo_desk), *command, str(output)), disk)
    else:  # the desk keeps its copy; the file asked for with -o does not fit
        empty = tmp_path / "empty"
        empty.mkdir()
        output = disk / "book.pdf"
        result = run(in_namespace(FULL_DISK_RUN, "64k", str(disk), str(empty), *command, str(output)), demo_desk)
    assert_clear_failure(result, "ổ đĩa đã đầy")
    assert "--- files left" in result.stdout
    left = result.stdout.split("--- files left", 1)[1]
    assert ".part" not in left
    assert "book" not in left
    if full == "data folder":
        assert DB_FILE in left
        assert not output.exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_device_as_output(demo_desk: Path) -> None:
    result = tiepdan(demo_desk, "print", "book", this_year(), "-o", "/dev/full")
    assert_clear_failure(result, "Không ghi được /dev/full: ổ đĩa đã đầy")


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / DB_FILE).write_bytes(b"Danh sach cong dan, not a database at all\n" * 100)
    result = tiepdan(folder, "stats")
    assert_clear_failure(result, "bị hỏng hoặc không phải cơ sở dữ liệu TiepDan")
