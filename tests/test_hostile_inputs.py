"""The hostile tester's corpus: inputs built to get wrong output published with exit status 0.

Each is refused with one message naming the file, row and field (or the parameter), exit status 2,
no traceback, and no changed byte in data/processed/ or figures/.
"""

from __future__ import annotations

import pytest
from conftest import copy_project, run, tree_digest
from corpus import delete_row, edit_cell, edit_row, edits, write_bytes

from referrals import manifest, months, params
from referrals.__main__ import main
from referrals.errors import ParameterError

ZERO_WIDTH_QUOTE = "\u200b".join(["word"] * 60)

# (case id, mutation of data/raw/, expected phrases in the message)
RAW_CASES = [
    (
        "absurd-count",
        edit_cell("figures.csv", "nipb_honccu_calls", "value", "9999999999999999999999999"),
        ["data/raw/figures.csv, row 30, column 'value'", "9999999999999999999999999", "at most 10,000,000"],
    ),
    (
        "absurd-total",
        edit_cell("figures.csv", "detail_total", "value", "1" + "0" * 30),
        ["data/raw/figures.csv, row 2, column 'value'", "at most 10,000,000"],
    ),
    (
        "absurd-force-count",
        edit_cell("figures.csv", "detail_forces_uk", "value", "4500"),
        ["data/raw/figures.csv, row 20, column 'value', value '4500'", "at most 100"],
    ),
    (
        "part-of-cycle",
        edits(
            edit_row(
                "figures.csv", "psni_total", part_of="nipb_question_33", breakdown="restated", breakdown_complete="no"
            ),
            edit_row(
                "figures.csv", "nipb_question_33", part_of="psni_total", breakdown="restated", breakdown_complete="no"
            ),
        ),
        ["data/raw/figures.csv, row 24, column 'part_of'", "cycle", "psni_total → nipb_question_33 → psni_total"],
    ),
    (
        "part-no-narrower-than-its-total",
        edit_row(
            "figures.csv", "nipb_question_33", part_of="psni_total", breakdown="restated", breakdown_complete="no"
        ),
        ["data/raw/figures.csv, row 29, column 'part_of', value 'psni_total'", "narrower than its total"],
    ),
    (
        "part-outside-its-total",
        edit_row(
            "figures.csv", "ferret_scotland_total", part_of="psni_total", breakdown="force", breakdown_complete="no"
        ),
        ["data/raw/figures.csv, row 34, column 'geography', value 'police-scotland'", "not within", "'psni'"],
    ),
    (
        "full-width-digits-in-value",
        edit_cell("figures.csv", "nipb_honccu_calls", "value", "３４０９３"),
        ["data/raw/figures.csv, row 30, column 'value', value '３４０９３'", "non-negative number"],
    ),
    (
        "full-width-digits-in-month",
        edit_cell("figures.csv", "psni_total", "period_start", "２０２０-05"),
        ["data/raw/figures.csv, row 24, column 'period_start', value '２０２０-05'", "YYYY-MM"],
    ),
    (
        "period-in-the-future",
        edit_cell("figures.csv", "d24_daily_victims_witnesses", "period_end", "2099-06"),
        ["data/raw/figures.csv, row 44, column 'period_end', value '2099-06'", "in the future"],
    ),
    (
        "period-after-its-source-was-published",
        edit_cell("figures.csv", "ns_total", "period_end", "2022-09"),
        ["data/raw/figures.csv, row 42, column 'period_end', value '2022-09'", "newstatesman-2022", "2022-06"],
    ),
    (
        "source-published-in-the-future",
        edit_cell("sources.csv", "detail-2024-psni", "published", "2099"),
        ["data/raw/sources.csv, row 7, column 'published', value '2099'", "in the future"],
    ),
    (
        "source-published-on-no-real-day",
        edit_cell("sources.csv", "detail-2023-psni", "published", "2023-02-30"),
        ["data/raw/sources.csv, row 3, column 'published', value '2023-02-30'", "not a real date"],
    ),
    (
        "quote-of-words-joined-by-zero-width-spaces",
        edit_cell("figures.csv", "ns_total", "quote", ZERO_WIDTH_QUOTE),
        ["data/raw/figures.csv, row 42, column 'quote'", "U+200B ZERO WIDTH SPACE", "60 words", "at most 25"],
    ),
    (
        "quote-with-a-direction-override",
        edit_cell("figures.csv", "ns_total", "quote", "In the two years since May 2020, \u202e2,656"),
        ["data/raw/figures.csv, row 42, column 'quote'", "U+202E RIGHT-TO-LEFT OVERRIDE"],
    ),
    (
        "capitalised-yes-in-a-vocabulary",
        edit_cell("crime_types.csv", "forced-marriage", "in_foi_breakdown", "Yes"),
        ["data/raw/crime_types.csv, row 7, column 'in_foi_breakdown', value 'Yes'", "must be 'yes' or 'no'"],
    ),
    (
        "breakdown-complete-on-a-figure-that-is-no-part",
        edit_cell("figures.csv", "detail_total", "breakdown_complete", "Yes"),
        ["data/raw/figures.csv, row 2, column 'breakdown_complete', value 'Yes'", "part_of"],
    ),
    ("empty-file-named-relative", write_bytes("figures.csv", b"\n"), ["data error: data/raw/figures.csv: the file"]),
    ("nul-bytes-named-relative", write_bytes("sources.csv", b"a,b\n\x00,1\n"), ["data error: data/raw/sources.csv:"]),
]


@pytest.mark.parametrize("case,mutate,phrases", RAW_CASES, ids=[c[0] for c in RAW_CASES])
def test_hostile_raw_input_is_refused(project, capsys, case, mutate, phrases):
    raw = project / "data" / "raw"
    before = tree_digest(project / "data" / "processed")
    mutate(raw)
    manifest.stamp(raw)
    with pytest.raises(SystemExit) as exit_info:
        main(["build-data"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2, err
    assert "Traceback" not in err and str(project) not in err, "one message, with project-relative paths"
    for phrase in phrases:
        assert phrase in err, f"{case}: {phrase!r} not in:\n{err}"
    assert tree_digest(project / "data" / "processed") == before


def refused(notebook, **values):
    with pytest.raises(ParameterError) as err:
        params.validate(notebook, values)
    return str(err.value)


# (case id, notebook, parameters, expected phrases)
PARAMETER_CASES = [
    ("day-45", "02-headline", {"period_start": "2020-05-45"}, ["parameter period_start", "'2020-05-45'", "YYYY-MM"]),
    ("single-digit-month", "02-headline", {"period_start": "2020-5"}, ["parameter period_start", "YYYY-MM"]),
    ("full-width-month", "02-headline", {"period_end": "２０２２-09"}, ["parameter period_end", "YYYY-MM"]),
    ("full-width-count", "04-forces", {"top_forces": "３"}, ["parameter top_forces", "whole number"]),
]


@pytest.mark.parametrize("case,notebook,values,phrases", PARAMETER_CASES, ids=[c[0] for c in PARAMETER_CASES])
def test_hostile_parameter_is_refused(case, notebook, values, phrases):
    message = refused(notebook, **values)
    for phrase in phrases:
        assert phrase in message, f"{case}: {phrase!r} not in {message!r}"


@pytest.mark.parametrize("text", ["2020-05-45", "2021-02-29", "2020-00-01", "2020-13", "２０２０-05"])
def test_parse_month_refuses_what_is_no_date(text):
    assert months.parse_month(text) is None


@pytest.mark.parametrize("text,month", [("2020-02-29", "2020-02"), ("2020-05", "2020-05"), ("2021-3-01", "2021-03")])
def test_parse_month_still_reads_real_dates(text, month):
    assert months.parse_month(text) == month


def test_a_deleted_figure_that_a_chart_needs_is_refused_by_validation(project, capsys):
    """Before: 'valid', then a KeyError in the headline notebook."""
    raw = project / "data" / "raw"
    delete_row("figures.csv", "detail_forces_uk")(raw)
    manifest.stamp(raw)
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "Traceback" not in err, err
    assert "data/raw/figures.csv: figure_id 'detail_forces_uk' is missing" in err
    assert "the forces chart needs it" in err and "the headline chart needs it" in err


def test_a_missing_figure_that_a_chart_needs_is_named_with_the_chart():
    import pandas as pd

    from referrals import validation

    frame = pd.DataFrame({"figure_id": ["detail_total", "detail_forces"]})
    required = {"headline": {"detail_total", "detail_forces_uk"}, "forces": {"detail_total"}}
    problems = validation.missing_required_figures(frame, required)
    assert problems == [
        "data/raw/figures.csv: figure_id 'detail_forces_uk' is missing (renamed to 'detail_forces'?); "
        "the headline chart needs it. Restore the row, or change the chart"
    ]


def test_an_unknown_force_is_named_once_and_a_huge_value_is_cut_short():
    message = refused("04-forces", highlight_force="Atlantis" * 12_500)
    assert message.startswith("parameter highlight_force: value 'AtlantisAtlantis")
    assert "…" in message and len(message) < 300, message[:400]
    assert message.count("forces.csv") <= 1, message


def test_a_lookalike_force_name_shows_the_character_that_differs():
    message = refused("04-forces", highlight_force="W\u0435st Midlands")  # Cyrillic 'е'
    assert "West Midlands Police (west-midlands)" in message
    assert "contains 'е' (U+0435 CYRILLIC SMALL LETTER IE) where 'e' was probably meant" in message


def _add_figure(raw, figure_id, like, **cells):
    """A new row copied from `like`, with some cells changed."""
    from corpus import rows_of, write_rows

    rows = rows_of(raw / "figures.csv")
    header = rows[0]
    new = list(next(r for r in rows if r[0] == like))
    new[0] = figure_id
    for column, value in cells.items():
        new[header.index(column)] = value
    write_rows(raw / "figures.csv", [*rows, new])


def test_charts_take_the_parts_of_their_own_breakdown_only(project):
    """A valid second breakdown of a total (here by unit) must not join the crime-type bars."""
    from referrals import tables
    from referrals.sources import load_raw

    raw = project / "data" / "raw"
    extra = {"breakdown": "unit", "breakdown_complete": "no", "crime_type": "modern-slavery-and-human-trafficking"}
    _add_figure(raw, "psni_unit_msht", "psni_ct_other", value="10", **extra)
    _add_figure(raw, "ferret_scotland_unit_msht", "ferret_scotland_domestic_abuse", value="10", **extra)
    manifest.stamp(raw)
    data = load_raw(raw)
    psni = tables.place_by_crime_type(data, "psni_total")
    assert "psni_unit_msht" not in set(psni["figure_id"])
    assert psni["share_of_total"].sum() <= 1
    assert not tables.place_by_crime_type(data, "ferret_scotland_total")["figure_id"].str.contains("unit").any()


# (case id, output_dir given, other parameters, expected phrases); run in a project copy
OUTPUT_DIR_CASES = [
    ("absolute-path-outside", "/tmp/anywhere/else", {}, ["parameter output_dir", "'/tmp/anywhere/else'", "output/"]),
    ("empty", "", {}, ["parameter output_dir", "''", "must not be empty"]),
    ("a-yaml-list", ["a", "b"], {}, ["parameter output_dir", "['a', 'b']", "text"]),
    ("under-data", "data/processed", {}, ["parameter output_dir", "'data/processed'", "output/"]),
    ("dot-dot-out", "output/../../elsewhere", {}, ["parameter output_dir", "output/"]),
    (
        "figures-with-non-default-parameters",
        "figures",
        {"top_forces": 3},
        ["parameter output_dir", "'figures'", "default", "output/"],
    ),
    ("symlink-into-data-raw", "output/link", {}, ["parameter output_dir", "'output/link'", "symlink"]),
]


@pytest.mark.parametrize("case,output_dir,others,phrases", OUTPUT_DIR_CASES, ids=[c[0] for c in OUTPUT_DIR_CASES])
def test_outputs_never_escape_the_project_nor_overwrite_the_default_build(project, case, output_dir, others, phrases):
    (project / "output").mkdir(exist_ok=True)
    (project / "output" / "link").symlink_to(project / "data" / "raw", target_is_directory=True)
    message = refused("04-forces", output_dir=output_dir, **others)
    for phrase in phrases:
        assert phrase in message, f"{case}: {phrase!r} not in {message!r}"


@pytest.mark.parametrize("output_dir", ["output/runs/mine", "output", "figures"])
def test_allowed_output_folders(project, output_dir):
    assert params.validate("04-forces", {"output_dir": output_dir})["output_dir"] == output_dir


def test_a_symlinked_output_folder_is_refused(project, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (project / "output").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert "symlink" in refused("04-forces", output_dir="output/runs/x")


@pytest.mark.parametrize(
    "out,phrase",
    [
        ("output", "is a folder; give a file name"),
        ("output/new-folder/", "is a folder; give a file name"),
        ("data/raw/figures.csv", "is inside data/raw/"),
    ],
)
def test_load_foi_out_is_never_a_folder_nor_raw_data(project, tmp_path, capsys, out, phrase):
    from test_foi_release import write_synthetic

    (project / "output").mkdir(exist_ok=True)
    release = write_synthetic(tmp_path, ".csv")
    before = tree_digest(project / "data")
    with pytest.raises(SystemExit) as exit_info:
        main(["load-foi", str(release), "--out", out])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "Traceback" not in err
    assert err.startswith(f"parameter error: --out {out}") and phrase in err, err
    assert tree_digest(project / "data") == before


@pytest.mark.slow
@pytest.mark.long  # runs notebooks again, outside the shared build: make test-long
def test_make_run_without_parameters_writes_to_output_runs(tmp_path):
    """README: `make run NB=...` writes to output/runs/<notebook>/, never over figures/."""
    root = copy_project(tmp_path / "project", with_figures=True)
    before = tree_digest(root / "figures")
    result = run(["-m", "referrals.runner", "--only", "02-headline"], root)
    assert result.returncode == 0, result.stderr
    assert tree_digest(root / "figures") == before
    assert (root / "output" / "runs" / "02-headline" / "headline.png").exists()
    assert "wrote output/runs/02-headline/headline.csv" in result.stdout


def test_stored_notebooks_merge_a_split_stream(tmp_path):
    """The kernel may deliver one print's text in two messages (1 run in 4): storing must not depend on it."""
    import nbformat

    from referrals.runner import clean_for_commit

    nb = nbformat.v4.new_notebook()
    out = nbformat.v4.new_output
    nb.cells = [nbformat.v4.new_code_cell("print(...)")]
    nb.cells[0].outputs = [
        out("stream", name="stdout", text="first half, "),
        out("stream", name="stdout", text="second half\n"),
        out("stream", name="stderr", text="a warning\n"),
        out("stream", name="stdout", text="after\n"),
    ]
    executed, stored = tmp_path / "executed.ipynb", tmp_path / "stored.ipynb"
    nbformat.write(nb, executed)
    clean_for_commit(executed, stored)
    outputs = nbformat.read(stored, as_version=4).cells[0].outputs
    assert [(o.name, o.text) for o in outputs] == [
        ("stdout", "first half, second half\n"),
        ("stderr", "a warning\n"),
        ("stdout", "after\n"),
    ]
