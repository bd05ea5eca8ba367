"""Scripting an outage end to end from the command line: init --server, demo, sync, stats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.tcpproxy import TcpProxy

pytestmark = pytest.mark.postgres


def tiepdan(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TIEPDAN_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_outage_scripted_from_the_command_line(fresh_pg_url: str, tmp_path: Path) -> None:
    proxy = TcpProxy()
    try:
        url = proxy.url(fresh_pg_url)
        desk = tmp_path / "desk"
        joined = tiepdan(desk, "init", "--server", url, "--desk", "D02", "--json")
        assert joined.returncode == 0, joined.stderr
        assert json.loads(joined.stdout)["server"].endswith("/test")
        proxy.cut()
        assert tiepdan(desk, "demo", "--visits", "30", "--seed", "2").returncode == 0
        offline = tiepdan(desk, "sync")
        assert offline.returncode == 1
        assert "không" in offline.stderr.lower()  # "cannot be reached", in Vietnamese
        status = json.loads(tiepdan(desk, "sync", "--status", "--json").stdout)
        assert status["online"] is False
        assert status["pending"] > 0
        stats = json.loads(tiepdan(desk, "stats", "--json").stdout)
        assert stats["local"]["visits"] == 30
        assert stats["server"] is None
        proxy.restore()
        synced = tiepdan(desk, "sync", "--json")
        assert synced.returncode == 0, synced.stderr
        assert json.loads(synced.stdout)["status"]["pending"] == 0
        stats = json.loads(tiepdan(desk, "stats", "--json").stdout)
        assert stats["server"]["visits"] == stats["local"]["visits"] == 30
        assert stats["server"]["citizens"] == stats["local"]["citizens"]
    finally:
        proxy.close()


def test_init_server_needs_a_desk(tmp_path: Path, fresh_pg_url: str) -> None:
    assert tiepdan(tmp_path / "d", "init", "--server", fresh_pg_url).returncode == 2


def test_unreachable_server_at_init_is_a_clear_user_error(tmp_path: Path) -> None:
    proxy = TcpProxy()
    proxy.cut()
    try:
        result = tiepdan(
            tmp_path / "d", "init", "--server", f"postgresql://postgres@127.0.0.1:{proxy.port}/test", "--desk", "D01"
        )
    finally:
        proxy.close()
    assert result.returncode == 1
    assert "127.0.0.1" in result.stderr


def test_single_desk_sync_explains_itself(tmp_path: Path) -> None:
    assert tiepdan(tmp_path / "d", "init", "--desk", "D01").returncode == 0
    result = tiepdan(tmp_path / "d", "sync")
    assert result.returncode == 1
    assert "--server" in result.stderr
