"""`tiepdan print book YEAR -o FILE.pdf`: the year's reception book from a real data folder."""

from __future__ import annotations

import json
import subprocess
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
