"""Run the notebooks end to end: in order, incremental, deterministic, all or nothing.

`make figures` calls this. Executed copies go to output/notebooks/ (never over the
committed notebooks); a notebook whose inputs and outputs are unchanged since its last
successful run is skipped (see incremental). `--force` rebuilds all.

Notebooks run in warm kernels (see kernels): one kernel per notebook run at once, kept
for the whole build and reset to a fresh kernel's state before each notebook, which runs
as under papermill (its parameters injected by papermill, its cells executed by nbclient).

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
from .incremental import DATA_NOTEBOOK, record, up_to_date
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


def failure_message(executed: Path, fallback: str) -> str:
    """Name the failing cell and its error from the executed copy (or, if no cell failed, what the worker said)."""
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
    return fallback.strip() or "the notebook failed without output"


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
    """How one notebook run ended: its staged outputs, and for a failure either the user error the
    kernel reported (kind, message) or a description of the failing cell."""

    ok: bool
    elapsed: float
    transaction: staging.Transaction
    user_error: tuple[str, str] | None = None
    failure: str = ""


@dataclass
class Runs:
    """The notebook runs and staging transactions in flight, and the warm kernels they run in (see kernels):
    an interrupt stops every one of them and leaves the outputs as they were."""

    root: Path
    size: int = 1  # kernels at most: notebooks run at once
    transactions: set = field(default_factory=set)
    stopping: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    _pool: object = None
    _tmp: object = None

    def pool(self):
        """The kernels' pool, created when first needed: a build with nothing to run starts no process."""
        from .kernels import Pool

        with self.lock:
            if self._pool is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="referrals-run-")
                self._pool = Pool(self.size, project_environment(self.root), Path(self._tmp.name))
            return self._pool

    def prestart(self, count: int) -> None:
        """Start kernels ahead of the notebooks that will need them (they start while the data notebook runs)."""
        if count > 0:
            self.pool().prestart(count)

    def execute(self, notebook: Path, parameters: dict, executed: Path) -> Outcome:
        """Run one notebook in a warm kernel; its outputs stay staged until commit()."""
        from .kernels import WorkerGone

        start = time.perf_counter()
        txn = staging.Transaction.create(self.root)
        with self.lock:
            self.transactions.add(txn)
        pool = self.pool()
        executed.unlink(missing_ok=True)  # a failure is read from this run's copy, never from an older one
        error_file = Path(self._tmp.name) / f"user-error-{txn.path.name}.json"
        job = {
            "notebook": str(notebook),
            "executed": str(executed),
            "parameters": parameters,
            "cwd": str(notebook.parent),
            "env": {staging.STAGING_ENV: str(txn.path), ERROR_FILE_ENV: str(error_file)},
        }
        try:
            reply = pool.run(job)
        except WorkerGone as gone:
            reply = {"ok": False, "failure": "interrupted" if self.stopping else f"the kernel's worker ended: {gone}"}
        user_error = reported_user_error(error_file)
        elapsed = time.perf_counter() - start
        if not reply.get("ok"):
            return Outcome(False, elapsed, txn, user_error, failure_message(executed, reply.get("failure", "")))
        return Outcome(True, elapsed, txn)

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
        """End every kernel now, then throw away every staged output: nothing half-built lands."""
        with self.lock:
            self.stopping = True
            pool, transactions = self._pool, list(self.transactions)
            self.transactions.clear()
        if pool is not None:
            pool.kill()
        for txn in transactions:
            txn.discard()

    def close(self) -> None:
        """After the runs: the kernels shut down (a no-op after stop)."""
        with self.lock:
            pool, tmp = self._pool, self._tmp
            self._pool = self._tmp = None
        if pool is not None:
            pool.close()
        if tmp is not None:
            tmp.cleanup()


def describe_failure(root: Path, notebook: Path, outcome: Outcome) -> str:
    """A user error as its kind and message (e.g. a period no figure fits); anything else with its cell."""
    if outcome.user_error:
        kind, message = outcome.user_error
        return f"{kind}: {message}"
    if outcome.failure.startswith("code cell"):
        return f"error: {relative(notebook, root)} failed at {outcome.failure}"
    return f"error: {relative(notebook, root)} failed: {outcome.failure}"


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
    #: Whether each notebook was up to date before any ran; still true for all but the data notebook's readers
    #: once it has run (it rewrites data/processed/), when they are checked again.
    found: dict = field(default_factory=dict)
    data_ran: bool = False

    def plan(self, nbs: list[Path]) -> int:
        """Check every notebook once before any runs; how many will run (at least, if the data notebook does)."""
        if self.force:
            return len(nbs)
        self.found = {nb: up_to_date(self.root, nb, self.parameters()) for nb in nbs}
        return sum(not fresh for fresh in self.found.values())

    def unchanged(self, nb: Path) -> bool:
        if self.force:
            return False
        if nb in self.found and not (self.data_ran and nb.stem != DATA_NOTEBOOK):
            return self.found[nb]
        return up_to_date(self.root, nb, self.parameters())

    def parameters(self) -> dict:
        """What the build injects: nothing for the default build (each notebook runs exactly as committed), the
        release for a release build (each notebook then writes under output/release/, see notebook.output_dir)."""
        return {"release": self.release} if self.release else DEFAULT_BUILD

    def start(self, index: int, nb: Path) -> tuple[int, Path, Outcome] | None:
        """Run one notebook unless it is up to date (in a worker thread)."""
        if self.unchanged(nb):
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
        self.data_ran = self.data_ran or nb.stem == DATA_NOTEBOOK
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
    job = Build(root, force, refresh, Runs(root, size=max(1, jobs)), len(nbs), release=release)
    try:
        planned = job.plan(nbs)
        if planned:
            staging.check_writable(root)  # a read-only checkout is refused before any kernel starts
        job.runs.prestart(min(jobs, planned))  # kernels start while the first notebook runs
        if nbs:
            job.finish(job.start(1, nbs[0]))  # the data notebook feeds every other one
        if not job.failures and len(nbs) > 1:
            _run_parallel(job, longest_first(list(enumerate(nbs[1:], start=2))), jobs)
    except BaseException:
        job.runs.stop()
        raise
    finally:
        job.runs.close()
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


def longest_first(numbered: list[tuple[int, Path]]) -> list[tuple[int, Path]]:
    """The notebooks in the order to start them: the longest first, so that no kernel is left with a long one at the
    end while the other idles. A notebook's length is guessed from its committed file, whose outputs are the charts
    and tables it draws (the infographic and the ledger are the largest and the slowest)."""
    return sorted(numbered, key=lambda item: (-item[1].stat().st_size, item[0]))


def _run_parallel(job: Build, numbered: list[tuple[int, Path]], jobs: int) -> None:
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        try:
            futures = [pool.submit(job.start, index, nb) for index, nb in numbered]
            for future in as_completed(futures):
                job.finish(future.result())
        except BaseException:
            job.runs.stop()  # before the pool waits for its threads: their kernels end now
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
    finally:
        runs.close()
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
    parser = argparse.ArgumentParser(
        prog="python -m referrals.runner", description="Run the notebooks in warm kernels."
    )
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
