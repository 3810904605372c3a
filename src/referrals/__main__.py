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
    foi.add_argument("release", type=Path, help="the release: .xlsx, .ods, .csv or a PDF letter")
    foi.add_argument(
        "--out",
        type=str,  # str, not Path: Path drops the trailing '/' that marks a folder
        default=None,
        help="write the tidy release to this CSV (relative to the project root; never under data/raw/)",
    )
    foi.add_argument(
        "--dataset",
        default="ho-foi-2023",
        help="the request the release answers, as a dataset id of data/raw/sources.csv (default ho-foi-2023, the "
        "request The Detail reported); its figures can make the release disagree, others are context",
    )
    synth = sub.add_parser(
        "synthetic-release",
        help="write a SYNTHETIC demonstration release (.xlsx) whose totals are the published figures",
    )
    synth.add_argument(
        "--out",
        type=str,
        required=True,
        help="the workbook to write, with SYNTHETIC in its name, e.g. output/SYNTHETIC-foi-release.xlsx",
    )
    synth.add_argument(
        "--months",
        nargs="?",
        const="columns",
        choices=["columns", "rows"],
        default=None,
        help="by month, May 2020 to September 2022: across the columns (the default) or down the rows",
    )
    led = sub.add_parser(
        "ledger",
        help="check claims files: print each verdict with its explanation; write ledger.csv, comparisons.csv, "
        "report.md and claimreview.json",
    )
    led.add_argument("claims", nargs="*", help="claims files (default: the project's own, in claims/)")
    led.add_argument("--out", default="output/fact-check", help="folder for the outputs (default output/fact-check)")
    text = sub.add_parser(
        "claims-from-text",
        help="draft a claims file from an article (text, Markdown or HTML): every numeric claim, scoped for review",
    )
    text.add_argument("article", type=Path, help="the article: a .txt, .md or .html file (an address is never fetched)")
    text.add_argument("--source-id", default=None, help="the outlet's id in data/raw/sources.csv, or a new id")
    text.add_argument("--outlet", default=None, help="the outlet's name (needed for a new outlet)")
    text.add_argument("--url", default=None, help="the article's address, recorded in the draft, never fetched")
    text.add_argument("--out", default=None, help="the draft to write (default output/claims-draft.csv)")
    package = sub.add_parser(
        "datapackage",
        help="regenerate datapackage.json (the Frictionless data package of data/raw/ and data/processed/)",
    )
    package.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if datapackage.json is not what would be generated"
    )
    dbase = sub.add_parser(
        "database", help="(re)build output/referrals.db and its Datasette metadata if an input changed"
    )
    dbase.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    explore = sub.add_parser("explore", help="serve output/referrals.db with Datasette on 127.0.0.1 (make explore)")
    explore.add_argument("--port", default="8001", help="the port (default 8001)")
    args = parser.parse_args(argv)

    from . import manifest
    from .paths import relative, resolve_output

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
    elif args.command in ("load-foi", "claims-from-text"):  # the commands that read one input file
        return (
            _load_foi(args.release, args.out, args.dataset) if args.command == "load-foi" else _claims_from_text(args)
        )
    elif args.command == "synthetic-release":
        _synthetic_release(args.out, args.months)
    elif args.command == "datapackage":
        return _datapackage(args.check)
    elif args.command in ("database", "explore"):
        from . import explore as explore_

        if args.command == "database":
            explore_.refresh(force=args.force)
        else:
            explore_.serve(explore_.project_root(), explore_.port_number(args.port))
    elif args.command == "ledger":
        from .ledger import DEFAULT_CLAIMS, printable, run_ledger, write_outputs
        from .sources import load_raw

        files = args.claims or DEFAULT_CLAIMS
        data = load_raw()
        ledger = run_ledger(files, data)
        written = write_outputs(ledger, args.out, [str(f) for f in files], data)
        say(printable(ledger.table))
        say("wrote " + ", ".join(relative(p) for p in written))
    return 0


def _claims_from_text(args) -> int:
    """Draft a claims file from an article; say what was found, what was left out and what to do next."""
    from . import fromtext

    out = args.out or fromtext.DEFAULT_OUT
    target = fromtext.output_file(out, args.article)  # refused before anything is read or written
    result = fromtext.draft(args.article, args.source_id, args.outlet, args.url)
    fromtext.save(result, target)
    for line in fromtext.summary(result, target, "" if not args.url else f"{args.url} recorded, not fetched"):
        say(line)
    return 0


def _datapackage(check: bool) -> int:
    """Write datapackage.json, or with --check say whether the committed one is current."""
    from . import datapackage

    if check:
        if datapackage.is_current():
            print(f"{datapackage.FILE_NAME} is current")
            return 0
        print(f"{datapackage.FILE_NAME} is out of date: run `make datapackage` and commit it", file=sys.stderr)
        return 1
    path = datapackage.write()
    print(f"wrote {path.name}: validate it with `frictionless validate {path.name}`")
    return 0


def _load_foi(release_path: Path, out: str | None, dataset: str) -> int:
    """Load, cross-check and report a release; exit 1 if it disagrees with a figure of the same request."""
    from . import foi
    from .paths import relative
    from .release.output import output_path

    target = output_path(out, source=release_path) if out else None  # refused before anything is read or written
    release = foi.load_release(release_path)
    report = foi.cross_check(release, dataset=dataset)
    if target:
        foi.write_tidy(release, target)
        say(f"wrote {relative(target)}")
    say(foi.format_report(release, report))
    return 1 if not foi.disagreements(report).empty else 0


def _synthetic_release(out: str, months: str | None) -> None:
    """Write the SYNTHETIC workbook; its name must say SYNTHETIC, as its contents do."""
    from .errors import ParameterError
    from .paths import relative
    from .release.output import output_path
    from .release.synthetic import write_synthetic_release

    example = "output/SYNTHETIC-foi-release.xlsx"
    target = output_path(out, example=example)
    if "synthetic" not in target.name.lower() or target.suffix.lower() != ".xlsx":
        raise ParameterError(f"--out {out}: a SYNTHETIC release needs SYNTHETIC in its .xlsx file name, e.g. {example}")
    write_synthetic_release(target, months)
    say(f"wrote {relative(target)}: a SYNTHETIC release whose totals are the published figures (never real data)")


if __name__ == "__main__":
    sys.exit(main())
