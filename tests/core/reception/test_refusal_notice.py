"""The notice refusing to receive a citizen, for a visit recorded as refused (Mẫu 01/TCD; issue 10)."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from db.enums import Classification, DocumentKind, Outcome, ParticipantRole, Sex
from db.models import IssuedDocument
from desktop.core.access import NOBODY
from desktop.core.confidentiality import IdentityWithheldError
from desktop.core.database import Database
from desktop.core.errors import AppError, ConflictError, ValidationError
from desktop.core.reception.corrections import cancel_visit
from desktop.core.reception.refusal_notice import GROUNDS, print_reception_refusal
from desktop.core.reception.visits import ParticipantInput, register_visit
from tests.builders import ADMIN, NAME, make_citizen, make_draft

NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)  # 09:30 in Viet Nam, Thursday 5 March
TODAY = dt.date(2026, 3, 6)
NOTE = "Vụ việc đã được Chủ tịch UBND tỉnh trả lời tại Văn bản số 120/UBND-TCD ngày 10/01/2026"


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _visit(database: Database, sex: Sex = Sex.MALE, **overrides: object) -> str:
    fields: dict[str, object] = {
        "outcome": Outcome.REFUSE,
        "outcome_note": NOTE,
        "documents": (),
        "participants": (ParticipantInput(make_citizen(sex=sex), ParticipantRole.COMPLAINANT),),
        **overrides,
    }
    with database.sessions.begin() as session:
        return register_visit(session, make_draft(**fields), desk_code="D01", now=NOW, actor=ADMIN).visit.serial


def _print(database: Database, serial: str, **options: object):  # type: ignore[no-untyped-def]
    with database.sessions.begin() as session:
        return print_reception_refusal(
            session, serial, data_dir=database.data_dir, actor=NOBODY, today=TODAY, **options
        )  # type: ignore[arg-type]


def test_a_refused_visit_gets_its_numbered_notice_with_the_ground_and_its_article(database: Database) -> None:
    serial = _visit(database)
    issued = _print(database, serial)
    if out := os.environ.get("TIEPDAN_KEEP_PDF"):  # to look at it: pdftoppm -r 80 -png
        Path(out).write_bytes(issued.pdf)
    text = _text(issued.pdf)
    assert issued.number == "01/TB-BTCD"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 01/TB-BTCD" in text
    assert "An Giang, ngày 06 tháng 3 năm 2026" in text
    assert "THÔNG BÁO Về việc từ chối tiếp công dân" in text
    assert f"Kính gửi: Ông {NAME}" in text
    assert "Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013;" in text
    assert f"Ngày 05 tháng 3 năm 2026, Ban Tiếp công dân tỉnh An Giang tiếp ông {NAME}" in text
    assert "Căn cứ khoản 3 Điều 9 Luật Tiếp công dân" in text
    assert "cố ý khiếu nại, tố cáo kéo dài" in text
    assert f"Cụ thể: {NOTE}." in text
    assert "để ông biết" in text
    assert "ông/bà" not in text.lower()
    assert "Nơi nhận:" in text
    assert "- Lưu: VT, BTCD." in text
    assert "TRƯỞNG BAN" in text
    assert "MẬT" not in text
    with database.sessions() as session:
        row = session.scalars(select(IssuedDocument)).one()
        assert (row.kind, row.number, row.recipient) == (DocumentKind.RECEPTION_REFUSAL, "01/TB-BTCD", f"Ông {NAME}")
    again = _print(database, serial, ground_code="art9.1")  # a reprint: the kept notice, as it was
    assert again.reprint
    assert again.pdf == issued.pdf
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 1


@pytest.mark.parametrize("ground", GROUNDS, ids=lambda ground: ground.code)
def test_each_ground_of_article_9_prints_with_its_point(database: Database, ground) -> None:  # type: ignore[no-untyped-def]
    text = _text(_print(database, _visit(database, Sex.FEMALE), ground_code=ground.code).pdf)
    point = ground.code.removeprefix("art9.")
    assert f"Căn cứ khoản {point} Điều 9 Luật Tiếp công dân" in text
    assert f"Kính gửi: Bà {NAME}" in text


def test_only_a_refused_visit_has_the_notice_and_the_ground_must_be_known(database: Database) -> None:
    received = _visit(database, outcome=Outcome.RECEIVE_PETITION)
    with pytest.raises(AppError):
        _print(database, received)
    with pytest.raises(ValidationError):
        _print(database, _visit(database), ground_code="art9.9")
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 0


def test_a_denouncers_refusal_is_printed_only_for_those_assigned(database: Database) -> None:
    serial = _visit(
        database,
        classification=Classification.DENUNCIATION,
        participants=(ParticipantInput(make_citizen(), ParticipantRole.DENOUNCER),),
    )
    with pytest.raises(IdentityWithheldError):
        _print(database, serial)
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 0


def test_the_notice_is_reprinted_by_its_own_number_too(database: Database) -> None:
    issued = _print(database, _visit(database))
    again = _print(database, issued.number)
    assert again.reprint
    assert again.pdf == issued.pdf


def test_a_cancelled_visit_gets_no_refusal_notice_not_even_a_reprint(database: Database) -> None:
    serial = _visit(database)
    printed = _print(database, serial)
    with database.sessions.begin() as session:
        cancel_visit(session, serial, reason="Ghi nhầm người khác", actor=ADMIN)
    with pytest.raises(ConflictError, match="hủy"):
        _print(database, serial)
    with pytest.raises(ConflictError):
        _print(database, printed.number)
