"""Migration 0006 fills the people of existing visits and petitions as well as it can."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from db import migrations
from db.enums import Channel, Sex
from db.models import Petition, PetitionSender, VisitParticipant
from db.session import make_engine
from desktop.core.access import NOBODY
from desktop.core.cases.petitions import draft_from_visit, ensure_fields, register_petition
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, make_citizen, make_draft, make_petition_draft

NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)
TO, TO_ADDRESS = "Nguyễn Văn Tố", "Số 12, ấp Mỹ Thới, xã Mỹ Hòa Hưng, tỉnh An Giang"
KHAC, KHAC_ADDRESS = "Lê Thị Khác", "Số 8, khóm Đông Thịnh, xã Mỹ Hòa Hưng, tỉnh An Giang"
HOA = "Trần Thị Hoa"


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        made = make_engine(f"sqlite+pysqlite:///{tmp_path / 'tiepdan.sqlite3'}")
        migrations.upgrade(made)
    else:
        made = make_engine(request.getfixturevalue("fresh_pg_url"))
    yield made
    made.dispose()


def _as_an_older_release_left_it(engine: Engine) -> None:
    """Visits and petitions saved, then the schema of 0005 and a later visit that rewrote the citizen."""
    with Session(engine) as session, session.begin():
        ensure_fields(session)
        to = make_citizen(full_name=TO, sex=Sex.MALE, birth_year=1970, id_number="089070001234")
        serial = register_visit(session, make_draft(to), desk_code="D01", now=NOW, actor=ADMIN).visit.serial
        register_petition(
            session, draft_from_visit(session, serial, actor=NOBODY), desk_code="D01", today=NOW.date(), actor=ADMIN
        )
        hoa = make_citizen(full_name=HOA, id_number="089185000999")
        register_visit(session, make_draft(hoa), desk_code="D01", now=NOW, actor=ADMIN)
        postal = make_petition_draft(senders=(hoa,), channel=Channel.POST)
        register_petition(session, postal, desk_code="D01", today=NOW.date(), actor=ADMIN)
    migrations.downgrade(engine, "0005")
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE citizen SET full_name = :name, address = :address, phone = :phone WHERE full_name = :to"),
            {"name": KHAC, "address": KHAC_ADDRESS, "phone": "0387654321", "to": TO},
        )
        # A participant saved before the book kept the name of the day (release 0.1).
        connection.execute(
            text(
                "UPDATE visit_participant SET full_name = '', address = '' "
                "WHERE citizen_id IN (SELECT id FROM citizen WHERE full_name = :hoa)"
            ),
            {"hoa": HOA},
        )


def test_existing_people_are_filled_from_what_was_recorded_then_from_the_citizen_now(engine: Engine) -> None:
    _as_an_older_release_left_it(engine)
    migrations.upgrade(engine)
    with Session(engine) as session:
        participants = {p.citizen_id: p for p in session.scalars(select(VisitParticipant))}
        senders = {
            channel: sender
            for channel, sender in session.execute(
                select(Petition.channel, PetitionSender).join(Petition, Petition.id == PetitionSender.petition_id)
            )
        }
    from_visit, postal = senders[Channel.IN_PERSON], senders[Channel.POST]
    to = participants[from_visit.citizen_id]
    hoa = participants[postal.citizen_id]
    # What the book recorded on the day stays; the rest is the citizen as they are now.
    assert (to.full_name, to.address, to.phone, to.birth_year, to.id_number) == (
        TO,
        TO_ADDRESS,
        "0387654321",
        1970,
        "089070001234",
    )
    assert (hoa.full_name, hoa.id_number, hoa.sex) == (HOA, "089185000999", Sex.FEMALE)
    assert hoa.address == "Số 12, ấp Mỹ Thới, xã Mỹ Hòa Hưng, tỉnh An Giang"
    # A petition from a visit takes the name and address that visit recorded.
    assert (from_visit.full_name, from_visit.address, from_visit.phone) == (TO, TO_ADDRESS, "0387654321")
    assert (postal.full_name, postal.id_type, postal.commune_code) == (HOA, "cccd", 30313)
