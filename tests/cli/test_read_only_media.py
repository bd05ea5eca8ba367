"""A desk on read-only media (a write-protected disk or folder): reading commands work, writing ones say why not.

Root ignores file permissions, so the folder is made read-only by a read-only bind mount in a
private namespace; where no namespace can be made, an ordinary user's ``chmod -w`` does it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from db import migrations
from db.enums import PetitionDecision
from db.models import Petition, Visit
from desktop.core.database import DB_FILE, open_database
from desktop.core.formatting import today_local
from tests.helpers.cli_desks import (
    READ_ONLY_RUN,
    assert_clear_failure,
    copy_desk,
    in_namespace,
    make_demo_desk,
    read_only_mountable,
    run,
    tiepdan,
)

READ_ONLY = "chỉ cho phép đọc"


class ReadOnlyDesk:
    """A data folder that no command can change; ``tiepdan(...)`` runs a command on it."""

    def __init__(self, folder: Path, *, mount: bool) -> None:
        self.folder = folder
        self._mount = mount

    def tiepdan(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "desktop", *args]
        if self._mount:
            return run(in_namespace(READ_ONLY_RUN, str(self.folder), *command), self.folder)
        return run(command, self.folder)

    def digest(self) -> dict[str, str]:
        return {
            str(path.relative_to(self.folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(self.folder.rglob("*"))
            if path.is_file()
        }


def _chmod_tree(folder: Path, *, writable: bool) -> None:
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@dataclass(frozen=True)
class Template:
    folder: Path
    serial: str  # a visit
    letter: str  # the number of a letter already issued
    letter_pdf: bytes
    unissued: str  # an accepted petition whose letter is not issued yet


@pytest.fixture(scope="module")
def template(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Template:
    """Demo visits and petitions, and one letter already issued (to be reprinted from read-only media)."""
    folder = make_demo_desk(template_db, tmp_path_factory.mktemp("read-only") / "desk", petitions=60)
    database = open_database(data_dir=folder)
    with database.sessions() as session:
        accepted = session.scalars(
            select(Petition.number).where(Petition.decision == PetitionDecision.ACCEPT).order_by(Petition.number)
        ).all()
        serial = session.scalars(select(Visit.serial).order_by(Visit.serial)).first()
    database.dispose()
    assert len(accepted) >= 2
    assert serial is not None
    out = folder.parent / "letter.pdf"
    issued = tiepdan(folder, "print", "acceptance", accepted[0], "-o", str(out), "--json")
    assert issued.returncode == 0, issued.stderr
    return Template(folder, serial, json.loads(issued.stdout)["number"], out.read_bytes(), accepted[1])


def set_schema(folder: Path, revision: str) -> None:
    with sqlite3.connect(folder / DB_FILE) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.close()


@contextlib.contextmanager
def made_read_only(folder: Path) -> Iterator[ReadOnlyDesk]:
    if read_only_mountable(folder):
        yield ReadOnlyDesk(folder, mount=True)
        return
    _chmod_tree(folder, writable=False)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("root without user namespaces: nothing here can make a folder read-only for root")
        yield ReadOnlyDesk(folder, mount=False)
    finally:
        _chmod_tree(folder, writable=True)


@pytest.fixture
def read_only_desk(template: Template, tmp_path: Path) -> Iterator[ReadOnlyDesk]:
    with made_read_only(copy_desk(template.folder, tmp_path / "desk")) as desk:
        yield desk


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (("stats",), "Lượt tiếp"),
        (("stats", "--json"), '"visits": 300'),
        (("deadlines",), "đang xử lý"),
        (("deadlines", "--overdue", "--json"), '"counts"'),
        (("sync", "--status"), "làm việc độc lập"),
    ],
    ids=["stats", "stats json", "deadlines", "deadlines json", "sync status"],
)
def test_the_reading_commands_work(read_only_desk: ReadOnlyDesk, command: tuple[str, ...], shown: str) -> None:
    before = read_only_desk.digest()
    result = read_only_desk.tiepdan(*command)
    assert result.returncode == 0, result.stderr
    assert shown in result.stdout
    assert "Traceback" not in result.stderr
    assert read_only_desk.digest() == before


def test_check_reports_the_read_only_folder(read_only_desk: ReadOnlyDesk) -> None:
    result = read_only_desk.tiepdan("check", "--json")
    report = json.loads(result.stdout)
    checks = {item["name"]: item["ok"] for item in report["checks"]}
    assert checks == {"integrity": True, "schema": True, "office": True, "desk": True, "data_dir": False}
    assert result.returncode == 1  # its verdict: a desk that cannot save its papers is not healthy
    assert "Traceback" not in result.stderr


def test_the_book_prints_to_a_writable_path_without_a_kept_copy(read_only_desk: ReadOnlyDesk, tmp_path: Path) -> None:
    year = str(today_local().year)
    out = tmp_path / "out" / "book.pdf"
    result = read_only_desk.tiepdan("print", "book", year, "-o", str(out), "--json")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["kept"] is None
    assert hashlib.sha256(out.read_bytes()).hexdigest() == printed["sha256"]
    assert "SỔ TIẾP CÔNG DÂN" in PdfReader(out).pages[0].extract_text()
    assert not (read_only_desk.folder / "documents" / year / f"book-{year}.pdf").exists()


def test_an_issued_letter_is_reprinted(read_only_desk: ReadOnlyDesk, template: Template, tmp_path: Path) -> None:
    out = tmp_path / "again.pdf"
    result = read_only_desk.tiepdan("print", "acceptance", template.letter, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == template.letter_pdf


@pytest.mark.parametrize(
    "command",
    [
        ("demo", "--visits", "5"),
        ("init", "--desk", "D02"),
        ("sync",),
        ("print", "receipt", "SERIAL", "-o", "OUT"),
        ("print", "acceptance", "UNISSUED", "-o", "OUT"),
    ],
    ids=["demo", "init", "sync", "print receipt", "issue a letter"],
)
def test_the_writing_commands_say_the_media_is_read_only(
    read_only_desk: ReadOnlyDesk, template: Template, tmp_path: Path, command: tuple[str, ...]
) -> None:
    out = tmp_path / "paper.pdf"
    words = {"SERIAL": template.serial, "UNISSUED": template.unissued, "OUT": str(out)}
    args = [words.get(word, word) for word in command]
    before = read_only_desk.digest()
    result = read_only_desk.tiepdan(*args)
    assert_clear_failure(result, READ_ONLY)
    assert read_only_desk.digest() == before
    assert not out.exists()


def test_an_output_path_on_the_read_only_media(read_only_desk: ReadOnlyDesk) -> None:
    out = read_only_desk.folder / "book.pdf"
    result = read_only_desk.tiepdan("print", "book", str(today_local().year), "-o", str(out))
    assert_clear_failure(result, f"Không lưu được tệp PDF vào {out}")
    assert READ_ONLY in result.stderr or "không có quyền truy cập" in result.stderr  # a mount, or chmod
    assert not out.exists()


@pytest.mark.parametrize(
    ("revision", "sentence"),
    [
        ("OLDER", "cần được nâng cấp lên phiên bản TiepDan này"),
        ("9999_from_the_future", "do một phiên bản TiepDan mới hơn tạo ra (lược đồ 9999_from_the_future)"),
    ],
    ids=["older", "newer"],
)
def test_a_read_only_database_at_another_schema_is_refused_unchanged(
    template: Template, tmp_path: Path, revision: str, sentence: str
) -> None:
    folder = copy_desk(template.folder, tmp_path / "desk")
    older = sorted(migrations.known_revisions() - {migrations.head_revision()})[0]  # any earlier one
    set_schema(folder, older if revision == "OLDER" else revision)
    with made_read_only(folder) as desk:
        before = desk.digest()
        result = desk.tiepdan("stats")
        assert_clear_failure(result, sentence)
        assert desk.digest() == before
