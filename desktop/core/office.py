"""The office profile (agency, place, number symbol, signers), its desks and receptionists."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Authority, Desk, LocalSetting, Office, Signer, User
from desktop.core import bounds
from desktop.core.errors import AppError, ValidationError
from desktop.core.i18n import _
from desktop.core.numbering import DESK_CODE
from desktop.core.settings_keys import Setting
from desktop.core.text import ascii_digits, clean, clean_lines, title_name, upper

# Signing prefixes of Decree 30/2020 Art. 13 (docs/legal-basis.md#document-layout): typed alone, "KT." or
# "TL." is completed with the head's position ("KT. Trưởng ban"), "TM." with the authority's signing line.
SIGNING_PREFIXES = ("TM.", "KT.", "TL.", "TUQ.", "Q.")


@dataclass(frozen=True)
class SignerProfile:
    full_name: str
    position: str  # "Trưởng ban"
    authority: str = ""  # "TM. Ủy ban nhân dân", "KT. Trưởng ban", "KT.", or "" for the head himself


@dataclass(frozen=True)
class AuthorityProfile:
    """A competent authority the board serves; acceptance and refusal letters go out in its name."""

    name: str  # "Ủy ban nhân dân tỉnh An Giang"
    head_position: str  # "Chủ tịch"
    signing_line: str = ""  # "TM. Ủy ban nhân dân" (a collective body), "" when the head signs alone
    number_symbol: str = ""  # "UBND": "Số: 15/TB-UBND"
    keeps_series: bool = True  # the desk numbers in the authority's series; else the number is left blank
    inspectorate: str = ""  # the inspectorate at the same level (Law 02/2011 Art. 27, 36(1))
    signers: tuple[SignerProfile, ...] = ()


@dataclass(frozen=True)
class OfficeProfile:
    agency_name: str
    parent_agency: str
    place_name: str
    number_symbol: str
    address: str = ""
    phone: str = ""
    reception_place: str = ""
    signers: tuple[SignerProfile, ...] = ()  # the reception board's own signers
    head_position: str = "Trưởng ban"  # the head of the board, who approves proposals to accept
    authorities: tuple[AuthorityProfile, ...] = ()
    # The agency name as typed with its line breaks, which the page header keeps ("" when typed on one
    # line). ``agency_name`` is the same name on one line, for sentences.
    agency_heading: str = ""

    @property
    def authority(self) -> AuthorityProfile | None:
        """The competent authority letters are issued for (the first one listed)."""
        return self.authorities[0] if self.authorities else None


EXAMPLE_OFFICE = OfficeProfile(
    agency_name="Ban Tiếp công dân tỉnh An Giang",
    parent_agency="Ủy ban nhân dân tỉnh An Giang",
    place_name="An Giang",
    number_symbol="BTCD",
    address="Số 05 Lê Triệu Kiết, phường Long Xuyên, tỉnh An Giang",
    reception_place="Trụ sở Tiếp công dân tỉnh An Giang",
    signers=(SignerProfile("Nguyễn Văn Bình", "Trưởng ban", ""),),
    authorities=(
        AuthorityProfile(
            name="Ủy ban nhân dân tỉnh An Giang",
            head_position="Chủ tịch",
            signing_line="TM. Ủy ban nhân dân",
            number_symbol="UBND",
            inspectorate="Thanh tra tỉnh An Giang",
            signers=(SignerProfile("Hồ Văn Mừng", "Chủ tịch", ""),),
        ),
    ),
)


def get_office(session: Session) -> OfficeProfile | None:
    office = session.scalar(select(Office).limit(1))
    if office is None:
        return None

    def signers_of(authority_id: object) -> tuple[SignerProfile, ...]:
        return tuple(
            SignerProfile(s.full_name, s.position, s.authority)
            for s in office.signers
            if s.is_active and s.authority_id == authority_id
        )

    authorities = tuple(
        AuthorityProfile(
            name=a.name,
            head_position=a.head_position,
            signing_line=a.signing_line,
            number_symbol=a.number_symbol,
            keeps_series=a.keeps_series,
            inspectorate=a.inspectorate,
            signers=signers_of(a.id),
        )
        for a in office.authorities
    )
    return OfficeProfile(
        agency_name=clean(office.agency_name),
        agency_heading=office.agency_name if "\n" in office.agency_name else "",
        parent_agency=office.parent_agency,
        place_name=office.place_name,
        number_symbol=office.number_symbol,
        address=office.address,
        phone=office.phone,
        reception_place=office.reception_place,
        signers=signers_of(None),
        head_position=office.head_position,
        authorities=authorities,
    )


def typed_heading(value: str) -> str:
    """A name typed on several lines, one clean line per line; "" when it was typed on one line."""
    lines = [line for line in clean_lines(value).splitlines() if line]
    return "\n".join(lines) if len(lines) > 1 else ""


def _agency_as_typed(profile: OfficeProfile) -> str:
    """The agency name to store: as typed on several lines (in ``agency_name``, or the heading kept from
    before when the name is unchanged), else on one line."""
    name = clean(profile.agency_name)
    kept = typed_heading(profile.agency_heading)
    return typed_heading(profile.agency_name) or (kept if kept and clean(kept) == name else name)


def check_office(profile: OfficeProfile) -> dict[str, str]:
    """What is wrong with the profile, by field (``signers.N.<field>`` for a signer)."""
    errors = bounds.text_errors(
        bounds.OFFICE,
        {key: getattr(profile, key) for key in bounds.OFFICE},
        {"number_symbol": _symbol(profile.number_symbol)},
    )
    required = {
        "agency_name": _("Enter the name of the agency."),
        "place_name": _("Enter the place name printed on the date line."),
        "number_symbol": _("Enter the abbreviation used in document numbers."),
    }
    for key, message in required.items():
        if not clean(getattr(profile, key)):
            errors.setdefault(key, message)
    symbol = _symbol(profile.number_symbol)
    if symbol and not all(ch.isalnum() or ch == "-" for ch in symbol):
        errors.setdefault("number_symbol", _("Use letters, digits and '-' only, e.g. BTCD."))
    for index, signer in enumerate(profile.signers):
        for key, message in check_signer(signer).items():
            errors.setdefault(f"signers.{index}.{key}", message)
    errors.update(bounds.text_errors(bounds.OFFICE_HEAD, {"head_position": profile.head_position}))
    for index, authority in enumerate(profile.authorities):
        for key, message in check_authority(authority).items():
            errors.setdefault(f"authorities.{index}.{key}", message)
    return errors


def check_authority(authority: AuthorityProfile) -> dict[str, str]:
    """A competent authority's fields (``signers.N.<field>`` for one of its signers)."""
    values = {
        "name": authority.name,
        "head_position": authority.head_position,
        "signing_line": authority.signing_line,
        "number_symbol": authority.number_symbol,
        "inspectorate": authority.inspectorate,
    }
    errors = bounds.text_errors(bounds.AUTHORITY, values, {"number_symbol": _symbol(authority.number_symbol)})
    if not clean(authority.name):
        errors.setdefault("name", _("Enter the name of the competent authority."))
    if not clean(authority.head_position):
        errors.setdefault("head_position", _("Enter the position of the authority's head, e.g. Chủ tịch."))
    symbol = _symbol(authority.number_symbol)
    if not symbol:
        errors.setdefault("number_symbol", _("Enter the abbreviation used in the authority's numbers, e.g. UBND."))
    elif not all(ch.isalnum() or ch == "-" for ch in symbol):
        errors.setdefault("number_symbol", _("Use letters, digits and '-' only, e.g. BTCD."))
    for index, signer in enumerate(authority.signers):
        for key, message in check_signer(signer).items():
            errors.setdefault(f"signers.{index}.{key}", message)
    return errors


def check_signer(signer: SignerProfile) -> dict[str, str]:
    """A signer's fields as stored (a signer without a name is left out of the profile, so unchecked)."""
    name = title_name(signer.full_name)
    if not name:
        return {}
    values = {"full_name": signer.full_name, "position": signer.position, "authority": signer.authority}
    errors = bounds.text_errors(bounds.SIGNER, values, {"full_name": name})
    if "full_name" not in errors and (message := bounds.name_error(name)) is not None:
        errors["full_name"] = message
    return errors


def _symbol(value: str) -> str:
    """The number symbol as stored: "btcd" -> "BTCD", any digits in ASCII."""
    return upper(ascii_digits(clean(value)))


def save_office(session: Session, profile: OfficeProfile) -> OfficeProfile:
    """Create or replace the office profile; raises ValidationError with per-field messages."""
    errors = check_office(profile)
    if errors:
        raise ValidationError(errors)
    office = session.scalar(select(Office).limit(1))
    if office is None:
        office = Office()
        session.add(office)
    office.agency_name = _agency_as_typed(profile)
    office.parent_agency = clean(profile.parent_agency)
    office.place_name = clean(profile.place_name)
    office.number_symbol = _symbol(profile.number_symbol)
    office.address = clean(profile.address)
    office.phone = clean(profile.phone)
    office.reception_place = clean(profile.reception_place)
    office.head_position = clean(profile.head_position) or "Trưởng ban"
    # The signers first, in their own flush: a signer points at its authority, and the unit of work
    # does not know it (no relationship), so one flush could delete an authority first.
    office.signers.clear()
    session.flush()
    office.authorities.clear()
    session.flush()
    _add_signers(office, profile.signers, None)
    for order, given in enumerate(profile.authorities):
        authority = Authority(
            name=clean(given.name),
            head_position=clean(given.head_position),
            signing_line=clean(given.signing_line),
            number_symbol=_symbol(given.number_symbol),
            keeps_series=given.keeps_series,
            inspectorate=clean(given.inspectorate),
            sort_order=order,
        )
        office.authorities.append(authority)
        session.flush()
        _add_signers(office, given.signers, authority)
    session.flush()
    result = get_office(session)
    assert result is not None
    return result


def _add_signers(office: Office, signers: tuple[SignerProfile, ...], authority: Authority | None) -> None:
    for signer in signers:
        if clean(signer.full_name):
            office.signers.append(
                Signer(
                    full_name=title_name(signer.full_name),
                    position=clean(signer.position),
                    authority=clean(signer.authority),
                    sort_order=len(office.signers),
                    authority_id=authority.id if authority else None,
                )
            )


def require_office(session: Session) -> OfficeProfile:
    """The office profile; no paper can be prepared before it is filled in."""
    office = get_office(session)
    if office is None:
        raise AppError(_("Fill in the office profile first (Settings, Office profile)."))
    return office


def check_desk_code(code: str) -> str:
    """The desk code in upper case; raises ValidationError when it is not like D01."""
    code = clean(code).upper()
    if not DESK_CODE.match(code):
        raise ValidationError(
            {"desk_code": _("A desk code is 2 to 6 letters and digits starting with a letter, e.g. D01.")}
        )
    return code


def ensure_desk(session: Session, code: str, name: str = "") -> Desk:
    code = check_desk_code(code)
    desk = session.scalar(select(Desk).where(Desk.code == code))
    if desk is None:
        desk = Desk(code=code, name=clean(name))
        session.add(desk)
        session.flush()
    return desk


def current_desk_code(session: Session) -> str | None:
    return get_setting(session, Setting.DESK_CODE) or None


def set_current_desk(session: Session, code: str) -> str:
    desk = ensure_desk(session, code)
    set_setting(session, Setting.DESK_CODE, desk.code)
    return desk.code


def check_receptionist(name: str) -> dict[str, str]:
    """The receptionist of this desk (a local setting, kept as a user by every visit it saves)."""
    key = Setting.RECEPTIONIST.value
    stored = title_name(name)
    errors = bounds.text_errors(bounds.DESK, {key: name}, {key: stored})
    if key not in errors and (message := bounds.name_error(stored)) is not None:
        errors[key] = message
    return errors


def set_receptionist(session: Session, name: str) -> None:
    """Remember who sits at this desk; raises ValidationError for a name no visit could keep."""
    errors = check_receptionist(name)
    if errors:
        raise ValidationError(errors)
    set_setting(session, Setting.RECEPTIONIST, clean(name))


def ensure_user(session: Session, full_name: str, position: str = "") -> User | None:
    """The receptionist by name (login arrives later); None for an empty name."""
    name = title_name(full_name)
    if not name:
        return None
    user = session.scalar(select(User).where(User.full_name == name).limit(1))
    if user is None:
        user = User(full_name=name, position=clean(position))
        session.add(user)
        session.flush()
    return user


def get_setting(session: Session, key: Setting) -> str:
    """A local setting of this desk, "" when unset."""
    setting = session.get(LocalSetting, key)
    return setting.value if setting else ""


def set_setting(session: Session, key: Setting, value: str) -> None:
    setting = session.get(LocalSetting, key)
    if setting is None:
        session.add(LocalSetting(key=key, value=value))
    else:
        setting.value = value
    session.flush()
