"""Earlier people found while typing, and the earlier visits a new one repeats."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select

from db.enums import Classification, IdType, ParticipantRole, Role
from db.models import Visit
from desktop.core.database import Database
from desktop.core.errors import ValidationError
from desktop.core.office import set_setting
from desktop.core.reception.returning import earlier_people, repeat_candidates, similarity, window_months
from desktop.core.reception.visits import ParticipantInput, register_visit
from desktop.core.settings_keys import Setting
from tests.builders import ADMIN, an_actor, make_citizen, make_draft

JAN = dt.datetime(2026, 1, 10, 2, 0, tzinfo=dt.UTC)
MAR = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)
NOV = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)
LAND = "Khiếu nại Quyết định thu hồi đất số 15/QĐ-UBND của Ủy ban nhân dân xã Mỹ Hòa Hưng"


def _save(database: Database, now: dt.datetime, **overrides: object) -> str:
    with database.sessions.begin() as session:
        return register_visit(session, make_draft(**overrides), desk_code="D01", now=now, actor=ADMIN).visit.serial


def test_found_by_number_by_old_number_and_by_name_with_year(database: Database) -> None:
    first = _save(database, JAN, citizen=make_citizen(old_id_number="351234567"))
    second = _save(database, MAR, content_summary="Đề nghị cấp giấy chứng nhận quyền sử dụng đất")
    with database.sessions() as session:
        by_number = earlier_people(session, actor=ADMIN, id_number="089 185 000 123")
        by_old = earlier_people(session, actor=ADMIN, id_number="351234567")
        by_name = earlier_people(session, actor=ADMIN, name="nguyen thi anh tuyet", birth_year=1985)
        wrong_year = earlier_people(session, actor=ADMIN, name="Nguyễn Thị Ánh Tuyết", birth_year=1986)
        name_only = earlier_people(session, actor=ADMIN, name="Nguyễn Thị Ánh Tuyết")
    assert [p.full_name for p in by_number] == ["Nguyễn Thị Ánh Tuyết"]
    assert by_old == by_number
    assert by_name == by_number
    assert wrong_year == []
    assert name_only == []
    person = by_number[0]
    assert [m.number for m in person.matters] == [second, first]  # newest first
    assert person.old_id_number == "351234567"
    assert person.phone == "0912345678"


def test_petitions_and_open_cases_are_listed(database: Database) -> None:
    from desktop.core.cases.petitions import draft_from_visit, register_petition

    serial = _save(database, JAN)
    with database.sessions.begin() as session:
        petition = register_petition(
            session, draft_from_visit(session, serial, actor=ADMIN), desk_code="D01", actor=ADMIN
        )
    with database.sessions() as session:
        (person,) = earlier_people(session, actor=ADMIN, id_number="089185000123")
    assert {m.kind for m in person.matters} >= {"visit", "petition"}
    assert petition.number in [m.number for m in person.matters]


def test_a_denouncer_is_left_out_for_a_receptionist_not_assigned(database: Database) -> None:
    """Found by the number or the name typed, even a masked row would tell that this person denounced
    someone (and when, and the serial): the panel leaves them out, as search does for a name."""
    serial = _save(
        database,
        JAN,
        classification=Classification.DENUNCIATION,
        participants=(ParticipantInput(make_citizen(), ParticipantRole.DENOUNCER),),
    )
    stranger = an_actor(Role.RECEPTIONIST)
    with database.sessions() as session:
        by_number = earlier_people(session, actor=stranger, id_number="089185000123")
        by_name = earlier_people(session, actor=stranger, name="Nguyễn Thị Ánh Tuyết", birth_year=1985)
        for_admin = earlier_people(session, actor=ADMIN, id_number="089185000123")
    assert by_number == []
    assert by_name == []
    assert for_admin == []  # an administrator never sees a denouncer, even one they recorded
    assert serial


def test_a_denunciation_is_no_repeat_for_a_user_not_assigned(database: Database) -> None:
    """A masked repeat with its score would answer "how alike is my guess to the secret content"."""
    _save(
        database,
        JAN,
        classification=Classification.DENUNCIATION,
        content_summary="Tố cáo cán bộ địa chính xã Mỹ Hòa Hưng nhận tiền",
        participants=(ParticipantInput(make_citizen(), ParticipantRole.DENOUNCER),),
    )
    guess = make_draft(content_summary="Tố cáo cán bộ địa chính xã Mỹ Hòa Hưng nhận tiền")
    with database.sessions() as session:
        found = repeat_candidates(session, guess, actor=an_actor(Role.RECEPTIONIST), now=MAR)
    assert found == []


def test_similar_content_is_a_repeat_within_the_window(database: Database) -> None:
    jan = _save(database, JAN)
    mar = _save(database, MAR, content_summary="Tiếp tục khiếu nại quyết định thu hồi đất số 15/QĐ-UBND xã Mỹ Hòa Hưng")
    _save(database, MAR, content_summary="Tố cáo cán bộ địa chính nhận tiền")
    again = make_draft(content_summary="Khiếu nại QĐ thu hồi đất số 15/QĐ-UBND của UBND xã Mỹ Hòa Hưng")
    with database.sessions() as session:
        found = repeat_candidates(session, again, actor=ADMIN, now=NOV)
        short = repeat_candidates(session, again, actor=ADMIN, now=NOV, months=9)
        stranger = repeat_candidates(
            session, make_draft(make_citizen(id_number="089185000999"), content_summary=LAND), actor=ADMIN, now=NOV
        )
    assert {c.serial for c in found} == {jan, mar}
    assert all(c.score >= 60 for c in found)
    assert [c.serial for c in short] == [mar]  # January is more than 9 months back
    assert stranger == []


def test_a_group_member_brings_the_earlier_visit(database: Database) -> None:
    other = make_citizen(full_name="Lê Văn Tám", id_number="089070000111", sex=make_citizen().sex, birth_year=1970)
    jan = _save(
        database,
        JAN,
        participants=(
            ParticipantInput(make_citizen(), ParticipantRole.COMPLAINANT),
            ParticipantInput(replace(other, sex=other.sex), ParticipantRole.COMPLAINANT),
        ),
    )
    with database.sessions() as session:
        found = repeat_candidates(session, make_draft(other), actor=ADMIN, now=MAR)
    assert [c.serial for c in found] == [jan]


def test_the_window_is_a_desk_setting(database: Database) -> None:
    with database.sessions.begin() as session:
        assert window_months(session) == 12
        set_setting(session, Setting.REPEAT_WINDOW_MONTHS, "3")
    with database.sessions() as session:
        assert window_months(session) == 3


@pytest.mark.parametrize("typed", ["100000", "99999999999", "٣", "-3", "0", "mười"])
def test_a_window_out_of_reason_falls_back_and_never_breaks_the_save(database: Database, typed: str) -> None:
    """A window of a hundred thousand months reaches before year 1: the repeat check, run before
    every save, would crash with an OverflowError."""
    _save(database, JAN)
    with database.sessions.begin() as session:
        set_setting(session, Setting.REPEAT_WINDOW_MONTHS, typed)
    with database.sessions() as session:
        assert 1 <= window_months(session) <= 1200
        repeat_candidates(session, make_draft(), actor=ADMIN, now=NOV)


def test_similarity_ignores_case_marks_and_order() -> None:
    assert similarity("Khiếu nại thu hồi đất", "thu hoi dat khieu nai") == 100
    assert similarity("Khiếu nại thu hồi đất", "Tố cáo cán bộ nhận hối lộ") < 60


def test_the_link_and_the_answer_are_stored(database: Database) -> None:
    jan = _save(database, JAN)
    linked = _save(database, MAR, repeat_of=jan.lower())
    new = _save(database, MAR, repeat_checked=True)
    unasked = _save(database, MAR)
    with database.sessions() as session:
        rows = {v.serial: v for v in session.scalars(select(Visit))}
    assert rows[linked].repeat_of_id == rows[jan].id
    assert rows[linked].repeat_checked
    assert (rows[new].repeat_of_id, rows[new].repeat_checked) == (None, True)
    assert (rows[unasked].repeat_of_id, rows[unasked].repeat_checked) == (None, False)


def test_a_link_to_no_visit_is_refused_and_nothing_saved(database: Database) -> None:
    with pytest.raises(ValidationError) as caught, database.sessions.begin() as session:
        register_visit(session, make_draft(repeat_of="D09-2020-000001"), desk_code="D01", now=MAR, actor=ADMIN)
    assert "repeat_of" in caught.value.errors
    with database.sessions() as session:
        assert session.scalars(select(Visit)).all() == []


def test_an_id_type_other_than_cccd_is_found_too(database: Database) -> None:
    _save(database, JAN, citizen=make_citizen(id_type=IdType.CMND, id_number="351234567"))
    with database.sessions() as session:
        (person,) = earlier_people(session, actor=ADMIN, id_number="351234567")
        found = repeat_candidates(
            session, make_draft(make_citizen(id_number="089185000123", old_id_number="351234567")), actor=ADMIN, now=MAR
        )
    assert person.id_type == IdType.CMND
    assert len(found) == 1


def test_the_panel_withholds_exactly_the_records_the_audit_withholds(database: Database) -> None:
    """withheld_citizens asks only about the records found; it must give what withheld_ids gives for them."""
    from db.models import Citizen
    from desktop.core.confidentiality import withheld_citizens, withheld_ids

    _save(
        database,
        JAN,
        classification=Classification.DENUNCIATION,
        participants=(ParticipantInput(make_citizen(), ParticipantRole.DENOUNCER),),
    )
    _save(
        database,
        MAR,
        participants=(ParticipantInput(make_citizen(id_number="089085001234"), ParticipantRole.COMPLAINANT),),
    )
    with database.sessions() as session:
        citizens = set(session.scalars(select(Citizen.id)))
        assert len(citizens) == 2
        for actor in (an_actor(Role.RECEPTIONIST), ADMIN):
            scoped = withheld_citizens(session, actor, citizens)
            assert scoped == withheld_ids(session, actor) & citizens
            assert len(scoped) == 1  # the denouncer
        assert withheld_citizens(session, ADMIN, []) == frozenset()
