"""Fixtures and keyboard helpers for the GUI tests (Vietnamese is typed per character, never keyClicks)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.core.access import NOBODY
from desktop.core.database import Database
from desktop.ui import signed_in
from desktop.ui.reception.form import ReceptionForm
from desktop.ui.settings import UiSettings
from tests.builders import ADMIN
from tests.helpers.waiting import WAIT_MS


def type_text(text: str, widget: QWidget | None = None) -> None:
    """Type ``text`` into ``widget`` (default: the focused one) one key event per character.

    WORKAROUND: QTest.keyClicks aborts the process on any non-ASCII character
    (docs/platform.md#typing-vietnamese-in-tests).
    """
    target = widget or QApplication.focusWidget()
    assert target is not None, "no widget has the keyboard focus"
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, target, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def tab_until(qtbot: QtBot, target: QWidget, *, limit: int = 40) -> int:
    """Press Tab until ``target`` (or its line edit) has the focus; returns how many presses it took."""
    for presses in range(1, limit + 1):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        if focused() is target or focused() is target.focusProxy():
            return presses
    raise AssertionError(f"Tab never reached {target!r}; focus is on {focused()!r}")


@pytest.fixture(autouse=True)
def _signed_in_admin() -> Iterator[None]:
    """The GUI tests run with an administrator signed in (tests/ui/test_login.py is about signing in)."""
    signed_in.sign_in(ADMIN)
    yield
    signed_in.sign_in(NOBODY)


@dataclass
class Questions:
    """What QMessageBox.question asked; each is answered with the next queued reply, else No."""

    asked: list[str] = field(default_factory=list)
    replies: list[QMessageBox.StandardButton] = field(default_factory=list)

    def __call__(self, parent: object, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        self.asked.append(text)
        return self.replies.pop(0) if self.replies else QMessageBox.StandardButton.No


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> Questions:
    recorder = Questions()
    monkeypatch.setattr(QMessageBox, "question", recorder)
    return recorder


@pytest.fixture
def ui_settings(tmp_path: Path) -> UiSettings:
    return UiSettings(tmp_path / "ui.ini")


@pytest.fixture
def form(qtbot: QtBot, database: Database) -> ReceptionForm:
    """The reception form as its own active window, with the focus on the citizen's name."""
    widget = ReceptionForm(database)
    qtbot.addWidget(widget)
    widget.resize(760, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=WAIT_MS)
    widget.citizen.name_edit.setFocus()
    qtbot.waitUntil(widget.citizen.name_edit.hasFocus, timeout=WAIT_MS)
    return widget
