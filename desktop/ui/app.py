"""Composition root: application, settings, translations, logging, errors, database, main window."""

from __future__ import annotations

import importlib
import io
import logging
import os
import sys
import time
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING, cast

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QObject,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from desktop import __version__
from desktop.core.errors import AppError, ScrubbingFormatter
from desktop.core.i18n import _, set_language
from desktop.core.paths import resolve_data_dir
from desktop.core.private_files import make_private_dir, open_private_text
from desktop.ui.errors import install_excepthook, show_error
from desktop.ui.main_window import MainWindow
from desktop.ui.messages import inform
from desktop.ui.settings import APPLICATION, ORGANISATION, UiSettings

if TYPE_CHECKING:
    from desktop.core.database import Database
    from desktop.ui.widgets.record_model import PagedRecordModel

log = logging.getLogger(__name__)

# For tests and bench/startup.py: "1" quits once the window is painted, "ready" once the form is attached,
# "close" then closes the main window as a user does (File, Quit), "board" waits for the deadline board
# read off the GUI thread (bench/scale.py), "warm" for the warm-up of the first save after it; each prints
# when it got there.
EXIT_HOOK = "TIEPDAN_EXIT_AFTER_SHOW"
READY_HOOKS = ("ready", "close", "board", "warm")
LOG_FILE = "tiepdan.log"
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


USER_VARIABLE = "TIEPDAN_USER"


def run_gui(db_url: str | None, data_dir: str | None, user: str | None = None) -> int:
    """Start the desk application; returns the exit status.

    ``user``: `tiepdan --user NAME` (or TIEPDAN_USER, for `make run` from a script) signs NAME in
    with TIEPDAN_PASSWORD instead of the login dialog.
    """
    user = user or os.environ.get(USER_VARIABLE) or None
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APPLICATION)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(__version__)
    settings = UiSettings()
    set_language(settings.language)
    install_qt_translator(app, settings.language)
    try:
        folder = resolve_data_dir(data_dir, close=False)  # open_database tightens it, once the log is set up
    except AppError as exc:
        show_error(None, exc)
        return 1
    install_excepthook(setup_logging(folder))
    log.info("TiepDan %s starting; data folder %s", __version__, folder)
    window = MainWindow(None, settings)
    hook = os.environ.get(EXIT_HOOK, "")

    def on_first_paint() -> None:
        # The database layer (SQLAlchemy, Alembic) loads only once the window is on screen.
        if hook:
            _print_time("TIEPDAN_SHOWN")
        if hook not in ("", *READY_HOOKS):
            QApplication.exit(0)
            return
        status = open_into(window, db_url, folder, user=user)
        if status is not None:
            QApplication.exit(status)
            return
        # Follows the board's first read from now: it may come before "usable". Not for a bench's hook
        # that quits at usable or at the board: nothing is to be loaded into a window about to close.
        warm = _WarmUpWhenIdle(window, then=_warmed if hook == "warm" else None) if hook in ("", "warm") else None
        _Usable(window, hook if hook in READY_HOOKS else "", then=warm.usable if warm else None).start()

    window.installEventFilter(_FirstPaint(window, on_first_paint))
    if settings.geometry.isEmpty():
        window.showMaximized()
    else:
        window.show()
    try:
        return app.exec()
    finally:
        window.backups.wait()  # a backup still being written (the start's, when quitting at once) ends first
        delete_windows()


def delete_windows() -> None:
    """Delete the windows Python owns (the main window, a parentless dialog), each before its children.

    WORKAROUND: at interpreter exit PySide6 deletes every widget that Python owns, in no set order.
    Python owns more than the main window: a dialog after ``exec()`` (PySide6 6.12 hands it back
    to Python although it stays a child of its parent) and a widget put in a layout before the
    layout was set on a widget. A dialog kept alive by a lambda on its own button went with that
    button: the exit pass deleted the button, which dropped the last reference to the dialog, and
    the dialog deleted the half-deleted button once more ("QObject: shared QObject was deleted
    directly", then a segfault in libQt6Core, 2 quits in 5). Deleted from the top here, while Qt
    and Python are whole, each widget's Python side is let go before its children are deleted,
    and nothing is left for the exit pass but plain objects such as QSettings.
    """
    for widget in QApplication.topLevelWidgets():
        # Only what that pass would delete: a popup that Qt made (a completer's list) has its own owner.
        if widget.parent() is None and shiboken6.ownedByPython(widget):
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def open_into(window: MainWindow, db_url: str | None, folder: Path, *, user: str | None = None) -> int | None:
    """Open the database, ask for the office profile on first start, then attach the window.

    Returns None when the window is ready, else the exit status the application should stop with.
    """
    from desktop.core.database import open_database

    try:
        database = open_database(db_url, folder)
    except AppError as exc:
        log.error("Cannot open the database: %s", exc)
        show_error(window, exc)
        return 1
    QApplication.instance().aboutToQuit.connect(database.dispose)
    if needs_setup(database) and not _first_start(window, database):
        database.dispose()
        return 0
    from desktop.ui.login import sign_in_at_start

    # The password is checked (argon2, on a worker thread) while the working area's modules load.
    if not sign_in_at_start(window, database, user=user, meanwhile=warm_up):  # the administrator first, then the login
        database.dispose()
        return 0
    window.attach(database)
    window.start_automatic_backups()
    window.start_idle_lock()
    return None


# What MainWindow.attach builds on, imported while the password is checked: Python's imports and
# argon2 (C, without the GIL) then share the two halves of the wait. Not the heavy libraries a
# paper, an export or the dashboard's charts need (reportlab, openpyxl, matplotlib, rapidfuzz):
# those load when first used (tests/ui/test_app.py checks that the start leaves them out).
WARM_UP = (
    "desktop.ui.reception.form",
    "desktop.ui.reception.book_panel",
    "desktop.ui.cases.board",
    "desktop.ui.finding.panel",
    "desktop.ui.dashboard",
    "desktop.ui.scanner",
    "desktop.core.office_mode.sync",
    "desktop.core.users",
)


def warm_up() -> None:
    """Import the modules the working area needs (nothing is built or read)."""
    for name in WARM_UP:
        importlib.import_module(name)


def warm_up_first_save() -> None:
    """What the first save and its slip load otherwise: rapidfuzz (the repeat look) and ReportLab with the
    fonts and the slips' layouts (a sample rendered and thrown away). Qt-free: runs on a worker thread."""
    from desktop.core.reception.returning import similarity
    from desktop.core.reception.slips import warm_up_slips

    similarity("mẫu", "mẫu")
    warm_up_slips()


def warm_first_save(parent: QObject, then: Callable[[], None] | None = None) -> None:
    """Run ``warm_up_first_save`` on a worker thread (docs/platform.md#start-up-speed), then ``then()`` in the
    UI thread; a failure is only logged: the first save then loads what it needs itself."""
    from desktop.ui.background import run_in_background

    def done(_result: object) -> None:
        log.info("Warmed up for the first save")
        if then is not None:
            then()

    def failed(exc: BaseException) -> None:
        log.warning("Warming up for the first save failed: %s", type(exc).__name__)

    run_in_background(warm_up_first_save, done, failed, parent=parent)


def needs_setup(database: Database) -> bool:
    """True when the office profile or this desk's code is missing."""
    from desktop.core.office import current_desk_code, get_office

    with database.sessions() as session:
        return get_office(session) is None or not current_desk_code(session)


def _first_start(window: MainWindow, database: Database) -> bool:
    from desktop.ui.office_dialog import OfficeDialog

    if OfficeDialog.ask(window, database, first_start=True):
        return True
    inform(
        window,
        _("TiepDan"),
        _(
            "TiepDan needs the office profile and the desk code before it can "
            "receive citizens. It will ask again at the next start."
        ),
    )
    return False


def install_qt_translator(app: QApplication, language: str) -> bool:
    """Qt's own strings (standard buttons, file dialogs) from qtbase_<lang>.qm, when Qt ships it."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language == "en" or not translator.load(f"qtbase_{language}", folder):
        return False
    return app.installTranslator(translator)


def setup_logging(folder: Path) -> Path | None:
    """Log to <data>/logs/tiepdan.log (rotated); Qt's own messages go there too."""
    path = folder / "logs" / LOG_FILE
    try:
        make_private_dir(path.parent)
        handler: logging.Handler = _PrivateLogFile(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        handler, path = logging.StreamHandler(), None
    handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    qInstallMessageHandler(_qt_message)
    return path


class _PrivateLogFile(RotatingFileHandler):
    """A rotated log whose files are created 0600: the log is kept in the data folder, closed to others."""

    def _open(self) -> io.TextIOWrapper:
        return cast(io.TextIOWrapper, open_private_text(Path(self.baseFilename), "a", encoding=self.encoding))


def _qt_message(kind: QtMsgType, _context: object, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), message)


class _FirstPaint(QObject):
    """Calls ``then`` once, just after the window is first painted."""

    def __init__(self, window: MainWindow, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


USABLE_ROUND_TRIP_MS = 50  # the event loop answers a timer within this: the window takes input
USABLE_POLL_MS = 100  # without a bench watching, how often the start asks whether the window is usable
WARM_UP_LATEST_MS = 10_000  # after "usable", the warm-up waits at most this for the board's first read


class _Usable(QObject):
    """Calls ``then`` once the window is usable; for bench/startup.py and bench/scale.py (``hook`` set),
    prints TIEPDAN_READY then.

    Usable: the book's first page is in its table (or there is no book) and the event loop answers a
    timer within ``USABLE_ROUND_TRIP_MS`` of its due time (asked again until it does; at once with a
    bench's hook, every ``USABLE_POLL_MS`` without). Then, by ``hook``: "ready" quits, "close" closes the
    window as a user does, "board" waits for the deadline board's rows too (TIEPDAN_BOARD, which may
    come first) and quits once both were seen. ``then`` runs after TIEPDAN_READY is printed.
    """

    def __init__(self, window: MainWindow, hook: str, then: Callable[[], None] | None = None) -> None:
        super().__init__(window)
        self._window, self._hook, self._then = window, hook, then
        self._delay_ms = 0 if hook else USABLE_POLL_MS
        self._asked = 0.0
        self._ready = False
        self._board_filled = window.board is None or hook != "board"
        if not self._board_filled and window.board is not None:
            window.board.filled.connect(self._on_board_filled)

    def start(self) -> None:
        self._ask()

    def _ask(self) -> None:
        self._asked = time.perf_counter()
        QTimer.singleShot(self._delay_ms, self, self._answered)

    def _answered(self) -> None:
        book = self._window.book
        late_ms = (time.perf_counter() - self._asked) * 1000 - self._delay_ms
        if (book is not None and not _first_page_shown(book.model)) or late_ms >= USABLE_ROUND_TRIP_MS:
            self._ask()
            return
        self._ready = True
        if self._hook:
            _print_time("TIEPDAN_READY")
        if not self._finish() and self._then is not None:  # nothing more to start in a window about to quit
            self._then()

    def _on_board_filled(self) -> None:
        board = self._window.board
        if self._board_filled or board is None:
            return
        self._board_filled = True
        _print_time("TIEPDAN_BOARD")
        print(f"TIEPDAN_BOARD_ROWS {board.model.total}", flush=True)
        self._finish()

    def _finish(self) -> bool:
        """Quits or closes the window when the hook asks it now; True when it did."""
        if self._hook in ("", "warm") or not (self._ready and self._board_filled):
            return False
        if self._hook == "close":
            self._window.close()  # the application quits when its last window closes
        else:
            QApplication.exit(0)
        return True


class _WarmUpWhenIdle(QObject):
    """Once the window is usable (``usable()``) and the deadline board's first read is in (that worker
    thread competes for the GIL with the first paints), loads what the first save needs on a worker
    thread: ``warm_first_save``. Without the board's answer it starts ``WARM_UP_LATEST_MS`` after usable."""

    def __init__(self, window: MainWindow, then: Callable[[], None] | None = None) -> None:
        super().__init__(window)
        self._window, self._then = window, then
        self._usable = False
        self._started = False
        self._board_read = window.board is None
        if window.board is not None:
            window.board.filled.connect(self._on_board_filled)

    def usable(self) -> None:
        self._usable = True
        if self._board_read:
            self._start()
        else:
            QTimer.singleShot(WARM_UP_LATEST_MS, self, self._start)

    def _on_board_filled(self) -> None:
        self._board_read = True
        if self._usable:
            self._start()

    def _start(self) -> None:
        if not self._started:
            self._started = True
            warm_first_save(self._window, self._then)


def _warmed() -> None:
    """The "warm" hook: the warm-up of the first save is done (tests/ui/test_app.py)."""
    _print_time("TIEPDAN_WARM")
    QApplication.exit(0)


def _first_page_shown(model: PagedRecordModel) -> bool:
    return model.rowCount() >= min(model.total, model.PAGE)


def _print_time(tag: str) -> None:
    """For bench/startup.py: the wall-clock moment something became visible."""
    print(f"{tag} {time.time():.6f}", flush=True)
