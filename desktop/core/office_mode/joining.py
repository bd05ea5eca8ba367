"""Joining a desk to an office server: register its code, bring its data, switch on the outbox.

``initialise`` is all of `tiepdan init`: the single-desk setup, then joining and the first sync.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Row, RowMapping, Table, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from db.enums import ChangeOp
from db.models import Authority, Counter, Desk, Office, OutboxEntry, Signer
from db.sync import install, json_value, shared_tables
from desktop.core.access import NOBODY, Actor
from desktop.core.database import Database
from desktop.core.desk_setup import DeskSetup, DeskState, desk_state, set_up_desk
from desktop.core.errors import ConflictError
from desktop.core.i18n import _
from desktop.core.office import check_desk_code, get_setting, set_setting
from desktop.core.office_mode.server import check_schema, connect, parse_address, store_password
from desktop.core.office_mode.sync import sync_once
from desktop.core.settings_keys import OFFICE_MODE, Setting


@dataclass(frozen=True)
class Joined:
    server: str
    desk_code: str
    queued: int  # local records queued to be pushed (a single desk bringing its history)


@dataclass(frozen=True)
class Initialised:
    desk: DeskState  # at the end: on an office desk, after the first sync (the server's office profile)
    joined: Joined | None  # None for a desk that works alone


def initialise(
    database: Database,
    setup: DeskSetup,
    server_url: str | None = None,
    *,
    password: str | None = None,
    actor: Actor = NOBODY,
) -> Initialised:
    """Set up this desk; given a server, then make it an office-mode desk there and sync once.

    The first sync brings the office profile and the other desks' work. Raises ValidationError (a bad
    profile or desk code; joining needs one) and what join_office and sync_once raise. On a desk with
    accounts, a change (joining a server included) needs ``actor`` to hold "settings.office".
    """
    if server_url:
        check_desk_code(setup.desk_code or "")
    alone = set_up_desk(database, setup, actor=actor)
    if not server_url:
        return Initialised(desk=alone, joined=None)
    joined = join_office(database, server_url, setup.desk_code or "", password=password)
    # No reopening: join_office has switched this open database's sessions to the outbox already.
    sync_once(database, joined.desk_code, password=password)
    return Initialised(desk=desk_state(database), joined=joined)


def install_id(session: Session) -> str:
    """A random id of this installation, made once (it proves a desk code is ours)."""
    value = get_setting(session, Setting.INSTALL_ID)
    if not value:
        value = str(uuid.uuid4())
        set_setting(session, Setting.INSTALL_ID, value)
    return value


def join_office(database: Database, url: str, desk_code: str, *, password: str | None = None) -> Joined:
    """Make this desk an office-mode desk of the server at ``url``.

    Raises ServerUnavailableError, SchemaMismatchError, or ConflictError when another desk has the code.
    """
    address, url_password = parse_address(url)
    password = password or url_password
    code = check_desk_code(desk_code)
    server = connect(address, password)
    try:
        check_schema(server)
        with server.connect() as connection:
            server_desks = dict(connection.execute(select(Desk.code, Desk.id)).all())
        with database.sessions.begin() as session:
            mine = install_id(session)
            _check_local_desks(session, code, server_desks)
            local_desk = session.scalar(select(Desk).where(Desk.code == code))
            desk_id = local_desk.id if local_desk else uuid.uuid4()
            issued = session.execute(
                select(Counter.scope, Counter.year, Counter.last_value).where(Counter.scope.like("official:%"))
            ).all()
            same_server = get_setting(session, Setting.SERVER) == address.url().render_as_string(hide_password=True)
        with server.begin() as connection:
            desk_id = _register(connection, code, desk_id, mine)
            _raise_official_counters(connection, issued)
            server_office = connection.execute(select(Office.id)).scalars().first()
            server_desks = dict(connection.execute(select(Desk.code, Desk.id)).all())
    finally:
        server.dispose()
    if password:  # kept in the OS keyring, never in a file; the URL stored below has none
        store_password(address, password)
    with database.sessions.begin() as session:
        session.info["outbox"] = False
        _adopt_desk(session, code, desk_id, mine)
        _drop_stale_desks(session, server_desks)
        if server_office is not None:  # the office profile is the server's: drop a local one
            session.execute(delete(Signer).where(Signer.office_id != server_office))
            session.execute(delete(Authority).where(Authority.office_id != server_office))
            session.execute(delete(Office).where(Office.id != server_office))
        if not same_server:  # a new (or rebuilt) server: pull from its start, send this desk's whole history
            session.execute(delete(OutboxEntry))
            set_setting(session, Setting.SYNC_CURSOR, "0")
        queued = _queue_history(session)
        set_setting(session, Setting.SERVER, address.url().render_as_string(hide_password=True))
        set_setting(session, Setting.MODE, OFFICE_MODE)
        set_setting(session, Setting.DESK_CODE, code)
    install(database.sessions, outbox=True)  # from now on every change of this open database is queued
    return Joined(server=address.display(), desk_code=code, queued=queued)


def _raise_official_counters(connection: Connection, issued: Sequence[Row[str, int, int]]) -> None:
    """Official numbers this desk issued alone must never be issued again by the office: the
    server's counters go up to at least them (Decree 30/2020: one sequence per type and year)."""
    for scope, year, last in issued:
        statement = postgresql.insert(Counter).values(scope=scope, year=year, last_value=last)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=["scope", "year"],
                set_={"last_value": func.greatest(Counter.last_value, statement.excluded.last_value)},
            )
        )


def _register(connection: Connection, code: str, desk_id: uuid.UUID, mine: str) -> uuid.UUID:
    row = connection.execute(select(Desk.id, Desk.install_id).where(Desk.code == code).with_for_update()).first()
    if row is None:
        connection.execute(insert(Desk).values(id=desk_id, code=code, name="", install_id=mine))
        return desk_id
    registered_id, install_id = row
    if install_id not in ("", mine):
        raise ConflictError(_("Desk code {code} is already used by another desk of this office.").format(code=code))
    return registered_id


def _adopt_desk(session: Session, code: str, desk_id: uuid.UUID, mine: str) -> None:
    desk = session.scalar(select(Desk).where(Desk.code == code))
    if desk is None:
        session.add(Desk(id=desk_id, code=code, install_id=mine))
    elif desk.id != desk_id:
        _move_desk(session, desk, desk_id, mine)
    else:
        desk.install_id = mine
    session.flush()


def _move_desk(session: Session, old: Desk, new_id: uuid.UUID, mine: str) -> None:
    """The server knew this desk code first (prepared by an administrator): this desk's records
    move onto the server's desk row, so that what it pushes refers to a desk the server has."""
    code, old_id = old.code, old.id
    old.code = "~" + old_id.hex[:7]  # free the code for the new row within this transaction
    session.flush()
    session.add(Desk(id=new_id, code=code, name=old.name, install_id=mine))
    session.flush()
    for table in _desk_referencing_tables():
        session.execute(update(table).where(table.c.desk_id == old_id).values(desk_id=new_id))
    session.delete(old)
    session.flush()


def _desk_referencing_tables() -> list[Table]:
    return [table for table in shared_tables() if "desk_id" in table.c]


def _stale_desks(session: Session, server_desks: dict[str, uuid.UUID]) -> list[Desk]:
    """Local desk rows whose code the server gives to another desk row (left over from before)."""
    return [desk for desk in session.scalars(select(Desk)).all() if server_desks.get(desk.code) not in (None, desk.id)]


def _has_records(session: Session, desk: Desk) -> bool:
    return any(
        session.scalar(select(table.c.id).where(table.c.desk_id == desk.id).limit(1)) is not None
        for table in _desk_referencing_tables()
    )


def _check_local_desks(session: Session, code: str, server_desks: dict[str, uuid.UUID]) -> None:
    """Refuse, before anything is written, to join with records of a code the server gives another desk."""
    for desk in _stale_desks(session, server_desks):
        if desk.code != code and _has_records(session, desk):
            raise ConflictError(
                _(
                    "This desk holds records of desk {code}, which the office server knows as another "
                    "desk. Ask the administrator before joining."
                ).format(code=desk.code)
            )


def _drop_stale_desks(session: Session, server_desks: dict[str, uuid.UUID]) -> None:
    """Remove unused left-over desk rows, or the pull would clash with the server's ones."""
    for desk in _stale_desks(session, server_desks):
        session.delete(desk)
    session.flush()


def _queue_history(session: Session) -> int:
    """Queue every local record not yet known to a server (a single desk joining an office)."""
    if session.scalar(select(OutboxEntry.seq).limit(1)) is not None:
        return 0  # this desk was an office desk before: its outbox already holds its history
    queued = 0
    for table in shared_tables():
        if table.name == "desk":
            continue  # registered above
        rows = session.execute(select(table)).mappings().all()
        if rows:
            session.execute(
                insert(OutboxEntry),
                [
                    {
                        "entity": table.name,
                        "entity_id": row["id"],
                        "op": ChangeOp.INSERT,
                        "version": row.get("version", 1),
                        "payload": _row_payload(row),
                    }
                    for row in rows
                ],
            )
            queued += len(rows)
    return queued


def _row_payload(row: RowMapping) -> dict[str, object]:
    return {key: json_value(value) for key, value in row.items()}
