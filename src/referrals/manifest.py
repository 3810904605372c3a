"""The checksum manifest that makes raw data immutable.

`data/raw/MANIFEST.sha256` lists the SHA-256 of every raw file, in the format
`sha256sum -c` reads. Every build verifies it first; only `make stamp`
(`python -m referrals stamp`) rewrites it, as a deliberate act.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import ManifestError
from .paths import raw_dir, relative
from .staging import write_text

MANIFEST_NAME = "MANIFEST.sha256"


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def raw_files(directory: Path) -> list[Path]:
    """Every raw file the manifest must cover (all files but the manifest itself)."""
    return sorted(
        p for p in directory.rglob("*") if p.is_file() and p.name != MANIFEST_NAME and not p.name.startswith(".")
    )


def read_manifest(directory: Path) -> dict[str, str]:
    path = directory / MANIFEST_NAME
    if not path.exists():
        raise ManifestError(f"{relative(path)}: the manifest is missing; run `make stamp` to record the raw files")
    entries: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        if len(parts) != 2 or len(parts[0]) != 64:
            raise ManifestError(f"{relative(path)}, row {n}: expected '<sha256>  <file>', found {line!r}")
        entries[parts[1].strip().lstrip("*")] = parts[0].lower()
    return entries


def verify(directory: Path | None = None) -> list[str]:
    """Check every raw file against the manifest; raise naming each file that does not match."""
    directory = Path(directory or raw_dir())
    entries = read_manifest(directory)
    problems = []
    present = {p.relative_to(directory).as_posix(): p for p in raw_files(directory)}
    for name, digest in sorted(entries.items()):
        path = present.get(name)
        if path is None:
            problems.append(f"{relative(directory / name)}: listed in the manifest but missing")
        elif sha256_file(path) != digest:
            problems.append(
                f"{relative(path)}: does not match its checksum in {MANIFEST_NAME} (changed since it was stamped)"
            )
    for name in sorted(set(present) - set(entries)):
        problems.append(f"{relative(directory / name)}: not in {MANIFEST_NAME} (new raw files must be stamped)")
    if problems:
        raise ManifestError(
            "raw data does not match data/raw/MANIFEST.sha256; the build refuses to run. "
            "If the change is a deliberate, sourced correction, record it with `make stamp`.",
            problems,
        )
    return sorted(entries)


def stamp(directory: Path | None = None) -> list[str]:
    """Record the current raw files as the trusted state. Only ever run on purpose."""
    directory = Path(directory or raw_dir())
    lines = [f"{sha256_file(p)}  {p.relative_to(directory).as_posix()}" for p in raw_files(directory)]
    write_text(directory / MANIFEST_NAME, "\n".join(lines) + "\n")
    return lines
