"""Where the project's folders are.

The root is found from the working directory (so a copy of the project in a
temporary folder uses its own data), or from REFERRALS_ROOT.
"""

from __future__ import annotations

import os
from pathlib import Path

_MARKER = Path("data") / "raw" / "MANIFEST.sha256"


def project_root(start: Path | None = None) -> Path:
    env = os.environ.get("REFERRALS_ROOT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (
            (candidate / _MARKER).exists()
            or (candidate / "pyproject.toml").exists()
            and (candidate / "data" / "raw").is_dir()
        ):
            return candidate
    return Path(__file__).resolve().parents[2]


def raw_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "data" / "raw"


def processed_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "data" / "processed"


def figures_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "figures"


def relative(path: Path, root: Path | None = None) -> str:
    """A path as shown to users and stored in outputs: relative to the root, '/'-separated."""
    root = root or project_root()
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


#: What a working copy of the project needs (used by the benchmark and the tests).
PROJECT_ITEMS = ("data", "notebooks", "claims", "src", "tests", "pyproject.toml", "requirements.txt", "Makefile")


def copy_project(root: Path, dest: Path, with_figures: bool = False) -> Path:
    """A throwaway copy of the project's sources and data (no venv, no outputs) at `dest`."""
    import shutil

    for item in PROJECT_ITEMS + (("figures",) if with_figures else ()):
        src = root / item
        if not src.exists():
            continue
        target = dest / item
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(
                src,
                target,
                ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints", ".pytest_cache"),
            )
        else:
            shutil.copy2(src, target)
    return dest
