"""`make bench`: how the build performs on this machine, as ratios and ranges over several runs.

1. Fresh clone to figures: `git clone` of this repository, then `make figures` there,
   creating its own environment (uv, with the package cache as it is).
2. Floor: every notebook's code (default parameters), then the database, in one plain Python process.
3. Full build: `python -m referrals.runner --force` (warm kernels, see kernels), right after its floor.
4. No-change rebuild: `make figures` when nothing changed.
5. Test suite: the same command as `make test`, and once `make test-long` (not budgeted).

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
BUDGETS = {"fresh_clone_to_figures": 45.0, "full_build_over_floor": 1.3, "no_change_rebuild": 0.5, "test_suite": 90.0}


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


def measure(root: Path, runs: int, with_tests: bool, with_long: bool) -> dict:
    found: dict[str, list[float]] = {}

    def add(key: str, timing: tuple[float, float]) -> None:
        found.setdefault(key, []).append(timing[0])
        found.setdefault(key + "_cpu", []).append(timing[1])

    load_before = load()
    for n in range(1, runs + 1):
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
    results = {"machine": machine(), "load_average": {"before": load_before, "after": load()}}
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
    lines.append(line("fresh clone to figures", "fresh_clone_to_figures", " s", "under"))
    lines.append(line("full build / one-process floor", "full_build_over_floor", "x", "within"))
    lines.append(line("  (its CPU / the floor's CPU)", "full_build_cpu_over_floor_cpu", "x"))
    lines.append(line("  (full build)", "full_build_seconds", " s"))
    lines.append(line("  (floor)", "floor_seconds", " s"))
    lines.append(line("no-change make figures", "no_change_rebuild", " s", "under"))
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
    args = parser.parse_args(argv)
    root = project_root()
    results = measure(root, max(1, args.runs), not args.no_tests, not (args.no_tests or args.no_long))
    out = root / "output" / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print("\n" + report(results))
    print(f"written to {out.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
