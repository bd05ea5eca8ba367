"""Setting up a single desk (`tiepdan init`): the office profile, this desk's code, its receptionist.

Joining an office server afterwards is office_mode.joining.initialise.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TypedDict

from sqlalchemy.orm import Session

from db import migrations
from desktop.core import office
from desktop.core.database import Database


class ProfileText(TypedDict, total=False):
    """Text fields of office.OfficeProfile, by name; a setup gives only those it changes."""

    agency_name: str
    parent_agency: str
    place_name: str
    number_symbol: str
    address: str
    phone: str
    reception_place: str


@dataclass(frozen=True)
class DeskSetup:
    """What to set; what is left out (None, or a profile field not given) keeps what is stored."""

    profile: ProfileText = field(default_factory=ProfileText)
    desk_code: str | None = None
    receptionist: str | None = None


@dataclass(frozen=True)
class DeskState:
    location: str  # the database for people (Database.location)
    schema: str | None  # its migration revision
    office: office.OfficeProfile | None
    desk_code: str | None


def set_up_desk(database: Database, setup: DeskSetup) -> DeskState:
    """Save the profile fields given, this desk's code and its receptionist, in one transaction.

    Raises ValidationError (a bad desk code, a profile missing a required field).
    """
    with database.sessions.begin() as session:
        _apply_profile(session, setup.profile)
        if setup.desk_code:
            office.set_current_desk(session, setup.desk_code)
        if setup.receptionist:
            office.set_receptionist(session, setup.receptionist)
    return desk_state(database)


def desk_state(database: Database) -> DeskState:
    with database.sessions() as session:
        profile = office.get_office(session)
        desk_code = office.current_desk_code(session)
    return DeskState(
        location=database.location(),
        schema=migrations.current_revision(database.engine),
        office=profile,
        desk_code=desk_code,
    )


def _apply_profile(session: Session, given: ProfileText) -> None:
    if not given:
        return
    base = office.get_office(session) or office.OfficeProfile(
        agency_name="", parent_agency="", place_name="", number_symbol=""
    )
    office.save_office(session, replace(base, **given))
