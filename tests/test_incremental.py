"""Incremental builds that cannot lie: a change re-runs exactly the notebooks that depend on it.

Each notebook's inputs are derived, not listed: its own file and parameters; data/raw/ for the data
notebook and data/processed/ for the others; the claims files it is given; the referrals modules it
imports, followed through the package's imports; the pinned requirements.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, run

from referrals import manifest

ALL = {p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")}  # every notebook the build runs


def stale(root) -> set[str]:
    """The notebooks the runner would run now (its own test, `incremental.up_to_date`), without running them: for
    changes that reach every notebook, where running all eleven would only prove the same thing slower."""
    from referrals.incremental import up_to_date

    return {nb.stem for nb in sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb")) if not up_to_date(root, nb, {})}


def ran(result) -> set[str]:
    assert result.returncode == 0, result.stderr[-3000:]
    return set(re.findall(r"\] ([0-9]{2}-[a-z-]+): ran in", result.stdout))


@pytest.mark.slow
def test_with_no_change_nothing_runs(built_copy):
    assert stale(built_copy) == set()
    assert ran(run(["-m", "referrals.runner"], built_copy)) == set()


@pytest.mark.slow
@pytest.mark.long  # runs notebooks again, outside the shared build: make test-long
def test_a_raw_change_that_leaves_the_processed_tables_alone_reruns_only_the_data_notebook(built_copy):
    """Rows moved in figures.csv: a stamped change, but data/processed/ is sorted, so only 01 can differ."""
    path = built_copy / "data" / "raw" / "figures.csv"
    header, *rows = path.read_text().splitlines(keepends=True)
    path.write_text("".join([header, rows[-1], *rows[:-1]]))
    manifest.stamp(path.parent)
    assert ran(run(["-m", "referrals.runner"], built_copy)) == {"01-data"}


@pytest.mark.slow
def test_a_raw_vocabulary_change_reruns_every_notebook_that_reads_it(built_copy):
    """measures.csv reaches the charts' words directly, not through data/processed/."""
    path = built_copy / "data" / "raw" / "measures.csv"
    path.write_text(path.read_text() + "\n")
    manifest.stamp(path.parent)
    assert stale(built_copy) == ALL


@pytest.mark.slow
def test_a_changed_module_makes_stale_only_the_notebooks_that_import_it(built_copy):
    """processed.py is imported by 01 alone (the fast check; the build that stops after 01, because 01 changes no
    output, is the raw change's test above, and this change's own run is in the long tier, below)."""
    module = built_copy / "src" / "referrals" / "processed.py"
    module.write_text(module.read_text() + "\n# a comment\n")
    assert stale(built_copy) == {"01-data"}


@pytest.mark.long
@pytest.mark.slow
def test_a_changed_module_reruns_the_notebooks_that_import_it(built_copy):
    """processed.py is imported by 01 alone; a comment changes no output, so nothing after 01 runs."""
    module = built_copy / "src" / "referrals" / "processed.py"
    module.write_text(module.read_text() + "\n# a comment\n")
    assert ran(run(["-m", "referrals.runner"], built_copy)) == {"01-data"}


@pytest.mark.slow
def test_a_changed_chart_module_reruns_every_notebook_that_reaches_it(built_copy):
    """charts.py is reached by every notebook (through notebook.py and the registry), 01 included."""
    charts = built_copy / "src" / "referrals" / "charts.py"
    charts.write_text(charts.read_text() + "\n# a comment\n")
    assert stale(built_copy) == ALL


@pytest.mark.slow
@pytest.mark.long  # runs notebooks again, outside the shared build: make test-long
def test_a_changed_claims_file_reruns_only_the_fact_check(built_copy):
    claims = built_copy / "claims" / "follow-up-reporting.csv"
    claims.write_text(claims.read_text() + "\n")
    assert ran(run(["-m", "referrals.runner"], built_copy)) == {"09-fact-check"}


def test_every_module_a_notebook_reaches_is_an_input():
    """Subpackages, function-level imports and the packages' __init__ files are followed."""
    from referrals import incremental

    package = ROOT / "src" / "referrals"
    files = {
        p.relative_to(package).as_posix()
        for p in incremental.imported_module_files(package, ROOT / "notebooks" / "01-data.ipynb")
    }
    assert {"__init__.py", "notebook.py", "processed.py", "foi.py", "release/__init__.py", "release/loader.py"} <= files
    assert "site.py" not in files and "runner.py" not in files
