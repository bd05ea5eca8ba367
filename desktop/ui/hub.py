"""The cross-screen refresh hub: screens subscribe to the changes they show."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Hub(QObject):
    """Emitted by a slot after a successful mutation; one instance per main window."""

    visits_changed = Signal()
    office_changed = Signal()
    petitions_changed = Signal()  # petitions, their decisions, cases and their steps
