"""The data folder is closed to other accounts: created 0700 with files 0600, and tightened when it was open."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from desktop.core.database import open_database
from desktop.core.files import keep
from desktop.core.paths import resolve_data_dir
from desktop.core.private_files import create_private_file, make_private_dir, open_private_text, tighten
from tests.helpers.modes import kinds_of_files, mode_of, open_entries


@pytest.fixture(autouse=True)
def _open_umask() -> object:
    """The usual umask of a desk (022): what is private here is made so, not left to the umask."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_data_folder_and_its_parents_are_0700(tmp_path: Path) -> None:
    folder = resolve_data_dir(tmp_path / "home" / "share" / "tiepdan")
    assert mode_of(folder) == 0o700
    assert mode_of(tmp_path / "home") == 0o700


def test_the_database_its_wal_and_shm_and_a_kept_pdf_are_0600(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    database = open_database(data_dir=folder)
    try:
        with database.engine.connect() as connection:  # the -wal and -shm exist while a connection is open
            connection.exec_driver_sql("SELECT 1")
            keep(folder / "documents" / "2026" / "D01-2026-000001.pdf", b"%PDF-1.7")
            assert {".sqlite3", "wal", "shm", ".pdf"} <= kinds_of_files(folder)
            assert open_entries(folder) == {}
    finally:
        database.dispose()


def test_private_helpers_create_0600_files(tmp_path: Path) -> None:
    make_private_dir(tmp_path / "a" / "b")
    assert create_private_file(tmp_path / "a" / "b" / "x")
    assert not create_private_file(tmp_path / "a" / "b" / "x")
    with open_private_text(tmp_path / "a" / "y.log", "a", encoding="utf-8") as handle:
        handle.write("dòng\n")
    with open_private_text(tmp_path / "a" / "y.log", "a", encoding="utf-8") as handle:
        handle.write("dòng\n")
    assert (tmp_path / "a" / "y.log").read_text(encoding="utf-8") == "dòng\ndòng\n"
    assert open_entries(tmp_path / "a") == {}


def test_an_open_folder_is_tightened_with_a_note_of_counts_and_kinds(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "old"
    (folder / "documents" / "2026").mkdir(parents=True)
    (folder / "logs").mkdir()
    for name in ("tiepdan.sqlite3", "tiepdan.sqlite3-wal", "documents/2026/D01-2026-000001.pdf", "logs/tiepdan.log"):
        (folder / name).write_bytes(b"x")
        os.chmod(folder / name, 0o644)
    for name in (".", "documents", "documents/2026", "logs"):
        os.chmod(folder / name, 0o755)
    caplog.set_level(logging.INFO)
    assert resolve_data_dir(folder) == folder.resolve()
    assert open_entries(folder) == {}
    notes = [record.getMessage() for record in caplog.records if "tightened" in record.getMessage()]
    assert notes == [
        "The data folder was open to other accounts; tightened 4 folder(s) to 0700 and 4 file(s) to 0600 "
        "(2 database, 1 PDF, 1 log)."
    ]
    assert "D01-2026" not in notes[0]
    assert not tighten(folder)  # nothing left to do, nothing logged
