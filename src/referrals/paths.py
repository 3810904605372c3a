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
        if (candidate / _MARKER).exists() or (candidate / "pyproject.toml").exists() and (candidate / "data" / "raw").is_dir():
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
