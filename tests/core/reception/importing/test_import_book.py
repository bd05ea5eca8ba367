"""import_book: an old book into the reception book, once, in one transaction, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.enums import Classification, Outcome, Role
from db.models import Citizen, ImportedEntry, OutboxEntry, Visit, VisitParticipant
from desktop.core.access import NOBODY
from desktop.core.database import Database
from desktop.core.office_mode import sync
from desktop.core.permissions import PermissionDeniedError
from desktop.core.reception.addresses import MatchedAddress, commune
from desktop.core.reception.book import BookFilter, book_page
from desktop.core.reception.importing.books import ImportReport, NothingToImportError, import_book, split_address
from desktop.core.reception.importing.layout import parse_mapping
from desktop.core.reception.importing.sources import UnreadableFileError
from desktop.core.reception.visits import register_visit
from tests.builders import ADMIN, an_actor, make_draft
from tests.helpers import old_books

NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)


def _import(database: Database, data: bytes, *, dry_run: bool = False, **kwargs: object) -> ImportReport:
    with database.sessions.begin() as session:
        return import_book(
            session,
            data,
            file_name="so_tiep_dan.xlsx",
            actor=ADMIN,
            desk_code="D01",
            dry_run=dry_run,
            now=NOW,
            **kwargs,  # type: ignore[arg-type]
        )


def _count(database: Database, model: type) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_gvt_book_is_imported_with_its_people_and_refusals(any_database: Database) -> None:
    report = _import(any_database, old_books.xlsx_bytes(old_books.gvt_rows()))
    assert report.as_json() == {
        "entries": 6,
        "imported": 6,
        "already_imported": 0,
        "people": 9,
        "rejected": [
            {"sheet": "Sheet1", "row": 11, "reason": "Không đọc được ngày tiếp."},
            {"sheet": "Sheet1", "row": 12, "reason": "Ngày tiếp 01/01/2099 là ngày trong tương lai."},
            {"sheet": "Sheet1", "row": 13, "reason": "Dòng không có họ tên công dân."},
        ],
    }
    assert _count(any_database, Visit) == 6
    assert _count(any_database, VisitParticipant) == 9
    with any_database.sessions() as session:
        entries = session.scalars(select(ImportedEntry).order_by(ImportedEntry.row)).all()
        assert [(e.sheet, e.row, e.source_number) for e in entries][:2] == [
            ("Sheet1", 5, "1201"),
            ("Sheet1", 8, "1200"),
        ]
        first = entries[0].visit
        assert first.serial.startswith("D01-2023-")  # the desk's serial, by the year of the old entry
        assert (first.classification, first.outcome, first.head_count) == (
            Classification.COMPLAINT,
            Outcome.RECEIVE_PETITION,
            4,
        )
        assert [p.full_name for p in first.participants] == ["Trần Văn Phúc", "Lê Thị Hoa", "Lê Văn Hùng"]
        assert first.participants[0].province_code == 91  # the old commune became xã Mỹ Hòa Hưng of An Giang
        assert first.participants[0].address == "Tổ 3, ấp Mỹ Thạnh, xã Mỹ Hòa Hưng, tỉnh An Giang"
        unknown = entries[1].visit
        assert unknown.classification == Classification.UNKNOWN
        nfd = session.scalars(select(Citizen.full_name).where(Citizen.name_key == "nguyen thi anh")).one()
        assert nfd == "Nguyễn Thị Ánh"
        assert unicodedata.is_normalized("NFC", nfd)
        # Ordered by date: the oldest entry of the file took the year's first number.
        oldest = session.scalars(select(Visit).order_by(Visit.received_at)).first()
        assert oldest is not None
        assert oldest.serial == "D01-2016-000001"
    # The imported visits are in the book like any other.
    with any_database.sessions() as session:
        day = book_page(session, BookFilter(dt.date(2023, 3, 14), dt.date(2023, 3, 14)), actor=ADMIN)
    assert [v.citizen_name for v in day] == ["Trần Văn Phúc"]


def test_importing_the_same_file_again_adds_nothing(database: Database) -> None:
    data = old_books.xlsx_bytes(old_books.gvt_rows())
    _import(database, data)
    again = _import(database, data)
    assert (again.entries, again.imported, again.already_imported) == (0, 0, 6)
    assert _count(database, Visit) == 6


def test_a_dry_run_writes_nothing_and_tells_what_would_be_imported(database: Database) -> None:
    report = _import(database, old_books.xlsx_bytes(old_books.btr_rows()), dry_run=True)
    assert (report.entries, report.imported, report.people) == (4, 0, 6)
    assert [r.row for r in report.rejected] == [13]
    assert _count(database, Visit) == _count(database, Citizen) == _count(database, ImportedEntry) == 0


def test_imported_entries_interleave_with_the_desk_serials(database: Database) -> None:
    with database.sessions.begin() as session:
        desk = register_visit(
            session, make_draft(received_at=dt.datetime(2021, 11, 1, 9, 0)), desk_code="D01", actor=ADMIN, now=NOW
        )
    data = old_books.html_table("SỔ TIẾP DÂN", old_books.VLL_HEADER, old_books.vll_rows())
    report = _import(database, data)
    assert desk.visit.serial == "D01-2021-000001"
    assert sorted(report.serials) == ["D01-2021-000002", "D01-2021-000003", "D01-2021-000004"]


def test_a_known_identity_paper_finds_the_person_and_leaves_their_record(database: Database) -> None:
    _import(database, old_books.xlsx_bytes(old_books.btr_rows()))
    people = _count(database, Citizen)
    rows = old_books.btr_rows()
    rows[10] = ("9", "09/06/2019", "Trần Thị Bé Khác - ấp 9 - 083180001111", "Khiếu nại tiếp", "Khiếu nại / 1")
    _import(database, old_books.xlsx_bytes(rows[:11]))
    assert _count(database, Citizen) == people  # the same paper: the same person
    with database.sessions() as session:
        names = session.scalars(select(Citizen.full_name).where(Citizen.id_number == "083180001111")).all()
    assert names == ["Trần Thị Bé"]


def test_an_over_long_cell_is_refused_with_its_reason_not_cut(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    rows = old_books.gvt_rows()[:5]
    rows[4] = (1, dt.datetime(2023, 3, 14), "Ông " + "A" * 300 + " (ấp 1)", "Khiếu nại", "Khiếu nại/ 1")
    rows.append((2, dt.datetime(2023, 3, 15), "Bà Hai (ấp 2)", "x" * 10_001, "Khiếu nại/ 1"))
    rows.append((3, dt.datetime(2013, 3, 15), "Bà Ba (ấp 3)", "Khiếu nại", "Khiếu nại/ 1"))
    report = _import(database, old_books.xlsx_bytes(rows))
    assert report.imported == 0
    reasons = {r.row: r.reason for r in report.rejected}
    assert reasons[5].startswith("Người thứ 1: Họ tên:")
    assert "200" in reasons[5]
    assert reasons[6].startswith("Nội dung:")
    assert "10000" in reasons[6]
    assert reasons[7].startswith("Ngày tiếp:")
    assert _count(database, Visit) == 0
    assert not any("AAAA" in reason or "Bà Hai" in reason for reason in reasons.values())  # no cell is quoted
    assert "AAAA" not in caplog.text
    assert "Bà Hai" not in caplog.text


def test_importing_needs_the_right(database: Database) -> None:
    data = old_books.xlsx_bytes(old_books.gvt_rows())
    for actor in (NOBODY, an_actor(Role.RECEPTIONIST, "letan"), an_actor(Role.HANDLER, "xuly")):
        with pytest.raises(PermissionDeniedError), database.sessions.begin() as session:
            import_book(session, data, file_name="a.xlsx", actor=actor, desk_code="D01", now=NOW)
    with database.sessions.begin() as session:
        leader = import_book(
            session,
            data,
            file_name="a.xlsx",
            actor=an_actor(Role.LEADER, "lanhdao"),
            desk_code="D01",
            dry_run=True,
            now=NOW,
        )
    assert leader.entries == 6


def test_a_file_with_no_known_header_asks_for_a_mapping(database: Database) -> None:
    rows = [("Sổ cũ",), ("Cột 1", "Cột 2"), ("01/02/2020", "Ông Ba (ấp 1)")]
    with pytest.raises(NothingToImportError):
        _import(database, old_books.xlsx_bytes(rows))
    report = _import(database, old_books.xlsx_bytes(rows), mapping=parse_mapping("date=A,name=B"))
    assert (report.imported, report.people) == (1, 1)
    with pytest.raises(UnreadableFileError):
        _import(database, b"PK\x03\x04 not a workbook")


def test_an_old_address_is_mapped_to_the_units_in_force() -> None:
    # The answers are those of vietnamadminunits' own converter (convert_address) for these addresses.
    assert split_address("Tổ 3, xã Mỹ Hòa Hưng, TP Long Xuyên, An Giang") == MatchedAddress(91, 30313, "Tổ 3")
    merged = split_address("ấp 2, xã An Hiệp, huyện Châu Thành, tỉnh Bến Tre")  # An Hiệp went into Tường Đa in 2020
    assert (merged.province_code, _commune_name(merged), merged.detail) == (86, "Xã Phú Túc", "ấp 2")
    renamed = split_address("Khóm 1, phường 4, TP Vĩnh Long, tỉnh Vĩnh Long")
    assert (renamed.province_code, _commune_name(renamed), renamed.detail) == (86, "Phường Phước Hậu", "Khóm 1")
    assert split_address("An Giang") == MatchedAddress(91, None, "")


def test_an_old_commune_split_between_new_ones_keeps_its_words() -> None:
    # Xã Tân Thạnh of huyện Thới Lai was split between xã Tân Thạnh and xã Trường Thành: not guessed.
    split = split_address("ấp Thới Phong A, xã Tân Thạnh, huyện Thới Lai, TP Cần Thơ")
    assert (split.province_code, split.commune_code, split.old_commune_left) == (92, None, True)
    assert split.detail == "ấp Thới Phong A, xã Tân Thạnh, huyện Thới Lai"
    assert sorted(commune(92, code).name for code in split.split_into) == ["Xã Trường Thành", "Xã Tân Thạnh"]
    merged_away = split_address("ấp 2, xã Vĩnh Thạnh, huyện Giồng Trôm, tỉnh Bến Tre")  # not a commune there
    kept = "ấp 2, xã Vĩnh Thạnh, huyện Giồng Trôm, tỉnh Bến Tre"
    assert merged_away == MatchedAddress(86, None, kept, old_commune_left=True)
    assert split_address("đường số 5, khu dân cư mới") == MatchedAddress(None, None, "đường số 5, khu dân cư mới")


def test_imported_people_get_the_commune_in_force(database: Database) -> None:
    _import(database, old_books.xlsx_bytes(old_books.gvt_rows()))
    with database.sessions() as session:
        people = {c.full_name: c for c in session.scalars(select(Citizen))}
    phuc = people["Trần Văn Phúc"]  # "Tổ 3, ấp Mỹ Thạnh, xã Mỹ Hòa Hưng, TP Long Xuyên, An Giang"
    assert (phuc.province_code, phuc.commune_code, phuc.address_detail) == (91, 30313, "Tổ 3, ấp Mỹ Thạnh")
    assert phuc.address == "Tổ 3, ấp Mỹ Thạnh, xã Mỹ Hòa Hưng, tỉnh An Giang"
    anh = people[unicodedata.normalize("NFC", "Nguyễn Thị Ánh")]  # "Phường 1, TP Vũng Tàu, Bà Rịa - Vũng Tàu"
    assert (anh.province_code, anh.address) == (79, "phường Vũng Tàu, thành phố Hồ Chí Minh")


def test_an_address_without_its_province_is_read_in_the_offices_province(database: Database) -> None:
    rows = old_books.gvt_rows()
    first = next(index for index, row in enumerate(rows) if row[:1] == (1201,))
    # xã Tân Phú of huyện Châu Thành was of Bến Tre, Đồng Tháp and An Giang: the office is in An Giang.
    rows[first] = (*rows[first][:2], "Võ Văn Phú (Ấp 1, Xã Tân Phú, Huyện Châu Thành)", *rows[first][3:])
    _import(database, old_books.xlsx_bytes(rows))
    with database.sessions() as session:
        phu = session.scalars(select(Citizen).where(Citizen.full_name == "Võ Văn Phú")).one()
    assert (phu.province_code, phu.address) == (91, "Ấp 1, xã Vĩnh An, tỉnh An Giang")
    assert split_address("Ấp 1, Xã Tân Phú, Huyện Châu Thành") == MatchedAddress(
        None, None, "Ấp 1, Xã Tân Phú, Huyện Châu Thành"
    )  # with no office to go by, three provinces: none is guessed


def _commune_name(matched: MatchedAddress) -> str:
    assert matched.province_code is not None
    assert matched.commune_code is not None
    return commune(matched.province_code, matched.commune_code).name


@pytest.mark.postgres
def test_imported_visits_travel_to_the_other_desks(make_desk: Callable[[str], Database]) -> None:
    d01, d02 = make_desk("D01"), make_desk("D02")
    with d01.sessions.begin() as session:
        import_book(session, old_books.official_html(), file_name="so.doc", actor=ADMIN, desk_code="D01", now=NOW)
    with d01.sessions() as session:
        queued = set(session.scalars(select(OutboxEntry.entity)))
    assert {"visit", "visit_participant", "citizen", "imported_entry"} <= queued
    sync.sync_once(d01, "D01")
    sync.sync_once(d02, "D02")
    assert _count(d02, Visit) == 2
    assert _count(d02, ImportedEntry) == 2
    with d02.sessions.begin() as session:  # D02 has pulled: the same file there adds nothing
        again = import_book(
            session, old_books.official_html(), file_name="so.doc", actor=ADMIN, desk_code="D02", now=NOW
        )
    assert (again.imported, again.already_imported) == (0, 2)


def test_imported_visits_are_rows_of_the_printed_book(database: Database, tmp_path: Path) -> None:
    import io

    from pypdf import PdfReader

    from desktop.core.reception.book_print import book_document, book_period, export_book_xlsx
    from desktop.documents.book import render_book

    _import(database, old_books.xlsx_bytes(old_books.gvt_rows()))
    period = book_period(dt.date(2016, 1, 1), dt.date(2023, 12, 31))
    with database.sessions() as session:
        document = book_document(session, period, actor=ADMIN)
        pdf = render_book(document)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Mai Văn Út" in unicodedata.normalize("NFC", text)
    with database.sessions() as session:
        assert export_book_xlsx(session, period, tmp_path / "book.xlsx", actor=ADMIN) == 6


def test_control_characters_in_a_hostile_file_refuse_the_row_never_the_import(any_database: Database) -> None:
    """A NUL byte or an escape in any cell of a CSV (PostgreSQL refuses NUL in text) refuses that row
    with its reason; the other rows are imported and the reason quotes no cell."""
    rows = old_books.gvt_rows()[:5]
    hostile = [
        (1, "14/03/2023", "Ông Nul\x00Tên (ấp 1)", "Khiếu nại", "Khiếu nại/ 1"),
        (2, "15/03/2023", "Bà Hai (ấp\x00 2)", "Khiếu nại", "Khiếu nại/ 1"),
        (3, "15/03/2023", "Bà Ba (ấp 3)", "Nội\x00dung", "Khiếu nại/ 1"),
        (4, "15/03/2023", "Bà Bốn (ấp 4)", "Khiếu nại", "Khiếu\x1bnại/ 1"),
        ("5\x00", "15/03/2023", "Bà Năm (ấp 5)", "Khiếu nại", "Khiếu nại/ 1"),
        (6, "15/03/2023", "Bà Sáu (ấp 6)", "Khiếu nại", "Khiếu nại/ 1", "UB\x00ND"),
        (7, "15/03/2023", "Bà Bảy (ấp 7)", "Khiếu nại", "Khiếu nại/ 1", None, None, None, "Sở\x00 TNMT"),
        (8, "15/03/2023", "Bà Tám (ấp 8)", "Khiếu nại", "Khiếu nại/ 1", *([None] * 6), "Ông\x00 Chín"),
        (9, "15/03/2023", "Bà Mười (ấp 9)", "Khiếu nại", "Khiếu nại/ 1", *([None] * 7), "Kết\x00quả"),
        (10, "15/03/2023", "Bà Tốt (ấp 10)", "Khiếu nại", "Khiếu nại/ 1"),
    ]
    report = _import(any_database, old_books.csv_bytes(rows + hostile))
    assert report.imported == 2  # the book's first row and Bà Tốt
    assert len(report.rejected) == len(hostile) - 1
    assert not any("\x00" in r.reason or "Bà" in r.reason for r in report.rejected)
    assert _count(any_database, Visit) == 2
