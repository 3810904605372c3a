"""One rule for every path a user types: it is taken from the current folder, as the shell takes it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import run_in_process, tree_digest

from referrals import paths
from referrals.__main__ import COMMANDS, parser
from referrals.runner import typed_parameters


def run_in(folder: Path, root: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m referrals ...` run from `folder` (inside the project copy at `root`), in this process (the command
    as a process is run by tests/test_command_line.py and the documented commands)."""
    return run_in_process(["-m", "referrals", *args], root, cwd=folder)


def test_the_ledger_takes_its_claims_and_its_folder_from_the_current_folder(project):
    result = run_in(
        project / "notebooks", project, "ledger", "../claims/published-claims.csv", "--out", "../output/mine"
    )
    assert result.returncode == 0, result.stderr
    assert (project / "output" / "mine" / "ledger.csv").exists()
    assert "claims/published-claims.csv" in (project / "output" / "mine" / "report.md").read_text()


def test_build_data_takes_its_folder_from_the_current_folder(project):
    result = run_in(project / "notebooks", project, "build-data", "--out", "../output/processed")
    assert result.returncode == 0, result.stderr
    assert tree_digest(project / "output" / "processed") == tree_digest(project / "data" / "processed")


def test_load_foi_takes_the_release_and_its_out_file_from_the_current_folder(project, tmp_path):
    from test_foi_release import write_synthetic

    release = write_synthetic(tmp_path, ".csv")
    (project / "output").mkdir(exist_ok=True)
    result = run_in(project / "output", project, "load-foi", str(release), "--out", "tidy.csv")
    assert result.returncode in (0, 1), result.stderr
    assert (project / "output" / "tidy.csv").exists() and not (project / "tidy.csv").exists()


@pytest.mark.parametrize(
    "typed,given,expected",
    [
        ("notebooks", {"output_dir": "../output/runs/mine"}, {"output_dir": "output/runs/mine"}),
        ("", {"output_dir": "figures"}, {"output_dir": "figures"}),
        ("claims", {"claims_files": "published-claims.csv, ../x.csv"},
         {"claims_files": "claims/published-claims.csv,x.csv"}),
        ("notebooks", {"release": "/elsewhere/r.xlsx", "top_forces": "3"},
         {"release": "/elsewhere/r.xlsx", "top_forces": "3"}),
    ],
)  # fmt: skip
def test_path_parameters_typed_on_the_command_line_reach_the_notebook_as_project_paths(
    project, monkeypatch, typed, given, expected
):
    monkeypatch.chdir(project / typed)
    assert typed_parameters(given) == expected


@pytest.mark.parametrize(
    "typed,expected",
    [("a b/ü.csv", "{cwd}/a b/ü.csv"), ("out/", "{cwd}/out/"), ("../x", "{parent}/x"), ("/abs/y", "/abs/y")],
)
def test_a_typed_path_is_absolute_from_the_current_folder_and_keeps_its_trailing_slash(
    tmp_path, monkeypatch, typed, expected
):
    monkeypatch.chdir(tmp_path)
    assert paths.typed_path(typed) == expected.format(cwd=tmp_path, parent=tmp_path.parent)


def test_every_command_and_option_says_what_it_does():
    """`python -m referrals --help` documents each command, and each command's --help each of its arguments."""
    help_text = parser().format_help()
    for name, command in COMMANDS.items():
        assert name in help_text and command.help
        assert command.run.__name__.replace("_", "-") == name or command.run.__name__ == name.replace("-", "_")
        for names, options in command.arguments:
            assert options.get("help"), f"{name} {names[0]}: no help"
