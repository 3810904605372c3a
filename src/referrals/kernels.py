"""Warm kernels: the notebooks of a build run one after another in Jupyter kernels that stay up.

Starting a kernel, importing pandas, Altair and vl-convert and starting vl-convert's JavaScript
engine cost more CPU than most notebooks' own work. So the runner keeps a pool of worker
processes (`python -m referrals.kernels`, one per notebook run at once), each owning one
kernel for the whole build, and sends each worker one notebook after another.

Every notebook still starts clean. Before each one the worker puts its kernel back in the
state of a fresh kernel:

- the user namespace emptied, IPython's history and execution count started anew
  (InteractiveShell.reset), and the few names a fresh kernel has that reset drops put back;
- every module of this package forgotten (`referrals` and `referrals.*` leave sys.modules),
  so the notebook imports it afresh: no functools cache, module-level dict or class
  attribute survives from one notebook to the next;
- what a notebook may have changed in the interpreter put back as the fresh kernel had it:
  IPython's event hooks and custom exception handler, sys.path, the warnings filters (and
  their once-only registries), the environment and the working directory; then the
  notebook's own environment set (the runner's staging folder and error file for it).

Third-party modules stay imported: that is the saving (an imported interpreter, not only a
started one). The package changes no third-party setting when imported, so nothing of one
notebook reaches the next through them. tests/test_warm_kernels.py shows a notebook run
after another in the same kernel printing exactly what it prints in a fresh kernel, and that
the build's executed copies are the committed notebooks, which nbval re-runs in fresh kernels.

A notebook is executed by nbclient (papermill's executor), its parameters injected by
papermill's own function as `papermill -p` would: it behaves as under plain papermill.
What papermill adds that costs time for nothing here is left out (a progress bar, saving
the notebook after every cell, per-cell timing), and the executed copy holds no time
stamps: the same run writes the same bytes.

Kill safety: a worker asks Linux to kill it when the runner dies, and its kernel to be killed
when the worker dies (PR_SET_PDEATHSIG), so a killed build leaves no process writing into a
staging folder that nobody will commit. The runner ends its workers itself on an interrupt.

Protocol (private to the runner): one JSON job per line on the worker's stdin, one JSON
reply per line on the stdout it was started with; everything else the worker or its kernel
prints goes to stderr, which the runner keeps in a log file.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

KERNEL = "python3"
#: Set by the runner in its workers' environment: the process whose death ends them.
RUNNER_PID_ENV = "REFERRALS_RUNNER_PID"
_PR_SET_PDEATHSIG = 1
#: What every kernel imports (and vl-convert's engine it starts) once, before its first notebook: the
#: libraries the figure notebooks use, after the package itself, as in a notebook (its __init__ spares
#: jsonschema a costly optional import). Only what makes later notebooks cheaper; nothing here is required.
PRELOAD = ("referrals", "pandas", "altair", "vl_convert")
#: Seconds to wait for a cell's last output once its reply has come (papermill's and nbclient's default
#: is 4; a loaded machine can take longer, and a late output must fail the run, never go missing).
IOPUB_TIMEOUT = 60
STARTUP_TIMEOUT = 120
#: No history database: papermill's kernels write every cell into ~/.ipython's SQLite history for nothing.
KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False"]
#: The module (not in the user namespace, so it survives every reset) where a kernel keeps its fresh state.
FRESH = "_referrals_fresh_kernel"

# Run once in each new kernel, silently: die with the worker, remember the fresh state, preload.
KERNEL_SETUP = r"""
def _referrals_setup(preload, package):
    import ctypes, gc, importlib, os, signal, sys, types, warnings

    if sys.platform.startswith("linux"):  # die with the worker that started this kernel
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
        if os.getppid() != int(os.environ.get("JPY_PARENT_PID") or os.getppid()):
            os._exit(1)
    shell = get_ipython()
    fresh = types.ModuleType("%(fresh)s")
    fresh.names = {k: v for k, v in shell.user_ns.items() if k != "_referrals_setup"}
    fresh.hidden = set(shell.user_ns_hidden)
    fresh.callbacks = {event: list(callbacks) for event, callbacks in shell.events.callbacks.items()}
    fresh.custom_exceptions, fresh.custom_tb = shell.custom_exceptions, shell.CustomTB
    fresh.path = list(sys.path)
    fresh.filters = list(warnings.filters)
    fresh.environ = dict(os.environ)

    def collect():
        # Finalise what the last notebook left in reference cycles now (not during the next notebook), then leave
        # what is alive (the interpreter and its libraries) out of later collections: each then walks only what
        # the notebook creates, not the whole of pandas and Altair again.
        gc.collect()
        gc.freeze()

    def reset(cwd, environ):
        # Put this kernel back in its fresh state, then set the next notebook's folder and environment.
        shell.reset(new_session=True)
        for name, value in fresh.names.items():
            if name not in shell.user_ns:
                shell.user_ns[name] = value
                if name in fresh.hidden:
                    shell.user_ns_hidden[name] = value
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]
        for event, callbacks in shell.events.callbacks.items():
            callbacks[:] = fresh.callbacks.get(event, [])
        shell.custom_exceptions, shell.CustomTB = fresh.custom_exceptions, fresh.custom_tb
        sys.path[:] = fresh.path
        warnings.filters[:] = fresh.filters
        warnings._filters_mutated()  # forget which warnings were already shown once
        warnings.onceregistry.clear()
        os.environ.clear()
        os.environ.update(fresh.environ)
        os.environ.update(environ)
        os.chdir(cwd)
        importlib.invalidate_caches()
        collect()

    fresh.reset = reset
    sys.modules[fresh.__name__] = fresh
    for name in preload:
        try:
            importlib.import_module(name)
        except Exception:
            pass
    if "vl_convert" in sys.modules:  # start its JavaScript engine (about half a second of CPU) once
        try:
            sys.modules["vl_convert"].vegalite_to_svg({"mark": "point", "data": {"values": [{}]}})
        except Exception:
            pass
    shell.reset(new_session=True)  # no trace of this cell
    collect()


_referrals_setup(%(preload)r, %(package)r)
"""

# Run before each notebook, silently (nothing is stored in the history or the namespace).
KERNEL_RESET = "__import__('sys').modules[%r].reset(%r, %r)"


# -- the worker process ------------------------------------------------------------------------


def die_with_runner() -> None:
    """Ask Linux to SIGKILL this process when the runner that started it ends (no-op elsewhere)."""
    runner = os.environ.get(RUNNER_PID_ENV)
    if not runner or not sys.platform.startswith("linux"):
        return
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != int(runner):  # the runner was already gone before the request
        os._exit(1)


class KernelSetupError(RuntimeError):
    """The kernel could not be started or reset; the notebook did not run."""


class Worker:
    """One kernel, reset before each notebook and restarted only if it dies."""

    def __init__(self) -> None:
        self.km = None
        self.kc = None

    async def start(self) -> None:
        from jupyter_client.manager import AsyncKernelManager

        self.km = AsyncKernelManager(kernel_name=KERNEL)
        await self.km.start_kernel(extra_arguments=KERNEL_ARGUMENTS)
        self.kc = self.km.client()
        self.kc.start_channels()
        await self.kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        await self.quietly(KERNEL_SETUP % {"fresh": FRESH, "preload": PRELOAD, "package": "referrals"})

    async def stop(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None and self.km.has_kernel:
            await self.km.shutdown_kernel(now=True)
        self.km = self.kc = None

    async def quietly(self, code: str) -> None:
        """Run code in the kernel outside any notebook: no output, history or execution count."""
        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        while True:
            reply = await self.kc.get_shell_msg(timeout=STARTUP_TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        content = reply["content"]
        if content.get("status") != "ok":
            raise KernelSetupError(f"{content.get('ename')}: {content.get('evalue')}")

    async def run(self, job: dict) -> dict:
        """Reset the kernel, run one notebook in it, write the executed copy; {ok, failure}."""
        import nbformat
        from nbclient.exceptions import CellExecutionError, DeadKernelError

        nb = prepared(nbformat.read(job["notebook"], as_version=4), job.get("parameters") or {})
        failure, ok = "", False
        try:
            if self.km is not None and not await self.km.is_alive():
                await self.stop()  # it died between notebooks
            if self.km is None:
                await self.start()
            await self.quietly(KERNEL_RESET % (FRESH, job["cwd"], job.get("env") or {}))
            await execute(nb, self.km, self.kc, job["cwd"])
            ok = True
        except CellExecutionError:
            pass  # the failing cell holds the error; the runner reads it from the executed copy
        except (DeadKernelError, KernelSetupError, RuntimeError, TimeoutError, queue.Empty) as exc:
            failure = f"the kernel stopped: {type(exc).__name__}: {exc}".strip()
            await self.stop()  # a new kernel for the next notebook
        finally:
            Path(job["executed"]).parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, job["executed"])
        return {"ok": ok, "failure": failure}


def prepared(nb, parameters: dict):
    """The notebook as it will run: parameters injected as papermill does, no output left from before."""
    if parameters:
        from papermill.parameterize import parameterize_notebook

        nb.metadata.setdefault("papermill", {})
        for cell in nb.cells:  # as papermill's own loader does, for its search of the `parameters` cell
            cell.metadata.setdefault("tags", [])
        nb = parameterize_notebook(nb, parameters, kernel_name=KERNEL, language="python")
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


async def execute(nb, km, kc, cwd: str) -> None:
    """nbclient's own loop over the cells (NotebookClient.async_execute), on a kernel that stays up: without
    the kernel set-up and tear-down, signal handlers and timing metadata that come with it."""
    from jupyter_core.utils import ensure_async
    from nbclient import NotebookClient

    client = NotebookClient(
        nb,
        km=km,
        kernel_name=KERNEL,
        timeout=None,
        iopub_timeout=IOPUB_TIMEOUT,
        raise_on_iopub_timeout=True,
        record_timing=False,
        resources={"metadata": {"path": cwd}},
    )
    client.kc = kc
    client.reset_execution_trackers()
    info = await client.async_wait_for_reply(await ensure_async(kc.kernel_info()))
    if info is not None and "language_info" in info["content"]:
        nb.metadata["language_info"] = info["content"]["language_info"]
    for index, cell in enumerate(nb.cells):
        await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
    client.set_widgets_metadata()


async def serve(replies) -> None:
    """Start the kernel at once (a worker is started ahead of its first notebook), then run jobs until stdin ends."""
    worker = Worker()
    try:
        await worker.start()
    except Exception as exc:  # reported with the first job, which then fails; the next job tries again
        print(f"kernel start failed: {exc!r}", file=sys.stderr)
        await worker.stop()
    try:
        while line := sys.stdin.readline():
            job = json.loads(line)
            try:
                reply = await worker.run(job)
            except Exception as exc:  # a bug here must fail the notebook, not hang the runner
                import traceback

                traceback.print_exc()
                reply = {"ok": False, "failure": f"the notebook could not be run: {type(exc).__name__}: {exc}"}
                await worker.stop()
            replies.write(json.dumps(reply) + "\n")
            replies.flush()
    finally:
        await worker.stop()


def main() -> None:
    die_with_runner()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the runner too; the runner decides
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # the kernel and any library print to stderr, never into the replies
    import asyncio

    asyncio.run(serve(replies))


# -- the runner's side -------------------------------------------------------------------------


class WorkerGone(RuntimeError):
    """A worker process ended (killed, or stopped by the runner) before replying."""


@dataclass
class WorkerProcess:
    """The runner's handle on one worker: send a job, read its reply."""

    proc: subprocess.Popen
    log: Path

    @classmethod
    def spawn(cls, env: dict, log: Path) -> WorkerProcess:
        with open(log, "wb") as err:
            proc = subprocess.Popen(
                [sys.executable, "-m", "referrals.kernels"],
                env={**env, RUNNER_PID_ENV: str(os.getpid())},
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                encoding="utf-8",
            )
        return cls(proc, log)

    def run(self, job: dict) -> dict:
        try:
            self.proc.stdin.write(json.dumps(job, default=str) + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        except (BrokenPipeError, OSError, ValueError):
            line = ""
        if not line:
            raise WorkerGone(self.stderr_tail())
        return json.loads(line)

    def stderr_tail(self, lines: int = 3) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return " | ".join([line for line in text.strip().splitlines() if line.strip()][-lines:])

    def alive(self) -> bool:
        return self.proc.poll() is None

    def end_input(self) -> None:
        """No more jobs: the worker shuts its kernel down and ends."""
        try:
            self.proc.stdin.close()
        except OSError:
            pass

    def wait(self, timeout: float) -> None:
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        self.proc.stdout.close()

    def kill(self) -> None:
        """End the worker now; its kernel dies with it (PR_SET_PDEATHSIG)."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


@dataclass
class Pool:
    """Up to `size` workers, started when first needed (or ahead, with prestart) and reused."""

    size: int
    env: dict
    logs: Path
    idle: list = field(default_factory=list)
    everyone: list = field(default_factory=list)
    closed: bool = False
    cond: threading.Condition = field(default_factory=threading.Condition)

    def _spawn(self) -> WorkerProcess:
        # Linux sends a worker its death signal when the *thread* that started it ends, not only the runner: the
        # threads that start workers (the runner's main thread, its notebook threads) outlive every job they run.
        worker = WorkerProcess.spawn(self.env, self.logs / f"worker-{len(self.everyone) + 1}.log")
        self.everyone.append(worker)
        return worker

    def prestart(self, count: int) -> None:
        """Start workers now (their kernels start and import while the first notebooks run)."""
        with self.cond:
            while not self.closed and len(self.everyone) < min(count, self.size):
                self.idle.append(self._spawn())

    def acquire(self) -> WorkerProcess:
        with self.cond:
            while True:
                if self.closed:
                    raise WorkerGone("the build was stopped")
                while self.idle:
                    worker = self.idle.pop(0)
                    if worker.alive():
                        return worker
                    self.everyone.remove(worker)
                if len(self.everyone) < self.size:
                    return self._spawn()
                self.cond.wait()

    def release(self, worker: WorkerProcess) -> None:
        with self.cond:
            if worker.alive() and not self.closed:
                self.idle.append(worker)
            elif worker in self.everyone:
                self.everyone.remove(worker)
            self.cond.notify()

    def run(self, job: dict) -> dict:
        """Run one job on an idle worker (waiting for one if every worker is busy)."""
        worker = self.acquire()
        try:
            return worker.run(job)
        except WorkerGone:
            worker.kill()  # never handed out again
            raise
        finally:
            self.release(worker)

    def close(self, timeout: float = 10) -> None:
        """After the build: every worker shuts its kernel down and ends (all at once)."""
        with self.cond:
            self.closed = True
            workers = list(self.everyone)
            self.cond.notify_all()
        for worker in workers:
            worker.end_input()
        for worker in workers:
            worker.wait(timeout)

    def kill(self) -> None:
        """On an interrupt: every worker and its kernel end now."""
        with self.cond:
            self.closed = True
            workers = list(self.everyone)
            self.cond.notify_all()
        for worker in workers:
            worker.kill()


if __name__ == "__main__":
    main()
