"""What a notebook's build depends on, and whether its last build is still good.

A notebook's inputs are derived, not listed: its own file and parameters; data/raw/ for
the data notebook and data/processed/ (with the vocabularies) for the others; the files
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
from .io import atomic_write_text
from .paths import relative

PACKAGE = "referrals"
#: The notebook that builds data/processed/ from data/raw/; every other notebook reads data/processed/.
DATA_NOTEBOOK = "01-data"
#: Reference tables every notebook reads through vocab (names of forces, crime types, geographies).
VOCABULARIES = ("data/raw/forces.csv", "data/raw/crime_types.csv", "data/raw/geographies.csv")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parameters_digest(parameters: dict) -> str:
    return hashlib.sha256(json.dumps(parameters, sort_keys=True, default=str).encode()).hexdigest()


def listed_inputs(root: Path, notebook: Path, parameters: dict) -> set[Path]:
    """The inputs found without reading any code: the notebook, its data, its parameter files, the pins."""
    files = {notebook, root / "requirements.txt"}
    if notebook.stem == DATA_NOTEBOOK:
        files |= set((root / "data" / "raw").rglob("*"))
    else:
        files |= set((root / "data" / "processed").rglob("*")) | {root / v for v in VOCABULARIES}
    files |= {root / f for f in params.parameter_files(notebook.stem, parameters)}
    return {p for p in files if p.is_file() and not p.name.startswith(".")}


def notebook_inputs(root: Path, notebook: Path, parameters: dict) -> list[Path]:
    """Every file whose bytes can change what a notebook writes: the listed inputs and the imported modules."""
    package = root / "src" / PACKAGE
    files = listed_inputs(root, notebook, parameters)
    files |= {package / f"{m}.py" for m in imported_modules(package, notebook)}
    return sorted(p for p in files if p.is_file())


def imported_modules(package: Path, notebook: Path) -> set[str]:
    """The package's modules a notebook runs: those its cells import, and theirs in turn (ast, not import)."""
    cells = [c for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"] if c.get("cell_type") == "code"]
    todo = set().union(*(_package_imports("".join(c.get("source", "")), level_allowed=False) for c in cells))
    done = {"__init__"}
    while todo:
        module = todo.pop()
        path = package / f"{module}.py"
        if module in done or not path.is_file():
            continue
        done.add(module)
        todo |= _package_imports(path.read_text(encoding="utf-8"), level_allowed=True)
    return done


def _package_imports(source: str, level_allowed: bool) -> set[str]:
    """Names of package modules a piece of code imports: `from referrals import x`, `referrals.x`,
    and inside the package `from . import x` and `from .x import y` (all candidates; non-modules drop out)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a cell with IPython syntax (%magic): read what can be read
        tree = ast.parse("\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith(PACKAGE + ".")}
        elif isinstance(node, ast.ImportFrom):
            found |= _from_import(node, level_allowed)
    return found


def _from_import(node: ast.ImportFrom, level_allowed: bool) -> set[str]:
    module = node.module or ""
    if node.level == 0 and module == PACKAGE or node.level == 1 and level_allowed and not module:
        return {a.name for a in node.names}
    if node.level == 0 and module.startswith(PACKAGE + "."):
        return {module.split(".")[1]}
    if node.level == 1 and level_allowed:
        return {module.split(".")[0]}
    return set()


def stamp_path(root: Path, notebook: Path) -> Path:
    return root / "output" / ".build" / f"{notebook.stem}.json"


def _hashes_unchanged(root: Path, recorded: dict) -> bool:
    return all((root / rel).is_file() and sha256(root / rel) == digest for rel, digest in recorded.items())


def up_to_date(root: Path, notebook: Path, parameters: dict) -> bool:
    """Whether the last successful build of this notebook still stands (see the module's docstring)."""
    try:
        recorded = json.loads(stamp_path(root, notebook).read_text())
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
    atomic_write_text(stamp_path(root, notebook), json.dumps(entry, indent=1, sort_keys=True))
