"""Writing each figure in every format, beside the CSV of exactly what it plots.

PNG (2x) and SVG come from vl-convert (no browser); the HTML page inlines the
Vega libraries so it works offline. Bytes are deterministic and writes atomic.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pandas as pd

from .errors import ParameterError
from .io import atomic_write_bytes, frame_csv_bytes
from .paths import figures_dir, project_root, relative

FORMATS = ("png", "svg", "html", "json", "csv")
#: JupyterLab 4 renders Vega 5 mime bundles; the Vega-Lite spec is compiled to Vega for it.
VEGA_MIME = "application/vnd.vega.v5+json"
#: Set by the runner: every file written is logged here, so the build knows its outputs.
OUTPUT_LOG_ENV = "REFERRALS_OUTPUT_LOG"


def spec_of(chart) -> dict:
    """The chart's Vega-Lite spec as plain JSON (deterministic: datasets are named by content)."""
    return json.loads(chart.to_json(validate=True))


def _vl_version(spec: dict) -> str:
    url = spec.get("$schema", "")
    version = url.rsplit("/v", 1)[-1].replace(".json", "")
    major_minor = ".".join(version.split(".")[:2])
    return major_minor or "6.4"


def render(spec: dict, fmt: str) -> bytes:
    import vl_convert as vlc

    version = _vl_version(spec)
    if fmt == "png":
        return vlc.vegalite_to_png(spec, vl_version=version, scale=2)
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec, vl_version=version).encode("utf-8")
    if fmt == "html":
        return vlc.vegalite_to_html(spec, vl_version=version, bundle=True).encode("utf-8")
    if fmt == "json":
        return (json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    raise ValueError(fmt)


def compile_to_vega(spec: dict) -> dict:
    import vl_convert as vlc

    return vlc.vegalite_to_vega(spec, vl_version=_vl_version(spec))


def resolve_output_dir(output_dir: str | os.PathLike | None) -> Path:
    if not output_dir:
        return figures_dir()
    path = Path(output_dir)
    return path if path.is_absolute() else project_root() / path


def _log(paths: list[Path]) -> None:
    log = os.environ.get(OUTPUT_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            for p in paths:
                fh.write(str(Path(p).resolve()) + "\n")


def save_figure(chart, name: str, data: pd.DataFrame, output_dir=None, formats=FORMATS) -> list[Path]:
    """Write `name.<fmt>` for each format into the output folder; return the paths written."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ParameterError(f"parameter formats: {unknown} not allowed; allowed: {', '.join(FORMATS)}")
    directory = resolve_output_dir(output_dir)
    spec = spec_of(chart)
    outputs: dict[Path, bytes] = {}
    for fmt in formats:
        path = directory / (f"{name}.vl.json" if fmt == "json" else f"{name}.{fmt}")
        outputs[path] = frame_csv_bytes(data) if fmt == "csv" else render(spec, fmt)
    for path, payload in outputs.items():
        atomic_write_bytes(path, payload)
    _log(list(outputs))
    return list(outputs)


def log_written(paths) -> None:
    """Record files written by other means (processed tables, ledgers) as build outputs."""
    _log([Path(p) for p in paths])


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
    display(bundle, raw=True, metadata={"image/png": {"width": 720}})


def describe_outputs(paths: list[Path]) -> str:
    """A stable, root-relative list of the files written, for the notebook's text output."""
    return "\n".join(sorted(relative(p) for p in paths))
