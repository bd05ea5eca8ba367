"""Benchmark: what Python event filters cost the GUI thread while a worker thread runs Python.

A window of 300 widgets is repainted by the event loop (which runs without the GIL) 20 times, with
no Python filter, with three on the application (as the scanner's two and the idle lock's were),
and with three where the desk puts them now (two on the focused widget, one on the focused window:
desktop/ui/scanner.py, desktop/ui/login.py), each with and without a worker thread spinning in
Python meanwhile (as the deadline board's first read does). Each filter call from the loop needs
the GIL, which the worker gives up only every switch interval (docs/platform.md#start-up-speed).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/event_filters.py
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QLineEdit, QWidget

WIDGETS = 300
UPDATES = 20
REPEATS = 3


class _Filter(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        return False


def _window() -> tuple[QWidget, QLineEdit]:
    window = QWidget()
    grid = QGridLayout(window)
    focused = QLineEdit("focused")
    grid.addWidget(focused, 0, 0)
    for i in range(1, WIDGETS):
        grid.addWidget(QLabel(f"label {i}") if i % 2 else QLineEdit(f"edit {i}"), i // 10, i % 10)
    window.resize(1200, 900)
    window.show()
    focused.setFocus()
    return window, focused


def _repaints(window: QWidget) -> float:
    """Seconds for UPDATES repaints, each asked from a timer and painted by the event loop."""
    loop = QEventLoop()
    left = [UPDATES]

    def step() -> None:
        if not left[0]:
            loop.quit()
            return
        left[0] -= 1
        window.update()
        QTimer.singleShot(1, step)

    began = time.perf_counter()
    QTimer.singleShot(0, step)
    loop.exec()
    return time.perf_counter() - began


def _spin(stop: threading.Event) -> None:
    count = 0
    while not stop.is_set():
        count += 1


def measure(app: QApplication, window: QWidget, focused: QLineEdit, where: str, worker: bool) -> float:
    filters = [_Filter() for _ in range(3)]
    watched: list[QObject] = []
    if where == "application":
        watched = [app, app, app]
    elif where == "focus":
        handle = window.windowHandle()
        assert handle is not None
        watched = [focused, focused, handle]
    for target, one in zip(watched, filters, strict=False):
        target.installEventFilter(one)
    stop = threading.Event()
    spinner = threading.Thread(target=_spin, args=(stop,), daemon=True)
    if worker:
        spinner.start()
    try:
        return statistics.median(_repaints(window) for _ in range(REPEATS))
    finally:
        stop.set()
        if worker:
            spinner.join()
        for target, one in zip(watched, filters, strict=False):
            target.removeEventFilter(one)


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    window, focused = _window()
    for _ in range(10):
        app.processEvents()
    print(
        f"{UPDATES} repaints of {WIDGETS} widgets by the event loop, median of {REPEATS}; "
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
        f"switch interval {sys.getswitchinterval() * 1000:.0f} ms"
    )
    print(f"| {'three Python event filters':<34} | {'no worker (s)':>13} | {'worker in Python (s)':>20} |")
    print(f"|{'-' * 36}|{'-' * 15}|{'-' * 22}|")
    places = (("none", "none"), ("application", "on the application (before)"), ("focus", "on the focus (now)"))
    for where, name in places:
        idle = measure(app, window, focused, where, worker=False)
        busy = measure(app, window, focused, where, worker=True)
        print(f"| {name:<34} | {idle:>13.2f} | {busy:>20.2f} |")


if __name__ == "__main__":
    main()
