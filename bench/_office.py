"""Shared by the office-mode benchmarks: a private schema on the local PostgreSQL, desks, drafts.

Only 127.0.0.1 is ever a target. Each benchmark makes its own schemas (bench_<pid>_...) in the
database ``test`` and drops them at the end.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from db import migrations
from db.enums import Classification, CopyKind, IdType, Outcome, ParticipantRole, Sex
from db.session import make_engine
from desktop.core.database import Database, open_database
from desktop.core.office import EXAMPLE_OFFICE, save_office
from desktop.core.office_mode.joining import join_office
from desktop.core.reception.visits import CitizenInput, DocumentInput, ParticipantInput, VisitDraft

# The benchmarks never touch the OS password store (the local server trusts its clients).
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
BASE_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def check_local(url: str) -> None:
    host = make_url(url).host
    if host not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"refusing to use a server that is not on this machine: {host}")


def schema_url(schema: str, base: str = BASE_URL) -> str:
    """The server URL whose connections work in ``schema`` (libpq ``options=-csearch_path=``)."""
    check_local(base)
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def create_schema(schema: str, *, office: bool = True) -> str:
    """A new, empty schema migrated to head (with the example office profile); returns its URL."""
    drop_schema(schema)
    admin = create_engine(BASE_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    url = schema_url(schema)
    engine = make_engine(url)
    migrations.upgrade(engine)
    if office:
        with Session(engine) as session, session.begin():
            save_office(session, EXAMPLE_OFFICE)
    engine.dispose()
    return url


def drop_schema(schema: str) -> None:
    check_local(BASE_URL)
    admin = create_engine(BASE_URL)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


def make_desk(folder: Path, server_url: str, code: str) -> Database:
    """An office-mode desk in ``folder`` joined to the server; reopened so its sessions fill the outbox."""
    local = open_database(data_dir=folder)
    try:
        join_office(local, server_url, code)
    finally:
        local.dispose()
    return open_database(data_dir=folder)


def draft(n: int, desk_number: int = 0) -> VisitDraft:
    """A valid visit of a distinct citizen (a new CCCD number for each ``n``) with two documents."""
    serial = desk_number * 100_000 + n
    citizen = CitizenInput(
        full_name="Nguyễn Thị Ánh Tuyết",
        sex=Sex.FEMALE,
        birth_year=1985,
        id_type=IdType.CCCD,
        id_number=f"089185{serial % 1_000_000:06d}",
        phone="0912345678",
        province_code=91,
        commune_code=30313,
        address_detail=f"Số {n % 300 + 1}, ấp Mỹ Thới",
    )
    return VisitDraft(
        participants=(ParticipantInput(citizen, ParticipantRole.COMPLAINANT),),
        classification=Classification.COMPLAINT,
        content_summary=f"Khiếu nại Quyết định thu hồi đất số {n}/QĐ-UBND của Ủy ban nhân dân xã Mỹ Hòa Hưng",
        outcome=Outcome.RECEIVE_PETITION,
        documents=(
            DocumentInput("Đơn khiếu nại", 2, CopyKind.ORIGINAL),
            DocumentInput("Quyết định thu hồi đất", 3, CopyKind.CERTIFIED_COPY),
        ),
        receptionist_name="Trần Văn Hùng",
    )
