"""The deadline board: due soon, overdue, owed report backs, prolonged; working days left."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from db.enums import CaseEventKind, Channel, Competence, PetitionDecision, PetitionKind
from db.models import Petition
from desktop.core.access import NOBODY
from desktop.core.cases.board import (
    BoardFilter,
    WorkingDayIndex,
    board_officers,
    check_prolonged_after,
    counts,
    deadline_board,
    prolonged_after,
)
from desktop.core.cases.case_files import record_event
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.petitions import register_petition
from desktop.core.database import Database
from desktop.core.deadlines.calendar import WorkCalendar
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.office import set_setting
from desktop.core.settings_keys import Setting
from tests.builders import ADMIN, NAME, make_petition_draft


def _petition(database: Database, received: dt.date, **extra: object) -> str:
    draft = make_petition_draft(received_on=received, **extra)
    with database.sessions.begin() as session:
        return register_petition(session, draft, desk_code="D01", today=dt.date(2026, 12, 31), actor=ADMIN).number


def test_working_day_index_counts_like_the_calendar() -> None:
    calendar = WorkCalendar.default()
    index = WorkingDayIndex(calendar, dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert index.between(dt.date(2026, 2, 13), dt.date(2026, 2, 23)) == 1  # Tết: 16-20 Feb off, weekend
    assert index.between(dt.date(2026, 3, 6), dt.date(2026, 3, 5)) == -1
    assert index.between(dt.date(2026, 3, 5), dt.date(2026, 3, 5)) == 0


def test_board_lists_petitions_and_cases_most_urgent_first(any_database: Database) -> None:
    waiting = _petition(any_database, dt.date(2026, 3, 2))  # due 16 March
    accepted = _petition(any_database, dt.date(2026, 3, 3))
    transferred = _petition(
        any_database,
        dt.date(2026, 2, 2),
        channel=Channel.TRANSFERRED,
        transferred_from="Thanh tra Chính phủ",
        report_back_required=True,
    )
    with any_database.sessions.begin() as session:
        today = dt.date(2026, 3, 20)
        case = decide_petition(
            session,
            accepted,
            PetitionDecision.ACCEPT,
            on=dt.date(2026, 3, 5),
            desk_code="D01",
            today=today,
            actor=ADMIN,
        ).case_number
        owing = decide_petition(
            session,
            transferred,
            PetitionDecision.ACCEPT,
            on=dt.date(2026, 2, 3),
            desk_code="D01",
            today=today,
            actor=ADMIN,
        ).case_number
        record_event(session, owing, CaseEventKind.DECIDED, occurred_on=dt.date(2026, 2, 10), today=today, by=ADMIN)
        record_event(session, owing, CaseEventKind.FINAL, occurred_on=dt.date(2026, 3, 12), today=today, by=ADMIN)
    with any_database.sessions() as session:
        board = deadline_board(session, actor=NOBODY, today=dt.date(2026, 3, 20))
        soon = deadline_board(session, actor=NOBODY, today=dt.date(2026, 3, 20), due_within=5)
        late = deadline_board(session, actor=NOBODY, today=dt.date(2026, 3, 20), overdue=True)
    assert [row.number for row in board] == [waiting, owing, case]
    first = board[0]
    assert (first.kind, first.citizen_name, first.due_on) == ("petition", NAME, dt.date(2026, 3, 16))
    assert first.days_left == -4
    assert first.is_overdue
    assert first.days_late == 4
    assert not first.is_prolonged  # 4 days past its time limit is overdue, not prolonged
    assert board[1].owes_report
    assert board[1].due_on == dt.date(2026, 3, 23)  # 7 working days from 13 March
    assert [row.number for row in late] == [waiting]
    assert [row.number for row in soon] == [owing]  # "due within 5" leaves the overdue one out
    total = counts(board)
    assert (total.overdue, total.owes_report, total.prolonged) == (1, 1, 0)


def test_closed_cases_and_handled_petitions_leave_the_board(database: Database) -> None:
    number = _petition(
        database, dt.date(2026, 3, 2), competence=Competence.OTHER_BODY, competent_body="Tòa án nhân dân"
    )
    with database.sessions.begin() as session:
        decide_petition(
            session,
            number,
            PetitionDecision.GUIDE,
            on=dt.date(2026, 3, 4),
            desk_code="D01",
            competent_body="Tòa án nhân dân",
            today=dt.date(2026, 3, 20),
            actor=ADMIN,
        )
    with database.sessions() as session:
        assert deadline_board(session, actor=NOBODY, today=dt.date(2026, 3, 20)) == []


# A written denunciation that is not ours is transferred within 5 working days of receipt (Law 25/2018 Art. 24(2)).
# Wed 11/02/2026: Thu 12 (1), Fri 13 (2), Tết 14-22/02 off, Mon 23 (3), Tue 24 (4), Wed 25/02 (5).
@pytest.mark.parametrize(
    ("channel", "competence", "rule", "due", "state"),
    [
        (Channel.POST, Competence.OTHER_BODY, "denunciation.transfer", dt.date(2026, 2, 25), "to_transfer"),
        (Channel.EMAIL, Competence.SUBORDINATE, "denunciation.transfer", dt.date(2026, 2, 25), "to_transfer"),
        # Ours, or made in person: checked within 7 working days (Art. 24(1)): ... Wed 25 (5), Thu 26 (6), Fri 27 (7).
        (Channel.POST, Competence.OURS, "denunciation.process", dt.date(2026, 2, 27), "processing"),
        (Channel.IN_PERSON, Competence.OTHER_BODY, "denunciation.process", dt.date(2026, 2, 27), "processing"),
    ],
)
def test_a_written_denunciation_not_ours_is_due_for_transfer_until_it_is_transferred(
    database: Database, *, channel: Channel, competence: Competence, rule: str, due: dt.date, state: str
) -> None:
    body = "" if competence == Competence.OURS else "Thanh tra tỉnh An Giang"
    number = _petition(
        database,
        dt.date(2026, 2, 11),
        kind=PetitionKind.DENUNCIATION,
        channel=channel,
        competence=competence,
        competent_body=body,
    )
    with database.sessions() as session:
        stored = session.scalars(select(Petition).where(Petition.number == number)).one()
        assert (stored.rule_id, stored.due_on) == (rule, due)
        [row] = deadline_board(session, actor=NOBODY, today=dt.date(2026, 2, 26))
    assert (row.number, row.due_on, row.state_key) == (number, due, state)
    assert row.is_overdue == (due < dt.date(2026, 2, 26))
    if state != "to_transfer":
        return
    assert row.state == _("To be transferred")
    with database.sessions.begin() as session:
        decide_petition(
            session,
            number,
            PetitionDecision.TRANSFER,
            on=dt.date(2026, 2, 26),
            desk_code="D01",
            today=dt.date(2026, 2, 26),
            actor=ADMIN,
        )
    with database.sessions() as session:
        assert deadline_board(session, actor=NOBODY, today=dt.date(2026, 2, 26)) == []


# Petitions received on a Monday are due 10 working days later (petition.process).
# Mon 02/02/2026: Tue 03 (1) ... Fri 13 (9), Tết 14-22/02 off, Mon 23/02 (10).
# Mon 02/03/2026: Tue 03 (1) ... Fri 13 (9), Mon 16/03 (10).
# Mon 20/04/2026: Tue 21 (1) ... Fri 24 (4), 25-27 off, Tue 28 (5), Wed 29 (6), 30/04-03/05 off,
# Mon 04/05 (7), Tue 05 (8), Wed 06 (9), Thu 07/05 (10).
TODAY = dt.date(2026, 5, 4)


def test_prolonged_is_past_the_limit_by_more_than_the_setting_or_refiled(database: Database) -> None:
    long_late = _petition(database, dt.date(2026, 2, 2))  # due 23/02: 70 days late on 04/05
    late = _petition(database, dt.date(2026, 3, 2))  # due 16/03: 49 days late
    on_time = _petition(database, dt.date(2026, 4, 20), content_summary="Khiếu nại việc cấp giấy chứng nhận")
    refiled = _petition(database, dt.date(2026, 4, 21), duplicate_of=on_time)  # the same content again
    with database.sessions() as session:
        board = {row.number: row for row in deadline_board(session, actor=NOBODY, today=TODAY)}
        assert prolonged_after(session) == 30
    assert {n for n, row in board.items() if row.is_overdue} == {long_late, late}
    assert {n for n, row in board.items() if row.is_prolonged} == {long_late, late, on_time, refiled}
    assert (board[long_late].days_late, board[late].days_late, board[on_time].days_late) == (70, 49, 0)
    # A desk that calls a matter prolonged after 60 days past its time limit; the re-filing still counts.
    with database.sessions.begin() as session:
        set_setting(session, Setting.PROLONGED_AFTER, "60")
    with database.sessions() as session:
        assert prolonged_after(session) == 60
        board_60 = deadline_board(session, actor=NOBODY, today=TODAY)
    assert {row.number for row in board_60 if row.is_prolonged} == {long_late, on_time, refiled}
    total = counts(board_60)
    assert (total.overdue, total.prolonged) == (2, 3)


def test_prolonged_counts_apart_from_overdue(database: Database) -> None:
    numbers = [_petition(database, dt.date(2026, 3, 2)) for _ in range(3)]  # 49 days late on 04/05
    recent = _petition(database, dt.date(2026, 4, 20))
    with database.sessions.begin() as session:
        session.execute(update(Petition).where(Petition.number == numbers[0]).values(due_on=dt.date(2026, 4, 30)))
    with database.sessions() as session:
        board = deadline_board(session, actor=NOBODY, today=TODAY, prolonged_days=30)
    total = counts(board)
    assert total.overdue == 3  # two of 16/03 and one of 30/04
    assert total.prolonged == 2  # only those more than 30 days late
    assert recent not in {row.number for row in board if row.is_overdue}


@pytest.mark.parametrize("days", [0, -1, 3651])
def test_the_prolonged_setting_is_bounded(days: int) -> None:
    with pytest.raises(ValidationError):
        check_prolonged_after(days)


def test_a_bad_stored_setting_falls_back_to_30(database: Database) -> None:
    with database.sessions.begin() as session:
        set_setting(session, Setting.PROLONGED_AFTER, "ba mươi")
    with database.sessions() as session:
        assert prolonged_after(session) == 30


def test_due_within_leaves_overdue_rows_out(database: Database) -> None:
    overdue = _petition(database, dt.date(2026, 3, 2))  # due 16/03
    soon = _petition(database, dt.date(2026, 4, 20))  # due Thu 07/05: 3 working days after Mon 04/05
    later = _petition(database, dt.date(2026, 4, 28))  # Wed 29 (1), Mon 04/05 (2) ... Tue 12/05 (7), ... Fri 15 (10)
    with database.sessions() as session:
        within_3 = [row.number for row in deadline_board(session, actor=NOBODY, today=TODAY, due_within=3)]
        within_9 = [row.number for row in deadline_board(session, actor=NOBODY, today=TODAY, due_within=9)]
    assert within_3 == [soon]
    assert within_9 == [soon, later]
    assert overdue not in within_9


def test_filters_by_officer_field_kind_and_state(database: Database) -> None:
    with database.sessions.begin() as session:
        from desktop.core.cases.petitions import ensure_fields, list_fields

        ensure_fields(session)
        (land, _land_name), (other, _other_name) = list_fields(session)[:2]
    complaint = _petition(database, dt.date(2026, 3, 2), field_code=land)
    denunciation = _petition(
        database, dt.date(2026, 3, 3), kind=PetitionKind.DENUNCIATION, field_code=other, content_summary="Tố cáo"
    )
    accepted = _petition(database, dt.date(2026, 3, 4), field_code=land)
    with database.sessions.begin() as session:
        case = decide_petition(
            session,
            accepted,
            PetitionDecision.ACCEPT,
            on=dt.date(2026, 3, 5),
            desk_code="D01",
            today=TODAY,
            actor=ADMIN,
        ).case_number
        record_event(
            session,
            case,
            CaseEventKind.VERIFICATION,
            occurred_on=dt.date(2026, 3, 9),
            actor="Lê Văn Xử",
            today=TODAY,
            by=ADMIN,
        )
    with database.sessions() as session:

        def numbers(**only: object) -> set[str]:
            board = deadline_board(session, actor=NOBODY, today=TODAY, only=BoardFilter(**only))  # type: ignore[arg-type]
            return {row.number for row in board}

        everything = deadline_board(session, actor=NOBODY, today=TODAY)
        assert {row.number for row in everything} == {complaint, denunciation, case}
        assert numbers(field_code=land) == {complaint, case}
        assert numbers(field_code=other) == {denunciation}
        assert numbers(petition_kind=PetitionKind.DENUNCIATION) == {denunciation}
        assert numbers(petition_kind=PetitionKind.COMPLAINT) == {complaint, case}
        assert numbers(state_key="processing") == {complaint, denunciation}
        assert numbers(state_key="verifying") == {case}
        assert numbers(officer="Lê Văn Xử") == {case}
        assert numbers(officer="Lê Văn Xử", state_key="processing") == set()
        assert numbers(petition_kind=PetitionKind.COMPLAINT, field_code=land, state_key="verifying") == {case}
    assert board_officers(everything) == ["Lê Văn Xử"]
