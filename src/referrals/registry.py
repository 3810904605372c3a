"""One declaration per figure: its name, counts, table, chart, words and parameters.

The name is the one name used for the figure's files (`figures/NAME.*`), its
notebook (`notebooks/NN-NAME.ipynb`) and its site section. Titles, subtitles and
notes are templates filled from *facts*, numbers and words computed from the
data at build time: a template never holds a digit, so a number can never be
typed into a chart (tests check both). Notebooks, the infographic, the site,
the parameter specs, the validation of required figures and the figure table
of docs/reporters.md all read this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

import pandas as pd

from . import charts, style, tables, vocab, writing
from .rawdata import RawData

#: What a figure can be drawn from: the published figures (data/processed/), or a Home Office release.
PUBLISHED, RELEASE = "published", "release"
MODES = (PUBLISHED, RELEASE)

NUMBER_WORDS = writing.NUMBER_WORDS
in_words = writing.in_words

PROJECT = writing.PROJECT


def qualified(qualifier: str) -> str:
    """A number's qualifier as it reads before the number ('at least '); nothing for exact counts."""
    return "" if qualifier in WORDS_ONLY or qualifier in ("exact", "derived", "") else f"{qualifier} "


#: Qualifiers that mean a number was counted from a source's words ('each of the 43 forces'), never printed as a
#: count: what rests on them is reported as the source's, not stated as checked fact.
WORDS_ONLY = ("each of the", "all", "every")


@dataclass(frozen=True)
class Figure:
    """One figure: which counts it starts from, how it is tabulated, drawn and worded."""

    name: str
    number: int
    label: str
    figure_ids: Mapping[str, str]
    table: Callable[[RawData, Mapping[str, str], dict], pd.DataFrame]
    facts: Callable[[RawData, Mapping[str, str], pd.DataFrame, dict], dict]
    draw: Callable[..., Any]  # (table, text, width=...) -> chart; width "container" for the web
    title: str
    subtitle: tuple[str, ...]
    note: str = ""
    lines: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    #: The finding in sentences: (template, attributed), `attributed` True, False or the name of a fact that
    #: says whether the sentence reports what a source said rather than what the data confirm.
    statements: tuple[tuple[str, bool | str], ...] = ()
    key: tuple[tuple[str, str], ...] = ()  # (colour, template): what each colour of the chart stands for
    release_ids: Mapping[str, str] | None = None  # the same roles in a release turned into counts; None: not in one
    release_needs: tuple[str, ...] = ()  # the dimensions one table of a release must give to draw it
    modes: tuple[str, ...] = MODES  # what it can be drawn from: the one declaration `draws_from` reads
    dimension: str = "Name"  # what a row is, for tooltips and table headers ("Crime type")
    measure: str = "Victims referred"  # what a value counts

    def __post_init__(self):
        unknown = set(self.modes) - set(MODES)
        if unknown or not self.modes:
            raise ValueError(f"figure {self.name}: modes {self.modes} must be some of {MODES}")
        if (RELEASE in self.modes) != (self.release_ids is not None):
            raise ValueError(f"figure {self.name}: drawn from a release exactly when it has release_ids")

    @property
    def notebook(self) -> str:
        """The notebook's name: 'NN-name' in the numbered reading order, or 'name' for a figure only a release can
        draw (those notebooks are in notebooks/release/, run only by a release build)."""
        return f"{self.number:02d}-{self.name}" if "published" in self.modes else self.name

    @property
    def notebook_path(self) -> str:
        folder = "notebooks" if "published" in self.modes else "notebooks/release"
        return f"{folder}/{self.notebook}.ipynb"

    def draws_from(self, mode: str) -> bool:
        """Whether the figure can be drawn from the published figures (PUBLISHED) or a release (RELEASE)."""
        return mode in self.modes

    def source_ids(self, ids: Mapping[str, str], table: pd.DataFrame) -> list[str]:
        """The figures whose sources the source line names: declared ones, then every one the table uses."""
        used = [i for cell in table.get("figure_id", []) for i in str(cell).split(" - ")]
        return list(dict.fromkeys([*ids.values(), *used]))


@dataclass
class Built:
    """A figure built from the data: its table, facts, words and (configured) chart."""

    figure: Figure
    table: pd.DataFrame
    facts: dict
    text: charts.Text
    drawn: Any  # the configured chart once drawn; None until `chart` is first read
    figure_ids: list[str] = field(default_factory=list)

    @property
    def chart(self):
        """The configured chart, drawn when first asked for: the infographic reads its panels' tables and words
        and draws them itself at its own widths, so their own charts are never drawn."""
        if self.drawn is None:
            chart = self.figure.draw(self.table, self.text)
            self.drawn = style.configure(chart, description=self.description())
        return self.drawn

    @chart.setter
    def chart(self, chart) -> None:
        self.drawn = chart

    @property
    def name(self) -> str:
        return self.figure.name

    def description(self) -> str:
        """A sentence for screen readers and the site: what the chart shows and its numbers, in reader words."""
        return describe(self.text, self.table)

    def statements(self) -> list[writing.Statement]:
        """The figure's finding, sentence by sentence, each marked as checked fact or as a source's report."""
        out = []
        for template, attributed in self.figure.statements:
            text = _fill(template, self.facts)
            flag = self.facts.get(attributed, True) if isinstance(attributed, str) else attributed
            if text:
                out.append(writing.Statement(writing.sentence(text), attributed=bool(flag)))
        return out

    def summary(self) -> str:
        """The figure's finding in one or two sentences, computed from its facts."""
        return " ".join(s.text for s in self.statements()) or self.description()

    def web_chart(self):
        """The chart for a web page: it fills its container's width, and its title, source and notes are the
        page's HTML; its description (the SVG's accessible name) says what it shows in reader words."""
        chart = self.figure.draw(self.table, self.text, width="container")
        return style.configure(chart, web=True, description=self.description())


@dataclass(frozen=True)
class Notebook:
    """A notebook the registry numbers that draws no single figure: the fact-check (and, below, the infographic)."""

    name: str
    number: int
    label: str

    @property
    def notebook(self) -> str:
        return f"{self.number:02d}-{self.name}"


@dataclass(frozen=True)
class Infographic(Notebook):
    """The infographic: a page of panels, each a figure of its own, under one title."""

    title: str = ""
    subtitle: tuple[str, ...] = ()
    release_subtitle: tuple[str, ...] = ()  # the subtitle when the panels are drawn from a release
    panels: tuple[str, ...] = ()  # figure names, in the order of the page
    params: tuple[str, ...] = ()  # parameter groups its notebook takes (each panel takes those it declares)


@dataclass
class BuiltInfographic:
    """The infographic built from the data: each panel built by its own entry, one table, one configured chart."""

    infographic: Infographic
    panels: dict[str, Built]
    table: pd.DataFrame
    text: charts.Text
    chart: Any
    figure_ids: list[str]

    @property
    def name(self) -> str:
        return self.infographic.name

    @property
    def facts(self) -> dict:
        return {name: built.facts for name, built in self.panels.items()}

    def description(self) -> str:
        return describe(self.text, self.table)

    def statements(self) -> list[writing.Statement]:
        """The panels' findings, panel by panel, each sentence marked as checked fact or as a source's report."""
        return [s for built in self.panels.values() for s in built.statements()]

    def summary(self) -> str:
        return self.description()


def describe(text: charts.Text, table: pd.DataFrame) -> str:
    """A sentence for screen readers and the site: what a chart shows and its numbers, in reader words."""
    items = []
    for _, row in table.head(12).iterrows():
        value = row.get("value")
        shown = writing.number(value) if isinstance(value, int | float) and pd.notna(value) else "no number"
        items.append(f"{_row_name(row)}: {qualified(str(row.get('qualifier', '')))}{shown}")
    more = f"; and {len(table) - 12} more rows in the table" if len(table) > 12 else ""
    return writing.sentences(text.title, *text.subtitle, "; ".join(items) + more)


def _row_name(row: pd.Series) -> str:
    """What a table row counts, in reader words: its label, or its force and crime type (a release's matrix)."""
    for columns in (("label",), ("name",), ("stage",), ("outlet",), ("force_name", "crime_type_name")):
        if all(c in row.index for c in columns):
            return ", ".join(str(row[c]) for c in columns)
    raise KeyError(f"a table row with none of the naming columns: {list(row.index)}")


# --- tables and facts, one pair per figure -------------------------------------------------


def _period_params(params: dict) -> tuple[str, str]:
    return params.get("period_start", ""), params.get("period_end", "")


def _when(raw: RawData, figure_id: str) -> dict[str, str]:
    """A figure's period three ways: for a subtitle ('May 2020 to September 2022', or the source's own words
    when it gives no dates), after a verb ('between May 2020 and September 2022'; empty when unknown), and
    as a bare range."""
    f = raw.figure(figure_id)
    who = tables.outlet(raw, figure_id)
    return {
        "period": writing.stated_period(f["period_start"], f["period_end"], f.get("period_text", ""), who),
        "between": writing.period(f["period_start"], f["period_end"], between=True),
    }


def short_name(raw: RawData, place: str) -> str:
    """How a news page names a force or place after the first mention: 'the Met', 'the PSNI', 'Police
    Scotland' (data/raw/forces.csv aliases)."""
    forces = vocab.forces(raw.directory)
    geographies = vocab.geographies(raw.directory)
    name = geographies.names.get(place, place)
    aliases = [a for a in forces.attributes.get(place, {}).get("aliases", "").split("|") if a]
    for alias in aliases:
        if alias.startswith("the "):
            return alias
    for alias in aliases:
        if alias.isupper() and 2 < len(alias) <= 6:
            return f"the {alias}"
    return writing.definite(name)


def _headline_table(raw, ids, params):
    return tables.headline(raw, ids["total"], ids["forces"], *_period_params(params))


def _headline_facts(raw, ids, table, params):
    total, forces = table.iloc[0], table.iloc[1]
    n_forces, n_ew = int(forces["value"]), int(raw.value(ids["forces_ew"]))
    territorial = territorial_forces(raw)
    words_only = str(forces["qualifier"]) in WORDS_ONLY
    who = writing.outlet(tables.outlet(raw, ids["forces"]))
    if n_forces == territorial:
        said = (
            f"every force made referrals: the {n_ew} of England and Wales, Police Scotland and the Police Service of "
            "Northern Ireland (PSNI)"
        )
    else:
        said = f"{qualified(forces['qualifier'])}{n_forces} of the {territorial} UK police forces made referrals"
    forces_table = tables.forces(raw, ids["total"], ids["forces"], None, "", *_period_params(params))
    itemised = int((forces_table["kind"] == tables.ITEMISED).sum())
    check = (
        writing.sentence(f"Only {in_words(itemised)} forces' own counts were published, so this cannot be checked")
        if words_only and itemised < n_forces
        else ""
    )
    return {
        "total": int(total["value"]),
        "qualified_total": writing.bound(_meaning(raw, total["qualifier"]), total["value"]),
        **_when(raw, ids["total"]),
        "between_cap": writing.upper_first(_when(raw, ids["total"])["between"] or "over the period"),
        "n_forces": n_forces,
        "forces_said": writing.attribute(who, said) if words_only else writing.sentence(said),
        "forces_check": check,
        "forces_attributed": words_only,
        "definition": measure_definition(raw, ids["total"]),
    }


def _meaning(raw: RawData, qualifier: str) -> str:
    """A qualifier's meaning (data/raw/qualifiers.csv): 'at-least' for 'at least' and 'no less than'."""
    known = vocab.qualifiers(raw.directory).get(str(qualifier), {})
    meaning = known.get("meaning", "exact")
    return str(qualifier) if meaning == "exact" or meaning == "verbal" else meaning


def territorial_forces(raw: RawData) -> int:
    """How many territorial police forces the UK has (forces.csv), against which 'all forces' is judged."""
    forces = vocab.forces(raw.directory)
    return sum(1 for f in forces.ids() if forces.attributes[f].get("kind") == "territorial")


def _crime_types_table(raw, ids, params):
    order = params.get("crime_types") or None
    return tables.crime_types(raw, ids["total"], order, *_period_params(params), params.get("sort", "value"))


def _crime_types_facts(raw, ids, table, params):
    n_all = len(tables.parts(raw, ids["total"], tables.BY_CRIME_TYPE))
    shown = len(table)
    categories = (
        f"All {in_words(n_all)} categories" if shown == n_all else f"{in_words(shown)} of the {n_all} categories"
    )
    total = int(raw.value(ids["total"]))
    largest = table.sort_values("value", ascending=False, kind="mergesort").iloc[0]
    return {
        "total": total,
        **_when(raw, ids["total"]),
        "categories": writing.upper_first(categories),
        "largest": str(largest["name"]).lower(),
        "largest_value": int(largest["value"]),
        "largest_share": writing.share(largest["value"], total),
        "definition": measure_definition(raw, ids["total"]),
    }


def _forces_table(raw, ids, params):
    top = params.get("top_forces")
    return tables.forces(
        raw, ids["total"], ids["forces"], top, params.get("highlight_force", ""), *_period_params(params)
    )


def _forces_facts(raw, ids, table, params):
    itemised = table[table["kind"] == tables.ITEMISED]
    remainder = table[table["kind"] == tables.REMAINDER]
    not_recorded = table[table["kind"] == tables.NOT_RECORDED]
    n_forces = int(raw.value(ids["forces"]))
    n_rest = n_forces - len(itemised)
    if remainder.empty:
        shape = f"All {len(itemised)} forces, largest first, and the referrals with no force recorded"
    else:
        shape = (
            f"Only {in_words(len(itemised))} forces' counts were published; the other {n_rest} are drawn "
            "together, dashed"
        )
    apart = separately_published(raw, ids["total"], set(itemised.get("geography", [])))
    if apart and not remainder.empty:
        shape = shape.replace(" counts were published;", " counts were published in the UK-wide figures;", 1)
    top = itemised.iloc[0] if not itemised.empty else None
    second = itemised.iloc[1] if len(itemised) > 1 else None
    top_name = writing.definite(top["name"]) if top is not None else ""
    rest_words = (
        f"the {n_rest} forces not itemised referred {writing.number(remainder['value'].sum())} between them"
        if not remainder.empty
        else f"no other force referred more than {writing.number(top['value'])}"
        if top is not None
        else ""
    )
    title = (
        writing.clause(f"{writing.upper_first(top_name)} referred {writing.number(top['value'])} victims", rest_words)
        if top is not None
        else "Victims referred, by force"
    )
    said = [f"{top_name} referred {writing.number(top['value'])} victims"] if top is not None else []
    if second is not None:
        said[0] += f" and {writing.definite(second['name'])} {writing.number(second['value'])}"
    said += [rest_words] if rest_words else []
    why = ""
    if not not_recorded.empty:
        n_unknown = writing.number(not_recorded["value"].sum())
        said.append(f"for {n_unknown} referrals no force was recorded")
        # the source's reason for them (a sentence of the source's, kept with the figure), with what it is about
        reasons = raw.figures.set_index("figure_id").reindex(list(not_recorded["figure_id"]))["notes"].dropna()
        reason = next((str(r).strip().rstrip(".") for r in reasons if str(r).strip()), "")
        why = writing.sentence(f"{reason} for the {n_unknown} referrals with no force recorded") if reason else ""
    return {
        **_when(raw, ids["total"]),
        "title": title,
        "shape": shape,
        "apart": (
            writing.upper_first(
                f"{writing.listing(writing.possessive(n) for n in apart)} "
                + ("count came in a separate answer" if len(apart) == 1 else "counts came in separate answers")
            )
            if apart and not remainder.empty
            else ""
        ),
        "said": writing.clause(*said),
        "note": " ".join(
            n for n in (table.attrs.get("highlight_note", ""), measure_definition(raw, ids["total"]), why) if n
        ),
    }


def separately_published(raw: RawData, total_id: str, itemised: set[str]) -> list[str]:
    """The forces whose own count of the same measure was published apart from the total's figures (another FOI
    answer: the PSNI's 33), by their short names: what 'only five forces' counts were published' must not hide."""
    total = raw.figure(total_id)
    forces = vocab.forces(raw.directory)
    dataset = raw.sources.set_index("source_id")["dataset"].to_dict() if "dataset" in raw.sources else {}
    f = raw.figures
    found = f[
        (f["measure"] == total["measure"])
        & (f["crime_type"] == "all")
        & f["geography"].isin([g for g in forces.ids() if forces.attributes[g].get("kind") == "territorial"])
        & ~f["geography"].isin(itemised)
        & (f["source_id"].map(dataset) != dataset.get(total["source_id"]))
    ]
    return [short_name(raw, g) for g in dict.fromkeys(found["geography"])]


def dated_elsewhere(raw: RawData, figure_id: str) -> str:
    """For a count its source gives no dates for, who else published the same count with dates: 'The Detail and
    the Guardian give the same 207 for May 2020 to September 2022'. Both stay: the reader sees each source's."""
    f = raw.figure(figure_id)
    if writing.period(f["period_start"], f["period_end"]):
        return ""
    same = raw.figures[
        (raw.figures["measure"] == f["measure"])
        & (raw.figures["geography"] == f["geography"])
        & (raw.figures["crime_type"] == f["crime_type"])
        & (raw.figures["value"] == f["value"])
        & (raw.figures["figure_id"] != figure_id)
    ]
    for _, other in same.iterrows():
        when = writing.period(other["period_start"], other["period_end"])
        if when:
            who = writing.outlet(tables.outlet(raw, other["figure_id"]))
            verb = "give" if " and " in who else "gives"
            return f"{who} {verb} the same {writing.number(f['value'])} for {when}"
    return ""


def _place_table(raw, ids, params):
    return tables.place_by_crime_type(raw, ids["total"], *_period_params(params))


def _place_facts(raw, ids, table, params):
    total = raw.figure(ids["total"])
    itemised = table[table["kind"] == tables.ITEMISED]
    rest = table[table["kind"] == tables.REMAINDER]
    who = writing.outlet(tables.outlet(raw, ids["total"]))
    complete = tables.is_complete(tables.parts(raw, ids["total"], tables.BY_CRIME_TYPE))
    left = int(rest["value"].sum())
    place = vocab.geographies(raw.directory).names[total["geography"]]
    n = in_words(len(itemised))
    if rest.empty:
        shape = ""  # every crime type the source gave is drawn: nothing for a reader to be told
    elif complete:
        shape = f"All {n} crime types; {writing.number(left)} more in suppressed cells"
    else:
        itemised_total = writing.number(itemised["value"].sum())
        shape = f"{who} itemised {itemised_total}; the other {writing.number(left)} were not itemised"
    rows = [
        # 'five of modern slavery', but '13 were victims of other crimes' (a group, not a kind of victim)
        f"{writing.number(r['value'], words=True)} "
        f"{'were victims of' if i == 0 or str(r['name']).lower().startswith('other') else 'of'} "
        f"{str(r['name']).lower()}"
        for i, (_, r) in enumerate(itemised.sort_values("value", ascending=False, kind="mergesort").iterrows())
    ]
    breakdown = ""
    if rows:
        breakdown = rows[0] + (f", {writing.listing(rows[1:])}" if len(rows) > 1 else "")
        if not rest.empty:
            breakdown = writing.clause(breakdown, f"the crime type of the other {writing.number(left)} was not given")
    qualified_total = writing.bound(_meaning(raw, total["qualifier"]), total["value"])
    when = _when(raw, ids["total"])
    name = writing.upper_first(writing.definite(place))
    return {
        "place": place,
        "name": name,
        "short": short_name(raw, total["geography"]),
        "qualified_total": qualified_total,
        **when,
        "dated": dated_elsewhere(raw, ids["total"]),
        "shape": shape,
        "said": writing.clause(f"{name} referred {qualified_total} victims {when['between']}".strip()),
        "breakdown": writing.attribute(who, breakdown) if breakdown else "",
        "definition": measure_definition(raw, ids["total"]),
    }


_CHAIN_LABELS = (
    "Calls from the PSNI to the NCCU",
    "Calls to check a victim of crime",
    "of which modern slavery and trafficking",
)


def _chain_table(raw, ids, params):
    stages = [ids["calls"], ids["checks"], ids["msht"]]
    return tables.chain(raw, stages, list(_CHAIN_LABELS), *_period_params(params))


def _chain_facts(raw, ids, table, params):
    calls, checks = int(table.iloc[0]["value"]), int(table.iloc[1]["value"])
    part = int(table.iloc[2]["value"])
    geography = raw.figure(ids["calls"])["geography"]
    return {
        "place": vocab.geographies(raw.directory).names[geography],
        "short": short_name(raw, geography),
        **_when(raw, ids["calls"]),
        "calls": calls,
        "checks": checks,
        "one_in": writing.one_in(checks, calls),
        "one_in_cap": writing.upper_first(writing.one_in(checks, calls)),
        "part": part,
        "part_of": writing.of(part, checks),
        "other_checks": checks - part,
        "other_calls": calls - checks,
        # one published document gives every count here, and nothing can check it: its word, attributed
        "who": writing.definite(writing.outlet(tables.outlet(raw, ids["checks"]))),
    }


def _matrix_table(raw, ids, params):
    return tables.matrix(raw, ids["total"])


def _matrix_facts(raw, ids, table, params):
    top = table.sort_values(["value", "force_name"], ascending=[False, True], kind="mergesort").iloc[0]
    bounds = int((table["qualifier"] != "exact").sum())
    return {
        **_when(raw, ids["total"]),
        "n_forces": table.loc[table["force"] != "not-recorded", "force"].nunique(),
        "n_types": table["crime_type"].nunique(),
        "top_force": top["force_name"],
        "top_type": str(top["crime_type_name"]).lower(),
        "top_value": int(top["value"]),
        "suppressed": (
            f"{bounds} {'cell is' if bounds == 1 else 'cells are'} suppressed in the release (shown as "
            "\u2018supp.\u2019, or \u2018\u2265\u2019 where part of a cell is known)"
            if bounds
            else "no cell is suppressed"
        ),
        "definition": measure_definition(raw, ids["total"]),
    }


def _months_table(raw, ids, params):
    return tables.by_month(raw, ids["total"], *_period_params(params))


def _months_facts(raw, ids, table, params):
    months = int(table["months"].sum())
    by_month = bool((table["months"] == 1).all())
    rate = table["value"] / table["months"]
    busiest = table.assign(rate=rate).sort_values(["rate", "month"], ascending=[False, True], kind="mergesort").iloc[0]
    return {
        **_when(raw, ids["total"]),
        "unit": "month" if by_month else "period",
        "n_months": months,
        "busiest": busiest["label"] if by_month else f"{busiest['label']}, at about {busiest['rate']:,.0f} a month",
        "busiest_value": int(busiest["value"]),
        "average": f"{table['value'].sum() / months:,.0f}",
        "partial": tables.partial_months_note(raw, ids["total"]),
        "definition": measure_definition(raw, ids["total"]),
    }


def measure_definition(raw: RawData, figure_id: str) -> str:
    """How the measure of a figure is defined (data/raw/measures.csv), written where readers see the measure. A
    definition that rests on a document (its `source_id`: the Home Office's answer that it records telephone
    referrals only) is that document's word, so it is attributed to whoever said it, never stated as the site's:
    'According to the Home Office, victims of crime referred ... are recorded by ...'."""
    measure = vocab.measures(raw.directory)[raw.figure(figure_id)["measure"]]
    definition = str(measure["definition"])
    source_id = str(measure.get("source_id", "") or "")
    if not source_id or source_id not in set(raw.sources["source_id"]):
        return definition
    speaker = source_speaker(raw, source_id)
    return writing.sentence(f"According to {speaker}, {measure['name']} are {writing.lower_first(definition)}")


def source_speaker(raw: RawData, source_id: str) -> str:
    """Who said what a document records, in running text: the outlet, or the Home Office for a Home Office
    statement published elsewhere (a minister's written answer on Parliament's site)."""
    row = raw.sources.set_index("source_id").loc[source_id]
    if str(row.get("dataset", "")).startswith("home-office"):
        return "the Home Office"
    return writing.definite(writing.outlet(str(row["outlet"])))


# --- the registry ----------------------------------------------------------------------------

_UK = {"total": "detail_total", "forces": "detail_forces_uk", "forces_ew": "detail_forces_england_wales"}

FIGURES: tuple[Figure, ...] = (
    Figure(
        name="headline",
        number=2,
        label="The headline",
        figure_ids=_UK,
        table=_headline_table,
        facts=_headline_facts,
        draw=charts.headline_chart,
        dimension="What was counted",
        measure="Number",
        title="UK police referred {qualified_total} migrant victims of crime to immigration enforcement",
        subtitle=("{period}",),
        lines=(
            "{qualified_total}",
            "migrant victims of crime referred by UK police",
            "to Home Office Immigration Enforcement",
            "{forces_said}",
            "{forces_check}",
        ),
        note="{definition}",
        params=("period",),
        statements=(
            (
                "{between_cap}, police forces across the UK passed the details of {qualified_total} migrant victims "
                "of crime to Home Office Immigration Enforcement",
                False,
            ),
            ("{forces_said} {forces_check}", "forces_attributed"),
        ),
        release_ids={"total": "release_total", "forces": "release_forces", "forces_ew": "release_forces_england_wales"},
        release_needs=("force",),
    ),
    Figure(
        name="crime-types",
        number=3,
        label="Crime types",
        figure_ids={"total": "detail_total"},
        table=_crime_types_table,
        facts=_crime_types_facts,
        draw=charts.crime_type_chart,
        dimension="Crime type",
        title="Victims of {largest} were the largest group referred: {largest_value:,} of {total:,}",
        subtitle=("{period}", "{categories}; each one's share of the {total:,} in brackets"),
        note="{definition}",
        params=("period", "crime_types", "sort"),
        release_ids={"total": "release_total"},
        statements=(
            (
                "Victims of {largest} were the largest group: {largest_value:,} of the {total:,} referred, "
                "or {largest_share}",
                False,
            ),
        ),
        release_needs=("crime_type",),
    ),
    Figure(
        name="forces",
        number=4,
        label="Forces",
        figure_ids={"total": "detail_total", "forces": "detail_forces_uk"},
        table=_forces_table,
        facts=_forces_facts,
        draw=charts.forces_chart,
        dimension="Force",
        title="{title}",
        subtitle=("{period}", "{shape}", "{apart}"),
        note="{note}",
        params=("period", "top_forces", "highlight_force"),
        release_ids={"total": "release_total", "forces": "release_forces"},
        statements=(("{said}", False),),
        release_needs=("force",),
    ),
    Figure(
        name="scotland",
        number=5,
        label="Police Scotland",
        figure_ids={"total": "ferret_scotland_total"},
        table=_place_table,
        facts=_place_facts,
        draw=partial(charts.place_crime_type_chart, colour=style.PALETTE["blue"]),
        dimension="Crime type",
        title="{name} referred {qualified_total} victims of crime to immigration enforcement",
        subtitle=("{period}", "{dated}", "{shape}"),
        note="{definition}",
        statements=(("{said}", False), ("{dated}", False), ("{breakdown}", True)),
        release_ids={"total": "release_force_police_scotland"},
        release_needs=("force", "crime_type"),
    ),
    Figure(
        name="psni",
        number=6,
        label="PSNI",
        figure_ids={"total": "psni_total"},
        table=_place_table,
        facts=_place_facts,
        draw=partial(charts.place_crime_type_chart, colour=style.PALETTE["blue"]),
        dimension="Crime type",
        title="{name} referred {qualified_total} victims of crime to immigration enforcement",
        subtitle=("{period}", "{dated}", "{shape}"),
        note="{definition}",
        params=("period",),
        statements=(("{said}", False), ("{dated}", False), ("{breakdown}", True)),
        release_ids={"total": "release_force_psni"},
        release_needs=("force", "crime_type"),
    ),
    Figure(
        name="honccu",
        number=7,
        label="PSNI calls to the Home Office",
        figure_ids={"calls": "nipb_honccu_calls", "checks": "nipb_victim_checks", "msht": "nipb_victim_checks_msht"},
        table=_chain_table,
        facts=_chain_facts,
        draw=charts.chain_chart,
        dimension="What was counted",
        measure="Calls",
        title="{one_in_cap} of {short}'s {calls:,} calls to the Home Office was to check a victim of crime",
        subtitle=(
            "{period}",
            "Each square or dot is one call: first the calls to check a victim, enlarged; then every call, to scale",
        ),
        lines=(
            "The {checks:,} calls to check a victim, enlarged",
            "All {calls:,} calls: the {checks:,} are at top left",
        ),
        key=(
            ("vermillion", "{part:,} calls to check a victim of modern slavery or trafficking"),
            ("blue", "{other_checks:,} calls to check a victim of another crime"),
            ("grey", "{other_calls:,} other calls"),
        ),
        params=("period",),
        statements=(
            (
                "{who} said that {checks:,} of the {calls:,} calls {short} made to the Home Office's National "
                "Command and Control Unit (NCCU) {between} were to check a victim of crime: {one_in}",
                True,
            ),
            ("It said that {part:,} of those {checks:,} were about modern slavery or trafficking", True),
        ),
        modes=("published",),
    ),
    Figure(
        name="force-crime-types",
        number=10,
        label="Forces by crime type",
        figure_ids={},
        table=_matrix_table,
        facts=_matrix_facts,
        draw=charts.heatmap,
        title="{top_force} referred {top_value:,} victims of {top_type}, the largest single group",
        subtitle=("{period}", "{n_forces} forces and no force recorded, by {n_types} crime types; {suppressed}"),
        note="{definition}",
        statements=(
            ("The largest single group: {top_value:,} victims of {top_type} referred by {top_force} {between}", False),
        ),
        release_ids={"total": "release_total"},
        release_needs=("force", "crime_type"),
        modes=("release",),
    ),
    Figure(
        name="months",
        number=11,
        label="Referrals by month",
        figure_ids={},
        table=_months_table,
        facts=_months_facts,
        draw=charts.monthly_bars,
        title="Police referred about {average} victims a month; the busiest {unit} was {busiest}",
        subtitle=("{period}: {n_months} months", "{partial}"),
        note="{definition}",
        params=("period",),
        statements=(
            (
                "Referrals ran at about {average} a month over {n_months} months {between}; the busiest {unit} "
                "was {busiest}, with {busiest_value:,}",
                False,
            ),
        ),
        release_ids={"total": "release_total"},
        release_needs=("period",),
        modes=("release",),
    ),
)

#: The infographic's panels, in the order of the investigation's infographic.
INFOGRAPHIC_PANELS = ("headline", "crime-types", "forces", "scotland", "psni", "honccu")
INFOGRAPHIC = Infographic(
    name="infographic",
    number=8,
    label="The infographic",
    title="UK police referred {qualified_total} migrant victims of crime to immigration enforcement",
    subtitle=(
        "Rebuilt from the published figures: each panel names its period, and its sources are listed below",
        "After the infographic by Chris Scott for The Detail",
    ),
    release_subtitle=(
        "Rebuilt from the Home Office FOI release itself: each panel names its period, and its sources are "
        "listed below",
        "After the infographic by Chris Scott for The Detail",
    ),
    panels=INFOGRAPHIC_PANELS,
    params=("period", "highlight_force"),
)
FACT_CHECK = Notebook(name="fact-check", number=9, label="Fact-check")

BY_NAME = {f.name: f for f in FIGURES}


def figures(mode: str = PUBLISHED) -> list[Figure]:
    """The single figures the data can draw: the published figures', or a release's."""
    if mode not in MODES:
        raise ValueError(f"mode {mode!r}: one of {MODES}")
    return [f for f in FIGURES if f.draws_from(mode)]


def get(name: str) -> Figure:
    if name not in BY_NAME:
        raise KeyError(f"no figure named {name!r}; figures: {', '.join(BY_NAME)}")
    return BY_NAME[name]


def names(mode: str = PUBLISHED) -> list[str]:
    """Every figure the data can draw, in notebook order: single figures, the infographic, the ledger chart."""
    return [f.name for f in figures(mode)] + [INFOGRAPHIC.name, FACT_CHECK.name]


def notebooks() -> dict[str, str]:
    """Notebook stem -> the figure name it draws."""
    return {entry.notebook: entry.name for entry in (*FIGURES, INFOGRAPHIC, FACT_CHECK)}


def required_figure_ids() -> dict[str, set[str]]:
    """Figure name -> the figure ids its table and chart need (validation refuses data without them)."""
    return {f.name: set(f.figure_ids.values()) for f in FIGURES}


_DIMENSION_WORDS = {"force": "force", "crime_type": "crime type", "period": "period (month, quarter or year)"}


def _release_gives(figure: Figure, raw: RawData) -> None:
    """A release's figure is drawn only from a table that gives what it needs (a force's crime types only from a
    table of both, never from separate tables); otherwise one sentence says which table is missing."""
    given = [set(dims) for dims in raw.figures.attrs.get("release_tables", [])]
    if not figure.release_needs or any(set(figure.release_needs) <= dims for dims in given):
        return
    need = " and ".join(_DIMENSION_WORDS[d] for d in figure.release_needs)
    has = raw.figures.attrs.get("release_tables_text", "")
    together = " together (a cross-tab); separate tables cannot give its cells" if len(figure.release_needs) > 1 else ""
    raise NotInThisData(f"the {figure.label} figure needs a table by {need}{together}, and this release has {has}")


def _fill(template: str, facts: dict) -> str:
    return template.format(**facts) if template else ""


class NotInThisData(Exception):
    """A figure the data cannot draw (calls to the Home Office are in no release; months are in no published figure)."""


def build(
    name: str,
    raw: RawData,
    params: dict | None = None,
    ids: Mapping[str, str] | None = None,
    release: bool = False,
    label: str = "",
) -> Built:
    """Build one figure from the data (published figures, or a release turned into counts with `release`):
    table, facts, words and the configured chart (drawn when first read). `label` ('SYNTHETIC') goes before
    every title."""
    figure = get(name)
    if not figure.draws_from(RELEASE if release else PUBLISHED):
        raise NotInThisData(
            f"the {figure.label.lower()} figure cannot be drawn from "
            f"{'a release' if release else 'the published figures'}"
        )
    if release:
        _release_gives(figure, raw)
    params = dict(params or {})
    ids = dict(ids or (figure.release_ids if release else figure.figure_ids))
    table = figure.table(raw, ids, params)
    facts = figure.facts(raw, ids, table, params)
    used = figure.source_ids(ids, table)
    text = charts.Text(
        title=(f"{label}: " if label else "") + writing.upper_first(_fill(figure.title, facts)),
        subtitle=tuple(t for t in (_fill(s, facts) for s in figure.subtitle) if t),
        source=source_line(raw, used),
        note=_fill(figure.note, facts),
        lines=tuple(_fill(line, facts) for line in figure.lines),
        dimension=figure.dimension,
        measure=figure.measure,
        key=tuple((style.PALETTE[colour], _fill(words, facts)) for colour, words in figure.key),
        credit=credit(raw),
    )
    return Built(figure, table, facts, text, None, used)


def source_line(raw: RawData, figure_ids) -> str:
    """'Source: The Ferret, “Police Scotland reported…”, April 2023' for the documents behind the figures."""
    used = raw.figures[raw.figures["figure_id"].isin(list(figure_ids))]["source_id"].drop_duplicates()
    rows = raw.sources.set_index("source_id")
    return writing.sources_line(
        (rows.loc[sid, "outlet"], rows.loc[sid, "title"], str(rows.loc[sid, "published"])) for sid in used
    )


credit = charts.credit_line


def build_infographic(
    raw: RawData, params: dict | None = None, release: bool = False, label: str = ""
) -> BuiltInfographic:
    """Every panel the data can draw on one page, each built by its own registry entry."""
    params = dict(params or {})
    panels = {}
    for name in INFOGRAPHIC.panels:
        if not get(name).draws_from(RELEASE if release else PUBLISHED):
            continue
        allowed = {k: v for k, v in params.items() if k in _panel_params(name)}
        try:
            panels[name] = build(name, raw, allowed, release=release, label=label)
        except NotInThisData:
            if not release:
                raise
    if len(panels) < 2:
        raise NotInThisData("the infographic needs at least two of its panels, and this release gives fewer")
    subtitle = INFOGRAPHIC.release_subtitle if release else INFOGRAPHIC.subtitle
    first, *_, last = panels
    headline = panels[first]
    title = (f"{label}: " if label else "") + writing.upper_first(_fill(INFOGRAPHIC.title, headline.facts))
    text = charts.Text(
        title=title,
        subtitle=subtitle,
        source=_panel_sources(panels),
        # each sentence of the panels' notes once (the measure's definition ends several of them)
        note=" ".join(dict.fromkeys(s for b in panels.values() for s in re.split(r"(?<=\.)\s+", b.text.note) if s)),
        credit=headline.text.credit,
    )
    full = 2 * style.PANEL_WIDTH + charts.COLUMN_GAP
    widths = {name: style.PANEL_WIDTH for name in panels} | {first: full, last: full}
    drawn = []
    for n, b in panels.items():
        # one source and notes block for the whole page; the headline panel's title is the page's own
        words = replace(b.text, source="", note="", credit="")
        if n == first:
            words = replace(words, title=" \u00b7 ".join(b.text.subtitle), subtitle=())
        drawn.append(b.figure.draw(b.table, words, width=widths[n]))
    chart = charts.infographic(drawn, text)
    table = tables.stack_panels({get(n).label: b.table for n, b in panels.items()})
    used = list(dict.fromkeys(i for b in panels.values() for i in b.figure_ids))
    configured = style.configure(chart, description=describe(text, table))
    return BuiltInfographic(INFOGRAPHIC, panels, table, text, configured, used)


def _panel_params(name: str) -> set[str]:
    params = set()
    for group in get(name).params:
        params |= {"period_start", "period_end"} if group == "period" else {group}
    return params


def _panel_sources(panels: dict[str, Built]) -> str:
    """The infographic's one source line: each document once, with the panels it gives."""
    by_document: dict[str, list[str]] = {}
    for name, built in panels.items():
        for document in built.text.source.split(": ", 1)[-1].split("; "):
            by_document.setdefault(document, []).append(get(name).label)
    parts = [
        f"{writing.upper_first(writing.listing(_label_case(n) for n in names))}: {document}"
        for document, names in by_document.items()
    ]
    return f"{'Sources' if len(parts) > 1 else 'Source'} \u2014 " + "; ".join(parts)


def _label_case(label: str) -> str:
    """A panel's label inside a sentence: 'the headline', 'crime types', but 'Police Scotland', 'PSNI'."""
    return writing.lower_first(label)
