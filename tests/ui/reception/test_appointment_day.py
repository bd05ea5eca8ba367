"""An appointment typed for a day off: the form names the day and suggests the next working day before saving."""

from __future__ import annotations

import datetime as dt

import pytest

from db.enums import Outcome
from desktop.core.database import Database
from desktop.core.deadlines.calendar import WorkCalendar, format_day
from desktop.core.formatting import today_local
from desktop.ui.reception import form as form_module
from desktop.ui.reception.form import ReceptionForm
from tests.ui.helpers import count_visits, fill_minimal


def _next_weekend_day_off() -> dt.date:
    calendar = WorkCalendar.default()
    day = today_local() + dt.timedelta(days=1)
    while day.weekday() != 5 or calendar.is_working_day(day):  # a Saturday really off (not a swapped one)
        day += dt.timedelta(days=1)
    return day


def _questions(monkeypatch: pytest.MonkeyPatch, answer: bool) -> list[str]:
    asked: list[str] = []

    def confirm(_parent: object, _title: str, text: str, **_kwargs: object) -> bool:
        asked.append(text)
        return answer

    monkeypatch.setattr(form_module, "confirm", confirm)
    return asked


def test_a_saturday_appointment_is_questioned_with_the_next_working_day(
    form: ReceptionForm, monkeypatch: pytest.MonkeyPatch, database: Database
) -> None:
    saturday = _next_weekend_day_off()
    following = WorkCalendar.default().next_working_day(saturday)
    fill_minimal(form)
    form.outcome.outcome_combo.set_value(Outcome.APPOINTMENT)
    form.outcome.appointment_field.set_value(dt.datetime.combine(saturday, dt.time(8, 30)))
    asked = _questions(monkeypatch, answer=False)

    assert form.save() is None

    assert len(asked) == 1
    assert f"{format_day(saturday)}, là ngày nghỉ: Nghỉ cuối tuần" in asked[0]
    assert f"Ngày làm việc tiếp theo là {format_day(following)}" in asked[0]
    assert "thứ Bảy" in form.message_for("appointment_at")  # shown next to the field too
    assert count_visits(database) == 0


def test_the_appointment_is_kept_when_the_officer_confirms_the_day(
    form: ReceptionForm, monkeypatch: pytest.MonkeyPatch, database: Database
) -> None:
    saturday = _next_weekend_day_off()
    fill_minimal(form)
    form.outcome.outcome_combo.set_value(Outcome.APPOINTMENT)
    form.outcome.appointment_field.set_value(dt.datetime.combine(saturday, dt.time(8, 30)))
    _questions(monkeypatch, answer=True)

    assert form.save() is not None
    assert count_visits(database) == 1


def test_a_working_day_appointment_asks_nothing(form: ReceptionForm, monkeypatch: pytest.MonkeyPatch) -> None:
    monday = WorkCalendar.default().next_working_day(_next_weekend_day_off())
    fill_minimal(form)
    form.outcome.outcome_combo.set_value(Outcome.APPOINTMENT)
    form.outcome.appointment_field.set_value(dt.datetime.combine(monday, dt.time(8, 30)))
    asked = _questions(monkeypatch, answer=False)

    assert form.save() is not None
    assert asked == []
