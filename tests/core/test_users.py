"""Accounts: the first administrator, signing in, the lock-out, passwords, adding and disabling users."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from argon2.profiles import RFC_9106_LOW_MEMORY
from sqlalchemy import func, select

from db.enums import Role
from db.models import AuditEvent, User, Visit
from db.types import utcnow
from desktop.core import users
from desktop.core.access import NOBODY, acting, sign_in_here
from desktop.core.confidentiality import Viewer
from desktop.core.database import Database
from desktop.core.errors import ConflictError, NotFoundError, ValidationError
from desktop.core.permissions import PermissionDeniedError
from desktop.core.reception.visits import register_visit
from tests.builders import an_actor, make_draft

PASSWORD = "mật-khẩu-đủ-dài"


def test_the_desk_hashes_with_argon2id_at_rfc_9106_low_memory_cost() -> None:
    assert users.DEFAULT_PARAMETERS == RFC_9106_LOW_MEMORY
    hashed = PasswordHasher.from_parameters(users.DEFAULT_PARAMETERS).hash(PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


@pytest.fixture
def admin(database: Database) -> users.Actor:
    with database.sessions.begin() as session:
        return users.create_first_admin(session, "QuanTri", PASSWORD, "Lê Văn Quản")


def test_the_first_admin_signs_in_with_the_password_kept_as_an_argon2_hash(
    database: Database, admin: users.Actor
) -> None:
    with database.sessions() as session:
        row = session.scalars(select(User).where(User.username == "quantri")).one()
        assert row.password_hash is not None
        assert row.password_hash.startswith("$argon2id$")
        assert PASSWORD not in row.password_hash
        assert row.role is Role.ADMIN
        assert row.password_changed_at is not None
    actor = users.authenticate(database.sessions, "quantri", PASSWORD)
    assert actor == admin
    assert actor.role == "admin"
    assert actor.signed_in


def test_a_second_first_admin_is_refused(database: Database, admin: users.Actor) -> None:
    with database.sessions.begin() as session, pytest.raises(ConflictError):
        users.create_first_admin(session, "other", PASSWORD)


def test_a_desk_without_accounts_has_none(database: Database) -> None:
    with database.sessions() as session:
        assert not users.has_accounts(session)


def test_a_wrong_password_and_an_unknown_name_read_the_same(database: Database, admin: users.Actor) -> None:
    with pytest.raises(users.SignInError) as wrong:
        users.authenticate(database.sessions, "quantri", "not the password")
    with pytest.raises(users.SignInError) as unknown:
        users.authenticate(database.sessions, "nobody-here", "not the password")
    assert str(wrong.value) == str(unknown.value) == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert "quantri" not in str(wrong.value)


def test_repeated_failures_lock_the_account_until_the_lockout_ends(database: Database, admin: users.Actor) -> None:
    start = utcnow()
    for _attempt in range(users.MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(users.SignInError, match="không đúng"):
            users.authenticate(database.sessions, "quantri", "wrong password", now=start)
    with pytest.raises(users.SignInError, match="bị khóa"):
        users.authenticate(database.sessions, "quantri", "wrong password", now=start)
    # Locked: even the right password is refused until the lock-out is over.
    with pytest.raises(users.SignInError, match="bị khóa"):
        users.authenticate(database.sessions, "quantri", PASSWORD, now=start + users.LOCKOUT - dt.timedelta(seconds=1))
    later = start + users.LOCKOUT + dt.timedelta(seconds=1)
    assert users.authenticate(database.sessions, "quantri", PASSWORD, now=later) == admin
    with database.sessions() as session:
        row = session.scalars(select(User).where(User.username == "quantri")).one()
        assert row.failed_attempts == 0
        assert row.locked_until is None


def test_a_right_password_starts_the_count_again(database: Database, admin: users.Actor) -> None:
    for _round in range(2):
        for _attempt in range(users.MAX_FAILED_ATTEMPTS - 1):
            with pytest.raises(users.SignInError, match="không đúng"):
                users.authenticate(database.sessions, "quantri", "wrong password")
        assert users.authenticate(database.sessions, "quantri", PASSWORD) == admin


def test_a_disabled_user_is_refused(database: Database, admin: users.Actor) -> None:
    with database.sessions.begin() as session:
        users.add_user(session, admin, "tiepdan1", PASSWORD, role=Role.RECEPTIONIST, full_name="Trần Thị Bé")
    assert users.authenticate(database.sessions, "tiepdan1", PASSWORD).role == "receptionist"
    with database.sessions.begin() as session:
        view = users.disable_user(session, admin, "tiepdan1")
    assert not view.is_active
    with pytest.raises(users.SignInError, match="vô hiệu"):
        users.authenticate(database.sessions, "tiepdan1", PASSWORD)


def test_change_password_needs_the_current_one(database: Database, admin: users.Actor) -> None:
    with database.sessions.begin() as session, pytest.raises(ValidationError) as refused:
        users.change_password(session, admin, "wrong password", "a new long password")
    assert "old_password" in refused.value.errors
    with database.sessions.begin() as session, pytest.raises(ValidationError) as short:
        users.change_password(session, admin, PASSWORD, "short")
    assert "new_password" in short.value.errors
    with database.sessions.begin() as session:
        users.change_password(session, admin, PASSWORD, "a new long password")
    assert users.authenticate(database.sessions, "quantri", "a new long password") == admin
    with pytest.raises(users.SignInError):
        users.authenticate(database.sessions, "quantri", PASSWORD)


def test_an_admin_resets_a_password_and_lifts_a_lockout(database: Database, admin: users.Actor) -> None:
    with database.sessions.begin() as session:
        users.add_user(session, admin, "canbo", PASSWORD, role=Role.HANDLER)
    for _attempt in range(users.MAX_FAILED_ATTEMPTS):
        with pytest.raises(users.SignInError):
            users.authenticate(database.sessions, "canbo", "wrong password")
    with database.sessions.begin() as session:
        users.reset_password(session, admin, "canbo", "given by the admin")
    assert users.authenticate(database.sessions, "canbo", "given by the admin").role == "handler"


@pytest.mark.parametrize("role", [Role.RECEPTIONIST, Role.HANDLER, Role.LEADER])
def test_only_an_admin_manages_users(database: Database, admin: users.Actor, role: Role) -> None:
    someone = an_actor(role)
    with database.sessions.begin() as session:
        with pytest.raises(PermissionDeniedError):
            users.add_user(session, someone, "x1", PASSWORD, role=Role.ADMIN)
        with pytest.raises(PermissionDeniedError):
            users.disable_user(session, someone, "quantri")
        with pytest.raises(PermissionDeniedError):
            users.reset_password(session, someone, "quantri", "taken over now")
        with pytest.raises(PermissionDeniedError):
            users.list_users(session, someone)


def test_list_users_shows_accounts_not_receptionists_by_name(database: Database, admin: users.Actor) -> None:
    with database.sessions.begin() as session:
        session.add(User(full_name="Chỉ Có Tên"))  # a receptionist named on a slip, no account
        users.add_user(session, admin, "lanhdao", PASSWORD, role=Role.LEADER, full_name="Phạm Minh Đức")
    with database.sessions() as session:
        listed = users.list_users(session, admin)
    assert [(u.username, u.role, u.full_name) for u in listed] == [
        ("lanhdao", Role.LEADER, "Phạm Minh Đức"),
        ("quantri", Role.ADMIN, "Lê Văn Quản"),
    ]


def test_bad_names_and_passwords_are_refused_by_field(database: Database, admin: users.Actor) -> None:
    with database.sessions.begin() as session:
        with pytest.raises(ValidationError) as bad:
            users.add_user(session, admin, "has space", "short", role=Role.HANDLER)
        assert set(bad.value.errors) == {"username", "password"}
        with pytest.raises(ValidationError) as long_name:
            users.add_user(session, admin, "x" * (users.USERNAME_MAX + 1), PASSWORD, role=Role.HANDLER)
        assert "username" in long_name.value.errors
        with pytest.raises(ConflictError):
            users.add_user(session, admin, "QUANTRI", PASSWORD, role=Role.HANDLER)


def test_the_last_admin_and_oneself_cannot_be_disabled(database: Database, admin: users.Actor) -> None:
    with database.sessions.begin() as session:
        with pytest.raises(ConflictError):
            users.disable_user(session, admin, "quantri")
        with pytest.raises(ConflictError):
            users.disable_user(session, an_actor(Role.ADMIN), "quantri")
        with pytest.raises(NotFoundError):
            users.disable_user(session, admin, "nobody")


@pytest.fixture
def signed_in_here() -> Iterator[None]:
    yield
    sign_in_here(NOBODY)


def test_changes_made_by_the_desk_user_name_them_in_the_audit_trail(
    database: Database, admin: users.Actor, signed_in_here: None
) -> None:
    """The GUI and `--user` sign a user in for the desk: every session then acts for them."""
    with database.sessions.begin() as session:
        users.add_user(session, admin, "tiepdan1", PASSWORD, role=Role.RECEPTIONIST, full_name="Trần Thị Bé")
    receptionist = users.authenticate(database.sessions, "tiepdan1", PASSWORD)
    sign_in_here(receptionist)
    with database.sessions.begin() as session:
        register_visit(session, make_draft(), desk_code="D01", actor=receptionist)
    with database.sessions() as session:
        named = set(session.scalars(select(AuditEvent.actor_username).where(AuditEvent.entity == "visit")))
    assert named == {"tiepdan1"}


def test_a_user_disabled_while_signed_in_is_stopped_at_the_next_write_and_read(
    database: Database, admin: users.Actor, signed_in_here: None
) -> None:
    with database.sessions.begin() as session:
        users.add_user(session, admin, "tiepdan1", PASSWORD, role=Role.LEADER, full_name="Trần Thị Bé")
    leader = users.authenticate(database.sessions, "tiepdan1", PASSWORD)
    sign_in_here(leader)
    with database.sessions.begin() as session:
        register_visit(session, make_draft(), desk_code="D01", actor=leader)
        assert Viewer(session, leader).actor == leader
    with database.sessions.begin() as session:  # the administrator, at another desk
        users.disable_user(acting(session, admin), admin, "tiepdan1")
    with pytest.raises(PermissionDeniedError, match="đăng nhập lại"), database.sessions.begin() as session:
        register_visit(session, make_draft(), desk_code="D01", actor=leader)
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 1  # the refused save left nothing
        assert Viewer(session, leader).actor == NOBODY  # and they see what nobody sees


def test_a_role_changed_while_signed_in_stops_the_old_role(
    database: Database, admin: users.Actor, signed_in_here: None
) -> None:
    with database.sessions.begin() as session:
        users.add_user(session, admin, "tiepdan1", PASSWORD, role=Role.LEADER, full_name="Trần Thị Bé")
    leader = users.authenticate(database.sessions, "tiepdan1", PASSWORD)
    sign_in_here(leader)
    with database.sessions.begin() as session:
        session.scalars(select(User).where(User.username == "tiepdan1")).one().role = Role.RECEPTIONIST
    with pytest.raises(PermissionDeniedError), database.sessions.begin() as session:
        register_visit(session, make_draft(), desk_code="D01", actor=leader)
