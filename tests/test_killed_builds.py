"""Each build killed at each named moment of its work: its output is the old one or the new one, never none, never
a mix, both as the kill left it and after the next build's recovery.

The moments are named in the code (staging.checkpoint: "staged", "journaled", "swapped", "committed", "site page
written", "force page written"); REFERRALS_KILL_AT makes the process SIGKILL itself there, so each kill lands at
the same step on every run. The old output is made recognisable first (every file given a marker), so that a
mix of old and new files cannot pass for either.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, assert_environment_current, copy_project, tree_digest
from test_atomic_builds import KILLED_NOTEBOOKS, leftovers, output_sets, set_data

from referrals import staging
from referrals.runner import project_environment

MARK = b"\n<!-- the old output -->\n"
VENV = Path(sys.executable).parent.parent
COMMIT_MOMENTS = ["staged", "journaled", "swapped", "committed"]


def mark_old(folder: Path) -> None:
    """Give every file of an output a marker, in place, so that the old version differs from any rebuild."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            path.write_bytes(path.read_bytes() + MARK)


def build(command: list[str], root: Path, moment: str = "") -> subprocess.CompletedProcess:
    """Run a build (`python ...` arguments, or `make ...` with the project's environment), killing itself at
    `moment` if one is given."""
    env = project_environment(root) | ({staging.KILL_AT_ENV: moment} if moment else {})
    if command[0] == "make":
        assert_environment_current(root, VENV)
        command = ["make", "--no-print-directory", "-C", str(root), *command[1:], f"VENV={VENV}"]
    else:
        command = [sys.executable, *command]
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=900)
    if moment:
        was_killed = result.returncode == -signal.SIGKILL or "Killed" in result.stderr
        assert was_killed, f"the build never reached {moment!r}: {result.returncode}\n{result.stderr[-2000:]}"
    else:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


def recover(root: Path) -> None:
    """What the next build does first (once a killed runner's kernels have noticed and exited)."""
    time.sleep(1.5)
    staging.recover(root)
    assert leftovers(root) == []


def kind(found: dict, old: dict, new: dict) -> str:
    return "old" if found == old else "new" if found == new else "none" if not found else "mix"


def old_or_new(root: Path, tmp_path: Path, command: list[str], folders: list[str], moments: list[str]) -> None:
    """Mark the old output; kill the build at each moment, putting the old output back after each; then build it
    whole. Each time, as the kill left it and after recovery, every folder was wholly old or wholly new."""
    saved = {}
    for n, folder in enumerate(folders):
        mark_old(root / folder)
        saved[folder] = shutil.copytree(root / folder, tmp_path / f"old-{n}", symlinks=True)
    old = {folder: tree_digest(root / folder) for folder in folders}
    seen = []
    for moment in moments:
        build(command, root, moment)
        for when in ("as the kill left it", "after recovery"):
            if when == "after recovery":
                recover(root)
            state = {f: tree_digest(root / f) for f in folders}
            for folder in folders:  # what it is not, at once; that it is the new output, once that is built
                marked = [p for p in (root / folder).rglob("*") if p.is_file() and p.read_bytes().endswith(MARK)]
                partial = marked or set(state[folder]) != set(old[folder])  # a rebuild writes the same files
                found = "none" if not state[folder] else "a mix" if partial else "new"
                assert state[folder] == old[folder] or found == "new", (
                    f"killed at {moment!r}, {when}: {folder} is {found}"
                )
            seen.append((moment, when, state))
        for folder in folders:
            shutil.rmtree(root / folder, ignore_errors=True)
            shutil.copytree(saved[folder], root / folder, symlinks=True)
    build(command, root)
    new = {folder: tree_digest(root / folder) for folder in folders}
    for folder in folders:
        assert new[folder] and new[folder] != old[folder], f"{folder}: the build must write a different output"
    for moment, when, state in seen:
        for folder in folders:
            found = kind(state[folder], old[folder], new[folder])
            assert found in ("old", "new"), f"killed at {moment!r}, {when}: {folder} is {found}"


@pytest.mark.long
def test_make_data_killed_at_each_moment_leaves_data_processed_old_or_new(tmp_path):
    root = copy_project(tmp_path / "project")
    old_or_new(root, tmp_path, ["-m", "referrals", "build-data"], ["data/processed"], COMMIT_MOMENTS)


@pytest.mark.long
def test_the_ledger_killed_at_each_moment_leaves_the_fact_check_folder_old_or_new(tmp_path):
    root = copy_project(tmp_path / "project")
    build(["-m", "referrals", "ledger", "claims/published-claims.csv"], root)
    old_or_new(root, tmp_path, ["-m", "referrals", "ledger"], ["output/fact-check"], COMMIT_MOMENTS)


@pytest.mark.long
def test_the_database_killed_at_each_moment_is_the_old_file_or_the_new_one(tmp_path):
    """output/referrals.db is one file in output/ (a folder of outputs): renamed over the old one, in one step.
    Its metadata is renamed next; the pair is whole again after recovery."""
    root = copy_project(tmp_path / "project")
    command = ["-m", "referrals", "database", "--force"]
    build(command, root)
    db, meta = root / "output" / "referrals.db", root / "output" / "metadata.json"
    old = {p: p.read_bytes() + MARK for p in (db, meta)}
    states = []
    for moment in [*COMMIT_MOMENTS, "swapped#2"]:
        for path, data in old.items():
            path.write_bytes(data)
        build(command, root, moment)
        states.append((moment, "as the kill left it", {p: p.read_bytes() for p in old}, False))
        recover(root)
        states.append((moment, "after recovery", {p: p.read_bytes() for p in old}, True))
    build(command, root)
    new = {p: p.read_bytes() for p in old}
    assert all(new[p] != old[p] for p in old)
    for moment, when, state, whole in states:
        kinds = {p.name: kind(state[p], old[p], new[p]) for p in old}
        assert kinds["referrals.db"] in ("old", "new"), f"killed at {moment!r}, {when}: {kinds}"
        if whole:
            assert len(set(kinds.values())) == 1 and "mix" not in kinds.values(), f"{moment!r}, {when}: {kinds}"


@pytest.mark.slow
@pytest.mark.long
def test_make_site_killed_at_each_moment_leaves_the_old_site_or_the_new_one(built_copy, tmp_path):
    build(["make", "site"], built_copy)
    moments = ["site page written#4", "staged", "journaled", "committed"]
    old_or_new(built_copy, tmp_path, ["make", "site"], ["site"], moments)


@pytest.mark.slow
@pytest.mark.long
def test_make_force_pages_killed_at_each_moment_leaves_the_old_pages_or_the_new_ones(built_copy, tmp_path):
    command = ["make", "force-pages", "FORCES=kent"]
    build(command, built_copy)
    moments = ["force page written", "staged", "journaled", "committed"]
    old_or_new(built_copy, tmp_path, command, ["output/forces"], moments)


@pytest.mark.slow
@pytest.mark.long
def test_make_figures_killed_at_each_moment_leaves_every_output_old_or_new_even_before_recovery(built_copy, tmp_path):
    """The runner commits each notebook's outputs when it succeeds: killed at any step of any commit, every output
    set (a figure's files, the ledger, data/processed/) is wholly old or wholly new as the kill left it."""
    root, figures = built_copy, ("headline", "crime-types", "psni")
    for notebook in (root / "notebooks").glob("*.ipynb"):
        if notebook.stem not in KILLED_NOTEBOOKS:
            notebook.unlink()
    command, folders = ["-m", "referrals.runner", "--force"], ("figures", "data/processed", "output/fact-check")
    set_data(root, " (test)")
    build(command, root)
    old = output_sets(root, figures)
    saved = {f: shutil.copytree(root / f, tmp_path / "old" / f, symlinks=True) for f in folders}
    set_data(root, "")
    snapshots = []
    for moment in ("staged#2", "journaled#3", "swapped#3"):
        for folder, copy in saved.items():  # the old outputs again, so that each kill interrupts old -> new
            shutil.rmtree(root / folder)
            shutil.copytree(copy, root / folder, symlinks=True)
        build(command, root, moment)
        snapshots.append((moment, "as the kill left it", output_sets(root, figures)))
        recover(root)
        snapshots.append((moment, "after recovery", output_sets(root, figures)))
    build(command, root)
    new = output_sets(root, figures)
    assert all(new[name] != old[name] for name in new), "every set differs between the two states"
    for moment, when, snapshot in snapshots:
        for name, hashes in snapshot.items():
            assert hashes in (old[name], new[name]), f"killed at {moment!r}, {when}: {name} is a mix"


def test_the_kill_moments_are_named_in_the_code():
    """A moment a test names but the code no longer reaches would make its test fail to kill anything."""
    source = "".join(p.read_text() for p in (ROOT / "src" / "referrals").glob("*.py"))
    for moment in [*COMMIT_MOMENTS, "set aside", "site page written", "force page written"]:
        assert f'checkpoint("{moment}")' in source, moment
