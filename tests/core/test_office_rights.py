"""Changing the office's profile, desk code and receptionist is an office setting, checked in core (issue 9)."""

from __future__ import annotations

import dataclasses

import pytest

from db.enums import Role
from desktop.core.access import NOBODY
from desktop.core.database import Database
from desktop.core.desk_setup import save_desk_profile
from desktop.core.office import EXAMPLE_OFFICE, current_desk_code, get_office
from desktop.core.permissions import PermissionDeniedError
from desktop.core.users import create_first_admin
from tests.builders import an_actor

FAKE = dataclasses.replace(EXAMPLE_OFFICE, agency_name="Cơ quan giả mạo")


@pytest.mark.parametrize("role", [Role.RECEPTIONIST, Role.HANDLER, Role.LEADER, None])
def test_only_an_admin_changes_the_office_profile_of_a_desk_with_accounts(
    database: Database, role: Role | None
) -> None:
    with database.sessions.begin() as session:
        admin = create_first_admin(session, "quantri", "mật khẩu quản trị")
    who = an_actor(role, "nguoi") if role else NOBODY
    with pytest.raises(PermissionDeniedError), database.sessions.begin() as session:
        save_desk_profile(session, who, FAKE, desk_code="D09", receptionist="Kẻ Lạ")
    with database.sessions() as session:
        office = get_office(session)
        assert office is not None
        assert (office.agency_name, current_desk_code(session)) == (EXAMPLE_OFFICE.agency_name, "D01")
    with database.sessions.begin() as session:
        save_desk_profile(session, admin, FAKE, desk_code="D02", receptionist="Lê Văn Tiếp")
    with database.sessions() as session:
        office = get_office(session)
        assert office is not None
        assert (office.agency_name, current_desk_code(session)) == ("Cơ quan giả mạo", "D02")
