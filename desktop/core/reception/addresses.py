"""Administrative units in force since 1 Jul 2025 (province -> commune), from vietnam-provinces.

Read from the package's own nested-divisions.json, never by importing it: its Python modules build
an enum member and an object for each of the 3,321 communes (~0.3 s, at every start of the GUI,
whose form lists the provinces); the JSON it ships with them reads in a few milliseconds.
tests/core/reception/test_addresses.py checks both give the same units.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.reception import old_units
from desktop.core.text import clean, search_key

_CITY = "Thành phố "
_CITY_KEY = "thanh pho "  # _CITY as search_key folds it


@dataclass(frozen=True)
class Unit:
    code: int
    name: str  # "An Giang", "Xã Mỹ Hòa Hưng"
    full_name: str  # "tỉnh An Giang", "xã Mỹ Hòa Hưng" (as written inside an address)


_CENTRAL_CITY = "thành phố trung ương"  # the package's division type of a centrally-run city


@functools.cache
def _divisions() -> dict[int, dict[str, Any]]:
    """The package's provinces by code, each with its "wards" (the communes, wards and special zones)."""
    spec = importlib.util.find_spec("vietnam_provinces")  # finds the package without importing it
    assert spec is not None, "vietnam-provinces is a dependency"
    assert spec.submodule_search_locations, "vietnam-provinces is a package"
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "nested-divisions.json"
    return {int(unit["code"]): unit for unit in json.loads(path.read_text(encoding="utf-8"))}


@functools.cache
def provinces() -> tuple[Unit, ...]:
    """All provinces and centrally-run cities, sorted the Vietnamese way (by folded name)."""
    units = (Unit(code, p["name"], _province_full_name(p)) for code, p in _divisions().items())
    return tuple(sorted(units, key=lambda u: search_key(u.name.removeprefix(_CITY))))


@functools.cache
def communes(province_code: int) -> tuple[Unit, ...]:
    """The communes, wards and special zones of one province; ValueError for an unknown province code."""
    found = _divisions().get(province_code)
    if found is None:
        raise ValueError(f"{province_code} is no province code")
    units = (Unit(int(w["code"]), w["name"], _lower_first(w["name"])) for w in found["wards"])
    return tuple(sorted(units, key=lambda u: search_key(u.name)))


def province(code: int) -> Unit:
    """The province with ``code``; raises KeyError when there is none."""
    for unit in provinces():
        if unit.code == code:
            return unit
    raise KeyError(code)


def province_of_place(place_name: str) -> int | None:
    """The province named by ``place_name`` (an office's place on its date line: "An Giang", "Hà Nội"), if any.

    Case, diacritics and a leading "Thành phố" do not matter.
    """
    key = _without_city(search_key(place_name))
    return _province_keys().get(key) if key else None


@functools.cache
def _province_keys() -> dict[str, int]:
    return {_without_city(search_key(unit.name)): unit.code for unit in provinces()}


@functools.cache
def _commune_keys(province_code: int) -> dict[str, int]:
    return {search_key(unit.name): unit.code for unit in communes(province_code)}


def _without_city(key: str) -> str:
    return key.removeprefix(_CITY_KEY)


def commune(province_code: int, code: int) -> Unit:
    for unit in communes(province_code):
        if unit.code == code:
            return unit
    raise KeyError(code)


def format_address(detail: str, province_code: int | None, commune_code: int | None) -> str:
    """ "Số 12, ấp Mỹ Thới, xã Mỹ Hòa Hưng, tỉnh An Giang" (missing parts are left out)."""
    parts = [clean(detail)]
    if province_code is not None:
        if commune_code is not None:
            parts.append(commune(province_code, commune_code).full_name)
        parts.append(province(province_code).full_name)
    return ", ".join(part for part in parts if part)


def _province_full_name(unit: dict[str, Any]) -> str:
    name = str(unit["name"])
    if unit["division_type"] == _CENTRAL_CITY:
        return _lower_first(name) if name.startswith(_CITY) else f"thành phố {name}"
    return f"tỉnh {name}"


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


@dataclass(frozen=True)
class MatchedAddress:
    """A printed address read against the units in force: what was recognised, and the rest as detail."""

    province_code: int | None
    commune_code: int | None
    detail: str  # the parts before the recognised commune (or province); the whole text when nothing matched
    # An address of the units before 2025 whose commune could not be mapped for sure (split between
    # several new ones, or not known): the province only was taken, the commune is for a person to choose.
    old_commune_left: bool = False
    split_into: tuple[int, ...] = ()  # then, the communes in force the old one was split between, if known


def match_address(printed: str, *, default_province: int | None = None) -> MatchedAddress:
    """The province and commune in force named by an address as printed on an identity card or
    written in an old book (docs/scanning.md#id-card-qr).

    An old three-level address ("Phường Bến Nghé, Quận 1, TP Hồ Chí Minh": commune, district,
    province before 1 Jul 2025) is mapped through the table of old units (``old_units``): the commune
    it became when it became exactly one ("Phường Sài Gòn"), the detail keeping the parts before the
    old commune as printed. When the old commune was split between several, or is not recognised,
    only the province is taken and the old commune and district stay in the detail as written (the
    old province too, when it was merged into one of another name): nothing is guessed.

    Otherwise the province is the last part when it names a province in force ("An Giang",
    "tỉnh An Giang", "TP Hà Nội"), or the one an old province was merged into; the commune is a
    part naming a commune in force of that province ("xã Mỹ Hòa Hưng").

    An old address that names no province ("Xã Hòa Định, Huyện Chợ Gạo") is read as commune and
    district of ``default_province`` (the office's own province in force), else mapped only when no
    other commune of the country has that pair (``old_units.convert_without_province``); the parts
    stay in the detail when only the province could be told.
    """
    parts = [part.strip() for part in clean(printed).split(",") if part.strip()]
    if not parts:
        return MatchedAddress(None, None, "")
    old = old_units.convert(parts)
    if old is not None:
        if old.commune_code is not None and old.commune_part is not None:
            return MatchedAddress(old.province_code, old.commune_code, ", ".join(parts[: old.commune_part]))
        merged_away = search_key(old.old_province) != search_key(province(old.province_code).name.removeprefix(_CITY))
        kept = ", ".join(parts if merged_away else parts[:-1])
        return MatchedAddress(old.province_code, None, kept, old_commune_left=True, split_into=old.split_into)
    province_code = province_of_place(_without_level(parts[-1]))
    if province_code is None:
        return _without_province(parts, default_province)
    names = _commune_keys(province_code)
    for index in range(len(parts) - 2, -1, -1):
        code = names.get(search_key(parts[index]))
        if code is not None:
            return MatchedAddress(province_code, code, ", ".join(parts[:index]))
    return MatchedAddress(province_code, None, ", ".join(parts[:-1]))


def _without_province(parts: list[str], default_province: int | None) -> MatchedAddress:
    """An address whose last part names no province in force: an old province merged into another, named
    alone (its commune and district not recognised), or an old commune and district, if they can be told."""
    moved = old_units.province_of(parts[-1])
    if moved is not None:
        return MatchedAddress(moved, None, ", ".join(parts), old_commune_left=len(parts) > 1)
    old = old_units.convert_without_province(parts, default_province)
    if old is None:
        return MatchedAddress(None, None, ", ".join(parts))
    if old.commune_code is not None and old.commune_part is not None:
        return MatchedAddress(old.province_code, old.commune_code, ", ".join(parts[: old.commune_part]))
    return MatchedAddress(old.province_code, None, ", ".join(parts), old_commune_left=True, split_into=old.split_into)


_LEVEL = re.compile(r"^(tinh|tp)(\.\s*|\s+)")


def _without_level(name: str) -> str:
    """ "tỉnh An Giang", "TP. Cần Thơ" -> "An Giang", "Cần Thơ" ("Thành phố" is province_of_place's)."""
    found = _LEVEL.match(search_key(name))
    return name[found.end() :] if found else name
