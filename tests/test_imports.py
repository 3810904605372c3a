"""No import cycles in the package, counted from the source (the AST), imports inside functions included.

An import inside a function still runs, and still ties the two modules together: a cycle hidden that way
is a cycle. The only reason left for an import inside a function is to put off a heavy one (pandas, Altair,
papermill) until it is needed, which no cycle check can object to.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = "referrals"
SOURCE = ROOT / "src" / PACKAGE

#: Cycles tolerated while another change removes them: none now, and every entry must still be a cycle.
KNOWN_CYCLES: frozenset[frozenset[str]] = frozenset()


@dataclass(frozen=True)
class Edge:
    """One module importing another: where, and whether the import sits inside a function."""

    source: str
    target: str
    line: int
    in_function: bool

    def __str__(self) -> str:
        where = "inside a function" if self.in_function else "at module level"
        return f"{self.source} imports {self.target} (line {self.line}, {where})"


def module_names(source: Path = SOURCE, package: str = PACKAGE) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name, for its __init__.py)."""
    out = {}
    for path in sorted(source.rglob("*.py")):
        parts = [package, *path.relative_to(source).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


def _absolute(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The dotted name a relative import (`from ..x import y`, level 2) names, seen from `module`."""
    if level == 0:
        return target or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def imports(module: str, path: Path, modules: set[str]) -> list[Edge]:
    """Every import of a package module in one file, with the packages Python runs on the way to it.

    `from . import x` names the submodule x when there is one; importing a.b.c also runs a and a.b,
    except those the importer already sits in (they are running already).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: list[Edge] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            named: list[str] = []
            if isinstance(child, ast.Import):
                named = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = _absolute(module, is_package, child.level, child.module)
                named = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in child.names]
            for name in dict.fromkeys(named):
                while name and name not in modules:  # `import referrals.x.y as z`, or an attribute of a module
                    name = name.rpartition(".")[0]
                if not name:
                    continue
                running = {module, *_ancestors(module)}
                for target in [*_ancestors(name), name]:
                    if target not in running and target != module:
                        found.append(Edge(module, target, child.lineno, nested))
            visit(child, nested)

    visit(tree, False)
    return found


def import_graph(source: Path = SOURCE, package: str = PACKAGE) -> dict[str, list[Edge]]:
    names = module_names(source, package)
    return {m: imports(m, p, set(names)) for m, p in names.items()}


def cycles(graph: dict[str, list[Edge]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan), in a stable order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for edge in graph.get(v, []):
            w = edge.target
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return sorted(found, key=sorted)


def describe(component: frozenset[str], graph: dict[str, list[Edge]]) -> str:
    """The imports that tie a cycle together, those hidden inside functions marked as such."""
    edges = [e for m in sorted(component) for e in graph[m] if e.target in component]
    return "cycle " + " <-> ".join(sorted(component)) + ":\n" + "\n".join(f"    {e}" for e in edges)


def test_the_package_has_no_import_cycle_but_the_known_ones():
    graph = import_graph()
    unknown = [c for c in cycles(graph) if c not in KNOWN_CYCLES]
    assert not unknown, "import cycles (an import inside a function still counts):\n" + "\n".join(
        describe(c, graph) for c in unknown
    )


def test_every_known_cycle_still_exists():
    """A cycle the other branches removed must leave KNOWN_CYCLES, so that it cannot come back unnoticed."""
    gone = KNOWN_CYCLES - set(cycles(import_graph()))
    assert not gone, "no longer cycles; remove from KNOWN_CYCLES: " + "; ".join(" <-> ".join(sorted(c)) for c in gone)


# --- the checker itself, on small hand-built packages ---------------------------------------------


def package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for name, text in {"__init__.py": "", **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@pytest.mark.parametrize(
    "files,expected",
    [
        ({"a.py": "from . import b\n", "b.py": "x = 1\n"}, []),
        ({"a.py": "from . import b\n", "b.py": "from . import a\n"}, [{"pkg.a", "pkg.b"}]),
        ({"a.py": "from .b import x\n", "b.py": "def f():\n    from .a import y\n"}, [{"pkg.a", "pkg.b"}]),
        ({"a.py": "import pkg.b as b\n", "b.py": "class C:\n    def m(self):\n        import pkg.a\n"},
         [{"pkg.a", "pkg.b"}]),
        ({"s/__init__.py": "from .x import f\n", "s/x.py": "from ..a import g\n", "a.py": "from .s import f\n"},
         [{"pkg.a", "pkg.s", "pkg.s.x"}]),
        ({"s/__init__.py": "", "s/x.py": "from . import y\n", "s/y.py": "from .. import a\n", "a.py": "import os\n"},
         []),
        ({"a.py": "from . import b\n", "b.py": "from . import c\n", "c.py": "from .a import z\n"},
         [{"pkg.a", "pkg.b", "pkg.c"}]),
    ],
    ids=["none", "two-modules", "hidden-in-a-function", "absolute-in-a-method", "through-a-package-init",
         "parent-package-is-running", "three-modules"],
)  # fmt: skip
def test_the_checker_finds_cycles_through_every_kind_of_import(tmp_path, files, expected):
    graph = import_graph(package(tmp_path, files), "pkg")
    assert [set(c) for c in cycles(graph)] == expected


def test_a_cycle_hidden_in_a_function_is_named_as_such(tmp_path):
    graph = import_graph(
        package(tmp_path, {"a.py": "from . import b\n", "b.py": "def f():\n    from . import a\n"}), "pkg"
    )
    text = describe(cycles(graph)[0], graph)
    assert (
        "pkg.b imports pkg.a (line 2, inside a function)" in text
        and "pkg.a imports pkg.b (line 1, at module level)" in text
    )
