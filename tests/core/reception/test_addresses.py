"""Administrative units: the office's province found from the place name on its date line."""

from __future__ import annotations

import unicodedata

import pytest

from desktop.core.reception import addresses
from desktop.core.reception.addresses import province_of_place


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
