"""An index of the figures by scope, in front of the comparison: each claim meets only the figures that relate to it.

`compare.compare` says nothing (None) about a figure of another measure, or of places or crime types disjoint from
the claim's; only the rest can be compared, bound the claim or be its context. Holding every claim against every
figure costs claims x figures comparisons; the index groups the figures by measure and remembers, for each place and
crime types a claim gives, which of them relate, so a claim meets only those, in the order the evidence lists them
(the order the comparisons, and so the verdict's working, are written in). How two places or two sets of crime
types relate depends on the vocabularies alone, so each pair is worked out once and remembered.

The verdicts are the same with the index as without: the figures it leaves out are exactly those `compare` would
give nothing for (tests/test_ledger_index.py on hand-built figures; tests/test_verdict_decisions.py on every claim).
"""

from __future__ import annotations

from collections import defaultdict

from ..counts import Count, Evidence
from ..scope import DISJOINT, Scope, Universe


class Relations:
    """A universe's relations between places and between crime types, each pair worked out once.

    Everything else (names, vocabularies) is the universe's own."""

    def __init__(self, universe: Universe):
        self._universe = universe
        self._places: dict[tuple, str] = {}
        self._crimes: dict[tuple, str] = {}

    def place_relation(self, a, b) -> str:
        key = (tuple(a), tuple(b))
        found = self._places.get(key)
        if found is None:
            found = self._places[key] = self._universe.place_relation(a, b)
        return found

    def crime_relation(self, a, b) -> str:
        key = (tuple(a), tuple(b))
        found = self._crimes.get(key)
        if found is None:
            found = self._crimes[key] = self._universe.crime_relation(a, b)
        return found

    def __getattr__(self, name):
        return getattr(self._universe, name)


def relates(scope: Scope, count: Count, universe) -> bool:
    """Whether a figure can speak to a claim of this scope at all: the same measure, and places and crime types that
    are not disjoint (what `compare.compare` checks before anything else)."""
    return (
        count.scope.measure == scope.measure
        and universe.place_relation(scope.places, count.scope.places) != DISJOINT
        and universe.crime_relation(scope.crime_types, count.scope.crime_types) != DISJOINT
    )


class Indexed(Evidence):
    """Evidence with its figures indexed by scope: `counts_for` gives only the figures that relate to a scope.

    Wraps any evidence (the published figures, or those with a release's aggregates, which the release computes for
    each scope): the published figures come from the index, anything the wrapped evidence adds for a scope is
    filtered by the same test."""

    def __init__(self, evidence: Evidence):
        super().__init__(evidence.counts, Relations(evidence.universe), evidence.breakdowns, evidence.word_scopes)
        self.inner = evidence
        self._by_measure: dict[str, list[Count]] = defaultdict(list)
        for count in evidence.counts:
            self._by_measure[count.scope.measure].append(count)
        self._ids: dict[str, Count] = {}
        for count in evidence.counts:
            self._ids.setdefault(count.id, count)
        self._related: dict[tuple, list[Count]] = {}

    def related(self, scope: Scope) -> list[Count]:
        """The published figures that relate to a scope, in the evidence's order (remembered per measure, places
        and crime types; the period never rules a figure out)."""
        key = (scope.measure, scope.places, scope.crime_types)
        found = self._related.get(key)
        if found is None:
            found = [c for c in self._by_measure.get(scope.measure, ()) if relates(scope, c, self.universe)]
            self._related[key] = found
        return found

    def counts_for(self, scope: Scope) -> list[Count]:
        given = self.inner.counts_for(scope)
        published = self.counts
        if given is published:
            return list(self.related(scope))
        n = len(published)
        if len(given) >= n and all(a is b for a, b in zip(given[:n], published)):
            extra = [c for c in given[n:] if relates(scope, c, self.universe)]
            return [*self.related(scope), *extra]
        return [c for c in given if relates(scope, c, self.universe)]

    def by_id(self, count_id: str) -> Count | None:
        return self._ids.get(count_id)


def indexed(evidence: Evidence) -> Indexed:
    """The evidence, indexed (evidence already indexed is returned as it is)."""
    return evidence if isinstance(evidence, Indexed) else Indexed(evidence)
