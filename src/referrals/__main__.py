"""Command line: `python -m referrals <command>`; see `python -m referrals --help`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import run_cli, say


@run_cli
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m referrals", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("verify", help="check data/raw/ against its manifest")
    sub.add_parser("stamp", help="record the current raw files in the manifest (a deliberate act)")
    sub.add_parser("validate", help="verify and validate the raw tables, write nothing")
    build = sub.add_parser("build-data", help="verify, validate and write data/processed/")
    build.add_argument("--out", default=None, help="output folder under output/ (default data/processed)")
    foi = sub.add_parser(
        "load-foi", help="load a Home Office FOI release and cross-check it against the published figures"
    )
    foi.add_argument("release", type=Path)
    foi.add_argument("--out", default=None, help="write the tidy release to this CSV (in a folder under output/)")
    led = sub.add_parser(
        "ledger", help="check claims files and print the verdicts (the fact-check notebook writes the files)"
    )
    led.add_argument("claims", nargs="*", default=["claims/published-claims.csv"])
    args = parser.parse_args(argv)

    from . import manifest
    from .paths import relative, resolve_output, resolve_output_file

    if args.command == "verify":
        names = manifest.verify()
        say(f"raw data OK: {len(names)} files match data/raw/MANIFEST.sha256")
    elif args.command == "stamp":
        lines = manifest.stamp()
        say(f"stamped {len(lines)} raw files into data/raw/MANIFEST.sha256; commit it with the change and its source")
    elif args.command == "validate":
        from .sources import load_raw

        raw = load_raw()
        say(f"raw data valid: {len(raw.sources)} sources, {len(raw.figures)} figures")
    elif args.command == "build-data":
        from .processed import build as build_data

        out = resolve_output(args.out, "--out") if args.out else None
        for path in build_data(out_directory=out):
            say(f"wrote {relative(path)}")
    elif args.command == "load-foi":
        from . import foi

        out = resolve_output_file(args.out, "--out") if args.out else None
        release = foi.load_release(args.release)
        report = foi.cross_check(release)
        if out:
            foi.write_tidy(release, out)
            say(f"wrote {relative(out)}")
        say(foi.format_report(release, report))
        return 1 if not foi.disagreements(report).empty else 0
    elif args.command == "ledger":
        from . import claims
        from .sources import load_raw

        table = claims.run_ledger(args.claims, load_raw())
        for r in table.itertuples(index=False):
            say(f"{r.verdict:37s} {r.claim_id:42s} claimed {r.claimed!r}; computed {r.computed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
