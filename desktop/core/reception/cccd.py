"""The QR code of a Vietnamese citizen identity card (CCCD / thẻ căn cước), as a USB scanner types it.

The payload is plain text with fields separated by ``|`` (docs/scanning.md#id-card-qr):
``id|old id|name|ddmmyyyy|sex|address|ddmmyyyy issue``. The old 9-digit CMND number may be
empty; cards issued from 1 Jul 2024 are reported to add empty fields after the issue date, so
more than 7 fields are accepted when the extra ones are empty. Anything else is refused with a
message that names no personal data (it may reach a log). Qt-free: the GUI feeds it what it read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from db.enums import IdType, Sex
from desktop.core import bounds
from desktop.core.errors import AppError
from desktop.core.formatting import today_local
from desktop.core.i18n import _
from desktop.core.reception.validation import Issues, check_id
from desktop.core.text import clean, storable

FIELDS = 7
SEPARATOR = "|"
_ID = re.compile(r"[0-9]{12}")
_OLD_ID = re.compile(r"[0-9]{9}|[0-9]{12}")  # a 12-digit old number appears on re-issued cards
_DATE = re.compile(r"[0-9]{8}")
_HEX = re.compile(r"[0-9a-fA-F]+")
_SEXES = {"nam": Sex.MALE, "nữ": Sex.FEMALE}


class CardQrError(AppError):
    """The text scanned is not the QR of an identity card (the message says why, without the data)."""


@dataclass(frozen=True)
class CardQr:
    """What the QR of a chip identity card holds (NFC text)."""

    id_number: str  # 12 digits
    old_id_number: str  # 9 digits, or "" when the person never had a CMND
    full_name: str
    birth_date: dt.date
    sex: Sex
    address: str  # as printed: "Tổ 3, ấp Mỹ Thạnh, xã Mỹ Hòa Hưng, thành phố Long Xuyên, An Giang"
    issue_date: dt.date


def looks_like_card_qr(text: str) -> bool:
    """A cheap test for text that may be the QR of a card (several fields between bars): worth parsing.

    Broad on purpose: a scanned card of the wrong kind or a damaged payload is then refused with its
    reason instead of being left in a field.
    """
    return text.count(SEPARATOR) >= FIELDS - 3


def parse_card_qr(text: str, *, today: dt.date | None = None) -> CardQr:
    """The card's details; raises CardQrError with a Vietnamese (translated) message for anything else.

    ``today`` (default: today in Viet Nam): no card is issued, and nobody born, after it."""
    payload = text.strip("\r\n")
    parts = payload.split(SEPARATOR)
    if any(_is_hex_text(part) for part in parts[1:6]):
        raise CardQrError(_("This looks like a health-insurance card, not an identity card."))
    if len(parts) < FIELDS:
        raise CardQrError(
            _("The QR code has {found} parts; an identity card's has {expected}.").format(
                found=len(parts), expected=FIELDS
            )
        )
    if any(part.strip() for part in parts[FIELDS:]):
        raise CardQrError(_("The QR code has more parts than an identity card's."))
    fields = parts[:FIELDS]
    if any(part != part.strip() for part in fields):
        raise CardQrError(_("The QR code has spaces around its separators: it was not read from an identity card."))
    if not all(storable(part) for part in fields):  # a NUL no database takes, a line break no card prints
        raise CardQrError(_("The QR code holds control characters: it was not read from an identity card."))
    number, old, name, born, sex, address, issued = fields
    if not _ID.fullmatch(number):
        raise CardQrError(_("The card number in the QR code is not 12 digits."))
    if old and not _OLD_ID.fullmatch(old):
        raise CardQrError(_("The old identity number in the QR code is not 9 digits."))
    if not clean(name):
        raise CardQrError(_("The QR code holds no name."))
    sex_value = _SEXES.get(clean(sex).casefold())
    if sex_value is None:
        raise CardQrError(_("The sex in the QR code is neither Nam nor Nữ."))
    card = CardQr(
        id_number=number,
        old_id_number=old,
        full_name=clean(name),
        birth_date=_date(born, _("The date of birth in the QR code is not a date.")),
        sex=sex_value,
        address=clean(address),
        issue_date=_date(issued, _("The issue date in the QR code is not a date.")),
    )
    return _possible(card, today or today_local())


def _possible(card: CardQr, today: dt.date) -> CardQr:
    """Refuse what no card prints: a forged or misread payload."""
    if len(card.full_name) > bounds.CITIZEN["full_name"].max_length or len(card.address) > bounds.ADDRESS_MAX:
        raise CardQrError(_("The QR code holds a name or an address longer than a card prints."))
    if not bounds.FIRST_BIRTH <= card.birth_date <= today:
        raise CardQrError(_("The date of birth in the QR code is in the future or before 1900."))
    if not card.birth_date <= card.issue_date <= today:
        raise CardQrError(_("The issue date in the QR code is in the future or before the date of birth."))
    return card


def card_issues(card: CardQr) -> Issues:
    """The digit checks of the number against the card's own sex and year of birth (a misread or a fake).

    Keys: id_number. Digit 4 gives sex and century, digits 5-6 the year (validation.check_id).
    """
    return check_id(IdType.CCCD, card.id_number, sex=card.sex, birth_year=card.birth_date.year)


def _is_hex_text(part: str) -> bool:
    """A health-insurance card writes its name and address as hex-encoded UTF-8 ("4e677579e1bb856e...")."""
    return len(part) > 12 and len(part) % 2 == 0 and bool(_HEX.fullmatch(part)) and not part.isdigit()


def _date(value: str, message: str) -> dt.date:
    if not _DATE.fullmatch(value):
        raise CardQrError(message)
    try:
        return dt.date(int(value[4:]), int(value[2:4]), int(value[:2]))
    except ValueError:
        raise CardQrError(message) from None
