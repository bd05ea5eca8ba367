"""Counters and number formats: desk-coded serials need no server (D01-2026-000123)."""

from __future__ import annotations

import re

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import Counter

DESK_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")


def next_number(session: Session, scope: str, year: int) -> int:
    """Take the next number of ``scope`` in ``year`` inside the caller's transaction.

    The UPDATE comes first so that the row lock (PostgreSQL) or the write lock (SQLite) is taken
    before anything is read: two sessions can never be handed the same number.
    """
    stmt = (
        update(Counter)
        .where(Counter.scope == scope, Counter.year == year)
        .values(last_value=Counter.last_value + 1)
        .returning(Counter.last_value)
    )
    value = session.execute(stmt).scalar_one_or_none()
    if value is not None:
        return value
    try:
        with session.begin_nested():
            session.add(Counter(scope=scope, year=year, last_value=1))
        return 1
    except IntegrityError:  # another session created the counter first: take the next one
        return session.execute(stmt).scalar_one()


def take_numbers(session: Session, scope: str, year: int, count: int) -> int:
    """Take ``count`` consecutive numbers of ``scope`` in ``year`` at once; returns the first of them.

    One UPDATE for a whole block (an imported book numbers thousands of visits), under the same lock
    as ``next_number``.
    """
    stmt = (
        update(Counter)
        .where(Counter.scope == scope, Counter.year == year)
        .values(last_value=Counter.last_value + count)
        .returning(Counter.last_value)
    )
    value = session.execute(stmt).scalar_one_or_none()
    if value is None:
        try:
            with session.begin_nested():
                session.add(Counter(scope=scope, year=year, last_value=count))
            value = count
        except IntegrityError:
            value = session.execute(stmt).scalar_one()
    return value - count + 1


def peek_number(session: Session, scope: str, year: int) -> int:
    """The last number handed out (0 if none), without taking one."""
    value = session.scalar(select(Counter.last_value).where(Counter.scope == scope, Counter.year == year))
    return value or 0


def visit_serial(desk_code: str, year: int, seq: int) -> str:
    return f"{desk_code}-{year}-{seq:06d}"
