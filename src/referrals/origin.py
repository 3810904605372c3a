"""Where a wrong number probably came from: a bounded, deterministic search of simple arithmetic.

For a contradicted or inconsistent claim, the search tries, over the published
figures of the same measure and data as the figures that contradict it:

1. a - b and a + b of two figures (exact matches only);
2. a sum of two to six parts of one breakdown (exact matches only);
3. a figure times or divided by 10 or 100 (a slipped digit), matching the claim
   once rounded as the claim is printed;
4. a figure with two adjacent digits swapped (a typo).

The first kind that matches wins; within a kind, figures from the source that
contradicts the claim come first, then the larger figures. The result is a
hypothesis ("likely origin"), stated with the arithmetic, never a finding: the
search cannot see numbers that were never published, and with many small
figures a coincidence is possible (the search stops at counts below 10).
"""

from __future__ import annotations

import itertools

from .counts import Count, Evidence
from .wording import Claimed, number_text

MAX_PARTS = 6
MIN_VALUE = 10


def _label(count: Count) -> str:
    what = (count.description or count.id).rstrip(".")
    return f"{what[0].lower()}{what[1:]} ({count.id})"


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


def _pairs(n: float, figures: list[Count], preferred: set[str]) -> list[tuple[tuple, str]]:
    found = []
    for a, b in itertools.permutations(figures, 2):
        if a.low - b.low == n:
            text = f"{number_text(n)} = {number_text(a.low)} − {number_text(b.low)}: {_label(a)} minus {_label(b)}"
            found.append(((a.source_id not in preferred, 0, -a.low, a.id, b.id), text))
        elif a.id < b.id and a.low + b.low == n:
            text = f"{number_text(n)} = {number_text(a.low)} + {number_text(b.low)}: {_label(a)} plus {_label(b)}"
            found.append(((a.source_id not in preferred, 1, -a.low, a.id, b.id), text))
    return found


def _part_sums(n: float, evidence: Evidence, figures: list[Count]) -> list[tuple[tuple, str]]:
    allowed = {c.id for c in figures}
    found = []
    for total, members in evidence.breakdowns:
        parts = [m for m in members if m.id in allowed]
        for size in range(2, min(MAX_PARTS, len(parts) - 1) + 1):
            for combo in itertools.combinations(parts, size):
                if sum(m.low for m in combo) == n:
                    names = ", ".join(f"{number_text(m.low)} ({m.id})" for m in combo)
                    text = f"{number_text(n)} = the sum of {size} parts of {total.id}: {names}"
                    found.append(((size, total.id), text))
    return found


def _slips(claimed: Claimed, figures: list[Count], preferred: set[str]) -> list[tuple[tuple, str]]:
    n = claimed.number
    found = []
    for count in figures:
        for factor, word in ((10, "divided by 10"), (100, "divided by 100"), (0.1, "times 10"), (0.01, "times 100")):
            shifted = count.low / factor
            if round(shifted) == n and shifted != n:
                sign = "=" if shifted == n else "≈"
                text = (
                    f"{number_text(n)} {sign} {number_text(count.low)} {word} ({number_text(shifted)}): {_label(count)}"
                )
                found.append(((count.source_id not in preferred, -count.low, factor), text))
    return found


def _swaps(n: float, figures: list[Count], preferred: set[str]) -> list[tuple[tuple, str]]:
    digits = str(int(n))
    found = []
    for i in range(len(digits) - 1):
        swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        for count in figures:
            if swapped != digits and str(int(count.low)) == swapped:
                text = f"{number_text(n)} has two digits of {number_text(count.low)} swapped: {_label(count)}"
                found.append(((count.source_id not in preferred, -count.low, i), text))
    return found


def likely_origin(claimed: Claimed, measure: str, evidence: Evidence, against: list[Count]) -> str:
    """The simplest arithmetic on published figures that gives the claimed number, or '' if none does."""
    n = claimed.number
    if n is None or n < MIN_VALUE or not float(n).is_integer() or claimed.kind != "count" or not against:
        return ""
    datasets = {c.dataset for c in against}
    preferred = {c.source_id for c in against}
    figures = _candidates(claimed, evidence, measure, datasets)
    for search in (
        lambda: _pairs(n, figures, preferred),
        lambda: _part_sums(n, evidence, figures),
        lambda: _slips(claimed, figures, preferred),
        lambda: _swaps(n, figures, preferred),
    ):
        found = sorted(search())
        if found:
            return found[0][1]
    return ""
