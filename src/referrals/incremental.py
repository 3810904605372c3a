"""What a notebook's build depends on, and whether its last build is still good.

A notebook's inputs are derived, not listed: its own file and parameters; data/raw/ for
the data notebook and data/processed/ (with the raw vocabularies they read) for the others; the files
its parameters name (claims files, an FOI release); the package modules it imports,
followed through the package's own imports (read with ast, never imported); the pinned
requirements.

A successful build records the SHA-256 of each of these files and of each output. The
next build skips the notebook only if the parameters are the same, the files found
without parsing (data, parameter files, the notebook, the requirements) are all among
those recorded, and every recorded file and output still has its hash. The module list
needs no re-parsing: it is derived from the notebook and the modules, and those are
recorded, so any change that could change it changes a recorded hash first.

Kept free of heavy imports: a no-change build must finish in well under a second.
"""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

from . import params
from .paths import relative
from .staging import write_text

PACKAGE = "referrals"
#: The notebook that builds data/processed/ from data/raw/; every other notebook reads data/processed/.
DATA_NOTEBOOK = "01-data"
#: The raw files that reach the other notebooks only through data/processed/ (and the manifest, which the runner
#: checks before any notebook). Every other raw file is a vocabulary that they read directly (names, measures).
RAW_VIA_PROCESSED = ("figures.csv", "sources.csv", "MANIFEST.sha256")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parameters_digest(parameters: dict) -> str:
    return hashlib.sha256(json.dumps(parameters, sort_keys=True, default=str).encode()).hexdigest()


def listed_inputs(root: Path, notebook: Path, parameters: dict) -> set[Path]:
    """The inputs found without reading any code: the notebook, its data, its parameter files, the pins."""
    files = {notebook, root / "requirements.txt"}
    raw = set((root / "data" / "raw").rglob("*"))
    if notebook.stem == DATA_NOTEBOOK:
        files |= raw
    else:
        files |= set((root / "data" / "processed").rglob("*")) | {p for p in raw if p.name not in RAW_VIA_PROCESSED}
    values = {**declared_parameters(notebook), **parameters}
    files |= {root / f for f in params.parameter_files(values)}
    return {p for p in files if p.is_file() and not p.name.startswith(".")}


def declared_parameters(notebook: Path) -> dict:
    """The defaults in a notebook's cell tagged `parameters` (`name = literal` lines), read without running it.

    The default build injects nothing, so these are the values it runs with; reading them here keeps
    the runner from importing the parameter specs (and through them the chart libraries).
    """
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    values: dict = {}
    for cell in cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            for node in ast.parse("".join(cell.get("source", ""))).body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


def notebook_inputs(root: Path, notebook: Path, parameters: dict) -> list[Path]:
    """Every file whose bytes can change what a notebook writes: the listed inputs and the imported modules."""
    package = root / "src" / PACKAGE
    files = listed_inputs(root, notebook, parameters) | set(imported_module_files(package, notebook))
    return sorted(p for p in files if p.is_file())


def imported_module_files(package: Path, notebook: Path) -> list[Path]:
    """The package's module files a notebook runs: those its cells import, and theirs in turn (ast, not import).

    Imports inside functions count too (they run when the function does), as do subpackages
    (`from .release import loader`) and the `__init__` of every package on the way.
    """
    cells = [c for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"] if c.get("cell_type") == "code"]
    todo = set().union(*(_imports("".join(c.get("source", "")), "") for c in cells)) | {""}
    done: dict[str, Path] = {}
    while todo:
        module = todo.pop()
        path = _module_file(package, module)
        if module in done or path is None:
            continue
        done[module] = path
        parent = module.rsplit(".", 1)[0] if "." in module else ""
        todo |= {parent} | _module_imports(path, module if path.name == "__init__.py" else parent)
    return sorted(done.values())


#: What each module file imports, by the file's identity (path, inode, size, modification time): a build
#: records a dozen notebooks that import mostly the same modules, and each is parsed once, not once per notebook.
_MODULE_IMPORTS: dict[tuple, frozenset[str]] = {}


def _module_imports(path: Path, here: str) -> set[str]:
    info = path.stat()
    key = (str(path), info.st_ino, info.st_size, info.st_mtime_ns, here)
    if key not in _MODULE_IMPORTS:
        _MODULE_IMPORTS[key] = frozenset(_imports(path.read_text(encoding="utf-8"), here))
    return set(_MODULE_IMPORTS[key])


def _module_file(package: Path, module: str) -> Path | None:
    """'' -> the package's __init__.py; 'a.b' -> a/b.py or a/b/__init__.py; None if it is not a module."""
    base = package.joinpath(*module.split(".")) if module else package
    for path in (base / "__init__.py", base.with_suffix(".py")):
        if path.is_file():
            return path
    return None


def _imports(source: str, here: str) -> set[str]:
    """Dotted names (relative to the package) of what a piece of code imports from the package, `here` being
    the package its relative imports start from; candidates that are not modules drop out later."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a cell with IPython syntax (%magic): read what can be read
        tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))))
    found: set[str] = set()
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            found |= {_within(a.name) for a in node.names if a.name.startswith(PACKAGE + ".")}
        elif isinstance(node, ast.ImportFrom):
            found |= _from_import(node, here)
    return found


def _statements(body: list):
    """Every statement, nested ones included (in functions, classes, branches, handlers): where imports can be.
    Expressions are not entered (an import is never inside one), which makes this much quicker than ast.walk."""
    for node in body:
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, name, None)
            if isinstance(children, list):
                yield from _statements(children)


def _within(absolute: str) -> str:
    return absolute.removeprefix(PACKAGE).lstrip(".")


def _from_import(node: ast.ImportFrom, here: str) -> set[str]:
    """`from X import a, b`: X itself, and X.a, X.b in case they are submodules."""
    if node.level == 0:
        if node.module != PACKAGE and not (node.module or "").startswith(PACKAGE + "."):
            return set()
        base = _within(node.module)
    else:
        parts = here.split(".") if here else []
        if node.level - 1 > len(parts):
            return set()
        base = ".".join(parts[: len(parts) - (node.level - 1)] + ([node.module] if node.module else []))
    return {base} | {f"{base}.{a.name}".lstrip(".") for a in node.names}


def stamp_path(root: Path, notebook: Path, parameters: dict) -> Path:
    """Where a build's record is kept: one per notebook and parameters, so that a release build and the default
    build (or two releases) each keep their own and never invalidate each other."""
    if not parameters:
        return root / "output" / ".build" / f"{notebook.stem}.json"
    return root / "output" / ".build" / f"{notebook.stem}-{parameters_digest(parameters)[:16]}.json"


def _hashes_unchanged(root: Path, recorded: dict) -> bool:
    return all((root / rel).is_file() and sha256(root / rel) == digest for rel, digest in recorded.items())


def up_to_date(root: Path, notebook: Path, parameters: dict) -> bool:
    """Whether the last successful build of this notebook still stands (see the module's docstring)."""
    try:
        recorded = json.loads(stamp_path(root, notebook, parameters).read_text())
    except (OSError, ValueError):
        return False
    inputs, outputs = recorded.get("inputs"), recorded.get("outputs")
    if not isinstance(inputs, dict) or not isinstance(outputs, dict):
        return False
    if recorded.get("parameters") != parameters_digest(parameters):
        return False
    if not {relative(p, root) for p in listed_inputs(root, notebook, parameters)} <= set(inputs):
        return False  # a data or parameter file appeared that the last build did not read
    return _hashes_unchanged(root, inputs) and _hashes_unchanged(root, outputs)


def record(root: Path, notebook: Path, parameters: dict, executed: Path, written: list[Path]) -> None:
    """Remember this successful build: its parameters and the hash of every input and every output."""
    entry = {
        "parameters": parameters_digest(parameters),
        "inputs": {relative(p, root): sha256(p) for p in notebook_inputs(root, notebook, parameters)},
        "outputs": {relative(p, root): sha256(p) for p in [*written, executed] if p.exists()},
    }
    write_text(stamp_path(root, notebook, parameters), json.dumps(entry, indent=1, sort_keys=True))
