"""Issuing a paper: the rendered PDF hashed, kept in the data folder and recorded; a reprint re-read and checked.

Every paper the desk hands out goes the same way, whatever it says: its SHA-256 is taken, the
bytes are kept under ``documents/`` in the data folder (crash-safe, see ``desktop.core.files``)
and an IssuedDocument row records the number, the file and the hash. A reprint never renders
again: it reads the kept file back and refuses it when it is missing or its bytes no longer match.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from db.enums import DocumentKind
from db.models import IssuedDocument
from desktop.core.errors import StorageError, os_reason
from desktop.core.files import keep
from desktop.core.i18n import _

REGISTER_TEXT = 300  # the title and recipient columns of the outgoing register


@dataclass(frozen=True)
class KeptPdf:
    """A PDF kept in the data folder, with the hash of its bytes."""

    path: Path
    sha256: str
    pdf: bytes


@dataclass(frozen=True)
class IssuedPaper:
    """An issued (or reprinted) paper: its row's id and number, the kept file and its hash."""

    id: uuid.UUID
    number: str
    path: Path
    sha256: str
    pdf: bytes


def keep_pdf(path: Path, pdf: bytes, *, replace: bool = True) -> KeptPdf:
    """Keep ``pdf`` at ``path`` (see ``files.keep``) and return it with its SHA-256."""
    digest = hashlib.sha256(pdf).hexdigest()
    keep(path, pdf, replace=replace)
    return KeptPdf(path=path, sha256=digest, pdf=pdf)


def issue_paper(
    session: Session,
    pdf: bytes,
    *,
    data_dir: Path,
    file_name: Path,
    kind: DocumentKind,
    number: str,
    visit_id: uuid.UUID | None = None,
    petition_id: uuid.UUID | None = None,
    case_id: uuid.UUID | None = None,
    layout: str = "a4",
    title: str = "",
    recipient: str = "",
    signer_name: str = "",
    issued_at: dt.datetime | None = None,
    document_id: uuid.UUID | None = None,
    replace: bool = True,
) -> IssuedPaper:
    """Keep the rendered ``pdf`` as ``data_dir / file_name`` and record it as an IssuedDocument.

    ``file_name`` is relative to the data folder (it is what the row stores). With
    ``replace=False`` an existing file is a StorageError and nothing is recorded. The row is
    flushed, so its id can be referred to at once.
    """
    kept = keep_pdf(data_dir / file_name, pdf, replace=replace)
    row = IssuedDocument(
        id=document_id or uuid.uuid4(),
        kind=kind,
        number=number,
        visit_id=visit_id,
        petition_id=petition_id,
        case_id=case_id,
        layout=layout,
        issued_at=issued_at or dt.datetime.now(dt.UTC),
        sha256=kept.sha256,
        file_name=file_name.as_posix(),
        title=title[:REGISTER_TEXT],
        recipient=recipient[:REGISTER_TEXT],
        signer_name=signer_name,
    )
    session.add(row)
    session.flush()
    return IssuedPaper(id=row.id, number=number, path=kept.path, sha256=kept.sha256, pdf=pdf)


def reread(document: IssuedDocument, *, data_dir: Path) -> IssuedPaper:
    """The kept PDF of an issued document, byte for byte; StorageError when missing or altered."""
    path = data_dir / document.file_name
    try:
        pdf = path.read_bytes()
    except OSError as exc:
        raise StorageError(
            _("The kept PDF {path} is missing: {reason}").format(path=path, reason=os_reason(exc))
        ) from exc
    if hashlib.sha256(pdf).hexdigest() != document.sha256:
        raise StorageError(_("The kept PDF {path} has been altered.").format(path=path))
    return IssuedPaper(id=document.id, number=document.number, path=path, sha256=document.sha256, pdf=pdf)
