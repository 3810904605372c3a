"""The house style, defined once: type, colours, titles and source lines, for print and for the web.

Colours follow the Okabe-Ito hues (safe for the common forms of colour blindness),
but every colour that fills a mark holds at least 3:1 against the white
background (WCAG 1.4.11), so two of the hues are darkened: Okabe-Ito's orange
(#E69F00, 2.25:1) and sky blue (#56B4E9, 2.31:1) are too light to be read as
data. A fill lighter than that is only used with a dark outline (`OUTLINE`).
"""

from __future__ import annotations

import textwrap

import altair as alt

#: The reference hues, for provenance: not every one is dark enough to fill a mark on white.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "pink": "#CC79A7",
}
BACKGROUND = "#FFFFFF"
#: Colours for marks and text; each fill holds 3:1 against BACKGROUND (tests/test_style.py computes it).
PALETTE = {
    "blue": OKABE_ITO["blue"],
    "orange": "#B06F00",  # Okabe-Ito orange, darkened to 4.1:1
    "vermillion": OKABE_ITO["vermillion"],
    "green": OKABE_ITO["green"],
    "pink": OKABE_ITO["pink"],
    "grey": "#767676",
    "light_grey": "#D9D9D9",  # only with OUTLINE around it: a derived remainder, not data
    "ink": "#1A1A1A",
    "muted": "#444444",
}
#: The outline drawn around light fills (remainders), so the shape holds 3:1 even when the fill does not.
OUTLINE = "#555555"
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
#: Width of a single exported figure's plot, and of one panel of the infographic (pixels).
WIDTH = 560
PANEL_WIDTH = 430
#: An upper bound on the advance of one character of the house font, in ems (DejaVu Sans averages
#: about 0.6; capitals and digits are wider). Used to reserve room for labels and to wrap titles.
CHAR_EM = 0.64


def text_px(text: str, size: float) -> int:
    """A generous estimate of a line's width in pixels, so that room reserved for it is never too small."""
    return int(len(text) * size * CHAR_EM) + 2


def wrap(text: str, width_px: int, size: float) -> list[str]:
    """A line of words broken into lines that fit `width_px` (numbers are never split: breaks are at spaces)."""
    chars = max(int(width_px / (size * CHAR_EM)), 12)
    lines = textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False) or [""]
    if len(lines) > 1 and " " not in lines[-1] and lines[-2].count(" ") >= 2:  # no word left alone on the last line
        before, _, word = lines[-2].rpartition(" ")
        lines[-2:] = [before, f"{word} {lines[-1]}"]
    return lines


def titled(chart, title: str, subtitle: str | list[str], width: int = WIDTH):
    """A chart with its title and, below it, the period it covers, wrapped to the chart's width."""
    lines = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    return chart.properties(
        title=alt.TitleParams(
            text=wrap(title, width, 16),
            subtitle=[part for line in lines for part in wrap(line, width, 12)],
            anchor="start",
            fontSize=16,
            subtitleFontSize=12,
            subtitleColor=PALETTE["muted"],
            offset=14,
        )
    )


def with_source(chart, source: str, note: str = "", width: int = WIDTH, credit: str = ""):
    """Wrap a chart so that its notes, source line and credit sit beneath it, wrapped to its width: the one
    block of small print a figure carries, so that it stands alone when shared."""
    parts = [p for p in source.split("; ") if p]
    lines = [line for p in parts for line in wrap(p, width, 10)]
    lines += wrap(f"Note: {note}", width, 10) if note else []
    lines += wrap(credit, width, 10) if credit else []
    return alt.vconcat(
        chart,
        title=alt.TitleParams(
            text=lines, orient="bottom", anchor="start", fontSize=10, fontWeight="normal", color=PALETTE["muted"]
        ),
    )


def with_attributes(chart, **attributes):
    """The chart with these top-level attributes set (what `.properties()` and `.configure_*()` set), copying only
    its top object. Altair's own methods each build a compound chart again, and its constructor deep-copies every
    subchart's parameters: chained on the infographic they took about 2.5 s of its 3."""
    copy = object.__new__(type(chart))
    object.__setattr__(copy, "__dict__", {**chart.__dict__, "_kwds": {**chart._kwds, **attributes}})
    return copy


def configure(chart, web: bool = False, **properties):
    """Apply the house configuration; call once, on the outermost chart.

    On the web a chart fills its container's width (`autosize` fit-x) with no outer padding: the page
    gives it room, and its title, source and notes are the page's own text. Other keywords are set as the chart's
    properties (`description=...`), in the same one copy of its top object.
    """
    config = alt.Config(
        font=FONT,
        background=BACKGROUND,
        padding=2 if web else 16,
        view=alt.ViewConfig(stroke=None),
        axis=alt.AxisConfig(
            labelFontSize=12,
            titleFontSize=12,
            labelColor=PALETTE["ink"],
            titleColor=PALETTE["ink"],
            grid=False,
            domainColor="#888888",
        ),
        title=alt.TitleConfig(color=PALETTE["ink"]),
        legend=alt.LegendConfig(labelFontSize=12, titleFontSize=12, orient="bottom"),
    )
    web_size = {"autosize": alt.AutoSizeParams(type="fit-x", contains="padding")} if web else {}
    return with_attributes(chart, config=config, **web_size, **properties)
