"""Issuing a paper: the kept file and its row agree; a reprint is the kept bytes or refused."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.enums import DocumentKind
from db.models import IssuedDocument
from desktop.core.database import Database
from desktop.core.errors import StorageError
from desktop.core.paperwork.issuing import IssuedPaper, issue_paper, keep_pdf, reread

PDF = b"%PDF-1.4\n% a paper\n%%EOF\n"
NAME = Path("documents") / "2026" / "letters" / "guidance-01-TB-BTCD.pdf"
AT = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)


def _issue(database: Database, **register: str) -> tuple[IssuedPaper, IssuedDocument]:
    """A guidance letter issued with ``register`` (title, recipient, signer_name); its row reloaded."""
    with database.sessions.begin() as session:
        issued = issue_paper(
            session,
            PDF,
            data_dir=database.data_dir,
            file_name=NAME,
            kind=DocumentKind.GUIDANCE,
            number="01/TB-BTCD",
            issued_at=AT,
            **register,
        )
    with database.sessions() as session:
        row = session.scalars(select(IssuedDocument)).one()
        session.expunge(row)
    return issued, row


def test_the_row_and_the_kept_file_agree(any_database: Database) -> None:
    issued, row = _issue(any_database, title="T" * 400, recipient="Sở Tư pháp", signer_name="Nguyễn Văn Bình")
    assert issued.path == any_database.data_dir / NAME
    assert issued.path.read_bytes() == PDF == issued.pdf
    assert issued.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (row.id, row.kind, row.number) == (issued.id, DocumentKind.GUIDANCE, "01/TB-BTCD")
    assert (row.sha256, row.file_name, row.layout) == (issued.sha256, NAME.as_posix(), "a4")
    assert any_database.data_dir / row.file_name == issued.path
    assert row.title == "T" * 300  # the register's column
    assert (row.recipient, row.signer_name) == ("Sở Tư pháp", "Nguyễn Văn Bình")
    assert row.issued_at.replace(tzinfo=dt.UTC) == AT


def test_a_reprint_is_the_kept_bytes(database: Database) -> None:
    issued, row = _issue(database)
    again = reread(row, data_dir=database.data_dir)
    assert again == issued


def test_a_kept_pdf_changed_on_disk_is_refused(database: Database) -> None:
    _issued, row = _issue(database)
    kept = database.data_dir / row.file_name
    kept.write_bytes(PDF.replace(b"a paper", b"a forgery"))
    with pytest.raises(StorageError, match="đã bị thay đổi"):
        reread(row, data_dir=database.data_dir)


def test_a_missing_kept_pdf_is_refused(database: Database) -> None:
    _issued, row = _issue(database)
    (database.data_dir / row.file_name).unlink()
    with pytest.raises(StorageError, match="Không tìm thấy tệp PDF lưu trữ"):
        reread(row, data_dir=database.data_dir)


def test_a_paper_never_replaced_records_nothing_when_its_file_exists(database: Database) -> None:
    (database.data_dir / NAME).parent.mkdir(parents=True)
    (database.data_dir / NAME).write_bytes(b"earlier")
    with pytest.raises(StorageError), database.sessions.begin() as session:
        issue_paper(
            session,
            PDF,
            data_dir=database.data_dir,
            file_name=NAME,
            kind=DocumentKind.GUIDANCE,
            number="01/TB-BTCD",
            replace=False,
        )
    assert (database.data_dir / NAME).read_bytes() == b"earlier"
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 0


def test_keep_pdf_replaces_and_hashes(tmp_path: Path) -> None:
    path = tmp_path / "documents" / "2026" / "book-2026.pdf"
    keep_pdf(path, b"first")
    kept = keep_pdf(path, PDF)
    assert path.read_bytes() == PDF == kept.pdf
    assert (kept.path, kept.sha256) == (path, hashlib.sha256(PDF).hexdigest())
