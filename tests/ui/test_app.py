"""The composition root's parts: settings, logging, translators, first start, errors shown to the user."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.core.database import Database
from desktop.core.errors import AppError, StorageError
from desktop.ui import app, errors
from desktop.ui.main_window import MainWindow
from desktop.ui.office_dialog import OfficeDialog
from desktop.ui.settings import UiSettings
from tests.helpers.waiting import WAIT_MS, WAIT_S


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """What the user would have been shown by show_error."""
    shown: list[BaseException] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: shown.append(exc))
    monkeypatch.setattr(app, "show_error", lambda parent, exc: shown.append(exc))
    return shown


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


def test_settings_default_to_vietnamese_and_round_trip(tmp_path: Path) -> None:
    settings = UiSettings(tmp_path / "ui.ini")
    assert settings.language == "vi"
    settings.language = "en"
    settings.geometry = QByteArray(b"abc")
    settings.sync()
    again = UiSettings(tmp_path / "ui.ini")
    assert (again.language, bytes(again.geometry.data())) == ("en", b"abc")
    again.language = "xx"
    assert again.language == "vi"


def test_logging_goes_to_the_data_folder(tmp_path: Path, root_logging: None, qapp: QApplication) -> None:
    path = app.setup_logging(tmp_path)
    logging.getLogger("desktop.test").warning("Nguyễn Văn Bình")
    assert path == tmp_path / "logs" / "tiepdan.log"
    assert "Nguyễn Văn Bình" in path.read_text(encoding="utf-8")


def test_missing_qt_translation_is_not_an_error(qapp: QApplication) -> None:
    before = set(qapp.findChildren(QTranslator))
    try:
        assert app.install_qt_translator(qapp, "en") is False
        app.install_qt_translator(qapp, "vi")  # True only when Qt ships qtbase_vi.qm
    finally:  # the application outlives the test: later tests must not see Qt's buttons translated
        for translator in set(qapp.findChildren(QTranslator)) - before:
            qapp.removeTranslator(translator)
            translator.setParent(None)


def test_reporting_errors_shows_app_errors_and_lets_bugs_through(shown_errors: list[BaseException]) -> None:
    with errors.reporting_errors(None):
        raise StorageError("Ổ đĩa đầy")
    assert [str(e) for e in shown_errors] == ["Ổ đĩa đầy"]
    with pytest.raises(ZeroDivisionError), errors.reporting_errors(None):
        _ = 1 / 0


def test_crash_dialog_offers_the_log_path_and_the_traceback(qtbot: QtBot, tmp_path: Path) -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        dialog = errors.CrashDialog(exc, tmp_path / "tiepdan.log")
    qtbot.addWidget(dialog)
    assert "RuntimeError: boom" in dialog.details_edit.toPlainText()
    assert "Traceback" in dialog.details_edit.toPlainText()


def test_app_error_becomes_a_warning_box(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    errors.show_error(None, AppError("Không mở được cơ sở dữ liệu"))
    assert warned == ["Không mở được cơ sở dữ liệu"]


def test_first_start_asks_for_the_office_profile(
    qtbot: QtBot, tmp_path: Path, ui_settings: UiSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[Database] = []

    def ask(parent: object, database: Database, *, first_start: bool = False) -> bool:
        assert first_start
        asked.append(database)
        from desktop.core.office import EXAMPLE_OFFICE, save_office, set_current_desk

        with database.sessions.begin() as session:
            save_office(session, EXAMPLE_OFFICE)
            set_current_desk(session, "D07")
        return True

    monkeypatch.setattr(OfficeDialog, "ask", ask)
    monkeypatch.setattr("desktop.ui.login.sign_in_at_start", lambda parent, database, **options: True)
    window = MainWindow(None, ui_settings)
    qtbot.addWidget(window)
    assert app.open_into(window, None, tmp_path / "fresh") is None
    assert len(asked) == 1
    assert window.form is not None
    assert window.form.desk_code == "D07"
    window.backups.stop()  # no backup of this test's database (the day's waits a minute; none on closing)
    window.database.dispose()  # type: ignore[union-attr]


def test_cancelled_first_start_leaves_the_window_empty(
    qtbot: QtBot, tmp_path: Path, ui_settings: UiSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    informed: list[str] = []
    monkeypatch.setattr(OfficeDialog, "ask", lambda parent, database, **options: False)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: informed.append(text))
    window = MainWindow(None, ui_settings)
    qtbot.addWidget(window)
    assert app.open_into(window, None, tmp_path / "fresh") == 0
    assert window.form is None
    assert len(informed) == 1


def test_database_failure_is_shown_clearly(
    qtbot: QtBot, tmp_path: Path, ui_settings: UiSettings, shown_errors: list[BaseException]
) -> None:
    window = MainWindow(None, ui_settings)
    qtbot.addWidget(window)
    assert app.open_into(window, "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1", tmp_path) == 1
    assert len(shown_errors) == 1
    assert isinstance(shown_errors[0], StorageError)
    assert window.form is None


def test_the_daily_backup_still_happens_after_the_start(
    qtbot: QtBot, database: Database, ui_settings: UiSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """open_into starts the automatic backups; the day's backup comes (soon, off the GUI thread) after the start."""
    from desktop.core.backup import automatic
    from desktop.ui import backups

    monkeypatch.setattr(backups, "FIRST_CHECK_MS", 0)
    monkeypatch.setattr("desktop.ui.login.sign_in_at_start", lambda parent, database, **options: True)
    monkeypatch.setattr(automatic, "stored_passphrase", lambda data_dir: None)
    window = MainWindow(None, ui_settings)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.backups.finished, timeout=WAIT_MS):
        assert app.open_into(window, None, database.data_dir) is None
        assert window.form is not None  # the window was usable before the backup was made
    assert window.backups.last is not None
    assert [path.name for path in automatic.automatic_backups(database.data_dir)] == [window.backups.last.path.name]
    window.backups.stop()  # no exit backup at teardown: this test is about the start's
    window.database.dispose()  # type: ignore[union-attr]


HEAVY_MODULES = (
    "reportlab",
    "openpyxl",
    "matplotlib",
    "rapidfuzz",
    "cryptography",
    "qrcode",
    "pypdf",
    "keyring",
    "alembic",  # only when the database needs a migration
    "vietnam_provinces.codes",  # the units are read from the package's JSON
)


def test_the_start_leaves_the_heavy_libraries_for_their_first_use(database: Database, tmp_path: Path) -> None:
    """A whole start (run_gui, signed in, form and book open) imports no library that only a paper, an
    export, a backup, a search for repeats, a migration or the dashboard's charts need: checked in a
    child process. (holidays may come with the deadline board, read on a worker thread meanwhile.)"""
    import os
    import subprocess
    import sys

    from desktop.core.users import create_first_admin

    with database.sessions.begin() as session:
        create_first_admin(session, "letan", "mật khẩu lễ tân 2026", "Lễ Tân")
    database.dispose()
    code = (
        "import sys; from desktop.ui.app import run_gui; status = run_gui(None, None, user='letan'); "
        f"print('HEAVY', sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules), status)"
    )
    env = dict(
        os.environ,
        TIEPDAN_DATA_DIR=str(database.data_dir),
        TIEPDAN_PASSWORD="mật khẩu lễ tân 2026",
        TIEPDAN_EXIT_AFTER_SHOW="ready",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=WAIT_S, check=False
    )
    assert "TIEPDAN_READY" in result.stdout, result.stderr[-2000:]
    assert "HEAVY [] 0" in result.stdout, result.stdout


FIRST_SAVE_AFTER_WARM_UP = """
import datetime as dt, sys
from desktop.ui.app import run_gui
status = run_gui(None, None, user='letan')  # TIEPDAN_EXIT_AFTER_SHOW=warm: quits once the warm-up is done
from db.enums import DocumentKind
from desktop.core.database import open_database
from desktop.core.reception.returning import repeat_candidates
from desktop.core.reception.slips import issue_slip
from desktop.core.reception.visits import register_visit
from desktop.core.users import authenticate
from tests.builders import make_draft
database = open_database(data_dir=sys.argv[1])
actor = authenticate(database.sessions, 'letan', sys.argv[2])
draft = make_draft(repeat_checked=True)
before = set(sys.modules)
with database.sessions() as session:
    repeat_candidates(session, draft, actor=actor, now=dt.datetime.now(dt.UTC))
with database.sessions.begin() as session:
    saved = register_visit(session, draft, desk_code='D01', actor=actor)
for thermal in (False, True):
    with database.sessions.begin() as session:
        issue_slip(session, DocumentKind.RECEIPT, saved.visit.serial, data_dir=database.data_dir, actor=actor,
                   thermal=thermal)
print('IMPORTED', sorted(set(sys.modules) - before), status)
database.dispose()
"""


def test_after_the_warm_up_the_first_save_and_receipt_import_nothing(database: Database) -> None:
    """Once the window is usable and the board read, a worker thread loads ReportLab, the fonts, the slips'
    layouts and rapidfuzz: the session's first save with its receipt (A4 and 80 mm) then imports no module.
    Observed in a child process (this one has them all already), by the modules it holds."""
    import os
    import subprocess
    import sys

    from desktop.core.users import create_first_admin

    with database.sessions.begin() as session:
        create_first_admin(session, "letan", "mật khẩu lễ tân 2026", "Lễ Tân")
    database.dispose()
    env = dict(
        os.environ,
        TIEPDAN_DATA_DIR=str(database.data_dir),
        TIEPDAN_PASSWORD="mật khẩu lễ tân 2026",
        TIEPDAN_EXIT_AFTER_SHOW="warm",
    )
    result = subprocess.run(
        [sys.executable, "-c", FIRST_SAVE_AFTER_WARM_UP, str(database.data_dir), "mật khẩu lễ tân 2026"],
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT_S,
        check=False,
    )
    assert "TIEPDAN_WARM" in result.stdout, result.stderr[-2000:]
    assert "IMPORTED [] 0" in result.stdout, result.stdout
