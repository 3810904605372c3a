"""Shared fixtures: the project root, throwaway copies of the project, CLI runners."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from referrals import paths
from referrals.runner import project_environment

ROOT = Path(__file__).resolve().parents[1]
#: The source documents the raw data is transcribed from: REFERRALS_SOURCES, or ../shared/sources beside the checkout.
SHARED_SOURCES = Path(os.environ.get("REFERRALS_SOURCES") or ROOT.parent / "shared" / "sources")
#: The raw data the ledger's findings were reviewed against (a frozen copy of data/raw/, checksummed like it).
#: Tests of the ledger's reasoning use it, so they test the ledger, not the current data: a correction to
#: data/raw/ changes the live verdicts, which notebook 09 shows and nbval compares (see tests/fixtures/README.md).
REVIEWED_RAW_DATA = ROOT / "tests" / "fixtures" / "reviewed-raw-data"


def json_objects(node):
    """Every object (dict) in a JSON tree such as a chart spec, depth first: what spec checks filter."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from json_objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from json_objects(value)


def tree_digest(folder: Path) -> dict[str, str]:
    """Path -> SHA-256 for every file under a folder (empty dict if it does not exist)."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def copy_project(dest: Path, with_figures: bool = False) -> Path:
    return paths.copy_project(ROOT, dest, with_figures)


def assert_environment_current(root: Path, venv: Path | None = None) -> None:
    """A copy that runs make with this project's environment must find it up to date: otherwise make would reinstall
    the package into it from the copy, and the editable install would point into a temporary folder once the copy
    is gone (seen when pytest was run by hand after pyproject.toml changed)."""
    target = f"{venv}/.runtime-ready" if venv else ".venv/.runtime-ready"
    args = ["make", "-q", *([f"VENV={venv}"] if venv else []), target]
    stale = subprocess.run(args, cwd=root, capture_output=True)
    assert stale.returncode == 0, "the environment is not up to date: run make figures first, outside the copy"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the project in a temporary folder, used as the working directory and root."""
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    monkeypatch.setenv("REFERRALS_ROOT", str(root))
    monkeypatch.delenv("REFERRALS_DEBUG", raising=False)
    return root


def run(args: list[str], root: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run `python <args>` with the project's environment in `root`."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=root,
        env=project_environment(root),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_in_process(
    args: list[str], root: Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`python -m <module> <args>` as `run` runs it, but by calling the module's main() in this process: the same
    entry point (argument parsing, the error boundary, the exit status), without a new interpreter importing pandas
    again. It runs in `cwd` (default `root`) with `env` added to the environment; the folder, the environment and the
    SIGTERM handler are restored after; stdout and stderr are captured.
    Each command line keeps at least one test that runs it as a process (`run`), for what only a process shows."""
    assert args[0] == "-m", "run_in_process runs a module's main(), as `python -m <module>`"
    module = {"referrals": "referrals.__main__"}.get(args[1], args[1])
    main = __import__(module, fromlist=["main"]).main
    out, err = io.StringIO(), io.StringIO()
    folder, environment, on_term = Path.cwd(), dict(os.environ), signal.getsignal(signal.SIGTERM)
    os.chdir(cwd or root)
    os.environ.update({"REFERRALS_ROOT": str(root), "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    os.environ.pop("REFERRALS_DEBUG", None)
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args[2:]))
            except SystemExit as exit_:
                code = exit_.code
                if code is not None and not isinstance(code, int):
                    print(code, file=sys.stderr)  # as the interpreter does with sys.exit("message")
                    code = 1
    finally:
        os.chdir(folder)
        os.environ.clear()
        os.environ.update(environment)
        signal.signal(signal.SIGTERM, on_term)
    return subprocess.CompletedProcess(args, code or 0, out.getvalue(), err.getvalue())


#: Builds the shared project in the background, then writes [status, stdout, stderr] into the record (under a
#: temporary name first, so a reader never sees half of it), whatever happens: a waiting test never waits for nothing.
_BUILD = """
import json, os, subprocess, sys
root, record = sys.argv[1], sys.argv[2]
try:
    done = subprocess.run([sys.executable, "-m", "referrals.runner"], cwd=root, capture_output=True, text=True)
    outcome = [done.returncode, done.stdout, done.stderr]
except BaseException as error:
    outcome = [1, "", f"the shared build could not run: {error!r}"]
with open(record + ".part", "w") as fh:
    json.dump(outcome, fh)
os.replace(record + ".part", record)
"""


def _shared_folder(config) -> Path:
    """The folder every pytest-xdist worker of this run shares (the run's base temporary folder)."""
    base = config._tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _start_shared_build(config) -> None:
    """Start the shared build once per run, in the background, so that the workers go on with other tests."""
    shared = _shared_folder(config)
    with open(shared / "built.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (shared / "built.started").exists():
            return
        root = copy_project(shared / "built" / "project")
        subprocess.Popen(
            [sys.executable, "-c", _BUILD, str(root), str(shared / "built.json")],
            cwd=root,
            env=project_environment(root),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        (shared / "built.started").touch()


@pytest.fixture(scope="session")
def built_project(request):
    """A copy of the project after a full `python -m referrals.runner` build (shared by the slow tests).

    Built once per test run, in the background from the moment the tests are collected: every pytest-xdist
    worker reuses it (the tests only read it, or copy it before changing anything).
    """
    _start_shared_build(request.config)
    shared = _shared_folder(request.config)
    record, deadline = shared / "built.json", time.monotonic() + 900
    while not record.exists():
        assert time.monotonic() < deadline, "the shared build did not finish in 15 minutes"
        time.sleep(0.2)
    code, stdout, stderr = json.loads(record.read_text())
    assert code == 0, stderr[-3000:]
    return shared / "built" / "project", subprocess.CompletedProcess(["-m", "referrals.runner"], code, stdout, stderr)


@pytest.fixture
def built_copy(built_project, tmp_path):
    """A private copy of the built project (its figures, processed tables and build records), for a test that runs
    a build: the shared one is only read, since the other pytest-xdist worker may be reading it at the same time."""
    root, _ = built_project
    return shutil.copytree(root, tmp_path / "project", symlinks=True)


#: Test files that build the same published charts (registry.build from data/raw/, through `built_chart` and
#: `built_infographic` below): make test (`--dist loadgroup`) runs them in one pytest-xdist worker, so that each
#: chart is built, and its spec validated, once per run instead of once per file.
SHARED_CHARTS = {"test_charts.py", "test_registry.py", "test_style.py"}


@pytest.fixture
def world(tmp_path):
    """A small hand-built raw data folder (tests/small_world.py), for unit tests of scopes, counts and comparisons."""
    from small_world import write_world

    return write_world(tmp_path / "world")


@pytest.fixture
def u(world):
    """The small world's universe: how its places, crime types and groups of people relate."""
    from referrals import scope

    return scope.universe(world)


@functools.cache
def published_raw():
    """data/raw/ loaded and validated once per process, for the tests that only read it (never change it)."""
    from referrals.sources import load_raw

    return load_raw(ROOT / "data" / "raw")


@functools.cache
def _built_chart(name: str, params: tuple):
    from referrals import registry

    return registry.build(name, published_raw(), dict(params))


def built_chart(name: str, params: dict | None = None):
    """registry.build(name, the published figures, params), built once per process: the tests only read it."""
    return _built_chart(name, tuple(sorted((params or {}).items())))


@functools.cache
def built_infographic():
    """registry.build_infographic(the published figures), built once per process: the tests only read it."""
    from referrals import registry

    return registry.build_infographic(published_raw())


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """Start the shared build as soon as a selected test needs it, and run the tests that need it after the others,
    so that no pytest-xdist worker sits waiting for it. Each test file is one group for `--dist loadgroup` (as with
    `--dist loadfile`: its module fixtures are built once), the files of SHARED_CHARTS one group together."""
    needs_build = {item.path.name for item in items if "built_project" in getattr(item, "fixturenames", ())}
    if needs_build:
        _start_shared_build(config)
    items.sort(key=lambda item: item.path.name in needs_build)
    for item in items:
        name = item.path.name
        item.add_marker(pytest.mark.xdist_group("shared-charts" if name in SHARED_CHARTS else item.path.as_posix()))


def pytest_addoption(parser):
    parser.addoption(
        "--nbval-fresh-kernels",
        action="store_true",
        help="nbval: a new kernel for every notebook (by default one warm kernel per process, reset between them)",
    )


def pytest_configure(config):
    """Under --nbval, each pytest process keeps one kernel and resets it between notebooks (tests/nbval_warm.py)."""
    config.addinivalue_line("markers", "xdist_group(name): run in one pytest-xdist worker (--dist loadgroup)")
    if config.getoption("nbval", default=False) and not config.getoption("nbval_fresh_kernels"):
        import nbval_warm

        nbval_warm.install()


def pytest_unconfigure(config):
    import sys

    if "nbval_warm" in sys.modules:
        sys.modules["nbval_warm"].stop_kept()
