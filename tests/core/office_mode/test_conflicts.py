"""Sync conflicts: listed with the fields that differ, resolved for the server's or the desk's version."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import select

from db.models import Office, SyncConflict
from db.session import make_engine
from desktop.core.access import NOBODY
from desktop.core.database import Database
from desktop.core.errors import ConflictError, NotFoundError
from desktop.core.i18n import _
from desktop.core.office import get_office, save_office
from desktop.core.office_mode import sync
from desktop.core.office_mode.conflicts import list_conflicts, resolve_conflict
from tests.helpers.office_desks import DESK_PHONE, SERVER_PHONE, add_office_conflict
from tests.helpers.tcpproxy import TcpProxy


def test_conflict_lists_only_the_fields_that_differ(database: Database) -> None:
    add_office_conflict(database)
    with database.sessions() as session:
        [view] = list_conflicts(session, actor=NOBODY)
    assert view.entity == "office"
    assert view.entity_label == _("Office profile")
    assert view.record == "Ban Tiếp công dân tỉnh An Giang"
    assert [(d.field, d.desk_value, d.server_value) for d in view.differences] == [
        ("address", "", "Số 05 Lê Triệu Kiết, phường Long Xuyên, tỉnh An Giang"),
        ("phone", DESK_PHONE, SERVER_PHONE),
    ]
    assert view.differences[1].label == _("Phone")


def test_keeping_the_server_version_only_closes_the_conflict(database: Database) -> None:
    conflict_id = add_office_conflict(database)
    resolve_conflict(database, conflict_id, "server", "Lê Thị Hồng")
    with database.sessions() as session:
        assert list_conflicts(session, actor=NOBODY) == []
        assert get_office(session).phone == SERVER_PHONE  # type: ignore[union-attr]
        conflict = session.get(SyncConflict, conflict_id)
        assert conflict is not None
        assert (conflict.resolution, conflict.resolved_by) == ("server", "Lê Thị Hồng")
        assert conflict.resolved_at is not None


def test_a_conflict_is_resolved_once(database: Database) -> None:
    conflict_id = add_office_conflict(database)
    resolve_conflict(database, conflict_id, "server", "Lê Thị Hồng")
    with pytest.raises(ConflictError, match="Lê Thị Hồng"):
        resolve_conflict(database, conflict_id, "desk", "Trần Văn An")
    with pytest.raises(NotFoundError):
        resolve_conflict(database, uuid.uuid4(), "desk", "Trần Văn An")


@pytest.mark.postgres
def test_keeping_the_desk_version_reaches_the_server_and_the_other_desk(
    make_desk: Callable[[str], Database], proxy: TcpProxy, fresh_pg_url: str
) -> None:
    d01, d02 = make_desk("D01"), make_desk("D02")
    sync.sync_once(d01, "D01")
    sync.sync_once(d02, "D02")
    proxy.cut()
    for database, phone in ((d01, SERVER_PHONE), (d02, DESK_PHONE)):
        with database.sessions.begin() as session:
            profile = get_office(session)
            assert profile is not None
            save_office(session, replace(profile, phone=phone))
    proxy.restore()
    sync.sync_once(d01, "D01")
    assert sync.sync_once(d02, "D02").conflicts == 1
    with d02.sessions() as session:
        [view] = list_conflicts(session, actor=NOBODY)
    assert [(d.field, d.desk_value, d.server_value) for d in view.differences] == [("phone", DESK_PHONE, SERVER_PHONE)]

    resolve_conflict(d02, view.id, "desk", "Lê Thị Hồng")
    state = sync.status(d02)
    assert (state.open_conflicts, state.pending) == (0, 1)
    with d02.sessions() as session:
        assert get_office(session).phone == DESK_PHONE  # type: ignore[union-attr]
    assert sync.sync_once(d02, "D02").conflicts == 0
    engine = make_engine(fresh_pg_url)
    with engine.connect() as connection:
        assert connection.execute(select(Office.phone)).scalar_one() == DESK_PHONE
    engine.dispose()
    sync.sync_once(d01, "D01")
    with d01.sessions() as session:
        assert get_office(session).phone == DESK_PHONE  # type: ignore[union-attr]
    with d02.sessions() as session:
        conflict = session.get(SyncConflict, view.id)
        assert conflict is not None
        assert (conflict.resolution, conflict.resolved_by) == ("desk", "Lê Thị Hồng")
    engine = make_engine(fresh_pg_url)
    with engine.connect() as connection:  # the server's copy of the conflict is closed too
        on_server = connection.execute(select(SyncConflict.resolution, SyncConflict.resolved_by)).one()
    engine.dispose()
    assert tuple(on_server) == ("desk", "Lê Thị Hồng")
