"""The fact-check ledger: each claim as an outlet printed it, what it counts, and a verdict with its reason.

Three steps, one module each:

* `read`: a claims file (claims/README.md), every row checked, or one ClaimsError naming file, claim, row and field;
* `judge`: each claim held against every figure that speaks to it (`compare`), or checked by its rule (`rules`):
  one verdict, the comparisons behind it, the figures used and, for a wrong number, its likely origin (`origin`);
* `write`: what was found, rendered: ledger.csv, comparisons.csv, report.md, claimreview.json, the claims chart's
  table and the notebook's summary.
"""

from __future__ import annotations

from ..sources import RawData
from .judge import Entry, judge_all
from .read import DEFAULT_CLAIMS, ClaimRow, load_claims, read_claims
from .write import (
    COMPARISON_COLUMNS,
    LEDGER_COLUMNS,
    Ledger,
    chart_table,
    claimreview,
    printable,
    reader_comparisons,
    report_markdown,
    stream_outputs,
    summary_markdown,
    tabulate,
    write_outputs,
)

__all__ = [
    "COMPARISON_COLUMNS",
    "DEFAULT_CLAIMS",
    "LEDGER_COLUMNS",
    "ClaimRow",
    "Entry",
    "Ledger",
    "chart_table",
    "claimreview",
    "judge_all",
    "load_claims",
    "printable",
    "read_claims",
    "reader_comparisons",
    "report_markdown",
    "run_ledger",
    "stream_outputs",
    "summary_markdown",
    "tabulate",
    "write_outputs",
]


def run_ledger(paths, data: RawData, release=None) -> Ledger:
    """Every claim in the files, judged against the published figures (and a release's aggregates, if given)."""
    return tabulate(judge_all(load_claims(paths, data), data, release), data)
