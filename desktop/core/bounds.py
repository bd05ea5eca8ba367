"""What the desk accepts, stated once: the longest text of each field, the sane dates and counts.

A record a desk accepts must be accepted by the office server too, or that desk's sync stops.
SQLite stores a text of any length in a VARCHAR(n) and an integer of 64 bits; PostgreSQL refuses
a text longer than n, an INTEGER beyond 32 bits, a NUL byte. So the lengths here are read from the
column definitions (db.models, ``String(n)``), never typed twice, and the core validation of each
entry point checks the text as it will be stored against them, with a message per field. The GUI
takes the same numbers (``QLineEdit.setMaxLength``) from the mappings below, keyed like the fields
of its forms; it may not import db.models itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy.orm import InstrumentedAttribute

from db.models import (
    Authority,
    CalendarDay,
    CaseEvent,
    CaseResult,
    Citizen,
    FieldOfLaw,
    IssuedDocument,
    LeaderConclusion,
    Office,
    Petition,
    ReceivedDocument,
    Signer,
    User,
    Visit,
)
from desktop.core.formatting import short_date
from desktop.core.i18n import _
from desktop.core.text import clean, has_surrogates, storable

# Text columns (sqlalchemy Text) have no length in either database; this bounds them: a
# petition's summary or a leader's directions run to a page or two, not to a book.
TEXT_MAX = 10_000
# An official number is "<n>/<type>-<symbol>" in IssuedDocument.number: room for "123456/PĐX-".
NUMBER_PREFIX = 11

# Dates. Births from 1900. Visits, petitions and office calendar days from 1 July 2014, when the
# Law on Citizen Reception (42/2013/QH13) came into force: the book, the slips and the time limits
# TiepDan keeps are that law's, and its rule book counts no time limit from an earlier day; an
# earlier date is a typing slip (2041 for 2014, 0026 for 2026). Nothing after LAST_YEAR: the lunar
# calendar behind the public holidays (deadlines) is only computed so far ahead.
FIRST_BIRTH = dt.date(1900, 1, 1)
FIRST_RECORD = dt.date(2014, 7, 1)
LAST_YEAR = 2090
LAST_DAY = dt.date(LAST_YEAR, 12, 31)
AHEAD = dt.timedelta(days=366)  # an appointment, a leader's time limit: within a year

# Counts (a PostgreSQL INTEGER holds 2^31 - 1).
MAX_PAGES = 10_000  # of one document handed in
MAX_HEAD_COUNT = 9_999  # of a delegation
# Lists on one record: the people named on a visit or a petition (a delegation names its
# representatives, at most five under Law 42/2013 Art. 30, and whoever else is written down), the
# documents handed in. Beyond these a record is a mistake (a paste, a runaway script), not a visit.
MAX_PEOPLE = 100
MAX_DOCUMENTS = 200


@dataclass(frozen=True)
class TextBound:
    """How long a field's stored text may be, and whether it may hold line breaks and tabs."""

    max_length: int
    multiline: bool = False


def column_length(column: InstrumentedAttribute[str]) -> int:
    """The length of a ``String(n)`` column; TEXT_MAX for a ``Text`` one."""
    length = getattr(column.property.columns[0].type, "length", None)
    return int(length) if length else TEXT_MAX


def _bound(column: InstrumentedAttribute[str], *, multiline: bool = False) -> TextBound:
    return TextBound(column_length(column), multiline)


def _fields(**bounds: TextBound) -> Mapping[str, TextBound]:
    return MappingProxyType(bounds)


# The fields of each entry point, by the keys their validation errors and their forms use.
CITIZEN = _fields(
    full_name=_bound(Citizen.full_name),
    id_number=_bound(Citizen.id_number),
    old_id_number=_bound(Citizen.old_id_number),
    id_issue_place=_bound(Citizen.id_issue_place),
    phone=_bound(Citizen.phone),
    ethnicity=_bound(Citizen.ethnicity),
    nationality=_bound(Citizen.nationality),
    address_detail=_bound(Citizen.address_detail),
)
# Kept beside a citizen's fields, derived from them: checked on the field they come from.
NAME_KEY_MAX = column_length(Citizen.name_key)
ADDRESS_MAX = column_length(Citizen.address)
ADDRESS_KEY_MAX = column_length(Citizen.address_key)

VISIT = _fields(
    leader_name=_bound(Visit.leader_name),
    content_summary=_bound(Visit.content_summary, multiline=True),
    requests=_bound(Visit.requests, multiline=True),
    prior_resolution=_bound(Visit.prior_resolution, multiline=True),
    outcome_note=_bound(Visit.outcome_note, multiline=True),
    appointment_place=_bound(Visit.appointment_place),
    appointment_with=_bound(Visit.appointment_with),
    receptionist_name=_bound(User.full_name),
)
DOCUMENT = _fields(name=_bound(ReceivedDocument.name))
PETITION = _fields(
    content_summary=_bound(Petition.content_summary, multiline=True),
    transferred_from=_bound(Petition.transferred_from),
    transferred_doc_number=_bound(Petition.transferred_doc_number),
    competent_body=_bound(Petition.competent_body),
    ineligibility_note=_bound(Petition.ineligibility_note, multiline=True),
    field_code=_bound(FieldOfLaw.code),
    duplicate_of=_bound(Petition.number),
    visit_serial=_bound(Visit.serial),
)
OFFICE = _fields(
    agency_name=_bound(Office.agency_name, multiline=True),  # a line break typed is kept for the header
    parent_agency=_bound(Office.parent_agency),
    place_name=_bound(Office.place_name),
    number_symbol=TextBound(
        min(column_length(Office.number_symbol), column_length(IssuedDocument.number) - NUMBER_PREFIX)
    ),
    address=_bound(Office.address),
    phone=_bound(Office.phone),
    reception_place=_bound(Office.reception_place),
)
SIGNER = _fields(
    full_name=_bound(Signer.full_name),
    position=_bound(Signer.position),
    authority=_bound(Signer.authority),
)
OFFICE_HEAD = _fields(head_position=_bound(Office.head_position))
AUTHORITY = _fields(
    name=_bound(Authority.name),
    head_position=_bound(Authority.head_position),
    signing_line=_bound(Authority.signing_line),
    number_symbol=TextBound(
        min(column_length(Authority.number_symbol), column_length(IssuedDocument.number) - NUMBER_PREFIX - 4)
    ),
    inspectorate=_bound(Authority.inspectorate),
)
DESK = _fields(receptionist_name=_bound(User.full_name))
CASE_STEP = _fields(
    actor=_bound(CaseEvent.actor),
    note=_bound(CaseEvent.note, multiline=True),
    result_number=_bound(CaseEvent.result_number),
    result_signer=_bound(CaseEvent.result_signer),
)
DECISION = _fields(
    decision_note=_bound(Petition.decision_note, multiline=True), competent_body=_bound(Petition.competent_body)
)
CONCLUSION = _fields(
    directions=_bound(LeaderConclusion.directions, multiline=True),
    bodies=_bound(LeaderConclusion.bodies, multiline=True),
)
RESULT = _fields(note=_bound(LeaderConclusion.result_note, multiline=True))
CASE_RESULT = _fields(note=_bound(CaseResult.note, multiline=True))
FIELD_OF_LAW = _fields(code=_bound(FieldOfLaw.code), name=_bound(FieldOfLaw.name))
CALENDAR_DAY = _fields(name=_bound(CalendarDay.name))
# The person denounced, typed when their notice is issued; kept on it and in the register's recipient.
DENOUNCED = _fields(
    full_name=_bound(Citizen.full_name),
    position=_bound(IssuedDocument.recipient),
    address=_bound(IssuedDocument.recipient),
)


# -- text ------------------------------------------------------------------------------------


def text_error(value: str, bound: TextBound, stored: str | None = None) -> str | None:
    """Why ``value`` (as typed) cannot be kept in a field of ``bound``; None when it can.

    ``stored`` is the text as the field keeps it (default ``clean(value)``): its length counts.
    """
    if has_surrogates(value):
        return _("This text holds a broken character (often left by copying and pasting): type it again.")
    if not storable(value, multiline=bound.multiline):
        if bound.multiline:
            return _("Remove the control characters from this text.")
        return _("This field takes one line: remove the tabs, line breaks and other control characters.")
    length = len(clean(value) if stored is None else stored)
    if length > bound.max_length:
        return _("At most {limit} characters (this text has {count}).").format(limit=bound.max_length, count=length)
    return None


def text_errors(
    fields: Mapping[str, TextBound],
    values: Mapping[str, str],
    stored: Mapping[str, str] | None = None,
    *,
    prefix: str = "",
) -> dict[str, str]:
    """``text_error`` of each of ``values`` (keyed like ``fields``), as validation errors keyed ``prefix + key``."""
    errors: dict[str, str] = {}
    for key, value in values.items():
        message = text_error(value, fields[key], (stored or {}).get(key))
        if message:
            errors[prefix + key] = message
    return errors


def name_error(stored: str) -> str | None:
    """A person's name (as stored) must hold a letter: "123" or "..." is no name."""
    if stored and not any(ch.isalpha() for ch in stored):
        return _("A name must contain letters.")
    return None


# -- dates -----------------------------------------------------------------------------------


def day_error(day: dt.date, *, first: dt.date, today: dt.date | None = None, last: dt.date | None = None) -> str | None:
    """Why ``day`` is out of range: after ``today`` (the future) or ``last``, or before ``first``; None when within."""
    if today is not None and day > today:
        return _("This date is in the future.")
    if last is not None and day > last:
        return _("Enter a date up to {last}.").format(last=short_date(last))
    if day < first:
        return _("Enter a date from {first} on.").format(first=short_date(first))
    return None


def count_error(value: int, first: int, last: int) -> str | None:
    """Why a count is out of [first, last] (it would not fit the server's INTEGER column); None when within."""
    if first <= value <= last:
        return None
    return _("Enter a number from {first} to {last}.").format(first=first, last=last)


def people_error(count: int) -> str | None:
    """Why a list of people is too long for one visit or petition; None when it fits."""
    if count <= MAX_PEOPLE:
        return None
    return _("A record names at most {most} people; this one has {count}.").format(most=MAX_PEOPLE, count=count)


def documents_error(count: int) -> str | None:
    """Why a list of documents handed in is too long for one visit; None when it fits."""
    if count <= MAX_DOCUMENTS:
        return None
    return _("A visit lists at most {most} documents; this one has {count}.").format(most=MAX_DOCUMENTS, count=count)


def too_long() -> str:
    """For a text whose derived form (its search key, the full address) would not fit its column."""
    return _("This text is too long to be kept: shorten it.")
