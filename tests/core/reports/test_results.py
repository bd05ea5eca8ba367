"""The case-result use case: what it keeps, what it refuses (in Vietnamese, field by field, nothing
saved), who may use it, and how the KQGQ tables count it; the figures carried over into a table."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from db.enums import CaseKind, Role
from db.models import CaseFile, CaseResult, ReportOpening
from desktop.core.database import Database
from desktop.core.errors import ValidationError
from desktop.core.formatting import today_local
from desktop.core.permissions import PermissionDeniedError
from desktop.core.reports.openings import read_openings, save_openings
from desktop.core.reports.periods import custom, standard
from desktop.core.reports.results import ResultDraft, read_result, record_result
from desktop.core.reports.tables import compute, rule_breaks
from tests.builders import ADMIN, an_actor

TODAY = dt.date(2026, 11, 30)
YEAR = standard("year", 2026)


def _open_case(database: Database, kind: CaseKind, round_: int = 1) -> str:
    """An open case of ``kind`` accepted this year with no result yet (for round 2: any, a result may be recorded)."""
    recent = (CaseFile.is_open.is_(True), CaseFile.accepted_on >= YEAR.start, CaseResult.id.is_(None))
    with database.sessions() as session:
        found = session.scalar(
            select(CaseFile.number)
            .outerjoin(CaseResult, CaseResult.case_id == CaseFile.id)
            .where(CaseFile.kind == kind, CaseFile.round == round_, *(recent if round_ == 1 else ()))
            .order_by(CaseFile.number)
            .limit(1)
        )
    assert found, "the demo desk has such a case"
    return found


def _cells(database: Database, table: str) -> dict[str, float]:
    with database.sessions() as session:
        return dict(compute(session, table, YEAR, actor=ADMIN).total.cells)


def test_a_first_complaint_decided_right_with_money_counts_in_01_kqgq(demo: Database) -> None:
    number = _open_case(demo, CaseKind.COMPLAINT)
    before = _cells(demo, "01/KQGQ")
    draft = ResultDraft(
        outcome="decided",
        decided_on=dt.date(2026, 11, 20),
        verdict="right",
        due_on=dt.date(2026, 11, 10),
        figures={"recover_money": "12,5", "restored_persons": "2", "discipline_people": ""},
    )
    with demo.sessions.begin() as session:
        view = record_result(session, number, draft, actor=ADMIN, today=TODAY)
    assert not view.on_time
    after = _cells(demo, "01/KQGQ")
    assert after["5"] == before["5"] + 1
    assert after["20"] == before["20"] + 1
    assert after["26"] == before["26"] + 1  # decided after its due date
    assert after["7"] == pytest.approx(before["7"] + 12.5)
    assert after["14"] == before["14"] + 2
    assert after["4"] == before["4"]  # the same case, now resolved
    with demo.sessions() as session:
        kept = read_result(session, number)
    assert kept is not None
    assert kept.figures == {"recover_money": 12.5, "restored_persons": 2.0}
    # A second save replaces the first: the figure left out is gone.
    with demo.sessions.begin() as session:
        record_result(session, number, draft.__class__(**{**draft.__dict__, "figures": {}}), actor=ADMIN, today=TODAY)
    assert _cells(demo, "01/KQGQ")["7"] == pytest.approx(before["7"])


def _refused(database: Database, number: str, draft: ResultDraft) -> dict[str, str]:
    with database.sessions.begin() as session, pytest.raises(ValidationError) as caught:
        record_result(session, number, draft, actor=ADMIN, today=TODAY)
    return caught.value.errors


def test_bad_input_is_refused_field_by_field_in_vietnamese_and_saves_nothing(demo: Database) -> None:
    number = _open_case(demo, CaseKind.COMPLAINT)
    second = _open_case(demo, CaseKind.COMPLAINT, round_=2)
    with demo.sessions() as session:
        results_before = session.scalar(select(func.count()).select_from(CaseResult))
    errors = _refused(
        demo,
        number,
        ResultDraft(
            outcome="decided",
            decided_on=dt.date(2026, 11, 20),
            executed_on=dt.date(2026, 11, 1),
            figures={"recover_money": "mười", "discipline_people": "1", "discipline_officials": "3", "x": "1"},
        ),
    )
    assert set(errors) == {
        "verdict",
        "executed_on",
        "figures.recover_money",
        "figures.discipline_officials",
        "figures.x",
    }
    assert errors["verdict"] == "Hãy chọn khiếu nại, tố cáo đúng, sai hay đúng một phần."
    assert errors["figures.recover_money"] == "Hãy nhập một số, ví dụ 12,5."
    assert "trong đó" in errors["figures.discipline_officials"]
    assert set(_refused(demo, second, ResultDraft("decided", dt.date(2026, 11, 20), verdict="right"))) == {"verdict"}
    future = _refused(demo, number, ResultDraft("withdrawn", dt.date(2026, 12, 20), verdict="wrong"))
    assert future == {
        "decided_on": "Ngày này ở tương lai.",
        "verdict": "Kết quả này không kết luận đúng, sai: hãy để trống.",
    }
    with demo.sessions() as session:
        assert session.scalar(select(func.count()).select_from(CaseResult)) == results_before


def test_a_denunciation_withdrawn_still_carries_its_verdict(demo: Database) -> None:
    number = _open_case(demo, CaseKind.DENUNCIATION)
    assert set(_refused(demo, number, ResultDraft("withdrawn", dt.date(2026, 11, 20)))) == {"verdict"}
    before = _cells(demo, "03/KQGQ")
    with demo.sessions.begin() as session:
        record_result(
            session, number, ResultDraft("withdrawn", dt.date(2026, 11, 20), verdict="wrong"), actor=ADMIN, today=TODAY
        )
    after = _cells(demo, "03/KQGQ")
    assert (after["9"], after["26"], after["6"]) == (before["9"] + 1, before["26"] + 1, before["6"] + 1)
    with demo.sessions() as session:
        assert rule_breaks(compute(session, "03/KQGQ", YEAR, actor=ADMIN)) == []


def test_only_a_leader_or_an_administrator_records_a_result(demo: Database) -> None:
    number = _open_case(demo, CaseKind.COMPLAINT)
    with demo.sessions.begin() as session, pytest.raises(PermissionDeniedError):
        record_result(
            session,
            number,
            ResultDraft("decided", dt.date(2026, 11, 20), verdict="right"),
            actor=an_actor(Role.HANDLER),
        )
    with demo.sessions.begin() as session:
        record_result(
            session,
            number,
            ResultDraft("decided", dt.date(2026, 11, 20), verdict="wrong"),
            actor=an_actor(Role.LEADER),
            today=TODAY,
        )


def test_carried_over_figures_are_added_and_the_note_says_so(demo: Database) -> None:
    before = compute_total(demo)
    with demo.sessions.begin() as session:
        save_openings(
            session,
            "01/TCD",
            2026,
            dt.date(2026, 3, 31),
            {"1": "40", "4": "40", "5": "55", "2": "55"},
            actor=ADMIN,
            today=TODAY,
        )
    with demo.sessions() as session:
        table = compute(session, "01/TCD", YEAR, actor=ADMIN)
        assert read_openings(session, "01/TCD", 2026).values == {"1": 40.0, "4": 40.0, "5": 55.0, "2": 55.0}
    assert table.total.cells["1"] == before["1"] + 40
    assert table.total.cells["2"] == before["2"] + 55
    assert "đầu kỳ" in table.note()
    assert rule_breaks(table) == []
    with demo.sessions() as session:  # a period that does not hold the day adds nothing
        assert compute(session, "01/TCD", standard("q3", 2026), actor=ADMIN).opening_note == ""


def compute_total(database: Database) -> dict[str, float]:
    with database.sessions() as session:
        return dict(compute(session, "01/TCD", YEAR, actor=ADMIN).total.cells)


def test_carried_over_figures_must_keep_the_ms_rules(demo: Database) -> None:
    with demo.sessions.begin() as session, pytest.raises(ValidationError) as caught:
        save_openings(
            session, "01/TCD", 2026, dt.date(2026, 3, 31), {"1": "40", "4": "30", "13": "2,5"}, actor=ADMIN, today=TODAY
        )
    assert set(caught.value.errors) == {"1", "13"}
    assert "1 = 4 + 13 + 22" in caught.value.errors["1"] or "13" in caught.value.errors
    with demo.sessions.begin() as session, pytest.raises(PermissionDeniedError):
        save_openings(session, "01/TCD", 2026, dt.date(2026, 3, 31), {}, actor=an_actor(Role.HANDLER))
    with demo.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ReportOpening)) == 0


def test_a_session_held_by_the_authorised_deputy_counts_in_its_own_columns(database: Database) -> None:
    from db.enums import ReceivedBy, ReceptionKind
    from desktop.core.reception.visits import register_visit, validate_visit
    from tests.builders import make_draft

    wrong = make_draft(by_deputy=True)  # a regular reception by an officer
    assert "by_deputy" in validate_visit(wrong, now=dt.datetime.now(dt.UTC)).errors
    deputy = make_draft(
        by_deputy=True, reception_kind=ReceptionKind.AD_HOC, received_by=ReceivedBy.LEADER, leader_name="Trần Văn Phó"
    )
    with database.sessions.begin() as session:
        register_visit(session, deputy, desk_code="D01", actor=ADMIN)
        register_visit(session, make_draft(), desk_code="D01", actor=ADMIN)
    with database.sessions() as session:
        today = today_local()
        around = custom(today - dt.timedelta(days=1), today + dt.timedelta(days=1))
        cells = compute(session, "01/TCD", around, actor=ADMIN).total.cells
    assert (cells["1"], cells["4"], cells["13"], cells["22"], cells["21"]) == (2, 1, 0, 1, 1)


def test_a_dot_between_thousands_is_read_the_vietnamese_way(demo: Database) -> None:
    """A Vietnamese user writes 1.500 for fifteen hundred (the form's example is 12,5): read as 1.5,
    the money recovered would be a thousand times too small in the report, with no word said."""
    number = _open_case(demo, CaseKind.COMPLAINT)
    draft = ResultDraft(
        outcome="decided",
        decided_on=dt.date(2026, 11, 20),
        verdict="right",
        figures={"recover_money": "1.500", "restored_persons": "2"},
    )
    with demo.sessions.begin() as session:
        record_result(session, number, draft, actor=ADMIN, today=TODAY)
    with demo.sessions() as session:
        kept = read_result(session, number)
    assert kept is not None
    assert kept.figures["recover_money"] == 1500.0
