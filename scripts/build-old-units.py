"""Write resources/units/old-units-2025.json from the data of the vietnamadminunits wheel (MIT).

Run by hand when the source data changes (docs/scanning.md#old-units):

    .venv/bin/python scripts/build-old-units.py /path/to/vietnamadminunits/data

It reads the 63-province units (``dataset.db``, table ``admin_units_legacy``: official GSO codes) and
the old-to-new mapping (``converter_2025.json``, keyed by folded names), and writes, for every old
province, district and commune, its code, name, the folded spellings it is written with, and the
units in force since 1 Jul 2025 it became. The new communes are named by vietnam-provinces' codes,
found by name within the province: the package's own new commune codes differ from
vietnam-provinces' for 161 communes. The script stops when a new commune cannot be found that way.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vietnam_provinces import Province, Ward

from desktop.core.text import search_key

OUT = Path(__file__).resolve().parents[1] / "resources" / "units" / "old-units-2025.json"
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # grave, acute, tilde, hook, dot below


def fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", search_key(name))


def accent_key(name: str) -> str:
    """The name with its vowels' marks, each syllable's tone moved to its end: "Hoà" and "Hòa" agree."""
    words = []
    for word in unicodedata.normalize("NFD", name.casefold()).split():
        letters = [ch for ch in word if ch.isalnum() or unicodedata.category(ch) == "Mn"]
        tones = sorted(ch for ch in letters if ch in _TONES)
        words.append("".join(ch for ch in letters if ch not in _TONES) + "".join(tones))
    return unicodedata.normalize("NFC", "".join(words))


def new_ward_codes() -> dict[tuple[int, str], int]:
    return {(int(w.province_code), accent_key(w.name)): int(w.code) for w in Ward.iter_all()}


def all_keys(keywords: str | None, alias: str | None, name: str, short: str) -> list[str]:
    """The folded spellings a unit is written with: its name with and without its level, and the source's."""
    keys = {fold(name), fold(short)} | set(json.loads(keywords or "[]")) | set(json.loads(alias or "[]"))
    return sorted(key for key in keys if key)


def old_to_new(db: sqlite3.Connection, converter: dict[str, Any]) -> tuple[dict[str, int], Callable[[str], list[int]]]:
    """The province in force of each old province key, and the communes in force of an old commune key."""
    new_codes = new_ward_codes()
    new_province = {
        key: int(code) for key, code in db.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units")
    }
    new_ward = {
        (key, ward_key): (int(code), name)
        for key, ward_key, code, name in db.execute("SELECT provinceKey, wardKey, provinceCode, ward FROM admin_units")
    }
    old_to_new_province = {old: new_province[new] for new, olds in converter["DICT_PROVINCE"].items() for old in olds}
    old_to_new_wards: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for new_key, mapping in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, olds in mapping.items():
            for old in olds:
                old_to_new_wards[old].append(new_ward[(new_key, ward_key)])
    for new_key, mapping in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, news in mapping.items():
            old_to_new_wards[old].extend(new_ward[(new_key, item["newWardKey"])] for item in news)

    def codes(old_key: str) -> list[int]:
        found = []
        for province_code, name in old_to_new_wards.get(old_key, []):
            code = new_codes.get((province_code, accent_key(name)))
            if code is None:
                raise SystemExit(f"no commune {name!r} in province {province_code} of vietnam-provinces")
            found.append(code)
        return sorted(set(found))

    return old_to_new_province, codes


def main(data: Path) -> None:
    db = sqlite3.connect(data / "dataset.db")
    converter = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    in_force = {int(p.code) for p in Province.iter_all()}
    old_to_new_province, codes = old_to_new(db, converter)
    provinces: dict[str, list[object]] = {}
    districts: dict[str, list[object]] = {}
    wards: list[list[object]] = []
    rows = db.execute(
        "SELECT provinceCode, province, provinceShort, provinceKeywords, provinceAlias, provinceKey,"
        " districtCode, district, districtShort, districtKeywords, districtAlias, districtKey,"
        " wardCode, ward, wardShort, wardKeywords, wardAlias, wardKey"
        " FROM admin_units_legacy ORDER BY wardCode, districtCode"
    )
    for row in rows:
        p_code, p_name, p_short, p_kw, p_alias, p_key = row[0:6]
        d_code, d_name, d_short, d_kw, d_alias, d_key = row[6:12]
        w_code, w_name, w_short, w_kw, w_alias, w_key = row[12:18]
        new_p = old_to_new_province[p_key]
        if new_p not in in_force:
            raise SystemExit(f"province {new_p} is not in vietnam-provinces")
        provinces.setdefault(p_code, [p_code, p_name, all_keys(p_kw, p_alias, p_name, p_short), new_p])
        if d_code not in districts:
            districts[d_code] = [d_code, p_code, d_name, all_keys(d_kw, d_alias, d_name, d_short), []]
        if w_code is None:  # an island district without communes became one special zone
            districts[d_code][4] = codes(f"{p_key}_{d_key}_")
            continue
        new = codes(f"{p_key}_{d_key}_{w_key}")
        if not new:
            raise SystemExit(f"commune {w_code} has no new unit")
        wards.append([w_code, d_code, w_name, all_keys(w_kw, w_alias, w_name, w_short), new])
    document = {
        "about": (
            "Administrative units of Viet Nam before 1 Jul 2025 (63 provinces, their districts and communes)"
            " and the units in force they became. Derived by scripts/build-old-units.py from the data of"
            " vietnamadminunits 1.0.4 (https://github.com/tranngocminhhieu/vietnamadminunits), MIT licence:"
            " see LICENSE-vietnamadminunits.txt. New communes are vietnam-provinces codes."
        ),
        "columns": {
            "provinces": ["code", "name", "keys", "new_province"],
            "districts": ["code", "province", "name", "keys", "new_communes"],
            "communes": ["code", "district", "name", "keys", "new_communes"],
        },
        "provinces": sorted(provinces.values(), key=lambda item: str(item[0])),
        "districts": sorted(districts.values(), key=lambda item: str(item[0])),
        "communes": wards,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text.replace("],[", "],\n[") + "\n", encoding="utf-8")
    print(f"{OUT}: {len(provinces)} provinces, {len(districts)} districts, {len(wards)} communes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
