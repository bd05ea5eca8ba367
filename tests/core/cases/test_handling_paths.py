"""The handling decisions the law allows for a petition, and the reason (with its article) when it does not.

The tests run in Vietnamese: the reasons cite articles the Vietnamese way ("khoản 2 Điều 24").
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from db.enums import Channel, Competence, Ineligibility, PetitionDecision, PetitionKind
from db.models import Petition
from desktop.core.access import NOBODY
from desktop.core.cases.handling import RULES, allowed_decisions, decide_petition, decision_offers
from desktop.core.cases.petitions import petition_view, register_petition
from desktop.core.database import Database
from desktop.core.errors import ValidationError
from tests.builders import ADMIN, make_petition_draft

TODAY = dt.date(2026, 3, 20)
GUIDE, TRANSFER = PetitionDecision.GUIDE, PetitionDecision.TRANSFER
OTHER = {"competence": Competence.OTHER_BODY, "competent_body": "Thanh tra tỉnh An Giang"}


def _petition(database: Database, **overrides: object) -> str:
    with database.sessions.begin() as session:
        draft = make_petition_draft(**overrides)
        return register_petition(session, draft, desk_code="D01", today=TODAY, actor=ADMIN).number


def _offers(database: Database, number: str) -> dict[PetitionDecision, str]:
    with database.sessions() as session:
        return {offer.decision: offer.reason for offer in decision_offers(petition_view(session, number, actor=NOBODY))}


def _decide(database: Database, number: str, decision: PetitionDecision) -> None:
    with database.sessions.begin() as session:
        decide_petition(session, number, decision, on=dt.date(2026, 3, 9), desk_code="D01", today=TODAY, actor=ADMIN)


@pytest.mark.parametrize(
    ("facts", "allowed", "refused", "article"),
    [
        # Law 42/2013 Art. 26(1)(b): a complaint made at the desk that is not ours is guided.
        (
            {"kind": PetitionKind.COMPLAINT, "channel": Channel.IN_PERSON, **OTHER},
            GUIDE,
            TRANSFER,
            "điểm b khoản 1 Điều 26",
        ),
        # Law 25/2018 Art. 24(2): a written denunciation that is not ours is transferred within 5 working days.
        (
            {"kind": PetitionKind.DENUNCIATION, "channel": Channel.POST, **OTHER},
            TRANSFER,
            GUIDE,
            "khoản 2 Điều 24 Luật Tố cáo",
        ),
        (
            {"kind": PetitionKind.DENUNCIATION, "channel": Channel.EMAIL, **OTHER},
            TRANSFER,
            GUIDE,
            "khoản 2 Điều 24 Luật Tố cáo",
        ),
        # Law 42/2013 Art. 26: a recommendation or reflection that is not ours is transferred.
        (
            {"kind": PetitionKind.RECOMMENDATION, "channel": Channel.POST, **OTHER},
            TRANSFER,
            GUIDE,
            "Điều 26 Luật Tiếp công dân",
        ),
        (
            {"kind": PetitionKind.RECOMMENDATION, "channel": Channel.IN_PERSON, **OTHER},
            TRANSFER,
            GUIDE,
            "Điều 26 Luật Tiếp công dân",
        ),
    ],
)
def test_a_petition_that_is_not_ours_goes_the_way_the_law_says(
    database: Database, facts: dict[str, object], allowed: PetitionDecision, refused: PetitionDecision, article: str
) -> None:
    number = _petition(database, **facts)
    offers = _offers(database, number)
    assert offers[allowed] == ""
    assert article in offers[refused]
    with pytest.raises(ValidationError) as caught:
        _decide(database, number, refused)
    assert caught.value.errors == {"decision": offers[refused]}  # the same reason the dialog shows
    _decide(database, number, allowed)
    with database.sessions() as session:
        assert petition_view(session, number, actor=NOBODY).decision == allowed


@pytest.mark.parametrize("kind", [PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION, PetitionKind.RECOMMENDATION])
def test_a_petition_within_our_competence_is_neither_guided_nor_transferred_away(
    database: Database, kind: PetitionKind
) -> None:
    number = _petition(database, kind=kind)
    offers = _offers(database, number)
    assert "thuộc thẩm quyền giải quyết của cơ quan" in offers[GUIDE]
    assert "Điều 26" in offers[GUIDE]
    assert "thuộc thẩm quyền giải quyết của cơ quan" in offers[TRANSFER]
    assert offers[PetitionDecision.ACCEPT] == ""
    for decision in (GUIDE, TRANSFER):
        with pytest.raises(ValidationError) as caught:
            _decide(database, number, decision)
        assert set(caught.value.errors) == {"decision"}


def test_a_denunciation_made_in_person_that_is_not_ours_may_be_guided(database: Database) -> None:
    number = _petition(database, kind=PetitionKind.DENUNCIATION, channel=Channel.IN_PERSON, **OTHER)
    assert _offers(database, number)[GUIDE] == ""


def test_a_sender_guided_once_is_not_guided_again(database: Database) -> None:
    number = _petition(database, is_eligible=False, ineligibility=Ineligibility.GUIDED_BEFORE, **OTHER)
    offers = _offers(database, number)
    assert "đã được hướng dẫn một lần" in offers[GUIDE]
    assert offers[PetitionDecision.ARCHIVE] == ""


def test_a_denunciation_also_sent_to_the_competent_body_is_not_handled_here(database: Database) -> None:
    number = _petition(
        database,
        kind=PetitionKind.DENUNCIATION,
        is_eligible=False,
        ineligibility=Ineligibility.SENT_TO_MANY,
        **OTHER,
    )
    offers = _offers(database, number)
    assert "khoản 3 Điều 24" in offers[GUIDE]
    assert "khoản 3 Điều 24" in offers[TRANSFER]
    assert offers[PetitionDecision.ARCHIVE] == ""


def test_guidance_and_transfer_name_the_competent_body(database: Database) -> None:
    number = _petition(database, kind=PetitionKind.COMPLAINT, channel=Channel.IN_PERSON, **OTHER)
    with database.sessions.begin() as session:  # a record from before the body was required at intake
        session.scalars(select(Petition).where(Petition.number == number)).one().competent_body = ""
    with pytest.raises(ValidationError) as caught:
        _decide(database, number, GUIDE)
    assert set(caught.value.errors) == {"competent_body"}


def test_every_decision_has_a_rule_and_every_refusal_a_reason(database: Database) -> None:
    assert set(RULES) == set(PetitionDecision)
    numbers = [
        _petition(database),
        _petition(database, kind=PetitionKind.MULTIPLE),
        _petition(database, kind=PetitionKind.DENUNCIATION, **OTHER),
        _petition(database, channel=Channel.IN_PERSON, **OTHER),
    ]
    with database.sessions() as session:
        for number in numbers:
            view = petition_view(session, number, actor=NOBODY)
            offers = decision_offers(view)
            assert [offer.decision for offer in offers] == list(PetitionDecision)
            assert allowed_decisions(view) == tuple(offer.decision for offer in offers if offer.allowed)
            assert all("Điều " in offer.reason for offer in offers if not offer.allowed)
