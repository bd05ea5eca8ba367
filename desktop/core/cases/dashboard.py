"""The office head's dashboard: what the desk recorded, counted in SQL and shaped as bar charts.

Each chart is a ``Chart`` of categories (the x axis) and named series of counts, in the UI
language; the GUI draws it (desktop/ui/dashboard.py) and nothing here knows how. Every figure is
an aggregate (GROUP BY in the database, never a loop over rows), so the dashboard holds no
personal data and reads a year of 500,000 visits in one pass per chart.

Visits count by the day they were received, in the period chosen; the open matters "by deadline
state" (the deadline board's own counts, with its SQL) and the petitions "by handling result" are
as the records stand today. The overdue trend counts,
at the end of each of the last twelve months, the petitions and cases then open past their due
date: a petition is open until it is decided (``decided_on``), a case until the date of its last
recorded step once it is closed. The due date is today's (an extension moves it for every month).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, func, or_, select
from sqlalchemy.orm import Session

from db.enums import Classification, PetitionDecision, ReceptionKind
from db.models import CaseEvent, CaseFile, Petition, Visit, VisitParticipant
from desktop.core.access import Actor
from desktop.core.cases import board as deadline_board
from desktop.core.cases.board import board_counts, board_query, undecided
from desktop.core.errors import ValidationError
from desktop.core.formatting import VN_TZ, day_start, today_local
from desktop.core.i18n import N_, _
from desktop.core.labels import label
from desktop.core.permissions import require
from desktop.core.reception.addresses import commune

TOP_COMMUNES = 10  # the communes with the most visits; the rest are counted together
TREND_MONTHS = 12
DUE_SOON_WORKING_DAYS = deadline_board.DUE_SOON  # the deadline board's "due soon"
MAX_PERIOD_DAYS = 3 * 366  # a chart of weeks stays readable

# The deadline states of an open matter, in the order the chart shows them.
ON_TIME, DUE_SOON, OVERDUE, PROLONGED = "on_time", "due_soon", "overdue", "prolonged"
STATE_LABELS = {
    ON_TIME: N_("On time"),
    DUE_SOON: N_("Due soon"),
    OVERDUE: N_("Overdue"),
    PROLONGED: N_("Prolonged"),
}
UNDECIDED = "undecided"


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Chart:
    key: str  # a stable name, for the PNG file and the tests
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    stacked: bool = False
    horizontal: bool = False

    @property
    def total(self) -> int:
        return sum(sum(series.values) for series in self.series)


@dataclass(frozen=True)
class Dashboard:
    start: dt.date
    end: dt.date
    today: dt.date
    charts: tuple[Chart, ...]

    def chart(self, key: str) -> Chart:
        return next(chart for chart in self.charts if chart.key == key)


def dashboard(
    session: Session, *, actor: Actor, start: dt.date, end: dt.date, today: dt.date | None = None
) -> Dashboard:
    """The six charts of the dashboard for visits received from ``start`` to ``end`` (both included)."""
    require(actor, "visit.record")  # every signed-in role; the figures are counts, never people
    if end < start:
        raise ValidationError({"end": _("The end of the period must not be before its start.")})
    if (end - start).days > MAX_PERIOD_DAYS:
        raise ValidationError({"end": _("Choose a period of at most three years.")})
    today = today or today_local()
    received = _local_day(Visit.received_at, session.get_bind().dialect.name)
    in_period = and_(Visit.received_at >= day_start(start), Visit.received_at < day_start(end + dt.timedelta(days=1)))
    return Dashboard(
        start=start,
        end=end,
        today=today,
        charts=(
            _visits_by_week(session, start, end, received, in_period),
            _visits_by_commune(session, in_period),
            _visits_by_reception_kind(session, in_period),
            _open_by_state(session, today),
            _overdue_trend(session, today),
            _petitions_by_decision(session, start, end),
        ),
    )


def _local_day(column: SQLColumnExpression[dt.datetime], dialect: str) -> ColumnElement[Any]:
    """The Viet Nam date of a UTC time, in SQL: a visit at 06:30 on the 2nd is on the 2nd, not the 1st (UTC)."""
    if dialect == "postgresql":
        return func.date(func.timezone("Asia/Ho_Chi_Minh", column))
    offset = VN_TZ.utcoffset(None)
    assert offset is not None
    return func.date(column, f"+{int(offset.total_seconds() // 3600)} hours")


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def _weeks(start: dt.date, end: dt.date) -> list[dt.date]:
    first, weeks = week_start(start), []
    while first <= end:
        weeks.append(first)
        first += dt.timedelta(days=7)
    return weeks


def _visits_by_week(
    session: Session, start: dt.date, end: dt.date, received: ColumnElement[Any], in_period: ColumnElement[bool]
) -> Chart:
    weeks = _weeks(start, end)
    index = {week: position for position, week in enumerate(weeks)}
    counts = {kind: [0] * len(weeks) for kind in Classification}
    rows = session.execute(
        select(received, Visit.classification, func.count()).where(in_period).group_by(received, Visit.classification)
    )
    for stored, kind, count in rows:
        day = stored if isinstance(stored, dt.date) else dt.date.fromisoformat(str(stored))  # SQLite: text
        counts[Classification(kind)][index[week_start(day)]] += count
    return Chart(
        key="visits_by_week",
        title=_("Visits per week by kind of matter"),
        categories=tuple(week.strftime("%d/%m") for week in weeks),
        # Unclassified entries come only from imported old books: their series shows when there are some.
        series=tuple(
            Series(label(kind), tuple(values))
            for kind, values in counts.items()
            if kind != Classification.UNKNOWN or any(values)
        ),
        stacked=True,
    )


def _visits_by_commune(session: Session, in_period: ColumnElement[bool]) -> Chart:
    """By the commune of the first person of each visit (the delegation's first representative)."""
    rows = session.execute(
        select(VisitParticipant.province_code, VisitParticipant.commune_code, func.count())
        .join(Visit, Visit.id == VisitParticipant.visit_id)
        .where(in_period, VisitParticipant.position == 0)
        .group_by(VisitParticipant.province_code, VisitParticipant.commune_code)
        .order_by(func.count().desc())
    ).all()
    named: dict[str, int] = {}
    other = unknown = 0
    for province_code, commune_code, count in rows:
        name = _commune_name(province_code, commune_code)
        if name is None:
            unknown += count
        elif name in named or len(named) < TOP_COMMUNES:
            named[name] = named.get(name, 0) + count
        else:
            other += count
    rest = [(_("Other communes"), other), (_("Commune not given"), unknown)]
    categories = [*named, *(name for name, count in rest if count)]
    values = [*named.values(), *(count for _name, count in rest if count)]
    return Chart(
        key="visits_by_commune",
        title=_("Visits by commune"),
        categories=tuple(categories),
        series=(Series(_("Visits"), tuple(values)),),
        horizontal=True,
    )


def _commune_name(province_code: int | None, commune_code: int | None) -> str | None:
    if province_code is None or commune_code is None:
        return None
    try:
        return commune(province_code, commune_code).name
    except (KeyError, LookupError, ValueError):  # a unit the package no longer knows
        return None


def _visits_by_reception_kind(session: Session, in_period: ColumnElement[bool]) -> Chart:
    counts = dict.fromkeys(ReceptionKind, 0)
    rows = session.execute(select(Visit.reception_kind, func.count()).where(in_period).group_by(Visit.reception_kind))
    for kind, count in rows:
        counts[ReceptionKind(kind)] += count
    return Chart(
        key="visits_by_reception_kind",
        title=_("Visits by kind of reception"),
        categories=tuple(label(kind) for kind in counts),
        series=(Series(_("Visits"), tuple(counts.values())),),
    )


def _open_by_state(session: Session, today: dt.date) -> Chart:
    """The deadline board's own counts for the whole office (the same SQL: desktop/core/cases/board.py).

    On time, due soon and overdue share the open matters out between them; prolonged is counted apart,
    as on the board: a matter more than the set days late is also overdue, a re-filed one may be on time.
    """
    query = board_query(session, actor=None, today=today, within=DUE_SOON_WORKING_DAYS)
    total = board_counts(session, query)
    counts = {
        ON_TIME: total.rows - total.overdue - total.due_soon,
        DUE_SOON: total.due_soon,
        OVERDUE: total.overdue,
        PROLONGED: total.prolonged,
    }
    return Chart(
        key="open_by_state",
        title=_("Open petitions and cases by deadline state"),
        categories=tuple(_(STATE_LABELS[key]) for key in counts),
        series=(Series(_("Open"), tuple(counts.values())),),
    )


def month_ends(today: dt.date, months: int = TREND_MONTHS) -> list[dt.date]:
    """The last day of each of the ``months`` months ending with today's (today for the current one)."""
    ends, first = [], today.replace(day=1)
    for _step in range(months):
        following = (first + dt.timedelta(days=32)).replace(day=1)
        ends.append(min(today, following - dt.timedelta(days=1)))
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return ends[::-1]


def _overdue_trend(session: Session, today: dt.date) -> Chart:
    ends = month_ends(today)
    closed_on = (
        select(CaseEvent.case_id, func.max(CaseEvent.occurred_on).label("on")).group_by(CaseEvent.case_id).subquery()
    )
    values = []
    for end in ends:
        cases = session.scalar(
            select(func.count())
            .select_from(CaseFile)
            .outerjoin(closed_on, closed_on.c.case_id == CaseFile.id)
            .where(
                CaseFile.accepted_on <= end,
                CaseFile.due_on < end,
                or_(CaseFile.is_open, closed_on.c.on > end),
            )
        )
        petitions = session.scalar(
            select(func.count())
            .select_from(Petition)
            .where(
                Petition.received_on <= end,
                Petition.due_on < end,
                or_(undecided(), Petition.decided_on > end),
            )
        )
        values.append((cases or 0) + (petitions or 0))
    return Chart(
        key="overdue_trend",
        title=_("Overdue at the end of each month"),
        categories=tuple(end.strftime("%m/%Y") for end in ends),
        series=(Series(_("Overdue"), tuple(values)),),
    )


def _petitions_by_decision(session: Session, start: dt.date, end: dt.date) -> Chart:
    """Petitions received in the period, by their handling decision so far."""
    counts: dict[str, int] = {UNDECIDED: 0, **{decision.value: 0 for decision in PetitionDecision}}
    rows = session.execute(
        select(Petition.decision, func.count())
        .where(Petition.received_on >= start, Petition.received_on <= end)
        .group_by(Petition.decision)
    )
    for decision, count in rows:
        counts[UNDECIDED if decision is None else PetitionDecision(decision).value] += count
    names = [_("Not yet decided"), *(label(decision) for decision in PetitionDecision)]
    return Chart(
        key="petitions_by_decision",
        title=_("Petitions received by handling result"),
        categories=tuple(names),
        series=(Series(_("Petitions"), tuple(counts.values())),),
        horizontal=True,
    )
