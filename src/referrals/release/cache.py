"""A release read once per build and shared by every notebook of it.

`make figures RELEASE=path` reads the release whole before any notebook runs (a malformed
one is refused there, nothing written); the reading is kept in output/.cache/releases/,
under a key made of the file's bytes, the loader's own code and the vocabularies it
resolves names with, so that each notebook's kernel loads the one reading instead of
reading the file again, and any change to any of these reads it afresh. Only readings
this project wrote are loaded back (the folder is the project's own output).
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from ..staging import write_file
from .loader import load_release
from .model import Release

FOLDER = ("output", ".cache", "releases")
FORMAT = 1  # bump when the Release object changes shape


def key(path: Path, raw_directory: Path) -> str:
    """What decides how a release reads: its bytes, the loader's code, the vocabularies."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    digest.update(Path(path).read_bytes())
    package = Path(__file__).parent
    for source in sorted([*package.glob("*.py"), package.parent / "numbers.py", package.parent / "months.py"]):
        digest.update(source.name.encode() + source.read_bytes())
    for table in sorted(Path(raw_directory).glob("*.csv")):
        if table.name in ("forces.csv", "geographies.csv", "crime_types.csv"):
            digest.update(table.name.encode() + table.read_bytes())
    return digest.hexdigest()[:32]


def folder(raw_directory: Path) -> Path:
    """The cache folder of the project that holds this raw data folder (root/data/raw)."""
    return Path(raw_directory).absolute().parent.parent.joinpath(*FOLDER)


def read(path: Path, raw_directory: Path) -> Release:
    """The release at `path`, from this build's reading of it when there is one; read (and kept) otherwise."""
    target = folder(raw_directory) / f"{key(path, raw_directory)}.pickle"
    if target.exists():
        try:
            release = pickle.loads(target.read_bytes())
            if isinstance(release, Release):
                release.path = Path(path)
                return release
        except Exception:  # a reading from another version, or cut short: read the file again
            pass
    release = load_release(path, raw_directory)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_file(target, pickle.dumps(release, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only project still reads the release, once per notebook
    return release
