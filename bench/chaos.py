"""Benchmark: three desk processes save visits while a loopback proxy cuts their link at random.

Goal: three desk processes each save 1,000 visits while the proxy cuts the link at random moments
for a bounded time; at the end, the server count, duplicates (goal 0), missing (goal 0) and number
collisions (goal 0). It stops by itself.

Among the normal traffic, every desk writes poisoned records (POISON_EVERY): a citizen whose name is
300 characters or whose ID number is 40, inside a visit, or a citizen alone with a NUL byte in the
address, written straight into its SQLite through the ORM past the validation (tests/helpers/poison.py).
The server refuses them; each must be set aside with what depends on it (its visit) while everything
else flows. They are counted, listed by reason, and left out of "every desk equal to the server".

The desks also edit the same records at once (EDIT_EVERY, CALENDAR_EVERY): before they start, D01
registers SHARED_CITIZENS citizens and declares SHARED_DAY off, and every desk pulls them; then each
desk's visits bring those citizens back now and then with a new phone number (the citizen record is
brought up to date, so three desks update one row concurrently), and now and then it renames the
shared day off. At the end every desk must hold the server's version of each shared record, every
phone typed must be on the server in its visit (as given that day), and each desk's last edit of
each shared record must have reached the server or be waiting in a conflict for a person.

Run: .venv/bin/python bench/chaos.py [--visits 1000] [--seed 1] [--chaos-max 60] [--time-limit 300] [--no-kill]

Each desk (D01, D02, D03) is an office-mode desk in its own temporary data folder, joined to a private
schema (bench_<pid>_chaos in database ``test``) through tests/helpers/tcpproxy.py's TcpProxy, and
runs as its own process: it saves its visits with register_visit, one transaction each, and calls
sync.sync_once every 50 visits, carrying on offline when that fails. Meanwhile this process cuts
the proxy at random moments (random.Random(seed)) for random short spells, for at most
``--chaos-max`` seconds, then restores it; each desk then syncs until its outbox is empty (bounded
retries). Once, one desk is SIGKILLed in the middle of a push (after the server's COMMIT, before
the desk's acknowledgement, the riskiest moment) and started again on the same data folder.
Then every desk syncs once more (pulling the others' visits) and the server is checked. Exit status
1 when a goal is missed, 2 when the time limit was reached.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import _office
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from db.models import CalendarDay, Citizen, Desk, OutboxEntry, ServerChange, SyncConflict, Visit, VisitParticipant
from db.session import make_engine
from desktop.core.access import Actor
from desktop.core.cases.due_dates import save_day
from desktop.core.database import Database, open_database
from desktop.core.office_mode import sync
from desktop.core.office_mode.conflicts import list_conflicts
from desktop.core.reception.visits import register_visit
from desktop.core.stats import refused
from tests.helpers import poison
from tests.helpers.tcpproxy import TcpProxy

# The benchmark saves visits as an administrator would (rights are not what it measures).
BENCH = Actor(user_id=uuid.UUID(int=1), username="bench", role="admin")

DESKS = ("D01", "D02", "D03")
SYNC_EVERY = 50
FINAL_ATTEMPTS = 60  # final syncs of one desk, 0.5 s apart at least
UP_S = (0.3, 2.5)  # the link stays up this long between cuts (uniform)
DOWN_S = (0.1, 2.0)  # and is down this long
KILL_AFTER_S = (1.0, 4.0)  # when the kill is asked for, after the desks start
KILL_WAIT_S = 15.0  # how long to wait for the desk to reach the middle of a push before killing anyway
PAUSE_S = 0.005  # between two visits of a desk (a receptionist is slower still)
KILL_REQUEST = "kill-request"
IN_PUSH = "in-push"
POISON_EVERY = 100  # one poisoned record among this many visits of a desk
POISONS = ("long_name", "nul_address", "long_id")  # long_name and long_id come inside a visit
EDIT_EVERY = 25  # one visit in this many brings a shared citizen back with a new phone number
CALENDAR_EVERY = 100  # one visit in this many, the desk renames the shared day off as well
SHARED_CITIZENS = 4
SHARED_DAY = dt.date(2026, 12, 24)
SHARED_PREFIX = "0891859990"  # the shared citizens' CCCD numbers: no desk's own visits use it


class TimeLimitError(Exception):
    """The whole run's hard time limit was reached."""


# -- a desk process -----------------------------------------------------------------------------


def desk_main(code: str, folder: Path, visits: int, deadline: float, number: int) -> int:
    """Save visits until this desk holds ``visits`` of its own (resuming after a kill), then sync out."""
    signal.signal(signal.SIGALRM, _time_up)
    signal.alarm(max(1, int(deadline - time.time()) + 5))
    database = open_database(data_dir=folder)
    stats: dict[str, Any] = {"desk": code, "syncs_ok": 0, "errors": defaultdict(int), "messages": {}, "complete": False}

    def sync_now() -> bool:
        try:
            sync.sync_once(database, code, hook=lambda stage: _maybe_hold(folder, stage))
        except Exception as exc:  # the desk keeps working offline, whatever the failure
            stats["errors"][type(exc).__name__] += 1
            stats["messages"].setdefault(type(exc).__name__, str(exc).splitlines()[0][:300] if str(exc) else "")
            return False
        stats["syncs_ok"] += 1
        return True

    try:
        saved = own_count(database, code)
        while saved < visits and time.time() < deadline:
            save_visit(database, code, saved, number)
            saved += 1
            if saved % SYNC_EVERY == 0:
                sync_now()
            time.sleep(PAUSE_S)
        for _ in range(FINAL_ATTEMPTS):
            if time.time() >= deadline:
                break
            if sync_now() and sync.status(database).pending == 0:
                stats["complete"] = saved >= visits
                break
            time.sleep(0.5)
        stats.update(
            saved=own_count(database, code), pending=sync.status(database).pending, out_of_time=time.time() >= deadline
        )
    finally:
        database.dispose()
    print(json.dumps(stats), flush=True)
    return 0 if stats["complete"] else 3


def save_visit(database: Database, code: str, n: int, number: int) -> None:
    """The desk's ``n``-th visit: a valid one, now and then with a poisoned record (in it or beside it)."""
    fault = POISONS[(n // POISON_EVERY) % len(POISONS)] if n % POISON_EVERY == POISON_EVERY // 2 else ""
    key = number * 10_000 + n  # distinct ID numbers on every desk
    if fault and fault != "nul_address":
        poison.save_poisoned_visit(database, code, fault, n=key)
        return
    draft = _office.draft(n, number)
    if n % EDIT_EVERY == EDIT_EVERY // 4:  # a shared citizen comes back, with a new phone number
        citizen = shared_citizen(shared_index(n), phone=edit_phone(number, n))
        draft = replace(draft, participants=(replace(draft.participants[0], citizen=citizen),))
    with database.sessions.begin() as session:
        register_visit(session, draft, desk_code=code, actor=BENCH)
        if n % CALENDAR_EVERY == CALENDAR_EVERY * 4 // 5:
            save_day(session, BENCH, SHARED_DAY, is_day_off=True, name=day_name(code, n))
    if fault:
        poison.save_poisoned_citizen(database, fault, n=key)


def shared_index(n: int) -> int:
    return (n // EDIT_EVERY) % SHARED_CITIZENS


def edit_phone(number: int, n: int) -> str:
    """The phone number desk ``number`` types at its ``n``-th visit (one per edit, never twice)."""
    return f"09{number}{n:07d}"


def day_name(code: str, n: int) -> str:
    return f"Nghỉ bù Giáng sinh ({code}, lần {n})"


def shared_citizen(k: int, phone: str = "0912345678") -> Any:
    citizen = _office.draft(0).participants[0].citizen
    return replace(citizen, id_number=f"{SHARED_PREFIX}{k:02d}", phone=phone, address_detail=f"Số {k + 1}, ấp Chung")


def edits_made(number: int, visits: int) -> dict[int, list[str]]:
    """The phones desk ``number`` types for each shared citizen, in order, over ``visits`` visits."""
    made: dict[int, list[str]] = defaultdict(list)
    for n in range(visits):
        if n % EDIT_EVERY == EDIT_EVERY // 4 and not _poisoned_visit(n):
            made[shared_index(n)].append(edit_phone(number, n))
    return made


def _poisoned_visit(n: int) -> bool:
    fault = POISONS[(n // POISON_EVERY) % len(POISONS)] if n % POISON_EVERY == POISON_EVERY // 2 else ""
    return bool(fault) and fault != "nul_address"


def share_records(desks: list[DeskProcess]) -> None:
    """D01 registers the shared citizens and declares the shared day; every desk pulls them (link up)."""
    first = open_database(data_dir=desks[0].folder)
    try:
        with first.sessions.begin() as session:
            for k in range(SHARED_CITIZENS):
                draft = _office.draft(900_000 + k)
                register_visit(
                    session,
                    replace(draft, participants=(replace(draft.participants[0], citizen=shared_citizen(k)),)),
                    desk_code=desks[0].code,
                    actor=BENCH,
                )
            save_day(session, BENCH, SHARED_DAY, is_day_off=True, name="Nghỉ bù Giáng sinh")
        sync.sync_once(first, desks[0].code)
    finally:
        first.dispose()
    for desk in desks[1:]:
        database = open_database(data_dir=desk.folder)
        try:
            sync.sync_once(database, desk.code)
        finally:
            database.dispose()


def _maybe_hold(folder: Path, stage: str) -> None:
    """When asked to, stop between the server's COMMIT and the acknowledgement, and wait to be killed."""
    if stage == "push.after_server_commit" and (folder / KILL_REQUEST).exists():
        (folder / IN_PUSH).touch()
        time.sleep(KILL_WAIT_S)


def own_count(database: Database, code: str) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(Visit).join(Desk).where(Desk.code == code)) or 0


def _time_up(_signum: int, _frame: object) -> None:
    raise TimeLimitError


# -- the parent: desks, chaos, checks -----------------------------------------------------------


@dataclass
class DeskProcess:
    code: str
    folder: Path
    number: int
    command: list[str]
    process: subprocess.Popen[bytes] | None = None
    runs: int = 0
    outputs: list[Path] = field(default_factory=list)

    def start(self) -> None:
        self.runs += 1
        output = self.folder.parent / f"{self.code}-run{self.runs}.out"
        self.outputs.append(output)
        with output.open("wb") as sink:
            self.process = subprocess.Popen(self.command, stdout=sink, stderr=subprocess.STDOUT)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        if self.alive():
            assert self.process is not None
            self.process.kill()  # SIGKILL, this very process only
            self.process.wait(timeout=10)

    def summary(self) -> dict[str, Any]:
        """The last run's JSON line (empty when it died before printing it)."""
        for line in reversed(self.outputs[-1].read_text(errors="replace").splitlines()):
            if line.startswith("{"):
                return json.loads(line)
        return {}

    def log_tail(self) -> str:
        return "\n".join(self.outputs[-1].read_text(errors="replace").splitlines()[-15:])


@dataclass
class Chaos:
    cuts: int = 0
    down_s: float = 0.0
    span_s: float = 0.0
    kill: str = "not asked for"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=1000, help="visits per desk")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chaos-max", type=float, default=60.0, help="seconds of cuts at most")
    parser.add_argument("--time-limit", type=float, default=300.0, help="hard limit of the whole run (s)")
    parser.add_argument("--no-kill", action="store_true", help="do not SIGKILL a desk mid-push")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--deadline", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--number", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return desk_main(args.child, Path(args.folder), args.visits, args.deadline, args.number)
    return parent_main(args)


def parent_main(args: argparse.Namespace) -> int:
    started = time.time()
    deadline = started + args.time_limit
    signal.signal(signal.SIGALRM, _time_up)
    signal.alarm(int(args.time_limit) + 1)  # the backstop: every loop below also watches the deadline
    schema = f"bench_{os.getpid()}_chaos"
    desks: list[DeskProcess] = []
    proxy: TcpProxy | None = None
    timed_out = False
    try:
        with tempfile.TemporaryDirectory(prefix="tiepdan-bench-chaos-", ignore_cleanup_errors=True) as temp:
            try:
                url = _office.create_schema(schema)
                proxy = TcpProxy()
                work_deadline = deadline - min(30.0, args.time_limit / 4)  # the rest is for the checks
                desks = make_desks(Path(temp), proxy.url(url), args, work_deadline)
                share_records(desks)
                chaos = run_chaos(desks, proxy, args, work_deadline)
                timed_out = any(desk.alive() for desk in desks)
                proxy.restore()
                for desk in desks:
                    desk.kill()
                results = final_checks(desks, url, deadline)
            finally:
                signal.alarm(0)
                for desk in desks:  # before the data folders go
                    with contextlib.suppress(Exception):
                        desk.kill()
            timed_out = timed_out or any(info["summary"].get("out_of_time") for info in results["desks"].values())
            print_report(desks, results, chaos=chaos, args=args, seconds=time.time() - started, timed_out=timed_out)
            missed = [name for name, (_value, _goal, met) in results["goals"].items() if not met]
            return 2 if timed_out else (1 if missed else 0)
    except TimeLimitError:
        print(f"TIME LIMIT of {args.time_limit:.0f} s reached: desks killed, no verdict")
        return 2
    finally:
        signal.alarm(0)
        if proxy is not None:
            proxy.close()
        _office.drop_schema(schema)


def make_desks(temp: Path, proxy_url: str, args: argparse.Namespace, deadline: float) -> list[DeskProcess]:
    """Join each desk through the proxy (link up) in this process; the desk processes start later."""
    desks = []
    for number, code in enumerate(DESKS, start=1):
        folder = temp / code
        _office.make_desk(folder, proxy_url, code).dispose()
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            code,
            "--folder",
            str(folder),
            "--visits",
            str(args.visits),
            "--deadline",
            f"{deadline:.3f}",
            "--number",
            str(number),
        ]
        desks.append(DeskProcess(code, folder, number, command))
    return desks


def run_chaos(desks: list[DeskProcess], proxy: TcpProxy, args: argparse.Namespace, deadline: float) -> Chaos:
    """Start the desks, cut the link at random while they work (bounded), kill one once, wait for all."""
    rng = random.Random(args.seed)
    chaos = Chaos()
    victim = rng.choice(desks) if not args.no_kill else None
    kill_at = time.monotonic() + rng.uniform(*KILL_AFTER_S)
    for desk in desks:
        desk.start()
    began = time.monotonic()
    chaos_end = began + args.chaos_max
    while any(desk.alive() for desk in desks) and time.monotonic() < chaos_end and time.time() < deadline:
        _wait(rng.uniform(*UP_S), chaos_end, desks)
        if victim is not None and chaos.kill == "not asked for" and time.monotonic() >= kill_at:
            chaos.kill = kill_mid_push(victim)
        if not any(desk.alive() for desk in desks) or time.monotonic() >= chaos_end:
            break
        down = rng.uniform(*DOWN_S)
        proxy.cut()
        chaos.cuts += 1
        _wait(down, chaos_end, desks)
        proxy.restore()
        chaos.down_s += down
    proxy.restore()
    chaos.span_s = time.monotonic() - began
    if victim is not None and chaos.kill == "not asked for":
        chaos.kill = kill_mid_push(victim) if victim.alive() else f"{victim.code} finished before the kill"
    while any(desk.alive() for desk in desks) and time.time() < deadline:
        time.sleep(0.2)
    return chaos


def _wait(seconds: float, until: float, desks: list[DeskProcess]) -> None:
    end = min(time.monotonic() + seconds, until)
    while time.monotonic() < end and any(desk.alive() for desk in desks):
        time.sleep(0.02)


def kill_mid_push(desk: DeskProcess) -> str:
    """Ask the desk to stop after its next server COMMIT, SIGKILL it there, and start it again."""
    request, marker = desk.folder / KILL_REQUEST, desk.folder / IN_PUSH
    request.touch()
    end = time.monotonic() + KILL_WAIT_S
    while time.monotonic() < end and desk.alive() and not marker.exists():
        time.sleep(0.01)
    where = "after the server's COMMIT, before the acknowledgement" if marker.exists() else "at a random moment"
    if not desk.alive():
        request.unlink(missing_ok=True)
        return f"{desk.code} finished before the kill"
    desk.kill()
    request.unlink(missing_ok=True)
    marker.unlink(missing_ok=True)
    database = open_database(data_dir=desk.folder)
    try:
        saved, pending = own_count(database, desk.code), sync.status(database).pending
    finally:
        database.dispose()
    desk.start()
    return f"{desk.code} SIGKILLed {where} ({saved} saved, {pending} pending), restarted"


def final_checks(desks: list[DeskProcess], url: str, deadline: float) -> dict[str, Any]:
    """One more sync of each desk (link up), then the desks' local records against the server's."""
    local: dict[str, dict[str, str]] = {}  # desk -> serial -> id, of the visits the desk saved itself
    per_desk: dict[str, dict[str, Any]] = {}
    for desk in desks:
        database = open_database(data_dir=desk.folder)
        try:
            pending_before = sync.status(database).pending
            for _ in range(5):
                if time.time() >= deadline:
                    break
                try:
                    sync.sync_once(database, desk.code)
                    break
                except Exception as exc:
                    print(f"final sync of {desk.code} failed: {type(exc).__name__}: {exc}")
                    time.sleep(1)
            with database.sessions() as session:
                rows = session.execute(select(Visit.serial, Visit.id, Desk.code).join(Desk)).all()
            local[desk.code] = {row.serial: str(row.id) for row in rows if row.code == desk.code}
            per_desk[desk.code] = {
                "local_total": len(rows),
                "pending_before": pending_before,
                "pending": sync.status(database).pending,
                "summary": desk.summary(),
                "runs": desk.runs,
                **refusals(database),
            }
        finally:
            database.dispose()
    shared = {desk.code: desk_shared(desk, deadline) for desk in desks}  # once more: the others' last edits
    engine = make_engine(url)  # straight to the server, not through the proxy
    try:
        with Session(engine) as session:
            on_server = shared_state(session)
            typed = Counter(
                session.scalars(
                    select(VisitParticipant.phone).where(VisitParticipant.id_number.startswith(SHARED_PREFIX))
                )
            )
            logged_phones = {
                (str(change.entity_id), str(change.payload.get("phone")))
                for change in session.scalars(
                    select(ServerChange).where(ServerChange.entity == "citizen", ServerChange.op == "update")
                )
            }
        with engine.connect() as connection:
            server_rows = connection.execute(select(Visit.serial, Visit.id)).all()
            orphans = connection.execute(
                text(
                    "SELECT count(*) FROM visit v WHERE NOT EXISTS "
                    "(SELECT 1 FROM visit_participant p WHERE p.visit_id = v.id) "
                    "OR (SELECT count(*) FROM received_document d WHERE d.visit_id = v.id) <> 2"
                )
            ).scalar_one()
            logged = connection.execute(
                text("SELECT count(*) FROM server_change WHERE entity = 'visit' AND op = 'insert'")
            ).scalar_one()
    finally:
        engine.dispose()
    results = check(desks, local=local, per_desk=per_desk, server_rows=server_rows, orphans=orphans, logged=logged)
    results["goals"].update(check_shared(desks, shared, on_server, typed, logged_phones))
    results["shared"] = shared
    return results


def desk_shared(desk: DeskProcess, deadline: float) -> dict[str, Any]:
    """One more sync of the desk, then its copy of the shared records and the conflicts it shows."""
    database = open_database(data_dir=desk.folder)
    try:
        if time.time() < deadline:
            with contextlib.suppress(Exception):
                sync.sync_once(database, desk.code)
        with database.sessions() as session:
            conflicts = list_conflicts(session, actor=BENCH)
            in_conflict = {
                (str(row.entity_id), str(row.desk_payload.get("phone")))
                for row in session.scalars(
                    select(SyncConflict).where(SyncConflict.entity == "citizen", SyncConflict.resolved_at.is_(None))
                )
            }
            return {
                "state": shared_state(session),
                "conflicts": dict(Counter(conflict.entity for conflict in conflicts)),
                "in_conflict": in_conflict,
            }
    finally:
        database.dispose()


def shared_state(session: Any) -> dict[str, Any]:
    """The shared records as this database holds them: version and the fields the desks edit."""
    citizens = session.execute(
        select(Citizen.id_number, Citizen.id, Citizen.version, Citizen.phone, Citizen.full_name, Citizen.address)
        .where(Citizen.id_number.startswith(SHARED_PREFIX))
        .order_by(Citizen.id_number)
    ).all()
    day = session.execute(
        select(CalendarDay.version, CalendarDay.name, CalendarDay.is_day_off).where(CalendarDay.day == SHARED_DAY)
    ).one_or_none()
    return {
        "citizens": [
            (row.id_number, str(row.id), row.version, row.phone, row.full_name, row.address) for row in citizens
        ],
        "day": tuple(day) if day else None,
    }


def check_shared(
    desks: list[DeskProcess],
    shared: dict[str, dict[str, Any]],
    on_server: dict[str, Any],
    typed: Counter[str],
    logged_phones: set[tuple[str, str]],
) -> dict[str, tuple[int, int, bool]]:
    """The records every desk edited at once: one version everywhere, no phone typed lost, no edit dropped."""
    per_visits = int(desks[0].command[desks[0].command.index("--visits") + 1])
    made = {desk.code: edits_made(desk.number, per_visits) for desk in desks}
    phones = Counter(phone for edits in made.values() for phones_ in edits.values() for phone in phones_)
    ids = {row[0]: row[1] for row in on_server["citizens"]}
    last_edits = [
        (code, ids.get(f"{SHARED_PREFIX}{k:02d}", "?"), edits[-1])
        for code, by in made.items()
        for k, edits in by.items()
    ]
    kept = [
        (code, cid, phone)
        for code, cid, phone in last_edits
        if (cid, phone) in logged_phones or (cid, phone) in shared[code]["in_conflict"]
    ]
    equal = [code for code, info in shared.items() if info["state"] == on_server]
    return {
        "shared citizens on the server (one each)": (
            len(on_server["citizens"]),
            SHARED_CITIZENS,
            len(on_server["citizens"]) == SHARED_CITIZENS,
        ),
        "phones typed at returning visits, on server": (
            sum((typed & phones).values()),
            sum(phones.values()),
            typed & phones == phones,
        ),
        "last edits on server or in a conflict": (len(kept), len(last_edits), len(kept) == len(last_edits)),
        "desks equal to the server on shared records": (len(equal), len(desks), len(equal) == len(desks)),
    }


def refusals(database: Database) -> dict[str, Any]:
    """What the desk set aside, and the poisoned citizens it holds (the ones the server must refuse)."""
    with database.sessions() as session:
        rows = session.execute(
            select(
                OutboxEntry.entity, OutboxEntry.entity_id, OutboxEntry.rejected_reason, OutboxEntry.rejected_because
            ).where(refused())
        ).all()
        citizens = session.execute(select(Citizen.id, Citizen.full_name, Citizen.address_detail, Citizen.id_number))
        poisoned = {
            str(row.id)
            for row in citizens
            if len(row.full_name) > 200 or "\x00" in row.address_detail or len(row.id_number) > 20
        }
    culprits = [row for row in rows if row.rejected_because is None]
    return {
        "refused": len(rows),
        "refused_visits": {str(row.entity_id) for row in rows if row.entity == "visit"},
        "culprits": {str(row.entity_id) for row in culprits},
        "poisoned": poisoned,
        "reasons": dict(Counter(row.rejected_reason for row in culprits)),
    }


def check(
    desks: list[DeskProcess],
    *,
    local: dict[str, dict[str, str]],
    per_desk: dict[str, dict[str, Any]],
    server_rows: list[Any],
    orphans: int,
    logged: int,
) -> dict[str, Any]:
    server = [(row.serial, str(row.id)) for row in server_rows]
    server_ids = {sid for _, sid in server}
    server_serials = {serial for serial, _ in server}
    saved = {(serial, vid) for visits in local.values() for serial, vid in visits.items()}
    ids_by_serial: dict[str, set[str]] = defaultdict(set)
    for serial, vid in saved | set(server):
        ids_by_serial[serial].add(vid)
    held = {vid for info in per_desk.values() for vid in info["refused_visits"]}  # set aside with a poisoned record
    missing = {(serial, vid) for serial, vid in saved if vid not in server_ids and vid not in held}
    for code, visits in local.items():
        per_desk[code]["saved"] = len(visits)
        per_desk[code]["on_server"] = sum(1 for vid in visits.values() if vid in server_ids)
        per_desk[code]["missing"] = sum(1 for vid in visits.values() if vid not in server_ids and vid not in held)
    per_visits = int(desks[0].command[desks[0].command.index("--visits") + 1])
    expected = len(desks) * per_visits - len(held)
    server_total = len(server)
    not_aside = sum(len(info["poisoned"] - info["culprits"]) for info in per_desk.values())
    wrongly = sum(len(info["culprits"] - info["poisoned"]) for info in per_desk.values())
    goals = {
        "server visits (all saved but the refused)": (server_total, expected, server_total == expected),
        "duplicate ids on the server": (server_total - len(server_ids), 0, server_total == len(server_ids)),
        "duplicate serials on the server": (
            server_total - len(server_serials),
            0,
            server_total == len(server_serials),
        ),
        "missing (saved on a desk, not on server)": (len(missing), 0, not missing),
        "number collisions (a serial, 2+ ids)": (
            sum(1 for ids in ids_by_serial.values() if len(ids) > 1),
            0,
            all(len(ids) == 1 for ids in ids_by_serial.values()),
        ),
        "server visits no desk saved": (
            len(server_ids - {vid for _, vid in saved}),
            0,
            server_ids <= {v for _, v in saved},
        ),
        "visits without their participant/documents": (orphans, 0, orphans == 0),
        "change-log rows for visit inserts": (logged, expected, logged == expected),
        "refused visits found on the server": (len(held & server_ids), 0, not held & server_ids),
        "poisoned records not set aside": (not_aside, 0, not_aside == 0),
        "set aside though not poisoned": (wrongly, 0, wrongly == 0),
        "desks saved all their visits": (
            sum(1 for info in per_desk.values() if info["saved"] == per_visits),
            len(desks),
            all(info["saved"] == per_visits for info in per_desk.values()),
        ),
        "desks whose outbox is empty": (
            sum(1 for info in per_desk.values() if info["pending"] == 0),
            len(desks),
            all(info["pending"] == 0 for info in per_desk.values()),
        ),
        "desks equal to the server (but their refused)": (
            sum(1 for info in per_desk.values() if _equal(info, server_total)),
            len(desks),
            all(_equal(info, server_total) for info in per_desk.values()),
        ),
    }
    return {"goals": goals, "desks": per_desk}


def _equal(info: dict[str, Any], server_total: int) -> bool:
    """The desk holds every server visit, and beyond them only its own visits set aside."""
    return info["local_total"] == server_total + len(info["refused_visits"])


def print_report(
    desks: list[DeskProcess],
    results: dict[str, Any],
    *,
    chaos: Chaos,
    args: argparse.Namespace,
    seconds: float,
    timed_out: bool,
) -> None:
    print(
        f"{len(desks)} desks x {args.visits:,} visits, seed {args.seed}; link cut {chaos.cuts} times, "
        f"{chaos.down_s:.1f} s down in {chaos.span_s:.1f} s of chaos (max {args.chaos_max:.0f} s); "
        f"whole run {seconds:.1f} s"
    )
    print(f"kill: {chaos.kill}")
    if timed_out:
        print("TIME LIMIT reached before the desks were done: they were stopped (exit status 2)")
    print()
    row = "{:<6}{:>7}{:>8}{:>11}{:>9}{:>10}{:>10}{:>11}{:>10}  {}".format
    print(
        row(
            "desk",
            "runs",
            "saved",
            "on server",
            "missing",
            "pending*",
            "pending",
            "local all",
            "syncs ok",
            "sync errors",
        )
    )
    print("-" * 100)
    for desk in desks:
        info = results["desks"][desk.code]
        summary = info["summary"]
        errors = ", ".join(f"{name} {count}" for name, count in sorted(summary.get("errors", {}).items())) or "-"
        print(
            row(
                desk.code,
                info["runs"],
                f"{info['saved']:,}",
                f"{info['on_server']:,}",
                info["missing"],
                info["pending_before"],
                info["pending"],
                f"{info['local_total']:,}",
                summary.get("syncs_ok", "?"),
                errors,
            )
        )
    print("pending* = outbox entries left when the desk process ended (last run), before the final sync")
    print()
    print("{:<46}{:>10}{:>10}{:>10}".format("check", "value", "goal", "result"))
    print("-" * 76)
    for name, (value, goal, met) in results["goals"].items():
        print(f"{name:<46}{value:>10,}{goal:>10,}{'met' if met else 'MISSED':>10}")
    messages = {
        name: message
        for desk in desks
        for name, message in results["desks"][desk.code]["summary"].get("messages", {}).items()
    }
    for name, message in sorted(messages.items()):
        print(f"{name}, e.g.: {message}")
    for desk in desks:
        if not results["desks"][desk.code]["summary"]:
            print(f"\n{desk.code}'s last run printed no summary; its output ends with:\n{desk.log_tail()}")
    print()
    refused_total = 0
    for desk in desks:
        info = results["desks"][desk.code]
        refused_total += info["refused"]
        reasons = ", ".join(f"{reason} x{count}" for reason, count in sorted(info["reasons"].items())) or "-"
        print(
            f"{desk.code} refused by the server and listed: {info['refused']} changes, "
            f"{len(info['refused_visits'])} visits; poisoned records {len(info['poisoned'])}: {reasons}"
        )
    made = sum(len(phones) for desk in desks for phones in edits_made(desk.number, args.visits).values())
    print(
        f"shared records edited on every desk at once: {SHARED_CITIZENS} citizens ({made} returning visits with a "
        f"new phone) and the day off {SHARED_DAY:%d/%m/%Y} (renamed every {CALENDAR_EVERY} visits of each desk)"
    )
    for desk in desks:
        info = results["shared"][desk.code]
        conflicts = ", ".join(f"{entity} {count}" for entity, count in sorted(info["conflicts"].items())) or "none"
        print(f"{desk.code} conflicts waiting for a person: {conflicts}")
    missed = [name for name, (_value, _goal, met) in results["goals"].items() if not met]
    if missed:
        print(f"verdict: MISSED {', '.join(missed)}")
    else:
        print(
            "verdict: nothing lost, nothing duplicated, every desk equal to the server "
            f"(except {refused_total} changes the server refused, set aside and listed above; "
            "concurrent edits: every desk at the server's version, each last edit kept or in a conflict)"
        )


if __name__ == "__main__":
    raise SystemExit(main())
