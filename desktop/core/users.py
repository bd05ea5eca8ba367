"""The users of the desk: the first administrator, signing in with a lock-out, passwords, accounts.

Passwords are kept as argon2id hashes (argon2-cffi, its default RFC 9106 parameters) in the shared
``app_user`` table, so every desk of an office signs in the same users, offline too, with the hashes
it last synced. After ``MAX_FAILED_ATTEMPTS`` wrong passwords in a row an account is locked for
``LOCKOUT``; a right password afterwards starts the count again. The refusal of an unknown name and of
a wrong password read the same, and take as long (a dummy hash is checked), so that nobody learns
which names exist. No name, password or hash ever goes into a log or an error text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.profiles import RFC_9106_LOW_MEMORY
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from db.enums import Role
from db.models import User
from db.types import utcnow
from desktop.core import bounds
from desktop.core.access import Actor, current_actor, standing
from desktop.core.errors import AppError, ConflictError, NotFoundError, ValidationError
from desktop.core.formatting import short_datetime
from desktop.core.i18n import _
from desktop.core.office import get_setting, set_setting
from desktop.core.permissions import PermissionDeniedError, require
from desktop.core.settings_keys import Setting
from desktop.core.text import clean, title_name

MAX_FAILED_ATTEMPTS = 5  # wrong passwords in a row before the account is locked
LOCKOUT = dt.timedelta(minutes=15)  # how long it stays locked
IDLE_LOCK_MINUTES = 10  # the GUI locks itself after this long without input (a desk setting)
IDLE_LOCK_RANGE = (1, 240)
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024  # argon2 takes any length; this keeps a pasted file out
USERNAME_MAX = bounds.column_length(User.username)  # type: ignore[arg-type]
_USERNAME = re.compile(r"^[\w.-]+$")

# argon2id with RFC 9106's low-memory profile (t=3, m=64 MiB, p=4), argon2-cffi's default. Tests
# swap HASHER for cheaper parameters (tests/conftest.py); a hash names its own, so each checks.
DEFAULT_PARAMETERS = RFC_9106_LOW_MEMORY
HASHER = PasswordHasher.from_parameters(DEFAULT_PARAMETERS)


class SignInError(AppError):
    """The name and password do not open an account (or the account is locked or disabled)."""


@dataclass(frozen=True)
class UserView:
    username: str
    full_name: str
    role: Role
    is_active: bool
    locked_until: dt.datetime | None


def hash_password(password: str) -> str:
    return HASHER.hash(password)


@functools.cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """Checked when the name is unknown, so that an unknown name costs as long as a wrong password."""
    return hasher.hash("not the password of anyone")


def has_accounts(session: Session) -> bool:
    """Whether anyone can sign in here: a user with a password (else the first admin is still to be made)."""
    return bool(session.scalar(select(func.count()).select_from(User).where(User.password_hash.is_not(None))))


def idle_lock_minutes(session: Session) -> int:
    """After how many idle minutes this desk's GUI locks itself."""
    stored = get_setting(session, Setting.IDLE_LOCK_MINUTES)
    return int(stored) if stored.isdigit() else IDLE_LOCK_MINUTES


def require_office_setting(session: Session, actor: Actor) -> None:
    """A desk setting (slip layout, backups, when a matter is prolonged) needs "settings.office" once the
    desk has accounts; before its administrator exists there is nobody to ask (PermissionDeniedError)."""
    if has_accounts(session):
        require(actor, "settings.office")


def set_idle_lock_minutes(session: Session, actor: Actor, minutes: int) -> None:
    require(actor, "settings.office")
    low, high = IDLE_LOCK_RANGE
    if not low <= minutes <= high:
        raise ValidationError({"minutes": _("From {low} to {high} minutes.").format(low=low, high=high)})
    set_setting(session, Setting.IDLE_LOCK_MINUTES, str(minutes))


def normal_username(username: str) -> str:
    return clean(username).casefold()


def check_username(username: str) -> dict[str, str]:
    name = normal_username(username)
    if not name:
        return {"username": _("Give a user name.")}
    if len(name) > USERNAME_MAX:
        return {"username": _("A user name has at most {n} characters.").format(n=USERNAME_MAX)}
    if not _USERNAME.match(name):
        return {"username": _("A user name holds only letters, digits, dots, hyphens and underscores.")}
    return {}


def check_password(password: str, *, field: str = "password") -> dict[str, str]:
    if len(password) < MIN_PASSWORD_LENGTH:
        return {field: _("A password has at least {n} characters.").format(n=MIN_PASSWORD_LENGTH)}
    if len(password) > MAX_PASSWORD_LENGTH:
        return {field: _("A password has at most {n} characters.").format(n=MAX_PASSWORD_LENGTH)}
    if password != password.strip() or not password.isprintable():
        return {field: _("A password may not start or end with a space, nor hold control characters.")}
    return {}


def create_first_admin(session: Session, username: str, password: str, full_name: str = "") -> Actor:
    """The administrator of a desk nobody can sign in to yet; refused once an account exists."""
    if has_accounts(session):
        raise ConflictError(_("This desk has its administrator already: sign in as that user to add others."))
    user = _new_user(session, username, password, Role.ADMIN, full_name)
    return _actor(user)


def authenticate(
    sessions: sessionmaker[Session], username: str, password: str, *, now: dt.datetime | None = None
) -> Actor:
    """The actor of the account ``username`` opened with ``password``; SignInError otherwise.

    Takes the session factory, not a session: a failed attempt is counted in its own transaction,
    kept although the sign-in fails.
    """
    with sessions.begin() as session:
        outcome = _attempt(session, username, password, now or utcnow())
    if isinstance(outcome, SignInError):
        raise outcome
    return outcome


def _attempt(session: Session, username: str, password: str, now: dt.datetime) -> Actor | SignInError:
    user = _find(session, username)
    wrong = SignInError(_("The user name or the password is wrong."))
    if user is None or user.password_hash is None:
        _verify(_dummy_hash(HASHER), password)
        return wrong
    if user.locked_until is not None and user.locked_until > now:
        return _locked(user.locked_until)
    if not _verify(user.password_hash, password):
        user.failed_attempts += 1
        if user.failed_attempts >= MAX_FAILED_ATTEMPTS:
            user.failed_attempts = 0
            user.locked_until = now + LOCKOUT
            return _locked(user.locked_until)
        return wrong
    if not user.is_active or user.role is None:
        return SignInError(_("This account is disabled: ask the administrator."))
    if user.failed_attempts or user.locked_until is not None:
        user.failed_attempts = 0
        user.locked_until = None
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return _actor(user)


def _locked(until: dt.datetime) -> SignInError:
    return SignInError(
        _(
            "Too many wrong passwords: this account is locked until {time}. Try again then, or ask the administrator."
        ).format(time=short_datetime(until))
    )


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def change_password(session: Session, actor: Actor, old_password: str, new_password: str) -> None:
    """The signed-in user's own new password, given the current one."""
    user = _own(session, actor)
    if user.password_hash is None or not _verify(user.password_hash, old_password):
        raise ValidationError({"old_password": _("The current password is wrong.")})
    errors = check_password(new_password, field="new_password")
    if errors:
        raise ValidationError(errors)
    _set_password(user, new_password)


def reset_password(session: Session, actor: Actor, username: str, new_password: str) -> None:
    """An administrator gives ``username`` a new password (and lifts a lock-out)."""
    require(actor, "user.manage")
    user = _require_user(session, username)
    errors = check_password(new_password, field="new_password")
    if errors:
        raise ValidationError(errors)
    _set_password(user, new_password)


def add_user(
    session: Session, actor: Actor, username: str, password: str, *, role: Role, full_name: str = ""
) -> UserView:
    require(actor, "user.manage")
    return _view(_new_user(session, username, password, role, full_name))


def disable_user(session: Session, actor: Actor, username: str) -> UserView:
    """The account can no longer sign in, on every desk after the next sync; its history stays."""
    require(actor, "user.manage")
    user = _require_user(session, username)
    if user.id == actor.user_id:
        raise ConflictError(_("You cannot disable your own account."))
    if user.role is Role.ADMIN and user.is_active and _active_admins(session) <= 1:
        raise ConflictError(_("This is the last active administrator: add another one first."))
    user.is_active = False
    session.flush()
    return _view(user)


def list_users(session: Session, actor: Actor) -> list[UserView]:
    require(actor, "user.manage")
    rows = session.scalars(select(User).where(User.username.is_not(None)).order_by(User.username))
    return [_view(user) for user in rows if user.role is not None]


def _new_user(session: Session, username: str, password: str, role: Role, full_name: str) -> User:
    errors = check_username(username) | check_password(password)
    name = title_name(full_name) or normal_username(username)
    if full_name and (message := bounds.name_error(name)) is not None:
        errors["full_name"] = message
    elif len(name) > bounds.column_length(User.full_name):
        errors["full_name"] = _("A name has at most {n} characters.").format(n=bounds.column_length(User.full_name))
    if errors:
        raise ValidationError(errors)
    if _find(session, username) is not None:
        raise ConflictError(_("A user of that name exists already."))
    user = User(username=normal_username(username), full_name=name, role=Role(role), is_active=True)
    _set_password(user, password)
    session.add(user)
    session.flush()
    return user


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.failed_attempts = 0
    user.locked_until = None


def _find(session: Session, username: str) -> User | None:
    name = normal_username(username)
    return session.scalar(select(User).where(User.username == name)) if name else None


def _require_user(session: Session, username: str) -> User:
    user = _find(session, username)
    if user is None or user.role is None:
        raise NotFoundError(_("There is no user of that name."))
    return user


def _own(session: Session, actor: Actor) -> User:
    user = session.get(User, actor.user_id) if actor.user_id else None
    if user is None:
        raise NotFoundError(_("Sign in first."))
    return user


def _active_admins(session: Session) -> int:
    return int(
        session.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.is_active.is_(True)))
        or 0
    )


def _actor(user: User) -> Actor:
    assert user.role is not None
    assert user.username is not None
    return Actor(user_id=user.id, username=user.username, role=user.role.value)


def _view(user: User) -> UserView:
    assert user.role is not None
    assert user.username is not None
    return UserView(
        username=user.username,
        full_name=user.full_name,
        role=user.role,
        is_active=user.is_active,
        locked_until=user.locked_until,
    )


@event.listens_for(Session, "before_flush")
def _stop_a_closed_account(session: Session, _context: UOWTransaction, _instances: object) -> None:
    """Nothing is written for a user whose account was disabled, or whose role changed, after they signed in.

    The check runs once per session, before its first write (sessions here are one transaction each).
    """
    actor = current_actor(session)
    if (
        actor.user_id is None
        or session.info.get(_STANDING_CHECKED)
        or not (session.new or session.dirty or session.deleted)
    ):
        return
    session.info[_STANDING_CHECKED] = True
    if standing(session, actor).user_id is None:
        raise PermissionDeniedError(
            _("Your account was disabled or its role changed after you signed in: sign in again.")
        )


_STANDING_CHECKED = "account_standing_checked"
