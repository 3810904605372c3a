"""Command line: `python -m referrals <command>`; see `python -m referrals --help`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import run_cli, say
from .explore import DEFAULT_PORT

#: What a command's exit status says: done; a check found a difference (a release that disagrees with a published
#: figure, a data package out of date). A user error (errors.UserError) exits 2 and an interrupt 128 + the signal:
#: errors.run_cli maps those, for every command, at this one boundary.
EXIT_DONE, EXIT_DIFFERENCE = 0, 1


@dataclass(frozen=True)
class Command:
    """One subcommand: its help, its arguments (argparse's positional and keyword arguments) and its function."""

    name: str
    help: str
    run: Callable[[argparse.Namespace], int]
    arguments: tuple[tuple[tuple, dict], ...]


COMMANDS: dict[str, Command] = {}


def command(name: str, help: str, *arguments: tuple[tuple, dict]):
    """Register the decorated function as the subcommand `name`."""

    def register(run: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = Command(name, help, run, arguments)
        return run

    return register


def arg(*names: str, **options) -> tuple[tuple, dict]:
    return names, options


def typed(value: str) -> str:
    """A path typed on the command line, taken from the current folder, as the project names it: relative to the
    project folder when inside it (so that messages name it as typed from there), else absolute."""
    from .paths import project_path

    return project_path(value)


@command("verify", "check data/raw/ against its manifest")
def verify(args: argparse.Namespace) -> int:
    from . import manifest

    names = manifest.verify()
    say(f"raw data OK: {len(names)} files match data/raw/MANIFEST.sha256")
    return EXIT_DONE


@command("stamp", "record the current raw files in the manifest (a deliberate act)")
def stamp(args: argparse.Namespace) -> int:
    from . import manifest

    lines = manifest.stamp()
    say(f"stamped {len(lines)} raw files into data/raw/MANIFEST.sha256; commit it with the change and its source")
    return EXIT_DONE


@command("validate", "verify and validate the raw tables, write nothing")
def validate(args: argparse.Namespace) -> int:
    from .sources import load_raw

    raw = load_raw()
    say(f"raw data valid: {len(raw.sources)} sources, {len(raw.figures)} figures")
    return EXIT_DONE


@command(
    "build-data",
    "verify, validate and write data/processed/",
    arg("--out", default=None, help="output folder under output/ (default data/processed)"),
)
def build_data(args: argparse.Namespace) -> int:
    from .paths import relative, resolve_output
    from .processed import build

    out = resolve_output(typed(args.out), "--out") if args.out else None
    for path in build(out_directory=out):
        say(f"wrote {relative(path)}")
    return EXIT_DONE


@command(
    "load-foi",
    "load a Home Office FOI release and cross-check it against the published figures",
    arg("release", type=Path, help="the release: .xlsx, .ods, .csv or a PDF letter"),
    arg(
        "--out",
        type=str,  # str, not Path: Path drops the trailing '/' that marks a folder
        default=None,
        help="write the tidy release to this CSV (relative to the current folder; never under data/raw/)",
    ),
    arg(
        "--dataset",
        default="ho-foi-2023",
        help="the request the release answers, as a dataset id of data/raw/sources.csv (default ho-foi-2023, the "
        "request The Detail reported); its figures can make the release disagree, others are context",
    ),
)
def load_foi(args: argparse.Namespace) -> int:
    """Load, cross-check and report a release; exit 1 if it disagrees with a figure of the same request."""
    from . import foi
    from .paths import relative, typed_path
    from .release.output import output_path

    release_path = Path(typed_path(args.release))
    target = output_path(typed(args.out), source=release_path) if args.out else None  # refused before any work
    release = foi.load_release(release_path)
    report = foi.cross_check(release, dataset=args.dataset)
    if target:
        foi.write_tidy(release, target)
        say(f"wrote {relative(target)}")
    say(foi.format_report(release, report))
    return EXIT_DIFFERENCE if not foi.disagreements(report).empty else EXIT_DONE


@command(
    "synthetic-release",
    "write a SYNTHETIC demonstration release (.xlsx) whose totals are the published figures",
    arg(
        "--out",
        type=str,
        required=True,
        help="the workbook to write, with SYNTHETIC in its name, e.g. output/SYNTHETIC-foi-release.xlsx",
    ),
    arg(
        "--months",
        nargs="?",
        const="columns",
        choices=["columns", "rows"],
        default=None,
        help="by month, May 2020 to September 2022: across the columns (the default) or down the rows",
    ),
)
def synthetic_release(args: argparse.Namespace) -> int:
    """Write the SYNTHETIC workbook; its name must say SYNTHETIC, as its contents do."""
    from .errors import ParameterError
    from .paths import relative
    from .release.output import output_path
    from .release.synthetic import write_synthetic_release

    example = "output/SYNTHETIC-foi-release.xlsx"
    target = output_path(typed(args.out), example=example)
    if "synthetic" not in target.name.lower() or target.suffix.lower() != ".xlsx":
        raise ParameterError(
            f"--out {args.out}: a SYNTHETIC release needs SYNTHETIC in its .xlsx file name, e.g. {example}"
        )
    write_synthetic_release(target, args.months)
    say(f"wrote {relative(target)}: a SYNTHETIC release whose totals are the published figures (never real data)")
    return EXIT_DONE


@command(
    "ledger",
    "check claims files: print each verdict with its explanation; write ledger.csv, comparisons.csv, report.md and "
    "claimreview.json",
    arg("claims", nargs="*", help="claims files (default: the project's own, in claims/)"),
    arg(
        "--out",
        default=None,
        help="folder for the outputs, e.g. ../my-checks (default output/fact-check); never in data/ or figures/",
    ),
)
def ledger(args: argparse.Namespace) -> int:
    from .ledger import DEFAULT_CLAIMS, printable, read_claims, stream_outputs
    from .ledger.write import ledger_folder
    from .paths import relative
    from .sources import load_raw

    files = [typed(f) for f in args.claims] or DEFAULT_CLAIMS
    out = typed(args.out) if args.out else "output/fact-check"
    ledger_folder(out)  # refused before any work: a refusal changes nothing
    data = load_raw()
    # claims are judged and written as they are read; a problem in any of them leaves the outputs as they were
    table, written = stream_outputs(read_claims(files, data), data, out, [str(f) for f in files])
    say(printable(table))
    say("Wrote " + ", ".join(relative(p) for p in written))
    return EXIT_DONE


@command(
    "claims-from-text",
    "draft a claims file from an article (text, Markdown or HTML): every numeric claim, scoped for review",
    arg("article", type=Path, help="the article: a .txt, .md or .html file (an address is never fetched)"),
    arg("--source-id", default=None, help="the outlet's id in data/raw/sources.csv, or a new id"),
    arg("--outlet", default=None, help="the outlet's name (needed for a new outlet)"),
    arg("--url", default=None, help="the article's address, recorded in the draft, never fetched"),
    arg("--out", type=str, default=None, help="the draft to write (default output/claims-draft.csv)"),
)
def claims_from_text(args: argparse.Namespace) -> int:
    """Draft a claims file from an article; say what was found, what was left out and what to do next."""
    from . import fromtext
    from .paths import typed_path

    article = Path(typed_path(args.article))
    target = fromtext.output_file(typed(args.out) if args.out else fromtext.DEFAULT_OUT, article)  # refused first
    result = fromtext.draft(article, args.source_id, args.outlet, args.url)
    fromtext.save(result, target)
    recorded = f"the address {args.url} recorded, not fetched" if args.url else ""
    for line in fromtext.summary(result, target, recorded):
        say(line)
    return EXIT_DONE


@command(
    "datapackage",
    "regenerate datapackage.json (the Frictionless data package of data/raw/ and data/processed/)",
    arg(
        "--check", action="store_true", help="write nothing; exit 1 if datapackage.json is not what would be generated"
    ),
)
def datapackage(args: argparse.Namespace) -> int:
    """Write datapackage.json, or with --check say whether the committed one is current."""
    from . import datapackage as package

    if args.check:
        if package.is_current():
            print(f"{package.FILE_NAME} is current")
            return EXIT_DONE
        print(f"{package.FILE_NAME} is out of date: run `make datapackage` and commit it", file=sys.stderr)
        return EXIT_DIFFERENCE
    path = package.write()
    print(f"wrote {path.name}: validate it with `frictionless validate {path.name}`")
    return EXIT_DONE


@command(
    "database",
    "(re)build output/referrals.db and its Datasette metadata if an input changed",
    arg("--force", action="store_true", help="rebuild even if nothing changed"),
)
def database(args: argparse.Namespace) -> int:
    from . import explore

    explore.refresh(force=args.force)
    return EXIT_DONE


@command(
    "explore",
    "serve output/referrals.db with Datasette on 127.0.0.1 (make explore)",
    arg("--port", default=str(DEFAULT_PORT), help=f"the port (default {DEFAULT_PORT})"),
)
def explore(args: argparse.Namespace) -> int:
    from . import explore as explore_

    explore_.serve(explore_.project_root(), explore_.port_number(args.port))
    return EXIT_DONE


def parser() -> argparse.ArgumentParser:
    out = argparse.ArgumentParser(prog="python -m referrals", description=__doc__)
    sub = out.add_subparsers(dest="command", required=True)
    for cmd in COMMANDS.values():
        subparser = sub.add_parser(cmd.name, help=cmd.help)
        for names, options in cmd.arguments:
            subparser.add_argument(*names, **options)
    return out


@run_cli
def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return COMMANDS[args.command].run(args)


if __name__ == "__main__":
    sys.exit(main())
