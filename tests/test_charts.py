"""Every chart carries the house style: title, period, source line, tooltips with qualifier and source."""

from __future__ import annotations

import pytest
from conftest import ROOT

from referrals import export, registry, style, tables
from referrals.sources import load_raw

RAW = load_raw(ROOT / "data" / "raw")
BUILT = {
    f.name: registry.build(f.name, RAW, {"highlight_force": "west-midlands"} if f.name == "forces" else {})
    for f in registry.figures()
}
CHARTS = {name: b.chart for name, b in BUILT.items()}


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
def test_every_mark_has_a_tooltip_with_value_qualifier_and_source(name):
    spec = export.spec_of(CHARTS[name])
    marks = list(_marks(spec))
    assert marks
    for mark in marks:
        fields = {t["field"] for t in mark["encoding"]["tooltip"]}
        assert {"value", "qualifier", "source", "figure_id"} <= fields


def test_sources_name_the_outlet_and_document():
    line = tables.source_line(RAW, ["nipb_honccu_calls", "psni_total"])
    assert "Northern Ireland Policing Board" in line and "The Detail" in line and "Migrants risk being deported" in line


def test_remainders_are_drawn_differently_from_itemised_bars():
    spec = export.spec_of(CHARTS["forces"])
    bars = [m for m in _marks(spec) if (m["mark"]["type"] if isinstance(m["mark"], dict) else m["mark"]) == "bar"][0]
    dash = bars["encoding"]["strokeDash"]["scale"]
    ranges = dict(zip(dash["domain"], dash["range"]))
    assert ranges["remainder (derived)"] != ranges["itemised"]
    colours = dict(zip(bars["encoding"]["color"]["scale"]["domain"], bars["encoding"]["color"]["scale"]["range"]))
    assert len(set(colours.values())) == len(colours), "itemised, highlighted, not recorded and remainder all differ"


def test_palette_is_okabe_ito():
    assert {style.PALETTE[k] for k in ("blue", "orange", "vermillion", "green", "sky", "pink")} == {
        "#0072B2",
        "#E69F00",
        "#D55E00",
        "#009E73",
        "#56B4E9",
        "#CC79A7",
    }


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
