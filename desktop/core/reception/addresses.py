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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    if not key:
        return None
    for unit in provinces():
        if _without_city(search_key(unit.name)) == key:
            return unit.code
    return None


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


def match_address(printed: str) -> MatchedAddress:
    """The province and commune named by an address as printed on an identity card.

    The province is the last part when it names a province in force ("An Giang", "tỉnh An Giang",
    "Thành phố Hà Nội"); the commune is a part naming a commune of that province ("xã Mỹ Hòa Hưng").
    vietnam-provinces knows only the units since 1 Jul 2025 and no mapping from older ones, so a
    pre-2025 province or commune that no longer exists is not matched: the whole text is then kept
    as the detail (docs/scanning.md#id-card-qr).
    """
    parts = [part.strip() for part in clean(printed).split(",") if part.strip()]
    if not parts:
        return MatchedAddress(None, None, "")
    province_code = province_of_place(_without_level(parts[-1]))
    if province_code is None:
        return MatchedAddress(None, None, ", ".join(parts))
    names = {search_key(unit.name): unit.code for unit in communes(province_code)}
    for index in range(len(parts) - 2, -1, -1):
        code = names.get(search_key(parts[index]))
        if code is not None:
            return MatchedAddress(province_code, code, ", ".join(parts[:index]))
    return MatchedAddress(province_code, None, ", ".join(parts[:-1]))


def _without_level(name: str) -> str:
    key = search_key(name)
    return name[len("tỉnh ") :] if key.startswith("tinh ") else name
