"""Checking a release's own Total rows and columns against its cells.

A Total is never data. It agrees when its cells sum to it; it is consistent when the
suppressed cells among them could make up the difference (a '<5' hides at most 4,
a '*' any number); otherwise it disagrees, and the release's notes say so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .cells import marker_limit
from .rows import TotalCell

TOTAL_COLUMNS = ["where", "force", "crime_type", "month", "stated", "marker", "low", "high", "status"]


def sum_range(values: np.ndarray, markers: list[str]) -> tuple[float, float | None]:
    """(lowest, highest) sum of cells: each suppressed cell adds 0 up to its marker's limit (None: unbounded)."""
    low = float(np.nansum(values)) if len(values) else 0.0
    high: float | None = low
    for marker in markers:
        limit = marker_limit(marker)
        high = None if limit is None or high is None else high + limit
    return low, high


def verdict(stated: float, low: float, high: float | None) -> str:
    if high is not None and low == high:
        return "agrees" if stated == low else "disagrees"
    if low <= stated and (high is None or stated <= high):
        return "consistent within suppression"
    return "disagrees"


def check_totals(records: pd.DataFrame, totals: list[TotalCell]) -> tuple[pd.DataFrame, list[str]]:
    """Each Total with its verdict, and a note for each that disagrees or has nothing to check against."""
    codes = {name: pd.factorize(records[name]) for name in ("force", "crime_type", "month")}
    grids = records["_grid"].to_numpy()
    values, markers = records["value"].to_numpy(dtype=float), records["marker"].to_numpy()
    suppressed = records["suppressed"].to_numpy(dtype=bool)
    rows, notes = [], []
    for total in totals:
        mask = (grids == total.grid) & _mask(codes, total)
        low, high = sum_range(values[mask], list(markers[mask & suppressed]))
        status = _status(total, mask, low, high)
        if status == "disagrees":
            notes.append(f"{total.where}: the Total says {total.value:g} but its cells {_range(low, high)}")
        elif status == "no cells":
            notes.append(f"{total.where}: a Total with no cells under it to check it against")
        rows.append(_row(total, low, high, status))
    return pd.DataFrame(rows, columns=TOTAL_COLUMNS), notes


def _mask(codes: dict[str, tuple[np.ndarray, pd.Index]], total: TotalCell) -> np.ndarray:
    """The records under a Total: compared as integer codes (fast on the 12,000 cells of a monthly release)."""
    first = next(iter(codes.values()))[0]
    mask = np.ones(len(first), dtype=bool)
    for name, wanted in (("force", total.forces), ("crime_type", total.crime_type), ("month", total.month)):
        if wanted is None:
            continue
        labels, uniques = codes[name]
        wanted = wanted if isinstance(wanted, frozenset) else [wanted]
        mask &= np.isin(labels, uniques.get_indexer(list(wanted)))
    return mask


def _status(total: TotalCell, mask: np.ndarray, low: float, high: float | None) -> str:
    if not mask.any():
        return "no cells"
    if total.suppressed:
        return "suppressed (not checked)"
    return verdict(total.value, low, high)


def _range(low: float, high: float | None) -> str:
    if high == low:
        return f"sum to {low:g}"
    if high is None:
        return f"sum to at least {low:g} (some are suppressed)"
    return f"sum to between {low:g} and {high:g} (some are suppressed)"


def _row(total: TotalCell, low: float, high: float | None, status: str) -> dict:
    return {
        "where": total.where,
        "force": "|".join(sorted(total.forces)) if total.forces is not None else "",
        "crime_type": total.crime_type or "",
        "month": total.month or "",
        "stated": total.value,
        "marker": total.marker,
        "low": low,
        "high": high,
        "status": status,
    }
