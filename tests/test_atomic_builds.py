"""A failed, interrupted or killed build leaves every output set wholly old or wholly new.

A set is one figure's files (png, svg, html, vl.json, csv), the ledger with its report, or
data/processed/ as a whole. Sets are staged and swapped in with a journal (staging.py).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
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


CRASH = """
import os, signal, sys
from pathlib import Path
from referrals import staging
when, after = sys.argv[1], int(sys.argv[2])
out = Path("output/set")
calls = []
real_replace = os.replace
def replace(src, dst):
    if Path(src).parent.name != staging.AREA and "journal" not in str(dst):
        calls.append(dst)
        if when == "swap" and len(calls) > after:
            os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(src, dst)
staging.os.replace = replace
if when == "staged":
    staging.Transaction.commit = lambda self: os.kill(os.getpid(), signal.SIGKILL)
staging.write_set({out / f"{n}.csv": b"new\\n" for n in "abcd"})
"""


INTERACTIVE = "signal.signal(signal.SIGINT, signal.default_int_handler)\n"


@pytest.mark.parametrize("when,after,expected", [("staged", 0, b"old\n"), ("swap", 2, b"new\n")])
def test_a_swap_killed_half_way_is_rolled_forward_and_one_never_begun_is_discarded(project, when, after, expected):
    out = project / "output" / "set"
    staging.write_set({out / f"{n}.csv": b"old\n" for n in "abcd"})
    result = run(["-c", CRASH, when, str(after)], project)
    assert result.returncode == -signal.SIGKILL, result.stderr
    if when == "swap":
        assert {p.read_bytes() for p in out.iterdir()} == {b"old\n", b"new\n"}, "killed between two renames"
    assert len(staging.recover(project)) == 1
    assert {p.read_bytes() for p in out.iterdir()} == {expected}
    assert leftovers(project) == []


def test_signals_wait_until_the_swap_is_done(project):
    out = project / "output" / "set"
    staging.write_set({out / f"{n}.csv": b"old\n" for n in "abcd"})
    script = CRASH.replace("os.kill(os.getpid(), signal.SIGKILL)", "os.kill(os.getpid(), signal.SIGINT)")
    # Ctrl-C's own handler, as in a terminal: a process started in the background inherits SIGINT ignored
    script = script.replace("from referrals import staging\n", "from referrals import staging\n" + INTERACTIVE)
    result = run(["-c", script, "swap", "0"], project)
    assert result.returncode == -signal.SIGINT and "KeyboardInterrupt" in result.stderr, "delivered after the swap"
    assert {p.read_bytes() for p in out.iterdir()} == {b"new\n"}
    assert leftovers(project) == []


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
