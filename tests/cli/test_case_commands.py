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


def test_the_notices_of_issue_10_print_from_the_command_line(tmp_path: Path) -> None:
    """reception_refusal for a refused visit; denounced_notice after a denunciation's decision, named with
    --denounced when first printed and never naming the denouncer."""
    from db.enums import Classification, Outcome, PetitionKind
    from db.models import PetitionSender, Visit

    desk = tmp_path / "desk"
    init = ("init", "--desk", "D01", "--office-name", "Ban Tiếp công dân tỉnh An Giang", "--place", "An Giang")
    assert tiepdan(desk, *init, "--symbol", "BTCD").returncode == 0
    assert tiepdan(desk, "demo", "--visits", "300", "--petitions", "200", "--seed", "9").returncode == 0
    database = open_database(data_dir=desk)
    with database.sessions() as session:
        refused = session.scalars(
            select(Visit.serial).where(
                Visit.outcome == Outcome.REFUSE, Visit.classification != Classification.DENUNCIATION
            )
        ).first()
        petition = session.scalars(
            select(Petition).where(
                Petition.kind == PetitionKind.DENUNCIATION, Petition.decision == PetitionDecision.ACCEPT
            )
        ).first()
        assert petition is not None
        denunciation = petition.number
        senders = session.scalars(select(PetitionSender).where(PetitionSender.petition_id == petition.id)).all()
        marks = [mark for s in senders for mark in (s.full_name, s.id_number, s.phone) if mark]
    database.dispose()
    assert refused is not None
    out = tmp_path / "refusal.pdf"
    printed = tiepdan(desk, "print", "reception_refusal", refused, "--ground", "art9.2", "-o", str(out), "--json")
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout)["number"].endswith("/TB-BTCD")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert "Về việc từ chối tiếp công dân" in text
    assert "Căn cứ khoản 2 Điều 9 Luật Tiếp công dân" in text
    notice = tmp_path / "denounced.pdf"
    early = tiepdan(desk, "print", "denounced_notice", denunciation, "--denounced", "Lê Văn Tám", "-o", str(notice))
    assert early.returncode == 1  # the acceptance decision first
    assert not notice.exists()
    assert tiepdan(desk, "print", "acceptance_decision", denunciation, "-o", str(tmp_path / "qd.pdf")).returncode == 0
    unnamed = tiepdan(desk, "print", "denounced_notice", denunciation, "-o", str(notice))
    assert unnamed.returncode == 1
    named = tiepdan(
        desk,
        "print",
        "denounced_notice",
        denunciation,
        "--denounced",
        "Lê Văn Tám",
        "--denounced-sex",
        "male",
        "--denounced-position",
        "Chủ tịch Ủy ban nhân dân xã Mỹ Hòa Hưng",
        "-o",
        str(notice),
    )
    assert named.returncode == 0, named.stderr
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(notice).pages)
    assert "Kính gửi: Ông Lê Văn Tám" in text
    assert "Về nội dung tố cáo" in text
    assert marks
    for mark in marks:
        assert mark not in text
