"""The binding's stray reference releases must not abort a long working day (see desktop.ui.qt_compat)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.ui.qt_compat import REFERENCE_RESERVE

CALLS = 20_000  # four times what None holds on a bare Python 3.11: would abort without the workaround


class _Emitter(QObject):
    happened = Signal()


def test_singletons_have_a_reserve_on_python_3_11() -> None:
    if sys.version_info >= (3, 12):
        pytest.skip("None, True and False are immortal from Python 3.12")
    for singleton in (None, True, False):
        assert sys.getrefcount(singleton) > REFERENCE_RESERVE // 2


def test_many_void_calls_emits_and_empty_variants_do_not_abort(qtbot: QtBot) -> None:
    edit, combo, emitter = QLineEdit(), QComboBox(), _Emitter()
    qtbot.addWidget(edit)
    qtbot.addWidget(combo)
    combo.addItem("", None)
    for _ in range(CALLS):
        edit.setText("Nguyễn")
        emitter.happened.emit()
        assert combo.currentData() is None
    assert edit.text() == "Nguyễn"
