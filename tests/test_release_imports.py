"""The release package imports as a tree: no cycle among its modules, counting imports inside functions too (an
import inside a function only hides a cycle); numbers.py and months.py stay free of heavy imports."""

from __future__ import annotations

import ast
import sys

from conftest import ROOT

PACKAGE = ROOT / "src" / "referrals"


def _module(path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")


def _imports(path, modules: set[str]) -> set[str]:
    """Every referrals module a file imports, at the top or inside a function ('from . import meta' imports the
    module meta; 'from .model import Release' imports the module model)."""
    here = _module(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            parts = [*base, *(node.module.split(".") if node.module else [])]
            names = {".".join([*parts, alias.name]) for alias in node.names}
            found |= names & modules or {".".join(parts)}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {f for f in found if f.startswith("referrals")}


def _graph() -> dict[str, set[str]]:
    files = {_module(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {i for i in _imports(path, set(files)) if i in files and i != name} for name, path in files.items()}


def _cycle_through(graph: dict[str, set[str]], start: str) -> list[str] | None:
    stack = [(start, [start])]
    seen = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def test_no_import_cycle_runs_through_the_release_package():
    graph = _graph()
    mine = [m for m in graph if m.startswith("referrals.release") or m in ("referrals.numbers", "referrals.months")]
    assert len(mine) > 15
    cycles = [c for m in mine if (c := _cycle_through(graph, m)) and not c[0].endswith("__init__")]
    assert not cycles, " ; ".join(" -> ".join(c) for c in cycles[:3])


def test_the_cycle_check_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycle_through(graph, "a") == ["a", "b", "c", "a"] and _cycle_through(graph, "d") is None


def test_numbers_and_months_import_only_the_standard_library():
    for name in ("numbers.py", "months.py"):
        tree = ast.parse((PACKAGE / name).read_text())
        modules = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        modules |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert modules <= set(sys.stdlib_module_names) | {"__future__"}, (name, modules)
