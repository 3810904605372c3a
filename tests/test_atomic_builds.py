"""A failed, interrupted or killed build leaves every output set wholly old or wholly new.

A set is one figure's files (png, svg, html, vl.json, csv), the ledger with its report, or
data/processed/ as a whole. Sets are staged and swapped in with a journal (staging.py).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time

import pytest
from conftest import copy_project, run, tree_digest
from corpus import edit_cell

from referrals import manifest, staging
from referrals.runner import project_environment

FORMATS = (".png", ".svg", ".html", ".vl.json", ".csv")
FIGURES = ("headline", "crime-types", "forces", "scotland", "psni", "honccu", "infographic")

SAVE_PSNI = """
import sys
from referrals import export, registry
from referrals.sources import load_raw
built = registry.build("psni", load_raw())
title = sys.argv[1]
chart = built.chart.properties(description=title, title=title)
export.save_figure(chart, "psni", built.table.assign(name=built.table["name"] + " " + title), "output/x")
"""


def leftovers(root):
    """Staging folders and temporary files a build must never leave behind."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.name.endswith(".tmp")) + (
        sorted(p.name for p in (root / ".staging").iterdir()) if (root / ".staging").exists() else []
    )


@pytest.mark.long
def test_a_full_disk_half_way_through_a_figure_changes_none_of_its_files(project):
    """The tester's case: PNG and SVG written, then the disk fills up while the (large) HTML is written."""
    first = run(["-c", SAVE_PSNI, "old"], project)
    assert first.returncode == 0, first.stderr
    before = tree_digest(project / "output" / "x")
    limited = (
        "import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (400_000, 400_000))\n" + SAVE_PSNI
    )
    assert (
        (project / "output" / "x" / "psni.html").stat().st_size
        > 400_000
        > (project / "output" / "x" / "psni.svg").stat().st_size
    )
    second = run(["-c", limited, "new"], project)
    assert second.returncode != 0 and "File too large" in second.stderr
    assert tree_digest(project / "output" / "x") == before
    assert leftovers(project) == []


def test_a_set_is_committed_whole_and_leaves_nothing_behind(project):
    out = project / "output" / "set"
    staging.write_set({out / "a.csv": b"1\n", out / "b.csv": b"2\n"})
    staging.write_set({out / "a.csv": b"3\n"}, deletions=[out / "b.csv"])
    assert (out / "a.csv").read_bytes() == b"3\n" and not (out / "b.csv").exists()
    assert leftovers(project) == [] and not (project / ".staging").exists()


#: A set written into output/set, where four files and one to be deleted are: killed at a named moment.
WRITE_SET = """
import sys
from pathlib import Path
from referrals import staging
if sys.argv[1] == "renames":  # a system without renameat2(RENAME_EXCHANGE): two renames, journaled
    staging._EXCHANGE = None
out = Path("output/set")
staging.write_set({out / f"{n}.csv": b"new\\n" for n in "abcd"}, deletions=[out / "e.csv"])
"""
OLD_SET = {f"{n}.csv": b"old\n" for n in "abcde"}
NEW_SET = {f"{n}.csv": b"new\n" for n in "abcd"}


def folder_bytes(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.exists() else None


def killed_at(project, moment, script=WRITE_SET, *args):
    env = {**project_environment(project), staging.KILL_AT_ENV: moment}
    return subprocess.run([sys.executable, "-c", script, *args], cwd=project, env=env, capture_output=True, text=True)


@pytest.mark.parametrize(
    "moment,after_recovery",
    [("staged", OLD_SET), ("journaled", NEW_SET), ("swapped", NEW_SET), ("committed", NEW_SET)],
)
def test_a_set_killed_at_any_moment_leaves_its_folder_old_or_new_then_rolls_forward(project, moment, after_recovery):
    """The folder is swapped whole in one step: a reader finds the old folder or the new one even before the next
    build recovers; recovery then completes a journaled commit and discards one that never wrote its journal."""
    out = project / "output" / "set"
    staging.write_folder(out, {out / name: data for name, data in OLD_SET.items()})
    result = killed_at(project, moment, WRITE_SET, "exchange")
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert folder_bytes(out) in (OLD_SET, NEW_SET), "what a reader finds before any recovery"
    assert len(staging.recover(project)) == 1
    assert folder_bytes(out) == after_recovery
    assert leftovers(project) == []


@pytest.mark.parametrize("moment", ["set aside", "swapped"])
def test_without_an_atomic_exchange_a_commit_killed_between_its_renames_is_rolled_forward(project, moment):
    out = project / "output" / "set"
    staging.write_folder(out, {out / name: data for name, data in OLD_SET.items()})
    result = killed_at(project, moment, WRITE_SET, "renames")
    assert result.returncode == -signal.SIGKILL, result.stderr
    if moment == "set aside":
        assert not out.exists(), "killed between the two renames: the gap recovery closes"
    assert len(staging.recover(project)) == 1
    assert folder_bytes(out) == NEW_SET
    assert leftovers(project) == []


INTERACTIVE = "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
#: Ctrl-C in the middle of a commit (its own handler, as in a terminal: a process started in the background
#: inherits SIGINT ignored).
INTERRUPTED = WRITE_SET.replace(
    "from referrals import staging\n",
    "from referrals import staging\nimport os, signal\n"
    + INTERACTIVE
    + "staging.checkpoint = lambda moment: moment == 'journaled' and os.kill(os.getpid(), signal.SIGINT)\n",
)


def test_signals_wait_until_the_swap_is_done(project):
    out = project / "output" / "set"
    staging.write_folder(out, {out / name: data for name, data in OLD_SET.items()})
    result = run(["-c", INTERRUPTED, "exchange"], project)
    assert result.returncode == -signal.SIGINT and "KeyboardInterrupt" in result.stderr, "delivered after the swap"
    assert folder_bytes(out) == NEW_SET
    assert leftovers(project) == []


def test_a_folder_of_folders_has_its_files_renamed_one_by_one(project):
    """output/ holds other outputs' folders (written meanwhile by others): a set there swaps files, not output/."""
    (project / "output" / "notebooks").mkdir(parents=True)
    inode = (project / "output").stat().st_ino
    staging.write_set({project / "output" / "a.db": b"1", project / "output" / "b.json": b"2"})
    assert (project / "output").stat().st_ino == inode and (project / "output" / "notebooks").is_dir()
    assert (project / "output" / "a.db").read_bytes() == b"1" and leftovers(project) == []


def test_a_whole_folder_keeps_nothing_it_was_not_given_and_a_failed_block_changes_nothing(project):
    out = project / "output" / "whole"
    staging.write_folder(out, {out / name: data for name, data in OLD_SET.items()})
    with pytest.raises(RuntimeError), staging.replacing_folder(out) as new:
        (new / "half.html").write_text("half")
        raise RuntimeError("the build failed half-way")
    assert folder_bytes(out) == OLD_SET and leftovers(project) == []
    with staging.replacing_folder(out) as new:
        (new / "sub").mkdir()
        (new / "sub" / "page.html").write_text("new")
    assert [p.relative_to(out).as_posix() for p in sorted(out.rglob("*"))] == ["sub", "sub/page.html"]
    assert leftovers(project) == []


@pytest.fixture
def umask_027():
    previous = os.umask(0o027)
    yield 0o640
    os.umask(previous)


def test_every_file_written_has_the_one_mode_the_umask_gives(project, umask_027):
    """A set, a database (sqlite makes its own files) and a single file: one mode, the one the user's umask sets."""
    from referrals import database

    out = project / "output"
    staging.write_set({out / "set" / "a.csv": b"1"})
    database.write(out / "x.db", [])
    staging.write_file(out / "single.txt", b"1")
    modes = {
        p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in (out / "set" / "a.csv", out / "x.db", out / "single.txt")
    }
    assert set(modes.values()) == {oct(umask_027)}, modes


def test_recovery_leaves_a_live_transaction_alone(project):
    txn = staging.Transaction.create(project)
    txn.stage({project / "output" / "live.csv": b"x\n"})
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert staging.recover(project) == [] and txn.path.exists(), "its owner (this process) holds the lock"
    finally:
        holder.kill()
    txn.discard()
    assert leftovers(project) == []


@pytest.mark.slow
@pytest.mark.long
def test_a_notebook_failing_late_changes_none_of_its_figures(tmp_path):
    """A failure after the figure was saved leaves its files as they were."""
    root = copy_project(tmp_path / "project", with_figures=True)
    nb_path = root / "notebooks" / "06-psni.ipynb"
    nb = json.loads(nb_path.read_text())
    cell = {"cell_type": "code", "execution_count": None, "id": "late", "metadata": {}, "outputs": []}
    nb["cells"].append({**cell, "source": "raise RuntimeError('late failure')"})
    nb_path.write_text(json.dumps(nb))
    edit_cell("sources.csv", "detail-2023-psni", "outlet", "The Detail (changed)")(root / "data" / "raw")
    manifest.stamp(root / "data" / "raw")
    assert run(["-m", "referrals", "build-data"], root).returncode == 0
    before = tree_digest(root / "figures")
    result = run(["-m", "referrals.runner", "--only", "06-psni", "-p", "output_dir", "figures"], root)
    assert result.returncode == 1 and "late failure" in result.stderr, result.stderr
    assert tree_digest(root / "figures") == before
    assert leftovers(root) == []


def output_sets(root, names=FIGURES):
    """Each output set's hashes: every figure's files, the fact-check's, and data/processed/ as a whole."""
    figures = tree_digest(root / "figures")
    checks = tree_digest(root / "output" / "fact-check")
    sets = {name: tuple(figures.get(name + fmt) for fmt in FORMATS) for name in names}
    sets["fact-check"] = tuple(checks.get("fact-check" + fmt) for fmt in FORMATS)
    sets["ledger"] = tuple(checks.get(n) for n in ("ledger.csv", "comparisons.csv", "report.md", "claimreview.json"))
    sets["data/processed"] = tuple(sorted(tree_digest(root / "data" / "processed").items()))
    return sets


def set_data(root, outlet_suffix):
    """Two known data states: every source's outlet name, with or without a suffix (it shows in every figure)."""
    raw = root / "data" / "raw"
    for source in ("detail-2023", "detail-2023-psni", "nipb-2023", "ferret-2023", "newstatesman-2022"):
        outlets = {r.split(",")[0]: r for r in (raw / "sources.csv").read_text().splitlines()}
        name = outlets[source].split(",")[1].removesuffix(" (test)")
        edit_cell("sources.csv", source, "outlet", name + outlet_suffix)(raw)
    manifest.stamp(raw)


# When to send the signal (seconds after the start, or once N notebooks have run), which signal, and whether
# to the whole process group (like Ctrl-C in a terminal) or to the runner alone (like `kill PID`).
KILLS = [(0.5, signal.SIGKILL, True), ("1 ran", signal.SIGINT, True), ("2 ran", signal.SIGTERM, False),
         ("3 ran", signal.SIGKILL, False)]  # fmt: skip
#: The build the kills interrupt: the data notebook, three figures' notebooks and the ledger (five notebooks, every
#: kind of output set; the other notebooks are removed from the copy, which makes each trial quicker).
KILLED_NOTEBOOKS = ("01-data", "02-headline", "03-crime-types", "06-psni", "09-fact-check")
KILLED_FIGURES = ("headline", "crime-types", "psni")


def wait_for(proc, moment):
    """Sleep some seconds, or read the progress lines until N notebooks have run."""
    if isinstance(moment, float):
        time.sleep(moment)
        return
    wanted = int(moment.split()[0])
    for line in proc.stdout:
        wanted -= ": ran in " in line
        if wanted <= 0:
            return


@pytest.mark.slow
@pytest.mark.long
def test_killing_a_build_at_any_moment_leaves_every_set_wholly_old_or_wholly_new(built_project, tmp_path):
    root = shutil.copytree(built_project[0], tmp_path / "project", symlinks=True)
    for notebook in (root / "notebooks").glob("*.ipynb"):
        if notebook.stem not in KILLED_NOTEBOOKS:
            notebook.unlink()
    old = output_sets(root, KILLED_FIGURES)
    snapshots = []
    for trial, (moment, sig, group) in enumerate(KILLS):
        set_data(root, " (test)" if trial % 2 == 0 else "")  # each build swaps sets the other way
        proc = subprocess.Popen(
            [sys.executable, "-m", "referrals.runner", "--force"],
            cwd=root,
            env=project_environment(root),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        wait_for(proc, moment)
        os.killpg(proc.pid, sig) if group else os.kill(proc.pid, sig)
        _, err = proc.communicate(timeout=120)
        if sig != signal.SIGKILL and proc.returncode != 0:
            assert proc.returncode == 128 + sig and "interrupted" in err and "Traceback" not in err, err
            assert leftovers(root) == [], "an interrupt cleans up after itself"
        time.sleep(1.5)  # a killed runner's kernels notice within a second and exit
        staging.recover(root)  # what the next build does first
        snapshots.append((trial, output_sets(root, KILLED_FIGURES)))
    set_data(root, " (test)")
    final = run(["-m", "referrals.runner", "--force"], root)
    assert final.returncode == 0, final.stderr
    new = output_sets(root, KILLED_FIGURES)
    assert leftovers(root) == []
    for trial, snapshot in snapshots:
        for name, hashes in snapshot.items():
            assert hashes in (old[name], new[name]), f"trial {trial} {KILLS[trial]}: {name} is a mix"
    assert all(new[name] != old[name] for name in new), "every set differs between the two states"
