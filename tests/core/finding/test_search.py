"""Search finds the same records on SQLite and PostgreSQL, by number exactly and by name through the index."""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
import uuid

import pytest
from sqlalchemy import select, text

from db.enums import PetitionDecision
from db.models import AuditEvent, Citizen
from desktop.core.access import NOBODY, Actor
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.petitions import draft_from_visit, ensure_fields, register_petition
from desktop.core.confidentiality import MASKED_NAME
from desktop.core.database import Database
from desktop.core.finding.search import KINDS, Hit, parse, search, search_page
from desktop.core.reception.visits import register_visit
from desktop.core.text import search_key
from tests.builders import ADMIN, make_citizen, make_draft
from tests.core.test_confidentiality import SECRET_ID, SECRET_NAME, _plant

NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 5)

PEOPLE = (
    ("Nguyễn Văn Ân", "001085000001"),
    ("Nguyễn Văn Anh", "001085000002"),
    ("Đặng Thị Đào", "001085000003"),
    ("Trương Ưng Ơn", "001085000004"),
    ("Lê Văn Hùng", "001085000005"),
)


def _record(database: Database) -> dict[str, str]:
    """A visit for each person, a petition and an accepted case from the first; their numbers by name."""
    numbers: dict[str, str] = {}
    with database.sessions.begin() as session:
        ensure_fields(session)
        for position, (name, id_number) in enumerate(PEOPLE):
            draft = make_draft(make_citizen(full_name=name, id_number=id_number))
            saved = register_visit(
                session, draft, desk_code="D01", now=NOW + dt.timedelta(minutes=position), actor=ADMIN
            )
            numbers[name] = saved.visit.serial
        petition_draft = draft_from_visit(session, numbers[PEOPLE[0][0]], actor=ADMIN)
        petition = register_petition(session, petition_draft, desk_code="D01", today=TODAY, actor=ADMIN).number
        decided = decide_petition(
            session, petition, PetitionDecision.ACCEPT, on=TODAY, desk_code="D01", today=TODAY, actor=ADMIN
        )
        numbers["petition"] = petition
        numbers["case"] = decided.case_number or ""
    return numbers


def _found(database: Database, query: str, kind: str | None = None) -> list[tuple[str, str, str]]:
    with database.sessions() as session:
        hits = search(session, ADMIN, query, kinds=(kind,) if kind else KINDS)
    return [(hit.kind, hit.number, hit.title) for hit in hits]


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Nguyễn Văn Ân", "nguyen van an"),
        ("NGUYỄN VĂN ÂN", "nguyen van an"),
        (unicodedata.normalize("NFD", "Nguyễn Văn Ân"), "nguyen van an"),
        ("  nguyen   van\tan ", "nguyen van an"),
        ("Đặng Thị Đào", "dang thi dao"),
        ("đặng thị đào", "dang thi dao"),
        ("Trương Ưng Ơn", "truong ung on"),
        ("Phạm Thị Hường", "pham thi huong"),
        ("Lê Thị Thủy", "le thi thuy"),
        ("Nguyễn Thị Ánh Tuyết", "nguyen thi anh tuyet"),
        ("HỒ VĂN MỪNG", "ho van mung"),
    ],
)
def test_typed_and_stored_text_fold_the_same(typed: str, folded: str) -> None:
    assert search_key(typed) == folded
    assert parse(typed).words == tuple(folded.split())


@pytest.mark.parametrize(
    "query",
    ["nguyen van an", "Nguyen Van An", "Nguyễn Văn Ân", "NGUYỄN VĂN ÂN", "  nguyễn  văn ân  "],
)
def test_every_spelling_of_a_name_finds_the_same_people(any_database: Database, query: str) -> None:
    numbers = _record(any_database)
    nfd = unicodedata.normalize("NFD", query)
    assert _found(any_database, query, "citizen") == _found(any_database, nfd, "citizen")
    citizens = [title for _kind, _number, title in _found(any_database, query, "citizen")]
    # The last word is a prefix: "an" is "Ân" and "Anh"; newest first.
    assert citizens == ["Nguyễn Văn Anh", "Nguyễn Văn Ân"]
    visits = [number for kind, number, _title in _found(any_database, query) if kind == "visit"]
    assert visits == [numbers["Nguyễn Văn Anh"], numbers["Nguyễn Văn Ân"]]


def test_d_and_the_horned_letters_are_found_without_their_marks(any_database: Database) -> None:
    _record(any_database)
    for query in ("dang thi dao", "Đặng Thị Đào", "ĐẶNG", "truong ung on", "Trương Ưng Ơn"):
        titles = {title for _kind, _number, title in _found(any_database, query, "citizen")}
        assert len(titles) == 1, query
    assert _found(any_database, "dao thi dang", "citizen") == _found(any_database, "Đặng Thị Đào", "citizen")


def test_numbers_are_matched_exactly_and_come_first(any_database: Database) -> None:
    numbers = _record(any_database)
    serial = numbers["Lê Văn Hùng"]
    assert _found(any_database, serial) == [("visit", serial, "Lê Văn Hùng")]
    assert _found(any_database, serial.lower()) == _found(any_database, serial)
    assert _found(any_database, serial[:-1]) == []  # a number is never a prefix
    assert [(kind, number) for kind, number, _ in _found(any_database, numbers["petition"])] == [
        ("petition", numbers["petition"])
    ]
    assert [(kind, number) for kind, number, _ in _found(any_database, numbers["case"])] == [("case", numbers["case"])]
    # An identity number: the person, then their records (here one visit).
    assert _found(any_database, "001 085 000 003") == [
        ("citizen", "001085000003", "Đặng Thị Đào"),
        ("visit", numbers["Đặng Thị Đào"], "Đặng Thị Đào"),
    ]


def test_both_backends_return_the_same_records(database: Database, pg_database: Database) -> None:
    _record(database)
    _record(pg_database)
    queries = ("nguyen", "Nguyễn Văn", "van", "đào", "ung on", "le van hung", "hung", "x", "D01-2026-000001")
    for query in queries:
        sqlite = [(kind, title) for kind, _number, title in _found(database, query)]
        postgres = [(kind, title) for kind, _number, title in _found(pg_database, query)]
        assert sqlite == postgres, query
    assert _found(database, "nguyen")  # not two empty lists


def test_pages_continue_where_the_last_one_stopped(any_database: Database) -> None:
    _record(any_database)
    with any_database.sessions() as session:
        everything = search_page(session, ADMIN, "van", "citizen", limit=10)
        first = search_page(session, ADMIN, "van", "citizen", limit=2)
        assert first.next_offset == 2
        second = search_page(session, ADMIN, "van", "citizen", offset=2, limit=2)
    assert everything.next_offset is None
    assert [hit.title for hit in (*first.hits, *second.hits)] == [hit.title for hit in everything.hits][:4]
    assert len(everything.hits) == 3


def test_a_renamed_citizen_is_found_by_the_new_name_only(any_database: Database) -> None:
    _record(any_database)
    with any_database.sessions.begin() as session:
        citizen = session.scalars(select(Citizen).where(Citizen.id_number == "001085000005")).one()
        citizen.full_name = "Lê Văn Hải"
        citizen.name_key = search_key(citizen.full_name)
    assert _found(any_database, "le van hung", "citizen") == []
    assert _found(any_database, "lê văn hải", "citizen") == [("citizen", "001085000005", "Lê Văn Hải")]


def test_json_of_a_hit() -> None:
    hit = Hit(kind="visit", number="D01-2026-000001", title="A", date=TODAY, score=1.0)
    assert hit.as_json() == {
        "kind": "visit",
        "number": "D01-2026-000001",
        "title": "A",
        "date": "2026-03-05",
        "score": 1.0,
    }


def _plan(database: Database, query: str, kind: str, *, common: bool = False) -> str:
    from desktop.core.finding.search import name_statement

    with database.sessions() as session:
        statement = name_statement(session, query, kind, common=common).limit(50)  # type: ignore[arg-type]
        compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        if database.is_sqlite:
            rows = session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
            return "\n".join(row[-1] for row in rows)
        session.execute(text("SET LOCAL enable_seqscan = off"))
        return "\n".join(row[0] for row in session.execute(text(f"EXPLAIN {compiled}")))


@pytest.mark.parametrize("kind", KINDS)
def test_a_name_search_uses_the_index_never_a_scan_of_citizens(any_database: Database, kind: str) -> None:
    _record(any_database)
    plan = _plan(any_database, "Nguyễn Văn Ân", kind)
    if any_database.is_sqlite:
        assert "VIRTUAL TABLE INDEX" in plan, plan
        assert "citizen_fts" in plan, plan
        scans = [line for line in plan.splitlines() if line.strip().startswith("SCAN") and "citizen_fts" not in line]
        assert scans == [], plan
    else:
        assert "ix_citizen_name_search" in plan, plan
        assert "Seq Scan on citizen" not in plan, plan


@pytest.mark.parametrize("who", ["nobody", "other", "receptionist_of_another_desk"])
def test_protected_records_are_masked_by_number_and_left_out_by_name(any_database: Database, who: str) -> None:
    planted = _plant(any_database)
    actor = {"nobody": NOBODY, "other": planted.other, "receptionist_of_another_desk": planted.admin}[who]
    with any_database.sessions() as session:
        by_number = [
            hit for number in (planted.serial, planted.petition, planted.case) for hit in search(session, actor, number)
        ]
        by_id = search(session, actor, SECRET_ID)
        by_name = search(session, actor, SECRET_NAME)
    assert {hit.kind for hit in by_number} == {"visit", "petition", "case"}
    assert all(hit.title == MASKED_NAME and hit.masked for hit in by_number)
    # An identity number names the person as surely as their name: a masked row under it (its number
    # the ID typed, opening the denunciation) would tell that this person denounced someone.
    assert by_id == []
    assert [hit for hit in by_name if hit.kind != "letter"] == []
    assert all(SECRET_NAME not in hit.title for hit in by_name)


def test_the_deciding_leader_finds_the_denouncer_by_name_and_the_read_is_audited(any_database: Database) -> None:
    planted = _plant(any_database)
    with any_database.sessions() as session:
        found = search(session, planted.leader, SECRET_NAME)
    assert {(hit.kind, hit.title) for hit in found if hit.kind != "letter"} >= {
        ("visit", SECRET_NAME),
        ("petition", SECRET_NAME),
        ("case", SECRET_NAME),
        ("citizen", SECRET_NAME),
    }
    with any_database.sessions() as session:
        reads = session.scalars(
            select(AuditEvent).where(AuditEvent.entity == "protected_identity", AuditEvent.actor_username == "quyet")
        ).all()
    assert reads


def test_a_letter_is_found_by_its_official_number_and_through_its_petitions_people(any_database: Database) -> None:
    from db.enums import DocumentKind
    from desktop.core.cases.letters import issue_letter

    numbers = _record(any_database)
    with any_database.sessions.begin() as session:
        letter = issue_letter(
            session,
            DocumentKind.ACCEPTANCE,
            numbers["petition"],
            data_dir=any_database.data_dir,
            today=TODAY,
            viewer=NOBODY,
        )
    assert "/" in letter.number
    for typed in (letter.number, letter.number.lower(), f"Số: {letter.number}", f"số {letter.number}"):
        found = _found(any_database, typed)
        assert [(kind, number) for kind, number, _title in found] == [("letter", letter.number)], typed
    with any_database.sessions() as session:
        hits = search(session, ADMIN, letter.number)
    assert hits[0].opens == ("case", numbers["case"])
    assert hits[0].score == 1.0
    by_name = [number for kind, number, _title in _found(any_database, "Nguyễn Văn Ân") if kind == "letter"]
    assert by_name == [letter.number]


# --- common words: each kind walks its records newest first (docs/search.md "Common words")


@pytest.fixture
def common(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every word counts as common, as "nguyen" does among a million people: the walks answer."""
    from desktop.core.finding import search as module

    monkeypatch.setattr(module, "SHARED_MATCHES", 0)
    monkeypatch.setattr(module, "SMALL_MATCHES", 0)
    monkeypatch.setattr(module, "WALK_RATIO", 0)


QUERIES = ("nguyen", "Nguyễn Văn", "van", "đào", "ung on", "le van hung", "hung", "x", "an", "D01-2026-000001")


def test_common_words_are_told_by_a_capped_count(any_database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.core.finding import search as module

    _record(any_database)
    monkeypatch.setattr(module, "SHARED_MATCHES", 1)
    monkeypatch.setattr(module, "ARRAY_MATCHES", 1)  # PostgreSQL too: the ids read only when very few
    with any_database.sessions() as session:
        assert module.count_matches(session, parse("van"), 2) == 2  # three match, counted up to the cap
        assert module.common_matches(session) >= 1
        monkeypatch.setattr(module, "common_matches", lambda _session: 2)
        assert module.resolve(session, parse("nguyen van")) == dataclasses.replace(parse("nguyen van"), common=False)
        assert module.resolve(session, parse("van")).common is True  # three: more than two
        assert module.resolve(session, parse("le van hung")).citizen_ids is not None  # one: few, read once


def test_postgresql_reads_the_matches_ids_once_newest_first(
    pg_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below the common words, the ids come in the citizens' order, read in one capped query."""
    from desktop.core.finding import search as module

    _record(pg_database)
    monkeypatch.setattr(module, "common_matches", lambda _session: 2)
    with pg_database.sessions() as session:
        resolved = module.resolve(session, parse("nguyen van"))
        assert resolved.common is False
        assert resolved.citizen_ids is not None
        names = [session.get(Citizen, key).full_name for key in resolved.citizen_ids]  # type: ignore[union-attr]
        assert names == ["Nguyễn Văn Anh", "Nguyễn Văn Ân"]  # newest first
        assert module.resolve(session, parse("van")) == dataclasses.replace(parse("van"), common=True)


def test_a_walk_and_a_sort_find_what_the_index_finds_in_the_same_order(
    any_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.core.finding import search as module

    numbers = _record(any_database)
    with any_database.sessions.begin() as session:  # a letter, found through its petition's sender
        from db.enums import DocumentKind
        from desktop.core.cases.letters import issue_letter

        issue_letter(
            session,
            DocumentKind.ACCEPTANCE,
            numbers["petition"],
            data_dir=any_database.data_dir,
            today=TODAY,
            viewer=NOBODY,
        )
    indexed = {query: _found(any_database, query) for query in QUERIES}
    monkeypatch.setattr(module, "SMALL_MATCHES", 0)  # the keys and dates fenced in a CTE, then sorted
    for query in QUERIES:
        assert _found(any_database, query) == indexed[query], query
    monkeypatch.setattr(module, "ARRAY_MATCHES", 0)  # PostgreSQL: each kind asks the GIN index itself
    for query in QUERIES:
        assert _found(any_database, query) == indexed[query], query
    monkeypatch.setattr(module, "SHARED_MATCHES", 0)
    monkeypatch.setattr(module, "SMALL_MATCHES", 0)
    monkeypatch.setattr(module, "WALK_RATIO", 0)
    with any_database.sessions() as session:
        assert module.resolve(session, parse("nguyen")).common
    for query in QUERIES:
        assert _found(any_database, query) == indexed[query], query
    assert {kind for kind, _number, _title in indexed["nguyen"]} == set(KINDS)  # every kind walked


def test_both_backends_walk_to_the_same_records(database: Database, pg_database: Database, common: None) -> None:
    _record(database)
    _record(pg_database)
    for query in QUERIES:
        sqlite = [(kind, title) for kind, _number, title in _found(database, query)]
        postgres = [(kind, title) for kind, _number, title in _found(pg_database, query)]
        assert sqlite == postgres, query
    assert _found(database, "nguyen")


def test_a_walks_pages_continue_where_the_last_one_stopped(any_database: Database, common: None) -> None:
    _record(any_database)
    for kind in ("citizen", "visit"):
        with any_database.sessions() as session:
            everything = search_page(session, ADMIN, "van", kind, limit=10)
            first = search_page(session, ADMIN, "van", kind, limit=2)
            assert first.next_offset is not None
            second = search_page(session, ADMIN, "van", kind, offset=first.next_offset, limit=2)
        assert everything.next_offset is None
        assert [hit.number for hit in (*first.hits, *second.hits)] == [hit.number for hit in everything.hits], kind
        assert second.next_offset is None
        assert len(everything.hits) == 3


@pytest.mark.parametrize(
    ("name_key", "query", "matches"),
    [
        ("nguyen van an", "nguyen van an", True),
        ("nguyen van anh", "van nguyen a", True),  # any order, the last word a prefix
        ("nguyen van anh", "nguyen an van", False),  # "van" typed last is a prefix, "an" is a whole word
        ("nguyen-van an", "van an", True),  # words are runs of letters, as both indexes read them
        ("tran van an", "nguyen", False),
        ("le thi", "le thi thu", False),
        ("ho van mung", "ho van mung", True),
    ],
)
def test_a_walk_reads_a_name_as_the_index_does(name_key: str, query: str, matches: bool) -> None:
    from desktop.core.finding.search import names_match

    assert names_match(name_key, parse(query)) is matches


def test_a_walk_reads_the_date_indexes_and_never_sorts_every_match(any_database: Database) -> None:
    _record(any_database)
    indexes = {
        "visit": "ix_visit_received_at",
        "petition": "ix_petition_received_on",
        "case": "ix_case_file_accepted_on",
        "letter": "ix_issued_document_issued_at",
    }
    for kind, index in indexes.items():
        plan = _plan(any_database, "nguyen", kind, common=True)
        assert index in plan, plan
        if any_database.is_sqlite:
            assert "TEMP B-TREE FOR ORDER BY" not in plan.replace("RIGHT PART OF ORDER BY", ""), plan
    citizens = _plan(any_database, "nguyen", "citizen", common=True)
    if any_database.is_sqlite:  # FTS5 hands its rowids over newest first: nothing is sorted
        assert "citizen_fts" in citizens, citizens
        assert "B-TREE" not in citizens, citizens
    else:
        assert "ix_citizen_created_at" in citizens or "ix_citizen_name_search" in citizens, citizens


@pytest.mark.parametrize("who", ["nobody", "other"])
def test_a_walk_leaves_the_denouncer_out_as_the_index_does(any_database: Database, common: None, who: str) -> None:
    planted = _plant(any_database)
    actor = {"nobody": NOBODY, "other": planted.other}[who]
    with any_database.sessions() as session:
        by_name = search(session, actor, SECRET_NAME)
        by_family_name = search(session, actor, SECRET_NAME.split()[0])
    assert [hit for hit in by_name if hit.kind != "letter"] == []
    assert all(SECRET_NAME not in hit.title for hit in (*by_name, *by_family_name))
    with any_database.sessions() as session:
        found = search(session, planted.leader, SECRET_NAME)
    assert {(hit.kind, hit.title) for hit in found if hit.kind != "letter"} >= {
        ("visit", SECRET_NAME),
        ("petition", SECRET_NAME),
        ("case", SECRET_NAME),
        ("citizen", SECRET_NAME),
    }


# --- identity numbers: the CCCD or the old CMND a card names; records numbered without zeros or marks


OLD_CMND = "351234567"
OLD_TWELVE = "025123456789"  # a 12-digit CMND of 2012-2016, kept as the old number


def _with_old_numbers(database: Database) -> dict[str, str]:
    """``_record``, with an old 9-digit CMND for Nguyễn Văn Ân and an old 12-digit one for Lê Văn Hùng."""
    numbers = _record(database)
    with database.sessions.begin() as session:
        for id_number, old in (("001085000001", OLD_CMND), ("001085000005", OLD_TWELVE)):
            session.scalars(select(Citizen).where(Citizen.id_number == id_number)).one().old_id_number = old
    return numbers


def _exact(database: Database, query: str, actor: Actor = ADMIN) -> list[tuple[str, str, float]]:
    with database.sessions() as session:
        return [(hit.kind, hit.number, hit.score) for hit in search(session, actor, query)]


@pytest.mark.parametrize("typed", [OLD_CMND, "351 234 567", "351.234.567", " 351234567 ", "001085000001"])
def test_an_old_or_new_id_number_finds_the_person_and_their_records_exactly(any_database: Database, typed: str) -> None:
    numbers = _with_old_numbers(any_database)
    assert _exact(any_database, typed) == [
        ("citizen", "001085000001", 1.0),  # listed under the number in force, found by the old one
        ("visit", numbers["Nguyễn Văn Ân"], 1.0),
        ("petition", numbers["petition"], 1.0),
        ("case", numbers["case"], 1.0),
    ]
    with any_database.sessions() as session:
        first = search(session, ADMIN, typed)[0]
    assert first.opens == ("visit", numbers["Nguyễn Văn Ân"])  # Enter opens the person's latest visit


def test_an_old_twelve_digit_number_finds_its_person_and_nothing_is_a_prefix(any_database: Database) -> None:
    numbers = _with_old_numbers(any_database)
    expected = [("citizen", "001085000005", 1.0), ("visit", numbers["Lê Văn Hùng"], 1.0)]
    assert _exact(any_database, OLD_TWELVE) == expected
    assert _exact(any_database, "0251 2345 6789") == expected
    assert _exact(any_database, OLD_CMND[:-1]) == []
    assert _exact(any_database, OLD_TWELVE[:-1]) == []


def test_both_backends_find_the_same_by_old_numbers(database: Database, pg_database: Database) -> None:
    _with_old_numbers(database)
    _with_old_numbers(pg_database)
    for query in (OLD_CMND, OLD_TWELVE, "001085000003"):
        sqlite = [(kind, title) for kind, _number, title in _found(database, query)]
        assert sqlite == [(kind, title) for kind, _number, title in _found(pg_database, query)], query
        assert sqlite, query


SECRET_OLD = "352000777"


@pytest.mark.parametrize("who", ["nobody", "other", "receptionist_of_another_desk"])
def test_a_denouncer_found_by_an_old_or_new_id_number_is_left_out(any_database: Database, who: str) -> None:
    planted = _plant(any_database)
    with any_database.sessions.begin() as session:
        session.scalars(select(Citizen).where(Citizen.id_number == SECRET_ID)).one().old_id_number = SECRET_OLD
    actor = {"nobody": NOBODY, "other": planted.other, "receptionist_of_another_desk": planted.admin}[who]
    # Not even a masked row: one under the number typed would tell that this person denounced someone.
    assert _exact(any_database, SECRET_OLD, actor) == []
    assert _exact(any_database, SECRET_ID, actor) == []
    seen = {(kind, number) for kind, number, _score in _exact(any_database, SECRET_OLD, planted.leader)}
    assert seen >= {("citizen", SECRET_ID), ("visit", planted.serial), ("petition", planted.petition)}
    with any_database.sessions() as session:
        shown = search(session, planted.leader, SECRET_OLD)
    assert all(hit.title == SECRET_NAME and not hit.masked for hit in shown)


def test_serials_and_record_numbers_are_found_without_their_leading_zeros_or_marks(any_database: Database) -> None:
    numbers = _record(any_database)
    serial, petition, case = numbers["Lê Văn Hùng"], numbers["petition"], numbers["case"]
    assert serial == "D01-2026-000005"
    assert petition == "D01-2026-D00001"
    assert case == "D01-2026-V00001"
    for typed in ("d01-2026-5", "D01-2026-05", "D01 - 2026 - 5", "Đ01-2026-000005"):
        assert [(kind, number) for kind, number, _ in _exact(any_database, typed)] == [("visit", serial)], typed
    for typed in ("d01-2026-d1", "D01-2026-Đ00001", "đ01-2026-đ1"):
        assert [(kind, number) for kind, number, _ in _exact(any_database, typed)] == [("petition", petition)], typed
    assert [(kind, number) for kind, number, _ in _exact(any_database, "d01-2026-v1")] == [("case", case)]
    assert _exact(any_database, "D01-2026-50") == []
    assert _exact(any_database, "D01-2026-0") == []


def test_a_letter_number_is_found_without_its_leading_zero_case_or_diacritics(any_database: Database) -> None:
    from db.enums import DocumentKind
    from db.models import Authority
    from desktop.core.cases.letters import issue_letter

    numbers = _record(any_database)
    with any_database.sessions.begin() as session:
        for authority in session.scalars(select(Authority)):
            authority.number_symbol = "HĐND"  # the people's council numbers its notices "05/TB-HĐND"
        letter = issue_letter(
            session,
            DocumentKind.ACCEPTANCE,
            numbers["petition"],
            data_dir=any_database.data_dir,
            today=TODAY,
            viewer=NOBODY,
        )
    assert letter.number == "01/TB-HĐND"
    for typed in (
        "01/TB-HĐND",
        "1/TB-HĐND",
        "1/tb-hdnd",
        "01/TB-HDND",
        "Số: 1/tb-hđnd",
        "so 01/TB-HDND",
        "001/TB-HDND",
        "1 / TB - HDND",
        unicodedata.normalize("NFD", "1/tb-hđnd"),
    ):
        assert [(kind, number) for kind, number, _ in _exact(any_database, typed)] == [("letter", letter.number)], typed
    for typed in ("10/TB-HDND", "1/TB", "1/TB-HDN", "1/PC-HDND"):
        assert [kind for kind, _number, _score in _exact(any_database, typed) if kind == "letter"] == [], typed


def test_an_identity_number_is_looked_up_through_the_indexes_of_both_numbers(any_database: Database) -> None:
    from desktop.core.finding.search import _identity_is

    _with_old_numbers(any_database)
    statement = select(Citizen.id).where(_identity_is(parse(OLD_CMND).identities))
    with any_database.sessions() as session:
        compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        if any_database.is_sqlite:
            plan = "\n".join(row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
        else:
            session.execute(text("SET LOCAL enable_seqscan = off"))
            plan = "\n".join(row[0] for row in session.execute(text(f"EXPLAIN {compiled}")))
    assert "ix_citizen_id_number" in plan, plan
    assert "ix_citizen_old_id_number" in plan, plan
    assert "SCAN citizen" not in plan, plan
    assert "Seq Scan" not in plan, plan


# --- PostgreSQL: each kind's page picked among the matched people's visits or petitions, as one array


@pytest.fixture
def owners(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every match count is above the few: PostgreSQL's kinds pick their pages by the owners read once."""
    from desktop.core.finding import search as module

    monkeypatch.setattr(module, "SMALL_MATCHES", 0)
    monkeypatch.setattr(module, "common_matches", lambda _session: 1000)  # never common


def test_pages_by_their_owners_find_on_postgresql_what_sqlite_finds(
    database: Database, pg_database: Database, owners: None
) -> None:
    from desktop.core.finding import search as module

    numbers = _record(database)
    _record(pg_database)
    for data in (database, pg_database):
        with data.sessions.begin() as session:  # a letter, found through its petition's sender
            from db.enums import DocumentKind
            from desktop.core.cases.letters import issue_letter

            petition = numbers["petition"]
            issue_letter(session, DocumentKind.ACCEPTANCE, petition, data_dir=data.data_dir, today=TODAY, viewer=NOBODY)
    with pg_database.sessions() as session:
        terms = module.resolve(session, parse("van"))
        assert terms.citizen_ids is not None
        module.search_page(session, ADMIN, "van", "visit")
    for query in QUERIES:
        sqlite = [(kind, title) for kind, _number, title in _found(database, query)]
        postgres = [(kind, title) for kind, _number, title in _found(pg_database, query)]
        assert sqlite == postgres, query
    assert {kind for kind, _number, _title in _found(pg_database, "nguyen")} == set(KINDS)


def test_pages_by_their_owners_continue_where_the_last_one_stopped(pg_database: Database, owners: None) -> None:
    _record(pg_database)
    for kind in ("citizen", "visit"):
        with pg_database.sessions() as session:
            everything = search_page(session, ADMIN, "nguyen", kind, limit=10)
            first = search_page(session, ADMIN, "nguyen", kind, limit=1)
            assert first.next_offset is not None, kind
            second = search_page(session, ADMIN, "nguyen", kind, offset=first.next_offset, limit=10)
        assert everything.next_offset is None
        assert second.next_offset is None
        assert [hit.number for hit in (*first.hits, *second.hits)] == [hit.number for hit in everything.hits], kind


@pytest.mark.parametrize(
    ("kind", "index"),
    [
        ("visit", "ix_visit_received_at"),
        ("petition", "ix_petition_received_on"),
        ("case", "ix_case_file_accepted_on"),
        ("letter", "ix_issued_document_issued_at"),
    ],
)
def test_a_page_by_its_owners_can_walk_the_date_index(pg_database: Database, kind: str, index: str) -> None:
    """The plan the planner picks for many owners: the date index newest first, each record's owner
    looked up in the hashed array (here made the only plan: no sort, no scan of the table)."""
    from desktop.core.finding import search as module

    _record(pg_database)
    with pg_database.sessions() as session:
        owners = [uuid.uuid4() for _ in range(500)]
        statement = module._KIND_SEARCHES[kind].owners_statement(owners, 0, 51)  # type: ignore[attr-defined]
        compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        session.execute(text("SET LOCAL enable_seqscan = off"))
        session.execute(text("SET LOCAL enable_sort = off"))
        session.execute(text("SET LOCAL enable_bitmapscan = off"))
        plan = "\n".join(row[0] for row in session.execute(text(f"EXPLAIN {compiled}")))
    assert index in plan, plan
    assert "ANY" in plan, plan
