"""Visit drafts from JSON: every key of the draft, every malformed value an error keyed like the form's fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import func, select

from db.enums import Classification, CopyKind, IdentityAnswer, IdType, Outcome, ParticipantRole, Sex
from db.models import Citizen, Visit
from desktop.core.access import NOBODY
from desktop.core.database import Database
from desktop.core.errors import ValidationError
from desktop.core.office import set_setting
from desktop.core.reception.book import visit_detail
from desktop.core.reception.citizens import identity_question_text
from desktop.core.reception.drafts import MAX_INTEGER, add_visit, draft_from_dict, known_keys, read_visits
from desktop.core.reception.visits import CitizenInput, DocumentInput, ParticipantInput, VisitDraft
from desktop.core.settings_keys import Setting
from tests.builders import ADMIN

NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)
EXAMPLE: dict[str, Any] = {
    "received_at": "2026-11-30T09:15",
    "classification": "complaint",
    "content_summary": "Khiếu nại quyết định thu hồi đất",
    "outcome": "guide",
    "participants": [
        {
            "role": "complainant",
            "citizen": {
                "full_name": "Nguyễn Văn Tố",
                "sex": "male",
                "birth_year": 1970,
                "id_type": "cccd",
                "id_number": "089070001234",
                "phone": "0912345678",
                "address_detail": "Số 12, ấp Mỹ Thới",
            },
        }
    ],
    "documents": [{"name": "Đơn khiếu nại", "pages": 2, "copy_kind": "photocopy"}],
}


def _with(**changes: Any) -> dict[str, Any]:
    return json.loads(json.dumps({**EXAMPLE, **changes}))


def _citizen(**changes: Any) -> dict[str, Any]:
    data = _with()
    data["participants"][0]["citizen"].update(changes)
    return data


def _errors(data: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        draft_from_dict(data)
    return caught.value.errors


def test_the_issue_s_example_is_the_draft_the_form_would_make() -> None:
    draft = draft_from_dict(EXAMPLE)
    assert draft == VisitDraft(
        participants=(
            ParticipantInput(
                CitizenInput(
                    full_name="Nguyễn Văn Tố",
                    sex=Sex.MALE,
                    birth_year=1970,
                    id_type=IdType.CCCD,
                    id_number="089070001234",
                    phone="0912345678",
                    address_detail="Số 12, ấp Mỹ Thới",
                ),
                ParticipantRole.COMPLAINANT,
            ),
        ),
        classification=Classification.COMPLAINT,
        content_summary="Khiếu nại quyết định thu hồi đất",
        outcome=Outcome.GUIDE,
        received_at=dt.datetime(2026, 11, 30, 9, 15),
        documents=(DocumentInput("Đơn khiếu nại", 2, CopyKind.PHOTOCOPY),),
    )


def test_every_field_of_the_draft_can_be_given() -> None:
    data = _with(
        reception_kind="periodic",
        received_by="leader",
        leader_name="Nguyễn Văn Bình",
        by_deputy=True,
        requests="Hủy quyết định",
        prior_resolution="Chưa",
        is_delegation=True,
        head_count=6,
        outcome="appointment",
        outcome_note="Mang theo bản chính",
        appointment_at="2026-12-03T08:00+07:00",
        appointment_place="Trụ sở",
        appointment_with="Lãnh đạo Ban",
        receptionist_name="Trần Thị Mai",
        repeat_of="D01-2026-000007",
        repeat_checked=True,
    )
    data["participants"][0].update(is_representative=True)
    data["participants"][0]["citizen"].update(
        birth_date="1970-05-01",
        id_issue_date="2021-04-12",
        id_issue_place="Cục Cảnh sát QLHC về TTXH",
        old_id_number="351234567",
        province_code=91,
        commune_code=30313,
        ethnicity="Kinh",
        nationality="Việt Nam",
        identity_answer="typing_mistake",
    )
    draft = draft_from_dict(data)
    given = {name for name in data if name not in ("participants", "documents")}
    assert given == set(known_keys()["visit"]) - {"participants", "documents"}
    assert set(data["participants"][0]["citizen"]) == set(known_keys()["citizen"])
    assert draft.appointment_at == dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    person = draft.participants[0]
    assert person.is_representative
    assert person.citizen.identity_answer == IdentityAnswer.TYPING_MISTAKE
    assert person.citizen.birth_date == dt.date(1970, 5, 1)


def test_without_a_role_a_person_takes_the_form_s() -> None:
    data = _with(classification="denunciation")
    del data["participants"][0]["role"]
    assert draft_from_dict(data).participants[0].role == ParticipantRole.DENOUNCER
    data["participants"][0]["is_representative"] = True
    assert draft_from_dict(data).participants[0].role == ParticipantRole.REPRESENTATIVE


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (_with(colour="red"), "colour"),
        (_with(classification="khiếu nại"), "classification"),
        (_with(received_at="30/11/2026 09:15"), "received_at"),
        (_with(received_at=20261130), "received_at"),
        (_with(head_count="6"), "head_count"),
        (_with(head_count=6.0), "head_count"),
        (_with(head_count=2**63), "head_count"),
        (_with(is_delegation=1), "is_delegation"),
        (_with(content_summary=None), "content_summary"),
        (_with(content_summary=["a"]), "content_summary"),
        (_with(participants={"citizen": {}}), "participants"),
        (_with(participants=["Nguyễn Văn Tố"]), "participants.0"),
        (_with(participants=[{"role": "complainant"}]), "participants.0.citizen"),
        (_with(participants=[{"citizen": "Nguyễn Văn Tố"}]), "participants.0.citizen"),
        (_with(participants=[{"citizen": {"full_name": "A"}, "role": "boss"}]), "participants.0.role"),
        (_with(participants=[{"citizen": {"full_name": "A"}, "full_name": "A"}]), "participants.0.full_name"),
        (_with(documents=[{"name": "Đơn", "pages": "2"}]), "documents.0.pages"),
        (_with(documents=[{"pages": 2}]), "documents.0.name"),
        (_with(documents=[{"name": "Đơn", "copy": "original"}]), "documents.0.copy"),
        (_citizen(birth_date="1970-13-01"), "participants.0.birth_date"),
        (_citizen(birth_date="01/05/1970"), "participants.0.birth_date"),
        (_citizen(birth_year="1970"), "participants.0.birth_year"),
        (_citizen(birth_year=True), "participants.0.birth_year"),
        (_citizen(sex="M"), "participants.0.sex"),
        (_citizen(id_number=89070001234), "participants.0.id_number"),
        (_citizen(full_name="\ud800"), "participants.0.full_name"),
        (_citizen(identity_answer="yes"), "participants.0.identity_answer"),
        (_citizen(address="Số 12"), "participants.0.address"),
    ],
)
def test_a_malformed_value_is_an_error_of_its_field(data: dict[str, Any], key: str) -> None:
    assert key in _errors(data)


def test_missing_required_keys_are_each_named() -> None:
    assert set(_errors({})) == {"classification", "content_summary", "outcome", "participants"}
    assert set(_errors(_with(participants=[{"citizen": {}}]))) == {"participants.0.full_name"}


@pytest.mark.parametrize("data", [None, 1, "visit", [EXAMPLE], True])
def test_a_line_that_is_not_an_object_is_an_error_of_the_line(data: object) -> None:
    assert set(_errors(data)) == {""}


def test_json_lines_are_numbered_as_in_the_file_and_bad_ones_kept_in_place() -> None:
    items = read_visits(b'\xef\xbb\xbf{"a": 1}\n\n  \nnot json\n{"b": NaN}\n\xff\xfe\n[1]\n', document=False)
    assert [line for line, _item in items] == [1, 4, 5, 6, 7]
    assert items[0][1] == {"a": 1}
    assert [set(item.errors) for _line, item in items[1:4]] == [{""}, {""}, {""}]  # type: ignore[attr-defined]
    assert items[4][1] == [1]


def test_a_json_file_holds_one_visit_or_a_list() -> None:
    assert read_visits(json.dumps(EXAMPLE).encode(), document=True) == [(1, EXAMPLE)]
    assert read_visits(json.dumps([EXAMPLE, 2]).encode(), document=True) == [(1, EXAMPLE), (2, 2)]
    ((line, item),) = read_visits(b"[{", document=True)
    assert line == 1
    assert isinstance(item, ValidationError)


def test_a_line_is_saved_as_the_form_saves_it(database: Database) -> None:
    with database.sessions.begin() as session:
        set_setting(session, Setting.RECEPTIONIST, "Trần Thị Mai")
    result = add_visit(database, 3, EXAMPLE, desk_code="D01", now=NOW, actor=ADMIN)
    assert (result.line, result.number, result.errors, result.warnings) == (3, "D01-2026-000001", {}, {})
    assert result.as_json() == {"line": 3, "number": "D01-2026-000001", "errors": {}, "warnings": {}}
    with database.sessions() as session:
        visit = visit_detail(session, "D01-2026-000001", actor=NOBODY)
    assert visit.receptionist_name == "Trần Thị Mai"
    assert visit.main.full_name == "Nguyễn Văn Tố"


def test_a_refused_line_writes_nothing_and_says_why(database: Database) -> None:
    add_visit(database, 1, EXAMPLE, desk_code="D01", now=NOW, actor=ADMIN)
    other = _citizen(full_name="Lê Thị Khác", sex="female", birth_year=1985)
    refused = add_visit(database, 2, other, desk_code="D01", now=NOW, actor=ADMIN)
    assert (refused.number, refused.errors) == (None, {"participants.0.id_number": identity_question_text()})
    unreadable = add_visit(database, 3, read_visits(b"{", document=False)[0][1], desk_code="D01", now=NOW, actor=ADMIN)
    assert set(unreadable.errors) == {""}
    answered = _citizen(
        full_name="Lê Thị Khác", sex="female", birth_year=1985, identity_answer="same_person_new_details"
    )
    assert add_visit(database, 4, answered, desk_code="D01", now=NOW, actor=ADMIN).number == "D01-2026-000002"
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 2
        assert session.scalars(select(Citizen)).one().full_name == "Lê Thị Khác"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
FIELD_VALUES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text()
    | st.sampled_from(
        ["complaint", "cccd", "male", "photocopy", "2026-11-30", "2026-11-30T09:15", "typing_mistake", "1970-02-30"]
    )
)


def _mutations() -> st.SearchStrategy[dict[str, Any]]:
    """The example with some of its keys (at any level) given other JSON values."""
    keys = [
        *(("", name) for name in known_keys()["visit"]),
        *(("citizen", name) for name in known_keys()["citizen"]),
        *(("document", name) for name in known_keys()["document"]),
        *(("participant", name) for name in known_keys()["participant"]),
    ]
    return st.dictionaries(st.sampled_from(keys), FIELD_VALUES | JSON, max_size=5).map(_mutate)


def _mutate(changes: dict[tuple[str, str], Any]) -> dict[str, Any]:
    data = _with()
    where = {
        "": data,
        "participant": data["participants"][0],
        "citizen": data["participants"][0]["citizen"],
        "document": data["documents"][0],
    }
    for (place, name), value in changes.items():
        target = where[place]
        if isinstance(target, dict):
            target[name] = value
    return data


@settings(max_examples=300, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(JSON, _mutations()))
def test_any_json_gives_a_draft_or_field_errors_never_another_exception(data: object) -> None:
    try:
        draft = draft_from_dict(data)
    except ValidationError as exc:
        errors = exc.errors
    else:
        errors = {}
        assert isinstance(draft, VisitDraft)
    if errors:
        assert all(isinstance(key, str) and isinstance(message, str) for key, message in errors.items())
        return
    assert all(isinstance(p, ParticipantInput) for p in draft.participants)
    assert dataclasses.is_dataclass(draft)


def test_numbers_up_to_the_columns_size_are_read() -> None:
    assert draft_from_dict(_with(head_count=MAX_INTEGER)).head_count == MAX_INTEGER
    assert "head_count" in _errors(_with(head_count=MAX_INTEGER + 1))
