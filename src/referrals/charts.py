"""Chart builders for the investigation's figures.

Each takes the table a `tables` function returns (exactly what is plotted) and
returns an unconfigured chart; `style.configure` is applied by the caller on the
outermost chart, so the same builders serve single figures and the infographic.
"""

from __future__ import annotations

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


def headline_chart(table: pd.DataFrame, source: str):
    """The headline number, its period and the count of forces, as a typographic panel."""
    total, forces = table.iloc[0], table.iloc[1]
    keep = ["value", "qualifier", "source", "figure_id"]
    lines = [
        (0, f"{int(total['value']):,}", total),
        (1, "migrant victims of crime referred by UK police", total),
        (2, "to Home Office Immigration Enforcement", total),
        (3, f"by all {int(forces['value'])} UK police forces: the 43 of England and Wales,", forces),
        (4, "Police Scotland and the Police Service of Northern Ireland", forces),
    ]
    data = pd.DataFrame([{"row": r, "text": t, "label_text": f["label"], **f[keep].to_dict()} for r, t, f in lines])
    base = alt.Chart(data).encode(y=alt.Y("row:O", axis=None), x=alt.value(0), text="text:N", tooltip=TOOLTIP)
    big = base.transform_filter("datum.row == 0").mark_text(
        align="left", baseline="middle", fontSize=56, fontWeight="bold", color=PALETTE["vermillion"]
    )
    small = base.transform_filter("datum.row > 0").mark_text(
        align="left", baseline="middle", fontSize=15, color=PALETTE["ink"]
    )
    chart = (big + small).properties(width=WIDTH, height=150)
    chart = titled(
        chart, "Police referred thousands of migrant victims of crime to immigration enforcement", str(total["period"])
    )
    return with_source(chart, source)


def crime_type_chart(table: pd.DataFrame, source: str, period: str):
    data = _labelled(table, "name")
    colour = alt.value(PALETTE["blue"])
    chart = _bars(data, colour, sort=list(data["label_text"]))
    chart = titled(
        chart,
        "Victims referred, by type of crime",
        [period, "All nine categories; share of the 2,672 total in brackets"],
    )
    return with_source(chart, source)


def forces_chart(table: pd.DataFrame, source: str, period: str, note: str = ""):
    data = _labelled(table, "name")
    data["category"] = ["highlighted" if h else k for h, k in zip(data["highlight"], data["kind"])]
    data.loc[data["highlight"], "label_text"] = "\u25b6 " + data.loc[data["highlight"], "label_text"]
    domain = [k for k in KIND_COLOURS if k in set(data["category"])]
    colour = alt.Color(
        "category:N", title=None, scale=alt.Scale(domain=domain, range=[KIND_COLOURS[k] for k in domain])
    )
    dash = alt.StrokeDash(
        "category:N",
        scale=alt.Scale(domain=domain, range=[[4, 3] if k == REMAINDER else [1, 0] for k in domain]),
        legend=None,
    )
    chart = _bars(data, colour, sort=list(data["label_text"]), dash=dash)
    chart = titled(
        chart,
        "Which forces referred victims",
        [period, "Only five forces were itemised; the rest is a derived remainder, drawn dashed"],
    )
    return with_source(chart, source, note)


def scotland_chart(table: pd.DataFrame, source: str, period: str):
    data = _labelled(table, "name")
    domain = [ITEMISED, REMAINDER]
    colour = alt.Color(
        "kind:N", title=None, scale=alt.Scale(domain=domain, range=[PALETTE["green"], PALETTE["light_grey"]])
    )
    dash = alt.StrokeDash("kind:N", scale=alt.Scale(domain=domain, range=[[1, 0], [4, 3]]), legend=None)
    chart = _bars(data, colour, sort=list(data["label_text"]), dash=dash)
    chart = titled(
        chart,
        "Police Scotland: 207 victims referred, by type of crime",
        [period, "The Ferret itemised 154; the other 53 were not itemised"],
    )
    return with_source(chart, source)


def psni_chart(table: pd.DataFrame, source: str, period: str):
    data = _labelled(table, "name")
    chart = _bars(data, alt.value(PALETTE["orange"]), sort=list(data["label_text"]))
    chart = titled(chart, "PSNI: at least 33 victims referred, by type of crime", [period])
    return with_source(chart, source)


def honccu_chart(table: pd.DataFrame, source: str, period: str):
    data = table.copy()
    data["label_text"] = data["stage"]
    data["bar_label"] = [
        f"{v:,}" + (f" ({_percent(s)} of the row above)" if pd.notna(s) else "")
        for v, s in zip(data["value"], data["share_of_previous"])
    ]
    chart = _bars(
        data, alt.value(PALETTE["pink"]), sort=list(data["label_text"]), x_title="Calls (log-like scale)", log=True
    )
    ratio = int(round(table.iloc[0]["value"] / table.iloc[1]["value"]))
    chart = titled(
        chart,
        "PSNI calls to the Home Office command and control unit",
        [period, f"About 1 in {ratio:,} calls was to check a victim of crime"],
    )
    return with_source(chart, source)


def infographic(panels: list, title: str, subtitle: str):
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
            title=alt.TitleParams(text=title, subtitle=[subtitle], anchor="start", fontSize=22, subtitleFontSize=13)
        )
    )


def comparison_chart(table: pd.DataFrame, source: str):
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
    chart = titled(
        chart,
        "Same measure, different outlets",
        [
            "Every figure two or more outlets published for the same force or crime type",
            "Qualifier and period as each outlet gave them",
        ],
    )
    return with_source(chart, source)
