"""Every colour a chart draws with holds its contrast against the background (WCAG 2.1): marks 3:1 (1.4.11)
unless outlined by a colour that does, text 4.5:1 (3:1 when large). Computed, for every figure, in print and
on the web, for the figures only a release can draw (from a SYNTHETIC one), and for the fact-check's claims chart."""

from __future__ import annotations

import pytest
from conftest import ROOT, built_chart, built_infographic, json_objects, published_raw

from referrals import charts, export, registry, style
from referrals.ledger import DEFAULT_CLAIMS, chart_table, run_ledger
from referrals.release import evidence, synthetic

RAW = published_raw()


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _colours(channel) -> list[str]:
    """Every literal colour a mark property or encoding channel can take (values, conditions, scale ranges)."""
    if isinstance(channel, str):
        return [channel] if channel.startswith("#") else []
    if not isinstance(channel, dict):
        return []
    found = _colours(channel.get("value"))
    condition = channel.get("condition")
    for c in condition if isinstance(condition, list) else [condition] if condition else []:
        found += _colours(c.get("value"))
    found += [c for c in (channel.get("scale") or {}).get("range", []) if isinstance(c, str) and c.startswith("#")]
    return found


def _marks(spec):
    return (node for node in json_objects(spec) if "mark" in node)


def low_contrast(spec: dict) -> list[str]:
    """Every colour in a spec's marks that does not hold its contrast against the background."""
    background = spec.get("config", {}).get("background", style.BACKGROUND)
    problems = []
    for mark in _marks(spec):
        mark_def = mark["mark"] if isinstance(mark["mark"], dict) else {"type": mark["mark"]}
        encoding = mark.get("encoding", {})
        fills = _colours(mark_def.get("color")) + _colours(mark_def.get("fill"))
        fills += _colours(encoding.get("color")) + _colours(encoding.get("fill"))
        strokes = _colours(mark_def.get("stroke")) + _colours(encoding.get("stroke"))
        if mark_def["type"] == "text":
            size = mark_def.get("fontSize", 11)  # a size set by an expression (smaller on a phone) needs 4.5:1
            needed = 3.0 if isinstance(size, int | float) and size >= 24 else 4.5
            problems += [
                f"text {c}: {contrast(c, background):.2f}:1" for c in fills if contrast(c, background) < needed
            ]
            continue
        outlined = any(contrast(s, background) >= 3 for s in strokes) and "strokeWidth" in {**encoding, **mark_def}
        for colour in fills:
            if contrast(colour, background) < 3 and not (outlined and colour in OUTLINED_FILLS):
                problems.append(
                    f"{mark_def['type']} {colour}: {contrast(colour, background):.2f}:1 against {background}"
                )
    return problems


#: Fills lighter than 3:1, allowed only on marks drawn with an outline that holds 3:1 (remainders, open squares).
OUTLINED_FILLS = {style.PALETTE["light_grey"], "#FFFFFF"}


def _specs(release_raw):
    for figure in registry.FIGURES:
        if "published" in figure.modes:
            built = built_chart(figure.name)
        else:
            built = registry.build(figure.name, release_raw, release=True, label="SYNTHETIC")
        yield f"{figure.name} (print)", export.spec_of(built.chart)
        yield f"{figure.name} (web)", export.spec_of(built.web_chart())
    yield "infographic", export.spec_of(built_infographic().chart)
    table = chart_table(run_ledger(DEFAULT_CLAIMS, RAW), RAW)
    yield "claims chart", export.spec_of(style.configure(charts.fact_check_chart(table, RAW)))
    yield (
        "claims chart (web)",
        export.spec_of(style.configure(charts.fact_check_chart(table, RAW, "container"), web=True)),
    )


def _release_raw(folder):
    path = synthetic.write_synthetic_release(folder / "SYNTHETIC-by-month.xlsx", "columns")
    return evidence.as_raw(evidence.load(path, ROOT / "data" / "raw"), RAW)


@pytest.fixture(scope="module")
def specs(tmp_path_factory):
    return dict(_specs(_release_raw(tmp_path_factory.mktemp("release"))))


def test_every_chart_colour_holds_its_contrast(specs):
    assert len(specs) == 2 * len(registry.FIGURES) + 3
    assert {name: low_contrast(spec) for name, spec in specs.items() if low_contrast(spec)} == {}


def test_the_palette_holds_three_to_one_on_white():
    ratios = {k: round(contrast(v, style.BACKGROUND), 2) for k, v in style.PALETTE.items()}
    print(ratios)
    allowed_light = {k for k, v in style.PALETTE.items() if v in OUTLINED_FILLS}
    assert {k for k, r in ratios.items() if r < 3} == allowed_light == {"light_grey"}
    assert contrast(style.OUTLINE, style.BACKGROUND) >= 3 and contrast(style.PALETTE["ink"], style.BACKGROUND) >= 4.5


def test_the_contrast_check_can_fail(monkeypatch):
    """Okabe-Ito's own orange (#E69F00, 2.25:1) and sky blue (#56B4E9, 2.31:1) are caught."""
    assert round(contrast("#E69F00", "#FFFFFF"), 2) == 2.25 and round(contrast("#56B4E9", "#FFFFFF"), 2) == 2.31
    monkeypatch.setitem(style.PALETTE, "blue", "#E69F00")
    monkeypatch.setattr(charts, "PALETTE", style.PALETTE)
    spec = export.spec_of(registry.build("crime-types", RAW).chart)
    assert low_contrast(spec) == ["bar #E69F00: 2.25:1 against #FFFFFF"]


def _altair_configured(chart, web: bool):
    """The house configuration applied through Altair's own chained methods (what style.configure did before it
    set the configuration in one copy)."""
    chart = chart.configure(font=style.FONT, background=style.BACKGROUND, padding=2 if web else 16)
    if web:
        chart = chart.properties(autosize=style.alt.AutoSizeParams(type="fit-x", contains="padding"))
    ink = style.PALETTE["ink"]
    return (
        chart.configure_view(stroke=None)
        .configure_axis(
            labelFontSize=12, titleFontSize=12, labelColor=ink, titleColor=ink, grid=False, domainColor="#888888"
        )
        .configure_title(color=ink)
        .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom")
        .properties(description="what it shows")
    )


@pytest.mark.parametrize("web", [False, True], ids=["print", "web"])
@pytest.mark.parametrize("kind", ["single", "compound"])
def test_configure_sets_what_altairs_own_methods_set_and_leaves_the_chart_alone(kind, web):
    bars = style.alt.Chart(style.alt.Data(values=[{"n": 1}])).mark_bar().encode(x="n:Q")
    chart = bars if kind == "single" else style.with_source(style.alt.hconcat(bars, bars), "Source: SYNTHETIC")
    before = chart.to_dict(validate=False)
    configured = style.configure(chart, web=web, description="what it shows")
    assert configured.to_dict() == _altair_configured(chart, web).to_dict()
    assert chart.to_dict(validate=False) == before  # the chart given is not changed
    assert type(configured) is type(chart)


@pytest.mark.parametrize(
    "text, width, lines",
    [
        (
            "Graphic: the referrals project, rebuilt from figures published up to 2024",
            240,
            ["Graphic: the referrals project,", "rebuilt from figures published up", "to 2024"],  # not '2024' alone
        ),
        ("one two three four five six seven eight nine ten eleven", 130, None),
        ("short", 330, ["short"]),
    ],
)
def test_wrapped_small_print_leaves_no_word_alone_on_its_last_line(text, width, lines):
    wrapped = style.wrap(text, width, 10)
    assert " ".join(wrapped) == text
    assert len(wrapped) == 1 or " " in wrapped[-1], wrapped
    if lines is not None:
        assert wrapped == lines
