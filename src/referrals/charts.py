"""Chart builders for the investigation's figures.

Each takes the table a `tables` function returns (exactly what is plotted) and
returns an unconfigured chart; `style.configure` is applied by the caller on the
outermost chart, so the same builders serve single figures and the infographic.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from .style import PALETTE, WIDTH, titled, with_source
from .tables import ITEMISED, NOT_RECORDED, REMAINDER

TOOLTIP = [
    alt.Tooltip("label_text:N", title="Figure"),
    alt.Tooltip("value:Q", title="Value", format=","),
    alt.Tooltip("qualifier:N", title="Qualifier"),
    alt.Tooltip("source:N", title="Source"),
    alt.Tooltip("figure_id:N", title="Figure id"),
]

KIND_COLOURS = {
    ITEMISED: PALETTE["blue"],
    "highlighted": PALETTE["vermillion"],
    NOT_RECORDED: PALETTE["grey"],
    REMAINDER: PALETTE["light_grey"],
}


def _percent(x: float) -> str:
    return f"{x * 100:.1f}%"


def _labelled(table: pd.DataFrame, name_col: str, with_share: bool = True) -> pd.DataFrame:
    out = table.copy()
    out["label_text"] = out[name_col]
    if with_share and "share_of_total" in out:
        out["bar_label"] = [f"{v:,} ({_percent(s)})" for v, s in zip(out["value"], out["share_of_total"])]
    else:
        out["bar_label"] = [f"{v:,}" for v in out["value"]]
    return out


def _bars(
    data: pd.DataFrame,
    colour,
    sort: list[str],
    height_per_bar: int = 26,
    x_title: str = "Victims referred",
    dash=None,
    log: bool = False,
) -> alt.LayerChart:
    scale = alt.Scale(type="symlog", constant=1) if log else alt.Undefined
    base = alt.Chart(data).encode(
        y=alt.Y("label_text:N", sort=sort, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X(
            "value:Q",
            title=x_title,
            scale=scale,
            axis=alt.Axis(format=",d", values=[0, 10, 100, 1000, 10000]) if log else alt.Axis(format=",d", tickCount=4),
        ),
        tooltip=TOOLTIP,
    )
    bar_kwargs = {"height": 18}
    bars = base.mark_bar(**bar_kwargs).encode(color=colour)
    if dash is not None:
        bars = bars.encode(strokeDash=dash, stroke=alt.value("#555555"), strokeWidth=alt.value(1))
    labels = base.mark_text(align="left", dx=4, fontSize=12, color=PALETTE["ink"]).encode(text="bar_label:N")
    return (bars + labels).properties(width=WIDTH - 200, height=height_per_bar * len(data))


@dataclass(frozen=True)
class Text:
    """Everything a chart says in words, computed from the data by `registry` (never typed into a builder)."""

    title: str
    subtitle: tuple[str, ...]
    source: str
    note: str = ""
    lines: tuple[str, ...] = ()  # a typographic panel's lines, the first one large


def _finish(chart, text: Text):
    return with_source(titled(chart, text.title, list(text.subtitle)), text.source, text.note)


def headline_chart(table: pd.DataFrame, text: Text):
    """The headline number and who made the referrals, as a typographic panel."""
    total, forces = table.iloc[0], table.iloc[1]
    keep = ["value", "qualifier", "source", "figure_id"]
    rows = [(i, line, total if i < 3 else forces) for i, line in enumerate(text.lines)]
    data = pd.DataFrame([{"row": r, "text": t, "label_text": f["label"], **f[keep].to_dict()} for r, t, f in rows])
    base = alt.Chart(data).encode(y=alt.Y("row:O", axis=None), x=alt.value(0), text="text:N", tooltip=TOOLTIP)
    big = base.transform_filter("datum.row == 0").mark_text(
        align="left", baseline="middle", fontSize=56, fontWeight="bold", color=PALETTE["vermillion"]
    )
    small = base.transform_filter("datum.row > 0").mark_text(
        align="left", baseline="middle", fontSize=15, color=PALETTE["ink"]
    )
    return _finish((big + small).properties(width=WIDTH, height=150), text)


def crime_type_chart(table: pd.DataFrame, text: Text):
    data = _labelled(table, "name")
    return _finish(_bars(data, alt.value(PALETTE["blue"]), sort=list(data["label_text"])), text)


def _kind_encodings(categories: list[str], colours: dict[str, str]):
    """Colour and dash by kind: derived remainders dashed and grey, so they cannot pass for data."""
    domain = [k for k in colours if k in set(categories)]
    colour = alt.Color("category:N", title=None, scale=alt.Scale(domain=domain, range=[colours[k] for k in domain]))
    dash = alt.StrokeDash(
        "category:N",
        scale=alt.Scale(domain=domain, range=[[4, 3] if k == REMAINDER else [1, 0] for k in domain]),
        legend=None,
    )
    return colour, dash


def forces_chart(table: pd.DataFrame, text: Text):
    data = _labelled(table, "name")
    data["category"] = ["highlighted" if h else k for h, k in zip(data["highlight"], data["kind"])]
    data.loc[data["highlight"], "label_text"] = "\u25b6 " + data.loc[data["highlight"], "label_text"]
    colour, dash = _kind_encodings(list(data["category"]), KIND_COLOURS)
    return _finish(_bars(data, colour, sort=list(data["label_text"]), dash=dash), text)


def place_crime_type_chart(table: pd.DataFrame, text: Text, colour: str):
    """One place's referrals by crime type; a 'not itemised' remainder dashed and grey."""
    data = _labelled(table, "name")
    data["category"] = data["kind"]
    colour_enc, dash = _kind_encodings(list(data["category"]), {ITEMISED: colour, REMAINDER: PALETTE["light_grey"]})
    return _finish(_bars(data, colour_enc, sort=list(data["label_text"]), dash=dash), text)


def chain_chart(table: pd.DataFrame, text: Text):
    """A chain of counts, each part of the one before, with each step's share of the one above."""
    data = table.copy()
    data["label_text"] = data["stage"]
    data["bar_label"] = [
        f"{v:,}" + (f" ({_percent(s)} of the row above)" if pd.notna(s) else "")
        for v, s in zip(data["value"], data["share_of_previous"])
    ]
    chart = _bars(
        data, alt.value(PALETTE["pink"]), sort=list(data["label_text"]), x_title="Calls (log-like scale)", log=True
    )
    return _finish(chart, text)


def infographic(panels: list, text: Text):
    """All panels on one page: the headline on top, the rest two to a row."""
    head, *rest = panels
    rows = [head] + [
        alt.hconcat(*rest[i : i + 2], spacing=40).resolve_scale(color="independent", strokeDash="independent")
        for i in range(0, len(rest), 2)
    ]
    return (
        alt.vconcat(*rows, spacing=36)
        .resolve_scale(color="independent", strokeDash="independent")
        .properties(
            title=alt.TitleParams(
                text=text.title, subtitle=list(text.subtitle), anchor="start", fontSize=22, subtitleFontSize=13
            )
        )
    )


def comparison_chart(table: pd.DataFrame, text: Text):
    """What each outlet reported for the same measure: one small panel per comparison, own scale each."""
    data = table.copy()
    data["label_text"] = [o if q == "exact" else f"{o} ({q})" for o, q in zip(data["outlet"], data["qualifier"])]
    data["bar_label"] = [
        f"{q} {v:,}" if q not in ("exact",) else f"{v:,}" for q, v in zip(data["qualifier"], data["value"])
    ]
    data["bar_label"] = data["bar_label"] + " (" + data["period"] + ")"
    outlets = sorted(data["outlet"].unique())
    colours = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "pink", "sky")][: len(outlets)]
    base = alt.Chart().encode(
        y=alt.Y("label_text:N", title=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X("value:Q", title="Victims referred", axis=alt.Axis(format=",d", tickCount=3)),
        tooltip=TOOLTIP + [alt.Tooltip("period:N", title="Period")],
    )
    points = base.mark_point(size=120, filled=True).encode(
        color=alt.Color("outlet:N", scale=alt.Scale(domain=outlets, range=colours), legend=None),
        shape=alt.Shape("outlet:N", legend=None),
    )
    labels = base.mark_text(align="left", dx=8, fontSize=11, color=PALETTE["ink"]).encode(text="bar_label:N")
    chart = (
        alt.layer(points, labels, data=data)
        .properties(width=260, height=alt.Step(24))
        .facet(
            row=alt.Row(
                "comparison:N",
                title=None,
                header=alt.Header(
                    labelAngle=0,
                    labelAlign="left",
                    labelFontSize=13,
                    labelFontWeight="bold",
                    labelAnchor="start",
                    labelOrient="top",
                ),
            )
        )
        .resolve_scale(x="independent", y="independent")
    )
    return _finish(chart, text)


CLAIM_KINDS = {"claim": PALETTE["vermillion"], "published figure": PALETTE["blue"]}


def claims_chart(table: pd.DataFrame, text: Text):
    """Each checked claim beside the figures that decided it, as monthly rates: a point at the middle of the
    range a figure or claim allows, a line across the range."""
    data = table.copy()
    data["label_text"] = data["label"]
    data["range_text"] = [
        f"{lo:,.1f}" if lo == hi else f"{lo:,.1f} to {hi:,.1f}" for lo, hi in zip(data["rate_low"], data["rate_high"])
    ]
    colour = alt.Color(
        "kind:N", title=None, scale=alt.Scale(domain=list(CLAIM_KINDS), range=list(CLAIM_KINDS.values()))
    )
    tooltip = [
        alt.Tooltip("label_text:N", title="Who"),
        alt.Tooltip("value:N", title="As printed"),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("range_text:N", title="Per month"),
        alt.Tooltip("verdict:N", title="Verdict on the claim"),
    ]
    base = alt.Chart().encode(y=alt.Y("label_text:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)))
    spans = base.mark_rule(strokeWidth=3).encode(
        x=alt.X("rate_low:Q", title="Per month"), x2="rate_high:Q", color=colour, tooltip=tooltip
    )
    points = base.mark_point(size=90, filled=True).encode(
        x="rate:Q", color=colour, shape=alt.Shape("kind:N", legend=None), tooltip=tooltip
    )
    chart = (
        alt.layer(spans, points, data=data)
        .properties(width=300, height=alt.Step(22))
        .facet(
            row=alt.Row(
                "group:N",
                title=None,
                sort=None,
                header=alt.Header(
                    labelAngle=0,
                    labelAlign="left",
                    labelFontSize=12,
                    labelFontWeight="bold",
                    labelAnchor="start",
                    labelOrient="top",
                ),
            )
        )
        .resolve_scale(x="independent", y="independent")
    )
    return _finish(chart, text)


def heatmap(table: pd.DataFrame, text: Text):
    """Forces by crime type: a cell per pair, darker for more referrals, with its number written in it."""
    data = table.copy()
    data["label_text"] = data["force_name"] + ", " + data["crime_type_name"]
    data["cell_label"] = [
        f"{v:,}" if q == "exact" else (f"≥{v:,}" if v else "supp.") for v, q in zip(data["value"], data["qualifier"])
    ]
    forces = list(dict.fromkeys(data["force_name"]))
    types = list(
        dict.fromkeys(data.groupby("crime_type_name", sort=False)["value"].sum().sort_values(ascending=False).index)
    )
    base = alt.Chart(data).encode(
        x=alt.X(
            "crime_type_name:N", sort=types, title=None, axis=alt.Axis(labelAngle=-40, labelLimit=160, orient="top")
        ),
        y=alt.Y("force_name:N", sort=forces, title=None, axis=alt.Axis(labelLimit=240)),
        tooltip=TOOLTIP,
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("value:Q", title="Victims referred", scale=alt.Scale(scheme="blues", type="sqrt"))
    )
    labels = base.mark_text(fontSize=10).encode(
        text="cell_label:N",
        color=alt.condition(
            alt.datum.value > data["value"].max() * 0.45, alt.value("white"), alt.value(PALETTE["ink"])
        ),
    )
    chart = (cells + labels).properties(width=46 * len(types), height=alt.Step(17))
    return _finish(chart, text)


def monthly_bars(table: pd.DataFrame, text: Text):
    """Referrals month by month: one bar per month, in calendar order."""
    data = table.copy()
    data["label_text"] = data["label"]
    data["bar_label"] = [f"{v:,}" for v in data["value"]]
    base = alt.Chart(data).encode(
        x=alt.X("month:O", title=None, axis=alt.Axis(labelAngle=-60, labelExpr="substring(datum.label, 0, 7)")),
        y=alt.Y("value:Q", title="Victims referred", axis=alt.Axis(format=",d", tickCount=4)),
        tooltip=TOOLTIP,
    )
    chart = base.mark_bar(color=PALETTE["blue"]).properties(width=alt.Step(14), height=220)
    return _finish(chart, text)
