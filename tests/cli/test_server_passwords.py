"""A password written into --db or --server is refused: every account on the computer can read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main

SECRET = "bi-mat-42"


@pytest.mark.parametrize(
    "args",
    [
        ("--db", f"postgresql+psycopg://tiepdan:{SECRET}@10.0.0.5/tiepdan", "stats"),
        (f"--db=postgresql://tiepdan:{SECRET}@10.0.0.5/tiepdan", "sync", "--status"),
        ("init", "--server", f"postgresql://tiepdan:{SECRET}@10.0.0.5/tiepdan", "--desk", "D02"),
        ("--db", f"postgresql://tiepdan:{SECRET}@10.0.0.5/tiepdan"),  # the GUI
    ],
)
def test_password_in_an_address_is_refused_with_the_safe_ways(
    args: tuple[str, ...], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path / "d"), *args]) == 1
    out, err = capsys.readouterr()
    assert "TIEPDAN_SERVER_PASSWORD" in err
    assert "Cài đặt" in err  # Settings, Office server: the keyring
    assert SECRET not in out + err
    assert not (tmp_path / "d").exists()  # refused before anything was opened or written


def test_an_address_without_password_is_not_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    assert main(["--data-dir", str(folder), "--db", f"sqlite:///{folder / 'x.sqlite3'}", "init"]) == 0
    assert "TIEPDAN_SERVER_PASSWORD" not in capsys.readouterr().err
    assert (folder / "x.sqlite3").exists()
