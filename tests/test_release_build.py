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
from release_fixture import write_home_office_release, write_release

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
    ran += len([p for p in (root / "notebooks" / "release").glob("*.ipynb") if p.stem != "force-page"])
    assert again.returncode == 0 and again.stdout.count("unchanged, skipped") == ran, again.stdout
    records = sorted(p.name for p in (root / "output" / ".build").glob("*.json"))
    assert len([r for r in records if r.startswith("02-headline-")]) == 1, "the release build's own record"


# --- a release shaped as a Home Office answer (issue 20's "done when") ---------------------------------------------


@pytest.fixture(scope="module")
def home_office_build(tmp_path_factory):
    """A cover sheet, a table by force with financial-year columns and a table by crime type, Home Office spellings,
    note markers and zeros left blank, every total The Detail's: built with `make figures RELEASE=`."""
    root = copy_project(tmp_path_factory.mktemp("home-office") / "project", with_figures=True)
    (root / "output").mkdir(exist_ok=True)
    release = write_home_office_release(root, root / "output" / "SYNTHETIC-home-office.xlsx")
    result = run(["-m", "referrals.runner", "--release", str(release)], root)
    return root, release, result


@pytest.mark.slow
@pytest.mark.long
def test_a_home_office_shaped_release_builds_every_figure_its_tables_support(home_office_build):
    root, _, result = home_office_build
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    folder = root / "output" / "release" / "figures"
    drawn = sorted(p.stem.removesuffix(".vl") for p in folder.glob("*.vl.json"))
    assert drawn == ["crime-types", "forces", "headline", "infographic", "months"], drawn
    forces = _rows(folder / "forces.csv")
    assert len([r for r in forces if r["kind"] == "itemised"]) == 45 and not [
        r for r in forces if "remainder" in r["kind"]
    ]
    assert {r["label"] for r in _rows(folder / "months.csv")} == {"2020/21", "2021/22", "2022/23"}
    executed = (root / "output" / "release" / "notebooks" / "force-crime-types.ipynb").read_text()
    assert "needs a table by force and crime type together (a cross-tab)" in executed
    assert "has 2 tables, by force and period; by crime type" in executed


@pytest.mark.slow
@pytest.mark.long
def test_the_cross_check_confirms_every_figure_of_the_detail_the_tables_speak_to(home_office_build):
    root, _, result = home_office_build
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [r for r in _rows(root / "output" / "release" / "cross-check.csv") if r["figure_id"].startswith("detail_")]
    spoken = {r["figure_id"]: r["verdict"] for r in rows if r["verdict"] != "not covered"}
    # a figure printed in words only ('almost 1 in 20', no number) can at best fit its words; every number is confirmed
    figures = _rows(root / "data" / "raw" / "figures.csv")
    in_words = {f["figure_id"] for f in figures if not f["value"].strip()}
    assert {v for f, v in spoken.items() if f not in in_words} == {"confirmed"}, spoken
    assert {v for f, v in spoken.items() if f in in_words} <= {"confirmed", "consistent with rounding or wording"}
    expected = {"detail_total", "detail_forces_uk", "detail_forces_england_wales"}
    expected |= {f"detail_ct_{ct}" for ct in ("modern_slavery", "domestic_abuse", "unspecified", "forced_marriage")}
    expected |= {f"detail_force_{f}" for f in ("metropolitan", "west_midlands", "police_scotland", "not_recorded")}
    assert expected <= set(spoken), expected - set(spoken)
    not_covered = {r["figure_id"] for r in rows if r["verdict"] == "not covered"}
    assert not_covered == set(), "the two tables speak to every number The Detail printed (none needs a cross-tab)"


def test_the_same_release_with_one_force_changed_by_one_flags_exactly_that_force(tmp_path):
    from conftest import ROOT, run_in_process

    release = write_home_office_release(ROOT, tmp_path / "SYNTHETIC-home-office-wm.xlsx", change="west-midlands")
    result = run_in_process(
        ["-m", "referrals", "load-foi", str(release), "--out", str(tmp_path / "SYNTHETIC-tidy.csv")], ROOT
    )
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr
    flagged = [line.split(":", 1)[1].strip() for line in result.stdout.splitlines() if "CONTRADICTED:" in line]
    detail = [f for f in flagged if "(The Detail and the Guardian, " in f]
    assert len(detail) == 1 and detail[0].startswith("Victims referred: West Midlands Police ("), flagged
    assert "published 222; release 223" in result.stdout


def test_a_release_whose_blanks_are_not_proven_keeps_them_unknown_and_says_so(tmp_path):
    from conftest import ROOT, run_in_process

    release = write_home_office_release(ROOT, tmp_path / "SYNTHETIC-home-office-blanks.xlsx", blanks="unproven")
    result = run_in_process(
        ["-m", "referrals", "load-foi", str(release), "--out", str(tmp_path / "SYNTHETIC-tidy.csv")], ROOT
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert "52 unknown (suppressed, or blank and not proven zero)" in result.stdout
    assert "52 blank cells kept unknown: no total of the table proves them zero" in result.stdout
    tidy = _rows(tmp_path / "SYNTHETIC-tidy.csv")
    blanks = [r for r in tidy if r["marker"] == "(blank)"]
    assert len(blanks) == 52 and all(r["value"] == "" and r["suppressed"] == "yes" for r in blanks)
