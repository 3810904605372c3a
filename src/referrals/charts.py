"""Chart builders for the investigation's figures, for print and for the web.

Each takes the table a `tables` function returns (exactly what is plotted) and
its words (`Text`, computed from the data by `registry`), and returns an
unconfigured chart; `style.configure` is applied by the caller on the outermost
chart, so the same builders serve single figures, the infographic and the site.

`width` is a number of pixels for an exported figure, which then carries its
title, subtitle and source line, or "container" for a web page, where the chart
fills its container and the page gives the words as HTML. Bars are drawn as a
list: each name on its own line above its bar, each value at the end of its bar,
and the scale leaves room for the longest value label, so nothing is clipped at
any width. Every mark says what it is in reader words (tooltips and the ARIA
descriptions screen readers read); field ids never reach a reader.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from .style import OUTLINE, PALETTE, PANEL_WIDTH, WIDTH, text_px, titled, with_source, wrap
from .tables import ITEMISED, NOT_RECORDED, REMAINDER, source_line
from .wording import rate_text

#: Bar thickness, row pitch (a name line above each bar), type sizes and the gap before a value label.
BAR = 16
STEP = 46
NAME_SIZE = 13
LABEL_SIZE = 12
GAP = 5

KIND_COLOURS = {
    ITEMISED: PALETTE["blue"],
    "highlighted": PALETTE["vermillion"],
    NOT_RECORDED: PALETTE["grey"],
    REMAINDER: PALETTE["light_grey"],
}


@dataclass(frozen=True)
class Text:
    """Everything a chart says in words, computed from the data by `registry` (never typed into a builder)."""

    title: str
    subtitle: tuple[str, ...]
    source: str
    note: str = ""
    lines: tuple[str, ...] = ()  # a typographic panel's lines, the first one large
    dimension: str = "Name"  # what each row is, in reader words ("Crime type")
    measure: str = "Victims referred"  # what each value counts


def _percent(x: float) -> str:
    return f"{x * 100:.1f}%"


def qualified_value(qualifier: str, value: int) -> str:
    """A value as the source gave it: '33', 'at least 33'; derived values are plain numbers."""
    words = "" if qualifier in ("exact", "derived", "each of the", "") else f"{qualifier} "
    return f"{words}{value:,}"


def _tooltip(text: Text, data: pd.DataFrame) -> list:
    """The tooltip of every mark, titled in reader words."""
    tips = [alt.Tooltip("label_text:N", title=text.dimension), alt.Tooltip("value:Q", title=text.measure, format=",")]
    if "share_text" in data:
        tips.append(alt.Tooltip("share_text:N", title="Share"))
    return tips + [alt.Tooltip("qualifier:N", title="As published"), alt.Tooltip("source:N", title="Source")]


def _labelled(table: pd.DataFrame, name_col: str, text: Text, share_col: str = "share_of_total") -> pd.DataFrame:
    """The table with what the marks show: name, value label, share and a sentence for screen readers."""
    out = table.copy().reset_index(drop=True)
    out["label_text"] = out[name_col]
    out["row"] = [f"{i:03d}" for i in range(len(out))]
    shares = out[share_col] if share_col in out else pd.Series([None] * len(out))
    share_words = "of the total" if share_col == "share_of_total" else "of the row above"
    out["share_text"] = [f"{_percent(s)} {share_words}" if pd.notna(s) else "" for s in shares]
    out["bar_label"] = [
        qualified_value(q, v) + (f" ({_percent(s)})" if pd.notna(s) else "")
        for q, v, s in zip(out["qualifier"], out["value"], shares)
    ]
    measure = text.measure.lower()
    out["aria_text"] = [
        f"{n}, {qualified_value(q, v)} {measure}" + (f", {t}" if t else "")
        for n, q, v, t in zip(out["label_text"], out["qualifier"], out["value"], out["share_text"])
    ]
    return out


def _x_scale(data: pd.DataFrame, width, field: str = "value") -> alt.X:
    """The x channel on `field` with the scale of _linear_scale."""
    return alt.X(f"{field}:Q", axis=None, scale=_linear_scale(data, width, field))


def _linear_scale(data: pd.DataFrame, width, field: str) -> alt.Scale:
    """A linear scale from zero whose range stops short of the width by the longest value label.

    On the web the width is the container's, known only in the browser: the range is then an expression
    of Vega's `width` signal (the chart is a top-level view there)."""
    room = max(text_px(str(s), LABEL_SIZE) for s in data["bar_label"]) + GAP
    top = float(pd.to_numeric(data[field]).max()) or 1.0
    end = {"expr": f"max(width - {room}, 1)"} if width == "container" else max(width - room, 1)
    return alt.Scale(domain=[0, top], range=[0, end], nice=False, zero=True)


def _row_labels(rows, x):
    """The two labels of every row of a bar list: its value at the end of its bar, its name above it."""
    values = rows.mark_text(
        align="left", baseline="middle", dx=GAP, yOffset=6, fontSize=LABEL_SIZE, color=PALETTE["ink"], aria=False
    ).encode(x=x, text="bar_label:N")
    names = rows.mark_text(
        align="left", baseline="bottom", yOffset=6 - BAR // 2 - 3, fontSize=NAME_SIZE, color=PALETTE["ink"], aria=False
    ).encode(x=alt.value(0), text="label_text:N")
    return values, names


def _bar_list(data: pd.DataFrame, colour, text: Text, width, x_field: str = "value", outline_kind: str = ""):
    """Bars with the name above each bar and the value at its end: nothing to clip at any width."""
    x = _x_scale(data, width, x_field)
    y = alt.Y("row:N", sort=list(data["row"]), axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0.1))
    base = alt.Chart(data).encode(y=y, tooltip=_tooltip(text, data))
    bars = base.mark_bar(height=BAR, yOffset=6, stroke=OUTLINE).encode(
        x=x, color=colour, description=alt.Description("aria_text:N")
    )
    if outline_kind:
        outlined = f"datum.kind == {json.dumps(outline_kind)}"
        bars = bars.encode(
            strokeWidth=alt.condition(outlined, alt.value(1.2), alt.value(0)),
            strokeDash=alt.condition(outlined, alt.value([4, 3]), alt.value([1, 0])),
        )
    else:
        bars = bars.encode(strokeWidth=alt.value(0))
    values, names = _row_labels(base, x)
    return alt.layer(bars, values, names).properties(width=width, height=alt.Step(STEP))


def _finish(chart, text: Text, width):
    """On the web, the chart alone; in print, with its title, subtitle and source line."""
    if width == "container":
        return chart
    return with_source(titled(chart, text.title, list(text.subtitle), width), text.source, text.note, width)


def _kind_colour(categories: list[str], colours: dict[str, str]):
    """Colour by kind; the legend is the bars' own names ('No force recorded', 'Not itemised')."""
    domain = [k for k in colours if k in set(categories)]
    return alt.Color("category:N", legend=None, scale=alt.Scale(domain=domain, range=[colours[k] for k in domain]))


# --- the figures ------------------------------------------------------------------------------------


def headline_chart(table: pd.DataFrame, text: Text, width=WIDTH):
    """The headline number and who made the referrals, as a typographic panel (set line by line: no collisions)."""
    total, forces = table.iloc[0], table.iloc[1]
    styles = [(60, "bold", PALETTE["vermillion"], 58)] + [
        (17, "bold", PALETTE["ink"], 28),
        (17, "bold", PALETTE["ink"], 24),
    ]
    styles += [(14, "normal", PALETTE["muted"], 26)] + [(14, "normal", PALETTE["muted"], 20)] * 8
    rows, y = [], 0
    for i, line in enumerate(text.lines):
        size, weight, colour, advance = styles[min(i, len(styles) - 1)]
        y += advance
        source = total if i < 3 else forces
        rows.append(
            {
                "y": y,
                "text": line,
                "style": f"{size}-{weight}-{colour}",
                "label_text": source["label"],
                **source[["value", "qualifier", "source"]].to_dict(),
            }
        )
    data = pd.DataFrame(rows)
    base = alt.Chart(data).encode(
        y=alt.Y("y:Q", scale=None, axis=None), x=alt.value(0), text="text:N", tooltip=_tooltip(text, data)
    )
    layers = []
    for style_key in dict.fromkeys(data["style"]):
        size, weight, colour = style_key.split("-")
        layers.append(
            base.transform_filter(alt.datum.style == style_key).mark_text(
                align="left", baseline="alphabetic", fontSize=int(size), fontWeight=weight, color=colour
            )
        )
    chart = alt.layer(*layers).properties(width=width, height=y + 14)
    return _finish(chart, text, width)


def crime_type_chart(table: pd.DataFrame, text: Text, width=WIDTH):
    data = _labelled(table, "name", text)
    return _finish(_bar_list(data, alt.value(PALETTE["blue"]), text, width), text, width)


def forces_chart(table: pd.DataFrame, text: Text, width=WIDTH):
    data = _labelled(table, "name", text)
    data["category"] = ["highlighted" if h else k for h, k in zip(data["highlight"], data["kind"])]
    data.loc[data["highlight"], "label_text"] = "\u25b6 " + data.loc[data["highlight"], "label_text"]
    colour = _kind_colour(list(data["category"]), KIND_COLOURS)
    return _finish(_bar_list(data, colour, text, width, outline_kind=REMAINDER), text, width)


def place_crime_type_chart(table: pd.DataFrame, text: Text, colour: str, width=WIDTH):
    """One place's referrals by crime type; a 'not itemised' remainder outlined, dashed and grey."""
    data = _labelled(table, "name", text)
    data["category"] = data["kind"]
    colour_enc = _kind_colour(list(data["category"]), {ITEMISED: colour, REMAINDER: PALETTE["light_grey"]})
    return _finish(_bar_list(data, colour_enc, text, width, outline_kind=REMAINDER), text, width)


def _squares(n: int, columns: int, cell: int, top: int, fields: dict[str, str], encode: dict, gap: int = 1):
    """`n` squares in rows of `columns`, cell by cell from (0, top); `fields` are Vega expressions per square."""
    grid = (
        alt.Chart(alt.sequence(0, n, as_="i"))
        .transform_calculate(
            x=f"(datum.i % {columns}) * {cell}",
            y=f"{top} + floor(datum.i / {columns}) * {cell}",
            **fields,
        )
        .transform_calculate(y2=f"datum.y + {cell - gap}")
    )
    return grid.mark_rect(aria=False).encode(
        x=alt.X("x:Q", scale=None, axis=None),
        x2="x2:Q",
        y=alt.Y("y:Q", scale=None, axis=None),
        y2="y2:Q",
        **encode,
    )


def _caption(rows: list[dict], text: Text):
    """Lines of words at given heights, each carrying the row it describes (for its tooltip)."""
    data = pd.DataFrame(rows)
    return (
        alt.Chart(data)
        .mark_text(align="left", baseline="alphabetic", fontSize=LABEL_SIZE, color=PALETTE["ink"], aria=False)
        .encode(
            x=alt.X("x:Q", scale=None, axis=None),
            y=alt.Y("y:Q", scale=None, axis=None),
            text="text:N",
            tooltip=_tooltip(text, data),
        )
    )


def _either(first: dict, other: dict, test: str) -> dict[str, str]:
    """Vega expressions giving each field of `first` where `test` holds, of `other` elsewhere."""
    return {k: f"{test} ? {json.dumps(first[k])} : {json.dumps(other[k])}" for k in first}


@dataclass
class _Stack:
    """Captions and grids of squares set one under the other at fixed pixel heights: the unit chart's layout,
    the same at every width (it fits the narrowest phone)."""

    width: int
    text: Text
    y: int = 0
    captions: list = field(default_factory=list)
    marks: list = field(default_factory=list)

    def say(self, line: str, stage: dict, indent: int = 0) -> None:
        for part in wrap(line, self.width - indent, LABEL_SIZE):
            self.y += 16
            self.captions.append({"x": indent, "y": self.y, "text": part, **stage})

    def grid(self, n: int, columns: int, cell: int, gap: int, fields: dict, style: dict) -> None:
        top = self.y + 8
        self.marks.append(_squares(n, columns, cell, top, fields, style, gap))
        self.y = top + math.ceil(n / columns) * cell

    def key(self, cell: int, gap: int, fields: dict, style: dict) -> None:
        """One square at the start of the next caption line, as its key."""
        self.marks.append(_squares(1, 1, cell, self.y + 6, fields, style, gap))

    def chart(self):
        return alt.layer(*self.marks, _caption(self.captions, self.text)).properties(width=self.width, height=self.y)


def chain_chart(table: pd.DataFrame, text: Text, width=WIDTH):
    """A chain of counts drawn to scale as squares, never on a logarithmic axis.

    Each square of the first grid is as many calls as there were victim checks, so the checks fill exactly
    one square (the ratio, honestly; the last square is filled in proportion to what is left). The second grid
    is the checks, one square each, with the third stage filled."""
    rows = table.reset_index(drop=True)
    calls, checks, part = (int(v) for v in rows["value"][:3])
    cell, gap = (7, 1) if width == "container" else (10, 2)
    columns = 40 if width == "container" else max(width // cell, 20)
    stages = [
        {"label_text": r["stage"], **{k: _plain(r[k]) for k in ("value", "qualifier", "source")}}
        for _, r in rows.iterrows()
    ]
    lines = list(text.lines) + [""] * 3
    tips = _tooltip(text, rows)
    stack = _Stack(columns * cell, text)

    stack.say(lines[0], stages[0])
    full, rest = divmod(calls, max(checks, 1))
    n = full + (1 if rest else 0)
    fraction = rest / checks if rest else 1
    fields = _either(stages[1], stages[0], "datum.i == 0") | {
        "x2": f"datum.x + {cell - gap} * (datum.i == {n - 1} ? {fraction:.6f} : 1)",
        "highlight": "datum.i == 0 ? 'yes' : 'no'",
    }
    stack.grid(n, columns, cell, gap, fields, _square_style("grey", tips))
    stack.y += 6
    stack.key(
        cell,
        gap,
        _either(stages[1], stages[1], "true") | {"x2": f"datum.x + {cell - gap}", "highlight": "'yes'"},
        _square_style("grey", tips),
    )
    stack.say(lines[1], stages[1], indent=cell + 8)

    stack.y += 8
    stack.say(lines[2], stages[2])
    fields = _either(stages[2], stages[1], f"datum.i < {part}") | {
        "x2": f"datum.x + {2 * cell - 2}",
        "highlight": f"datum.i < {part} ? 'yes' : 'no'",
    }
    stack.grid(checks, columns // 2, 2 * cell, 2, fields, _square_style("open", tips))
    return _finish(stack.chart(), text, width)


def _plain(value):
    """A table cell as JSON can hold it (numpy numbers to Python)."""
    return value.item() if hasattr(value, "item") else value


def _square_style(off: str, tooltip: list) -> dict:
    """Highlighted squares filled vermillion with an ink outline; the rest grey, or open (outlined) squares."""
    is_on = "datum.highlight == 'yes'"
    off_fill = alt.value(PALETTE["grey"]) if off == "grey" else alt.value("#FFFFFF")
    off_stroke = alt.value(PALETTE["grey"]) if off == "grey" else alt.value(PALETTE["vermillion"])
    return {
        "color": alt.condition(is_on, alt.value(PALETTE["vermillion"]), off_fill),
        "stroke": alt.condition(is_on, alt.value(PALETTE["ink"]), off_stroke),
        "strokeWidth": alt.condition(is_on, alt.value(1.5), alt.value(0 if off == "grey" else 1.2)),
        "tooltip": tooltip,
    }


#: Space between the infographic's columns and rows (pixels).
COLUMN_GAP = 56
ROW_GAP = 48


def _same_title_height(row: list) -> list:
    """Panels side by side, their titles and subtitles padded to the same number of lines, so that their
    bars start at the same height (a panel is a source-line wrapper around a titled chart)."""
    row = [panel.copy(deep=True) for panel in row]
    titles = [panel.vconcat[0].title for panel in row]
    for key in ("text", "subtitle"):
        lines = max(len(getattr(t, key)) for t in titles)
        for t in titles:
            setattr(t, key, list(getattr(t, key)) + [" "] * (lines - len(getattr(t, key))))
    return row


def infographic(panels: list, text: Text):
    """All panels on one page: the headline and the last panel across the full width, top and bottom, the
    others two to a row between them (columns of equal width, so every row's panels align)."""
    head, *middle, last = panels
    rows = [
        alt.hconcat(*_same_title_height(middle[i : i + 2]), spacing=COLUMN_GAP).resolve_scale(
            color="independent", strokeDash="independent"
        )
        for i in range(0, len(middle), 2)
    ]
    return (
        alt.vconcat(head, *rows, last, spacing=ROW_GAP)
        .resolve_scale(color="independent", strokeDash="independent")
        .properties(
            title=alt.TitleParams(
                text=wrap(text.title, 2 * PANEL_WIDTH, 22),
                subtitle=[p for line in text.subtitle for p in wrap(line, 2 * PANEL_WIDTH, 13)],
                anchor="start",
                fontSize=22,
                subtitleFontSize=13,
                subtitleColor=PALETTE["muted"],
                offset=24,
            )
        )
    )


#: Said under the comparison chart: its groups are drawn on different scales.
CLAIM_COLOURS = {"claim": PALETTE["vermillion"], "published figure": PALETTE["blue"]}
CLAIMS_NOTE = "Each claim has its own scale: compare the rows within a claim, not across claims"
CLAIMS_TITLE = "Claims beside the figures that decided them"
CLAIMS_SUBTITLE = (
    "Each as a monthly rate, so that counts over different periods compare",
    "A point marks the middle of what a claim or figure allows; a line, its range",
)


def fact_check_chart(table: pd.DataFrame, raw, width=WIDTH, marker: str = ""):
    """The claims chart from the ledger's chart table (ledger.chart_table, or its CSV), its sources from the
    figure ids of its rows; `marker` (SYNTHETIC) goes before the title when a synthetic release decided any."""
    ids = sorted({i for cell in table["figure_ids"] for i in str(cell).split()})
    title = f"{marker}: {CLAIMS_TITLE}" if marker else CLAIMS_TITLE
    return claims_chart(table, Text(title=title, subtitle=CLAIMS_SUBTITLE, source=source_line(raw, ids)), width)


def claims_chart(table: pd.DataFrame, text: Text, width=WIDTH):
    """Each checked claim beside the figures that decided it, as monthly rates so that different periods compare:
    a group per claim, a row per claim or figure with its name above, a line across the range it allows and a
    point at its middle, the value at the end. Each claim has its own scale (its rows compare with each other; a
    claim of thousands of calls a month would otherwise flatten every other group), as the note says."""
    rows = []
    for group, items in table.groupby("group", sort=False):
        rows.append({"label_text": group, "kind": "header", "rate_low": None, "rate_high": None, "rate": None})
        verdict = str(items["verdict"].iloc[0])
        rows.append({"label_text": f"Verdict: {verdict}", "kind": "verdict", "rate_low": None, "rate_high": None})
        top = float(items["rate_high"].max()) or 1.0
        for _, r in items.iterrows():
            at = {f"x_{k}": r[k] / top for k in ("rate_low", "rate_high", "rate")}
            rows.append({**r.to_dict(), **at, "label_text": r["label"]})
    data = pd.DataFrame(rows)
    data["row"] = [f"{i:03d}" for i in range(len(data))]
    data["bar_label"] = [
        "" if k in ("header", "verdict") else f"{rate_text(lo, hi)} a month"
        for k, lo, hi in zip(data["kind"], data["rate_low"], data["rate_high"])
    ]
    data["aria_text"] = [f"{n}: {b} ({p})" for n, b, p in zip(data["label_text"], data["bar_label"], data["period"])]
    drawn = "datum.kind != 'header' && datum.kind != 'verdict'"
    scale = _linear_scale(data[~data["kind"].isin(["header", "verdict"])], width, "x_rate_high")
    x = alt.X("x_rate_high:Q", axis=None, scale=scale)
    y = alt.Y("row:N", sort=list(data["row"]), axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0.1))
    base = alt.Chart(data).encode(y=y)
    items = base.transform_filter(drawn).encode(
        tooltip=[
            alt.Tooltip("label_text:N", title="Who"),
            alt.Tooltip("value:N", title="As printed"),
            alt.Tooltip("period:N", title="Period"),
            alt.Tooltip("bar_label:N", title="Per month"),
            alt.Tooltip("verdict:N", title="Verdict on the claim"),
        ]
    )
    colour = alt.Color(
        "kind:N", legend=None, scale=alt.Scale(domain=list(CLAIM_COLOURS), range=list(CLAIM_COLOURS.values()))
    )
    spans = items.mark_rule(strokeWidth=3, yOffset=6).encode(x=x, x2="x_rate_low:Q", color=colour)
    points = items.mark_point(size=70, filled=True, yOffset=6).encode(
        x=alt.X("x_rate:Q", scale=scale, axis=None), color=colour, description=alt.Description("aria_text:N")
    )
    values, names = _row_labels(items, x)
    headers = (
        base.transform_filter("datum.kind == 'header'")
        .mark_text(
            align="left",
            baseline="bottom",
            dy=STEP // 2,
            fontSize=14,
            fontWeight="bold",
            color=PALETTE["ink"],
            aria=False,
        )
        .encode(x=alt.value(0), text="label_text:N", tooltip=alt.value(None))
    )
    verdicts = (
        base.transform_filter("datum.kind == 'verdict'")
        .mark_text(
            align="left",
            baseline="bottom",
            dy=STEP // 2 - 4,
            fontSize=NAME_SIZE,
            fontStyle="italic",
            color=PALETTE["ink"],
            aria=False,
        )
        .encode(x=alt.value(0), text="label_text:N", tooltip=alt.value(None))
    )
    layers = alt.layer(spans, points, values, names, headers, verdicts)
    words = Text(text.title, text.subtitle, text.source, note=text.note or CLAIMS_NOTE)
    return _finish(layers.properties(width=width, height=alt.Step(STEP)), words, width)


def heatmap(table: pd.DataFrame, text: Text, width=WIDTH):
    """Forces by crime type (from a release): a cell per pair, darker for more referrals, its number written in
    it; suppressed cells say so ('supp.', or '≥' the part that is known). A print figure: it is as wide as its
    nine columns need."""
    data = table.copy()
    data["label_text"] = data["force_name"] + ", " + data["crime_type_name"]
    data["cell_label"] = [
        f"{v:,}" if q == "exact" else (f"≥{v:,}" if v else "supp.") for v, q in zip(data["value"], data["qualifier"])
    ]
    forces = list(dict.fromkeys(data["force_name"]))
    types = list(
        dict.fromkeys(data.groupby("crime_type_name", sort=False)["value"].sum().sort_values(ascending=False).index)
    )
    words = Text(text.title, text.subtitle, text.source, dimension="Force and crime type")
    base = alt.Chart(data).encode(
        x=alt.X(
            "crime_type_name:N", sort=types, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=160, orient="top")
        ),
        y=alt.Y("force_name:N", sort=forces, title=None, axis=alt.Axis(labelLimit=240)),
        tooltip=_tooltip(words, data),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("value:Q", title="Victims referred", scale=alt.Scale(scheme="blues", type="sqrt"))
    )
    labels = base.mark_text(fontSize=10, aria=False).encode(
        text="cell_label:N",
        color=alt.condition(
            alt.datum.value > data["value"].max() * 0.45, alt.value("white"), alt.value(PALETTE["ink"])
        ),
    )
    chart = (cells + labels).properties(width=46 * len(types), height=alt.Step(17))
    return _finish(chart, text, width)


def monthly_bars(table: pd.DataFrame, text: Text, width=WIDTH):
    """Referrals month by month (from a release that has months): one bar per month, in calendar order."""
    data = table.copy()
    data["label_text"] = data["label"]
    words = Text(text.title, text.subtitle, text.source, dimension="Month")
    base = alt.Chart(data).encode(
        x=alt.X("month:O", title=None, axis=alt.Axis(labelAngle=-60, labelExpr="substring(datum.label, 0, 7)")),
        y=alt.Y("value:Q", title="Victims referred", axis=alt.Axis(format=",d", tickCount=4)),
        tooltip=_tooltip(words, data),
    )
    chart = base.mark_bar(color=PALETTE["blue"]).properties(width=alt.Step(14), height=220)
    return _finish(chart, text, width)
