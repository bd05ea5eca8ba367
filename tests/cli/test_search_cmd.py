"""`tiepdan search`: the core search on the command line, in text and JSON, masked for nobody."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import unicodedata
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.confidentiality import MASKED_NAME
from desktop.core.database import DB_FILE, open_database
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, make_citizen, make_draft
from tests.core.finding.test_search import _record
from tests.core.test_confidentiality import NOW as PLANTED_AT
from tests.core.test_confidentiality import SECRET_NAME, _plant


@pytest.fixture
def desk(template_db: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copy(template_db, folder / DB_FILE)
    database = open_database(data_dir=folder)
    numbers = _record(database)
    database.dispose()
    return folder, numbers


def _json(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> list[dict[str, object]]:
    assert main(["--data-dir", str(folder), "search", *args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list)
    return data


def test_json_lists_kind_number_title_date_and_score(
    capsys: pytest.CaptureFixture[str], desk: tuple[Path, dict[str, str]]
) -> None:
    folder, numbers = desk
    found = _json(capsys, folder, "nguyen van an")
    assert all(set(hit) == {"kind", "number", "title", "date", "score"} for hit in found)
    kinds = [hit["kind"] for hit in found]
    assert kinds == sorted(kinds, key=["citizen", "visit", "petition", "case", "letter"].index)  # grouped
    assert {"citizen", "visit", "petition", "case"} <= set(kinds)
    assert found == _json(capsys, folder, unicodedata.normalize("NFD", "Nguyễn Văn Ân"))
    only = _json(capsys, folder, "Nguyễn Văn Ân", "--kind", "visit", "--limit", "1")
    assert [(hit["kind"], hit["number"]) for hit in only] == [("visit", numbers["Nguyễn Văn Anh"])]
    exact = _json(capsys, folder, numbers["case"])
    assert [(hit["kind"], hit["number"], hit["score"]) for hit in exact] == [("case", numbers["case"], 1.0)]


def test_text_groups_results_under_their_kind(
    capsys: pytest.CaptureFixture[str], desk: tuple[Path, dict[str, str]]
) -> None:
    folder, numbers = desk
    assert main(["--data-dir", str(folder), "search", "Đặng Thị Đào"]) == 0
    out = capsys.readouterr().out
    assert "Công dân:" in out
    assert "Lượt tiếp:" in out
    assert numbers["Đặng Thị Đào"] in out
    assert main(["--data-dir", str(folder), "search", "khong co ai"]) == 0
    assert "Không tìm thấy" in capsys.readouterr().out


def test_a_limit_out_of_range_is_a_user_error(
    capsys: pytest.CaptureFixture[str], desk: tuple[Path, dict[str, str]]
) -> None:
    folder, _numbers = desk
    assert main(["--data-dir", str(folder), "search", "an", "--limit", "0"]) == 1
    assert "--limit" in capsys.readouterr().err


def test_nobody_sees_the_denouncer_masked(
    capsys: pytest.CaptureFixture[str], template_db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copy(template_db, folder / DB_FILE)
    database = open_database(data_dir=folder)
    planted = _plant(database)
    database.dispose()
    by_number = _json(capsys, folder, planted.serial)
    assert [(hit["kind"], hit["title"]) for hit in by_number] == [("visit", MASKED_NAME)]
    by_name = _json(capsys, folder, SECRET_NAME)
    assert all(SECRET_NAME not in str(hit["title"]) for hit in by_name)


def test_an_old_cmnd_and_a_letter_number_typed_loosely_are_found_exactly(
    capsys: pytest.CaptureFixture[str], template_db: Path, tmp_path: Path
) -> None:
    from sqlalchemy import select

    from db.enums import DocumentKind
    from db.models import Citizen
    from desktop.core.access import NOBODY
    from desktop.core.cases.letters import issue_letter
    from tests.core.finding.test_search import OLD_CMND, TODAY, _with_old_numbers

    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copy(template_db, folder / DB_FILE)
    database = open_database(data_dir=folder)
    numbers = _with_old_numbers(database)
    with database.sessions.begin() as session:
        letter = issue_letter(
            session, DocumentKind.ACCEPTANCE, numbers["petition"], data_dir=folder, today=TODAY, viewer=NOBODY
        )
        assert session.scalar(select(Citizen.old_id_number).where(Citizen.id_number == "001085000001")) == OLD_CMND
    database.dispose()
    found = _json(capsys, folder, "351 234 567")
    assert [(hit["kind"], hit["number"], hit["score"]) for hit in found] == [
        ("citizen", "001085000001", 1.0),
        ("visit", numbers["Nguyễn Văn Ân"], 1.0),
        ("petition", numbers["petition"], 1.0),
        ("case", numbers["case"], 1.0),
        ("letter", letter.number, 1.0),
    ]
    assert letter.number.startswith("01/")
    loose = letter.number.removeprefix("0").lower()  # "1/tb-ubnd"
    assert [(hit["kind"], hit["number"]) for hit in _json(capsys, folder, loose)] == [("letter", letter.number)]


def test_the_limit_counts_the_results_shown_not_those_left_out(
    capsys: pytest.CaptureFixture[str], template_db: Path, tmp_path: Path
) -> None:
    """A denouncer's visit, newest under the name, is left out for nobody: --limit 1 still gives one
    result (it gave none, "Nothing found.", though the other visit matched)."""
    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copy(template_db, folder / DB_FILE)
    database = open_database(data_dir=folder)
    _plant(database)
    with database.sessions.begin() as session:
        other = register_visit(
            session,
            make_draft(make_citizen(full_name="Trần Văn Hiền", id_number="089070000555")),
            desk_code="D01",
            now=PLANTED_AT - dt.timedelta(days=1),
            actor=ADMIN,
        ).visit.serial
    database.dispose()
    found = _json(capsys, folder, "tran", "--kind", "visit", "--limit", "1")
    assert [hit["number"] for hit in found] == [other]
