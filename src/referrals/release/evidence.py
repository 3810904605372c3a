"""A loaded release as counts: aggregates at any scope, a figures table the notebooks draw from, a cross-check.

Every cell of a release counts victims referred by one force, of one crime type
(in one month, where the release has months). Any scope a published figure or a
claim names (a place or several, crime types, a period) is an aggregate of cells;
suppressed cells make it a range (0 up to the marker's limit, or unbounded for
'*'), unless the release states a Total for exactly that aggregate that its cells
are consistent with, which then gives the exact value. A force the release does
not list is taken to have referred no one (the release is a national table).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ..counts import Count, Evidence
from ..months import month_index, period_label
from ..scope import Period, Scope, Universe, universe
from ..sources import RawData
from .cells import marker_limit
from .model import Release
from .text import clean

INF = float("inf")
SOURCE_ID = "release"
#: The data a release belongs to unless said otherwise: the Home Office FOI request The Detail reported.
DEFAULT_DATASET = "ho-foi-2023"
MEASURE = "victims_referred"
FORCES = "forces_referring"


@dataclass
class ReleaseData:
    """A release with what turns its cells into counts."""

    release: Release
    universe: Universe
    dataset: str = DEFAULT_DATASET
    _cache: dict = field(default_factory=dict, repr=False)

    # --- what the release covers -----------------------------------------------------------
    @cached_property
    def cells(self) -> pd.DataFrame:
        return self.release.tidy

    @cached_property
    def months(self) -> list[str]:
        return sorted(m for m in set(self.cells["month"]) if m)

    @cached_property
    def period(self) -> Period:
        if self.release.period:
            first, last = self.release.period
            return Period.months(first, last)
        return Period.parse("unknown", "unknown", text="the release states no period")

    @cached_property
    def categories(self) -> list[str]:
        return sorted(set(self.cells["crime_type"]))

    @cached_property
    def forces(self) -> list[str]:
        return sorted(set(self.cells["force"]))

    @property
    def label(self) -> str:
        """How a chart names the release as its source."""
        name = clean(self.release.path.name)
        mark = "SYNTHETIC " if self.release.synthetic else ""
        return f"{mark}Home Office FOI release ({name})"

    # --- aggregates ------------------------------------------------------------------------
    def aggregate(self, forces=None, crime_types=None, months=None) -> tuple[float, float]:
        """(low, high) of the sum of the cells selected; a Total the release states for exactly these cells,
        consistent with them, makes it exact."""
        key = (_key(forces), _key(crime_types), _key(months))
        if key not in self._cache:
            self._cache[key] = self._aggregate(forces, crime_types, months)
        return self._cache[key]

    def _aggregate(self, forces, crime_types, months) -> tuple[float, float]:
        """Several crime types, or several forces short of all, are summed one by one, so that each can use the
        Total the release states for it."""
        if crime_types is not None and len(set(crime_types)) > 1 and set(crime_types) < set(self.categories):
            return _sum(self.aggregate(forces, [t], months) for t in sorted(set(crime_types)))
        if forces is not None and 1 < len(set(forces) & set(self.forces)) < len(self.forces):
            present = sorted(set(forces) & set(self.forces))
            return _sum(self.aggregate([f], crime_types, months) for f in present)
        return self._cells_sum(forces, crime_types, months)

    def _cells_sum(self, forces, crime_types, months) -> tuple[float, float]:
        cells = self.cells
        mask = np.ones(len(cells), dtype=bool)
        for column, wanted in (("force", forces), ("crime_type", crime_types), ("month", months)):
            if wanted is not None:
                mask &= cells[column].isin(list(wanted)).to_numpy()
        chosen = cells[mask]
        low = float(chosen["value"].fillna(0).sum())
        high = low
        for marker in chosen.loc[chosen["suppressed"], "marker"]:
            limit = marker_limit(marker)
            high = INF if limit is None else high + limit
        stated = self._stated_total(forces, crime_types, months)
        if stated is not None and low <= stated <= high:
            return stated, stated
        return low, high

    def _stated_total(self, forces, crime_types, months) -> float | None:
        totals = self.release.totals
        if totals is None or totals.empty:
            return None
        want_force = "" if forces is None or set(forces) >= set(self.forces) else "|".join(sorted(forces))
        want_type = (
            "" if crime_types is None or set(crime_types) >= set(self.categories) else "|".join(sorted(crime_types))
        )
        want_month = "" if months is None or set(months) >= set(self.months) else "|".join(sorted(months))
        if "|" in want_type or "|" in want_month:
            return None
        match = totals[
            (totals["force"] == want_force)
            & (totals["crime_type"] == want_type)
            & (totals["month"] == want_month)
            & totals["status"].isin(["agrees", "consistent within suppression"])
        ]
        return float(match.iloc[0]["stated"]) if not match.empty else None

    # --- counts for a scope -----------------------------------------------------------------
    def counts_for(self, scope: Scope) -> list[Count]:
        """The release's counts that speak to a scope: the aggregate of exactly its crime types (or, where the
        release's categories are wider or narrower, the nearest aggregates), over its months where known."""
        if scope.measure not in (MEASURE, FORCES):
            return []
        forces = self.universe.place_atoms(scope.places)
        months, period = self._months_for(scope.period)
        out = []
        for types in self._category_sets(scope.crime_types):
            if scope.measure == FORCES:
                low, high = self._forces_with_referrals(forces, types, months)
            else:
                low, high = self.aggregate(forces, types, months)
            out.append(self._count(scope.places, types, period, low, high, scope.measure))
        return out

    def _forces_with_referrals(self, forces, types, months) -> tuple[float, float]:
        """How many of these forces referred anyone: known positive counts, and those only suppressed cells hide."""
        known = maybe = 0
        for force in set(forces) - {"not-recorded"}:
            low, high = self.aggregate([force], types, months)
            known += low > 0
            maybe += low == 0 and high > 0
        return float(known), float(known + maybe)

    def _months_for(self, period: Period) -> tuple[list[str] | None, Period]:
        if not self.months:
            return None, self.period
        if not period.exact:
            return None, self.period
        first, last = period.first_last()
        inside = [m for m in self.months if first <= m <= last]
        if not inside:
            return [], period
        return inside, Period.months(inside[0], inside[-1])

    def _category_sets(self, crime_types) -> list[tuple[str, ...] | None]:
        """The release categories that give the claim's crime types exactly, or bound them from above and below."""
        u = self.universe
        if u.crime_relation(crime_types, ("all",)) == "equal":
            return [None]
        within = tuple(c for c in self.categories if u.crime_relation((c,), crime_types) in ("equal", "within"))
        covering = tuple(
            c
            for c in self.categories
            if u.crime_relation((c,), crime_types) in ("equal", "within", "contains", "overlaps")
        )
        sets = [covering] if covering else []
        if within and within != covering:
            sets.append(within)
        return sets

    def _count(self, places, types, period: Period, low: float, high: float, measure: str = MEASURE) -> Count:
        u = self.universe
        crime = tuple(types) if types is not None else ("all",)
        what = f"{u.place_name(places)}, {u.crime_name(crime).lower()}, {period.label()}"
        return Count(
            id=f"release: {what}",
            scope=Scope(measure, tuple(places), crime, period),
            low=low,
            high=high,
            value=low,
            qualifier="exact" if low == high else "at least",
            meaning="exact" if low == high else "at-least",
            source_id=SOURCE_ID,
            outlet=self.label,
            dataset=self.dataset,
            story=SOURCE_ID,
            description=f"the release's count for {what}",
            derived="the release",
            flow=measure == MEASURE,
        )

    def evidence(self) -> Evidence:
        return ReleaseEvidence(self)


class ReleaseEvidence(Evidence):
    """Evidence whose counts are computed from the release for each claim's scope."""

    def __init__(self, data: ReleaseData):
        super().__init__([], data.universe)
        self.data = data

    def counts_for(self, scope: Scope) -> list[Count]:
        return self.data.counts_for(scope)


def _sum(ranges) -> tuple[float, float]:
    low = high = 0.0
    for lo, hi in ranges:
        low, high = low + lo, high + hi
    return low, high


def _key(values) -> tuple | None:
    return None if values is None else tuple(sorted(values))


def load(path: Path | str, raw_directory: Path, dataset: str = DEFAULT_DATASET) -> ReleaseData:
    from .loader import load_release

    return ReleaseData(load_release(path), universe(raw_directory), dataset)


# --- a figures table for the notebooks ------------------------------------------------------------


def _figure(figure_id, geography, crime_type, period: Period, low, high, description, part_of="", breakdown="") -> dict:
    first, last = period.first_last() if period.exact else ("unknown", "unknown")
    exact = low == high
    return {
        "figure_id": figure_id,
        "source_id": SOURCE_ID,
        "measure": MEASURE,
        "description": description,
        "geography": geography,
        "crime_type": crime_type,
        "period_start": first,
        "period_end": last,
        "period_months": "",
        "period_text": period.label(),
        "value": float(low),
        "qualifier": "exact" if exact else "at least",
        "part_of": part_of,
        "breakdown": breakdown,
        "breakdown_complete": "yes" if part_of else "",
        "dataset": "",
        "restates": "",
        "quote": "",
        "notes": "" if exact else "Some cells are suppressed: the value is the sum of the known cells, a lower bound.",
    }


def figure_id(force: str = "", crime_type: str = "", month: str = "") -> str:
    """The id of a release aggregate in the figures table: release_total, release_force_psni, release_ct_..."""
    parts = ["release"]
    if force:
        parts += ["force", force.replace("-", "_")]
    if crime_type:
        parts += ["ct", crime_type.replace("-", "_")]
    if month:
        parts += ["month", month.replace("-", "_")]
    return "_".join(parts) if len(parts) > 1 else "release_total"


def as_raw(data: ReleaseData, base: RawData) -> RawData:
    """The release as a figures table in the published figures' shape, so every figure can be drawn from it."""
    p = data.period
    rows = [_figure("release_total", "uk", "all", p, *data.aggregate(), "Victims referred, all forces")]
    rows += _count_of_forces(data, p)
    for ct in data.categories:
        low, high = data.aggregate(crime_types=[ct])
        rows.append(
            _figure(
                figure_id(crime_type=ct),
                "uk",
                ct,
                p,
                low,
                high,
                "Victims referred, by crime type",
                "release_total",
                "crime type",
            )
        )
    for force in data.forces:
        low, high = data.aggregate(forces=[force])
        rows.append(
            _figure(
                figure_id(force), force, "all", p, low, high, "Victims referred, by force", "release_total", "force"
            )
        )
        for ct in data.categories:
            low, high = data.aggregate([force], [ct])
            parent = figure_id(force)
            rows.append(
                _figure(
                    figure_id(force, ct),
                    force,
                    ct,
                    p,
                    low,
                    high,
                    "Victims referred by a force, by crime type",
                    parent,
                    "crime type",
                )
            )
    for month in data.months:
        low, high = data.aggregate(months=[month])
        rows.append(
            _figure(
                figure_id(month=month),
                "uk",
                "all",
                Period.months(month, month),
                low,
                high,
                "Victims referred, by month",
                "release_total",
                "month",
            )
        )
    figures = pd.DataFrame(rows)
    published = data.release.period[1] if data.release.period else ""
    sources = pd.DataFrame(
        [
            {
                "source_id": SOURCE_ID,
                "outlet": data.label,
                "title": clean(data.release.title[0]) if data.release.title else clean(data.release.path.name),
                "url": "",
                "published": published,
                "kind": "primary document",
                "dataset": data.dataset,
                "story": SOURCE_ID,
                "role": "original",
                "notes": "",
            }
        ]
    )
    return RawData(sources=sources, figures=figures, directory=base.directory)


def _count_of_forces(data: ReleaseData, period: Period) -> list[dict]:
    """How many forces referred victims: those with a known positive count (more may hide behind suppression)."""
    geos = data.universe.geographies
    totals = {f: data.aggregate(forces=[f]) for f in data.forces if f != "not-recorded"}
    some = [f for f, (low, _) in totals.items() if low > 0]
    maybe = [f for f, (low, high) in totals.items() if low == 0 and high > 0]
    ew = [f for f in some if geos.attributes.get(f, {}).get("nation") in ("england", "wales")]
    high = len(some) + len(maybe)
    row = _figure("release_forces", "uk", "all", period, len(some), high, "Police forces that referred victims")
    row_ew = _figure(
        "release_forces_england_wales",
        "england-and-wales",
        "all",
        period,
        len(ew),
        len(ew),
        "Forces in England and Wales that referred victims",
    )
    for r in (row, row_ew):
        r["measure"] = "forces_referring"
    return [row, row_ew]


def period_words(data: ReleaseData) -> str:
    if data.release.period:
        return period_label(*data.release.period)
    return "the release states no period"


def month_span(data: ReleaseData) -> int:
    if not data.months:
        return 0
    return month_index(data.months[-1]) - month_index(data.months[0]) + 1
