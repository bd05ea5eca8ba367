"""Who is asking: the user signed in at this desk or on the command line.

Use cases that read or change protected data take an ``Actor``; the audit trail names who made a change
from ``current_actor(session)``: the session's own actor (``acting``), else the user signed in on this
desk (``sign_in_here``: the GUI's login, the command line's ``--user``). One person works at a desk at a
time, so every session the process opens acts for them unless it says otherwise.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import User

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
_here: list[Actor] = [NOBODY]  # who is signed in at this desk (this process)


def acting(session: Session, actor: Actor) -> Session:
    """Let everything done in ``session`` be done by ``actor``."""
    session.info[ACTOR_KEY] = actor
    return session


def sign_in_here(actor: Actor) -> None:
    """``actor`` is the one signed in at this desk: the sessions without an actor of their own act for them."""
    _here[0] = actor


def signed_in_here() -> Actor:
    return _here[0]


def current_actor(session: Session) -> Actor:
    actor = session.info.get(ACTOR_KEY)
    return actor if isinstance(actor, Actor) else _here[0]


def standing(session: Session, actor: Actor) -> Actor:
    """``actor`` as the accounts say now: nobody once the account is disabled or given another role.

    A desk stays signed in for hours; an administrator who disables an account (or changes its role)
    stops it at once, not at the next login. An account this database does not hold (a test's actor,
    a user of another desk not yet pulled) has nothing to be checked against and stands as it is.
    """
    if actor.user_id is None:
        return actor
    row = session.connection().execute(select(User.is_active, User.role).where(User.id == actor.user_id)).one_or_none()
    if row is None:
        return actor
    active, role = row
    if role is None:  # a receptionist's name kept for the book, not an account: nothing to check
        return actor
    if not active or str(role) != actor.role:
        return NOBODY
    return actor
