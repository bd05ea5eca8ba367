"""The answer to the duplicate question travels to the server and the other desk (migration 0024).

db/sync.py takes a shared table's columns from the table, so ``petition.duplicate_checked`` needs no
list of its own: this checks the server (PostgreSQL) takes it from a push and hands it on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Petition
from db.session import make_engine
from desktop.core.cases.petitions import register_petition
from desktop.core.database import Database
from desktop.core.office_mode import sync
from tests.builders import ADMIN, make_petition_draft

pytestmark = pytest.mark.postgres
TODAY = dt.date(2026, 3, 20)
AGAIN = "Khiếu nại lần nữa quyết định thu hồi đất"


def _answers(rows: list[Petition]) -> dict[str, tuple[bool, bool, int]]:
    ids = {p.id: p.number for p in rows}
    return {p.number: (p.duplicate_checked, ids.get(p.duplicate_of_id) is not None, p.duplicate_count) for p in rows}


def test_the_duplicate_answer_reaches_the_server_and_the_other_desk(
    make_desk: Callable[[str], Database], fresh_pg_url: str
) -> None:
    d01, d02 = make_desk("D01"), make_desk("D02")
    with d01.sessions.begin() as session:
        first = register_petition(session, make_petition_draft(), desk_code="D01", today=TODAY, actor=ADMIN).number
    sync.sync_once(d01, "D01")
    sync.sync_once(d02, "D02")
    with d02.sessions.begin() as session:

        def register(**overrides: object) -> str:
            draft = make_petition_draft(received_on=dt.date(2026, 3, 10), content_summary=AGAIN, **overrides)
            return register_petition(session, draft, desk_code="D02", today=TODAY, actor=ADMIN).number

        new = register(duplicate_checked=True)
        linked = register(duplicate_of=first, duplicate_checked=True)
    sync.sync_once(d02, "D02")
    sync.sync_once(d01, "D01")
    expected = {first: (False, False, 1), new: (True, False, 0), linked: (True, True, 0)}
    with d01.sessions() as session:
        assert _answers(list(session.scalars(select(Petition)))) == expected
    engine = make_engine(fresh_pg_url)
    with Session(engine) as server:
        assert _answers(list(server.scalars(select(Petition)))) == expected  # the server's own rows
    engine.dispose()
