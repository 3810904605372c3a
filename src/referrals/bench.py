"""`make bench`: how the build performs, as ratios, in one run on this machine.

1. Floor: every notebook's code (default parameters) run in one plain Python process.
2. Full build: `python -m referrals.runner --force` (papermill, a kernel per notebook).
3. No-change rebuild: `make figures` when nothing changed.
4. Test suite: the same command as `make test`.

Steps 1 to 3 run in a temporary copy of the project, so the working tree is untouched.
Results are printed and written to output/bench.json.
"""

from __future__ import annotations

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


def main() -> int:
    root = project_root()
    with tempfile.TemporaryDirectory() as tmp:
        copy = copy_project(root, Path(tmp) / "project")
        cenv = project_environment(copy)
        print("bench: floor (all notebook code in one Python process)...", flush=True)
        floor = _timed([sys.executable, "-c", FLOOR_SCRIPT], copy, cenv)
        print("bench: full build (papermill, every notebook)...", flush=True)
        full = _timed([sys.executable, "-m", "referrals.runner", "--force"], copy, cenv)
        print("bench: no-change rebuild (make figures)...", flush=True)
        venv = Path(sys.prefix)
        nochange = min(
            _timed(["make", "-s", "figures", f"VENV={venv}", f"PYTHON={sys.executable}"], copy, cenv) for _ in range(3)
        )
    print("bench: test suite (make test's command)...", flush=True)
    tests = _timed(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            "tests/nbval_sanitize.cfg",
        ],
        root,
        project_environment(root),
    )
    results = {
        "machine": machine(),
        "floor_seconds": round(floor, 2),
        "full_build_seconds": round(full, 2),
        "full_build_over_floor": round(full / floor, 2),
        "no_change_rebuild_seconds": round(nochange, 3),
        "no_change_over_1s_target": round(nochange / 1.0, 3),
        "test_suite_seconds": round(tests, 1),
        "test_suite_over_180s_target": round(tests / 180.0, 2),
    }
    out = root / "output" / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nmachine: {results['machine']}")
    print(
        f"full build / floor:          {results['full_build_over_floor']:.2f}x  ({full:.1f}s vs {floor:.1f}s; "
        "target within 2x)"
    )
    print(
        f"no-change rebuild / 1 s:     {results['no_change_over_1s_target']:.3f}x  ({nochange:.3f}s; target under 1 s)"
    )
    print(
        f"test suite / 3 min:          {results['test_suite_over_180s_target']:.2f}x  ({tests:.0f}s; target "
        "under 180 s)"
    )
    print(f"written to {out.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
