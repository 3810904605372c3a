"""`make site`: a static, offline site of the executed notebooks.

nbconvert renders each notebook; before that, every chart output is replaced
by an interactive Vega view (the libraries are one local script, so the site
works from a folder or any static host with no network), a text description
of what it shows and its main numbers, and its data as an HTML table. Two
builds give identical files.
"""

from __future__ import annotations

import html
import json
import shutil
import sys
from pathlib import Path

import nbformat
import pandas as pd

from .errors import run_cli
from .export import VEGA_MIME, script_json, spec_title, vega_bundle
from .io import atomic_write_text, restore_cell
from .paths import project_root, relative

SITE_TITLE = "Police referrals of migrant victims of crime to immigration enforcement"

CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; color: #1a1a1a; margin: 0; line-height: 1.5; }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
header { border-bottom: 1px solid #ddd; padding-top: 12px; padding-bottom: 12px; }
header nav a { margin-right: 12px; }
a { color: #0057a0; }
pre { background: #f6f6f6; padding: 8px; overflow-x: auto; font-size: 12px; }
.jp-InputArea, .input_area { display: none; }
figure.chart { margin: 24px 0; border: 1px solid #e5e5e5; padding: 12px; overflow-x: auto; }
figure.chart figcaption { font-size: 14px; margin: 8px 0; }
table.data { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
table.data caption { text-align: left; font-weight: bold; margin-bottom: 4px; }
table.data th, table.data td { border: 1px solid #ccc; padding: 2px 8px; text-align: left; }
table.data td.num { text-align: right; }
.code-toggle summary { cursor: pointer; color: #555; }
footer { border-top: 1px solid #ddd; margin-top: 48px; padding-top: 12px; font-size: 13px; color: #555; }
"""

CHARTS_JS = """
(function () {
  document.querySelectorAll('.vega-chart').forEach(function (el) {
    var spec = JSON.parse(document.getElementById(el.getAttribute('data-spec-id')).textContent);
    vegaEmbed(el, spec, {renderer: 'svg', actions: false})
      .then(function () { el.setAttribute('data-rendered', 'true'); })
      .catch(function (err) { el.setAttribute('data-rendered', 'error'); console.error(err); });
  });
})();
"""


def _figure_table(root: Path, name: str) -> pd.DataFrame | None:
    for folder in (root / "figures", root / "output" / "fact-check"):
        path = folder / f"{name}.csv"
        if path.exists():
            return pd.read_csv(path, dtype=str, keep_default_na=False).map(restore_cell)
    return None


def _label_column(table: pd.DataFrame) -> str:
    return next((c for c in ("name", "label", "stage", "outlet") if c in table.columns), table.columns[0])


def describe(title: str, table: pd.DataFrame | None) -> str:
    """A sentence for screen readers: what the chart shows and its main numbers."""
    if table is None or table.empty or "value" not in table.columns:
        return f"{title}."
    label = _label_column(table)
    parts = []
    for _, row in table.head(12).iterrows():
        qualifier = row.get("qualifier", "")
        raw_value = str(row["value"])
        value = f"{int(float(raw_value)):,}" if raw_value.replace(".", "", 1).isdigit() else raw_value or "no number"
        prefix = f"{row['panel']}, " if "panel" in table.columns else ""
        parts.append(f"{prefix}{row[label]}: {'' if qualifier in ('exact', '', 'derived') else qualifier + ' '}{value}")
    more = f"; and {len(table) - 12} more rows in the table below" if len(table) > 12 else ""
    return f"{title}. " + "; ".join(parts) + more + "."


def table_html(table: pd.DataFrame | None, caption: str) -> str:
    if table is None:
        return ""
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in table.columns)
    rows = []
    for _, row in table.iterrows():
        cells = []
        for c in table.columns:
            v = str(row[c])
            numeric = v.replace(".", "", 1).replace("-", "", 1).isdigit()
            cells.append(f'<td class="num">{html.escape(v)}</td>' if numeric else f"<td>{html.escape(v)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = "".join(rows)
    caption_html = f"<caption>{html.escape(caption)}</caption>"
    return f'<table class="data">{caption_html}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def chart_block(root: Path, name: str, spec: dict) -> str:
    """An interactive chart (a Vega or Vega-Lite spec) with its description and data table."""
    title = spec_title(spec)
    table = _figure_table(root, name)
    desc = describe(title, table)
    return (
        f'<figure class="chart" id="figure-{name}">'
        f'<div class="vega-chart" role="img" aria-label="{html.escape(title)}" aria-describedby="desc-{name}" '
        f'data-spec-id="spec-{name}"></div>'
        f'<script type="application/json" id="spec-{name}">{script_json(spec)}</script>'
        f'<figcaption id="desc-{name}">{html.escape(desc)}</figcaption>'
        f"{table_html(table, 'Data behind the chart: ' + title)}</figure>"
    )


def prepare(nb, root: Path):
    """Replace each chart output with an interactive, described, tabulated figure; hide code inputs."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata.setdefault("tags", [])
        new_outputs = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if VEGA_MIME in data:
                name = out.get("metadata", {}).get("referrals", {}).get("figure") or "chart"
                block = chart_block(root, name, data[VEGA_MIME])
                new_outputs.append(nbformat.v4.new_output("display_data", data={"text/html": block}))
            else:
                new_outputs.append(out)
        cell.outputs = new_outputs
    return nb


def page(title: str, body: str, nav: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<title>{html.escape(title)}</title>\n<link rel="stylesheet" href="assets/site.css">\n</head>\n<body>\n'
        f'<header><nav aria-label="Site">{nav}</nav></header>\n<main>\n{body}\n</main>\n'
        "<footer>Rebuilt from published figures; every number names its source. Works offline: no file on this site "
        "loads anything from the network.</footer>\n"
        '<script src="assets/vega.js"></script>\n<script src="assets/charts.js"></script>\n</body>\n</html>\n'
    )


def _notebook_sources(root: Path) -> list[Path]:
    committed = sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    executed = [root / "output" / "notebooks" / p.name for p in committed]
    return executed if all(p.exists() for p in executed) else committed


def _first_heading(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "Notebook"


DATA_FILES = [
    ("data/raw", "*.csv"),
    ("data/raw", "MANIFEST.sha256"),
    ("data/processed", "*.csv"),
    ("claims", "*.csv"),
    ("output/fact-check", "ledger.csv"),
    ("output/fact-check", "report.md"),
]


def build(root: Path | None = None, out: Path | None = None) -> list[Path]:
    from nbconvert import HTMLExporter
    from pygments.formatters import HtmlFormatter

    root = root or project_root()
    out = out or root / "site"
    sources = _notebook_sources(root)
    if not sources:
        raise SystemExit("site: no notebooks found")
    if out.exists():
        shutil.rmtree(out)
    (out / "assets").mkdir(parents=True)
    written: list[Path] = []

    def write(rel: str, text: str) -> None:
        atomic_write_text(out / rel, text)
        written.append(out / rel)

    write("assets/vega.js", vega_bundle())
    write("assets/charts.js", CHARTS_JS.lstrip())
    write("assets/site.css", CSS.lstrip() + HtmlFormatter(style="default").get_style_defs(".highlight") + "\n")

    notebooks = [(p, nbformat.read(p, as_version=4)) for p in sources]
    links = [(p.stem + ".html", _first_heading(nb)) for p, nb in notebooks]
    nav = '<a href="index.html">Findings</a>' + "".join(
        f'<a href="{h}">{html.escape(t.split(" · ")[0])}</a>' for h, t in links
    )

    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        anchor_link_text="",
    )
    for (path, nb), (href, title) in zip(notebooks, links):
        nb.metadata.pop("papermill", None)
        body, _ = exporter.from_notebook_node(prepare(nb, root))
        source_link = f"<p>Notebook: <code>notebooks/{path.name}</code>. Executed with default parameters.</p>"
        write(href, page(f"{title} · {SITE_TITLE}", body + source_link, nav))

    data_links = []
    for folder, pattern in DATA_FILES:
        for f in sorted((root / folder).glob(pattern)):
            target = out / "data" / folder.split("/")[-1] / f.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)
            written.append(target)
            data_links.append(f'<li><a href="{relative(target, out)}">{html.escape(relative(target, out))}</a></li>')

    infographic = root / "figures" / "infographic.vl.json"
    info_block = chart_block(root, "infographic", json.loads(infographic.read_text())) if infographic.exists() else ""
    from . import registry
    from .sources import load_published

    lead = registry.build("headline", load_published()).summary()
    ledger = root / "output" / "fact-check" / "ledger.csv"
    verdicts = ""
    if ledger.exists():
        counts = pd.read_csv(ledger)["verdict"].value_counts()
        verdicts = (
            "<ul>" + "".join(f"<li>{html.escape(v)}: {int(n)}</li>" for v, n in counts.sort_index().items()) + "</ul>"
        )
    body = f"""
<h1>{html.escape(SITE_TITLE)}</h1>
<p>{html.escape(lead)} The figures come from a Home Office FOI release reported by The Detail and the Guardian.
This site rebuilds the investigation's figures from the published numbers; every chart names its source and period,
and the data behind it is in the table beneath.</p>
<h2>The infographic</h2>
{info_block}
<h2>The notebooks</h2>
<ol>{"".join(f'<li><a href="{h}">{html.escape(t)}</a></li>' for h, t in links)}</ol>
<h2>The fact-check ledger</h2>
<p>Every numeric claim the outlets published, recomputed with a plain verdict: see the
<a href="{links[-1][0]}">fact-check notebook</a>, the <a href="data/fact-check/ledger.csv">ledger (CSV)</a> and the
<a href="data/fact-check/report.md">report</a>.</p>
{verdicts}
<h2>The data</h2>
<p>Raw data (immutable, checksummed), processed tables and claims files:</p>
<ul>{"".join(data_links)}</ul>
"""
    write("index.html", page(SITE_TITLE, body, nav))
    return written


@run_cli
def main() -> int:
    written = build()
    root = project_root()
    print(f"site: wrote {len(written)} files to {relative(root / 'site', root)}/; open site/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
