"""How failures reach the user: AppError as a warning box, anything else as the crash dialog."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import AppError, environment_error, scrubbed_traceback
from desktop.core.i18n import _

log = logging.getLogger(__name__)

_state: dict[str, Path | None] = {"log_path": None}


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """The only place that builds error message boxes."""
    exc = environment_error(exc) or exc
    if isinstance(exc, AppError):
        QMessageBox.warning(parent, _("TiepDan"), str(exc))
        return
    CrashDialog(exc, _state["log_path"], parent).exec()


@contextmanager
def reporting_errors(parent: QWidget | None) -> Iterator[None]:
    """Wrap a slot body: an AppError is logged and shown; a bug goes on to the excepthook."""
    try:
        yield
    except AppError as exc:
        log.warning("%s: %s", type(exc).__name__, exc)
        show_error(parent, exc)
    except Exception as exc:
        known = environment_error(exc)
        if known is None:
            raise
        log.warning("%s: %s", type(exc).__name__, exc)
        show_error(parent, known)


def install_excepthook(log_path: Path | None) -> None:
    """Route uncaught exceptions (also those raised in slots) to the log and the crash dialog."""
    _state["log_path"] = log_path
    sys.excepthook = _excepthook


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        QApplication.quit()
        return
    log.critical("Uncaught exception", exc_info=(kind, exc, tb))
    if QApplication.instance() is None:
        sys.__excepthook__(kind, exc, tb)
        return
    show_error(QApplication.activeWindow(), exc)


class CrashDialog(QDialog):
    """A short apology, where the log is, and the traceback to copy into a report."""

    def __init__(self, exc: BaseException, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("TiepDan has met an unexpected error"))
        self.resize(640, 420)
        self._details = scrubbed_traceback(exc)  # never a row's values (the driver's DETAIL, parameters)
        self._build_ui(log_path)

    def _build_ui(self, log_path: Path | None) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Sorry, something went wrong inside TiepDan. What you saved before is safe. "
                "Please send the text below to your IT support."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if log_path is not None:
            where = QLabel(_("The details are also written to the log file {path}.").format(path=log_path))
            where.setWordWrap(True)
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(where)
        self.details_edit = QPlainTextEdit(self._details)
        self.details_edit.setReadOnly(True)
        layout.addWidget(self.details_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(_("Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self._details)
