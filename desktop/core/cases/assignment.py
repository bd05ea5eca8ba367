"""A leader assigns a case to a handler: the handler then sees it and records its steps.

``case_file.handler_id`` means "the handler assigned" (NULL: nobody yet); the masking of
denouncers' identities reads it too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import Role
from db.models import User
from desktop.core.access import Actor
from desktop.core.cases.case_files import require_case
from desktop.core.errors import NotFoundError, ValidationError
from desktop.core.i18n import _
from desktop.core.permissions import require
from desktop.core.users import normal_username

# Who can be given a case to work on.
ASSIGNABLE = (Role.HANDLER, Role.LEADER)


@dataclass(frozen=True)
class Assignee:
    username: str
    full_name: str


def assign_case(session: Session, actor: Actor, case: str, user: str) -> Assignee:
    """Give the case numbered ``case`` to the handler ``user`` (a username); ``actor`` needs "case.assign"."""
    require(actor, "case.assign")
    found = require_case(session, case)
    handler = session.scalar(select(User).where(User.username == normal_username(user)))
    if handler is None or handler.role is None:
        raise NotFoundError(_("There is no user of that name."))
    if not handler.is_active or handler.role not in ASSIGNABLE:
        raise ValidationError({"handler": _("A case goes to an active handler or leader.")})
    found.handler_id = handler.id
    session.flush()
    return Assignee(username=normal_username(user), full_name=handler.full_name)


def assignees(session: Session) -> list[Assignee]:
    """The active users a case can go to, by name."""
    rows = session.scalars(
        select(User).where(User.is_active.is_(True), User.role.in_(ASSIGNABLE)).order_by(User.full_name)
    )
    return [Assignee(username=row.username or "", full_name=row.full_name) for row in rows]


def assigned_to(session: Session, case: str) -> Assignee | None:
    """The handler the case numbered ``case`` is assigned to, None when nobody is."""
    found = require_case(session, case)
    user = session.get(User, found.handler_id) if found.handler_id else None
    return Assignee(username=user.username or "", full_name=user.full_name) if user else None
