"""Administrative units: the office's province found from the place name on its date line."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.reception import addresses, old_units
from desktop.core.reception.addresses import province_of_place
from desktop.core.resources import resource_path
from desktop.core.text import clean


def _code(name: str) -> int:
    [unit] = [unit for unit in addresses.provinces() if unit.name == name]
    return unit.code


@pytest.mark.parametrize("place", ["An Giang", "an giang", "  AN GIANG "])
def test_a_province_is_found_by_its_name(place: str) -> None:
    assert province_of_place(place) == 91


@pytest.mark.parametrize(
    "place", ["Hà Nội", "Thành phố Hà Nội", "thanh pho ha noi", "Ha Noi", unicodedata.normalize("NFD", "Hà Nội")]
)
def test_a_city_is_found_with_or_without_thanh_pho_and_diacritics(place: str) -> None:
    assert province_of_place(place) == _code("Thành phố Hà Nội")


@pytest.mark.parametrize("place", ["", "   ", "Mỹ Hòa Hưng", "Thành phố"])
def test_a_place_that_names_no_province_gives_none(place: str) -> None:
    assert province_of_place(place) is None


# -- addresses written before the 2025 merger ---------------------------------------------------
# Every expected unit below is what vietnamadminunits' own convert_address() answers for the same
# address (checked when these tests were written); splits and ambiguities are where it would guess.


def _named(printed: str) -> tuple[str | None, str | None, str]:
    """The province and commune names ``printed`` is matched to, and the detail kept."""
    found = addresses.match_address(printed)
    province = addresses.province(found.province_code).name if found.province_code is not None else None
    commune = None
    if found.province_code is not None and found.commune_code is not None:
        commune = addresses.commune(found.province_code, found.commune_code).name
    return province, commune, found.detail


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Phường Bến Nghé, Quận 1, TP Hồ Chí Minh", ("Thành phố Hồ Chí Minh", "Phường Sài Gòn", "")),
        ("Số 7 Lê Lợi, P. Bến Nghé, Q.1, TP.HCM", ("Thành phố Hồ Chí Minh", "Phường Sài Gòn", "Số 7 Lê Lợi")),
        ("Phuong Ben Nghe, Quan 1, TP HCM", ("Thành phố Hồ Chí Minh", "Phường Sài Gòn", "")),
        ("Phường 2, Quận 3, Thành phố Hồ Chí Minh", ("Thành phố Hồ Chí Minh", "Phường Bàn Cờ", "")),
        # Hà Giang was merged into Tuyên Quang.
        ("Thôn Thèn Ván, Xã Lũng Cú, Huyện Đồng Văn, Tỉnh Hà Giang", ("Tuyên Quang", "Xã Lũng Cú", "Thôn Thèn Ván")),
        # Kiên Giang into An Giang; phường Vĩnh Thanh of Rạch Giá into phường Rạch Giá.
        (
            "Số 12 đường Trần Phú, phường Vĩnh Thanh, thành phố Rạch Giá, Kiên Giang",
            ("An Giang", "Phường Rạch Giá", "Số 12 đường Trần Phú"),
        ),
        # A ward merged away before 2025 (into Trúc Bạch, in Ba Đình), by its earlier name.
        ("Khu 2, Phường Nguyễn Trung Trực, Quận Ba Đình, Hà Nội", ("Thành phố Hà Nội", "Phường Ba Đình", "Khu 2")),
        # An island district, now a special zone of the province it was merged into.
        ("Huyện Côn Đảo, Tỉnh Bà Rịa - Vũng Tàu", ("Thành phố Hồ Chí Minh", "Đặc khu Côn Đảo", "")),
        # Only the diacritics tell xã Minh Quán from xã Minh Quân (both of huyện Trấn Yên).
        ("Thôn 3, Xã Minh Quán, Huyện Trấn Yên, Tỉnh Yên Bái", ("Lào Cai", "Xã Trấn Yên", "Thôn 3")),
        ("Thôn 3, Xã Minh Quân, Huyện Trấn Yên, Tỉnh Yên Bái", ("Lào Cai", "Phường Âu Lâu", "Thôn 3")),
    ],
)
def test_an_old_address_is_mapped_to_the_commune_it_became(printed: str, expected: tuple[str, str, str]) -> None:
    assert _named(printed) == expected
    assert not addresses.match_address(printed).old_commune_left
    assert _named(unicodedata.normalize("NFD", printed)) == expected  # as some phones and old files write it


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        # Split between xã Tân Thạnh and xã Trường Thành: the package picks a "default" one; we do not.
        (
            "Thôn 1, Xã Tân Thạnh, Huyện Thới Lai, Thành phố Cần Thơ",
            ("Thành phố Cần Thơ", None, "Thôn 1, Xã Tân Thạnh, Huyện Thới Lai"),
        ),
        # Without diacritics, Minh Quán and Minh Quân are the same letters: neither is chosen.
        (
            "Thon 3, Xa Minh Quan, Huyen Tran Yen, Tinh Yen Bai",
            ("Lào Cai", None, "Thon 3, Xa Minh Quan, Huyen Tran Yen, Tinh Yen Bai"),
        ),
        # Thị trấn Mường Tè or xã Mường Tè?
        ("Mường Tè, Huyện Mường Tè, Tỉnh Lai Châu", ("Lai Châu", None, "Mường Tè, Huyện Mường Tè")),
        # No such commune in huyện Giồng Trôm: Bến Tre went into Vĩnh Long, its name stays in the detail.
        (
            "Xã Vĩnh Thạnh, Huyện Giồng Trôm, Tỉnh Bến Tre",
            ("Vĩnh Long", None, "Xã Vĩnh Thạnh, Huyện Giồng Trôm, Tỉnh Bến Tre"),
        ),
        ("Thôn 2, Tỉnh Hà Giang", ("Tuyên Quang", None, "Thôn 2, Tỉnh Hà Giang")),
        ("Số 5, khu phố mới, xứ Đoài", (None, None, "Số 5, khu phố mới, xứ Đoài")),
        ("", (None, None, "")),
    ],
)
def test_what_cannot_be_mapped_for_sure_keeps_its_words(printed: str, expected: tuple[str | None, ...]) -> None:
    assert _named(printed) == expected
    # The province alone was taken from an old address: the commune is left for a person to choose.
    assert addresses.match_address(printed).old_commune_left == (expected[0] is not None)


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Phường Long Xuyên, An Giang", ("An Giang", "Phường Long Xuyên", "")),
        ("Số 1, xã Lũng Cú, tỉnh Tuyên Quang", ("Tuyên Quang", "Xã Lũng Cú", "Số 1")),
    ],
)
def test_an_address_of_the_units_in_force_is_matched_as_before(printed: str, expected: tuple[str, str, str]) -> None:
    assert _named(printed) == expected


def test_every_new_unit_of_the_old_units_table_is_a_unit_of_vietnam_provinces() -> None:
    """The table names the units in force by vietnam-provinces' codes: a new release that renumbers
    them must fail here, not map old addresses to the wrong commune."""
    data = json.loads(resource_path(*old_units.TABLE).read_text(encoding="utf-8"))
    provinces = {row[0]: row[3] for row in data["provinces"]}
    province_of_district = {row[0]: provinces[row[1]] for row in data["districts"]}
    in_force = {unit.code: {c.code for c in addresses.communes(unit.code)} for unit in addresses.provinces()}
    assert set(provinces.values()) <= set(in_force)
    for row in data["communes"]:
        assert row[4], row[0]
        assert set(row[4]) <= in_force[province_of_district[row[1]]], row[0]
    for row in data["districts"]:
        assert set(row[4]) <= in_force[provinces[row[1]]], row[0]
    assert len(data["communes"]) == 10035


_WORDS = st.sampled_from(
    ["Phường", "Xã", "Thị trấn", "Quận", "Huyện", "Tỉnh", "TP", "TP.", "Q.1", "P.", "Bến Nghé", "Quận 1",
     "Hồ Chí Minh", "Hà Giang", "Đồng Văn", "Lũng Cú", "Tân Thạnh", "Thới Lai", "Cần Thơ", "Ba Tơ", "số 5", "-", ""]
)  # fmt: skip


@given(st.lists(st.one_of(_WORDS, st.text(max_size=12)), max_size=6))
@settings(max_examples=300, deadline=None)
def test_any_text_gives_units_that_exist_and_keeps_its_words_in_order(parts: list[str]) -> None:
    printed = ", ".join(parts)
    found = addresses.match_address(printed)
    if found.commune_code is not None:
        assert found.province_code is not None
        addresses.commune(found.province_code, found.commune_code)  # a commune of that province
    if found.province_code is not None:
        addresses.province(found.province_code)
    kept = [part.strip() for part in clean(printed).split(",") if part.strip()]
    assert found.detail in {", ".join(kept[:end]) for end in range(len(kept) + 1)}  # the printed parts, in order
    assert found.commune_code is None or not found.old_commune_left


def test_the_units_read_from_the_packages_json_are_the_packages_own() -> None:
    """addresses reads vietnam-provinces' JSON (a fast start); its Python lookup tables give the same units."""
    from vietnam_provinces import Province, VietNamDivisionType, Ward

    expected = {
        int(p.code): (p.name, p.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG) for p in Province.iter_all()
    }
    assert {u.code: (u.name, u.full_name.startswith("thành phố")) for u in addresses.provinces()} == expected
    for code in expected:
        wards = {int(w.code): w.name for w in Ward.iter_all() if int(w.province_code) == code}
        assert {u.code: u.name for u in addresses.communes(code)} == wards
    with pytest.raises(ValueError, match="999"):
        addresses.communes(999)


# -- an old address without its province: the office's own, or a pair no other province has ---------


def _named_at(printed: str, office: int | None) -> tuple[str | None, str | None, str]:
    found = addresses.match_address(printed, default_province=office)
    province = addresses.province(found.province_code).name if found.province_code is not None else None
    commune = None
    if found.province_code is not None and found.commune_code is not None:
        commune = addresses.commune(found.province_code, found.commune_code).name
    return province, commune, found.detail


DONG_THAP, AN_GIANG, VINH_LONG, HA_NOI = 82, 91, 86, 1


@pytest.mark.parametrize("office", [None, DONG_THAP, AN_GIANG, HA_NOI])
@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        # Huyện Chợ Gạo was only ever of Tiền Giang (now Đồng Tháp): the pair names one commune in the country.
        ("Xã Hòa Định, Huyện Chợ Gạo", ("Đồng Tháp", "Xã Bình Ninh", "")),
        ("Ấp 3, xa Hoa Dinh, H. Cho Gao", ("Đồng Tháp", "Xã Bình Ninh", "Ấp 3")),
        ("Số 7 Lê Lợi, Phường Bến Nghé, Quận 1", ("Thành phố Hồ Chí Minh", "Phường Sài Gòn", "Số 7 Lê Lợi")),
    ],
)
def test_a_commune_and_district_no_other_province_has_are_mapped_without_the_province(
    printed: str, expected: tuple[str, str, str], office: int | None
) -> None:
    assert _named_at(printed, office) == expected
    assert not addresses.match_address(printed, default_province=office).old_commune_left


@pytest.mark.parametrize(
    ("office", "expected"),
    [
        # xã Tân Phú of huyện Châu Thành was a commune of Bến Tre, of Đồng Tháp and of An Giang.
        (AN_GIANG, ("An Giang", "Xã Vĩnh An", "Ấp 1")),
        (DONG_THAP, ("Đồng Tháp", "Xã Tân Phú Trung", "Ấp 1")),
        (VINH_LONG, ("Vĩnh Long", "Xã Tân Phú", "Ấp 1")),
        # An office elsewhere, or none known: three provinces, none is guessed.
        (HA_NOI, (None, None, "Ấp 1, Xã Tân Phú, Huyện Châu Thành")),
        (None, (None, None, "Ấp 1, Xã Tân Phú, Huyện Châu Thành")),
    ],
)
def test_a_pair_several_provinces_have_is_read_in_the_offices_province_only(
    office: int | None, expected: tuple[str | None, str | None, str]
) -> None:
    assert _named_at("Ấp 1, Xã Tân Phú, Huyện Châu Thành", office) == expected


def test_two_old_provinces_merged_into_the_offices_give_its_province_and_leave_the_commune_to_choose() -> None:
    # Bến Tre and Trà Vinh (both now Vĩnh Long) each had a thị trấn Châu Thành in a huyện Châu Thành.
    printed = "Thị trấn Châu Thành, Huyện Châu Thành"
    found = addresses.match_address(printed, default_province=VINH_LONG)
    assert (found.province_code, found.commune_code, found.detail) == (VINH_LONG, None, printed)
    assert found.old_commune_left
    assert addresses.match_address(printed) == addresses.MatchedAddress(None, None, printed)  # four provinces


def test_a_split_commune_without_its_province_gives_the_province_and_names_the_communes_it_became() -> None:
    printed = "Thôn 1, Xã Tân Thạnh, Huyện Thới Lai"
    found = addresses.match_address(printed)
    assert (found.province_code, found.commune_code, found.detail) == (92, None, printed)
    assert found.old_commune_left
    assert {addresses.commune(92, code).name for code in found.split_into} == {"Xã Tân Thạnh", "Xã Trường Thành"}


@pytest.mark.parametrize(
    "printed",
    ["Xã Hòa Định", "Huyện Chợ Gạo", "Xã Không Có, Huyện Chợ Gạo", "Xã Hòa Định, Huyện Không Có", "Số 5, Thôn 2"],
)
@pytest.mark.parametrize("office", [None, DONG_THAP])
def test_without_a_province_a_lone_part_or_an_unknown_pair_maps_nothing(printed: str, office: int | None) -> None:
    assert addresses.match_address(printed, default_province=office) == addresses.MatchedAddress(None, None, printed)
