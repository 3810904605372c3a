"""Helpers the notebooks call, so that each notebook stays narrative, parameters and charts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import params as _params


def check_parameters(notebook: str, namespace: dict[str, Any], baseline: set[str]) -> dict[str, Any]:
    """Validate the names the parameters cell (and papermill's injected cell) defined.

    Every public name defined after `baseline` was taken counts as a parameter,
    so a misspelt `-p hightlight_force ...` is refused rather than ignored.
    """
    given = {k: v for k, v in namespace.items() if k not in baseline and not k.startswith("_")}
    try:
        return _params.validate(notebook, given)
    except _params.ParameterError as exc:
        # One line, no traceback noise in the notebook: the message is the error.
        raise _params.ParameterError(str(exc)) from None


def load():
    """The published figures as built into data/processed/ by notebook 01."""
    from .sources import load_published

    return load_published()


def print_table(frame, columns: list[str] | None = None) -> None:
    """Print a table as plain text, so that nbval compares the plotted numbers."""
    shown = frame[columns] if columns else frame
    print(shown.to_string(index=False))


def print_written(paths: list[Path]) -> None:
    from .export import describe_outputs

    print("Wrote:\n" + describe_outputs(paths))


def _figure_params(P: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in P.items() if k not in ("output_dir", "formats")}


def figure(name: str, P: dict[str, Any]):
    """Build a figure from the registry with the notebook's (validated) parameters."""
    from . import registry

    data = load()
    if name == registry.INFOGRAPHIC["name"]:
        return registry.build_infographic(data, _figure_params(P))
    return registry.build(name, data, _figure_params(P))


def narrative(built) -> None:
    """The figure's finding and the notes on its data, as Markdown computed from the data."""
    from IPython.display import Markdown, display

    display(Markdown(built.summary() + "\n\n" + data_notes(built)))


def data_notes(built) -> str:
    """The notes the data carry on the figures a chart uses (derivations, limits), as a Markdown list."""
    data = load()
    notes = []
    for fid in built.figure_ids:
        match = data.figures[data.figures["figure_id"] == fid]
        note = str(match.iloc[0].get("notes", "")) if not match.empty else ""
        if note and note not in notes:
            notes.append(note)
    return "\n".join(f"- {n}" for n in notes) if notes else ""


def show(built) -> None:
    from .export import show as show_chart

    show_chart(built.chart, built.name)


def save(built, P: dict[str, Any]) -> list[Path]:
    """Write the figure in every requested format, beside the CSV of exactly what it plots."""
    from .export import save_figure

    written = save_figure(built.chart, built.name, built.table, P["output_dir"], P["formats"])
    print_written(written)
    return written
