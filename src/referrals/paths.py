"""Where the project's folders are, and the one rule for a path a user types.

The root is found from the working directory (so a copy of the project in a
temporary folder uses its own data), or from REFERRALS_ROOT.

Every path a user types (a command's argument or option, RELEASE=, FORCES=, a `-p`
parameter) is taken from the current folder, as a shell takes it (`typed_path`); make
runs in the project folder. Paths inside the project are then handed on relative to
the project folder (`project_path`), as notebooks' parameters and the data name them.
"""

from __future__ import annotations

import os
from pathlib import Path

_MARKER = Path("data") / "raw" / "MANIFEST.sha256"


def project_root(start: Path | None = None) -> Path:
    """The project's folder: REFERRALS_ROOT if set (it must be the project), else found from `start` upwards."""
    env = os.environ.get("REFERRALS_ROOT")
    if env:
        root = Path(env).resolve()
        if not (root / "data" / "raw").is_dir():
            from .errors import SettingError
            from .text import shown

            raise SettingError(
                f"REFERRALS_ROOT={shown(env)} is not the project's folder (it has no data/raw/); unset it, or set "
                "it to the folder that holds data/ and notebooks/"
            )
        return root
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


def output_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "output"


def resolve_output(value: object, what: str = "parameter output_dir", root: Path | None = None) -> Path:
    """The one place that decides where an output folder may be: inside the project's output/, or figures/.

    Refused, each with one message: anything but text, empty text, a path outside the project
    (absolute or through '..'), anywhere else in the project (data/ above all), and a path that
    passes through a symlink (which could lead anywhere, data/raw/ included). That figures/ holds
    only the default build is a rule about parameters (params.validate), not about paths.
    """
    root = root or project_root()
    target = _checked_target(value, what, root)
    outputs = output_dir(root)
    if not (target == outputs or outputs in target.parents or target == figures_dir(root)):
        raise _refusal(
            value, what, "is not allowed; outputs go in a folder under output/ (or figures/ for the default build)"
        )
    return target


def _refusal(value: object, what: str, reason: str):
    from .errors import ParameterError
    from .text import shown

    return ParameterError(f"{what}: value {shown(value)} {reason}")


def _checked_target(value: object, what: str, root: Path) -> Path:
    """The absolute, normalised path for `value`: text, not empty, reached through no symlink."""
    if not isinstance(value, (str, os.PathLike)):
        raise _refusal(value, what, "must be text naming a folder, e.g. output/runs/mine")
    text = os.fspath(value).strip()
    if not text:
        raise _refusal(value, what, "must not be empty; give a folder under output/, e.g. output/runs/mine")
    target = Path(os.path.normpath(root / text))
    if root in target.parents:
        _refuse_symlinks(root, target, lambda reason: _refusal(value, what, reason))
    return target


def _refuse_symlinks(root: Path, target: Path, refuse) -> None:
    """No existing part of the path below the root may be a symlink."""
    current = root
    for part in target.relative_to(root).parts:
        current = current / part
        if current.is_symlink():
            link = current.relative_to(root).as_posix()
            raise refuse(f"passes through a symlink ({link} -> {os.readlink(current)}); outputs never do")
        if not current.exists():
            return


def typed_path(value: str | os.PathLike) -> str:
    """A path as a user typed it, taken from the current folder, '~' expanded: absolute, and ending in '/' when
    it did (which marks a folder)."""
    text = os.path.expanduser(os.fspath(value))
    absolute = os.path.abspath(text)
    return absolute + "/" if text.endswith(("/", os.sep)) and not absolute.endswith("/") else absolute


def project_path(value: str | os.PathLike, root: Path | None = None) -> str:
    """A typed path as the project names it: relative to the project folder when inside it, else absolute (a
    trailing '/' kept)."""
    typed = typed_path(value)
    path, slash = Path(typed), "/" if typed.endswith("/") else ""
    root = root or project_root()
    for inside, folder in ((path, root), (path.resolve(), root.resolve())):
        try:
            return (inside.relative_to(folder).as_posix() or ".") + slash
        except ValueError:
            continue
    return str(path) + slash


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
