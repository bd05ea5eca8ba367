"""Changing the office's profile, desk code and receptionist is an office setting, checked in core (issue 9)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from db.enums import Role
from desktop.core.access import NOBODY, Actor
from desktop.core.backup import automatic
from desktop.core.cases.board import prolonged_after, save_prolonged_after
from desktop.core.database import Database, Session
from desktop.core.desk_setup import save_desk_profile
from desktop.core.office import EXAMPLE_OFFICE, current_desk_code, get_office
from desktop.core.permissions import PermissionDeniedError
from desktop.core.reception.slips import prints_thermal, set_thermal
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


def _desk_settings(session: Session, who: Actor, data_dir: Path) -> None:
    set_thermal(session, True, actor=who)
    save_prolonged_after(session, 45, actor=who)
    automatic.save_keep(session, 3, actor=who)
    automatic.set_passphrase(session, data_dir, None, actor=who)


@pytest.mark.parametrize("role", [Role.RECEPTIONIST, Role.HANDLER, Role.LEADER, None])
def test_the_slip_layout_the_prolonged_days_and_the_backups_are_office_settings(
    database: Database, role: Role | None
) -> None:
    """Each refused on its own, nothing written; the administrator changes them all."""
    with database.sessions.begin() as session:
        admin = create_first_admin(session, "quantri", "mật khẩu quản trị")
    who = an_actor(role, "nguoi") if role else NOBODY
    for change in (
        lambda s: set_thermal(s, True, actor=who),
        lambda s: save_prolonged_after(s, 45, actor=who),
        lambda s: automatic.save_keep(s, 3, actor=who),
        lambda s: automatic.set_passphrase(s, database.data_dir, None, actor=who),
    ):
        with pytest.raises(PermissionDeniedError), database.sessions.begin() as session:
            change(session)
    with database.sessions() as session:
        assert (prints_thermal(session), prolonged_after(session), automatic.load_settings(session).keep) == (
            False,
            30,
            automatic.DEFAULT_KEEP,
        )
    with database.sessions.begin() as session:
        _desk_settings(session, admin, database.data_dir)
    with database.sessions() as session:
        assert (prints_thermal(session), prolonged_after(session), automatic.load_settings(session).keep) == (
            True,
            45,
            3,
        )


def test_a_desk_without_accounts_changes_its_settings_freely(database: Database) -> None:
    with database.sessions.begin() as session:
        _desk_settings(session, NOBODY, database.data_dir)
    with database.sessions() as session:
        assert prolonged_after(session) == 45
