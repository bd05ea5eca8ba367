"""Who is asking: the user signed in at this desk or on the command line.

Use cases that read or change protected data take an ``Actor``; the session carries the same actor in
``session.info["actor"]`` (set with ``acting``) so that the audit trail can name who made a change.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

ACTOR_KEY = "actor"


@dataclass(frozen=True)
class Actor:
    """The signed-in user, or nobody (a command run without ``--user``)."""

    user_id: uuid.UUID | None = None
    username: str | None = None
    role: str | None = None  # "receptionist" | "handler" | "leader" | "admin"; None when nobody signed in

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None


NOBODY = Actor()


def acting(session: Session, actor: Actor) -> Session:
    """Let everything done in ``session`` be done by ``actor``."""
    session.info[ACTOR_KEY] = actor
    return session


def current_actor(session: Session) -> Actor:
    actor = session.info.get(ACTOR_KEY)
    return actor if isinstance(actor, Actor) else NOBODY
