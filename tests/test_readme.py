"""The README is true: its command-line examples run as written."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

from desktop.core.formatting import today_local

ROOT = Path(__file__).resolve().parents[1]


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def _commands(block: str) -> list[list[str]]:
    joined = block.replace("\\\n", " ")
    return [shlex.split(line, comments=True) for line in joined.splitlines() if line.strip()]


def test_readme_has_exactly_the_two_setup_commands() -> None:
    first = _blocks((ROOT / "README.md").read_text(encoding="utf-8"), "sh")[0]
    assert [command[:2] for command in _commands(first)] == [["make", "run"], ["make", "test"]]


def test_command_line_examples_run(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = _blocks(readme, "sh")[1]
    # The file `visit add` reads is the one the README shows.
    (tmp_path / "visits.jsonl").write_text(_blocks(readme, "jsonl")[0], encoding="utf-8")
    # The demo dates its visits in this year and the last: the README's 2026 is read as this year,
    # so that the examples keep running after 2027.
    examples = examples.replace("2026", str(today_local().year))
    env = {**os.environ, "TIEPDAN_DATA_DIR": str(tmp_path / "data")}
    for line in _commands(examples):
        # A leading NAME=value sets that variable for the command, as the shell does.
        given = dict(word.split("=", 1) for word in line if re.fullmatch(r"[A-Z_]+=.*", word))
        command = line[len(given) :]
        assert command[0] == ".venv/bin/tiepdan"
        result = subprocess.run(
            [sys.executable, "-m", "desktop", *command[1:]],
            cwd=tmp_path,
            env={**env, **given},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, (command, result.stderr)
    assert (tmp_path / "receipt.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "receipt-80mm.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / f"book-{today_local().year}.pdf").read_bytes().startswith(b"%PDF")
    assert zipfile.is_zipfile(tmp_path / "book-q1.xlsx")  # an .xlsx is a zip of the sheet's XML


def _section(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def _run_tiepdan(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *command],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_backup_examples_run(tmp_path: Path) -> None:
    """The Backups section's commands, in order, on a desk made as the Command line section makes one."""
    examples = _blocks(_section((ROOT / "README.md").read_text(encoding="utf-8"), "Backups"), "sh")[0]
    env = {**os.environ, "TIEPDAN_DATA_DIR": str(tmp_path / "data")}
    env.pop("TIEPDAN_BACKUP_PASSPHRASE", None)
    for setup in (["init", "--desk", "D01"], ["demo", "--visits", "20", "--seed", "1"]):
        assert _run_tiepdan(setup, tmp_path, env).returncode == 0
    outputs = []
    for command in _commands(examples):
        if command[0] == "export":
            name, _sep, value = command[1].partition("=")
            env[name] = value
            continue
        assert command[0] == ".venv/bin/tiepdan"
        result = _run_tiepdan(command[1:], tmp_path, env)
        assert result.returncode == 0, (command, result.stderr)
        outputs.append(result.stdout)
    assert (tmp_path / "tiepdan-2026-03-05.tdbackup").read_bytes().startswith(b"TDBACKUP")
    assert '"kept"' in outputs[-1]


def test_make_run_opens_the_main_window(tmp_path: Path) -> None:
    """`make run` as the README says, on a desk whose profile exists, until the form is ready."""
    data = tmp_path / "data"
    env = {
        **os.environ,
        "TIEPDAN_DATA_DIR": str(data),
        "QT_QPA_PLATFORM": "offscreen",
        "TIEPDAN_EXIT_AFTER_SHOW": "ready",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        # Signed in as the administrator init creates, instead of through the login dialog.
        "TIEPDAN_USER": "quantri",
        "TIEPDAN_PASSWORD": "mat-khau-cua-quan-tri",
    }
    init = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "init",
            "--desk",
            "D01",
            "--office-name",
            "Ban Tiếp công dân",
            "--parent-agency",
            "Ủy ban nhân dân tỉnh An Giang",
            "--place",
            "An Giang",
            "--symbol",
            "BTCD",
            "--admin",
            "quantri",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert init.returncode == 0, init.stderr
    result = subprocess.run(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "TIEPDAN_READY" in result.stdout + result.stderr
    assert (data / "logs" / "tiepdan.log").exists()
