"""Who is signed in at this desk: one user at a time, for every window and dialog of the GUI.

The login dialog (desktop.ui.login) signs a user in; the use cases the GUI runs take ``actor()``,
so that the core checks the same rights as on the command line. Nobody is signed in until then.
"""

from __future__ import annotations

from desktop.core.access import NOBODY, Actor

_current: list[Actor] = [NOBODY]


def actor() -> Actor:
    return _current[0]


def sign_in(who: Actor) -> None:
    _current[0] = who
