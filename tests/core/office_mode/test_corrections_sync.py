"""Corrective steps reach the server and the other desks: a visit cancelled or corrected on one shows so on another."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from db.models import Correction
from desktop.core.database import Database
from desktop.core.office_mode import sync
from desktop.core.reception.book import read_visit
from desktop.core.reception.corrections import VisitChanges, cancel_visit, correct_visit
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, make_draft

pytestmark = pytest.mark.postgres


def test_a_step_taken_on_one_desk_is_seen_on_the_other(make_desk: Callable[[str], Database]) -> None:
    d01, d02 = make_desk("D01"), make_desk("D02")
    with d01.sessions.begin() as session:
        cancelled = register_visit(session, make_draft(), desk_code="D01", actor=ADMIN).visit.serial
        corrected = register_visit(session, make_draft(), desk_code="D01", actor=ADMIN).visit.serial
    sync.sync_once(d01, "D01")
    sync.sync_once(d02, "D02")
    with d02.sessions.begin() as session:  # the other desk corrects what the first one recorded
        cancel_visit(session, cancelled, reason="Ghi trùng", actor=ADMIN)
        correct_visit(session, corrected, VisitChanges(full_name="Nguyễn Thị Ánh Tuyến"), reason="Gõ nhầm", actor=ADMIN)
    assert sync.sync_once(d02, "D02").pushed > 0
    sync.sync_once(d01, "D01")
    with d01.sessions() as session:
        assert read_visit(session, cancelled).cancelled == "Ghi trùng"
        fixed = read_visit(session, corrected)
        steps = session.scalars(select(Correction.reason).order_by(Correction.reason)).all()
    assert fixed.main.full_name == "Nguyễn Thị Ánh Tuyến"
    assert fixed.corrected
    assert steps == ["Ghi trùng", "Gõ nhầm"]
    assert [sync.status(desk).pending for desk in (d01, d02)] == [0, 0]
