"""Who may do what: the permission matrix, as data, in one place, and the check the use cases make.

A use case that changes protected data calls ``require(actor, "visit.record")`` before it touches
anything; the GUI hides what a role may not do, but the check here is the one that counts (a
script, the command line and the GUI all go through it). Nobody signed in has no right at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from types import MappingProxyType

from db.enums import Role
from desktop.core.access import Actor
from desktop.core.errors import AppError
from desktop.core.i18n import N_, _
from desktop.core.labels import label


class PermissionDeniedError(AppError):
    """The actor's role does not carry the right the action needs (or nobody is signed in)."""


# What each permission lets its holder do, as the refusal names it.
PERMISSIONS: Mapping[str, str] = MappingProxyType(
    {
        "visit.record": N_("record a visit in the reception book"),
        "book.import": N_("import an old reception book"),
        "petition.handle": N_("handle a petition or a case (guide, transfer, propose, accept, refuse, record a step)"),
        "case.assign": N_("assign a case to a handler"),
        "case.decide": N_("decide a case (a decision or a conclusion)"),
        "identity.read_assigned": N_("read the identity of the people of a case assigned to you"),
        "user.manage": N_("add, disable and reset the passwords of users"),
        "audit.read": N_("read the audit log"),
        "settings.office": N_("change the office's settings"),
        "record.correct": N_("correct or cancel any visit in the reception book"),
        "record.correct_own": N_("correct or cancel a visit you recorded yourself, on the day you recorded it"),
        "decision.revert": N_("take back a petition decision so that it can be decided again"),
        "letter.cancel": N_("cancel a letter already issued"),
        "report.read": N_("read the periodic report tables"),
        "report.opening": N_("enter the figures a report carries over from before the office used TiepDan"),
    }
)

_ROLE_RIGHTS: dict[Role, frozenset[str]] = {
    Role.RECEPTIONIST: frozenset({"visit.record", "record.correct_own"}),
    Role.HANDLER: frozenset(
        {"visit.record", "record.correct_own", "petition.handle", "identity.read_assigned", "report.read"}
    ),
    Role.LEADER: frozenset(
        {
            "visit.record",
            "record.correct",
            "record.correct_own",
            "book.import",
            "petition.handle",
            "case.assign",
            "case.decide",
            "decision.revert",
            "letter.cancel",
            "identity.read_assigned",
            "audit.read",
            "report.read",
            "report.opening",
        }
    ),
    # The administrator runs the desk: everything but reading the identities a case protects.
    Role.ADMIN: frozenset(
        {
            "visit.record",
            "record.correct",
            "record.correct_own",
            "book.import",
            "petition.handle",
            "case.assign",
            "case.decide",
            "decision.revert",
            "letter.cancel",
            "user.manage",
            "audit.read",
            "settings.office",
            "report.read",
            "report.opening",
        }
    ),
}
MATRIX: Mapping[Role, frozenset[str]] = MappingProxyType(_ROLE_RIGHTS)


def role_of(actor: Actor) -> Role | None:
    try:
        return Role(actor.role) if actor.signed_in and actor.role else None
    except ValueError:
        return None


def role_name(role: Role | str) -> str:
    return label(Role(role))


def allowed(actor: Actor, permission: str) -> bool:
    """Whether ``actor`` holds ``permission`` (for the GUI to show or hide an action)."""
    if permission not in PERMISSIONS:
        raise KeyError(permission)  # a typing slip in a permission name is a bug, never a refusal
    role = role_of(actor)
    return role is not None and permission in MATRIX[role]


def sees_only_assigned(actor: Actor) -> bool:
    """A handler works on the cases a leader assigned to them (case_file.handler_id), and only on those."""
    return role_of(actor) is Role.HANDLER


def require_assigned(actor: Actor, handler_id: uuid.UUID | None) -> None:
    """Raise PermissionDeniedError when ``actor`` is a handler and the case is not assigned to them."""
    if sees_only_assigned(actor) and (handler_id is None or handler_id != actor.user_id):
        raise PermissionDeniedError(_("This case is not assigned to you: ask a leader to assign it."))


def require(actor: Actor, permission: str) -> None:
    """Raise PermissionDeniedError, in the user's words, unless ``actor`` holds ``permission``."""
    if allowed(actor, permission):
        return
    what = _(PERMISSIONS[permission])
    role = role_of(actor)
    if role is None:
        raise PermissionDeniedError(_("Sign in first: nobody signed in may {what}.").format(what=what))
    raise PermissionDeniedError(
        _("A user with the role {role} may not {what}.").format(role=role_name(role), what=what)
    )
