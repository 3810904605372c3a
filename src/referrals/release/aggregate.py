"""One table of a release as sums: any selection of its forces, crime types and periods, as a (low, high) range.

Unknown cells (suppressed, or blank and not proven zero) widen a sum up to the most each
could hide; a total the table states for exactly that selection, consistent with its cells,
makes it exact. Two tables are held against each other here too (loader._conflicts).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..months import month_index, period_label
from ..scope import Period
from .cells import marker_limit
from .model import Release, Table

INF = float("inf")
OK_TOTALS = ("agrees", "consistent within suppression")


def key(values) -> tuple | None:
    """A selection as a cache key: its members sorted; None for all."""
    return None if values is None else tuple(sorted(set(values)))


@dataclass
class TableData:
    """One table's cells, ready to sum."""

    table: Table
    cells: pd.DataFrame
    totals: pd.DataFrame

    @cached_property
    def forces(self) -> list[str]:
        return sorted(set(self.cells["force"])) if self.table.has("force") else []

    @cached_property
    def categories(self) -> list[str]:
        return sorted(set(self.cells["crime_type"])) if self.table.has("crime_type") else []

    @cached_property
    def periods(self) -> list[tuple[str, str]]:
        if not self.table.has("period"):
            return []
        return sorted(set(zip(self.cells["period_start"], self.cells["period_end"])))

    @cached_property
    def _arrays(self) -> dict:
        """Each dimension as integer codes (with the code of each member), the values, and the largest number
        each unknown cell can hide: a sum is then a few comparisons of integers."""
        c = self.cells
        limit = {m: (INF if marker_limit(m) is None else float(marker_limit(m))) for m in set(c["marker"])}
        unknown = c["suppressed"].to_numpy(dtype=bool)
        out = {
            "value": c["value"].to_numpy(dtype=float),
            "limit": np.where(unknown, c["marker"].map(limit).to_numpy(dtype=float), 0.0),
        }
        period = c["period_start"] + ".." + c["period_end"]
        for name, column in (("force", c["force"]), ("crime_type", c["crime_type"]), ("period", period)):
            codes, members = pd.factorize(column)
            out[name] = (codes, {m: i for i, m in enumerate(members)})
        return out

    def _select(self, name: str, wanted) -> np.ndarray:
        codes, index = self._arrays[name]
        return np.isin(codes, [index[w] for w in wanted if w in index])

    def period_of(self, periods: list[tuple[str, str]] | None) -> Period:
        """The period an aggregate over these periods (None: all) covers, ambiguous at an end the release leaves so."""
        chosen = self.periods if periods is None else sorted(periods)
        if not chosen:
            if self.table.period is None:
                return Period.parse("unknown", "unknown", text="the release states no period")
            first, last = self.table.period
            return Period.months(first, last)
        first, last = chosen[0][0], chosen[-1][1]
        period = Period.months(first, last)
        s_lo = s_hi = month_index(first)
        e_lo = e_hi = month_index(last)
        if self.table.start_range and chosen[0] == self.periods[0]:
            s_lo, s_hi = month_index(self.table.start_range[0]), month_index(self.table.start_range[1])
        if self.table.end_range and chosen[-1] == self.periods[-1]:
            e_lo, e_hi = month_index(self.table.end_range[0]), month_index(self.table.end_range[1])
        if (s_lo, e_hi) != (s_hi, e_lo):
            period = Period(
                s_lo, s_hi, e_lo, e_hi, text=f"{period_label(first, last)}, its ends not stated"
            ).tightened()
        return period

    def aggregate(self, forces=None, crime_types=None, periods=None) -> tuple[float, float]:
        """(low, high) of the cells selected (None: all of a dimension); a total the table states for exactly these
        cells, consistent with them, makes it exact."""
        a = self._arrays
        mask = np.ones(len(self.cells), dtype=bool)
        for name, wanted in (("force", forces), ("crime_type", crime_types)):
            if wanted is not None:
                mask &= self._select(name, wanted)
        if periods is not None:
            mask &= self._select("period", [f"{s}..{e}" for s, e in periods])
        values = a["value"][mask]
        low = float(np.nansum(values))
        high = low + float(a["limit"][mask][np.isnan(values)].sum())
        stated = self._stated(forces, crime_types, periods)
        if stated is not None and low <= stated <= high:
            return stated, stated
        return low, high

    def _stated(self, forces, crime_types, periods) -> float | None:
        t = self.totals
        if t is None or t.empty:
            return None

        def want(values, everything):
            return "" if values is None or set(values) >= set(everything) else "|".join(sorted(set(values)))

        keys = {
            "force": want(forces, self.forces),
            "crime_type": want(crime_types, self.categories),
            "period": want(
                None if periods is None else [f"{s}..{e}" for s, e in periods], [f"{s}..{e}" for s, e in self.periods]
            ),
        }
        match = t[
            (t["force"] == keys["force"]) & (t["crime_type"] == keys["crime_type"]) & (t["period"] == keys["period"])
        ]
        match = match[(match["subgroup"] == "") & match["status"].isin(OK_TOTALS)]
        return float(match.iloc[0]["stated"]) if not match.empty else None


def table_ranges(release: Release, a: Table, b: Table, common: list[str]) -> dict[tuple, tuple]:
    """For two tables, each combination of the members of the dimensions both give (and present in both), the
    two tables' (low, high): what loader._conflicts holds against each other."""
    ta, tb = table_data(release, a), table_data(release, b)
    combos: list[dict] = [{}]
    for dim in common:
        if dim == "period":
            both = sorted(set(ta.periods) & set(tb.periods))
        else:
            both = sorted(
                set(getattr(ta, "forces" if dim == "force" else "categories"))
                & set(getattr(tb, "forces" if dim == "force" else "categories"))
            )
        combos = [{**c, dim: m} for c in combos for m in both]
    out = {}
    for combo in [*combos, {}] if common else combos:
        args = {
            "forces": [combo["force"]] if "force" in combo else None,
            "crime_types": [combo["crime_type"]] if "crime_type" in combo else None,
            "periods": [combo["period"]] if "period" in combo else None,
        }
        what = tuple(
            str(combo.get(d, "")) if d != "period" else ("..".join(combo[d]) if d in combo else "")
            for d in ("force", "crime_type", "period")
        )
        out[what] = (ta.aggregate(**args), tb.aggregate(**args))
    return out


def table_data(release: Release, table: Table) -> TableData:
    cells = release.tidy[release.tidy["table"] == table.id].reset_index(drop=True)
    totals = release.totals[release.totals["table"] == table.id] if release.totals is not None else None
    return TableData(table, cells, totals)
