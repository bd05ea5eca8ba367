"""Telling a refused row from an outage and a bug, the reason without the row's values, what it holds back."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass, field

import psycopg
import pytest
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, ProgrammingError, StatementError

from db.enums import ChangeOp
from db.sync import shared_tables
from desktop.core.i18n import _
from desktop.core.office_mode.refusal import (
    DEPENDS,
    HeldBack,
    Reason,
    Refusal,
    column_fault,
    is_outage,
    is_refusal,
    scrub,
)
from desktop.core.office_mode.rejections import reason_text

TABLES = {table.name: table for table in shared_tables()}


def wrapped(kind: type[Exception], orig: Exception) -> Exception:
    return kind("INSERT INTO citizen ...", {"full_name": "Nguyễn Văn An"}, orig)  # type: ignore[call-arg]


def test_refusals_outages_and_bugs_are_told_apart() -> None:
    too_long = wrapped(DataError, psycopg.errors.StringDataRightTruncation("value too long"))
    duplicate = wrapped(IntegrityError, psycopg.errors.UniqueViolation("duplicate key"))
    cut = wrapped(OperationalError, psycopg.OperationalError("server closed the connection unexpectedly"))
    bug = wrapped(ProgrammingError, psycopg.errors.UndefinedColumn('column "x" does not exist'))
    encoding = UnicodeEncodeError("utf-8", "\udc80", 0, 1, "surrogates not allowed")
    surrogate = StatementError("encode", "INSERT INTO citizen ...", None, encoding)
    assert [is_refusal(exc) for exc in (too_long, duplicate, surrogate, encoding, cut, bug)] == [True] * 4 + [False] * 2
    assert is_outage(cut)  # type: ignore[arg-type]
    assert not is_outage(bug)  # type: ignore[arg-type]
    assert not is_outage(too_long)  # type: ignore[arg-type]
    local = wrapped(IntegrityError, sqlite3.IntegrityError("UNIQUE constraint failed"))
    assert not is_refusal(local)  # the desk's own SQLite: not the server refusing a pushed row


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"full_name": "A" * 201}, "too_long:full_name:200"),
        ({"full_name": "An", "address_detail": "Số 7\x00"}, "nul_character:address_detail:"),
        ({"id_number": "\udc80"}, "bad_character:id_number:"),
        ({"birth_year": 2**40}, "out_of_range:birth_year:"),
        ({"full_name": "Nguyễn Văn An", "id_number": "089185000123"}, None),
    ],
)
def test_the_column_at_fault_is_found_in_the_row(values: dict[str, object], code: str | None) -> None:
    fault = column_fault(TABLES["citizen"], values)
    assert (fault.code if fault else None) == code


def test_the_drivers_message_keeps_schema_names_and_drops_values() -> None:
    message = 'duplicate key value violates unique constraint "uq_field_of_law_code"\nDETAIL:  Key (code)=(GD) exists.'
    assert scrub(message, {"uq_field_of_law_code"}) == message.splitlines()[0]
    assert scrub('invalid input syntax for type integer: "Nguyễn"') == 'invalid input syntax for type integer: "…"'
    assert Reason.parse("refused:22P02:a: b").detail == "a: b"


def test_reasons_in_words_name_the_field_and_the_limit() -> None:
    assert "200" in reason_text("too_long:full_name:200")
    assert reason_text("duplicate:uq_field_of_law_code:") != "duplicate:uq_field_of_law_code:"
    missing = reason_text("missing_reference:fk_visit_participant_citizen_id_citizen:")
    assert _("Citizen").lower() in missing
    referred = reason_text("still_referenced:fk_visit_participant_citizen_id_citizen:")
    assert _("Visit participant").lower() in referred
    assert _("record") in reason_text("missing_reference:no_such_constraint:")
    assert reason_text("refused:22P02:invalid input").endswith("invalid input")


@dataclass(frozen=True)
class Entry:
    seq: int
    entity: str
    op: ChangeOp
    entity_id: uuid.UUID = field(default_factory=uuid.uuid4)
    payload: dict[str, object] = field(default_factory=dict)


def test_a_refused_citizen_holds_back_its_participant_its_visit_and_the_visit_s_rows() -> None:
    visit = Entry(1, "visit", ChangeOp.INSERT)
    good = Entry(2, "citizen", ChangeOp.INSERT)
    bad = Entry(3, "citizen", ChangeOp.INSERT)
    first = Entry(4, "visit_participant", ChangeOp.INSERT, payload={"visit_id": str(visit.entity_id)})
    second = Entry(
        5,
        "visit_participant",
        ChangeOp.INSERT,
        payload={"visit_id": str(visit.entity_id), "citizen_id": str(bad.entity_id)},
    )
    document = Entry(6, "received_document", ChangeOp.INSERT, payload={"visit_id": str(visit.entity_id)})
    other = Entry(7, "visit", ChangeOp.INSERT)
    fix = Entry(8, "citizen", ChangeOp.UPDATE, entity_id=bad.entity_id)
    entries = [visit, good, bad, first, second, document, other, fix]
    held = HeldBack(TABLES)
    refused = held.set_aside(entries, {3: Reason("too_long", "full_name", "200")})
    assert sorted(refused) == [1, 3, 4, 5, 6, 8]  # the other citizen and the other visit go
    assert refused[3].reason == "too_long:full_name:200"
    assert (refused[5].reason, refused[5].because) == (DEPENDS, 3)
    assert refused[1].because == 5  # the visit waits for its refused participant
    assert refused[8].because == 3
    later = Entry(9, "visit_participant", ChangeOp.INSERT, payload={"citizen_id": str(bad.entity_id)})
    assert held.dependants([later, Entry(10, "visit", ChangeOp.INSERT)]) == {9: Refusal(DEPENDS, 3)}
