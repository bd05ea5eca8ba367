"""The audit trail: every change of personal data and cases, and every protected read, hash-chained.

Changes are recorded by themselves: a session event (``after_flush``) appends one ``AuditEvent`` per
row inserted, updated or deleted in ``AUDITED_TABLES``, naming the actor of the session
(``desktop.core.access.current_actor``). Reads, prints and exports are recorded by the code that
makes them (``record_read``, ``record_action``). Each event carries the hash of the one before it in
its chain: one chain per desk code and installation, numbered by the desk's own counter, so that
desks working apart never fork one chain (docs/audit.md). ``verify_chain`` walks every chain.

The events hold personal data (before/after): they live in the 0600 data folder and are never
logged; a verify report names desks, numbers and event ids only.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, event, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.attributes import instance_state

from db.models import AuditEvent, Counter, LocalSetting
from db.sync import json_value
from desktop.core.access import Actor, current_actor
from desktop.core.confidentiality import MASKED_NAME, MASKED_TEXT, withheld_ids
from desktop.core.formatting import VN_TZ, day_start
from desktop.core.i18n import _
from desktop.core.permissions import require
from desktop.core.private_files import open_private, open_private_text
from desktop.core.settings_keys import Setting

# The tables whose every insert, update and delete is an audit event, and why.
AUDITED_TABLES: Mapping[str, str] = {
    "citizen": "a person's identity: name, ID number, address, phone",
    "citizen_change": "a person's identity as it was before a save changed it",
    "visit": "the reception book: who came, what they asked, the denunciations received",
    "visit_participant": "the people of a visit as given that day: names, ID numbers, addresses",
    "received_document": "the papers a citizen handed in",
    "petition": "the petition register and its content",
    "petition_sender": "the people who sent a petition, a denouncer's identity included",
    "case_file": "a case: who handles it, its state and its decision",
    "case_event": "each step of a case",
    "case_result": "how a case ended: its finding, dates and the day it was carried out",
    "case_figure": "the money, land and people a case's result names",
    "leader_conclusion": "a leader's reception and its conclusion",
    "issued_document": "every slip and letter issued, with its recipient",
    "correction": "each corrective step on a visit, a petition decision or a letter: who, when, why, what changed",
    "app_user": "the users of the desk: who may read and change all of the above",
}
# Office profile, signers, desks, fields of law and the calendar hold no personal data and are
# configuration; the server's change log keeps their history (docs/sync.md).

ACTIONS = ("create", "update", "delete", "read", "print", "export", "login")
GENESIS = "0" * 64  # the prev_hash of a chain's first event
COUNTER_YEAR = 0  # an audit chain never starts again with the year
NOT_RECORDED = frozenset({"id", "version"})  # the record id is the event's own column; version is plumbing
_SECRET = re.compile(r"password|secret|(^|_)(hash|salt)$")  # a secret's change is recorded, never its value
HIDDEN = "***"
NO_AUDIT = "no_audit"  # session.info key: set only by code that copies rows already audited elsewhere
HASHED_FIELDS = (
    "id",
    "chain_id",
    "desk_code",
    "seq",
    "occurred_at",
    "actor_id",
    "actor_username",
    "action",
    "entity",
    "record_id",
    "before",
    "after",
    "prev_hash",
)


class AppendOnlyError(RuntimeError):
    """Code tried to update or delete an audit event: a bug, never a user's doing."""


# --- writing ------------------------------------------------------------------------------------


def record_read(
    session: Session,
    actor: Actor,
    *,
    table: str,
    record_id: uuid.UUID | None,
    what: str | Sequence[str] | Mapping[str, object],
) -> None:
    """An audit event: ``actor`` read ``what`` (the fields shown, or words) of a record of ``table``.

    Written in the caller's transaction: it commits with it, or not at all.
    """
    record_action(session, actor, "read", table=table, record_id=record_id, what=what)


def record_action(
    session: Session,
    actor: Actor,
    action: str,
    *,
    table: str = "",
    record_id: uuid.UUID | None = None,
    what: str | Sequence[str] | Mapping[str, object] | None = None,
) -> None:
    """An audit event other than a change: a read, a print, an export, a login (``ACTIONS``)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    content: object = what if isinstance(what, str | Mapping) or what is None else list(what)
    after = _json({"what": content}) if content not in (None, "", []) else ""
    _Appender(session).append(actor, action=action, entity=table, record_id=record_id, before="", after=after)


@event.listens_for(Session, "before_flush")
def _refuse_rewrites(session: Session, _context: UOWTransaction, _instances: object) -> None:
    for obj in session.deleted:
        if isinstance(obj, AuditEvent):
            raise AppendOnlyError("audit events are append-only: one was about to be deleted")
    for obj in session.dirty:
        if isinstance(obj, AuditEvent) and session.is_modified(obj, include_collections=False):
            raise AppendOnlyError("audit events are append-only: one was about to be changed")


@event.listens_for(Session, "after_flush")
def _capture(session: Session, _context: UOWTransaction) -> None:
    """One audit event per audited row just written; they go in with the next flush (commit loops)."""
    if session.info.get(NO_AUDIT):
        return
    changes: list[tuple[str, Any, str, str]] = []
    for obj in _ordered(session.new):
        changes.append(("create", obj, "", _json(_present(obj))))
    for obj in _ordered(session.dirty):
        if session.is_modified(obj, include_collections=False):
            old, new = _changed(obj)
            if old or new:
                changes.append(("update", obj, _json(old), _json(new)))
    for obj in _ordered(session.deleted):
        changes.append(("delete", obj, _json(_present(obj)), ""))
    if not changes:
        return
    items = [
        (action, obj.__tablename__, instance_state(obj).dict.get("id"), old_text, new_text)
        for action, obj, old_text, new_text in changes
    ]
    _Appender(session).append_all(current_actor(session), items)


def _ordered(objects: Iterable[object]) -> list[Any]:
    audited = [obj for obj in objects if getattr(obj, "__tablename__", None) in AUDITED_TABLES]
    return sorted(audited, key=lambda obj: (obj.__tablename__, str(instance_state(obj).dict.get("id"))))


def _columns(obj: Any) -> list[str]:
    return [attr.key for attr in instance_state(obj).mapper.column_attrs if attr.key not in NOT_RECORDED]


def _shown(key: str, value: object) -> object:
    if value is None:
        return None
    return HIDDEN if _SECRET.search(key) else json_value(value)


def _present(obj: Any) -> dict[str, object]:
    """The row's loaded values, empty ones left out (an insert or a delete)."""
    loaded = instance_state(obj).dict
    return {key: _shown(key, loaded[key]) for key in _columns(obj) if loaded.get(key) not in (None, "")}


def _changed(obj: Any) -> tuple[dict[str, object], dict[str, object]]:
    """The changed columns only, before and after."""
    state = instance_state(obj)
    before: dict[str, object] = {}
    after: dict[str, object] = {}
    for key in _columns(obj):
        history = state.attrs[key].history
        if not history.added and not history.deleted:
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new:
            continue
        before[key], after[key] = _shown(key, old), _shown(key, new)
    return before, after


def _json(values: Mapping[str, object]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str) if values else ""


def canonical(fields: Mapping[str, object]) -> bytes:
    """The bytes hashed for an event: its fields as sorted, compact JSON (UTF-8)."""
    return json.dumps(
        {name: fields[name] for name in HASHED_FIELDS}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode("utf-8")


def _field(value: object) -> object:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return value


def event_hash(fields: Mapping[str, object]) -> str:
    """SHA-256 of the canonical serialisation of ``fields`` (``HASHED_FIELDS``, prev_hash included)."""
    return hashlib.sha256(canonical({name: _field(fields[name]) for name in HASHED_FIELDS})).hexdigest()


class _Appender:
    """Appends events to this desk's chain inside the session's transaction.

    The chain's counter row is raised first (an upsert): on PostgreSQL it stays locked until the
    transaction ends, on SQLite the transaction holds the write lock (BEGIN IMMEDIATE), so two
    writers can never take the same number or chain onto the same event.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.connection = session.connection()
        self.chain: tuple[uuid.UUID, str] | None = None
        self.now = dt.datetime.now(dt.UTC)

    def append(
        self, actor: Actor, *, action: str, entity: str, record_id: uuid.UUID | None, before: str, after: str
    ) -> None:
        self.append_all(actor, [(action, entity, record_id, before, after)])

    def append_all(self, actor: Actor, items: Sequence[tuple[str, str, uuid.UUID | None, str, str]]) -> None:
        """The events of ``items`` (action, table, record id, before, after), numbered in one step."""
        if self.chain is None:
            self.chain = _chain(self.connection)
        chain_id, desk_code = self.chain
        last = _take(self.connection, chain_id, len(items))
        first = last - len(items) + 1
        prev = self._prev_hash(chain_id, first)
        for seq, (action, entity, record_id, before, after) in enumerate(items, start=first):
            fields: dict[str, object] = {
                "id": uuid.uuid4(),
                "chain_id": chain_id,
                "desk_code": desk_code,
                "seq": seq,
                "occurred_at": self.now,
                "actor_id": actor.user_id,
                "actor_username": actor.username,
                "action": action,
                "entity": entity,
                "record_id": record_id,
                "before": before,
                "after": after,
                "prev_hash": prev,
            }
            prev = event_hash(fields)
            self.session.add(AuditEvent(**fields, hash=prev))

    def _prev_hash(self, chain_id: uuid.UUID, seq: int) -> str:
        pending = [
            obj
            for obj in self.session.new
            if isinstance(obj, AuditEvent) and obj.chain_id == chain_id and obj.seq < seq
        ]
        if pending:
            return max(pending, key=lambda obj: obj.seq).hash
        found = self.connection.scalar(
            select(AuditEvent.hash)
            .where(AuditEvent.chain_id == chain_id, AuditEvent.seq < seq)
            .order_by(AuditEvent.seq.desc())
            .limit(1)
        )
        return found or GENESIS


def _dialect_insert(connection: Connection) -> Any:
    return postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert


def _setting(connection: Connection, key: Setting) -> str:
    return connection.scalar(select(LocalSetting.value).where(LocalSetting.key == key.value)) or ""


def _chain(connection: Connection) -> tuple[uuid.UUID, str]:
    """This desk's chain: its id and desk code. A new chain starts when the desk code changes."""
    desk_code = _setting(connection, Setting.DESK_CODE)
    stored = _setting(connection, Setting.AUDIT_CHAIN)
    found = _parse_chain(stored, desk_code)
    if found is not None:
        return found, desk_code
    # Compare-and-set: a writer that lost the race keeps the chain the winner made.
    fresh = f"{desk_code}:{uuid.uuid4()}"
    statement = _dialect_insert(connection)(LocalSetting).values(key=Setting.AUDIT_CHAIN.value, value=fresh)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["key"], set_={"value": fresh}, where=LocalSetting.value == stored
        )
    )
    chosen = _parse_chain(_setting(connection, Setting.AUDIT_CHAIN), desk_code)
    if chosen is None:  # another writer made a chain for another desk code meanwhile
        raise RuntimeError("the desk code changed while an audit event was written")
    return chosen, desk_code


def _parse_chain(stored: str, desk_code: str) -> uuid.UUID | None:
    code, _sep, chain = stored.rpartition(":")
    if not chain or code != desk_code:
        return None
    try:
        return uuid.UUID(chain)
    except ValueError:
        return None


def _scope(chain_id: uuid.UUID) -> str:
    return f"audit:{chain_id.hex}"  # 38 characters: the counter's scope holds 40


def _take(connection: Connection, chain_id: uuid.UUID, count: int) -> int:
    """Take ``count`` numbers of the chain, its counter row locked until the transaction ends; the last one."""
    statement = _dialect_insert(connection)(Counter).values(scope=_scope(chain_id), year=COUNTER_YEAR, last_value=count)
    statement = statement.on_conflict_do_update(
        index_elements=["scope", "year"], set_={"last_value": Counter.last_value + count}
    ).returning(Counter.last_value)
    return int(connection.execute(statement).scalar_one())


# --- verifying ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BrokenLink:
    """The first place a chain does not hold: ``problem`` is a code, ``seq`` the event number there.

    - ``edited``: the event's fields no longer give its hash (changed after it was written);
    - ``relinked``: the event does not point at the one before it (that one was changed or replaced);
    - ``missing``: events ``seq`` .. ``seq + count - 1`` are gone (deleted);
    - ``inserted``: the event lies beyond what this desk ever wrote (added afterwards).
    """

    problem: str
    seq: int
    event_id: uuid.UUID | None
    count: int = 1


@dataclass(frozen=True)
class ChainReport:
    chain_id: uuid.UUID
    desk_code: str
    events: int
    last_seq: int
    broken: BrokenLink | None

    @property
    def intact(self) -> bool:
        return self.broken is None


@dataclass(frozen=True)
class VerifyReport:
    chains: tuple[ChainReport, ...]

    @property
    def intact(self) -> bool:
        return all(chain.intact for chain in self.chains)

    @property
    def events(self) -> int:
        return sum(chain.events for chain in self.chains)


_VERIFY_BATCH = 2000


def describe(broken: BrokenLink) -> str:
    """The broken link in words for the desk (numbers only, never an event's content)."""
    if broken.problem == "edited":
        return _("event {seq} was changed after it was written").format(seq=broken.seq)
    if broken.problem == "relinked":
        return _("event {seq} does not follow event {prev}: that event was changed or replaced").format(
            seq=broken.seq, prev=broken.seq - 1
        )
    if broken.problem == "inserted":
        return _("event {seq} was added after the last event this desk wrote").format(seq=broken.seq)
    if broken.count == 1:
        return _("event {seq} is missing (deleted)").format(seq=broken.seq)
    return _("events {first} to {last} are missing (deleted)").format(
        first=broken.seq, last=broken.seq + broken.count - 1
    )


def verify_chain(session: Session) -> VerifyReport:
    """Walk every chain in seq order and report the first broken link of each.

    A chain this desk writes is also checked against its counter, so deleting the last events
    (or adding some after them) is seen too. Chains of other desks are checked as far as they go;
    their own desks hold the counters.
    """
    counters = {
        scope.removeprefix("audit:"): value
        for scope, value in session.execute(
            select(Counter.scope, Counter.last_value).where(
                Counter.scope.startswith("audit:"), Counter.year == COUNTER_YEAR
            )
        )
    }
    chains = session.execute(
        select(AuditEvent.chain_id, func.min(AuditEvent.desk_code), func.count()).group_by(AuditEvent.chain_id)
    ).all()
    reports = [
        _verify_one(session, chain_id, desk_code, count, counters.get(chain_id.hex))
        for chain_id, desk_code, count in chains
    ]
    seen = {report.chain_id.hex for report in reports}
    for chain, value in counters.items():  # a chain of this desk whose every event was deleted
        if chain not in seen and value > 0:
            reports.append(ChainReport(uuid.UUID(chain), "", 0, 0, BrokenLink("missing", 1, None, value)))
    return VerifyReport(tuple(sorted(reports, key=lambda report: (report.desk_code, str(report.chain_id)))))


def _verify_one(session: Session, chain_id: uuid.UUID, desk_code: str, count: int, counter: int | None) -> ChainReport:
    expected, prev, last = 1, GENESIS, 0
    broken: BrokenLink | None = None
    columns = [getattr(AuditEvent, name) for name in (*HASHED_FIELDS, "hash")]
    after_seq = 0
    while broken is None:
        rows = session.execute(
            select(*columns)
            .where(AuditEvent.chain_id == chain_id, AuditEvent.seq > after_seq)
            .order_by(AuditEvent.seq)
            .limit(_VERIFY_BATCH)
        ).all()
        if not rows:
            break
        for row in rows:
            fields: Mapping[str, Any] = dict(row._mapping)
            seq = int(fields["seq"])
            if counter is not None and seq > counter:
                broken = BrokenLink("inserted", seq, fields["id"])
            elif seq != expected:
                broken = BrokenLink("missing", expected, None, seq - expected)
            elif fields["prev_hash"] != prev:
                broken = BrokenLink("relinked", seq, fields["id"])
            elif event_hash(fields) != fields["hash"]:
                broken = BrokenLink("edited", seq, fields["id"])
            if broken is not None:
                break
            prev, last, expected = fields["hash"], seq, seq + 1
        after_seq = int(rows[-1].seq)
    if broken is None and counter is not None and last < counter:
        broken = BrokenLink("missing", last + 1, None, counter - last)
    return ChainReport(chain_id, desk_code, count, last, broken)


# --- reading the trail --------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditRow:
    """One event as the viewer and ``tiepdan audit list`` show it."""

    id: uuid.UUID
    occurred_at: dt.datetime
    desk_code: str
    seq: int
    username: str  # "" for nobody signed in
    action: str
    entity: str
    record_id: uuid.UUID | None
    before: str
    after: str


@dataclass(frozen=True)
class AuditFilter:
    """``user``: a username ("" for events of nobody signed in); ``record``: a record id, or a table
    name; ``since``/``until``: days in Viet Nam time, both included."""

    user: str | None = None
    record: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None


LIST_LIMIT = 5000


def list_events(
    session: Session, wanted: AuditFilter = AuditFilter(), *, actor: Actor, limit: int = LIST_LIMIT
) -> list[AuditRow]:
    """The events that match ``wanted``, newest first (at most ``limit``).

    The events carry the changed values, a denouncer's identity among them: only a user with
    "audit.read" (leaders and administrators) lists them.
    """
    require(actor, "audit.read")
    query = select(AuditEvent)
    if wanted.user is not None:
        user = wanted.user.strip()
        query = query.where(AuditEvent.actor_username.is_(None) if user == "" else AuditEvent.actor_username == user)
    if wanted.record:
        query = query.where(_record_clause(wanted.record.strip()))
    if wanted.since is not None:
        query = query.where(AuditEvent.occurred_at >= day_start(wanted.since))
    if wanted.until is not None:
        query = query.where(AuditEvent.occurred_at < day_start(wanted.until + dt.timedelta(days=1)))
    query = query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.desk_code, AuditEvent.seq.desc()).limit(limit)
    withheld = withheld_ids(session, actor)
    rows = [
        AuditRow(
            id=row.id,
            occurred_at=row.occurred_at,
            desk_code=row.desk_code,
            seq=row.seq,
            username=row.actor_username or "",
            action=row.action,
            entity=row.entity,
            record_id=row.record_id,
            before=row.before,
            after=row.after,
        )
        for row in session.scalars(query)
    ]
    return [_withheld(row) if _names_withheld(row, withheld) else row for row in rows]


# The columns of an event that point at the record a person's row belongs to (a corrective step's
# ``record_id``: the visit or petition it corrected, desktop/core/reception/corrections.py).
_OWNERS = ("visit_id", "petition_id", "case_id", "citizen_id", "record_id")


def _names_withheld(row: AuditRow, withheld: frozenset[uuid.UUID]) -> bool:
    """Whether the event is about a denouncer the reader may not see (its record or its owner)."""
    if not withheld or row.entity not in AUDITED_TABLES:
        return False
    linked = {str(row.record_id)} if row.record_id else set()
    for values in (_mapping(row.before), _mapping(row.after)):
        linked.update(str(values[key]) for key in _OWNERS if values.get(key))
    return any(uuid.UUID(text) in withheld for text in linked if _is_uuid(text))


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _withheld(row: AuditRow) -> AuditRow:
    """``row`` with every value withheld; the fields that changed stay named (docs/audit.md)."""

    def hide(text: str) -> str:
        values = _mapping(text)
        return _json({key: _mask_value(key, value) for key, value in values.items()}) if values else text

    return dataclasses.replace(row, before=hide(row.before), after=hide(row.after))


def _mask_value(key: str, value: object) -> object:
    if value is None or value == "" or key in NOT_MASKED:
        return value
    return MASKED_NAME if key == "full_name" else MASKED_TEXT


# Values that tell nothing of a person: links, states, kinds and positions.
NOT_MASKED = frozenset(
    {*_OWNERS, "desk_id", "role", "position", "is_representative", "kind", "number", "serial", "state", "is_open"}
)


def _record_clause(text: str) -> Any:
    try:
        return AuditEvent.record_id == uuid.UUID(text)
    except ValueError:
        return or_(AuditEvent.entity == text, AuditEvent.desk_code == text.upper())


def changes_text(row: AuditRow) -> str:
    """The event's content in one line: "phone: 0912… → 0987…" per changed field, or what was read."""
    before, after = _mapping(row.before), _mapping(row.after)
    if "what" in after and not before:
        what = after["what"]
        return ", ".join(str(item) for item in what) if isinstance(what, list) else _plain(what)
    parts = []
    for key in sorted(set(before) | set(after)):
        if key in before and key in after:
            parts.append(f"{key}: {_plain(before[key])} → {_plain(after[key])}")
        else:
            parts.append(f"{key}: {_plain(after.get(key, before.get(key)))}")
    return "; ".join(parts)


def _mapping(text: str) -> dict[str, object]:
    loaded = json.loads(text) if text else {}
    return loaded if isinstance(loaded, dict) else {"what": loaded}


def _plain(value: object) -> str:
    return "" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


EXPORT_HEADER = ("occurred_at", "desk", "seq", "user", "action", "table", "record_id", "before", "after")


def export_rows(rows: Sequence[AuditRow]) -> list[tuple[str, ...]]:
    """The header and one line per event, as the CSV and Excel exports write them (Viet Nam time)."""
    lines: list[tuple[str, ...]] = [EXPORT_HEADER]
    for row in rows:
        lines.append(
            (
                row.occurred_at.astimezone(VN_TZ).strftime("%Y-%m-%d %H:%M:%S"),
                row.desk_code,
                str(row.seq),
                row.username,
                row.action,
                row.entity,
                str(row.record_id) if row.record_id else "",
                row.before,
                row.after,
            )
        )
    return lines


def export_csv(session: Session, actor: Actor, rows: Sequence[AuditRow], path: Path) -> None:
    """Write ``rows`` to ``path`` as CSV (UTF-8 with a BOM, for Excel), made 0600, and record the export.

    The export itself is an audit event in the caller's transaction: commit it after the file is written.
    """
    with open_private_text(path, "w", encoding="utf-8-sig") as file:
        csv.writer(file).writerows(export_rows(rows))
    record_action(session, actor, "export", table="audit_event", what={"rows": len(rows), "format": "csv"})


def export_xlsx(session: Session, actor: Actor, rows: Sequence[AuditRow], path: Path) -> None:
    """``export_csv`` as an Excel workbook (one sheet, text cells), made 0600, the export recorded."""
    from openpyxl import Workbook  # imported only for this export

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit trail"))
    for line in export_rows(rows):
        sheet.append(list(line))
    with open_private(path, "wb") as file:
        workbook.save(file)
    record_action(session, actor, "export", table="audit_event", what={"rows": len(rows), "format": "xlsx"})
