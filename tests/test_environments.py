"""The project where people keep it: a folder with a space or an accent in its name, a read-only checkout, a
terminal that shows only ASCII. Each gives the work or one clear message, never shell noise or a traceback."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, assert_environment_current, copy_project, tree_digest

from referrals.runner import project_environment

VENV = Path(sys.executable).parent.parent
#: Variables that hold a path (the project's own folder among them): a recipe must quote each use.
PATH_VARIABLES = ("PY", "BIN", "PYTHON", "VENV")


def test_every_path_in_a_makefile_recipe_is_quoted():
    """A clone in `~/My projects/` puts a space in every path the Makefile builds from its own folder."""
    unquoted = []
    for number, line in enumerate((ROOT / "Makefile").read_text().splitlines(), start=1):
        if not line.startswith("\t"):
            continue
        outside_quotes = re.sub(r'"[^"]*"', '""', line)
        unquoted += [f"line {number}: $({v})" for v in PATH_VARIABLES if f"$({v})" in outside_quotes]
    assert not unquoted, "unquoted paths in Makefile recipes: " + ", ".join(unquoted)


@pytest.fixture
def spaced_project(tmp_path):
    """A copy of the project in a folder whose name has a space and an accent, with its own .venv (a link to
    this one, so that every path the Makefile derives from the venv has them too)."""
    root = copy_project(tmp_path / "My projects, été" / "project")
    (root / ".venv").symlink_to(VENV)
    assert_environment_current(root)
    return root


def make(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in (env or project_environment(root)).items() if k != "REFERRALS_ROOT"}
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=root, env=environment, capture_output=True, text=True, timeout=600
    )


def test_make_works_from_a_folder_with_a_space_and_an_accent(spaced_project):
    for target in ("verify", "data"):
        result = make(spaced_project, target)
        assert result.returncode == 0, f"make {target}: {result.stderr}"
        assert "too many arguments" not in result.stderr and "No such file" not in result.stderr


# --- a read-only checkout ----------------------------------------------------------------------------------------


def read_only(root: Path, command: list[str]) -> subprocess.CompletedProcess:
    """Run a command with the project folder mounted read-only (a private mount namespace, as root), or with its
    write permission removed (as another user)."""
    env = {**project_environment(root), "PYTHONDONTWRITEBYTECODE": "1"}
    if os.geteuid() == 0:
        if not shutil.which("unshare"):
            pytest.skip("no unshare to mount the project read-only")
        script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && cd "$0" && exec "$@"'
        wrapped = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(root), *command]
        probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True)
        if probe.returncode != 0:
            pytest.skip("cannot make a mount namespace here")
        return subprocess.run(wrapped, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    subprocess.run(["chmod", "-R", "a-w", str(root)], check=True)
    try:
        return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(root)], check=True)


@pytest.mark.parametrize(
    "command",
    [
        ["make", "--no-print-directory", "figures", "FORCE=1", f"VENV={VENV}"],
        [sys.executable, "-m", "referrals", "ledger"],
        [sys.executable, "-m", "referrals", "load-foi", "{release}", "--out", "output/tidy.csv"],
        [sys.executable, "-m", "referrals.site"],
    ],
    ids=["make-figures", "ledger", "load-foi-out", "site"],
)
def test_a_read_only_checkout_gives_one_clear_message(tmp_path, command):
    from test_foi_release import write_synthetic

    root = copy_project(tmp_path / "project", with_figures=True)
    release = write_synthetic(tmp_path, ".csv")
    if command[0] == "make":
        assert_environment_current(root, VENV)
    before = tree_digest(root)
    result = read_only(root, [str(release) if part == "{release}" else part for part in command])
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert len(errors) == 1 and ("read-only" in errors[0] or "permission denied" in errors[0]), result.stderr
    assert "writable copy of the project" in errors[0]
    assert tree_digest(root) == before


def test_a_build_that_cannot_write_starts_no_kernel(project, monkeypatch):
    """A read-only checkout is refused before the runner starts a kernel (two of them, for nothing, before)."""
    import errno
    import tempfile

    from referrals import runner

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", kwargs.get("dir"))

    started = []
    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    monkeypatch.setattr(runner.Runs, "prestart", lambda self, count: started.append(count))
    with pytest.raises(OSError) as refused:
        runner.build(project, force=True)
    assert refused.value.errno == errno.EROFS and started == []


# --- a terminal that shows only ASCII -----------------------------------------------------------------------------


def test_an_ascii_terminal_shows_question_marks_and_says_so_once(project):
    env = {**project_environment(project), "PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [sys.executable, "-m", "referrals", "ledger"], cwd=project, env=env, capture_output=True, timeout=300
    )
    stderr = result.stderr.decode("ascii")  # every byte ASCII, or this fails
    assert result.returncode == 0 and "Traceback" not in stderr, stderr[-3000:]
    assert result.stdout.decode("ascii").count("?") > 0
    notes = [line for line in stderr.splitlines() if line.startswith("note: this terminal's encoding (ascii)")]
    assert len(notes) == 1 and "PYTHONIOENCODING=utf-8" in notes[0], stderr
