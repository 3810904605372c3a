"""The score of the last `make mutation` run: mutants killed (a test failed, or ran out of time) over all mutants
matching the patterns given, and every one that survived, by name (`mutmut show NAME` prints its change).

Usage: python tests/mutation_score.py [--goal 0.9] PATTERN... (run from the project root, after `mutmut run`).
Exits 1 when the score is below the goal.
"""

from __future__ import annotations

import argparse
import collections
import fnmatch
import json
import sys
from pathlib import Path

from mutmut.stats import status_by_exit_code

DETECTED = {"killed", "timeout"}


def results(patterns: list[str], folder: Path = Path("mutants")) -> dict[str, str]:
    """Mutant name -> mutmut's status, for the mutants matching any pattern."""
    out = {}
    for meta in sorted(folder.rglob("*.py.meta")):
        for name, code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items():
            if any(fnmatch.fnmatch(name, p) for p in patterns):
                out[name] = status_by_exit_code[code]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("patterns", nargs="+")
    parser.add_argument("--goal", type=float, default=0.9)
    args = parser.parse_args(argv)
    found = results(args.patterns)
    if not found:
        print("no mutants found: run `make mutation` first")
        return 1
    by_module = collections.defaultdict(collections.Counter)
    for name, status in found.items():
        by_module[name.rsplit(".", 1)[0]][status] += 1
    for module, statuses in sorted(by_module.items()):
        detected = sum(statuses[s] for s in DETECTED)
        print(f"{module}: {detected} of {sum(statuses.values())} killed  {dict(sorted(statuses.items()))}")
    survivors = sorted(name for name, status in found.items() if status not in DETECTED)
    score = 1 - len(survivors) / len(found)
    for name in survivors:
        print(f"  {found[name]}: {name}")
    killed = len(found) - len(survivors)
    print(f"mutation score: {killed} of {len(found)} mutants killed ({score:.1%}; goal {args.goal:.0%})")
    return 0 if score >= args.goal else 1


if __name__ == "__main__":
    sys.exit(main())
