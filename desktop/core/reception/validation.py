"""Field rules for identity papers, phones, dates and delegations: errors block, warnings inform."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from db.enums import IdType, Sex
from desktop.core import bounds
from desktop.core.i18n import _
from desktop.core.text import ascii_digits, clean, digits, upper

# Province codes that open a 12-digit CCCD: the 63 provinces before the 2025 merger, in the
# General Statistics Office numbering (Circular 07/2016/TT-BCA; UNVERIFIED article). A
# citizen's code is that of the birth registration, so it never changes with the merger.
CCCD_PROVINCE_CODES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)
_PASSPORT = re.compile(r"[A-Z][0-9]{7,8}")  # each used with fullmatch
_MOBILE = re.compile(r"0(3|5|7|8|9)[0-9]{8}")
_LANDLINE = re.compile(r"02[0-9]{9}")
DELEGATION_MIN = 5  # Law 42/2013 Art. 29; 07/2014 Art. 6(4)(b): "many people" from 5
SMALL_DELEGATION_MAX = 10
MAX_REPRESENTATIVES = 5
CMND_DIGITS = 9


@dataclass
class Issues:
    """What a check found, by field key."""

    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)

    def error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, message)

    def warn(self, key: str, message: str) -> None:
        self.warnings.setdefault(key, message)

    def merge(self, other: Issues, prefix: str = "") -> None:
        self.add_errors(other.errors, prefix)
        for key, message in other.warnings.items():
            self.warn(prefix + key, message)

    def add_errors(self, errors: Mapping[str, str], prefix: str = "") -> None:
        for key, message in errors.items():
            self.error(prefix + key, message)


def normalise_id_number(id_type: IdType, value: str) -> str:
    """The stored form: ASCII digits only for CCCD/CMND, upper case without spaces (digits in ASCII) otherwise."""
    if id_type in (IdType.CCCD, IdType.CMND):
        return digits(value)
    return upper(ascii_digits(clean(value)).replace(" ", ""))


def guess_id_type(number: str) -> IdType:
    """The paper a number belongs to, from its shape: letters make a passport, 9 digits a CMND, else a CCCD.

    For numbers typed where there is no choice of paper (a delegation's representatives).
    """
    if not clean(number):
        return IdType.NONE
    if any(ch.isalpha() for ch in number):
        return IdType.PASSPORT
    return IdType.CMND if len(digits(number)) == CMND_DIGITS else IdType.CCCD


def check_id(id_type: IdType, number: str, *, sex: Sex, birth_year: int | None) -> Issues:
    """Rules for the identity paper; ``number`` as typed. Keys: id_number."""
    issues = Issues()
    raw = clean(number)
    if id_type == IdType.NONE:
        if raw:
            issues.error("id_number", _("Choose the kind of identity paper for this number."))
        return issues
    if not raw:
        issues.error("id_number", _("Enter the number of the identity paper."))
        return issues
    if id_type == IdType.CCCD:
        _check_cccd(raw, sex, birth_year, issues)
    elif id_type == IdType.CMND:
        if not re.fullmatch(r"[0-9]{9}|[0-9]{12}", _typed_digits(raw)):
            issues.error("id_number", _("An identity card (CMND) number has 9 digits."))
    elif id_type == IdType.PASSPORT and not _PASSPORT.fullmatch(normalise_id_number(id_type, raw)):
        # An error, not a warning: "C1234567 do Cục QLXNC cấp" would not fit the server's column.
        issues.error(
            "id_number",
            _(
                "A Vietnamese passport number is one letter and 7 or 8 digits, e.g. C1234567 "
                "(for a foreign passport, choose another paper)."
            ),
        )
    return issues


def _typed_digits(raw: str) -> str:
    """The number as typed without its spaces and dots, any decimal digits in ASCII."""
    return ascii_digits(re.sub(r"[\s.]", "", raw))


def _check_cccd(raw: str, sex: Sex, birth_year: int | None, issues: Issues) -> None:
    number = _typed_digits(raw)
    if not re.fullmatch(r"[0-9]{12}", number):
        issues.error("id_number", _("A citizen identity card (CCCD) number has exactly 12 digits."))
        return
    if number[:3] not in CCCD_PROVINCE_CODES:
        issues.warn("id_number", _("The first 3 digits ({code}) are not a province code.").format(code=number[:3]))
        return
    century_digit = int(number[3])
    cccd_sex = Sex.MALE if century_digit % 2 == 0 else Sex.FEMALE
    century = 1900 + (century_digit // 2) * 100 if century_digit < 8 else 1800
    if sex in (Sex.MALE, Sex.FEMALE) and sex != cccd_sex:
        issues.warn(
            "id_number",
            _("The 4th digit of this number is for a {sex} person.").format(
                sex=_("male") if cccd_sex == Sex.MALE else _("female")
            ),
        )
    elif birth_year is not None and century + int(number[4:6]) != birth_year:
        issues.warn(
            "id_number", _("Digits 4-6 of this number give birth year {year}.").format(year=century + int(number[4:6]))
        )


def normalise_phone(value: str) -> str:
    """Digits, with +84 / 84 turned into the leading 0 used at home."""
    text = clean(value)
    number = digits(text)
    if text.startswith("+84") or (number.startswith("84") and len(number) in (11, 12)):
        number = "0" + number[2:]
    return number


def check_phone(value: str) -> Issues:
    issues = Issues()
    if not clean(value):
        return issues
    number = normalise_phone(value)
    if not (_MOBILE.fullmatch(number) or _LANDLINE.fullmatch(number)):
        issues.error("phone", _("Enter a 10-digit mobile number (09..., 03...) or an 11-digit landline (02...)."))
    return issues


def check_delegation(head_count: int, representatives: int) -> Issues:
    """Law 42/2013 Art. 29: 5-10 people take 1-2 representatives, more than 10 at most 5."""
    issues = Issues()
    if head_count < DELEGATION_MIN:
        issues.error("head_count", _("A delegation has at least {n} people.").format(n=DELEGATION_MIN))
        return issues
    if (message := bounds.count_error(head_count, DELEGATION_MIN, bounds.MAX_HEAD_COUNT)) is not None:
        issues.error("head_count", message)
        return issues
    if representatives == 0:
        issues.warn("representatives", _("A delegation should appoint representatives."))
    elif head_count <= SMALL_DELEGATION_MAX and representatives > 2:
        issues.warn("representatives", _("A delegation of 5 to 10 people appoints 1 or 2 representatives."))
    elif head_count > SMALL_DELEGATION_MAX and representatives > MAX_REPRESENTATIVES:
        issues.warn("representatives", _("A delegation of more than 10 people appoints at most 5 representatives."))
    return issues
