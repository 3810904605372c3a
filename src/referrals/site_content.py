"""What the site's pages say, as plain data for its templates: sections, figures, tables, the ledger.

Everything a reader sees comes from the data: the registry builds each figure
(title, finding, description, chart) and its table; notes on the data come from
the published figures table; the ledger's rows from `output/fact-check/ledger.csv`.
This module only chooses and formats. The only words typed here are labels
(headings, column names), and a test checks that none of them holds a digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd

from . import export, registry
from .months import period_label
from .sources import RawData


@dataclass(frozen=True)
class Section:
    """One page of the site, by topic."""

    slug: str
    nav: str
    heading: str
    figures: tuple[str, ...] = ()
    intro: str = ""

    @property
    def href(self) -> str:
        return f"{self.slug}.html"


SECTIONS = (
    Section("overview", "Overview", "How many victims were referred", ("headline",)),
    Section("crime-types", "Crime types", "Which crimes the victims had reported", ("crime-types",)),
    Section("forces", "Forces", "Which forces referred victims", ("forces",)),
    Section("scotland", "Scotland", "Police Scotland", ("scotland",)),
    Section("northern-ireland", "Northern Ireland", "Northern Ireland", ("psni", "honccu")),
    Section("fact-check", "Fact-check", "Fact-check: every published claim, recomputed"),
    Section("data", "Data & methods", "Data and methods"),
)
SECTION_OF = {name: s for s in SECTIONS for name in s.figures}

#: Table columns readers see, in order, with their headings; anything else (ids, ranks, flags) stays in the CSV.
COLUMN_HEADINGS = {
    "value": None,  # the figure's measure ("Victims referred")
    "share_of_total": "Share of the total",
    "share_of_previous": "Share of the row above",
    "period": "Period",
    "qualifier": "As published",
    "source": "Source",
}
LABEL_COLUMNS = ("name", "label", "stage", "outlet")
QUALIFIER_WORDS = {
    "exact": "exact",
    "": "exact",
    "derived": "derived (total minus what was itemised)",
    "each of the": "counted from the source's words",
}
NO_VALUE = "\u2014"


@dataclass
class Table:
    """An HTML table: a caption, column headings, and rows of (text, is_number) cells, the first a row header."""

    caption: str
    headings: list[str]
    rows: list[list[tuple[str, bool]]]
    csv: str = ""
    row_ids: list[str] = field(default_factory=list)  # an anchor per row, for links to it


@dataclass
class FigureView:
    """One figure on a page: its words, its chart (a compiled Vega spec), its notes, table and sources."""

    name: str
    section: Section
    title: str
    subtitle: list[str]
    summary: str
    about: str
    description: str
    notes: list[str]
    table: Table
    sources: list[dict]
    spec: str = ""
    lines: list[str] = field(default_factory=list)
    downloads: list[tuple[str, str]] = field(default_factory=list)

    @property
    def href(self) -> str:
        return f"{self.section.href}#{self.name}"


def number(value) -> str:
    """A count as a reader reads it: '2,672'; nothing published is a dash, never 'NaN' or '451.0'."""
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return NO_VALUE
    return f"{int(round(float(value))):,}"


def percent(value) -> str:
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return NO_VALUE
    return f"{float(value) * 100:.1f}%"


def _cell(column: str, value) -> tuple[str, bool]:
    if column == "value":
        return number(value), True
    if column.startswith("share_of"):
        return percent(value), True
    if column == "qualifier":
        return QUALIFIER_WORDS.get(str(value), str(value)), False
    return (NO_VALUE if value is None or pd.isna(value) else str(value)), False


def figure_table(built, caption: str, csv: str = "") -> Table:
    """The figure's table with readable headings and formatted numbers, the label column first."""
    frame = built.table
    label = next(c for c in LABEL_COLUMNS if c in frame.columns)
    columns = [c for c in COLUMN_HEADINGS if c in frame.columns]
    headings = [built.figure.dimension] + [COLUMN_HEADINGS[c] or built.figure.measure for c in columns]
    rows = []
    for _, row in frame.iterrows():
        name = ("\u25b6 " if row.get("highlight") is True else "") + str(row[label])
        rows.append([(name, False)] + [_cell(c, row[c]) for c in columns])
    return Table(caption, headings, rows, csv)


def data_notes(built, raw: RawData) -> list[str]:
    """The notes the data carry on the figures a chart uses (derivations, limits), each once."""
    notes = raw.figures.set_index("figure_id")["notes"] if "notes" in raw.figures else pd.Series(dtype=str)
    out = []
    for fid in built.figure_ids:
        note = str(notes.get(fid, "") or "")
        if note and note not in out:
            out.append(note)
    return out


def figure_sources(raw: RawData, figure_ids) -> list[dict]:
    """The documents behind the given figures, with their links."""
    used = raw.figures[raw.figures["figure_id"].isin(list(figure_ids))]["source_id"].drop_duplicates()
    return [source_record(raw, sid) for sid in used]


def source_record(raw: RawData, source_id: str) -> dict:
    row = raw.sources.set_index("source_id").loc[source_id]
    return {
        "id": source_id,
        "outlet": str(row["outlet"]),
        "title": str(row["title"]),
        "url": str(row.get("url", "")),
        "published": str(row.get("published", "")),
        "kind": str(row.get("kind", "")),
        "notes": str(row.get("notes", "")),
    }


def about(root: Path, built) -> str:
    """The notebook's own 'What it shows' paragraph, as HTML (written for readers; it holds no number)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    path = root / "notebooks" / f"{built.figure.notebook}.ipynb"
    if not path.exists():
        return ""
    first = nbformat.read(path, as_version=4).cells[0].source
    for paragraph in first.split("\n\n"):
        if paragraph.startswith("**What it shows.**"):
            text = paragraph.removeprefix("**What it shows.**").strip().replace("\n", " ")
            return markdown2html_mistune(text).strip()
    return ""


def web_spec(chart) -> str:
    """A chart as compiled Vega JSON for the page (no compiling in the reader's browser), safe in <script>."""
    return export.script_json(export.compile_to_vega(export.spec_of(chart)))


def figure_view(root: Path, raw: RawData, built, downloads: list[tuple[str, str]]) -> FigureView:
    section = SECTION_OF[built.name]
    headline = built.name == registry.INFOGRAPHIC_PANELS[0]
    return FigureView(
        name=built.name,
        section=section,
        title=built.text.title,
        subtitle=list(built.text.subtitle),
        summary=built.summary(),
        about=about(root, built),
        description=built.description(),
        notes=data_notes(built, raw),
        table=figure_table(built, built.text.title, f"data/charts/{built.name}.csv"),
        sources=figure_sources(raw, built.figure_ids),
        spec="" if headline else web_spec(built.web_chart()),
        lines=list(built.text.lines) if headline else [],
        downloads=downloads,
    )


# --- the published figures, for the data page -------------------------------------------------------


def published_table(raw: RawData) -> Table:
    """Every published figure: what, where, when, how many, as the source worded it, and who published it."""
    rows = []
    for _, f in raw.figures.sort_values(["source_id", "figure_id"], kind="mergesort").iterrows():
        value = number(f["value"]) if pd.notna(f["value"]) else "(words only)"
        qualifier = "" if f["qualifier"] in ("exact", "derived", "") else f"{f['qualifier']} "
        rows.append(
            [
                (str(f["description"]), False),
                (str(f.get("geography_name", f["geography"])), False),
                (str(f.get("crime_type_name", f["crime_type"])), False),
                (period_label(f["period_start"], f["period_end"], f["period_text"]), False),
                (qualifier + value, True),
                (str(f.get("outlet", f["source_id"])), False),
                (f"\u201c{f['quote']}\u201d", False),
            ]
        )
    headings = ["Figure", "Where", "Crime type", "Period", "Value", "Published by", "In the source's words"]
    ids = [figure_anchor(i) for i in raw.figures.sort_values(["source_id", "figure_id"], kind="mergesort")["figure_id"]]
    return Table("Every published figure", headings, rows, "data/processed/published_figures.csv", ids)


def figure_anchor(figure_id: str) -> str:
    """The id of a published figure's row on the data page."""
    return f"figure-{figure_id}"


def linked_figure_ids(text: str, figure_ids: set[str], data_href: str):
    """Text (escaped) with every published figure id in it a link to that figure's row on the data page, so that
    an explanation's '2,672 (detail_total, The Detail)' leads to the figure, its source and its words."""
    from markupsafe import Markup, escape

    parts = re.split(r"\b([a-z0-9]+(?:_[a-z0-9]+)+)\b", text)
    html = []
    for i, part in enumerate(parts):
        if i % 2 and part in figure_ids:
            html.append(
                Markup('<a class="figure-ref" href="{}#{}">{}</a>').format(data_href, figure_anchor(part), part)
            )
        else:
            html.append(escape(part))
    return Markup("").join(html)


# --- the ledger --------------------------------------------------------------------------------------

VERDICT_ORDER = (
    "contradicted",
    "inconsistent across sources",
    "not verifiable with the data here",
    "consistent with rounding or wording",
    "confirmed",
)
#: Each verdict's badge: a symbol and a style; the verdict's words are always printed beside them.
BADGES = {
    "confirmed": ("\u2713", "confirmed"),
    "consistent with rounding or wording": ("\u2248", "consistent"),
    "contradicted": ("\u2717", "contradicted"),
    "inconsistent across sources": ("\u2260", "inconsistent"),
    "not verifiable with the data here": ("?", "unverifiable"),
}
FINDING_VERDICTS = ("contradicted", "inconsistent across sources")
#: The ledger's columns shown in the row's main cells; every other column (but `HIDDEN`) is listed under
#: 'How it was checked', so columns added to the ledger appear without a change here.
MAIN_COLUMNS = {"claim_id", "source_id", "claimed", "computed", "verdict", "explanation", "quote", "outlet", "url"}
HIDDEN = {"file"}
DETAIL_HEADINGS = {
    "rule": "Rule",
    "figures_used": "Figures used",
    "independent": "Uses a figure from another source",
    "measure": "Measure",
    "geography": "Geography",
    "crime_type": "Crime type",
    "period": "Period",
    "comparisons": "Compared with",
    "likely_origin": "Likely origin",
}


@dataclass
class Claim:
    id: str
    quote: str
    claimed: str
    computed: str
    verdict: str
    explanation: str
    outlet: str
    url: str
    details: list[tuple[str, str]]

    @property
    def badge(self) -> tuple[str, str]:
        return BADGES.get(self.verdict, ("\u2022", "other"))

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.verdict.lower()).strip("-")


def _detail_heading(column: str) -> str:
    return DETAIL_HEADINGS.get(column, column.replace("_", " ").capitalize())


def read_ledger(path: Path, raw: RawData) -> list[Claim]:
    """The ledger's rows, read by column name: outlet and link fall back to the sources table by source id."""
    if not path.exists():
        return []
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    sources = {sid: source_record(raw, sid) for sid in raw.sources["source_id"]}
    extra = [c for c in frame.columns if c not in MAIN_COLUMNS | HIDDEN]
    ids, data_href = set(raw.figures["figure_id"]), SECTIONS[-1].href
    claims = []
    for _, row in frame.iterrows():
        source = sources.get(row.get("source_id", ""), {})
        claims.append(
            Claim(
                id=row.get("claim_id", ""),
                quote=row.get("quote", "") or row.get("claimed", ""),
                claimed=row.get("claimed", ""),
                computed=row.get("computed", ""),
                verdict=row.get("verdict", ""),
                explanation=linked_figure_ids(row.get("explanation", ""), ids, data_href),
                outlet=row.get("outlet", "") or source.get("outlet", row.get("source_id", "")),
                url=row.get("url", "") or source.get("url", ""),
                details=[(_detail_heading(c), linked_figure_ids(row[c], ids, data_href)) for c in extra if row[c]],
            )
        )
    return claims


def ledger_groups(claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
    """Claims grouped by verdict, the findings first; verdicts this module does not know come last."""
    verdicts = list(VERDICT_ORDER) + sorted({c.verdict for c in claims} - set(VERDICT_ORDER))
    return [(v, [c for c in claims if c.verdict == v]) for v in verdicts if any(c.verdict == v for c in claims)]


def verdict_counts(claims: list[Claim]) -> list[tuple[str, int]]:
    return [(v, len(group)) for v, group in ledger_groups(claims)]


# --- the claims chart of the fact-check ------------------------------------------------------------


def comparison_view(root: Path, raw: RawData) -> dict | None:
    """The claims chart of notebook 09 (each claim beside the figures that decided it), for the web, with its
    table; None before the ledger is built."""
    from . import charts, style

    csv_path = root / "output" / "fact-check" / "fact-check.csv"
    if not csv_path.exists():
        return None
    table = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    for column in ("rate_low", "rate_high", "rate"):
        table[column] = table[column].astype(float)
    chart = charts.fact_check_chart(table, raw, width="container")
    title = charts.CLAIMS_TITLE
    description = f"{title}. " + "; ".join(
        f"{r.label}: {_per_month(r.rate_low, r.rate_high)} ({r.period})" for r in table.itertuples(index=False)
    )
    rows = [
        [
            (str(r.group), False),
            (str(r.label), False),
            (str(r.value), True),
            (str(r.period), False),
            (_per_month(r.rate_low, r.rate_high), True),
        ]
        for r in table.itertuples(index=False)
    ]
    ids = sorted({i for cell in table["figure_ids"] for i in cell.split()})
    return {
        "title": title,
        "note": charts.CLAIMS_NOTE,
        "spec": web_spec(style.configure(chart, web=True).properties(description=description)),
        "table": Table(
            title,
            ["Claim", "Claim or figure", "As printed", "Period", "Per month"],
            rows,
            "data/fact-check/fact-check.csv",
        ),
        "sources": figure_sources(raw, ids),
    }


def _per_month(low: float, high: float) -> str:
    from .wording import rate_text

    return rate_text(low, high)
