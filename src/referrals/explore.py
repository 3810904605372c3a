"""`make explore`: the database served with Datasette on 127.0.0.1, described for a fact-checker.

Three steps, each its own function:

- `refresh(root)`: the build step `make figures` ends with. It (re)writes
  output/referrals.db (`database.build`) and output/metadata.json only when an input
  changed (the data, the claims, the package code, the pinned requirements), so a
  no-change build stays instant; nothing heavy is imported until then.
- `metadata(tables)`: Datasette's metadata: title, description, licence and sources, a
  description per table and column (the columns of data/ from the same declarations as
  validation and the data package), facets, and canned queries for the main findings.
- `serve(root, port)`: Datasette on 127.0.0.1 only, the database immutable. Datasette
  serves its own CSS and JavaScript (no CDN) and no plugin is installed, so it works
  offline. The project's own plugin (explore_plugin) refuses a Host that is not local,
  serves the database `make figures` rebuilt meanwhile, and answers a bad `_sort` with 400.
"""

from __future__ import annotations

import hashlib
import json
import socket
import sys
import time
from pathlib import Path

from . import staging
from .errors import DataError, ParameterError
from .escaping import plain, web_url
from .paths import project_root, relative

DATABASE = "referrals"  # Datasette names a database after its file: /referrals/figures
METADATA = "metadata.json"
HOST = "127.0.0.1"
DEFAULT_PORT = 8001
#: What the database is built from: a change to any of these rebuilds it.
INPUT_GLOBS = ("data/raw/*", "data/processed/*", "claims/*.csv", "src/referrals/**/*.py", "requirements.txt")

TITLE = "UK police referrals of migrant victims of crime: figures, claims and fact-checks"
DESCRIPTION = (
    "UK police referred 2,672 migrant victims of crime to Home Office Immigration Enforcement between May 2020 and "
    "September 2022 (The Detail and the Guardian, 2023). Here is every number published about it, every claim "
    "outlets made with it, and the fact-check of each claim. Start with the ledger (facet by verdict), "
    "contradicted_or_inconsistent, or a canned query below; search any table's quotes and explanations."
)
LICENSE = "MIT (the transcription, tables and code); the quoted articles remain their publishers' copyright"
LICENSE_URL = "https://opensource.org/licenses/MIT"

#: label_column: what Datasette shows for a row another table links to.
LABELS = {"sources": "outlet", "figures": "description", "claims": "quote", "qualifiers": "meaning"}
SORT = {"figures": "figure_id", "comparisons": "comparison_id", "ledger": "claim_id", "claims": "claim_id"}


# --- the canned queries -------------------------------------------------------------------------


def queries() -> dict:
    """The main findings as queries a reporter can run with one field filled in."""
    from .database import NAMES_FORCE, WRONG

    return {
        "claims_an_outlet_got_wrong": {
            "title": "Claims an outlet got wrong",
            "description": "Contradicted claims, and claims inconsistent across sources, outlet by outlet, with the "
            "likely origin of each wrong number. Leave outlet empty for every outlet, or type part of its name.",
            "sql": f"""select outlet, claim_id, quote, claimed, verdict, explanation, likely_origin, url
from ledger
where verdict in {WRONG} and (:outlet = '' or outlet like '%' || :outlet || '%')
order by outlet, claim_id""",
            "params": ["outlet"],
        },
        "figures_for_force": {
            "title": "Every figure for one police force",
            "description": "Type a force's id, name or a name the sources use ('Met', 'PSNI', 'West Midlands').",
            "sql": f"""select figures.figure_id, forces.name as force, figures.measure, figures.crime_type_name,
  figures.period_start, figures.period_end, figures.value, figures.qualifier, figures.outlet, figures.quote
from figures join forces on {NAMES_FORCE}
where :force <> '' and (forces.force_id = lower(:force)
  or lower(forces.name) like '%' || lower(:force) || '%'
  or ('|' || lower(forces.aliases) || '|') like '%|' || lower(:force) || '|%')
order by forces.name, figures.figure_id""",
            "params": ["force"],
        },
        "claims_using_figure": {
            "title": "Every claim a figure was used in",
            "description": "Type a figure_id (e.g. detail_total): every claim it was held against, alone or inside a "
            "derived sum, with the comparison's outcome and the claim's verdict.",
            "sql": """select comparisons.claim_id, ledger.outlet, ledger.quote, ledger.verdict, comparisons.relation,
  comparisons.outcome, comparisons.figure as compared_as, comparisons.explanation
from comparison_figures
join comparisons on comparisons.comparison_id = comparison_figures.comparison_id
join ledger on ledger.claim_id = comparisons.claim_id
where comparison_figures.figure_id = :figure_id
order by comparisons.comparison_id""",
            "params": ["figure_id"],
        },
        "search_quotes": {
            "title": "Search every quote and explanation",
            "description": "Words or a phrase (searched as typed, stems included: 'refer' finds 'referred') in the "
            "figures' quotes, the claims' quotes and the ledger's explanations.",
            "sql": """select 'figure' as found_in, figures.figure_id as id, figures.outlet, figures.quote as text
from figures_fts join figures on figures.rowid = figures_fts.rowid
where :text <> '' and figures_fts match '"' || replace(:text, '"', '""') || '"'
union all
select 'claim', claims.claim_id, claims.outlet, claims.quote
from claims_fts join claims on claims.rowid = claims_fts.rowid
where :text <> '' and claims_fts match '"' || replace(:text, '"', '""') || '"'
union all
select 'explanation', ledger.claim_id, ledger.outlet, ledger.explanation
from ledger_fts join ledger on ledger.rowid = ledger_fts.rowid
where :text <> '' and ledger_fts match '"' || replace(:text, '"', '""') || '"'""",
            "params": ["text"],
        },
    }


# --- the metadata -------------------------------------------------------------------------------


def _table_metadata(table) -> dict:
    out = {"description": plain(table.description), "columns": {c: plain(t) for c, t in table.columns.items()}}
    if table.facets:
        out["facets"] = list(table.facets)
    if table.name in LABELS:
        out["label_column"] = LABELS[table.name]
    if table.name in SORT:
        out["sort"] = SORT[table.name]
    return out


def metadata(tables, sources) -> dict:
    """Datasette's metadata for the database's tables and views; `sources` gives the top-level source."""
    from .database import VIEWS

    first = sources.iloc[0]  # the investigation itself (data/raw/sources.csv lists it first)
    described = {t.name: _table_metadata(t) for t in tables}
    described.update({name: {"description": text} for name, (text, _) in VIEWS.items()})
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "license": LICENSE,
        "license_url": LICENSE_URL,
        # Datasette shows descriptions as escaped text and links source_url: plain text, and only an http(s) link
        "source": plain(
            f"{first['outlet']}: {first['title']} ({first['published']}); every source is in the sources table"
        ),
        "source_url": web_url(first["url"]),
        "databases": {
            DATABASE: {
                "description": "Built by `make figures` from data/processed/, data/raw/ and claims/ (docs/explore.md).",
                "tables": described,
                "queries": queries(),
            }
        },
    }


# --- the build step -----------------------------------------------------------------------------


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    files = sorted({p for g in INPUT_GLOBS for p in root.glob(g) if p.is_file() and "__pycache__" not in p.parts})
    for p in files:
        h.update(relative(p, root).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def outputs(root: Path) -> list[Path]:
    return [root / "output" / "referrals.db", root / "output" / METADATA]


def _stamp(root: Path) -> Path:
    return root / "output" / ".build" / "database.json"


def up_to_date(root: Path) -> bool:
    """The inputs are those of the last build and its outputs are untouched."""
    try:
        recorded = json.loads(_stamp(root).read_text())
    except (OSError, ValueError):
        return False
    current = {relative(p, root): _sha(p) for p in outputs(root)}
    return recorded.get("inputs") == _digest(root) and recorded.get("outputs") == current


def write(root: Path, extra_tables=None) -> list[Path]:
    """Build the database and its metadata from data/processed/ and the default claims files."""
    from . import database
    from .ledger import DEFAULT_CLAIMS, run_ledger
    from .sources import load_published

    data = load_published(root / "data" / "processed")
    ledger = run_ledger(DEFAULT_CLAIMS, data)
    tables = database.tables(data, ledger, extra_tables)
    text = json.dumps(metadata(tables, data.sources), indent=2, ensure_ascii=False) + "\n"
    with staging.replacing_files(outputs(root)) as (db_path, meta_path):  # both, or neither
        database.write_new(db_path, tables)
        meta_path.write_text(text, encoding="utf-8")
    return outputs(root)


def refresh(root: Path | None = None, say=print, force: bool = False) -> list[Path]:
    """Rebuild the database if an input changed; say what happened in one line."""
    root = Path(root or project_root())
    if not force and up_to_date(root):
        say(f"database {relative(outputs(root)[0], root)}: up to date")
        return []
    start = time.perf_counter()
    written = write(root)
    stamp = _stamp(root)
    recorded = {"inputs": _digest(root), "outputs": {relative(p, root): _sha(p) for p in written}}
    staging.write_text(stamp, json.dumps(recorded, indent=1, sort_keys=True))
    from .database import describe

    say(f"database {describe(written[0])} (built in {time.perf_counter() - start:.1f}s)")
    return written


# --- serving ------------------------------------------------------------------------------------


def check_port(port: int) -> None:
    """A port Datasette can listen on, or one message saying why not (before Datasette starts)."""
    if not 1 <= port <= 65535:
        raise ParameterError(f"PORT={port}: must be a port number from 1 to 65535, e.g. make explore PORT=8002")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError as exc:
            raise ParameterError(
                f"PORT={port}: cannot listen on {HOST}:{port} ({exc.strerror or exc}); is another `make explore` "
                f"running? Stop it, or choose another port: make explore PORT={port + 1}"
            ) from None


def serve_args(root: Path, port: int) -> list[str]:
    db_path, meta_path = outputs(root)
    for path in (db_path, meta_path):
        if not path.exists():
            raise DataError(f"{relative(path, root)}: missing; run `make figures` first (or `make explore`)")
    return ["serve", "-i", str(db_path), "--metadata", str(meta_path), "--host", HOST, "--port", str(port)]


def serve(root: Path, port: int) -> None:
    """Datasette on 127.0.0.1:port until Ctrl-C."""
    args = serve_args(root, port)
    check_port(port)
    from datasette.cli import cli
    from datasette.plugins import pm

    from . import explore_plugin

    if not pm.is_registered(explore_plugin):
        pm.register(explore_plugin, name="referrals-explore")

    print(f"Exploring {relative(outputs(root)[0], root)} at http://{HOST}:{port}/{DATABASE} (Ctrl-C to stop)")
    sys.stdout.flush()
    cli.main(args=args, prog_name="datasette", standalone_mode=False)


def port_number(text: str) -> int:
    """PORT as typed (make explore PORT=...): a whole number, or one message."""
    if not text.isascii() or not text.isdigit():
        raise ParameterError(f"PORT={text!r}: must be a whole number, e.g. make explore PORT=8002")
    return int(text)
