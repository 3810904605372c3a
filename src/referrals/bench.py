"""`make bench`: how the build performs on this machine, as ratios and ranges over several runs.

1. Fresh clone to figures: `git clone` of this repository, then `make figures` there,
   creating its own environment (uv, with the package cache as it is).
2. Floor: every notebook's code (default parameters), then the database, in one plain Python process.
3. Full build: `python -m referrals.runner --force` (warm kernels, see kernels), right after its floor.
4. No-change rebuild: `make figures` when nothing changed.
5. Test suite: the same command as `make test`, and once `make test-long` (not budgeted).
6. Ledger at scale: `python -m referrals ledger` on a SYNTHETIC claims file of 50,000 claims
   (`referrals.ledger.synthetic_claims`), in a copy of the project: wall-clock and CPU time (its worker
   processes' included), and the peak memory of the process (with worker processes: of them all, each shared
   page counted once).

Steps 1 to 4 run in temporary copies, so the working tree is untouched. Each is run
`--runs` times (default 3) and reported as its range, in seconds of wall-clock time and of
CPU time (user and system, of the whole process tree): on a machine other work is loading,
wall-clock times stretch, while the CPU time and the full build's CPU over its floor's
still compare the build with itself. The load average before and after is recorded.
The results, with the budgets, are printed and written to output/bench.json. A timed
test would be flaky on a shared machine; this is a measurement, read by people.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .paths import copy_project, project_root
from .runner import project_environment

#: The floor: the build's work in one plain Python process, every notebook's code (default parameters), then the
#: database the build writes after them (output/referrals.db).
FLOOR_SCRIPT = r"""
import json, os, sys
from pathlib import Path
root = Path.cwd()
os.chdir(root / "notebooks")
for nb_path in sorted(Path(".").glob("[0-9][0-9]-*.ipynb")):
    nb = json.loads(nb_path.read_text())
    namespace = {"__name__": "__main__"}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{nb_path.name}", "exec"), namespace)
from referrals.explore import refresh
refresh(root, force=True)
"""

#: The budgets on this project's machine (2 cores), from the developers' guide: seconds, or a ratio to the floor.
BUDGETS = {
    "fresh_clone_to_figures": 45.0,
    "full_build_over_floor": 1.3,
    "no_change_rebuild": 0.5,
    "test_suite": 90.0,
    "ledger_seconds": 60.0,
    "ledger_peak_mb": 500.0,
}
#: How many SYNTHETIC claims the ledger is measured on (an archive a fact-checking desk could hold; issue 24).
LEDGER_CLAIMS = 50_000

#: Writes the SYNTHETIC claims file in the project copy (argv: its path, the number of claims).
SYNTHETIC_CLAIMS_SCRIPT = r"""
import sys
from referrals.ledger.synthetic_claims import write_synthetic_claims
from referrals.sources import load_raw
write_synthetic_claims(sys.argv[1], load_raw(), int(sys.argv[2]))
"""


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(cmd, cwd: Path, env: dict) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of the command's whole process tree)."""
    cpu, start = _cpu_of_children(), time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed, cpu = time.perf_counter() - start, _cpu_of_children() - cpu
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(map(str, cmd))} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed, cpu


def _status_mb(pid: int, field: str) -> float | None:
    """A field of a running process's /proc status (VmHWM: its peak resident memory so far, which starts afresh
    at exec; VmRSS: its resident memory now), in MB; None once it is gone (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def _high_water_mb(pid: int) -> float | None:
    return _status_mb(pid, "VmHWM")


def _descendants(pid: int) -> list[int]:
    """The processes a process started, and theirs (the ledger's worker processes), from /proc."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _pss_mb(pid: int) -> float:
    """A running process's proportional set size in MB: its resident memory, with each page it shares with other
    processes (a forked worker's pages it has not written to) counted as its share; 0 once it is gone (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return 0.0
    return 0.0


def _tree_mb(pid: int, children: list[int]) -> float:
    """The memory of a process and the processes it started, added up: their proportional set sizes, so that
    memory they share counts once (their resident sizes added would count a forked worker's shared pages again
    for each worker)."""
    return sum(_pss_mb(p) for p in [pid, *children])


def _timed_peak(cmd, cwd: Path, env: dict) -> tuple[float, float, float]:
    """(wall-clock seconds, CPU seconds, peak resident memory in MB) of one process and any it starts: its own peak,
    read from /proc while it runs (its rusage's ru_maxrss would count the memory of the process that started it,
    from before exec), or, while it has worker processes, the largest sum of their memory sampled (`_tree_mb`)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        peak, children, tick, scanned = 0.0, [], 0, -1.0
        while True:
            found = _high_water_mb(proc.pid)  # read before reaping: the numbers go with the process
            now = time.perf_counter()
            if now - scanned >= 0.5:  # look for worker processes twice a second (a scan of /proc costs the machine),
                children, scanned = _descendants(proc.pid), now  # by the clock, not by ticks, which stretch under load
            if children and tick % 5 == 0:  # and add up their memory every fifth tick (about 0.1 s)
                peak = max(peak, _tree_mb(proc.pid, children))
            tick += 1
            peak = max(peak, found or 0.0)
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            errors.seek(0)
            sys.exit(f"bench: {' '.join(map(str, cmd))} failed:\n{errors.read().decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, peak


def ledger_at_scale(root: Path, tmp: Path, claims: int) -> tuple[float, float, float]:
    """The ledger command on `claims` SYNTHETIC claims, in a copy of the project (the file is written first)."""
    copy = copy_project(root, tmp / "project")
    env = project_environment(copy)
    path = copy / "output" / f"SYNTHETIC-claims-{claims}.csv"
    _timed([sys.executable, "-c", SYNTHETIC_CLAIMS_SCRIPT, str(path), str(claims)], copy, env)
    command = [sys.executable, "-m", "referrals", "ledger", str(path), "--out", "output/SYNTHETIC-ledger"]
    return _timed_peak(command, copy, env)


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    python = f"Python {platform.python_version()}"
    return f"{os.cpu_count()} cores, {cpu or platform.processor()}, {python}, {platform.system()}"


def load() -> float:
    """The one-minute load average (how busy the machine is: above its cores, timings stretch)."""
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else 0.0


def fresh_clone(root: Path, tmp: Path) -> tuple[float, float]:
    """git clone, then make figures in the clone: environment and build, as a newcomer's first run."""
    clone = tmp / "clone"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "REFERRALS_ROOT", "JUPYTER_PATH")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    cpu, start = _cpu_of_children(), time.perf_counter()
    subprocess.run(["git", "clone", "--quiet", str(root), str(clone)], check=True, env=env)
    _timed(["make", "-s", "figures"], clone, env)
    return time.perf_counter() - start, _cpu_of_children() - cpu


def _build_pair(root: Path, tmp: Path) -> dict[str, tuple[float, float]]:
    """The floor, the full build and the no-change rebuild, back to back in a fresh copy of the project."""
    copy = copy_project(root, tmp / "project")
    env = project_environment(copy)
    floor = _timed([sys.executable, "-c", FLOOR_SCRIPT], copy, env)
    shutil.rmtree(copy / "output" / ".build", ignore_errors=True)  # the build does all of the floor's work again
    full = _timed([sys.executable, "-m", "referrals.runner", "--force"], copy, env)
    venv = Path(sys.prefix)
    make = ["make", "-s", "figures", f"VENV={venv}", f"PYTHON={sys.executable}"]
    nochange = min((_timed(make, copy, env) for _ in range(3)), key=lambda timing: timing[0])
    return {"floor": floor, "full": full, "nochange": nochange}


def _range(values: list[float], digits: int = 2) -> dict:
    rounded = [round(v, digits) for v in values]
    return {"min": min(rounded), "max": max(rounded), "runs": rounded}


def measure(
    root: Path, runs: int, with_tests: bool, with_long: bool, with_builds: bool = True, claims: int = LEDGER_CLAIMS
) -> dict:
    found: dict[str, list[float]] = {}

    def add(key: str, timing: tuple[float, float]) -> None:
        found.setdefault(key, []).append(timing[0])
        found.setdefault(key + "_cpu", []).append(timing[1])

    load_before = load()
    for n in range(1, runs + 1) if claims else ():
        print(f"bench: ledger on {claims:,} SYNTHETIC claims, run {n} of {runs}...", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            wall, cpu, peak = ledger_at_scale(root, Path(tmp), claims)
        add("ledger_seconds", (wall, cpu))
        found.setdefault("ledger_peak_mb", []).append(peak)
    for n in range(1, runs + 1) if with_builds else ():
        print(f"bench: run {n} of {runs}: fresh clone to figures, floor, full build, no-change rebuild...", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            add("fresh_clone_to_figures", fresh_clone(root, Path(tmp)))
        with tempfile.TemporaryDirectory() as tmp:
            pair = _build_pair(root, Path(tmp))
        add("floor_seconds", pair["floor"])
        add("full_build_seconds", pair["full"])
        add("no_change_rebuild", pair["nochange"])
        found.setdefault("full_build_over_floor", []).append(pair["full"][0] / pair["floor"][0])
        found.setdefault("full_build_cpu_over_floor_cpu", []).append(pair["full"][1] / pair["floor"][1])
    env = project_environment(root)
    if with_tests:
        for n in range(1, runs + 1):
            print(f"bench: test suite, run {n} of {runs} (make test, the environment built)...", flush=True)
            add("test_suite", _timed(["make", "--no-print-directory", "test"], root, env))
    if with_long:
        print("bench: the long tier, once (make test-long, not budgeted)...", flush=True)
        add("test_long", _timed(["make", "--no-print-directory", "test-long"], root, env))
    digits = {"no_change_rebuild": 3, "full_build_over_floor": 2, "full_build_cpu_over_floor_cpu": 2}
    results = {"machine": machine(), "load_average": {"before": load_before, "after": load()}, "claims": claims}
    results |= {key: _range(values, digits.get(key, 1)) for key, values in found.items()}
    results["budgets"] = BUDGETS
    return results


def report(results: dict) -> str:
    def line(label: str, key: str, unit: str, budget_word: str = "") -> str:
        r = results[key]
        budget = results["budgets"].get(key)
        met = "met" if budget is not None and r["max"] <= budget else "NOT met"
        within = "" if budget is None else f"; budget {budget_word} {budget:g}{unit}: {met}"
        cpu = results.get(key + "_cpu")
        cpu_text = f" (CPU {cpu['min']:g} to {cpu['max']:g} s)" if cpu else ""
        return f"{label:32s} {r['min']:g} to {r['max']:g}{unit}{cpu_text} over {len(r['runs'])} run(s){within}"

    lines = [f"machine: {results['machine']}"]
    load_average, cores = results["load_average"], os.cpu_count() or 1
    lines.append(f"load average: {load_average['before']:g} before, {load_average['after']:g} after ({cores} cores)")
    if max(load_average.values()) > cores / 2:
        lines.append("  (other work was loading the machine: wall-clock times stretch; read the CPU times and ratios)")
    if "full_build_seconds" in results:
        lines.append(line("fresh clone to figures", "fresh_clone_to_figures", " s", "under"))
        lines.append(line("full build / one-process floor", "full_build_over_floor", "x", "within"))
        lines.append(line("  (its CPU / the floor's CPU)", "full_build_cpu_over_floor_cpu", "x"))
        lines.append(line("  (full build)", "full_build_seconds", " s"))
        lines.append(line("  (floor)", "floor_seconds", " s"))
        lines.append(line("no-change make figures", "no_change_rebuild", " s", "under"))
    if "ledger_seconds" in results:
        lines.append(line(f"ledger, {results['claims']:,} SYNTHETIC claims", "ledger_seconds", " s", "under"))
        lines.append(line("  (its peak resident memory)", "ledger_peak_mb", " MB", "under"))
    if "test_suite" in results:
        lines.append(line("make test", "test_suite", " s", "under"))
    if "test_long" in results:
        lines.append(line("make test-long (not budgeted)", "test_long", " s"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m referrals.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="how many times to run each measure (default 3)")
    parser.add_argument("--no-tests", action="store_true", help="skip the test suites")
    parser.add_argument("--no-long", action="store_true", help="skip the long tier (make test-long)")
    parser.add_argument("--no-builds", action="store_true", help="skip the clone, floor, build and rebuild measures")
    parser.add_argument(
        "--claims",
        type=int,
        default=LEDGER_CLAIMS,
        help=f"SYNTHETIC claims to measure the ledger on (default {LEDGER_CLAIMS:,}; 0 skips it)",
    )
    args = parser.parse_args(argv)
    root = project_root()
    results = measure(
        root,
        max(1, args.runs),
        not args.no_tests,
        not (args.no_tests or args.no_long),
        with_builds=not args.no_builds,
        claims=max(0, args.claims),
    )
    out = root / "output" / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print("\n" + report(results))
    print(f"written to {out.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
