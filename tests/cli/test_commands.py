"""The `tiepdan` command as admins script it: real process, real data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.cli import main

OFFICE = [
    "--office-name",
    "Ban Tiếp công dân tỉnh An Giang",
    "--parent-agency",
    "Ủy ban nhân dân tỉnh An Giang",
    "--place",
    "An Giang",
    "--symbol",
    "BTCD",
    "--desk",
    "D01",
    "--receptionist",
    "Trần Thị Mai",
]


def tiepdan(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed entry point in a fresh process."""
    env = {**os.environ, "TIEPDAN_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    data = tmp_path / "desk"
    result = tiepdan(data, "init", *OFFICE)
    assert result.returncode == 0, result.stderr
    return data


def test_init_creates_database_in_the_data_folder_not_the_working_directory(desk: Path, tmp_path: Path) -> None:
    assert (desk / "tiepdan.sqlite3").exists()
    assert not list(Path.cwd().glob("*.sqlite3"))
    result = tiepdan(desk, "init", "--json")
    data = json.loads(result.stdout)
    assert data["office"] == "Ban Tiếp công dân tỉnh An Giang"
    assert data["desk"] == "D01"


def test_init_message_is_vietnamese(tmp_path: Path) -> None:
    result = tiepdan(tmp_path / "d", "init", "--desk", "D02")
    assert result.returncode == 0
    assert "Cơ sở dữ liệu đã sẵn sàng" in result.stdout
    assert "Bàn tiếp: D02." in result.stdout


def test_demo_stats_check_print_round_trip(desk: Path, tmp_path: Path) -> None:
    result = tiepdan(desk, "demo", "--visits", "200", "--seed", "5", "--json")
    assert result.returncode == 0, result.stderr
    demo = json.loads(result.stdout)
    assert demo["visits"] == 200
    stats = json.loads(tiepdan(desk, "stats", "--json").stdout)
    assert stats["local"]["visits"] == 200
    assert stats["local"]["citizens"] == demo["citizens"]
    check = tiepdan(desk, "check", "--json")
    assert check.returncode == 0
    assert json.loads(check.stdout)["ok"] is True
    out = tmp_path / "receipt.pdf"
    printed = tiepdan(desk, "print", "receipt", demo["last"], "-o", str(out))
    assert printed.returncode == 0, printed.stderr
    text = PdfReader(out).pages[0].extract_text()
    assert demo["last"] in text
    assert "GIẤY BIÊN NHẬN" in text
    thermal = tmp_path / "receipt-80mm.pdf"
    assert tiepdan(desk, "print", "receipt", demo["last"], "-o", str(thermal), "--thermal").returncode == 0
    assert float(PdfReader(thermal).pages[0].mediabox.width) == pytest.approx(226.77, abs=0.1)
    assert json.loads(tiepdan(desk, "stats", "--json").stdout)["local"]["documents"] == 2


def test_print_unknown_number_is_a_user_error(desk: Path, tmp_path: Path) -> None:
    result = tiepdan(desk, "print", "receipt", "D01-2026-999999", "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 1
    assert "Không có lượt tiếp nào số D01-2026-999999." in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_misuse_exits_2(desk: Path) -> None:
    assert tiepdan(desk, "demo").returncode == 2
    assert tiepdan(desk, "print", "poster", "X", "-o", "x.pdf").returncode == 2


def test_bad_desk_code_is_a_user_error(tmp_path: Path) -> None:
    result = tiepdan(tmp_path / "d", "init", "--desk", "1")
    assert result.returncode == 1
    assert "Mã bàn tiếp" in result.stderr


def test_global_db_option_points_at_another_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "elsewhere.sqlite3"
    assert (
        main(["--db", f"sqlite+pysqlite:///{other}", "--data-dir", str(tmp_path / "d"), "init", "--desk", "D03"]) == 0
    )
    assert other.exists()
    assert main(["--db", f"sqlite+pysqlite:///{other}", "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 3)[-1] or "{}") is not None


def test_check_fails_on_a_corrupt_database(desk: Path) -> None:
    assert tiepdan(desk, "demo", "--visits", "50").returncode == 0
    database = desk / "tiepdan.sqlite3"
    data = bytearray(database.read_bytes())
    page = 4096
    for number in range(3, len(data) // page - 1, 2):  # damage the b-tree header of every other page
        data[number * page : number * page + 12] = b"\x0d\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
    database.write_bytes(bytes(data))
    result = tiepdan(desk, "check")
    assert result.returncode == 1
