"""The board counted, filtered and paged by the database equals the board recounted in Python.

A demo desk is generated on SQLite and on PostgreSQL; the SQL counts (boundary dates from the office
calendar, compared in SQL) must equal a recount of the rows' own working days left, on a working
day, on a Saturday and in the middle of the Tết holiday, for several "due soon" windows.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.enums import Classification, PetitionKind
from db.models import CaseFile, LeaderConclusion, Petition, User, Visit, VisitParticipant
from desktop.core.access import NOBODY, Actor
from desktop.core.cases.board import (
    SORT_CITIZEN,
    SORT_CONTENT,
    SORT_DAYS_LEFT,
    SORT_DUE,
    SORT_FIELD,
    SORT_FLAGS,
    SORT_NUMBER,
    SORT_OFFICER,
    SORT_STATE,
    BoardFilter,
    BoardQuery,
    BoardRow,
    View,
    board_choices,
    board_counts,
    board_officers,
    board_page,
    board_query,
    board_rows,
    counts,
    deadline_board,
    undecided,
)
from desktop.core.cases.board_export import board_pdf, describe_board, write_board_xlsx
from desktop.core.confidentiality import MASKED_NAME
from desktop.core.database import Database
from desktop.core.demo.generator import generate
from tests.builders import ADMIN

NOW = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)
WORKING_DAY = dt.date(2026, 11, 20)  # a Friday
SATURDAY = dt.date(2026, 11, 21)
TET = dt.date(2027, 2, 8)  # a Monday in the Tết holiday of 2027


@pytest.fixture
def demo(any_database: Database) -> Database:
    with any_database.sessions.begin() as session:
        generate(session, visits=1500, desk_code="D01", seed=7, now=NOW, postal_petitions=150)
        # A few matters filed again on the same content and not yet late: prolonged, not overdue.
        not_late = select(Petition.id).where(undecided(), Petition.due_on > SATURDAY).order_by(Petition.number)
        cases = select(CaseFile.petition_id).where(CaseFile.is_open, CaseFile.due_on > SATURDAY)
        for ids in (not_late.limit(3), cases.order_by(CaseFile.number).limit(3)):
            session.execute(update(Petition).where(Petition.id.in_(ids)).values(duplicate_count=1))
    return any_database


VIEWS: dict[View, Callable[[BoardRow, int], bool]] = {
    "all": lambda row, within: True,
    "overdue": lambda row, within: row.is_overdue,
    "due": lambda row, within: 0 <= row.days_left <= within,
    "owes_report": lambda row, within: row.owes_report,
    "prolonged": lambda row, within: row.is_prolonged,
}


def recount(rows: list[BoardRow], within: int) -> tuple[int, int, int, int, int]:
    """The counts from each row's working days left and days late, worked out in Python."""
    total = counts(rows, soon=within)
    return total.overdue, total.due_soon, total.owes_report, total.prolonged, len(rows)


@pytest.mark.parametrize("today", [WORKING_DAY, SATURDAY, TET])
def test_sql_counts_equal_a_python_recount(demo: Database, today: dt.date) -> None:
    with demo.sessions() as session:
        rows = deadline_board(session, actor=ADMIN, today=today)
        open_count = (
            session.scalar(
                select(func.count()).select_from(CaseFile).where(CaseFile.is_open, CaseFile.due_on.isnot(None))
            )
            or 0
        )
        open_count += (
            session.scalar(select(func.count()).select_from(Petition).where(undecided(), Petition.due_on.isnot(None)))
            or 0
        )
        open_count += (
            session.scalar(
                select(func.count()).select_from(LeaderConclusion).where(LeaderConclusion.citizen_informed_on.is_(None))
            )
            or 0
        )
        assert len(rows) == open_count > 60  # every open matter with a time limit, nothing else
        assert Counter(row.kind for row in rows)["case"] > 0
        assert sum(row.is_overdue for row in rows) > 0
        assert today == TET or sum(row.is_prolonged and not row.is_overdue for row in rows) > 0  # re-filed
        for within in (0, 3, 10):
            query = board_query(session, actor=ADMIN, today=today, within=within)
            total = board_counts(session, query)
            assert (total.overdue, total.due_soon, total.owes_report, total.prolonged, total.rows) == recount(
                rows, within
            )
            # Each view's total is what the rows say of themselves.
            for view, keeps in VIEWS.items():
                shown = list(board_rows(session, query.changed(view=view), actor=ADMIN, page=40))
                assert [r.number for r in shown] == [r.number for r in rows if keeps(r, within)], view
                assert total.shown(view) == len(shown)
            due = deadline_board(session, actor=ADMIN, today=today, due_within=within)
            assert [r.number for r in due] == [r.number for r in rows if 0 <= r.days_left <= within]
        overdue = deadline_board(session, actor=ADMIN, today=today, overdue=True)
        assert [r.number for r in overdue] == [r.number for r in rows if r.is_overdue]


def test_filters_in_sql_keep_what_the_python_filter_keeps(demo: Database) -> None:
    with demo.sessions() as session:
        rows = deadline_board(session, actor=ADMIN, today=WORKING_DAY)
        query = board_query(session, actor=ADMIN, today=WORKING_DAY)
        choices = board_choices(session, query)
        assert list(choices.officers) == board_officers(rows)
        assert {code for code, _name in choices.fields} == {r.field_code for r in rows if r.field_code}
        assert {key for key, _label in choices.states} == {r.state_key for r in rows}
        filters = [
            *(BoardFilter(officer=name) for name in choices.officers[:3]),
            *(BoardFilter(field_code=code) for code, _name in choices.fields[:3]),
            *(BoardFilter(petition_kind=kind) for kind in PetitionKind),
            *(BoardFilter(state_key=key) for key, _label in choices.states),
            BoardFilter(petition_kind=PetitionKind.COMPLAINT, state_key="processing"),
        ]
        kept_something = 0
        for only in filters:
            expected = [r for r in rows if only.keeps(r)]
            kept_something += bool(expected)
            filtered = deadline_board(session, actor=ADMIN, today=WORKING_DAY, only=only)
            assert [r.number for r in filtered] == [r.number for r in expected], only
            total = board_counts(session, query.changed(only=only))
            assert (total.overdue, total.due_soon, total.owes_report, total.prolonged, total.rows) == recount(
                expected, 3
            )
        assert kept_something > len(filters) // 2


def test_pages_are_the_board_cut_in_order_and_sorted_by_any_column(demo: Database) -> None:
    with demo.sessions() as session:
        rows = deadline_board(session, actor=NOBODY, today=WORKING_DAY)
        query = board_query(session, actor=NOBODY, today=WORKING_DAY)
        assert [(r.due_on, r.number) for r in rows] == sorted((r.due_on, r.number) for r in rows)
        paged = [
            row
            for offset in range(0, len(rows) + 50, 50)
            for row in board_page(session, query, offset, 50, actor=NOBODY)
        ]
        assert paged == rows
        by_number = board_page(session, query.changed(sort=(SORT_NUMBER, True)), 0, 20, actor=NOBODY)
        assert [r.number for r in by_number] == sorted((r.number for r in rows), reverse=True)[:20]
        by_officer = board_page(session, query.changed(sort=(SORT_OFFICER, False)), 0, len(rows), actor=NOBODY)
        assert [r.officer for r in by_officer] == sorted(r.officer for r in rows)
        # Every column of the table orders the whole board in SQL, both ways, and pages it without a gap.
        for column in range(9):
            for descending in (False, True):
                ordered = query.changed(sort=(column, descending))
                pages = [board_page(session, ordered, offset, 40, actor=NOBODY) for offset in range(0, len(rows), 40)]
                assert sorted(r.number for page in pages for r in page) == sorted(r.number for r in rows)
        by_state = board_page(session, query.changed(sort=(2, False)), 0, len(rows), actor=NOBODY)
        assert [r.state for r in by_state] == sorted(r.state for r in rows)
        # Nobody signed in: every denouncer on every page is masked, as on the whole board.
        protected = [r for r in paged if r.petition_kind == PetitionKind.DENUNCIATION.value and not r.anonymous]
        assert protected
        assert all(r.citizen_name == MASKED_NAME for r in protected)


def _paged(session: Session, query: BoardQuery, actor: Actor, size: int = 37) -> list[BoardRow]:
    """The board as the GUI reads it: page after page until one comes back empty."""
    rows: list[BoardRow] = []
    while page := board_page(session, query, len(rows), size, actor=actor):
        rows += page
    return rows


def test_the_streamed_board_equals_its_pages_for_every_reader_sort_and_filter(demo: Database) -> None:
    """The command line and the exports stream the whole board from one query (``board_rows``): the
    same rows, in the same order, with the same values and masks as the GUI's pages put end to end,
    for a reader who sees no denouncer (nobody, the administrator) and one who sees some of them (the
    receptionist who received them) but not the others."""
    with demo.sessions.begin() as session:  # leaders' conclusions on visits, a denouncer's among them
        denounced = Visit.classification == Classification.DENUNCIATION
        for where, limit in ((denounced, 8), (~denounced, 3)):
            for number, visit_id in enumerate(session.scalars(select(Visit.id).where(where).order_by(Visit.serial))):
                if number == limit:
                    break
                session.add(
                    LeaderConclusion(
                        visit_id=visit_id,
                        directions="Giao xác minh",
                        bodies="UBND xã",
                        due_on=WORKING_DAY + dt.timedelta(days=number * 3 - 10),
                        result_on=WORKING_DAY - dt.timedelta(days=2) if number % 3 == 0 else None,
                    )
                )
    with demo.sessions() as session:
        user = session.scalars(select(User).order_by(User.full_name)).first()
        assert user is not None
        receptionist = Actor(user_id=user.id, username="mai", role=str(user.role) if user.role else "receptionist")
        visitors = set(
            session.scalars(
                select(VisitParticipant.full_name)
                .join(LeaderConclusion, LeaderConclusion.visit_id == VisitParticipant.visit_id)
                .join(Visit, Visit.id == LeaderConclusion.visit_id)
                .where(Visit.classification == Classification.DENUNCIATION)
            )
        )
        for actor in (NOBODY, ADMIN, receptionist):
            query = board_query(session, actor=actor, today=WORKING_DAY, within=5)
            choices = board_choices(session, query)
            reads: list[BoardQuery] = [
                query,
                query.changed(view="overdue"),
                query.changed(view="due"),
                query.changed(view="prolonged"),
                query.changed(view="owes_report"),
                query.changed(only=BoardFilter(petition_kind=PetitionKind.DENUNCIATION)),
                query.changed(only=BoardFilter(state_key="processing"), sort=(SORT_CITIZEN, True)),
                query.changed(only=BoardFilter(officer=choices.officers[0]), sort=(SORT_FIELD, False)),
                query.changed(only=BoardFilter(field_code=choices.fields[0][0]), view="overdue"),
                *(
                    query.changed(sort=(column, descending))
                    for column in (SORT_NUMBER, SORT_CITIZEN, SORT_STATE, SORT_DUE, SORT_DAYS_LEFT, SORT_FLAGS)
                    for descending in (False, True)
                ),
                query.changed(sort=(SORT_CONTENT, False)),
                query.changed(sort=(SORT_OFFICER, True), view="overdue"),
            ]
            for read in reads:
                streamed = list(board_rows(session, read, actor=actor, page=25))  # many chunks
                assert streamed == _paged(session, read, actor), (actor.username, read.view, read.only, read.sort)
            whole = list(board_rows(session, query, actor=actor))
            assert len(whole) == board_counts(session, query, actor=actor).rows
            assert {row.kind for row in whole} == {"case", "petition", "conclusion"}
            denouncers = [
                r
                for r in whole
                if (r.petition_kind == PetitionKind.DENUNCIATION.value and not r.anonymous)
                or (r.kind == "conclusion" and r.citizen_name in (MASKED_NAME, *visitors))
            ]
            masked_rows = [r for r in denouncers if r.citizen_name == MASKED_NAME]
            assert masked_rows, actor.username
            if actor is receptionist:  # theirs shown, the other receptionists' masked
                assert len(masked_rows) < len(denouncers)
            else:
                assert masked_rows == denouncers


def test_a_stream_left_half_read_leaves_the_session_usable(demo: Database) -> None:
    with demo.sessions() as session:
        query = board_query(session, actor=NOBODY, today=WORKING_DAY)
        stream = board_rows(session, query, actor=NOBODY, page=10)
        first = [next(stream) for _ in range(15)]
        stream.close()  # closes the cursor
        assert first == board_page(session, query, 0, 15, actor=NOBODY)


def _sheet(path: Path) -> list[tuple[object, ...]]:
    book = load_workbook(path, read_only=True)
    try:
        sheet = book.active
        assert sheet is not None
        return [tuple(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def test_the_exports_of_the_streamed_board_equal_those_of_its_pages(demo: Database, tmp_path: Path) -> None:
    """The spreadsheet and the printed list written from the stream hold what the pages would give,
    masks included: for nobody (every denouncer masked) and for a receptionist (theirs shown)."""
    with demo.sessions() as session:
        user = session.scalars(select(User).order_by(User.full_name)).first()
        assert user is not None
        receptionist = Actor(user_id=user.id, username="mai", role=str(user.role) if user.role else "receptionist")
        for actor in (NOBODY, receptionist):
            query = board_query(session, actor=actor, today=WORKING_DAY)
            for read in (query, query.changed(view="overdue", sort=(SORT_CITIZEN, False))):
                text = describe_board(session, read.view, read.within, read.only)
                pages = _paged(session, read, actor)
                streamed, paged = tmp_path / "streamed.xlsx", tmp_path / "paged.xlsx"
                write_board_xlsx(session, board_rows(session, read, actor=actor, page=30), text, streamed)
                write_board_xlsx(session, pages, text, paged)
                cells = _sheet(streamed)
                assert cells == _sheet(paged)
                assert len([row for row in cells if row and isinstance(row[0], int)]) == len(pages) > 0
                pdf = board_pdf(session, board_rows(session, read, actor=actor, page=30), text, today=WORKING_DAY)
                assert _pdf_text(pdf) == _pdf_text(board_pdf(session, pages, text, today=WORKING_DAY))
            names = {row[2] for row in cells if row and isinstance(row[0], int)}
            assert MASKED_NAME in names


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
