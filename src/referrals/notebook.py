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

import html
import json
import math
import os
import re
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import params as _params
from .errors import ERROR_FILE_ENV, UserError
from .escaping import md_text
from .staging import write_text

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


def report_user_error(exc: UserError) -> None:
    """Write a user error to the runner's error file as {"kind": ..., "message": ...} (no-op outside the runner)."""
    path = os.environ.get(ERROR_FILE_ENV)
    if path:
        write_text(Path(path), json.dumps({"kind": exc.kind, "message": str(exc)}))


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


#: What a table shows for a value nobody published (never NaN, None or an empty cell).
NOT_PUBLISHED = "not published"
#: The widest line a table's text takes, and its widest cell before the text wraps.
TEXT_WIDTH, CELL_WIDTH = 120, 40
#: A page wraps cells, so its tables split only when wider than this (in the same characters).
HTML_WIDTH = 160


def _cell_text(value, missing: str) -> str:
    """A table cell as a reader reads it: a count as 2,672 (never 2672.0), a share as 29.38%, a missing value in
    words."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return missing
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, int | np.integer) or (isinstance(value, float | np.floating) and float(value).is_integer()):
        return f"{int(value):,}"
    if isinstance(value, float | np.floating):
        return f"{float(value):,.4f}".rstrip("0")
    return str(value)


def _heading(column: str) -> str:
    return str(column).replace("_", " ").capitalize()


class Table:
    """A table as a notebook shows it: HTML for people, and the same cells as text for nbval, which compares every
    number. Counts are whole ('2,672'), shares show as per cent ('29.38%'), missing values in words; a table wider
    than TEXT_WIDTH characters is split into several, each repeating the first column."""

    def __init__(self, frame: pd.DataFrame, columns: list[str] | None = None, missing: str = NOT_PUBLISHED):
        frame = getattr(frame, "table", frame)
        frame = frame[list(columns)] if columns else frame
        shares = [c for c in frame.columns if str(c).startswith("share")]
        self.headings = [_heading(c) for c in frame.columns]
        self.rows = [
            [
                (f"{value * 100:.2f}%" if column in shares and _cell_text(value, "") else _cell_text(value, missing))
                for column, value in zip(frame.columns, row, strict=True)
            ]
            for row in frame.itertuples(index=False)
        ]
        self.numeric = [
            bool(frame[c].map(lambda v: isinstance(v, int | float | np.number) and not isinstance(v, bool)).all())
            and not frame.empty
            for c in frame.columns
        ]

    def _widths(self) -> list[int]:
        return [max([len(h), *(min(len(r[i]), CELL_WIDTH) for r in self.rows)]) for i, h in enumerate(self.headings)]

    def parts(self, width: int = TEXT_WIDTH) -> list[list[int]]:
        """The columns of each table the wide one is split into: the first column, then as many as fit in `width`
        characters."""
        widths = self._widths()
        groups: list[list[int]] = []
        for i in range(1, len(widths)) or [0]:
            if groups and sum(widths[j] + 2 for j in groups[-1]) + widths[i] <= width:
                groups[-1].append(i)
            else:
                groups.append([0, i] if i else [0])
        return groups

    def __repr__(self) -> str:
        widths = self._widths()
        blocks = []
        for group in self.parts():
            lines = ["  ".join(self.headings[i].ljust(widths[i]) for i in group).rstrip()]
            for row in self.rows:
                wrapped = {i: textwrap.wrap(row[i], CELL_WIDTH) or [""] for i in group}
                for n in range(max(len(w) for w in wrapped.values())):
                    cells = [
                        (wrapped[i][n] if n < len(wrapped[i]) else "").rjust(widths[i])
                        if self.numeric[i]
                        else (wrapped[i][n] if n < len(wrapped[i]) else "").ljust(widths[i])
                        for i in group
                    ]
                    lines.append("  ".join(cells).rstrip())
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def _repr_html_(self) -> str:
        out = []
        for group in self.parts(HTML_WIDTH):
            head = "".join(
                f'<th style="text-align: {"right" if self.numeric[i] else "left"}">{html.escape(self.headings[i])}</th>'
                for i in group
            )
            body = "".join(
                "<tr>"
                + "".join(
                    f'<td style="text-align: {"right" if self.numeric[i] else "left"}">{html.escape(row[i])}</td>'
                    for i in group
                )
                + "</tr>"
                for row in self.rows
            )
            out.append(f'<table class="referrals"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')
        return "\n".join(out)


def table(frame, columns: list[str] | None = None, missing: str = NOT_PUBLISHED) -> Table | None:
    """A table to show (the last line of a cell): a DataFrame, or a built figure's plotted table; None (nothing
    shown) for a figure the data could not draw."""
    return None if frame is None else Table(frame, columns, missing)


def print_table(frame, columns: list[str] | None = None) -> None:
    """Show a table (HTML, with its cells as text for nbval); nothing for None."""
    if frame is not None:
        from IPython.display import display

        display(table(frame, columns))


def data(P: dict[str, Any]):
    """The figures the notebook draws from: the published figures, or the release given, turned into counts."""
    release = release_data(P)
    if release is None:
        return load()
    from .release import evidence

    return evidence.as_raw(release, load())


def figure_ids(name: str, P: dict[str, Any]) -> dict[str, str]:
    """The figures a figure starts from, by role ({"total": "detail_total"}): the published ones, or, given a
    release, the release's (the published ones for a figure no release can draw)."""
    from . import registry

    entry = registry.get(name)
    from_release = release_data(P) is not None and entry.draws_from(registry.RELEASE)
    return dict(entry.release_ids if from_release else entry.figure_ids)


#: The words a quote in a table keeps, at most (the house style's limit).
QUOTE_WORDS = 25


def short_quote(text: str, words: int = QUOTE_WORDS) -> str:
    """A source's words, cut to at most `words` words with an ellipsis, in curly quotes; empty for none."""
    from .writing import quote

    text = str(text or "").strip()
    if not text:
        return ""
    kept = text.split()
    return quote(" ".join(kept[:words]) + (" \u2026" if len(kept) > words else ""))


def starting_figures(raw, figure_ids) -> Table:
    """The published figures an analysis starts from: what each counts, its value, who published it, and a short
    quote of the source's words (a release's figures have no quote)."""
    from . import tables, writing

    ids = list(dict.fromkeys(figure_ids))
    figures = tables.named(raw, raw.figures.set_index("figure_id", drop=False).loc[ids])
    rows = []
    for fid, f in figures.iterrows():
        rows.append(
            {
                "figure": writing.figure_label(f["description"], f["name"] if str(f.get("part_of") or "") else ""),
                "value": f["value"],
                "qualifier": f["qualifier"],
                "source": writing.outlet(tables.outlet(raw, fid)),
                "quote": short_quote(f.get("quote", "")),
            }
        )
    return Table(pd.DataFrame(rows, columns=["figure", "value", "qualifier", "source", "quote"]))


def claims(result) -> Table:
    """The claims a ledger read, as the outlets printed them: who, their words (at most 25) and the number."""
    from .writing import outlet

    frame = result.table
    return Table(
        pd.DataFrame(
            {
                "outlet": frame["outlet"].map(lambda o: outlet(str(o))),
                "claim": frame["quote"].map(short_quote),
                "claimed": frame["claimed"],
            }
        )
    )


def verdicts(result) -> Table:
    """Count: how many claims got each verdict, in the verdict words readers see ('Wrong', 'Correct')."""
    from .compare import VERDICTS
    from .writing import verdict_word

    counted = result.table["verdict"].value_counts()
    return Table(
        pd.DataFrame(
            [{"verdict": verdict_word(v), "claims": int(counted.get(v, 0))} for v in VERDICTS],
            columns=["verdict", "claims"],
        )
    )


def checks(*rows: tuple) -> Table:
    """What holds the analysis, as a table of results: (words, left, right) holds when left equals right;
    (words, condition) when the condition is true; a condition of None was not checked (no figure drawn)."""
    out = []
    for words, *values in rows:
        if len(values) == 2:
            left, right = values
            shown, holds = f"{_cell_text(left, NOT_PUBLISHED)} and {_cell_text(right, NOT_PUBLISHED)}", left == right
        else:
            shown, holds = "", values[0]
        out.append({"check": words, "numbers": shown, "holds": "not checked" if holds is None else bool(holds)})
    return Table(pd.DataFrame(out, columns=["check", "numbers", "holds"]), missing="")


def print_written(paths: list[Path]) -> None:
    from .export import describe_outputs

    print("Wrote:\n" + describe_outputs(paths))


def _figure_params(P: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in P.items() if k not in ("output_dir", "formats", "release")}


_RELEASES: dict[str, Any] = {}


def release_data(P: dict[str, Any]):
    """The release the notebook draws from (loaded once per kernel), or None for the published figures."""
    path = P.get("release") or ""
    if not path:
        return None
    if path not in _RELEASES:
        from .release import evidence

        _RELEASES[path] = evidence.load(path, load().directory)
    return _RELEASES[path]


def figure(name: str, P: dict[str, Any]):
    """Build a figure from the registry with the notebook's (validated) parameters: from the published figures, or
    from the release when one is given. None (with the reason shown) when the data cannot draw it."""
    from . import registry

    data, release = load(), release_data(P)
    options = {}
    if release is not None:
        from .release import evidence

        data = evidence.as_raw(release, data)
        options = {"release": True, "label": "SYNTHETIC" if release.release.synthetic else ""}
    try:
        if name == registry.INFOGRAPHIC.name:
            return registry.build_infographic(data, _figure_params(P), **options)
        return registry.build(name, data, _figure_params(P), **options)
    except registry.NotInThisData as exc:
        _say(f"**Not drawn:** {md_text(exc)}. " + _where_instead(name, release is not None))
        return None


def _where_instead(name: str, from_release: bool) -> str:
    from . import registry

    published = name == registry.INFOGRAPHIC.name or "published" in registry.get(name).modes
    if from_release:
        return "It is drawn from the published figures in the default build (`make figures`)." if published else ""
    return "Give a Home Office release (`make figures RELEASE=path`, or the `release` parameter) to draw it."


def _say(markdown: str) -> None:
    from IPython.display import Markdown, display

    display(Markdown(markdown))


def narrative(built) -> None:
    """The figure's finding and the notes on its data, as Markdown computed from the data (escaped: the data's
    words, and a release's file name and notes, show as written, never as markup)."""
    if built is not None:
        _say(md_text(built.summary()) + "\n\n" + data_notes(built))


def data_notes(built) -> str:
    """The notes the data carry on the figures a chart uses (derivations, limits), as a Markdown list (escaped)."""
    data = load()
    notes = [built.text.note] if built.text.note else []
    for fid in built.figure_ids:
        match = data.figures[data.figures["figure_id"] == fid]
        note = str(match.iloc[0].get("notes", "")) if not match.empty else ""
        if note and note not in notes:
            notes.append(note)
    return "\n".join(f"- {md_text(n)}" for n in notes) if notes else ""


def show(built) -> None:
    from .export import show as show_chart

    if built is not None:
        show_chart(built.chart, built.name)


#: Where figures drawn from a release go when no folder is given: never over the committed figures/.
RELEASE_FIGURES = "output/release/figures"


def output_dir(P: dict[str, Any]) -> str:
    """The folder a notebook writes to; with a release, never figures/ (that holds the published figures)."""
    folder = P["output_dir"]
    if P.get("release") and Path(str(folder)).parts[:1] in (("figures",), ()):
        return RELEASE_FIGURES
    return folder


def save(built, P: dict[str, Any]) -> list[Path]:
    """Write the figure in every requested format, beside the CSV of exactly what it plots."""
    from .export import save_figure

    if built is None:
        return []
    written = save_figure(built.chart, built.name, built.table, output_dir(P), P["formats"])
    print_written(written)
    return written


def ledger(P: dict[str, Any]):
    """The fact-check ledger for the notebook's claims files."""
    from .ledger import run_ledger

    return run_ledger(P["claims_files"], load(), release_data(P))


def ledger_summary(result) -> None:
    """The ledger's findings in sentences, as Markdown computed from the verdicts."""
    from IPython.display import Markdown, display

    from .ledger import summary_markdown

    display(Markdown(summary_markdown(result)))


def fact_check_chart(result, P: dict[str, Any]):
    """The claims chart (built from the ledger's chart table): its configured chart and that table. Marked
    SYNTHETIC when a synthetic release was held against the claims."""
    from . import charts, style
    from .ledger import chart_table

    data, release = load(), release_data(P)
    marker = "SYNTHETIC" if release is not None and release.release.synthetic else ""
    table = chart_table(result, data)
    return style.configure(charts.fact_check_chart(table, data, marker=marker)), table


def show_chart(chart, name: str) -> None:
    from .export import show as show_spec

    show_spec(chart, name)


def write_ledger(result, chart, chart_data, P: dict[str, Any]) -> list[Path]:
    """The ledger's files and the claims chart, into the notebook's output folder."""
    from .export import save_figure
    from .ledger import write_outputs

    folder = P["output_dir"]
    if P.get("release") and folder == "output/fact-check":
        folder = "output/release/fact-check"  # never over the published ledger
    written = write_outputs(result, folder, P["claims_files"], load())
    written += save_figure(chart, "fact-check", chart_data, folder, P["formats"])
    print_written(written)
    return written


def release_report(release, P: dict[str, Any]) -> list[Path]:
    """Load report and cross-check of a release, printed, and written (tidy table, cross-check) to output_dir."""
    if release is None:
        print("No release given: the Home Office spreadsheet is not public here.")
        return []
    from . import foi
    from .csvfiles import frame_csv_bytes
    from .export import resolve_output_dir
    from .release import crosscheck
    from .staging import write_set

    data = load()
    table = crosscheck.cross_check(release, data)
    print(foi.format_report(release.release, table))
    folder = resolve_output_dir(P["output_dir"])
    outputs = {
        folder / "release.csv": frame_csv_bytes(release.release.tidy),
        folder / "cross-check.csv": frame_csv_bytes(table),
        folder / "cross-check.md": (crosscheck.report_markdown(table, release) + "\n").encode("utf-8"),
    }
    written = write_set(outputs)  # one set: the tidy table and its cross-check, all or nothing
    print_written(written)
    return written


def markdown(text: str) -> None:
    """Show Markdown composed from the data (a page's sentences and tables); its composer escapes every piece of
    data in it (escaping.md_text), as forcepages does."""
    _say(text)
