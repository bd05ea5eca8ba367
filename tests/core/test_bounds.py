"""Issue 8: input bounded at the door - lengths from the columns, text rules, sane dates and counts."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Text, func, select

from db.enums import IdType, Outcome, ParticipantRole, PetitionDecision, ReceivedBy, ReceptionKind
from db.models import Citizen, Office, Visit
from desktop.core import bounds
from desktop.core.cases.fields import save_field
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.petitions import register_petition
from desktop.core.database import Database
from desktop.core.deadlines.calendar import load_overrides, parse_overrides
from desktop.core.deadlines.office_days import store_day
from desktop.core.errors import AppError, ValidationError
from desktop.core.formatting import as_utc, local, short_datetime
from desktop.core.office import EXAMPLE_OFFICE, SignerProfile, check_office, check_receptionist, save_office
from desktop.core.reception.conclusions import issue_conclusion, record_result
from desktop.core.reception.validation import normalise_id_number, normalise_phone
from desktop.core.reception.visits import (
    DocumentInput,
    ParticipantInput,
    register_visit,
    validate_citizen,
    validate_visit,
)
from desktop.core.text import ascii_digits, clean, clean_lines, digits, number_key, storable, title_name
from tests.builders import ADMIN, make_citizen, make_draft, make_petition_draft

NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 5)


def _errors(draft: object) -> dict[str, str]:
    return validate_visit(draft, now=NOW).errors  # type: ignore[arg-type]


# -- one source of truth ---------------------------------------------------------------------


def test_lengths_are_read_from_the_column_definitions() -> None:
    assert bounds.CITIZEN["full_name"].max_length == Citizen.__table__.c.full_name.type.length == 200
    assert bounds.CITIZEN["id_number"].max_length == Citizen.__table__.c.id_number.type.length == 20
    assert bounds.VISIT["appointment_place"].max_length == Visit.__table__.c.appointment_place.type.length
    assert isinstance(Visit.__table__.c.content_summary.type, Text)
    assert bounds.VISIT["content_summary"] == bounds.TextBound(bounds.TEXT_MAX, multiline=True)
    # The symbol leaves room for "123456/PĐX-" in the issued document's number (40).
    assert bounds.OFFICE["number_symbol"].max_length == 40 - bounds.NUMBER_PREFIX
    assert Office.__table__.c.number_symbol.type.length == 40


def test_every_mapping_holds_only_bounds() -> None:
    mappings = (
        bounds.CITIZEN,
        bounds.VISIT,
        bounds.DOCUMENT,
        bounds.PETITION,
        bounds.OFFICE,
        bounds.SIGNER,
        bounds.DESK,
        bounds.CASE_STEP,
        bounds.DECISION,
        bounds.CONCLUSION,
        bounds.RESULT,
        bounds.FIELD_OF_LAW,
        bounds.CALENDAR_DAY,
    )
    for mapping in mappings:
        assert all(0 < bound.max_length <= bounds.TEXT_MAX for bound in mapping.values())
        with pytest.raises(TypeError):
            mapping["x"] = bounds.TextBound(1)  # type: ignore[index]


# -- text ------------------------------------------------------------------------------------


def test_clean_takes_out_format_characters_so_an_invisible_name_is_empty() -> None:
    assert clean("\u200b") == ""
    assert clean("Ng\u200buy\u00adễn\u200f Văn\ufeff") == "Nguyễn Văn"
    issues = validate_citizen(make_citizen(full_name="\u200b \u200d"), TODAY)
    assert issues.errors["full_name"] == validate_citizen(make_citizen(full_name=""), TODAY).errors["full_name"]


@given(st.text())
def test_clean_is_nfc_idempotent_and_free_of_format_characters(text: str) -> None:
    cleaned = clean(text)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert clean(cleaned) == cleaned
    assert not any(unicodedata.category(ch) == "Cf" for ch in cleaned)


@given(st.text())
def test_title_name_is_nfc_after_its_case_mapping(text: str) -> None:
    assert unicodedata.is_normalized("NFC", title_name(text))


def test_title_name_normalises_after_upper_case() -> None:
    # U+0390 has no precomposed capital: upper() gives three characters, NFC composes two of them.
    assert title_name("ΐa") == unicodedata.normalize("NFC", "ΐ".upper() + "a")
    assert title_name(unicodedata.normalize("NFD", "nguyễn văn ân")) == "Nguyễn Văn Ân"


def test_storable_refuses_controls_and_lone_surrogates() -> None:
    assert storable("Nguyễn Văn Ân 😀")
    assert not storable("a\x00b")
    assert not storable("a\ud800")
    assert not storable("a\tb")
    assert storable("a\tb\r\nc", multiline=True)
    assert not storable("a\x1bb", multiline=True)


def test_digits_of_any_script_become_ascii() -> None:
    assert ascii_digits("０９１２ ٣٤٥ ۶۷۸ ९") == "0912 345 678 9"
    assert digits("０９１２.３４５.６７８") == "0912345678"
    assert digits("²³") == ""  # superscripts are no digits of a number
    assert normalise_id_number(IdType.CCCD, "０８９１８５０００１２３") == "089185000123"
    assert normalise_id_number(IdType.PASSPORT, "c١٢٣٤٥٦٧") == "C1234567"
    assert normalise_phone("٠٩١٢٣٤٥٦٧٨") == "0912345678"


def test_clean_lines_keeps_one_line_per_line() -> None:
    assert clean_lines("\n a\u200b  b \n\n" + unicodedata.normalize("NFD", "ệ") + "\n\n") == "a b\n\nệ"


def test_number_key_of_unstorable_text_numbers_nothing() -> None:
    assert number_key(" d01-2026-000001 ") == "D01-2026-000001"
    assert number_key("D01\x00") == ""
    assert number_key("D01\udc80") == ""


# -- the visit -------------------------------------------------------------------------------


def test_a_name_too_long_for_its_column_is_refused_with_its_limit() -> None:
    errors = _errors(make_draft(make_citizen(full_name="a" * 201)))
    assert "200" in errors["participants.0.full_name"]
    assert "participants.0.full_name" not in _errors(make_draft(make_citizen(full_name="a" * 200)))


def test_a_name_that_grows_in_upper_case_is_measured_as_stored() -> None:
    # Each word "ß" is capitalised "SS": 139 characters typed, 209 stored.
    assert "participants.0.full_name" in _errors(make_draft(make_citizen(full_name=" ".join(["ß"] * 70))))
    # "ﬃ" folds to "ffi" in the search key: the name fits, its key (400) would not.
    assert "participants.0.full_name" in _errors(make_draft(make_citizen(full_name="a" + "ﬃ" * 150)))


def test_a_nul_byte_or_a_broken_character_is_refused_under_its_field() -> None:
    errors = _errors(make_draft(make_citizen(address_detail="Số 12\x00"), content_summary="Khiếu nại \ud800"))
    assert "participants.0.address_detail" in errors
    assert "content_summary" in errors


def test_line_breaks_only_where_the_field_has_lines() -> None:
    assert "participants.0.full_name" in _errors(make_draft(make_citizen(full_name="Nguyễn\tVăn")))
    assert "content_summary" not in _errors(make_draft(content_summary="Dòng một\n\tDòng hai"))


def test_a_name_needs_a_letter() -> None:
    assert "participants.0.full_name" in _errors(make_draft(make_citizen(full_name="123 ...")))
    assert "participants.0.full_name" not in _errors(make_draft(make_citizen(full_name="Lê Văn 2")))


def test_dates_outside_their_range_are_refused_never_overflow() -> None:
    assert "received_at" in _errors(make_draft(received_at=dt.datetime(1, 1, 1)))
    assert "received_at" in _errors(make_draft(received_at=dt.datetime(2014, 6, 30, 16, 0)))
    assert "received_at" in _errors(make_draft(received_at=dt.datetime.max))
    assert "participants.0.birth_date" in _errors(make_draft(make_citizen(birth_date=dt.date(1899, 12, 31))))
    assert "participants.0.id_issue_date" in _errors(make_draft(make_citizen(id_issue_date=dt.date(1, 1, 1))))
    assert "participants.0.id_issue_date" in _errors(
        make_draft(make_citizen(birth_year=1985, id_issue_date=dt.date(1984, 12, 31)))
    )


def test_an_appointment_is_within_a_year_of_the_visit() -> None:
    def appointment(at: dt.datetime) -> dict[str, str]:
        return _errors(make_draft(outcome=Outcome.APPOINTMENT, appointment_at=at, appointment_place="Phòng tiếp"))

    assert "appointment_at" not in appointment(dt.datetime(2027, 3, 1, 9, 0))
    assert "appointment_at" in appointment(dt.datetime(2027, 3, 7, 9, 0))
    assert "appointment_at" in appointment(dt.datetime.max)


def test_counts_that_would_not_fit_an_integer_column_are_refused() -> None:
    too_many = make_draft(documents=(DocumentInput("Đơn", 2**63),))
    assert "documents.0.pages" in _errors(too_many)
    assert "documents.0.pages" not in _errors(make_draft(documents=(DocumentInput("Đơn", bounds.MAX_PAGES),)))
    assert "head_count" in _errors(make_draft(is_delegation=True, head_count=10**30))


def test_a_record_names_a_bounded_number_of_people_and_documents(any_database: Database) -> None:
    """A runaway paste of 101 people or 201 documents is refused under the list, and nothing is saved."""
    people = tuple(
        ParticipantInput(make_citizen(id_number=f"0891850{n:05d}", full_name=f"Nguyễn Văn {chr(65 + n % 26)}"), role)
        for n in range(bounds.MAX_PEOPLE + 1)
        for role in (ParticipantRole.COMPLAINANT,)
    )
    draft = make_draft(participants=people, is_delegation=True, head_count=bounds.MAX_PEOPLE + 1)
    assert "participants" in _errors(draft)
    assert "participants" not in _errors(make_draft(participants=people[: bounds.MAX_PEOPLE], is_delegation=True))
    documents = tuple(DocumentInput(f"Tài liệu {n}", 1) for n in range(bounds.MAX_DOCUMENTS + 1))
    assert "documents" in _errors(make_draft(documents=documents))
    assert "documents" not in _errors(make_draft(documents=documents[:-1]))
    senders = tuple(make_citizen(id_number=f"0891850{n:05d}") for n in range(bounds.MAX_PEOPLE + 1))
    with pytest.raises(ValidationError) as error, any_database.sessions.begin() as session:
        register_petition(
            session, make_petition_draft(senders=senders), desk_code="D01", today=dt.date(2026, 3, 9), actor=ADMIN
        )
    assert "senders" in error.value.errors
    with pytest.raises(ValidationError), any_database.sessions.begin() as session:
        register_visit(session, make_draft(documents=documents), desk_code="D01", actor=ADMIN)
    with any_database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 0


def test_digits_typed_in_another_script_are_stored_in_ascii(any_database: Database) -> None:
    citizen = make_citizen(id_number="０８９１８５０００１２３", phone="٠٩١٢٣٤٥٦٧٨")
    with any_database.sessions.begin() as session:
        register_visit(session, make_draft(citizen), desk_code="D01", now=NOW, actor=ADMIN)
    with any_database.sessions() as session:
        stored = session.scalars(select(Citizen)).one()
    assert (stored.id_number, stored.phone) == ("089185000123", "0912345678")


# -- the other entry points ------------------------------------------------------------------


def test_the_office_profile_refuses_by_field() -> None:
    profile = EXAMPLE_OFFICE.__class__(
        **{**EXAMPLE_OFFICE.__dict__, "number_symbol": "B" * 30, "address": "Số 5\x00"},
    )
    profile = profile.__class__(**{**profile.__dict__, "signers": (SignerProfile("123", "Trưởng ban"),)})
    errors = check_office(profile)
    assert set(errors) == {"number_symbol", "address", "signers.0.full_name"}
    assert check_receptionist("Trần Văn Hùng") == {}
    assert "receptionist_name" in check_receptionist("\x00")


def test_a_refused_office_profile_changes_nothing(any_database: Database) -> None:
    with any_database.sessions.begin() as session, pytest.raises(ValidationError):
        save_office(session, EXAMPLE_OFFICE.__class__(**{**EXAMPLE_OFFICE.__dict__, "phone": "0" * 41}))


def test_decisions_conclusions_fields_and_days_refuse_by_field(database: Database) -> None:
    with database.sessions.begin() as session:
        number = register_petition(session, make_petition_draft(), desk_code="D01", today=TODAY, actor=ADMIN).number
    with database.sessions() as session, pytest.raises(ValidationError) as refused:
        decide_petition(
            session,
            number,
            PetitionDecision.ARCHIVE,
            on=TODAY,
            desk_code="D01",
            note="Lưu\x00",
            today=TODAY,
            actor=ADMIN,
        )
    assert set(refused.value.errors) == {"decision_note"}
    with database.sessions() as session, pytest.raises(ValidationError) as refused:
        save_field(session, "ĐĐ\x00", "x" * 201)
    assert set(refused.value.errors) == {"code", "name"}
    with database.sessions() as session, pytest.raises(ValidationError) as refused:
        store_day(session, dt.date(2091, 1, 1), is_day_off=True, name="Nghỉ")
    assert set(refused.value.errors) == {"day"}


def test_a_leader_s_directions_and_result_are_bounded_and_kept_clean(database: Database) -> None:
    draft = make_draft(
        reception_kind=ReceptionKind.PERIODIC, received_by=ReceivedBy.LEADER, leader_name="Nguyễn Văn Bình"
    )
    with database.sessions.begin() as session:
        serial = register_visit(session, draft, desk_code="D01", now=NOW, actor=ADMIN).visit.serial
    with database.sessions() as session, pytest.raises(ValidationError) as refused:
        issue_conclusion(
            session,
            serial,
            directions="Giao Sở\x00",
            bodies="Sở Tư pháp",
            due_on=TODAY + dt.timedelta(days=400),
            data_dir=database.data_dir,
            today=TODAY,
        )
    assert set(refused.value.errors) == {"directions", "due_on"}
    with database.sessions.begin() as session:
        issued = issue_conclusion(
            session,
            serial,
            directions=unicodedata.normalize("NFD", "1. Giao Sở Tài nguyên\u200b kiểm tra"),
            bodies="Sở Tài nguyên",
            due_on=TODAY + dt.timedelta(days=20),
            data_dir=database.data_dir,
            today=TODAY,
        )
    assert issued.conclusion.directions == ("Giao Sở Tài nguyên kiểm tra",)
    with database.sessions.begin() as session:
        view = record_result(
            session,
            issued.conclusion.id,
            result_on=TODAY,
            note=unicodedata.normalize("NFD", "Đã kiểm tra\n\nKết quả tốt "),
            today=TODAY,
        )
    assert view.result_note == "Đã kiểm tra\n\nKết quả tốt"


def test_a_calendar_file_without_years_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        parse_overrides({"label": "Xã A"}, "thử")
    with pytest.raises(ValidationError):
        parse_overrides({"years": {"2027": {"days_off": 5}}}, "thử")
    path = tmp_path / "office.json"
    path.write_text('{"label": "Xã A"}', encoding="utf-8")
    with pytest.raises(AppError):
        load_overrides(path)


def test_moments_at_the_ends_of_the_calendar_never_overflow() -> None:
    assert as_utc(dt.datetime(1, 1, 1)).year == 1
    assert local(dt.datetime.max.replace(tzinfo=dt.UTC)).year == 9999
    assert short_datetime(dt.datetime.max.replace(tzinfo=dt.UTC)) == "31/12/9999 23:59"
