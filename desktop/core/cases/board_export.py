"""Print and export the deadline board as shown: a Decree 30 landscape list (PDF) and a spreadsheet.

Both write the same rows and columns, in Vietnamese whatever the UI language (a printed list is an
office paper). The rows are the board's rows after the user's filters (docs/legal-basis.md#board-printed).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from db.enums import PetitionKind
from desktop.core.cases.board import (
    INFORM_CITIZEN,
    PROCESSING,
    TO_TRANSFER,
    WAITING_RESULT,
    BoardFilter,
    BoardRow,
    counts,
)
from desktop.core.errors import AppError, os_reason
from desktop.core.formatting import date_line, short_date, today_local
from desktop.core.i18n import _
from desktop.core.office import require_office
from desktop.core.paperwork.frame import letterhead
from desktop.documents.board_list import BoardListDocument, BoardListRow

TITLE = "Danh sách theo dõi thời hạn giải quyết"
KIND_SHORT = {
    PetitionKind.COMPLAINT.value: "KN",
    PetitionKind.DENUNCIATION.value: "TC",
    PetitionKind.RECOMMENDATION.value: "KN-PA",
    PetitionKind.MULTIPLE.value: "Nhiều nội dung",
}
KIND_NAMES = {
    PetitionKind.COMPLAINT.value: "khiếu nại",
    PetitionKind.DENUNCIATION.value: "tố cáo",
    PetitionKind.RECOMMENDATION.value: "kiến nghị, phản ánh",
    PetitionKind.MULTIPLE.value: "đơn có nhiều nội dung",
}
# The board's states in Vietnamese, for the printed list (the UI shows them in its own language).
STATE_VI = {
    "verifying": "Đang xác minh",
    "suspended": "Tạm đình chỉ",
    "decided": "Đã ban hành quyết định",
    "concluded": "Đã ban hành kết luận",
    "notified": "Đã thông báo kết luận",
    "open": "Đang trả lời",
    "awaiting_report": "Nợ báo cáo kết quả cho cơ quan chuyển đơn",
    "closed": "Đã đóng",
    "cancelled": "Đã hủy",
    PROCESSING: "Đang xử lý đơn",
    TO_TRANSFER: "Chờ chuyển đơn tố cáo",
    WAITING_RESULT: "Chờ kết quả của các cơ quan",
    INFORM_CITIZEN: "Chờ thông báo kết quả cho công dân",
}
VIEWS = {
    "all": "",
    "due": "Đến hạn trong {within} ngày làm việc",
    "overdue": "Quá hạn",
    "owes_report": "Nợ báo cáo kết quả",
    "prolonged": "Kéo dài",
}


def describe(view: str, within: int, only: BoardFilter, rows: list[BoardRow]) -> str:
    """What the list holds, in Vietnamese: "Quá hạn; lĩnh vực Đất đai; loại đơn khiếu nại"."""
    parts = [VIEWS.get(view, "").format(within=within)]
    if only.officer:
        parts.append(f"cán bộ xử lý {only.officer}")
    if only.field_code:
        name = next((row.field_name for row in rows if row.field_code == only.field_code), only.field_code)
        parts.append(f"lĩnh vực {name}")
    if only.petition_kind:
        parts.append(f"loại đơn {KIND_NAMES[only.petition_kind.value]}")
    if only.state_key:
        parts.append(f"trạng thái {STATE_VI.get(only.state_key, only.state_key).lower()}")
    text = "; ".join(part for part in parts if part)
    return text[:1].upper() + text[1:]


def _note(row: BoardRow) -> str:
    notes = []
    if row.is_overdue:
        notes.append(f"Quá hạn {row.days_late} ngày")
    if row.is_prolonged:
        notes.append("Kéo dài")
    if row.owes_report:
        notes.append("Nợ báo cáo")
    return "; ".join(notes)


def list_rows(rows: list[BoardRow]) -> tuple[BoardListRow, ...]:
    """The board rows as the printed list and the spreadsheet show them."""
    return tuple(
        BoardListRow(
            number=row.number,
            citizen="(Nặc danh)" if row.anonymous else row.citizen_name,
            content=" ".join(row.summary.split()),
            petition_kind=KIND_SHORT.get(row.petition_kind, ""),
            field=row.field_name,
            officer=row.officer,
            state=STATE_VI.get(row.state_key, row.state),
            due_on=short_date(row.due_on),
            days_left=str(row.days_left),
            note=_note(row),
        )
        for row in rows
    )


def summary_line(rows: list[BoardRow]) -> str:
    total = counts(rows)
    return (
        f"Tổng số: {len(rows)}; quá hạn: {total.overdue}; kéo dài: {total.prolonged}; "
        f"nợ báo cáo kết quả: {total.owes_report}."
    )


def board_document(
    session: Session, rows: list[BoardRow], description: str, *, today: dt.date | None = None
) -> BoardListDocument:
    office = require_office(session)
    return BoardListDocument(
        letterhead=letterhead(office),
        title=TITLE,
        description=description,
        place_date=date_line(office.place_name, today or today_local()),
        summary=summary_line(rows),
        rows=list_rows(rows),
    )


def board_pdf(session: Session, rows: list[BoardRow], description: str, *, today: dt.date | None = None) -> bytes:
    """The shown rows as a Decree 30 landscape list."""
    from desktop.documents.board_list import render_board_list

    return render_board_list(board_document(session, rows, description, today=today))


def write_board_pdf(
    session: Session, rows: list[BoardRow], description: str, path: Path, *, today: dt.date | None = None
) -> Path:
    pdf = board_pdf(session, rows, description, today=today)
    return _write(path, pdf)


def write_board_xlsx(
    session: Session, rows: list[BoardRow], description: str, path: Path, *, today: dt.date | None = None
) -> Path:
    """The shown rows as a spreadsheet: a heading, the same columns as the printed list, one row each."""
    from desktop.documents.board_xlsx import write_board_list_xlsx

    data = write_board_list_xlsx(board_document(session, rows, description, today=today), "Thời hạn")
    return _write(path, data)


def _write(path: Path, data: bytes) -> Path:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise AppError(_("Cannot write {path}: {error}").format(path=path, error=os_reason(exc))) from exc
    return path
