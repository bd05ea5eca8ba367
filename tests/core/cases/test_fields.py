"""The office edits its list of fields; a field in use is retired, never lost."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.cases.fields import all_fields, save_field
from desktop.core.cases.petitions import list_fields, register_petition
from desktop.core.database import Database
from desktop.core.errors import ValidationError
from tests.builders import ADMIN, make_petition_draft


def test_the_office_adds_renames_and_retires_fields(any_database: Database) -> None:
    with any_database.sessions.begin() as session:
        assert [f.code for f in all_fields(session)][:2] == ["DD", "NO"]
        save_field(session, "gd", "Giáo dục")
        save_field(session, "DD", "Đất đai, địa giới hành chính")
        save_field(session, "MT", "Môi trường", active=False)
        names = dict(list_fields(session))
    assert names["GD"] == "Giáo dục"
    assert names["DD"] == "Đất đai, địa giới hành chính"
    assert "MT" not in names  # retired: not offered for new petitions


def test_use_counts_and_bad_input(database: Database) -> None:
    draft = make_petition_draft(field_code="DD")
    with database.sessions.begin() as session:
        save_field(session, "DD", "Đất đai")
        register_petition(session, draft, desk_code="D01", today=dt.date(2026, 3, 20), actor=ADMIN)
        counts = {f.code: f.petitions for f in all_fields(session)}
    assert counts["DD"] == 1
    with pytest.raises(ValidationError) as caught, database.sessions.begin() as session:
        save_field(session, "Đ Đ", "")
    assert set(caught.value.errors) == {"code", "name"}
