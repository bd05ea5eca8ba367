"""A case's timeline as a table model: one row per recorded step, oldest first."""

from __future__ import annotations

from desktop.core.formatting import short_date
from desktop.core.i18n import N_
from desktop.core.labels import label
from desktop.ui.widgets.record_model import CENTRE, Column, RecordTableModel


class TimelineModel(RecordTableModel):
    """Rows are ``EventView``s of ``CaseView.events``."""

    stretch_column = 3  # the note takes the room left

    columns = (
        Column(N_("Date"), lambda e: short_date(e.occurred_on), lambda e: e.occurred_on, CENTRE, 90),
        Column(N_("Step"), lambda e: label(e.kind), width=270),
        Column(N_("By"), lambda e: e.actor, width=130),
        Column(N_("Note"), lambda e: " ".join(e.note.split()), width=220, tooltip=lambda e: e.note),
        Column(N_("Document"), lambda e: e.document_number, width=100),
    )
