"""Benchmark: addresses written before the 2025 merger read against the units in force (match_address).

Prints the first use (the table of old units read), then the time per address for every old commune
written as "Tổ 1, <commune>, <district>, <province>" (10,035 distinct addresses), the same addresses
without diacritics, addresses of the units in force, and text that names no unit.
Run: .venv/bin/python bench/old_addresses.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.core.reception import addresses, old_units
from desktop.core.resources import resource_path
from desktop.core.text import search_key


def _old_addresses() -> list[str]:
    data = json.loads(resource_path(*old_units.TABLE).read_text(encoding="utf-8"))
    provinces = {row[0]: row[1] for row in data["provinces"]}
    districts = {row[0]: (row[2], provinces[row[1]]) for row in data["districts"]}
    return [f"Tổ 1, {row[2]}, {districts[row[1]][0]}, {districts[row[1]][1]}" for row in data["communes"]]


def _timed(texts: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    found = sum(1 for text in texts if addresses.match_address(text).commune_code is not None)
    return (time.perf_counter() - start) / len(texts), found


def main() -> None:
    start = time.perf_counter()
    addresses.match_address("Phường Bến Nghé, Quận 1, TP Hồ Chí Minh")
    first = time.perf_counter() - start
    old = _old_addresses()
    new = [
        f"Số 1, {unit.name}, {province.name}"
        for province in addresses.provinces()
        for unit in addresses.communes(province.code)
    ]
    rows = [
        ("old, with diacritics", old),
        ("old, without diacritics", [search_key(text) for text in old]),
        ("units in force", new),
        ("no unit named", [f"Số {n}, khu dân cư mới số {n}" for n in range(5000)]),
    ]
    print(f"first use (table read): {first * 1000:.0f} ms")
    print(f"{'addresses':<26}{'count':>8}{'commune found':>15}{'ms each':>10}")
    for label, texts in rows:
        each, found = _timed(texts)
        print(f"{label:<26}{len(texts):>8}{found:>15}{each * 1000:>10.3f}")


if __name__ == "__main__":
    main()
