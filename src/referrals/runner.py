"""Run the notebooks end to end with papermill: in order, incremental, deterministic, all or nothing.

`make figures` calls this. Executed copies go to output/notebooks/ (never over the
committed notebooks); a notebook whose inputs and outputs are unchanged since its last
successful run is skipped (see incremental). `--force` rebuilds all.

Each notebook's outputs are staged while it runs and swapped in only once it has
succeeded (see staging): a failure, Ctrl-C or a kill leaves every previous file as it
was. A user error inside a notebook reaches the runner as {kind, message} in the file
named by REFERRALS_ERROR_FILE, and ends the run with exit status 2.

Kept free of heavy imports: a no-change build must finish in well under a second.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import manifest, params, staging
from .errors import (
    ERROR_FILE_ENV,
    EXIT_USER_ERROR,
    Interrupted,
    ParameterError,
    SettingError,
    run_cli,
    say,
)
from .incremental import record, up_to_date
from .papermill_cli import RUNNER_PID_ENV
from .paths import project_path, project_root, relative, typed_path
from .text import shown

KERNEL = "python3"
JOBS_ENV = "REFERRALS_JOBS"
#: What the default build injects: nothing, so every notebook runs with its own parameters cell.
DEFAULT_BUILD: dict = {}


#: Notebooks that only a release can feed (notebooks/release/); the force page is run per force by forcebatch.
RELEASE_FOLDER = ("notebooks", "release")
BATCH_ONLY = ("force-page",)


def notebooks(root: Path, release: bool = False) -> list[Path]:
    """The notebooks a build runs, in order: the numbered reading order; with a release, then the notebooks only a
    release can feed (notebooks/release/, all but the force page, which `make force-pages` runs per force)."""
    numbered = sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    return numbered + (release_notebooks(root) if release else [])


def release_notebooks(root: Path) -> list[Path]:
    return sorted(p for p in root.joinpath(*RELEASE_FOLDER).glob("*.ipynb") if p.stem not in BATCH_ONLY)


def find_notebook(root: Path, name: str) -> Path:
    every = notebooks(root, release=True)
    for nb in every:
        if name in (nb.stem, nb.name, nb.stem[:2], str(nb), relative(nb, root)):
            return nb
    raise ParameterError(f"notebook {name!r} not found; choose one of: {', '.join(nb.stem for nb in every)}")


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


def reported_user_error(path: Path) -> tuple[str, str] | None:
    """(kind, message) of the user error a notebook's kernel reported, or None if it reported none."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not {"kind", "message"} <= set(data):
        return None
    return str(data["kind"]), str(data["message"])


@dataclass
class Outcome:
    """How one papermill run ended: its staged outputs, and for a failure either the user error the
    kernel reported (kind, message) or a description of the failing cell."""

    ok: bool
    elapsed: float
    transaction: staging.Transaction
    user_error: tuple[str, str] | None = None
    failure: str = ""


@dataclass
class Runs:
    """The papermill processes and staging transactions in flight, so that an interrupt stops every
    one of them and leaves the outputs as they were."""

    root: Path
    processes: set = field(default_factory=set)
    transactions: set = field(default_factory=set)
    stopping: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def execute(self, notebook: Path, parameters: dict, executed: Path) -> Outcome:
        """Run one notebook with papermill; its outputs stay staged until commit()."""
        executed.parent.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        txn = staging.Transaction.create(self.root)
        with self.lock:
            self.transactions.add(txn)
        with tempfile.TemporaryDirectory() as tmp:
            error_file = Path(tmp) / "user-error.json"
            params_file = Path(tmp) / "parameters.json"
            params_file.write_text(json.dumps(parameters, default=str))
            env = {
                **project_environment(self.root),
                staging.STAGING_ENV: str(txn.path),
                ERROR_FILE_ENV: str(error_file),
                RUNNER_PID_ENV: str(os.getpid()),
            }
            returncode, stderr = self._papermill(papermill_command(notebook, executed, params_file), env)
            user_error = reported_user_error(error_file)
        elapsed = time.perf_counter() - start
        if returncode != 0:
            return Outcome(False, elapsed, txn, user_error, failure_message(executed, stderr))
        return Outcome(True, elapsed, txn)

    def _papermill(self, cmd: list[str], env: dict) -> tuple[int, str]:
        with self.lock:
            if self.stopping:
                return 1, "interrupted"
            proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            self.processes.add(proc)
        try:
            _, stderr = proc.communicate()
        finally:
            with self.lock:
                self.processes.discard(proc)
        return proc.returncode, stderr

    def commit(self, outcome: Outcome) -> list[Path]:
        written = outcome.transaction.commit()
        with self.lock:
            self.transactions.discard(outcome.transaction)
        return written

    def discard(self, outcome: Outcome) -> None:
        outcome.transaction.discard()
        with self.lock:
            self.transactions.discard(outcome.transaction)

    def stop(self) -> None:
        """Stop every papermill process, then throw away every staged output: nothing half-built lands."""
        with self.lock:
            self.stopping = True
            processes, transactions = list(self.processes), list(self.transactions)
            self.transactions.clear()
        for proc in processes:
            proc.terminate()
        for proc in processes:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        for txn in transactions:
            txn.discard()


def papermill_command(notebook: Path, executed: Path, params_file: Path) -> list[str]:
    return [
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


def describe_failure(root: Path, notebook: Path, outcome: Outcome) -> str:
    """A user error as its kind and message (e.g. a period no figure fits); anything else with its cell."""
    if outcome.user_error:
        kind, message = outcome.user_error
        return f"{kind}: {message}"
    return f"error: {relative(notebook, root)} failed at {outcome.failure}"


def exit_status(failures: list[Outcome]) -> int:
    """2 when every failure is a user error (bad data, parameters or claims), 1 for anything else."""
    return EXIT_USER_ERROR if all(o.user_error for o in failures) else 1


def clean_for_commit(executed: Path, target: Path) -> None:
    """Store an executed default run as the committed notebook: outputs kept, run metadata dropped.

    Consecutive stream outputs of one name are merged: the kernel may split one print's text
    across messages, and the stored notebook must be the same bytes whichever way it came.
    """
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    nb.metadata.pop("papermill", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": KERNEL}
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
    text = nbformat.writes(nb)
    staging.write_text(target, text if text.endswith("\n") else text + "\n")


def merge_streams(outputs: list) -> list:
    """One stream output for each run of consecutive stream outputs with the same name."""
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.get("output_type") == "stream"
            and previous is not None
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            previous["text"] = "".join(previous["text"]) + "".join(output["text"])
        else:
            merged.append(output)
    return merged


def recover(root: Path) -> None:
    """Finish or discard what an interrupted build left staged, and say so."""
    for line in staging.recover(root):
        say(f"staging: {line}")


@dataclass
class Build:
    """One `make figures`: the data notebook first, then the others in parallel; each notebook's outputs
    committed (in the main thread, signals deferred) as soon as it has succeeded."""

    root: Path
    force: bool
    refresh: bool
    runs: Runs
    total: int
    failures: list = field(default_factory=list)
    release: str = ""  # a release's absolute path: every notebook draws from it, into output/release/

    def parameters(self) -> dict:
        """What the build injects: nothing for the default build (each notebook runs exactly as committed), the
        release for a release build (each notebook then writes under output/release/, see notebook.output_dir)."""
        return {"release": self.release} if self.release else DEFAULT_BUILD

    def start(self, index: int, nb: Path) -> tuple[int, Path, Outcome] | None:
        """Run one notebook unless it is up to date (in a worker thread)."""
        if not self.force and up_to_date(self.root, nb, self.parameters()):
            say(f"[{index}/{self.total}] {nb.stem}: unchanged, skipped")
            return None
        return index, nb, self.runs.execute(nb, self.parameters(), self.executed(nb))

    def executed(self, nb: Path) -> Path:
        folder = ("output", "release", "notebooks") if self.release else ("output", "notebooks")
        return self.root.joinpath(*folder, nb.name)

    def finish(self, started: tuple[int, Path, Outcome] | None) -> None:
        """Commit a succeeded notebook's outputs and remember the build; discard a failed one's."""
        if started is None:
            return
        index, nb, outcome = started
        if not outcome.ok:
            self.runs.discard(outcome)
            self.failures.append((nb, outcome))
            say(f"[{index}/{self.total}] {nb.stem}: FAILED after {outcome.elapsed:.1f}s")
            return
        written = self.runs.commit(outcome)
        record(self.root, nb, self.parameters(), self.executed(nb), written)
        if self.refresh:
            clean_for_commit(self.executed(nb), nb)
        say(f"[{index}/{self.total}] {nb.stem}: ran in {outcome.elapsed:.1f}s ({len(written)} files written)")


def build(root: Path, force: bool = False, jobs: int = 2, refresh: bool = False, release: str = "") -> int:
    recover(root)
    manifest.verify(root / "data" / "raw")
    if release:
        release = checked_release(root, release)
    nbs = notebooks(root, release=bool(release))
    clock = time.perf_counter()
    job = Build(root, force, refresh, Runs(root), len(nbs), release=release)
    try:
        if nbs:
            job.finish(job.start(1, nbs[0]))  # the data notebook feeds every other one
        if not job.failures and len(nbs) > 1:
            _run_parallel(job, list(enumerate(nbs[1:], start=2)), jobs)
    except BaseException:
        job.runs.stop()
        raise
    finally:
        staging.recover(root)  # sweep what a dead kernel might have left; normally nothing
    if job.failures:
        for nb, outcome in job.failures:
            print(describe_failure(root, nb, outcome), file=sys.stderr)
        print(
            f"executed copies (with the error) are in {relative(root / 'output' / 'notebooks', root)}/", file=sys.stderr
        )
        return exit_status([outcome for _, outcome in job.failures])
    if release:
        say(f"built {len(nbs)} notebooks from {relative(Path(release), root)} in {time.perf_counter() - clock:.1f}s")
        say(
            "figures in output/release/figures/, the cross-check in output/release/cross-check.md, the ledger in "
            "output/release/fact-check/"
        )
        return 0
    from .explore import refresh  # output/referrals.db for `make explore`, only when an input changed

    refresh(root, say)
    say(f"built {len(nbs)} notebooks in {time.perf_counter() - clock:.1f}s")
    return 0


def checked_release(root: Path, path: str) -> str:
    """A release given to the build, read whole before any notebook runs: a malformed one is refused with one
    message naming the file, sheet, row or cell (exit 2) and nothing is written. It is read here once for the
    whole build: every notebook loads this reading (release/cache.py), not the file. Its absolute path."""
    from .release import cache

    resolved = params.release_file("RELEASE", path)
    if not resolved:
        raise ParameterError("RELEASE is empty: give the path of a Home Office release file")
    cache.read(Path(resolved), root / "data" / "raw")
    return resolved


def _run_parallel(job: Build, numbered: list[tuple[int, Path]], jobs: int) -> None:
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        try:
            futures = [pool.submit(job.start, index, nb) for index, nb in numbered]
            for future in as_completed(futures):
                job.finish(future.result())
        except BaseException:
            job.runs.stop()  # before the pool waits for its workers: their papermill processes end now
            raise


def run_single(root: Path, name: str, raw_params: list[tuple[str, str]]) -> int:
    """One notebook with a reporter's parameters; outputs go to output/runs/<notebook>/ unless output_dir is given."""
    recover(root)
    manifest.verify(root / "data" / "raw")
    nb = find_notebook(root, name)
    given = typed_parameters(dict(raw_params))
    if "output_dir" not in given and "output_dir" in params.spec(nb.stem):
        given["output_dir"] = f"output/runs/{nb.stem}"  # never over figures/, even with no parameters
    cleaned = params.validate(nb.stem, given)
    passed = {k: cleaned[k] for k in given}
    executed = root / "output" / "runs" / nb.name
    runs = Runs(root)
    try:
        outcome = runs.execute(nb, passed, executed)
        if not outcome.ok:
            runs.discard(outcome)
            print(describe_failure(root, nb, outcome), file=sys.stderr)
            return exit_status([outcome])
        written = runs.commit(outcome)
    except BaseException:
        runs.stop()
        raise
    say(f"{nb.stem}: ran in {outcome.elapsed:.1f}s with {passed or 'default parameters'}")
    for p in written:
        say(f"  wrote {relative(p, root)}")
    say(f"  executed copy: {relative(executed, root)}")
    return 0


#: Parameters that name files or folders: typed on the command line, they are taken from the current folder.
PATH_PARAMETERS = ("output_dir", *params.FILE_PARAMETERS)


def typed_parameters(given: dict[str, str]) -> dict[str, str]:
    """`-p` values as typed, with the paths among them taken from the current folder (the one rule for a typed
    path) and handed to the notebook as the project names them (relative to the project folder when inside it)."""
    out = dict(given)
    for name in PATH_PARAMETERS:
        if out.get(name):
            out[name] = ",".join(project_path(p.strip()) for p in out[name].split(",") if p.strip())
    return out


def jobs_from_environment() -> int:
    """REFERRALS_JOBS, if set: how many notebooks run at once after 01 (a whole number, 1 or more)."""
    value = os.environ.get(JOBS_ENV, "2")
    if not value.strip().isascii() or not value.strip().isdigit() or int(value) < 1:
        raise SettingError(f"{JOBS_ENV}={shown(value)} must be a whole number, 1 or more (notebooks run at once)")
    return int(value)


def positive_whole_number(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number, 1 or more")
    return int(text)


def _interrupt(signum, frame):
    raise Interrupted(signum)


@run_cli
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m referrals.runner", description="Run the notebooks with papermill.")
    parser.add_argument("--force", action="store_true", help="rebuild every notebook, even if nothing changed")
    parser.add_argument("--only", metavar="NOTEBOOK", help="run one notebook (e.g. 04-forces) with -p parameters")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"))
    parser.add_argument(
        "--jobs",
        type=positive_whole_number,
        default=None,
        help=f"notebooks run at once after 01 (default ${JOBS_ENV} or 2)",
    )
    parser.add_argument(
        "--refresh-notebooks", action="store_true", help="store this run's outputs in notebooks/ (use with --force)"
    )
    parser.add_argument("--help-params", metavar="NOTEBOOK", help="list a notebook's parameters")
    parser.add_argument(
        "--release",
        metavar="PATH",
        default="",
        help="draw every figure from this Home Office release, into output/release/ (figures/ and data/ untouched)",
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)  # a kill ends like Ctrl-C: outputs untouched
    root = project_root()
    if args.help_params:
        nb = find_notebook(root, args.help_params)
        say(f"{nb.stem} parameters:\n{params.describe(nb.stem)}")
        return 0
    if args.only:
        extra = [("release", args.release)] if args.release else []  # a path typed on the command line
        return run_single(root, args.only, [*extra, *(tuple(p) for p in args.parameter)])
    if args.parameter:
        raise ParameterError("parameters (-p) need --only NOTEBOOK: a full build always uses the defaults")
    if args.release and args.refresh_notebooks:
        raise ParameterError("--refresh-notebooks stores the default build in notebooks/; it cannot take --release")
    jobs = args.jobs if args.jobs is not None else jobs_from_environment()
    force = args.force or args.refresh_notebooks
    release = typed_path(args.release) if args.release else ""
    return build(root, force=force, jobs=jobs, refresh=args.refresh_notebooks, release=release)


if __name__ == "__main__":
    sys.exit(main())
