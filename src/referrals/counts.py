"""Every number as a count of something: its scope, the range of true values it allows, and where it comes from.

Published figures become counts here; so do the sums and complements a complete
breakdown implies (the nine crime types add up to the total, so any of them is
the total minus the other eight), and, in `release`, every aggregate of a Home
Office release. The ledger compares a claim with counts, never with raw rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from . import vocab
from .scope import (
    CONTAINS,
    EQUAL,
    OVERLAPS,
    WITHIN,
    Period,
    Scope,
    Universe,
    other_side,
    read_pairs,
    split_ids,
    universe,
)
from .sources import RawData
from .wording import INF, figure_range, number_text, share_range


@dataclass(frozen=True)
class Count:
    """A number with what it counts, the range of true values its wording allows, and its provenance."""

    id: str
    scope: Scope
    low: float
    high: float
    value: float | None
    qualifier: str
    meaning: str
    source_id: str
    outlet: str
    dataset: str
    story: str
    description: str = ""
    role: str = "original"  # or "restatement": another outlet's number, reprinted
    flow: bool = True  # a count over time (victims, calls), which has a monthly rate
    parts: tuple[str, ...] = ()
    #: How it was derived: '' (published as it is), 'sum' (of `members`, parts of a breakdown), 'complement'
    #: (`total` minus `members`), or a release's words for its own aggregate ('the release').
    derived: str = ""
    definition: str = ""
    total: Count | None = None
    members: tuple[Count, ...] = ()
    #: For a share: what it is a share of (the whole's scope); `low` and `high` are then fractions. None: a count.
    of: Scope | None = None

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def shown(self) -> str:
        """The value with its qualifier as the source printed it: 'more than 2,000', '2,672'."""
        if self.value is None:
            return self.qualifier
        words = "" if self.meaning == "exact" else f"{self.qualifier} "
        return f"{words}{number_text(self.value)}"


@dataclass
class Evidence:
    """All the counts a claim can be held against, with the vocabularies that relate their scopes."""

    counts: list[Count]
    universe: Universe
    breakdowns: list[tuple[Count, list[Count]]] = field(default_factory=list)
    word_scopes: dict[str, Scope] = field(default_factory=dict)  # figures given in words only, by id

    def counts_for(self, scope: Scope) -> list[Count]:
        """The counts that may speak to a scope (all of them; a release computes its own for each scope)."""
        return self.counts

    def by_id(self, count_id: str) -> Count | None:
        return next((c for c in self.counts if c.id == count_id), None)


def _period(row, published: str) -> Period:
    return Period.parse(
        row["period_start"], row["period_end"], row.get("period_months", ""), row.get("period_text", ""), published
    )


def published(data: RawData) -> Evidence:
    """The published figures as counts, and their complete breakdowns (for sums and complements)."""
    meanings = {q: row["meaning"] for q, row in vocab.qualifiers(data.directory).items()}
    measures = vocab.measures(data.directory)
    definitions = {m: row["definition"] for m, row in measures.items()}
    sources = data.sources.set_index("source_id")
    counts, word_scopes = [], {}
    for _, row in data.figures.iterrows():
        value = row["value"]
        value = None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
        source = sources.loc[row["source_id"]]
        scope = Scope(
            row["measure"],
            split_ids(row["geography"]),
            split_ids(row["crime_type"]),
            _period(row, source["published"]),
            split_ids(row.get("population") or "all"),
        )
        whole = _whole(row, scope, data, source["published"])
        allowed = figure_range(value, meanings.get(row["qualifier"], "exact"), row["qualifier"])
        if whole is not None and allowed is None:
            allowed = share_range(row["qualifier"])  # 'a quarter': the range the words allow, never 0.25
        if allowed is None:
            word_scopes[row["figure_id"]] = scope  # words only ('a quarter'): no number to hold a claim against
            continue
        counts.append(
            Count(
                id=row["figure_id"],
                scope=scope,
                low=allowed[0],
                high=allowed[1],
                value=value,
                qualifier=row["qualifier"],
                meaning=meanings.get(row["qualifier"], "exact"),
                source_id=row["source_id"],
                outlet=str(source["outlet"]),
                dataset=str(row.get("dataset") or source.get("dataset") or row["source_id"]),
                story=str(source.get("story") or row["source_id"]),
                description=str(row.get("description", "")),
                role="restatement" if row.get("restates") or source.get("role") == "restatement" else "original",
                definition=definitions.get(row["measure"], ""),
                flow=measures.get(row["measure"], {}).get("flow", "yes") == "yes" and whole is None,
                of=whole,
            )
        )
    evidence = Evidence(counts, universe(data.directory), word_scopes=word_scopes)
    evidence.breakdowns = _complete_breakdowns(data, evidence)
    return evidence


def _whole(row, scope: Scope, data: RawData, published: str) -> Scope | None:
    """What a share figure is a share of (its `share_of` pairs over its own scope); None for a count."""
    text = row.get("share_of") or ""
    if not text:
        return None
    return other_side(scope, read_pairs(text), data.directory, published)


def _complete_breakdowns(data: RawData, evidence: Evidence) -> list[tuple[Count, list[Count]]]:
    """Each total with the parts of a breakdown marked complete, all of them numbers."""
    out = []
    f = data.figures
    parts = f[(f["part_of"] != "") & (f["breakdown_complete"] == "yes")]
    for (parent, _), group in parts.groupby(["part_of", "breakdown"], sort=True):
        total = evidence.by_id(parent)
        members = [evidence.by_id(i) for i in group["figure_id"]]
        if total is not None and all(m is not None and m.exact for m in members):
            out.append((total, members))
    return out


def _combined(total: Count, members: list[Count], crime_types: tuple[str, ...], complement=False) -> Count:
    """A count derived from a breakdown: the sum of some parts, or the total minus the others."""
    value = sum(m.low for m in members)
    if complement:
        value = total.low - value
    ids = ", ".join(m.id for m in members)
    figure = f"{total.id} - sum({ids})" if complement else f"sum({ids})"
    return Count(
        id=figure,
        scope=Scope(total.scope.measure, total.scope.places, crime_types, total.scope.period, total.scope.population),
        low=value,
        high=value if total.exact or not complement else INF,
        value=value,
        qualifier="derived" if total.exact or not complement else "at least",  # shown "at least 13"
        meaning="exact" if total.exact or not complement else "at-least",
        source_id=total.source_id,
        outlet=total.outlet,
        dataset=total.dataset,
        story=total.story,
        description=f"{total.description}: {'the total minus' if complement else 'the sum of'} {len(members)} parts",
        parts=tuple(m.id for m in members) + ((total.id,) if complement else ()),
        derived="complement" if complement else "sum",
        total=total,
        members=tuple(members),
        definition=total.definition,
        role=total.role,
        flow=total.flow,
    )


def derived_for(evidence: Evidence, crime_types: tuple[str, ...]) -> list[Count]:
    """The counts a complete breakdown implies for these crime types: the sum of the parts that cover them, and,
    for one category, the total minus every other category (an internal check of a source's own numbers)."""
    u = evidence.universe
    out = []
    for total, members in evidence.breakdowns:
        if len({m.scope.places for m in members}) != 1 or any(
            m.scope.crime_types == total.scope.crime_types for m in members
        ):
            continue  # only breakdowns by crime type
        related = (EQUAL, WITHIN, CONTAINS, OVERLAPS)
        covering = [m for m in members if u.crime_relation(m.scope.crime_types, crime_types) in related]
        if not covering:
            continue
        # A complete breakdown's parts together count exactly what their total counts.
        union = (
            total.scope.crime_types
            if len(covering) == len(members)
            else tuple(t for m in covering for t in m.scope.crime_types)
        )
        relation = u.crime_relation(crime_types, union)
        if len(covering) > 1 and relation in (EQUAL, WITHIN):
            out.append(_combined(total, covering, union))
        if relation == EQUAL and len(covering) < len(members):
            others = [m for m in members if m not in covering]
            out.append(_combined(total, others, union, complement=True))
    return out
