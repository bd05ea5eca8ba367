"""Office mode against the real PostgreSQL server, with a loopback proxy that cuts the link."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from db.models import OutboxEntry, SyncConflict, Visit
from db.session import make_engine
from desktop.core.access import NOBODY
from desktop.core.database import Database, open_database
from desktop.core.errors import ConflictError
from desktop.core.office import get_office, save_office
from desktop.core.office_mode import sync
from desktop.core.office_mode.joining import join_office
from desktop.core.office_mode.server import SchemaMismatchError, ServerUnavailableError
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, make_draft, make_petition_draft
from tests.helpers.tcpproxy import TcpProxy

pytestmark = pytest.mark.postgres
NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)


class CutError(Exception):
    """The hook's way of pulling the plug at a chosen moment."""


@pytest.fixture
def make_reopened_desk(fresh_pg_url: str, proxy: TcpProxy, tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    """Like tests/core/conftest.py's make_desk, but the desk is opened again after joining, as at a restart."""
    opened: list[Database] = []

    def make(code: str) -> Database:
        folder = tmp_path / f"desk-{code}"
        local = open_database(data_dir=folder)
        join_office(local, proxy.url(fresh_pg_url), code)
        local.dispose()
        database = open_database(data_dir=folder)  # reopened: sessions now write the outbox
        opened.append(database)
        return database

    yield make
    for database in opened:
        database.dispose()


def _save(database: Database, code: str, count: int) -> list[str]:
    serials = []
    for _ in range(count):
        with database.sessions.begin() as session:
            serials.append(register_visit(session, make_draft(), desk_code=code, now=NOW, actor=ADMIN).visit.serial)
    return serials


def _server_serials(url: str) -> list[str]:
    engine = make_engine(url)
    with engine.connect() as connection:
        serials = list(connection.execute(select(Visit.serial)).scalars())
    engine.dispose()
    return serials


def _pending(database: Database) -> int:
    return sync.status(database).pending


def test_visits_flow_to_the_server_and_to_the_other_desk(
    make_reopened_desk: Callable[[str], Database], fresh_pg_url: str
) -> None:
    d01, d02 = make_reopened_desk("D01"), make_reopened_desk("D02")
    _save(d01, "D01", 3)
    _save(d02, "D02", 2)
    assert sync.sync_once(d01, "D01").pushed > 0
    assert sync.sync_once(d02, "D02").pulled > 0
    sync.sync_once(d01, "D01")
    assert sorted(_server_serials(fresh_pg_url)) == sorted(
        [f"D01-2026-00000{n}" for n in (1, 2, 3)] + [f"D02-2026-00000{n}" for n in (1, 2)]
    )
    for desk in (d01, d02):
        with desk.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Visit)) == 5
        assert _pending(desk) == 0
    with d02.sessions() as session:  # the office profile prepared on the server reached the desk
        office = get_office(session)
    assert office is not None
    assert office.agency_name == "Ban Tiếp công dân tỉnh An Giang"


def test_desk_code_taken_by_another_desk_is_refused(
    make_reopened_desk: Callable[[str], Database], fresh_pg_url: str, proxy: TcpProxy, tmp_path: Path
) -> None:
    make_reopened_desk("D05")
    other = open_database(data_dir=tmp_path / "other")
    with pytest.raises(ConflictError, match="D05"):
        join_office(other, proxy.url(fresh_pg_url), "D05")
    other.dispose()


def test_server_away_before_push_loses_nothing(
    make_reopened_desk: Callable[[str], Database], proxy: TcpProxy, fresh_pg_url: str
) -> None:
    d01 = make_reopened_desk("D01")
    proxy.cut()
    serials = _save(d01, "D01", 4)  # the desk keeps working and numbering offline
    with pytest.raises(ServerUnavailableError):
        sync.sync_once(d01, "D01")
    state = sync.status(d01)
    assert state.offline_since is not None
    assert state.pending > 0
    proxy.restore()
    sync.sync_once(d01, "D01")
    assert sorted(_server_serials(fresh_pg_url)) == serials
    assert sync.status(d01).offline_since is None


@pytest.mark.parametrize("stage", ["push.batch", "push.before_commit"])
def test_cut_during_push_commits_nothing_then_retry_completes(
    make_reopened_desk: Callable[[str], Database], proxy: TcpProxy, fresh_pg_url: str, stage: str
) -> None:
    d01 = make_reopened_desk("D01")
    serials = _save(d01, "D01", 3)

    def cut_at(reached: str) -> None:
        if reached == stage:
            proxy.cut()

    with pytest.raises(ServerUnavailableError):
        sync.sync_once(d01, "D01", hook=cut_at)
    assert _server_serials(fresh_pg_url) == []
    assert _pending(d01) > 0
    proxy.restore()
    sync.sync_once(d01, "D01")
    assert sorted(_server_serials(fresh_pg_url)) == serials


def test_lost_acknowledgement_is_retried_without_doubling(
    make_reopened_desk: Callable[[str], Database], proxy: TcpProxy, fresh_pg_url: str
) -> None:
    d01 = make_reopened_desk("D01")
    serials = _save(d01, "D01", 3)

    def crash_after_commit(reached: str) -> None:
        if reached == "push.after_server_commit":
            proxy.cut()
            raise CutError  # the desk dies between the server's COMMIT and its own acknowledgement

    with pytest.raises(CutError):
        sync.sync_once(d01, "D01", hook=crash_after_commit)
    assert sorted(_server_serials(fresh_pg_url)) == serials
    assert _pending(d01) > 0  # not acknowledged: will be sent again
    proxy.restore()
    result = sync.sync_once(d01, "D01")
    assert result.pushed > 0
    assert sorted(_server_serials(fresh_pg_url)) == serials  # nothing doubled
    engine = make_engine(fresh_pg_url)
    with engine.connect() as connection:
        changes = connection.execute(text("SELECT count(*) FROM server_change WHERE entity = 'visit'")).scalar()
    engine.dispose()
    assert changes == 3


def test_cut_during_pull_keeps_the_cursor(make_reopened_desk: Callable[[str], Database], proxy: TcpProxy) -> None:
    d01, d02 = make_reopened_desk("D01"), make_reopened_desk("D02")
    _save(d01, "D01", 3)
    sync.sync_once(d01, "D01")
    before = sync.status(d02).cursor

    def cut_on_pull(reached: str) -> None:
        if reached == "pull.batch":
            proxy.cut()
            raise CutError

    with pytest.raises(CutError):
        sync.sync_once(d02, "D02", hook=cut_on_pull)
    assert sync.status(d02).cursor == before
    proxy.restore()
    sync.sync_once(d02, "D02")
    with d02.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Visit)) == 3


@pytest.mark.parametrize("first", ["D01", "D02"])
def test_two_desks_offline_together_then_back_in_either_order(
    make_reopened_desk: Callable[[str], Database], proxy: TcpProxy, fresh_pg_url: str, first: str
) -> None:
    desks = {"D01": make_reopened_desk("D01"), "D02": make_reopened_desk("D02")}
    proxy.cut()
    made = _save(desks["D01"], "D01", 5) + _save(desks["D02"], "D02", 4)
    proxy.restore()
    second = "D02" if first == "D01" else "D01"
    for code in (first, second, first):
        sync.sync_once(desks[code], code)
    server = _server_serials(fresh_pg_url)
    assert sorted(server) == sorted(made)
    assert len(set(server)) == len(server)
    for database in desks.values():
        with database.sessions() as session:
            assert sorted(session.scalars(select(Visit.serial))) == sorted(made)


def test_concurrent_edits_of_the_office_profile_become_a_conflict(
    make_reopened_desk: Callable[[str], Database], proxy: TcpProxy, fresh_pg_url: str
) -> None:
    from dataclasses import replace

    d01, d02 = make_reopened_desk("D01"), make_reopened_desk("D02")
    sync.sync_once(d01, "D01")
    sync.sync_once(d02, "D02")
    proxy.cut()
    for database, phone in ((d01, "02963111111"), (d02, "02963222222")):
        with database.sessions.begin() as session:
            profile = get_office(session)
            assert profile is not None
            save_office(session, replace(profile, phone=phone))
    proxy.restore()
    assert sync.sync_once(d01, "D01").conflicts == 0
    result = sync.sync_once(d02, "D02")
    assert result.conflicts == 1
    engine = make_engine(fresh_pg_url)
    with engine.connect() as connection:
        conflict = connection.execute(select(SyncConflict)).mappings().one()
    engine.dispose()
    assert conflict["desk_payload"]["phone"] == "02963222222"
    assert conflict["server_payload"]["phone"] == "02963111111"
    with d02.sessions() as session:  # the desk shows the server's version until a person decides
        assert get_office(session).phone == "02963111111"  # type: ignore[union-attr]
    assert sync.status(d02).open_conflicts == 1


def test_server_schema_older_than_the_desk_is_refused_without_writes(
    make_reopened_desk: Callable[[str], Database], fresh_pg_url: str
) -> None:
    d01 = make_reopened_desk("D01")
    _save(d01, "D01", 2)
    engine = make_engine(fresh_pg_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    with pytest.raises(SchemaMismatchError, match="0001"):
        sync.sync_once(d01, "D01")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    with pytest.raises(SchemaMismatchError, match="TiepDan"):
        sync.sync_once(d01, "D01")
    engine.dispose()
    assert _server_serials(fresh_pg_url) == []
    with d01.sessions() as session:
        assert session.scalar(select(func.count()).select_from(OutboxEntry).where(OutboxEntry.pushed_at.is_(None)))


def test_default_fields_made_on_two_desks_apart_are_the_same_rows(
    make_reopened_desk: Callable[[str], Database], proxy: TcpProxy, fresh_pg_url: str
) -> None:
    from db.models import FieldOfLaw
    from desktop.core.cases.petitions import ensure_fields

    d01, d02 = make_reopened_desk("D01"), make_reopened_desk("D02")
    proxy.cut()
    for desk in (d01, d02):
        with desk.sessions.begin() as session:
            ensure_fields(session)
    proxy.restore()
    for desk, code in ((d01, "D01"), (d02, "D02"), (d01, "D01")):
        sync.sync_once(desk, code)
        assert sync.status(desk).pending == 0
    engine = make_engine(fresh_pg_url)
    with engine.connect() as connection:
        codes = list(connection.execute(select(FieldOfLaw.code)).scalars())
    engine.dispose()
    assert sorted(codes) == sorted(set(codes))
    assert len(codes) == 8


def test_single_desk_with_history_joins_a_server_that_knew_its_code(
    database: Database, proxy: TcpProxy, fresh_pg_url: str
) -> None:
    """The server was prepared with desk D01 (another row id); this desk's visits move onto it."""
    serials = _save(database, "D01", 3)
    join_office(database, proxy.url(fresh_pg_url), "D01")
    database.dispose()
    desk = open_database(data_dir=database.data_dir)
    try:
        assert sync.sync_once(desk, "D01").pushed > 0
        assert sync.status(desk).pending == 0
        assert sorted(_server_serials(fresh_pg_url)) == serials
    finally:
        desk.dispose()


def test_desk_joining_under_another_code_drops_its_unused_old_desk_row(
    database: Database, proxy: TcpProxy, fresh_pg_url: str
) -> None:
    join_office(database, proxy.url(fresh_pg_url), "D03")  # the template knew itself as D01, with no records
    database.dispose()
    desk = open_database(data_dir=database.data_dir)
    try:
        _save(desk, "D03", 1)
        sync.sync_once(desk, "D03")
        assert sync.status(desk).pending == 0
    finally:
        desk.dispose()


def test_desk_with_records_of_a_code_the_server_gives_another_desk_is_refused(
    database: Database, proxy: TcpProxy, fresh_pg_url: str
) -> None:
    _save(database, "D01", 1)  # records of the local D01, which the server knows as its own D01 row
    with pytest.raises(ConflictError, match="D01"):
        join_office(database, proxy.url(fresh_pg_url), "D04")
    with database.sessions() as session:
        from desktop.core.office import get_setting

        assert get_setting(session, "mode") == ""  # nothing changed: still a single desk
    from db.models import Desk

    engine = make_engine(fresh_pg_url)
    with engine.connect() as connection:
        assert connection.execute(select(Desk.id).where(Desk.code == "D04")).first() is None  # not claimed
    engine.dispose()


def test_petitions_cases_and_letters_flow_between_desks(
    make_reopened_desk: Callable[[str], Database], proxy: TcpProxy
) -> None:
    """The tables of petitions and cases travel like visits, made offline included."""
    from db.enums import DocumentKind, PetitionDecision
    from desktop.core.cases.case_files import case_view
    from desktop.core.cases.handling import decide_petition
    from desktop.core.cases.letters import issue_letter
    from desktop.core.cases.petitions import register_petition

    d01, d02 = make_reopened_desk("D01"), make_reopened_desk("D02")
    sync.sync_once(d01, "D01")  # reserves official number blocks while online
    proxy.cut()
    today = dt.date(2026, 3, 20)
    with d01.sessions.begin() as session:
        number = register_petition(session, make_petition_draft(), desk_code="D01", today=today, actor=ADMIN).number
        case = decide_petition(
            session, number, PetitionDecision.ACCEPT, on=dt.date(2026, 3, 9), desk_code="D01", today=today, actor=ADMIN
        ).case_number
        letter = issue_letter(
            session, DocumentKind.ACCEPTANCE, number, data_dir=d01.data_dir, today=today, viewer=NOBODY
        )
    proxy.restore()
    sync.sync_once(d01, "D01")
    sync.sync_once(d02, "D02")
    from db.models import IssuedDocument

    with d02.sessions() as session:
        view = case_view(session, case, actor=NOBODY)
        registered = list(session.scalars(select(IssuedDocument.number)))
    assert registered == [letter.number]  # the outgoing register reached the other desk
    assert view.petition_number == number
    assert view.state == "verifying"
    assert view.due_on is not None
    assert letter.number.endswith("/TB-UBND")  # the authority's series, reserved in blocks while online too


def test_leader_conclusion_flows_between_desks(make_reopened_desk: Callable[[str], Database], proxy: TcpProxy) -> None:
    """A conclusion notice made offline on D01, then its result, reach D02 with its register entry."""
    from db.enums import DocumentKind, ReceivedBy, ReceptionKind
    from db.models import IssuedDocument
    from desktop.core.cases.board import deadline_board
    from desktop.core.reception.conclusions import conclusion_of_visit, issue_conclusion, record_result

    d01, d02 = make_reopened_desk("D01"), make_reopened_desk("D02")
    sync.sync_once(d01, "D01")  # reserves official number blocks while online
    proxy.cut()
    today = dt.date(2026, 3, 5)
    draft = make_draft(reception_kind=ReceptionKind.PERIODIC, received_by=ReceivedBy.LEADER, leader_name="Lê Văn Tám")
    with d01.sessions.begin() as session:
        serial = register_visit(session, draft, desk_code="D01", now=NOW, actor=ADMIN).visit.serial
        issued = issue_conclusion(
            session,
            serial,
            directions="Giao UBND xã Mỹ Hòa Hưng kiểm tra, trả lời công dân",
            bodies="UBND xã Mỹ Hòa Hưng",
            due_on=dt.date(2026, 3, 20),
            data_dir=d01.data_dir,
            today=today,
        )
    proxy.restore()
    sync.sync_once(d01, "D01")
    sync.sync_once(d02, "D02")
    with d02.sessions() as session:
        view = conclusion_of_visit(session, serial, actor=NOBODY)
        registered = list(session.execute(select(IssuedDocument.kind, IssuedDocument.number)))
        (row,) = deadline_board(session, today=dt.date(2026, 3, 10), actor=NOBODY)
    assert view is not None
    assert (view.number, view.due_on, view.state) == (issued.number, dt.date(2026, 3, 20), "waiting_result")
    assert registered == [(DocumentKind.CONCLUSION, issued.number)]
    assert issued.number.endswith("/TB-BTCD")
    assert (row.kind, row.reference) == ("conclusion", serial)
    with d02.sessions.begin() as session:  # the other desk records the bodies' result
        record_result(session, serial, result_on=dt.date(2026, 3, 18), note="Đã trả lời", today=dt.date(2026, 3, 18))
    sync.sync_once(d02, "D02")
    sync.sync_once(d01, "D01")
    with d01.sessions() as session:
        back = conclusion_of_visit(session, serial, actor=NOBODY)
    assert back is not None
    assert (back.result_on, back.state) == (dt.date(2026, 3, 18), "inform_citizen")


def test_two_offline_edits_on_one_desk_against_one_on_another_converge(
    make_reopened_desk: Callable[[str], Database], proxy: TcpProxy, fresh_pg_url: str
) -> None:
    """The second edit of a record in conflict must not overwrite the other desk's version."""
    from dataclasses import replace

    from db.models import Office
    from desktop.core.office_mode.conflicts import list_conflicts, resolve_conflict

    d01, d02 = make_reopened_desk("D01"), make_reopened_desk("D02")
    for desk, code in ((d01, "D01"), (d02, "D02")):
        sync.sync_once(desk, code)
    proxy.cut()
    for desk, phones in ((d01, ("02963111111", "02963333333")), (d02, ("02963222222",))):
        for phone in phones:
            with desk.sessions.begin() as session:
                profile = get_office(session)
                assert profile is not None
                save_office(session, replace(profile, phone=phone))
    proxy.restore()
    sync.sync_once(d02, "D02")
    assert sync.sync_once(d01, "D01").conflicts == 1

    def phones() -> tuple[str, str, str]:
        engine = make_engine(fresh_pg_url)
        with engine.connect() as connection:
            server = connection.execute(select(Office.phone)).scalar_one()
        engine.dispose()
        values = []
        for desk in (d01, d02):
            with desk.sessions() as session:
                values.append(get_office(session).phone)  # type: ignore[union-attr]
        return server, values[0], values[1]

    for desk, code in ((d01, "D01"), (d02, "D02")):
        sync.sync_once(desk, code)
    assert phones() == ("02963222222",) * 3  # the server kept D02's version; D01 shows it too
    with d01.sessions() as session:
        [conflict] = list_conflicts(session, actor=NOBODY)
    assert [d.desk_value for d in conflict.differences] == ["02963333333"]  # D01's latest edit is kept
    resolve_conflict(d01, conflict.id, "desk", "Trưởng ban")
    for desk, code in ((d01, "D01"), (d02, "D02")):
        sync.sync_once(desk, code)
    assert phones() == ("02963333333",) * 3


def test_a_repeat_link_and_an_old_id_number_reach_the_other_desk(
    make_reopened_desk: Callable[[str], Database], fresh_pg_url: str
) -> None:
    """Migration 0014's columns travel like every column (docs/scanning.md#repeat-visits)."""
    from desktop.core.reception.returning import earlier_people
    from tests.builders import make_citizen

    d01, d02 = make_reopened_desk("D01"), make_reopened_desk("D02")
    (first,) = _save(d01, "D01", 1)
    sync.sync_once(d01, "D01")
    sync.sync_once(d02, "D02")
    with d02.sessions.begin() as session:
        draft = make_draft(make_citizen(old_id_number="351234567"), repeat_of=first)
        second = register_visit(session, draft, desk_code="D02", now=NOW, actor=ADMIN).visit.serial
    sync.sync_once(d02, "D02")
    sync.sync_once(d01, "D01")
    with d01.sessions() as session:
        rows = {v.serial: v for v in session.scalars(select(Visit))}
        (person,) = earlier_people(session, actor=ADMIN, id_number="351234567")
    assert rows[second].repeat_of_id == rows[first].id
    assert rows[second].repeat_checked
    assert person.old_id_number == "351234567"
