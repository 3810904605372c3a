"""A table's own totals, proven from its cells; blanks that the totals prove zero; every disagreement refused.

A total (a Total row or column, a nation's row, a union of crime types, a row of counts
with no label) is never data. It agrees when the cells under it sum to it; it is consistent
when the unknown cells among them (suppressed, or blank) could make up the difference (a
'<5' hides at most 4, a '*' or a blank any number); otherwise it disagrees, and the release
cannot be loaded as it is. A row with no label is a total only if its values prove it: of
the whole table, or of the rows since the last total. Where a total equals the sum of the
filled cells under it, every blank among them is a zero, and the notes say so; other blanks
stay unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .cells import BLANK, marker_limit
from .reader import ORDER, Record, TotalCell

INF = float("inf")
TOTAL_COLUMNS = [
    "table",
    "where",
    "force",
    "crime_type",
    "period",
    "subgroup",
    "stated",
    "marker",
    "low",
    "high",
    "status",
]
AGREES, CONSISTENT, DISAGREES = "agrees", "consistent within suppression", "disagrees"


@dataclass
class Checked:
    """The outcome of checking one table's totals."""

    frame: pd.DataFrame  # TOTAL_COLUMNS
    zero: np.ndarray  # per record: a blank proven zero
    problems: list[str]
    remarks: list[str]


def records_frame(records: list[Record]) -> pd.DataFrame:
    rows = []
    for rec in records:
        value = rec.cell.value
        limit = 0.0 if value is not None else marker_limit(rec.cell.marker)
        rows.append(
            [*(rec.key[d].id if d in rec.key else "" for d in ORDER), value, limit, rec.cell.marker == BLANK, rec.r]
        )
    frame = pd.DataFrame(rows, columns=[*ORDER, "value", "limit", "blank", "r"])
    frame["limit"] = frame["limit"].fillna(INF)
    return frame


def _ranges(index: _Index, idx: np.ndarray, zero: np.ndarray) -> tuple[float, float, int]:
    """(low, high, unknown blanks) of the cells at the positions given."""
    values = index.values[idx]
    unknown = np.isnan(values) & ~zero[idx]
    low = float(np.nansum(values))
    high = low + float(index.limits[idx][unknown].sum())
    blanks = int((index.blanks[idx] & unknown).sum())
    return low, high, blanks


def status(stated: float, low: float, high: float) -> str:
    if low == high:
        return AGREES if stated == low else DISAGREES
    return CONSISTENT if low <= stated <= high else DISAGREES


class _Index:
    """The positions of the cells under a scope: grouped once per pattern of fixed dimensions (fast for a table
    with a total on every row), or by mask for a scope of several members."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.groups: dict[tuple, dict] = {}
        self.rows = frame["r"].to_numpy()
        self.everything = np.arange(len(frame))
        self.arrays = {d: frame[d].to_numpy() for d in ORDER}
        self.members = {d: set(self.arrays[d]) for d in ORDER}
        self.values = frame["value"].to_numpy(dtype=float)
        self.limits = frame["limit"].to_numpy(dtype=float)
        self.blanks = frame["blank"].to_numpy(dtype=bool)

    def positions(self, scope: dict[str, frozenset | None], rows: tuple[int, int] | None = None) -> np.ndarray:
        fixed = tuple(d for d in ORDER if scope.get(d) is not None)
        if rows is None and all(len(scope[d]) == 1 for d in fixed):
            if not fixed:
                return self.everything
            if fixed not in self.groups:
                self.groups[fixed] = self.frame.groupby(list(fixed), sort=False).indices
            key = tuple(next(iter(scope[d])) for d in fixed)
            found = self.groups[fixed].get(key if len(fixed) > 1 else key[0])
            return found if found is not None else np.array([], dtype=int)
        mask = np.ones(len(self.frame), dtype=bool)
        for dim in fixed:
            mask &= np.isin(self.arrays[dim], list(scope[dim]))
        if rows is not None:
            mask &= (self.rows > rows[0]) & (self.rows < rows[1])
        return np.nonzero(mask)[0]


def check(table: str, grid_where, frame: pd.DataFrame, totals: list[TotalCell]) -> Checked:
    """Check every total of one table; prove blanks zero where a total allows; refuse every disagreement."""
    zero = np.zeros(len(frame), dtype=bool)
    if frame.empty:
        return Checked(pd.DataFrame(columns=TOTAL_COLUMNS), zero, [], [])
    index = _Index(frame)
    firsts = [index.positions(t.scope()) for t in totals]
    _prove_blanks(index, totals, firsts, zero)
    total_rows = (sorted({t.r for t in totals}), sorted({t.r for t in totals if not t.named}))
    out, problems = [], []
    for t, first in zip(totals, firsts):
        where = grid_where(t.r, t.c)
        result = _verdict(frame, t, first, index, total_rows, zero)
        if result is None:
            problems.append(f"{where}: {_what(t)} has no cells under it in this table to check it against")
            continue
        positions, low, high, verdict = result
        if verdict != DISAGREES:
            out.append(_row(table, where, t, index, positions, low, high, verdict))
        elif t.named:
            problems.append(
                f"{where}: {_what(t)} says {t.cell.value:,.0f} but the cells it totals {_sum_text(low, high)}"
            )
        else:
            problems.append(
                f"{where}: a row of counts with no label, and its counts are not the total of the rows above it "
                f"(its cell says {t.cell.value:,.0f}; they {_sum_text(low, high)}); name what the row counts"
            )
    return Checked(pd.DataFrame(out, columns=TOTAL_COLUMNS), zero, problems, _remarks(frame, totals, zero, problems))


def _prove_blanks(index: _Index, totals: list[TotalCell], firsts: list[np.ndarray], zero: np.ndarray) -> None:
    """A named total that equals the sum of the filled cells under it proves every blank among them zero."""
    blank = index.blanks
    for t, idx in zip(totals, firsts):
        if t.cell.value is not None and len(idx) and t.named:
            low, _, blanks = _ranges(index, idx, zero)
            if blanks and t.cell.value == low:
                zero[idx[blank[idx]]] = True


def _verdict(frame, t: TotalCell, first: np.ndarray, index: _Index, total_rows: tuple, zero: np.ndarray):
    """(cells, low, high, verdict) for the first of a total's candidate scopes it fits; the first one tried when
    it fits none; None when no candidate has cells."""
    result = None
    for positions in _candidates(t, first, index, *total_rows):
        if not len(positions):
            continue
        low, high, _ = _ranges(index, positions, zero)
        verdict = "suppressed (not checked)" if t.cell.value is None else status(t.cell.value, low, high)
        if result is None or verdict != DISAGREES:
            result = (positions, low, high, verdict)
        if verdict != DISAGREES:
            break
    return result


def _remarks(frame: pd.DataFrame, totals: list[TotalCell], zero: np.ndarray, problems: list[str]) -> list[str]:
    remarks = []
    if zero.any():
        remarks.append(
            f"{int(zero.sum())} blank cells read as zero: the table's own totals prove it (each such total equals "
            "the sum of the filled cells under it)"
        )
    unknown = int((frame["blank"].to_numpy() & ~zero & frame["value"].isna().to_numpy()).sum())
    if unknown:
        remarks.append(
            f"{unknown} blank cells kept unknown: no total of the table proves them zero (each may hide any number); "
            "sums that include them are lower bounds"
        )
    unnamed = {t.r for t in totals if not t.named and t.cell.value is not None}
    if unnamed and not problems:
        remarks.append(f"{len(unnamed)} row(s) of counts with no label read as totals: their values prove it")
    return remarks


def _candidates(t: TotalCell, first: np.ndarray, index: _Index, total_rows: list[int], unnamed_rows: list[int]):
    """The cells a total may total, in order: its scope over the whole table; then, for a row total, those in the
    rows since the last total row (the subtotal of a block), or since the last row of totals with no label (a
    region's subtotal, over several blocks)."""
    yield first
    if not t.row_total:
        return
    starts = [max([r for r in total_rows if r < t.r], default=-1)]
    starts.append(max([r for r in unnamed_rows if r < t.r], default=-1))
    for start in dict.fromkeys(starts):
        yield index.positions(t.scope(), rows=(start, t.r))


def _what(t: TotalCell) -> str:
    names = [f.given for f in t.key.values() if f.kind != "member" and f.given]
    return f"the total {names[0]!r}" if names else "the total"


def _sum_text(low: float, high: float) -> str:
    if high == low:
        return f"sum to {low:,.0f}"
    if high == INF:
        return f"sum to at least {low:,.0f} (some are suppressed or blank)"
    return f"sum to between {low:,.0f} and {high:,.0f} (some are suppressed)"


def _row(table: str, where: str, t: TotalCell, index: _Index, positions: np.ndarray, low, high, verdict) -> dict:
    """A checked total, with what it totals: each dimension's members ('' for all of the table's)."""
    scope = {}
    for dim in ORDER:
        chosen = set(index.arrays[dim][positions])
        scope[dim] = "" if len(chosen) == len(index.members[dim]) else "|".join(sorted(chosen))
    return {
        "table": table,
        "where": where,
        **scope,
        "stated": t.cell.value,
        "marker": t.cell.marker,
        "low": low,
        "high": high,
        "status": verdict,
    }
