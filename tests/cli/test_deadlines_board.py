"""`tiepdan deadlines` filters, prolonged threshold and -o FILE.pdf|.xlsx, run in-process on a small desk."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from db.enums import PetitionKind
from desktop.cli import main
from desktop.core.cases.petitions import register_petition
from desktop.core.database import DB_FILE, open_database
from desktop.core.formatting import today_local
from tests.builders import ADMIN, make_petition_draft


@pytest.fixture
def desk(template_db: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Three petitions: a complaint 60 days late, a denunciation 10 days late, a complaint not yet due."""
    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copy(template_db, folder / DB_FILE)
    database = open_database(data_dir=folder)
    today = today_local()
    numbers = {}
    with database.sessions.begin() as session:
        for key, received, kind in (
            ("long_late", today - dt.timedelta(days=90), PetitionKind.COMPLAINT),
            ("late", today - dt.timedelta(days=30), PetitionKind.DENUNCIATION),
            ("new", today, PetitionKind.COMPLAINT),
        ):
            draft = make_petition_draft(received_on=received, kind=kind, content_summary=f"Nội dung {key}")
            numbers[key] = register_petition(session, draft, desk_code="D01", today=today, actor=ADMIN).number
    database.dispose()
    return folder, numbers


def run(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> tuple[int, dict[str, object]]:
    status = main(["--data-dir", str(folder), "deadlines", *args, "--json"])
    return status, json.loads(capsys.readouterr().out)


def numbers_of(data: dict[str, object]) -> set[str]:
    rows = data["rows"]
    assert isinstance(rows, list)
    return {row["number"] for row in rows}


def test_filters_and_prolonged_threshold(capsys: pytest.CaptureFixture[str], desk: tuple[Path, dict[str, str]]) -> None:
    folder, n = desk
    status, everything = run(capsys, folder)
    assert status == 0
    assert numbers_of(everything) == set(n.values())
    counted = everything["counts"]
    assert isinstance(counted, dict)
    # Both late ones are overdue; only the one more than 30 days late is prolonged.
    assert (counted["overdue"], counted["prolonged"]) == (2, 1)
    assert numbers_of(run(capsys, folder, "--kind", "denunciation")[1]) == {n["late"]}
    assert numbers_of(run(capsys, folder, "--kind", "complaint", "--overdue")[1]) == {n["long_late"]}
    assert numbers_of(run(capsys, folder, "--state", "processing", "--due-within", "10")[1]) == {n["new"]}
    assert numbers_of(run(capsys, folder, "--officer", "Không Ai")[1]) == set()
    _status, strict = run(capsys, folder, "--prolonged-after", "5")
    assert isinstance(strict["counts"], dict)
    assert strict["counts"]["prolonged"] == 2


def test_writes_the_filtered_list(
    capsys: pytest.CaptureFixture[str], desk: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    folder, n = desk
    xlsx, pdf = tmp_path / "han.xlsx", tmp_path / "han.pdf"
    assert run(capsys, folder, "--kind", "complaint", "-o", str(xlsx))[0] == 0
    assert run(capsys, folder, "--kind", "complaint", "-o", str(pdf))[0] == 0
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    listed = [row[1] for row in sheet.iter_rows(values_only=True) if row and isinstance(row[0], int)]
    assert listed == [n["long_late"], n["new"]]
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert n["long_late"] in text
    assert n["late"] not in text


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--prolonged-after", "0"), "--prolonged-after"),
        (("-o", "han.docx"), ".xlsx"),
    ],
)
def test_user_errors(
    capsys: pytest.CaptureFixture[str], desk: tuple[Path, dict[str, str]], args: tuple[str, ...], fragment: str
) -> None:
    folder, _n = desk
    assert main(["--data-dir", str(folder), "deadlines", *args]) == 1
    assert fragment in capsys.readouterr().err
