"""`make bench`: how the build performs on this machine, as ratios and ranges over several runs.

1. Fresh clone to figures: `git clone` of this repository, then `make figures` there,
   creating its own environment (uv, with the package cache as it is).
2. Floor: every notebook's code (default parameters) run in one plain Python process.
3. Full build: `python -m referrals.runner --force` (papermill, a kernel per notebook).
4. No-change rebuild: `make figures` when nothing changed.
5. Test suite: the same command as `make test`.

Steps 1 to 4 run in temporary copies, so the working tree is untouched. Each is run
`--runs` times (default 3) and reported as its range; the results, with the budgets, are
printed and written to output/bench.json. A timed test would be flaky on a shared
machine; this is a measurement, read by people.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .paths import copy_project, project_root
from .runner import project_environment

FLOOR_SCRIPT = r"""
import json, os, sys
from pathlib import Path
os.chdir(Path.cwd() / "notebooks")
for nb_path in sorted(Path(".").glob("[0-9][0-9]-*.ipynb")):
    nb = json.loads(nb_path.read_text())
    namespace = {"__name__": "__main__"}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{nb_path.name}", "exec"), namespace)
"""

#: The budgets on this project's machine (2 cores): seconds, or a ratio to the floor.
BUDGETS = {"fresh_clone_to_figures": 60.0, "full_build_over_floor": 1.5, "no_change_rebuild": 0.5, "test_suite": 120.0}


def _timed(cmd, cwd: Path, env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(map(str, cmd))} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed


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


def fresh_clone(root: Path, tmp: Path) -> float:
    """git clone, then make figures in the clone: environment and build, as a newcomer's first run."""
    clone = tmp / "clone"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "REFERRALS_ROOT", "JUPYTER_PATH")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    start = time.perf_counter()
    subprocess.run(["git", "clone", "--quiet", str(root), str(clone)], check=True, env=env)
    _timed(["make", "-s", "figures"], clone, env)
    return time.perf_counter() - start


def _build_pair(root: Path, tmp: Path) -> tuple[float, float, float]:
    """(floor, full build, no-change rebuild) in a fresh copy of the project."""
    copy = copy_project(root, tmp / "project")
    env = project_environment(copy)
    floor = _timed([sys.executable, "-c", FLOOR_SCRIPT], copy, env)
    full = _timed([sys.executable, "-m", "referrals.runner", "--force"], copy, env)
    venv = Path(sys.prefix)
    make = ["make", "-s", "figures", f"VENV={venv}", f"PYTHON={sys.executable}"]
    nochange = min(_timed(make, copy, env) for _ in range(3))
    return floor, full, nochange


def _range(values: list[float], digits: int = 2) -> dict:
    rounded = [round(v, digits) for v in values]
    return {"min": min(rounded), "max": max(rounded), "runs": rounded}


def measure(root: Path, runs: int, with_tests: bool) -> dict:
    clones, floors, fulls, ratios, nochanges = [], [], [], [], []
    for n in range(1, runs + 1):
        print(f"bench: run {n} of {runs}: fresh clone to figures, floor, full build, no-change rebuild...", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            clones.append(fresh_clone(root, Path(tmp)))
        with tempfile.TemporaryDirectory() as tmp:
            floor, full, nochange = _build_pair(root, Path(tmp))
        floors.append(floor)
        fulls.append(full)
        ratios.append(full / floor)
        nochanges.append(nochange)
    results = {
        "machine": machine(),
        "fresh_clone_to_figures": _range(clones, 1),
        "floor_seconds": _range(floors, 1),
        "full_build_seconds": _range(fulls, 1),
        "full_build_over_floor": _range(ratios, 2),
        "no_change_rebuild": _range(nochanges, 3),
        "budgets": BUDGETS,
    }
    if with_tests:
        print("bench: test suite (make test, the environment built)...", flush=True)
        cmd = ["make", "--no-print-directory", "test"]
        results["test_suite"] = _range([_timed(cmd, root, project_environment(root))], 1)
    return results


def report(results: dict) -> str:
    def line(label: str, key: str, unit: str, budget_word: str) -> str:
        r = results[key]
        budget = results["budgets"].get(key)
        met = "met" if budget is not None and r["max"] <= budget else "NOT met"
        within = "" if budget is None else f"; budget {budget_word} {budget:g}{unit}: {met}"
        return f"{label:30s} {r['min']:g} to {r['max']:g}{unit} over {len(r['runs'])} run(s){within}"

    lines = [f"machine: {results['machine']}"]
    lines.append(line("fresh clone to figures", "fresh_clone_to_figures", " s", "under"))
    lines.append(line("full build / one-process floor", "full_build_over_floor", "x", "within"))
    lines.append(line("  (full build)", "full_build_seconds", " s", ""))
    lines.append(line("  (floor)", "floor_seconds", " s", ""))
    lines.append(line("no-change make figures", "no_change_rebuild", " s", "under"))
    if "test_suite" in results:
        lines.append(line("test suite", "test_suite", " s", "under"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m referrals.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="how many times to run each measure (default 3)")
    parser.add_argument("--no-tests", action="store_true", help="skip the test suite")
    args = parser.parse_args(argv)
    root = project_root()
    results = measure(root, max(1, args.runs), not args.no_tests)
    out = root / "output" / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print("\n" + report(results))
    print(f"written to {out.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
