"""The book's filters and order in SQL: pages that never overlap, and a denouncer never sorted by name."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from db.enums import Classification
from db.models import Visit
from desktop.core.access import NOBODY
from desktop.core.database import Database
from desktop.core.demo.generator import generate
from desktop.core.reception.book import BookFilter, book_page, count_visits

NOW = dt.datetime(2026, 11, 27, 4, 0, tzinfo=dt.UTC)
EVERY = BookFilter(dt.date(2025, 1, 1), dt.date(2026, 12, 31))


def test_pages_in_any_order_cover_the_book_once(any_database: Database) -> None:
    with any_database.sessions.begin() as session:
        generate(session, visits=120, desk_code="D01", seed=4, now=NOW)
    with any_database.sessions() as session:
        assert count_visits(session, EVERY) == 120
        for sort in ("serial", "classification", "head_count", "outcome", "content"):
            for descending in (False, True):
                only = BookFilter(EVERY.first, EVERY.last, sort=sort, descending=descending)
                pages = [book_page(session, only, actor=NOBODY, offset=start, limit=25) for start in range(0, 120, 25)]
                serials = [row.serial for page in pages for row in page]
                assert sorted(serials) == sorted(session.scalars(select(Visit.serial)))


def test_sorting_by_name_puts_masked_denouncers_first_whoever_they_are(database: Database) -> None:
    with database.sessions.begin() as session:
        generate(session, visits=80, desk_code="D01", seed=9, now=NOW)
    with database.sessions() as session:
        rows = book_page(session, BookFilter(EVERY.first, EVERY.last, sort="name"), actor=NOBODY)
        denunciations = count_visits(
            session, BookFilter(EVERY.first, EVERY.last, classification=Classification.DENUNCIATION)
        )
    assert denunciations > 0
    masked = rows[:denunciations]
    assert all(row.classification == Classification.DENUNCIATION for row in masked)
    assert len({row.citizen_name for row in masked}) == 1  # the mask, the same for all
    names = [row.citizen_name for row in rows[denunciations:]]
    assert names == sorted(names)
