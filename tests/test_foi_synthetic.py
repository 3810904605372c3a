"""The SYNTHETIC demonstration release, and one table loaded whole from an xlsx, a pivot export and a PDF letter."""

from __future__ import annotations

import csv
import hashlib

import openpyxl
import pandas as pd
import pytest
from conftest import ROOT, run, run_in_process, tree_digest
from test_foi_layouts import write_pdf_letter

from referrals import foi, vocab
from referrals.__main__ import main
from referrals.release import synthetic
from referrals.release.cells import marker_limit
from referrals.sources import load_raw


@pytest.fixture(scope="module")
def figures():
    return load_raw().figures.set_index("figure_id")["value"]


@pytest.fixture(scope="module")
def counts():
    return synthetic.synthetic_counts()


def _stated(release, force="", crime_type="", period=""):
    t = release.totals
    match = t[(t["force"] == force) & (t["crime_type"] == crime_type) & (t["period"] == period)]
    assert len(match) == 1, (force, crime_type, period, match)
    return match.iloc[0]


def sum_range(values, markers):
    """(lowest, highest) sum of cells: each unknown cell adds 0 up to its mark's limit (None: unbounded)."""
    low = float(pd.Series(values).sum())
    limits = [marker_limit(m) for m in markers]
    return low, None if None in limits else low + sum(limits)


def test_synthetic_counts_reproduce_the_published_figures(counts, figures):
    assert counts["value"].sum() == figures["detail_total"] == 2672
    by_type = counts.groupby("crime_type")["value"].sum()
    for ct in vocab.foi_crime_types():
        assert by_type[ct] == figures[f"detail_ct_{ct.replace('-', '_')}"], ct
    by_force = counts.groupby("force")["value"].sum()
    for fid in [f for f in figures.index if f.startswith("detail_force_")]:
        geography = load_raw().figure(fid)["geography"]
        assert by_force[geography] == figures[fid], fid
    assert set(by_force.index) == set(synthetic.territorial_forces()) | {"not-recorded"}
    assert len(by_force) == 46 and "british-transport-police" not in by_force and by_force.min() >= 1
    cells = counts.set_index(["force", "crime_type"])["value"]
    for ct in ("domestic-abuse", "human-trafficking", "modern-slavery", "child-sexual-exploitation"):
        fid = f"ferret_scotland_{ct.replace('-', '_')}"
        assert cells["police-scotland", ct] == figures[fid], fid
    for ct in ("human-trafficking", "modern-slavery", "domestic-abuse"):
        assert cells["psni", ct] >= figures[f"psni_ct_{ct.replace('-', '_')}"], ct


def test_synthetic_release_loads_with_the_published_totals(tmp_path, counts, figures, capsys):
    """The command's entry point, in this process (the command as a process: the test below)."""
    out = tmp_path / "SYNTHETIC-foi-release.xlsx"
    assert main(["synthetic-release", "--out", str(out)]) == 0
    assert "SYNTHETIC" in capsys.readouterr().out
    release = foi.load_release(out)
    assert release.synthetic and any("SYNTHETIC" in t for t in release.title)
    assert any("SYNTHETIC" in n for n in release.notes) and release.period == ("2020-05", "2022-09")
    assert release.sheets == ["Table 1"] and any("'Cover'" in n and "skipped" in n for n in release.notes)
    assert not (release.totals["status"] == "disagrees").any()
    assert _stated(release)["stated"] == 2672
    for ct in vocab.foi_crime_types():
        assert _stated(release, crime_type=ct)["stated"] == figures[f"detail_ct_{ct.replace('-', '_')}"]
    assert _stated(release, force="metropolitan")["stated"] == figures["detail_force_metropolitan"]
    assert _stated(release, force="not-recorded")["stated"] == figures["detail_force_not_recorded"]
    t = release.tidy
    low, high = sum_range(t["value"].to_numpy(dtype=float), list(t.loc[t["suppressed"], "marker"]))
    assert low < 2672 and (high is None or high >= 2672), "suppressed cells are in the Totals, not the cells"
    true = counts.set_index(["force", "crime_type"])["value"]
    for r in t.itertuples():
        value = true.get((r.force, r.crime_type), 0)
        assert (1 <= value <= 4) if r.suppressed else r.value == value, r
    assert t["force_as_given"].nunique() == 46 and set(t["force_as_given"]) != set(vocab.geographies().names.values())


def test_synthetic_release_is_the_same_bytes_every_run(tmp_path):
    out = tmp_path / "SYNTHETIC-again.xlsx"
    result = run(["-m", "referrals", "synthetic-release", "--out", str(out), "--months"], ROOT)
    assert result.returncode == 0, result.stderr
    assert (
        hashlib.sha256(out.read_bytes()).hexdigest()
        == hashlib.sha256(synthetic.synthetic_workbook("columns")).hexdigest()
    )
    assert synthetic.synthetic_workbook() == synthetic.synthetic_workbook()


@pytest.mark.parametrize("months", ["columns", "rows"])
def test_synthetic_release_by_month(tmp_path, months, figures):
    out = synthetic.write_synthetic_release(tmp_path / f"SYNTHETIC-{months}.xlsx", months)
    release = foi.load_release(out)
    t = release.tidy
    assert sorted(set(t["period_start"]))[0] == "2020-05" and sorted(set(t["period_end"]))[-1] == "2022-09"
    assert len(set(t["period_start"])) == 29 and len(t) == 46 * 9 * 29 and (t["period_start"] == t["period_end"]).all()
    assert not (release.totals["status"] == "disagrees").any(), release.notes
    assert _stated(release)["stated"] == figures["detail_total"]
    report = foi.cross_check(release)
    assert _unexplained(foi.disagreements(report), load_raw().figures) == []
    assert report.set_index("figure_id").loc["detail_total", "verdict"] == "confirmed"


def _unexplained(disagreements, published) -> list[str]:
    """Disagreements the published figures do not have among themselves.

    The SYNTHETIC release reproduces every published figure it can. Where two published figures of the same count
    disagree (say The Ferret's Police Scotland total against The Detail's), no release can match both: the
    disagreement must then side with another published figure of the same measure, place and crime type."""
    unexplained = []
    for _, row in disagreements.iterrows():
        figure = published[published["figure_id"] == row["figure_id"]].iloc[0]
        same_count = published[
            (published["measure"] == figure["measure"])
            & (published["geography"] == figure["geography"])
            & (published["crime_type"] == figure["crime_type"])
            & (published["figure_id"] != figure["figure_id"])
        ]
        if not (same_count["value"] == float(row["release"])).any():
            unexplained.append(f"{row['figure_id']}: published {row['published']}, release {row['release']}")
    return unexplained


def test_a_disagreement_is_explained_only_by_a_published_figure_of_the_same_count():
    published = load_raw().figures
    value = published.set_index("figure_id")["value"]
    detail_says = int(value["detail_force_police_scotland"])  # The Detail's count of the same force
    sides_with_detail = {"figure_id": "ferret_scotland_total", "published": detail_says + 1, "release": detail_says}
    met = int(value["detail_force_metropolitan"])
    sides_with_nobody = {"figure_id": "detail_force_metropolitan", "published": met, "release": met + 1}
    assert _unexplained(pd.DataFrame([sides_with_detail]), published) == []
    assert _unexplained(pd.DataFrame([sides_with_nobody]), published) == [
        f"detail_force_metropolitan: published {met}, release {met + 1}"
    ]


def test_synthetic_release_refuses_a_name_without_synthetic_and_data_raw(tmp_path):
    before = tree_digest(ROOT / "data" / "raw")
    for out in (tmp_path / "foi-release.xlsx", "data/raw/SYNTHETIC-foi-release.xlsx"):
        result = run_in_process(["-m", "referrals", "synthetic-release", "--out", str(out)], ROOT)
        assert result.returncode == 2 and "--out" in result.stderr and "Traceback" not in result.stderr, result
    assert not (tmp_path / "foi-release.xlsx").exists() and tree_digest(ROOT / "data" / "raw") == before


# One table, three shapes ----------------------------------------------------------------------------------------------


def _wide(counts):
    names = vocab.crime_types().names
    types = vocab.foi_crime_types()
    cells = counts.set_index(["force", "crime_type"])["value"]
    rows = [["Police force", *(names[ct] for ct in types)]]
    for force, given in dict.fromkeys(zip(counts["force"], counts["force_as_given"])):
        rows.append([given, *(int(cells.get((force, ct), 0)) for ct in types)])
    return rows


def _pivot(counts):
    names = vocab.crime_types().names
    rows, last = [["Police force", "Crime type", "Number of victims"]], None
    for r in counts.itertuples(index=False):
        rows.append(["" if r.force == last else r.force_as_given, names[r.crime_type], int(r.value)])
        last = r.force
    return rows


def test_the_same_table_loads_whole_as_xlsx_pivot_export_and_pdf_letter(tmp_path, counts):
    title = ["SYNTHETIC: the generator's table, not the Home Office release"]
    book = openpyxl.Workbook()
    for row in [title, [], *_wide(counts)]:
        book.active.append(row)
    book.save(tmp_path / "SYNTHETIC-table.xlsx")
    with (tmp_path / "SYNTHETIC-pivot.csv").open("w", newline="") as fh:
        csv.writer(fh).writerows([title, *_pivot(counts)])
    write_pdf_letter(tmp_path / "SYNTHETIC-letter.pdf", _wide(counts), font_size=6)
    loaded = {}
    for name in ("SYNTHETIC-table.xlsx", "SYNTHETIC-pivot.csv", "SYNTHETIC-letter.pdf"):
        release = foi.load_release(tmp_path / name)
        assert release.tidy["value"].sum() == 2672 and not release.tidy["suppressed"].any(), name
        loaded[name] = release.tidy[release.tidy["value"] > 0].set_index(["force", "crime_type"])["value"]
    expected = counts.set_index(["force", "crime_type"])["value"].astype(float).sort_index()
    for name, values in loaded.items():
        assert values.sort_index().equals(expected), name
