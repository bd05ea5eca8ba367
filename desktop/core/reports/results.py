"""The result of a resolved case, as the KQGQ tables count it: the case-result form's use case.

A leader records how a case ended (decision or conclusion, withdrawn, suspended), what it found
(right, wrong, partly right; a second complaint upholds or changes the first decision), its date
against the case's legal due date, the day it was carried out in full, and its figures (money, land,
people restored, disciplined, sent to investigators: ``resources/reports/figures.json``). The GUI's
dialog and `tiepdan case-result` go through ``record_result``; bad input is refused field by field and
leaves the database unchanged (docs/reports.md#the-kqgq-tables-results).
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import CaseKind, Competence, ResultOutcome, Verdict
from db.models import CaseFigure, CaseFile, CaseResult
from desktop.core import bounds
from desktop.core.access import Actor, acting
from desktop.core.cases.case_files import require_case
from desktop.core.cases.petitions import PetitionView, require_petition
from desktop.core.errors import ValidationError
from desktop.core.formatting import decimal_text, today_local
from desktop.core.i18n import _
from desktop.core.permissions import require
from desktop.core.reports.definitions import FigureDef, figures
from desktop.core.text import clean

_NAMESPACE = uuid.UUID("5b0c3f5e-4a59-4d0e-9e8f-7d1a0c2b6e41")
MAX_AMOUNT = 1e12  # far above any money (million đồng), land (m²) or head count
# "Of which officials" never exceeds its whole.
OF_WHICH = {
    "discipline_officials": "discipline_people",
    "investigation_officials": "investigation_people",
    "sanctioned_officials": "sanctioned_people",
    "prosecuted_officials": "prosecuted_people",
}
FIRST_ROUND = (Verdict.RIGHT, Verdict.WRONG, Verdict.PARTLY)
SECOND_ROUND = (Verdict.UPHELD, Verdict.CHANGED)


def result_id(case_id: uuid.UUID) -> uuid.UUID:
    """A case's result has an id derived from the case: two desks entering it make the same row."""
    return uuid.uuid5(_NAMESPACE, f"case_result:{case_id}")


def figure_id(result: uuid.UUID, code: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"case_figure:{result}:{code}")


@dataclass(frozen=True)
class ResultDraft:
    """What the form holds; figures as typed ("12,5" or "12.5"), "" for none."""

    outcome: str
    decided_on: dt.date | None
    verdict: str = ""
    due_on: dt.date | None = None  # default: the case's due date now
    executed_on: dt.date | None = None
    note: str = ""
    figures: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ResultView:
    case_number: str
    round: int
    outcome: str
    verdict: str
    decided_on: dt.date
    due_on: dt.date | None
    executed_on: dt.date | None
    note: str
    figures: Mapping[str, float]

    @property
    def on_time(self) -> bool:
        return self.due_on is None or self.decided_on <= self.due_on


def allowed_verdicts(kind: CaseKind | str, round_: int, outcome: str) -> tuple[Verdict, ...]:
    """What a result of this case may find: none for a recommendation or a complaint withdrawn."""
    if kind == CaseKind.RECOMMENDATION:
        return ()
    if kind == CaseKind.DENUNCIATION:
        return FIRST_ROUND  # always, a withdrawal included (docs/reports.md#the-kqgq-tables-results)
    if outcome != ResultOutcome.DECIDED:
        return ()
    return SECOND_ROUND if round_ >= 2 else FIRST_ROUND


def _amount(text: str) -> float | None:
    value = decimal_text(clean(text))
    return float(value) if value else None


def _amount_error(figure: FigureDef, value: float, outcome: str) -> str | None:
    if not math.isfinite(value) or not 0 <= value <= MAX_AMOUNT:
        return _("Enter a number from 0 to {max}.").format(max="1.000.000.000.000")
    if figure.unit == "count" and value != int(value):
        return _("Enter a whole number.")
    if figure.stage == "execution" and outcome != ResultOutcome.DECIDED and value:
        return _("Only a decision or a conclusion is carried out.")
    return None


def _figure_errors(draft: ResultDraft, outcome: str) -> tuple[dict[str, float], dict[str, str]]:
    known = {figure.code: figure for figure in figures()}
    amounts: dict[str, float] = {}
    errors: dict[str, str] = {}
    for code, text in draft.figures.items():
        key = f"figures.{code}"
        if code not in known:
            errors[key] = _("Unknown figure {code}.").format(code=code)
            continue
        try:
            value = _amount(text)
        except ValueError:
            errors[key] = _("Enter a number, such as 12,5.")
            continue
        message = None if value is None else _amount_error(known[code], value, outcome)
        if message:
            errors[key] = message
        elif value:
            amounts[code] = value
    for part, whole in OF_WHICH.items():
        if amounts.get(part, 0) > amounts.get(whole, 0) and f"figures.{part}" not in errors:
            errors[f"figures.{part}"] = _("Of which cannot exceed the whole ({whole}).").format(
                whole=known[whole].label
            )
    return amounts, errors


def _verdict_error(case: CaseFile, outcome: str, verdict: str) -> str | None:
    verdicts = allowed_verdicts(case.kind, case.round, outcome)
    if verdicts and verdict not in [v.value for v in verdicts]:
        if Verdict.UPHELD in verdicts:
            return _("Choose whether the second decision upholds or changes the first.")
        return _("Choose whether the complaint or denunciation was right, wrong or partly right.")
    if not verdicts and verdict:
        return _("This result finds nothing right or wrong: leave it empty.")
    return None


def _checked(case: CaseFile, draft: ResultDraft, today: dt.date) -> tuple[dict[str, str], dict[str, float]]:
    errors: dict[str, str] = {}
    outcomes = [o.value for o in ResultOutcome]
    outcome = draft.outcome
    if outcome not in outcomes:
        errors["outcome"] = _("Choose how the case ended.")
    elif case.kind == CaseKind.RECOMMENDATION and outcome != ResultOutcome.DECIDED:
        errors["outcome"] = _("A recommendation or reflection ends with its answer.")
    if draft.decided_on is None:
        errors["decided_on"] = _("Enter the date of the decision, conclusion or withdrawal.")
    else:
        message = bounds.day_error(draft.decided_on, first=case.accepted_on, today=today)
        if message:
            errors["decided_on"] = message
    verdict = _verdict_error(case, outcome, draft.verdict)
    if verdict:
        errors["verdict"] = verdict
    if draft.executed_on is not None:
        if outcome != ResultOutcome.DECIDED:
            errors["executed_on"] = _("Only a decision or a conclusion is carried out.")
        elif draft.decided_on is not None:
            message = bounds.day_error(draft.executed_on, first=draft.decided_on, today=today)
            if message:
                errors["executed_on"] = message
    errors |= bounds.text_errors(bounds.CASE_RESULT, {"note": draft.note})
    amounts, figure_errors = _figure_errors(draft, outcome)
    return errors | figure_errors, amounts


def record_result(
    session: Session, number: str, draft: ResultDraft, *, actor: Actor, today: dt.date | None = None
) -> ResultView:
    """Keep the result of case ``number`` (a second save replaces the first); ValidationError on bad input."""
    require(actor, "case.decide")
    acting(session, actor)
    case = require_case(session, number)
    errors, amounts = _checked(case, draft, today or today_local())
    if errors:
        raise ValidationError(errors)
    assert draft.decided_on is not None
    key = result_id(case.id)
    result = session.get(CaseResult, key)
    if result is None:
        result = CaseResult(id=key, case_id=case.id, outcome=ResultOutcome(draft.outcome), decided_on=draft.decided_on)
        session.add(result)
    result.outcome = ResultOutcome(draft.outcome)
    result.verdict = Verdict(draft.verdict) if draft.verdict else None
    result.decided_on = draft.decided_on
    result.due_on = draft.due_on if draft.due_on is not None else (result.due_on or case.due_on)
    result.executed_on = draft.executed_on
    result.note = clean(draft.note)
    session.flush()
    existing = {
        figure.code: figure for figure in session.scalars(select(CaseFigure).where(CaseFigure.result_id == key))
    }
    for code, figure in existing.items():
        if code not in amounts:
            session.delete(figure)
    for code, amount in amounts.items():
        if code in existing:
            existing[code].amount = amount
        else:
            session.add(CaseFigure(id=figure_id(key, code), result_id=key, code=code, amount=amount))
    session.flush()
    return _view(case, result, amounts)


def _view(case: CaseFile, result: CaseResult, amounts: Mapping[str, float]) -> ResultView:
    return ResultView(
        case_number=case.number,
        round=case.round,
        outcome=result.outcome.value,
        verdict=result.verdict.value if result.verdict else "",
        decided_on=result.decided_on,
        due_on=result.due_on,
        executed_on=result.executed_on,
        note=result.note,
        figures=dict(amounts),
    )


def read_result(session: Session, number: str) -> ResultView | None:
    """The recorded result of case ``number``, None when none was recorded (figures hold no personal data)."""
    case = require_case(session, number)
    result = session.get(CaseResult, result_id(case.id))
    if result is None:
        return None
    amounts = {f.code: f.amount for f in session.scalars(select(CaseFigure).where(CaseFigure.result_id == result.id))}
    return _view(case, result, amounts)


@dataclass(frozen=True)
class ResultForm:
    """What the case-result form needs: the case's kind, round, accepted day, due date and its result so far."""

    case_number: str
    kind: str
    round: int
    accepted_on: dt.date
    due_on: dt.date | None
    result: ResultView | None


def result_form(session: Session, number: str) -> ResultForm:
    case = require_case(session, number)
    return ResultForm(
        case.number, case.kind.value, case.round, case.accepted_on, case.due_on, read_result(session, number)
    )


def record_reply_received(
    session: Session, petition_number: str, day: dt.date | None, *, actor: Actor, today: dt.date | None = None
) -> dt.date | None:
    """The day the competent body's reply to a petition we transferred or guided came in (None: not yet).

    Counted by the XLD tables and 02/TCD ("văn bản phúc đáp nhận được do chuyển đơn").
    """
    require(actor, "petition.handle")
    acting(session, actor)
    petition = require_petition(session, petition_number)
    if day is not None:
        if petition.decided_on is None or petition.competence == Competence.OURS:
            raise ValidationError({"date": _("Only a petition sent on to another body gets a reply to it.")})
        message = bounds.day_error(day, first=petition.decided_on, today=today or today_local())
        if message:
            raise ValidationError({"date": message})
    petition.transfer_reply_on = day
    session.flush()
    return day


def reply_received_on(session: Session, petition_number: str) -> dt.date | None:
    """The day the reply to a petition sent on came in, None while none has (the petition page shows it)."""
    return require_petition(session, petition_number).transfer_reply_on


def awaits_reply(petition: PetitionView) -> bool:
    """A decided petition the office sent on to another body (transferred, guided or to a lower body's
    follow-up): the only kind a reply can be recorded for (``record_reply_received``)."""
    return petition.decided_on is not None and petition.competence != Competence.OURS
