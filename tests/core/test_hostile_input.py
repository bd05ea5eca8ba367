"""Issue 8: hostile input at every entry point is refused with a message, never a crash, the same on both databases.

Property-based, derandomised (the same examples on every run, whatever order pytest-randomly picks).
For each entry point (the visit, the petition, the office profile, a case step, the calendar file,
an office calendar day and the lines of `tiepdan visit add`):

- nothing but a ValidationError keyed by the input's own fields comes out (no OverflowError, no
  UnicodeEncodeError, no raw driver error);
- a refused save writes nothing: a digest of every table is the same before and after, inside the
  transaction (validation comes before any write);
- what is saved reads back, from a new session, as the core cleaned it (NFC, no format or control
  characters, digits of IDs and phones in ASCII) and fits its column;
- on PostgreSQL the same input gives the same verdict and reads back the same as on SQLite.

Fast paths keep this within the CI budget: the pure validations take most examples, a few hundred
save on SQLite, fewer on both databases. TIEPDAN_FUZZ_SCALE=10 runs ten times as many.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import Integer, String, Text, func, select
from sqlalchemy.orm import Session

import db.models
from db.base import Base
from db.enums import (
    CaseEventKind,
    Channel,
    IdType,
    Ineligibility,
    Outcome,
    ParticipantRole,
    PetitionDecision,
    ReceivedBy,
)
from desktop.cli import main
from desktop.core import bounds
from desktop.core.cases.case_files import record_event
from desktop.core.cases.due_dates import save_day
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.petitions import (
    PetitionDraft,
    PetitionView,
    ensure_fields,
    register_petition,
    validate_petition,
)
from desktop.core.database import Database
from desktop.core.deadlines.calendar import load_overrides, parse_overrides
from desktop.core.errors import AppError, ValidationError
from desktop.core.office import EXAMPLE_OFFICE, OfficeProfile, check_office, get_office, get_setting, save_office
from desktop.core.reception.citizens import check_identities
from desktop.core.reception.drafts import add_visit, draft_from_dict, known_keys, read_visits
from desktop.core.reception.validation import normalise_id_number
from desktop.core.reception.visits import (
    CitizenInput,
    ParticipantInput,
    SavedVisit,
    VisitDraft,
    register_visit,
    validate_visit,
)
from desktop.core.settings_keys import Setting
from desktop.core.text import ascii_digits, clean, storable, title_name, upper
from desktop.core.users import create_first_admin, has_accounts
from tests.builders import ADMIN, make_citizen, make_draft, make_petition_draft
from tests.helpers import hostile
from tests.helpers.hostile import texts

SCALE = float(os.environ.get("TIEPDAN_FUZZ_SCALE", "1"))
settings.register_profile(
    "hostile-input",
    settings.get_profile("tiepdan"),
    derandomize=True,  # pytest-randomly seeds Hypothesis; derandomised, every run tries the same examples
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # one database per test, shared by its examples on purpose
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


def examples(count: int) -> settings:
    return settings(settings.get_profile("hostile-input"), max_examples=max(1, round(count * SCALE)))


# The pure checks take their inputs in batches: one Hypothesis example, BATCH inputs (the engine's
# own work per example costs more than a validation).
BATCH = 10


def batches(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    return st.lists(strategy, min_size=BATCH, max_size=BATCH)


NOW = dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 30)


# -- verdicts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What an attempt came to: the fields refused, or the texts read back after saving."""

    refused: tuple[str, ...] = ()
    saved: Any = None


def _digest_statement() -> Any:
    """One row: the row count, integer sums and text lengths of every table (built once, compiled once)."""
    aggregates: list[Any] = []
    for table in Base.metadata.sorted_tables:
        parts: list[Any] = [func.count()]
        for column in table.columns:
            if isinstance(column.type, Integer):
                parts.append(func.coalesce(func.sum(column), 0))
            elif isinstance(column.type, String | Text):
                parts.append(func.coalesce(func.sum(func.length(column)), 0))
        aggregates.extend(select(part).select_from(table).scalar_subquery() for part in parts)
    return select(*aggregates)


DIGEST = _digest_statement()


def digest(session: Session) -> tuple[Any, ...]:
    """Any write to any table shows in it."""
    return tuple(int(value) for value in session.execute(DIGEST).one())


def attempt(database: Database, work: Callable[[Session], Any], read: Callable[[Session, Any], Any]) -> Verdict:
    """``work`` in one transaction as a form runs it; refused: nothing written; saved: read back afresh."""
    with database.sessions() as session:
        before = digest(session)
        result, refusal = _run(lambda: work(session))
        if refusal is not None:
            assert refusal.errors
            assert all(isinstance(message, str) and message for message in refusal.errors.values())
            assert digest(session) == before, "a refused save wrote something"
            session.rollback()
            event("refused")
            return Verdict(refused=tuple(sorted(refusal.errors)))
        event("saved")
        session.commit()
    with database.sessions() as session:
        return Verdict(saved=read(session, result))


def _run(work: Callable[[], Any]) -> tuple[Any, ValidationError | None]:
    """What ``work`` returned, or the ValidationError it raised; anything else fails the test."""
    try:
        return work(), None
    except ValidationError as exc:
        return None, exc


def stored_texts(row: Any) -> dict[str, str]:
    """Every text column of ``row``, each checked: NFC, no format or control character, within its column."""
    texts_of_row = {}
    for column in row.__table__.columns:
        value = getattr(row, column.key)
        if not isinstance(value, str):
            continue
        assert unicodedata.is_normalized("NFC", value), (column.key, value)
        assert storable(value), (column.key, value)
        assert not any(unicodedata.category(ch) == "Cf" for ch in value), (column.key, value)
        assert len(value) <= (getattr(column.type, "length", None) or bounds.TEXT_MAX), column.key
        texts_of_row[column.key] = value
    return texts_of_row


def limits(fields: Any, prefix: str = "") -> dict[str, int]:
    """The length each text path keeps, from the core's bounds (``prefix`` + field name)."""
    return {prefix + key: bound.max_length for key, bound in fields.items()}


def assert_known_keys(errors: dict[str, str], known: Callable[[str], bool]) -> None:
    unknown = [key for key in errors if not known(key)]
    assert not unknown, f"errors not keyed by a field of the input: {unknown}"


def _has_path(obj: Any, path: str) -> bool:
    try:
        hostile.get_path(obj, path)
    except (AttributeError, IndexError, ValueError):
        return False
    return True


# -- visits ----------------------------------------------------------------------------------

_CITIZEN_PATHS = tuple(
    f"{{}}.{name}"
    for name in (
        "full_name",
        "id_number",
        "id_issue_place",
        "phone",
        "ethnicity",
        "nationality",
        "address_detail",
        "birth_date",
        "birth_year",
        "id_issue_date",
        "province_code",
        "commune_code",
        "id_type",
        "sex",
    )
)
_CITIZEN_SAMPLES = {"birth_date": dt.date(1985, 1, 1)}
VISIT_PATHS = (
    "content_summary",
    "requests",
    "prior_resolution",
    "outcome_note",
    "leader_name",
    "appointment_place",
    "appointment_with",
    "receptionist_name",
    "received_at",
    "appointment_at",
    "head_count",
    "documents.0.name",
    "documents.0.pages",
    *(path.format("participants.0.citizen") for path in _CITIZEN_PATHS),
)
VISIT_SAMPLES = {
    "received_at": NOW,
    "appointment_at": NOW,
    **{f"participants.0.citizen.{key}": value for key, value in _CITIZEN_SAMPLES.items()},
}
VISIT_LIMITS = {
    **limits(bounds.VISIT),
    **limits(bounds.CITIZEN, "participants.0.citizen."),
    **limits(bounds.DOCUMENT, "documents.0."),
}
VISIT_BASES = (
    make_draft(),
    make_draft(
        received_by=ReceivedBy.LEADER,
        leader_name="nguyễn văn bình",
        outcome=Outcome.APPOINTMENT,
        appointment_at=dt.datetime(2026, 12, 2, 9, 0),
        appointment_place="Phòng tiếp công dân",
        appointment_with="Ông Bình",
    ),
    make_draft(
        participants=(
            ParticipantInput(make_citizen(), ParticipantRole.COMPLAINANT),
            ParticipantInput(
                CitizenInput("Lê Văn Tám", id_type=IdType.CCCD, id_number="079080000321", phone="0987654321"),
                ParticipantRole.REPRESENTATIVE,
                is_representative=True,
            ),
        ),
        is_delegation=True,
        head_count=6,
    ),
)


def _visit_variants(base: VisitDraft) -> st.SearchStrategy[VisitDraft]:
    digits = hostile.digits_in(base.participants[0].citizen.id_number).map(
        lambda number: hostile.set_path(base, "participants.0.citizen.id_number", number)
    )
    return st.one_of(hostile.hostile(base, VISIT_PATHS, samples=VISIT_SAMPLES, limits=VISIT_LIMITS), digits)


visit_drafts = st.one_of(*(_visit_variants(base) for base in VISIT_BASES))


def _visit_key(draft: VisitDraft) -> Callable[[str], bool]:
    def known(key: str) -> bool:
        if key.startswith("participants."):
            head, index, rest = key.split(".", 2)
            return _has_path(draft, f"{head}.{index}.citizen.{rest}") or (index == "0" and not draft.participants)
        return _has_path(draft, key)

    return known


def _save_visit(database: Database, draft: VisitDraft) -> Verdict:
    return attempt(
        database,
        lambda session: register_visit(session, draft, desk_code="D01", now=NOW, actor=ADMIN),
        _read_visit(draft),
    )


def _read_visit(draft: VisitDraft) -> Callable[[Session, SavedVisit], Any]:
    return lambda session, saved: _check_visit(session, draft, saved.visit.serial)


def _check_visit(session: Session, draft: VisitDraft, serial: str) -> Any:
    """The visit ``serial`` as saved from ``draft``: cleaned as the core cleans, each text NFC, within its column."""
    visit = session.scalar(select(db.models.Visit).where(db.models.Visit.serial == serial))
    assert visit is not None
    assert visit.content_summary == clean(draft.content_summary)
    assert (visit.requests, visit.outcome_note) == (clean(draft.requests), clean(draft.outcome_note))
    if draft.received_by == ReceivedBy.LEADER:
        assert visit.leader_name == title_name(draft.leader_name)
    if draft.outcome == Outcome.APPOINTMENT:
        assert visit.appointment_place == clean(draft.appointment_place)
    for row, given_ in zip(visit.participants, draft.participants, strict=True):
        assert row.full_name == title_name(given_.citizen.full_name)
        if given_.citizen.id_type != IdType.NONE:
            number = normalise_id_number(given_.citizen.id_type, given_.citizen.id_number)
            assert row.citizen.id_number == number
        assert row.citizen.id_number.isascii() or given_.citizen.id_type == IdType.OTHER
        assert row.citizen.phone.isascii()
    for row, document in zip(visit.documents, draft.documents, strict=True):
        assert (row.name, row.pages) == (clean(document.name), document.pages)
    rows = [visit, *visit.participants, *(p.citizen for p in visit.participants), *visit.documents]
    return [stored_texts(row) for row in rows]


@pytest.mark.slow
@examples(3000 // BATCH)
@given(drafts=batches(visit_drafts))
def test_visit_validation_refuses_by_field_and_never_crashes(drafts: list[VisitDraft]) -> None:
    """The fast path: the verdict of a visit is pure, so most inputs need no database."""
    for draft in drafts:
        issues = validate_visit(draft, now=NOW)
        assert_known_keys(issues.errors, _visit_key(draft))


@pytest.mark.slow
@examples(150)
@given(draft=visit_drafts)
def test_a_visit_is_saved_clean_or_refused_whole(database: Database, draft: VisitDraft) -> None:
    expected = _form_verdict(database, draft)
    verdict = _save_visit(database, draft)
    assert bool(verdict.refused) == bool(expected.errors), expected.errors


def _form_verdict(database: Database, draft: VisitDraft) -> Any:
    """What the form says of ``draft`` on this database: its rules, and the question of a known ID with another name."""
    with database.sessions() as session:
        issues = validate_visit(draft, now=NOW)
        issues.merge(check_identities(session, [p.citizen for p in draft.participants], "participants."))
    return issues


@pytest.mark.slow
@examples(60)
@given(draft=visit_drafts)
def test_a_visit_means_the_same_on_postgresql(database: Database, pg_database: Database, draft: VisitDraft) -> None:
    assert _save_visit(pg_database, draft) == _save_visit(database, draft)


# -- `tiepdan visit add` lines ---------------------------------------------------------------
# The command's path in this process: read_visits (the file's bytes -> one value per line) and
# add_visit (read the draft, save it as the form does, in its own transaction). Lines are the
# hostile drafts above written as JSON, the example line with one key given a hostile JSON value
# (wrong type, unknown key, huge number, nesting) or removed, and bytes that are no JSON at all.


def visit_line(draft: VisitDraft) -> dict[str, Any]:
    """A visit draft as a line of `tiepdan visit add` (field names as keys, enum codes and ISO dates as values)."""

    def plain(value: Any) -> Any:
        if isinstance(value, tuple):
            return [plain(item) for item in value]
        if isinstance(value, dt.date):  # datetime too
            return value.isoformat()
        if hasattr(value, "__dataclass_fields__"):
            return {name: plain(getattr(value, name)) for name in value.__dataclass_fields__}
        return value.value if hasattr(value, "value") else value

    return plain(draft)


def test_visit_line_is_plain_json() -> None:
    line = json.loads(json.dumps(visit_line(VISIT_BASES[1])))
    assert line["outcome"] == "appointment"
    assert line["participants"][0]["citizen"]["id_type"] == "cccd"


_json_scalar = st.none() | st.booleans() | hostile.ints | st.floats() | texts | hostile.dates.map(dt.date.isoformat)
json_values = st.recursive(
    _json_scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3), max_leaves=6
)
_LINE_KEYS = (
    *(f"{name}" for name in known_keys()["visit"]),
    *(f"participants.0.{name}" for name in known_keys()["participant"]),
    *(f"participants.0.citizen.{name}" for name in known_keys()["citizen"]),
    *(f"documents.0.{name}" for name in known_keys()["document"]),
)


@st.composite
def _mangled_line(draw: Callable[[st.SearchStrategy[Any]], Any]) -> dict[str, Any]:
    """A valid line with one to three keys given a hostile JSON value, removed, or added unknown."""
    line = visit_line(draw(st.sampled_from(VISIT_BASES)))
    for _ in range(draw(st.integers(1, 3))):
        *parents, key = draw(st.sampled_from(_LINE_KEYS)).split(".")
        target: Any = line
        for part in parents:  # an earlier change may have removed or replaced the parent
            if not isinstance(target, list | dict) or (int(part) if part.isdigit() else part) not in (
                range(len(target)) if isinstance(target, list) else target
            ):
                break
            target = target[int(part)] if part.isdigit() else target[part]
        if not isinstance(target, dict):
            continue
        action = draw(st.sampled_from(("value", "value", "value", "remove", "unknown")))
        if action == "remove":
            target.pop(key, None)
        elif action == "unknown":
            target[draw(texts)] = draw(json_values)
        else:
            target[key] = draw(json_values)
    return line


def _encoded(value: Any, ascii_only: bool) -> bytes:
    """One JSON line as a script writes it (a lone surrogate: escaped, or as the invalid bytes Python gives)."""
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", errors="surrogatepass")


_not_json = st.one_of(
    st.binary(max_size=40),
    texts.map(lambda text: text.encode("utf-8", errors="surrogatepass")),
    st.sampled_from(
        (
            b"{not json",
            b"[1, 2]",
            b"null",
            b'"a visit"',
            b"NaN",
            b'{"head_count": Infinity}',
            b'{"head_count": ' + b"9" * 5000 + b"}",
            b"[" * 3000 + b"]" * 3000,
            b"\xef\xbb\xbf{}",
            b'{"classification": "\xff"}',
            b'{"participants": {"0": {}}}',
            b'{"documents": [null, 1, "x"]}',
            b'{"participants": [{"citizen": []}]}',
            b'{"participants": [{"role": "complainant"}]}',
            b'{"classification": "complaint", "participants": [{"citizen": {"full_name": "A"}}], "a": 1, "a": 2}',
        )
    ),
)


@dataclass(frozen=True, repr=False)
class Line:
    """The bytes of a line, and the draft it was written from (None: a mangled line or no JSON)."""

    raw: bytes
    draft: VisitDraft | None = None

    def __repr__(self) -> str:  # a line of 100 kB is no help in a report
        return f"Line({self.raw[:400]!r} ({len(self.raw)} bytes), from_draft={self.draft is not None})"


visit_lines = st.one_of(
    st.tuples(visit_drafts, st.booleans()).map(lambda pair: Line(_encoded(visit_line(pair[0]), pair[1]), pair[0])),
    st.tuples(_mangled_line(), st.booleans()).map(lambda pair: Line(_encoded(pair[0], pair[1]))),
    _not_json.map(Line),
)


def _add_line(database: Database, line: Line) -> None:
    """Each value of the line through add_visit: saved clean as the form saves it, or refused, nothing written."""
    raw, draft = line.raw, line.draft
    for number, item in read_visits(raw, document=False):
        expected: bool | None = None
        if draft is not None and not isinstance(item, ValidationError):
            with database.sessions() as session:
                filled = replace(
                    draft, receptionist_name=draft.receptionist_name or get_setting(session, Setting.RECEPTIONIST)
                )
                read, refusal = _run(lambda item=item: draft_from_dict(item))
                if refusal is not None:  # what no text can hold (a lone surrogate), or what the form refuses too
                    unreadable = not all(_encodable(text) for text in _texts_of(draft))
                    assert unreadable or validate_visit(filled, now=NOW).errors, refusal.errors
                else:
                    assert read == draft, "the line reads back as another draft"
                    expected = not _form_verdict(database, filled).errors
        with database.sessions() as session:
            before = digest(session)
        result = add_visit(
            database, number, item, desk_code="D01", now=NOW, actor=ADMIN
        )  # anything raised fails the test
        assert result.line == number
        if expected is not None:
            assert result.saved == expected, result.errors
        if not result.saved:
            assert result.errors
            assert all(isinstance(message, str) and message for message in result.errors.values())
            with database.sessions() as session:
                assert digest(session) == before, "a refused line wrote something"
            event("refused")
            continue
        event("saved")
        assert not result.errors
        assert result.number is not None
        with database.sessions() as session:
            _check_visit(session, draft_from_dict(item), result.number)


def _texts_of(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [text for item in value for text in _texts_of(item)]
    if hasattr(value, "__dataclass_fields__"):
        return [text for name in value.__dataclass_fields__ for text in _texts_of(getattr(value, name))]
    return []


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.slow
@examples(300)
@given(line=visit_lines)
def test_a_visit_add_line_is_saved_as_the_form_saves_it_or_refused_whole(database: Database, line: Line) -> None:
    _add_line(database, line)


@pytest.mark.slow
@examples(40)
@given(line=visit_lines)
def test_a_visit_add_line_means_the_same_on_postgresql(database: Database, pg_database: Database, line: Line) -> None:
    """What a desk accepts from a file, the office server accepts the same way, line by line."""
    for number, item in read_visits(line.raw, document=False):
        on_sqlite = add_visit(database, number, item, desk_code="D01", now=NOW, actor=ADMIN)
        on_postgresql = add_visit(pg_database, number, item, desk_code="D01", now=NOW, actor=ADMIN)
        assert on_postgresql == on_sqlite


@pytest.mark.slow
@examples(25)
@given(lines=st.lists(visit_lines, min_size=1, max_size=6))
def test_the_visit_add_command_answers_every_line(
    database: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    lines: list[Line],
) -> None:
    """The command itself, in this process: one result per visit in the file, exit 1 unless all saved."""
    monkeypatch.setenv("TIEPDAN_PASSWORD", "mat-khau-cua-quan-tri")
    path = tmp_path / "visits.jsonl"
    path.write_bytes(b"\n".join(line.raw for line in lines))
    expected = [number for number, _item in read_visits(path.read_bytes(), document=False)]
    with database.sessions.begin() as session:
        if not has_accounts(session):  # the examples share the database: one administrator for all
            create_first_admin(session, "quantri", "mat-khau-cua-quan-tri")
        before = session.scalar(select(func.count()).select_from(db.models.Visit))
    status = main(["--data-dir", str(database.data_dir), "--user", "quantri", "visit", "add", str(path), "--json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    results = json.loads(out)
    assert [result["line"] for result in results] == expected
    saved = [result for result in results if result["number"]]
    assert all(not result["errors"] for result in saved)
    assert all(result["errors"] for result in results if not result["number"])
    assert status == (0 if len(saved) == len(results) else 1)
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(db.models.Visit)) == before + len(saved)


# -- petitions -------------------------------------------------------------------------------

PETITION_PATHS = (
    "content_summary",
    "transferred_from",
    "transferred_doc_number",
    "transferred_doc_date",
    "competent_body",
    "ineligibility_note",
    "field_code",
    "duplicate_of",
    "visit_serial",
    "received_on",
    "channel",
    "kind",
    "competence",
    "is_anonymous",
    "is_eligible",
    "ineligibility",
    *(path.format("senders.0") for path in _CITIZEN_PATHS),
)
PETITION_SAMPLES = {
    "transferred_doc_date": TODAY,
    "ineligibility": Ineligibility.OTHER,
    **{f"senders.0.{key}": value for key, value in _CITIZEN_SAMPLES.items()},
}
PETITION_BASES = (
    make_petition_draft(),
    make_petition_draft(field_code="DD"),
    make_petition_draft(
        channel=Channel.TRANSFERRED,
        transferred_from="Ban Tiếp công dân Trung ương",
        transferred_doc_number="125/BTCDTW-V1",
        transferred_doc_date=dt.date(2026, 3, 2),
        report_back_required=True,
        duplicate_of="D01-2026-D00001",
    ),
)
PETITION_LIMITS = {**limits(bounds.PETITION), **limits(bounds.CITIZEN, "senders.0.")}
petition_drafts = st.one_of(
    *(
        hostile.hostile(base, PETITION_PATHS, samples=PETITION_SAMPLES, limits=PETITION_LIMITS)
        for base in PETITION_BASES
    )
)


def _with_a_petition(database: Database) -> Database:
    """The default fields, and one petition for "same as" to point at."""
    with database.sessions.begin() as session:
        ensure_fields(session)
        register_petition(session, make_petition_draft(), desk_code="D01", today=TODAY, actor=ADMIN)
    return database


@pytest.fixture
def petition_db(database: Database) -> Database:
    return _with_a_petition(database)


@pytest.fixture
def pg_petition_db(pg_database: Database) -> Database:
    return _with_a_petition(pg_database)


def _save_petition(database: Database, draft: PetitionDraft) -> Verdict:
    def read(session: Session, view: PetitionView) -> Any:
        petition = session.scalar(select(db.models.Petition).where(db.models.Petition.number == view.number))
        assert petition is not None
        assert petition.content_summary == clean(draft.content_summary)
        assert petition.transferred_from == clean(draft.transferred_from)
        assert petition.competent_body == clean(draft.competent_body)
        citizens = [sender.citizen for sender in petition.senders]
        assert [c.full_name for c in citizens] == [title_name(s.full_name) for s in draft.senders]
        return [stored_texts(row) for row in (petition, *citizens)]

    return attempt(
        database, lambda session: register_petition(session, draft, desk_code="D01", today=TODAY, actor=ADMIN), read
    )


@pytest.mark.slow
@examples(2000 // BATCH)
@given(drafts=batches(petition_drafts))
def test_petition_validation_refuses_by_field_and_never_crashes(
    petition_db: Database, drafts: list[PetitionDraft]
) -> None:
    """Nearly pure: it looks up the field code and the earlier petition, nothing else."""
    with petition_db.sessions() as session:
        for draft in drafts:
            issues = validate_petition(session, draft, today=TODAY)
            assert_known_keys(issues.errors, lambda key, draft=draft: key == "senders" or _has_path(draft, key))


@pytest.mark.slow
@examples(150)
@given(draft=petition_drafts)
def test_a_petition_is_saved_clean_or_refused_whole(petition_db: Database, draft: PetitionDraft) -> None:
    _save_petition(petition_db, draft)


@pytest.mark.slow
@examples(50)
@given(draft=petition_drafts)
def test_a_petition_means_the_same_on_postgresql(
    petition_db: Database, pg_petition_db: Database, draft: PetitionDraft
) -> None:
    assert _save_petition(pg_petition_db, draft) == _save_petition(petition_db, draft)


# -- the office profile ----------------------------------------------------------------------

OFFICE_PATHS = (
    "agency_name",
    "parent_agency",
    "place_name",
    "number_symbol",
    "address",
    "phone",
    "reception_place",
    "signers.0.full_name",
    "signers.0.position",
    "signers.0.authority",
)
office_profiles = st.one_of(
    hostile.hostile(
        EXAMPLE_OFFICE, OFFICE_PATHS, limits={**limits(bounds.OFFICE), **limits(bounds.SIGNER, "signers.0.")}
    ),
    hostile.digits_in("BTCD-1").map(lambda symbol: hostile.set_path(EXAMPLE_OFFICE, "number_symbol", symbol)),
)


def _save_office(database: Database, profile: OfficeProfile) -> Verdict:
    def read(session: Session, _saved: OfficeProfile) -> Any:
        stored = get_office(session)
        assert stored is not None
        assert stored.agency_name == clean(profile.agency_name)
        assert stored.number_symbol == upper(ascii_digits(clean(profile.number_symbol)))
        assert [s.full_name for s in stored.signers] == [
            title_name(s.full_name) for s in profile.signers if title_name(s.full_name)
        ]
        office = session.scalar(select(db.models.Office))
        return [stored_texts(row) for row in (office, *office.signers)]

    return attempt(database, lambda session: save_office(session, profile), read)


@pytest.mark.slow
@examples(2000 // BATCH)
@given(profiles=batches(office_profiles))
def test_office_profile_check_refuses_by_field_and_never_crashes(profiles: list[OfficeProfile]) -> None:
    for profile in profiles:
        assert_known_keys(check_office(profile), lambda key, profile=profile: _has_path(profile, key))


@pytest.mark.slow
@examples(150)
@given(profile=office_profiles)
def test_the_office_profile_is_saved_clean_or_refused_whole(database: Database, profile: OfficeProfile) -> None:
    verdict = _save_office(database, profile)
    assert bool(verdict.refused) == bool(check_office(profile))


@pytest.mark.slow
@examples(40)
@given(profile=office_profiles)
def test_the_office_profile_means_the_same_on_postgresql(
    database: Database, pg_database: Database, profile: OfficeProfile
) -> None:
    assert _save_office(pg_database, profile) == _save_office(database, profile)


# -- case steps ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepInput:
    kind: CaseEventKind = CaseEventKind.VERIFICATION
    occurred_on: dt.date = dt.date(2026, 4, 1)
    actor: str = "Trần Văn Hùng"
    note: str = "Quyết định 15/QĐ-UBND"


step_inputs = st.one_of(
    hostile.hostile(StepInput(), ("kind", "occurred_on", "actor", "note"), limits=limits(bounds.CASE_STEP), at_most=4),
    st.builds(StepInput, st.sampled_from(CaseEventKind), st.dates(dt.date(2026, 3, 1), TODAY + dt.timedelta(days=2))),
)


def _open_case(database: Database) -> str:
    with database.sessions.begin() as session:
        number = register_petition(session, make_petition_draft(), desk_code="D01", today=TODAY, actor=ADMIN).number
        decided = decide_petition(
            session, number, PetitionDecision.ACCEPT, on=dt.date(2026, 3, 10), desk_code="D01", today=TODAY, actor=ADMIN
        )
    return decided.case_number


@pytest.fixture
def case_db(database: Database) -> tuple[Database, str]:
    return database, _open_case(database)


@pytest.fixture
def pg_case_db(pg_database: Database) -> tuple[Database, str]:
    return pg_database, _open_case(pg_database)


def _record_step(database: Database, number: str, step: StepInput) -> Verdict:
    """One step on a fresh case: the transaction is rolled back after reading the step back."""
    with database.sessions() as session:
        before = digest(session)
        view, refusal = _run(
            lambda: record_event(
                session,
                number,
                step.kind,
                occurred_on=step.occurred_on,
                actor=step.actor,
                note=step.note,
                today=TODAY,
                by=ADMIN,
            )
        )
        if refusal is not None:
            assert set(refusal.errors) <= {"kind", "occurred_on", "actor", "note"}, refusal.errors
            assert digest(session) == before, "a refused step wrote something"
            event("refused")
            return Verdict(refused=tuple(sorted(refusal.errors)))
        event("saved")
        session.expire_all()  # what the database holds, not what the session remembers
        events = session.scalars(
            select(db.models.CaseEvent)
            .join(db.models.CaseFile)
            .where(db.models.CaseFile.number == number, db.models.CaseEvent.kind != CaseEventKind.ACCEPTED)
        ).all()
        assert len(events) == 1
        assert (events[0].actor, events[0].note) == (clean(step.actor), clean(step.note))
        saved = (view.state, stored_texts(events[0]))
        session.rollback()
    return Verdict(saved=saved)


@pytest.mark.slow
@examples(400)
@given(step=step_inputs)
def test_a_case_step_is_recorded_clean_or_refused_whole(case_db: tuple[Database, str], step: StepInput) -> None:
    _record_step(*case_db, step)


@pytest.mark.slow
@examples(50)
@given(step=step_inputs)
def test_a_case_step_means_the_same_on_postgresql(
    case_db: tuple[Database, str], pg_case_db: tuple[Database, str], step: StepInput
) -> None:
    assert _record_step(*pg_case_db, step) == _record_step(*case_db, step)


# -- the calendar file and the office's calendar days -------------------------------------------

_scalar = st.none() | st.booleans() | hostile.ints | st.floats() | texts
_json = _scalar | st.lists(_scalar, max_size=3) | st.dictionaries(texts, _scalar, max_size=3)
_iso = hostile.dates.map(dt.date.isoformat)
_entry = st.fixed_dictionaries(
    {"date": st.one_of(_iso, _iso, texts, _json), "name": st.one_of(texts, texts, _json)},
    optional={"source": st.one_of(texts, _json), "unverified": _json},
)
_year = st.one_of(st.sampled_from(["2026", "2027", "2014", "2091", "0001", "9999"]), texts)
_days = st.fixed_dictionaries(
    {},
    optional={
        "days_off": st.one_of(st.lists(_entry, max_size=3), _json),
        "working_days": st.one_of(st.lists(_entry, max_size=3), _json),
    },
)
calendar_files = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "years": st.one_of(st.dictionaries(_year, st.one_of(_days, _days, _json), max_size=3), _json),
            "label": _json,
        },
    ),
    st.dictionaries(texts, _json, max_size=3),
)


@pytest.mark.slow
@examples(2500 // BATCH)
@given(files=batches(calendar_files))
def test_a_calendar_file_is_read_or_refused_never_crashes(files: list[dict[str, Any]]) -> None:
    for data in files:
        overrides, refusal = _run(lambda data=data: parse_overrides(data, "thử"))
        if refusal is not None:
            assert refusal.errors
            continue
        assert isinstance(data.get("years"), dict), "a file without years is not a calendar"
        for entry in overrides.days_off + overrides.working_days:
            assert bounds.FIRST_RECORD <= entry.day <= bounds.LAST_DAY
            assert entry.name == clean(entry.name)
            assert entry.name
            assert len(entry.name) <= bounds.CALENDAR_DAY["name"].max_length


@pytest.mark.slow
@examples(300)
@given(content=st.one_of(calendar_files.map(json.dumps), st.text(max_size=40)))
def test_a_calendar_file_on_disk_is_read_or_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "office.json"
    path.write_text(content, encoding="utf-8", errors="surrogatepass")
    try:
        load_overrides(path)
    except AppError as exc:
        message = str(exc)
    else:
        message = "read"
    assert message


@dataclass(frozen=True)
class DayInput:
    day: dt.date = dt.date(2026, 12, 24)
    is_day_off: bool = True
    name: str = "Quyết định 15/QĐ-UBND"


day_inputs = hostile.hostile(DayInput(), ("day", "is_day_off", "name"), limits=limits(bounds.CALENDAR_DAY))


def _save_day(database: Database, day: DayInput) -> Verdict:
    def read(session: Session, _saved: object) -> Any:
        row = session.scalar(select(db.models.CalendarDay).where(db.models.CalendarDay.day == day.day))
        assert row is not None
        assert (row.name, row.is_day_off) == (clean(day.name), day.is_day_off)
        return stored_texts(row)

    return attempt(
        database, lambda session: save_day(session, ADMIN, day.day, is_day_off=day.is_day_off, name=day.name), read
    )


@pytest.mark.slow
@examples(150)
@given(day=day_inputs)
def test_an_office_day_is_saved_clean_or_refused_whole(database: Database, day: DayInput) -> None:
    verdict = _save_day(database, day)
    assert set(verdict.refused) <= {"day", "name"}


@pytest.mark.slow
@examples(40)
@given(day=day_inputs)
def test_an_office_day_means_the_same_on_postgresql(database: Database, pg_database: Database, day: DayInput) -> None:
    assert _save_day(pg_database, day) == _save_day(database, day)
