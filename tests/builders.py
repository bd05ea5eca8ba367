"""Small builders of test data (drafts with sensible defaults, overridable per test)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from db.enums import Channel, Classification, CopyKind, IdType, Outcome, ParticipantRole, PetitionKind, Role, Sex
from desktop.core.access import Actor
from desktop.core.cases.petitions import PetitionDraft
from desktop.core.reception.visits import CitizenInput, DocumentInput, ParticipantInput, VisitDraft

if TYPE_CHECKING:
    from desktop.core.database import Database

NAME = "Nguyễn Thị Ánh Tuyết"


def make_citizen(**overrides: Any) -> CitizenInput:
    base = CitizenInput(
        full_name=NAME,
        sex=Sex.FEMALE,
        birth_year=1985,
        id_type=IdType.CCCD,
        id_number="089185000123",
        id_issue_date=dt.date(2021, 4, 12),
        id_issue_place="Cục Cảnh sát QLHC về TTXH",
        phone="0912345678",
        province_code=91,
        commune_code=30313,
        address_detail="Số 12, ấp Mỹ Thới",
    )
    return replace(base, **overrides)


def make_draft(citizen: CitizenInput | None = None, **overrides: Any) -> VisitDraft:
    base = VisitDraft(
        participants=(ParticipantInput(citizen or make_citizen(), ParticipantRole.COMPLAINANT),),
        classification=Classification.COMPLAINT,
        content_summary="Khiếu nại Quyết định thu hồi đất số 15/QĐ-UBND của Ủy ban nhân dân xã Mỹ Hòa Hưng",
        outcome=Outcome.RECEIVE_PETITION,
        documents=(
            DocumentInput("Đơn khiếu nại", 2, CopyKind.PHOTOCOPY),  # an original gets a warning
            DocumentInput("Quyết định thu hồi đất", 3, CopyKind.CERTIFIED_COPY),
        ),
        receptionist_name="Trần Văn Hùng",
    )
    return replace(base, **overrides)


def make_petition_draft(**overrides: Any) -> PetitionDraft:
    """A complaint received by post on Thursday 5 March 2026 from the builders' citizen."""
    base = PetitionDraft(
        received_on=dt.date(2026, 3, 5),
        channel=Channel.POST,
        kind=PetitionKind.COMPLAINT,
        content_summary="Khiếu nại quyết định thu hồi đất",
        senders=(make_citizen(),),
    )
    return replace(base, **overrides)


def an_actor(role: Role = Role.ADMIN, username: str = "quantri") -> Actor:
    """A signed-in actor of ``role`` for a test that is not about rights (no account row behind it)."""
    return Actor(user_id=uuid.uuid4(), username=username, role=role.value)


ADMIN = Actor(user_id=uuid.UUID(int=1), username="quantri", role=Role.ADMIN.value)


def assigned_handler(database: Database, username: str = "xuly") -> Actor:
    """A handler account every case is assigned to, so that they may print a paper naming a denouncer.

    The desk then has accounts: from here on a letter is issued only by a signed-in user who may.
    """
    from sqlalchemy import select

    from db.models import CaseFile, User
    from desktop.core.users import add_user

    with database.sessions.begin() as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            add_user(session, ADMIN, username, "mật khẩu xử lý", role=Role.HANDLER)
            user = session.scalars(select(User).where(User.username == username)).one()
        for case in session.scalars(select(CaseFile)):
            case.handler_id = user.id
        return Actor(user_id=user.id, username=user.username, role=Role.HANDLER.value)
