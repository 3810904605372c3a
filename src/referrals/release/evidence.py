"""A loaded release as counts: aggregates of each table at any scope it covers, a figures table, a cross-check.

Every cell of a table counts victims referred, for the members of the dimensions that
table gives (a force, a crime type, a period, a sub-column group); a table without a
dimension counts every member of it (a by-force table's cells count all crime types). A
scope a published figure or a claim names (places, crime types, a period) is an aggregate
of one table's cells, and only where that table covers it: a force the table does not
list, a crime type it does not give, a period it does not reach, or a release that states
no period, is not covered, never zero. Unknown cells (suppressed, or blanks no total
proves zero) make an aggregate a range, unless the table states a total for exactly that
aggregate, which then gives the exact value. Month arithmetic is months.py's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..counts import Count, Evidence
from ..months import add_months, month_label, months_between, period_label
from ..scope import COMPATIBLE, CONTAINS, EQUAL, OVERLAPS, UNKNOWN, WITHIN, Period, Scope, Universe, universe
from ..sources import RawData
from .aggregate import INF, TableData, key, table_data
from .cache import read
from .model import Release
from .names import split_markers
from .text import clean

SOURCE_ID = "release"
#: The data a release belongs to unless said otherwise: the Home Office FOI request The Detail reported.
DEFAULT_DATASET = "ho-foi-2023"
MEASURE = "victims_referred"
FORCES = "forces_referring"


@dataclass
class ReleaseData:
    """A release with what turns its tables' cells into counts."""

    release: Release
    universe: Universe
    dataset: str = DEFAULT_DATASET
    _cache: dict = field(default_factory=dict, repr=False)

    @cached_property
    def tables(self) -> list[TableData]:
        return [table_data(self.release, t) for t in self.release.tables]

    @property
    def cells(self) -> pd.DataFrame:
        return self.release.tidy

    def best(self, *dimensions: str) -> TableData | None:
        """The table that gives these dimensions with the fewest others (its cells are the least split, its totals
        the most direct); None if no table gives them all."""
        found = [t for t in self.tables if all(t.table.has(d) for d in dimensions)]
        found.sort(key=lambda t: (len([d for d in t.table.dimensions if d != "subgroup"]), t.table.number))
        return found[0] if found else None

    # --- what the release covers -----------------------------------------------------------------------------------
    @cached_property
    def forces(self) -> list[str]:
        t = self.best("force")
        return t.forces if t else []

    @cached_property
    def categories(self) -> list[str]:
        t = self.best("crime_type")
        return t.categories if t else []

    @cached_property
    def periods(self) -> list[tuple[str, str]]:
        t = self.best("period")
        return t.periods if t else []

    @cached_property
    def months(self) -> list[str]:
        """The months of the release's period cells, when they are single months."""
        return [s for s, e in self.periods if s == e] if all(s == e for s, e in self.periods) else []

    @cached_property
    def period(self) -> Period:
        r = self.release
        if r.period is None:
            return Period.parse("unknown", "unknown", text="the release states no period")
        t = self.best("period")
        if r.period_status == "ambiguous" and t is not None:
            return t.period_of(None)
        return Period.months(*r.period)

    @property
    def label(self) -> str:
        """How a chart names the release as its source."""
        name = clean(self.release.path.name)
        mark = "SYNTHETIC " if self.release.synthetic else ""
        return f"{mark}Home Office FOI release ({name})"

    def aggregate(self, forces=None, crime_types=None, periods=None) -> tuple[float, float] | None:
        """(low, high) from the least split table that gives what is asked; None when no table does."""
        dims = [d for d, v in (("force", forces), ("crime_type", crime_types), ("period", periods)) if v is not None]
        t = self.best(*dims)
        if t is None:
            return None
        cached = (t.table.id, *(key(v) for v in (forces, crime_types, periods)))
        if cached not in self._cache:
            self._cache[cached] = t.aggregate(forces, crime_types, periods)
        return self._cache[cached]

    # --- counts for a scope ------------------------------------------------------------------------------------------
    def counts_for(self, scope: Scope) -> list[Count]:
        """The release's counts that speak to a scope: from every table that covers its places and crime types, over
        the table's periods that fit the scope's; none where the release does not cover it."""
        if scope.measure not in (MEASURE, FORCES):
            return []
        out, seen = [], set()
        for table in self.tables:
            for count in self._table_counts(table, scope):
                what = (count.low, count.high, count.scope.period, count.scope.crime_types)
                if what not in seen:
                    seen.add(what)
                    out.append(count)
        return out

    def coverage(self, scope: Scope) -> str:
        """Why the release has no count for a scope ('' if it has one)."""
        if scope.measure not in (MEASURE, FORCES):
            return "the release counts victims referred, not this measure"
        if self.counts_for(scope):
            return ""
        reasons = [r for t in self.tables if (r := self._uncovered(t, scope))]
        return "; ".join(dict.fromkeys(reasons)) or (
            "its first or last period may be partial (the release does not say), so no table is taken for the "
            "same months"
        )

    def _forces_of(self, table: TableData, scope: Scope) -> tuple[list[str] | None, str]:
        atoms = self.universe.place_atoms(scope.places)
        every = self.universe.place_atoms(("uk",))
        if atoms >= every - {"british-transport-police"}:
            return None, ""
        if not table.table.has("force"):
            return [], "it gives no breakdown by force"
        wanted = sorted(atoms)
        missing = [f for f in wanted if f not in table.forces]
        if missing:
            names = ", ".join(self.universe.place_name([f]) for f in missing[:3])
            names += f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            return [], f"{names} {'is' if len(missing) == 1 else 'are'} not in it"
        return wanted, ""

    def _periods_for(self, table: TableData, period: Period) -> tuple[list[tuple], str]:
        """The sets of the table's periods to compare with a scope's period: those inside it (exact if they fill it;
        only a lower bound when months the table never gives lie between them), and those that overlap it (a
        bound); the table's whole period when the scope's is vague."""
        if not table.table.has("period"):
            if table.table.period is None:
                return [], "the release states no period, so it is not compared as if it covered the published one"
            own = table.period_of(None)
            if period.relation(own) == "disjoint":
                return [], f"it covers {own.label()}, not {period.label()}"
            return [(None, own)], ""
        whole = table.period_of(None)
        if period.relation(whole) == "disjoint":
            return [], f"it covers {whole.label()}, not {period.label()}"
        if not period.exact:
            return [(None, whole)], ""
        first, last = period.first_last()
        inside = [p for p in table.periods if first <= p[0] and p[1] <= last]
        touching = [p for p in table.periods if p[0] <= last and first <= p[1]]
        out = []
        if inside and _contiguous(inside):
            out.append((inside, table.period_of(inside)))
        elif inside:  # months the table never gives lie between: its cells inside give a lower bound only
            out.append((inside, period, "gaps"))
        if touching and touching != inside and _contiguous(touching):
            out.append((touching, table.period_of(touching)))
        return out, "" if out else f"its periods do not line up with {period.label()}"

    def _uncovered(self, table: TableData, scope: Scope) -> str:
        forces, why = self._forces_of(table, scope)
        if why:
            return f"table {table.table.number}: {why}"
        sets = self._category_sets(table, scope.crime_types)
        if not sets:
            what = self.universe.crime_name(scope.crime_types).lower()
            return f"table {table.table.number}: it gives no count for {what}"
        _, why = self._periods_for(table, scope.period)
        return f"table {table.table.number}: {why}" if why else ""

    def _table_counts(self, table: TableData, scope: Scope) -> list[Count]:
        if self._uncovered(table, scope):
            return []
        forces, _ = self._forces_of(table, scope)
        periods, _ = self._periods_for(table, scope.period)
        out = []
        for types in self._category_sets(table, scope.crime_types):
            for chosen, period, *gaps in periods:
                if not period.exact and scope.period.exact and scope.period.relation(period) in (COMPATIBLE, UNKNOWN):
                    continue  # a table whose first or last period may be partial is never taken for the same months
                if scope.measure == FORCES:
                    if not table.table.has("force") or gaps:
                        continue
                    low, high = self._forces_with_referrals(table, forces or table.forces, types, chosen)
                else:
                    low, high = table.aggregate(forces, types, chosen)
                    high = INF if gaps else high
                out.append(self._count(table, scope.places, types, period, low, high, scope.measure))
        return out

    def _forces_with_referrals(self, table: TableData, forces, types, periods) -> tuple[float, float]:
        """How many of these forces referred anyone: known positive counts, and those only unknown cells hide."""
        known = maybe = 0
        for force in set(forces) - {"not-recorded"}:
            low, high = table.aggregate([force], types, periods)
            known += low > 0
            maybe += low == 0 and high > 0
        return float(known), float(known + maybe)

    def _category_sets(self, table: TableData, crime_types) -> list[tuple[str, ...] | None]:
        """The table's categories that give the scope's crime types exactly, or bound them from above and below."""
        u = self.universe
        if u.crime_relation(crime_types, ("all",)) == EQUAL:
            return [None]
        if not table.table.has("crime_type"):
            return []
        within = tuple(c for c in table.categories if u.crime_relation((c,), crime_types) in (EQUAL, WITHIN))
        covering = tuple(
            c for c in table.categories if u.crime_relation((c,), crime_types) in (EQUAL, WITHIN, CONTAINS, OVERLAPS)
        )
        sets = [covering] if covering else []
        if within and within != covering:
            sets.append(within)
        return sets

    def _count(self, table: TableData, places, types, period: Period, low, high, measure: str = MEASURE) -> Count:
        u = self.universe
        crime = tuple(types) if types is not None else ("all",)
        what = f"{u.place_name(places)}, {u.crime_name(crime).lower()}, {period.label()}"
        name = "release" if len(self.tables) == 1 else f"release table {table.table.number}"
        return Count(
            id=f"{name}: {what}",
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
            derived="the release" if len(self.tables) == 1 else f"the release's table {table.table.number}",
            flow=measure == MEASURE,
        )

    def evidence(self) -> Evidence:
        return ReleaseEvidence(self)


def _contiguous(periods: list[tuple[str, str]]) -> bool:
    return all(add_months(a[1], 1) == b[0] for a, b in zip(periods, periods[1:]))


class ReleaseEvidence(Evidence):
    """Evidence whose counts are computed from the release for each claim's scope."""

    def __init__(self, data: ReleaseData):
        super().__init__([], data.universe)
        self.data = data

    def counts_for(self, scope: Scope) -> list[Count]:
        return self.data.counts_for(scope)


def load(path: Path | str, raw_directory: Path, dataset: str = DEFAULT_DATASET) -> ReleaseData:
    """The release as counts, read once per build (see cache.py)."""
    return ReleaseData(read(Path(path), Path(raw_directory)), universe(raw_directory), dataset)


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
        "notes": ""
        if exact
        else "Some cells are suppressed or blank: the value is the sum of the known cells, a lower bound.",
    }


def figure_id(force: str = "", crime_type: str = "", period: tuple[str, str] | None = None) -> str:
    """The id of a release aggregate in the figures table: release_total, release_force_psni, release_ct_...,
    release_month_2021_04 (a single month) or release_period_2020_05_2021_03."""
    parts = ["release"]
    if force:
        parts += ["force", force.replace("-", "_")]
    if crime_type:
        parts += ["ct", crime_type.replace("-", "_")]
    if period:
        start, end = period
        parts += (
            ["month", start.replace("-", "_")]
            if start == end
            else ["period", start.replace("-", "_"), end.replace("-", "_")]
        )
    return "_".join(parts) if len(parts) > 1 else "release_total"


def as_raw(data: ReleaseData, base: RawData) -> RawData:
    """The release as a figures table in the published figures' shape: only what its tables give (forces from a
    table by force, crime types from one by crime type, a force's crime types only from a table of both, periods
    from a table by period), so that every figure the release supports can be drawn from it, and no other."""
    rows = []
    headline = data.best()
    p = headline.period_of(None)
    rows.append(_figure("release_total", "uk", "all", p, *headline.aggregate(), "Victims referred, all forces"))
    by_force, by_type, cross = data.best("force"), data.best("crime_type"), data.best("force", "crime_type")
    if by_force is not None:
        rows += _count_of_forces(data, by_force, by_force.period_of(None))
        for force in by_force.forces:
            rows.append(
                _figure(
                    figure_id(force),
                    force,
                    "all",
                    by_force.period_of(None),
                    *by_force.aggregate([force]),
                    "Victims referred, by force",
                    "release_total",
                    "force",
                )
            )
    if by_type is not None:
        for ct in by_type.categories:
            rows.append(
                _figure(
                    figure_id(crime_type=ct),
                    "uk",
                    ct,
                    by_type.period_of(None),
                    *by_type.aggregate(crime_types=[ct]),
                    "Victims referred, by crime type",
                    "release_total",
                    "crime type",
                )
            )
    if cross is not None:
        for force in cross.forces:
            for ct in cross.categories:
                rows.append(
                    _figure(
                        figure_id(force, ct),
                        force,
                        ct,
                        cross.period_of(None),
                        *cross.aggregate([force], [ct]),
                        "Victims referred by a force, by crime type",
                        figure_id(force),
                        "crime type",
                    )
                )
    by_period = data.best("period")
    if by_period is not None:
        single = all(s == e for s, e in by_period.periods)
        given = dict(
            zip(zip(by_period.cells["period_start"], by_period.cells["period_end"]), by_period.cells["period_as_given"])
        )
        for start, end in by_period.periods:
            period = Period.months(start, end)
            low, high = by_period.aggregate(periods=[(start, end)])
            row = _figure(
                figure_id(period=(start, end)),
                "uk",
                "all",
                period,
                low,
                high,
                "Victims referred, by month" if single else "Victims referred, by period",
                "release_total",
                "month" if single else "period",
            )
            if not single:
                row["period_text"] = split_markers(given.get((start, end), ""))[0] or period.label()
            rows.append(row)
    figures = pd.DataFrame(rows)
    figures.attrs["release_tables"] = [tuple(t.table.dimensions) for t in data.tables]
    figures.attrs["release_tables_text"] = _tables_text(data)
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


def _tables_text(data: ReleaseData) -> str:
    words = {"force": "force", "crime_type": "crime type", "period": "period", "subgroup": "group"}
    parts = [" and ".join(words[d] for d in t.table.dimensions) or "no breakdown" for t in data.tables]
    if len(parts) == 1:
        return f"one table, by {parts[0]}"
    return f"{len(parts)} tables, by " + "; by ".join(parts)


def _count_of_forces(data: ReleaseData, table: TableData, period: Period) -> list[dict]:
    """How many forces referred victims: those with a known positive count (more may hide behind unknown cells)."""
    geos = data.universe.geographies
    totals = {f: table.aggregate(forces=[f]) for f in table.forces if f != "not-recorded"}
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
    r = data.release
    if r.period is None:
        return "the release states no period"
    return period_label(*r.period) + (
        " (its first or last period may be partial)" if r.period_status == "ambiguous" else ""
    )


def month_span(data: ReleaseData) -> int:
    return months_between(*data.release.period) if data.release.period else 0


__all__ = ["ReleaseData", "as_raw", "figure_id", "load", "month_label"]
