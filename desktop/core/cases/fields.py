"""The office's list of fields (lĩnh vực) that petitions are classified by, edited in Settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import FieldOfLaw, Petition
from desktop.core import bounds
from desktop.core.cases.petitions import ensure_fields, field_code, field_id
from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.core.text import clean


@dataclass(frozen=True)
class FieldView:
    code: str
    name: str
    is_active: bool
    petitions: int  # how many petitions are classified under it


def all_fields(session: Session) -> list[FieldView]:
    """Every field, active ones first, with its use count (a used field is retired, not deleted)."""
    ensure_fields(session)
    used = dict(session.execute(select(Petition.field_id, func.count()).group_by(Petition.field_id)).all())
    rows = session.scalars(select(FieldOfLaw).order_by(FieldOfLaw.is_active.desc(), FieldOfLaw.sort_order))
    return [FieldView(f.code, f.name, f.is_active, used.get(f.id, 0)) for f in rows]


def save_field(session: Session, code: str, name: str, *, active: bool = True) -> FieldView:
    """Add a field, or rename / retire / bring back the one with ``code``.

    A new field's id is derived from its code (``field_id``): the same code typed on two desks
    while apart is one record of the office, not two that clash on the server.
    """
    typed = {"code": code, "name": name}
    code, name = field_code(code), clean(name)
    errors = bounds.text_errors(bounds.FIELD_OF_LAW, typed, {"code": code, "name": name})
    if not code or not code.isalnum() or len(code) > bounds.FIELD_OF_LAW["code"].max_length:
        errors.setdefault("code", _("A field code is 1 to 20 letters and digits, e.g. DD."))
    if not name:
        errors.setdefault("name", _("Enter the name of the field."))
    if errors:
        raise ValidationError(errors)
    field = session.scalar(select(FieldOfLaw).where(FieldOfLaw.code == code))
    if field is None:
        last = session.scalar(select(func.max(FieldOfLaw.sort_order)))  # None while there is no field
        order = 0 if last is None else last + 1
        field = FieldOfLaw(id=field_id(code), code=code, name=name, sort_order=order, is_active=active)
        session.add(field)
    else:
        field.name, field.is_active = name, active
    session.flush()
    return next(view for view in all_fields(session) if view.code == code)
