"""A computed table as the printed and the spreadsheet form: one ``ReportSheet`` for both.

The PDF (``desktop.documents.report_table``) and the xlsx (``desktop.documents.report_xlsx``) render
the same sheet, so they show the same numbers (tests/core/reports/test_exports.py reads both back).
Printed tables are Vietnamese whatever the UI language.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from db.models import User
from desktop.core.access import Actor
from desktop.core.errors import AppError, ValidationError, os_reason
from desktop.core.formatting import date_line, today_local
from desktop.core.i18n import _
from desktop.core.office import require_office
from desktop.core.paperwork.frame import letterhead, printed_signer
from desktop.core.reports.tables import ReportTable
from desktop.documents.report_table import ReportSheet, SheetRow

FORMATS = ("xlsx", "pdf", "json")
MAKER_TITLE = "NGƯỜI LẬP BIỂU"


def report_sheet(session: Session, table: ReportTable, *, actor: Actor, today: dt.date | None = None) -> ReportSheet:
    office = require_office(session)
    definition = table.definition
    signer = printed_signer(office) if office.signers else None
    maker = session.get(User, actor.user_id) if actor.user_id else None
    lines = (*signer.authority.split("\n"), signer.position) if signer else ()
    titles = tuple(line for line in lines if line)
    return ReportSheet(
        letterhead=letterhead(office),
        form=definition.form,
        title=definition.title,
        period_line=table.period.line(),
        paths=tuple(column.path for column in definition.columns),
        ms=tuple(column.ms for column in definition.columns),
        amounts=tuple(column.is_amount for column in definition.columns),
        rows=tuple(
            SheetRow(row.unit, tuple(row.cells.get(c.id) if c.numeric else None for c in definition.columns))
            for row in table.rows
        ),
        note=table.note(),
        place_date=date_line(office.place_name, today or today_local()),
        maker_title=MAKER_TITLE,
        maker_name=maker.full_name if maker else "",
        signer_titles=titles or (office.head_position.upper(),),
        signer_name=signer.full_name if signer else "",
        sheet_name=definition.id.replace("/", "-"),
    )


def report_pdf(sheets: Sequence[ReportSheet]) -> bytes:
    from desktop.documents.report_table import render_report

    return render_report(tuple(sheets))


def report_xlsx(sheets: Sequence[ReportSheet]) -> bytes:
    from desktop.documents.report_xlsx import write_report_xlsx

    buffer = io.BytesIO()
    write_report_xlsx(tuple(sheets), buffer)
    return buffer.getvalue()


def format_of(path: Path | None, given: str | None) -> str:
    """The output format: the one given, else the file's suffix, else json."""
    if given:
        return given
    if path is not None and path.suffix.lower().lstrip(".") in ("xlsx", "pdf", "json"):
        return path.suffix.lower().lstrip(".")
    if path is not None:
        raise ValidationError({"--format": _("Name the format (xlsx, pdf or json) or give the file that suffix.")})
    return "json"


def write_bytes(path: Path, data: bytes) -> Path:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise AppError(_("Cannot write {path}: {error}").format(path=path, error=os_reason(exc))) from exc
    return path
