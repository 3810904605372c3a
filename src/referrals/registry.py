"""One declaration per figure: its name, counts, table, chart, words and parameters.

The name is the one name used for the figure's files (`figures/NAME.*`), its
notebook (`notebooks/NN-NAME.ipynb`) and its site section. Titles, subtitles and
notes are templates filled from *facts*, numbers and words computed from the
data at build time: a template never holds a digit, so a number can never be
typed into a chart (tests check both). Notebooks, the infographic, the site,
the parameter specs, the validation of required figures and the README's
figure table all read this module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pandas as pd

from . import charts, style, tables, vocab
from .rawdata import RawData

#: What a figure can be drawn from: the published figures (data/processed/), or a Home Office release.
PUBLISHED, RELEASE = "published", "release"
MODES = (PUBLISHED, RELEASE)

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def in_words(n: int) -> str:
    """Small counts in words, as a news page writes them ('five forces'); larger ones in digits."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"


def qualified(qualifier: str) -> str:
    """A number's qualifier as it reads before the number ('at least '); nothing for exact counts."""
    return "" if qualifier in ("exact", "derived", "each of the", "") else f"{qualifier} "


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
    summary: str = ""
    release_ids: Mapping[str, str] | None = None  # the same roles in a release turned into counts; None: not in one
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
        return f"{self.number:02d}-{self.name}"

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
            self.drawn = style.configure(chart).properties(description=self.description())
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

    def summary(self) -> str:
        """The figure's finding in one or two sentences, computed from its facts."""
        return self.figure.summary.format(**self.facts) if self.figure.summary else self.description()

    def web_chart(self):
        """The chart for a web page: it fills its container's width, and its title, source and notes are the
        page's HTML; its description (the SVG's accessible name) says what it shows in reader words."""
        chart = self.figure.draw(self.table, self.text, width="container")
        return style.configure(chart, web=True).properties(description=self.description())


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

    def summary(self) -> str:
        return self.description()


def describe(text: charts.Text, table: pd.DataFrame) -> str:
    """A sentence for screen readers and the site: what a chart shows and its numbers, in reader words."""
    items = []
    for _, row in table.head(12).iterrows():
        value = row.get("value")
        shown = f"{int(value):,}" if isinstance(value, int | float) and pd.notna(value) else "no number"
        items.append(f"{_row_name(row)}: {qualified(str(row.get('qualifier', '')))}{shown}")
    more = f"; and {len(table) - 12} more rows in the table" if len(table) > 12 else ""
    return f"{text.title}. {'. '.join(text.subtitle)}. " + "; ".join(items) + more + "."


def _row_name(row: pd.Series) -> str:
    """What a table row counts, in reader words: its label, or its force and crime type (a release's matrix)."""
    for columns in (("label",), ("name",), ("stage",), ("outlet",), ("force_name", "crime_type_name")):
        if all(c in row.index for c in columns):
            return ", ".join(str(row[c]) for c in columns)
    raise KeyError(f"a table row with none of the naming columns: {list(row.index)}")


# --- tables and facts, one pair per figure -------------------------------------------------


def _period_params(params: dict) -> tuple[str, str]:
    return params.get("period_start", ""), params.get("period_end", "")


def _headline_table(raw, ids, params):
    return tables.headline(raw, ids["total"], ids["forces"], *_period_params(params))


def _headline_facts(raw, ids, table, params):
    total, forces = table.iloc[0], table.iloc[1]
    n_forces, n_ew = int(forces["value"]), int(raw.value(ids["forces_ew"]))
    territorial = territorial_forces(raw)
    if n_forces == territorial:
        by_whom = f"by all {n_forces} UK police forces: the {n_ew} of England and Wales"
        rest = f"and the {in_words(n_forces - n_ew)} others, Police Scotland and the PSNI"
    else:
        by_whom = f"by {qualified(forces['qualifier'])}{n_forces} of the {territorial} UK police forces"
        rest = f"{n_ew} of them in England and Wales"
    return {
        "total": int(total["value"]),
        "qualified_total": f"{qualified(total['qualifier'])}{int(total['value']):,}",
        "period": str(total["period"]),
        "n_forces": n_forces,
        "by_whom": by_whom,
        "rest": rest,
        "definition": measure_definition(raw, ids["total"]),
    }


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
    largest = table.sort_values("value", ascending=False, kind="mergesort").iloc[0]
    return {
        "total": int(raw.value(ids["total"])),
        "period": tables.figure_period(raw, ids["total"]),
        "categories": categories[0].upper() + categories[1:],
        "largest": str(largest["name"]).lower(),
        "largest_value": int(largest["value"]),
        "largest_share": f"{largest['share_of_total'] * 100:.0f}%",
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
    if remainder.empty:
        shape = f"All {len(itemised)} forces, largest first, and the referrals with no force recorded"
    else:
        shape = (
            f"Only {in_words(len(itemised))} forces were itemised; the other {n_forces - len(itemised)} "
            "are a derived remainder, drawn dashed"
        )
    top = itemised.iloc[0] if not itemised.empty else None
    return {
        "period": tables.figure_period(raw, ids["total"]),
        "shape": shape,
        "note": " ".join(
            n for n in (table.attrs.get("highlight_note", ""), measure_definition(raw, ids["total"])) if n
        ),
        "top_name": top["name"] if top is not None else "",
        "top_value": int(top["value"]) if top is not None else 0,
        "not_recorded": int(not_recorded["value"].sum()),
        "remainder": int(remainder["value"].sum()),
        "n_rest": n_forces - len(itemised),
    }


def _place_table(raw, ids, params):
    return tables.place_by_crime_type(raw, ids["total"], *_period_params(params))


def _place_facts(raw, ids, table, params):
    total = raw.figure(ids["total"])
    itemised = table[table["kind"] == tables.ITEMISED]
    rest = table[table["kind"] == tables.REMAINDER]
    who = tables.outlet(raw, ids["total"])
    complete = tables.is_complete(tables.parts(raw, ids["total"], tables.BY_CRIME_TYPE))
    left = int(rest["value"].sum())
    if rest.empty:
        shape = f"{who}: all {in_words(len(itemised))} crime types"
    elif complete:
        shape = f"{who}: all {in_words(len(itemised))} crime types; {left:,} more in suppressed cells"
    else:
        shape = f"{who} itemised {int(itemised['value'].sum()):,}; the other {left:,} were not itemised"
    return {
        "place": vocab.geographies(raw.directory).names[total["geography"]],
        "qualified_total": f"{qualified(total['qualifier'])}{int(total['value']):,}",
        "period": tables.figure_period(raw, ids["total"]),
        "shape": shape,
        "definition": measure_definition(raw, ids["total"]),
    }


_CHAIN_LABELS = (
    "Calls from the PSNI to HONCCU",
    "Calls to check a victim of crime",
    "of which modern slavery and trafficking",
)


def _chain_table(raw, ids, params):
    stages = [ids["calls"], ids["checks"], ids["msht"]]
    return tables.chain(raw, stages, list(_CHAIN_LABELS), *_period_params(params))


def _chain_facts(raw, ids, table, params):
    calls, checks = table.iloc[0]["value"], table.iloc[1]["value"]
    part = table.iloc[2]["value"]
    return {
        "place": vocab.geographies(raw.directory).names[raw.figure(ids["calls"])["geography"]],
        "period": tables.figure_period(raw, ids["calls"]),
        "calls": int(calls),
        "checks": int(checks),
        "one_in": f"{round(calls / checks):,}",
        "part": int(part),
        "part_share": f"{part / checks * 100:.1f}%",
    }


def _matrix_table(raw, ids, params):
    return tables.matrix(raw, ids["total"])


def _matrix_facts(raw, ids, table, params):
    top = table.sort_values(["value", "force_name"], ascending=[False, True], kind="mergesort").iloc[0]
    bounds = int((table["qualifier"] != "exact").sum())
    return {
        "period": tables.figure_period(raw, ids["total"]),
        "n_forces": table.loc[table["force"] != "not-recorded", "force"].nunique(),
        "n_types": table["crime_type"].nunique(),
        "top_force": top["force_name"],
        "top_type": str(top["crime_type_name"]).lower(),
        "top_value": int(top["value"]),
        "suppressed": (
            f"{bounds} {'cell is' if bounds == 1 else 'cells are'} suppressed in the release ('supp.'; '≥' where "
            "part of a cell is known)"
            if bounds
            else "no cell is suppressed"
        ),
        "definition": measure_definition(raw, ids["total"]),
    }


def _months_table(raw, ids, params):
    if tables.parts(raw, ids["total"], "month").empty:
        raise NotInThisData("this release has no months, so referrals cannot be drawn month by month")
    return tables.by_month(raw, ids["total"], *_period_params(params))


def _months_facts(raw, ids, table, params):
    busiest = table.sort_values(["value", "month"], ascending=[False, True], kind="mergesort").iloc[0]
    return {
        "period": tables.figure_period(raw, ids["total"]),
        "n_months": len(table),
        "busiest": busiest["label"],
        "busiest_value": int(busiest["value"]),
        "average": f"{table['value'].sum() / len(table):,.0f}",
        "partial": tables.partial_months_note(raw, ids["total"]),
        "definition": measure_definition(raw, ids["total"]),
    }


def measure_definition(raw: RawData, figure_id: str) -> str:
    """How the measure of a figure is defined (data/raw/measures.csv), written where readers see the measure."""
    return vocab.measures(raw.directory)[raw.figure(figure_id)["measure"]]["definition"]


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
        title="Migrant victims of crime referred to immigration enforcement by UK police",
        subtitle=("{period}",),
        lines=(
            "{qualified_total}",
            "migrant victims of crime referred by UK police",
            "to Home Office Immigration Enforcement",
            "{by_whom}",
            "{rest}",
        ),
        note="{definition}",
        params=("period",),
        summary="UK police referred {qualified_total} migrant victims of crime to Home Office Immigration "
        "Enforcement ({period}), {by_whom}.",
        release_ids={"total": "release_total", "forces": "release_forces", "forces_ew": "release_forces_england_wales"},
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
        title="Victims referred, by type of crime",
        subtitle=("{period}", "{categories}; share of the {total:,} total in brackets"),
        note="{definition}",
        params=("period", "crime_types", "sort"),
        release_ids={"total": "release_total"},
        summary="The largest group were victims of {largest} ({largest_value:,}, {largest_share} of the {total:,}).",
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
        title="Which forces referred victims",
        subtitle=("{period}", "{shape}"),
        note="{note}",
        params=("period", "top_forces", "highlight_force"),
        release_ids={"total": "release_total", "forces": "release_forces"},
        summary="{top_name} referred the most ({top_value:,}); for {not_recorded:,} referrals no force was recorded.",
    ),
    Figure(
        name="scotland",
        number=5,
        label="Police Scotland",
        figure_ids={"total": "ferret_scotland_total"},
        table=_place_table,
        facts=_place_facts,
        draw=partial(charts.place_crime_type_chart, colour=style.PALETTE["green"]),
        dimension="Crime type",
        title="{place}: {qualified_total} victims referred, by type of crime",
        subtitle=("Period: {period}", "{shape}"),
        note="{definition}",
        summary="{place} referred {qualified_total} victims ({period}). {shape}.",
        release_ids={"total": "release_force_police_scotland"},
    ),
    Figure(
        name="psni",
        number=6,
        label="PSNI",
        figure_ids={"total": "psni_total"},
        table=_place_table,
        facts=_place_facts,
        draw=partial(charts.place_crime_type_chart, colour=style.PALETTE["orange"]),
        dimension="Crime type",
        title="{place}: {qualified_total} victims referred, by type of crime",
        subtitle=("{period}", "{shape}"),
        note="{definition}",
        params=("period",),
        summary="The {place} referred {qualified_total} victims ({period}).",
        release_ids={"total": "release_force_psni"},
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
        title="{place}: calls to the Home Office command and control unit",
        subtitle=("{period}", "About one in {one_in} calls was to check a victim of crime"),
        lines=(
            "All {calls:,} calls from the PSNI to HONCCU, drawn to scale: each square is {checks:,} calls",
            "The {checks:,} calls to check a victim of crime fill one square: about one in {one_in}",
            "Of those {checks:,} victim checks (one square each), {part:,} were about modern slavery "
            "and trafficking ({part_share}): filled",
        ),
        params=("period",),
        summary="Of {calls:,} calls from the {place} to the Home Office's command and control unit ({period}), "
        "{checks:,} were to check a victim of crime: about one in {one_in}.",
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
        title="Victims referred, by force and type of crime",
        subtitle=("{period}", "{n_forces} forces and no force recorded, by {n_types} crime types; {suppressed}"),
        note="{definition}",
        summary="The largest single group: {top_value:,} victims of {top_type} referred by {top_force} ({period}).",
        release_ids={"total": "release_total"},
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
        title="Victims referred, month by month",
        subtitle=("{period}: {n_months} months, about {average} a month", "{partial}"),
        note="{definition}",
        params=("period",),
        summary="Referrals ran at about {average} a month over {n_months} months ({period}); the busiest month was "
        "{busiest}, with {busiest_value:,}.",
        release_ids={"total": "release_total"},
        modes=("release",),
    ),
)

#: The infographic's panels, in the order of the investigation's infographic.
INFOGRAPHIC_PANELS = ("headline", "crime-types", "forces", "scotland", "psni", "honccu")
INFOGRAPHIC = Infographic(
    name="infographic",
    number=8,
    label="The infographic",
    title="UK police referrals of migrant victims of crime to immigration enforcement",
    subtitle=(
        "Rebuilt from published figures; each panel names its source and period",
        "After the infographic by Chris Scott for The Detail",
    ),
    release_subtitle=(
        "Rebuilt from the Home Office FOI release itself; each panel names its source and period",
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
    params = dict(params or {})
    ids = dict(ids or (figure.release_ids if release else figure.figure_ids))
    table = figure.table(raw, ids, params)
    facts = figure.facts(raw, ids, table, params)
    used = figure.source_ids(ids, table)
    text = charts.Text(
        title=(f"{label}: " if label else "") + _fill(figure.title, facts),
        subtitle=tuple(_fill(s, facts) for s in figure.subtitle),
        source=tables.source_line(raw, used),
        note=_fill(figure.note, facts),
        lines=tuple(_fill(line, facts) for line in figure.lines),
        dimension=figure.dimension,
        measure=figure.measure,
    )
    return Built(figure, table, facts, text, None, used)


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
        panels[name] = build(name, raw, allowed, release=release, label=label)
    subtitle = INFOGRAPHIC.release_subtitle if release else INFOGRAPHIC.subtitle
    title = (f"{label}: " if label else "") + INFOGRAPHIC.title
    text = charts.Text(title=title, subtitle=subtitle, source="")
    full = 2 * style.PANEL_WIDTH + charts.COLUMN_GAP
    first, *_, last = panels
    widths = {name: style.PANEL_WIDTH for name in panels} | {first: full, last: full}
    chart = charts.infographic([_unconfigured(b, widths[n]) for n, b in panels.items()], text)
    table = tables.stack_panels({get(n).label: b.table for n, b in panels.items()})
    used = list(dict.fromkeys(i for b in panels.values() for i in b.figure_ids))
    configured = style.configure(chart).properties(description=describe(text, table))
    return BuiltInfographic(INFOGRAPHIC, panels, table, text, configured, used)


def _panel_params(name: str) -> set[str]:
    params = set()
    for group in get(name).params:
        params |= {"period_start", "period_end"} if group == "period" else {group}
    return params


def _unconfigured(built: Built, width: int):
    """A panel's chart, at the infographic's panel width, before the house configuration (only the outermost
    chart is configured)."""
    return built.figure.draw(built.table, built.text, width=width)
