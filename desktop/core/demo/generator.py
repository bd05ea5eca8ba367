"""Realistic synthetic reception data for demonstrations and benchmarks, inserted in bulk."""

from __future__ import annotations

import datetime as dt
import functools
import random
import uuid
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from db.base import Base
from db.enums import (
    ChangeOp,
    Classification,
    CopyKind,
    IdType,
    Outcome,
    ParticipantRole,
    ReceivedBy,
    ReceptionKind,
    Sex,
)
from db.models import (
    AS_GIVEN_COLUMNS,
    CaseFigure,
    CaseResult,
    Citizen,
    Counter,
    OutboxEntry,
    ReceivedDocument,
    Visit,
    VisitParticipant,
)
from db.sync import payload
from desktop.core.deadlines.calendar import WorkCalendar
from desktop.core.deadlines.office_days import office_calendar
from desktop.core.demo import cases as demo_cases
from desktop.core.demo import facts as demo_facts
from desktop.core.demo.bulk import Loader, bulk_load
from desktop.core.demo.words import (
    CONTENTS,
    DOCUMENT_NAMES,
    ETHNICITIES,
    GIVEN_FEMALE,
    GIVEN_MALE,
    HAMLETS,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
    SURNAMES,
)
from desktop.core.formatting import VN_TZ
from desktop.core.numbering import visit_serial
from desktop.core.office import EXAMPLE_OFFICE, ensure_desk, ensure_user, get_office, save_office
from desktop.core.reception import addresses
from desktop.core.reception.visits import participant_role
from desktop.core.text import search_key

_key = functools.lru_cache(maxsize=1 << 16)(search_key)  # names and addresses repeat: fold each once
HOME_PROVINCE = 91  # An Giang: most visitors live in the office's own province
CHUNK = 5000
FACTS_SEED = 1_000_003  # the report facts' own stream: seed + this
CLASS_WEIGHTS = {
    Classification.COMPLAINT: 45,
    Classification.DENUNCIATION: 15,
    Classification.RECOMMENDATION: 25,
    Classification.REFLECTION: 15,
}
# The body a visit was guided or its papers transferred to, by kind of matter (picked without the
# random stream, so every seed still yields the visits it did before).
GUIDED_TO = {
    Classification.COMPLAINT: "Chủ tịch UBND xã",
    Classification.DENUNCIATION: "Thanh tra tỉnh",
    Classification.RECOMMENDATION: "Sở Nông nghiệp và Môi trường",
    Classification.REFLECTION: "UBND xã nơi xảy ra vụ việc",
}
# The tables the demo fills: their secondary indexes are built once, after the rows (demo.bulk).
BULK_TABLES = (
    Citizen,
    Visit,
    VisitParticipant,
    ReceivedDocument,
    *(model for model, _ in demo_cases.TABLES),
    CaseResult,
    CaseFigure,
)
OUTCOME_WEIGHTS = {
    Outcome.RECEIVE_PETITION: 40,
    Outcome.GUIDE: 30,
    Outcome.ANSWER: 12,
    Outcome.TRANSFER: 10,
    Outcome.APPOINTMENT: 7,
    Outcome.REFUSE: 1,
}


@dataclass(frozen=True)
class DemoResult:
    visits: int
    petitions: int
    cases: int
    citizens: int
    first_serial: str
    last_serial: str


def generate(
    session: Session,
    *,
    visits: int,
    desk_code: str,
    seed: int | None = None,
    now: dt.datetime | None = None,
    postal_petitions: int = 0,
    chunk: int = CHUNK,
) -> DemoResult:
    """Insert ``visits`` visits dated in the current year and the one before, with their people.

    Visits that ended with a petition received get their petition, and ``postal_petitions``
    more arrive by post; each is handled as offices do (most accepted, some guided, transferred
    or refused), and accepted ones become cases at every stage of their legal steps.

    The rows are made and inserted ``chunk`` visits at a time, oldest first, and nothing of a
    chunk is kept after it is inserted: a million visits fit in bounded memory.
    """
    rng = random.Random(seed)
    # Petitions and cases draw from their own stream: the visits of a seed stay what they were.
    case_rng = random.Random(f"cases:{seed}") if seed is not None else random.Random()
    facts_rng = random.Random(None if seed is None else seed + FACTS_SEED)  # the report facts' own stream
    now = now or dt.datetime.now(dt.UTC)
    _signers(session)
    desk = ensure_desk(session, desk_code)
    names = ("Trần Thị Mai", "Lê Văn Hùng", "Phạm Ngọc Lan")
    receptionists = [user for name in names if (user := ensure_user(session, name)) is not None]
    calendar = office_calendar(session)
    # Whole seconds since the epoch, sorted: 8 bytes a visit instead of a datetime object.
    moments = array("q", sorted(int(_moment(rng, now, calendar).timestamp()) for _ in range(visits)))
    years = {dt.datetime.fromtimestamp(m, VN_TZ).year for m in (moments[:1] + moments[-1:])}
    counters = _counters(session, f"visit:{desk.code}", set(range(min(years, default=0), max(years, default=-1) + 1)))
    today = now.astimezone(VN_TZ).date()
    postal = demo_cases.postal_days(case_rng, postal_petitions, today, calendar)
    pool = _CitizenPool(case_rng)
    outbox = bool(session.info.get("outbox"))
    totals = {"citizens": 0, "petitions": 0, "cases": 0}
    first_serial = last_serial = ""
    # Indexes are built again after the load only when it at least doubles the book (demo.bulk).
    existing = session.scalar(select(func.count()).select_from(Visit)) or 0
    with bulk_load(session.connection(), BULK_TABLES, set_aside=visits >= existing) as loader:
        for start in range(0, visits, chunk):
            citizens: list[dict[str, Any]] = []
            rows: dict[type[Base], list[dict[str, Any]]] = {Visit: [], VisitParticipant: [], ReceivedDocument: []}
            for stamp in moments[start : start + chunk]:
                moment = dt.datetime.fromtimestamp(stamp, dt.UTC)
                year = moment.astimezone(VN_TZ).year
                counters[year] += 1
                last_serial = visit_serial(desk.code, year, counters[year])
                first_serial = first_serial or last_serial
                _visit(
                    rng,
                    rows,
                    citizens,
                    serial=last_serial,
                    desk_id=desk.id,
                    year=year,
                    seq=counters[year],
                    moment=moment,
                    receptionist_id=rng.choice(receptionists).id,
                    calendar=calendar,
                )
            demo_facts.visits(facts_rng, rows[Visit])
            _bulk(session, loader, Citizen, citizens, outbox)
            for model, model_rows in rows.items():
                _bulk(session, loader, model, model_rows, outbox)
            totals["citizens"] += len(citizens)
            pool.add(person["id"] for person in citizens)
            items = demo_cases.sources(rows[Visit], rows[VisitParticipant])
            last_day = rows[Visit][-1]["received_at"].astimezone(VN_TZ).date()
            is_last = start + chunk >= visits
            while postal and (is_last or postal[-1].received_on <= last_day):  # by post, up to this chunk's day
                items.append(pool.sender_of(postal.pop()))
            totals["petitions"] += _cases(
                session,
                loader,
                case_rng,
                facts_rng,
                items,
                desk=desk,
                today=today,
                calendar=calendar,
                citizens=citizens,
                outbox=outbox,
                totals=totals,
            )
            del citizens, rows, items
    _save_counters(session, f"visit:{desk.code}", {year: last for year, last in counters.items() if last})
    return DemoResult(
        visits=visits,
        petitions=totals["petitions"],
        cases=totals["cases"],
        citizens=totals["citizens"],
        first_serial=first_serial,
        last_serial=last_serial,
    )


class _CitizenPool:
    """A uniform sample of the citizens made so far (reservoir sampling), to send the postal petitions."""

    SIZE = 10_000

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._ids: list[uuid.UUID] = []
        self._seen = 0

    def add(self, ids: Iterable[uuid.UUID]) -> None:
        for citizen_id in ids:
            self._seen += 1
            if len(self._ids) < self.SIZE:
                self._ids.append(citizen_id)
            elif (slot := self._rng.randrange(self._seen)) < self.SIZE:
                self._ids[slot] = citizen_id

    def sender_of(self, item: demo_cases.Source) -> demo_cases.Source:
        return replace(item, citizen_id=self._rng.choice(self._ids))


def _cases(
    session: Session,
    loader: Loader,
    rng: random.Random,
    facts_rng: random.Random,
    items: list[demo_cases.Source],
    *,
    desk: Any,
    today: dt.date,
    calendar: WorkCalendar,
    citizens: list[dict[str, Any]],
    outbox: bool,
    totals: dict[str, int],
) -> int:
    """The petitions and cases of one chunk, inserted, their numbering saved; returns the petitions made."""
    if not items:
        return 0
    known = {person["id"]: {name: person[name] for name in AS_GIVEN_COLUMNS} for person in citizens}
    cases = demo_cases.build(
        session, rng, items, desk_id=desk.id, desk_code=desk.code, today=today, calendar=calendar, known=known
    )
    demo_facts.petitions(facts_rng, cases.petitions, cases.senders, today)
    for model, name in demo_cases.TABLES:
        _bulk(session, loader, model, getattr(cases, name), outbox)
    results, figures = demo_facts.results(facts_rng, cases.cases, cases.events, today)
    _bulk(session, loader, CaseResult, results, outbox)
    _bulk(session, loader, CaseFigure, figures, outbox)
    for scope, years in cases.counters.items():
        _save_counters(session, f"{scope}:{desk.code}", years)
    totals["cases"] += len(cases.cases)
    return len(cases.petitions)


def _signers(session: Session) -> None:
    """Give the office the example's signers and competent authority where it has none, so its letters sign."""
    profile = get_office(session)
    if profile is None or (profile.signers and all(a.signers for a in profile.authorities) and profile.authorities):
        return
    authorities = tuple(
        replace(authority, signers=authority.signers or EXAMPLE_OFFICE.authorities[0].signers)
        for authority in profile.authorities
    )
    save_office(
        session,
        replace(
            profile,
            signers=profile.signers or EXAMPLE_OFFICE.signers,
            authorities=authorities or EXAMPLE_OFFICE.authorities,
        ),
    )


def _moment(rng: random.Random, now: dt.datetime, calendar: WorkCalendar) -> dt.datetime:
    """A moment in office hours of a working day, between 1 January of last year and now."""
    local_now = now.astimezone(VN_TZ)
    start = dt.date(local_now.year - 1, 1, 1)
    span = (local_now.date() - start).days
    while True:
        day = start + dt.timedelta(days=rng.randrange(span + 1))
        if not calendar.is_working_day(day):
            continue
        minute = rng.choice((rng.randrange(7 * 60 + 30, 11 * 60 + 30), rng.randrange(13 * 60 + 30, 17 * 60)))
        moment = dt.datetime.combine(day, dt.time(minute // 60, minute % 60, rng.randrange(60)), VN_TZ)
        if moment <= local_now:
            return moment.astimezone(dt.UTC)


def _visit(
    rng: random.Random,
    rows: dict[type[Base], list[dict[str, Any]]],
    citizens: list[dict[str, Any]],
    *,
    calendar: WorkCalendar,
    **visit: Any,
) -> None:
    classification = _weighted(rng, CLASS_WEIGHTS)
    outcome = _weighted(rng, OUTCOME_WEIGHTS)
    person = _citizen(rng)
    citizens.append(person)
    is_delegation = rng.random() < 0.03
    head_count = rng.randint(5, 30) if is_delegation else 1
    visit_id = uuid.uuid4()
    content = rng.choice(CONTENTS[classification]).format(
        commune=person["address"].split(", ")[-2] if ", " in person["address"] else "xã",
        number=rng.randint(10, 999),
        year=rng.randint(2015, 2025),
        name=_name(rng, rng.random() < 0.5)[0],
    )
    leader = rng.random() < 0.1
    appointment = visit["moment"] + dt.timedelta(days=rng.randint(3, 20)) if outcome == Outcome.APPOINTMENT else None
    if appointment is not None:  # on a working day, as the desk would set it (same random stream)
        local_day = appointment.astimezone(VN_TZ).date()
        appointment += dt.timedelta(days=(calendar.next_working_day(local_day, inclusive=True) - local_day).days)
    rows[Visit].append(
        {
            "id": visit_id,
            **{k: visit[k] for k in ("serial", "desk_id", "year", "seq", "receptionist_id")},
            "received_at": visit["moment"],
            "reception_kind": ReceptionKind.PERIODIC if leader else ReceptionKind.REGULAR,
            "received_by": ReceivedBy.LEADER if leader else ReceivedBy.OFFICER,
            "leader_name": "Nguyễn Văn Bình" if leader else "",
            "classification": classification,
            "content_summary": content,
            "content_key": demo_cases.text_key(content),
            "requests": "",
            "prior_resolution": "",
            "is_delegation": is_delegation,
            "head_count": head_count,
            "outcome": outcome,
            "outcome_note": GUIDED_TO[classification] if outcome in (Outcome.GUIDE, Outcome.TRANSFER) else "",
            "appointment_at": appointment,
            "appointment_place": "Trụ sở Tiếp công dân" if appointment else "",
            "appointment_with": "Lãnh đạo Ban" if appointment else "",
            # Every column is given: the outbox payload is built from these values, not the defaults.
            "repeat_of_id": None,
            "repeat_checked": False,
            "version": 1,
            "created_at": visit["moment"],
        }
    )
    role = participant_role(classification)
    rows[VisitParticipant].append(_participant(visit_id, person, role, is_delegation, 0))
    for position in range(1, rng.randint(1, 2) + 1 if is_delegation else 1):
        other = _citizen(rng)
        citizens.append(other)
        rows[VisitParticipant].append(_participant(visit_id, other, ParticipantRole.REPRESENTATIVE, True, position))
    # A citizen hands in at least the petition or a copy of a paper, except one refused at the door
    # (one choice either way, so the random stream, and every seed's visits, stay as they were).
    handed_in = rng.choice((1, 1, 1, 2, 2, 3))
    for position in range(0 if outcome == Outcome.REFUSE else handed_in):
        rows[ReceivedDocument].append(
            {
                "id": uuid.uuid4(),
                "visit_id": visit_id,
                "name": rng.choice(DOCUMENT_NAMES),
                "pages": rng.randint(1, 12),
                "copy_kind": rng.choice(list(CopyKind)),
                "position": position,
            }
        )


def _participant(
    visit_id: uuid.UUID, person: dict[str, Any], role: ParticipantRole, representative: bool, position: int
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "visit_id": visit_id,
        "citizen_id": person["id"],
        **{name: person[name] for name in AS_GIVEN_COLUMNS},  # the person as given that day
        "role": role,
        "is_representative": representative,
        "position": position,
    }


def _name(rng: random.Random, female: bool) -> tuple[str, Sex]:
    surname = _weighted(rng, SURNAMES)
    middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    return f"{surname} {middle} {given}", Sex.FEMALE if female else Sex.MALE


def _citizen(rng: random.Random) -> dict[str, Any]:
    name, sex = _name(rng, rng.random() < 0.45)
    year = rng.randint(1940, 2004)
    province = HOME_PROVINCE if rng.random() < 0.85 else rng.choice(addresses.provinces()).code
    commune = rng.choice(addresses.communes(province)).code
    detail = f"Số {rng.randint(1, 300)}, {rng.choice(HAMLETS)} {rng.randint(1, 12)}"
    full_address = addresses.format_address(detail, province, commune)
    century_digit = (0 if year < 2000 else 2) + (1 if sex == Sex.FEMALE else 0)
    id_number = f"089{century_digit}{year % 100:02d}{rng.randrange(10**6):06d}"
    now = dt.datetime.now(dt.UTC)
    return {
        "id": uuid.uuid4(),
        "full_name": name,
        "name_key": _key(name),
        "sex": sex,
        "birth_date": None,
        "birth_year": year,
        "id_type": IdType.CCCD,
        "id_number": id_number,
        "old_id_number": "",
        "id_issue_date": None,
        "id_issue_place": "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
        "ethnicity": rng.choice(ETHNICITIES),
        "nationality": "Việt Nam",
        "phone": f"09{rng.randrange(10**8):08d}",
        "province_code": province,
        "commune_code": commune,
        "address_detail": detail,
        "address": full_address,
        "address_key": _key(full_address),
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }


_weighted = demo_cases.weighted


def _counters(session: Session, scope: str, years: set[int]) -> dict[int, int]:
    found = dict(session.execute(select(Counter.year, Counter.last_value).where(Counter.scope == scope)).all())
    return {year: found.get(year, 0) for year in years}


def _save_counters(session: Session, scope: str, counters: dict[int, int]) -> None:
    for year, last in counters.items():
        counter = session.get(Counter, (scope, year))
        if counter is None:
            session.add(Counter(scope=scope, year=year, last_value=last))
        else:
            counter.last_value = last
    session.flush()


def _bulk(session: Session, loader: Loader, model: type[Base], rows: list[dict[str, Any]], outbox: bool) -> None:
    """Straight to the driver in chunks (demo.bulk); on an office-mode desk the same rows go to the outbox."""
    connection = session.connection()
    versioned = "version" in cast("Table", model.__table__).c
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        loader.insert(model, chunk)  # a row without a version takes the column's default, 1
        if outbox:
            # Every shared row starts at version 1 (db.base.Versioned); the payload must say so too.
            chunk = [{"version": 1, **row} for row in chunk] if versioned else chunk
            now = dt.datetime.now(dt.UTC)
            connection.execute(
                insert(OutboxEntry),
                [
                    {
                        "entity": model.__tablename__,
                        "entity_id": row["id"],
                        "op": ChangeOp.INSERT,
                        "version": row.get("version", 1),
                        "payload": payload(model(**row)),
                        "created_at": now,
                    }
                    for row in chunk
                ],
            )
