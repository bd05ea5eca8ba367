"""`tiepdan report`: the JSON shape, one workbook for `all`, a PDF, and the refusals, run in-process."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.cli import main
from desktop.core.database import DB_FILE, open_database
from desktop.core.demo.generator import generate
from desktop.core.reports.definitions import TABLE_IDS
from desktop.core.users import create_first_admin

PASSWORD = "mat-khau-rat-dai-123"
NOW = dt.datetime(2026, 11, 30, 5, 0, tzinfo=dt.UTC)


@pytest.fixture
def desk(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copy(template_db, folder / DB_FILE)
    database = open_database(data_dir=folder)
    with database.sessions.begin() as session:
        create_first_admin(session, "quantri", PASSWORD, "Lê Thị Lập")
        generate(session, visits=300, desk_code="D01", seed=5, now=NOW, postal_petitions=40)
    database.dispose()
    monkeypatch.setenv("TIEPDAN_PASSWORD", PASSWORD)
    return folder


def report(folder: Path, *args: str) -> int:
    return main(["--data-dir", str(folder), "--user", "quantri", "report", *args])


def test_json_gives_columns_by_ms_number_and_the_office_total_first(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert report(desk, "01/TCD", "--from", "15/12/2025", "--to", "14/12/2026", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["table"] == "01/TCD"
    assert data["period"]["from"] == "2025-12-15"
    assert data["period"]["to"] == "2026-12-14"
    assert [c["id"] for c in data["columns"]] == [str(n) for n in range(1, 30)]
    assert data["columns"][3] == {"id": "4", "path": ["Tiếp thường xuyên", "Số lượt tiếp"]}
    total, desk_row = data["rows"]
    assert total["unit"] == "Tổng cộng"
    assert desk_row["unit"] == "Bàn tiếp D01"
    cells = total["cells"]
    assert cells["1"] == cells["4"] + cells["13"] + cells["22"] > 0


def test_period_option_and_all_tables_in_one_workbook(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bao-cao.xlsx"
    assert report(desk, "all", "--period", "q3", "--year", "2026", "-o", str(target)) == 0
    assert "bao-cao.xlsx" in capsys.readouterr().out
    assert load_workbook(target).sheetnames == [t.replace("/", "-") for t in TABLE_IDS]
    pdf = tmp_path / "01-kqgq.pdf"
    assert report(desk, "01/kqgq", "--period", "year", "--year", "2026", "-o", str(pdf)) == 0
    reader = PdfReader(pdf)
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    assert "Biểu số 01/KQGQ" in reader.pages[0].extract_text()


def test_unknown_table_bad_period_and_nobody_are_refused(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report(desk, "05/TCD", "--period", "year") == 1
    assert "05/TCD" in capsys.readouterr().err
    assert report(desk, "01/TCD", "--from", "02/03/2026", "--to", "01/03/2026") == 1
    capsys.readouterr()
    assert main(["--data-dir", str(desk), "report", "01/TCD", "--period", "year"]) == 1  # nobody signed in
    assert capsys.readouterr().err


def test_cutoff_day_is_kept_for_later_periods(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report(desk, "02/TCD", "--period", "q1", "--year", "2026", "--cutoff-day", "1", "--json") == 0
    assert json.loads(capsys.readouterr().out)["period"]["from"] == "2026-01-01"
    assert report(desk, "02/TCD", "--period", "q1", "--year", "2026", "--json") == 0
    assert json.loads(capsys.readouterr().out)["period"]["to"] == "2026-03-31"
    assert report(desk, "02/TCD", "--period", "q1", "--cutoff-day", "30") == 1


def _case_without_result(folder: Path) -> str:
    import sqlite3

    with sqlite3.connect(folder / DB_FILE) as connection:
        row = connection.execute(
            "SELECT number FROM case_file LEFT JOIN case_result r ON r.case_id = case_file.id "
            "WHERE kind = 'complaint' AND round = 1 AND r.id IS NULL ORDER BY number LIMIT 1"
        ).fetchone()
    assert row is not None
    return str(row[0])


def test_case_result_records_refuses_and_shows(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    number = _case_without_result(desk)
    base = ["--data-dir", str(desk), "--user", "quantri", "case-result", number]
    assert main([*base, "--outcome", "decided", "--date", "20/11/2026", "--figure", "recover_money=1,5", "--json"]) == 1
    assert "đúng, sai hay đúng một phần" in capsys.readouterr().err
    assert (
        main(
            [
                *base,
                "--outcome",
                "decided",
                "--date",
                "20/11/2026",
                "--verdict",
                "partly",
                "--figure",
                "recover_money=1,5",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main([*base, "--show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["verdict"] == "partly"
    assert shown["figures"] == {"recover_money": 1.5}


def test_report_opening_saves_and_lists(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--data-dir", str(desk), "--user", "quantri", "report-opening", "02/TCD", "--year", "2026"]
    values = [item for pair in ("1=3", "3=3", "9=3", "2=3", "4=3", "10=3") for item in ("--value", pair)]
    assert main([*base, "--as-of", "31/03/2026", *values, "--json"]) == 0
    capsys.readouterr()
    assert main([*base, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["values"] == {
        "1": 3.0,
        "2": 3.0,
        "3": 3.0,
        "4": 3.0,
        "9": 3.0,
        "10": 3.0,
    }


def test_the_directives_two_lists(desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report(desk, "transferred-in", "--json") == 0
    owed = json.loads(capsys.readouterr().out)
    assert owed["rows"]
    assert all(row["from"].startswith("Chuyển từ") for row in owed["rows"])
    assert report(desk, "prolonged", "--json", "-o", str(tmp_path / "keo-dai.xlsx")) == 0
    prolonged = json.loads(capsys.readouterr().out)
    sheet = load_workbook(tmp_path / "keo-dai.xlsx").active
    assert sheet is not None
    assert sheet["A2"].value == "DANH SÁCH VỤ VIỆC KHIẾU NẠI, TỐ CÁO KÉO DÀI"
    assert [sheet.cell(row=6 + n, column=2).value for n in range(len(prolonged["rows"]))] == [
        row["number"] for row in prolonged["rows"]
    ]
    assert report(desk, "prolonged", "-o", str(tmp_path / "keo-dai.txt")) == 1


def test_a_reply_to_a_transfer_is_counted(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    with sqlite3.connect(desk / DB_FILE) as connection:
        number, decided = connection.execute(
            "SELECT number, decided_on FROM petition WHERE decision = 'transfer' AND transfer_reply_on IS NULL "
            "AND decided_on >= '2026-01-01' ORDER BY number LIMIT 1"
        ).fetchone()
    assert report(desk, "01/XLD", "--period", "year", "--year", "2026", "--json") == 0
    before = json.loads(capsys.readouterr().out)["rows"][0]["cells"]["26"]
    day = dt.date.fromisoformat(decided) + dt.timedelta(days=3)
    base = ["--data-dir", str(desk), "--user", "quantri", "transfer-reply", number]
    assert main([*base, "--date", day.strftime("%d/%m/%Y")]) == 0
    assert "Đã nhận văn bản phúc đáp" in capsys.readouterr().out
    assert report(desk, "01/XLD", "--period", "year", "--year", "2026", "--json") == 0
    assert json.loads(capsys.readouterr().out)["rows"][0]["cells"]["26"] == before + 1
    assert main([*base, "--date", "01/01/2020"]) == 1  # before the petition was sent on


@pytest.mark.parametrize(
    "period",
    [
        ("--from", "01/01/0001", "--to", "31/12/0001"),
        ("--from", "01/01/9999", "--to", "31/12/9999"),
        ("--from", "01/01/0001", "--to", "31/12/9999"),
        ("--from", "01/01/2026", "--to", "31/12/9999"),
        ("--period", "q1", "--year", "10000"),
        ("--period", "q1", "--year", "1"),
        ("--period", "year", "--year", "0"),
        ("--period", "year", "--year", "-5"),
        ("--period", "year", "--year", "9999"),
    ],
)
def test_a_period_no_record_can_fall_in_is_refused_in_words(
    desk: Path, capsys: pytest.CaptureFixture[str], period: tuple[str, ...]
) -> None:
    """Year 1 or 9999 overflowed the UTC day bounds into a traceback; --year 0 was taken as this year."""
    assert report(desk, "01/TCD", *period, "--json") == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "Error" not in err
    assert "01/07/2014" in err  # the range a record's date may take (desktop.core.bounds)
    assert "31/12/2090" in err


def test_a_refused_period_keeps_the_cutoff_day(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--cutoff-day 20` with a period refused saved the day all the same: a failed command changes nothing."""
    assert report(desk, "01/TCD", "--cutoff-day", "20", "--from", "01/06/2026", "--to", "01/01/2026") == 1
    assert report(desk, "01/TCD", "--cutoff-day", "21", "--period", "q1", "--year", "1") == 1
    capsys.readouterr()
    assert report(desk, "01/TCD", "--period", "q1", "--year", "2026", "--json") == 0
    assert json.loads(capsys.readouterr().out)["period"]["from"] == "2025-12-15"  # the default day, untouched
