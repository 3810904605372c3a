"""Where a wrong number probably came from: a bounded, deterministic search of simple arithmetic.

For a contradicted or inconsistent claim, the search first tries a published figure
misplaced whole: a share of another part or whole (the quarter of domestic abuse
victims given for all victims); the claimed number published for a longer or
shorter period than the claim's (a whole period's 207 given for one year); the
claimed number published for another place, crime type or group of people. Then,
over the published figures of the same measure and data as the figures that
contradict it:

1. a - b and a + b of two figures of the same places or the same crime types (exact
   matches only: a crime type plus a force is a coincidence, never offered);
2. a sum of two to six parts of one breakdown (exact matches only);
3. a figure times or divided by 10 or 100 (a slipped digit), matching the claim
   once rounded as the claim is printed;
4. a figure with two adjacent digits swapped (a typo).

The first kind that matches wins; within a kind, figures from the source that
contradicts the claim come first, then the larger figures. The result (an
`Origin`: the kind of arithmetic and the figures) is a hypothesis ("likely
origin"), written with the arithmetic by `ledger.render`, never a finding: the
search cannot see numbers that were never published, and with many small
figures a coincidence is possible (the search stops at counts below 10).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .counts import Count, Evidence
from .scope import COMPATIBLE, EQUAL, Scope
from .wording import Claimed, number_text

MAX_PARTS = 6
MIN_VALUE = 10

# The kinds of arithmetic the search tries, in order.
DIFFERENCE, SUM, PARTS, SLIP, SWAP = "difference", "sum", "parts", "slip", "swap"
#: A published figure given for another scope: a share of another part or whole, another period, another place
#: or group (the figure's own number, misplaced).
SHARE, PERIOD, ELSEWHERE = "share", "period", "elsewhere"


@dataclass(frozen=True)
class Origin:
    """Where a wrong number probably came from: `claimed` = the arithmetic of `kind` over `figures`.

    difference: figures[0] - figures[1]; sum: figures[0] + figures[1]; parts: the sum of `figures`, parts of the
    breakdown of `total`; slip: figures[0] divided by `factor` (10, 100; 0.1 is 'times 10'), `result` before
    rounding; swap: figures[0] with two adjacent digits swapped."""

    kind: str
    claimed: float
    figures: tuple[Count, ...]
    total: Count | None = None
    factor: float = 1.0
    result: float = 0.0
    #: For a misplaced figure (share, period, elsewhere): the claim's scope, and what differs from the figure's.
    scope: Scope | None = None
    differs: tuple[str, ...] = ()


def _candidates(claimed: Claimed, evidence: Evidence, measure: str, datasets: set[str]) -> list[Count]:
    """Exact, published, whole figures of the measure and data concerned, other than the claimed number itself."""
    out = [
        c
        for c in evidence.counts
        if c.exact
        and not c.derived
        and c.scope.measure == measure
        and c.dataset in datasets
        and c.low != claimed.number
    ]
    return sorted(out, key=lambda c: (-c.low, c.id))


def _related(a: Count, b: Count) -> bool:
    """Two figures whose sum or difference can mean something: of the same places or of the same crime types (a
    total and its part, two parts of one breakdown), never a crime type and a force."""
    return a.scope.places == b.scope.places or a.scope.crime_types == b.scope.crime_types


def _pairs(n: float, figures: list[Count], preferred: set[str]) -> list[tuple[tuple, Origin]]:
    found = []
    for a, b in itertools.permutations(figures, 2):
        if not _related(a, b):
            continue
        if a.low - b.low == n:
            found.append(((a.source_id not in preferred, 0, -a.low, a.id, b.id), Origin(DIFFERENCE, n, (a, b))))
        elif a.id < b.id and a.low + b.low == n:
            found.append(((a.source_id not in preferred, 1, -a.low, a.id, b.id), Origin(SUM, n, (a, b))))
    return found


def _part_sums(n: float, evidence: Evidence, figures: list[Count]) -> list[tuple[tuple, Origin]]:
    allowed = {c.id for c in figures}
    found = []
    for total, members in evidence.breakdowns:
        parts = [m for m in members if m.id in allowed]
        for size in range(2, min(MAX_PARTS, len(parts) - 1) + 1):
            for combo in itertools.combinations(parts, size):
                if sum(m.low for m in combo) == n:
                    order = ", ".join(f"{number_text(m.low)} ({m.id})" for m in combo)
                    found.append(((size, total.id, order), Origin(PARTS, n, tuple(combo), total)))
    return found


def _slips(claimed: Claimed, figures: list[Count], preferred: set[str]) -> list[tuple[tuple, Origin]]:
    n = claimed.number
    found = []
    for count in figures:
        for factor in (10, 100, 0.1, 0.01):
            shifted = count.low / factor
            if round(shifted) == n and shifted != n:
                origin = Origin(SLIP, n, (count,), factor=factor, result=shifted)
                found.append(
                    ((count.source_id not in preferred, -count.low, factor, count.description, count.id), origin)
                )
    return found


def _swaps(n: float, figures: list[Count], preferred: set[str]) -> list[tuple[tuple, Origin]]:
    digits = str(int(n))
    found = []
    for i in range(len(digits) - 1):
        swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        for count in figures:
            if swapped != digits and str(int(count.low)) == swapped:
                key = (count.source_id not in preferred, -count.low, i, count.description, count.id)
                found.append((key, Origin(SWAP, n, (count,))))
    return found


def _misplaced(claimed: Claimed, scope: Scope, evidence: Evidence, preferred: set[str]) -> Origin | None:
    """The claimed number as published for another period (first), or another place, crime type or group of
    people, of the same measure: the figure's own number, given for the claim's scope."""
    u = evidence.universe
    found = []
    for c in evidence.counts:
        if c.derived or c.of is not None or c.scope.measure != scope.measure or c.value != claimed.number:
            continue  # the number as printed: 'at least 1,787' prints 1,787 (a bound keeps its own words)
        differs = [
            name
            for name, relation in (
                ("place", u.place_relation(scope.places, c.scope.places)),
                ("group", u.crime_relation(scope.crime_types, c.scope.crime_types)),
                ("group of people", u.population_relation(scope.population, c.scope.population)),
            )
            if relation != EQUAL
        ]
        period = c.scope.period.relation(scope.period) not in (EQUAL, COMPATIBLE)
        if not differs and period and c.scope.period.exact:
            found.append(((0, c.source_id not in preferred, c.id), Origin(PERIOD, claimed.number, (c,), scope=scope)))
        elif differs:
            key = (1, c.source_id not in preferred, len(differs), c.id)
            found.append((key, Origin(ELSEWHERE, claimed.number, (c,), scope=scope, differs=tuple(differs))))
    return min(found, key=lambda f: f[0])[1] if found else None


def likely_origin(
    claimed: Claimed,
    measure: str,
    evidence: Evidence,
    against: list[Count],
    scope: Scope | None = None,
    borrowed: tuple = (),
) -> Origin | None:
    """The simplest explanation on published figures for the claimed number, or None if none is found: a share of
    another scope the claim borrows (`borrowed`: (figure, what differs) pairs), the number published for another
    scope than the claim's (`scope`), or simple arithmetic."""
    if borrowed:
        count, differs = borrowed[0]
        return Origin(SHARE, claimed.number or 0.0, (count,), scope=scope, differs=tuple(differs))
    n = claimed.number
    if n is None or n < MIN_VALUE or not float(n).is_integer() or claimed.kind != "count" or not against:
        return None
    if scope is not None:
        misplaced = _misplaced(claimed, scope, evidence, {c.source_id for c in against})
        if misplaced is not None:
            return misplaced
    datasets = {c.dataset for c in against}
    preferred = {c.source_id for c in against}
    figures = _candidates(claimed, evidence, measure, datasets)
    for search in (
        lambda: _pairs(n, figures, preferred),
        lambda: _part_sums(n, evidence, figures),
        lambda: _slips(claimed, figures, preferred),
        lambda: _swaps(n, figures, preferred),
    ):
        found = sorted(search(), key=lambda f: f[0])
        if found:
            return found[0][1]
    return None
