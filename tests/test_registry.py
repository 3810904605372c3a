"""One declaration per figure: notebooks, files, parameters and the README follow the registry, and every number in
a chart's words comes from its data."""

from __future__ import annotations

import json
import re
import string

import pytest
from conftest import ROOT, built_chart, built_infographic, json_objects, published_raw
from lazy import LazyMap

from referrals import export, params, registry


def raw():
    return published_raw()


WORDS = {w: i for i, w in enumerate(registry.NUMBER_WORDS) if i}


def _templates(figure):
    yield from (figure.title, *figure.subtitle, figure.note, *figure.lines)
    yield from (template for template, _ in figure.statements)
    yield from (words for _, words in figure.key)


@pytest.mark.parametrize("figure", registry.FIGURES, ids=lambda f: f.name)
def test_no_template_holds_a_typed_number(figure):
    for template in _templates(figure):
        literal = "".join(text for text, *_ in string.Formatter().parse(template))
        assert not re.search(r"\d", literal), f"{figure.name}: a number is typed into {template!r}"
        words = set(re.findall(r"[a-z]+", literal.lower())) & set(WORDS)
        assert not words - {"one"}, f"{figure.name}: a number word is typed into {template!r}"


def test_every_registered_figure_has_its_notebook_and_nothing_else_draws():
    numbered = {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    release_only = {p.stem for p in (ROOT / "notebooks" / "release").glob("*.ipynb")}
    assert numbered | release_only == {"01-data", "force-page", *registry.notebooks()}
    for figure in registry.FIGURES:
        assert (ROOT / figure.notebook_path).is_file(), figure.notebook_path
        in_order = "published" in figure.modes
        assert (figure.notebook in numbered) == in_order, "release-only notebooks are out of the numbered order"
        assert figure.notebook.removeprefix(f"{figure.number:02d}-") == figure.name, "one name for figure and notebook"
    assert all(not stem[:2].isdigit() for stem in release_only), "notebooks/release/ is outside the reading order"
    assert set(params.SPECS) == numbered | release_only


def test_every_figure_is_committed_in_every_format_with_one_csv():
    committed = {p.name for p in (ROOT / "figures").iterdir() if not p.name.endswith(".html")}
    expected = {
        f"{name}{ext}"
        for name in registry.names()
        if name != "fact-check"
        for ext in (".png", ".svg", ".vl.json", ".csv")
    }
    assert committed == expected
    processed = {p.name for p in (ROOT / "data" / "processed").iterdir()}
    assert not processed & {f"{name}.csv" for name in registry.names()}, "one CSV per plotted table"


def test_the_docs_figure_table_is_the_registry():
    """The reporters' page lists every figure the registry declares, with its image and CSV."""
    page = (ROOT / "docs" / "reporters.md").read_text()
    section = page[page.index("| figure | files |") :].split("\n\n", 1)[0]
    listed = re.findall(r"^\| `([a-z-]+)` \| !\[[^\]]*\]\(\.\./figures/\1\.png\) `figures/\1\.csv` \|$", section, re.M)
    assert listed == [name for name in registry.names() if name != "fact-check"]


def test_required_figures_exist_in_the_data():
    ids = set(raw().figures["figure_id"])
    for name, required in registry.required_figure_ids().items():
        assert required <= ids, (name, required - ids)


# --- every number in a chart's words is one its data can produce ---------------------------


def _texts(spec):
    """Every piece of text a spec shows: titles, subtitles, and text marks' data strings."""
    for node in json_objects(spec):
        title = node.get("title")
        if isinstance(title, dict):
            for key in ("text", "subtitle"):
                value = title.get(key) or []
                yield from [value] if isinstance(value, str) else value
        elif isinstance(title, str):
            yield title


def _numbers(text: str) -> set[float]:
    found = {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}
    found |= {float(WORDS[w]) for w in re.findall(r"[a-z]+", text.lower()) if w in WORDS and w != "one"}
    return found


def _producible(built) -> set[float]:
    """Numbers the figure's data can produce: its values and the figures it uses, their sums, differences, ratios,
    shares, counts of rows and the years and days of periods."""
    base = {float(v) for v in built.table.select_dtypes("number").to_numpy().ravel() if v == v}
    base |= {float(raw().value(i)) for i in built.figure_ids if raw().figure(i)["value"] == raw().figure(i)["value"]}
    base |= {float(len(built.table)), float(len(built.table) - 1)}
    if "value" in built.table:
        base.add(float(built.table["value"].sum()))
        kinds = built.table.get("kind")
        if kinds is not None:
            base |= {float(built.table.loc[kinds == k, "value"].sum()) for k in set(kinds)}
            base |= {float((kinds == k).sum()) for k in set(kinds)}
    derived = set(base)
    for a in base:
        for b in base:
            derived.add(a - b)
            if b:
                derived.add(float(round(a / b)))
                derived.add(round(a / b * 100, 1))
                derived.add(float(round(a / b * 100)))
    for text in _texts(json.loads(json.dumps(export.spec_of(built.chart)))):
        derived |= {float(y) for y in re.findall(r"\b(?:19|20)\d\d\b", text)}
    return derived


def _all_built():
    out = [built_chart(f.name) for f in registry.figures()]
    out.append(built_infographic())
    return {b.name: b for b in out}


ALL_BUILT = LazyMap([*(f.name for f in registry.figures()), "infographic"], _all_built)


@pytest.mark.parametrize("name", list(ALL_BUILT))
def test_every_number_in_a_charts_words_comes_from_its_data(name):
    built = ALL_BUILT[name] if isinstance(name, str) else name
    spec = export.spec_of(built.chart)
    texts = list(_texts(spec))
    texts += [str(t) for t in built.table.get("text", [])]
    texts += list(built.text.lines) + [built.description(), built.summary()]
    panels = getattr(built, "panels", None) or {}
    producible = _producible(built).union(*(_producible(p) for p in panels.values()))
    for text in texts:
        stray = _numbers(text) - producible
        assert not stray, f"{built.name}: {sorted(stray)} in {text!r} cannot be produced from the chart's data"


def test_the_scan_catches_a_typed_number(monkeypatch):
    """The check above can fail: a number typed into a subtitle is caught."""
    figure = registry.get("scotland")
    typed = registry.Figure(
        **{**figure.__dict__, "subtitle": ("{period}", "The Ferret itemised 154; the other 98765 were not")}
    )
    monkeypatch.setitem(registry.BY_NAME, "scotland", typed)
    built = registry.build("scotland", raw())
    with pytest.raises(AssertionError, match=r"\[98765\.0\]"):
        test_every_number_in_a_charts_words_comes_from_its_data(built)


@pytest.fixture(scope="module")
def infographic():
    return built_infographic()


@pytest.mark.parametrize("figure", registry.FIGURES, ids=lambda f: f.name)
@pytest.mark.parametrize("mode", registry.MODES)
def test_what_a_figure_is_drawn_from_is_declared_once_and_every_caller_agrees(figure, mode, infographic):
    """`modes` is the one declaration: the lists of figures, the infographic's panels and build all follow it."""
    drawn = figure.draws_from(mode)
    assert drawn is bool(figure.release_ids if mode == registry.RELEASE else figure.figure_ids), "ids to draw it"
    assert (figure in registry.figures(mode)) is drawn and (figure.name in registry.names(mode)) is drawn
    if figure.name in registry.INFOGRAPHIC.panels and mode == registry.PUBLISHED:
        assert (figure.name in infographic.panels) is drawn
    if not drawn:
        with pytest.raises(registry.NotInThisData):
            registry.build(figure.name, raw(), release=mode == registry.RELEASE)


@pytest.mark.parametrize(
    "changes",
    [{"modes": ("published", "release"), "release_ids": None}, {"modes": ("release",), "release_ids": None},
     {"modes": ("published",), "release_ids": {"total": "release_total"}}, {"modes": ()}, {"modes": ("print",)}],
)  # fmt: skip
def test_a_figure_cannot_declare_a_mode_it_cannot_be_drawn_in(changes):
    import dataclasses

    with pytest.raises(ValueError):
        dataclasses.replace(registry.get("forces"), **changes)


def test_the_infographic_is_its_panels_built_by_their_own_entries(infographic):
    built = infographic
    assert list(built.panels) == [n for n in registry.INFOGRAPHIC.panels if registry.get(n).draws_from("published")]
    assert built.facts == {n: registry.build(n, raw()).facts for n in built.panels}
    assert built.summary() == built.description()
    headline = built.panels[next(iter(built.panels))]
    total = headline.facts["qualified_total"]
    assert "{" not in built.text.title and total in built.text.title, "the title states the headline's finding"
    assert built.statements() == [s for b in built.panels.values() for s in b.statements()]
    with pytest.raises(ValueError):
        registry.figures("print")
