"""What each report cell counts: the records of a source in a period and the conditions on them, as SQL.

Four sources: ``visit`` (the reception book, 01/TCD), ``petition`` (the register, 02/TCD and the XLD
tables), ``case`` (cases within competence and their results, 01/KQGQ and 03/KQGQ) and ``execution``
(decisions and conclusions to carry out, 02/KQGQ and 04/KQGQ). Each source builds the FROM clause of
its records in the period and names its conditions; a table file combines them. The counting rules
are written next to each condition and in docs/reports.md (section "Counting rules").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, and_, case, false, func, literal, not_, or_, select, true

from db.enums import (
    CaseKind,
    Competence,
    PetitionDecision,
    PetitionKind,
    PriorStatus,
    ReceptionKind,
    ResultOutcome,
    Verdict,
)
from db.models import CaseFigure, CaseFile, CaseResult, FieldOfLaw, Petition, PetitionSender, Visit
from desktop.core.formatting import VN_TZ
from desktop.core.reports.periods import Period

Condition = ColumnElement[bool]


@dataclass(frozen=True)
class Records:
    """The records of a source in a period: their FROM clause, the WHERE that bounds them, their keys."""

    from_clause: FromClause
    bounds: Condition
    desk_id: Any  # the records' desk column
    record_id: Any  # their key
    conditions: dict[str, Callable[[str], Condition]]  # name -> (argument -> condition)
    measures: dict[str, Any]  # name -> what a matching record adds (a column expression)
    figure_codes: tuple[str, ...] = ()


def moment(day: dt.date) -> dt.datetime:
    """The start of ``day`` in Viet Nam time, as an aware datetime (the book stores UTC)."""
    return dt.datetime.combine(day, dt.time(0), VN_TZ)


def local_day(dialect: str, column: Any) -> ColumnElement[str]:
    """The Viet Nam day of a stored UTC moment, as text, in the database's own dialect."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("Asia/Ho_Chi_Minh", column), "YYYY-MM-DD")
    return func.date(column, "+7 hours")


def _values(argument: str) -> list[str]:
    return [value.strip() for value in argument.split(",") if value.strip()]


def visits(period: Period, dialect: str) -> Records:
    """The visits of the reception book received in the period (Viet Nam time)."""
    regular = Visit.reception_kind == ReceptionKind.REGULAR
    session_key = Visit.leader_name + literal("|") + local_day(dialect, Visit.received_at)
    return Records(
        from_clause=Visit.__table__,
        bounds=and_(
            Visit.received_at >= moment(period.start), Visit.received_at < moment(period.end + dt.timedelta(days=1))
        ),
        desk_id=Visit.desk_id,
        record_id=Visit.id,
        conditions={
            # Law 42/2013 Art. 2(1): regular reception by the desk's officers; periodic and ad-hoc by the head,
            # or by the deputy the head authorised (by_deputy).
            "regular": lambda _a: regular,
            "head": lambda _a: and_(not_(regular), Visit.by_deputy.is_(false())),
            "deputy": lambda _a: and_(not_(regular), Visit.by_deputy.is_(true())),
            "delegation": lambda _a: Visit.is_delegation.is_(true()),
            # A visit is one matter; it is received "nhiều lần" when it repeats an earlier visit.
            "first_time": lambda _a: Visit.repeat_of_id.is_(None),
            "repeated": lambda _a: Visit.repeat_of_id.isnot(None),
        },
        measures={"count": literal(1), "people": Visit.head_count, "sessions": session_key},
    )


def petitions(period: Period) -> Records:
    """The petitions of the register the period handles: received in it, or carried over unhandled.

    Carried over: received before the period and not decided before it starts.
    """
    signers = (
        select(PetitionSender.petition_id, func.count().label("n")).group_by(PetitionSender.petition_id).subquery()
    )
    joined = Petition.__table__.outerjoin(signers, signers.c.petition_id == Petition.id).outerjoin(
        FieldOfLaw.__table__, FieldOfLaw.id == Petition.field_id
    )
    count = func.coalesce(signers.c.n, 0)
    anonymous = Petition.is_anonymous.is_(true())
    decided = and_(Petition.decision.isnot(None), Petition.decided_on.isnot(None), Petition.decided_on <= period.end)
    other_body = Petition.competence == Competence.OTHER_BODY
    transfer = func.coalesce(Petition.decision, "") == PetitionDecision.TRANSFER.value
    recommendation = Petition.kind.in_([PetitionKind.RECOMMENDATION, PetitionKind.MULTIPLE])
    return Records(
        from_clause=joined,
        bounds=and_(
            Petition.received_on <= period.end,
            or_(
                Petition.received_on >= period.start, Petition.decided_on.is_(None), Petition.decided_on >= period.start
            ),
        ),
        desk_id=Petition.desk_id,
        record_id=Petition.id,
        conditions={
            "carried": lambda _a: Petition.received_on < period.start,
            "received": lambda _a: Petition.received_on >= period.start,
            "in_person": lambda _a: Petition.visit_id.isnot(None),
            "many_signers": lambda _a: and_(count > 1, not_(anonymous)),
            "one_signer": lambda _a: and_(count == 1, not_(anonymous)),
            "other_signers": lambda _a: or_(count == 0, anonymous),  # anonymous or nobody named
            "handled": lambda _a: decided,
            "eligible": lambda _a: and_(decided, Petition.is_eligible.is_(true())),
            "matter": lambda _a: Petition.duplicate_of_id.is_(None),  # a repeat of a petition is no new matter
            "complaint": lambda _a: Petition.kind == PetitionKind.COMPLAINT,
            "denunciation": lambda _a: Petition.kind == PetitionKind.DENUNCIATION,
            "recommendation": lambda _a: recommendation,  # several contents count with recommendations
            "ours": lambda _a: Petition.competence == Competence.OURS,
            "not_ours": lambda _a: Petition.competence != Competence.OURS,
            "guided": lambda _a: and_(other_body, not_(transfer)),
            "transferred": lambda _a: and_(other_body, transfer),
            "follow_up": lambda _a: Petition.competence == Competence.SUBORDINATE,  # a lower body's: đôn đốc
            "field": lambda a: func.coalesce(FieldOfLaw.code, "").in_(_values(a)),
            "prior": lambda a: Petition.prior_status.in_([PriorStatus(value) for value in _values(a)]),
            "reply_received": lambda _a: and_(
                Petition.transfer_reply_on.isnot(None), Petition.transfer_reply_on.between(period.start, period.end)
            ),
        },
        measures={"count": literal(1)},
    )


def _figures(codes: tuple[str, ...]) -> FromClause:
    columns = [func.sum(case((CaseFigure.code == code, CaseFigure.amount), else_=0.0)).label(code) for code in codes]
    return select(CaseFigure.result_id, *columns).group_by(CaseFigure.result_id).subquery("figures")


def _result_conditions(period: Period) -> dict[str, Callable[[str], Condition]]:
    resolved = and_(CaseResult.decided_on.isnot(None), CaseResult.decided_on.between(period.start, period.end))
    return {
        "complaint": lambda _a: CaseFile.kind == CaseKind.COMPLAINT,
        "denunciation": lambda _a: CaseFile.kind == CaseKind.DENUNCIATION,
        "recommendation": lambda _a: CaseFile.kind == CaseKind.RECOMMENDATION,
        "resolved": lambda _a: resolved,
        "by_decision": lambda _a: and_(resolved, CaseResult.outcome == ResultOutcome.DECIDED),
        "withdrawn": lambda _a: and_(resolved, CaseResult.outcome == ResultOutcome.WITHDRAWN),
        "suspended": lambda _a: and_(resolved, CaseResult.outcome == ResultOutcome.SUSPENDED),
        "verdict": lambda a: func.coalesce(CaseResult.verdict, "").in_([Verdict(v).value for v in _values(a)]),
        # A complaint's second round; a denunciation "tố cáo tiếp" (again, after a first resolution).
        "first_round": lambda _a: CaseFile.round == 1,
        "later_round": lambda _a: CaseFile.round >= 2,
        "on_time": lambda _a: and_(
            resolved, or_(CaseResult.due_on.is_(None), CaseResult.decided_on <= CaseResult.due_on)
        ),
        "late": lambda _a: and_(resolved, CaseResult.due_on.isnot(None), CaseResult.decided_on > CaseResult.due_on),
        "executed": lambda _a: and_(
            CaseResult.executed_on.isnot(None), CaseResult.executed_on.between(period.start, period.end)
        ),
    }


def cases(period: Period, codes: tuple[str, ...]) -> Records:
    """Cases within competence the period deals with: open at its start or accepted in it, and their results.

    Carried over: accepted before the period, not resolved before it starts. A case closed without a
    recorded result (one older than the result form) is not counted.
    """
    figures = _figures(codes) if codes else None
    joined = CaseFile.__table__.join(Petition.__table__, Petition.id == CaseFile.petition_id).outerjoin(
        CaseResult.__table__, CaseResult.case_id == CaseFile.id
    )
    if figures is not None:
        joined = joined.outerjoin(figures, figures.c.result_id == CaseResult.id)
    measures: dict[str, Any] = {
        "count": literal(1),
        "petitions": 1 + Petition.duplicate_count,  # the case's petition and the repeats filed on it
    }
    if figures is not None:
        measures.update({f"figure:{code}": func.coalesce(figures.c[code], 0.0) for code in codes})
    conditions = _result_conditions(period)
    conditions["carried"] = lambda _a: CaseFile.accepted_on < period.start
    conditions["received"] = lambda _a: CaseFile.accepted_on >= period.start
    return Records(
        from_clause=joined,
        bounds=and_(
            CaseFile.accepted_on <= period.end,
            or_(and_(CaseResult.id.is_(None), CaseFile.is_open.is_(true())), CaseResult.decided_on >= period.start),
        ),
        desk_id=CaseFile.desk_id,
        record_id=CaseFile.id,
        conditions=conditions,
        measures=measures,
        figure_codes=codes,
    )


def executions(period: Period, codes: tuple[str, ...]) -> Records:
    """Decisions (complaints) and conclusions (denunciations) to carry out in the period.

    Issued by its end and not carried out in full before it starts.
    """
    figures = _figures(codes) if codes else None
    joined = CaseResult.__table__.join(CaseFile.__table__, CaseFile.id == CaseResult.case_id)
    if figures is not None:
        joined = joined.outerjoin(figures, figures.c.result_id == CaseResult.id)
    measures: dict[str, Any] = {"count": literal(1)}
    if figures is not None:
        measures.update({f"figure:{code}": func.coalesce(figures.c[code], 0.0) for code in codes})
    return Records(
        from_clause=joined,
        bounds=and_(
            CaseResult.outcome == ResultOutcome.DECIDED,
            CaseResult.decided_on <= period.end,
            or_(CaseResult.executed_on.is_(None), CaseResult.executed_on >= period.start),
        ),
        desk_id=CaseFile.desk_id,
        record_id=CaseFile.id,
        conditions=_result_conditions(period),
        measures=measures,
        figure_codes=codes,
    )


def condition(records: Records, term: str) -> Condition:
    """One term of a ``where`` list: "eligible", "prior:none,overdue", "not:field:CS,DD"."""
    if term.startswith("not:"):
        return not_(condition(records, term[4:]))
    name, _sep, argument = term.partition(":")
    if name not in records.conditions:
        raise ValueError(f"unknown condition {name!r}")
    return records.conditions[name](argument)


def all_of(records: Records, terms: tuple[str, ...]) -> Condition:
    return and_(true(), *(condition(records, term) for term in terms))


def records_for(source: str, period: Period, dialect: str, codes: tuple[str, ...]) -> Records:
    if source == "visit":
        return visits(period, dialect)
    if source == "petition":
        return petitions(period)
    if source == "case":
        return cases(period, codes)
    return executions(period, codes)


def base_select(records: Records, *columns: Any) -> Select[Any]:
    return select(*columns).select_from(records.from_clause).where(records.bounds)
