"""Change over time: 'rose from 451 to 537', 'up 20%', 'doubled' as two scoped counts and a direction.

A change claim counts one thing twice: a first count (its scope: the claim's columns, with the ones `change_from`
gives replaced) and a second (the claim's own columns). Its words give a direction ('rose', 'fell'), and may give
both numbers ('from 451 to 537') or a ratio ('up 20%', 'doubled'). Two counts show a change only when they count
the same measure, place, crime types and group of people over two separate periods, the first before the second;
periods of different lengths are compared by monthly rate. Anything else is not directly comparable: the verdict
says why, and shows the two monthly rates where both are known (context, never a verdict).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .compare import CONFIRMED, CONSISTENT, CONTRADICTED, NOT_VERIFIABLE, Claim, Judgement, hold
from .counts import Count, Evidence
from .scope import DISJOINT, EQUAL, Scope
from .wording import Claimed, WordingError, read

UP, DOWN = "up", "down"
_RISE = r"rose|risen|rising|increased|increasing|grew|grown|climbed|jumped|went up|gone up|soared|doubled|tripled"
_FALL = r"fell|fallen|falling|decreased|decreasing|declined|dropped|went down|gone down|halved"
_FROM_TO = re.compile(rf"\b({_RISE}|{_FALL})\s+from\s+(?P<first>.+?)\s+to\s+(?P<second>.+?)\s*$")
_PERCENT = re.compile(
    r"\b(up|down|rise of|fall of|increase of|decrease of)\s+(?:by\s+)?([0-9]+(?:\.[0-9]+)?)\s*(%|per ?cent)"
)
#: Multiplying words and the factor they say, each read give or take an eighth (as claims/README.md reads 'twice').
_FACTORS = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 0.5}


@dataclass(frozen=True)
class Change:
    """What a change claim's words say: a direction, and the two numbers or a ratio (second / first) if given."""

    text: str
    direction: str  # UP or DOWN
    first: Claimed | None = None
    second: Claimed | None = None
    ratio: tuple[float, float] | None = None  # the range of second / first the words allow


def read_change(text: str) -> Change | None:
    """The change a claim's words state, or None if they state none. Raises WordingError for a number in them
    that cannot be read."""
    words = re.sub(r"\s+", " ", str(text).lower().replace("\u2019", "'")).strip()
    m = _FROM_TO.search(words)
    if m:
        direction = DOWN if re.fullmatch(_FALL, m.group(1)) else UP
        first, second = read(m.group("first")), read(m.group("second"))
        if first.kind != "count" or second.kind != "count":
            raise WordingError(f"{text!r}: a change from one number to another compares two counts")
        return Change(text, direction, first, second)
    m = _PERCENT.search(words)
    if m:
        direction = DOWN if m.group(1).startswith(("down", "fall", "decrease")) else UP
        digits = m.group(2)
        half = 10 ** -(len(digits.split(".")[1]) if "." in digits else 0) / 2
        p = (float(digits) - half) / 100, (float(digits) + half) / 100
        ratio = (1 + p[0], 1 + p[1]) if direction == UP else (max(1 - p[1], 0.0), 1 - p[0])
        return Change(text, direction, ratio=ratio)
    for word, factor in _FACTORS.items():
        if re.search(rf"\b{word}\b", words):
            return Change(text, DOWN if factor < 1 else UP, ratio=(factor * 7 / 8, factor * 9 / 8))
    m = re.search(rf"\b({_RISE}|{_FALL})\b", words)
    if m:
        return Change(text, DOWN if re.fullmatch(_FALL, m.group(1)) else UP)
    return None


@dataclass(frozen=True)
class ChangeClaim:
    """A change claim: its words, and the scopes of its first and second counts."""

    change: Change
    first: Scope
    second: Scope


@dataclass(frozen=True)
class Side:
    """One of the two counts: its scope, the value used (claimed, or a published figure's), its months, its monthly
    rate, and what the published figures say of a claimed value (its judgement)."""

    scope: Scope
    low: float | None
    high: float | None
    months: tuple[int, int] | None
    rate: tuple[float, float] | None
    figure: Count | None = None  # the published figure the value comes from, when the claim gives none
    judgement: Judgement | None = None


@dataclass(frozen=True)
class ChangeFacts:
    """What judging a change found: the two sides, why they cannot be compared directly (`not_comparable`: the
    differences, empty when they can), and the ratio of their monthly rates (second / first) when known."""

    change: Change
    first: Side
    second: Side
    not_comparable: tuple[str, ...]
    ratio: tuple[float, float] | None


def _months(scope: Scope) -> tuple[int, int] | None:
    lo, hi = scope.period.length()
    return (lo, hi) if lo and hi else None


def _side(claim: Claim, scope: Scope, claimed: Claimed | None, evidence: Evidence, order: int) -> Side:
    months = _months(scope)
    if claimed is not None:
        sub = Claim(f"{claim.claim_id}#{order}", scope, claimed, claim.source_id, claim.outlet, claim.dataset, "")
        judgement = hold(sub, evidence)
        low, high, figure = claimed.low, claimed.high, None
    else:
        judgement, figure = None, _published(scope, evidence)
        low, high = (figure.low, figure.high) if figure is not None else (None, None)
    rate = (low / months[1], high / months[0]) if months and low is not None and high is not None else None
    return Side(scope, low, high, months, rate, figure, judgement)


def _published(scope: Scope, evidence: Evidence) -> Count | None:
    """An exact published count of this very scope (the value a change's side takes when the claim gives none)."""
    u = evidence.universe
    for c in evidence.counts:
        if (
            c.exact
            and c.of is None
            and c.scope.measure == scope.measure
            and u.place_relation(c.scope.places, scope.places) == EQUAL
            and u.crime_relation(c.scope.crime_types, scope.crime_types) == EQUAL
            and u.population_relation(c.scope.population, scope.population) == EQUAL
            and c.scope.period.relation(scope.period) == EQUAL
        ):
            return c
    return None


def differences(first: Scope, second: Scope, evidence: Evidence) -> tuple[str, ...]:
    """Why two counts cannot show a change directly: 'measure', 'place', 'group', 'group of people', and for the
    periods 'overlapping periods', 'second period first' or 'periods not known'."""
    u = evidence.universe
    out = []
    if first.measure != second.measure:
        out.append("measure")
    if u.place_relation(first.places, second.places) != EQUAL:
        out.append("place")
    if u.crime_relation(first.crime_types, second.crime_types) != EQUAL:
        out.append("group")
    if u.population_relation(first.population, second.population) != EQUAL:
        out.append("group of people")
    relation = first.period.relation(second.period)
    if None in (first.period.end_hi, second.period.start_lo):
        out.append("periods not known")
    elif relation != DISJOINT:
        out.append("overlapping periods")
    elif first.period.end_hi >= second.period.start_lo:
        out.append("second period first")
    return tuple(out)


def judge_change(claim: Claim, change: ChangeClaim, evidence: Evidence) -> Judgement:
    """A change claim judged: each claimed number against the figures, then the direction (or ratio) by monthly
    rate when the two counts are comparable; not directly comparable, with why and both rates, when not."""
    words = change.change
    first = _side(claim, change.first, words.first, evidence, 1)
    second = _side(claim, change.second, words.second, evidence, 2)
    differs = differences(change.first, change.second, evidence)
    ratio = None
    if first.rate and second.rate and first.rate[1] > 0:
        ratio = (second.rate[0] / first.rate[1], second.rate[1] / first.rate[0] if first.rate[0] else math.inf)
    facts = ChangeFacts(words, first, second, differs, ratio)
    wrong = [s for s in (first, second) if s.judgement is not None and s.judgement.verdict == CONTRADICTED]
    if wrong:
        return Judgement(CONTRADICTED, facts=facts)
    if differs or ratio is None:
        return Judgement(NOT_VERIFIABLE, facts=facts)
    lo, hi = words.ratio or ((1.0, math.inf) if words.direction == UP else (0.0, 1.0))
    if ratio[1] < lo or ratio[0] > hi or (words.ratio is None and ratio[0] == ratio[1] == 1.0):
        return Judgement(CONTRADICTED, facts=facts)
    exact = all(s.judgement is not None and s.judgement.verdict == CONFIRMED for s in (first, second))
    return Judgement(CONFIRMED if exact and first.months == second.months else CONSISTENT, facts=facts)
