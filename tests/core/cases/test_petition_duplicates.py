"""The question before a petition is saved: the same matter as an earlier petition, or a new one.

Issue 11 ("Returning citizens and duplicates"): the earlier petitions are shown side by side, the
receptionist links the new one as a duplicate or confirms it is new, and the answer is recorded
(``petition.duplicate_checked``) in the same transaction as the petition; on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from db.enums import PetitionKind
from db.models import Petition
from desktop.core.access import NOBODY
from desktop.core.cases.petitions import duplicates_to_ask, ensure_fields, possible_duplicates, register_petition
from desktop.core.database import Database
from tests.builders import ADMIN, make_petition_draft

TODAY = dt.date(2026, 3, 20)
LAND = "Khiếu nại quyết định thu hồi đất số 15/QĐ-UBND xã Mỹ Hòa Hưng"
AGAIN = "Khiếu nại lần nữa quyết định thu hồi đất số 15/QĐ-UBND của xã Mỹ Hòa Hưng"


def _petition(database: Database, **overrides: object) -> str:
    with database.sessions.begin() as session:
        ensure_fields(session)
        return register_petition(
            session, make_petition_draft(**overrides), desk_code="D01", today=TODAY, actor=ADMIN
        ).number


def _rows(database: Database) -> dict[str, Petition]:
    with database.sessions() as session:
        return {p.number: p for p in session.scalars(select(Petition))}


def test_only_the_same_matter_is_asked_about_most_alike_first(any_database: Database) -> None:
    other = _petition(any_database, content_summary="Khiếu nại việc chậm chi trả tiền bồi thường")  # same paper
    land = _petition(any_database, content_summary=LAND)
    close = _petition(any_database, content_summary="Khiếu nại quyết định thu hồi đất của xã")
    years_ago = _petition(any_database, received_on=dt.date(2024, 11, 4), content_summary=LAND)  # out of the window
    draft = make_petition_draft(received_on=dt.date(2026, 3, 10), content_summary=AGAIN)
    with any_database.sessions() as session:
        asked = [p.number for p in duplicates_to_ask(session, draft, actor=NOBODY)]
        # The same paper about something else stays a hint beside the form; it does not stop the save.
        hinted = {p.number for p in possible_duplicates(session, draft, actor=NOBODY)}
        # Answered already: a number in "Same as", or confirmed new - not asked again.
        linked = duplicates_to_ask(session, make_petition_draft(content_summary=AGAIN, duplicate_of=land), actor=NOBODY)
        new = duplicates_to_ask(
            session, make_petition_draft(content_summary=AGAIN, duplicate_checked=True), actor=NOBODY
        )
    assert asked == [land, close]
    assert other in hinted
    assert other not in asked
    assert years_ago in hinted
    assert years_ago not in asked
    assert linked == []
    assert new == []


def test_it_is_new_is_recorded(any_database: Database) -> None:
    earlier = _petition(any_database, content_summary=LAND)
    number = _petition(any_database, received_on=dt.date(2026, 3, 10), content_summary=AGAIN, duplicate_checked=True)
    rows = _rows(any_database)
    assert rows[number].duplicate_checked is True
    assert rows[number].duplicate_of_id is None
    assert rows[earlier].duplicate_count == 0
    assert rows[earlier].duplicate_checked is False  # nothing to ask about when it came


def test_same_matter_is_linked_and_recorded(any_database: Database) -> None:
    earlier = _petition(any_database, content_summary=LAND)
    number = _petition(
        any_database,
        received_on=dt.date(2026, 3, 10),
        content_summary=AGAIN,
        duplicate_of=earlier,
        duplicate_checked=True,
    )
    typed = _petition(any_database, received_on=dt.date(2026, 3, 11), content_summary=AGAIN, duplicate_of=earlier)
    rows = _rows(any_database)
    assert rows[number].duplicate_of_id == rows[earlier].id
    assert rows[number].duplicate_checked is True
    assert rows[typed].duplicate_checked is True  # a number typed in "Same as" is an answer too
    assert rows[earlier].duplicate_count == 2


def test_a_cancelled_save_writes_nothing(any_database: Database) -> None:
    """The question reads only; the link, its count and the answer go with the petition or not at all."""
    earlier = _petition(any_database, content_summary=LAND)
    draft = make_petition_draft(received_on=dt.date(2026, 3, 10), content_summary=AGAIN)
    with any_database.sessions() as session:
        assert [p.number for p in duplicates_to_ask(session, draft, actor=NOBODY)] == [earlier]
    linked = make_petition_draft(
        received_on=dt.date(2026, 3, 10), content_summary=AGAIN, duplicate_of=earlier, duplicate_checked=True
    )
    with any_database.sessions() as session:
        register_petition(session, linked, desk_code="D01", today=TODAY, actor=ADMIN)
        session.rollback()  # the save abandoned before its transaction commits
    with any_database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Petition)) == 1
        original = session.scalars(select(Petition)).one()
    assert original.duplicate_count == 0
    assert original.duplicate_checked is False


def test_an_earlier_denunciation_is_left_out_of_the_question_as_out_of_the_hints(any_database: Database) -> None:
    content = "Tố cáo ông Trần Văn B, cán bộ địa chính xã, nhận tiền khi làm thủ tục đất đai"
    _petition(any_database, kind=PetitionKind.DENUNCIATION, content_summary=content)
    complaint = _petition(any_database, content_summary=content.replace("Tố cáo", "Khiếu nại"))
    draft = make_petition_draft(
        received_on=dt.date(2026, 3, 10), kind=PetitionKind.DENUNCIATION, content_summary=content
    )
    with any_database.sessions() as session:
        assert [p.number for p in duplicates_to_ask(session, draft, actor=NOBODY)] == [complaint]
