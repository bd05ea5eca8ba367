"""`tiepdan print book YEAR -o FILE.pdf`: the year's reception book from a real data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.formatting import today_local
from tests.cli.test_commands import OFFICE, tiepdan


@pytest.fixture(scope="module")
def demo_desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A desk with 300 demo visits, dated this year and last year."""
    data = tmp_path_factory.mktemp("book") / "desk"
    assert tiepdan(data, "init", *OFFICE).returncode == 0
    demo = tiepdan(data, "demo", "--visits", "300", "--seed", "1")
    assert demo.returncode == 0, demo.stderr
    return data


def test_print_book_of_this_year(demo_desk: Path, tmp_path: Path) -> None:
    year = str(today_local().year)  # demo visits are dated this year and the one before
    out = tmp_path / "x.pdf"

    result = tiepdan(demo_desk, "print", "book", year, "-o", str(out))

    assert result.returncode == 0, result.stderr
    assert f"Đã in sổ tiếp công dân năm {year}" in result.stdout
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True, check=True)
    assert "SỔ TIẾP CÔNG DÂN" in text.stdout
    assert f"Năm {year}" in text.stdout
    kept = demo_desk / "documents" / year / f"book-{year}.pdf"
    assert kept.read_bytes() == out.read_bytes()


def test_print_book_json_counts_the_visits_of_the_year(demo_desk: Path, tmp_path: Path) -> None:
    last_year = str(today_local().year - 1)

    result = tiepdan(demo_desk, "print", "book", last_year, "-o", str(tmp_path / "last.pdf"), "--json")

    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "book"
    assert data["number"] == last_year
    assert 0 < data["visits"] < 300
    assert data["kept"].endswith(f"book-{last_year}.pdf")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("26",), '"26" không phải là năm'),
        (("2026x",), '"2026x" không phải là năm'),
        (("1999",), "Không có lượt tiếp nào trong năm 1999."),
        (("2026", "--thermal"), "chỉ in trên giấy A4"),
    ],
)
def test_print_book_user_errors_exit_1(demo_desk: Path, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    out = tmp_path / "bad.pdf"

    result = tiepdan(demo_desk, "print", "book", *args, "-o", str(out))

    assert result.returncode == 1
    assert message in result.stderr
    assert not out.exists()


def test_print_book_shows_its_progress_on_stderr_when_asked(demo_desk: Path, tmp_path: Path) -> None:
    """--progress: a line every 5 % on stderr, the last at 100 %; stdout keeps its one sentence."""
    year = str(today_local().year)

    asked = tiepdan(demo_desk, "print", "book", year, "--progress", "-o", str(tmp_path / "x.pdf"))
    quiet = tiepdan(demo_desk, "print", "book", year, "-o", str(tmp_path / "y.pdf"))

    assert asked.returncode == quiet.returncode == 0, asked.stderr
    lines = asked.stderr.splitlines()
    percents = [int(line.rsplit("(", 1)[1].rstrip("%)")) for line in lines]
    assert percents == sorted(percents)
    assert percents[-1] == 100
    assert len(lines) > 3
    assert lines[-1].startswith("Đang ghi sổ tiếp công dân: ")
    assert asked.stdout == quiet.stdout.replace("y.pdf", "x.pdf")
    assert quiet.stderr == ""  # not a terminal, not asked: nothing


def test_print_book_to_a_pipe_writes_the_whole_pdf(demo_desk: Path) -> None:
    year = str(today_local().year)
    env = {**os.environ, "TIEPDAN_DATA_DIR": str(demo_desk)}

    result = subprocess.run(
        [sys.executable, "-m", "desktop", "print", "book", year, "-o", "/dev/stdout", "--json"],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    pdf, _, answer = result.stdout.partition(b"%%EOF\n")
    assert pdf.startswith(b"%PDF-")
    assert json.loads(answer)["kind"] == "book"
