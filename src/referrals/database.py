"""The explorable database: every figure, source, claim, verdict and comparison in one SQLite file.

Fact-checkers explore a dataset before they trust it: filter the figures by source,
measure or force, see every claim a figure was used in, query, export. `build` writes
`output/referrals.db` for Datasette (`make explore`) or any SQLite client:

- `sources`, `figures` (data/processed/), the vocabularies (`measures`, `qualifiers`, `populations`,
  `crime_types`, `forces`, `geographies`: data/raw/);
- `claims` (one row per claim, with what it counts), `ledger` (one row per claim and
  its verdict, as output/fact-check/ledger.csv), `comparisons` (one row per claim and
  figure compared) and `comparison_figures` (every published figure a comparison used,
  those inside a derived sum such as `sum(a, b)` included);
- any `extra_tables` the caller passes, e.g. a Home Office release's tidy table and its
  cross-check: `build(path, data, ledger, {"release": tidy, "release_check": report})`.
  A frame's `attrs["description"]` and `attrs["columns"]` (column -> text) describe it.

Foreign keys join them (`PRAGMA foreign_key_check` is empty, or the build refuses);
quotes and explanations are full-text searchable (FTS5); views hold the findings.
Deterministic: rows in a fixed order, no timestamps, VACUUMed, so two builds give the same
bytes; built in the staging folder and swapped in when complete (staging.replacing_files).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import sqlite_utils

from . import expr, fields, staging
from .compare import CONTRADICTED, INCONSISTENT
from .csvfiles import read_text_table
from .errors import DataError
from .paths import project_root, relative

FILE_NAME = "referrals.db"


@dataclass(frozen=True)
class DbTable:
    """A table to write: its rows, key, links, searchable columns and what it and its columns mean."""

    name: str
    frame: pd.DataFrame
    description: str
    columns: Mapping[str, str]
    pk: str | None = None
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, other table, other column)
    search: tuple[str, ...] = ()
    numeric: tuple[str, ...] = ()  # numbers: INTEGER when every value is whole (read back as integers), else REAL
    facets: tuple[str, ...] = field(default=())


# --- the tables -------------------------------------------------------------------------------


def _described(table: fields.Table) -> dict[str, str]:
    return {f.name: f.description for f in table.fields}


def _vocabulary(directory: Path, table: fields.Table, **options) -> DbTable:
    """A vocabulary file as it is (validated when the data was loaded), one row per id, in file order."""
    rows, header = read_text_table(directory / Path(table.path).name)
    frame = pd.DataFrame([r for _, r in rows], columns=header, dtype=object)
    numeric = tuple(f.name for f in table.fields if f.type in ("number", "integer"))
    for column in numeric:
        frame[column] = pd.to_numeric(frame[column])
    return DbTable(
        table.name, frame, table.description, _described(table), pk=table.primary_key, numeric=numeric, **options
    )


def vocabularies(directory: Path) -> list[DbTable]:
    return [
        _vocabulary(directory, fields.MEASURES, foreign_keys=(("source_id", "sources", "source_id"),)),
        _vocabulary(directory, fields.QUALIFIERS),
        _vocabulary(directory, fields.CRIME_TYPES),
        _vocabulary(directory, fields.FORCES, facets=("nation", "kind")),
        _vocabulary(directory, fields.GEOGRAPHIES),
        *(
            [_vocabulary(directory, fields.POPULATIONS, foreign_keys=(("source_id", "sources", "source_id"),))]
            if (directory / Path(fields.POPULATIONS.path).name).exists()
            else []
        ),
    ]


def sources_table(data) -> DbTable:
    return DbTable(
        "sources",
        data.sources[fields.SOURCES.columns],
        fields.SOURCES.description,
        _described(fields.SOURCES),
        pk="source_id",
        search=("outlet", "title", "notes"),
        facets=("kind", "role", "dataset"),
    )


def figures_table(data) -> DbTable:
    from .processed import PUBLISHED_COLUMNS

    declared = fields.published_fields(PUBLISHED_COLUMNS)
    return DbTable(
        "figures",
        data.figures[PUBLISHED_COLUMNS],
        "One row per published number (data/processed/published_figures.csv): what it counts, its period, value, "
        "the source's wording and a quote. A figure given only in words has no value; see qualifier.",
        {f.name: f.description for f in declared},
        pk="figure_id",
        foreign_keys=(
            ("source_id", "sources", "source_id"),
            ("measure", "measures", "measure"),
            ("qualifier", "qualifiers", "qualifier"),
            ("part_of", "figures", "figure_id"),
            ("restates", "figures", "figure_id"),
        ),
        search=("description", "quote", "notes"),
        numeric=("value",),
        facets=("source_id", "measure", "geography", "crime_type", "qualifier"),
    )


LEDGER_DESCRIPTIONS = {
    "claim_id": "The claim (claims).",
    "outlet": "Who published the claim.",
    "url": "The page the claim appeared on.",
    "source_id": "The claim's source (sources), or the id a claims file gives an outlet not in sources.csv.",
    "quote": "The claim's words, at most 25.",
    "claimed": "The number as worded: '2,672', 'more than 2,000', 'nearly 2,700', 'a quarter'.",
    "read_as": "The range of true values the words allow (claims/README.md, 'Reading the words').",
    "what_it_counts": "What the claim counts, in words: measure, places, crime types and period.",
    "measure": "What the claim counts (measures).",
    "geography": "The places it covers: canonical ids (forces, geographies) joined with '+'.",
    "crime_type": "The crime types it covers: canonical ids (crime_types) joined with '+'.",
    "period": "The period it covers, in words, as precisely as the outlet gave it.",
    "rule": "'auto' when the ledger found the figures to compare itself; else the rule the claims file names.",
    "verdict": "confirmed, consistent with rounding or wording, contradicted, inconsistent across sources, or not "
    "verifiable with the data here.",
    "explanation": "The verdict in one line, its plain word first (Correct, Fair as worded, Wrong, Sources disagree, "
    "Cannot be checked), then why.",
    "sources_say": "What the published figures behind the verdict give, by who published them.",
    "working": "The working beneath the verdict in plain words: the likely origin first, how the words were read, "
    "each figure the claim was held against and how it was checked.",
    "statistics": "Where monthly rates were compared: how far apart they are, in standard errors.",
    "computed": "The values the verdict rests on.",
    "figures_used": "Each figure that decided the verdict, with its value, period and outlet.",
    "independent": "'yes' when a figure used comes from another source than the claim's, 'no' when all come from "
    "the claim's own; empty when none was used.",
    "likely_origin": "For a contradicted or inconsistent claim: the simplest arithmetic on published figures that "
    "gives the claimed number. A hypothesis, not a finding.",
    "comparisons": "How many figures the claim was compared with (comparisons).",
    "notes": "How the claim was read.",
    "file": "The claims file it comes from.",
}

CLAIM_DESCRIPTIONS = {
    "claim_id": "The claim's id, unique across the claims files.",
    "source_id": "Its source (sources); empty for an outlet that is not in sources.csv (see outlet and url).",
    "outlet": LEDGER_DESCRIPTIONS["outlet"],
    "url": LEDGER_DESCRIPTIONS["url"],
    "quote": LEDGER_DESCRIPTIONS["quote"],
    "claimed": LEDGER_DESCRIPTIONS["claimed"],
    "read_as": LEDGER_DESCRIPTIONS["read_as"],
    "measure": LEDGER_DESCRIPTIONS["measure"] + " Empty for a claim only a rule can check.",
    "geography": LEDGER_DESCRIPTIONS["geography"],
    "crime_type": LEDGER_DESCRIPTIONS["crime_type"],
    "period_start": "The first month as the claims file gives it: YYYY-MM, YYYY, or 'unknown'.",
    "period_end": "The last month as the claims file gives it: YYYY-MM, YYYY, or 'unknown'.",
    "period_months": "A length the outlet states: N months, or N..M for a length given in years.",
    "period": LEDGER_DESCRIPTIONS["period"],
    "rule": "The rule the claims file names (share, ratio, order, not-verifiable...); empty: the ledger chooses.",
    "checked_against": "The rule's first side: figure ids, or arithmetic on them.",
    "compare_with": "The rule's second side.",
    "parameters": "The rule's parameters, key=value separated by ';'.",
    "reason": "For a not-verifiable claim: why the data cannot check it.",
    "notes": LEDGER_DESCRIPTIONS["notes"],
    "file": LEDGER_DESCRIPTIONS["file"],
    "line": "Its row in that file.",
}

COMPARISON_DESCRIPTIONS = {
    "comparison_id": "The comparison's number, in ledger order.",
    "claim_id": "The claim compared (claims).",
    "figure": "What it was held against: a figure id, or arithmetic on figure ids for a value the data imply "
    "(the sum of a complete breakdown's parts, a total minus its other parts).",
    "figure_id": "The figure, when it is one published figure (figures); empty for a derived value, whose figures "
    "are in comparison_figures.",
    "source": "Who published the figure.",
    "value": "The figure's value, with its qualifier.",
    "period": "The figure's period.",
    "relation": "How claim and figure relate: the same scope, one period inside the other, overlapping periods, a "
    "narrower or wider place or group, or a different one (context only).",
    "outcome": "What the comparison found.",
    "claim_monthly_rate": "The claim's value per month of its period.",
    "figure_monthly_rate": "The figure's value per month of its period.",
    "standard_errors": "How far apart the two monthly rates are, in standard errors of a Poisson model with extra "
    "month-to-month variation (more than 3.29 is beyond chance); empty where no rates were compared.",
    "explanation": "The comparison in words.",
}

COMPARISON_FIGURE_DESCRIPTIONS = {
    "comparison_id": "The comparison (comparisons).",
    "figure_id": "A published figure it used (figures), alone or inside a derived value.",
}


def _claims_files(ledger) -> dict[str, tuple[int, dict[str, str]]]:
    """claim_id -> (row, cells as written) from every claims file the ledger read."""
    out = {}
    for name in dict.fromkeys(e.row.file for e in ledger.entries):
        path = Path(name) if Path(name).is_absolute() else project_root() / name
        rows, _ = read_text_table(path)
        out.update({cells.get("claim_id", ""): (line, cells) for line, cells in rows})
    return out


def claims_table(data, ledger) -> DbTable:
    """One row per claim: its words and what it counts, canonical ids beside the periods as written."""
    written = _claims_files(ledger)
    known = set(data.sources["source_id"])
    records = []
    for entry, verdict in zip(ledger.entries, ledger.table.itertuples(index=False)):
        line, cells = written[entry.row.claim_id]
        record = {c: cells.get(c, "") for c in CLAIM_DESCRIPTIONS}
        record.update({c: getattr(verdict, c) for c in ("outlet", "url", "read_as", "measure", "geography")})
        record.update({c: getattr(verdict, c) for c in ("crime_type", "period", "file")})
        record.update(source_id=entry.row.source_id if entry.row.source_id in known else "", line=line)
        records.append(record)
    return DbTable(
        "claims",
        pd.DataFrame(records, columns=list(CLAIM_DESCRIPTIONS)),
        "One row per claim an outlet published (claims/*.csv): its words, how they were read, and what it counts.",
        CLAIM_DESCRIPTIONS,
        pk="claim_id",
        foreign_keys=(("source_id", "sources", "source_id"), ("measure", "measures", "measure")),
        search=("quote", "claimed", "notes"),
        numeric=("line",),
        facets=("source_id", "measure", "geography", "crime_type", "rule"),
    )


def ledger_table(ledger) -> DbTable:
    from .ledger import LEDGER_COLUMNS

    return DbTable(
        "ledger",
        ledger.table[LEDGER_COLUMNS],
        "The fact-check ledger (output/fact-check/ledger.csv): one row per claim with its verdict and why.",
        {c: LEDGER_DESCRIPTIONS[c] for c in LEDGER_COLUMNS},
        pk="claim_id",
        foreign_keys=(("claim_id", "claims", "claim_id"),),
        search=("quote", "explanation", "likely_origin"),
        numeric=("comparisons",),
        facets=("verdict", "outlet", "measure", "geography", "crime_type", "independent"),
    )


def _figure_ids(text: str, known: set[str]) -> list[str]:
    """The published figures a comparison's figure names: itself, or those inside its arithmetic."""
    if text in known:
        return [text]
    try:
        return [i for i in dict.fromkeys(expr.identifiers(expr.parse(text))) if i in known]
    except expr.ExpressionError:
        return []


def comparison_tables(data, ledger) -> list[DbTable]:
    """Every claim-figure comparison, and every published figure each one used (derived sums unpacked)."""
    from .ledger import COMPARISON_COLUMNS

    known = set(data.figures["figure_id"])
    frame = ledger.comparisons[COMPARISON_COLUMNS].reset_index(drop=True)
    frame.insert(0, "comparison_id", range(1, len(frame) + 1))
    frame.insert(3, "figure_id", [f if f in known else "" for f in frame["figure"]])
    used = [(n, i) for n, text in zip(frame["comparison_id"], frame["figure"]) for i in _figure_ids(text, known)]
    return [
        DbTable(
            "comparisons",
            frame,
            "One row per claim and figure compared (output/fact-check/comparisons.csv), with how their scopes relate "
            "and what the comparison found.",
            COMPARISON_DESCRIPTIONS,
            pk="comparison_id",
            foreign_keys=(("claim_id", "claims", "claim_id"), ("figure_id", "figures", "figure_id")),
            search=("explanation",),
            numeric=("comparison_id",),
            facets=("outcome", "relation", "source"),
        ),
        DbTable(
            "comparison_figures",
            pd.DataFrame(used, columns=["comparison_id", "figure_id"]),
            "Every published figure each comparison used, those inside a derived value (a sum of parts) included: "
            "join it to find every claim a figure was used in.",
            COMPARISON_FIGURE_DESCRIPTIONS,
            foreign_keys=(("comparison_id", "comparisons", "comparison_id"), ("figure_id", "figures", "figure_id")),
            numeric=("comparison_id",),
        ),
    ]


def tables(data, ledger, extra_tables: Mapping[str, pd.DataFrame] | None = None) -> list[DbTable]:
    """Every table of the database, in the order it is written."""
    core = [
        sources_table(data),
        *vocabularies(data.directory),
        figures_table(data),
        claims_table(data, ledger),
        ledger_table(ledger),
        *comparison_tables(data, ledger),
    ]
    return core + [_extra(name, frame, {t.name for t in core}) for name, frame in (extra_tables or {}).items()]


def _extra(name: str, frame: pd.DataFrame, taken: set[str]) -> DbTable:
    """A caller's table (a release and its cross-check), written as given; `frame.attrs` may describe it."""
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,62}", name) or name in taken or name in VIEWS:
        raise ValueError(f"extra table {name!r}: use lower-case letters, digits and _, not a name the database has")
    numeric = tuple(c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]))
    description = frame.attrs.get("description", f"Table {name}, added by the build that passed it.")
    return DbTable(name, frame, description, dict(frame.attrs.get("columns", {})), numeric=numeric)


# --- the findings, as views -------------------------------------------------------------------

WRONG = f"('{CONTRADICTED}', '{INCONSISTENT}')"
#: A figure names a force when its geography is the force, alone or joined with others by '+'.
NAMES_FORCE = "('+' || figures.geography || '+') like ('%+' || forces.force_id || '+%')"

VIEWS = {
    "contradicted_or_inconsistent": (
        "Every claim the published figures contradict, or that agrees with some figures and not others.",
        f"""select claim_id, outlet, quote, claimed, read_as, verdict, explanation, likely_origin, figures_used, url
from ledger where verdict in {WRONG}
order by outlet, claim_id""",
    ),
    "verdicts_by_outlet": (
        "How many claims each outlet got of each verdict.",
        """select outlet, verdict, count(*) as claims from ledger
group by outlet, verdict order by outlet, verdict""",
    ),
    "figures_by_force": (
        "Every figure that names a police force (alone, or joined with other places by '+'), force by force.",
        f"""select forces.force_id, forces.name as force, forces.nation, figures.figure_id, figures.measure,
  figures.crime_type_name as crime_types, figures.period_start, figures.period_end, figures.value,
  figures.qualifier, figures.outlet, figures.quote
from figures join forces on {NAMES_FORCE}
order by forces.name, figures.figure_id""",
    ),
    "figure_claims": (
        "Every claim each published figure was held against, alone or inside a derived sum, with the verdict.",
        """select comparison_figures.figure_id, comparisons.claim_id, ledger.outlet, ledger.quote, ledger.verdict,
  comparisons.relation, comparisons.outcome, comparisons.figure as compared_as, comparisons.comparison_id
from comparison_figures
join comparisons on comparisons.comparison_id = comparison_figures.comparison_id
join ledger on ledger.claim_id = comparisons.claim_id
order by comparison_figures.figure_id, comparisons.comparison_id""",
    ),
}


# --- writing ------------------------------------------------------------------------------------


def _column_type(table: DbTable, column: str) -> type:
    """A column's type: text, or for numbers int when every value is whole (SQLite then reads them back as
    integers) and float otherwise."""
    if column not in table.numeric:
        return str
    values = pd.to_numeric(table.frame[column]).dropna()
    return int if (values == values.round()).all() else float


def _create(db: sqlite_utils.Database, table: DbTable) -> None:
    """The table with a type per column, its primary key (never empty) and every foreign key."""
    columns = list(table.frame.columns)
    db[table.name].create(
        {column: _column_type(table, column) for column in columns},
        pk=table.pk,
        foreign_keys=list(table.foreign_keys),
        column_order=columns,
        not_null=[table.pk] if table.pk else [],
    )


def _cell(value, numeric: bool):
    """Missing (empty text, NaN) is NULL; whole numbers are stored as integers."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    if numeric:
        number = float(value)
        return int(number) if number.is_integer() else number
    text = str(value)
    return text if text else None


def _rows(table: DbTable):
    columns = list(table.frame.columns)
    numeric = [c in table.numeric for c in columns]
    for row in table.frame.itertuples(index=False, name=None):
        yield {c: _cell(v, n) for c, v, n in zip(columns, row, numeric)}


def _write(db: sqlite_utils.Database, all_tables: list[DbTable]) -> None:
    for table in all_tables:
        _create(db, table)
        db[table.name].insert_all(_rows(table), column_order=list(table.frame.columns), batch_size=500)
    for table in all_tables:
        if table.search:
            db[table.name].enable_fts(list(table.search), tokenize="porter", create_triggers=False)
    for name, (_, sql) in VIEWS.items():
        db.create_view(name, sql)
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise DataError(
            f"{FILE_NAME}: {len(broken)} row(s) break a foreign key",
            [f"table {t}, row {r}: no such row in {o}" for t, r, o, _ in broken],
        )


def build(path: Path, data, ledger, extra_tables: Mapping[str, pd.DataFrame] | None = None) -> Path:
    """Write the database at `path` from the published figures and their ledger.

    `data` is what `sources.load_published()` returns, `ledger` what `ledger.run_ledger`
    returned for it; `extra_tables` maps table names to frames written as they are (a
    release's tidy table and its cross-check), described by `frame.attrs`.
    """
    return write(path, tables(data, ledger, extra_tables))


def write(path: Path, all_tables: list[DbTable]) -> Path:
    """Write the tables, all or nothing: built in the staging folder, swapped in once complete."""
    with staging.replacing_files([path]) as (staged,):
        write_new(staged, all_tables)
    return Path(path)


def write_new(path: Path, all_tables: list[DbTable]) -> None:
    """Write the tables into a new database file at `path` (a staged path, never read until complete)."""
    db = sqlite_utils.Database(path)
    # A half-written staged file is thrown away, never read: no need to sync or journal to disk.
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA journal_mode = MEMORY")
    _write(db, all_tables)
    db.vacuum()
    db.close()


def describe(path: Path) -> str:
    """One line for the build's output: where, how many rows of what."""
    db = sqlite_utils.Database(path)
    counts = {name: db[name].count for name in ("figures", "sources", "claims", "ledger", "comparisons")}
    db.close()
    return f"{relative(path)}: " + ", ".join(f"{n} {name}" for name, n in counts.items())
