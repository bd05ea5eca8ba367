"""deadlines and letters from the command line, on demo data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from db.enums import PetitionDecision
from db.models import CaseFile, Petition
from desktop.core.database import open_database


def tiepdan(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TIEPDAN_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_demo_board_and_letters(tmp_path: Path) -> None:
    desk = tmp_path / "desk"
    assert (
        tiepdan(
            desk,
            "init",
            "--desk",
            "D01",
            "--office-name",
            "Ban Tiếp công dân tỉnh An Giang",
            "--parent-agency",
            "Ủy ban nhân dân tỉnh An Giang",
            "--place",
            "An Giang",
            "--symbol",
            "BTCD",
        ).returncode
        == 0
    )
    demo = json.loads(tiepdan(desk, "demo", "--visits", "300", "--petitions", "200", "--seed", "9", "--json").stdout)
    assert demo["petitions"] > 200
    assert demo["cases"] > 50
    board = json.loads(tiepdan(desk, "deadlines", "--json").stdout)
    assert board["counts"]["rows"] == len(board["rows"]) > 0
    dues = [row["due"] for row in board["rows"]]
    assert dues == sorted(dues)
    overdue = json.loads(tiepdan(desk, "deadlines", "--overdue", "--json").stdout)
    assert all(row["days_left"] < 0 for row in overdue["rows"])
    database = open_database(data_dir=desk)
    with database.sessions() as session:
        accepted = session.scalars(select(Petition.number).where(Petition.decision == PetitionDecision.ACCEPT)).first()
        case = session.scalars(select(CaseFile.number)).first()
    database.dispose()
    assert accepted is not None
    assert case is not None
    out = tmp_path / "acceptance.pdf"
    first = tiepdan(desk, "print", "acceptance", accepted, "-o", str(out), "--json")
    assert first.returncode == 0, first.stderr
    number = json.loads(first.stdout)["number"]
    assert number.endswith("/TB-UBND")  # the demo gives the office its competent authority
    text = PdfReader(out).pages[0].extract_text()
    assert "Về việc thụ lý giải quyết" in text
    again = tiepdan(desk, "print", "acceptance", number, "-o", str(tmp_path / "again.pdf"), "--json")
    assert json.loads(again.stdout)["number"] == number  # the same letter, not a new number
    assert (tmp_path / "again.pdf").read_bytes() == out.read_bytes()
    refused = tiepdan(desk, "print", "refusal", accepted, "-o", str(tmp_path / "x.pdf"))
    assert refused.returncode == 1
    assert not (tmp_path / "x.pdf").exists()
