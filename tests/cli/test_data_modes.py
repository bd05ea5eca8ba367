"""`tiepdan init` on a fresh data folder: the folder is 0700 and every file in it 0600, after use too."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.cli.test_commands import OFFICE, tiepdan
from tests.helpers.modes import kinds_of_files, mode_of, open_entries


def test_a_fresh_data_folder_from_init_is_closed_to_other_accounts(tmp_path: Path) -> None:
    data = tmp_path / "fresh" / "tiepdan"
    previous = os.umask(0o022)  # the commands inherit the usual umask: privacy must not depend on it
    try:
        assert tiepdan(data, "init", *OFFICE).returncode == 0
        demo = tiepdan(data, "demo", "--visits", "20", "--seed", "3", "--json")
        assert demo.returncode == 0, demo.stderr
        last = json.loads(demo.stdout)["last"]
        printed = tiepdan(data, "print", "receipt", last, "-o", str(tmp_path / "receipt.pdf"))
        assert printed.returncode == 0, printed.stderr
    finally:
        os.umask(previous)
    assert mode_of(data) == 0o700
    assert {".sqlite3", ".pdf"} <= kinds_of_files(data)
    assert open_entries(data) == {}
