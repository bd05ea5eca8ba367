"""Demo petitions and cases at realistic stages, made from the demo visits (and by post), in bulk."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import CaseEventKind as E
from db.enums import CaseKind, Channel, Competence, Outcome, PetitionDecision, PetitionKind
from db.models import AS_GIVEN_COLUMNS, CaseEvent, CaseFile, Citizen, Counter, FieldOfLaw, Petition, PetitionSender
from desktop.core.cases.handling import RULES, PathFacts
from desktop.core.cases.petitions import CASE_KIND, KIND_OF_CLASSIFICATION, ensure_fields, processing_rule
from desktop.core.cases.rules import CaseFacts, Step, fold
from desktop.core.deadlines.calendar import WorkCalendar
from desktop.core.deadlines.office_days import office_calendar
from desktop.core.deadlines.rules import cached_deadline
from desktop.core.formatting import VN_TZ
from desktop.core.text import clean, search_key

PATHS = {
    CaseKind.COMPLAINT: (E.VERIFICATION, E.DIALOGUE, E.DECIDED, E.FINAL),
    CaseKind.DENUNCIATION: (E.VERIFICATION, E.EXTENDED, E.CONCLUDED, E.CONCLUSION_NOTIFIED, E.HANDLED),
    CaseKind.RECOMMENDATION: (E.ANSWERED,),
}
# A petition not ours is guided or transferred: when the law allows only one, the other is taken.
_AWAY = {PetitionDecision.GUIDE: PetitionDecision.TRANSFER, PetitionDecision.TRANSFER: PetitionDecision.GUIDE}
DECISIONS = {
    PetitionDecision.ACCEPT: 55,
    PetitionDecision.GUIDE: 20,
    PetitionDecision.TRANSFER: 12,
    PetitionDecision.REFUSE: 5,
    PetitionDecision.ARCHIVE: 3,
    PetitionDecision.PROPOSE: 5,
}
CHUNK = 5000
SETTLED_AFTER_DAYS = 45
SETTLED_SHARE = 0.93
TRANSFERRING_BODIES = (
    "Ban Tiếp công dân Trung ương",
    "Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh",
    "Thanh tra Chính phủ",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
)


_CUMULATIVE: dict[int, tuple[dict[Any, int], list[Any], list[int]]] = {}


def weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    """``rng.choices(list(weights), weights=...)[0]``, the same draw, with the sums made once per table."""
    found = _CUMULATIVE.get(id(weights))
    if found is None or found[0] is not weights:
        found = _CUMULATIVE[id(weights)] = (weights, list(weights), list(itertools.accumulate(weights.values())))
    return rng.choices(found[1], cum_weights=found[2])[0]


@functools.lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> str:
    return search_key(word)


def text_key(value: str) -> str:
    """``search_key(value)`` folded a word at a time, each word once: the demo's texts reuse a small vocabulary.

    The same result: every step of the key (case, đ, diacritics, composition) acts within a word,
    and a space neither composes with nor carries a mark (tests/core/demo checks it on demo texts).
    """
    return " ".join([_word_key(word) for word in clean(value).split(" ")])


@dataclass
class CaseRows:
    petitions: list[dict[str, Any]] = field(default_factory=list)
    senders: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    counters: dict[str, dict[int, int]] = field(default_factory=lambda: {"petition": {}, "case": {}})


@dataclass(frozen=True)
class Context:
    rng: random.Random
    rows: CaseRows
    fields: list[uuid.UUID]
    desk_id: uuid.UUID
    desk_code: str
    today: dt.date
    calendar: WorkCalendar
    decisions: dict[PetitionDecision, int]
    people: dict[uuid.UUID, dict[str, Any]]  # each sender as given (their citizen record, already stored)


@dataclass(frozen=True)
class Source:
    """What a petition is made from: a demo visit (or a postal petition from a demo citizen)."""

    citizen_id: uuid.UUID
    received_on: dt.date
    classification: Any
    content: str
    visit_id: uuid.UUID | None


def sources(visits: list[dict[str, Any]], participants: list[dict[str, Any]]) -> list[Source]:
    """Visits that ended with a petition received."""
    first = {p["visit_id"]: p["citizen_id"] for p in participants if p["position"] == 0}
    return [
        Source(
            first[v["id"]],
            v["received_at"].astimezone(VN_TZ).date(),
            v["classification"],
            v["content_summary"],
            v["id"],
        )
        for v in visits
        if v["outcome"] == Outcome.RECEIVE_PETITION
    ]


def build(
    session: Session,
    rng: random.Random,
    items: list[Source],
    *,
    desk_id: uuid.UUID,
    desk_code: str,
    today: dt.date,
    decisions: dict[PetitionDecision, int] | None = None,
    calendar: WorkCalendar | None = None,
    known: dict[uuid.UUID, dict[str, Any]] | None = None,
) -> CaseRows:
    """Rows for petitions made from ``items``, handled with ``decisions`` weights, and their cases.

    ``known`` gives senders' details already at hand (by citizen id); the others are read back.
    """
    ensure_fields(session)
    fields = list(session.scalars(select(FieldOfLaw.id)))
    rows = CaseRows()
    for scope in rows.counters:  # continue the desk's numbering where it stands
        found = session.execute(select(Counter.year, Counter.last_value).where(Counter.scope == f"{scope}:{desk_code}"))
        rows.counters[scope] = {year: last for year, last in found}
    known = known or {}
    people = {**_people(session, {item.citizen_id for item in items} - known.keys()), **known}
    calendar = calendar or office_calendar(session)
    context = Context(rng, rows, fields, desk_id, desk_code, today, calendar, decisions or DECISIONS, people)
    for item in sorted(items, key=lambda s: s.received_on):
        _petition(context, item)
    return rows


def _people(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
    """The details of these citizens for their senders to keep, read in chunks (SQLite's parameter limit)."""
    columns = [getattr(Citizen, name) for name in AS_GIVEN_COLUMNS]
    wanted, people = sorted(ids), {}
    for start in range(0, len(wanted), CHUNK):
        rows = session.execute(select(Citizen.id, *columns).where(Citizen.id.in_(wanted[start : start + CHUNK])))
        people.update({row[0]: dict(zip(AS_GIVEN_COLUMNS, row[1:], strict=True)) for row in rows})
    return people


def _next(rows: CaseRows, scope: str, year: int) -> int:
    counter = rows.counters[scope]
    counter[year] = counter.get(year, 0) + 1
    return counter[year]


def _petition(context: Context, item: Source) -> None:
    rng, rows, fields, today, calendar = context.rng, context.rows, context.fields, context.today, context.calendar
    desk_id, desk_code = context.desk_id, context.desk_code
    kind = KIND_OF_CLASSIFICATION[item.classification]
    year = item.received_on.year
    seq = _next(rows, "petition", year)
    petition_id = uuid.uuid4()
    transferred = rng.random() < 0.12
    weights = context.decisions
    drawn = weighted(rng, weights)
    day = calendar.add_working_days(item.received_on, rng.randint(2, 12))
    decision, decided_on = (drawn, day) if day <= today else (None, None)  # a later decision is not taken yet
    other = decision in _AWAY
    channel = Channel.TRANSFERRED if transferred else (Channel.IN_PERSON if item.visit_id else Channel.POST)
    competence = Competence.OTHER_BODY if other else Competence.OURS
    if decision in _AWAY and RULES[decision](PathFacts(kind, channel, competence)) is not None:
        decision = _AWAY[decision]  # the way the law sends it (guided, or transferred)
    process = cached_deadline(processing_rule(kind, channel, competence), item.received_on, calendar=calendar)
    moment = dt.datetime.combine(item.received_on, dt.time(9), VN_TZ)
    rows.petitions.append(
        {
            "id": petition_id,
            "number": f"{desk_code}-{year}-D{seq:05d}",
            "desk_id": desk_id,
            "year": year,
            "seq": seq,
            "received_on": item.received_on,
            "channel": channel,
            "visit_id": item.visit_id,
            "kind": kind,
            "field_id": rng.choice(fields),
            "content_summary": item.content,
            "content_key": text_key(item.content),
            "is_anonymous": False,
            "transferred_from": rng.choice(TRANSFERRING_BODIES) if transferred else "",
            "transferred_doc_number": f"{rng.randint(10, 999)}/CV-CQ" if transferred else "",
            "transferred_doc_date": item.received_on - dt.timedelta(days=3) if transferred else None,
            "report_back_required": transferred,
            "competence": competence,
            "competent_body": "Ủy ban nhân dân xã có liên quan" if other else "",
            "is_eligible": True,
            "ineligibility": None,
            "ineligibility_note": "",
            "duplicate_of_id": None,
            "duplicate_count": 0,
            "duplicate_checked": False,  # desktop.core.demo.facts.petitions links some, answered
            "decision": decision,
            "decided_on": decided_on,
            "decision_note": "Đơn đã được giải quyết đúng quy định" if decision == PetitionDecision.REFUSE else "",
            "refusal_ground": REFUSAL_GROUNDS.get(kind, "") if decision == PetitionDecision.REFUSE else "",
            "due_on": None if decision not in (None, PetitionDecision.PROPOSE) else process.due,
            "rule_id": process.rule_id,
            "rule_version": process.rule_version,
            "version": 1,
            "created_at": moment,
            "updated_at": moment,
        }
    )
    rows.senders.append(
        {
            "id": uuid.uuid4(),
            "petition_id": petition_id,
            "citizen_id": item.citizen_id,
            "position": 0,
            **context.people[item.citizen_id],
        }
    )
    if decision == PetitionDecision.ACCEPT and decided_on is not None:
        _case(context, petition_id, CASE_KIND.get(kind, CaseKind.COMPLAINT), decided_on, transferred=transferred)


def _case(context: Context, petition_id: uuid.UUID, kind: CaseKind, accepted_on: dt.date, *, transferred: bool) -> None:
    rng, rows, today, desk_id, desk_code = context.rng, context.rows, context.today, context.desk_id, context.desk_code
    facts = CaseFacts(
        kind=kind,
        round=1 if rng.random() < 0.9 else 2,
        accepted_on=accepted_on,
        is_complex=rng.random() < 0.2,
        is_remote=rng.random() < 0.05,
        report_back_required=transferred,
    )
    age = (today - accepted_on).days
    # Most offices settle on time: old cases are mostly finished, recent ones at any step.
    finished = age > SETTLED_AFTER_DAYS and rng.random() < SETTLED_SHARE
    path = list(PATHS[kind] if finished else PATHS[kind][: rng.randint(0, len(PATHS[kind]))])
    if not facts.is_complex:  # only a complex denunciation is extended
        path = [event for event in path if event != E.EXTENDED]
    if transferred and len(path) == len(PATHS[kind]) and rng.random() < 0.8:
        path.append(E.REPORTED_BACK)
    span = max(1, min(age, SETTLED_AFTER_DAYS))
    offsets = sorted(rng.randint(1, span) for _ in path)
    steps = [Step(event, accepted_on + dt.timedelta(days=offset)) for event, offset in zip(path, offsets, strict=True)]
    state = fold(facts, steps, calendar=context.calendar)
    year = accepted_on.year
    seq = _next(rows, "case", year)
    case_id = uuid.uuid4()
    moment = dt.datetime.combine(accepted_on, dt.time(10), VN_TZ)
    rows.cases.append(
        {
            "id": case_id,
            "number": f"{desk_code}-{year}-V{seq:05d}",
            "desk_id": desk_id,
            "year": year,
            "seq": seq,
            "petition_id": petition_id,
            "kind": kind,
            "round": facts.round,
            "is_complex": facts.is_complex,
            "is_remote": facts.is_remote,
            "accepted_on": accepted_on,
            "report_back_required": transferred,
            "state": state.state,
            "is_open": state.is_open,
            "due_on": state.deadline.due if state.deadline else None,
            "rule_id": state.deadline.rule_id if state.deadline else "",
            "rule_version": state.deadline.rule_version if state.deadline else "",
            "version": 1,
            "created_at": moment,
            "updated_at": moment,
        }
    )
    for step in [Step(E.ACCEPTED, accepted_on), *steps]:
        paper = RESULT_PAPERS.get(step.kind)
        rows.events.append(
            {
                "id": uuid.uuid4(),
                "case_id": case_id,
                "kind": step.kind,
                "occurred_on": step.on,
                "recorded_at": dt.datetime.combine(step.on, dt.time(15), VN_TZ),
                "actor": "",
                "note": "",
                "document_id": None,
                # The paper that settled the step, as a report back quotes it.
                "result_number": f"{step.on.toordinal() % 990 + 10}/{paper[0]}" if paper else "",
                "result_date": step.on if paper else None,
                "result_signer": paper[1] if paper else "",
            }
        )


def postal_days(rng: random.Random, count: int, today: dt.date, calendar: WorkCalendar) -> list[Source]:
    """Petitions that came by post over the last year, the latest first; their senders are picked later."""
    from desktop.core.demo.words import CONTENTS

    items = []
    for _ in range(count):
        classification = rng.choice(list(CONTENTS))
        day = calendar.next_working_day(today - dt.timedelta(days=rng.randint(0, 365)), inclusive=True)
        day = min(day, today)
        content = rng.choice(CONTENTS[classification]).format(
            commune="xã", number=rng.randint(10, 999), year=rng.randint(2015, 2025), name="Nguyễn Văn A"
        )
        items.append(Source(NO_SENDER_YET, day, classification, content, None))
    items.sort(key=lambda item: item.received_on, reverse=True)
    return items


NO_SENDER_YET = uuid.UUID(int=0)
# A refused demo petition was settled before, without new facts.
REFUSAL_GROUNDS = {
    PetitionKind.COMPLAINT: "complaint.11.7",
    PetitionKind.DENUNCIATION: "denunciation.29.1.d",
    PetitionKind.RECOMMENDATION: "recommendation.already_settled",
}
# The number symbol and the signer of the paper a settling step records (demo values).
RESULT_PAPERS = {
    E.DECIDED: ("QĐ-UBND", "Chủ tịch Ủy ban nhân dân tỉnh An Giang"),
    E.CONCLUDED: ("KL-UBND", "Chủ tịch Ủy ban nhân dân tỉnh An Giang"),
    E.ANSWERED: ("UBND-TCD", "Ủy ban nhân dân tỉnh An Giang"),
    E.TRANSFERRED: ("PC-BTCD", "Ban Tiếp công dân tỉnh An Giang"),
}
TABLES = ((Petition, "petitions"), (PetitionSender, "senders"), (CaseFile, "cases"), (CaseEvent, "events"))
