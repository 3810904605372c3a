"""Writing each figure in every format, beside the CSV of exactly what it plots.

PNG (2x) and SVG come from vl-convert (no browser); the HTML page inlines the
Vega libraries so it works offline. Bytes are deterministic and writes atomic.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from . import escaping, staging
from .csvfiles import frame_csv_bytes
from .errors import ParameterError
from .params import FORMATS
from .paths import project_root, relative, resolve_output

if TYPE_CHECKING:
    import pandas as pd

#: JupyterLab 4 renders Vega 5 mime bundles; the Vega-Lite spec is compiled to Vega for it.
VEGA_MIME = "application/vnd.vega.v5+json"


#: Each chart's validated spec, by chart object (kept alive with it): a notebook shows, then saves, the same
#: chart, and Altair's validation against the Vega-Lite schema is the costliest step of a large chart.
_SPECS: dict[int, tuple[object, str]] = {}


def spec_of(chart) -> dict:
    """The chart's Vega-Lite spec as plain JSON (deterministic: datasets are named by content), validated once."""
    cached = _SPECS.get(id(chart))
    if cached is None or cached[0] is not chart:
        if len(_SPECS) > 64:
            _SPECS.clear()
        cached = _SPECS[id(chart)] = (chart, chart.to_json(validate=True))
    return json.loads(cached[1])


def _vl_version(spec: dict) -> str:
    url = spec.get("$schema", "")
    version = url.rsplit("/v", 1)[-1].replace(".json", "")
    major_minor = ".".join(version.split(".")[:2])
    return major_minor or "6.4"


_RENDERED: dict[tuple[str, str], bytes] = {}


def render(spec: dict, fmt: str) -> bytes:
    """One format's bytes, rendered once per spec and process (a notebook shows, then saves, a chart)."""
    key = (hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest(), fmt)
    if key not in _RENDERED:
        if len(_RENDERED) > 64:
            _RENDERED.clear()
        _RENDERED[key] = _render(spec, fmt)
    return _RENDERED[key]


def _render(spec: dict, fmt: str) -> bytes:
    import vl_convert as vlc

    version = _vl_version(spec)
    if fmt == "png":
        return vlc.vegalite_to_png(spec, vl_version=version, scale=2)
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec, vl_version=version).encode("utf-8")
    if fmt == "html":
        return standalone_html(spec).encode("utf-8")
    if fmt == "json":
        return (json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    raise ValueError(fmt)


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script (from vl-convert), cached on disk.

    Bundling costs over a second per process; the bundle depends only on the
    vl-convert version, so it is built once into output/.cache/ and reused.
    """
    import vl_convert as vlc

    version = getattr(vlc, "__version__", "unknown")
    cache = project_root() / "output" / ".cache" / f"vega-bundle-vl-convert-{version}.js"
    if cache.exists():
        return cache.read_text(encoding="utf-8")
    bundle = vlc.javascript_bundle()
    staging.write_file(cache, bundle.encode("utf-8"))
    return bundle


def spec_title(spec: dict) -> str:
    """A chart's own title, found depth-first in a Vega-Lite or Vega spec (source lines, at the bottom, skipped)."""

    def find(node):
        if isinstance(node, dict):
            title = node.get("title")
            if isinstance(title, dict) and title.get("orient") != "bottom" and title.get("text"):
                text = title["text"]
                return " ".join(text) if isinstance(text, list) else str(text)
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            return None
        return next((t for t in map(find, children) if t), None)

    return find(spec) or "Chart"


def script_json(data) -> str:
    """JSON that is safe inside a <script> element (escaping.script_json), keys sorted so bytes are stable."""
    return escaping.script_json(data, sort_keys=True)


def standalone_html(spec: dict, table_html: str = "") -> str:
    """A self-contained page: the Vega libraries inlined, so it works offline from any folder. Its title (the chart's,
    which may name a release's file) is escaped as HTML, and its spec as JSON inside a <script>."""
    title = escaping.html_text(escaping.chart_text(spec_title(spec)))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px;color:#1a1a1a}</style>\n"
        f"<script>{vega_bundle()}</script>\n</head>\n<body>\n"
        f'<div id="chart" role="img" aria-label="{title}"></div>\n'
        f'<script type="application/json" id="spec">{script_json(spec)}</script>\n'
        "<script>vegaEmbed('#chart', JSON.parse(document.getElementById('spec').textContent), "
        "{renderer: 'svg', actions: false}).catch(function (e) { console.error(e); });</script>\n"
        f"{table_html}</body>\n</html>\n"
    )


def compile_to_vega(spec: dict) -> dict:
    import vl_convert as vlc

    return vlc.vegalite_to_vega(spec, vl_version=_vl_version(spec))


def resolve_output_dir(output_dir: str | os.PathLike) -> Path:
    """The folder for a chart's or ledger's files: inside output/ or figures/ (see paths.resolve_output)."""
    return resolve_output(output_dir, "output folder")


def figure_file(directory: Path, name: str, fmt: str) -> Path:
    return directory / (f"{name}.vl.json" if fmt == "json" else f"{name}.{fmt}")


def save_figure(chart, name: str, data: pd.DataFrame, output_dir="figures", formats=FORMATS) -> list[Path]:
    """Write `name.<fmt>` for each format into the output folder, as one set; return the paths.

    The set is all or nothing (staging.write_set): every format is rendered first, then the files
    are swapped in together, and a format not asked for is removed, so that a figure's files never
    mix two versions of the chart.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ParameterError(f"parameter formats: {unknown} not allowed; allowed: {', '.join(FORMATS)}")
    directory = resolve_output_dir(output_dir)
    spec = spec_of(chart)
    outputs = {
        figure_file(directory, name, fmt): frame_csv_bytes(data) if fmt == "csv" else render(spec, fmt)
        for fmt in formats
    }
    stale = [figure_file(directory, name, fmt) for fmt in FORMATS if fmt not in formats]
    return staging.write_set(outputs, deletions=stale)


def show(chart, name: str = ""):
    """Display a chart with a static PNG (for code hosts) and its interactive spec (for JupyterLab).

    nbval never compares PNGs, so notebooks also print the plotted table as text.
    """
    from IPython.display import display

    spec = spec_of(chart)
    bundle = {
        "image/png": base64.b64encode(render(spec, "png")).decode("ascii"),
        VEGA_MIME: compile_to_vega(spec),
        "text/plain": f"<chart {name}: interactive in JupyterLab and on the site; the numbers are in the table below>",
    }
    display(bundle, raw=True, metadata={"image/png": {"width": 720}, "referrals": {"figure": name}})


def describe_outputs(paths: list[Path]) -> str:
    """A stable, root-relative list of the files written, for the notebook's text output."""
    return "\n".join(sorted(relative(p) for p in paths))
