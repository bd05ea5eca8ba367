"""The two lists the An Giang directive asks for beside the tables: matters a higher body transferred in
whose result is still owed to it, and prolonged matters (the board's own rule, docs/legal-basis.md#board-prolonged).

Both are rows of the deadline board, so they see what the reader may see (a denouncer masked), and
print as its landscape list or its spreadsheet (desktop/core/cases/board_export.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from db.enums import CaseEventKind
from db.models import CaseEvent, CaseFile, Petition
from desktop.core.access import Actor
from desktop.core.cases.board import BoardRow, deadline_board
from desktop.core.cases.board_export import list_rows, summary_line
from desktop.core.errors import AppError, os_reason
from desktop.core.formatting import date_line, short_date, today_local
from desktop.core.i18n import _
from desktop.core.office import require_office
from desktop.core.paperwork.frame import letterhead
from desktop.core.permissions import require
from desktop.documents.board_list import BoardListDocument

LISTS = {
    "transferred-in": "Danh sách vụ việc do cơ quan cấp trên chuyển đến chưa báo cáo kết quả",
    "prolonged": "Danh sách vụ việc khiếu nại, tố cáo kéo dài",
}


def _owed(session: Session) -> dict[str, str]:
    """Number of each petition and case transferred in whose result was not reported back -> where from."""
    reported = exists().where(CaseEvent.case_id == CaseFile.id, CaseEvent.kind == CaseEventKind.REPORTED_BACK)
    owed: dict[str, str] = {}
    query = select(
        Petition.number, Petition.transferred_from, Petition.transferred_doc_number, Petition.transferred_doc_date
    ).where(Petition.report_back_required.is_(True))
    for number, body, doc, day in session.execute(query):
        owed[number] = _origin(body, doc, day)
    cases = (
        select(
            CaseFile.number, Petition.transferred_from, Petition.transferred_doc_number, Petition.transferred_doc_date
        )
        .join(Petition, Petition.id == CaseFile.petition_id)
        .where(Petition.report_back_required.is_(True), ~reported)
    )
    for number, body, doc, day in session.execute(cases):
        owed[number] = _origin(body, doc, day)
    return owed


def _origin(body: str, doc: str, day: dt.date | None) -> str:
    text = f"Chuyển từ {body}" if body else "Do cơ quan cấp trên chuyển đến"
    if doc:
        text += f", văn bản số {doc}" + (f" ngày {short_date(day)}" if day else "")
    return text


def list_board(
    session: Session, name: str, *, actor: Actor, today: dt.date | None = None
) -> tuple[list[BoardRow], dict[str, str]]:
    """The rows of list ``name`` and, for the transferred-in list, where each came from."""
    require(actor, "report.read")
    rows = deadline_board(session, actor=actor, today=today)
    if name == "prolonged":
        return [row for row in rows if row.is_prolonged], {}
    owed = _owed(session)
    return [row for row in rows if row.kind != "conclusion" and row.number in owed], owed


def list_document(
    session: Session, name: str, rows: list[BoardRow], origins: dict[str, str], *, today: dt.date | None = None
) -> BoardListDocument:
    office = require_office(session)
    printed = list_rows(rows)
    printed = tuple(
        replace(line, note="; ".join(part for part in (origins.get(row.number, ""), line.note) if part))
        for line, row in zip(printed, rows, strict=True)
    )
    return BoardListDocument(
        letterhead=letterhead(office),
        title=LISTS[name],
        description=f"Tính đến ngày {short_date(today or today_local())}",
        place_date=date_line(office.place_name, today or today_local()),
        summary=summary_line(rows),
        rows=printed,
    )


def write_list(document: BoardListDocument, path: Path) -> Path:
    """The list as a PDF or a spreadsheet, by the file's suffix."""
    if path.suffix.lower() == ".xlsx":
        from desktop.documents.board_xlsx import write_board_list_xlsx

        data = write_board_list_xlsx(document)
    else:
        from desktop.documents.board_list import render_board_list

        data = render_board_list(document)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise AppError(_("Cannot write {path}: {error}").format(path=path, error=os_reason(exc))) from exc
    return path
