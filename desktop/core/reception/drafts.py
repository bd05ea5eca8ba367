"""Visit drafts from plain data: headless entry (`tiepdan visit add`), one JSON object per visit.

The keys are the field names of ``VisitDraft``, ``ParticipantInput`` (with the person under
``"citizen"``, whose keys are those of ``CitizenInput``) and ``DocumentInput``; enum values are
the codes as stored (``"complaint"``, ``"cccd"``); dates are ISO (``"1970-05-01"``), moments ISO
date and time (``"2026-11-30T09:15"``, Viet Nam time unless an offset is given). A participant
without ``"role"`` takes the role the form gives (``participant_role``). Whatever cannot be read
is a ValidationError keyed like the form's fields (``participants.0.birth_year``, ``documents.1.pages``;
``""`` for the line as a whole), never another exception. Each visit is then saved exactly as the
form saves it (``register_visit``), in its own transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import json
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from db.enums import Classification
from desktop.core.access import Actor, acting
from desktop.core.database import Database
from desktop.core.errors import ValidationError, known_error
from desktop.core.i18n import _
from desktop.core.office import get_setting
from desktop.core.reception.visits import (
    CitizenInput,
    DocumentInput,
    ParticipantInput,
    VisitDraft,
    participant_role,
    register_visit,
)
from desktop.core.settings_keys import Setting

# The integer columns are 32-bit on PostgreSQL: a larger number cannot be stored anywhere.
MAX_INTEGER = 2**31 - 1
_NESTED = {"participants", "documents", "citizen", "role"}  # read by hand (the role has a default by classification)
_BAD = object()  # a value that could not be read (its error is recorded)


@dataclass(frozen=True)
class LineResult:
    """One visit of a file: its number once saved, else why not (errors by field key)."""

    line: int
    number: str | None = None
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)

    @property
    def saved(self) -> bool:
        return self.number is not None

    def as_json(self) -> dict[str, object]:
        return {"line": self.line, "number": self.number, "errors": self.errors, "warnings": self.warnings}


def read_visits(data: bytes, *, document: bool) -> list[tuple[int, object]]:
    """The visits of a file with their line numbers; an unreadable one is a ValidationError in its place.

    ``document``: the whole file is one JSON value, a visit or a list of visits (numbered from 1);
    otherwise JSON Lines, one visit per line (blank lines skipped, numbered as in the file).
    """
    if document:
        return _read_document(data)
    items: list[tuple[int, object]] = []
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        if raw.strip():
            items.append((number, _parse(raw, _("This line is not valid JSON (column {column}).").format)))
    return items


def _read_document(data: bytes) -> list[tuple[int, object]]:
    value = _parse(data.removeprefix(b"\xef\xbb\xbf"), _("The file is not valid JSON (column {column}).").format)
    if isinstance(value, list):
        return list(enumerate(value, start=1))
    return [(1, value)]


def _parse(raw: bytes, message: Callable[..., str]) -> object:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ValidationError({"": _("This line is not UTF-8 text.")})
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        return ValidationError({"": message(column=exc.colno)})
    except (ValueError, RecursionError):  # a number of thousands of digits, nesting beyond the parser
        return ValidationError({"": message(column=1)})


def _no_constant(name: str) -> object:
    raise ValueError(name)  # NaN and Infinity are not JSON


def add_visit(
    database: Database, line: int, item: object, *, desk_code: str, actor: Actor, now: dt.datetime | None = None
) -> LineResult:
    """Read and save one visit in its own transaction; a refusal is the line's result, not an exception.

    ``item``: a value of ``read_visits``. Without ``receptionist_name`` the visit takes the desk's
    receptionist, as the form does.
    """
    try:
        if isinstance(item, ValidationError):
            raise item
        draft = draft_from_dict(item)
        with database.sessions.begin() as session:
            acting(session, actor)
            if not draft.receptionist_name:  # as the form does: the desk's receptionist
                draft = replace(draft, receptionist_name=get_setting(session, Setting.RECEPTIONIST))
            saved = register_visit(session, draft, desk_code=desk_code, actor=actor, now=now)
    except ValidationError as exc:
        return LineResult(line, errors=exc.errors)
    except Exception as exc:
        known = known_error(exc)
        if known is None:
            raise  # a bug: its traceback is what a report needs
        return LineResult(line, errors={"": str(known)})
    return LineResult(line, number=saved.visit.serial, warnings=saved.warnings)


def draft_from_dict(data: object) -> VisitDraft:
    """The visit draft ``data`` describes; raises ValidationError with every key that cannot be read."""
    if not isinstance(data, dict):
        raise ValidationError({"": _("A visit is a JSON object whose keys are its fields.")})
    errors: dict[str, str] = {}
    values = _fields(VisitDraft, data, "", errors)
    participants = _list(data, "participants", errors)
    classification = values.get("classification")
    people = [_participant(raw, index, classification, errors) for index, raw in enumerate(participants)]
    documents = [_document(raw, index, errors) for index, raw in enumerate(_list(data, "documents", errors))]
    if "participants" not in data:
        errors.setdefault("participants", _("This field is required."))
    if errors:
        raise ValidationError(errors)
    return VisitDraft(**values, participants=tuple(people), documents=tuple(documents))


def _participant(raw: object, index: int, classification: object, errors: dict[str, str]) -> Any:
    prefix = f"participants.{index}."
    if not isinstance(raw, dict):
        errors[prefix.rstrip(".")] = _("Expected an object.")
        return None
    values = _fields(ParticipantInput, raw, prefix, errors)
    citizen = raw.get("citizen", _BAD)
    if not isinstance(citizen, dict):
        errors[prefix + "citizen"] = _("This field is required.") if citizen is _BAD else _("Expected an object.")
        return None
    person = _fields(CitizenInput, citizen, prefix, errors)
    role = _role(raw, classification, values.get("is_representative", False), prefix, errors)
    if errors or role is _BAD:
        return None
    return ParticipantInput(citizen=CitizenInput(**person), role=role, **values)


def _role(
    raw: dict[str, Any], classification: object, representative: bool, prefix: str, errors: dict[str, str]
) -> Any:
    """The role given, else the one the form gives people of this classification."""
    if "role" in raw:
        return _value(raw["role"], ParticipantInput, "role", prefix + "role", errors)
    if isinstance(classification, Classification):
        return participant_role(classification, is_representative=representative)
    return _BAD  # the classification is missing or wrong, and said so


def _document(raw: object, index: int, errors: dict[str, str]) -> Any:
    prefix = f"documents.{index}."
    if not isinstance(raw, dict):
        errors[prefix.rstrip(".")] = _("Expected an object.")
        return None
    values = _fields(DocumentInput, raw, prefix, errors)
    return None if errors else DocumentInput(**values)


def _list(data: dict[str, Any], key: str, errors: dict[str, str]) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        errors[key] = _("Expected a list.")
        return []
    return value


def _fields(cls: type, data: dict[str, Any], prefix: str, errors: dict[str, str]) -> dict[str, Any]:
    """The scalar fields of dataclass ``cls`` read from ``data``: unknown keys and missing required ones are errors."""
    names = {f.name: f for f in dataclasses.fields(cls)}
    for key in data:
        if key not in names:
            errors[prefix + key] = _("Unknown field.")
    values: dict[str, Any] = {}
    for name, spec in names.items():
        if name in _NESTED:
            continue
        if name not in data:
            if spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING:
                errors[prefix + name] = _("This field is required.")
            continue
        value = _value(data[name], cls, name, prefix + name, errors)
        if value is not _BAD:
            values[name] = value
    return values


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _value(value: object, cls: type, name: str, key: str, errors: dict[str, str]) -> object:
    hint = _hints(cls)[name]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        if value is None:
            return None
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
    read = _READERS.get(hint) or (_enum if isinstance(hint, type) and issubclass(hint, enum.Enum) else None)
    if read is None:
        raise TypeError(f"no reader for {hint!r}")  # a field type added to the draft without one
    result, message = read(value, hint)
    if message:
        errors[key] = message
        return _BAD
    return result


def _text(value: object, _hint: object) -> tuple[object, str]:
    if not isinstance(value, str):
        return None, _("Expected text.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (\ud800) is no character at all
        return None, _("This text holds an invalid character.")
    return value, ""


def _integer(value: object, _hint: object) -> tuple[object, str]:
    if not isinstance(value, int) or isinstance(value, bool):
        return None, _("Expected a whole number.")
    if abs(value) > MAX_INTEGER:
        return None, _("This number is too large.")
    return value, ""


def _boolean(value: object, _hint: object) -> tuple[object, str]:
    return (value, "") if isinstance(value, bool) else (None, _("Expected true or false."))


def _date(value: object, _hint: object) -> tuple[object, str]:
    try:
        return dt.date.fromisoformat(value), ""  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None, _("Expected a date as YYYY-MM-DD.")


def _moment(value: object, _hint: object) -> tuple[object, str]:
    try:
        return dt.datetime.fromisoformat(value), ""  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None, _("Expected a date and time as YYYY-MM-DDTHH:MM.")


def _enum(value: object, hint: type[enum.Enum]) -> tuple[object, str]:
    codes = [member.value for member in hint]
    if isinstance(value, str) and value in codes:
        return hint(value), ""
    return None, _("Expected one of: {codes}.").format(codes=", ".join(codes))


_READERS: dict[object, Callable[[object, Any], tuple[object, str]]] = {
    str: _text,
    int: _integer,
    bool: _boolean,
    dt.date: _date,
    dt.datetime: _moment,
}


def known_keys() -> dict[str, tuple[str, ...]]:
    """The keys a line may hold, by object (what the README documents)."""
    return {
        "visit": tuple(f.name for f in dataclasses.fields(VisitDraft)),
        "participant": tuple(f.name for f in dataclasses.fields(ParticipantInput)),
        "citizen": tuple(f.name for f in dataclasses.fields(CitizenInput)),
        "document": tuple(f.name for f in dataclasses.fields(DocumentInput)),
    }
