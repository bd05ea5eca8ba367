"""Entries of an old book imported without their kind (Classification.UNKNOWN) in the report tables.

The rule (docs/reports.md#entries-of-unknown-kind): such an entry is a visit of the reception book
like any other, so 01/TCD counts it in its visits, people and matters (01/TCD splits visits by who
received them, first time or repeated, and delegations, never by content); the petition tables count
petitions, and an imported entry registers none, so 02/TCD and the XLD tables do not change. Every
cell still recounts from the raw records and every MS rule holds.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from db.enums import Classification
from db.models import Visit
from desktop.core.database import Database
from desktop.core.formatting import VN_TZ
from desktop.core.reception.importing.books import import_book
from desktop.core.reports.definitions import TABLE_IDS
from desktop.core.reports.periods import Period
from desktop.core.reports.tables import compute, rule_breaks
from tests.builders import ADMIN
from tests.core.reports.test_recount import PERIODS, _raw, recount
from tests.helpers import old_books

IMPORTED_AT = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
ADDRESS = old_books.ADDRESS
# Rows of a GVT-shaped book: no kind, a kind the circular does not name, a count with no kind, one known kind.
ROWS = [
    (1, "03/02/2026", f"Lê Văn Một ({ADDRESS})", "Việc ranh giới đất", "", *([None] * 6), "Ông Tư"),
    (2, "20/04/2026", f"Phạm Thị Hai ({ADDRESS})", "Tranh chấp lối đi", "Tranh chấp/ 1"),
    (3, "10/07/2026", f"Đoàn Văn Ba ({ADDRESS})", "Đoàn hộ dân hỏi về đường", "/ 7"),
    (4, "12/09/2026", f"Võ Thị Bốn ({ADDRESS})", "Khiếu nại bồi thường", "Khiếu nại/ 1"),
    (5, "01/12/2025", f"Lý Văn Năm ({ADDRESS})", "Hỏi về thủ tục", ""),
]


def _book() -> bytes:
    return old_books.csv_bytes([old_books.GVT_HEADER_1, old_books.GVT_HEADER_2, *ROWS])


def _tables(database: Database, period: Period) -> dict[str, dict[str, float]]:
    with database.sessions() as session:
        return {table_id: dict(compute(session, table_id, period, actor=ADMIN).total.cells) for table_id in TABLE_IDS}


def _unknown_in(database: Database, period: Period) -> tuple[int, int]:
    """The imported entries of unknown kind received in the period: (visits, people)."""
    with database.sessions() as session:
        visits = [
            v
            for v in session.scalars(select(Visit).where(Visit.classification == Classification.UNKNOWN))
            if period.start <= v.received_at.astimezone(VN_TZ).date() <= period.end
        ]
    return len(visits), sum(v.head_count for v in visits)


@pytest.fixture
def imported(demo: Database) -> Database:
    with demo.sessions.begin() as session:
        report = import_book(session, _book(), file_name="so_cu.csv", actor=ADMIN, desk_code="D01", now=IMPORTED_AT)
    assert report.imported == len(ROWS)
    with demo.sessions() as session:
        unknown = session.scalar(select(func.count()).where(Visit.classification == Classification.UNKNOWN))
    assert unknown == 4  # rows 1, 2, 3 and 5: the demo itself never leaves a kind unknown
    return demo


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}..{p.end}")
def test_every_cell_recounts_and_every_rule_holds_with_unknown_entries(imported: Database, period: Period) -> None:
    with imported.sessions() as session:
        raw = _raw(session)
        for table_id in TABLE_IDS:
            table = compute(session, table_id, period, actor=ADMIN)
            assert rule_breaks(table) == [], table_id
            assert dict(table.total.cells) == pytest.approx(recount(raw, table_id, period)), table_id


def test_unknown_entries_count_in_01_tcd_and_in_no_petition_table(demo: Database) -> None:
    period = PERIODS[0]  # the year 2026: 15/12/2025 - 14/12/2026, rows 1 to 4
    before = _tables(demo, period)
    with demo.sessions.begin() as session:
        import_book(session, _book(), file_name="so_cu.csv", actor=ADMIN, desk_code="D01", now=IMPORTED_AT)
    after = _tables(demo, period)
    visits, people = _unknown_in(demo, period)
    assert (visits, people) == (3, 1 + 1 + 7)

    added = {column: after["01/TCD"][column] - before["01/TCD"][column] for column in before["01/TCD"]}
    # Regular reception, first time: 1 = 4, 2 = 5, 3 = 6; the seven-person row is a delegation (8-10).
    # The known complaint (row 4) adds one visit beside them.
    assert added["1"] == added["4"] == visits + 1
    assert added["2"] == added["5"] == people + 1
    assert added["3"] == added["6"] == visits + 1
    assert (added["8"], added["9"], added["10"]) == (1, 7, 1)
    filled = {"1", "2", "3", "4", "5", "6", "8", "9", "10"}
    assert all(value == 0 for column, value in added.items() if column not in filled)
    for table_id in TABLE_IDS[1:]:  # petitions, cases and their results: an imported entry registers none
        assert after[table_id] == before[table_id], table_id
