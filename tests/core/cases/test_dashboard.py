"""The dashboard's figures: each chart recounted in plain Python from the raw rows of a demo database."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from db.enums import Classification, PetitionDecision, ReceptionKind
from db.models import CaseEvent, CaseFile, LeaderConclusion, Petition, Visit, VisitParticipant
from desktop.core.access import NOBODY
from desktop.core.cases.board import board_counts, board_query, counts, deadline_board
from desktop.core.cases.dashboard import dashboard, month_ends, week_start
from desktop.core.database import Database
from desktop.core.demo.generator import generate
from desktop.core.errors import ValidationError
from desktop.core.formatting import VN_TZ
from desktop.core.labels import label
from desktop.core.permissions import PermissionDeniedError
from desktop.core.reception.addresses import commune
from tests.builders import ADMIN

NOW = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 20)
START, END = dt.date(2026, 1, 1), dt.date(2026, 11, 20)


@pytest.fixture
def demo(any_database: Database) -> Database:
    with any_database.sessions.begin() as session:
        generate(session, visits=400, desk_code="D01", seed=11, now=NOW, postal_petitions=40)
    return any_database


def _local(moment: dt.datetime) -> dt.date:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(VN_TZ).date()


def test_visit_charts_count_what_the_book_holds(demo: Database) -> None:
    with demo.sessions() as session:
        board = dashboard(session, actor=ADMIN, start=START, end=END, today=TODAY)
        visits = [
            (_local(at), kind, reception)
            for at, kind, reception in session.execute(
                select(Visit.received_at, Visit.classification, Visit.reception_kind)
            )
        ]
    shown = [v for v in visits if START <= v[0] <= END]
    assert 0 < len(shown) < len(visits)  # the demo spans two years: the period keeps only part

    weekly = board.chart("visits_by_week")
    first = week_start(START)
    assert len(weekly_categories := board.chart("visits_by_week").categories) == (week_start(END) - first).days // 7 + 1
    assert weekly_categories[-1] == week_start(END).strftime("%d/%m")
    assert weekly.categories[0] == week_start(START).strftime("%d/%m")
    for series in weekly.series:
        kind = next(k for k in Classification if label(k) == series.name)
        by_week = Counter(week_start(day) for day, k, _r in shown if k == kind)
        assert sum(series.values) == sum(by_week.values())
        assert series.values == tuple(by_week[first + dt.timedelta(weeks=n)] for n in range(len(series.values)))

    by_kind = board.chart("visits_by_reception_kind")
    expected = Counter(r for _d, _k, r in shown)
    assert dict(zip(by_kind.categories, by_kind.series[0].values, strict=True)) == {
        label(kind): expected[kind] for kind in ReceptionKind
    }
    assert board.chart("visits_by_commune").total == len(shown)


def test_petition_and_deadline_charts_recounted(demo: Database) -> None:
    with demo.sessions() as session:
        board = dashboard(session, actor=ADMIN, start=START, end=END, today=TODAY)
        petitions = session.execute(
            select(Petition.received_on, Petition.decision, Petition.due_on, Petition.decided_on)
        ).all()
        cases = session.execute(select(CaseFile.id, CaseFile.is_open, CaseFile.due_on, CaseFile.accepted_on)).all()
        last_step = dict(session.execute(select(CaseEvent.case_id, CaseEvent.occurred_on)).all())
        for case_id, on in session.execute(select(CaseEvent.case_id, CaseEvent.occurred_on)):
            last_step[case_id] = max(on, last_step[case_id])
        notices = session.scalar(
            select(func.count()).select_from(LeaderConclusion).where(LeaderConclusion.citizen_informed_on.is_(None))
        )

    decisions = board.chart("petitions_by_decision")
    counted = Counter(d for received, d, _due, _on in petitions if START <= received <= END)
    assert decisions.series[0].values == (counted[None], *(counted[d] for d in PetitionDecision))
    assert decisions.total > 0

    # The board's own counts, and a recount of the board's rows in Python: the same figures.
    with demo.sessions() as session:
        rows = deadline_board(session, actor=ADMIN, today=TODAY)
        counted = board_counts(session, board_query(session, actor=ADMIN, today=TODAY))
    recount = counts(rows, soon=3)
    assert counted == replace(recount, rows=len(rows))
    assert recount.prolonged > 0
    assert recount.overdue > 0
    on_time = len(rows) - recount.overdue - recount.due_soon
    expected = (on_time, recount.due_soon, recount.overdue, recount.prolonged)
    assert board.chart("open_by_state").series[0].values == expected
    # Every open matter with a time limit is one of the first three; prolonged is counted apart.
    undecided = (None, PetitionDecision.PROPOSE)
    open_matters = sum(1 for _i, is_open, due, _a in cases if is_open and due is not None)
    open_matters += sum(1 for _r, d, due, _o in petitions if d in undecided and due is not None)
    assert sum(expected[:3]) == open_matters + (notices or 0)  # and the leaders' conclusion notices followed up

    trend = board.chart("overdue_trend")
    ends = month_ends(TODAY)
    assert len(trend.categories) == 12
    assert ends[-1] == TODAY
    assert ends[0] == dt.date(2025, 12, 31)
    for end, value in zip(ends, trend.series[0].values, strict=True):
        late_cases = sum(
            1
            for case_id, is_open, due, accepted in cases
            if accepted <= end and due is not None and due < end and (is_open or last_step[case_id] > end)
        )
        late_petitions = sum(
            1
            for received, d, due, decided in petitions
            if received <= end and due is not None and due < end and (d in undecided or (decided and decided > end))
        )
        assert value == late_cases + late_petitions
    assert sum(trend.series[0].values) > 0


def test_a_visit_before_seven_in_the_morning_counts_on_its_own_day(any_database: Database) -> None:
    """Times are stored in UTC: 06:30 in Viet Nam on 2 March is 23:30 on 1 March UTC."""
    with any_database.sessions.begin() as session:
        generate(session, visits=1, desk_code="D01", seed=1, now=NOW)
        visit = session.scalars(select(Visit)).one()
        visit.received_at = dt.datetime(2026, 3, 2, 6, 30, tzinfo=VN_TZ)  # a Monday
    with any_database.sessions() as session:
        board = dashboard(session, actor=ADMIN, start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 8), today=TODAY)
    assert board.chart("visits_by_week").categories == ("02/03",)
    assert board.chart("visits_by_week").total == 1


def test_the_period_is_checked_and_nobody_sees_nothing(database: Database) -> None:
    with database.sessions() as session:
        with pytest.raises(ValidationError) as error:
            dashboard(session, actor=ADMIN, start=END, end=START, today=TODAY)
        assert "end" in error.value.errors
        with pytest.raises(ValidationError):
            dashboard(session, actor=ADMIN, start=dt.date(2020, 1, 1), end=END, today=TODAY)
        with pytest.raises(PermissionDeniedError):
            dashboard(session, actor=NOBODY, start=START, end=END, today=TODAY)
        empty = dashboard(session, actor=ADMIN, start=START, end=END, today=TODAY)
    assert all(chart.total == 0 for chart in empty.charts)
    assert len(empty.charts) == 6


def test_month_ends_run_back_a_year() -> None:
    assert month_ends(dt.date(2026, 3, 15), 3) == [dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 15)]
    assert month_ends(dt.date(2026, 1, 31), 2) == [dt.date(2025, 12, 31), dt.date(2026, 1, 31)]


def test_visits_by_commune_are_the_first_persons_communes(demo: Database) -> None:
    with demo.sessions() as session:
        board = dashboard(session, actor=ADMIN, start=START, end=END, today=TODAY)
        firsts = session.execute(
            select(Visit.received_at, VisitParticipant.province_code, VisitParticipant.commune_code)
            .join(VisitParticipant, VisitParticipant.visit_id == Visit.id)
            .where(VisitParticipant.position == 0)
        ).all()
    by_unit = Counter(
        commune(province, code).name if code is not None and province is not None else None
        for at, province, code in firsts
        if START <= _local(at) <= END
    )
    unknown = by_unit.pop(None, 0)
    chart = board.chart("visits_by_commune")
    shown = dict(zip(chart.categories, chart.series[0].values, strict=True))
    top = sorted(by_unit.values(), reverse=True)
    assert [shown[name] for name in shown if name in by_unit] == top[:10]
    assert shown.get("Xã, phường khác", 0) == sum(top[10:])
    assert shown.get("Không ghi xã, phường", 0) == unknown
