"""No fixture hides one of the same name in a conftest above it: a test gets the fixture its name says."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _fixture_name(node: ast.AST) -> str | None:
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    for decorator in node.decorator_list:
        call = decorator if isinstance(decorator, ast.Call) else None
        target = call.func if call else decorator
        if ast.unparse(target) in {"pytest.fixture", "fixture"}:
            named = [k.value for k in (call.keywords if call else []) if k.arg == "name"]
            return named[0].value if named and isinstance(named[0], ast.Constant) else node.name
    return None


def _defined(path: Path) -> set[str]:
    """The fixtures a file defines at its top level."""
    return {name for node in ast.parse(path.read_text(encoding="utf-8")).body if (name := _fixture_name(node))}


def _imported(path: Path) -> set[str]:
    """Every name a conftest imports (fixtures from tests/helpers are made visible that way)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imports = [node for node in tree.body if isinstance(node, ast.ImportFrom)]
    return {alias.asname or alias.name for node in imports for alias in node.names}


def test_no_fixture_shadows_one_of_a_conftest_above() -> None:
    files = sorted(TESTS.rglob("*.py"))
    fixtures = {path: _defined(path) for path in files}
    known = set().union(*fixtures.values())
    offered = {path: fixtures[path] | (_imported(path) & known) for path in files if path.name == "conftest.py"}
    shadowing = []
    for path in files:
        for folder in path.parents:
            above = folder / "conftest.py"
            if above != path and above in offered:
                shadowing += [f"{path.relative_to(TESTS)}: {name}" for name in sorted(fixtures[path] & offered[above])]
            if folder == TESTS:
                break
    assert shadowing == []
