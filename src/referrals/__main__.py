"""Command line: `python -m referrals <command>`; see `python -m referrals --help`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import run_cli


@run_cli
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m referrals", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("verify", help="check data/raw/ against its manifest")
    sub.add_parser("stamp", help="record the current raw files in the manifest (a deliberate act)")
    sub.add_parser("validate", help="verify and validate the raw tables, write nothing")
    build = sub.add_parser("build-data", help="verify, validate and write data/processed/")
    build.add_argument("--out", type=Path, default=None, help="output folder (default data/processed)")
    foi = sub.add_parser(
        "load-foi", help="load a Home Office FOI release and cross-check it against the published figures"
    )
    foi.add_argument("release", type=Path)
    foi.add_argument("--out", type=Path, default=None, help="write the tidy release to this CSV")
    led = sub.add_parser(
        "ledger",
        help="check claims files: print each verdict with its explanation; write ledger.csv, comparisons.csv, "
        "report.md and claimreview.json",
    )
    led.add_argument("claims", nargs="*", help="claims files (default: the project's own, in claims/)")
    led.add_argument("--out", default="output/fact-check", help="folder for the outputs (default output/fact-check)")
    args = parser.parse_args(argv)

    from . import manifest
    from .paths import relative

    if args.command == "verify":
        names = manifest.verify()
        print(f"raw data OK: {len(names)} files match data/raw/MANIFEST.sha256")
    elif args.command == "stamp":
        lines = manifest.stamp()
        print(f"stamped {len(lines)} raw files into data/raw/MANIFEST.sha256; commit it with the change and its source")
    elif args.command == "validate":
        from .sources import load_raw

        raw = load_raw()
        print(f"raw data valid: {len(raw.sources)} sources, {len(raw.figures)} figures")
    elif args.command == "build-data":
        from .processed import build as build_data

        for path in build_data(out_directory=args.out):
            print(f"wrote {relative(path)}")
    elif args.command == "load-foi":
        from . import foi

        release = foi.load_release(args.release)
        report = foi.cross_check(release)
        if args.out:
            foi.write_tidy(release, args.out)
            print(f"wrote {args.out}")
        print(foi.format_report(release, report))
        return 1 if not foi.disagreements(report).empty else 0
    elif args.command == "ledger":
        from . import claims
        from .sources import load_raw

        files = args.claims or claims.DEFAULT_CLAIMS
        data = load_raw()
        ledger = claims.run_ledger(files, data)
        written = claims.write_outputs(ledger, args.out, [str(f) for f in files], data)
        print(claims.printable(ledger.table))
        print("wrote " + ", ".join(relative(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
