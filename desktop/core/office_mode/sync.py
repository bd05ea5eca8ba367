"""Office mode: push the desk's outbox to the server, pull what other desks wrote.

Push is idempotent: rows are upserted by id and version, so a retry after a lost
acknowledgement changes nothing. Pull follows the server's change numbers (not a clock). A
record changed on two desks while apart becomes a SyncConflict for a person to resolve; the desk
then shows the server's version until then, and nothing is dropped. Desks converge by three rules
(docs/sync.md): same natural key -> same id (two desks creating it make one record, or a
conflict); a delete wins (an edit of a deleted row becomes a conflict, a deleted row never comes
back); a save made while a push runs never goes out as if made on the server's version.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import takewhile
from typing import Any

from sqlalchemy import Connection, Engine, Row, Table, Uuid, any_, bindparam, delete, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError
from sqlalchemy.orm import Session

from db.enums import ChangeOp
from db.models import OutboxEntry, ServerChange, SyncConflict
from db.sync import APPEND_ONLY_TABLES, DERIVED_IDS, decode, json_value, shared_tables
from desktop.core.database import Database
from desktop.core.deadlines.office_days import calendar_changed, calendar_state
from desktop.core.errors import AppError, StorageError, first_line
from desktop.core.formatting import today_local
from desktop.core.i18n import _
from desktop.core.office import get_setting, set_setting
from desktop.core.office_mode import pruning
from desktop.core.office_mode.refusal import HeldBack, Reason, Refusal, diagnose, is_outage, is_refusal
from desktop.core.office_mode.server import ServerAddress, ServerUnavailableError, check_schema, connect, explain
from desktop.core.paperwork.official_numbers import top_up
from desktop.core.settings_keys import Setting
from desktop.core.stats import not_pushed, pending_changes, refused, unsent

PUSH_BATCH = 1000
PULL_BATCH = 2000
CONFLICT_NAMESPACE = uuid.UUID("8c0f6d1e-5b7a-4c5e-9d0b-2f1f3b6a7c11")
BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at"})  # not what a record says

Hook = Callable[[str], None]

# A push reads outbox entries as plain rows of these columns: much cheaper than ORM objects.
ENTRY_COLUMNS = (
    OutboxEntry.seq,
    OutboxEntry.entity,
    OutboxEntry.entity_id,
    OutboxEntry.op,
    OutboxEntry.version,
    OutboxEntry.payload,
)
Entry = Row[int, str, uuid.UUID, ChangeOp, int, dict[str, object]]  # the ENTRY_COLUMNS, also as attributes


@dataclass(frozen=True)
class PushResult:
    pushed: int  # entries the server now holds
    conflicts: int
    rejected: int = 0  # entries set aside in this push: refused by the server, or depending on one that was


@dataclass(frozen=True)
class SyncResult:
    pushed: int
    pulled: int
    conflicts: int
    cursor: int
    rejected: int = 0


@dataclass(frozen=True)
class SyncStatus:
    server: str
    online: bool
    offline_since: dt.datetime | None
    pending: int
    last_sync_at: dt.datetime | None
    cursor: int
    open_conflicts: int
    rejected: int = 0  # changes refused by the server (with their dependants), waiting for a person
    kept_local: int = 0  # refused changes a person chose to keep on this desk only
    link_warning: str = ""  # the server link is plain text or unverified by choice: said in the status bar


def _tables() -> dict[str, Table]:
    return {table.name: table for table in shared_tables()}


def _order() -> dict[str, int]:
    """Each shared table's place in the order parents come before children."""
    return {table.name: index for index, table in enumerate(shared_tables())}


# -- push -------------------------------------------------------------------------------------


def push(database: Database, server: Engine, desk_code: str, *, hook: Hook | None = None) -> PushResult:
    """Send every pending outbox entry; a change the server refuses is set aside with what depends on it."""
    pushed = conflicts = rejected = 0
    after: int | None = None
    held = _held_back(database)
    with database.sessions() as session:
        cursor = int(get_setting(session, Setting.SYNC_CURSOR) or 0)  # the server's changes this desk has pulled
    while True:
        query = select(*ENTRY_COLUMNS).where(unsent())
        if after is not None:
            # Everything up to ``after`` was acknowledged below, and a desk's SQLite hands out
            # growing seqs in commit order: start past it rather than scan the pushed rows again.
            query = query.where(OutboxEntry.seq > after)
        with database.sessions() as session:
            entries = session.execute(query.order_by(OutboxEntry.seq).limit(PUSH_BATCH)).all()
        if not entries:
            return PushResult(pushed=pushed, conflicts=conflicts, rejected=rejected)
        _notify(hook, "push.batch")
        refusals = held.dependants(entries)  # waiting for a change refused before: not sent
        seen = _Seen(cursor, _edits_of_removed_rows(database, entries))
        found = _send(server, entries, desk_code, refusals=refusals, held=held, hook=hook, seen=seen)
        _notify(hook, "push.after_server_commit")
        sent = [entry for entry in entries if entry.seq not in refusals]
        _acknowledge(database, sent, found, _server_rows(server, found), refusals=refusals)
        pushed += len(sent)
        conflicts += len(found.conflicts)
        rejected += len(refusals)
        after = entries[-1].seq


@dataclass(frozen=True)
class _Seen:
    """What the desk knew of rows whose id is derived from a natural key (see ``_apply_update``)."""

    cursor: int  # the last server change the desk has pulled
    removed: frozenset[int]  # outbox entries: edits of a row a pulled delete has removed since


def _edits_of_removed_rows(database: Database, entries: Sequence[Entry]) -> frozenset[int]:
    """The edits of derived-id rows this desk no longer holds, though it did not delete them itself:
    another desk's delete, pulled while the edit waited, removed them (the delete wins)."""
    tables = _tables()
    removed = set()
    with database.sessions() as session:
        for entry in (e for e in entries if e.op == ChangeOp.UPDATE and e.entity in DERIVED_IDS):
            table = tables[entry.entity]
            if session.execute(select(table.c.id).where(table.c.id == entry.entity_id)).first() is not None:
                continue
            deleted_here = session.execute(
                select(OutboxEntry.seq).where(
                    OutboxEntry.entity_id == entry.entity_id,
                    OutboxEntry.op == ChangeOp.DELETE,
                    OutboxEntry.seq > entry.seq,
                )
            ).first()
            if deleted_here is None:
                removed.add(entry.seq)
    return frozenset(removed)


def _held_back(database: Database) -> HeldBack:
    """The records of the entries set aside before (refused or kept local): what they hold back."""
    held = HeldBack(_tables())
    with database.sessions() as session:
        for entry in session.execute(
            select(OutboxEntry.seq, OutboxEntry.entity_id, OutboxEntry.op).where(refused()).order_by(OutboxEntry.seq)
        ):
            held.add(entry)
    return held


def _send(
    server: Engine,
    entries: Sequence[Entry],
    desk_code: str,
    *,
    refusals: dict[int, Refusal],
    held: HeldBack,
    hook: Hook | None,
    seen: _Seen,
) -> Applied:
    """Apply the batch in one server transaction; returns what the server made of it.

    When the server refuses a row, the entries at fault are found (``_find_refused``), added to
    ``refusals`` with what depends on them, and the rest is applied again in one transaction.
    """
    while True:
        sending = [entry for entry in entries if entry.seq not in refusals]
        if not sending:
            return Applied()
        try:
            with server.begin() as connection:
                _set_origin(connection, desk_code)
                found = _apply_on_server(connection, sending, desk_code, seen=seen)
                _notify(hook, "push.before_commit")
            return found
        except (StatementError, UnicodeError) as exc:
            if not is_refusal(exc):
                raise
            culprits = _find_refused(server, sending, desk_code)
            if not culprits:  # refused as a whole but no part alone: not a bad entry, so not hidden as one
                raise
        refusals.update(held.set_aside(sending, culprits))


def _set_origin(connection: Connection, desk_code: str) -> None:
    connection.execute(text("SELECT set_config('tiepdan.origin', :desk, true)"), {"desk": desk_code})


def _find_refused(server: Engine, entries: Sequence[Entry], desk_code: str) -> dict[int, Reason]:
    """The entries the server refuses, and why: the batch again in halves, quarters... down to single
    entries, each part in a savepoint; the whole try is rolled back (only the search's answer is kept)."""
    culprits: dict[int, Reason] = {}
    with server.connect() as connection:
        transaction = connection.begin()
        try:
            _set_origin(connection, desk_code)
            _probe(connection, _in_apply_order(entries), desk_code, culprits, HeldBack(_tables()))
        finally:
            transaction.rollback()
    return culprits


def _probe(
    connection: Connection, entries: list[Entry], desk_code: str, culprits: dict[int, Reason], skip: HeldBack
) -> None:
    """Apply ``entries`` in a savepoint; when refused, split them and try each half (parents first)."""
    entries = [entry for entry in entries if skip.blocker(entry) is None]  # dependants of a culprit found
    if not entries:
        return
    savepoint = connection.begin_nested()
    try:
        _apply_on_server(connection, entries, desk_code)
    except (StatementError, UnicodeError) as exc:
        savepoint.rollback()
        if not is_refusal(exc):
            raise
        if len(entries) == 1:
            entry = entries[0]
            culprits[entry.seq] = diagnose(
                exc, _tables()[entry.entity], entry.payload, deleting=entry.op == ChangeOp.DELETE
            )
            skip.add(entry)
            return
        middle = len(entries) // 2
        _probe(connection, entries[:middle], desk_code, culprits, skip)
        _probe(connection, entries[middle:], desk_code, culprits, skip)
    else:
        savepoint.commit()


def _in_apply_order(entries: Sequence[Entry]) -> list[Entry]:
    """The order ``_apply_on_server`` applies a batch in: per table (parents first) inserts, then
    updates; then deletes, children first. Any contiguous part of it is applied in the same order."""
    order = _order()

    def key(entry: Entry) -> tuple[int, ...]:
        if entry.op == ChangeOp.DELETE:
            return (1, -order[entry.entity], entry.seq)
        return (0, order[entry.entity], 0 if entry.op == ChangeOp.INSERT else 1, entry.seq)

    return sorted(entries, key=key)


@dataclass
class Applied:
    """What the server made of a batch: the conflicts, and the records it holds otherwise than
    the desk wrote them (a retried write, the same record created on two desks, a deleted row).
    After the push the desk shows the server's row of both kinds (``_acknowledge``)."""

    conflicts: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)  # stored on the server too
    kept: dict[uuid.UUID, str] = field(default_factory=dict)  # record id -> table

    def records(self) -> dict[uuid.UUID, str]:
        return {**self.kept, **{key: conflict["entity"] for key, conflict in self.conflicts.items()}}


def _apply_on_server(
    connection: Connection, entries: Sequence[Entry], desk_code: str, *, seen: _Seen | None = None
) -> Applied:
    """Upsert a batch, parents before children; returns what the server made of it.

    ``seen``: what the desk knew of the rows (None: not known, e.g. a probe).
    """
    tables = _tables()
    groups: dict[str, list[Entry]] = {name: [] for name in tables}
    for entry in entries:
        groups[entry.entity].append(entry)
    applied = Applied()
    for name, group in groups.items():
        if name in DERIVED_IDS:
            # The same id may be deleted and created again: every change in the desk's order.
            for entry in group:
                _apply_derived(connection, tables[name], entry, desk_code, applied, seen=seen)
            continue
        inserts = [e for e in group if e.op == ChangeOp.INSERT]
        if inserts:
            _apply_inserts(connection, tables[name], inserts, desk_code, applied)
        for entry in (e for e in group if e.op == ChangeOp.UPDATE):
            _apply_update(connection, tables[name], entry, desk_code, applied)
    for name in reversed(list(groups)):
        deleted = [e.entity_id for e in groups[name] if e.op == ChangeOp.DELETE and name not in DERIVED_IDS]
        if deleted:
            _origin_seq(connection, None)
            connection.execute(delete(tables[name]).where(tables[name].c.id.in_(deleted)))
    if applied.conflicts:
        connection.execute(
            postgresql.insert(SyncConflict)
            .values(list(applied.conflicts.values()))
            .on_conflict_do_nothing(index_elements=["id"])
        )
    return applied


def _apply_inserts(
    connection: Connection, table: Table, inserts: list[Entry], desk_code: str, applied: Applied
) -> None:
    """New rows in one statement; an id the server has, or had, is looked at one by one."""
    ids = [entry.entity_id for entry in inserts]
    query = select(table).where(table.c.id == _any(ids))
    if table.name not in APPEND_ONLY_TABLES:  # a desk's role may not lock what it may not update
        query = query.with_for_update()
    existing = {row["id"]: dict(row) for row in connection.execute(query).mappings()}
    deleted = _deleted(connection, table, ids) - existing.keys()
    fresh = [decode(table, e.payload) for e in inserts if e.entity_id not in existing and e.entity_id not in deleted]
    if fresh:
        _origin_seq(connection, None)
        # Ids are UUIDs made on the desk: an id the server has is this very row, pushed before;
        # any other unique clash must fail loudly rather than drop a record.
        connection.execute(postgresql.insert(table).on_conflict_do_nothing(index_elements=["id"]), fresh)
    for entry in inserts:
        if entry.entity_id in deleted:
            # A retried insert (its answer was lost) of a row another desk deleted since: these ids
            # are made once, so it is this very row, and a deleted row never comes back.
            applied.kept[entry.entity_id] = table.name
        elif entry.entity_id in existing:
            _same_or_conflict(connection, table, entry, existing[entry.entity_id], desk_code=desk_code, applied=applied)


def _apply_derived(
    connection: Connection, table: Table, entry: Entry, desk_code: str, applied: Applied, *, seen: _Seen | None
) -> None:
    """One change of a row whose id is derived from its natural key (db.sync.DERIVED_IDS)."""
    if entry.op == ChangeOp.UPDATE:
        _apply_update(connection, table, entry, desk_code, applied, seen=seen)
        return
    _origin_seq(connection, entry.seq)  # logged with inserts and deletes too: a retry is told from a new change
    if _already_ours(connection, entry, desk_code):
        applied.kept[entry.entity_id] = table.name  # a retry must not delete, or bring back, what others did since
    elif entry.op == ChangeOp.DELETE:
        connection.execute(delete(table).where(table.c.id == entry.entity_id))
    else:
        _insert_derived(connection, table, entry, desk_code, applied)


def _insert_derived(connection: Connection, table: Table, entry: Entry, desk_code: str, applied: Applied) -> None:
    """A new row, or one declared again after a delete; the same key made on another desk before
    is the same row (``_same_or_conflict``)."""
    current = _locked_row(connection, table, entry.entity_id)
    if current is None:
        statement = postgresql.insert(table).values(decode(table, entry.payload))
        if connection.execute(statement.on_conflict_do_nothing(index_elements=["id"]).returning(table.c.id)).first():
            return
        current = _locked_row(connection, table, entry.entity_id)  # another desk's push made it meanwhile
    if current is not None:
        _same_or_conflict(connection, table, entry, current, desk_code=desk_code, applied=applied)


def _same_or_conflict(
    connection: Connection, table: Table, entry: Entry, current: dict[str, Any], *, desk_code: str, applied: Applied
) -> None:
    """An insert of a row the server holds. The natural-key rule (same key -> same id) makes two
    desks' creations of one key the same row: created alike (or this desk's own insert, retried),
    it is one record; created otherwise, the two versions wait for a person as a conflict."""
    if _same_record(connection, table, entry, current):
        applied.kept[entry.entity_id] = table.name
    else:
        applied.conflicts[entry.entity_id] = _conflict(entry, current, desk_code)


def _same_record(connection: Connection, table: Table, entry: Entry, current: dict[str, Any]) -> bool:
    """The desk's new row says what the server's row says, or what it said when it was created."""
    mine = _content(table, decode(table, entry.payload))
    if mine == _content(table, current):
        return True
    created = connection.execute(
        select(ServerChange.payload)
        .where(
            ServerChange.entity == table.name,
            ServerChange.entity_id == entry.entity_id,
            ServerChange.op == ChangeOp.INSERT,
        )
        .order_by(ServerChange.seq.desc())
        .limit(1)
    ).scalar()
    return created is not None and mine == _content(table, decode(table, created))


def _content(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    return {column.name: values.get(column.name) for column in table.columns if column.name not in BOOKKEEPING}


def _apply_update(
    connection: Connection, table: Table, entry: Entry, desk_code: str, applied: Applied, *, seen: _Seen | None = None
) -> None:
    """Apply one change of a row made from ``version - 1``, or report the conflict.

    ``seen`` (rows whose id is derived from a natural key): a row deleted and created again starts
    again at version 1, so the version alone cannot tell an edit of the row this desk holds from an
    edit of an earlier row under the same id. Another desk's delete that this desk has not pulled
    yet (logged after ``seen.cursor``), or one it pulled while the edit waited (``seen.removed``),
    means the edit was made on the earlier row: a conflict, not an update.
    """
    if entry.entity_id in applied.conflicts:
        # Later edits of a record already in conflict are not applied on top of the other
        # desk's version: the conflict keeps the desk's latest values for the person to choose.
        applied.conflicts[entry.entity_id]["desk_payload"] = entry.payload
        return
    current = _locked_row(connection, table, entry.entity_id)
    # The change-log trigger records which outbox entry of this desk wrote the version (retries).
    _origin_seq(connection, entry.seq)
    gone = _last_deleted(connection, table, entry.entity_id) if current is None else None
    if gone is not None:
        # The delete wins: the row stays deleted, and the edit is kept for a person to see,
        # against the row as it was deleted (server version 0).
        applied.conflicts[entry.entity_id] = _conflict(entry, {**gone, "version": 0}, desk_code)
    elif current is None:  # never reached the server (its insert is still to come): the edit brings it
        statement = postgresql.insert(table).values(decode(table, entry.payload))
        connection.execute(statement.on_conflict_do_nothing(index_elements=["id"]))
    elif current["version"] == entry.version - 1 and not _deleted_unseen(connection, entry, desk_code, seen):
        connection.execute(update(table).where(table.c.id == entry.entity_id).values(decode(table, entry.payload)))
    elif _already_ours(connection, entry, desk_code):
        applied.kept[entry.entity_id] = table.name
    else:
        applied.conflicts[entry.entity_id] = _conflict(entry, current, desk_code)


def _deleted_unseen(connection: Connection, entry: Entry, desk_code: str, seen: _Seen | None) -> bool:
    """Another desk deleted the row the edit was made on (see ``_apply_update``)."""
    if seen is None:
        return False
    if entry.seq in seen.removed:
        return True
    found = connection.execute(
        select(ServerChange.seq)
        .where(
            ServerChange.entity == entry.entity,
            ServerChange.entity_id == entry.entity_id,
            ServerChange.op == ChangeOp.DELETE,
            ServerChange.origin != desk_code,
            ServerChange.seq > seen.cursor,
        )
        .limit(1)
    ).first()
    return found is not None


def _locked_row(connection: Connection, table: Table, entity_id: uuid.UUID) -> dict[str, Any] | None:
    row = connection.execute(select(table).where(table.c.id == entity_id).with_for_update()).mappings().first()
    return dict(row) if row is not None else None


def _deleted(connection: Connection, table: Table, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """The ids among ``ids`` whose row the server's log shows deleted at some time."""
    return set(
        connection.execute(
            select(ServerChange.entity_id)
            .where(
                ServerChange.entity == table.name,
                ServerChange.entity_id == _any(ids),
                ServerChange.op == ChangeOp.DELETE,
            )
            .distinct()
        ).scalars()
    )


def _any(ids: Sequence[uuid.UUID]) -> Any:
    """``= ANY(array)``: one parameter for a whole batch of ids (an IN list binds one per id)."""
    return any_(bindparam("ids", list(ids), type_=postgresql.ARRAY(Uuid())))


def _last_deleted(connection: Connection, table: Table, entity_id: uuid.UUID) -> dict[str, Any] | None:
    """The row as the server's log shows it when it was last deleted; None: never deleted."""
    payload = connection.execute(
        select(ServerChange.payload)
        .where(
            ServerChange.entity == table.name,
            ServerChange.entity_id == entity_id,
            ServerChange.op == ChangeOp.DELETE,
        )
        .order_by(ServerChange.seq.desc())
        .limit(1)
    ).scalar()
    return decode(table, payload) if payload is not None else None


def _origin_seq(connection: Connection, seq: int | None) -> None:
    """The outbox entry the next writes log as theirs ("" for a statement of many rows)."""
    connection.execute(
        text("SELECT set_config('tiepdan.origin_seq', :seq, true)"), {"seq": "" if seq is None else str(seq)}
    )


def _already_ours(connection: Connection, entry: Entry, desk_code: str) -> bool:
    """This very outbox entry was stored before (a retried push whose answer was lost)."""
    query = select(ServerChange.seq).where(
        ServerChange.entity == entry.entity,
        ServerChange.entity_id == entry.entity_id,
        ServerChange.op == entry.op,
        ServerChange.origin == desk_code,
        ServerChange.origin_seq == entry.seq,
    )
    if entry.op == ChangeOp.UPDATE:
        query = query.where(ServerChange.version == entry.version)
    return connection.execute(query.limit(1)).first() is not None


def _conflict(entry: Entry, current: dict[str, Any], desk_code: str) -> dict[str, Any]:
    """Both versions of a record (server version 0: the row as the server deleted it)."""
    return {
        "id": uuid.uuid5(CONFLICT_NAMESPACE, f"{entry.entity_id}/{desk_code}/{entry.version}"),
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "desk_code": desk_code,
        "base_version": entry.version - 1,
        "server_version": current["version"],
        "desk_payload": entry.payload,
        "server_payload": _jsonable(current),
        "detected_at": dt.datetime.now(dt.UTC),
        "resolution": "",
        "resolved_by": "",
    }


def _jsonable(row: dict[str, Any]) -> dict[str, object]:
    return {key: json_value(value) for key, value in row.items()}


def _server_rows(server: Engine, applied: Applied) -> dict[uuid.UUID, dict[str, Any]]:
    """The server's rows of the records it answered for, as they are now (after the commit);
    a record the server no longer has is absent."""
    tables = _tables()
    by_table: dict[str, list[uuid.UUID]] = {}
    for entity_id, name in applied.records().items():
        by_table.setdefault(name, []).append(entity_id)
    rows: dict[uuid.UUID, dict[str, Any]] = {}
    if not by_table:
        return rows
    with server.connect() as connection:
        for name, ids in by_table.items():
            table = tables[name]
            for row in connection.execute(select(table).where(table.c.id.in_(ids))).mappings():
                rows[row["id"]] = dict(row)
    return rows


def _acknowledge(
    database: Database,
    entries: Sequence[Entry],
    applied: Applied,
    server_rows: dict[uuid.UUID, dict[str, Any]],
    *,
    refusals: dict[int, Refusal] | None = None,
) -> None:
    """Mark the batch pushed; where the server kept its own version, show that one locally.

    A person may have saved one of those records again while the push ran (after the batch was
    read, before this transaction). Those later edits were made on the desk's own version, not the
    server's: they join the record's conflict (the person sees the latest) instead of going out as
    if made on the server's version, which would overwrite the other desk's edit unseen. A record
    still changed locally otherwise is left as it is: its change goes out with the next push.

    The entries in ``refusals`` (not in ``entries``) are set aside in the same transaction.
    """
    now = dt.datetime.now(dt.UTC)
    records = applied.records()
    with database.sessions.begin() as session:
        session.info["outbox"] = False
        session.execute(update(OutboxEntry).where(OutboxEntry.seq.in_([e.seq for e in entries])).values(pushed_at=now))
        _set_aside(session, refusals or {}, now)
        later = _later_entries(session, list(records), after=max((e.seq for e in entries), default=0))
        tables = _tables()
        for entity_id, name in records.items():
            waiting = later.get(entity_id, [])
            conflict = applied.conflicts.get(entity_id)
            if conflict is not None:
                waiting = _fold_into(session, conflict, waiting, now)
            if not waiting:
                _show_server_row(session, tables[name], entity_id, server_rows.get(entity_id))
        for conflict in applied.conflicts.values():
            session.execute(sqlite.insert(SyncConflict).values(conflict).on_conflict_do_nothing(index_elements=["id"]))


def _set_aside(session: Session, refusals: dict[int, Refusal], now: dt.datetime) -> None:
    for seq, refusal in refusals.items():
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq == seq)
            .values(rejected_at=now, rejected_reason=refusal.reason, rejected_because=refusal.because)
        )


def _later_entries(session: Session, ids: list[uuid.UUID], *, after: int) -> dict[uuid.UUID, list[Entry]]:
    found: dict[uuid.UUID, list[Entry]] = {}
    if ids:
        rows = session.execute(
            select(*ENTRY_COLUMNS)
            .where(unsent(), OutboxEntry.seq > after, OutboxEntry.entity_id.in_(ids))
            .order_by(OutboxEntry.seq)
        )
        for row in rows:
            found.setdefault(row.entity_id, []).append(row)
    return found


def _fold_into(session: Session, conflict: dict[str, Any], waiting: list[Entry], now: dt.datetime) -> list[Entry]:
    """The edits saved since the batch was read join the conflict; returns the changes left."""
    edits = list(takewhile(lambda entry: entry.op == ChangeOp.UPDATE, waiting))
    if edits:
        conflict["desk_payload"] = edits[-1].payload
        session.execute(update(OutboxEntry).where(OutboxEntry.seq.in_([e.seq for e in edits])).values(pushed_at=now))
    return waiting[len(edits) :]


def _show_server_row(session: Session, table: Table, entity_id: uuid.UUID, row: dict[str, Any] | None) -> None:
    if row is not None:
        _upsert_local(session, table, row, force=True)
        return
    try:
        with session.begin_nested():
            session.execute(delete(table).where(table.c.id == entity_id))
    except IntegrityError:
        pass  # rows of this desk still refer to it: the pull removes it after them, in the server's order


# -- pull -------------------------------------------------------------------------------------


def pull(database: Database, server: Engine, desk_code: str, *, hook: Hook | None = None) -> tuple[int, int]:
    """Apply what others wrote since the cursor; returns (changes applied, new cursor)."""
    applied = 0
    with database.sessions() as session:
        cursor = int(get_setting(session, Setting.SYNC_CURSOR) or 0)
    with server.connect() as connection:
        gone = pruning.pruned_through(connection)
    if cursor < gone:  # the log no longer holds all this desk lacks: take the whole state instead
        applied, cursor = snapshot(database, server, desk_code)
    tables = _tables()
    while True:
        with server.connect() as connection:
            changes = connection.execute(
                select(
                    ServerChange.seq, ServerChange.entity, ServerChange.entity_id, ServerChange.op, ServerChange.payload
                )
                .where(ServerChange.seq > cursor, ServerChange.origin != desk_code)
                .order_by(ServerChange.seq)
                .limit(PULL_BATCH)
            ).all()
        if not changes:
            top = _past_own_changes(server, desk_code, cursor)
            if top is None:
                continue  # another desk's change arrived in between: pull it
            if top > cursor:
                with database.sessions.begin() as session:
                    set_setting(session, Setting.SYNC_CURSOR, str(top))
            return applied, max(cursor, top)
        _notify(hook, "pull.batch")
        with database.sessions.begin() as session:
            session.info["outbox"] = False
            pending = _pending(session)
            for change in changes:
                if change.entity in tables and _applies(change.op, pending.get(change.entity_id)):
                    _apply_local(session, tables[change.entity], change.op, change.payload)
            cursor = changes[-1].seq
            set_setting(session, Setting.SYNC_CURSOR, str(cursor))
        applied += len(changes)


def _past_own_changes(server: Engine, desk_code: str, cursor: int) -> int | None:
    """The highest change number, when every change after ``cursor`` is this desk's own (else None).

    One statement, so one snapshot: changes are numbered in commit order, so nothing below the
    highest number can still arrive. The cursor may pass this desk's own changes, and its progress
    (the pruning horizon) with it.
    """
    others = (
        select(func.min(ServerChange.seq))
        .where(ServerChange.seq > cursor, ServerChange.origin != desk_code)
        .scalar_subquery()
    )
    with server.connect() as connection:
        top, waiting = connection.execute(select(func.coalesce(func.max(ServerChange.seq), 0), others)).one()
    return None if waiting is not None else int(top)


def snapshot(database: Database, server: Engine, desk_code: str) -> tuple[int, int]:
    """Bring every shared record as the server holds it now; returns (rows applied, the cursor it matches).

    Read in one REPEATABLE READ transaction: the rows are those of the changes up to the highest
    change number it sees (changes are numbered in commit order), so the pull goes on from there.
    Records with local changes not yet pushed are left alone, as in a pull; a record this desk has,
    the server has not and this desk never changed (deleted on the server) is removed.
    """
    tables = shared_tables()
    with server.connect().execution_options(isolation_level="REPEATABLE READ") as connection, connection.begin():
        cursor = int(connection.execute(select(func.coalesce(func.max(ServerChange.seq), 0))).scalar_one())
        cursor = max(cursor, pruning.pruned_through(connection))
        rows = {table.name: connection.execute(select(table)).mappings().all() for table in tables}
    applied = 0
    with database.sessions.begin() as session:
        session.info["outbox"] = False
        pending = _pending(session)
        for table in reversed(tables):  # children first: a removed parent has no child left
            held = {row["id"] for row in rows[table.name]}
            gone = [
                entity_id
                for entity_id in session.execute(select(table.c.id)).scalars()
                if entity_id not in held and entity_id not in pending
            ]
            if gone:
                session.execute(delete(table).where(table.c.id.in_(gone)))
        for table in tables:  # parents first
            for row in rows[table.name]:
                if row["id"] not in pending:
                    _upsert_local(session, table, dict(row), force=False)
                    applied += 1
        set_setting(session, Setting.SYNC_CURSOR, str(cursor))
    return applied, cursor


def _pending(session: Session) -> dict[uuid.UUID, set[ChangeOp]]:
    """Records with local changes not yet pushed (refused ones too), and the kinds of those changes."""
    pending: dict[uuid.UUID, set[ChangeOp]] = {}
    for entity_id, op in session.execute(select(OutboxEntry.entity_id, OutboxEntry.op).where(not_pushed())):
        pending.setdefault(entity_id, set()).add(op)
    return pending


def _applies(op: ChangeOp, waiting: set[ChangeOp] | None) -> bool:
    """A record with local changes not yet pushed is left alone: its change goes out with the
    next push, where a clash becomes a conflict. Except a delete: it wins over local edits (they
    become a conflict at the push, against the deleted row), unless this desk created the record
    again (an id derived from a natural key), which the push settles."""
    return waiting is None or (op == ChangeOp.DELETE and ChangeOp.INSERT not in waiting)


def _apply_local(session: Session, table: Table, op: ChangeOp, data: dict[str, object]) -> None:
    values = decode(table, data)
    if op == ChangeOp.DELETE:
        session.execute(delete(table).where(table.c.id == values["id"]))
    else:
        _upsert_local(session, table, values, force=False)


def _upsert_local(session: Session, table: Table, values: dict[str, object], *, force: bool) -> None:
    """Insert, or update when the incoming version is newer (always, with ``force``).

    Every shared table is versioned (db.base.Versioned), so a later update always wins here.
    """
    statement = sqlite.insert(table).values(values)
    changed = {name: statement.excluded[name] for name in values if name != "id"}
    newer = None if force else table.c.version < statement.excluded.version
    session.execute(statement.on_conflict_do_update(index_elements=["id"], set_=changed, where=newer))


# -- the whole round --------------------------------------------------------------------------


def server_address(database: Database) -> ServerAddress:
    from desktop.core.office_mode.server import parse_address

    with database.sessions() as session:
        url = get_setting(session, Setting.SERVER)
    if not url:
        raise ServerUnavailableError(_not_office())
    return parse_address(url)[0]


def sync_once(
    database: Database, desk_code: str, *, hook: Hook | None = None, password: str | None = None
) -> SyncResult:
    """One push then one pull. Raises ServerUnavailableError (state kept) when the server is away."""
    address = server_address(database)
    try:
        server = connect(address, password)
    except ServerUnavailableError:
        _mark_offline(database)
        raise
    with database.sessions() as session:
        calendar = calendar_state(session)
    try:
        check_schema(server)
        with database.sessions() as session:
            pulled_before = int(get_setting(session, Setting.SYNC_CURSOR) or 0)
        sent = push(database, server, desk_code, hook=hook)
        _report_resolutions(database, server)
        with server.begin() as connection:
            # What this desk pulled before the push has reached it, and what it did about it has
            # now reached the server: the change log may drop those rows (docs/sync.md#pruning).
            pruning.report_progress(connection, desk_code, pulled_before)
        pulled, cursor = pull(database, server, desk_code, hook=hook)
        top_up(database, server, desk_code, today_local().year)
        if _follow_calendar(database, calendar, desk_code):  # due dates moved: the others see them now
            again = push(database, server, desk_code, hook=hook)
            sent = replace(
                sent,
                pushed=sent.pushed + again.pushed,
                conflicts=sent.conflicts + again.conflicts,
                rejected=sent.rejected + again.rejected,
            )
        with server.begin() as connection:
            pruning.prune_batch(connection)  # one bounded batch per round, from whichever desk syncs
    except DBAPIError as exc:
        if _is_local(exc):  # the desk's own database refused: not an outage, and not to be hidden as one
            raise StorageError(
                _("This desk's database refused a change from the server: {reason}").format(reason=first_line(exc))
            ) from exc
        if not is_outage(exc):  # the server answered: a bug, reported as one rather than as "offline"
            raise
        _mark_offline(database)
        raise explain(exc, address) from exc
    finally:
        server.dispose()
    with database.sessions.begin() as session:
        set_setting(session, Setting.LAST_SYNC, dt.datetime.now(dt.UTC).isoformat())
        set_setting(session, Setting.OFFLINE_SINCE, "")
    return SyncResult(
        pushed=sent.pushed, pulled=pulled, conflicts=sent.conflicts, cursor=cursor, rejected=sent.rejected
    )


def _follow_calendar(database: Database, before: frozenset[tuple[dt.date, bool]], desk_code: str) -> bool:
    """The calendar changed in this round (a day pulled, the server's version of a day in conflict
    shown): the due dates stored on this desk's own petitions and cases follow it, in an ordinary
    session (they go out like any save). Whether the calendar changed."""
    with database.sessions.begin() as session:
        if calendar_state(session) == before:
            return False
        calendar_changed(session, desk_code)
        return True


def _report_resolutions(database: Database, server: Engine) -> None:
    """Conflicts resolved on this desk are marked resolved on the server too (same ids there)."""
    with database.sessions() as session:
        resolved = session.execute(
            select(SyncConflict.id, SyncConflict.resolved_at, SyncConflict.resolution, SyncConflict.resolved_by).where(
                SyncConflict.resolved_at.isnot(None)
            )
        ).all()
    if not resolved:
        return
    with server.begin() as connection:
        for conflict_id, resolved_at, resolution, resolved_by in resolved:
            connection.execute(
                update(SyncConflict)
                .where(SyncConflict.id == conflict_id, SyncConflict.resolved_at.is_(None))
                .values(resolved_at=resolved_at, resolution=resolution, resolved_by=resolved_by)
            )


def _is_local(exc: DBAPIError) -> bool:
    return type(exc.orig).__module__.startswith("sqlite3")


def _mark_offline(database: Database) -> None:
    with database.sessions.begin() as session:
        if not get_setting(session, Setting.OFFLINE_SINCE):
            set_setting(session, Setting.OFFLINE_SINCE, dt.datetime.now(dt.UTC).isoformat())


def status(database: Database) -> SyncStatus:
    with database.sessions() as session:
        pending = pending_changes(session)
        offline = get_setting(session, Setting.OFFLINE_SINCE)
        last = get_setting(session, Setting.LAST_SYNC)
        cursor = int(get_setting(session, Setting.SYNC_CURSOR) or 0)
        server = get_setting(session, Setting.SERVER)
        conflicts = (
            session.scalar(select(func.count()).select_from(SyncConflict).where(SyncConflict.resolved_at.is_(None)))
            or 0
        )
        rejected, kept_local = _refused_counts(session)
    return SyncStatus(
        server=server,
        online=not offline,
        offline_since=dt.datetime.fromisoformat(offline) if offline else None,
        pending=pending,
        last_sync_at=dt.datetime.fromisoformat(last) if last else None,
        cursor=cursor,
        open_conflicts=conflicts,
        rejected=rejected,
        kept_local=kept_local,
        link_warning=_link_warning(server),
    )


def _link_warning(url: str) -> str:
    from desktop.core.office_mode.server import parse_address

    if not url:
        return ""
    try:
        return parse_address(url)[0].link_warning()
    except AppError:
        return ""


def _refused_counts(session: Session) -> tuple[int, int]:
    """(entries refused and waiting for a person, entries a person kept on this desk)."""
    kept = OutboxEntry.kept_local_at.isnot(None)
    rows: dict[Any, int] = {
        bool(key): count for key, count in session.execute(select(kept, func.count()).where(refused()).group_by(kept))
    }
    return rows.get(False, 0), rows.get(True, 0)


def _notify(hook: Hook | None, stage: str) -> None:
    if hook is not None:
        hook(stage)


def _not_office() -> str:
    return _("This desk works alone; join an office server with `tiepdan init --server URL --desk CODE`.")
