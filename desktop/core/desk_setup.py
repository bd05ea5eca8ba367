"""Setting up a single desk (`tiepdan init`): the office profile, this desk's code, its receptionist.

Joining an office server afterwards is office_mode.joining.initialise.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TypedDict

from sqlalchemy.orm import Session

from db import migrations
from desktop.core import office
from desktop.core.access import NOBODY, Actor
from desktop.core.database import Database
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.permissions import require
from desktop.core.text import clean
from desktop.core.users import has_accounts


class ProfileText(TypedDict, total=False):
    """Text fields of office.OfficeProfile, by name; a setup gives only those it changes."""

    agency_name: str
    parent_agency: str
    place_name: str
    number_symbol: str
    address: str
    phone: str
    reception_place: str
    head_position: str


@dataclass(frozen=True)
class DeskSetup:
    """What to set; what is left out (None, or a profile field not given) keeps what is stored."""

    profile: ProfileText = field(default_factory=ProfileText)
    desk_code: str | None = None
    receptionist: str | None = None
    # Given: they replace the stored ones. A signer whose authority is named signs for that authority.
    signers: tuple[str, ...] | None = None  # "Họ và tên|Chức vụ|KT.[|Tên cơ quan có thẩm quyền]"
    authorities: tuple[str, ...] | None = None  # "Tên|Chức vụ người đứng đầu|Dòng ký|Ký hiệu|Thanh tra"


def parse_authority(given: str) -> office.AuthorityProfile:
    """ "Ủy ban nhân dân tỉnh An Giang|Chủ tịch|TM. Ủy ban nhân dân|UBND|Thanh tra tỉnh An Giang"."""
    parts = [clean(part) for part in given.split("|")]
    if len(parts) < 2 or len(parts) > 5 or not parts[0] or not parts[1]:
        raise ValidationError(
            {
                "authorities": _(
                    'Give an authority as "Name|Head\'s position|Signing line|Number symbol|Inspectorate", e.g. '
                    '"Ủy ban nhân dân tỉnh An Giang|Chủ tịch|TM. Ủy ban nhân dân|UBND|Thanh tra tỉnh An Giang".'
                )
            }
        )
    name, head, line, symbol, inspectorate = (*parts, "", "", "")[:5]
    return office.AuthorityProfile(name, head, line, symbol, inspectorate=inspectorate)


def parse_signer(given: str) -> tuple[office.SignerProfile, str]:
    """ "Họ và tên|Chức vụ|KT.|Cơ quan" -> the signer and the authority it signs for ("" for the board)."""
    parts = [clean(part) for part in given.split("|")]
    if len(parts) < 2 or len(parts) > 4 or not parts[0] or not parts[1]:
        raise ValidationError(
            {
                "signers": _(
                    'Give a signer as "Full name|Position|Signing line", e.g. "Nguyễn Văn Bình|Phó Trưởng ban|KT."; '
                    "a fourth part names the competent authority the signer signs for."
                )
            }
        )
    name, position, line, authority = (*parts, "", "")[:4]
    return office.SignerProfile(name, position, line), authority


def with_signers(
    profile: office.OfficeProfile, signers: tuple[str, ...] | None, authorities: tuple[str, ...] | None
) -> office.OfficeProfile:
    """The profile with the authorities and signers given in the command line's form."""
    result = profile
    if authorities is not None:
        result = replace(result, authorities=tuple(parse_authority(given) for given in authorities))
    if signers is None:
        return result
    parsed = [parse_signer(given) for given in signers]
    names = {authority.name.casefold(): authority for authority in result.authorities}
    unknown = [authority for _signer, authority in parsed if authority and authority.casefold() not in names]
    if unknown:
        raise ValidationError(
            {
                "signers": _("No competent authority is named {name}: give it with --authority first.").format(
                    name=unknown[0]
                )
            }
        )
    board = tuple(signer for signer, authority in parsed if not authority)
    return replace(
        result,
        signers=board,
        authorities=tuple(
            replace(
                authority,
                signers=tuple(s for s, name in parsed if name.casefold() == authority.name.casefold()),
            )
            for authority in result.authorities
        ),
    )


@dataclass(frozen=True)
class DeskState:
    location: str  # the database for people (Database.location)
    schema: str | None  # its migration revision
    office: office.OfficeProfile | None
    desk_code: str | None


def set_up_desk(database: Database, setup: DeskSetup, *, actor: Actor = NOBODY) -> DeskState:
    """Save the profile fields given, this desk's code and its receptionist, in one transaction.

    Raises ValidationError (a bad desk code, a profile missing a required field). Once the desk has
    accounts, a change needs an ``actor`` with "settings.office" (PermissionDeniedError, nothing
    written); the first setup, before the administrator exists, needs none.
    """
    with database.sessions.begin() as session:
        if changes_anything(setup) and has_accounts(session):
            require(actor, "settings.office")
        _apply_profile(session, setup.profile, setup.signers, setup.authorities)
        if setup.desk_code:
            office.set_current_desk(session, setup.desk_code)
        if setup.receptionist:
            office.set_receptionist(session, setup.receptionist)
    return desk_state(database)


def save_desk_profile(
    session: Session, actor: Actor, profile: office.OfficeProfile, *, desk_code: str, receptionist: str
) -> None:
    """The office profile dialog's save: the profile, this desk's code and its receptionist.

    Once the desk has accounts it needs "settings.office" (PermissionDeniedError, nothing written).
    """
    if has_accounts(session):
        require(actor, "settings.office")
    office.save_office(session, profile)
    office.set_current_desk(session, desk_code)
    office.set_receptionist(session, receptionist)


def changes_anything(setup: DeskSetup) -> bool:
    return bool(setup.profile) or any(
        value is not None for value in (setup.desk_code, setup.receptionist, setup.signers, setup.authorities)
    )


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


def _apply_profile(
    session: Session, given: ProfileText, signers: tuple[str, ...] | None, authorities: tuple[str, ...] | None
) -> None:
    if not given and signers is None and authorities is None:
        return
    base = office.get_office(session) or office.OfficeProfile(
        agency_name="", parent_agency="", place_name="", number_symbol=""
    )
    office.save_office(session, with_signers(replace(base, **given), signers, authorities))
