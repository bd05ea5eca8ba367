"""The GUI's start path on a fresh data folder: folder 0700, every file 0600 (database, WAL, slips, log)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db.enums import DocumentKind
from desktop.core.access import NOBODY
from desktop.core.database import Database
from desktop.core.demo.generator import generate
from desktop.core.office import EXAMPLE_OFFICE, save_office, set_current_desk
from desktop.core.reception.slips import issue_slip
from desktop.ui import app, backups
from desktop.ui.main_window import MainWindow
from desktop.ui.office_dialog import OfficeDialog
from desktop.ui.settings import UiSettings
from tests.cli.test_commands import OFFICE
from tests.helpers.modes import kinds_of_files, mode_of, open_entries
from tests.helpers.waiting import WAIT_MS, WAIT_S


@pytest.fixture
def root_logging() -> Iterator[None]:
    """Undo setup_logging: remove and close the file handler, restore the level."""
    root = logging.getLogger()
    before, level = set(root.handlers), root.level
    yield
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The usual umask of a desk (022): what is private is made so, not left to the umask."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _first_start(parent: object, database: Database, *, first_start: bool = False) -> bool:
    with database.sessions.begin() as session:
        save_office(session, EXAMPLE_OFFICE)
        set_current_desk(session, "D01")
    return True


def test_the_gui_start_path_keeps_a_fresh_data_folder_private(
    qtbot: QtBot,
    tmp_path: Path,
    ui_settings: UiSettings,
    monkeypatch: pytest.MonkeyPatch,
    root_logging: None,
) -> None:
    monkeypatch.setattr(OfficeDialog, "ask", _first_start)
    # The administrator signed in (tests/ui/conftest.py): the first start's account dialog is not this test's.
    monkeypatch.setattr("desktop.ui.login.sign_in_at_start", lambda parent, database, **options: True)
    monkeypatch.setattr(backups, "FIRST_CHECK_MS", 0)  # the day's backup at once, not a minute after the start
    folder = app.resolve_data_dir(tmp_path / "fresh", close=False)  # as run_gui does, then the log
    log_file = app.setup_logging(folder)
    window = MainWindow(None, ui_settings)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.backups.finished, timeout=WAIT_MS):  # the first start's automatic backup
        assert app.open_into(window, None, folder) is None
    database = window.database
    assert database is not None
    assert len(list((folder / "backups").iterdir())) == 1
    with database.sessions.begin() as session:
        serial = generate(session, visits=5, desk_code="D01", seed=2).last_serial
        issue_slip(session, DocumentKind.RECEIPT, serial, data_dir=folder, actor=NOBODY)
    logging.getLogger("desktop.test").warning("a line in the log")
    assert log_file is not None
    assert "a line in the log" in log_file.read_text(encoding="utf-8")
    with database.engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
        assert {".sqlite3", "wal", "shm", ".pdf", ".log"} <= kinds_of_files(folder)
        assert mode_of(folder) == 0o700
        assert open_entries(folder) == {}
    database.dispose()


def test_the_gui_start_tightens_an_open_folder_and_says_so_in_the_log(tmp_path: Path) -> None:
    """The real start (`tiepdan` with no command) on a desk an older TiepDan left open, until the form is up."""
    folder = tmp_path / "old"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "TIEPDAN_DATA_DIR": str(folder),
        # The administrator init creates signs the GUI in, instead of the login dialog.
        "TIEPDAN_USER": "quantri",
        "TIEPDAN_PASSWORD": "mat-khau-cua-quan-tri",
    }
    init = subprocess.run(
        [sys.executable, "-m", "desktop", "init", *OFFICE, "--admin", "quantri"],
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT_S,
        check=False,
    )
    assert init.returncode == 0, init.stderr
    (folder / "logs").mkdir()
    (folder / "logs" / "tiepdan.log").write_text("", encoding="utf-8")
    for path in (folder, folder / "logs"):
        os.chmod(path, 0o755)
    for path in (folder / "logs" / "tiepdan.log", folder / "tiepdan.sqlite3"):
        os.chmod(path, 0o644)
    result = subprocess.run(
        [sys.executable, "-m", "desktop"],
        env={**env, app.EXIT_HOOK: "ready"},
        capture_output=True,
        text=True,
        timeout=WAIT_S,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "TIEPDAN_READY" in result.stdout
    assert open_entries(folder) == {}
    log = (folder / "logs" / "tiepdan.log").read_text(encoding="utf-8")
    assert "tightened 2 folder(s) to 0700 and 2 file(s) to 0600 (1 database, 1 log)" in log


def test_the_real_gui_backs_up_on_exit_into_a_private_folder(tmp_path: Path) -> None:
    """`tiepdan` started on an initialised desk and closed as a user does (File, Quit)."""
    folder = tmp_path / "desk"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "TIEPDAN_DATA_DIR": str(folder),
        # The administrator init creates signs the GUI in, instead of the login dialog.
        "TIEPDAN_USER": "quantri",
        "TIEPDAN_PASSWORD": "mat-khau-cua-quan-tri",
    }
    init = subprocess.run(
        [sys.executable, "-m", "desktop", "init", *OFFICE, "--admin", "quantri"],
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT_S,
        check=False,
    )
    assert init.returncode == 0, init.stderr
    result = subprocess.run(
        [sys.executable, "-m", "desktop"],
        env={**env, app.EXIT_HOOK: "close"},
        capture_output=True,
        text=True,
        timeout=WAIT_S,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "TIEPDAN_READY" in result.stdout
    backups = sorted((folder / "backups").iterdir())
    # On exit: the day's backup waits a minute after the start (desktop/ui/backups.py), this desk quit before.
    assert [path.suffix for path in backups] == [".sqlite3"]
    assert open_entries(folder) == {}
    assert "Automatic backup written (plain copy)" in (folder / "logs" / "tiepdan.log").read_text(encoding="utf-8")
