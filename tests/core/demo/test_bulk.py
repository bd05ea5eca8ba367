"""The demo's bulk load (desktop/core/demo/bulk.py) ends where saving row by row would have ended.

Indexes are set aside during the load and the SQLite search index is filled once at the end: the
schema afterwards, the search index and the checks must be exactly as if every row had been saved
through the triggers, and an interrupted demo must leave nothing behind.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import Connection, func, select, text

from db.enums import Classification
from db.models import Citizen, PetitionSender, Visit, VisitParticipant
from desktop.core.access import NOBODY
from desktop.core.check import run_checks
from desktop.core.database import Database
from desktop.core.demo import cases as demo_cases
from desktop.core.demo import generator
from desktop.core.demo.generator import generate
from desktop.core.demo.words import CONTENTS, GIVEN_FEMALE, GIVEN_MALE, HAMLETS, MIDDLE_FEMALE, SURNAMES
from desktop.core.finding.search import search
from desktop.core.text import search_key

NOW = dt.datetime(2026, 11, 27, 4, 0, tzinfo=dt.UTC)


def _schema(connection: Connection) -> list[tuple[str, str]]:
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql("SELECT name, coalesce(sql, '') FROM sqlite_master ORDER BY name")
    else:
        rows = connection.execute(
            text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname")
        )
    return [(name, sql) for name, sql in rows]


def test_after_the_demo_the_schema_is_as_before_and_search_finds_its_people(any_database: Database) -> None:
    with any_database.sessions() as session:
        before = _schema(session.connection())
    with any_database.sessions.begin() as session:
        generate(session, visits=400, desk_code="D01", seed=2, now=NOW, postal_petitions=20, chunk=150)
    with any_database.sessions() as session:
        assert _schema(session.connection()) == before  # every index and trigger back, as defined
        # Complainants (a denouncer is left out of a name search for a user without the right).
        people = session.execute(
            select(Citizen.full_name, Citizen.id_number)
            .join(VisitParticipant, VisitParticipant.citizen_id == Citizen.id)
            .join(Visit, Visit.id == VisitParticipant.visit_id)
            .where(Visit.classification == Classification.COMPLAINT)
            .where(Citizen.id.not_in(select(PetitionSender.citizen_id)))
            .order_by(Citizen.id)
            .limit(5)
        ).all()
        assert len(people) == 5
        citizens = session.scalar(select(func.count()).select_from(Citizen))
        if any_database.is_sqlite:
            indexed = session.execute(text("SELECT count(*) FROM citizen_search")).scalar_one()
            in_fts = session.execute(text("SELECT count(*) FROM citizen_fts")).scalar_one()
            assert indexed == in_fts == citizens
            unindexed = session.execute(
                text(
                    "SELECT count(*) FROM citizen c LEFT JOIN citizen_search s ON s.citizen_id = c.id "
                    "WHERE s.rowid IS NULL"
                )
            ).scalar_one()
            assert unindexed == 0
            # Each FTS row holds its own citizen's key, as the trigger would have written it.
            wrong = session.execute(
                text(
                    "SELECT count(*) FROM citizen_fts f JOIN citizen_search s ON s.rowid = f.rowid "
                    "JOIN citizen c ON c.id = s.citizen_id WHERE f.name_key != c.name_key"
                )
            ).scalar_one()
            assert wrong == 0
        for name, id_number in people:
            hits = search(session, NOBODY, name, kinds=("citizen",), limit=500)
            assert hits, name
            assert all(search_key(hit.title).startswith(search_key(name)) for hit in hits)
            assert id_number in {hit.number for hit in hits}
    if any_database.is_sqlite:
        report = run_checks(any_database)
        assert all(item.ok for item in report.items), report.items


def test_a_demo_smaller_than_the_book_keeps_the_indexes_and_the_trigger_indexes_its_people(
    any_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with any_database.sessions.begin() as session:
        generate(session, visits=60, desk_code="D01", seed=3, now=NOW)
    with any_database.sessions() as session:
        before = _schema(session.connection())
    dropped: list[str] = []
    real = Connection.exec_driver_sql

    def spy(self: Connection, statement: str, *args: object, **kwargs: object) -> object:
        if statement.startswith(("DROP INDEX", "DROP TRIGGER")):
            dropped.append(statement)
        return real(self, statement, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Connection, "exec_driver_sql", spy)
    with any_database.sessions.begin() as session:
        generate(session, visits=20, desk_code="D01", seed=4, now=NOW)
    assert dropped == []
    with any_database.sessions() as session:
        assert _schema(session.connection()) == before
        citizens = session.scalar(select(func.count()).select_from(Citizen))
        if any_database.is_sqlite:
            assert session.execute(text("SELECT count(*) FROM citizen_fts")).scalar_one() == citizens


def test_a_citizen_saved_after_the_demo_is_indexed_by_the_trigger_again(database: Database) -> None:
    from desktop.core.reception.visits import register_visit
    from tests.builders import ADMIN, NAME, make_draft

    with database.sessions.begin() as session:
        generate(session, visits=30, desk_code="D01", seed=4, now=NOW)
    with database.sessions.begin() as session:
        register_visit(session, make_draft(), desk_code="D01", now=NOW, actor=ADMIN)
    with database.sessions() as session:
        citizens = session.scalar(select(func.count()).select_from(Citizen))
        assert session.execute(text("SELECT count(*) FROM citizen_fts")).scalar_one() == citizens
        assert [hit.title for hit in search(session, NOBODY, NAME, kinds=("citizen",))] == [NAME]


def test_an_interrupted_demo_leaves_nothing_and_the_indexes_in_place(
    any_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with any_database.sessions() as session:
        before = _schema(session.connection())
        visits = session.scalar(select(func.count()).select_from(Visit))

    def broken(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("interrupted")

    monkeypatch.setattr(generator, "_cases", broken)
    with pytest.raises(RuntimeError), any_database.sessions.begin() as session:
        generate(session, visits=50, desk_code="D01", seed=1, now=NOW)
    with any_database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == visits
        assert _schema(session.connection()) == before


def test_the_word_by_word_key_is_the_search_key_on_demo_texts() -> None:
    rng = random.Random(5)
    texts = [
        template.format(commune="xã Định Mỹ", number=rng.randint(10, 999), year=2020, name="Đặng Thị Ánh")
        for templates in CONTENTS.values()
        for template in templates
    ]
    texts += [f"{s} {m} {g}" for s in SURNAMES for m in MIDDLE_FEMALE[:3] for g in (GIVEN_FEMALE + GIVEN_MALE)[:5]]
    texts += [f"Số 12, {hamlet} 3, xã Mỹ Hòa Hưng, tỉnh An Giang" for hamlet in HAMLETS]
    texts += ["  Nguyễn   Văn\u200b Ân ", "NGUYỄN ĐỨC THẮNG", "nguye\u0303n"]  # spaces, a format character, NFD
    for value in texts:
        assert demo_cases.text_key(value) == search_key(value), value


def test_the_weighted_draw_is_the_draw_it_replaced() -> None:
    weights = {"a": 45, "b": 15, "c": 25, "d": 15}
    first, second = random.Random(9), random.Random(9)
    drawn = [demo_cases.weighted(first, weights) for _ in range(500)]
    assert drawn == [second.choices(list(weights), weights=list(weights.values()))[0] for _ in range(500)]
