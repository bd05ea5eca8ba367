"""The deadline board: what is due soon, overdue, owed to a transferring body, or dragging on.

"Prolonged" (kéo dài) is not "overdue": a matter is prolonged when it stays open past its time limit
by more than a set number of days (``Setting.PROLONGED_AFTER``, default 30), or when the same content
was filed again (docs/legal-basis.md#board-prolonged). Overdue counts every row past its due date.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, NamedTuple, TypeVar

from sqlalchemy import ColumnElement, ScalarSelect, Select, SQLColumnExpression, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from db.enums import PetitionDecision, PetitionKind
from db.models import CaseEvent, CaseFile, FieldOfLaw, Petition, PetitionSender, User, Visit
from desktop.core.access import Actor
from desktop.core.cases.petitions import TRANSFER_RULE
from desktop.core.cases.rules import STATE_LABELS
from desktop.core.confidentiality import Mask, Viewer
from desktop.core.deadlines.calendar import WorkCalendar
from desktop.core.deadlines.office_days import office_calendar
from desktop.core.errors import ValidationError
from desktop.core.formatting import today_local
from desktop.core.i18n import N_, _
from desktop.core.office import get_setting, set_setting
from desktop.core.permissions import sees_only_assigned
from desktop.core.reception.conclusions import list_open_conclusions
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
    """
    today = today or today_local()
    calendar = calendar or office_calendar(session)
    after = prolonged_days if prolonged_days is not None else prolonged_after(session)
    limit = calendar.add_working_days(today, due_within) if due_within is not None else None
    handler = actor.user_id if sees_only_assigned(actor) else None
    viewer = Viewer(session, actor)
    pending = [
        *_cases(session, viewer, today, limit, overdue, handler=handler),
        *_petitions(session, viewer, today, limit, overdue),
        *_conclusions(session, today, limit, overdue),
    ]
    if not pending:
        return []
    index = WorkingDayIndex(
        calendar,
        min(today, *(p.due_on for p in pending)) - dt.timedelta(days=1),
        max(today, *(p.due_on for p in pending)),
    )
    labels = {key: _(label) for key, label in BOARD_STATE_LABELS.items()}
    anonymous = _("(anonymous)")
    board = [
        _shown(viewer, p.record, _row(p, today, index, after=after, labels=labels, anonymous=anonymous))
        for p in pending
        if only.keeps(p)
    ]
    board.sort(key=lambda row: (row.due_on, row.number))
    return board


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


def _window(
    column: SQLColumnExpression[dt.date | None], today: dt.date, limit: dt.date | None, overdue: bool
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [column.isnot(None)]
    if overdue:
        conditions.append(column < today)
    elif limit is not None:  # due within: from today on, the overdue ones are not "due within"
        conditions += [column >= today, column <= limit]
    return conditions


def _cases(
    session: Session, viewer: Viewer, today: dt.date, limit: dt.date | None, overdue: bool, *, handler: uuid.UUID | None
) -> list[_Pending]:
    protected, seen = viewer.petition_columns(Petition.id, Petition.kind)
    officer = handling_officer(cases=True)
    statement = officer.joined(
        select(
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
        .where(CaseFile.is_open, *_window(CaseFile.due_on, today, limit, overdue))
    )
    if handler is not None:  # a handler's board: the cases assigned to them
        statement = statement.where(CaseFile.handler_id == handler)
    return [
        _Pending(
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
        # Core rows (no ORM row processing): the board reads 100,000 of them.
        for number, name, summary, due, state, duplicates, earlier, kind, code, field, officer, secret, seen_id in (
            session.connection().execute(statement)
        )
        if due is not None  # always so (see _window); this tells the type checker
    ]


def undecided() -> ColumnElement[bool]:
    """A petition still waiting for its handling decision (a proposal to accept is not one)."""
    return or_(Petition.decision.is_(None), Petition.decision == PetitionDecision.PROPOSE)


def _petitions(
    session: Session, viewer: Viewer, today: dt.date, limit: dt.date | None, overdue: bool
) -> list[_Pending]:
    protected, seen = viewer.petition_columns(Petition.id, Petition.kind)
    officer = handling_officer(cases=False)
    statement = officer.joined(
        select(
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
        .where(
            undecided(),
            and_(*_window(Petition.due_on, today, limit, overdue)),
        )
    )
    return [
        _Pending(
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
        if due is not None  # always so (see _window); this tells the type checker
    ]


def _conclusions(session: Session, today: dt.date, limit: dt.date | None, overdue: bool) -> list[_Pending]:
    """Leaders' conclusion notices: waiting for the bodies' result, then for the citizen to be told."""
    rows: list[_Pending] = []
    for view in list_open_conclusions(session):
        if view.result_on is None:
            due, state = view.due_on, WAITING_RESULT
        else:
            due, state = view.inform_due_on or view.result_on, INFORM_CITIZEN
        if overdue and due >= today:
            continue
        if not overdue and limit is not None and not today <= due <= limit:
            continue
        rows.append(
            _Pending(
                "conclusion",
                view.number,
                view.citizen_name,
                view.content_summary,
                due,
                state,
                owes_report=False,
                refiled=False,
                reference=view.visit_serial,
                officer=view.leader_name,
                record=("visit", view.identity_protected, view.visit_id),
            )
        )
    return rows
