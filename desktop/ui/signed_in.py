"""Who is signed in at this desk: one user at a time, for every window and dialog of the GUI.

The login dialog (desktop.ui.login) signs a user in; the use cases the GUI runs take ``actor()``,
so that the core checks the same rights as on the command line. Nobody is signed in until then.
"""

from __future__ import annotations

from desktop.core.access import Actor, sign_in_here, signed_in_here


def actor() -> Actor:
    return signed_in_here()


def sign_in(who: Actor) -> None:
    """Sign ``who`` in for the GUI and for every session it opens (the audit trail names them)."""
    sign_in_here(who)
