"""Office mode: push the desk's outbox to the server, pull what other desks wrote.

Push is idempotent: rows are upserted by id and version, so a retry after a lost
acknowledgement changes nothing. Pull follows the server's change numbers (not a clock). A
mutable record changed on two desks while apart becomes a SyncConflict for a person to resolve;
the desk then shows the server's version until then, and nothing is dropped.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Row, Table, delete, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session

from db.enums import ChangeOp
from db.models import OutboxEntry, ServerChange, SyncConflict
from db.sync import decode, json_value, shared_tables
from desktop.core.database import Database
from desktop.core.errors import StorageError, first_line
from desktop.core.formatting import today_local
from desktop.core.i18n import _
from desktop.core.office import get_setting, set_setting
from desktop.core.office_mode.refusal import HeldBack, Reason, Refusal, diagnose, is_outage, is_refusal
from desktop.core.office_mode.server import ServerAddress, ServerUnavailableError, check_schema, connect, explain
from desktop.core.paperwork.official_numbers import top_up
from desktop.core.settings_keys import Setting
from desktop.core.stats import not_pushed, pending_changes, refused, unsent

PUSH_BATCH = 1000
PULL_BATCH = 2000
CONFLICT_NAMESPACE = uuid.UUID("8c0f6d1e-5b7a-4c5e-9d0b-2f1f3b6a7c11")

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
        found = _send(server, entries, desk_code, refusals=refusals, held=held, hook=hook)
        _notify(hook, "push.after_server_commit")
        sent = [entry for entry in entries if entry.seq not in refusals]
        _acknowledge(database, sent, found, _server_rows(server, found), refusals=refusals)
        pushed += len(sent)
        conflicts += len(found)
        rejected += len(refusals)
        after = entries[-1].seq


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
) -> list[dict[str, Any]]:
    """Apply the batch in one server transaction; returns the conflicts found.

    When the server refuses a row, the entries at fault are found (``_find_refused``), added to
    ``refusals`` with what depends on them, and the rest is applied again in one transaction.
    """
    while True:
        sending = [entry for entry in entries if entry.seq not in refusals]
        if not sending:
            return []
        try:
            with server.begin() as connection:
                _set_origin(connection, desk_code)
                found = _apply_on_server(connection, sending, desk_code)
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


def _apply_on_server(connection: Connection, entries: Sequence[Entry], desk_code: str) -> list[dict[str, Any]]:
    """Upsert a batch, parents before children; returns the conflicts found (also stored)."""
    tables = _tables()
    groups: dict[str, list[Entry]] = {name: [] for name in tables}
    for entry in entries:
        groups[entry.entity].append(entry)
    conflicts: dict[uuid.UUID, dict[str, Any]] = {}
    for name, group in groups.items():
        table = tables[name]
        inserts = [decode(table, e.payload) for e in group if e.op == ChangeOp.INSERT]
        if inserts:
            # Ids are UUIDs made on the desk: only a row with the same id (this very row, pushed
            # before) is skipped; any other unique clash must fail loudly rather than drop a record.
            connection.execute(postgresql.insert(table).on_conflict_do_nothing(index_elements=["id"]), inserts)
        for entry in (e for e in group if e.op == ChangeOp.UPDATE):
            if entry.entity_id in conflicts:
                # Later edits of a record already in conflict are not applied on top of the other
                # desk's version: the conflict keeps the desk's latest values for the person to choose.
                conflicts[entry.entity_id]["desk_payload"] = entry.payload
                continue
            found = _apply_update(connection, table, entry, desk_code)
            if found is not None:
                conflicts[entry.entity_id] = found
    for name in reversed(list(groups)):
        deleted = [e.entity_id for e in groups[name] if e.op == ChangeOp.DELETE]
        if deleted:
            connection.execute(delete(tables[name]).where(tables[name].c.id.in_(deleted)))
    if conflicts:
        connection.execute(
            postgresql.insert(SyncConflict)
            .values(list(conflicts.values()))
            .on_conflict_do_nothing(index_elements=["id"])
        )
    return list(conflicts.values())


def _apply_update(connection: Connection, table: Table, entry: Entry, desk_code: str) -> dict[str, Any] | None:
    """Apply one change of a mutable row made from ``version - 1``, or report the conflict."""
    current = (
        connection.execute(select(table).where(table.c.id == entry.entity_id).with_for_update()).mappings().first()
    )
    values = decode(table, entry.payload)
    # The change-log trigger records which outbox entry of this desk wrote the version (retries).
    connection.execute(text("SELECT set_config('tiepdan.origin_seq', :seq, true)"), {"seq": str(entry.seq)})
    if current is None:
        connection.execute(postgresql.insert(table).values(values).on_conflict_do_nothing(index_elements=["id"]))
    elif current["version"] == entry.version - 1:
        connection.execute(update(table).where(table.c.id == entry.entity_id).values(values))
    elif not _already_ours(connection, entry, desk_code):
        return _conflict(entry, dict(current), desk_code)
    return None


def _already_ours(connection: Connection, entry: Entry, desk_code: str) -> bool:
    """This very outbox entry was stored before (a retried push whose answer was lost)."""
    return (
        connection.execute(
            select(ServerChange.seq)
            .where(
                ServerChange.entity_id == entry.entity_id,
                ServerChange.version == entry.version,
                ServerChange.origin == desk_code,
                ServerChange.origin_seq == entry.seq,
            )
            .limit(1)
        ).first()
        is not None
    )


def _conflict(entry: Entry, current: dict[str, Any], desk_code: str) -> dict[str, Any]:
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


def _server_rows(server: Engine, conflicts: list[dict[str, Any]]) -> dict[uuid.UUID, dict[str, Any]]:
    """The server's rows of the records in conflict, as they are now (after the commit)."""
    tables = _tables()
    rows: dict[uuid.UUID, dict[str, Any]] = {}
    if not conflicts:
        return rows
    with server.connect() as connection:
        for conflict in conflicts:
            table = tables[conflict["entity"]]
            row = connection.execute(select(table).where(table.c.id == conflict["entity_id"])).mappings().first()
            if row is not None:
                rows[conflict["entity_id"]] = dict(row)
    return rows


def _acknowledge(
    database: Database,
    entries: Sequence[Entry],
    conflicts: list[dict[str, Any]],
    server_rows: dict[uuid.UUID, dict[str, Any]],
    *,
    refusals: dict[int, Refusal] | None = None,
) -> None:
    """Mark the batch pushed; where the server kept its own version, show that one locally.

    The entries in ``refusals`` (not in ``entries``) are set aside in the same transaction.
    """
    now = dt.datetime.now(dt.UTC)
    with database.sessions.begin() as session:
        session.info["outbox"] = False
        session.execute(update(OutboxEntry).where(OutboxEntry.seq.in_([e.seq for e in entries])).values(pushed_at=now))
        _set_aside(session, refusals or {}, now)
        tables = _tables()
        for conflict in conflicts:
            table = tables[conflict["entity"]]
            current = server_rows.get(conflict["entity_id"])
            if current is not None:
                _upsert_local(session, table, current, force=True)
            session.execute(sqlite.insert(SyncConflict).values(conflict).on_conflict_do_nothing(index_elements=["id"]))


def _set_aside(session: Session, refusals: dict[int, Refusal], now: dt.datetime) -> None:
    for seq, refusal in refusals.items():
        session.execute(
            update(OutboxEntry)
            .where(OutboxEntry.seq == seq)
            .values(rejected_at=now, rejected_reason=refusal.reason, rejected_because=refusal.because)
        )


# -- pull -------------------------------------------------------------------------------------


def pull(database: Database, server: Engine, desk_code: str, *, hook: Hook | None = None) -> tuple[int, int]:
    """Apply what others wrote since the cursor; returns (changes applied, new cursor)."""
    applied = 0
    with database.sessions() as session:
        cursor = int(get_setting(session, Setting.SYNC_CURSOR) or 0)
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
            return applied, cursor
        _notify(hook, "pull.batch")
        with database.sessions.begin() as session:
            session.info["outbox"] = False
            pending = _pending_ids(session)
            for change in changes:
                if change.entity in tables and change.entity_id not in pending:
                    _apply_local(session, tables[change.entity], change.op, change.payload)
            cursor = changes[-1].seq
            set_setting(session, Setting.SYNC_CURSOR, str(cursor))
        applied += len(changes)


def _pending_ids(session: Session) -> set[uuid.UUID]:
    """Records with local changes not yet pushed (refused ones too): a pull must not overwrite them."""
    return set(session.scalars(select(OutboxEntry.entity_id).where(not_pushed())))


def _apply_local(session: Session, table: Table, op: ChangeOp, data: dict[str, object]) -> None:
    values = decode(table, data)
    if op == ChangeOp.DELETE:
        session.execute(delete(table).where(table.c.id == values["id"]))
    else:
        _upsert_local(session, table, values, force=False)


def _upsert_local(session: Session, table: Table, values: dict[str, object], *, force: bool) -> None:
    """Insert, or update when the incoming version is newer (always, with ``force``)."""
    statement = sqlite.insert(table).values(values)
    changed = {name: statement.excluded[name] for name in values if name != "id"}
    if "version" in table.c and not force:
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["id"], set_=changed, where=table.c.version < statement.excluded.version
            )
        )
    elif force:
        session.execute(statement.on_conflict_do_update(index_elements=["id"], set_=changed))
    else:
        session.execute(statement.on_conflict_do_nothing(index_elements=["id"]))


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
    try:
        check_schema(server)
        sent = push(database, server, desk_code, hook=hook)
        _report_resolutions(database, server)
        pulled, cursor = pull(database, server, desk_code, hook=hook)
        top_up(database, server, desk_code, today_local().year)
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
    )


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
