"""The permission matrix, one test per cell, and the refusal a user reads."""

from __future__ import annotations

import uuid

import pytest

from db.enums import Role
from desktop.core.access import NOBODY, Actor
from desktop.core.cases.petitions import register_petition
from desktop.core.database import Database
from desktop.core.permissions import MATRIX, PERMISSIONS, PermissionDeniedError, allowed, require
from tests.builders import make_petition_draft

# The matrix as the office agreed it, written out here independently of desktop/core/permissions.py:
# R receptionist, H handler, L leader, A admin; "x" = allowed.
EXPECTED = """
permission              R H L A
visit.record            x x x x
book.import             . . x x
petition.handle         . x x x
case.assign             . . x x
case.decide             . . x x
identity.read_assigned  . x x .
user.manage             . . . x
audit.read              . . x x
settings.office         . . . x
record.correct          . . x x
record.correct_own      x x x x
decision.revert         . . x x
letter.cancel           . . x x
report.read             . x x x
report.opening          . . x x
"""
_COLUMNS = (Role.RECEPTIONIST, Role.HANDLER, Role.LEADER, Role.ADMIN)


def _cells() -> list[tuple[Role, str, bool]]:
    lines = EXPECTED.strip().splitlines()[1:]
    cells = []
    for line in lines:
        permission, *marks = line.split()
        cells.extend((role, permission, mark == "x") for role, mark in zip(_COLUMNS, marks, strict=True))
    return cells


def _actor(role: Role) -> Actor:
    return Actor(user_id=uuid.uuid4(), username="someone", role=role.value)


def test_the_expected_grid_names_every_permission_and_role() -> None:
    assert {permission for _role, permission, _allowed in _cells()} == set(PERMISSIONS)
    assert set(MATRIX) == set(Role)


@pytest.mark.parametrize(("role", "permission", "expected"), _cells(), ids=str)
def test_cell(role: Role, permission: str, expected: bool) -> None:
    actor = _actor(role)
    assert allowed(actor, permission) is expected
    if expected:
        require(actor, permission)
    else:
        with pytest.raises(PermissionDeniedError):
            require(actor, permission)


@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_nobody_signed_in_may_do_nothing(permission: str) -> None:
    with pytest.raises(PermissionDeniedError, match="Đăng nhập"):
        require(NOBODY, permission)


def test_a_role_the_desk_does_not_know_has_no_right() -> None:
    assert not allowed(Actor(user_id=uuid.uuid4(), username="x", role="superuser"), "visit.record")


def test_the_refusal_names_the_role_and_the_action_in_vietnamese() -> None:
    with pytest.raises(PermissionDeniedError) as refused:
        require(_actor(Role.RECEPTIONIST), "user.manage")
    assert "Cán bộ tiếp công dân" in str(refused.value)
    assert "người dùng" in str(refused.value)


def test_a_misspelt_permission_is_a_bug_not_a_refusal() -> None:
    with pytest.raises(KeyError):
        allowed(_actor(Role.ADMIN), "visit.recrod")


def test_registering_a_petition_needs_the_right_to_record_at_the_desk(database: Database) -> None:
    """Checked in the use case, whatever asks: nobody signed in registers nothing."""
    with database.sessions() as session, pytest.raises(PermissionDeniedError):
        register_petition(session, make_petition_draft(), desk_code="D01", actor=NOBODY)
