"""Parameters are validated before any work: unknown names and bad values stop the run with one message."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT, copy_project, run, run_in_process, tree_digest

from referrals import params
from referrals.errors import ParameterError


def refused(notebook, **values):
    with pytest.raises(ParameterError) as err:
        params.validate(notebook, values)
    return str(err.value)


def test_defaults_validate_for_every_notebook():
    for name in params.SPECS:
        if name == "09-fact-check":
            continue  # needs the claims file on disk: covered by the fact-check tests
        assert params.validate(name, {}) == {k: p.check(k, p.default) for k, p in params.spec(name).items()}


def test_unknown_name_is_refused_with_a_suggestion():
    msg = refused("04-forces", hightlight_force="West Midlands")
    assert "parameter hightlight_force: unknown for notebook 04-forces" in msg
    assert "did you mean 'highlight_force'" in msg and "allowed: period_start" in msg


def test_unknown_force_names_the_value_and_the_closest_forces():
    msg = refused("04-forces", highlight_force="West Midland Constabulary")
    assert "parameter highlight_force: value 'West Midland Constabulary'" in msg and "west-midlands" in msg


def test_end_before_start():
    msg = refused("02-headline", period_start="2022-01", period_end="2021-06")
    assert "parameter period_end: value '2021-06' is before period_start '2022-01'" in msg


@pytest.mark.parametrize("value", [-1, "three", True, 2.5])
def test_bad_counts(value):
    assert "parameter top_forces" in refused("04-forces", top_forces=value)


def test_more_forces_than_the_data_itemise_is_refused_by_the_data():
    from referrals import registry
    from referrals.sources import load_raw

    with pytest.raises(ParameterError) as err:
        registry.build("forces", load_raw(ROOT / "data" / "raw"), {"top_forces": 6})
    assert "parameter top_forces: value 6 is more than the 5 forces the data itemise; allowed: 0 to 5" in str(err.value)


def test_unknown_crime_type_and_duplicates():
    assert "did you mean Human trafficking" in refused("03-crime-types", crime_types=["human trafficing"])
    assert "listed twice" in refused("03-crime-types", crime_types="trafficking, human trafficking")
    assert "not one of the nine" in refused("03-crime-types", crime_types=["other crimes"])


def test_lists_and_aliases_are_accepted_in_papermill_shapes():
    got = params.validate(
        "03-crime-types",
        {
            "crime_types": "trafficking, Domestic violence",
            "period_start": "2020-05",
            "period_end": "2022-09",
            "output_dir": "output/runs/mine",
        },
    )
    assert got["crime_types"] == ["human-trafficking", "domestic-abuse"]
    assert (got["period_start"], got["period_end"]) == ("2020-05", "2022-09")
    forces = {"highlight_force": "Met", "top_forces": "3", "output_dir": "output/runs/mine"}
    assert params.validate("04-forces", forces)["highlight_force"] == "metropolitan"


@pytest.mark.parametrize("value", [dt.date(2020, 5, 1), dt.datetime(2022, 9, 30)])
def test_months_are_text_not_dates(value):
    """A YAML date names a day; periods are months, given strictly as YYYY-MM."""
    assert "YYYY-MM text" in refused("03-crime-types", period_start=value)


@pytest.mark.parametrize(
    "name,value,phrase",
    [
        ("formats", ["png", "gif"], "allowed: a non-empty list of png"),
        ("formats", [], "non-empty"),
        ("output_dir", "data/raw/figures", "outputs go in a folder under output/"),
        ("period_start", "May 2020", "YYYY-MM"),
        ("period_start", "2020-13", "not a month"),
        ("sort", "alphabetical", "allowed: value, given"),
    ],
)
def test_bad_values(name, value, phrase):
    notebook = "03-crime-types"
    assert phrase in refused(notebook, **{name: value})


def test_a_period_with_no_published_figure_is_refused_clearly():
    from referrals import tables
    from referrals.sources import load_raw

    raw = load_raw(ROOT / "data" / "raw")
    with pytest.raises(ParameterError) as err:
        tables.crime_types(raw, "detail_total", start="2021-01", end="2021-12")
    assert "period_start/period_end" in str(err.value) and "2020-05..2022-09" in str(err.value)


def test_runner_refuses_bad_parameters_before_any_work():
    before = tree_digest(ROOT / "figures")
    for args, phrase in [
        (["-p", "hightlight_force", "West Midlands"], "parameter hightlight_force: unknown"),
        (["-p", "highlight_force", "Atlantis"], "parameter highlight_force: value 'Atlantis'"),
        (["-p", "period_start", "2022-09", "-p", "period_end", "2020-05"], "parameter period_end"),
        (["-p", "top_forces", "-2"], "parameter top_forces: value '-2'"),
    ]:
        result = run_in_process(["-m", "referrals.runner", "--only", "04-forces", *args], ROOT)
        assert result.returncode == 2, result.stderr
        assert phrase in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, "one message"
    assert tree_digest(ROOT / "figures") == before


def test_runner_refuses_parameters_for_the_full_build():
    result = run_in_process(["-m", "referrals.runner", "-p", "top_forces", "3"], ROOT)
    assert result.returncode == 2 and "need --only" in result.stderr


@pytest.mark.long
@pytest.mark.slow
def test_plain_papermill_refuses_an_unknown_name(tmp_path):
    root = copy_project(tmp_path / "project")
    out = tmp_path / "out.ipynb"
    result = run(
        [
            "-m",
            "papermill",
            "notebooks/04-forces.ipynb",
            str(out),
            "-k",
            "python3",
            "--cwd",
            "notebooks",
            "-p",
            "hightlight_force",
            "West Midlands",
            "-p",
            "output_dir",
            "output/figs",
        ],
        root,
    )
    assert result.returncode != 0
    assert "parameter hightlight_force: unknown for notebook 04-forces" in result.stderr + result.stdout
    assert not (root / "output" / "figs").exists(), "nothing is written after a bad parameter"


@pytest.mark.long
@pytest.mark.slow
def test_worked_example_with_plain_papermill(tmp_path):
    """README: highlight West Midlands among the top three, over the investigation's period."""
    root = copy_project(tmp_path / "project")
    figs = root / "output" / "west-midlands"
    result = run(
        [
            "-m",
            "papermill",
            "notebooks/04-forces.ipynb",
            str(tmp_path / "forces.ipynb"),
            "-k",
            "python3",
            "--cwd",
            "notebooks",
            "-p",
            "highlight_force",
            "West Midlands",
            "-p",
            "top_forces",
            "3",
            "-p",
            "output_dir",
            "output/west-midlands",
        ],
        root,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    csv_text = (figs / "forces.csv").read_text()
    assert "west-midlands,West Midlands Police,itemised,222,0.0831,yes" in csv_text
    assert "The other 42 forces (not shown separately),remainder (derived),1657" in csv_text
    assert {p.suffix for p in figs.iterdir()} == {".png", ".svg", ".html", ".json", ".csv"}


@pytest.mark.slow
def test_runner_reports_a_period_no_figure_fits_as_a_parameter_error(tmp_path):
    root = copy_project(tmp_path / "project")
    result = run(
        [
            "-m",
            "referrals.runner",
            "--only",
            "04-forces",
            "-p",
            "period_start",
            "2021-01",
            "-p",
            "period_end",
            "2021-06",
            "-p",
            "output_dir",
            "output/figs",
        ],
        root,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("parameter error: parameters period_start/period_end: no published figure")
    assert "covers 2020-05..2022-09" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "output" / "figs").exists()
