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


def _j(verdict: str, explanation: str) -> Judgement:
    return Judgement(verdict, explanation)


def _num(x: float) -> str:
    return number_text(x) if abs(x) >= 1 or x == 0 else f"{x:.4f} ({x * 100:.2f}%)"


# --- checks -------------------------------------------------------------------------------------


def _value(ctx: Context) -> float:
    return ctx.sides[0].value


def check_exact(ctx: Context) -> Judgement:
    value, claimed = _value(ctx), ctx.claimed.number
    if value == claimed:
        return _j(CONFIRMED, f"equal: the data give {_num(value)}")
    diff = value - claimed
    return _j(
        CONTRADICTED, f"the data give {_num(value)}, {_num(abs(diff))} {'fewer' if diff < 0 else 'more'} than claimed"
    )


def check_rounded(ctx: Context) -> Judgement:
    value, claimed, precision = _value(ctx), ctx.claimed.number, ctx.params["precision"]
    rounded = math.floor(value / precision + 0.5) * precision
    to = f"to the nearest {number_text(precision)}"
    if value == claimed:
        return _j(CONFIRMED, f"equal: the data give {_num(value)}")
    if rounded == claimed:
        return _j(CONSISTENT, f"the data give {_num(value)}, which rounds {to} to {_num(rounded)}, as claimed")
    return _j(CONTRADICTED, f"the data give {_num(value)}, which rounds {to} to {_num(rounded)}, not {_num(claimed)}")


def check_bound(ctx: Context, word: str, test: Callable[[float, float], bool]) -> Judgement:
    """The computed value against a bound the claim states in `word` ('at least'), by `test`."""
    value, claimed = _value(ctx), ctx.claimed.number
    if test(value, claimed):
        verdict = CONFIRMED if value == claimed else CONSISTENT
        return _j(verdict, f"the data give {_num(value)}, which is {word} {_num(claimed)}")
    return _j(CONTRADICTED, f"the data give {_num(value)}, which is not {word} {_num(claimed)}")


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
    return _in_range(_value(ctx), ctx.claimed)


def _in_range(value: float, claimed: Claimed) -> Judgement:
    if claimed.low <= value <= claimed.high:
        verdict = CONFIRMED if claimed.low == claimed.high == value else CONSISTENT
        return _j(verdict, f"{claimed.describe()}; the data give {_num(value)}")
    return _j(CONTRADICTED, f"{claimed.describe()}; the data give {_num(value)}, outside that range")


def check_share(ctx: Context) -> Judgement:
    """The share `checked_against` ÷ `compare_with` lies in the range the words allow."""
    part, whole = ctx.sides[0].value, ctx.sides[1].value
    if whole == 0:
        return _j(NOT_VERIFIABLE, "the whole is zero: no share can be computed")
    return _in_range(part / whole, ctx.claimed)


def _share_shown(sides: list[Side]) -> list[float | None]:
    """The share rule shows the share it computed in place of the part."""
    part, whole = sides[0].value, sides[1].value
    return [part if whole == 0 else part / whole, whole]


def check_ratio(ctx: Context) -> Judgement:
    a, b = ctx.sides[0].value, ctx.sides[1].value
    if b == 0:
        return _j(NOT_VERIFIABLE, "the second figure is zero: no ratio can be computed")
    ratio, (low, high) = a / b, _ratio_range(ctx.claim_text)
    text = f"{_num(a)} is {ratio:.2f} times {_num(b)}; '{ctx.claim_text}' read as {low:.2f} to {high:.2f} times"
    return _j(CONSISTENT if low <= ratio <= high else CONTRADICTED, text)


def _ratio_range(text: str) -> tuple[float, float]:
    words = text.lower()
    for phrase, ratio in sorted(RATIO_WORDS.items(), key=lambda kv: -len(kv[0])):
        if phrase in words:
            return ratio * (1 - RATIO_TOLERANCE), ratio * (1 + RATIO_TOLERANCE)
    raise RuleError("claimed", f"{text!r} is no ratio in words; known: {', '.join(RATIO_WORDS)}")


def check_part_of(ctx: Context) -> Judgement:
    part, whole = ctx.sides[0].value, ctx.sides[1].value
    share = part / whole if whole else math.nan
    if part > whole:
        return _j(CONTRADICTED, f"the part ({_num(part)}) is larger than the whole ({_num(whole)})")
    claimed = ctx.claimed
    one_in = f" (about 1 in {round(1 / share):,})" if 0 < share < 0.5 else ""
    text = f"{_num(part)} of {_num(whole)}, {share * 100:.1f}%{one_in}"
    if not claimed.low <= part <= claimed.high:
        return _j(CONTRADICTED, f"{claimed.describe()}, but the part is {text}")
    return _j(CONFIRMED if claimed.low == claimed.high == part else CONSISTENT, f"a part within its whole: {text}")


def check_order(ctx: Context) -> Judgement:
    values = [(s.text, s.value) for s in ctx.sides]
    shown = ", ".join(f"{i}={_num(v)}" for i, v in values)
    ok = all(a[1] > b[1] for a, b in zip(values, values[1:]))
    return _j(
        CONFIRMED if ok else CONTRADICTED,
        f"{shown}: " + ("largest first, as claimed" if ok else "not in the claimed order"),
    )


def _comparable(ctx: Context) -> str:
    """Why two sides cannot be compared (different measure, place or group), or ''."""
    a, b = ctx.sides[0].scope, ctx.sides[1].scope
    u = ctx.evidence.universe
    if a.measure != b.measure:
        return (
            f"not directly comparable: {ctx.sides[0].text} counts {a.measure}, {ctx.sides[1].text} counts {b.measure}"
        )
    if u.place_relation(a.places, b.places) != EQUAL:
        return f"not directly comparable: different places ({u.place_name(a.places)}; {u.place_name(b.places)})"
    if u.crime_relation(a.crime_types, b.crime_types) != EQUAL:
        return "not directly comparable: different crime types"
    return ""


def check_same(ctx: Context) -> Judgement:
    why = _comparable(ctx)
    if why:
        return _j(NOT_VERIFIABLE, why)
    (a, b), relation = ctx.sides, ctx.sides[0].scope.period.relation(ctx.sides[1].scope.period)
    periods = f"{a.scope.period.label()} and {b.scope.period.label()}"
    if a.value != b.value:
        return _j(
            INCONSISTENT,
            f"{a.text} ({_num(a.value)}) and {b.text} ({_num(b.value)}) differ by {_num(abs(a.value - b.value))}",
        )
    if relation == EQUAL:
        return _j(CONFIRMED, f"the same value ({_num(a.value)}) for the same period")
    if relation == COMPATIBLE:
        return _j(
            CONSISTENT,
            f"the same value ({_num(a.value)}); the periods ({periods}) are not stated precisely enough to match",
        )
    return _j(INCONSISTENT, f"the same value ({_num(a.value)}) for different periods: {periods}")


def check_same_period(ctx: Context) -> Judgement:
    a, b = ctx.sides
    relation = a.scope.period.relation(b.scope.period)
    periods = f"{a.text}: {a.scope.period.label()}; {b.text}: {b.scope.period.label()}"
    if relation == EQUAL:
        return _j(CONFIRMED, f"the same period ({a.scope.period.label()})")
    if relation == COMPATIBLE:
        return _j(CONSISTENT, f"one period is not stated precisely; they may be the same ({periods})")
    return _j(INCONSISTENT, f"the claim ties them together, but the periods differ ({periods})")


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
        return _j(
            NOT_VERIFIABLE,
            f"the periods are not nested: {a.text} covers {a.scope.period.label()}, {b.text} {b.scope.period.label()}",
        )
    found = compare.nested_periods(a.as_claimed(), a.scope.period, b.as_count())
    verdict = {compare.DISAGREES: INCONSISTENT, compare.RATES_DIFFER: INCONSISTENT}.get(found.outcome, CONSISTENT)
    return _j(verdict, found.text)


def check_rate(ctx: Context) -> Judgement:
    why = _comparable(ctx)
    if why:
        return _j(NOT_VERIFIABLE, why)
    a = _with_lengths(ctx.sides[0], ctx.params.get("months"))
    b = _with_lengths(ctx.sides[1], ctx.params.get("compare_months"))
    if a.scope.period.relation(b.scope.period) == DISJOINT:
        return _j(NOT_VERIFIABLE, f"the periods do not overlap ({a.scope.period.label()}; {b.scope.period.label()})")
    am, bm = a.scope.period.length(), b.scope.period.length()
    if None in am or None in bm:
        return _j(
            NOT_VERIFIABLE,
            "a period has no known length; give months=/compare_months= with the source's words in notes",
        )
    ok, z = compare.rates_agree((a.value, a.value), am, (b.value, b.value), bm)
    text = (
        f"{a.value / am[1]:,.1f} to {a.value / am[0]:,.1f} a month ({a.text}) against "
        f"{b.value / bm[1]:,.1f} to {b.value / bm[0]:,.1f} ({b.text})"
    )
    if ok:
        return _j(CONSISTENT, f"{text}: the rates agree")
    return _j(INCONSISTENT, f"{text}: {z:.0f} standard errors apart, beyond chance")


def check_period_length(ctx: Context) -> Judgement:
    side = ctx.sides[0]
    lo, hi = side.scope.period.length()
    claimed = ctx.claimed.number
    if lo is None or hi is None:
        return _j(NOT_VERIFIABLE, f"{side.text} has no stated period ({side.scope.period.label()})")
    months = f"{lo} months" if lo == hi else f"{lo} to {hi} months"
    if lo == hi == claimed:
        return _j(CONFIRMED, f"{side.scope.period.label()} is {months}")
    if lo <= claimed <= hi:
        return _j(CONSISTENT, f"{side.scope.period.label()} is {months}")
    return _j(CONTRADICTED, f"{side.scope.period.label()} is {months}, not {number_text(claimed)}")


def check_not_verifiable(ctx: Context) -> Judgement:
    return _j(NOT_VERIFIABLE, ctx.reason)


# --- the registry -------------------------------------------------------------------------------

RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule(
            "exact",
            "the claimed number equals the computed value",
            "confirmed; contradicted (with the difference)",
            check_exact,
        ),
        Rule(
            "rounded",
            "the computed value, rounded to `precision`, is the claimed number (which must be a multiple of it)",
            "confirmed (equal); consistent; contradicted",
            check_rounded,
            params=("precision",),
        ),
        Rule(
            "at-least",
            "computed ≥ claimed",
            "confirmed (equal); consistent; contradicted",
            partial(check_bound, word="at least", test=_at_least),
            aliases=("no-less-than",),
        ),
        Rule(
            "more-than",
            "computed > claimed",
            "consistent; contradicted",
            partial(check_bound, word="more than", test=_more_than),
            aliases=("over",),
        ),
        Rule(
            "at-most",
            "computed ≤ claimed",
            "confirmed (equal); consistent; contradicted",
            partial(check_bound, word="at most", test=_at_most),
        ),
        Rule(
            "less-than",
            "computed < claimed",
            "consistent; contradicted",
            partial(check_bound, word="less than", test=_less_than),
            aliases=("under", "fewer-than"),
        ),
        Rule(
            "verbal",
            "the computed value lies in the range of the verbal quantity in `claimed`",
            "consistent; contradicted",
            check_range,
            needs="words",
        ),
        Rule(
            "share",
            "`checked_against` ÷ `compare_with` lies in the range of the share claimed ('a quarter', '25%', '1 in 20')",
            "consistent; contradicted",
            check_share,
            sides=2,
            needs="share",
            shown=_share_shown,
        ),
        Rule(
            "ratio",
            "`checked_against` ÷ `compare_with` is the ratio claimed in words ('twice as many'), give or take "
            "an eighth",
            "consistent; contradicted",
            check_ratio,
            sides=2,
            needs="ratio",
        ),
        Rule(
            "part-of",
            "`checked_against` is no more than `compare_with`, and the claimed number is that part",
            "confirmed; consistent; contradicted",
            check_part_of,
            sides=2,
        ),
        Rule(
            "order",
            "the figure ids in `checked_against` (comma-separated) run from largest to smallest",
            "confirmed; contradicted",
            check_order,
            sides=-1,
            needs="any",
            ids_only=True,
        ),
        Rule(
            "same",
            "two figures of the same measure, place and crime types have the same value, for the same period",
            "confirmed; consistent (a period not stated); inconsistent; not verifiable (not comparable)",
            check_same,
            sides=2,
            needs="any",
            ids_only=True,
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
        ),
        Rule(
            "period-length",
            "the period of the one figure in `checked_against` (or of the claim itself) spans the claimed "
            "number of months",
            "confirmed; consistent; contradicted; not verifiable (no stated period)",
            check_period_length,
            ids_only=True,
            computes=False,
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
