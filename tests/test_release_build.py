"""From a Home Office release to every figure: `make figures RELEASE=path`, the cross-check, and a page per force.

The release is SYNTHETIC and written without the project's generator (release_fixture.py): 45 forces and no force
recorded by nine crime types, title rows, a Total row and column, West Midlands changed by one from its published
count (another force, nobody itemised, changed the other way).
"""

from __future__ import annotations

import csv
import json

import pytest
from conftest import copy_project, run, tree_digest
from release_fixture import write_release

from referrals import registry


@pytest.fixture(scope="module")
def release_build(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("release") / "project", with_figures=True)
    (root / "output").mkdir(exist_ok=True)
    release = write_release(root, root / "output" / "SYNTHETIC-west-midlands.xlsx", change="west-midlands")
    before = {"figures": tree_digest(root / "figures"), "data": tree_digest(root / "data")}
    result = run(["-m", "referrals.runner", "--release", str(release)], root)
    return root, release, before, result


def _rows(path):
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.slow
@pytest.mark.long
def test_every_figure_is_drawn_from_the_release_under_output_release(release_build):
    root, _, _, result = release_build
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    folder = root / "output" / "release" / "figures"
    expected = [n for n in registry.names("release") if n not in ("months", "fact-check")]
    for name in expected:
        spec = (folder / f"{name}.vl.json").read_text()
        assert "SYNTHETIC" in spec, f"{name}: every chart drawn from a SYNTHETIC release says so"
        assert "SYNTHETIC-west-midlands.xlsx" in spec, f"{name}: the chart names the release as its source"
    forces = _rows(folder / "forces.csv")
    assert len([r for r in forces if r["kind"] == "itemised"]) == 45, "all 45 forces, no remainder"
    assert not [r for r in forces if r["kind"] == "remainder (derived)"]
    assert {r["name"]: r["value"] for r in forces}["West Midlands Police"] == "223"


@pytest.mark.slow
@pytest.mark.long
def test_the_cross_check_flags_exactly_the_changed_force_among_the_detail_figures(release_build):
    root, _, _, result = release_build
    assert result.returncode == 0, result.stderr[-2000:]
    rows = {r["figure_id"]: r for r in _rows(root / "output" / "release" / "cross-check.csv")}
    detail = [r for r in rows.values() if r["source"].startswith("The Detail (with the Guardian)")]
    flagged = [r["figure_id"] for r in detail if r["verdict"] in ("contradicted", "inconsistent across sources")]
    assert flagged == ["detail_force_west_midlands"]
    assert rows["ferret_uk_more_than_2000"]["verdict"] == "consistent with rounding or wording"
    assert rows["ferret_scotland_over_200"]["verdict"] == "consistent with rounding or wording"
    assert rows["ns_total"]["relation"] == "another request"
    assert (root / "output" / "release" / "cross-check.md").read_text().startswith("# Cross-check")


@pytest.mark.slow
@pytest.mark.long
def test_figures_and_data_are_untouched_by_a_release_build(release_build):
    root, _, before, result = release_build
    assert result.returncode == 0
    assert tree_digest(root / "figures") == before["figures"]
    assert tree_digest(root / "data") == before["data"]


@pytest.mark.slow
@pytest.mark.long
def test_the_ledger_holds_claims_against_the_release_too(release_build):
    root, _, _, _ = release_build
    folder = root / "output" / "release" / "fact-check"
    compared = _rows(folder / "comparisons.csv")
    met = [r for r in compared if r["claim_id"] == "justicegap-460-metropolitan" and r["figure"].startswith("release:")]
    assert met and met[0]["outcome"] == "agrees", "the Met's 460 is held against the release's own count"
    doc = json.loads((folder / "claimreview.json").read_text())
    assert all(item["@type"] == "ClaimReview" for item in doc["@graph"])


def test_the_force_batch_plans_a_page_for_each_of_the_45_forces():
    from conftest import ROOT

    from referrals import forcebatch
    from referrals.errors import ParameterError

    every = forcebatch.planned_forces(ROOT)
    assert len(every) == 45 and "not-recorded" not in every and every["police-scotland"] == "Police Scotland"
    assert forcebatch.planned_forces(ROOT, ["Kent Police", "met"]) == {
        "kent": "Kent Police",
        "metropolitan": "Metropolitan Police Service",
    }
    with pytest.raises(ParameterError, match="^FORCES: value .Atlantis."):
        forcebatch.planned_forces(ROOT, ["Atlantis"])


@pytest.mark.slow
@pytest.mark.long
def test_a_page_per_force_with_and_without_a_release(release_build):
    """A few forces' pages (the whole batch is the same notebook 45 times: `make force-pages` and the bench)."""
    root, release, _, _ = release_build
    folder = root / "output" / "forces"
    for forces, args in (("kent,police-scotland", []), ("kent", ["--release", str(release)])):
        result = run(["-m", "referrals.forcebatch", "--jobs", "2", "--forces", forces, *args], root)
        assert result.returncode == 0, result.stderr[-2000:]
        pages = sorted(p.stem for p in folder.glob("*.html"))
        assert pages == sorted(["index", *forces.split(",")]), "the folder is replaced as a whole"
        kent = (folder / "kent.html").read_text()
        if args:
            assert "From the Home Office release" in kent and "of 45 forces" in kent
        else:
            assert "No published source itemises Kent Police" in kent and "Freedom of Information Act 2000" in kent
            scotland = (folder / "police-scotland.html").read_text()
            assert "Freedom of Information (Scotland) Act 2002" in scotland


@pytest.mark.slow
def test_a_malformed_release_is_refused_before_anything_is_written(tmp_path):
    root = copy_project(tmp_path / "project", with_figures=True)
    bad = root / "output" / "SYNTHETIC-bad.csv"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("Force,Modern slavery\nAtlantis Police,3\n")
    before = {"figures": tree_digest(root / "figures"), "data": tree_digest(root / "data")}
    for args in (["--release", str(bad)], ["--only", "01-data", "-p", "release", str(bad)]):
        result = run(["-m", "referrals.runner", *args], root)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "Atlantis Police" in result.stderr and "Traceback" not in result.stderr
    assert tree_digest(root / "figures") == before["figures"] and tree_digest(root / "data") == before["data"]


@pytest.mark.slow
@pytest.mark.long
def test_a_release_build_with_nothing_changed_runs_nothing_and_keeps_its_own_records(release_build):
    root, release, _, first = release_build
    again = run(["-m", "referrals.runner", "--release", str(release)], root)
    ran = len(list((root / "notebooks").glob("[0-9][0-9]-*.ipynb")))
    assert again.returncode == 0 and again.stdout.count("unchanged, skipped") == ran, again.stdout
    records = sorted(p.name for p in (root / "output" / ".build").glob("*.json"))
    assert len([r for r in records if r.startswith("02-headline-")]) == 1, "the release build's own record"
