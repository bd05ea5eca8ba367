"""What the office server's refusal of a pushed row is, why, and which other changes it holds back.

A push fails for one of three reasons, told apart here and nowhere else:

- an **outage** (``is_outage``): the link or the server is away (OperationalError: refused, reset,
  cut, timed out; an invalidated connection). The desk is offline and retries later.
- a **refusal** (``is_refusal``): PostgreSQL refuses a row the desk's SQLite accepted (a DataError or
  IntegrityError: a value too long for its column, a NUL byte, a number out of range, a duplicate
  code, a missing parent; or text the driver cannot encode). The change is set aside with its
  reason (``diagnose``) together with what depends on it (``HeldBack``); the rest flows.
- anything else is a **bug** and is raised as it is.

A reason is a short code (``Reason.code``) that names the kind of fault and the column or constraint,
never a value of the row: the driver's DETAIL line ("Key (code)=(GD) already exists", "Failing row
contains ...") and the statement's parameters are dropped. desktop.core.office_mode.rejections puts
it into words.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Integer, SmallInteger, Table
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, InterfaceError, OperationalError, StatementError

from db.enums import ChangeOp
from db.sync import decode

REASON_LENGTH = 300  # OutboxEntry.rejected_reason
DEPENDS = "depends"  # the reason of an entry held back by another one (OutboxEntry.rejected_because)

# A row that is part of a larger record saved in the same transaction: without it the record is
# incomplete (a visit with nobody in it, a petition without its sender), so a refused part holds
# back its whole (when the whole is not on the server yet) and, through it, the whole's other parts.
PARTS = {
    "visit_participant": "visit_id",
    "received_document": "visit_id",
    "petition_sender": "petition_id",
    "imported_entry": "visit_id",
}

_INTEGER_LIMITS = ((SmallInteger, 2**15 - 1), (BigInteger, 2**63 - 1), (Integer, 2**31 - 1))
_SURROGATE = re.compile("[\ud800-\udfff]")
_QUOTED = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class Reason:
    """Why the server refused a change: ``kind`` (too_long, duplicate, ...), the column or constraint, a detail."""

    kind: str
    subject: str = ""  # a column name (too_long, nul_character...) or a constraint name (duplicate...)
    detail: str = ""  # too_long: the column's length; refused: the driver's scrubbed message

    @property
    def code(self) -> str:
        return f"{self.kind}:{self.subject}:{self.detail}"[:REASON_LENGTH]

    @classmethod
    def parse(cls, code: str) -> Reason:
        kind, _, rest = code.partition(":")
        subject, _, detail = rest.partition(":")
        return cls(kind, subject, detail)


# -- telling the failures apart --------------------------------------------------------------------


def is_outage(exc: DBAPIError) -> bool:
    """The link or the server is away: a reason to go offline and retry, not to set anything aside."""
    return exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError)


def is_refusal(exc: BaseException) -> bool:
    """PostgreSQL (or its driver) refuses a row as it is: the row's fault, not the link's nor a bug."""
    if isinstance(exc, DataError | IntegrityError):
        return not exc.connection_invalidated and not type(exc.orig).__module__.startswith("sqlite3")
    cause = exc.orig if isinstance(exc, StatementError) else exc
    return isinstance(cause, UnicodeEncodeError)  # a lone surrogate: the driver cannot send it as UTF-8


# -- why -------------------------------------------------------------------------------------------


def diagnose(exc: BaseException, table: Table, payload: dict[str, object], *, deleting: bool = False) -> Reason:
    """The reason one entry was refused: found in the row itself where it can be, else from the driver.

    A refused delete is one the server's rows still refer to (they came from other desks).
    """
    if deleting:
        reason = _driver_reason(exc)
        return Reason("still_referenced", reason.subject) if reason.kind == "missing_reference" else reason
    return column_fault(table, decode(table, payload)) or _driver_reason(exc)


def column_fault(table: Table, values: dict[str, object]) -> Reason | None:
    """The first value the server cannot store in its column (too long, NUL, not encodable, out of range)."""
    for column in table.columns:
        value = values.get(column.name)
        if isinstance(value, str):
            if "\x00" in value:
                return Reason("nul_character", column.name)
            if _SURROGATE.search(value):
                return Reason("bad_character", column.name)
            length = getattr(column.type, "length", None)
            if length is not None and len(value) > length:
                return Reason("too_long", column.name, str(length))
        elif isinstance(value, int) and not isinstance(value, bool):
            limit = _integer_limit(column.type)
            if limit is not None and not -limit - 1 <= value <= limit:
                return Reason("out_of_range", column.name)
    return None


def _integer_limit(column_type: object) -> int | None:
    for kind, limit in _INTEGER_LIMITS:
        if isinstance(column_type, kind):
            return limit
    return None


def _driver_reason(exc: BaseException) -> Reason:
    """From the driver's diagnostics: the SQLSTATE and the names of the constraint or column, no values."""
    cause = getattr(exc, "orig", None) or exc
    diag = getattr(cause, "diag", None)
    state = str(getattr(cause, "sqlstate", None) or "")
    constraint = str(getattr(diag, "constraint_name", None) or "")
    column = str(getattr(diag, "column_name", None) or "")
    by_state = {
        "23505": Reason("duplicate", constraint),
        "23503": Reason("missing_reference", constraint),
        "23502": Reason("missing_value", column),
        "23514": Reason("not_allowed", constraint),
    }
    if state in by_state:
        return by_state[state]
    if isinstance(cause, UnicodeEncodeError):
        return Reason("bad_character")
    names = {name for name in (constraint, column, getattr(diag, "table_name", None)) if name}
    return Reason("refused", state, scrub(str(cause), names))


def scrub(message: str, names: Iterable[str] = ()) -> str:
    """The driver's first line with every quoted value blanked, except the schema names given."""
    lines = message.strip().splitlines()
    first = lines[0] if lines else ""
    keep = set(names)
    return _QUOTED.sub(lambda match: match.group(0) if match.group(1) in keep else '"…"', first)[:200]


# -- what a refusal holds back ---------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    reason: str  # Reason.code, or DEPENDS
    because: int | None = None  # the seq of the entry this one waits for (DEPENDS)


class HeldBack:
    """The records of refused entries, and what they hold back.

    An entry is held back when it changes a record an earlier refused entry changed (a later update
    of it), or when it refers by foreign key to a record whose insert was refused (that record is
    not on the server). Entries are anything with ``seq``, ``entity``, ``entity_id``, ``op`` and
    ``payload`` (outbox rows); ``payload`` is only read for the foreign keys.
    """

    def __init__(self, tables: dict[str, Table]) -> None:
        self._tables = tables
        self._records: dict[uuid.UUID, int] = {}  # record -> seq of its first refused entry
        self._absent: dict[uuid.UUID, int] = {}  # record whose insert was refused -> that entry's seq

    def __bool__(self) -> bool:
        return bool(self._records)

    def add(self, entry: Any) -> None:
        self._records.setdefault(entry.entity_id, entry.seq)
        if entry.op == ChangeOp.INSERT:
            self._absent.setdefault(entry.entity_id, entry.seq)

    def blocker(self, entry: Any) -> int | None:
        """The seq of the refused entry that ``entry`` waits for; None when it is free to go."""
        if not self._records:
            return None
        first = self._records.get(entry.entity_id)
        if first is not None and first < entry.seq:
            return first
        if not self._absent or entry.op == ChangeOp.DELETE:
            return None
        for name in _references(self._tables[entry.entity]):
            target = _as_uuid(entry.payload.get(name))
            if target is not None and target in self._absent:
                return self._absent[target]
        return None

    def dependants(self, entries: Sequence[Any]) -> dict[int, Refusal]:
        """The entries of a new batch that wait for a change refused before; they join the held back."""
        return self.set_aside(entries, {}) if self else {}

    def set_aside(self, entries: Sequence[Any], culprits: dict[int, Reason]) -> dict[int, Refusal]:
        """The culprits of ``entries`` (seq -> reason) and every entry of the batch that depends on them."""
        refused = {seq: Refusal(reason.code) for seq, reason in culprits.items()}
        wholes: dict[uuid.UUID, int] = {}  # a record whose refused part holds it back -> that part's seq
        for entry in entries:
            if entry.seq in refused:
                self._hold(entry, wholes)
        changed = True
        while changed:  # a whole held back by its part holds back its other parts: until nothing moves
            changed = False
            for entry in entries:
                if entry.seq in refused:
                    continue
                because = self.blocker(entry)
                if because is None and entry.op == ChangeOp.INSERT:
                    because = wholes.get(entry.entity_id)
                if because is not None:
                    refused[entry.seq] = Refusal(DEPENDS, because)
                    self._hold(entry, wholes)
                    changed = True
        return refused

    def _hold(self, entry: Any, wholes: dict[uuid.UUID, int]) -> None:
        self.add(entry)
        column = PARTS.get(entry.entity)
        if column is not None and entry.op == ChangeOp.INSERT:
            whole = _as_uuid(entry.payload.get(column))
            if whole is not None:
                wholes.setdefault(whole, entry.seq)


_REFERENCES: dict[str, tuple[str, ...]] = {}


def _references(table: Table) -> tuple[str, ...]:
    """The table's foreign-key columns, worked out once per table."""
    found = _REFERENCES.get(table.name)
    if found is None:
        found = _REFERENCES[table.name] = tuple(column.name for column in table.columns if column.foreign_keys)
    return found


def _as_uuid(value: object) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
