"""Hold a claim against every count that speaks to it, and reach one verdict from all the comparisons.

For each count of the same measure, the relation of the two scopes decides the
comparison (see `scope`):

* same place and crime types, same (or only compatibly stated) period: the value
  against the claim, each with its qualifier (exact, bound, rounding, words);
* same place and crime types, one period inside the other: the bound that follows
  (the longer period cannot count fewer) and the monthly rate of the months the
  longer period adds, against the shorter one's;
* same place and crime types, overlapping periods: the two monthly rates;
* a narrower or wider place or group over a fitting period: the bound it sets;
* anything else (a different place or group, disjoint months): context, with rates.

Monthly rates agree when their difference lies within a 99.9% interval of a
Poisson model with extra month-to-month variation (PHI): the tolerance depends on
the counts, never one fixed factor. A claim is never confirmed by itself (its own
statement, or a reprint of the same story, is left out), and never by a bound alone.

What each comparison found is kept as structure (`Comparison.facts`: one small dataclass per kind of comparison,
`SameCount`, `Bound`, `NestedPeriods`, `MonthlyRates`, `ClaimedRate`), and a verdict as a `Judgement` naming
its decisive comparisons, flags, bounds and context; `ledger.render` writes every sentence from them.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field, replace

from .counts import Count, Evidence, derived_for
from .scope import COMPATIBLE, CONTAINS, DISJOINT, EQUAL, OVERLAPS, UNKNOWN, WITHIN, Period, Scope
from .wording import INF, Claimed, rate_text

CONFIRMED = "confirmed"
CONSISTENT = "consistent with rounding or wording"
CONTRADICTED = "contradicted"
INCONSISTENT = "inconsistent across sources"
NOT_VERIFIABLE = "not verifiable with the data here"
VERDICTS = (CONFIRMED, CONSISTENT, CONTRADICTED, INCONSISTENT, NOT_VERIFIABLE)

#: Month-to-month variation beyond Poisson (a coefficient of variation), and the two-sided 99.9% z.
PHI = 0.25
Z_LIMIT = 3.29

# What one comparison found.
AGREES = "agrees"  # the same number for the same scope
HOLDS = "holds"  # the claim's words allow the figure's value (a bound, rounding, wording)
LOOSELY = "does not rule it out"  # the figure is itself only a bound, so agreeing with it shows little
WITHIN_BOUNDS = "within bounds"  # a wider or narrower figure bounds the claim, and it lies inside
RATES_AGREE = "rates agree"
DISAGREES = "disagrees"
RATES_DIFFER = "rates differ"
CONTEXT = "context"
#: A published share of the claimed size, but of another group, period, place or whole: the claim borrows it.
MISATTRIBUTED = "of another scope"


@dataclass(frozen=True)
class Claim:
    """A claim as an outlet printed it: what it counts and the range of values its words allow."""

    claim_id: str
    scope: Scope
    claimed: Claimed
    source_id: str
    outlet: str
    dataset: str = ""  # the data (FOI request) it reports, when known
    story: str = ""
    #: For a share: what it is a share of (the whole's scope); None for a count or a rate.
    of: Scope | None = None


@dataclass(frozen=True)
class VaguePeriod:
    """One side's period is stated only loosely (years, or no dates), which allows the other side's months."""

    who: str  # the outlet that gave the loose period ('' for a rule's own side)
    period: Period


@dataclass(frozen=True)
class SameCount:
    """A figure of the same measure, place and crime types, over the same (or a compatibly stated) period: its
    value against the range the claim's words allow."""

    claimed: Claimed
    vague: VaguePeriod | None = None


@dataclass(frozen=True)
class Bound:
    """A figure of a wider or narrower scope bounds the claim: `most` (it can be at most the figure's value) or
    at least; `wider` names what the figure counts more of than the claim ('place', 'group', 'place and group',
    'period'), or less of when `most` is false."""

    claimed: Claimed
    most: bool
    wider: str


@dataclass(frozen=True)
class NestedPeriods:
    """Same measure, place and group, one period inside the other: the monthly rate of the shorter period
    against that of the months the longer one adds."""

    claimed: Claimed
    claim_inside: bool  # the claim's period is the shorter one
    inner: tuple[float, float]  # the shorter period's count
    inner_months: tuple[int, int]
    outer_months: tuple[int, int]
    rest: tuple[float, float]  # what the longer period adds
    rest_months: tuple[int, int]
    inner_rate: tuple[float, float]
    rest_rate: tuple[float, float]


@dataclass(frozen=True)
class MonthlyRates:
    """The claim's monthly rate against a figure's, over overlapping or different months, or for a different place
    or group (context). No months: no rates to compare (`months` is None)."""

    claimed: Claimed
    why: str  # OVERLAPPING, OTHER_MONTHS or OTHER_SCOPE
    months: tuple[tuple[int, int], tuple[int, int]] | None = None  # the claim's and the figure's lengths


@dataclass(frozen=True)
class ClaimedRate:
    """A claimed rate ('hundreds a month') against a figure's count over its months."""

    claimed: Claimed
    months: tuple[int, int]
    same: bool  # the figure counts the claim's place and group (else context)


@dataclass(frozen=True)
class ShareScope:
    """A published share held against a claimed one where what they are shares of differs: `differs` names each
    difference ('place', 'group', 'group of people', 'period' of the part; 'whole' when the share is of another
    whole). The claim's range overlaps the figure's when `outcome` is MISATTRIBUTED (it borrows the figure)."""

    claimed: Claimed
    differs: tuple[str, ...]


# Why two rates are compared.
OVERLAPPING = "overlapping periods"
OTHER_MONTHS = "different months"
OTHER_SCOPE = "a different place or group"


@dataclass
class Comparison:
    """One count held against a claim: how their scopes relate, what was compared (`facts`, one of the kinds
    above), what it found. The words are written from these by `ledger.render`."""

    count: Count
    relation: str
    outcome: str
    facts: object
    claim_rate: tuple[float, float] | None = None
    count_rate: tuple[float, float] | None = None
    exact_differs: bool = False
    closeness: int = 0  # how near the figure's scope is to the claim's (orders context)
    z: float | None = None  # how far apart two monthly rates are, in standard errors (rates compared only)

    def row(self, claim: Claim, explanation: str = "") -> dict:
        return {
            "claim_id": claim.claim_id,
            "figure": self.count.id,
            "source": self.count.outlet,
            "value": self.count.shown(),
            "period": self.count.scope.period.label(),
            "relation": self.relation,
            "outcome": self.outcome,
            "claim_monthly_rate": _rate_text(self.claim_rate),
            "figure_monthly_rate": _rate_text(self.count_rate),
            "standard_errors": "" if self.z is None else f"{self.z:.1f}",
            "explanation": explanation,
        }


@dataclass
class Judgement:
    """One verdict and what it rests on: the comparisons (all, and the decisive ones, the most direct first),
    the other findings named beside it (`flags`), or for a claim that cannot be checked, the bounds and context
    there are; for a rule, what its check found (`facts`)."""

    verdict: str
    comparisons: list[Comparison] = field(default_factory=list)
    decisive: list[Comparison] = field(default_factory=list)
    flags: list[Comparison] = field(default_factory=list)
    divided: bool = False  # the figures disagree among themselves
    bounds: list[Comparison] = field(default_factory=list)
    context: list[Comparison] = field(default_factory=list)
    own: tuple[Count, ...] = ()  # the claim's own statements, left out
    facts: object = None
    #: For a claim no figure of its measure speaks to: figures of the same value or scope under another measure
    #: (never silently substituted; the verdict names them so the fact-checker can choose).
    elsewhere: list[Count] = field(default_factory=list)


# --- rates ------------------------------------------------------------------------------------


def _months(period: Period, count: Count) -> tuple[int, int] | None:
    """A period's length in months, for rates; None when unknown, or when the measure is no flow over time
    (a number of forces has no monthly rate)."""
    lo, hi = period.length()
    return (lo, hi) if lo and hi and count.flow else None


def _rate(low: float, high: float, months: tuple[int, int] | None) -> tuple[float, float] | None:
    if months is None:
        return None
    return low / months[1], high / months[0]  # an open bound stays open: INF / months is INF


def _rate_text(rate: tuple[float, float] | None) -> str:
    if rate is None:
        return ""
    return rate_text(*rate)


def z_score(c1: float, m1: float, c2: float, m2: float) -> float:
    """How far apart two monthly rates are, in standard errors of a Poisson model with extra variation PHI."""
    pooled = (c1 + c2) / (m1 + m2)
    variance = (pooled + (PHI * pooled) ** 2) * (1 / m1 + 1 / m2)
    if variance <= 0:
        return 0.0 if c1 / m1 == c2 / m2 else INF
    return abs(c1 / m1 - c2 / m2) / math.sqrt(variance)


def rates_agree(a: tuple[float, float], a_months, b: tuple[float, float], b_months) -> tuple[bool, float]:
    """Whether two counts over their months could share one monthly rate, at the most favourable admissible
    values and lengths (a vague period or a bound is given every benefit of the doubt)."""
    ra, rb = _rate(*a, a_months), _rate(*b, b_months)
    if ra[0] <= rb[1] and rb[0] <= ra[1]:
        return True, 0.0
    if ra[0] > rb[1]:  # a is the higher: its lowest rate against b's highest
        z = z_score(a[0], a_months[1], b[1], b_months[0])
    else:
        z = z_score(a[1], a_months[0], b[0], b_months[1])
    return z <= Z_LIMIT, z


# --- one comparison ----------------------------------------------------------------------------


def _vague(period: Period, who: str, count: Count, relation: str) -> VaguePeriod | None:
    """Which side's period is only loosely stated (`who` publishes the claimed side), when two counts are only
    compatibly dated."""
    if relation == EQUAL:
        return None
    if not period.exact:
        return VaguePeriod(who, period)
    return VaguePeriod(count.outlet, count.scope.period)


def _known(period) -> bool:
    """Whether a period's first and last months are known at least to the year (a bound needs that)."""
    return None not in (period.start_lo, period.start_hi, period.end_lo, period.end_hi)


def _same_scope(c: Claimed, period: Period, who: str, count: Count, relation: str) -> Comparison:
    facts = SameCount(c, _vague(period, who, count, relation))
    if c.low <= count.high and count.low <= c.high:
        if c.low == c.high == count.low == count.high:
            return Comparison(count, "same count", AGREES, facts)
        differs = count.exact and c.number is not None and count.low != c.number
        outcome = HOLDS if count.exact or count.high != INF and c.low <= count.low else LOOSELY
        return Comparison(count, "same count", outcome, facts, exact_differs=differs)
    return Comparison(count, "same count", DISAGREES, facts)


def _bound(c: Claimed, count: Count, claim_is_narrower: bool, wider: str) -> Comparison:
    """A wider scope bounds a narrower one from above: the narrower cannot count more."""
    ok = c.low <= count.high if claim_is_narrower else c.high >= count.low
    return Comparison(count, "bound", WITHIN_BOUNDS if ok else DISAGREES, Bound(c, claim_is_narrower, wider))


def nested_periods(claimed: Claimed, period: Period, count: Count, who: str = "") -> Comparison:
    """A value (`claimed`: the range its words allow) over a period that lies inside a count's period, for the
    same measure, place and group: the bound the longer period sets, then the monthly rate of the months it adds
    against the shorter one's. `who` published the value (named when its period is vague)."""
    return _nested(claimed, period, who, count, claim_inside=True)


def _nested(c: Claimed, period: Period, who: str, count: Count, claim_inside: bool) -> Comparison:
    """Same place and group, one period inside the other: a bound, then the rate of the months the longer adds."""
    inner_m, outer_m = _months(period, count), _months(count.scope.period, count)
    if not claim_inside:
        inner_m, outer_m = outer_m, inner_m
    inner = (c.low, c.high) if claim_inside else (count.low, count.high)
    outer = (count.low, count.high) if claim_inside else (c.low, c.high)
    bound = _bound(c, count, claim_inside, "period")
    if bound.outcome == DISAGREES or inner_m is None or outer_m is None:
        return bound
    rest_m = (max(outer_m[0] - inner_m[1], 1), outer_m[1] - inner_m[0])
    if rest_m[1] <= 0:
        return _same_scope(c, period, who, count, COMPATIBLE)
    rest = (max(outer[0] - inner[1], 0.0), outer[1] - inner[0])
    ok, z = rates_agree(inner, inner_m, rest, rest_m)
    facts = NestedPeriods(
        c, claim_inside, inner, inner_m, outer_m, rest, rest_m, _rate(*inner, inner_m), _rate(*rest, rest_m)
    )
    rates = (
        _rate(c.low, c.high, _months(period, count)),
        _rate(count.low, count.high, _months(count.scope.period, count)),
    )
    outcome = RATES_AGREE if ok else RATES_DIFFER
    return Comparison(count, "nested periods", outcome, facts, *rates, z=z)


def _overlapping(claim: Claim, count: Count, verdict_bearing: bool, why: str) -> Comparison | None:
    c, cm, fm = claim.claimed, _months(claim.scope.period, count), _months(count.scope.period, count)
    if cm is None or fm is None:
        if verdict_bearing:
            return None
        return Comparison(count, why, CONTEXT, MonthlyRates(c, why))
    claim_rate, count_rate = _rate(c.low, c.high, cm), _rate(count.low, count.high, fm)
    ok, z = rates_agree((c.low, c.high), cm, (count.low, count.high), fm)
    facts = MonthlyRates(c, why, (cm, fm))
    if not verdict_bearing:
        return Comparison(count, why, CONTEXT, facts, claim_rate, count_rate)
    return Comparison(count, why, RATES_AGREE if ok else RATES_DIFFER, facts, claim_rate, count_rate, z=z)


def _rate_claim(claim: Claim, count: Count, same: bool) -> Comparison | None:
    """A claimed rate ('hundreds a month') against a count's monthly rate."""
    months = _months(count.scope.period, count)
    if months is None:
        return None
    rate = _rate(count.low, count.high, months)
    c = claim.claimed
    facts = ClaimedRate(c, months, same)
    if not same:
        return Comparison(count, "different place or group", CONTEXT, facts, (c.low, c.high), rate)
    ok = c.low <= rate[1] and rate[0] <= c.high
    outcome = (HOLDS if rate[1] != INF else LOOSELY) if ok else DISAGREES
    return Comparison(count, "monthly rate", outcome, facts, (c.low, c.high), rate)


def compare(claim: Claim, count: Count, evidence: Evidence) -> Comparison | None:
    """The comparison that fits how a count's scope relates to the claim's, or None if it says nothing about it."""
    if count.scope.measure != claim.scope.measure or (count.of is None) != (claim.of is None):
        return None
    u = evidence.universe
    place = u.place_relation(claim.scope.places, count.scope.places)
    group = u.crime_relation(claim.scope.crime_types, count.scope.crime_types)
    people = u.population_relation(claim.scope.population, count.scope.population)
    period = claim.scope.period.relation(count.scope.period)
    same = place == group == people == EQUAL
    if claim.of is not None:
        found = compare_share(claim, count, evidence)
    elif DISJOINT in (place, group, people):
        return None
    elif claim.claimed.kind == "rate" and same and period != EQUAL and _over_known_months(claim):
        found = _same_place_and_group(_as_count(claim), count, period)  # one method for every period relation
    elif claim.claimed.kind == "rate":
        found = _rate_claim(claim, count, same)
    elif claim.claimed.kind != "count":
        return None  # a share names its whole (claims/README.md); ratios need their explicit rule
    elif same:
        found = _same_place_and_group(claim, count, period)
    else:
        found = _other_place_or_group(claim, count, place, group, period, people)
    if found is not None:
        near = {EQUAL: 3, WITHIN: 2, CONTAINS: 2, OVERLAPS: 1}
        when = {EQUAL: 2, COMPATIBLE: 1, WITHIN: 1, CONTAINS: 1}
        generic = count.scope.crime_types == ("all",) and claim.scope.crime_types != ("all",)
        found.closeness = near.get(place, 0) + near.get(group, 0) + when.get(period, 0) - generic
    return found


def _over_known_months(claim: Claim) -> Claimed | None:
    """A claimed monthly rate over a period of known length, as the count it implies over that period ('around 90 a
    month' over 29 months is 2,465 to 2,755), so that rates and counts are compared by one method; None when the
    claim's period has no known length."""
    lo, hi = claim.scope.period.length()
    if not lo or not hi:
        return None
    c = claim.claimed
    return Claimed(c.text, "count", c.low * lo, c.high * hi, None, c.meaning)


def _as_count(claim: Claim) -> Claim:
    """A claimed rate as the count it implies over its months (`_over_known_months`): compared over nested or
    overlapping periods exactly as a claimed count is."""
    return replace(claim, claimed=_over_known_months(claim))


def _same_place_and_group(claim: Claim, count: Count, period: str) -> Comparison | None:
    c, p, who = claim.claimed, claim.scope.period, claim.outlet
    if period in (EQUAL, COMPATIBLE):
        return _same_scope(c, p, who, count, period)
    if period in (WITHIN, CONTAINS):
        return _nested(c, p, who, count, claim_inside=period == WITHIN)
    if period in (OVERLAPS, UNKNOWN):
        return _undated_never_supports(_overlapping(claim, count, True, OVERLAPPING), claim.scope.period, count)
    return _overlapping(claim, count, False, OTHER_MONTHS)


def _undated(period: Period) -> bool:
    return period.start_lo is None and period.end_hi is None


def _undated_never_supports(found: Comparison | None, period: Period, count: Count) -> Comparison | None:
    """Rates that agree with a period given by its length alone ('a two year period') show only that some placement
    of its months could fit: never support that could stop a contradiction (it does not rule the claim out)."""
    if found is not None and found.outcome == RATES_AGREE and (_undated(period) or _undated(count.scope.period)):
        found.outcome = LOOSELY
    return found


def _other_place_or_group(
    claim: Claim, count: Count, place: str, group: str, period: str, people: str = EQUAL
) -> Comparison | None:
    narrower = {place, group, people} <= {EQUAL, WITHIN}
    wider = {place, group, people} <= {EQUAL, CONTAINS}
    fits = period in (EQUAL, WITHIN, CONTAINS) or (
        period == COMPATIBLE and _known(claim.scope.period) and _known(count.scope.period)
    )
    named = {"place": place, "group": group, "group of people": people}
    what = " and ".join(k for k, v in named.items() if v != EQUAL)
    if narrower and fits and period != CONTAINS and count.high != INF:
        return _bound(claim.claimed, count, True, what)
    if wider and fits and period != WITHIN:
        return _bound(claim.claimed, count, False, what)
    return _overlapping(claim, count, False, OTHER_SCOPE)


# --- shares ------------------------------------------------------------------------------------------


def _differences(u, a: Scope, b: Scope) -> list[str]:
    """What differs between two scopes of the same measure: 'place', 'group', 'group of people', 'period'."""
    out = []
    if u.place_relation(a.places, b.places) != EQUAL:
        out.append("place")
    if u.crime_relation(a.crime_types, b.crime_types) != EQUAL:
        out.append("group")
    if u.population_relation(a.population, b.population) != EQUAL:
        out.append("group of people")
    if a.period.relation(b.period) not in (EQUAL, COMPATIBLE):
        out.append("period")
    return out


def compare_share(claim: Claim, count: Count, evidence: Evidence) -> Comparison | None:
    """A claimed share against a published one (or one that two counts make): of the same part and whole, the
    value against the range the claim's words allow (the same words agree); of another part or whole, a scope
    error when the claim's range takes in the figure's (it borrows the figure), else context."""
    if count.of is None or claim.of is None or count.of.measure != claim.of.measure:
        return None
    u = evidence.universe
    differs = _differences(u, claim.scope, count.scope)
    if set(_differences(u, claim.of, count.of)) - set(differs):
        differs.append("whole")  # the same part, of another whole (a share of the wrong denominator)
    c = claim.claimed
    overlaps = c.low <= count.high and count.low <= c.high
    if differs:
        return Comparison(
            count, "share of another scope", MISATTRIBUTED if overlaps else CONTEXT, ShareScope(c, tuple(differs))
        )
    period = claim.scope.period.relation(count.scope.period)
    if overlaps and (c.low, c.high) == (count.low, count.high):
        return Comparison(
            count, "same share", AGREES, SameCount(c, _vague(claim.scope.period, claim.outlet, count, period))
        )
    found = _same_scope(c, claim.scope.period, claim.outlet, count, period)
    if found.outcome == LOOSELY and count.meaning == "verbal" and count.low <= c.low and c.high <= count.high:
        found.outcome = HOLDS  # '25%' for a published 'a quarter': the same share in figures, fair as worded
    found.relation = "same share"
    return found


#: At most this many ways of adding up one + list from one source's figures (several figures of one scope).
MAX_SUMS = 8


def sums_for(scope: Scope, evidence: Evidence) -> list[Count]:
    """Counts of a + list that one source's published figures add up to: a figure for each member of the list (each
    place of `north+south`, each crime type of `abuse+theft` or of a declared union such as 'modern slavery and
    human trafficking'), all exact, of the scope's measure, group of people and period, from the same source; their
    sum counts the scope (785 for modern slavery and 618 for human trafficking: 1,403). Members never overlap (the
    claims reader refuses a + list that does)."""
    u = evidence.universe
    places, types = scope.places, u.crime_members(scope.crime_types)
    splits = []
    if len(places) > 1:
        splits.append([replace(scope, places=(p,)) for p in places])
    if len(types) > 1 and "all" not in types:
        splits.append([replace(scope, crime_types=(t,)) for t in types])
    out = []
    for members in splits:
        by_source: dict[str, list[list[Count]]] = {}
        for i, member in enumerate(members):
            for c in evidence.counts_for(member):
                if c.of is None and c.exact and not c.derived and c.scope.measure == scope.measure:
                    if not _differences(u, c.scope, member):
                        found = by_source.setdefault(c.source_id, [[] for _ in members])
                        found[i].append(c)
        for source in sorted(by_source):
            options = by_source[source]
            if not all(options):
                continue  # every member needs a published figure
            combos = itertools.islice(itertools.product(*[sorted(o, key=lambda c: c.id) for o in options]), MAX_SUMS)
            for parts in combos:
                value = sum(c.low for c in parts)
                out.append(
                    replace(
                        parts[0],
                        id=" + ".join(c.id for c in parts),
                        scope=replace(parts[0].scope, places=scope.places, crime_types=scope.crime_types),
                        low=value,
                        high=value,
                        value=value,
                        qualifier="exact",
                        meaning="exact",
                        derived="sum",
                        description="",
                        members=tuple(parts),
                        parts=tuple(c.id for c in parts),
                        role="original" if all(c.role == "original" for c in parts) else "restatement",
                    )
                )
    return out


def shares_made(claim: Claim, evidence: Evidence) -> list[Count]:
    """The shares that published counts make for a claimed share: a count of its part over a count of its whole,
    both from the same source and of the claim's very scopes (126 referrals with no force recorded of the 2,672);
    a part or whole that is a + list may be the sum of the source's figures for its members (`sums_for`)."""
    if claim.of is None:
        return []
    u = evidence.universe

    def fits(count: Count, scope: Scope) -> bool:
        return count.of is None and count.scope.measure == scope.measure and not _differences(u, count.scope, scope)

    out = []
    wholes = [c for c in evidence.counts_for(claim.of) if fits(c, claim.of)] + sums_for(claim.of, evidence)
    parts = [c for c in evidence.counts_for(claim.scope) if fits(c, claim.scope)] + sums_for(claim.scope, evidence)
    for part in parts:
        for whole in wholes:
            if part is whole or part.source_id != whole.source_id or whole.low <= 0 or part.role != "original":
                continue
            out.append(
                replace(
                    part,
                    id=f"{part.id} / {whole.id}",
                    low=part.low / whole.high,
                    high=min(part.high / whole.low, 1.0),
                    value=None if not (part.exact and whole.exact) else part.low / whole.low,
                    qualifier="derived",
                    meaning="exact",
                    derived="share",
                    members=(part, whole),
                    parts=(part.id, whole.id),
                    of=whole.scope,
                    flow=False,
                )
            )
    return out


# --- all comparisons, one verdict --------------------------------------------------------------


def is_own_statement(claim: Claim, count: Count, evidence: Evidence) -> bool:
    """The claim's own words, transcribed (or a reprint of the same story): holding it against itself proves nothing."""
    if not claim.story or count.story != claim.story or count.derived:
        return False
    u = evidence.universe
    return (
        count.scope.measure == claim.scope.measure
        and u.place_relation(claim.scope.places, count.scope.places) == EQUAL
        and u.crime_relation(claim.scope.crime_types, count.scope.crime_types) == EQUAL
        and count.value == claim.claimed.number
    )


def hold(claim: Claim, evidence: Evidence) -> Judgement:
    """The claim held against every count that speaks to it: the comparisons and one verdict from them; for a
    claim none speaks to, the figures of the same value or scope under another measure."""
    found, own = _comparisons(claim, evidence)
    judgement = judge(claim, found, own)
    if judgement.verdict == NOT_VERIFIABLE and not judgement.decisive and not judgement.own:
        judgement.elsewhere = other_measures(claim, evidence)
    return judgement


def other_measures(claim: Claim, evidence: Evidence, limit: int = 2) -> list[Count]:
    """Published counts under another measure than the claim's that give its value or count its scope: those of
    the same value and scope first, then the same value, then the same scope (a measure read another way)."""
    u, c = evidence.universe, claim.claimed
    flow = u.measures.get(claim.scope.measure, {}).get("flow", "yes") == "yes"
    ranked = []
    for count in evidence.counts:
        if count.scope.measure == claim.scope.measure or count.of is not None or count.derived or count.flow != flow:
            continue
        if (claim.of is None) != (count.of is None) or c.kind == "rate":
            continue
        same_scope = not _differences(u, claim.scope, count.scope)
        same_value = c.low <= count.high and count.low <= c.high and INF not in (count.high, c.high)
        if not (same_value or same_scope):
            continue
        place = u.place_relation(claim.scope.places, count.scope.places)
        if not same_scope and place == DISJOINT:
            continue
        ranked.append(((not same_value, not same_scope, count.role != "original", count.id), count))
    ranked.sort(key=lambda r: r[0])
    if ranked and not ranked[0][0][0]:  # figures of the same value: only those
        ranked = [r for r in ranked if not r[0][0]]
    return [count for _, count in ranked[:limit]]


def comparisons(claim: Claim, evidence: Evidence) -> list[Comparison]:
    """Every count that speaks to the claim, each with its comparison; a sum or complement a breakdown implies
    only where no published figure already counts the same thing. The claim's own statements are left out."""
    return _comparisons(claim, evidence)[0]


def _comparisons(claim: Claim, evidence: Evidence) -> tuple[list[Comparison], tuple[Count, ...]]:
    """The comparisons, and the claim's own statements that were left out."""
    out, own = [], []
    for count in evidence.counts_for(claim.scope):
        if is_own_statement(claim, count, evidence):
            own.append(count)
            continue
        found = compare(claim, count, evidence)
        if found is not None:
            out.append(found)
    covered = {_what(c.count) for c in out if c.count.role == "original"}
    for count in shares_made(claim, evidence):
        found = compare(claim, count, evidence)
        if found is not None:
            out.append(found)
    implied = [*derived_for(evidence, claim.scope.crime_types), *sums_for(claim.scope, evidence)]
    for count in implied if claim.of is None else ():
        found = compare(claim, count, evidence)
        if found is not None and _what(count) not in covered:
            covered.add(_what(count))
            out.append(found)
    return out, tuple(own)


def _what(count: Count) -> tuple:
    """What a count counts and its value, whatever words its source used for the period."""
    p = count.scope.period
    period = (p.start_lo, p.start_hi, p.end_lo, p.end_hi)
    return count.scope.measure, count.scope.places, count.scope.crime_types, period, count.low, count.high


DECISIVE = (AGREES, HOLDS, RATES_AGREE, DISAGREES, RATES_DIFFER, MISATTRIBUTED)
#: At most this many other findings are named beside a verdict, from each tier of sources.
FLAGS = 2


def judge(claim: Claim, found: list[Comparison], own: tuple[Count, ...] = ()) -> Judgement:
    """One verdict from all the comparisons. Original reporting of the data decides before restatements of it
    (a reprint's typo cannot overturn the source it reprints); within them, the claim's own data decide, other
    requests' figures are weighed as cross-source findings, and bounds alone never confirm. `own`: the claim's
    own statements, left out of the comparisons (a claim they alone speak to says so)."""
    originals = [c for c in found if c.count.role == "original"]
    restated = [c for c in found if c.count.role != "original"]
    for tier, others in ((originals, restated), (restated, originals)):
        if any(c.outcome in DECISIVE for c in tier):
            judgement = _judge_tier(claim, tier)
            flags = [c for c in others if c.outcome in (DISAGREES, RATES_DIFFER)]
            return _with_flags(judgement, flags, found)
    return _not_verifiable(found, own)


def _judge_tier(claim: Claim, found: list[Comparison]) -> Judgement:
    """Direct comparisons (a figure of the same scope) decide before rates: monthly rates that differ from another
    figure's are a finding against the claim only when no figure counts the same thing."""
    own = _own_data(claim, found)
    contradicting = [c for c in own if c.outcome in (DISAGREES, MISATTRIBUTED)]
    direct = [c for c in found if _direct(c, claim)]
    supporting = [c for c in found if c.outcome in (AGREES, HOLDS, RATES_AGREE)]
    crossing = [c for c in found if c.outcome == DISAGREES and c not in own]  # `in` compares field by field
    crossing += [c for c in found if c.outcome == RATES_DIFFER]
    agreeing = sorted((c for c in found if c.outcome == AGREES), key=lambda c: c not in own)
    holding = [c for c in found if c.outcome == HOLDS]
    if contradicting:
        supporting = _outweighing(contradicting, supporting, direct)
        if supporting:
            return _judgement(INCONSISTENT, contradicting + supporting, divided=True)
        return _judgement(CONTRADICTED, contradicting)
    if agreeing:
        return _judgement(CONFIRMED, agreeing, flags=crossing + _exact_flags(found))
    if holding:
        return _judgement(CONSISTENT, holding, flags=crossing + _exact_flags(found))
    if crossing:
        return _judgement(INCONSISTENT, crossing)
    return _judgement(CONSISTENT, [c for c in found if c.outcome == RATES_AGREE])


def _own_data(claim: Claim, found: list[Comparison]) -> list[Comparison]:
    """The comparisons with the claim's own data: its request's figures; for a claim whose data are unknown, the
    requests whose figures count exactly what it counts (so another request's disagreement weighs the same in every
    claim, whichever way it is worded), or every figure when none does."""
    if claim.dataset:
        return [c for c in found if c.count.dataset == claim.dataset]
    direct = {c.count.dataset for c in found if _direct(c, claim)}
    return [c for c in found if c.count.dataset in direct] if direct else list(found)


def _outweighing(contradicting: list[Comparison], supporting: list[Comparison], direct: list[Comparison]):
    """The supporting comparisons that can divide the sources against a contradiction. An exact figure of the
    claim's own scope that rules the claim out is outweighed only by another figure that speaks as directly (the
    same count, stated exactly); a figure that merely does not rule the claim out (a bound such as 'at least 1,787',
    or a monthly rate over other or vaguely stated months) never makes it 'inconsistent across sources'."""
    if not any(c in direct for c in contradicting):
        return supporting
    return [c for c in supporting if c in direct]


def _direct(c: Comparison, claim: Claim) -> bool:
    """A figure of the same count as the claim over the very same months, stated exactly (neither a bound nor a
    rate over other or vaguely stated months); for a claimed rate, the figure's rate over those months."""
    if not c.count.exact:
        return False
    if isinstance(c.facts, SameCount):
        return c.facts.vague is None
    if isinstance(c.facts, ClaimedRate):
        return c.facts.same and claim.scope.period.relation(c.count.scope.period) == EQUAL
    return False


def _with_flags(judgement: Judgement, flags: list[Comparison], found: list[Comparison]) -> Judgement:
    """Add the restatements (or originals) that disagree with the verdict's side, as findings of their own."""
    judgement.flags += [c for c in _first_per_figure(flags) if c not in judgement.decisive][:FLAGS]
    judgement.comparisons = found
    return judgement


def _exact_flags(found: list[Comparison]) -> list[Comparison]:
    return [c for c in found if c.exact_differs]


_RANK = {AGREES: 0, DISAGREES: 0, HOLDS: 1, RATES_DIFFER: 1, RATES_AGREE: 2, MISATTRIBUTED: 1}
#: The decisive figures a verdict names (the others are counted).
NAMED = 3


def _judgement(verdict: str, decisive, flags=(), divided: bool = False) -> Judgement:
    """The verdict with its decisive comparisons, the most direct and closest first (`judge` adds them all), and
    up to two other findings beside them."""
    decisive = sorted(_first_per_figure(decisive), key=lambda c: (_RANK[c.outcome], -c.closeness, _bound_value(c)))
    extra = [c for c in _first_per_figure(list(flags)) if c not in decisive][:FLAGS]
    return Judgement(verdict, decisive=decisive, flags=extra, divided=divided)


def _bound_value(c: Comparison) -> bool:
    """A value compared that is a bound ('87 of over 200': at most 43.3%): of equally close figures, an exact value
    is named first (87 of 207, 42%); rates, a figure's months averaged, keep their order."""
    return c.outcome in (AGREES, DISAGREES, HOLDS) and not c.count.exact


def _first_per_figure(comparisons: list[Comparison]) -> list[Comparison]:
    seen, out = set(), []
    for c in comparisons:
        if c.count.id not in seen:
            seen.add(c.count.id)
            out.append(c)
    return out


def _not_verifiable(found: list[Comparison], own: tuple[Count, ...]) -> Judgement:
    """No figure decides: the bounds the claim lies within and the nearest context (those with a rate first)."""
    bounds = sorted((c for c in found if c.outcome == WITHIN_BOUNDS), key=lambda c: -c.closeness)[:FLAGS]
    context = [c for c in found if c.outcome == CONTEXT]
    nearest = sorted(context, key=lambda c: (c.count_rate is None or c.count_rate[1] == INF, -c.closeness))
    return Judgement(
        NOT_VERIFIABLE, found, [], bounds=bounds, context=_first_per_figure(nearest)[:FLAGS], own=tuple(own)
    )
