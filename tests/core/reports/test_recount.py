"""Every cell of the ten tables, recounted in plain Python over the rows of a small demo desk.

The recount reads the raw records and applies the counting rules of docs/reports.md#counting-rules
itself (no SQL beyond reading the rows), then compares each cell of the office's row with what the
report's one aggregate query gave. The sum rules of every MS row hold in every table and period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import Competence, PetitionDecision, PetitionKind, ReceptionKind, ResultOutcome, Role
from db.models import CaseFigure, CaseFile, CaseResult, FieldOfLaw, Petition, PetitionSender, Visit
from desktop.core.database import Database
from desktop.core.formatting import VN_TZ
from desktop.core.permissions import PermissionDeniedError
from desktop.core.reports.definitions import TABLE_IDS, load_table
from desktop.core.reports.periods import Period, custom, standard
from desktop.core.reports.tables import compute, rule_breaks
from tests.builders import ADMIN, an_actor

PERIODS = [
    standard("year", 2026),
    standard("q1", 2026),
    standard("q3", 2026),
    standard("6m", 2026),
    standard("9m", 2026, 1),
    standard("year", 2025),
    custom(dt.date(2026, 2, 10), dt.date(2026, 5, 20)),
]


@dataclass
class Raw:
    visits: list[Visit]
    petitions: list[Petition]
    signers: dict[Any, int]
    fields: dict[Any, str]
    cases: list[tuple[CaseFile, Petition, CaseResult | None]]
    figures: dict[Any, dict[str, float]]


def _raw(session: Session) -> Raw:
    signers: dict[Any, int] = {}
    for sender in session.scalars(select(PetitionSender)):
        signers[sender.petition_id] = signers.get(sender.petition_id, 0) + 1
    results = {result.case_id: result for result in session.scalars(select(CaseResult))}
    petitions = {petition.id: petition for petition in session.scalars(select(Petition))}
    figures: dict[Any, dict[str, float]] = {}
    for figure in session.scalars(select(CaseFigure)):
        figures.setdefault(figure.result_id, {})[figure.code] = figure.amount
    return Raw(
        visits=list(session.scalars(select(Visit))),
        petitions=list(petitions.values()),
        signers=signers,
        fields={field.id: field.code for field in session.scalars(select(FieldOfLaw))},
        cases=[(case, petitions[case.petition_id], results.get(case.id)) for case in session.scalars(select(CaseFile))],
        figures=figures,
    )


def _in(day: dt.date | None, period: Period) -> bool:
    return day is not None and period.start <= day <= period.end


def _visit_terms(period: Period) -> dict[str, Callable[[Visit, str], bool]]:
    return {
        "regular": lambda v, _a: v.reception_kind == ReceptionKind.REGULAR,
        "head": lambda v, _a: v.reception_kind != ReceptionKind.REGULAR and not v.by_deputy,
        "deputy": lambda v, _a: v.reception_kind != ReceptionKind.REGULAR and v.by_deputy,
        "delegation": lambda v, _a: v.is_delegation,
        "first_time": lambda v, _a: v.repeat_of_id is None,
        "repeated": lambda v, _a: v.repeat_of_id is not None,
    }


def _petition_terms(period: Period, raw: Raw) -> dict[str, Callable[[Petition, str], bool]]:
    def decided(p: Petition) -> bool:
        return p.decision is not None and p.decided_on is not None and p.decided_on <= period.end

    def count(p: Petition) -> int:
        return raw.signers.get(p.id, 0)

    return {
        "carried": lambda p, _a: p.received_on < period.start,
        "received": lambda p, _a: p.received_on >= period.start,
        "in_person": lambda p, _a: p.visit_id is not None,
        "many_signers": lambda p, _a: count(p) > 1 and not p.is_anonymous,
        "one_signer": lambda p, _a: count(p) == 1 and not p.is_anonymous,
        "other_signers": lambda p, _a: count(p) == 0 or p.is_anonymous,
        "handled": lambda p, _a: decided(p),
        "eligible": lambda p, _a: decided(p) and p.is_eligible,
        "matter": lambda p, _a: p.duplicate_of_id is None,
        "complaint": lambda p, _a: p.kind == PetitionKind.COMPLAINT,
        "denunciation": lambda p, _a: p.kind == PetitionKind.DENUNCIATION,
        "recommendation": lambda p, _a: p.kind in (PetitionKind.RECOMMENDATION, PetitionKind.MULTIPLE),
        "ours": lambda p, _a: p.competence == Competence.OURS,
        "not_ours": lambda p, _a: p.competence != Competence.OURS,
        "guided": lambda p, _a: p.competence == Competence.OTHER_BODY and p.decision != PetitionDecision.TRANSFER,
        "transferred": lambda p, _a: p.competence == Competence.OTHER_BODY and p.decision == PetitionDecision.TRANSFER,
        "follow_up": lambda p, _a: p.competence == Competence.SUBORDINATE,
        "field": lambda p, a: raw.fields.get(p.field_id, "") in a.split(","),
        "prior": lambda p, a: p.prior_status.value in a.split(","),
        "reply_received": lambda p, _a: _in(p.transfer_reply_on, period),
    }


Case = tuple[CaseFile, Petition, CaseResult | None]


def _case_terms(period: Period) -> dict[str, Callable[[Case, str], bool]]:
    def resolved(c: Case) -> bool:
        return c[2] is not None and _in(c[2].decided_on, period)

    def outcome(c: Case, value: ResultOutcome) -> bool:
        return resolved(c) and c[2] is not None and c[2].outcome == value

    return {
        "complaint": lambda c, _a: c[0].kind == "complaint",
        "denunciation": lambda c, _a: c[0].kind == "denunciation",
        "carried": lambda c, _a: c[0].accepted_on < period.start,
        "received": lambda c, _a: c[0].accepted_on >= period.start,
        "resolved": lambda c, _a: resolved(c),
        "by_decision": lambda c, _a: outcome(c, ResultOutcome.DECIDED),
        "withdrawn": lambda c, _a: outcome(c, ResultOutcome.WITHDRAWN),
        "suspended": lambda c, _a: outcome(c, ResultOutcome.SUSPENDED),
        "verdict": lambda c, a: c[2] is not None and c[2].verdict is not None and c[2].verdict.value in a.split(","),
        "first_round": lambda c, _a: c[0].round == 1,
        "later_round": lambda c, _a: c[0].round >= 2,
        "on_time": lambda c, _a: resolved(c) and (c[2].due_on is None or c[2].decided_on <= c[2].due_on),  # type: ignore[union-attr]
        "late": lambda c, _a: resolved(c) and c[2].due_on is not None and c[2].decided_on > c[2].due_on,  # type: ignore[union-attr]
        "executed": lambda c, _a: c[2] is not None and _in(c[2].executed_on, period),
    }


def _matches(terms: dict[str, Callable[[Any, str], bool]], record: Any, where: tuple[str, ...]) -> bool:
    def one(term: str) -> bool:
        if term.startswith("not:"):
            return not one(term[4:])
        name, _sep, argument = term.partition(":")
        return terms[name](record, argument)

    return all(one(term) for term in where)


def recount(raw: Raw, table_id: str, period: Period) -> dict[str, float]:
    definition = load_table(table_id)
    if definition.source == "visit":
        records: list[Any] = [v for v in raw.visits if _in(v.received_at.astimezone(VN_TZ).date(), period)]
        terms: dict[str, Callable[[Any, str], bool]] = _visit_terms(period)
    elif definition.source == "petition":
        records = [
            p
            for p in raw.petitions
            if p.received_on <= period.end
            and (p.received_on >= period.start or p.decided_on is None or p.decided_on >= period.start)
        ]
        terms = _petition_terms(period, raw)
    elif definition.source == "case":
        records = [
            c
            for c in raw.cases
            if c[0].accepted_on <= period.end
            and ((c[2] is None and c[0].is_open) or (c[2] is not None and c[2].decided_on >= period.start))
        ]
        terms = _case_terms(period)
    else:
        records = [
            c
            for c in raw.cases
            if c[2] is not None
            and c[2].outcome == ResultOutcome.DECIDED
            and c[2].decided_on <= period.end
            and (c[2].executed_on is None or c[2].executed_on >= period.start)
        ]
        terms = _case_terms(period)
    records = [r for r in records if _matches(terms, r, definition.where)]
    cells: dict[str, float] = {}
    for column in definition.columns:
        if not column.numeric:
            continue
        chosen = [r for r in records if _matches(terms, r, column.where)]
        if column.measure == "count":
            cells[column.id] = len(chosen)
        elif column.measure == "people":
            cells[column.id] = sum(v.head_count for v in chosen)
        elif column.measure == "sessions":
            cells[column.id] = len({(v.leader_name, v.received_at.astimezone(VN_TZ).date()) for v in chosen})
        elif column.measure == "petitions":
            cells[column.id] = sum(1 + c[1].duplicate_count for c in chosen)
        else:
            code = column.measure.split(":", 1)[1]
            cells[column.id] = round(sum(raw.figures.get(c[2].id, {}).get(code, 0.0) for c in chosen if c[2]), 3)
    return cells


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}..{p.end}")
def test_every_cell_recounted_from_the_raw_records(demo: Database, period: Period) -> None:
    with demo.sessions() as session:
        raw = _raw(session)
        for table_id in TABLE_IDS:
            table = compute(session, table_id, period, actor=ADMIN)
            expected = recount(raw, table_id, period)
            got = dict(table.total.cells)
            assert got.keys() == expected.keys(), table_id
            for column, value in expected.items():
                assert got[column] == pytest.approx(value, abs=1e-6), (table_id, column)
            assert [row.cells for row in table.rows[1:]] == [table.total.cells]  # the one desk D01


def test_the_demo_fills_what_the_tables_count(demo: Database) -> None:
    """A recount of zeros proves nothing: the demo desk has a figure in most columns of each table."""
    with demo.sessions() as session:
        for table_id in TABLE_IDS:
            cells = compute(session, table_id, standard("year", 2026), actor=ADMIN).total.cells
            filled = sum(1 for value in cells.values() if value)
            assert filled >= len(cells) * 0.6, (table_id, cells)


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}..{p.end}")
def test_every_sum_rule_of_every_ms_row_holds(demo: Database, period: Period) -> None:
    with demo.sessions() as session:
        for table_id in TABLE_IDS:
            table = compute(session, table_id, period, actor=ADMIN)
            assert table.definition.rules or table_id in ("02/KQGQ", "04/KQGQ")
            assert rule_breaks(table) == [], table_id


def test_every_rule_of_the_data_files_is_checked() -> None:
    """Each MS cell that states a sum becomes rules; 01/XLD column 9 states three."""
    rules = [rule for rule in load_table("01/XLD").rules if rule.column == "9"]
    assert [rule.terms for rule in rules] == [("11", "12", "13"), ("14", "15", "16", "17"), ("18", "22")]


def test_reading_reports_needs_the_right(demo: Database) -> None:
    with demo.sessions() as session:
        with pytest.raises(PermissionDeniedError):
            compute(session, "01/TCD", PERIODS[0], actor=an_actor(Role.RECEPTIONIST))
        compute(session, "01/TCD", PERIODS[0], actor=an_actor(Role.HANDLER))


def test_the_same_cells_on_postgresql_and_sqlite(any_database: Database) -> None:
    """The aggregate query counts the same on both backends (the local day of a visit too)."""
    from desktop.core.demo.generator import generate
    from tests.core.reports.conftest import NOW

    with any_database.sessions.begin() as session:
        generate(session, visits=300, desk_code="D01", seed=11, now=NOW, postal_petitions=40)
    with any_database.sessions() as session:
        raw = _raw(session)
        for table_id in TABLE_IDS:
            table = compute(session, table_id, PERIODS[0], actor=ADMIN)
            expected = recount(raw, table_id, PERIODS[0])
            assert dict(table.total.cells) == pytest.approx(expected), table_id
            assert rule_breaks(table) == [], table_id


def test_a_cells_records_are_the_ones_it_counts_and_denouncers_are_masked(demo: Database) -> None:
    from desktop.core.confidentiality import MASKED_NAME
    from desktop.core.reports.drill import cell_records

    period = PERIODS[0]
    leader = an_actor(Role.LEADER)
    with demo.sessions() as session:
        for table_id, column_id in (
            ("01/TCD", "9"),
            ("01/TCD", "4"),
            ("02/TCD", "5"),
            ("03/XLD", "12"),
            ("01/KQGQ", "7"),
            ("04/KQGQ", "2"),
        ):
            table = compute(session, table_id, period, actor=ADMIN)
            listed = cell_records(session, table_id, column_id, period, actor=leader)
            column = table.definition.column(column_id)
            expected = table.total.cells[column_id]
            if column.measure == "count":
                assert len(listed) == expected, (table_id, column_id)
            else:
                assert sum(r.amount for r in listed) == pytest.approx(expected), (table_id, column_id)
        denunciations = cell_records(session, "02/TCD", "5", period, actor=leader)
    assert denunciations
    # A leader not assigned to any of them sees every name masked (an anonymous one has none to show).
    assert {r.name for r in denunciations} - {""} == {MASKED_NAME}


def test_all_tables_at_once_count_as_each_alone_with_several_desks(any_database: Database) -> None:
    """compute_many (one pass per source, grouped by desk) gives each desk the figures its own report gives."""
    from desktop.core.demo.generator import generate
    from desktop.core.reports.tables import compute_many
    from tests.core.reports.conftest import NOW

    with any_database.sessions.begin() as session:
        generate(session, visits=200, desk_code="D01", seed=3, now=NOW, postal_petitions=30)
        generate(session, visits=150, desk_code="D02", seed=5, now=NOW, postal_petitions=20)
    with any_database.sessions() as session:
        raw = _raw(session)
        for period in (PERIODS[0], PERIODS[6]):
            tables = compute_many(session, TABLE_IDS, period, actor=ADMIN)
            for table in tables:
                table_id = table.definition.id
                assert dict(table.total.cells) == pytest.approx(recount(raw, table_id, period)), table_id
                assert rule_breaks(table) == [], table_id
                by_desk = {row.desk_code: dict(row.cells) for row in table.rows[1:]}
                for code in ("D01", "D02"):
                    alone = compute(session, table_id, period, actor=ADMIN, desk_code=code)
                    assert by_desk.get(code, {}) == (dict(alone.rows[1].cells) if len(alone.rows) > 1 else {}), (
                        table_id,
                        code,
                    )
