"""The command lines end with a message, never a traceback: a closed pipe, an interrupt, a bad setting."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, run, run_in_process

from referrals.runner import project_environment


def run_into_closed_pipe(args, root, env=None):
    """Run with stdout a pipe nobody reads any more (as in `... | head -1` once head has exited)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, *args],
            cwd=root,
            env=env or project_environment(root),
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=600,
        )
    finally:
        os.close(write_end)


def test_ledger_into_a_closed_pipe_ends_quietly():
    result = run_into_closed_pipe(["-m", "referrals", "ledger"], ROOT)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr


def test_help_params_into_a_closed_pipe_ends_quietly():
    result = run_into_closed_pipe(["-m", "referrals.runner", "--help-params", "04-forces"], ROOT)
    assert result.returncode == 0 and result.stderr == ""


@pytest.mark.slow
@pytest.mark.long
def test_a_build_into_a_closed_pipe_still_completes(built_project, tmp_path):
    root = shutil.copytree(built_project[0], tmp_path / "project", symlinks=True)
    claims = root / "claims" / "published-claims.csv"
    claims.write_text(claims.read_text() + "\n")
    result = run_into_closed_pipe(["-m", "referrals.runner"], root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr
    again = run(["-m", "referrals.runner"], root)
    notebooks = len(list((root / "notebooks").glob("[0-9][0-9]-*.ipynb")))
    assert again.stdout.count("unchanged, skipped") == notebooks, "the first build completed although nobody read it"


@pytest.mark.parametrize(
    "variable,value,phrase",
    [
        ("REFERRALS_JOBS", "abc", "setting error: REFERRALS_JOBS='abc' must be a whole number"),
        ("REFERRALS_JOBS", "0", "setting error: REFERRALS_JOBS='0' must be a whole number, 1 or more"),
        ("REFERRALS_ROOT", "/missing", "setting error: REFERRALS_ROOT='/missing' is not the project's folder"),
    ],
)
def test_a_bad_setting_is_named_not_blamed_on_the_manifest(variable, value, phrase):
    result = run_in_process(["-m", "referrals.runner"], ROOT, env={variable: value})
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(phrase) and "Traceback" not in result.stderr, result.stderr
