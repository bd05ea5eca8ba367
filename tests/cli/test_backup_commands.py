"""`tiepdan backup` and `tiepdan restore` as an administrator runs them: exit status, Vietnamese words, JSON."""

from __future__ import annotations

import getpass
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from db import migrations
from desktop.cli import main
from desktop.core.backup import sealed
from desktop.core.database import Database
from desktop.core.demo.generator import generate
from tests.helpers.modes import mode_of
from tests.helpers.waiting import WAIT_S

PASSPHRASE = "Mật khẩu sao lưu 2026"
ENV = "TIEPDAN_BACKUP_PASSPHRASE"

Run = Callable[..., tuple[int, str, str]]

HEAD = migrations.head_revision()  # the schema this TiepDan writes


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """`tiepdan ARGS` in this process, with a cheap scrypt, the passphrase in the environment, no terminal."""
    monkeypatch.setattr(sealed, "DEFAULT_COST", sealed.Cost(log2_n=10, r=8, p=1))
    monkeypatch.setattr(sys, "stdin", io.StringIO())

    def tiepdan(*args: str, passphrase: str | None = PASSPHRASE) -> tuple[int, str, str]:
        if passphrase is None:
            monkeypatch.delenv(ENV, raising=False)
        else:
            monkeypatch.setenv(ENV, passphrase)
        status = main(list(args))
        out, err = capsys.readouterr()
        return status, out, err

    return tiepdan


@pytest.fixture
def desk(database: Database) -> Database:
    """The desk of the test's data folder (TIEPDAN_DATA_DIR), with 40 visits."""
    with database.sessions.begin() as session:
        generate(session, visits=40, desk_code="D01", seed=2)
    return database


def _visits(run: Run) -> int:
    return int(json.loads(run("stats", "--json")[1])["local"]["visits"])


def _more(desk: Database) -> None:
    with desk.sessions.begin() as session:
        generate(session, visits=5, desk_code="D01", seed=8)


@pytest.fixture
def backup(run: Run, desk: Database, tmp_path: Path) -> Path:
    status, out, err = run("backup", "-o", str(tmp_path / "desk.tdbackup"), "--json")
    assert status == 0, err
    done = json.loads(out)
    assert (done["kind"], done["schema"], done["encrypted"], done["verified"]) == ("sqlite", HEAD, True, True)
    return Path(done["backup"])


def test_backup_then_restore_gives_the_data_back(run: Run, desk: Database, backup: Path) -> None:
    assert mode_of(backup) == 0o600
    _more(desk)
    assert _visits(run) == 45
    status, out, err = run("restore", str(backup), "--json")
    assert status == 0, err
    restored = json.loads(out)
    assert restored["schema"] == HEAD
    assert _visits(run) == 40
    kept = Path(restored["kept"])
    assert kept.name.startswith("tiepdan.sqlite3.before-restore-")
    assert mode_of(kept) == 0o600
    status, out, _err = run("restore", str(backup))
    assert "Đã khôi phục" in out
    assert "được giữ lại tại" in out


MESSAGES = {
    "wrong passphrase": "Sai mật khẩu sao lưu",
    "truncated": "Tệp sao lưu không đầy đủ",
    "flipped byte": "Tệp sao lưu bị hỏng hoặc đã bị sửa",
}


@pytest.mark.parametrize("damage", list(MESSAGES))
def test_a_bad_backup_is_refused_in_vietnamese_and_replaces_nothing(
    run: Run, desk: Database, backup: Path, tmp_path: Path, damage: str
) -> None:
    message = MESSAGES[damage]
    passphrase = "một mật khẩu khác" if damage == "wrong passphrase" else PASSPHRASE
    data = bytearray(backup.read_bytes())
    if damage == "truncated":
        del data[len(data) - 1000 :]
    elif damage == "flipped byte":
        data[len(data) // 2] ^= 0x01
    bad = tmp_path / "bad.tdbackup"
    bad.write_bytes(bytes(data))
    _more(desk)
    status, _out, err = run("restore", str(bad), passphrase=passphrase)
    assert status == 1
    assert message in err
    assert "Chưa khôi phục gì" in err
    status, out, _err = run("restore", str(bad), "--json", passphrase=passphrase)
    assert status == 1
    assert message in json.loads(out)["error"]
    assert _visits(run) == 45
    assert not list(desk.data_dir.glob("*.before-restore-*"))


def test_without_a_passphrase_or_a_terminal_the_command_is_refused(run: Run, desk: Database, tmp_path: Path) -> None:
    status, _out, err = run("backup", "-o", str(tmp_path / "x.tdbackup"), passphrase=None)
    assert status == 1
    assert ENV in err
    assert not (tmp_path / "x.tdbackup").exists()
    status, _out, err = run("backup", "-o", str(tmp_path / "x.tdbackup"), passphrase="ngắn")
    assert status == 1
    assert "ít nhất 8 ký tự" in err


def test_on_a_terminal_the_passphrase_is_asked_twice(
    run: Run, desk: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    answers = [PASSPHRASE, PASSPHRASE + "!"]
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": answers.pop(0))
    status, _out, err = run("backup", "-o", str(tmp_path / "x.tdbackup"), passphrase=None)
    assert status == 1
    assert "không giống nhau" in err
    answers[:] = [PASSPHRASE, PASSPHRASE, PASSPHRASE]
    assert run("backup", "-o", str(tmp_path / "x.tdbackup"), passphrase=None)[0] == 0
    assert run("restore", str(tmp_path / "x.tdbackup"), passphrase=None)[0] == 0
    assert answers == []  # twice for the backup, once for the restore


def test_server_backup_and_restore_with_db(run: Run, fresh_pg_url: str, tmp_path: Path) -> None:
    before = run("--db", fresh_pg_url, "stats", "--json")
    assert before[0] == 0, before[2]
    out, admin = tmp_path / "office.tdbackup", str(tmp_path / "admin")
    status, text, err = run("--db", fresh_pg_url, "--data-dir", admin, "backup", "-o", str(out), "--json")
    assert status == 0, err
    assert json.loads(text)["kind"] == "postgresql"
    assert run("--db", fresh_pg_url, "demo", "--visits", "5", "--seed", "1")[0] == 0
    status, text, err = run("--db", fresh_pg_url, "--data-dir", admin, "restore", str(out), "--json")
    assert status == 0, err
    assert Path(json.loads(text)["kept"]).parent == (tmp_path / "admin").resolve()
    assert json.loads(run("--db", fresh_pg_url, "stats", "--json")[1])["local"] == json.loads(before[1])["local"]


def test_the_real_command_uses_the_full_scrypt_cost(desk: Database, tmp_path: Path) -> None:
    """One run of the installed command as it is, in its own process: the cost is not the tests' cheap one."""
    env = {**os.environ, ENV: PASSPHRASE, "TIEPDAN_DATA_DIR": str(desk.data_dir)}
    out = tmp_path / "real.tdbackup"
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "backup", "-o", str(out)],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=WAIT_S,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "đã mã hóa và đọc lại kiểm tra" in result.stdout
    assert sealed._parse_header(out.read_bytes()[: sealed._HEADER.size]).cost == sealed.Cost(17, 8, 1)
