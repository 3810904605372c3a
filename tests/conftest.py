"""Shared fixtures: the project root, throwaway copies of the project, CLI runners."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from referrals import paths
from referrals.runner import project_environment

ROOT = Path(__file__).resolve().parents[1]
#: The source documents the raw data is transcribed from: REFERRALS_SOURCES, or ../shared/sources beside the checkout.
SHARED_SOURCES = Path(os.environ.get("REFERRALS_SOURCES") or ROOT.parent / "shared" / "sources")


def tree_digest(folder: Path) -> dict[str, str]:
    """Path -> SHA-256 for every file under a folder (empty dict if it does not exist)."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def copy_project(dest: Path, with_figures: bool = False) -> Path:
    return paths.copy_project(ROOT, dest, with_figures)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the project in a temporary folder, used as the working directory and root."""
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    monkeypatch.setenv("REFERRALS_ROOT", str(root))
    monkeypatch.delenv("REFERRALS_DEBUG", raising=False)
    return root


def run(args: list[str], root: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run `python <args>` with the project's environment in `root`."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=root,
        env=project_environment(root),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def built_project(tmp_path_factory):
    """A copy of the project after a full `python -m referrals.runner` build (shared by the slow tests)."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = run(["-m", "referrals.runner"], root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root, result
