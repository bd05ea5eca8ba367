"""A change the server refuses never stops the outbox: it is set aside with its dependants, the rest flows.

Against the real PostgreSQL through the loopback proxy. The refused rows are written straight into the
desk's SQLite through the ORM (tests/helpers/poison.py), past the input validation that refuses them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from db.models import Citizen, OutboxEntry, Visit
from db.session import make_engine
from desktop.core.access import NOBODY
from desktop.core.database import Database
from desktop.core.office_mode import sync
from desktop.core.office_mode.rejections import keep_local, list_rejections, retry_rejection
from desktop.core.office_mode.server import ServerUnavailableError
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, make_citizen, make_draft
from tests.helpers.poison import LONG_ID, LONG_NAME, NUL_ADDRESS, REASONS, save_poisoned_citizen, save_poisoned_visit
from tests.helpers.tcpproxy import TcpProxy

pytestmark = pytest.mark.postgres
NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)


def _save(database: Database, code: str, n: int) -> str:
    draft = make_draft(make_citizen(id_number=f"0891859{n:05d}"))
    with database.sessions.begin() as session:
        return register_visit(session, draft, desk_code=code, now=NOW, actor=ADMIN).visit.serial


def _server_serials(url: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as connection:
        serials = set(connection.execute(select(Visit.serial)).scalars())
    engine.dispose()
    return serials


def _local_serials(database: Database) -> set[str]:
    with database.sessions() as session:
        return set(session.scalars(select(Visit.serial)))


def _server_citizens(url: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as connection:
        ids = {str(i) for i in connection.execute(select(Citizen.id)).scalars()}
    engine.dispose()
    return ids


def _office(make_desk: Callable[[str], Database]) -> tuple[Database, Database]:
    d01, d02 = make_desk("D01"), make_desk("D02")
    for desk, code in ((d01, "D01"), (d02, "D02")):
        sync.sync_once(desk, code)
    return d01, d02


def _tiepdan(database: Database, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TIEPDAN_DATA_DIR": str(database.data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def _poisoned_office(make_desk: Callable[[str], Database]) -> tuple[Database, Database, dict[str, str]]:
    """D01 saves a valid visit, three refused records (two inside visits), then valid visits again."""
    d01, d02 = _office(make_desk)
    made = {"valid-1": _save(d01, "D01", 1)}
    made["long_name"] = save_poisoned_visit(d01, "D01", "long_name", n=1, now=NOW)
    made["nul_address"] = save_poisoned_citizen(d01, "nul_address", n=2)
    made["long_id"] = save_poisoned_visit(d01, "D01", "long_id", n=3, now=NOW)
    made["valid-2"] = _save(d01, "D01", 2)
    made["valid-3"] = _save(d01, "D01", 3)
    return d01, d02, made


def test_refused_entries_are_set_aside_and_everything_else_reaches_the_other_desk(
    make_desk: Callable[[str], Database], fresh_pg_url: str
) -> None:
    d01, d02, made = _poisoned_office(make_desk)
    result = sync.sync_once(d01, "D01")  # no exception: the server refused rows, it is not away
    valid = {made["valid-1"], made["valid-2"], made["valid-3"]}
    assert _server_serials(fresh_pg_url) == valid
    sync.sync_once(d02, "D02")
    assert _local_serials(d02) == valid
    assert _local_serials(d01) == valid | {made["long_name"], made["long_id"]}  # nothing deleted

    state = sync.status(d01)
    assert state.online
    assert state.offline_since is None
    assert state.pending == 0
    assert state.rejected == result.rejected > 3
    with d01.sessions() as session:
        views = list_rejections(session, actor=NOBODY)
        stored = dict(
            session.execute(
                select(OutboxEntry.seq, OutboxEntry.rejected_reason).where(OutboxEntry.rejected_at.isnot(None))
            ).all()
        )
    assert len(views) == state.rejected
    culprits = [view for view in views if view.is_culprit]
    assert sorted(stored[view.seq] for view in culprits) == sorted(REASONS.values())
    assert {view.entity for view in culprits} == {"citizen"}
    for text in stored.values():  # the stored reasons name columns, never the values refused
        assert not any(value in text for value in (LONG_NAME, NUL_ADDRESS, LONG_ID, "Độc"))

    # The refused citizens' visits are held back with them: a visit, its participants and documents.
    held_visits = {view.record for view in views if view.entity == "visit"}
    assert held_visits == {made["long_name"], made["long_id"]}
    # Each group: the citizen, its participant, the visit, the visit's other participant, two documents.
    assert sorted(Counter(view.group for view in views).values()) == [1, 6, 6]
    in_words = {view.reason for view in culprits}
    assert any("tối đa 200 ký tự" in reason for reason in in_words)  # the name, varchar(200)
    assert any("tối đa 20 ký tự" in reason for reason in in_words)  # the ID number, varchar(20)
    assert any("NUL" in reason for reason in in_words)
    assert all(view.advice for view in views)
    assert any(f"({_visit_words(made['long_name'])})" in view.record for view in views)

    # A later round sends what came since and keeps the refused ones aside, without trying them again.
    later = _save(d01, "D01", 4)
    again = sync.sync_once(d01, "D01")
    assert (again.pushed > 0, again.rejected) == (True, 0)
    assert later in _server_serials(fresh_pg_url)
    assert made["nul_address"] not in _server_citizens(fresh_pg_url)

    status = json.loads(_tiepdan(d01, "sync", "--status", "--json").stdout)
    assert (status["rejected"], status["pending"], status["online"]) == (state.rejected, 0, True)
    plain = _tiepdan(d01, "sync", "--status").stdout
    assert f"máy chủ từ chối: {state.rejected}" in plain.lower()


def _visit_words(serial: str) -> str:
    from desktop.core.i18n import _

    return _("visit {number}").format(number=serial)


def test_a_corrected_record_is_sent_again_on_retry_and_a_kept_one_never(
    make_desk: Callable[[str], Database], fresh_pg_url: str
) -> None:
    d01, d02, made = _poisoned_office(make_desk)
    sync.sync_once(d01, "D01")
    with d01.sessions.begin() as session:  # the receptionist corrects the name (a new outbox entry)
        citizen = session.scalars(select(Citizen).where(Citizen.full_name == LONG_NAME)).one()
        citizen.full_name = "Nguyễn Văn Trường"
    sync.sync_once(d01, "D01")  # the correction waits with the refused insert it follows
    with d01.sessions() as session:
        views = list_rejections(session, actor=NOBODY)
    long_name = next(view for view in views if view.is_culprit and "200" in view.reason)
    assert sum(1 for view in views if view.group == long_name.group) == 7  # the correction joined its group
    assert made["long_name"] not in _server_serials(fresh_pg_url)

    assert retry_rejection(d01, long_name.seq) == 7
    assert sync.status(d01).pending == 7
    result = sync.sync_once(d01, "D01")
    assert result.rejected == 0
    assert made["long_name"] in _server_serials(fresh_pg_url)
    sync.sync_once(d02, "D02")
    assert made["long_name"] in _local_serials(d02)
    with d02.sessions() as session:
        names = set(session.scalars(select(Citizen.full_name)))
    assert "Nguyễn Văn Trường" in names

    # Keeping the NUL address on this desk: it stays listed, is never sent, and nothing is deleted.
    with d01.sessions() as session:
        views = list_rejections(session, actor=NOBODY)
    nul = next(view for view in views if view.is_culprit and "NUL" in view.reason)
    assert keep_local(d01, nul.seq) == 1
    state = sync.status(d01)
    assert (state.kept_local, state.rejected) == (1, sum(1 for view in views if view.group != nul.group))
    sync.sync_once(d01, "D01")
    assert made["nul_address"] not in _server_citizens(fresh_pg_url)
    with d01.sessions() as session:
        kept = [view for view in list_rejections(session, actor=NOBODY) if view.kept_local]
        assert session.get(Citizen, kept[0].entity_id) is not None
    assert [view.seq for view in kept] == [nul.seq]

    # A change kept local can still be sent later: still refused, it comes back as refused.
    retry_rejection(d01, nul.seq)
    assert sync.sync_once(d01, "D01").rejected == 1
    assert sync.status(d01).kept_local == 0


def test_an_outage_is_still_offline_and_refuses_nothing(
    make_desk: Callable[[str], Database], proxy: TcpProxy, fresh_pg_url: str
) -> None:
    d01, _d02 = _office(make_desk)
    save_poisoned_visit(d01, "D01", "long_name", n=1, now=NOW)
    _save(d01, "D01", 1)

    def cut_at_commit(stage: str) -> None:
        if stage == "push.before_commit":
            proxy.cut()

    for hook in (None, cut_at_commit):
        if hook is None:
            proxy.cut()
        with pytest.raises(ServerUnavailableError):
            sync.sync_once(d01, "D01", hook=hook)
        proxy.restore()
        state = sync.status(d01)
        assert state.offline_since is not None
        assert (state.rejected, state.kept_local) == (0, 0)
        assert state.pending > 0
        with d01.sessions() as session:
            assert session.scalar(select(func.count()).where(OutboxEntry.rejected_at.isnot(None))) == 0
    assert _server_serials(fresh_pg_url) == set()
    sync.sync_once(d01, "D01")
    assert len(_server_serials(fresh_pg_url)) == 1
    assert sync.status(d01).rejected > 0


def test_a_server_error_that_is_neither_an_outage_nor_a_refused_row_is_a_bug_not_offline(
    make_desk: Callable[[str], Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import Engine, text
    from sqlalchemy.exc import ProgrammingError

    d01, _d02 = _office(make_desk)

    def broken_top_up(_database: Database, server: Engine, *_args: object) -> None:
        with server.connect() as connection:
            connection.execute(text("SELECT no_such_column FROM visit"))

    monkeypatch.setattr(sync, "top_up", broken_top_up)
    with pytest.raises(ProgrammingError):
        sync.sync_once(d01, "D01")
    state = sync.status(d01)
    assert state.offline_since is None
    assert state.online
