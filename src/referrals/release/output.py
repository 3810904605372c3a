"""Where the loader's commands may write: never into data/raw/, never onto a folder or the release itself.

data/raw/ holds the immutable, checksummed raw data; a tidy release or a SYNTHETIC
workbook written there would be read as raw data or break the manifest. A relative
path is taken relative to the project root (as every other project path is); the
path is also checked as the shell would read it (relative to the working folder),
and symbolic links are resolved, so no spelling of data/raw/ gets through.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ParameterError
from ..paths import project_root, raw_dir


def output_path(
    out: Path | str, option: str = "--out", example: str = "output/foi-release.csv", source: Path | None = None
) -> Path:
    """The file to write, or one ParameterError naming the option and the path."""
    given = str(out)
    path = Path(out).expanduser()
    target = path if path.is_absolute() else project_root() / path
    raw = raw_dir().resolve()
    for candidate in {target, path.absolute()}:
        resolved = candidate.resolve()
        if resolved == raw or raw in resolved.parents:
            raise ParameterError(
                f"{option} {given}: is inside data/raw/, which holds the immutable raw data; write elsewhere, "
                f"e.g. {example}"
            )
    if given.endswith(("/", os.sep)) or target.resolve().is_dir():
        raise ParameterError(f"{option} {given}: is a folder; give a file name, e.g. {example}")
    if source is not None and target.resolve() == Path(source).resolve():
        raise ParameterError(f"{option} {given}: is the release being read; write the tidy table elsewhere")
    return target
