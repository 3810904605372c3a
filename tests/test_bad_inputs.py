"""The bad-input corpus: each malformed raw table gets one clear message, exit 2, and no changed outputs."""

from __future__ import annotations

import pytest
from conftest import run, tree_digest
from corpus import drop_column, duplicate_row, edit_cell, rename_column, replace_text, write_bytes

from referrals import manifest
from referrals.__main__ import main

LONG_QUOTE = " ".join(["word"] * 30)

# (case id, mutation, expected phrases in the message)
CASES = [
    ("missing-column", drop_column("figures.csv", "value"), ["figures.csv", "missing column", "'value'"]),
    (
        "renamed-column",
        rename_column("figures.csv", "value", "valeu"),
        ["figures.csv", "'value' (renamed to 'valeu'?)"],
    ),
    (
        "negative-count",
        edit_cell("figures.csv", "detail_total", "value", "-2672"),
        ["figures.csv", "row 2", "'value'", "-2672", "non-negative"],
    ),
    (
        "fractional-count",
        edit_cell("figures.csv", "detail_ct_forced_marriage", "value", "20.5"),
        ["figures.csv", "'value'", "20.5", "whole number"],
    ),
    (
        "unknown-force",
        edit_cell("figures.csv", "detail_force_west_midlands", "geography", "west-midland"),
        ["figures.csv", "'geography'", "west-midland", "West Midlands Police (west-midlands)"],
    ),
    (
        "unknown-crime-type",
        edit_cell("figures.csv", "detail_ct_forced_marriage", "crime_type", "forced-marrige"),
        ["figures.csv", "'crime_type'", "forced-marrige", "did you mean Forced marriage"],
    ),
    (
        "duplicate-figure-id",
        duplicate_row("figures.csv", "detail_total"),
        ["figures.csv", "'figure_id'", "detail_total", "unique"],
    ),
    (
        "unknown-group-of-people",
        edit_cell("figures.csv", "detail_total", "population", "martians"),
        ["figures.csv", "'population'", "martians", "not a group of people in populations.csv"],
    ),
    (
        "share-of-an-unknown-column",
        edit_cell("figures.csv", "detail_da_quarter_served", "share_of", "colour=red"),
        ["figures.csv", "'share_of'", "not a column it can give"],
    ),
    (
        "share-of-itself",
        edit_cell("figures.csv", "detail_da_quarter_served", "share_of", "geography=uk"),
        ["figures.csv", "'share_of'", "a share of itself"],
    ),
    (
        "breakdown-no-longer-sums",
        edit_cell("figures.csv", "detail_ct_modern_slavery", "value", "786"),
        ["figures.csv", "complete 'crime type' breakdown of detail_total sums to 2673, not its total 2672"],
    ),
    (
        "parts-exceed-total",
        edit_cell("figures.csv", "ferret_scotland_total", "value", "100"),
        ["figures.csv", "parts of ferret_scotland_total sum to 154, more than its total 100"],
    ),
    (
        "end-before-start",
        edit_cell("figures.csv", "psni_total", "period_end", "2019-01"),
        ["figures.csv", "'period_end'", "2019-01", "ends before period_start"],
    ),
    (
        "bad-month",
        edit_cell("figures.csv", "psni_total", "period_start", "2020-13"),
        ["figures.csv", "'period_start'", "2020-13", "YYYY-MM"],
    ),
    (
        "unknown-source",
        edit_cell("figures.csv", "ns_total", "source_id", "newstatesman-2023"),
        ["figures.csv", "'source_id'", "newstatesman-2023", "newstatesman-2022"],
    ),
    (
        "verbal-with-number",
        edit_cell("figures.csv", "detail_da_quarter_served", "value", "0.25"),
        ["figures.csv", "'a quarter' is wording, not a number"],
    ),
    (
        "unknown-parent",
        edit_cell("figures.csv", "psni_ct_other", "part_of", "psni_totl"),
        ["figures.csv", "'part_of'", "psni_totl", "psni_total"],
    ),
    (
        "quote-too-long",
        edit_cell("figures.csv", "ns_total", "quote", LONG_QUOTE),
        ["figures.csv", "'quote'", "at most 25 words"],
    ),
    (
        "wrong-field-count",
        replace_text("figures.csv", "ns_total,newstatesman-2022,", "ns_total,newstatesman-2022,extra,"),
        ["figures.csv", "fields but the header has"],
    ),
    ("empty-file", write_bytes("figures.csv", b""), ["figures.csv", "empty"]),
    ("header-only", write_bytes("figures.csv", b"figure_id,source_id\n"), ["figures.csv"]),
    (
        "latin-1-encoding",
        write_bytes("sources.csv", "source_id,outlet\nx,Caf\xe9\n".encode("latin-1")),
        ["sources.csv", "not valid UTF-8", "row 2"],
    ),
    ("utf-16-encoding", write_bytes("figures.csv", "figure_id,value\nx,1\n".encode("utf-16")), ["figures.csv"]),
    ("sources-missing-url", drop_column("sources.csv", "url"), ["sources.csv", "missing column", "'url'"]),
    (
        "sources-bad-date",
        edit_cell("sources.csv", "ferret-2023", "published", "April 2023"),
        ["sources.csv", "'published'", "April 2023", "YYYY"],
    ),
    ("sources-duplicate-id", duplicate_row("sources.csv", "ferret-2023"), ["sources.csv", "ferret-2023", "unique"]),
    ("forces-ambiguous-alias", edit_cell("forces.csv", "kent", "aliases", "Met"), ["forces.csv", "'Met' is ambiguous"]),
    ("forces-bad-nation", edit_cell("forces.csv", "kent", "nation", "france"), ["forces.csv", "kent", "france"]),
    (
        "crime-types-empty-name",
        edit_cell("crime_types.csv", "forced-marriage", "name", ""),
        ["crime_types.csv", "'name'", "empty"],
    ),
]


@pytest.mark.parametrize("case,mutate,phrases", CASES, ids=[c[0] for c in CASES])
def test_bad_raw_input_is_refused_with_a_clear_message(project, capsys, case, mutate, phrases):
    raw = project / "data" / "raw"
    before = tree_digest(project / "data" / "processed")
    mutate(raw)
    manifest.stamp(raw)  # a deliberate (but wrong) edit: the validator, not the checksum, must catch it
    with pytest.raises(SystemExit) as exit_info:
        main(["build-data"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for phrase in phrases:
        assert phrase in err, f"{case}: {phrase!r} not in:\n{err}"
    assert tree_digest(project / "data" / "processed") == before


def test_tampered_raw_file_is_refused_naming_it(project, capsys):
    before = tree_digest(project / "data" / "processed")
    path = project / "data" / "raw" / "figures.csv"
    path.write_text(path.read_text().replace(",2672,exact,", ",2762,exact,"))
    with pytest.raises(SystemExit) as exit_info:
        main(["build-data"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert "data/raw/figures.csv: does not match its checksum" in err and "make stamp" in err
    assert tree_digest(project / "data" / "processed") == before


@pytest.mark.parametrize("name", ["sources.csv", "forces.csv", "crime_types.csv", "geographies.csv"])
def test_any_tampered_raw_file_is_named(project, capsys, name):
    path = project / "data" / "raw" / name
    path.write_bytes(path.read_bytes() + b"\n")
    with pytest.raises(SystemExit):
        main(["verify"])
    assert f"data/raw/{name}: does not match its checksum" in capsys.readouterr().err


def test_unstamped_new_raw_file_is_refused(project, capsys):
    (project / "data" / "raw" / "extra.csv").write_text("a,b\n1,2\n")
    with pytest.raises(SystemExit):
        main(["build-data"])
    assert "data/raw/extra.csv: not in MANIFEST.sha256" in capsys.readouterr().err


def test_missing_manifest_is_refused(project, capsys):
    (project / "data" / "raw" / "MANIFEST.sha256").unlink()
    with pytest.raises(SystemExit):
        main(["build-data"])
    assert "manifest is missing" in capsys.readouterr().err


def test_real_command_line_exit_status_and_no_traceback(project):
    """The same through a real process: exit 2, one message on stderr, no traceback."""
    path = project / "data" / "raw" / "figures.csv"
    path.write_text(path.read_text().replace(",785,exact,", ",786,exact,"))
    result = run(["-m", "referrals", "build-data"], project)
    assert result.returncode == 2
    assert "data/raw/figures.csv: does not match its checksum" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_flag_shows_the_traceback(project):
    path = project / "data" / "raw" / "figures.csv"
    path.write_text(path.read_text() + "\n\n")
    env_result = run(
        ["-c", "import os; os.environ['REFERRALS_DEBUG']='1'; from referrals.__main__ import main; main(['verify'])"],
        project,
    )
    assert "Traceback" in env_result.stderr and "ManifestError" in env_result.stderr


def test_atomic_writes_leave_old_files_when_a_late_table_fails(project, monkeypatch):
    """A failure after some tables are prepared writes none of them."""
    from referrals import processed

    def broken(*args, **kwargs):
        raise RuntimeError("simulated failure in the last table")

    monkeypatch.setattr(processed, "published_figures", broken)
    (project / "data" / "processed" / "sources.csv").write_text("stale but intact\n")
    before = tree_digest(project / "data" / "processed")
    with pytest.raises(RuntimeError):
        processed.build()
    assert tree_digest(project / "data" / "processed") == before
