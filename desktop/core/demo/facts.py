"""The facts the report tables count, added to the demo rows from a random stream of their own.

Who received a leader's session (the head or the deputy they authorised), which visits repeat an
earlier one, where a petition's matter stood before, replies to transfers, and the result of each
case the demo settled, with its figures. A stream of its own keeps every seed's visits, petitions
and cases exactly as they were before these facts existed.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from db.enums import CaseEventKind as E
from db.enums import (
    CaseKind,
    Channel,
    Competence,
    PetitionDecision,
    PetitionKind,
    PriorStatus,
    ReceptionKind,
    ResultOutcome,
    Verdict,
)
from desktop.core.reports import results as results_
from desktop.core.reports.definitions import figures

SETTLED = {E.DECIDED, E.CONCLUDED, E.ANSWERED}
PRIOR_WEIGHTS = {
    PriorStatus.NONE: 60,
    PriorStatus.IN_PROGRESS: 12,
    PriorStatus.OVERDUE: 5,
    PriorStatus.RESOLVED_ONCE: 15,
    PriorStatus.RESOLVED_MANY: 6,
    PriorStatus.COURT_JUDGMENT: 2,
}


def visits(rng: random.Random, rows: list[dict[str, Any]]) -> None:
    """Leaders' sessions split between the head and the deputy; about one visit in five repeats an earlier one."""
    earlier: list[uuid.UUID] = []
    for row in rows:  # in the order received
        if row["reception_kind"] != ReceptionKind.REGULAR:
            if rng.random() < 0.3:
                row["reception_kind"] = ReceptionKind.AD_HOC
            row["by_deputy"] = rng.random() < 0.35
            if row["by_deputy"]:
                row["leader_name"] = "Trần Văn Phó"
        else:
            row["by_deputy"] = False
        row["repeat_of_id"] = rng.choice(earlier) if earlier and rng.random() < 0.2 else None
        earlier.append(row["id"])


def petitions(rng: random.Random, rows: list[dict[str, Any]], senders: list[dict[str, Any]], today: dt.date) -> None:
    """Prior status, follow-ups of lower bodies, replies to transfers, co-signed, anonymous and repeated petitions."""
    statuses, weights = list(PRIOR_WEIGHTS), list(PRIOR_WEIGHTS.values())
    first = {sender["petition_id"]: sender for sender in senders}
    earlier: dict[Any, dict[str, Any]] = {}
    for row in rows:  # in the order received
        if senders and rng.random() < 0.08:  # signed by several people: one or two more signers
            for position in range(1, rng.randint(2, 3)):
                other = rng.choice(senders)
                senders.append({**other, "id": uuid.uuid4(), "petition_id": row["id"], "position": position})
        elif row["kind"] == PetitionKind.DENUNCIATION and row["channel"] != Channel.IN_PERSON and rng.random() < 0.1:
            row["is_anonymous"] = True
        previous = earlier.get(row["kind"])
        if previous is not None and row["decision"] != PetitionDecision.ACCEPT and rng.random() < 0.05:
            row["duplicate_of_id"] = previous["id"]  # the same matter filed again
            row["duplicate_checked"] = True  # linked by the receptionist's answer
            previous["duplicate_count"] += 1
        elif row["id"] in first:
            earlier[row["kind"]] = row
        row["prior_status"] = rng.choices(statuses, weights=weights)[0]
        if row["competence"] == Competence.OTHER_BODY and rng.random() < 0.15:
            row["competence"] = Competence.SUBORDINATE  # a lower body's matter: the office follows it up
        row["transfer_reply_on"] = None
        if row["decision"] is not None and row["decided_on"] is not None and row["competence"] != Competence.OURS:
            reply = row["decided_on"] + dt.timedelta(days=rng.randint(5, 40))
            if rng.random() < 0.6 and reply <= today:
                row["transfer_reply_on"] = reply


def _verdict(rng: random.Random, kind: CaseKind, round_: int) -> Verdict | None:
    if kind == CaseKind.RECOMMENDATION:
        return None
    if kind == CaseKind.COMPLAINT and round_ >= 2:
        return rng.choice((Verdict.UPHELD, Verdict.UPHELD, Verdict.CHANGED))
    return rng.choice((Verdict.RIGHT, Verdict.WRONG, Verdict.WRONG, Verdict.PARTLY))


def results(
    rng: random.Random, cases: list[dict[str, Any]], events: list[dict[str, Any]], today: dt.date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A result (and its figures) for each demo case that reached its decision, conclusion or answer."""
    settled = {event["case_id"]: event["occurred_on"] for event in events if event["kind"] in SETTLED}
    result_rows: list[dict[str, Any]] = []
    figure_rows: list[dict[str, Any]] = []
    codes = figures()
    for case in cases:
        day = settled.get(case["id"])
        if day is None:
            continue
        kind, round_ = case["kind"], case["round"]
        outcome = ResultOutcome.DECIDED
        draw = rng.random()
        if kind != CaseKind.RECOMMENDATION and draw < 0.06:
            outcome = ResultOutcome.WITHDRAWN
        elif kind == CaseKind.DENUNCIATION and draw < 0.09:
            outcome = ResultOutcome.SUSPENDED
        verdict = _verdict(rng, kind, round_)
        if outcome != ResultOutcome.DECIDED and kind == CaseKind.COMPLAINT:
            verdict = None
        due = case["accepted_on"] + dt.timedelta(days=rng.choice((30, 45, 60, 60, 90)))
        executed = day + dt.timedelta(days=rng.randint(10, 120))
        result_id = results_.result_id(case["id"])
        moment = dt.datetime.combine(day, dt.time(16), dt.UTC)
        result_rows.append(
            {
                "id": result_id,
                "case_id": case["id"],
                "outcome": outcome,
                "verdict": verdict,
                "decided_on": day,
                "due_on": due,
                "executed_on": executed
                if outcome == ResultOutcome.DECIDED and executed <= today and rng.random() < 0.7
                else None,
                "note": "",
                "created_at": moment,
                "updated_at": moment,
                "version": 1,
            }
        )
        if outcome != ResultOutcome.DECIDED or verdict in (None, Verdict.WRONG, Verdict.UPHELD) or rng.random() < 0.5:
            continue
        for figure in codes:
            if rng.random() < 0.25:
                amount = round(rng.uniform(1, 500), 1) if figure.unit in ("money", "land") else float(rng.randint(1, 5))
                figure_rows.append(
                    {
                        "id": results_.figure_id(result_id, figure.code),
                        "result_id": result_id,
                        "code": figure.code,
                        "amount": amount,
                        "version": 1,
                    }
                )
    return result_rows, figure_rows
