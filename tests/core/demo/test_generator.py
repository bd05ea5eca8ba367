"""The demo generator: realistic, reproducible, numbered like real visits."""

from __future__ import annotations

import datetime as dt
import unicodedata

from sqlalchemy import func, select

from db.models import Citizen, Counter, Visit
from desktop.core.database import Database
from desktop.core.deadlines.calendar import WorkCalendar
from desktop.core.demo.generator import generate
from desktop.core.formatting import VN_TZ
from desktop.core.reception.validation import check_id
from desktop.core.reception.visits import register_visit
from desktop.core.stats import counts
from tests.builders import ADMIN, make_draft

NOW = dt.datetime(2026, 11, 27, 4, 0, tzinfo=dt.UTC)


def test_demo_creates_visits_in_this_year_and_last(any_database: Database) -> None:
    with any_database.sessions.begin() as session:
        result = generate(session, visits=300, desk_code="D01", seed=7, now=NOW)
    assert result.visits == 300
    with any_database.sessions() as session:
        years = dict(session.execute(select(Visit.year, func.count()).group_by(Visit.year)).all())
        moments = list(session.scalars(select(Visit.received_at)))
        citizens = session.scalars(select(Citizen)).all()
        assert counts(session)["visits"] == 300
    assert set(years) == {2025, 2026}
    assert all(m <= NOW for m in moments)
    calendar = WorkCalendar.default()
    assert all(calendar.is_working_day(m.astimezone(VN_TZ).date()) for m in moments)
    assert all(unicodedata.is_normalized("NFC", c.full_name) and " " in c.full_name for c in citizens)
    assert all(not check_id(c.id_type, c.id_number, sex=c.sex, birth_year=c.birth_year).warnings for c in citizens)


def test_demo_is_reproducible_with_a_seed(database: Database) -> None:
    with database.sessions.begin() as session:
        generate(session, visits=20, desk_code="D01", seed=3, now=NOW)
    with database.sessions() as session:
        first = sorted(session.scalars(select(Visit.content_summary).where(Visit.serial.like("D01%"))))
    assert len(first) == 20
    with database.sessions.begin() as session:
        generate(session, visits=20, desk_code="D02", seed=3, now=NOW)
    with database.sessions() as session:
        second = sorted(session.scalars(select(Visit.content_summary).where(Visit.serial.like("D02%"))))
    assert first == second


def test_counter_continues_after_demo(database: Database) -> None:
    with database.sessions.begin() as session:
        result = generate(session, visits=50, desk_code="D01", seed=1, now=NOW)
    with database.sessions() as session:
        last_2026 = session.scalar(select(Counter.last_value).where(Counter.scope == "visit:D01", Counter.year == 2026))
    assert result.last_serial == f"D01-2026-{last_2026:06d}"
    with database.sessions.begin() as session:
        saved = register_visit(session, make_draft(), desk_code="D01", now=NOW, actor=ADMIN)
    assert saved.visit.serial == f"D01-2026-{last_2026 + 1:06d}"


def test_demo_visits_are_what_a_desk_would_record(database: Database) -> None:
    """Appointments on working days, a body named for every guidance or transfer, papers handed in."""
    from db.enums import Outcome
    from db.models import ReceivedDocument

    with database.sessions.begin() as session:
        generate(session, visits=300, desk_code="D01", seed=7, now=NOW)
    with database.sessions() as session:
        visits = session.execute(select(Visit.id, Visit.outcome, Visit.outcome_note, Visit.appointment_at)).all()
        with_papers = set(session.scalars(select(ReceivedDocument.visit_id)))
    calendar = WorkCalendar.default()

    appointments = [v.appointment_at for v in visits if v.outcome == Outcome.APPOINTMENT]
    assert appointments
    assert all(calendar.is_working_day(a.astimezone(VN_TZ).date()) for a in appointments)
    assert all(v.outcome_note for v in visits if v.outcome in (Outcome.GUIDE, Outcome.TRANSFER))
    assert {v.id for v in visits if v.outcome != Outcome.REFUSE} <= with_papers
    assert not {v.id for v in visits if v.outcome == Outcome.REFUSE} & with_papers


def test_demo_petitions_are_guided_or_transferred_only_where_the_law_allows(database: Database) -> None:
    from db.enums import PetitionDecision
    from db.models import Petition
    from desktop.core.cases.handling import why_not

    with database.sessions.begin() as session:
        generate(session, visits=400, desk_code="D01", seed=11, now=NOW)
        away = session.scalars(
            select(Petition).where(Petition.decision.in_((PetitionDecision.GUIDE, PetitionDecision.TRANSFER)))
        ).all()
        assert {petition.decision for petition in away} == {PetitionDecision.GUIDE, PetitionDecision.TRANSFER}
        for petition in away:
            assert petition.decision is not None
            assert why_not(petition, petition.decision) == "", petition.number


def test_demo_made_in_chunks_numbers_like_a_desk(database: Database) -> None:
    """Chunk after chunk, serials run on without a gap and petitions (by post too) are numbered by date."""
    from db.models import Petition, PetitionSender

    with database.sessions.begin() as session:
        result = generate(session, visits=90, desk_code="D01", seed=5, now=NOW, postal_petitions=12, chunk=7)
    with database.sessions() as session:
        visits = session.execute(select(Visit.year, Visit.seq).order_by(Visit.received_at, Visit.serial)).all()
        petitions = session.execute(
            select(Petition.year, Petition.seq, Petition.received_on, Petition.visit_id).order_by(Petition.number)
        ).all()
        senders = set(session.scalars(select(PetitionSender.citizen_id)))
        citizens = set(session.scalars(select(Citizen.id)))
        assert counts(session)["visits"] == 90
    for year in (2025, 2026):
        assert [seq for y, seq in visits if y == year] == list(range(1, 1 + sum(y == year for y, _ in visits)))
        days = [day for y, _, day, _ in petitions if y == year]
        assert days == sorted(days)
        assert [seq for y, seq, _, _ in petitions if y == year] == list(range(1, len(days) + 1))
    assert sum(visit_id is None for *_, visit_id in petitions) == 12  # by post (or transferred in)
    assert result.petitions == len(petitions)
    assert result.citizens == len(citizens)
    assert senders <= citizens


def test_on_an_office_desk_every_demo_row_goes_to_the_outbox_chunk_after_chunk(database: Database) -> None:
    """Core inserts bypass the flush hooks: the demo writes the outbox rows itself, in the same transaction."""
    from db.models import CaseFile, OutboxEntry, Petition, ReceivedDocument, VisitParticipant
    from db.session import make_session_factory

    office = make_session_factory(database.engine, outbox=True)
    with office.begin() as session:
        generate(session, visits=40, desk_code="D01", seed=6, now=NOW, postal_petitions=5, chunk=9)
    with database.sessions() as session:
        for model in (Citizen, Visit, VisitParticipant, ReceivedDocument, Petition, CaseFile):
            rows = set(session.scalars(select(model.id)))
            queued = session.scalars(select(OutboxEntry.entity_id).where(OutboxEntry.entity == model.__tablename__))
            assert rows
            assert set(queued) == rows
