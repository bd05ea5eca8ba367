"""A USB QR scanner types like a keyboard: its burst of keys, ending in Enter, is taken back as one payload.

An event filter on the focused widget inside ``scope``, moved with the focus (docs/scanning.md#scanner-typing).
Every key press with text that reaches the focused widget is kept with its time. When Enter ends a burst whose
keys all came within ``BURST_GAP_MS`` of each other (by the events' own timestamps: an
event made without one, time 0, never counts as fast) and ``claims(text)`` says the text is a
payload, the Enter is swallowed, every widget that received the burst is put back as it was before
it, and ``handle(text)`` runs. People never type that fast: what they type is never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

BURST_GAP_MS = 50  # a scanner types the whole payload within about 50 ms; a person needs 100 ms a key or more
MIN_PAYLOAD = 8  # the shortest payload worth recognising (a slip serial has 15 characters)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass
class _Snapshot:
    """What a widget showed before the burst reached it."""

    text: str | None = None
    cursor: int = 0
    index: int | None = None
    checked: bool | None = None


def _line_edit(widget: QWidget) -> QLineEdit | None:
    if isinstance(widget, QLineEdit):
        return widget
    if isinstance(widget, QComboBox):
        return widget.lineEdit()
    if isinstance(widget, QAbstractSpinBox):
        return widget.findChild(QLineEdit)
    return None


def snapshot(widget: QWidget) -> _Snapshot:
    edit = _line_edit(widget)
    shot = _Snapshot()
    if edit is not None:
        shot.text, shot.cursor = edit.text(), edit.cursorPosition()
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        shot.text, shot.cursor = widget.toPlainText(), widget.textCursor().position()
    if isinstance(widget, QComboBox):
        shot.index = widget.currentIndex()
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        shot.index = widget.currentIndex().row()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        shot.checked = widget.isChecked()
    return shot


def restore(widget: QWidget, shot: _Snapshot) -> None:
    if isinstance(widget, QComboBox) and shot.index is not None:
        widget.setCurrentIndex(shot.index)
    elif isinstance(widget, QAbstractItemView) and shot.index is not None and widget.model() is not None:
        widget.setCurrentIndex(widget.model().index(shot.index, 0))
    edit = _line_edit(widget)
    if edit is not None and shot.text is not None:
        edit.setText(shot.text)
        edit.setCursorPosition(shot.cursor)
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)) and shot.text is not None:
        widget.setPlainText(shot.text)
        cursor = widget.textCursor()
        cursor.setPosition(min(shot.cursor, len(shot.text)), QTextCursor.MoveMode.MoveAnchor)
        widget.setTextCursor(cursor)
    if isinstance(widget, QAbstractButton) and shot.checked is not None:
        widget.setChecked(shot.checked)


class ScanListener(QObject):
    """Watches the focused widget while it is inside ``scope``; ``claims`` picks the payloads, ``handle`` takes them.

    A key goes to the focused widget first, so a filter there sees every key a filter on the application
    saw, without a call into Python for each event of every other object (each such call waits for the
    GIL while a worker thread runs Python: docs/platform.md#start-up-speed). QApplication.focusChanged
    moves the filter along with the focus.
    """

    def __init__(self, scope: QWidget, claims: Callable[[str], bool], handle: Callable[[str], None]) -> None:
        super().__init__(scope)
        self._scope = scope
        self._claims = claims
        self._handle = handle
        self._text: list[str] = []
        self._touched: dict[QWidget, _Snapshot] = {}
        self._last_ms: int | None = None
        self._watched: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)  # a slot of this object: dropped with it
            self._follow_focus(None, QApplication.focusWidget())

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        watched, self._watched = self._watched, None
        if watched is not None and shiboken6.isValid(watched):
            watched.removeEventFilter(self)
        if new is not None and shiboken6.isValid(self._scope) and self._in_scope(new):
            new.installEventFilter(self)
            self._watched = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        widget = QApplication.focusWidget()
        if widget is None or watched is not widget or not self._in_scope(widget) or event.isAutoRepeat():
            return False
        now = int(event.timestamp())  # the window system's clock; 0 for an event made without one
        fast = bool(now) and self._last_ms is not None and now - self._last_ms <= BURST_GAP_MS
        if event.key() in _ENTER:
            text = "".join(self._text)
            burst = fast and len(text) >= MIN_PAYLOAD
            touched = self._touched
            self._reset()
            if burst and self._claims(text):
                for target, shot in touched.items():
                    restore(target, shot)
                self._handle(text)
                return True
            return False
        typed = event.text()
        if not typed or not typed.isprintable():
            return False  # Shift and other keys without text: a scanner presses them mid-burst
        if not fast:
            self._reset()
        self._last_ms = now
        if widget not in self._touched:
            self._touched[widget] = snapshot(widget)
        self._text.append(typed)
        return False

    def _in_scope(self, widget: QWidget) -> bool:
        return widget is self._scope or self._scope.isAncestorOf(widget)

    def _reset(self) -> None:
        self._text = []
        self._touched = {}
        self._last_ms = None
