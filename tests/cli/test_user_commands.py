"""`tiepdan --user`, `init --admin` and `user add|disable|list`, in this process (cheap hashes)."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest

from desktop.cli import main

ADMIN_PASSWORD = "mật khẩu quản trị"
NEW_PASSWORD = "mật khẩu người mới"


def call(capsys: pytest.CaptureFixture[str], desk: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        status = main(["--data-dir", str(desk), *args])
    except SystemExit as exc:
        status = int(exc.code or 0)
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(args, status, captured.out, captured.err)


class NoTerminal(io.StringIO):
    def isatty(self) -> bool:
        return False


@pytest.fixture(autouse=True)
def _no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' stdin is no terminal: a password not in the environment is refused, never asked."""
    monkeypatch.setattr("sys.stdin", NoTerminal())
    monkeypatch.delenv("TIEPDAN_PASSWORD", raising=False)
    monkeypatch.delenv("TIEPDAN_NEW_PASSWORD", raising=False)


@pytest.fixture
def desk(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "desk"
    monkeypatch.setenv("TIEPDAN_PASSWORD", ADMIN_PASSWORD)
    result = call(capsys, folder, "init", "--desk", "D01", "--admin", "QuanTri", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["admin"] == "quantri"
    monkeypatch.delenv("TIEPDAN_PASSWORD")
    return folder


def as_admin(monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.setenv("TIEPDAN_PASSWORD", ADMIN_PASSWORD)
    return ("--user", "quantri")


def test_an_admin_adds_lists_and_disables_a_user(
    desk: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIEPDAN_NEW_PASSWORD", NEW_PASSWORD)
    added = call(capsys, desk, *as_admin(monkeypatch), "user", "add", "canbo1", "--role", "handler",
                 "--full-name", "Trần Thị Bé")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "canbo1" in added.stdout
    listed = call(capsys, desk, *as_admin(monkeypatch), "user", "list", "--json")
    assert [(u["username"], u["role"], u["active"]) for u in json.loads(listed.stdout)] == [
        ("canbo1", "handler", True),
        ("quantri", "admin", True),
    ]
    # The new user signs in with the password the admin gave.
    monkeypatch.setenv("TIEPDAN_PASSWORD", NEW_PASSWORD)
    refused = call(capsys, desk, "--user", "canbo1", "user", "list")
    assert refused.returncode == 1
    assert "Cán bộ xử lý" in refused.stderr  # signed in, but a handler manages no users
    disabled = call(capsys, desk, *as_admin(monkeypatch), "user", "disable", "canbo1")
    assert disabled.returncode == 0, disabled.stderr
    monkeypatch.setenv("TIEPDAN_PASSWORD", NEW_PASSWORD)
    gone = call(capsys, desk, "--user", "canbo1", "user", "list")
    assert gone.returncode == 1
    assert "vô hiệu hóa" in gone.stderr


def test_user_commands_need_an_admin(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (("user", "list"), ("user", "disable", "quantri"), ("user", "add", "x1", "--role", "admin")):
        result = call(capsys, desk, *args)
        assert result.returncode == 1, args
        assert "Đăng nhập trước" in result.stderr


def test_a_wrong_password_is_refused_without_naming_the_user(
    desk: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIEPDAN_PASSWORD", "not the password")
    result = call(capsys, desk, "--user", "quantri", "user", "list")
    assert result.returncode == 1
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in result.stderr
    assert "quantri" not in result.stderr


def test_without_a_password_and_a_terminal_the_command_is_refused(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = call(capsys, desk, "--user", "quantri", "user", "list")
    assert result.returncode == 1
    assert "TIEPDAN_PASSWORD" in result.stderr


def test_on_a_terminal_the_password_is_asked(
    desk: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or ADMIN_PASSWORD)
    result = call(capsys, desk, "--user", "quantri", "user", "list")
    assert result.returncode == 0, result.stderr
    assert len(asked) == 1


def test_visit_add_needs_a_user_who_records_visits(
    desk: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    visits = tmp_path / "v.jsonl"
    visits.write_text("{}\n", encoding="utf-8")
    result = call(capsys, desk, "visit", "add", str(visits))
    assert result.returncode == 1
    assert "Đăng nhập trước" in result.stderr


def test_init_admin_refuses_a_short_password_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIEPDAN_PASSWORD", "short")
    result = call(capsys, tmp_path / "fresh", "init", "--desk", "D01", "--admin", "quantri")
    assert result.returncode == 1
    assert "ít nhất 8 ký tự" in result.stderr
    assert not (tmp_path / "fresh" / "tiepdan.sqlite3").exists()


def test_a_second_admin_by_init_is_refused(
    desk: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIEPDAN_PASSWORD", ADMIN_PASSWORD)
    result = call(capsys, desk, "init", "--admin", "other")
    assert result.returncode == 1
    assert "đã có quản trị viên" in result.stderr


def test_an_unknown_role_is_misuse(
    desk: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = call(capsys, desk, *as_admin(monkeypatch), "user", "add", "x1", "--role", "boss")
    assert result.returncode == 2


def test_init_on_a_desk_with_accounts_changes_the_office_only_for_an_admin(
    desk: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a desk has users, `init` without --user may migrate it but not rewrite its office, signers or desk code."""
    assert call(capsys, desk, "init").returncode == 0  # a migration alone needs no right
    fake = ("--office-name", "Cơ quan giả mạo", "--place", "Giả", "--symbol", "GM")
    refused = call(capsys, desk, "init", *fake, "--desk", "D09")
    assert refused.returncode == 1
    assert "Đăng nhập" in refused.stderr
    monkeypatch.setenv("TIEPDAN_NEW_PASSWORD", NEW_PASSWORD)
    assert call(capsys, desk, *as_admin(monkeypatch), "user", "add", "tiep1", "--role", "receptionist").returncode == 0
    monkeypatch.setenv("TIEPDAN_PASSWORD", NEW_PASSWORD)
    receptionist = call(capsys, desk, "--user", "tiep1", "init", *fake)
    assert receptionist.returncode == 1
    state = json.loads(call(capsys, desk, "init", "--json").stdout)
    assert "giả mạo" not in json.dumps(state, ensure_ascii=False)
    assert state["desk"] == "D01"
    office = ("--office-name", "Ban Tiếp công dân huyện", "--place", "Long Xuyên", "--symbol", "BTCD")
    done = call(capsys, desk, *as_admin(monkeypatch), "init", *office, "--json")
    assert done.returncode == 0, done.stderr
    assert "Ban Tiếp công dân huyện" in done.stdout
