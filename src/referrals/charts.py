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
import re
from dataclasses import dataclass

import altair as alt
import pandas as pd

from . import writing
from .style import OUTLINE, PALETTE, PANEL_WIDTH, WIDTH, text_px, titled, with_source, wrap
from .tables import ITEMISED, NOT_RECORDED, REMAINDER
from .wording import rate_text

#: Bar thickness, row pitch (a name line above each bar), type sizes and the gap before a value label.
BAR = 16
STEP = 46
NAME_SIZE = 13
LABEL_SIZE = 12
GAP = 5
#: On the web, room kept clear after the longest value label: a phone's chart ends at the text column's edge, and a
#: label run up to it reads as cut off (the PSNI's '13' ended 3.8 px from it). Print has its own padding.
WEB_EDGE = 8

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
    key: tuple[tuple[str, str], ...] = ()  # (colour, words): what each colour stands for, where bars do not say
    credit: str = ""  # who made the graphic and how recent its data are: on every exported figure


def _share_words(value, share) -> tuple[str, str]:
    """A bar's share, as the label after its value and as the tooltip says it: a whole percentage of a total
    of 100 or more ('29%'), nothing beside a bar of a smaller total (its count says it: '13', and the tooltip
    '13 of the 33'), never '39.4%' of 33."""
    if share is None or pd.isna(share) or not share:
        return "", ""
    whole = round(float(value) / float(share))
    if whole < 100:
        return "", writing.of(value, whole)
    return writing.percent(float(share)), writing.percent(float(share))


def qualified_value(qualifier: str, value: int) -> str:
    """A value as the source gave it: '33', 'at least 33'; derived values are plain numbers."""
    words = "" if qualifier in ("exact", "derived", "each of the", "all", "every", "") else f"{qualifier} "
    return f"{words}{writing.number(value)}"


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
    words = [_share_words(v, s) for v, s in zip(out["value"], shares)]
    out["share_text"] = [(f"{tip} {share_words}" if tip.endswith("%") else tip) if tip else "" for _, tip in words]
    out["bar_label"] = [
        qualified_value(q, v) + (f" ({label})" if label else "")
        for q, v, (label, _) in zip(out["qualifier"], out["value"], words)
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
    end = {"expr": f"max(width - {room + WEB_EDGE}, 1)"} if width == "container" else max(width - room, 1)
    return alt.Scale(domain=[0, top], range=[0, end], nice=False, zero=True)


def _row_labels(rows, x, name_size=NAME_SIZE):
    """The two labels of every row of a bar list: its value at the end of its bar, its name above it."""
    values = rows.mark_text(
        align="left", baseline="middle", dx=GAP, yOffset=6, fontSize=LABEL_SIZE, color=PALETTE["ink"], aria=False
    ).encode(x=x, text="bar_label:N")
    names = rows.mark_text(
        align="left", baseline="bottom", yOffset=6 - BAR // 2 - 3, fontSize=name_size, color=PALETTE["ink"], aria=False
    ).encode(x=alt.value(0), text="label_text:N")
    return values, names


def _sized(size: int, width):
    """A type size for a web chart's long labels: two points smaller on a phone's width, so a long outlet's name
    fits the narrowest screen; the size itself in print."""
    return {"expr": f"width < 420 ? {size - 2} : {size}"} if width == "container" else size


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
    """On the web, the chart alone; in print, with its title, subtitle, source line, notes and credit (a panel
    of the infographic has none of the last three: the page gives them once)."""
    if width == "container":
        return chart
    chart = titled(chart, text.title, list(text.subtitle), width)
    if not (text.source or text.note or text.credit):
        return chart
    return with_source(chart, text.source, text.note, width, text.credit)


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
    room = width if isinstance(width, int) else WIDTH
    set_lines = [
        (i, part) for i, line in enumerate(text.lines) if line for part in wrap(line, room, 14 if i > 2 else 1)
    ]
    for n, (i, line) in enumerate(set_lines):
        size, weight, colour, advance = styles[min(i, len(styles) - 1)]
        y += advance if n == 0 or set_lines[n - 1][0] != i else 20
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


#: The usermeta key of a web chart whose height is an expression of its width (see web_height).
WEB_HEIGHT = "height_expr"


def web_height(vega: dict) -> dict:
    """A compiled web chart with its height set from the expression its builder left in usermeta (Vega-Lite takes
    only a number or a step): a chart whose rows follow its width is as tall as they are, at every width."""
    expr = (vega.get("usermeta") or {}).get(WEB_HEIGHT)
    if expr:
        vega = {k: v for k, v in vega.items() if k != "height"}
        vega["signals"] = [*vega.get("signals", []), {"name": "height", "update": f"isFinite(width) ? {expr} : 1"}]
    return vega


#: The dot field: one call per dot; a dot and its gap, in pixels (finer on a phone, so the field stays short).
PITCH = 3
PITCH_NARROW = 2
NARROW = 480


def _field_rows(total: int, block: int, width: int, pitch: int = PITCH) -> int:
    """How many rows the dot field takes at a print width (the same arithmetic as the chart's expressions)."""
    cols = max((width + 1) // pitch, 8)
    side = min(math.ceil(math.sqrt(block)), cols) if block else 0
    rows, before = 0, 0
    while before < total - block:
        in_block = min(max(block - side * rows, 0), side)
        before += min(cols - in_block, total - block - before)
        rows += 1
    return max(rows, math.ceil(block / side) if side else 0)


#: The calls to check a victim, drawn again above the field, enlarged: a square and its gap, in pixels, at every
#: width (one square a call, large enough to see and count on a phone), and the height of a line of words.
BIG = 14
BIG_GAP = 2
WORDS_LINE = 18
WORDS_GAP = 14


def _enlarged_rows(checks: int, part: int, width) -> int | str:
    """How many rows the enlarged squares take, each group starting a row of its own: a number at a print width,
    a Vega expression of the web's."""
    if width == "container":
        cols = f"max(floor((width + {BIG_GAP}) / {BIG}), 1)"
        return f"(ceil({part} / {cols}) + ceil({checks - part} / {cols}))"
    cols = max((width + BIG_GAP) // BIG, 1)
    return math.ceil(part / cols) + math.ceil((checks - part) / cols)


def _field_top(checks: int, part: int, width) -> int | str:
    """Where the dot field starts: under a line of words, the enlarged squares, a gap and another line of words."""
    rows = _enlarged_rows(checks, part, width)
    if isinstance(rows, str):
        return f"({2 * WORDS_LINE + WORDS_GAP} + {rows} * {BIG})"
    return 2 * WORDS_LINE + WORDS_GAP + rows * BIG


def _enlarged(checks: int, part: int, colours, stages: list[dict], tips: list, width):
    """The calls to check a victim, one square a call, enlarged: the first `part` in the first colour, the rest in
    the second, wrapping at the column's width (a Vega expression on the web, so nothing is ever cut off)."""
    cols = (
        f"max(floor((width + {BIG_GAP}) / {BIG}), 1)" if width == "container" else str(max((width + BIG_GAP) // BIG, 1))
    )
    base = alt.Chart(alt.sequence(0, checks, as_="i")).transform_calculate(cols=cols)
    groups = (
        (f"datum.i < {part}", "datum.i", "0", colours[0], stages[0]),
        (f"datum.i >= {part}", f"datum.i - {part}", f"ceil({part} / datum.cols)", colours[1], stages[1]),
    )
    layers = []
    for test, j, first_row, colour, stage in groups:
        constants = {k: json.dumps(v) for k, v in stage.items()}
        layers.append(
            base.transform_filter(test)
            .transform_calculate(j=j, row0=first_row)
            .transform_calculate(
                x=f"(datum.j % datum.cols) * {BIG}",
                y=f"{WORDS_LINE} + (datum.row0 + floor(datum.j / datum.cols)) * {BIG}",
            )
            .transform_calculate(x2=f"datum.x + {BIG - BIG_GAP}", y2=f"datum.y + {BIG - BIG_GAP}", **constants)
            .mark_rect(color=colour, aria=False, opacity=1)
            .encode(
                x=alt.X("x:Q", scale=None, axis=None),
                x2="x2:Q",
                y=alt.Y("y:Q", scale=None, axis=None),
                y2="y2:Q",
                tooltip=tips,
            )
        )
    return alt.layer(*layers)


def _words_above(lines: tuple[str, ...], checks: int, part: int, width, stages: list[dict], text: Text):
    """A line of words above the enlarged squares, and one above the field (its height an expression of the
    web's width, as the squares' rows are)."""
    second = f"{WORDS_LINE} + {_enlarged_rows(checks, part, width)} * {BIG} + {WORDS_GAP} + {WORDS_LINE - 5}"
    rows = [{**stage, "n": n, "text": line} for n, (line, stage) in enumerate(zip(lines, stages))]
    data = pd.DataFrame(rows)
    return (
        alt.Chart(data)
        .transform_calculate(y=f"datum.n == 0 ? {WORDS_LINE - 5} : {second}")
        .mark_text(align="left", baseline="alphabetic", fontSize=LABEL_SIZE, color=PALETTE["ink"], aria=False)
        .encode(x=alt.value(0), y=alt.Y("y:Q", scale=None, axis=None), text="text:N", tooltip=_tooltip(text, data))
    )


def _dot_rows(rows: int, total: int, block: int, first: int, pitch, cols, top=0):
    """Rows of dots as rules: each row of the field is up to three dashed rules (the first part of the block,
    the rest of the block, the other dots), so tens of thousands of dots are a few hundred marks. `pitch`
    and `cols` are numbers (print) or Vega expressions of the chart's width (web); `top`, where the field starts."""
    side = f"min(ceil(sqrt({block})), datum.cols)"
    return (
        alt.Chart(alt.sequence(0, rows, as_="r"))
        .transform_calculate(pitch=str(pitch), cols=str(cols))
        .transform_calculate(side=side)
        .transform_calculate(
            b=f"clamp({block} - datum.side * datum.r, 0, datum.side)",
            m=f"clamp({first} - datum.side * datum.r, 0, datum.side)",
            before=f"datum.r * datum.cols - min({block}, datum.side * datum.r)",
        )
        .transform_calculate(
            g=f"clamp(min(datum.cols - datum.b, {total - block} - datum.before), 0, datum.cols)",
            y=f"{top} + datum.r * datum.pitch + (datum.pitch - 1) / 2",
        )
    )


def _dots(base, start: str, count: str, colour: str, stage: dict, tooltip: list, dot, dash):
    """One kind of dot: a dashed rule per row from dot `start` for `count` dots, `dot` pixels square, `dash` the
    rule's dash pattern (a dot, then a gap of one pixel)."""
    constants = {k: json.dumps(v) for k, v in stage.items()}
    return (
        base.transform_calculate(s=start, n=count, **constants)
        .transform_filter("datum.n > 0")
        .transform_calculate(x="datum.s * datum.pitch", x2="(datum.s + datum.n) * datum.pitch - 1")
        .mark_rule(strokeWidth=dot, strokeDash=dash, strokeCap="butt", color=colour, aria=False)
        .encode(
            x=alt.X("x:Q", scale=None, axis=None),
            x2="x2:Q",
            y=alt.Y("y:Q", scale=None, axis=None),
            tooltip=tooltip,
        )
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


def chain_chart(table: pd.DataFrame, text: Text, width=WIDTH):
    """A chain of counts drawn to scale in one unit: every call one dot, at the full width of the column.

    The calls to check a victim of crime are a block of dots in the corner, the first part of the chain's
    last stage (modern slavery or trafficking) first; every other call is a grey dot. The field fills its
    column at any width (on the web its columns are an expression of the chart's width, so nothing is ever
    cut off) and is as tall as the count needs; its key is the page's HTML on the web, drawn under it in print."""
    rows = table.reset_index(drop=True)
    calls, checks, part = (int(v) for v in rows["value"][:3])
    source = str(rows["source"][0])
    stages = [
        {"label_text": r["stage"], "value": _plain(r["value"]), "qualifier": r["qualifier"], "source": r["source"]}
        for _, r in rows.iterrows()
    ]
    other_checks = {
        **stages[1],
        "label_text": "Calls to check a victim of another crime",
        "value": checks - part,
        "qualifier": "derived",
    }
    other_calls = {
        **stages[0],
        "label_text": "Other calls",
        "value": calls - checks,
        "qualifier": "derived",
        "source": source,
    }
    colours = [c for c, _ in text.key] or [PALETTE["vermillion"], PALETTE["blue"], PALETTE["grey"]]
    tips = _tooltip(text, rows)
    top = _field_top(checks, part, width) if text.lines else 0
    if width == "container":
        pitch = f"(width < {NARROW} ? {PITCH_NARROW} : {PITCH})"
        cols = "max(floor((width + 1) / datum.pitch), 8)"
        dot = {"expr": f"width < {NARROW} ? {PITCH_NARROW - 1} : {PITCH - 1}"}
        dash = {"expr": f"width < {NARROW} ? [{PITCH_NARROW - 1}, 1] : [{PITCH - 1}, 1]"}
        n_rows = math.ceil(calls / ((200 + 1) // PITCH_NARROW)) + math.ceil(math.sqrt(checks)) + 1
    else:
        pitch, cols, dot = PITCH, max((width + 1) // PITCH, 8), PITCH - 1
        dash = [dot, 1]
        n_rows = _field_rows(calls, checks, width)
    base = _dot_rows(n_rows, calls, checks, part, pitch, cols, top)
    field = alt.layer(
        _dots(base, "0", "datum.m", colours[0], stages[2], tips, dot, dash),
        _dots(base, "datum.m", "datum.b - datum.m", colours[1], other_checks, tips, dot, dash),
        _dots(base, "datum.b", "datum.g", colours[2], other_calls, tips, dot, dash),
    )
    if text.lines:
        # the calls to check a victim again, enlarged, above the field: one square a call, readable on a phone
        above = _enlarged(checks, part, colours, [stages[2], other_checks], tips, width)
        words = _words_above(text.lines, checks, part, width, [stages[1], stages[0]], text)
        field = alt.layer(words, above, field)
    if width == "container":
        # the field is as tall as its rows at the page's width: the height is the same arithmetic, as an
        # expression the page's Vega sets (web_height), so the last rows are never cut off
        columns = cols.replace("datum.pitch", pitch)
        rows_expr = f"max(ceil({calls} / {columns}), ceil({checks} / min(ceil(sqrt({checks})), {columns})))"
        return field.properties(width=width, height=1, usermeta={WEB_HEIGHT: f"{top} + {rows_expr} * {pitch}"})
    y = top + n_rows * PITCH + 10
    keys = []
    for (colour, words), stage in zip(text.key, [stages[2], other_checks, other_calls]):
        for j, part_line in enumerate(wrap(words, width - 22, LABEL_SIZE)):
            y += 18 if j == 0 else 15
            keys.append({"x": 0, "y": y, "text": part_line, "colour": colour, "first": j == 0, **stage})
    data = pd.DataFrame(keys)
    swatches = (
        alt.Chart(data)
        .transform_filter("datum.first")
        .mark_square(size=100, aria=False, opacity=1)
        .encode(
            x=alt.X("x:Q", scale=None, axis=None),
            y=alt.Y("y:Q", scale=None, axis=None),
            color=alt.Color("colour:N", scale=None, legend=None),
            yOffset=alt.value(-4),
            xOffset=alt.value(5),
            tooltip=_tooltip(text, data),
        )
    )
    words = _caption([{**k, "x": 18} for k in keys], text)
    chart = alt.layer(field, swatches, words).properties(width=width, height=y + 4)
    return _finish(chart, text, width)


def _plain(value):
    """A table cell as JSON can hold it (numpy numbers to Python)."""
    return value.item() if hasattr(value, "item") else value


#: Space between the infographic's columns and rows (pixels).
COLUMN_GAP = 56
ROW_GAP = 48


def _same_title_height(row: list) -> list:
    """Panels side by side, their titles and subtitles padded to the same number of lines, so that their
    bars start at the same height (a panel is a source-line wrapper around a titled chart)."""
    row = [panel.copy(deep=True) for panel in row]
    titles = [(panel.vconcat[0] if isinstance(panel, alt.VConcatChart) else panel).title for panel in row]
    for key in ("text", "subtitle"):
        lines = max(len(getattr(t, key)) for t in titles)
        for t in titles:
            setattr(t, key, list(getattr(t, key)) + [" "] * (lines - len(getattr(t, key))))
    return row


def infographic(panels: list, text: Text):
    """All panels on one page: the headline and the last panel across the full width, top and bottom, the
    others two to a row between them (columns of equal width, so every row's panels align); one block of
    sources, notes and credit under them all, as a printed page has."""
    head, *middle, last = panels
    # Each panel's colours and dashes are its own. Set in the constructors: Altair's resolve_scale() and
    # properties() would build each compound chart again, deep-copying every panel (seconds on this page).
    independent = alt.Resolve(scale=alt.ScaleResolveMap(color="independent", strokeDash="independent"))
    rows = [
        alt.hconcat(*_same_title_height(middle[i : i + 2]), spacing=COLUMN_GAP, resolve=independent)
        for i in range(0, len(middle), 2)
    ]
    full = 2 * PANEL_WIDTH + COLUMN_GAP
    page = alt.vconcat(
        head,
        *rows,
        last,
        spacing=ROW_GAP,
        resolve=independent,
        title=alt.TitleParams(
            text=wrap(text.title, full, 22),
            subtitle=[p for line in text.subtitle for p in wrap(line, full, 13)],
            anchor="start",
            fontSize=22,
            subtitleFontSize=13,
            subtitleColor=PALETTE["muted"],
            offset=24,
        ),
    )
    if not (text.source or text.note or text.credit):
        return page
    return with_source(page, text.source, text.note, full, text.credit)


#: Said under the comparison chart: its groups are drawn on different scales.
CLAIM_COLOURS = {"claim": PALETTE["vermillion"], "published figure": PALETTE["blue"]}
#: A claim's mark in the claims chart, by its verdict: one colour a verdict (Okabe-Ito hues, safe for the common
#: forms of colour blindness), the published figures blue, and a key that names each.
VERDICT_COLOURS = {
    "contradicted": PALETTE["vermillion"],
    "inconsistent across sources": PALETTE["orange"],
    "consistent with rounding or wording": PALETTE["pink"],
    "confirmed": PALETTE["green"],
    "not verifiable with the data here": PALETTE["grey"],
}
FIGURE_KEY = "Published figure"
CLAIMS_NOTE = "Each claim has its own scale: compare the rows within a claim, not across claims"
CLAIMS_TITLE = "Claims beside the figures that decided them"
CLAIMS_NONE = "No claim here needs a chart: each was confirmed, or cannot be checked with the data here"


def claims_title(table: pd.DataFrame) -> str:
    """The claims chart's finding, from its verdicts: 'Four of the 12 claims drawn here are wrong; two
    disagree with another source'; the plain label when none is wrong."""
    verdicts = table.groupby("group", sort=False)["verdict"].first()
    wrong = int((verdicts == "contradicted").sum())
    disagree = int((verdicts == "inconsistent across sources").sum())
    parts = []
    if wrong:
        parts.append(
            f"{writing.in_words(wrong)} of the {writing.number(len(verdicts))} claims drawn here "
            f"{'is' if wrong == 1 else 'are'} wrong"
        )
    if disagree:
        parts.append(f"{writing.in_words(disagree)} {'disagrees' if disagree == 1 else 'disagree'} with another source")
    return writing.upper_first(writing.clause(*parts)) if parts else CLAIMS_TITLE


def credit_line(raw) -> str:
    """The credit every exported figure carries, so that it stands alone when shared: who made the graphic and
    how recent its data are (the newest source in the data, not a build date, so that builds repeat)."""
    newest = max(str(p) for p in raw.sources["published"] if str(p))
    return f"Graphic: {writing.PROJECT}, rebuilt from figures published up to {writing.date(newest)}"


CLAIMS_SUBTITLE = (
    "Each as a monthly rate, so that counts over different periods compare",
    "A point marks the middle of what a claim or figure allows; a line, its range",
)


def fact_check_chart(table: pd.DataFrame, raw, width=WIDTH, marker: str = ""):
    """The claims chart from the ledger's chart table (ledger.chart_table, or its CSV), its sources from the
    figure ids of its rows; `marker` (SYNTHETIC) goes before the title when a synthetic release decided any."""
    ids = sorted({i for cell in table["figure_ids"] for i in str(cell).split()})
    title = f"{marker}: {claims_title(table)}" if marker else claims_title(table)
    used = raw.figures[raw.figures["figure_id"].isin(ids)]["source_id"].drop_duplicates()
    rows = raw.sources.set_index("source_id")
    source = writing.sources_line(
        (rows.loc[s, "outlet"], rows.loc[s, "title"], str(rows.loc[s, "published"])) for s in used
    )
    words = Text(title=title, subtitle=CLAIMS_SUBTITLE, source=source, credit=credit_line(raw))
    return claims_chart(table, words, width)


def _named(label: str) -> str:
    """A row label of the ledger's chart table with the outlet named as running text names it ('The Detail and
    the Guardian: 207', not 'The Detail (with the Guardian): 207'), its number in the house's figures ('The Justice
    Gap: 2,546', not '2546')."""
    who, sep, rest = str(label).partition(":")
    if not sep:
        m = re.fullmatch(r"(.+?) \(the claim\)", str(label))
        return f"{writing.outlet(m.group(1))}, the claim" if m else writing.outlet(label)
    return f"{writing.outlet(who)}:{writing.printed(rest)}"


def claims_chart(table: pd.DataFrame, text: Text, width=WIDTH):
    """Each checked claim beside the figures that decided it, as monthly rates so that different periods compare:
    a group per claim, a row per claim or figure with its name above, a line across the range it allows and a
    point at its middle, the value at the end. Each claim has its own scale (its rows compare with each other; a
    claim of thousands of calls a month would otherwise flatten every other group), as the note says."""
    if table.empty:  # a claims file whose claims all matched exactly or cannot be checked: nothing to draw
        empty = alt.Chart(pd.DataFrame({"text": [CLAIMS_NONE]})).mark_text(
            align="left", fontSize=_sized(NAME_SIZE, width), color=PALETTE["ink"]
        )
        words = Text(text.title, text.subtitle, text.source, note=text.note, credit=text.credit)
        return _finish(empty.encode(x=alt.value(0), text="text:N").properties(width=width, height=STEP), words, width)
    rows = []
    for group, items in table.groupby("group", sort=False):
        rows.append({"label_text": _named(group), "kind": "header", "rate_low": None, "rate_high": None, "rate": None})
        verdict = str(items["verdict"].iloc[0])
        rows.append(
            {"label_text": writing.verdict_word(verdict), "kind": "verdict", "rate_low": None, "rate_high": None}
        )
        top = float(items["rate_high"].max()) or 1.0
        for _, r in items.iterrows():
            at = {f"x_{k}": r[k] / top for k in ("rate_low", "rate_high", "rate")}
            rows.append({**r.to_dict(), **at, "label_text": _named(r["label"])})
    data = pd.DataFrame(rows)
    data["row"] = [f"{i:03d}" for i in range(len(data))]
    data["bar_label"] = [
        "" if k in ("header", "verdict") else f"{rate_text(lo, hi)} a month"
        for k, lo, hi in zip(data["kind"], data["rate_low"], data["rate_high"])
    ]
    data["aria_text"] = [
        n if k in ("header", "verdict") else f"{n}, {b}, {p}"
        for n, b, p, k in zip(data["label_text"], data["bar_label"], data["period"], data["kind"])
    ]
    data["key"] = [
        FIGURE_KEY if k == "published figure" else f"Claim: {writing.verdict_word(v)}" if k == "claim" else ""
        for k, v in zip(data["kind"], data["verdict"].fillna(""))
    ]
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
    present = list(dict.fromkeys(data.loc[data["kind"] == "claim", "verdict"].fillna("")))
    shown = [v for v in VERDICT_COLOURS if v in present] + [v for v in present if v not in VERDICT_COLOURS]
    domain = [f"Claim: {writing.verdict_word(v)}" for v in shown] + [FIGURE_KEY]
    colours = [VERDICT_COLOURS.get(v, PALETTE["grey"]) for v in shown] + [CLAIM_COLOURS["published figure"]]
    colour = alt.Color(
        "key:N",
        scale=alt.Scale(domain=domain, range=colours),
        legend=alt.Legend(title=None, orient="bottom", direction="vertical", symbolType="circle"),
    )
    spans = items.mark_rule(strokeWidth=3, yOffset=6).encode(x=x, x2="x_rate_low:Q", color=colour)
    points = items.mark_point(size=70, filled=True, opacity=1, yOffset=6).encode(
        x=alt.X("x_rate:Q", scale=scale, axis=None), color=colour, description=alt.Description("aria_text:N")
    )
    values, names = _row_labels(items, x, _sized(NAME_SIZE, width))
    headers = (
        base.transform_filter("datum.kind == 'header'")
        .mark_text(
            align="left",
            baseline="bottom",
            dy=STEP // 2,
            fontSize=_sized(14, width),
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
            fontSize=_sized(NAME_SIZE, width),
            fontStyle="italic",
            color=PALETTE["ink"],
            aria=False,
        )
        .encode(x=alt.value(0), text="label_text:N", tooltip=alt.value(None))
    )
    layers = alt.layer(spans, points, values, names, headers, verdicts)
    words = Text(text.title, text.subtitle, text.source, note=text.note or CLAIMS_NOTE, credit=text.credit)
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
