"""What the site's pages say, as plain data for its templates: headlines, findings, figures, tables, the ledger.

Every sentence a reader sees is composed from the data with the house style (`writing`): the registry words each
figure (title, finding, key, notes) from its facts; the ledger's rows come from `output/fact-check/ledger.csv`
and the fact-check's findings from its verdicts and likely origins. A finding the data confirm is stated; one that
rests on a source's word alone is attributed to it ('The Detail and the Guardian reported that...'). The only
words typed here are labels (headings, column names), and a test checks that none of them holds a digit.

Text that comes verbatim from the ledger's verdict sentences (its `explanation`, `sources_say`, `working`,
`statistics` and `likely_origin` columns, all written by `ledger.render`) is marked for the text lint
(`LEDGER_TEXT`): the ledger writes those, not this module.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd

from . import export, registry, vocab, writing
from .csvfiles import restore_cell
from .ledger import render
from .sources import RawData

#: The HTML attribute that marks text the ledger wrote (its verdict sentences), so the text lint can tell it
#: from the site's own words.
LEDGER_TEXT = 'data-text="ledger"'


@dataclass(frozen=True)
class Section:
    """One page of the site, by topic. Its headline is its figure's title, or `heading` (a template over the
    figures' facts, by figure name) where a page has several figures or none."""

    slug: str
    nav: str
    figures: tuple[str, ...] = ()
    heading: str = ""

    @property
    def href(self) -> str:
        return f"{self.slug}.html"


SECTIONS = (
    Section("overview", "Overview", ("headline",)),
    Section("crime-types", "Crime types", ("crime-types",)),
    Section("forces", "Forces", ("forces",)),
    Section("scotland", "Scotland", ("scotland",)),
    Section(
        "northern-ireland",
        "Northern Ireland",
        ("psni", "honccu"),
        # only what the Board said (43 of 34,093), of whose calls (the PSNI's): a ratio worked out here is not its words
        "{psni[name]} referred {psni[qualified_total]} victims; {honccu[who]} said that {honccu[checks]:,} of "
        "{honccu[short]}'s {honccu[calls]:,} calls to the Home Office were to check a victim of crime",
    ),
    Section("fact-check", "Fact-check"),
    Section("data", "Data and methods"),
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
}
NO_VALUE = writing.NO_VALUE


@dataclass
class Table:
    """An HTML table: a caption, column headings, and rows of (text, is_number) cells, the first a row header."""

    caption: str
    headings: list[str]
    rows: list[list[tuple[str, bool]]]
    csv: str = ""
    row_ids: list[str] = field(default_factory=list)  # an anchor per row, for links to it
    note: str = ""  # what every row shares (a column whose value never changes), said once


@dataclass
class FigureView:
    """One figure on a page: its words, its chart (a compiled Vega spec), its notes, table and sources."""

    name: str
    section: Section
    title: str
    subtitle: list[str]
    statements: list[writing.Statement]
    about: str
    description: str
    notes: list[str]
    table: Table
    sources: list[dict]
    spec: str = ""
    lines: list[str] = field(default_factory=list)
    key: list[tuple[str, str]] = field(default_factory=list)
    downloads: list[tuple[str, str]] = field(default_factory=list)

    @property
    def href(self) -> str:
        return f"{self.section.href}#{self.name}"

    @property
    def summary(self) -> str:
        return " ".join(s.text for s in self.statements)


def number(value) -> str:
    """A count as a reader reads it: '2,672'; nothing published is a dash, never 'NaN' or '451.0'."""
    return writing.cell(value)


def _share_cell(value, share, whole=None) -> str:
    """A row's share of its whole, as the house writes it. The whole is the figure's own (its facts' `total`) where
    it has one: a whole recovered from the rounded share is off (20 of 2,672 is about one in 134, not 133)."""
    if share is None or share == "" or pd.isna(share):
        return NO_VALUE
    if not float(share):
        return "0%"
    return writing.share(value, whole if whole else round(float(value) / float(share)))


def _cell(column: str, value, row, whole=None) -> tuple[str, bool]:
    if column == "value":
        return number(value), True
    if column.startswith("share_of"):
        return _share_cell(row["value"], value, whole if column == "share_of_total" else None), True
    if column == "qualifier":
        if str(value) in registry.WORDS_ONLY:  # 'each of the 43 forces': the source's report, never a checked count
            return f"as {writing.outlet(str(row.get('source', '')))} reported; cannot be checked", False
        return QUALIFIER_WORDS.get(str(value), str(value)), False
    if column == "source":
        return writing.outlet(str(value)), False
    return (NO_VALUE if value is None or pd.isna(value) else str(value)), False


def figure_table(built, caption: str, csv: str = "") -> Table:
    """The figure's table with readable headings and formatted numbers, the label column first; a column whose
    value never changes (one period, one source, every count exact) is said once under the table instead of on
    every row. A derived row (a remainder, named as such) is left out of that comparison and said apart, so a
    table of counts from one source stays three columns wide and fits the narrowest phone."""
    frame = built.table
    label = next(c for c in LABEL_COLUMNS if c in frame.columns)
    columns = [c for c in COLUMN_HEADINGS if c in frame.columns]
    derived = frame["qualifier"].astype(str).eq("derived") if "qualifier" in frame else pd.Series(False, frame.index)
    counted = frame[~derived]

    def constant(c: str) -> bool:
        if c == "value" or len(frame) < 2:
            return False
        rows = counted if c in ("qualifier", "source") else frame
        return len(rows) > 0 and rows[c].astype(str).nunique() == 1 and not rows[c].isna().any()

    shared = [c for c in columns if constant(c)]
    columns = [c for c in columns if c not in shared]
    headings = [built.figure.dimension] + [COLUMN_HEADINGS[c] or built.figure.measure for c in columns]
    whole = built.facts.get("total") if isinstance(built.facts.get("total"), int) else None  # shares' whole
    rows = []
    for _, row in frame.iterrows():
        name = ("\u25b6 " if row.get("highlight") is True else "") + str(row[label])
        rows.append([(name, False)] + [_cell(c, row[c], row, whole) for c in columns])
    said = []
    for c in shared:
        text, _ = _cell(c, counted[c].iloc[0], counted.iloc[0])
        said.append({"qualifier": f"{text} as published", "source": f"from {writing.definite(text)}"}.get(c, text))
    notes = []
    if derived.any() and {"qualifier", "source"} & set(shared):
        names = writing.listing(frame.loc[derived, label].astype(str))
        notes.append(f"{names}: derived, the total minus every row itemised")
    if said:
        notes.append(f"Every {'other ' if notes else ''}row: {', '.join(said)}")
    return Table(caption, headings, rows, csv, note=writing.sentences(*notes))


def data_notes(built, raw: RawData) -> list[str]:
    """What a reader should know about a chart's data: the figure's note, composed from its facts (the measure's
    definition, attributed to whoever gave it, and what the figure's own words need). The notes data/raw/figures.csv
    carries on each figure are the transcriber's ('the period is the article's FOI period'): they stay in the
    data files for whoever checks the transcription, and are not shown here as if they were findings."""
    return [built.text.note] if built.text.note else []


def figure_sources(raw: RawData, figure_ids) -> list[dict]:
    """The documents behind the given figures, with their links."""
    used = raw.figures[raw.figures["figure_id"].isin(list(figure_ids))]["source_id"].drop_duplicates()
    return [source_record(raw, sid) for sid in used]


def source_record(raw: RawData, source_id: str) -> dict:
    """A document as the site names it: outlet in running-text form, title, link (its words saying so when the
    address is a copy on a bare IP address), date in words, and whether it reprints another outlet's story."""
    row = raw.sources.set_index("source_id").loc[source_id]
    url = str(row.get("url", ""))
    published = writing.date(str(row.get("published", "")))
    return {
        "id": source_id,
        "outlet": writing.outlet(str(row["outlet"])),
        "title": str(row["title"]),
        "url": url,
        "mirror": is_mirror(url),
        "link_words": link_words(writing.outlet(str(row["outlet"])), url),
        # the date, unless the title already gives it ('Press release, 9 November 2023')
        "published": "" if published and published in str(row["title"]) else published,
        "kind": str(row.get("kind", "")),
        "role": str(row.get("role", "") or "original"),
        "story": str(row.get("story", "") or source_id),
        "notes": str(row.get("notes", "")),
    }


is_mirror = writing.is_mirror
link_words = writing.link_words


def source_groups(raw: RawData) -> list[dict]:
    """The documents for the credits: every original report, then each story that outlets reprinted, grouped
    as reprints under a line that says whether the original itself is among the sources."""
    records = [source_record(raw, sid) for sid in raw.sources["source_id"]]
    by_id = {r["id"]: r for r in records}
    originals = [r for r in records if r["role"] != "restatement"]
    groups = [{"heading": "", "intro": "", "sources": originals}]
    stories = dict.fromkeys(r["story"] for r in records if r["role"] == "restatement")
    for story in stories:
        reprints = [r for r in records if r["story"] == story and r["role"] == "restatement"]
        original = by_id.get(story)
        names = writing.listing(r["outlet"] for r in reprints)
        intro = (
            f"{names} reprinted or summarised {writing.possessive(original['outlet'])} story."
            if original
            else f"{names} reprinted or summarised one story whose original page was not retrieved, so it is not "
            "linked here."
        )
        groups.append({"heading": "Reprints of one story", "intro": intro, "sources": reprints})
    return groups


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
    from .charts import web_height

    return export.script_json(web_height(export.compile_to_vega(export.spec_of(chart))))


def figure_view(root: Path, raw: RawData, built, downloads: list[tuple[str, str]]) -> FigureView:
    section = SECTION_OF[built.name]
    headline = built.name == registry.INFOGRAPHIC_PANELS[0]
    return FigureView(
        name=built.name,
        section=section,
        title=built.text.title,
        subtitle=list(built.text.subtitle),
        statements=built.statements(),
        about=about(root, built),
        description=built.description(),
        notes=data_notes(built, raw),
        table=figure_table(built, built.text.title, f"data/charts/{built.name}.csv"),
        sources=figure_sources(raw, built.figure_ids),
        spec="" if headline else web_spec(built.web_chart()),
        lines=[line for line in built.text.lines if line] if headline else [],
        key=list(built.text.key),
        downloads=downloads,
    )


def section_heading(section: Section, views: dict[str, FigureView], built: dict, claims: list, raw: RawData) -> str:
    """A page's headline: its figure's title (a finding with a verb and a number), its own template over its
    figures' facts, or, for the fact-check and data pages, what they found and hold."""
    if section.heading:
        return writing.upper_first(section.heading.format(**{n: built[n].facts for n in section.figures}))
    if len(section.figures) == 1:
        return views[section.figures[0]].title
    if section.slug == "fact-check":
        return fact_check_headline(claims)
    return (
        f"The site rests on {writing.number(len(raw.figures))} published figures from "
        f"{writing.number(len(raw.sources))} documents"
    )


# --- the published figures, for the data page -------------------------------------------------------


def published_table(raw: RawData) -> Table:
    """Every published figure in three columns that fit a phone: what it counts (with its place, crime type,
    period and the source's words beneath), its value as published, and who published it."""
    from markupsafe import Markup, escape

    rows = []
    ordered = raw.figures.sort_values(["source_id", "figure_id"], kind="mergesort")
    for _, f in ordered.iterrows():
        value = published_value(raw, f)
        where = [str(f.get("geography_name", f["geography"])), str(f.get("crime_type_name", f["crime_type"]))]
        where = [
            w for w in where if w and w.lower() != "all crime types" and w.lower() not in str(f["description"]).lower()
        ]
        when = writing.period(f["period_start"], f["period_end"]) or stated_period(f)
        detail = writing.sentence(" \u00b7 ".join([*where, when]))
        what = Markup('{}<span class="cell-more">{}</span><span class="cell-quote">{}</span>').format(
            f["description"], detail, writing.quote(str(f["quote"]))
        )
        rows.append(
            [(what, False), (escape(value), True), (writing.outlet(str(f.get("outlet", f["source_id"]))), False)]
        )
    headings = ["Figure", "Value", "Published by"]
    ids = [figure_anchor(i) for i in ordered["figure_id"]]
    return Table("Every published figure", headings, rows, "data/processed/published_figures.csv", ids)


#: Words that make a source's phrase a period ('a two year period', 'since the policy change').
_PERIOD_WORDS = re.compile(r"\b(?:period|years?|months?|weeks?|days?|since|between|until)\b", re.I)


def stated_period(f) -> str:
    """A figure's period when it has no dates: the source's own words, quoted, where they name a period ('period:
    “a two year period”'); otherwise that the source gives none. A transcriber's note ('not stated in the
    sentence') or words that are not a period ('of the 451 ... referred') are never quoted as the source's."""
    text = str(f.get("period_text", "") or "").strip()
    if text and _PERIOD_WORDS.search(text):
        return f"period: {writing.quote(text)}"
    return "no period given"


def published_value(raw: RawData, f) -> str:
    """A published figure's value as the source gave it: 'at least 33', '2,672'; a qualifier that limits what was
    counted rather than bounding the number follows it ('3,409, by telephone alone')."""
    if pd.isna(f["value"]):
        return "words only"
    known = vocab.qualifiers(raw.directory).get(str(f["qualifier"]), {})
    if known.get("meaning") == "exact" and known.get("definition"):
        return f"{writing.number(f['value'])}, {f['qualifier']}"
    return writing.bound(_meaning(raw, f["qualifier"]), f["value"])


def _meaning(raw: RawData, qualifier: str) -> str:
    known = vocab.qualifiers(raw.directory).get(str(qualifier), {})
    meaning = known.get("meaning", "exact")
    return str(qualifier) if meaning in ("exact", "verbal") else meaning


def figure_anchor(figure_id: str) -> str:
    """The id of a published figure's row on the data page."""
    return f"figure-{figure_id}"


def linked_figure_ids(text: str, figure_ids: set[str], data_href: str):
    """Text (escaped) with every published figure id in it a link to that figure's row on the data page (for
    text that still names figures by id; the site's own words name them by what they count)."""
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


def figure_label(raw: RawData, figure_id: str) -> str:
    """A published figure named by what it counts and who published it, never by its id: 'Victims referred:
    modern slavery, 785 (The Detail and the Guardian)'."""
    f = raw.figure(figure_id)
    value = writing.bound(_meaning(raw, f["qualifier"]), f["value"]) if pd.notna(f["value"]) else "words only"
    who = writing.outlet(str(f.get("outlet", f["source_id"])))
    return f"{writing.figure_label(str(f['description']), writing.part_name(f))}, {value} ({who})"


# --- downloads ---------------------------------------------------------------------------------------

#: What each downloadable file holds, by name pattern; the data package describes data/raw and data/processed.
FILE_DESCRIPTIONS = (
    (r"data/claims/published-claims\.csv", "The claims of the investigation and the outlets first checked"),
    (r"data/claims/follow-up-reporting\.csv", "The claims of the later reporting"),
    (r"data/claims/.*\.csv", "A claims file: claims as outlets printed them, with what each counts"),
    (r"data/fact-check/ledger\.csv", "The fact-check: every claim, its verdict and why"),
    (r"data/fact-check/fact-check\.csv", "The claims chart's data: each claim and figure as a monthly rate"),
    (r"data/fact-check/report\.md", "The fact-check as a readable report"),
    (r"data/raw/MANIFEST\.sha256", "Checksums of the raw files, to prove they are unchanged"),
    (r"data/charts/infographic\.(csv)", "The numbers every panel of the infographic plots"),
    (r"data/charts/infographic\.(png|svg)", "The infographic, rebuilt"),
)


def download_table(out: Path, root: Path) -> Table:
    """The downloads as a table: file (a link), what it holds, how many rows."""
    from markupsafe import Markup

    described = {}
    package = root / "datapackage.json"
    if package.exists():
        for resource in json.loads(package.read_text(encoding="utf-8")).get("resources", []):
            described[resource["path"]] = writing.sentence(resource.get("title", ""))
    labels = {f.name: f.label for f in registry.FIGURES}
    rows = []
    for path in sorted(p for p in (out / "data").rglob("*") if p.is_file()):
        rel = path.relative_to(out).as_posix()
        what = ""
        for pattern, words in FILE_DESCRIPTIONS:
            if re.fullmatch(pattern, rel):
                what = words
                break
        source_rel = rel.replace("data/", "data/", 1)
        what = what or described.get(source_rel, "")
        if not what and rel.startswith("data/charts/"):
            stem, ext = path.name.split(".", 1)
            label = writing.lower_first(re.sub(r"^The ", "", labels.get(stem, stem)))
            what = f"The numbers the {label} chart plots" if ext == "csv" else f"The {label} chart as an image"
        rows_n = _csv_rows(path) if path.suffix == ".csv" else None
        link = Markup('<a href="{}">{}</a>').format(rel, rel.removeprefix("data/"))
        rows.append([(link, False), (writing.sentence(what) if what else NO_VALUE, False), (number(rows_n), True)])
    return Table("Every file on this site", ["File", "What it holds", "Rows"], rows)


def _csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as fh:
        return max(sum(1 for _ in csv.reader(fh)) - 1, 0)


# --- when the data last changed ----------------------------------------------------------------------


def data_dates(root: Path, raw: RawData) -> dict[str, str]:
    """When the site's data were first published and last changed, in words: the first and the latest commits
    that touched data/raw/ or claims/ (git), else the newest source in the data. Never the build's clock, so two
    builds of the same data say the same."""
    try:
        found = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%cs", "--", "data/raw", "claims"],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        found = []
    if found:
        return {"published": writing.date(found[-1]), "updated": writing.date(found[0]), "from": "git"}
    newest = writing.date(max(str(p) for p in raw.sources["published"] if str(p)))
    return {"published": newest, "updated": newest, "from": "sources"}


# --- the ledger --------------------------------------------------------------------------------------

VERDICT_ORDER = render.READING_ORDER
#: Each verdict's badge: a symbol and a style; the verdict's words are always printed beside them.
BADGES = {
    "confirmed": ("\u2713", "confirmed"),
    "consistent with rounding or wording": ("\u2248", "consistent"),
    "contradicted": ("\u2717", "contradicted"),
    "inconsistent across sources": ("\u2260", "inconsistent"),
    "not verifiable with the data here": ("?", "unverifiable"),
}
FINDING_VERDICTS = ("contradicted", "inconsistent across sources")
#: The ledger's columns shown in the row's main cells; every other column (but `HIDDEN`) is listed in the
#: working, so columns added to the ledger appear without a change here.
MAIN_COLUMNS = {
    "claim_id",
    "source_id",
    "claimed",
    "computed",
    "verdict",
    "explanation",
    "sources_say",
    "working",
    "statistics",
    "what_it_counts",
    "quote",
    "outlet",
    "url",
    "read_as",
    "measure",
    "geography",
    "crime_type",
    "period",
    "figures_used",
    "comparisons",
    "rule",
    "likely_origin",
}
#: Columns never shown: the claims file's name, and its `notes`, the transcriber's shorthand on how a claim was
#: read ('Years only.', "A different FOI request (JCWI's)."): the working says how the claim's words were read.
HIDDEN = {"file", "notes"}
DETAIL_HEADINGS = {
    "independent": "Checked against another outlet's figures",
    "likely_origin": "Likely origin",
    "measure": "Measure",
}


@dataclass
class Claim:
    id: str
    quote: str
    claimed: str
    computed: str
    verdict: str
    explanation: str  # the ledger's words: the verdict in one line, its plain word first
    outlet: str
    url: str
    details: list[tuple[str, str]]
    likely_origin: str = ""  # the ledger's words
    sources_say: str = ""  # the ledger's words
    source_id: str = ""
    story: str = ""
    role: str = "original"
    notes: str = ""  # the claims file's note on how the claim was read (kept for the CSV; not shown)

    @property
    def link_words(self) -> str:
        """The link to the outlet's page: its name, and 'archived copy' when the address is a stored copy."""
        return link_words(self.outlet, self.url)

    @property
    def badge(self) -> tuple[str, str]:
        return BADGES.get(self.verdict, ("\u2022", "other"))

    @property
    def quoted(self) -> str:
        """The outlet's words as printed, in curly quotes (quotes inside them single)."""
        return writing.quote(self.quote)

    @property
    def word(self) -> str:
        return writing.verdict_word(self.verdict)

    @property
    def why(self) -> str:
        """The ledger's verdict line without its plain word (the badge beside it says that): one line."""
        return render.reason_of(self.explanation, self.verdict)

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.verdict.lower()).strip("-")


#: What a details column's machine value says to a reader ('yes' in ledger.csv's `independent`).
DETAIL_VALUES = {
    "independent": {
        "yes": "Yes",
        "no": "No: only figures from the claim's own source were used",
    },
}


def _detail_value(column: str, value: str) -> str:
    return DETAIL_VALUES.get(column, {}).get(str(value), value)


def _detail_heading(column: str) -> str:
    return DETAIL_HEADINGS.get(column, column.replace("_", " ").capitalize())


def _ledger_words(text: str):
    from markupsafe import Markup

    return Markup("<span {}>{}</span>").format(Markup(LEDGER_TEXT), text)


def _working(row: dict, raw: RawData, extra: list[str]) -> list[tuple[str, object]]:
    """How a claim was checked, in reader words: what it was read as and counts, the figures used (named,
    linked to their rows on the data page), the ledger's working and statistics, its likely origin, notes."""
    from markupsafe import Markup

    ids = set(raw.figures["figure_id"])
    data_href = SECTIONS[-1].href
    out: list[tuple[str, object]] = []
    if row.get("likely_origin") and not row.get("working"):  # the working says it first when there is one
        out.append(("Likely origin", _ledger_words(row["likely_origin"])))
    if row.get("read_as") and row.get("read_as") != row.get("claimed"):
        out.append(("Read as", _ledger_words(row["read_as"])))
    scope = row.get("what_it_counts") or _scope(row, raw)
    if scope:
        out.append(("What it counts", _ledger_words(scope) if row.get("what_it_counts") else scope))
    used = [t for t in re.findall(r"[a-z0-9]+(?:_[a-z0-9]+)+", row.get("figures_used", "")) if t in ids]
    if used:
        links = [
            Markup('<li><a class="figure-ref" href="{}#{}">{}</a></li>').format(
                data_href, figure_anchor(f), figure_label(raw, f)
            )
            for f in dict.fromkeys(used)
        ]
        out.append(("Figures used", Markup('<ul class="figures-used">{}</ul>').format(Markup("").join(links))))
    for column, heading in (("working", "How it was checked"), ("statistics", "Statistics")):
        if row.get(column):
            out.append((heading, _ledger_words(row[column])))
    out += [(_detail_heading(c), _detail_value(c, row[c])) for c in extra if row.get(c)]
    return out


def _scope(row: dict, raw: RawData) -> str:
    """What a claim counts, in words (for a ledger that does not say): measure, places, crime types and period."""
    scope = []
    measures = vocab.measures(raw.directory)
    if row.get("measure") in measures:
        scope.append(measures[row["measure"]]["name"])
    geographies, crime_types = vocab.geographies(raw.directory), vocab.crime_types(raw.directory)
    places = [geographies.names.get(g, g) for g in row.get("geography", "").split("+") if g]
    kinds = [crime_types.names.get(c, c) for c in row.get("crime_type", "").split("+") if c and c != "all"]
    if places:
        scope.append(writing.listing(places))
    if kinds:
        scope.append(writing.listing(k.lower() for k in kinds))
    if row.get("period"):
        scope.append(row["period"])
    return writing.upper_first(", ".join(scope)) if scope else ""


def read_ledger(path: Path, raw: RawData) -> list[Claim]:
    """The ledger's rows, read by column name: outlet and link fall back to the sources table by source id."""
    if not path.exists():
        return []
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).map(restore_cell)
    sources = {sid: source_record(raw, sid) for sid in raw.sources["source_id"]}
    extra = [c for c in frame.columns if c not in MAIN_COLUMNS | HIDDEN]
    claims = []
    for _, series in frame.iterrows():
        row = series.to_dict()
        source = sources.get(row.get("source_id", ""), {})
        claims.append(
            Claim(
                id=row.get("claim_id", ""),
                quote=row.get("quote", "") or row.get("claimed", ""),
                claimed=row.get("claimed", ""),
                computed=row.get("computed", ""),
                verdict=row.get("verdict", ""),
                explanation=row.get("explanation", ""),
                outlet=writing.outlet(row.get("outlet", "") or source.get("outlet", row.get("source_id", ""))),
                url=row.get("url", "") or source.get("url", ""),
                details=_working(row, raw, extra),
                likely_origin=row.get("likely_origin", ""),
                sources_say=row.get("sources_say", "") or NO_VALUE,
                source_id=row.get("source_id", ""),
                story=source.get("story", ""),
                role=source.get("role", "original"),
                notes=writing.sentence(row["notes"]) if row.get("notes") else "",
            )
        )
    return claims


def ledger_groups(claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
    """Claims grouped by verdict, the findings first; verdicts this module does not know come last."""
    verdicts = list(VERDICT_ORDER) + sorted({c.verdict for c in claims} - set(VERDICT_ORDER))
    return [(v, [c for c in claims if c.verdict == v]) for v in verdicts if any(c.verdict == v for c in claims)]


def ordered(claims: list[Claim]) -> list[Claim]:
    """Every claim in one list, the findings first (the table's order)."""
    return [c for _, group in ledger_groups(claims) for c in group]


def verdict_counts(claims: list[Claim]) -> list[tuple[str, int]]:
    return [(v, len(group)) for v, group in ledger_groups(claims)]


def counts_sentence(claims: list[Claim]) -> str:
    """'Of the 50 claims checked, five are wrong, three disagree with another source, ...' (the ledger's words)."""
    return render.counts_sentence([c.verdict for c in claims])


def fact_check_headline(claims: list[Claim]) -> str:
    """The fact-check page's headline: what it found, with the numbers."""
    counts = dict(verdict_counts(claims))
    wrong, disagree = counts.get("contradicted", 0), counts.get("inconsistent across sources", 0)
    if not claims:
        return "Fact-check: no claims checked yet"
    head = f"{writing.in_words(wrong)} of {writing.number(len(claims))} published claims are wrong"
    if disagree:
        head += f", and {writing.in_words(disagree)} disagree with another source"
    return writing.upper_first(head)


@dataclass
class OriginGroup:
    """Findings that share a likely origin: one wrong number, several outlets."""

    heading: str
    text: str
    origin: str  # the ledger's words
    claims: list[Claim]

    @property
    def why(self) -> str:
        """The verdict's reason, when every claim in the group has the same one (the ledger's words)."""
        reasons = {c.why for c in self.claims}
        return reasons.pop() if len(reasons) == 1 else ""


def origin_groups(claims: list[Claim], raw: RawData | None = None) -> tuple[list[OriginGroup], list[Claim]]:
    """The findings grouped by likely origin ('One wrong number, three outlets'), naming the version of the story
    they came from where the sources say so, and the findings left alone."""
    findings = [c for c in ordered(claims) if c.verdict in FINDING_VERDICTS]
    notes = dict(zip(raw.sources["source_id"], raw.sources["notes"].astype(str))) if raw is not None else {}
    retrieved = set(raw.sources["source_id"]) if raw is not None else set()

    def unseen(c: Claim) -> bool:
        """A reprint of a story whose original is not among the sources: what it reprints was never read here."""
        return c.role == "restatement" and bool(c.story) and c.story not in retrieved

    groups = render.repeated_errors(
        findings,
        key=lambda c: c.likely_origin,
        outlet=lambda c: c.outlet,
        number=lambda c: c.claimed,
        notes=lambda c: notes.get(c.source_id, ""),
        # a source's note names the version it reprints only where that version was retrieved and read
        unseen=lambda c: c.story if unseen(c) else "",
    )
    grouped = {c.id for g in groups for c in g.members}
    out = [OriginGroup(g.heading, g.text, g.origin, g.members) for g in groups]
    return out, [c for c in findings if c.id not in grouped]


def _printed(claimed: str) -> str:
    """A claimed number as the house prints it ('2546' -> '2,546'); words stay as printed."""
    digits = claimed.replace(",", "")
    return writing.number(int(digits)) if digits.isdigit() else claimed


# --- the claims chart of the fact-check ------------------------------------------------------------


def comparison_view(root: Path, raw: RawData) -> dict | None:
    """The claims chart of notebook 09 (each claim beside the figures that decided it), for the web, with its
    table; None before the ledger is built."""
    from . import charts, style

    csv_path = root / "output" / "fact-check" / "fact-check.csv"
    if not csv_path.exists():
        return None
    table = pd.read_csv(csv_path, dtype=str, keep_default_na=False).map(restore_cell)
    for column in ("rate_low", "rate_high", "rate"):
        table[column] = table[column].astype(float)
    chart = charts.fact_check_chart(table, raw, width="container")
    title = charts.claims_title(table)
    description = writing.sentences(
        title,
        "; ".join(
            f"{charts._named(r.label)}: {_per_month(r.rate_low, r.rate_high)}, {r.period}"
            for r in table.itertuples(index=False)
        ),
    )
    rows = [
        [
            (f"{charts._named(str(r.group))}, the claim" if r.kind == "claim" else charts._named(str(r.label)), False),
            (_printed(str(r.value)), True),
            (str(r.period), False),
            (_per_month(r.rate_low, r.rate_high), True),
        ]
        for r in table.itertuples(index=False)
    ]
    ids = sorted({i for cell in table["figure_ids"] for i in cell.split()})
    return {
        "title": title,
        "subtitle": list(charts.CLAIMS_SUBTITLE),
        "note": charts.CLAIMS_NOTE,
        "spec": web_spec(style.configure(chart, web=True, description=description)),
        "table": Table(
            title,
            ["Claim or figure", "As printed", "Period", "Per month"],
            rows,
            "data/fact-check/fact-check.csv",
        ),
        "sources": figure_sources(raw, ids),
    }


def _per_month(low: float, high: float) -> str:
    from .wording import rate_text

    return rate_text(low, high)


# --- the words every page shares ---------------------------------------------------------------------


def page_words(root: Path, raw: RawData, built: dict, claims: list[Claim]) -> dict:
    """What every page's head and footer say: the description and share image, the dates, the credits."""
    headline = built[registry.INFOGRAPHIC_PANELS[0]]
    return {
        "description": headline.statements()[0].text,
        "share_image": f"data/charts/{registry.INFOGRAPHIC.name}.png",
        "dates": data_dates(root, raw),
        "project": writing.PROJECT,  # mid-sentence: "Rebuilt by the referrals reproducibility project"
    }


# --- the pages ---------------------------------------------------------------------------------------


def pages(root: Path, out: Path, downloads) -> dict[str, dict]:
    """Every page's file name and what its template needs, computed from the data. `downloads(out, name)`
    lists a figure's own files on the site."""
    from .sources import load_published

    raw = load_published(root / "data" / "processed")
    built = {f.name: registry.build(f.name, raw) for f in registry.figures("published")}
    views = {n: figure_view(root, raw, b, downloads(out, n)) for n, b in built.items()}
    claims = read_ledger(root / "output" / "fact-check" / "ledger.csv", raw)
    groups, singles = origin_groups(claims, raw)
    headings = {s.slug: section_heading(s, views, built, claims, raw) for s in SECTIONS}
    credit = source_record(raw, raw.figure(registry.get("headline").figure_ids["total"])["source_id"])
    common = {
        "sections": SECTIONS,
        "headings": headings,
        "credit": credit,
        "badges": BADGES,
        "badges_words": {v: writing.verdict_word(v) for v in [*VERDICT_ORDER, *(c.verdict for c in claims)]},
        "words": page_words(root, raw, built, claims),
    }
    fact_check = {
        "claims": ordered(claims),
        "groups": groups,
        "singles": singles,
        "counts": verdict_counts(claims),
        "counts_sentence": counts_sentence(claims) if claims else "",
        "n_claims": len(claims),
    }
    index = {
        "template": "index.html.j2",
        "section": None,
        "heading": views[registry.INFOGRAPHIC_PANELS[0]].title,
        "panels": [views[n] for n in registry.INFOGRAPHIC_PANELS],
        **fact_check,
        "source_groups": source_groups(raw),
        "infographic": downloads(out, registry.INFOGRAPHIC.name),
    }
    out_pages = {"index.html": {**common, **index}}
    for section in SECTIONS:
        page = {
            **common,
            "section": section,
            "heading": headings[section.slug],
            "figures": [views[n] for n in section.figures],
        }
        if section.slug == "fact-check":
            page |= {
                "template": "fact-check.html.j2",
                **fact_check,
                "outlets": sorted({c.outlet for c in claims}),
                "comparison": comparison_view(root, raw),
            }
        elif section.slug == "data":
            page |= {
                "template": "data.html.j2",
                "published": published_table(raw),
                "source_groups": source_groups(raw),
                "downloads": download_table(out, root),
                "n_figures": len(raw.figures),
                "n_sources": len(raw.sources),
            }
        else:
            page |= {"template": "section.html.j2", "infographic": downloads(out, registry.INFOGRAPHIC.name)}
        out_pages[section.href] = page
    return out_pages
