"""The docs/ pages hold what the code relies on: every citation of a page and section resolves."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CITING = ("desktop", "db", "tests", "bench", "resources", "scripts")
TEXT_SUFFIXES = {".py", ".json", ".md", ".toml", ".mako", ""}
# Notes kept outside the repository; the product must not depend on them (built up so that this
# file does not match itself).
OUTSIDE = re.compile("|".join(["PLATFORM" + "-NOTES", "law" + "-reference", r"\bshared" + "/"]))
CITATION = re.compile(r"docs/([a-z-]+\.md)(?:#([\w.\-]+))?")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _cited_files() -> list[Path]:
    files = [ROOT / "README.md", *DOCS.glob("*.md")]
    for folder in CITING:
        files += [p for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES]
    return [p for p in files if "__pycache__" not in p.parts]


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = page.read_text(encoding="utf-8")
    found = set(re.findall(r'<a id="([^"]+)"></a>', text))
    found |= {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, flags=re.MULTILINE)}
    return found


def test_nothing_cites_notes_kept_outside_the_repository() -> None:
    hits = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _cited_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OUTSIDE.search(line)
    ]
    assert hits == []


def test_every_cited_page_and_section_exists() -> None:
    missing = []
    for path in _cited_files():
        for page, anchor in CITATION.findall(path.read_text(encoding="utf-8")):
            target = DOCS / page
            if not target.exists() or (anchor and anchor not in anchors(target)):
                missing.append(f"{path.relative_to(ROOT)}: docs/{page}#{anchor}")
    assert missing == []


@pytest.mark.parametrize("page", [ROOT / "README.md", *sorted(DOCS.glob("*.md"))], ids=lambda p: p.name)
def test_links_between_pages_resolve(page: Path) -> None:
    missing = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if "://" in target:
            continue
        file_part, _, anchor = target.partition("#")
        linked = (page.parent / file_part).resolve() if file_part else page
        if not linked.exists() or (anchor and anchor not in anchors(linked)):
            missing.append(target)
    assert missing == []


def test_every_deadline_rule_has_its_legal_basis_section() -> None:
    rule_ids = {
        rule["id"]
        for path in (ROOT / "resources" / "rules" / "deadlines").glob("*.json")
        for rule in json.loads(path.read_text(encoding="utf-8"))["rules"]
    }
    assert rule_ids - anchors(DOCS / "legal-basis.md") == set()
