"""Desks converge: against the real PostgreSQL through the loopback proxy, races driven by the sync's hook.

Natural keys made on two desks are one record, a save made while a conflicted push runs is not
lost, the office calendar never drops a declaration silently, and a deleted row never comes back.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from sqlalchemy import Engine, func, select

from db.models import CalendarDay, FieldOfLaw, Office, OutboxEntry, Signer, SyncConflict
from db.session import make_engine
from desktop.core.access import NOBODY
from desktop.core.cases.due_dates import remove_day, save_day
from desktop.core.cases.fields import all_fields, save_field
from desktop.core.cases.petitions import field_id
from desktop.core.database import Database
from desktop.core.deadlines.office_days import OfficeDay, day_id, list_days
from desktop.core.errors import NotFoundError
from desktop.core.office import get_office, save_office
from desktop.core.office_mode import sync
from desktop.core.office_mode.conflicts import ConflictView, list_conflicts, resolve_conflict
from tests.builders import ADMIN
from tests.helpers.tcpproxy import TcpProxy

pytestmark = pytest.mark.postgres
CHRISTMAS_EVE = dt.date(2026, 12, 24)


class CrashError(Exception):
    """The desk dies at the stage the hook chose."""


@pytest.fixture
def server(fresh_pg_url: str) -> Iterator[Engine]:
    """The server itself, for looking at what it holds (not through the proxy)."""
    engine = make_engine(fresh_pg_url)
    yield engine
    engine.dispose()


@pytest.fixture
def desks(make_desk: Callable[[str], Database]) -> tuple[Database, Database]:
    """D01 and D02, both synced once (they hold the server's office profile)."""
    d01, d02 = make_desk("D01"), make_desk("D02")
    _round(d01, d02)
    return d01, d02


def _round(*desks: Database) -> None:
    for desk in desks:
        sync.sync_once(desk, _code(desk))


def _code(desk: Database) -> str:
    return desk.data_dir.name.removeprefix("desk-")


def _conflicts(desk: Database) -> list[ConflictView]:
    with desk.sessions() as session:
        return list_conflicts(session, actor=NOBODY)


def _settled(*desks: Database) -> None:
    """Nothing waits in any outbox: no entry is stuck."""
    assert [sync.status(desk).pending for desk in desks] == [0] * len(desks)


# -- natural keys -------------------------------------------------------------------------------


def _field(database: Database | Engine, code: str) -> tuple[uuid.UUID, str, int]:
    engine = database if isinstance(database, Engine) else database.engine
    with engine.connect() as connection:
        rows = connection.execute(
            select(FieldOfLaw.id, FieldOfLaw.name, FieldOfLaw.version).where(FieldOfLaw.code == code)
        ).all()
    assert len(rows) == 1, rows
    return tuple(rows[0])


def test_same_field_code_made_alike_on_two_desks_is_one_record(
    desks: tuple[Database, Database], proxy: TcpProxy, server: Engine
) -> None:
    d01, d02 = desks
    proxy.cut()
    for desk in desks:
        with desk.sessions.begin() as session:
            save_field(session, " gd ", "Giáo dục")
    proxy.restore()
    _round(d01, d02, d01)
    _settled(d01, d02)
    assert _field(server, "GD") == _field(d01, "GD") == _field(d02, "GD") == (field_id("GD"), "Giáo dục", 1)
    assert _conflicts(d02) == []


def test_same_field_code_made_otherwise_on_two_desks_is_one_record_and_a_conflict(
    desks: tuple[Database, Database], proxy: TcpProxy, server: Engine
) -> None:
    """Before: every later sync of the second desk failed on uq_field_of_law_code, its outbox stuck."""
    d01, d02 = desks
    proxy.cut()
    for desk, name in ((d01, "Giáo dục"), (d02, "Giáo dục, đào tạo")):
        with desk.sessions.begin() as session:
            save_field(session, "GD", name)
    proxy.restore()
    _round(d01, d02)
    with d02.sessions.begin() as session:  # the second desk keeps working: a later change goes out
        save_field(session, "YT", "Y tế")
    _round(d02, d01)
    _settled(d01, d02)
    first = (field_id("GD"), "Giáo dục", 1)
    assert _field(server, "GD") == _field(d01, "GD") == _field(d02, "GD") == first  # the server's, until decided
    assert _field(d01, "YT")[1] == "Y tế"
    [conflict] = _conflicts(d02)
    assert (conflict.entity, conflict.record, conflict.deleted_on_server) == ("field_of_law", "Giáo dục", False)
    assert [(d.field, d.desk_value, d.server_value) for d in conflict.differences] == [
        ("name", "Giáo dục, đào tạo", "Giáo dục")
    ]
    resolve_conflict(d02, conflict.id, "desk", "Trưởng ban")
    _round(d02, d01)
    assert _field(server, "GD") == _field(d01, "GD") == _field(d02, "GD") == (field_id("GD"), "Giáo dục, đào tạo", 2)
    with d01.sessions() as session:
        assert [view.code for view in all_fields(session)].count("GD") == 1


# -- the lost update ----------------------------------------------------------------------------


def _phones(server: Engine, *desks: Database) -> list[tuple[str, int]]:
    with server.connect() as connection:
        found = [tuple(connection.execute(select(Office.phone, Office.version)).one())]
    for desk in desks:
        with desk.sessions() as session:
            found.append(tuple(session.execute(select(Office.phone, Office.version)).one()))
    return found


def _save_phone(desk: Database, phone: str) -> None:
    with desk.sessions.begin() as session:
        profile = get_office(session)
        assert profile is not None
        save_office(session, replace(profile, phone=phone))


@pytest.mark.parametrize("stage", ["push.batch", "push.before_commit", "push.after_server_commit"])
def test_a_save_made_while_a_conflicted_push_runs_is_not_lost(
    desks: tuple[Database, Database], proxy: TcpProxy, server: Engine, stage: str
) -> None:
    """Before: the server and D02 ended at version 3 with D01's last phone, D01 at version 2 with
    D02's phone, and the open conflict held D01's first phone (lost update, lasting divergence)."""
    d01, d02 = desks
    proxy.cut()
    _save_phone(d01, "02963111111")
    _save_phone(d02, "02963222222")
    proxy.restore()
    _round(d02)

    saved: list[str] = []

    def save_again(reached: str) -> None:
        if reached == stage and not saved:  # once: the push goes on with the other entries of the save
            saved.append(reached)
            _save_phone(d01, "02963333333")

    result = sync.sync_once(d01, "D01", hook=save_again)
    assert saved == [stage]
    assert result.conflicts == 1
    _round(d02, d01, d02)
    _settled(d01, d02)
    assert _phones(server, d01, d02) == [("02963222222", 2)] * 3  # one version everywhere: the server's
    [conflict] = _conflicts(d01)
    assert [(d.field, d.desk_value, d.server_value) for d in conflict.differences] == [
        ("phone", "02963333333", "02963222222")  # the latest save waits for a person, with the other
    ]
    resolve_conflict(d01, conflict.id, "desk", "Trưởng ban")
    _round(d01, d02)
    assert _phones(server, d01, d02) == [("02963333333", 3)] * 3


def test_a_save_made_while_a_clean_push_runs_goes_out_next(desks: tuple[Database, Database], server: Engine) -> None:
    d01, d02 = desks
    _save_phone(d01, "02963111111")

    saved: list[str] = []

    def save_again(reached: str) -> None:
        if reached == "push.before_commit" and not saved:
            saved.append(reached)
            _save_phone(d01, "02963333333")

    sync.sync_once(d01, "D01", hook=save_again)
    _round(d01, d02)
    _settled(d01, d02)
    assert _phones(server, d01, d02) == [("02963333333", 3)] * 3
    assert _conflicts(d01) == []


# -- the office calendar ------------------------------------------------------------------------


def _calendar(desk: Database | Engine) -> list[OfficeDay]:
    if isinstance(desk, Engine):
        with desk.connect() as connection:
            rows = connection.execute(select(CalendarDay.day, CalendarDay.is_day_off, CalendarDay.name)).all()
        return sorted(OfficeDay(*row) for row in rows)
    with desk.sessions() as session:
        return list_days(session)


def _declare(desk: Database, day: dt.date, *, off: bool, name: str) -> None:
    with desk.sessions.begin() as session:
        save_day(session, ADMIN, day, is_day_off=off, name=name)


def test_the_same_day_declared_alike_on_two_desks_is_one_declaration(
    desks: tuple[Database, Database], proxy: TcpProxy, server: Engine
) -> None:
    d01, d02 = desks
    proxy.cut()
    for desk in desks:
        _declare(desk, CHRISTMAS_EVE, off=True, name="Quyết định 12/QĐ-UBND")
    proxy.restore()
    _round(d01, d02, d01)
    _settled(d01, d02)
    expected = [OfficeDay(CHRISTMAS_EVE, True, "Quyết định 12/QĐ-UBND")]
    assert _calendar(server) == _calendar(d01) == _calendar(d02) == expected
    assert _conflicts(d02) == []


def test_the_same_day_declared_otherwise_on_two_desks_is_a_conflict_not_a_silent_drop(
    desks: tuple[Database, Database], proxy: TcpProxy, server: Engine
) -> None:
    """Before: D02's declaration was dropped without a word, and D02 kept it: the desks disagreed
    on whether 24/12/2026 is a day off, so their deadlines differed."""
    d01, d02 = desks
    proxy.cut()
    _declare(d01, CHRISTMAS_EVE, off=True, name="Quyết định 12/QĐ-UBND")
    _declare(d02, CHRISTMAS_EVE, off=False, name="Làm bù theo Công văn 5/UBND")
    proxy.restore()
    _round(d01, d02, d01)
    _settled(d01, d02)
    first = [OfficeDay(CHRISTMAS_EVE, True, "Quyết định 12/QĐ-UBND")]
    assert _calendar(server) == _calendar(d01) == _calendar(d02) == first  # one calendar: the server's
    [conflict] = _conflicts(d02)
    assert conflict.entity == "calendar_day"
    assert {d.field: (d.desk_value, d.server_value) for d in conflict.differences} == {
        "is_day_off": ("Không", "Có"),
        "name": ("Làm bù theo Công văn 5/UBND", "Quyết định 12/QĐ-UBND"),
    }
    resolve_conflict(d02, conflict.id, "desk", "Trưởng ban")
    _round(d02, d01)
    second = [OfficeDay(CHRISTMAS_EVE, False, "Làm bù theo Công văn 5/UBND")]
    assert _calendar(server) == _calendar(d01) == _calendar(d02) == second


def test_a_day_removed_and_declared_again_reaches_the_other_desk(
    desks: tuple[Database, Database], server: Engine
) -> None:
    """The row keeps its id (derived from the date) and starts again at version 1: still every change travels."""
    d01, d02 = desks
    _declare(d01, CHRISTMAS_EVE, off=True, name="Quyết định 12/QĐ-UBND")
    _round(d01, d02)
    with d01.sessions.begin() as session:
        remove_day(session, ADMIN, CHRISTMAS_EVE)
    _declare(d01, CHRISTMAS_EVE, off=False, name="Làm bù theo Công văn 5/UBND")
    _round(d01, d02)
    expected = [OfficeDay(CHRISTMAS_EVE, False, "Làm bù theo Công văn 5/UBND")]
    assert _calendar(server) == _calendar(d01) == _calendar(d02) == expected
    with d01.sessions.begin() as session:
        remove_day(session, ADMIN, CHRISTMAS_EVE)
    _round(d01, d02)
    assert _calendar(server) == _calendar(d01) == _calendar(d02) == []


# -- deleted rows ---------------------------------------------------------------------------------


def _signer_id(desk: Database) -> uuid.UUID:
    with desk.sessions() as session:
        # The board's signer (the example office also has its competent authority's).
        return session.scalars(select(Signer.id).where(Signer.authority_id.is_(None))).one()


def _delete_record(desk: Database, kind: str, record: uuid.UUID) -> None:
    with desk.sessions.begin() as session:
        if kind == "calendar_day":
            remove_day(session, ADMIN, CHRISTMAS_EVE)
        else:
            session.delete(session.get_one(Signer, record))


def _edit_record(desk: Database, kind: str, record: uuid.UUID) -> None:
    with desk.sessions.begin() as session:
        if kind == "calendar_day":
            save_day(session, ADMIN, CHRISTMAS_EVE, is_day_off=True, name="Quyết định 12/QĐ-UBND, sửa đổi")
        else:
            session.get_one(Signer, record).position = "Phó Trưởng ban"


def _present(desk: Database | Engine, kind: str, record: uuid.UUID) -> bool:
    engine = desk if isinstance(desk, Engine) else desk.engine
    model = CalendarDay if kind == "calendar_day" else Signer
    with engine.connect() as connection:
        return connection.execute(select(model.id).where(model.id == record)).first() is not None


def _record(desks: tuple[Database, Database], kind: str) -> uuid.UUID:
    """A record both desks hold: a calendar day (id derived from its date) or a signer (a random id)."""
    d01, d02 = desks
    if kind == "calendar_day":
        _declare(d01, CHRISTMAS_EVE, off=True, name="Quyết định 12/QĐ-UBND")
        _round(d01, d02)
        return day_id(CHRISTMAS_EVE)
    return _signer_id(d01)


@pytest.mark.parametrize("kind", ["calendar_day", "signer"])
@pytest.mark.parametrize("pulled_first", [False, True], ids=["edit-pushed-first", "delete-pulled-first"])
def test_an_edit_of_a_row_deleted_on_another_desk_does_not_bring_it_back(
    desks: tuple[Database, Database],
    proxy: TcpProxy,
    server: Engine,
    fresh_pg_url: str,
    *,
    kind: str,
    pulled_first: bool,
) -> None:
    """The delete wins; the edit is kept as a conflict against the deleted row for a person to see."""
    d01, d02 = desks
    record = _record(desks, kind)
    proxy.cut()
    _delete_record(d01, kind, record)
    _edit_record(d02, kind, record)
    proxy.restore()
    _round(d01)
    if pulled_first:  # the delete reaches D02 while its edit still waits in the outbox
        through_proxy = make_engine(proxy.url(fresh_pg_url))
        sync.pull(d02, through_proxy, "D02")
        through_proxy.dispose()
        assert not _present(d02, kind, record)
        assert sync.status(d02).pending > 0
    _round(d02, d01, d02)
    _settled(d01, d02)
    assert [_present(where, kind, record) for where in (server, d01, d02)] == [False] * 3
    [conflict] = _conflicts(d02)
    assert (conflict.entity, conflict.entity_id, conflict.deleted_on_server) == (kind, record, True)
    with pytest.raises(NotFoundError):
        resolve_conflict(d02, conflict.id, "desk", "Trưởng ban")
    resolve_conflict(d02, conflict.id, "server", "Trưởng ban")
    _round(d02)
    with server.connect() as connection:
        assert connection.execute(select(SyncConflict.resolution)).scalars().all() == ["server"]


@pytest.mark.parametrize("kind", ["calendar_day", "signer"])
def test_a_retried_insert_of_a_row_deleted_since_does_not_bring_it_back(
    desks: tuple[Database, Database], proxy: TcpProxy, server: Engine, kind: str
) -> None:
    """D01's push of a new record is stored, but D01 dies before it hears so; D02 deletes the record."""
    d01, d02 = desks
    with d01.sessions.begin() as session:
        if kind == "calendar_day":
            save_day(session, ADMIN, CHRISTMAS_EVE, is_day_off=True, name="Quyết định 12/QĐ-UBND")
            record = day_id(CHRISTMAS_EVE)
        else:
            signer = Signer(
                office_id=session.scalars(select(Office.id)).one(), full_name="Lê Văn Tám", position="Ủy viên"
            )
            session.add(signer)
            session.flush()
            record = signer.id

    def crash(reached: str) -> None:
        if reached == "push.after_server_commit":
            proxy.cut()
            raise CrashError

    with pytest.raises(CrashError):
        sync.sync_once(d01, "D01", hook=crash)
    proxy.restore()
    _round(d02)
    _delete_record(d02, kind, record)
    _round(d02, d01, d02)
    _settled(d01, d02)
    assert [_present(where, kind, record) for where in (server, d01, d02)] == [False] * 3
    assert _conflicts(d01) == _conflicts(d02) == []
    with d01.sessions() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.pushed_at.is_(None))) == 0


def test_an_edit_of_a_day_removed_and_declared_again_elsewhere_is_a_conflict_not_an_overwrite(
    desks: tuple[Database, Database], proxy: TcpProxy, server: Engine
) -> None:
    """D02's edit was made on the first declaration (version 1); D01 removed it and declared the day
    again, which starts again at version 1. The version alone cannot tell them apart: the edit must
    not silently replace the new declaration."""
    d01, d02 = desks
    _declare(d01, CHRISTMAS_EVE, off=True, name="Quyết định 12/QĐ-UBND")
    _round(d01, d02)
    proxy.cut()
    with d01.sessions.begin() as session:
        remove_day(session, ADMIN, CHRISTMAS_EVE)
    _declare(d01, CHRISTMAS_EVE, off=False, name="Làm bù theo Công văn 5/UBND")
    _declare(d02, CHRISTMAS_EVE, off=True, name="Quyết định 12/QĐ-UBND, sửa đổi")
    proxy.restore()
    _round(d01, d02, d01)
    _settled(d01, d02)
    redeclared = [OfficeDay(CHRISTMAS_EVE, False, "Làm bù theo Công văn 5/UBND")]
    assert _calendar(server) == _calendar(d01) == _calendar(d02) == redeclared
    [conflict] = _conflicts(d02)
    assert conflict.entity == "calendar_day"


def test_an_edit_saved_while_the_pull_brings_the_removal_and_the_new_declaration_is_a_conflict(
    desks: tuple[Database, Database], server: Engine
) -> None:
    """The same race, the edit saved on D02 while its pull runs: the pull removes the row (the
    delete wins) and leaves the new declaration for the push to settle."""
    d01, d02 = desks
    _declare(d01, CHRISTMAS_EVE, off=True, name="Quyết định 12/QĐ-UBND")
    _round(d01, d02)
    with d01.sessions.begin() as session:
        remove_day(session, ADMIN, CHRISTMAS_EVE)
    _declare(d01, CHRISTMAS_EVE, off=False, name="Làm bù theo Công văn 5/UBND")
    _round(d01)
    edited: list[str] = []

    def edit_once(stage: str) -> None:
        if stage == "pull.batch" and not edited:
            edited.append(stage)
            _declare(d02, CHRISTMAS_EVE, off=True, name="Quyết định 12/QĐ-UBND, sửa đổi")

    sync.sync_once(d02, "D02", hook=edit_once)
    assert edited
    _round(d02, d01, d02)
    _settled(d01, d02)
    redeclared = [OfficeDay(CHRISTMAS_EVE, False, "Làm bù theo Công văn 5/UBND")]
    assert _calendar(server) == _calendar(d01) == _calendar(d02) == redeclared
    [conflict] = _conflicts(d02)
    assert conflict.entity == "calendar_day"
