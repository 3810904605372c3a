"""rules: each rule's check at its boundaries, on hand-built sides (a value, a scope, the figures it came from) in a
small world (tests/small_world.py); and the reading of a rule's parameters and claimed words. No claims file."""

from __future__ import annotations

import pytest
from small_world import TEN, count, evidence, months, scope_of, write_world

from referrals import rules
from referrals.compare import CONFIRMED, CONSISTENT, CONTRADICTED, INCONSISTENT, NOT_VERIFIABLE
from referrals.rules import Context, RuleError, Side
from referrals.scope import Period
from referrals.wording import read

THIRTY = months("2020-01", "2022-06")


@pytest.fixture
def ev(tmp_path):
    return evidence(write_world(tmp_path / "world"))


def side(value, text="fig_a", period=TEN, places=("uk",), types=("all",), measure="victims", with_count=True):
    s = scope_of(period, places, types, measure)
    k = count(value, period, places, types, id=text, measure=measure) if with_count and value is not None else None
    return Side(text, value, s, [text], k)


def ctx(rule_name, sides, claimed="", ev=None, params=None, reason=""):
    rule = rules.find(rule_name)
    parsed = rules.read_claimed(rule, claimed, params or {}) if claimed else None
    return Context(claimed, parsed, list(sides), params or {}, reason, ev)


def check(rule_name, sides, claimed="", ev=None, params=None, reason=""):
    judgement = rules.find(rule_name).check(ctx(rule_name, sides, claimed, ev, params, reason))
    return judgement.verdict, judgement.explanation


# --- bounds -------------------------------------------------------------------------------------------------------

BOUNDS = [
    ("at-least", 99, CONTRADICTED, "the data give 99, which is not at least 100"),
    ("at-least", 100, CONFIRMED, "the data give 100, which is at least 100"),
    ("at-least", 101, CONSISTENT, "the data give 101, which is at least 100"),
    ("more-than", 99, CONTRADICTED, "the data give 99, which is not more than 100"),
    ("more-than", 100, CONTRADICTED, "the data give 100, which is not more than 100"),
    ("more-than", 101, CONSISTENT, "the data give 101, which is more than 100"),
    ("at-most", 99, CONSISTENT, "the data give 99, which is at most 100"),
    ("at-most", 100, CONFIRMED, "the data give 100, which is at most 100"),
    ("at-most", 101, CONTRADICTED, "the data give 101, which is not at most 100"),
    ("less-than", 99, CONSISTENT, "the data give 99, which is less than 100"),
    ("less-than", 100, CONTRADICTED, "the data give 100, which is not less than 100"),
    ("less-than", 101, CONTRADICTED, "the data give 101, which is not less than 100"),
    ("over", 100, CONTRADICTED, "the data give 100, which is not more than 100"),
    ("under", 100, CONTRADICTED, "the data give 100, which is not less than 100"),
]


@pytest.mark.parametrize("rule,value,verdict,text", BOUNDS, ids=[f"{b[0]} {b[1]}" for b in BOUNDS])
def test_a_bound_rule_at_the_claimed_number(rule, value, verdict, text):
    assert check(rule, [side(value)], "100") == (verdict, text)


@pytest.mark.parametrize(
    "value,verdict,text",
    [
        (100, CONFIRMED, "equal: the data give 100"),
        (98, CONTRADICTED, "the data give 98, 2 fewer than claimed"),
        (103, CONTRADICTED, "the data give 103, 3 more than claimed"),
        (0.25, CONTRADICTED, "the data give 0.2500 (25.00%), 99.8 fewer than claimed"),
    ],
)
def test_exact(value, verdict, text):
    assert check("exact", [side(value)], "100") == (verdict, text)


@pytest.mark.parametrize(
    "value,claimed,verdict,text",
    [
        (2650, "2,700", CONSISTENT, "the data give 2,650, which rounds to the nearest 100 to 2,700, as claimed"),
        (2649, "2,600", CONSISTENT, "the data give 2,649, which rounds to the nearest 100 to 2,600, as claimed"),
        (2649, "2,700", CONTRADICTED, "the data give 2,649, which rounds to the nearest 100 to 2,600, not 2,700"),
        (2700, "2,700", CONFIRMED, "equal: the data give 2,700"),
        (2749, "2,700", CONSISTENT, "rounds to the nearest 100 to 2,700"),
        (2750, "2,700", CONTRADICTED, "rounds to the nearest 100 to 2,800, not 2,700"),
    ],
)
def test_rounded_rounds_half_up(value, claimed, verdict, text):
    got = check("rounded", [side(value)], claimed, params={"precision": 100})
    assert got[0] == verdict and text in got[1], got


# --- ranges, shares, ratios ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,verdict",
    [(199, CONTRADICTED), (200, CONSISTENT), (999, CONSISTENT), (1000, CONTRADICTED)],
)
def test_verbal_quantities_cover_their_range(value, verdict):
    verdict_got, text = check("verbal", [side(value)], "hundreds")
    assert verdict_got == verdict
    assert text.startswith("'hundreds' read as 200 to under 1,000; the data give")


def test_a_range_of_one_value_confirms():
    judgement = rules.check_range(Context("24 of these 43", read("24 of these 43"), [side(24)], {}, "", None))
    assert (judgement.verdict, judgement.explanation) == (CONFIRMED, "'24 of these 43' read as 24; the data give 24")


@pytest.mark.parametrize(
    "part,whole,verdict,text",
    [
        (25, 100, CONSISTENT, "'a quarter' read as 20.0% to under 30.0%; the data give 0.2500 (25.00%)"),
        (20, 100, CONSISTENT, "the data give 0.2000 (20.00%)"),
        (19, 100, CONTRADICTED, "the data give 0.1900 (19.00%), outside that range"),
        (31, 100, CONTRADICTED, "the data give 0.3100 (31.00%), outside that range"),
        (25, 0, NOT_VERIFIABLE, "the whole is zero: no share can be computed"),
    ],
)
def test_a_share_is_the_part_over_the_whole(part, whole, verdict, text):
    sides = [side(part, "fig_part"), side(whole, "fig_whole")]
    got = check("share", sides, "a quarter")
    assert got[0] == verdict and text in got[1], got
    assert [s.value for s in sides] == [part, whole], "the sides are not changed"


@pytest.mark.parametrize("part,whole,shown", [(25, 100, [0.25, 100]), (25, 0, [25, 0])])
def test_a_share_rule_shows_the_share_it_computed(part, whole, shown):
    assert rules.find("share").shown([side(part), side(whole)]) == shown
    assert rules.find("ratio").shown([side(part), side(whole)]) == [part, whole]


@pytest.mark.parametrize(
    "a,b,claimed,verdict,text",
    [
        (200, 100, "twice as many", CONSISTENT, "200 is 2.00 times 100; 'twice as many' read as 1.75 to 2.25 times"),
        (175, 100, "twice as many", CONSISTENT, "175 is 1.75 times 100"),
        (174, 100, "twice as many", CONTRADICTED, "174 is 1.74 times 100"),
        (225, 100, "twice as many", CONSISTENT, "225 is 2.25 times 100"),
        (226, 100, "twice as many", CONTRADICTED, "226 is 2.26 times 100"),
        (50, 100, "half as many", CONSISTENT, "read as 0.44 to 0.56 times"),
        (300, 100, "three times as many", CONSISTENT, "read as 2.62 to 3.38 times"),
        (200, 0, "twice as many", NOT_VERIFIABLE, "the second figure is zero: no ratio can be computed"),
    ],
)
def test_a_ratio_in_words_give_or_take_an_eighth(a, b, claimed, verdict, text):
    got = check("ratio", [side(a), side(b)], claimed)
    assert got[0] == verdict and text in got[1], got


def test_a_ratio_needs_ratio_words():
    with pytest.raises(RuleError, match="is no ratio in words") as err:
        check("ratio", [side(2), side(1)], "many more")
    assert err.value.field == "claimed"


@pytest.mark.parametrize(
    "part,whole,claimed,verdict,text",
    [
        (24, 43, "24 of these 43", CONFIRMED, "a part within its whole: 24 of 43, 55.8%"),
        (24, 43, "more than 20", CONSISTENT, "a part within its whole: 24 of 43, 55.8%"),
        (43, 43, "43", CONFIRMED, "a part within its whole: 43 of 43, 100.0%"),
        (44, 43, "44", CONTRADICTED, "the part (44) is larger than the whole (43)"),
        (10, 43, "10", CONFIRMED, "10 of 43, 23.3% (about 1 in 4)"),
        (21, 43, "21", CONFIRMED, "21 of 43, 48.8% (about 1 in 2)"),
        (22, 44, "22", CONFIRMED, "22 of 44, 50.0%"),
        (0, 43, "0", CONFIRMED, "0 of 43, 0.0%"),
        (24, 43, "999", CONTRADICTED, "'999' read as 999, but the part is 24 of 43, 55.8%"),
        (24, 43, "25", CONTRADICTED, "but the part is 24 of 43"),
    ],
)
def test_part_of(part, whole, claimed, verdict, text):
    got = check("part-of", [side(part), side(whole)], claimed)
    assert got[0] == verdict and text in got[1], got
    assert ("about 1 in" in got[1]) is ("about 1 in" in text)


@pytest.mark.parametrize(
    "values,verdict",
    [
        ((3, 2, 1), CONFIRMED),
        ((3, 3, 1), CONTRADICTED),
        ((3, 1, 2), CONTRADICTED),
        ((1, 2), CONTRADICTED),
        ((2, 1), CONFIRMED),
    ],
)
def test_order_is_strictly_largest_first(values, verdict):
    sides = [side(v, f"fig_{i}") for i, v in enumerate(values)]
    got = check("order", sides)
    assert got[0] == verdict
    shown = ", ".join(f"fig_{i}={v}" for i, v in enumerate(values))
    assert got[1] == shown + (": largest first, as claimed" if verdict == CONFIRMED else ": not in the claimed order")


# --- two figures and their periods ---------------------------------------------------------------------------

NOT_COMPARABLE = [
    (side(1, measure="calls"), side(1), "not directly comparable: fig_a counts calls, fig_a counts victims"),
    (side(1, places=("north",)), side(1), "not directly comparable: different places (North Police; United Kingdom)"),
    (side(1, types=("abuse",)), side(1), "not directly comparable: different crime types"),
]


@pytest.mark.parametrize("rule", ["same", "nested-period", "rate"])
@pytest.mark.parametrize("a,b,text", NOT_COMPARABLE, ids=["measure", "place", "crime types"])
def test_rules_over_two_figures_need_the_same_measure_place_and_crime_types(ev, rule, a, b, text):
    assert check(rule, [a, b], ev=ev) == (NOT_VERIFIABLE, text)


def test_places_or_crime_types_spelt_differently_are_the_same(ev):
    a, b = side(5, places=("north", "south", "west")), side(5, places=("england-and-wales",))
    assert check("same", [a, b], ev=ev)[0] == CONFIRMED
    a, b = side(5, types=("abuse-and-theft",)), side(5, types=("abuse", "theft"))
    assert check("same", [a, b], ev=ev)[0] == CONFIRMED


@pytest.mark.parametrize(
    "a,b,verdict,text",
    [
        (side(5, "a"), side(6, "b"), INCONSISTENT, "a (5) and b (6) differ by 1"),
        (side(7, "a"), side(5, "b"), INCONSISTENT, "a (7) and b (5) differ by 2"),
        (side(5, "a"), side(5, "b"), CONFIRMED, "the same value (5) for the same period"),
        (
            side(5, "a", Period.parse("2020", "2020")),
            side(5, "b"),
            CONSISTENT,
            "the same value (5); the periods (2020 to 2020 and January 2020 to October 2020) are not stated precisely "
            "enough to match",
        ),
        (
            side(5, "a"),
            side(5, "b", THIRTY),
            INCONSISTENT,
            "the same value (5) for different periods: January 2020 to October 2020 and January 2020 to June 2022",
        ),
    ],
)
def test_same(ev, a, b, verdict, text):
    assert check("same", [a, b], ev=ev) == (verdict, text)


@pytest.mark.parametrize(
    "a,b,verdict,text",
    [
        (side(5, "a"), side(6, "b"), CONFIRMED, "the same period (January 2020 to October 2020)"),
        (
            side(5, "a", Period.parse("2020", "2020")),
            side(6, "b"),
            CONSISTENT,
            "one period is not stated precisely; they may be the same (a: 2020 to 2020; b: January 2020 to October "
            "2020)",
        ),
        (
            side(5, "a"),
            side(6, "b", THIRTY),
            INCONSISTENT,
            "the claim ties them together, but the periods differ (a: January 2020 to October 2020; b: January 2020 to "
            "June 2022)",
        ),
    ],
)
def test_same_period(a, b, verdict, text):
    assert check("same-period", [a, b]) == (verdict, text)


def test_nested_periods_agree_or_differ_on_the_months_the_longer_adds(ev):
    agree = check("nested-period", [side(100, "a"), side(300, "b", THIRTY)], ev=ev)
    assert agree == (
        CONSISTENT,
        "the shorter period counts 10 a month; the other 20 months of the longer period add 200, 10 a month "
        "(against 300 (b, Outlet A))",
    )
    differ = check("nested-period", [side(290, "a"), side(300, "b", THIRTY)], ev=ev)
    assert differ[0] == INCONSISTENT and "standard errors apart, beyond chance" in differ[1]
    more = check("nested-period", [side(301, "a"), side(300, "b", THIRTY)], ev=ev)
    assert more == (
        INCONSISTENT,
        "a shorter period inside a longer one, so it can be at most 300 (b, Outlet A), not 301",
    )


def test_nested_periods_of_the_same_months(ev):
    assert check("nested-period", [side(300, "a"), side(300, "b")], ev=ev)[0] == CONSISTENT
    verdict, text = check("nested-period", [side(290, "a"), side(300, "b")], ev=ev)
    assert verdict == INCONSISTENT and text.startswith("300 (b, Outlet A), 10 more than claimed")


def test_the_claim_itself_as_the_shorter_side(ev):
    claim_side = side(100, "the claim", with_count=False)
    got = check("nested-period", [claim_side, side(300, "b", THIRTY)], ev=ev)
    assert got[0] == CONSISTENT and "(against 300 (b, Outlet A))" in got[1]
    got = check("nested-period", [side(100, "a"), side(300, "the claim", THIRTY, with_count=False)], ev=ev)
    assert got[1].endswith("(against 300 (the claim, ))")


@pytest.mark.parametrize(
    "a,b",
    [
        (side(300, "a", THIRTY), side(100, "b")),  # the wrong way round
        (side(100, "a"), side(100, "b", months("2021-01", "2021-06"))),
        (side(100, "a"), side(100, "b", months("2020-06", "2021-06"))),
    ],
)
def test_nested_periods_must_be_nested(ev, a, b):
    verdict, text = check("nested-period", [a, b], ev=ev)
    assert verdict == NOT_VERIFIABLE
    assert text == f"the periods are not nested: a covers {a.scope.period.label()}, b {b.scope.period.label()}"


def test_a_length_in_months_given_as_a_parameter(ev):
    years = Period.parse("2020", "2020")
    a, b = side(120, "a", years), side(360, "b", months("2020-01", "2022-12"))
    assert check("nested-period", [a, b], ev=ev)[1].startswith("the shorter period counts 10 to 120 a month")
    got = check("nested-period", [a, b], ev=ev, params={"months": 12})
    assert got[1].startswith("the shorter period counts 10 a month; the other 24 months of the longer period add 240")
    got = check("nested-period", [a, b], ev=ev, params={"months": 12, "compare_months": 30})
    assert got[1].startswith("the shorter period counts 10 a month; the other 18 months") and "(b, )" in got[1]


@pytest.mark.parametrize(
    "a,b,params,verdict,text",
    [
        (
            side(100, "a"),
            side(300, "b", THIRTY),
            {},
            CONSISTENT,
            "10.0 to 10.0 a month (a) against 10.0 to 10.0 (b): the rates agree",
        ),
        (
            side(100, "a"),
            side(3000, "b", THIRTY),
            {},
            INCONSISTENT,
            "10.0 to 10.0 a month (a) against 100.0 to 100.0 (b): ",
        ),
        (
            side(100, "a"),
            side(100, "b", months("2021-01", "2021-06")),
            {},
            NOT_VERIFIABLE,
            "the periods do not overlap (January 2020 to October 2020; January 2021 to June 2021)",
        ),
        (
            side(100, "a", Period.parse("2020-01", "unknown")),
            side(100, "b"),
            {},
            NOT_VERIFIABLE,
            "a period has no known length; give months=/compare_months= with the source's words in notes",
        ),
        (
            side(100, "a"),
            side(100, "b", Period.parse("unknown", "2020-10")),
            {},
            NOT_VERIFIABLE,
            "a period has no known length",
        ),
        (side(100, "a", Period.parse("2020", "2020")), side(100, "b"), {}, CONSISTENT, "8.3 to 100.0 a month (a)"),
        (side(50, "a", Period.parse("2020", "2020")), side(100, "b"), {"months": 5}, CONSISTENT, "10.0 to 10.0 a"),
        (side(100, "a"), side(200, "b"), {"compare_months": 20}, CONSISTENT, "against 10.0 to 10.0 (b): the rates"),
        (side(100, "a"), side(100, "b"), {"compare_months": 20}, INCONSISTENT, "against 5.0 to 5.0 (b): 4 standard"),
    ],
)
def test_rate(ev, a, b, params, verdict, text):
    got = check("rate", [a, b], ev=ev, params=params)
    assert got[0] == verdict and text in got[1], got
    if verdict == INCONSISTENT:
        assert got[1].endswith("standard errors apart, beyond chance")


@pytest.mark.parametrize(
    "period,claimed,verdict,text",
    [
        (TEN, "10", CONFIRMED, "January 2020 to October 2020 is 10 months"),
        (TEN, "9", CONTRADICTED, "January 2020 to October 2020 is 10 months, not 9"),
        (TEN, "11", CONTRADICTED, "January 2020 to October 2020 is 10 months, not 11"),
        (Period.parse("2020", "2020"), "1", CONSISTENT, "2020 to 2020 is 1 to 12 months"),
        (Period.parse("2020", "2020"), "12", CONSISTENT, "2020 to 2020 is 1 to 12 months"),
        (Period.parse("2020", "2020"), "13", CONTRADICTED, "2020 to 2020 is 1 to 12 months, not 13"),
        (Period.parse("2020-01", "unknown"), "9", NOT_VERIFIABLE, "fig_a has no stated period (from January 2020)"),
        (Period.parse("unknown", "2020-01"), "9", NOT_VERIFIABLE, "fig_a has no stated period (period not stated)"),
    ],
)
def test_period_length(period, claimed, verdict, text):
    assert check("period-length", [side(None, period=period)], claimed) == (verdict, text)


def test_not_verifiable_gives_its_reason():
    assert check("not-verifiable", [], reason="no table was published") == (NOT_VERIFIABLE, "no table was published")


# --- a side as a count ----------------------------------------------------------------------------------------


def test_a_side_without_a_figure_is_an_exact_count_of_no_source():
    s = side(12, "the claim", with_count=False)
    k = s.as_count()
    assert (k.id, k.low, k.high, k.value, k.meaning, k.outlet, k.scope) == (
        "the claim",
        12,
        12,
        12,
        "exact",
        "",
        s.scope,
    )
    assert k.shown() == "12" and k.exact
    figure = side(12, "fig_a")
    assert figure.as_count() is figure.count
    claimed = s.as_claimed()
    assert (claimed.text, claimed.kind, claimed.low, claimed.high, claimed.number) == ("the claim", "count", 12, 12, 12)


# --- parameters and claimed words --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule,text,params",
    [
        ("rounded", "precision=100", {"precision": 100.0}),
        ("rounded", " precision = 0.5 ; ", {"precision": 0.5}),
        ("nested-period", "months=12; compare_months=29", {"months": 12.0, "compare_months": 29.0}),
        ("rate", "", {}),
        ("exact", "", {}),
    ],
)
def test_parameters(rule, text, params):
    assert rules.parse_parameters(text, rules.find(rule)) == params


@pytest.mark.parametrize(
    "rule,text,message",
    [
        ("rounded", "precision", "'precision' is not key=value (e.g. precision=100)"),
        ("rounded", "speed=3", "unknown key 'speed'; known: precision, months, compare_months"),
        ("exact", "precision=100", "rule 'exact' does not use 'precision' (it uses: none)"),
        ("rate", "precision=100", "rule 'rate' does not use 'precision' (it uses: months, compare_months)"),
        ("rounded", "precision=ten", "precision='ten' must be a number"),
        ("rounded", "precision=0", "precision='0' must be a finite positive number"),
        ("rounded", "precision=-1", "must be a finite positive number"),
        ("rounded", "precision=inf", "must be a finite positive number"),
        ("rounded", "precision=nan", "must be a finite positive number"),
        ("rate", "months=1.5", "months='1.5' must be a whole number of months"),
        ("rounded", "", "rule 'rounded' needs precision=... (e.g. precision=100)"),
    ],
)
def test_bad_parameters(rule, text, message):
    with pytest.raises(RuleError) as err:
        rules.parse_parameters(text, rules.find(rule))
    assert message in str(err.value) and err.value.field == "parameters"


@pytest.mark.parametrize(
    "rule,text,kind",
    [
        ("exact", "2,672", "count"),
        ("verbal", "hundreds", "count"),
        ("share", "a quarter", "share"),
        ("rounded", "2,700", "count"),
        ("same", "anything at all", None),
        ("ratio", "twice as many", None),
        ("order", "the highest", None),
    ],
)
def test_what_a_rule_reads_from_the_claimed_words(rule, text, kind):
    claimed = rules.read_claimed(rules.find(rule), text, {"precision": 100})
    assert (claimed.kind if claimed else None) == kind


@pytest.mark.parametrize(
    "rule,text,message",
    [
        ("verbal", "2,672", "'2,672' has no known verbal quantity"),
        ("share", "2,672", "'2,672' is no share ('a quarter', '25%', '1 in 20')"),
        ("exact", "thousands", "'thousands' has no number for rule 'exact'"),
        ("rounded", "2,650", "2,650 is not a multiple of precision 100"),
        ("exact", "lots", "has no number"),
    ],
)
def test_claimed_words_a_rule_cannot_use(rule, text, message):
    with pytest.raises(RuleError) as err:
        rules.read_claimed(rules.find(rule), text, {"precision": 100})
    assert message in str(err.value) and err.value.field == "claimed"


@pytest.mark.parametrize(
    "text,claim", [("", True), ("  ", True), ("2672", True), ("12 * 3", True), ("fig_a", False), ("fig_a + 1", False)]
)
def test_a_side_with_no_figure_stands_for_the_claim(text, claim):
    assert rules.is_side_a_claim(text) is claim


def test_rules_by_name_and_alias():
    assert rules.find("more-than") is rules.RULES["more-than"]
    assert rules.find("over") is rules.RULES["more-than"]
    assert rules.find("fewer-than") is rules.RULES["less-than"]
    assert rules.find("no-less-than") is rules.RULES["at-least"]
    assert rules.find("exactly") is None


def test_the_rule_table():
    table = rules.markdown_table().splitlines()
    assert table[0] == "| rule | the claim holds when | parameters | verdicts it gives |"
    assert "| `more-than` (or `over`) | computed > claimed | none | consistent; contradicted |" in table
    assert any(line.startswith("| `rounded` |") and "| `precision` |" in line for line in table)
    assert any("| `months`, `compare_months` |" in line for line in table)
    assert len(table) == 2 + len(rules.RULES)


def test_a_side_without_a_figure_has_no_source_at_all():
    k = side(12, "the claim", with_count=False).as_count()
    assert (k.qualifier, k.source_id, k.dataset, k.story, k.derived) == ("exact", "", "", "", "")
    assert side(12, "the claim", with_count=False).as_claimed().meaning == "exact"


def test_exact_with_a_fraction():
    assert check("exact", [side(100.5)], "100") == (
        CONTRADICTED,
        "the data give 100.5, 0.5000 (50.00%) more than claimed",
    )
    assert check("exact", [side(99.5)], "100") == (
        CONTRADICTED,
        "the data give 99.5, 0.5000 (50.00%) fewer than claimed",
    )


def test_nothing_divides_by_zero():
    assert check("share", [side(1), side(0)], "a quarter") == (
        NOT_VERIFIABLE,
        "the whole is zero: no share can be computed",
    )
    assert check("ratio", [side(1), side(0)], "twice as many") == (
        NOT_VERIFIABLE,
        "the second figure is zero: no ratio can be computed",
    )
    assert check("part-of", [side(0), side(0)], "0") == (CONFIRMED, "a part within its whole: 0 of 0, nan%")


@pytest.mark.parametrize(
    "part,whole,text",
    [
        (24, 43, "a part within its whole: 24 of 43, 55.8%"),
        (10, 43, "a part within its whole: 10 of 43, 23.3% (about 1 in 4)"),
    ],
)
def test_the_whole_text_of_part_of(part, whole, text):
    assert check("part-of", [side(part), side(whole)], str(part)) == (CONFIRMED, text)


def test_the_longest_ratio_words_are_read_first():
    verdict, text = check("ratio", [side(400), side(100)], "double, even four times as many")
    assert verdict == CONSISTENT and text.endswith("read as 3.50 to 4.50 times")


def test_ratio_words_it_knows():
    with pytest.raises(RuleError) as err:
        check("ratio", [side(2), side(1)], "many more")
    assert str(err.value) == (
        "'many more' is no ratio in words; known: twice, double, three times, treble, four times, half as many"
    )


def test_two_sides_not_comparable_are_named_in_order(ev):
    verdict, text = check("same", [side(1, "fig_x", measure="calls"), side(1, "fig_y")], ev=ev)
    assert text == "not directly comparable: fig_x counts calls, fig_y counts victims"


def test_a_rate_needs_known_lengths_and_shows_their_range(ev):
    got = check("rate", [side(100, "a", Period.parse("2020-01", "unknown")), side(100, "b")], ev=ev)
    assert got == (
        NOT_VERIFIABLE,
        "a period has no known length; give months=/compare_months= with the source's words in notes",
    )
    got = check("rate", [side(100, "a"), side(100, "b", Period.parse("2020", "2020"))], ev=ev)
    assert got == (CONSISTENT, "10.0 to 10.0 a month (a) against 8.3 to 100.0 (b): the rates agree")


def test_a_parameter_value_with_an_equals_sign():
    with pytest.raises(RuleError) as err:
        rules.parse_parameters("precision=1=2", rules.find("rounded"))
    assert str(err.value) == "precision='1=2' must be a number"


def test_the_rule_tables_header_and_aliases():
    table = rules.markdown_table().splitlines()
    assert table[1] == "|---|---|---|---|"
    assert any(line.startswith("| `less-than` (or `under`, `fewer-than`) |") for line in table)
