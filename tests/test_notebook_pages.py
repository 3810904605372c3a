"""The committed notebooks as a reader on a code host sees them: rendered by nbconvert, which (like GitHub) honours
no `remove-input`/`remove-cell` tag, so every cell and every output shows.

Each numbered notebook must render with no traceback, no NaN, no count printed as a float ('1787.0'), no text
output line wider than 120 characters, its tables as HTML tables, and its chart; every step of arithmetic (a cell
calling `referrals.tables`) must show its result. Notebooks 03, 04 and 09 (issue 19's "done when") must show the
figures they start from, named steps (select, sum, subtract, share), the checks and the plotted table.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

NUMBERED = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
#: The steps each of the three "done when" notebooks must show, by the package function each step calls.
STEPS = {
    "03-crime-types": ("tables.parts(", "tables.count(", "tables.add_up(", "tables.shares("),
    "04-forces": ("tables.parts(", "tables.named_forces(", "tables.add_up(", "tables.subtract(", "tables.shares("),
    "09-fact-check": ("tables.select(", "tables.add_up(", "tables.subtract(", "nb.verdicts("),
}
FLOAT_COUNT = re.compile(r"(?<![\d.,])\d+(?:,\d{3})*\.0(?![\d%])")


def rendered(path: Path) -> str:
    """The notebook as nbconvert's HTML exporter writes it, tags not honoured."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nbformat.read(path, as_version=4))
    return body


def text_outputs(cell) -> list[str]:
    """Every text a code cell's outputs show as text: streams, text/plain of results and displays."""
    out = []
    for output in cell.get("outputs", []):
        if "text" in output:
            out.append(output["text"])
        data = output.get("data", {})
        if "text/plain" in data:
            out.append(data["text/plain"])
    return out


def words(markup: str) -> list[str]:
    """The words a reader sees in some HTML (tags dropped, entities read)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markup)).split()


def problems(path: Path, page: str) -> list[str]:
    """What a reader would notice on the rendered page of one notebook."""
    notebook = nbformat.read(path, as_version=4)
    found = []
    code = [c for c in notebook.cells if c.cell_type == "code"]
    if "<table" not in page:
        found.append("no HTML table")
    if path.stem != "01-data" and not re.search(r'<img[^>]+src="data:image/png;base64,', page):
        found.append("no chart (no PNG image)")
    if re.search(r"\bNaN\b", page):
        found.append("NaN on the page")
    for cell in code:
        source = cell.source.splitlines()[0] if cell.source else ""
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            found.append(f"a traceback under {source!r}")
        for text in text_outputs(cell):
            if FLOAT_COUNT.search(text):
                found.append(f"a count printed as a float under {source!r}: {FLOAT_COUNT.search(text).group()}")
            wide = [line for line in text.splitlines() if len(line) > 120]
            if wide:
                found.append(f"a text line of {len(wide[0])} characters under {source!r}")
        if "tables." in cell.source and not any(t.strip() for t in text_outputs(cell)):
            found.append(f"a step with no result shown: {source!r}")
        for output in cell.get("outputs", []) if "tables." in cell.source else []:
            data = output.get("data", {})
            shown = words(data.get("text/html") or data.get("text/plain", output.get("text", "")))
            if shown and " ".join(shown[:12]) not in " ".join(words(page)):
                found.append(f"a step's result is not on the page: {source!r}")
    return found


@pytest.fixture(scope="module")
def pages():
    return {path.stem: rendered(path) for path in NUMBERED}


@pytest.mark.parametrize("path", NUMBERED, ids=lambda p: p.stem)
def test_a_rendered_notebook_looks_finished(path, pages):
    assert problems(path, pages[path.stem]) == [], path.name


@pytest.mark.parametrize("stem", sorted(STEPS))
def test_the_done_when_notebooks_show_the_analysis(stem, pages):
    page = pages[stem]
    notebook = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    sources = [c.source for c in notebook.cells if c.cell_type == "code"]
    missing = [step for step in STEPS[stem] if not any(step in s for s in sources)]
    assert missing == [], f"{stem}: no cell with {missing}"
    headings = re.findall(r"<th[^>]*>([^<]*)</th>", page)
    assert "Quote" in headings, f"{stem}: no table of the figures it starts from, with quotes"
    assert "Holds" in headings, f"{stem}: no table of checks"
    assert "Figure id" in headings or stem == "09-fact-check", f"{stem}: no table of what the chart plots"
    assert page.count('<table class="referrals"') >= 3, f"{stem}: its tables are not HTML tables"


def test_the_checks_catch_what_a_reader_would_notice(pages):
    """Each problem, planted in a copy of a notebook's outputs, is reported."""
    path = ROOT / "notebooks" / "03-crime-types.ipynb"
    notebook = nbformat.read(path, as_version=4)
    step = next(c for c in notebook.cells if c.cell_type == "code" and "tables.add_up(" in c.source)
    step.outputs[0]["data"]["text/plain"] = "1787.0"
    found = problems_of(notebook)
    assert any("a count printed as a float" in p for p in found), found
    step.outputs = []
    assert any("a step with no result shown" in p for p in problems_of(notebook))
    step.outputs = [nbformat.v4.new_output("stream", text="x" * 121 + "\nNaN")]
    found = problems_of(notebook)
    assert any("characters" in p for p in found) and "NaN on the page" in found, found
    step.outputs = [nbformat.v4.new_output("error", ename="KeyError", evalue="x", traceback=[])]
    assert any("a traceback" in p for p in problems_of(notebook))


def problems_of(notebook) -> list[str]:
    import tempfile

    from nbconvert import HTMLExporter

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "copy.ipynb"
        nbformat.write(notebook, path)
        body, _ = HTMLExporter().from_notebook_node(notebook)
        return problems(path, body)
