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
