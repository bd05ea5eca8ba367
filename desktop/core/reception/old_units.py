"""Addresses written before 1 Jul 2025 (63 provinces, district, commune) mapped to the units in force.

The table is resources/units/old-units-2025.json, derived from the data of vietnamadminunits (MIT,
licence beside it) by scripts/build-old-units.py: every old province, district and commune with
the folded spellings it is written with and the units in force it became, the new communes named
by vietnam-provinces' codes. It is read on the first address to map (a scan, an import), never at
start-up. The package itself is not used: its converter guesses a "default" new commune when
the old one was split, or geocodes the address over the network (docs/scanning.md#old-units).

Matching is by whole comma-separated parts, never by substrings: the last part is the province,
the one before it the district, the one before that the commune. A part that names several units
(after folding: "Ba Tơ" and "Ba Tô") is decided by its diacritics, or not at all. An address that
stops at the district ("Xã Hòa Định, Huyện Chợ Gạo") is read in the office's own province when it
is known, else mapped only when no other province had that commune in that district
(``convert_without_province``).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from desktop.core.resources import resource_path
from desktop.core.text import search_key

TABLE = ("units", "old-units-2025.json")

_PROVINCE_LEVEL = re.compile(r"^(tinh|thanh pho|tp)(\.\s*|\s+)")
_DISTRICT_LEVEL = re.compile(r"^(quan|huyen|thi xa|thanh pho|tp|tx|q|h)(\.\s*|\s+)")
_COMMUNE_LEVEL = re.compile(r"^(xa|phuong|thi tran|tt|p|x)(\.\s*|\s+)")
_TYPES = ("Thành phố ", "Tỉnh ", "Quận ", "Huyện ", "Thị xã ", "Thị trấn ", "Phường ", "Xã ")
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook above, dot below


@dataclass(frozen=True)
class _Unit:
    code: str
    parent: str
    name: str  # "Xã Lũng Cú", as the source writes it
    keys: frozenset[str]  # folded spellings: "xalungcu", "lungcu", ...
    new: tuple[int, ...]  # the province in force, or the communes in force it became


@dataclass(frozen=True)
class _Table:
    provinces: Mapping[str, _Unit]
    districts: Mapping[str, _Unit]
    communes: Mapping[str, _Unit]
    districts_of: Mapping[str, tuple[_Unit, ...]]
    communes_of: Mapping[str, tuple[_Unit, ...]]


@dataclass(frozen=True)
class OldAddress:
    """What an address naming an old province and one of its districts became.

    ``commune_code`` is the commune in force when the old commune (or island district) became
    exactly one; None when it was split between several, or was not named or not recognised.
    """

    province_code: int  # in force
    commune_code: int | None  # in force
    commune_part: int | None  # index of the part naming the old commune (or island district) it became
    old_province: str  # the old province's name without its level: "Hà Giang"
    split_into: tuple[int, ...] = ()  # the communes in force an old commune was split between


def fold(text: str) -> str:
    """Letters and digits only, without diacritics: "Thị xã Hà Tiên" -> "thixahatien"."""
    return re.sub(r"[^a-z0-9]", "", search_key(text))


def accent_key(text: str) -> str:
    """Lower case with every mark kept, each syllable's tone moved to its end: "Hoà" == "Hòa" != "Hóa"."""
    words = []
    for word in unicodedata.normalize("NFD", _lower(text)).split():
        letters = [ch for ch in word if ch.isalnum() or unicodedata.category(ch) == "Mn"]
        tones = sorted(ch for ch in letters if ch in _TONES)
        words.append("".join(ch for ch in letters if ch not in _TONES) + "".join(tones))
    return unicodedata.normalize("NFC", "".join(words))


def _lower(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.replace("-", " ").split()).casefold())


def _short(name: str) -> str:
    for prefix in _TYPES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _unit(code: str, parent: str, name: str, keys: Iterable[str], new: Iterable[int]) -> _Unit:
    return _Unit(code, parent, name, frozenset(keys), tuple(new))


@functools.cache
def _table() -> _Table:
    data = json.loads(resource_path(*TABLE).read_text(encoding="utf-8"))
    provinces = {row[0]: _unit(row[0], "", row[1], row[2], (row[3],)) for row in data["provinces"]}
    districts = {row[0]: _unit(row[0], row[1], row[2], row[3], row[4]) for row in data["districts"]}
    communes = {row[0]: _unit(row[0], row[1], row[2], row[3], row[4]) for row in data["communes"]}
    districts_of: defaultdict[str, list[_Unit]] = defaultdict(list)
    communes_of: defaultdict[str, list[_Unit]] = defaultdict(list)
    for district in districts.values():
        districts_of[district.parent].append(district)
    for commune in communes.values():
        communes_of[commune.parent].append(commune)
    return _Table(
        provinces,
        districts,
        communes,
        {code: tuple(units) for code, units in districts_of.items()},
        {code: tuple(units) for code, units in communes_of.items()},
    )


def _named(part: str, units: Iterable[_Unit], level: re.Pattern[str]) -> _Unit | None:
    """The one unit among ``units`` that ``part`` names, or None (none, or several it cannot tell apart)."""
    found = _matches(part, units, level)
    return found[0] if len(found) == 1 else None


def _matches(part: str, units: Iterable[_Unit], level: re.Pattern[str]) -> list[_Unit]:
    key = search_key(part)
    stripped = level.sub("", key, count=1)
    candidates = list(units)
    for wanted in dict.fromkeys((fold(key), fold(stripped))):
        if not wanted:
            continue
        found = [unit for unit in candidates if wanted in unit.keys]
        if len(found) > 1:  # the same letters without diacritics: let the marks decide
            marks = accent_key(part)
            marks_short = accent_key(_short_written(part, level))
            found = [
                unit
                for unit in found
                if accent_key(unit.name) == marks or accent_key(_short(unit.name)) in (marks, marks_short)
            ] or found
        if found:
            return found
    return []


def _short_written(part: str, level: re.Pattern[str]) -> str:
    """``part`` without its level word ("Thị trấn Ba Tơ" -> "Ba Tơ"), diacritics kept."""
    match = level.match(search_key(part))
    if match is None:
        return part
    words = len(match.group(0).split())
    rest = part.split(maxsplit=words)
    return rest[-1] if len(rest) > words else part


def province_of(part: str) -> int | None:
    """The province in force that the old province named by ``part`` became ("Tỉnh Hà Giang" -> 8)."""
    found = _named(part, _table().provinces.values(), _PROVINCE_LEVEL)
    return found.new[0] if found is not None else None


def convert(parts: Sequence[str]) -> OldAddress | None:
    """What an old three-level address became; None unless its last part names an old province
    and the one before it one of that province's districts."""
    if len(parts) < 2:
        return None
    table = _table()
    old_province = _named(parts[-1], table.provinces.values(), _PROVINCE_LEVEL)
    if old_province is None:
        return None
    districts = _matches(parts[-2], table.districts_of.get(old_province.code, ()), _DISTRICT_LEVEL)
    if not districts:
        return None
    found = _new_commune(parts, districts, table)
    return OldAddress(old_province.new[0], found[0], found[1], _short(old_province.name), found[2])


def _new_commune(
    parts: Sequence[str], districts: Sequence[_Unit], table: _Table
) -> tuple[int | None, int | None, tuple[int, ...]]:
    """The commune in force the old commune named by ``parts[-3]`` became and that part's index, or
    the communes in force it was split between."""
    commune = None
    if len(parts) >= 3:
        candidates = [unit for district in districts for unit in table.communes_of.get(district.code, ())]
        commune = _named(parts[-3], candidates, _COMMUNE_LEVEL)
    if commune is not None:  # split between several: not guessed
        return (commune.new[0], len(parts) - 3, ()) if len(commune.new) == 1 else (None, None, commune.new)
    if len(districts) == 1 and len(districts[0].new) == 1:  # an island district, now a special zone
        return districts[0].new[0], len(parts) - 2, ()
    return None, None, ()


def convert_without_province(parts: Sequence[str], default_province: int | None = None) -> OldAddress | None:
    """What an old address that stops at the district became ("Ấp 3, Xã Hòa Định, Huyện Chợ Gạo").

    The last part is read as the district and the one before it as its commune. ``default_province``
    (the office's own province in force): the pair is looked for first among the districts of the old
    provinces merged into it. Otherwise, or when it has no such pair, the pair is mapped only when
    exactly one commune of the whole country has it: "Xã Tân Phú, Huyện Châu Thành" (of Bến Tre,
    Đồng Tháp and An Giang) is never guessed. Several such communes all of one province in force (two
    old provinces merged into it) give that province alone, the commune for a person to choose.
    """
    if len(parts) < 2:
        return None
    table = _table()
    if default_province is not None:
        merged = [code for code, unit in table.provinces.items() if unit.new[0] == default_province]
        here = _by_district(parts, [unit for code in merged for unit in table.districts_of.get(code, ())], table)
        if here is not None:
            return here
    return _by_district(parts, table.districts.values(), table)


def _by_district(parts: Sequence[str], districts: Iterable[_Unit], table: _Table) -> OldAddress | None:
    """The commune ``parts[-2]`` names in the district ``parts[-1]`` names among ``districts``; when it
    names several, their province when they all became one (else None); None when it names none."""
    named = _matches(parts[-1], districts, _DISTRICT_LEVEL)
    if not named:
        return None
    candidates = [unit for district in named for unit in table.communes_of.get(district.code, ())]
    communes = _matches(parts[-2], candidates, _COMMUNE_LEVEL)
    if not communes and len(named) == 1 and len(named[0].new) == 1 and not table.communes_of.get(named[0].code):
        communes, part = [named[0]], len(parts) - 1  # an island district, now a special zone
    else:
        part = len(parts) - 2
    old_provinces = {table.provinces[_district_of(unit, table).parent] for unit in communes}
    if len({province.new[0] for province in old_provinces}) != 1:
        return None  # none, or communes of several provinces in force: not guessed
    province = next(iter(old_provinces))
    name = _short(province.name)
    if len(communes) > 1:  # several communes of one province in force: the province alone
        return OldAddress(province.new[0], None, None, name)
    [commune] = communes
    if len(commune.new) > 1:
        return OldAddress(province.new[0], None, None, name, commune.new)
    return OldAddress(province.new[0], commune.new[0], part, name)


def _district_of(unit: _Unit, table: _Table) -> _Unit:
    """The district of an old commune, or the district itself (an island district without communes)."""
    return table.districts[unit.parent] if unit.code in table.communes else unit
