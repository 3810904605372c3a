"""Notebook parameters: their defaults, what each allows, and validation before any work.

papermill only warns about unknown parameter names; this module refuses them,
and every bad value gets one message naming the parameter, the value and what
is allowed. It accepts the shapes papermill produces: strings from `-p`,
date objects from YAML, comma-separated lists.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import DataError, ParameterError
from .months import is_month
from .text import shown

FORMATS = ("png", "svg", "html", "json", "csv")
EARLIEST, LATEST = "2018-01", "2030-12"


def _month(name: str, value: Any) -> str:
    """Strictly 'YYYY-MM' text: '2020-05-45' is no month, and a date object would hide its day; empty is the
    figure's own period."""
    if value is None or value == "":
        return ""
    if not is_month(value):
        raise ParameterError(
            f"parameter {name}: value {shown(value)} is not a month; allowed: YYYY-MM text (e.g. 2021-06)"
        )
    if not EARLIEST <= value <= LATEST:
        raise ParameterError(f"parameter {name}: value {shown(value)} is outside {EARLIEST}..{LATEST}")
    return value


def _list(name: str, value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value]
    raise ParameterError(f"parameter {name}: value {shown(value)} must be a list (or comma-separated text)")


def _int(name: str, value: Any, low: int, high: int | None = None) -> int:
    """A whole number, as an int or as ASCII digits ('３' and '2.0' are refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ParameterError(f"parameter {name}: value {shown(value)} must be a whole number")
    if isinstance(value, str) and not re.fullmatch(r"[+-]?[0-9]+", value.strip()):
        raise ParameterError(f"parameter {name}: value {shown(value)} must be a whole number")
    number = int(value)
    if number < low or (high is not None and number > high):
        allowed = f"{low} to {high}" if high is not None else f"{low} or more"
        raise ParameterError(f"parameter {name}: value {shown(value)} is out of range; allowed: {allowed}")
    return number


def _crime_types(name: str, value: Any) -> list[str]:
    from . import vocab

    v = vocab.crime_types()
    allowed = vocab.foi_crime_types()
    out = []
    for item in _list(name, value):
        try:
            ct = v.resolve(item)
        except DataError:
            raise ParameterError(
                f"parameter {name}: value {shown(item)} is not a crime type{v.suggest(item)}; "
                f"allowed: {', '.join(allowed)}"
            ) from None
        if ct not in allowed:
            raise ParameterError(
                f"parameter {name}: value {shown(item)} is not one of the nine FOI categories; "
                f"allowed: {', '.join(allowed)}"
            )
        if ct in out:
            raise ParameterError(f"parameter {name}: value {shown(item)} is listed twice")
        out.append(ct)
    return out


def _force(name: str, value: Any) -> str:
    from . import vocab

    if value in (None, ""):
        return ""
    f = vocab.forces()
    try:
        return f.resolve(str(value))
    except DataError:
        raise ParameterError(
            f"parameter {name}: value {shown(value)} is not a UK police force{f.suggest(str(value))}"
        ) from None


def _required_force(name: str, value: Any) -> str:
    force = _force(name, value)
    if not force:
        raise ParameterError(f"parameter {name}: a force is needed (by id, name or alias, e.g. 'Kent')")
    return force


def _choice(options: tuple[str, ...]) -> Callable[[str, Any], str]:
    def check(name: str, value: Any) -> str:
        if str(value) not in options:
            raise ParameterError(f"parameter {name}: value {shown(value)} not allowed; allowed: {', '.join(options)}")
        return str(value)

    return check


def _formats(name: str, value: Any) -> list[str]:
    items = _list(name, value)
    bad = [i for i in items if i not in FORMATS]
    if bad or not items:
        raise ParameterError(
            f"parameter {name}: value {shown(value)} not allowed; allowed: a non-empty list of {', '.join(FORMATS)}"
        )
    return list(dict.fromkeys(items))


def _output_dir(name: str, value: Any) -> str:
    """A folder under output/ (or figures/), as a project-relative path; see paths.resolve_output."""
    from .paths import project_root, resolve_output

    root = project_root()
    return resolve_output(value, f"parameter {name}", root).relative_to(root).as_posix()


def _paths(name: str, value: Any) -> list[str]:
    from .paths import project_root

    items = _list(name, value)
    if not items:
        raise ParameterError(f"parameter {name}: value {shown(value)} must name at least one file")
    for item in items:
        path = Path(item) if Path(item).is_absolute() else project_root() / item
        if not path.is_file():
            raise ParameterError(
                f"parameter {name}: file {shown(item)} not found (paths are relative to the project root)"
            )
    return items


@dataclass(frozen=True)
class Param:
    default: Any
    check: Callable[[str, Any], Any]
    help: str


PERIOD = {
    "period_start": Param(
        "",
        _month,
        "first month shown (YYYY-MM); empty for the figure's own period; only figures whose whole period lies inside",
    ),
    "period_end": Param("", _month, "last month shown (YYYY-MM); empty for the figure's own period"),
}
OUTPUT = {
    "output_dir": Param("figures", _output_dir, "folder for the exported figures, relative to the project root"),
    "formats": Param(list(FORMATS), _formats, f"export formats, any of {', '.join(FORMATS)}"),
}

#: Parameters a figure can declare in the registry (beyond its period and output), by name.
FIGURE_PARAMS = {
    "crime_types": Param([], _crime_types, "crime types to show, in order (names or aliases); empty for all"),
    "sort": Param(
        "value", _choice(("value", "given")), "'value' sorts bars largest first; 'given' keeps the crime_types order"
    ),
    "top_forces": Param(
        "",
        lambda n, v: None if v in ("", None) else _int(n, v, 0),
        "how many itemised forces to show, largest first (empty: all the data itemise; the rest join the remainder)",
    ),
    "highlight_force": Param("", _force, "a force to highlight, by name or alias (e.g. 'West Midlands', 'Met')"),
}


RELEASE_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv", ".pdf")


def release_file(name: str, value: Any) -> str:
    """A Home Office release to draw from: a file inside or outside the project, relative to the project root.
    Its absolute path ('' for none)."""
    from .paths import project_root

    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise ParameterError(f"parameter {name}: value {shown(value)} must be a path to a release file")
    path = Path(value) if Path(value).is_absolute() else project_root() / value
    if not path.is_file():
        raise ParameterError(
            f"parameter {name}: file {shown(value)} not found (paths are relative to the project root)"
        )
    if path.suffix.lower() not in RELEASE_SUFFIXES:
        allowed = ", ".join(RELEASE_SUFFIXES)
        raise ParameterError(f"parameter {name}: file {shown(value)} is not a release; allowed: {allowed}")
    return str(path.resolve())


RELEASE = {
    "release": Param(
        "",
        release_file,
        "a Home Office FOI release (.xlsx, .ods, .csv or a PDF letter) to draw from instead of the published figures",
    )
}


def _figure_spec(groups) -> dict[str, Param]:
    spec: dict[str, Param] = {}
    for group in groups:
        spec.update(PERIOD if group == "period" else {group: FIGURE_PARAMS[group]})
    return {**spec, **RELEASE, **OUTPUT}


def _specs() -> dict[str, dict[str, Param]]:
    """Every notebook's parameters: the figure notebooks' come from the registry."""
    from . import registry

    specs = {
        "01-data": {
            **RELEASE,
            "output_dir": Param(
                "output/release", _output_dir, "folder for the release's tidy table and cross-check (with a release)"
            ),
        }
    }
    specs.update({f.notebook: _figure_spec(f.params) for f in registry.FIGURES})
    specs[registry.INFOGRAPHIC.notebook] = _figure_spec(registry.INFOGRAPHIC.params)
    specs["force-page"] = {
        "force": Param("metropolitan", _required_force, "the force the page is about, by id, name or alias"),
        **RELEASE,
        "output_dir": Param("output/forces", _output_dir, "folder for the pages (the batch's)"),
    }
    specs[registry.FACT_CHECK.notebook] = {
        "claims_files": Param(
            ["claims/published-claims.csv", "claims/follow-up-reporting.csv"],
            _paths,
            "claims files to check (CSV; see claims/README.md)",
        ),
        **RELEASE,
        "output_dir": Param(
            "output/fact-check", _output_dir, "folder for ledger.csv, report.md and the outlet comparison chart"
        ),
        "formats": Param(list(FORMATS), _formats, "export formats for the comparison chart"),
    }
    return specs


def __getattr__(name: str):
    if name == "SPECS":  # built on first use: the registry imports the chart libraries
        return _specs()
    raise AttributeError(name)


#: Parameters that name input files: their contents are inputs of the notebook (see incremental.notebook_inputs).
FILE_PARAMETERS = ("claims_files", "release")


def parameter_files(values: dict[str, Any]) -> list[str]:
    """The files a notebook's parameter values name (claims files, an FOI release), as given."""
    files: list[str] = []
    for name in FILE_PARAMETERS:
        if values.get(name):
            files += _list(name, values[name])
    return files


def spec(notebook: str) -> dict[str, Param]:
    key = Path(notebook).stem
    specs = _specs()
    if key not in specs:
        raise ParameterError(f"notebook {notebook!r} is not one of: {', '.join(specs)}")
    return specs[key]


def defaults(notebook: str) -> dict[str, Any]:
    return {k: p.default for k, p in spec(notebook).items()}


def validate(notebook: str, values: dict[str, Any]) -> dict[str, Any]:
    """Check names and values; return the cleaned values merged over the defaults."""
    params = spec(notebook)
    unknown = [k for k in values if k not in params]
    if unknown:
        name = unknown[0]
        close = difflib.get_close_matches(name, list(params), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ParameterError(
            f"parameter {name}: unknown for notebook {Path(notebook).stem}{hint}; allowed: {', '.join(params)}"
        )
    merged = {**defaults(notebook), **values}
    cleaned = {k: params[k].check(k, v) for k, v in merged.items()}
    start, end = cleaned.get("period_start"), cleaned.get("period_end")
    if start and end and start > end:
        raise ParameterError(
            f"parameter period_end: value {cleaned['period_end']!r} is before period_start "
            f"{cleaned['period_start']!r}; allowed: a month on or after period_start"
        )
    _figures_hold_the_default_build(notebook, cleaned)
    return cleaned


def _figures_hold_the_default_build(notebook: str, cleaned: dict[str, Any]) -> None:
    """figures/ is the committed default build: a chart with other parameters must not overwrite it."""
    if cleaned.get("output_dir") != "figures" or cleaned.get("release"):
        return  # a release's figures go to output/release/figures instead (notebook.output_dir)
    params = spec(notebook)
    changed = [k for k, p in params.items() if k != "output_dir" and cleaned[k] != p.check(k, p.default)]
    default = params["output_dir"].default
    if changed or default != "figures":
        reason = f"{', '.join(changed)} not the default" if changed else f"the default build writes to {default}"
        raise ParameterError(
            f"parameter output_dir: value 'figures' holds the default build only ({reason}); choose a folder "
            f"under output/, e.g. output/runs/{Path(notebook).stem}"
        )


def describe(notebook: str) -> str:
    """The parameter table for a notebook, as docs/reporters.md and `--help-params` show it."""
    rows = [f"  {k} = {p.default!r}: {p.help}" for k, p in spec(notebook).items()]
    return "\n".join(rows)
