"""Who is looking at this screen: the actor the main window holds (the signed-in user).

Every screen that shows people asks ``viewer_of(self)``: it walks up the widget's parents to the
main window and returns its ``actor``. A widget outside any main window sees as nobody, so a
denouncer's identity is masked for it: the safe side. The login sets ``MainWindow.actor``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.core.access import NOBODY, Actor


def viewer_of(widget: QObject | None) -> Actor:
    """The actor of the window ``widget`` belongs to (nobody when it belongs to none)."""
    while widget is not None:
        actor = getattr(widget, "actor", None)
        if isinstance(actor, Actor):
            return actor
        widget = widget.parent()
    return NOBODY
