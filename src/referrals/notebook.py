"""Helpers the notebooks call, so that each notebook stays narrative, parameters and charts.

The parameter contract, identical in every notebook:

- the first code cell imports, then calls `nb.begin()`: every name the notebook has
  at that point is its baseline;
- the `parameters` cell, and the cell papermill injects after it, define names;
- the next cell calls `nb.check_parameters("<notebook>")`: every name defined or
  rebound since the baseline is a parameter given, and must be one the notebook
  declares (params.SPECS), with an allowed value.

Until that check, a kernel hook puts back any baseline name a parameter rebound
(`-p nb 1`, `-p __builtins__ 1`) and records it, so the check itself still runs and
refuses it by name instead of crashing. A user error (errors.UserError) raised in
any cell shows as one line, not a traceback, and is written to the file the runner
names in REFERRALS_ERROR_FILE, so the runner never has to parse error text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import params as _params
from .errors import UserError, report_user_error

#: Names IPython itself rebinds between cells (output and input history): never parameters.
_IPYTHON_HISTORY = re.compile(r"_{1,3}|_i{1,3}|_i?[0-9]+")
#: Names Python needs to run any cell; never parameters, put back whenever a cell rebinds them.
_DUNDER = re.compile(r"__\w+__")
_MISSING = object()


class _Phase:
    """The parameter phase of one kernel: the baseline and what parameters rebound."""

    baseline: dict[str, Any] = {}
    rebound: dict[str, Any] = {}


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to guard
        return None
    return get_ipython()


def begin() -> None:
    """Take the baseline and guard it until check_parameters; show user errors as one line."""
    shell = _shell()
    if shell is None:
        return
    _Phase.baseline = dict(shell.user_ns)
    _Phase.rebound = {}
    shell.set_custom_exc((UserError,), _show_user_error)
    _unregister(shell)
    shell.events.register("pre_run_cell", _restore_baseline)


def _unregister(shell) -> None:
    if _restore_baseline in shell.events.callbacks["pre_run_cell"]:
        shell.events.unregister("pre_run_cell", _restore_baseline)


def _restore_baseline(info=None) -> None:
    """Put back every baseline name a cell rebound (and any dunder name), recording the value given."""
    shell = _shell()
    if shell is None:
        return
    namespace = shell.user_ns
    for name, value in _Phase.baseline.items():
        current = namespace.get(name, _MISSING)
        if current is not value and not _IPYTHON_HISTORY.fullmatch(name):
            _Phase.rebound[name] = current
            namespace[name] = value
    for name in [n for n in namespace if _DUNDER.fullmatch(n) and n not in _Phase.baseline]:
        _Phase.rebound[name] = namespace.pop(name)


def _show_user_error(shell, etype, value, tb, tb_offset=None):
    """IPython's handler for user errors: report to the runner, show one line, no traceback."""
    report_user_error(value)
    line = f"{value.kind}: {value}"
    if hasattr(shell, "_showtraceback"):
        shell._showtraceback(etype, value, [line])
    else:  # pragma: no cover - every IPython shell the project uses has it
        print(line)
    return None


def given_parameters(namespace: dict[str, Any]) -> dict[str, Any]:
    """The names defined or rebound since begin(): new public and private names alike."""
    fresh = {
        k: v
        for k, v in namespace.items()
        if k not in _Phase.baseline and not _IPYTHON_HISTORY.fullmatch(k) and not _DUNDER.fullmatch(k)
    }
    return {**_Phase.rebound, **fresh}


def check_parameters(notebook: str, namespace: dict[str, Any] | None = None) -> dict[str, Any]:
    """Validate the parameters given since begin(); return them cleaned, merged over the defaults.

    Every name defined after the baseline counts, underscores included, so a misspelt
    `-p hightlight_force ...` or a stray `-p _anything 1` is refused rather than ignored.
    """
    shell = _shell()
    if shell is not None:
        _restore_baseline()
        _unregister(shell)
        namespace = shell.user_ns if namespace is None else namespace
    return _params.validate(notebook, given_parameters(namespace or {}))


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
