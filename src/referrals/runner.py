"""Run the notebooks end to end with papermill: in order, incremental, deterministic.

`make figures` calls this. Executed copies go to output/notebooks/ (never over the
committed notebooks); a notebook whose inputs (itself, its parameters, raw and
processed data, claims, package code, pinned requirements) and outputs are
unchanged since its last successful run is skipped. `--force` rebuilds all.

Kept free of heavy imports: a no-change build must finish in well under a second.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import manifest, params
from .errors import ERROR_FILE_ENV, EXIT_USER_ERROR, ParameterError, reported_user_error, run_cli
from .export import OUTPUT_LOG_ENV
from .paths import project_root, relative

KERNEL = "python3"
INPUT_GLOBS = ("data/raw/**/*", "data/processed/**/*", "claims/**/*", "src/referrals/**/*.py", "requirements.txt")


def notebooks(root: Path) -> list[Path]:
    return sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def find_notebook(root: Path, name: str) -> Path:
    for nb in notebooks(root):
        if name in (nb.stem, nb.name, nb.stem[:2], str(nb), relative(nb, root)):
            return nb
    raise ParameterError(f"notebook {name!r} not found; choose one of: {', '.join(nb.stem for nb in notebooks(root))}")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def input_digest(root: Path, notebook: Path, parameters: dict) -> str:
    h = hashlib.sha256()
    h.update(notebook.read_bytes())
    h.update(json.dumps(parameters, sort_keys=True, default=str).encode())
    files = sorted({p for g in INPUT_GLOBS for p in root.glob(g) if p.is_file() and "__pycache__" not in p.parts})
    for p in files:
        h.update(relative(p, root).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _stamp_path(root: Path, notebook: Path) -> Path:
    return root / "output" / ".build" / f"{notebook.stem}.json"


def up_to_date(root: Path, notebook: Path, parameters: dict) -> bool:
    stamp = _stamp_path(root, notebook)
    if not stamp.exists():
        return False
    try:
        recorded = json.loads(stamp.read_text())
    except ValueError:
        return False
    if recorded.get("inputs") != input_digest(root, notebook, parameters):
        return False
    for rel, digest in recorded.get("outputs", {}).items():
        path = root / rel
        if not path.exists() or _sha(path) != digest:
            return False
    return True


def project_environment(root: Path) -> dict:
    """The environment for any process that runs the project's notebooks or commands.

    This interpreter's bin/ first on PATH and its own python3 kernelspec first on
    JUPYTER_PATH, whatever the user's shell or ~/.local kernels say; the root fixed.
    """
    env = dict(os.environ)
    env.pop("REFERRALS_DEBUG", None)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter") + os.pathsep + env.get("JUPYTER_PATH", "")
    env["REFERRALS_ROOT"] = str(root)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


def failure_message(executed: Path, stderr: str) -> str:
    """Name the failing cell and its error from the executed copy (or papermill's own output)."""
    if executed.exists():
        try:
            nb = json.loads(executed.read_text())
            code_cells = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
            for number, cell in enumerate(code_cells, start=1):
                for out in cell.get("outputs", []):
                    if out.get("output_type") == "error":
                        first = "".join(cell.get("source", "")).strip().splitlines()
                        head = first[0][:60] if first else ""
                        return f"code cell {number} ({head!r}): {out.get('ename')}: {out.get('evalue')}"
        except ValueError:
            pass
    tail = [line for line in stderr.strip().splitlines() if line.strip()][-3:]
    return " | ".join(tail) or "papermill failed without output"


@dataclass
class Outcome:
    """How one papermill run ended: the files written, and for a failure either the user error the
    kernel reported (kind, message) or a description of the failing cell."""

    ok: bool
    written: list[Path]
    elapsed: float
    user_error: tuple[str, str] | None = None
    failure: str = ""


def execute(root: Path, notebook: Path, parameters: dict, executed: Path) -> Outcome:
    executed.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "outputs.log"
        log.touch()
        error_file = Path(tmp) / "user-error.json"
        params_file = Path(tmp) / "parameters.json"
        params_file.write_text(json.dumps(parameters, default=str))
        cmd = [
            sys.executable,
            "-m",
            "referrals.papermill_cli",
            str(notebook),
            str(executed),
            "-f",
            str(params_file),
            "-k",
            KERNEL,
            "--cwd",
            str(notebook.parent),
            "--no-progress-bar",
            "--log-level",
            "ERROR",
            "--no-request-save-on-cell-execute",
        ]
        env = {**project_environment(root), OUTPUT_LOG_ENV: str(log), ERROR_FILE_ENV: str(error_file)}
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        written = sorted({Path(line) for line in log.read_text().splitlines() if line.strip()})
        user_error = reported_user_error(error_file)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        return Outcome(False, written, elapsed, user_error, failure_message(executed, proc.stderr))
    return Outcome(True, written, elapsed)


def describe_failure(root: Path, notebook: Path, outcome: Outcome) -> str:
    """A user error as its kind and message (e.g. a period no figure fits); anything else with its cell."""
    if outcome.user_error:
        kind, message = outcome.user_error
        return f"{kind}: {message}"
    return f"error: {relative(notebook, root)} failed at {outcome.failure}"


def exit_status(failures: list[Outcome]) -> int:
    """2 when every failure is a user error (bad data, parameters or claims), 1 for anything else."""
    return EXIT_USER_ERROR if all(o.user_error for o in failures) else 1


def record(root: Path, notebook: Path, parameters: dict, executed: Path, written: list[Path]) -> None:
    outputs = {relative(p, root): _sha(p) for p in [*written, executed] if p.exists()}
    stamp = _stamp_path(root, notebook)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(
        json.dumps({"inputs": input_digest(root, notebook, parameters), "outputs": outputs}, indent=1, sort_keys=True)
    )


def clean_for_commit(executed: Path, target: Path) -> None:
    """Store an executed default run as the committed notebook: outputs kept, run metadata dropped."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    nb.metadata.pop("papermill", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": KERNEL}
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    text = nbformat.writes(nb) + ("\n" if not nbformat.writes(nb).endswith("\n") else "")
    from .io import atomic_write_text

    atomic_write_text(target, text)


def build(root: Path, force: bool = False, jobs: int = 2, refresh: bool = False) -> int:
    manifest.verify(root / "data" / "raw")
    nbs = notebooks(root)
    total = len(nbs)
    failures: list[str] = []
    clock = time.perf_counter()
    lock = threading.Lock()

    def say(line: str) -> None:
        with lock:  # notebooks finish in parallel: one whole line at a time
            sys.stdout.write(line + "\n")
            sys.stdout.flush()

    def run_one(index: int, nb: Path) -> None:
        defaults = params.defaults(nb.stem)
        executed = root / "output" / "notebooks" / nb.name
        if not force and up_to_date(root, nb, defaults):
            say(f"[{index}/{total}] {nb.stem}: unchanged, skipped")
            return
        # The default build injects nothing: the notebook runs exactly as committed.
        outcome = execute(root, nb, {}, executed)
        if outcome.ok:
            record(root, nb, defaults, executed, outcome.written)
            if refresh:
                clean_for_commit(executed, nb)
            say(f"[{index}/{total}] {nb.stem}: ran in {outcome.elapsed:.1f}s ({len(outcome.written)} files written)")
        else:
            failures.append((nb, outcome))
            say(f"[{index}/{total}] {nb.stem}: FAILED after {outcome.elapsed:.1f}s")

    if nbs:
        run_one(1, nbs[0])  # the data notebook feeds every other one
    if not failures and len(nbs) > 1:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            list(pool.map(lambda pair: run_one(*pair), enumerate(nbs[1:], start=2)))
    if failures:
        for nb, outcome in failures:
            print(describe_failure(root, nb, outcome), file=sys.stderr)
        print(
            f"executed copies (with the error) are in {relative(root / 'output' / 'notebooks', root)}/", file=sys.stderr
        )
        return exit_status([outcome for _, outcome in failures])
    print(f"built {total} notebooks in {time.perf_counter() - clock:.1f}s")
    return 0


def run_single(root: Path, name: str, raw_params: list[tuple[str, str]]) -> int:
    """One notebook with a reporter's parameters; outputs go to output/runs/<notebook>/ unless output_dir is given."""
    manifest.verify(root / "data" / "raw")
    nb = find_notebook(root, name)
    given = dict(raw_params)
    if "output_dir" not in given and "output_dir" in params.spec(nb.stem):
        given["output_dir"] = f"output/runs/{nb.stem}"  # never over figures/, even with no parameters
    cleaned = params.validate(nb.stem, given)
    passed = {k: cleaned[k] for k in given}
    executed = root / "output" / "runs" / nb.name
    outcome = execute(root, nb, passed, executed)
    if not outcome.ok:
        print(describe_failure(root, nb, outcome), file=sys.stderr)
        return exit_status([outcome])
    print(f"{nb.stem}: ran in {outcome.elapsed:.1f}s with {passed or 'default parameters'}")
    for p in outcome.written:
        print(f"  wrote {relative(p, root)}")
    print(f"  executed copy: {relative(executed, root)}")
    return 0


@run_cli
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m referrals.runner", description="Run the notebooks with papermill.")
    parser.add_argument("--force", action="store_true", help="rebuild every notebook, even if nothing changed")
    parser.add_argument("--only", metavar="NOTEBOOK", help="run one notebook (e.g. 04-forces) with -p parameters")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    parser.add_argument(
        "--jobs",
        type=int,
        default=int(os.environ.get("REFERRALS_JOBS", "2")),
        help="notebooks run at once after 01 (default 2)",
    )
    parser.add_argument(
        "--refresh-notebooks", action="store_true", help="store this run's outputs in notebooks/ (use with --force)"
    )
    parser.add_argument("--help-params", metavar="NOTEBOOK", help="list a notebook's parameters")
    args = parser.parse_args(argv)
    root = project_root()
    if args.help_params:
        nb = find_notebook(root, args.help_params)
        print(f"{nb.stem} parameters:\n{params.describe(nb.stem)}")
        return 0
    if args.only:
        return run_single(root, args.only, [tuple(p) for p in args.parameter])
    if args.parameter:
        raise ParameterError("parameters (-p) need --only NOTEBOOK: a full build always uses the defaults")
    return build(root, force=args.force or args.refresh_notebooks, jobs=args.jobs, refresh=args.refresh_notebooks)


if __name__ == "__main__":
    sys.exit(main())
