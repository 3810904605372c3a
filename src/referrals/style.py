"""The house style, defined once: type, colour-blind-safe palette, titles and source lines."""

from __future__ import annotations

import altair as alt

#: Okabe-Ito, safe for the common forms of colour blindness.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "sky": "#56B4E9",
    "pink": "#CC79A7",
    "grey": "#8C8C8C",
    "light_grey": "#D9D9D9",
    "ink": "#1A1A1A",
}
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
WIDTH = 520


def titled(chart: alt.Chart, title: str, subtitle: str | list[str]) -> alt.Chart:
    """A chart with its title and, below it, the period it covers."""
    lines = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    return chart.properties(
        title=alt.TitleParams(
            text=title,
            subtitle=lines,
            anchor="start",
            fontSize=16,
            subtitleFontSize=12,
            subtitleColor="#444444",
            offset=12,
        )
    )


def with_source(chart, source: str, note: str = ""):
    """Wrap a chart so that its source line (and an optional note) sits beneath it."""
    parts = source.split("; ")
    lines = [parts[0]] + [f"        {p}" for p in parts[1:]] if len(source) > 110 else [source]
    lines += [note] if note else []
    return alt.vconcat(chart).properties(
        title=alt.TitleParams(
            text=lines, orient="bottom", anchor="start", fontSize=10, fontWeight="normal", color="#444444", offset=10
        )
    )


def configure(chart):
    """Apply the house configuration; call once, on the outermost chart."""
    return (
        chart.configure(font=FONT, background="white", padding=16)
        .configure_view(stroke=None)
        .configure_axis(
            labelFontSize=12,
            titleFontSize=12,
            labelColor=PALETTE["ink"],
            titleColor=PALETTE["ink"],
            grid=False,
            domainColor="#888888",
        )
        .configure_title(color=PALETTE["ink"])
        .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom")
    )
