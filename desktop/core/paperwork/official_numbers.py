"""Official outgoing numbers ("Số: 15/TB-BTCD"): one sequence per document type and year.

Decree 30/2020 Art. 15: numbers run from 01 on 1 January for the whole office. A single desk
takes them from its own counter. An office-mode desk takes them from blocks it reserved on the
server while online, so it can number letters offline; when its blocks run out offline, the
letter stays a draft: an official letter is never printed with a temporary number.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.orm import Session

from db.models import Counter, NumberBlock
from desktop.core.database import Database
from desktop.core.errors import AppError
from desktop.core.i18n import _
from desktop.core.numbering import next_number
from desktop.core.office import get_setting
from desktop.core.settings_keys import OFFICE_MODE, Setting

BLOCK_SIZE = 10
LOW_WATER = 3
# Document types numbered by the office, each its own sequence (Decree 30/2020 Appendix III):
# Thông báo, Phiếu chuyển, Phiếu đề xuất, Công văn (no type symbol: "Số: 15/BTCD").
OFFICIAL_SCOPES = ("TB", "PC", "PDX", "CV")
PRINTED_TYPE = {"TB": "TB", "PC": "PC", "PDX": "PĐX", "CV": "", "QD": "QĐ"}
# The competent authorities' own series kept at the desk: notices and decisions (quyết định).
AUTHORITY_SCOPES = ("TB", "QD")


class NumberUnavailableError(AppError):
    """No official number can be had now (offline, blocks used up): keep the letter as a draft."""


def _scope(doc_type: str) -> str:
    return f"official:{doc_type}"


def take_number(session: Session, doc_type: str, year: int) -> int:
    """The next official number of ``doc_type`` in ``year``, in the caller's transaction."""
    if get_setting(session, Setting.MODE) != OFFICE_MODE:
        return next_number(session, _scope(doc_type), year)
    block = session.scalar(
        select(NumberBlock)
        .where(
            NumberBlock.scope == _scope(doc_type), NumberBlock.year == year, NumberBlock.next_value <= NumberBlock.last
        )
        .order_by(NumberBlock.first)
        .limit(1)
        .with_for_update()
    )
    if block is None:
        raise NumberUnavailableError(
            _(
                "No official number is available offline for {kind} in {year}: the letter stays a draft until the "
                "server is reachable."
            ).format(kind=doc_type, year=year)
        )
    number = block.next_value
    block.next_value = number + 1
    session.flush()
    return number


def free_numbers(session: Session, doc_type: str, year: int) -> int:
    remaining = session.scalar(
        select(func.coalesce(func.sum(NumberBlock.last - NumberBlock.next_value + 1), 0)).where(
            NumberBlock.scope == _scope(doc_type), NumberBlock.year == year, NumberBlock.next_value <= NumberBlock.last
        )
    )
    return int(remaining or 0)


def top_up(database: Database, server: Engine, desk_code: str, year: int, scopes: tuple[str, ...] | None = None) -> int:
    """Reserve blocks on the server for every scope running low; returns the blocks added.

    The desk's database is only touched in two short transactions, never while the server is
    being asked (a slow link must not keep the receptionist from saving). A block is recorded on
    the server with an id made here first, so that a block whose local record was lost (crash
    after the server's commit) is found again instead of wasted.
    """
    with database.sessions() as session:
        scopes = scopes or office_scopes(session)  # the authorities' series are numbered offline too
        known = set(session.scalars(select(NumberBlock.id)))
        free = {doc_type: free_numbers(session, doc_type, year) for doc_type in scopes}
    blocks = _missing_blocks(server, desk_code, year, known)
    for block in blocks:  # a recovered block counts as free numbers (none of it was used)
        doc_type = block["scope"].removeprefix("official:")
        free[doc_type] = free.get(doc_type, 0) + block["last"] - block["first"] + 1
    for doc_type in (doc_type for doc_type in scopes if free[doc_type] < LOW_WATER):
        block_id = uuid.uuid4()
        with server.begin() as connection:
            first, last = _reserve(connection, _scope(doc_type), year, desk_code, block_id)
        blocks.append(
            {
                "id": block_id,
                "scope": _scope(doc_type),
                "year": year,
                "first": first,
                "last": last,
                "desk_code": desk_code,
            }
        )
    if blocks:
        with database.sessions.begin() as session:
            session.info["outbox"] = False
            for block in blocks:
                session.add(NumberBlock(**{**block, "next_value": block["first"]}))
    return len(blocks)


def _reserve(connection: Connection, scope: str, year: int, desk_code: str, block_id: uuid.UUID) -> tuple[int, int]:
    statement = (
        update(Counter)
        .where(Counter.scope == scope, Counter.year == year)
        .values(last_value=Counter.last_value + BLOCK_SIZE)
        .returning(Counter.last_value)
    )
    last = connection.execute(statement).scalar_one_or_none()
    if last is None:
        from sqlalchemy.dialects import postgresql

        connection.execute(
            postgresql.insert(Counter).values(scope=scope, year=year, last_value=0).on_conflict_do_nothing()
        )
        last = connection.execute(statement).scalar_one()
    first = last - BLOCK_SIZE + 1
    connection.execute(
        insert(NumberBlock).values(
            id=block_id, scope=scope, year=year, first=first, last=last, desk_code=desk_code, next_value=first
        )
    )
    return first, last


def _missing_blocks(server: Engine, desk_code: str, year: int, known: set[uuid.UUID]) -> list[dict[str, Any]]:
    """Blocks the server holds for this desk that the desk has no record of (lost in a crash)."""
    with server.connect() as connection:
        rows = (
            connection.execute(
                select(
                    NumberBlock.id,
                    NumberBlock.scope,
                    NumberBlock.year,
                    NumberBlock.first,
                    NumberBlock.last,
                    NumberBlock.desk_code,
                ).where(NumberBlock.desk_code == desk_code, NumberBlock.year == year)
            )
            .mappings()
            .all()
        )
    return [dict(row) for row in rows if row["id"] not in known]


def authority_scope(doc_type: str, symbol: str) -> str:
    """The sequence of a competent authority's own letters of ``doc_type`` ("TB@UBND"), apart from the board's."""
    return f"{doc_type}@{symbol}"


def office_scopes(session: Session) -> tuple[str, ...]:
    """Every sequence this office numbers: the board's, and each authority's whose series it keeps."""
    from db.models import Authority

    symbols = session.scalars(select(Authority.number_symbol).where(Authority.keeps_series.is_(True))).all()
    return (
        *OFFICIAL_SCOPES,
        *(authority_scope(kind, symbol) for symbol in dict.fromkeys(symbols) if symbol for kind in AUTHORITY_SCOPES),
    )


def blank_number(doc_type: str, symbol: str) -> str:
    """ "     /TB-UBND": the number left for the authority's clerk to write after signing."""
    printed = PRINTED_TYPE.get(doc_type, doc_type)
    return f"{' ' * 6}/{printed}-{symbol}" if printed else f"{' ' * 6}/{symbol}"


def format_number(number: int, doc_type: str, symbol: str) -> str:
    """ "15/TB-BTCD"; a number below 10 gets a leading zero (Decree 30/2020 Appendix I)."""
    printed = PRINTED_TYPE.get(doc_type, doc_type)
    return f"{number:02d}/{printed}-{symbol}" if printed else f"{number:02d}/{symbol}"
