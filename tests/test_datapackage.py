"""The Frictionless data package: generated from the declarations validation uses, current, and valid."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, run, run_in_process

from referrals import datapackage, fields
from referrals.csvfiles import read_text_table
from referrals.runner import project_environment

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def frictionless_validate(root: Path) -> tuple[int, dict]:
    """`frictionless validate --json datapackage.json`, as a re-user runs it in `root`: exit status and report."""
    proc = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", "datapackage.json"],
        cwd=root,
        env=project_environment(root),
        capture_output=True,
        text=True,
        timeout=300,
    )
    return proc.returncode, json.loads(proc.stdout)


def frictionless_validate_in_process(root: Path) -> tuple[int, dict]:
    """The same command through frictionless's own command-line app, in this process (its interpreter and imports
    are paid once): exit status and report. The process itself is run by the test of the committed package."""
    from frictionless.console import console
    from typer.testing import CliRunner

    folder = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(console, ["validate", "--json", "datapackage.json"])
    finally:
        os.chdir(folder)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout)


def errors(report: dict) -> list[tuple[str, str, str]]:
    """(resource, error type, message) for every error frictionless reports."""
    return [(task["name"], e["type"], e["message"]) for task in report["tasks"] for e in task["errors"]]


@pytest.fixture
def package_copy(tmp_path) -> Path:
    """A copy of the project with its data package."""
    root = copy_project(tmp_path / "project")
    shutil.copy2(ROOT / datapackage.FILE_NAME, root / datapackage.FILE_NAME)
    return root


def test_the_committed_data_package_is_a_fresh_generation():
    committed = (ROOT / datapackage.FILE_NAME).read_text(encoding="utf-8")
    assert committed == datapackage.text(ROOT), "datapackage.json is stale: run `make datapackage` and commit it"


def test_frictionless_validates_the_data_package():
    status, report = frictionless_validate(ROOT)
    assert errors(report) == []
    assert status == 0 and report["valid"]
    assert report["stats"]["tasks"] == len(datapackage.resources())


def test_a_processed_column_the_package_does_not_describe_fails_validation(package_copy):
    path = package_copy / "data" / "processed" / "published_figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",undeclared"] + [line + ",x" for line in lines[1:]]) + "\n")
    status, report = frictionless_validate_in_process(package_copy)
    assert status != 0 and not report["valid"]
    position = len(lines[0].split(",")) + 1
    assert (
        "published-figures",
        "extra-label",
        f'There is an extra label "undeclared" in header at position "{position}"',
    ) in (errors(report))


def test_a_figure_from_an_unknown_source_breaks_the_foreign_key(package_copy):
    path = package_copy / "data" / "raw" / "figures.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ndetail_total,detail-2023,", "\ndetail_total,detail-2099,", 1))
    status, report = frictionless_validate_in_process(package_copy)
    assert status != 0
    assert [(name, kind) for name, kind, _ in errors(report)] == [("figures", "foreign-key")]


def test_every_csv_in_data_raw_and_processed_is_described():
    described = sorted(r["path"] for r in datapackage.resources())
    on_disk = sorted(
        p.relative_to(ROOT).as_posix() for d in ("raw", "processed") for p in (ROOT / "data" / d).glob("*.csv")
    )
    assert described == on_disk


def test_every_field_has_a_type_and_a_description():
    for resource in datapackage.resources():
        for field in resource["schema"]["fields"]:
            assert field["type"] in ("string", "number", "integer"), (resource["name"], field["name"])
            assert len(field["description"]) > 10, (resource["name"], field["name"])


def test_every_source_is_listed_with_its_url():
    rows, _ = read_text_table(ROOT / "data" / "raw" / "sources.csv")
    listed = [s["path"] for s in json.loads((ROOT / datapackage.FILE_NAME).read_text())["sources"]]
    assert listed == [row["url"] for _, row in rows]
    assert datapackage.descriptor(ROOT)["licenses"][0]["name"] == "MIT"


def _constrained(table: fields.Table) -> list[str]:
    """The declared columns whose constraints the column schema itself must enforce."""
    return [
        f.name
        for f in table.fields
        if not f.checked_by and (f.pattern or f.values or f.vocabulary or f.nonempty or f.unique)
    ]


def test_the_declarations_are_the_validation_schemas():
    """One place: pandera checks exactly the declared columns it is responsible for, none left unenforced."""
    from referrals import validation, vocab

    raw = ROOT / "data" / "raw"
    sources = validation.load_sources(raw / "sources.csv")
    figures = validation.figures_schema(list(sources["source_id"]), vocab.geographies(raw), vocab.crime_types(raw), raw)
    assert list(figures.columns) == _constrained(fields.FIGURES)
    assert list(validation.sources_schema().columns) == _constrained(fields.SOURCES)
    assert validation.FIGURE_COLUMNS == fields.FIGURES.columns
    assert validation.SOURCE_COLUMNS == fields.SOURCES.columns


def test_make_datapackage_regenerates_it_and_check_says_when_it_is_stale(package_copy):
    path = package_copy / datapackage.FILE_NAME
    assert run_in_process(["-m", "referrals", "datapackage", "--check"], package_copy).returncode == 0
    path.write_text(path.read_text().replace('"MIT"', '"CC0-1.0"', 1))
    stale = run(["-m", "referrals", "datapackage", "--check"], package_copy)  # the command as a process, once
    assert stale.returncode == 1 and "out of date" in stale.stderr
    assert run_in_process(["-m", "referrals", "datapackage"], package_copy).returncode == 0
    assert path.read_bytes() == (ROOT / datapackage.FILE_NAME).read_bytes()
