"""Explicit ledger rules, one entry each: what a rule compares, its parameters, its check and its text.

A claim needs no rule: the ledger finds every figure to hold it against from what
it counts (`compare`). A rule is for what that cannot express: a share or ratio
of two figures, an order, two figures a claim ties together, the length of a
period, or a claim the data cannot check. claims/README.md's rule table is
generated from this registry (a test keeps them in step).

Sides (`checked_against`, `compare_with`) are expressions over figure ids (see
`expr`). A side that holds no figure id, or is empty, stands for the claim itself,
with the scope its own columns give; a rule that computes a value needs at least
one figure, so no claim is ever confirmed against no data.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from . import compare, expr
from .compare import CONFIRMED, CONSISTENT, CONTRADICTED, INCONSISTENT, NOT_VERIFIABLE, Judgement
from .counts import Count, Evidence
from .scope import COMPATIBLE, DISJOINT, EQUAL, WITHIN, Scope
from .wording import Claimed, WordingError, number_text, range_text, read

RATIO_WORDS = {"twice": 2.0, "double": 2.0, "three times": 3.0, "treble": 3.0, "four times": 4.0, "half as many": 0.5}
#: A ratio in words ('twice as many') is read as that ratio give or take an eighth.
RATIO_TOLERANCE = 0.125


class RuleError(ValueError):
    """A rule given what it cannot use; the message names the field."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name


@dataclass
class Side:
    """One side of a rule: a value computed from figures, or the claim itself, with its scope when it has one."""

    text: str
    value: float | None
    scope: Scope | None
    figures: list[str]
    count: Count | None = None
    #: The published figures in an arithmetic side, in order (for words: '29 plus 11'), and a figure's words when
    #: it has no number ('a quarter').
    parts: tuple[Count, ...] = ()
    words: str = ""

    def as_count(self) -> Count:
        """The side as a count: its figure's, or its value stated exactly, with no source (the claim itself)."""
        if self.count is not None:
            return self.count
        v = self.value
        return Count(
            id=self.text,
            scope=self.scope,
            low=v,
            high=v,
            value=v,
            qualifier="exact",
            meaning="exact",
            source_id="",
            outlet="",
            dataset="",
            story="",
        )

    def as_claimed(self) -> Claimed:
        """The side's value as an exact claim of a count, for the comparisons of `compare`."""
        return Claimed(
            text=self.text, kind="count", low=self.value, high=self.value, number=self.value, meaning="exact"
        )


@dataclass
class Context:
    """What a rule's check is given."""

    claim_text: str
    claimed: Claimed | None
    sides: list[Side]
    params: dict[str, float]
    reason: str
    evidence: Evidence


def _values_shown(sides: list[Side]) -> list[float | None]:
    return [s.value for s in sides]


@dataclass(frozen=True)
class Rule:
    name: str
    holds_when: str
    verdicts: str
    check: Callable[[Context], Judgement]
    sides: int = 1
    params: tuple[str, ...] = ()
    needs: str = "number"  # what `claimed` must hold: number, words, share, ratio, any
    aliases: tuple[str, ...] = ()
    computes: bool = True  # needs at least one figure id in its sides
    ids_only: bool = False  # its sides are single figure ids (or the claim itself), never arithmetic
    #: The value each side came to, as the ledger shows it (`computed`).
    shown: Callable[[list[Side]], list[float | None]] = _values_shown
    #: How the rule checks a claim, in a reader's words ('checked as ...').
    in_words: str = ""


def _j(verdict: str, facts) -> Judgement:
    return Judgement(verdict, facts=facts)


# --- what a check found (`ledger.render` writes the words) ---------------------------------------------------


@dataclass
class Computed:
    """The value a side came to, held against the claimed number by `test`: 'exact', 'rounded' (to `precision`,
    giving `rounded`), a bound's words ('at least', 'more than', 'at most', 'less than') or 'range' (the range
    of the claim's words)."""

    side: Side
    claimed: Claimed
    test: str
    ok: bool
    precision: float = 0.0
    rounded: float = 0.0


@dataclass
class ShareOf:
    """`part` ÷ `whole` against the share claimed; `ok` None when the whole is zero."""

    part: Side
    whole: Side
    claimed: Claimed
    ok: bool | None


@dataclass
class Ratio:
    """`a` ÷ `b` against a ratio in words (`words`, read as `low` to `high` times); `ok` None when b is zero."""

    a: Side
    b: Side
    words: str
    low: float
    high: float
    ok: bool | None


@dataclass
class PartOf:
    """A part within its whole, against the claimed number (`larger`: the part is larger than the whole)."""

    part: Side
    whole: Side
    claimed: Claimed
    ok: bool
    larger: bool = False


@dataclass
class Order:
    """Figures claimed to run from largest to smallest."""

    sides: list[Side]
    ok: bool


@dataclass
class NotComparable:
    """Two sides that count different things: `why` is 'measure', 'place' or 'crime types'."""

    a: Side
    b: Side
    why: str


@dataclass
class TwoPeriods:
    """Two sides' values and periods, as `same` ('same': same value and period; 'same-period': same period) sees
    them; `relation` is how the periods relate (scope.EQUAL, COMPATIBLE...)."""

    a: Side
    b: Side
    rule: str
    relation: str


@dataclass
class NestedRule:
    """The nested-period rule: the comparison of the shorter side's value with the longer side's count, or why
    there is none (`problem`: 'not nested')."""

    a: Side
    b: Side
    comparison: compare.Comparison | None = None
    problem: str = ""


@dataclass
class RateRule:
    """Two sides' monthly rates; or why they cannot be compared (`problem`: 'disjoint', 'no length')."""

    a: Side
    b: Side
    months: tuple = ()
    ok: bool = False
    z: float = 0.0
    problem: str = ""


@dataclass
class PeriodLength:
    """A side's period's length in months (None: no stated period) against the claimed number."""

    side: Side
    months: tuple[int, int] | None
    claimed: Claimed


@dataclass
class Unverifiable:
    """A claim the data cannot check, and why, in the claims file's words."""

    reason: str


# --- checks -------------------------------------------------------------------------------------


def _value(ctx: Context) -> float:
    return ctx.sides[0].value


def check_exact(ctx: Context) -> Judgement:
    value, claimed = _value(ctx), ctx.claimed.number
    ok = value == claimed
    return _j(CONFIRMED if ok else CONTRADICTED, Computed(ctx.sides[0], ctx.claimed, "exact", ok))


def check_rounded(ctx: Context) -> Judgement:
    value, claimed, precision = _value(ctx), ctx.claimed.number, ctx.params["precision"]
    rounded = math.floor(value / precision + 0.5) * precision
    facts = Computed(ctx.sides[0], ctx.claimed, "rounded", rounded == claimed, precision, rounded)
    if value == claimed:
        return _j(CONFIRMED, facts)
    return _j(CONSISTENT if rounded == claimed else CONTRADICTED, facts)


def check_bound(ctx: Context, word: str, test: Callable[[float, float], bool]) -> Judgement:
    """The computed value against a bound the claim states in `word` ('at least'), by `test`."""
    value, claimed = _value(ctx), ctx.claimed.number
    ok = test(value, claimed)
    facts = Computed(ctx.sides[0], ctx.claimed, word, ok)
    if ok:
        return _j(CONFIRMED if value == claimed else CONSISTENT, facts)
    return _j(CONTRADICTED, facts)


def _at_least(value: float, claimed: float) -> bool:
    return value >= claimed


def _more_than(value: float, claimed: float) -> bool:
    return value > claimed


def _at_most(value: float, claimed: float) -> bool:
    return value <= claimed


def _less_than(value: float, claimed: float) -> bool:
    return value < claimed


def check_range(ctx: Context) -> Judgement:
    """Verbal quantities: the computed value lies in the range the words allow."""
    value, claimed = _value(ctx), ctx.claimed
    ok = claimed.low <= value <= claimed.high
    return _j(_range_verdict(value, claimed), Computed(ctx.sides[0], claimed, "range", ok))


def _range_verdict(value: float, claimed: Claimed) -> str:
    if claimed.low <= value <= claimed.high:
        return CONFIRMED if claimed.low == claimed.high == value else CONSISTENT
    return CONTRADICTED


def check_share(ctx: Context) -> Judgement:
    """The share `checked_against` ÷ `compare_with` lies in the range the words allow."""
    part, whole = ctx.sides[0], ctx.sides[1]
    if whole.value == 0:
        return _j(NOT_VERIFIABLE, ShareOf(part, whole, ctx.claimed, None))
    share = part.value / whole.value
    verdict = _range_verdict(share, ctx.claimed)
    return _j(verdict, ShareOf(part, whole, ctx.claimed, verdict != CONTRADICTED))


def _share_shown(sides: list[Side]) -> list[float | None]:
    """The share rule shows the share it computed in place of the part."""
    part, whole = sides[0].value, sides[1].value
    return [part if whole == 0 else part / whole, whole]


def check_ratio(ctx: Context) -> Judgement:
    a, b = ctx.sides[0], ctx.sides[1]
    if b.value == 0:
        return _j(NOT_VERIFIABLE, Ratio(a, b, ctx.claim_text, 0.0, 0.0, None))
    low, high = _ratio_range(ctx.claim_text)
    ok = low <= a.value / b.value <= high
    return _j(CONSISTENT if ok else CONTRADICTED, Ratio(a, b, ctx.claim_text, low, high, ok))


def _ratio_range(text: str) -> tuple[float, float]:
    words = text.lower()
    for phrase, ratio in sorted(RATIO_WORDS.items(), key=lambda kv: -len(kv[0])):
        if phrase in words:
            return ratio * (1 - RATIO_TOLERANCE), ratio * (1 + RATIO_TOLERANCE)
    raise RuleError("claimed", f"{text!r} is no ratio in words; known: {', '.join(RATIO_WORDS)}")


def check_part_of(ctx: Context) -> Judgement:
    part, whole = ctx.sides[0], ctx.sides[1]
    if part.value > whole.value:
        return _j(CONTRADICTED, PartOf(part, whole, ctx.claimed, False, larger=True))
    claimed = ctx.claimed
    if not claimed.low <= part.value <= claimed.high:
        return _j(CONTRADICTED, PartOf(part, whole, claimed, False))
    exact = claimed.low == claimed.high == part.value
    return _j(CONFIRMED if exact else CONSISTENT, PartOf(part, whole, claimed, True))


def check_order(ctx: Context) -> Judgement:
    values = [s.value for s in ctx.sides]
    ok = all(a > b for a, b in zip(values, values[1:]))
    return _j(CONFIRMED if ok else CONTRADICTED, Order(list(ctx.sides), ok))


def _comparable(ctx: Context) -> NotComparable | None:
    """Why two sides cannot be compared (different measure, place or group), or None."""
    (a, b), u = ctx.sides[:2], ctx.evidence.universe
    if a.scope.measure != b.scope.measure:
        return NotComparable(a, b, "measure")
    if u.place_relation(a.scope.places, b.scope.places) != EQUAL:
        return NotComparable(a, b, "place")
    if u.crime_relation(a.scope.crime_types, b.scope.crime_types) != EQUAL:
        return NotComparable(a, b, "crime types")
    return None


def check_same(ctx: Context) -> Judgement:
    why = _comparable(ctx)
    if why:
        return _j(NOT_VERIFIABLE, why)
    (a, b), relation = ctx.sides, ctx.sides[0].scope.period.relation(ctx.sides[1].scope.period)
    facts = TwoPeriods(a, b, "same", relation)
    if a.value != b.value:
        return _j(INCONSISTENT, facts)
    return _j({EQUAL: CONFIRMED, COMPATIBLE: CONSISTENT}.get(relation, INCONSISTENT), facts)


def check_same_period(ctx: Context) -> Judgement:
    a, b = ctx.sides
    relation = a.scope.period.relation(b.scope.period)
    verdict = {EQUAL: CONFIRMED, COMPATIBLE: CONSISTENT}.get(relation, INCONSISTENT)
    return _j(verdict, TwoPeriods(a, b, "same-period", relation))


def _with_lengths(side: Side, months: float | None) -> Side:
    """The side with the length in months a parameter gives its period (it then stands for no figure's count)."""
    if months is None:
        return side
    period = replace(side.scope.period, length_lo=int(months), length_hi=int(months))
    return replace(side, scope=replace(side.scope, period=period), count=None)


def check_nested(ctx: Context) -> Judgement:
    why = _comparable(ctx)
    if why:
        return _j(NOT_VERIFIABLE, why)
    a = _with_lengths(ctx.sides[0], ctx.params.get("months"))
    b = _with_lengths(ctx.sides[1], ctx.params.get("compare_months"))
    relation = a.scope.period.relation(b.scope.period)
    if relation not in (WITHIN, EQUAL):
        return _j(NOT_VERIFIABLE, NestedRule(a, b, problem="not nested"))
    found = compare.nested_periods(a.as_claimed(), a.scope.period, b.as_count())
    verdict = {compare.DISAGREES: INCONSISTENT, compare.RATES_DIFFER: INCONSISTENT}.get(found.outcome, CONSISTENT)
    return _j(verdict, NestedRule(a, b, found))


def check_rate(ctx: Context) -> Judgement:
    why = _comparable(ctx)
    if why:
        return _j(NOT_VERIFIABLE, why)
    a = _with_lengths(ctx.sides[0], ctx.params.get("months"))
    b = _with_lengths(ctx.sides[1], ctx.params.get("compare_months"))
    if a.scope.period.relation(b.scope.period) == DISJOINT:
        return _j(NOT_VERIFIABLE, RateRule(a, b, problem="disjoint"))
    am, bm = a.scope.period.length(), b.scope.period.length()
    if None in am or None in bm:
        return _j(NOT_VERIFIABLE, RateRule(a, b, problem="no length"))
    ok, z = compare.rates_agree((a.value, a.value), am, (b.value, b.value), bm)
    return _j(CONSISTENT if ok else INCONSISTENT, RateRule(a, b, (am, bm), ok, z))


def check_period_length(ctx: Context) -> Judgement:
    side = ctx.sides[0]
    lo, hi = side.scope.period.length()
    claimed = ctx.claimed.number
    if lo is None or hi is None:
        return _j(NOT_VERIFIABLE, PeriodLength(side, None, ctx.claimed))
    facts = PeriodLength(side, (lo, hi), ctx.claimed)
    if lo == hi == claimed:
        return _j(CONFIRMED, facts)
    return _j(CONSISTENT if lo <= claimed <= hi else CONTRADICTED, facts)


def check_not_verifiable(ctx: Context) -> Judgement:
    return _j(NOT_VERIFIABLE, Unverifiable(ctx.reason))


# --- the registry -------------------------------------------------------------------------------

RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule(
            "exact",
            "the claimed number equals the computed value",
            "confirmed; contradicted (with the difference)",
            check_exact,
            in_words="the number the figures give",
        ),
        Rule(
            "rounded",
            "the computed value, rounded to `precision`, is the claimed number (which must be a multiple of it)",
            "confirmed (equal); consistent; contradicted",
            check_rounded,
            params=("precision",),
            in_words="a rounded number",
        ),
        Rule(
            "at-least",
            "computed ≥ claimed",
            "confirmed (equal); consistent; contradicted",
            partial(check_bound, word="at least", test=_at_least),
            aliases=("no-less-than",),
            in_words="a lower bound on the figures",
        ),
        Rule(
            "more-than",
            "computed > claimed",
            "consistent; contradicted",
            partial(check_bound, word="more than", test=_more_than),
            aliases=("over",),
            in_words="a lower bound on the figures",
        ),
        Rule(
            "at-most",
            "computed ≤ claimed",
            "confirmed (equal); consistent; contradicted",
            partial(check_bound, word="at most", test=_at_most),
            in_words="an upper bound on the figures",
        ),
        Rule(
            "less-than",
            "computed < claimed",
            "consistent; contradicted",
            partial(check_bound, word="less than", test=_less_than),
            aliases=("under", "fewer-than"),
            in_words="an upper bound on the figures",
        ),
        Rule(
            "verbal",
            "the computed value lies in the range of the verbal quantity in `claimed`",
            "consistent; contradicted",
            check_range,
            needs="words",
            in_words="a quantity in words",
        ),
        Rule(
            "share",
            "`checked_against` ÷ `compare_with` lies in the range of the share claimed ('a quarter', '25%', '1 in 20')",
            "consistent; contradicted",
            check_share,
            sides=2,
            needs="share",
            shown=_share_shown,
            in_words="a share of a total",
        ),
        Rule(
            "ratio",
            "`checked_against` ÷ `compare_with` is the ratio claimed in words ('twice as many'), give or take "
            "an eighth",
            "consistent; contradicted",
            check_ratio,
            sides=2,
            needs="ratio",
            in_words="a ratio of two figures",
        ),
        Rule(
            "part-of",
            "`checked_against` is no more than `compare_with`, and the claimed number is that part",
            "confirmed; consistent; contradicted",
            check_part_of,
            sides=2,
            in_words="a part of a whole",
        ),
        Rule(
            "order",
            "the figure ids in `checked_against` (comma-separated) run from largest to smallest",
            "confirmed; contradicted",
            check_order,
            sides=-1,
            needs="any",
            ids_only=True,
            in_words="an order of figures, largest first",
        ),
        Rule(
            "same",
            "two figures of the same measure, place and crime types have the same value, for the same period",
            "confirmed; consistent (a period not stated); inconsistent; not verifiable (not comparable)",
            check_same,
            sides=2,
            needs="any",
            ids_only=True,
            in_words="two figures said to be the same",
        ),
        Rule(
            "same-period",
            "two figures a claim ties together cover the same period",
            "confirmed; consistent; inconsistent",
            check_same_period,
            sides=2,
            needs="any",
            ids_only=True,
            computes=False,
            in_words="two figures said to cover the same period",
        ),
        Rule(
            "nested-period",
            "`checked_against`'s period lies inside `compare_with`'s (same measure, place and crime types): the "
            "longer cannot count fewer, and the months it adds are compared on monthly rate",
            "consistent; inconsistent; not verifiable (not nested or not comparable)",
            check_nested,
            sides=2,
            params=("months", "compare_months"),
            needs="any",
            ids_only=True,
            in_words="a shorter period inside a longer one",
        ),
        Rule(
            "rate",
            "two counts of the same measure, place and crime types over overlapping periods have monthly rates "
            "that agree (a Poisson interval with extra variation)",
            "consistent; inconsistent; not verifiable",
            check_rate,
            sides=2,
            params=("months", "compare_months"),
            needs="any",
            ids_only=True,
            in_words="two monthly rates",
        ),
        Rule(
            "period-length",
            "the period of the one figure in `checked_against` (or of the claim itself) spans the claimed "
            "number of months",
            "confirmed; consistent; contradicted; not verifiable (no stated period)",
            check_period_length,
            ids_only=True,
            computes=False,
            in_words="the length of a period",
        ),
        Rule(
            "not-verifiable",
            "(never checked)",
            "not verifiable, with the `reason`",
            check_not_verifiable,
            sides=0,
            needs="any",
            computes=False,
        ),
    )
}
ALIASES = {alias: r.name for r in RULES.values() for alias in r.aliases}
POSITIVE_PARAMS = {
    "precision": "a rounding step, e.g. precision=100",
    "months": "a length in months",
    "compare_months": "a length in months",
}


def find(name: str) -> Rule | None:
    return RULES.get(ALIASES.get(name, name))


def parse_parameters(text: str, rule: Rule) -> dict[str, float]:
    """key=value pairs separated by ';', each one the rule uses, each a finite positive number."""
    out: dict[str, float] = {}
    for part in [p.strip() for p in text.split(";") if p.strip()]:
        if "=" not in part:
            raise RuleError("parameters", f"{part!r} is not key=value (e.g. precision=100)")
        key, value = (s.strip() for s in part.split("=", 1))
        if key not in POSITIVE_PARAMS:
            raise RuleError("parameters", f"unknown key {key!r}; known: {', '.join(POSITIVE_PARAMS)}")
        if key not in rule.params:
            uses = ", ".join(rule.params) or "none"
            raise RuleError("parameters", f"rule {rule.name!r} does not use {key!r} (it uses: {uses})")
        try:
            number = float(value)
        except ValueError:
            raise RuleError("parameters", f"{key}={value!r} must be a number") from None
        if not math.isfinite(number) or number <= 0:
            raise RuleError("parameters", f"{key}={value!r} must be a finite positive number")
        if key != "precision" and not number.is_integer():
            raise RuleError("parameters", f"{key}={value!r} must be a whole number of months")
        out[key] = number
    missing = [k for k in rule.params if k == "precision" and k not in out]
    if missing:
        raise RuleError("parameters", f"rule {rule.name!r} needs precision=... (e.g. precision=100)")
    return out


def read_claimed(rule: Rule, text: str, params: dict[str, float]) -> Claimed | None:
    """What the rule needs of `claimed`, read from the words, or a RuleError saying what is missing."""
    if rule.needs in ("any", "ratio"):
        return None
    try:
        claimed = read(text)
    except WordingError as exc:
        raise RuleError("claimed", str(exc)) from None
    if rule.needs == "words" and not claimed.phrase:
        raise RuleError("claimed", f"{text!r} has no known verbal quantity")
    if rule.needs == "share" and claimed.kind != "share":
        raise RuleError("claimed", f"{text!r} is no share ('a quarter', '25%', '1 in 20')")
    if rule.needs == "number" and claimed.number is None:
        raise RuleError("claimed", f"{text!r} has no number for rule {rule.name!r}")
    if rule.name == "rounded":
        precision = params["precision"]
        if claimed.number % precision:
            raise RuleError(
                "claimed",
                f"{range_text(claimed.number, claimed.number)} is not a multiple of precision {number_text(precision)}",
            )
    return claimed


def is_side_a_claim(text: str) -> bool:
    """A side with no figure id in it stands for the claim itself."""
    if not text.strip():
        return True
    return not expr.identifiers(expr.parse(text))


def markdown_table() -> str:
    """The rule table of claims/README.md, from the registry (a test keeps the README in step)."""
    lines = ["| rule | the claim holds when | parameters | verdicts it gives |", "|---|---|---|---|"]
    for rule in RULES.values():
        name = f"`{rule.name}`" + (f" (or {', '.join(f'`{a}`' for a in rule.aliases)})" if rule.aliases else "")
        params = ", ".join(f"`{p}`" for p in rule.params) or "none"
        lines.append(f"| {name} | {rule.holds_when} | {params} | {rule.verdicts} |")
    return "\n".join(lines)
