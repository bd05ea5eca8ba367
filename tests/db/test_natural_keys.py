"""Unique keys of shared tables: each either follows the rule same key -> same id, or cannot clash.

Two desks working apart may both create a record: a unique key other than the id would then stop
the second desk's push for good. db.sync states, for every such key, which case it is.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import UniqueConstraint, select

from db import sync
from db.models import CalendarDay, FieldOfLaw
from desktop.core.cases.fields import save_field
from desktop.core.cases.petitions import ensure_fields, field_id
from desktop.core.database import Database
from desktop.core.deadlines.office_days import day_id, store_day


def _unique_keys() -> set[tuple[str, tuple[str, ...]]]:
    keys = set()
    for table in sync.shared_tables():
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint):
                keys.add((table.name, tuple(column.name for column in constraint.columns)))
        for index in table.indexes:
            if index.unique:
                keys.add((table.name, tuple(column.name for column in index.columns)))
    return keys


def test_every_unique_key_of_a_shared_table_has_its_rule() -> None:
    stated = set(sync.UNIQUE_KEYS) | {(table, (column,)) for table, column in sync.DERIVED_IDS.items()}
    assert sorted(_unique_keys() - stated) == [], "a unique key two desks could both create: state its rule in db.sync"
    assert sorted(stated - _unique_keys()) == [], "a rule for a key that no longer exists"


def test_a_field_made_anywhere_takes_the_id_of_its_code(database: Database) -> None:
    with database.sessions.begin() as session:
        ensure_fields(session)
        save_field(session, " gd ", "Giáo dục")
        ids = {code: id_ for code, id_ in session.execute(select(FieldOfLaw.code, FieldOfLaw.id))}
    assert ids["GD"] == field_id("GD") == field_id("gd")
    assert all(ids[code] == field_id(code) for code in ids)


def test_a_calendar_day_takes_the_id_of_its_date(database: Database) -> None:
    day = dt.date(2026, 12, 24)
    with database.sessions.begin() as session:
        store_day(session, day, is_day_off=True, name="Quyết định 12/QĐ-UBND")
        assert session.scalars(select(CalendarDay.id)).one() == day_id(day)
