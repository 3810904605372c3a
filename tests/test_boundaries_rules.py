"""rules at the boundaries `make mutation` found untested: what each check records (`Judgement.facts`, the structure
`ledger.render` writes from) on the paths where the verdict alone does not pin it (a zero whole or divisor, a part
larger than its whole, a period of no known length, sides that count different things, periods not nested). Hand-built
sides in a small world (tests/small_world.py); no claims file, no ledger."""

from __future__ import annotations

import pytest
from small_world import TEN, evidence, months, write_world
from test_rules import THIRTY, ctx, side

from referrals import compare, rules
from referrals.compare import CONFIRMED, CONSISTENT, CONTRADICTED, INCONSISTENT, NOT_VERIFIABLE
from referrals.rules import NestedRule, NotComparable, PartOf, PeriodLength, RateRule, Ratio, ShareOf, TwoPeriods
from referrals.scope import COMPATIBLE, Period


@pytest.fixture
def ev(tmp_path):
    return evidence(write_world(tmp_path / "world"))


def run(rule_name, sides, claimed="", ev=None, params=None):
    context = ctx(rule_name, sides, claimed, ev, params)
    return rules.find(rule_name).check(context), context


def test_a_share_of_nothing_records_both_sides_and_the_claim():
    part, whole = side(5, "a"), side(0, "b")
    judgement, context = run("share", [part, whole], "a quarter")
    assert judgement.verdict == NOT_VERIFIABLE
    assert judgement.facts == ShareOf(part, whole, context.claimed, None)


def test_a_ratio_to_nothing_records_both_sides_and_no_range():
    a, b = side(5, "a"), side(0, "b")
    judgement, _ = run("ratio", [a, b], "twice as many")
    assert judgement.verdict == NOT_VERIFIABLE
    assert judgement.facts == Ratio(a, b, "twice as many", 0.0, 0.0, None)


@pytest.mark.parametrize(
    "part_value,claimed,verdict,ok,larger",
    [
        (11, "11", CONTRADICTED, False, True),  # a part larger than its whole
        (10, "10", CONFIRMED, True, False),  # the whole itself: not larger
        (9, "10", CONTRADICTED, False, False),  # within its whole, but not the claimed number
        (9, "about 10", CONSISTENT, True, False),
    ],
)
def test_a_part_within_its_whole_records_what_it_found(part_value, claimed, verdict, ok, larger):
    part, whole = side(part_value, "a"), side(10, "b")
    judgement, context = run("part-of", [part, whole], claimed)
    assert judgement.verdict == verdict
    assert judgement.facts == PartOf(part, whole, context.claimed, ok, larger=larger)
    assert judgement.facts.ok is ok  # never None


def test_a_period_of_no_known_length_records_the_side_and_the_claim():
    s = side(5, "a", period=Period.parse("2020-01", "unknown"))
    judgement, context = run("period-length", [s], "10")
    assert judgement.verdict == NOT_VERIFIABLE
    assert judgement.facts == PeriodLength(s, None, context.claimed)
    assert judgement.facts.claimed is not None and judgement.facts.claimed.number == 10


@pytest.mark.parametrize("b_value,ok", [(100, True), (1000, False)])
def test_a_rate_rule_records_whether_the_rates_agree(ev, b_value, ok):
    a, b = side(100, "a"), side(b_value, "b")
    judgement, _ = run("rate", [a, b], ev=ev)
    assert judgement.verdict == (CONSISTENT if ok else INCONSISTENT)
    assert judgement.facts.ok is ok and judgement.facts.months == ((10, 10), (10, 10))
    assert isinstance(judgement.facts, RateRule)


@pytest.mark.parametrize("value,ok", [(2672, True), (2500, False), (2700, True), (2649, False), (2650, True)])
def test_a_rounded_number_records_whether_the_value_rounds_to_it(value, ok):
    judgement, _ = run("rounded", [side(value)], "2,700", params={"precision": 100})
    assert judgement.facts.ok is ok and judgement.facts.test == "rounded" and judgement.facts.precision == 100


@pytest.mark.parametrize("rule", ["same", "nested-period", "rate"])
def test_sides_of_different_crime_types_are_not_comparable_for_that_reason(ev, rule):
    a, b = side(5, "a", types=("abuse",)), side(5, "b", types=("theft",))
    judgement, _ = run(rule, [a, b], ev=ev)
    assert judgement.verdict == NOT_VERIFIABLE and judgement.facts == NotComparable(a, b, "crime types")


@pytest.mark.parametrize(
    "b_period,relation,verdict",
    [
        (TEN, "equal", CONFIRMED),
        (Period.parse("2020", "2020"), COMPATIBLE, CONSISTENT),
        (THIRTY, "within", INCONSISTENT),
    ],
)
def test_same_period_records_its_own_rule_name(b_period, relation, verdict):
    a, b = side(5, "a"), side(6, "b", period=b_period)
    judgement, _ = run("same-period", [a, b])
    assert judgement.verdict == verdict and judgement.facts == TwoPeriods(a, b, "same-period", relation)


def test_periods_not_nested_are_recorded_as_such(ev):
    a, b = side(5, "a", period=months("2020-06", "2021-03")), side(6, "b")
    judgement, _ = run("nested-period", [a, b], ev=ev)
    assert judgement.verdict == NOT_VERIFIABLE
    assert judgement.facts == NestedRule(a, b, problem="not nested")


def test_nested_periods_record_both_sides_and_the_comparison(ev):
    a, b = side(100, "a"), side(300, "b", THIRTY)
    judgement, _ = run("nested-period", [a, b], ev=ev)
    assert judgement.facts.a == a and judgement.facts.b == b and judgement.facts.problem == ""
    assert judgement.facts.comparison.outcome == compare.RATES_AGREE
