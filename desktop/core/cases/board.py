"""The deadline board: what is due soon, overdue, owed to a transferring body, or dragging on.

"Prolonged" (kéo dài) is not "overdue": a matter is prolonged when it stays open past its time limit
by more than a set number of days (``Setting.PROLONGED_AFTER``, default 30), or when the same content
was filed again (docs/legal-basis.md#board-prolonged). Overdue counts every row past its due date.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from typing import Any, ClassVar, Literal, NamedTuple, TypeVar

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    SQLColumnExpression,
    String,
    and_,
    case,
    false,
    func,
    literal,
    or_,
    select,
    true,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from db.enums import PetitionDecision, PetitionKind
from db.models import (
    CaseEvent,
    CaseFile,
    FieldOfLaw,
    IssuedDocument,
    LeaderConclusion,
    Petition,
    PetitionSender,
    User,
    Visit,
    VisitParticipant,
)
from desktop.core.access import NOBODY, Actor
from desktop.core.cases.petitions import TRANSFER_RULE
from desktop.core.cases.rules import STATE_LABELS
from desktop.core.confidentiality import Mask, Viewer, protected_visit_condition
from desktop.core.deadlines.calendar import WorkCalendar
from desktop.core.deadlines.office_days import office_calendar
from desktop.core.deadlines.rules import cached_deadline
from desktop.core.errors import ValidationError
from desktop.core.formatting import today_local
from desktop.core.i18n import N_, _
from desktop.core.office import get_setting, set_setting
from desktop.core.permissions import sees_only_assigned
from desktop.core.reception.conclusions import INFORM_RULE
from desktop.core.settings_keys import Setting
from desktop.core.users import require_office_setting

PROLONGED_AFTER_DAYS = 30  # default: open more than 30 days past the time limit
MAX_PROLONGED_AFTER = 3650
REFILED = 1  # filed again on the same content at least once (Petition.duplicate_count), or itself a re-filing
PROCESSING = "processing"  # the state of a petition not yet decided
TO_TRANSFER = "to_transfer"  # a written denunciation not ours, until it is transferred (denunciation.transfer)
WAITING_RESULT, INFORM_CITIZEN = "waiting_result", "inform_citizen"  # a leader's conclusion notice
BOARD_STATE_LABELS = {
    **STATE_LABELS,
    PROCESSING: N_("Being processed"),
    TO_TRANSFER: N_("To be transferred"),
    WAITING_RESULT: N_("Waiting for the bodies' result"),
    INFORM_CITIZEN: N_("Result to be sent to the citizen"),
}


# Whose people a row shows: a petition's (a case's is its petition's) or a visit's, and whether they are
# a denouncer's (desktop/core/confidentiality.py).
# For a petition: (protected, its id when the reader sees it); for a visit: (protected, its id).
_Record = tuple[Literal["petition", "visit"], bool, uuid.UUID | None]
_UNPROTECTED: _Record = ("petition", False, None)


class _Pending(NamedTuple):
    """A row before its working days are counted (see BoardRow); a tuple, as 100,000 are made at once."""

    kind: str
    number: str
    citizen_name: str | None  # None: anonymous
    summary: str
    due_on: dt.date
    state_key: str
    owes_report: bool
    refiled: bool
    reference: str = ""
    petition_kind: str = ""
    field_code: str = ""
    field_name: str = ""
    officer: str = ""
    record: _Record = _UNPROTECTED


@dataclass(frozen=True)
class BoardRow:
    kind: str  # "petition" | "case" | "conclusion"
    number: str
    citizen_name: str
    summary: str
    state: str  # the state's label in the UI language
    due_on: dt.date
    days_left: int  # working days; negative when overdue
    owes_report: bool  # transferred in: the result is still owed to the body that sent it
    is_prolonged: bool
    reference: str = ""  # what opens the row when ``number`` alone does not (a conclusion: its visit)
    state_key: str = ""  # the state's key: a case state, "processing", "waiting_result", "inform_citizen"
    petition_kind: str = ""  # PetitionKind value; "" for a conclusion notice
    field_code: str = ""
    field_name: str = ""
    officer: str = ""  # the handling officer as recorded (see handling_officer)
    days_late: int = 0  # calendar days past the due date, 0 when not overdue
    anonymous: bool = False

    PROTECTED: ClassVar[dict[str, Mask]] = {"citizen_name": "name"}

    @property
    def is_overdue(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True)
class BoardFilter:
    """Which rows to keep; None keeps every value."""

    officer: str | None = None
    field_code: str | None = None
    petition_kind: PetitionKind | None = None
    state_key: str | None = None

    def keeps(self, row: BoardRow | _Pending) -> bool:
        return (
            (self.officer is None or row.officer == self.officer)
            and (self.field_code is None or row.field_code == self.field_code)
            and (self.petition_kind is None or row.petition_kind == self.petition_kind.value)
            and (self.state_key is None or row.state_key == self.state_key)
        )


EVERYTHING = BoardFilter()


@dataclass(frozen=True)
class BoardCounts:
    overdue: int
    due_soon: int
    owes_report: int
    prolonged: int
    rows: int = 0  # every row counted (overdue and due soon are two of its parts; prolonged is apart)

    def shown(self, view: str) -> int:
        """How many rows ``view`` shows of those counted, without another query."""
        return {
            "overdue": self.overdue,
            "due": self.due_soon,
            "owes_report": self.owes_report,
            "prolonged": self.prolonged,
        }.get(view, self.rows)


def prolonged_after(session: Session) -> int:
    """Days past the time limit after which an open matter is prolonged: the desk's setting, else 30."""
    text = get_setting(session, Setting.PROLONGED_AFTER).strip()
    return int(text) if text.isdigit() and 0 < int(text) <= MAX_PROLONGED_AFTER else PROLONGED_AFTER_DAYS


def save_prolonged_after(session: Session, days: int, *, actor: Actor) -> None:
    """Keep the desk's number of days past the time limit after which a matter is prolonged."""
    require_office_setting(session, actor)
    check_prolonged_after(days)
    set_setting(session, Setting.PROLONGED_AFTER, str(days))


def check_prolonged_after(days: int) -> None:
    if not 0 < days <= MAX_PROLONGED_AFTER:
        raise ValidationError(
            {
                "prolonged_after": _("A matter is prolonged after 1 to {max} days past its time limit.").format(
                    max=MAX_PROLONGED_AFTER
                )
            }
        )


class WorkingDayIndex:
    """Working days between two dates in O(1), for boards of 100,000 rows."""

    def __init__(self, calendar: WorkCalendar, first: dt.date, last: dt.date) -> None:
        self._first, self._last = first, last
        self._index: dict[dt.date, int] = {}
        count = 0
        for offset in range((last - first).days + 1):
            day = first + dt.timedelta(days=offset)
            count += calendar.is_working_day(day)
            self._index[day] = count

    def _at(self, day: dt.date) -> int:
        found = self._index.get(day)
        if found is None:  # outside the range: the nearest end
            found = self._index[self._first if day < self._first else self._last]
        return found

    def between(self, today: dt.date, due: dt.date) -> int:
        """Working days from today to the due date (0 when due today, negative when overdue)."""
        return self._at(due) - self._at(today)


def _shown(viewer: Viewer, record: _Record, row: BoardRow) -> BoardRow:
    scope, protected, record_id = record
    if scope == "visit" and record_id is not None:
        return viewer.visit(row, record_id, protected, "list")
    return viewer.petition_row(row, protected, record_id, "list")


def _row(
    pending: _Pending, today: dt.date, index: WorkingDayIndex, *, after: int, labels: dict[str, str], anonymous: str
) -> BoardRow:
    days_late = max(0, (today - pending.due_on).days)
    return BoardRow(
        kind=pending.kind,
        number=pending.number,
        citizen_name=pending.citizen_name or anonymous,
        summary=pending.summary,
        state=labels.get(pending.state_key, pending.state_key),  # translated once per board, not per row
        due_on=pending.due_on,
        days_left=index.between(today, pending.due_on),
        owes_report=pending.owes_report,
        is_prolonged=days_late > after or pending.refiled,
        reference=pending.reference,
        state_key=pending.state_key,
        petition_kind=pending.petition_kind,
        field_code=pending.field_code,
        field_name=pending.field_name,
        officer=pending.officer,
        days_late=days_late,
        anonymous=pending.citizen_name is None,
    )


def counts(board: list[BoardRow], *, soon: int = 3) -> BoardCounts:
    """Overdue rows; rows due from today to ``soon`` working days (not overdue); owed reports; prolonged."""
    return BoardCounts(
        overdue=sum(row.is_overdue for row in board),
        due_soon=sum(0 <= row.days_left <= soon for row in board),
        owes_report=sum(row.owes_report for row in board),
        prolonged=sum(row.is_prolonged for row in board),
    )


_S = TypeVar("_S", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class OfficerLookup:
    """The handling officer as a column of a board query, and the joins that column needs."""

    column: ColumnElement[str]
    _visit: Any
    _user: Any

    def joined(self, statement: _S) -> _S:
        return statement.outerjoin(self._visit, self._visit.id == Petition.visit_id).outerjoin(
            self._user, self._user.id == self._visit.receptionist_id
        )


def handling_officer(*, cases: bool) -> OfficerLookup:
    """Who handles the matter, as the records say today, read in this one place.

    For a case, whoever recorded its latest step ("By" on the case page); otherwise, and for a
    petition, the receptionist of the visit it came from; "" when nothing names anyone. An assigned
    handler (``case_file.handler_id``), once recorded, belongs here and nowhere else. The latest
    step is one seek per open case down ``ix_case_event_latest`` (case, day, time, actor: the index
    answers alone); a window over every step of every case, closed ones too, made the board of
    10,000 cases twice as slow.
    """
    visit, user = aliased(Visit), aliased(User)
    if not cases:
        return OfficerLookup(func.coalesce(user.full_name, ""), visit, user)
    latest = (
        select(CaseEvent.actor)
        .where(CaseEvent.case_id == CaseFile.id, CaseEvent.actor != "")
        .order_by(CaseEvent.occurred_on.desc(), CaseEvent.recorded_at.desc())
        .limit(1)
        .correlate(CaseFile)
        .scalar_subquery()
    )
    return OfficerLookup(func.coalesce(latest, user.full_name, ""), visit, user)


def board_officers(board: list[BoardRow]) -> list[str]:
    """The officers named on the board, for a filter list."""
    return sorted({row.officer for row in board if row.officer})


def _first_sender(petition_id: SQLColumnExpression[uuid.UUID]) -> ScalarSelect[str]:
    """The name of the petition's first sender as given that day."""
    sender = aliased(PetitionSender)
    return (
        select(sender.full_name)
        .where(sender.petition_id == petition_id, sender.position == 0)
        .limit(1)
        .scalar_subquery()
    )


def _first_participant() -> ScalarSelect[str]:
    """The name of the visit's first participant as given that day (a leader's conclusion names them)."""
    return (
        select(VisitParticipant.full_name)
        .where(VisitParticipant.visit_id == Visit.id, VisitParticipant.position == 0)
        .limit(1)
        .scalar_subquery()
    )


def undecided() -> ColumnElement[bool]:
    """A petition still waiting for its handling decision (a proposal to accept is not one)."""
    return or_(Petition.decision.is_(None), Petition.decision == PetitionDecision.PROPOSE)


# ---------------------------------------------------------------------------------------------------
# The board in SQL: the calendar's boundary dates are worked out here, in Python, once per read; the
# database compares due dates with them, so it counts, filters, orders and pages without the calendar.


@dataclass(frozen=True)
class Boundaries:
    """The dates a due date is compared with, from the office calendar (see ``boundaries``).

    With ``days_left`` the working days from today to the due date (``WorkingDayIndex.between``):
    overdue is ``days_left < 0``, that is ``due < late_before``; due within N working days is
    ``0 <= days_left <= N``, that is ``late_before <= due < soon_before``; more than ``after``
    days late is ``due < prolonged_before``.
    """

    today: dt.date
    late_before: dt.date  # the last working day on or before today
    soon_before: dt.date  # the (N+1)-th working day after today
    prolonged_before: dt.date  # today less the days after which a matter is prolonged


def boundaries(calendar: WorkCalendar, today: dt.date, *, within: int, after: int) -> Boundaries:
    late = today
    for _step in range(366):  # a year without a working day does not exist; the bound is for safety
        if calendar.is_working_day(late):
            break
        late -= dt.timedelta(days=1)
    return Boundaries(
        today=today,
        late_before=late,
        soon_before=calendar.add_working_days(today, within + 1),
        prolonged_before=today - dt.timedelta(days=after),
    )


def overdue_condition(due: SQLColumnExpression[dt.date | None], bounds: Boundaries) -> ColumnElement[bool]:
    """The SQL of "overdue" (``BoardRow.is_overdue``), shared by the board, its counts and the dashboard."""
    return due < bounds.late_before


def due_soon_condition(due: SQLColumnExpression[dt.date | None], bounds: Boundaries) -> ColumnElement[bool]:
    """Due from today to N working days ahead (not overdue): ``0 <= days_left <= N``."""
    return and_(due >= bounds.late_before, due < bounds.soon_before)


def prolonged_condition(
    due: SQLColumnExpression[dt.date | None], refiled: SQLColumnExpression[int], bounds: Boundaries
) -> ColumnElement[bool]:
    """More than the set days past the limit, or filed again (``BoardRow.is_prolonged``)."""
    return or_(due < bounds.prolonged_before, refiled == 1)


View = Literal["all", "due", "overdue", "owes_report", "prolonged"]
DUE_SOON = 3  # working days: the counts' "due soon" when nothing else is asked


@dataclass(frozen=True)
class BoardQuery:
    """One read of the board: its dates, which view (the filter buttons), the filters, whose board."""

    bounds: Boundaries
    within: int = DUE_SOON  # "due soon" / "due within": working days from today
    after: int = PROLONGED_AFTER_DAYS
    view: View = "all"
    only: BoardFilter = EVERYTHING
    handler: uuid.UUID | None = None  # a handler's board: only the cases assigned to them
    inform_due: tuple[tuple[dt.date, dt.date], ...] = ()  # a conclusion's result day -> the citizen told by
    sort: tuple[int, bool] | None = None  # (column of BoardModel, descending); None: by due date
    calendar: WorkCalendar | None = dataclass_field(default=None, compare=False)  # the working days left of the rows

    def changed(self, **changes: Any) -> BoardQuery:
        return replace(self, **changes)


def board_query(
    session: Session,
    *,
    actor: Actor | None,
    today: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    within: int = DUE_SOON,
    view: View = "all",
    only: BoardFilter = EVERYTHING,
    prolonged_days: int | None = None,
) -> BoardQuery:
    """The board as ``actor`` reads it today (``actor`` None: the whole office's, for the dashboard)."""
    today = today or today_local()
    calendar = calendar or office_calendar(session)
    after = prolonged_days if prolonged_days is not None else prolonged_after(session)
    handler = actor.user_id if actor is not None and sees_only_assigned(actor) else None
    return BoardQuery(
        bounds=boundaries(calendar, today, within=within, after=after),
        within=within,
        after=after,
        view=view,
        only=only,
        handler=handler,
        inform_due=_inform_due(session, calendar),
        calendar=calendar,
    )


def _inform_due(session: Session, calendar: WorkCalendar) -> tuple[tuple[dt.date, dt.date], ...]:
    """For each result day of an open conclusion notice, the day the citizen must be told by."""
    days = session.scalars(
        select(LeaderConclusion.result_on)
        .where(LeaderConclusion.citizen_informed_on.is_(None), LeaderConclusion.result_on.isnot(None))
        .distinct()
    )
    return tuple(
        (day, cached_deadline(INFORM_RULE, day, calendar=calendar).due) for day in sorted(d for d in days if d)
    )


def _text(column: Any) -> ColumnElement[str]:
    """A column read as its stored text (enums too), so the three parts of the union agree."""
    return type_coerce(column, String)


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def _refiled() -> ColumnElement[bool]:
    return or_(Petition.duplicate_count >= REFILED, Petition.duplicate_of_id.isnot(None))


def _with_due_date() -> ColumnElement[bool]:
    """A petition with a running time limit, as a range its due-date index answers (a decided petition has
    none): with ``IS NOT NULL`` beside ``undecided()``'s OR, SQLite scanned all 400,000 petitions of 1M visits."""
    return Petition.due_on >= dt.date.min


def _petition_state() -> ColumnElement[str]:
    return case((Petition.rule_id == TRANSFER_RULE, TO_TRANSFER), else_=PROCESSING)


def _conclusion_due(query: BoardQuery) -> ColumnElement[dt.date]:
    result = LeaderConclusion.result_on
    return case(
        (result.is_(None), LeaderConclusion.due_on),
        *((result == day, due) for day, due in query.inform_due),
        else_=result,
    )


def _conclusion_state() -> ColumnElement[str]:
    return case((LeaderConclusion.result_on.is_(None), WAITING_RESULT), else_=INFORM_CITIZEN)


def _filtered(
    conditions: list[SQLColumnExpression[bool]],
    only: BoardFilter,
    *,
    officer: SQLColumnExpression[str] | None,
    field: SQLColumnExpression[str] | None,
    kind: SQLColumnExpression[str] | None,
    state: SQLColumnExpression[str],
) -> list[SQLColumnExpression[bool]]:
    """``only`` as SQL; a part without fields or kinds (a conclusion notice) has "" for them."""

    def equal(column: SQLColumnExpression[str] | None, value: str) -> SQLColumnExpression[bool]:
        return (true() if value == "" else false()) if column is None else column == value

    kept = list(conditions)
    if only.officer is not None:
        kept.append(equal(officer, only.officer))
    if only.field_code is not None:
        kept.append(equal(field, only.field_code))
    if only.petition_kind is not None:
        kept.append(equal(kind, only.petition_kind.value))
    if only.state_key is not None:
        kept.append(state == only.state_key)
    return kept


def _needs_officer(query: BoardQuery) -> bool:
    return query.only.officer is not None or (query.sort is not None and query.sort[0] == SORT_OFFICER)


# The board model's columns (desktop/ui/cases/board_model.py), for an ORDER BY in SQL.
SORT_NUMBER, SORT_CITIZEN, SORT_STATE, SORT_DUE, SORT_DAYS_LEFT = 0, 1, 2, 3, 4
SORT_FLAGS, SORT_CONTENT, SORT_FIELD, SORT_OFFICER = 5, 6, 7, 8


def _keys(query: BoardQuery, viewer: Viewer, *, full: bool = False) -> Any:
    """Every row of the board after ``query.only``, as a subquery of the few columns that order, count
    and page it: kind, id, due, number, state, owes (0/1), refiled (0/1), and ``sort`` (see BoardQuery).

    ``full`` adds what a row shows (``_FULL``), read as ``_cases``, ``_petitions`` and ``_conclusions``
    read a page, so that the whole board streams from this one query (``board_rows``).
    """
    sort_column = query.sort[0] if query.sort is not None else None
    officer_needed = full or _needs_officer(query)
    labels = {key: _(label) for key, label in BOARD_STATE_LABELS.items()}

    def sorted_by(
        *, number: Any, citizen: Any, state: Any, summary: Any, field: Any, officer: Any
    ) -> ColumnElement[str]:
        chosen = {
            SORT_NUMBER: number,
            SORT_CITIZEN: citizen,
            SORT_STATE: case(labels, value=state, else_=state) if labels else state,
            SORT_CONTENT: summary,
            SORT_FIELD: field,
            SORT_OFFICER: officer,
        }.get(sort_column if sort_column is not None else -1)
        return _text(func.coalesce(chosen, "")) if chosen is not None else _text(literal(""))

    # Cases.
    protected, seen = viewer.petition_columns(Petition.id, Petition.kind)
    masked_name = case((and_(protected, seen.is_(None)), ""), else_=func.coalesce(PetitionSender.full_name, ""))
    officer = handling_officer(cases=True)
    case_state = _text(CaseFile.state)
    cases = (
        select(
            literal("case").label("kind"),
            CaseFile.id.label("id"),
            CaseFile.due_on.label("due"),
            CaseFile.number.label("number"),
            case_state.label("state"),
            _flag(CaseFile.state == "awaiting_report").label("owes"),
            _flag(_refiled()).label("refiled"),
            sorted_by(
                number=CaseFile.number,
                citizen=masked_name,
                state=case_state,
                summary=Petition.content_summary,
                field=FieldOfLaw.name,
                officer=officer.column if officer_needed else None,
            ).label("sort"),
        )
        .join(Petition, Petition.id == CaseFile.petition_id)
        .outerjoin(FieldOfLaw, FieldOfLaw.id == Petition.field_id)
        .where(
            *_filtered(
                [CaseFile.is_open, CaseFile.due_on.isnot(None)],
                query.only,
                officer=officer.column,
                field=FieldOfLaw.code,
                kind=_text(Petition.kind),
                state=case_state,
            )
        )
    )
    if sort_column == SORT_CITIZEN:
        cases = cases.outerjoin(
            PetitionSender, (PetitionSender.petition_id == Petition.id) & (PetitionSender.position == 0)
        )
    if full:
        cases = cases.add_columns(
            _first_sender(Petition.id).label("name"),
            Petition.content_summary.label("summary"),
            _text(Petition.kind).label("petition_kind"),
            FieldOfLaw.code.label("field_code"),
            FieldOfLaw.name.label("field_name"),
            officer.column.label("officer"),
            _text(literal("")).label("reference"),
            protected.label("protected"),
            seen.label("seen"),
        )
    if officer_needed:
        cases = officer.joined(cases)
    if query.handler is not None:  # a handler's board: the cases assigned to them
        cases = cases.where(CaseFile.handler_id == query.handler)

    # Petitions not yet decided.
    officer = handling_officer(cases=False)
    petition_state = _petition_state()
    petitions = (
        select(
            literal("petition"),
            Petition.id,
            Petition.due_on,
            Petition.number,
            petition_state,
            literal(0),
            _flag(_refiled()),
            sorted_by(
                number=Petition.number,
                citizen=case((and_(protected, seen.is_(None)), ""), else_=_first_sender(Petition.id)),
                state=petition_state,
                summary=Petition.content_summary,
                field=FieldOfLaw.name,
                officer=officer.column if officer_needed else None,
            ),
        )
        .outerjoin(FieldOfLaw, FieldOfLaw.id == Petition.field_id)
        .where(
            *_filtered(
                [_with_due_date(), undecided()],
                query.only,
                officer=officer.column,
                field=FieldOfLaw.code,
                kind=_text(Petition.kind),
                state=petition_state,
            )
        )
    )
    if full:
        petitions = petitions.add_columns(
            _first_sender(Petition.id),
            Petition.content_summary,
            _text(Petition.kind),
            FieldOfLaw.code,
            FieldOfLaw.name,
            officer.column,
            _text(literal("")),
            protected,
            seen,
        )
    if officer_needed:
        petitions = officer.joined(petitions)

    # Leaders' conclusion notices: waiting for the bodies' result, then for the citizen to be told.
    number = func.coalesce(IssuedDocument.number, "")
    conclusion_state = _conclusion_state()
    participant = _first_participant()
    conclusions = (
        select(
            literal("conclusion"),
            LeaderConclusion.id,
            _conclusion_due(query),
            number,
            conclusion_state,
            literal(0),
            literal(0),
            sorted_by(
                number=number,
                citizen=case((protected_visit_condition(), ""), else_=participant),
                state=conclusion_state,
                summary=Visit.content_summary,
                field=None,
                officer=Visit.leader_name,
            ),
        )
        .join(Visit, Visit.id == LeaderConclusion.visit_id)
        .outerjoin(IssuedDocument, IssuedDocument.id == LeaderConclusion.document_id)
        .where(
            *_filtered(
                [LeaderConclusion.citizen_informed_on.is_(None)],
                query.only,
                officer=Visit.leader_name,
                field=None,
                kind=None,
                state=conclusion_state,
            )
        )
    )
    if full:
        conclusions = conclusions.add_columns(
            participant,
            Visit.content_summary,
            _text(literal("")),
            _text(literal(None)),
            _text(literal(None)),
            Visit.leader_name,
            Visit.serial,
            protected_visit_condition(),
            Visit.id,
        )
    return union_all(cases, petitions, conclusions).subquery("board")


def _in_view(keys: Any, query: BoardQuery) -> list[ColumnElement[bool]]:
    due, bounds = keys.c.due, query.bounds
    if query.view == "overdue":
        return [overdue_condition(due, bounds)]
    if query.view == "due":
        return [due_soon_condition(due, bounds)]
    if query.view == "owes_report":
        return [keys.c.owes == 1]
    if query.view == "prolonged":
        return [prolonged_condition(due, keys.c.refiled, bounds)]
    return []


def board_counts(session: Session, query: BoardQuery, *, actor: Actor | None = None) -> BoardCounts:
    """Counted by the database, over the rows ``query.only`` keeps whatever ``query.view`` shows:
    overdue, due within ``query.within`` working days, owing a report, prolonged, and all of them."""
    keys = _keys(query, Viewer(session, actor or NOBODY))
    due, bounds = keys.c.due, query.bounds

    def total(condition: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(_flag(condition)), 0)

    overdue, soon, owes, prolonged, rows = session.execute(
        select(
            total(overdue_condition(due, bounds)),
            total(due_soon_condition(due, bounds)),
            total(keys.c.owes == 1),
            total(prolonged_condition(due, keys.c.refiled, bounds)),
            func.count(),
        ).select_from(keys)
    ).one()
    return BoardCounts(int(overdue), int(soon), int(owes), int(prolonged), rows=int(rows))


def _number_order(column: Any, session: Session) -> Any:
    """The numbers in code-point order on both backends (PostgreSQL's locale would skip the dashes)."""
    return column.collate("C") if session.get_bind().dialect.name == "postgresql" else column


def board_page(session: Session, query: BoardQuery, offset: int, limit: int, *, actor: Actor) -> list[BoardRow]:
    """``limit`` rows of the board from ``offset``, as ``actor`` may see them: the most urgent first, or
    in ``query.sort``'s order. Only the page's rows are read in full, masked and counted in working days."""
    viewer = Viewer(session, actor)
    page = session.execute(_ordered_keys(session, query, viewer).offset(offset).limit(limit)).all()
    return _read_rows(session, viewer, query, [(str(row[0]), row[1]) for row in page])


def _ordered_keys(session: Session, query: BoardQuery, viewer: Viewer, *, full: bool = False) -> Select[Any]:
    """The board's keys (kind, id) in its order; ``full``: every column of ``_keys(full=True)`` instead."""
    keys = _keys(query, viewer, full=full)
    order: list[Any] = []
    if query.sort is not None and query.sort[0] not in (SORT_DUE, SORT_DAYS_LEFT):
        column, descending = query.sort
        if column == SORT_FLAGS:
            flag = keys.c.owes * 2 + _flag(prolonged_condition(keys.c.due, keys.c.refiled, query.bounds))
            order.append(flag.desc() if descending else flag)
        else:
            text = _number_order(keys.c.sort, session)
            order.append(text.desc() if descending else text)
    descending = query.sort is not None and query.sort[0] in (SORT_DUE, SORT_DAYS_LEFT) and query.sort[1]
    order += [
        keys.c.due.desc() if descending else keys.c.due,
        _number_order(keys.c.number, session),
        keys.c.kind,
        keys.c.id,
    ]
    columns = [keys.c[name] for name in _FULL] if full else [keys.c.kind, keys.c.id]
    return select(*columns).where(*_in_view(keys, query)).order_by(*order)


def _read_rows(
    session: Session, viewer: Viewer, query: BoardQuery, page: list[tuple[str, uuid.UUID]]
) -> list[BoardRow]:
    """The rows of ``page`` (kind, id), in its order, read in full."""
    if not page:
        return []
    ids: dict[str, list[uuid.UUID]] = {"case": [], "petition": [], "conclusion": []}
    for kind, record_id in page:
        ids[kind].append(record_id)
    found: dict[uuid.UUID, _Pending] = {}
    if ids["case"]:
        found.update(_cases(session, viewer, ids["case"]))
    if ids["petition"]:
        found.update(_petitions(session, viewer, ids["petition"]))
    if ids["conclusion"]:
        found.update(_conclusions(session, query, ids["conclusion"]))
    pending = [found[record_id] for _kind, record_id in page if record_id in found]
    return _rows(session, viewer, query, pending)


# The columns of the whole board's one query, in this order (see _keys and board_rows).
_FULL = (  # the row's own id orders it (see _ordered_keys) but is not read: the visit's is, for a mask
    "kind",
    "due",
    "number",
    "state",
    "owes",
    "refiled",
    "name",
    "summary",
    "petition_kind",
    "field_code",
    "field_name",
    "officer",
    "reference",
    "protected",
    "seen",
)


def board_rows(session: Session, query: BoardQuery, *, actor: Actor, page: int = 2000) -> Iterator[BoardRow]:
    """Every row of the board in order (the command line, the exports, deadline_board), from one query.

    The rows are those of ``board_page`` over every offset, in the same order, with the same values
    and masks, but the database sorts the board once and sends it as it is read: a server-side cursor
    on PostgreSQL, SQLite's own stepping elsewhere, ``page`` rows at a time, so memory stays bounded
    whatever the board's size. Stopping early (closing the iterator) closes the cursor.
    """
    viewer = Viewer(session, actor)
    statement = _ordered_keys(session, query, viewer, full=True)
    today = query.bounds.today
    days = _GrowingIndex(query.calendar or office_calendar(session), today)
    labels = {key: _(label) for key, label in BOARD_STATE_LABELS.items()}
    anonymous = _("(anonymous)")
    # Core rows straight from the connection: the ORM's row handling cost a third of the read at 1M visits.
    result = session.connection().execute(statement, execution_options={"yield_per": page})
    after = query.after
    try:
        for chunk in result.partitions(page):
            index = days.covering([row[1] for row in chunk])
            for kind, due, number, state, owes, refiled, name, summary, *rest in chunk:
                petition_kind, field_code, field_name, officer, reference, protected, seen = rest
                # The _Pending that _cases, _petitions and _conclusions would make (a conclusion's people: "" if none).
                record: _Record = ("visit", True, seen) if kind == "conclusion" else ("petition", True, seen)
                pending = _Pending(
                    kind,
                    number,
                    (name or "") if kind == "conclusion" else name,
                    summary,
                    due,
                    state,
                    bool(owes),
                    bool(refiled),
                    reference,
                    petition_kind,
                    field_code or "",
                    field_name or "",
                    officer or "",
                    record,
                )
                row = _row(pending, today, index, after=after, labels=labels, anonymous=anonymous)
                yield _shown(viewer, record, row) if protected else row
    finally:
        result.close()


class _GrowingIndex:
    """One ``WorkingDayIndex`` for a streamed board, widened when a chunk's due dates fall outside it."""

    def __init__(self, calendar: WorkCalendar, today: dt.date) -> None:
        self._calendar, self._today = calendar, today
        self._index: WorkingDayIndex | None = None
        self._first = self._last = today

    def covering(self, dues: list[dt.date]) -> WorkingDayIndex:
        if not dues:
            return self._index or WorkingDayIndex(self._calendar, self._today, self._today)
        first = min(self._today, *dues) - dt.timedelta(days=1)
        last = max(self._today, *dues)
        if self._index is None or first < self._first or last > self._last:
            self._first = min(first, self._first) if self._index is not None else first
            self._last = max(last, self._last)
            self._index = WorkingDayIndex(self._calendar, self._first, self._last)
        return self._index


@dataclass(frozen=True)
class BoardChoices:
    """What the filter lists offer: the officers, fields and states on the board."""

    officers: tuple[str, ...]
    fields: tuple[tuple[str, str], ...]  # (code, name) by name
    states: tuple[tuple[str, str], ...]  # (key, label in the UI language) by label


def board_choices(session: Session, query: BoardQuery) -> BoardChoices:
    """The officers, fields and states of the whole board (no filter), read by the database."""
    everything = query.changed(only=EVERYTHING, view="all", sort=None)
    keys = _keys(everything, Viewer(session, NOBODY))
    states = {str(key) for key in session.scalars(select(keys.c.state).distinct())}
    officers: set[str] = set()
    fields: set[tuple[str, str]] = set()
    for cases in (True, False):
        officer = handling_officer(cases=cases)
        statement = (
            select(officer.column, FieldOfLaw.code, FieldOfLaw.name)
            .select_from(CaseFile if cases else Petition)
            .distinct()
        )
        if cases:
            statement = statement.join(Petition, Petition.id == CaseFile.petition_id).where(
                CaseFile.is_open, CaseFile.due_on.isnot(None)
            )
            if query.handler is not None:
                statement = statement.where(CaseFile.handler_id == query.handler)
        else:
            statement = statement.where(_with_due_date(), undecided())
        statement = officer.joined(statement.outerjoin(FieldOfLaw, FieldOfLaw.id == Petition.field_id))
        for name, code, field in session.execute(statement):
            if name:
                officers.add(name)
            if code:
                fields.add((code, field or ""))
    officers.update(
        name
        for name in session.scalars(
            select(Visit.leader_name)
            .join(LeaderConclusion, LeaderConclusion.visit_id == Visit.id)
            .where(LeaderConclusion.citizen_informed_on.is_(None))
            .distinct()
        )
        if name
    )
    labels = {key: _(label) for key, label in BOARD_STATE_LABELS.items()}
    return BoardChoices(
        officers=tuple(sorted(officers)),
        fields=tuple(sorted(fields, key=lambda field: field[1])),
        states=tuple(sorted(((key, labels.get(key, key)) for key in states), key=lambda state: state[1])),
    )


def deadline_board(
    session: Session,
    *,
    actor: Actor,
    today: dt.date | None = None,
    due_within: int | None = None,
    overdue: bool = False,
    calendar: WorkCalendar | None = None,
    only: BoardFilter = EVERYTHING,
    prolonged_days: int | None = None,
) -> list[BoardRow]:
    """Open petitions and cases with a running time limit, the most urgent first, as ``actor`` may see them.

    ``due_within`` keeps the rows due from today to that many working days ahead (not the overdue
    ones); ``overdue`` keeps those past their due date; ``only`` filters by officer, field, kind, state.
    Every row at once (streamed by ``board_rows``): the GUI reads ``board_page`` as it scrolls instead.
    """
    view: View = "overdue" if overdue else "due" if due_within is not None else "all"
    query = board_query(
        session,
        actor=actor,
        today=today,
        calendar=calendar,
        within=due_within if due_within is not None else DUE_SOON,
        view=view,
        only=only,
        prolonged_days=prolonged_days,
    )
    return list(board_rows(session, query, actor=actor))


def _rows(session: Session, viewer: Viewer, query: BoardQuery, pending: list[_Pending]) -> list[BoardRow]:
    if not pending:
        return []
    today = query.bounds.today
    index = WorkingDayIndex(
        query.calendar or office_calendar(session),
        min(today, *(p.due_on for p in pending)) - dt.timedelta(days=1),
        max(today, *(p.due_on for p in pending)),
    )
    labels = {key: _(label) for key, label in BOARD_STATE_LABELS.items()}
    anonymous = _("(anonymous)")
    return [
        _shown(viewer, p.record, _row(p, today, index, after=query.after, labels=labels, anonymous=anonymous))
        for p in pending
    ]


def _cases(session: Session, viewer: Viewer, ids: list[uuid.UUID]) -> dict[uuid.UUID, _Pending]:
    protected, seen = viewer.petition_columns(Petition.id, Petition.kind)
    officer = handling_officer(cases=True)
    statement = officer.joined(
        select(
            CaseFile.id,
            CaseFile.number,
            PetitionSender.full_name,
            Petition.content_summary,
            CaseFile.due_on,
            CaseFile.state,
            Petition.duplicate_count,
            Petition.duplicate_of_id,
            Petition.kind,
            FieldOfLaw.code,
            FieldOfLaw.name,
            officer.column,
            protected,
            seen,
        )
        .join(Petition, Petition.id == CaseFile.petition_id)
        .outerjoin(PetitionSender, (PetitionSender.petition_id == Petition.id) & (PetitionSender.position == 0))
        .outerjoin(FieldOfLaw, FieldOfLaw.id == Petition.field_id)
        .where(CaseFile.id.in_(ids))
    )
    return {
        record_id: _Pending(
            "case",
            number,
            name,
            summary,
            due,
            state,
            owes_report=state == "awaiting_report",
            refiled=duplicates >= REFILED or earlier is not None,
            petition_kind=str(kind),
            field_code=code or "",
            field_name=field or "",
            officer=officer or "",
            record=("petition", bool(secret), seen_id),
        )
        for (
            record_id,
            number,
            name,
            summary,
            due,
            state,
            duplicates,
            earlier,
            kind,
            code,
            field,
            officer,
            secret,
            seen_id,
        ) in session.execute(statement)
        if due is not None  # always so (the keys read only those with a due date); for the type checker
    }


def _petitions(session: Session, viewer: Viewer, ids: list[uuid.UUID]) -> dict[uuid.UUID, _Pending]:
    protected, seen = viewer.petition_columns(Petition.id, Petition.kind)
    officer = handling_officer(cases=False)
    statement = officer.joined(
        select(
            Petition.id,
            Petition.number,
            _first_sender(Petition.id),
            Petition.content_summary,
            Petition.due_on,
            Petition.duplicate_count,
            Petition.duplicate_of_id,
            Petition.kind,
            FieldOfLaw.code,
            FieldOfLaw.name,
            officer.column,
            protected,
            seen,
            Petition.rule_id,
        )
        .outerjoin(FieldOfLaw, FieldOfLaw.id == Petition.field_id)
        .where(Petition.id.in_(ids))
    )
    return {
        record_id: _Pending(
            "petition",
            number,
            name,
            summary,
            due,
            TO_TRANSFER if rule_id == TRANSFER_RULE else PROCESSING,
            owes_report=False,
            refiled=duplicates >= REFILED or earlier is not None,
            petition_kind=str(kind),
            field_code=code or "",
            field_name=field or "",
            officer=officer or "",
            record=("petition", bool(is_protected), seen_id),
        )
        for (
            record_id,
            number,
            name,
            summary,
            due,
            duplicates,
            earlier,
            kind,
            code,
            field,
            officer,
            is_protected,
            seen_id,
            rule_id,
        ) in session.execute(statement)
        if due is not None
    }


def _conclusions(session: Session, query: BoardQuery, ids: list[uuid.UUID]) -> dict[uuid.UUID, _Pending]:
    """Leaders' conclusion notices: waiting for the bodies' result, then for the citizen to be told."""
    participant = _first_participant()
    statement = (
        select(
            LeaderConclusion.id,
            func.coalesce(IssuedDocument.number, ""),
            participant,
            Visit.content_summary,
            _conclusion_due(query),
            _conclusion_state(),
            Visit.serial,
            Visit.leader_name,
            Visit.id,
            protected_visit_condition(),
        )
        .join(Visit, Visit.id == LeaderConclusion.visit_id)
        .outerjoin(IssuedDocument, IssuedDocument.id == LeaderConclusion.document_id)
        .where(LeaderConclusion.id.in_(ids))
    )
    return {
        record_id: _Pending(
            "conclusion",
            number,
            name or "",  # as given that day; a visit without people names nobody
            summary,
            due,
            state,
            owes_report=False,
            refiled=False,
            reference=serial,
            officer=leader or "",
            record=("visit", bool(protected), visit_id),
        )
        for record_id, number, name, summary, due, state, serial, leader, visit_id, protected in session.execute(
            statement
        )
    }
