"""Every chart carries the house style: title, period, source line, tooltips with qualifier and source."""

from __future__ import annotations

import json
import re

import pytest
from conftest import built_chart, published_raw
from lazy import LazyMap

from referrals import charts, export, registry, style, tables


def raw():
    return published_raw()


def _built():
    return {
        f.name: built_chart(f.name, {"highlight_force": "west-midlands"} if f.name == "forces" else {})
        for f in registry.figures()
    }


BUILT = LazyMap([f.name for f in registry.figures()], _built)
CHARTS = LazyMap(BUILT, lambda: {name: b.chart for name, b in BUILT.items()})


def _marks(spec):
    if "mark" in spec:
        yield spec
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for sub in spec.get(key, []):
            yield from _marks(sub)


@pytest.mark.parametrize("name", list(CHARTS))
def test_title_period_and_source_line(name):
    spec = export.spec_of(CHARTS[name])
    assert spec["title"]["orient"] == "bottom" and spec["title"]["text"][0].startswith("Source: ")
    inner = spec["vconcat"][0]
    assert inner["title"]["text"] and inner["title"]["subtitle"], "title and a subtitle with the period"


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_mark_has_a_tooltip_in_reader_words(name):
    """Value, qualifier and source in every tooltip, titled for readers; never a field id."""
    spec = export.spec_of(CHARTS[name])
    marks = list(_marks(spec))
    assert marks
    for mark in marks:
        tooltip = mark["encoding"]["tooltip"]
        fields = {t["field"] for t in tooltip}
        assert {"value", "qualifier", "source"} <= fields
        assert "figure_id" not in fields, "no field ids in tooltips"
        assert all(t.get("title") and "_" not in t["title"] for t in tooltip), tooltip


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_says_what_it_shows_for_screen_readers(name):
    """The spec's description (the accessible name Vega gives the chart) is the figure's text description, and
    every bar describes itself in words."""
    spec = export.spec_of(CHARTS[name])
    assert spec["description"] == BUILT[name].description() and spec["description"].startswith(BUILT[name].text.title)
    assert "figure_id" not in spec["description"] and "_" not in spec["description"]
    web = export.spec_of(BUILT[name].web_chart())
    assert web["description"] == spec["description"]
    assert web["width"] == "container" or name == "honccu", "fills its column (the unit chart has a fixed grid)"
    for mark in _marks(web):
        kind = mark["mark"]["type"] if isinstance(mark["mark"], dict) else mark["mark"]
        if kind == "bar":
            assert mark["encoding"]["description"]["field"] == "aria_text"


def test_sources_name_the_outlet_and_document():
    line = tables.source_line(raw(), ["nipb_honccu_calls", "psni_total"])
    assert "Northern Ireland Policing Board" in line and "The Detail" in line and "Migrants risk being deported" in line


def test_remainders_are_drawn_differently_from_itemised_bars():
    spec = export.spec_of(CHARTS["forces"])
    bars = [m for m in _marks(spec) if (m["mark"]["type"] if isinstance(m["mark"], dict) else m["mark"]) == "bar"][0]
    dash, width = bars["encoding"]["strokeDash"], bars["encoding"]["strokeWidth"]
    assert "remainder (derived)" in dash["condition"]["test"] and dash["condition"]["value"] != dash["value"]
    assert width["condition"]["value"] >= 1 and width["value"] == 0, "remainders outlined, dashed"
    colours = dict(zip(bars["encoding"]["color"]["scale"]["domain"], bars["encoding"]["color"]["scale"]["range"]))
    assert len(set(colours.values())) == len(colours), "itemised, highlighted, not recorded and remainder all differ"


def test_palette_keeps_the_okabe_ito_hues_darkening_only_the_light_ones():
    assert set(style.OKABE_ITO.values()) == {"#0072B2", "#E69F00", "#D55E00", "#009E73", "#56B4E9", "#CC79A7"}
    kept = {style.PALETTE[k] for k in ("blue", "vermillion", "green", "pink")}
    assert kept <= set(style.OKABE_ITO.values())
    assert style.PALETTE["orange"] != style.OKABE_ITO["orange"] and "sky" not in style.PALETTE


def test_the_honccu_chart_is_drawn_to_scale_in_one_unit():
    """Every call one dot, in the drawn image itself: the dots of each colour add up to its count (24 checks on
    victims of modern slavery or trafficking, 19 other victim checks, 34,050 other calls), never a log axis and
    never a square that stands for 43 calls beside squares that stand for one."""
    spec = export.spec_of(CHARTS["honccu"])
    assert "symlog" not in json.dumps(spec) and '"log"' not in json.dumps(spec)
    svg = export.render(spec, "svg").decode()
    dots: dict[str, int] = {}
    rule = r'<line [^>]*x2="([\d.]+)"[^>]*stroke="(#[0-9A-Fa-f]{6})"[^>]*stroke-dasharray="([\d.,]+)"'
    for length, stroke, dash in re.findall(rule, svg):
        pitch = sum(float(x) for x in dash.split(","))
        dots[stroke.upper()] = dots.get(stroke.upper(), 0) + round((float(length) + 1) / pitch)
    table = BUILT["honccu"].table
    calls, checks, part = (int(v) for v in table["value"])
    key = dict((colour.upper(), words) for colour, words in BUILT["honccu"].text.key)
    assert sum(dots.values()) == calls, "one dot per call"
    assert sorted(dots.values()) == sorted([part, checks - part, calls - checks])
    for colour, n in dots.items():
        assert key[colour].startswith(f"{n:,} "), "the key names each colour's count"


def _squares(svg: str) -> list[tuple[str, float, float, float, float]]:
    """The filled squares of an SVG (Vega draws a rect as a path 'M14,18h12v12h-12Z'): colour, x, y, width,
    height."""
    rect = r'<path d="M([-\d.]+),([-\d.]+)h([\d.]+)v([\d.]+)h-[\d.]+Z" fill="(#[0-9A-Fa-f]{6})"'
    return [(f.upper(), float(x), float(y), float(w), float(h)) for x, y, w, h, f in re.findall(rect, svg)]


def _web_svg(width: int) -> str:
    """The honccu chart as the site draws it, at a column `width` pixels wide (the page's Vega, its width fixed)."""
    import vl_convert as vlc

    from referrals.charts import web_height

    vega = web_height(export.compile_to_vega(export.spec_of(BUILT["honccu"].web_chart())))
    vega["signals"] = [s for s in vega.get("signals", []) if s["name"] != "width"]
    vega["signals"].insert(0, {"name": "width", "value": width})
    vega["autosize"] = {"type": "pad"}
    return vlc.vega_to_svg(vega)


@pytest.mark.parametrize("width", [288, 358, 736])
def test_the_honccu_calls_to_check_a_victim_are_readable_on_a_phone(width):
    """At 390 px the 43 calls to check a victim were a speck in a grey block: they are drawn again above the field,
    enlarged (still one square a call, 24 and 19 in the key's colours), large enough to see and count, inside the
    column at every width; the words above each part say what it is."""
    table = BUILT["honccu"].table
    calls, checks, part = (int(v) for v in table["value"])
    key = [colour.upper() for colour, _ in BUILT["honccu"].text.key]
    for svg, column in ((_web_svg(width), width), (export.render(export.spec_of(CHARTS["honccu"]), "svg").decode(), 0)):
        big = [s for s in _squares(svg) if s[3] >= 10 and s[4] >= 10 and s[0] in key[:2]]
        assert len(big) == checks, f"one enlarged square a call: {len(big)} of {checks}"
        assert sorted(sum(s[0] == c for s in big) for c in key[:2]) == sorted([part, checks - part])
        if column:
            assert all(0 <= s[1] and s[1] + s[3] <= column for s in big), "inside the column"
        for line in BUILT["honccu"].text.lines:
            assert line and f">{line}<" in svg.replace("&#x27;", "'"), line
    assert "enlarged" in BUILT["honccu"].text.subtitle[-1]


def test_export_writes_every_format_deterministically(project):
    chart, data = CHARTS["psni"], BUILT["psni"].table
    a = export.save_figure(chart, "psni", data, "output/a")
    b = export.save_figure(chart, "psni", data, "output/b")
    assert sorted(p.name for p in a) == ["psni.csv", "psni.html", "psni.png", "psni.svg", "psni.vl.json"]
    for pa_, pb in zip(a, b):
        assert pa_.read_bytes() == pb.read_bytes(), pa_.name
    html = (project / "output" / "a" / "psni.html").read_text()
    assert "cdn.jsdelivr" not in html and '<script src="http' not in html, "offline HTML: Vega inlined"
    assert (
        (project / "output" / "a" / "psni.csv")
        .read_text()
        .splitlines()[1]
        .startswith("human-trafficking,Human trafficking,itemised,13")
    )


@pytest.mark.parametrize(
    "label,shown",
    [
        ("The Ferret: more than 2000", "The Ferret: more than 2,000"),
        ("The Justice Gap: 2546", "The Justice Gap: 2,546"),
        ("The Detail (with the Guardian): 2,672", "The Detail and the Guardian: 2,672"),
        ("The Ferret (the claim)", "The Ferret, the claim"),
    ],
)
def test_the_claims_chart_names_each_claim_in_the_houses_figures(label, shown):
    """A claim's heading in the fact-check chart prints its number as the house does ('more than 2,000'), not as
    the outlet typed it ('more than 2000'); the site's table and the tooltips use the same labels."""
    assert charts._named(label) == shown
