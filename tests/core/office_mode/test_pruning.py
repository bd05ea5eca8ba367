"""The server's change log forgets what every desk has pulled, and a desk joining later still gets everything."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, func, select, text

from db.models import ServerChange, Visit
from db.session import make_engine
from desktop.core.database import Database
from desktop.core.office_mode import pruning, sync
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, make_draft

pytestmark = pytest.mark.postgres


@pytest.fixture
def admin(fresh_pg_url: str) -> Iterator[Engine]:
    engine = make_engine(fresh_pg_url)
    yield engine
    engine.dispose()


def _save(database: Database, code: str, count: int) -> None:
    for _ in range(count):
        with database.sessions.begin() as session:
            register_visit(session, make_draft(), desk_code=code, actor=ADMIN)


def _age_everything(admin: Engine) -> None:
    """As if every change so far was written 200 days ago."""
    with admin.begin() as connection:
        connection.execute(text("UPDATE server_change SET changed_at = now() - interval '200 days'"))


def _log(admin: Engine) -> set[int]:
    with admin.connect() as connection:
        return set(connection.execute(select(ServerChange.seq)).scalars())


def _visits(database: Database) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(Visit)) or 0


def test_rows_go_only_once_every_desk_has_pulled_them_and_a_new_desk_gets_a_snapshot(
    make_desk: Callable[[str], Database], admin: Engine
) -> None:
    first, second = make_desk("D02"), make_desk("D03")
    _save(first, "D02", 3)
    sync.sync_once(first, "D02")
    sync.sync_once(second, "D03")  # pulls the visits; its progress is reported by its next round
    before = _log(admin)
    assert before
    _age_everything(admin)
    assert pruning.prune(admin).changes == 0  # D03 has not said it pulled them: everything stays
    assert _log(admin) == before

    for desk, code in ((second, "D03"), (first, "D02"), (second, "D03"), (first, "D02")):
        sync.sync_once(desk, code)  # each round reports progress, then prunes a batch
    with admin.connect() as connection:
        horizon = connection.execute(text("SELECT min(pulled_seq) FROM pull_progress")).scalar_one()
        assert horizon >= max(before)
        assert pruning.pruned_through(connection) >= max(before)
    assert not (_log(admin) & before)  # every old row both desks pulled is gone, pruned by their rounds

    _save(first, "D02", 2)  # D03 has not pulled these: they stay, however old
    sync.sync_once(first, "D02")
    kept = _log(admin)
    _age_everything(admin)
    pruning.prune(admin, retention=30)
    assert kept <= _log(admin)

    third = make_desk("D04")  # joins after the pruning: the log alone would miss the first visits
    sync.sync_once(third, "D04")
    with admin.connect() as connection:
        on_server = connection.execute(select(func.count()).select_from(Visit)).scalar_one()
    assert on_server == 5
    assert _visits(third) == on_server
    _save(first, "D02", 1)  # and it goes on pulling from where the snapshot left it
    sync.sync_once(first, "D02")
    sync.sync_once(third, "D04")
    assert _visits(third) == on_server + 1


def test_recent_rows_stay_whatever_the_progress(make_desk: Callable[[str], Database], admin: Engine) -> None:
    desk = make_desk("D02")
    _save(desk, "D02", 2)
    for _ in range(3):
        sync.sync_once(desk, "D02")
    before = _log(admin)
    assert pruning.prune(admin).changes == 0  # pulled by every desk, but younger than 90 days
    assert _log(admin) == before


def test_retention_is_bounded_and_kept_on_the_server(admin: Engine) -> None:
    from desktop.core.errors import ValidationError

    with pytest.raises(ValidationError):
        pruning.set_retention(admin, 0)
    pruning.set_retention(admin, 30)
    with admin.connect() as connection:
        assert pruning.retention_days(connection) == 30
