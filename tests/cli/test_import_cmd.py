"""`tiepdan import`: an old book from a file in a real process, dry run, import, again, and by a mapping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_commands import OFFICE, tiepdan
from tests.helpers import old_books

ADMIN_PASSWORD = "mật khẩu quản trị"


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIEPDAN_PASSWORD", ADMIN_PASSWORD)
    data = tmp_path / "desk"
    result = tiepdan(data, "init", *OFFICE, "--admin", "quantri")
    assert result.returncode == 0, result.stderr
    return data


def test_dry_run_then_import_then_again(desk: Path, tmp_path: Path) -> None:
    book = tmp_path / "SoTiepDan.doc"  # an HTML table, as the VLL system saves it
    book.write_bytes(old_books.html_table("SỔ TIẾP DÂN", old_books.VLL_HEADER, old_books.vll_rows()))
    dry = tiepdan(desk, "--user", "quantri", "import", str(book), "--dry-run", "--json")
    assert dry.returncode == 1, dry.stderr  # a row was refused
    assert json.loads(dry.stdout) == {
        "entries": 3,
        "imported": 0,
        "already_imported": 0,
        "people": 4,
        "rejected": [{"sheet": "Bảng 1", "row": 4, "reason": "Dòng không có họ tên công dân."}],
    }
    done = json.loads(tiepdan(desk, "--user", "quantri", "import", str(book), "--json").stdout)
    assert (done["entries"], done["imported"], done["people"]) == (3, 3, 4)
    again = json.loads(tiepdan(desk, "--user", "quantri", "import", str(book), "--json").stdout)
    assert (again["imported"], again["already_imported"]) == (0, 3)
    stats = json.loads(tiepdan(desk, "stats", "--json").stdout)
    assert stats["local"]["visits"] == 3  # counted like any other visit


def test_text_output_and_a_mapping(desk: Path, tmp_path: Path) -> None:
    book = tmp_path / "cu.csv"
    book.write_bytes(old_books.csv_bytes([("Ngày", "Người"), ("01/02/2020", "Ông Ba (ấp 1)")], encoding="cp1258"))
    refused = tiepdan(desk, "--user", "quantri", "import", str(book))
    assert refused.returncode == 1
    assert "chỉ định các cột" in refused.stderr
    result = tiepdan(desk, "--user", "quantri", "import", str(book), "--map", "date=A,name=B")
    assert result.returncode == 0, result.stderr
    assert "Đã nhập 1 lượt tiếp (1 người)." in result.stdout
    bad = tiepdan(desk, "--user", "quantri", "import", str(book), "--map", "date=A")
    assert bad.returncode == 1
    assert "date=..., name=..." in bad.stderr


def test_nobody_signed_in_may_not_import(desk: Path, tmp_path: Path) -> None:
    book = tmp_path / "so.xlsx"
    book.write_bytes(old_books.xlsx_bytes(old_books.gvt_rows()))
    result = tiepdan(desk, "import", str(book), "--dry-run")
    assert result.returncode == 1
    assert "nhập sổ tiếp công dân cũ" in result.stderr


def test_a_device_or_a_pipe_is_refused_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """/dev/zero never ends: reading it filled the memory (MemoryError) instead of a message."""
    from desktop.cli import import_cmd
    from desktop.core.errors import AppError

    def never(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(AppError, match="/dev/zero"):
        import_cmd._read(Path("/dev/zero"))
