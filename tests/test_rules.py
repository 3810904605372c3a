"""rules: each rule's check at its boundaries, on hand-built sides (a value, a scope, the figures it came from) in a
small world (tests/small_world.py); and the reading of a rule's parameters and claimed words. No claims file.

A check returns its verdict and what it found (`facts`); `check` here gives the verdict with the clause the ledger's
verdict line says for it (ledger.render), so each boundary is pinned in both."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from small_world import TEN, count, evidence, months, scope_of, write_world

from referrals import rules, scope
from referrals.compare import CONFIRMED, CONSISTENT, CONTRADICTED, INCONSISTENT, NOT_VERIFIABLE
from referrals.ledger import render
from referrals.rules import Context, RuleError, Side
from referrals.scope import Period
from referrals.wording import read

THIRTY = months("2020-01", "2022-06")
NAMES = render.Names(scope.universe(write_world(Path(tempfile.mkdtemp()) / "world")))


@pytest.fixture
def ev(tmp_path):
    return evidence(write_world(tmp_path / "world"))


def side(value, text="fig_a", period=TEN, places=("uk",), types=("all",), measure="victims", with_count=True):
    """A side of one figure: 'a' and 'b' are published by Outlet A and Outlet B, any other by Outlet A."""
    s = scope_of(period, places, types, measure)
    outlet = f"Outlet {text.upper()}" if text in ("a", "b") else "Outlet A"
    k = count(value, period, places, types, id=text, measure=measure, outlet=outlet)
    return Side(text, value, s, [text], k if with_count and value is not None else None)


def ctx(rule_name, sides, claimed="", ev=None, params=None, reason=""):
    rule = rules.find(rule_name)
    parsed = rules.read_claimed(rule, claimed, params or {}) if claimed else None
    return Context(claimed, parsed, list(sides), params or {}, reason, ev)


def check(rule_name, sides, claimed="", ev=None, params=None, reason=""):
    """The rule's verdict and the clause its verdict line says."""
    context = ctx(rule_name, sides, claimed, ev, params, reason)
    judgement = rules.find(rule_name).check(context)
    said = render.Said("Claimant", claimed, context.claimed)
    return judgement.verdict, render.words(judgement.facts, render.Case(said, NAMES)).line


# --- bounds -------------------------------------------------------------------------------------------------------

BOUNDS = [
    ("at-least", 99, CONTRADICTED, "Outlet A gives 99, which is fewer than 100"),
    ("at-least", 100, CONFIRMED, "Outlet A gives 100, which is at least 100"),
    ("at-least", 101, CONSISTENT, "Outlet A gives 101, which is at least 100"),
    ("more-than", 99, CONTRADICTED, "Outlet A gives 99, which is not more than 100"),
    ("more-than", 100, CONTRADICTED, "Outlet A gives 100, which is not more than 100"),
    ("more-than", 101, CONSISTENT, "Outlet A gives 101, which is more than 100"),
    ("at-most", 99, CONSISTENT, "Outlet A gives 99, which is at most 100"),
    ("at-most", 100, CONFIRMED, "Outlet A gives 100, which is at most 100"),
    ("at-most", 101, CONTRADICTED, "Outlet A gives 101, which is more than 100"),
    ("less-than", 99, CONSISTENT, "Outlet A gives 99, which is fewer than 100"),
    ("less-than", 100, CONTRADICTED, "Outlet A gives 100, which is not fewer than 100"),
    ("less-than", 101, CONTRADICTED, "Outlet A gives 101, which is not fewer than 100"),
    ("over", 100, CONTRADICTED, "Outlet A gives 100, which is not more than 100"),
    ("under", 100, CONTRADICTED, "Outlet A gives 100, which is not fewer than 100"),
]


@pytest.mark.parametrize("rule,value,verdict,text", BOUNDS, ids=[f"{b[0]} {b[1]}" for b in BOUNDS])
def test_a_bound_rule_at_the_claimed_number(rule, value, verdict, text):
    assert check(rule, [side(value)], "100") == (verdict, text)


@pytest.mark.parametrize(
    "value,verdict,text",
    [
        (100, CONFIRMED, "Outlet A gives 100"),
        (98, CONTRADICTED, "Outlet A gives 98, not 100"),
        (103, CONTRADICTED, "Outlet A gives 103, not 100"),
        (0.25, CONTRADICTED, "Outlet A gives 0.2500, not 100"),
    ],
)
def test_exact(value, verdict, text):
    assert check("exact", [side(value)], "100") == (verdict, text)


@pytest.mark.parametrize(
    "value,claimed,verdict,text",
    [
        (2650, "2,700", CONSISTENT, "Outlet A gives 2,650, which rounds to the nearest 100 to 2,700"),
        (2649, "2,600", CONSISTENT, "Outlet A gives 2,649, which rounds to the nearest 100 to 2,600"),
        (2649, "2,700", CONTRADICTED, "Outlet A gives 2,649, which rounds to the nearest 100 to 2,600, not 2,700"),
        (2700, "2,700", CONFIRMED, "Outlet A gives 2,700"),
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
    where = "within" if verdict == CONSISTENT else "outside"
    assert text == f"Outlet A gives {value:,}, {where} the 200 to under 1,000 that \u201chundreds\u201d allows"


def test_a_range_of_one_value_confirms():
    judgement = rules.check_range(Context("24 of these 43", read("24 of these 43"), [side(24)], {}, "", None))
    assert judgement.verdict == CONFIRMED and judgement.facts.ok and judgement.facts.test == "range"
    said = render.Said("Claimant", "24 of these 43", read("24 of these 43"))
    assert render.words(judgement.facts, render.Case(said, NAMES)).line == "Outlet A gives 24, as claimed"


@pytest.mark.parametrize(
    "part,whole,verdict,text",
    [
        (25, 100, CONSISTENT, "25 of 100 is 25%, within the 20% to under 30% that \u201ca quarter\u201d allows"),
        (20, 100, CONSISTENT, "20 of 100 is 20%, within the 20% to under 30%"),
        (19, 100, CONTRADICTED, "19 of 100 is 19%, outside the 20% to under 30%"),
        (31, 100, CONTRADICTED, "31 of 100 is 31%, outside the 20% to under 30%"),
        (25, 0, NOT_VERIFIABLE, "the whole is zero, so no share can be computed"),
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
        (
            200,
            100,
            "twice as many",
            CONSISTENT,
            "200 is 2.00 times 100, within the 1.75 to 2.25 times that \u201ctwice as many\u201d allows",
        ),
        (175, 100, "twice as many", CONSISTENT, "175 is 1.75 times 100"),
        (174, 100, "twice as many", CONTRADICTED, "174 is 1.74 times 100"),
        (225, 100, "twice as many", CONSISTENT, "225 is 2.25 times 100"),
        (226, 100, "twice as many", CONTRADICTED, "226 is 2.26 times 100"),
        (50, 100, "half as many", CONSISTENT, "within the 0.44 to 0.56 times"),
        (300, 100, "three times as many", CONSISTENT, "within the 2.62 to 3.38 times"),
        (174, 100, "twice as many", CONTRADICTED, "outside the 1.75 to 2.25 times"),
        (200, 0, "twice as many", NOT_VERIFIABLE, "the second figure is zero, so no ratio can be computed"),
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
        (24, 43, "24 of these 43", CONFIRMED, "24 of the 43, as claimed"),
        (24, 43, "more than 20", CONSISTENT, "24 of the 43, which is more than 20"),
        (43, 43, "43", CONFIRMED, "43 of the 43, as claimed"),
        (44, 43, "44", CONTRADICTED, "the part, 44, is larger than the whole, 43"),
        (10, 43, "10", CONFIRMED, "10 of the 43, as claimed"),
        (21, 43, "21", CONFIRMED, "21 of the 43, as claimed"),
        (22, 44, "22", CONFIRMED, "22 of the 44, as claimed"),
        (0, 43, "0", CONFIRMED, "0 of the 43, as claimed"),
        (24, 43, "999", CONTRADICTED, "the part is 24 of the 43, not 999"),
        (24, 43, "25", CONTRADICTED, "the part is 24 of the 43, not 25"),
        (43, 34093, "43", CONFIRMED, "43 of the 34,093, about one in 793, as claimed"),
    ],
)
def test_part_of(part, whole, claimed, verdict, text):
    got = check("part-of", [side(part), side(whole)], claimed)
    assert got[0] == verdict and text == got[1], got


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
    shown = " and ".join([", ".join(f"Outlet A {v}" for v in values[:-1]), f"Outlet A {values[-1]}"])
    assert (
        got[1] == ("largest first, as claimed" if verdict == CONFIRMED else "not in the claimed order") + f" ({shown})"
    )


@pytest.mark.parametrize(
    "values,line,checked",
    [
        (
            (30, 20, 10),
            "largest first of the three forces checked, as claimed (North Police 30, South Police 20 and Highland "
            "Police 10)",
            "Only the order of these three forces' figures was checked, largest first; how they stand against "
            "forces not listed here was not, so this does not show that North Police had the highest count of all "
            "forces.",
        ),
        (
            (20, 30, 10),
            "not in the claimed order among the three forces checked (North Police 20, South Police 30 and "
            "Highland Police 10)",
            "Only the order of these three forces' figures was checked, largest first.",
        ),
    ],
)
def test_an_order_of_forces_says_only_their_order_was_checked(values, line, checked):
    """The Met 'followed by West Midlands' is correct as an order of the five forces named, while 'the Met the
    highest' of all forces cannot be checked: the working says which was checked."""
    places = ("north", "south", "highland")
    sides = [side(v, f"fig_{p}", places=(p,)) for v, p in zip(values, places)]
    context = ctx("order", sides)
    judgement = rules.find("order").check(context)
    words = render.words(judgement.facts, render.Case(render.Said("Claimant", "", None), NAMES))
    assert (words.line, words.checked) == (line, checked)
    out = render.explain(judgement, render.Said("Claimant", "", None), NAMES.u, checked="Checked as an order.")
    assert out.working == [checked], "the order's own words say how it was checked, once"


# --- two figures and their periods ---------------------------------------------------------------------------

NOT_COMPARABLE = [
    (side(1, measure="calls"), side(1), "the two figures count different things, calls made and victims referred"),
    (
        side(1, places=("north",)),
        side(1),
        "the two figures count different places, North Police and the United Kingdom",
    ),
    (side(1, types=("abuse",)), side(1), "the two figures count different crime types, abuse and all crime types"),
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
        (side(5, "a"), side(6, "b"), INCONSISTENT, "Outlet A's 5 and Outlet B's 6 differ by 1"),
        (side(7, "a"), side(5, "b"), INCONSISTENT, "Outlet A's 7 and Outlet B's 5 differ by 2"),
        (side(5, "a"), side(5, "b"), CONFIRMED, "both give 5 for the same period, January to October 2020"),
        (
            side(5, "a", Period.parse("2020", "2020")),
            side(5, "b"),
            CONSISTENT,
            "both give 5: Outlet A's 5 covers 2020 and Outlet B's 5 January to October 2020, too loosely stated to "
            "tell",
        ),
        (
            side(5, "a"),
            side(5, "b", THIRTY),
            INCONSISTENT,
            "both give 5 but for different periods: Outlet A's 5 covers January to October 2020 and Outlet B's 5 "
            "January 2020 to June 2022",
        ),
    ],
)
def test_same(ev, a, b, verdict, text):
    assert check("same", [a, b], ev=ev) == (verdict, text)


@pytest.mark.parametrize(
    "a,b,verdict,text",
    [
        (side(5, "a"), side(6, "b"), CONFIRMED, "both cover January to October 2020"),
        (
            side(5, "a", Period.parse("2020", "2020")),
            side(6, "b"),
            CONSISTENT,
            "they may cover the same months: Outlet A's 5 covers 2020 and Outlet B's 6 January to October 2020, too "
            "loosely stated to tell",
        ),
        (
            side(5, "a"),
            side(6, "b", THIRTY),
            INCONSISTENT,
            "the claim ties Outlet A's 5 to Outlet B's 6, but Outlet A's 5 covers January to October 2020 and Outlet "
            "B's 6 January 2020 to June 2022",
        ),
    ],
)
def test_same_period(a, b, verdict, text):
    assert check("same-period", [a, b]) == (verdict, text)


def test_nested_periods_agree_or_differ_on_the_months_the_longer_adds(ev):
    agree = check("nested-period", [side(100, "a"), side(300, "b", THIRTY)], ev=ev)
    assert agree == (
        CONSISTENT,
        "Outlet B gives 300 from January 2020 to June 2022, which leaves 200 for the other 20 months, at about the "
        "same monthly rate as Outlet A's 100",
    )
    differ = check("nested-period", [side(290, "a"), side(300, "b", THIRTY)], ev=ev)
    assert differ == (
        INCONSISTENT,
        "Outlet B gives 300 from January 2020 to June 2022, which leaves 10 for the other 20 months, less than a "
        "tenth of the monthly rate of Outlet A's 290",
    )
    more = check("nested-period", [side(301, "a"), side(300, "b", THIRTY)], ev=ev)
    assert more == (
        INCONSISTENT,
        "Outlet B gives 300 from January 2020 to June 2022, so it can be at most 300, not 301",
    )


def test_nested_periods_of_the_same_months(ev):
    assert check("nested-period", [side(300, "a"), side(300, "b")], ev=ev)[0] == CONSISTENT
    verdict, text = check("nested-period", [side(290, "a"), side(300, "b")], ev=ev)
    assert (verdict, text) == (INCONSISTENT, "Outlet B gives 300, not 290")


def test_the_claim_itself_as_the_shorter_side(ev):
    claim_side = side(100, "the claim", with_count=False)
    got = check("nested-period", [claim_side, side(300, "b", THIRTY)], ev=ev)
    assert got[0] == CONSISTENT and got[1].endswith("at about the same monthly rate as the claim's own 100")
    got = check("nested-period", [side(100, "a"), side(300, "the claim", THIRTY, with_count=False)], ev=ev)
    assert got[1].startswith("the claim itself gives 300 from January 2020 to June 2022, which leaves 200")


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
    a_words, b_words = render.Names.period(a.scope.period), render.Names.period(b.scope.period)
    assert (
        text
        == f"the periods are not nested: Outlet A's {a.value:,} covers {a_words} and Outlet B's {b.value:,} {b_words}"
    )


def test_a_length_in_months_given_as_a_parameter(ev):
    years = Period.parse("2020", "2020")
    a, b = side(120, "a", years), side(360, "b", months("2020-01", "2022-12"))
    got = check("nested-period", [a, b], ev=ev)
    assert got[1] == (
        "Outlet B gives 360 from 2020 to 2022, which leaves 240 for the other 24 to 35 months, at "
        "about the same monthly rate as Outlet A's 120"
    )
    got = check("nested-period", [a, b], ev=ev, params={"months": 12})
    assert "which leaves 240 for the other 24 months" in got[1] and got[1].endswith("the claim's own 120")
    got = check("nested-period", [a, b], ev=ev, params={"months": 12, "compare_months": 30})
    assert got[1].startswith("the claim itself gives 360") and "which leaves 240 for the other 18 months," in got[1]


@pytest.mark.parametrize(
    "a,b,params,verdict,text",
    [
        (
            side(100, "a"),
            side(300, "b", THIRTY),
            {},
            CONSISTENT,
            "Outlet A's 100 is 10 a month, about the same rate as Outlet B's 300, 10 a month",
        ),
        (
            side(100, "a"),
            side(3000, "b", THIRTY),
            {},
            INCONSISTENT,
            "Outlet A's 100 is 10 a month, about a tenth of the 100 a month of Outlet B's 3,000",
        ),
        (
            side(100, "a"),
            side(100, "b", months("2021-01", "2021-06")),
            {},
            NOT_VERIFIABLE,
            "the periods do not overlap: Outlet A's 100 covers January to October 2020 and Outlet B's 100 January to "
            "June 2021",
        ),
        (
            side(100, "a", Period.parse("2020-01", "unknown")),
            side(100, "b"),
            {},
            NOT_VERIFIABLE,
            "a period has no known length, so there is no monthly rate to compare",
        ),
        (
            side(100, "a"),
            side(100, "b", Period.parse("unknown", "2020-10")),
            {},
            NOT_VERIFIABLE,
            "a period has no known length",
        ),
        (side(100, "a", Period.parse("2020", "2020")), side(100, "b"), {}, CONSISTENT, "is 8.3 to 100 a month, about"),
        (
            side(50, "a", Period.parse("2020", "2020")),
            side(100, "b"),
            {"months": 5},
            CONSISTENT,
            "own 50 is 10 a month",
        ),
        (side(100, "a"), side(200, "b"), {"compare_months": 20}, CONSISTENT, "the same rate as the claim's own 200"),
        (side(100, "a"), side(100, "b"), {"compare_months": 20}, INCONSISTENT, "about twice the five a month of the"),
    ],
)
def test_rate(ev, a, b, params, verdict, text):
    got = check("rate", [a, b], ev=ev, params=params)
    assert got[0] == verdict and text in got[1], got
    judgement = rules.find("rate").check(ctx("rate", [a, b], "", ev, params))
    if verdict == INCONSISTENT:
        assert not judgement.facts.ok and judgement.facts.z > 3.29


@pytest.mark.parametrize(
    "period,claimed,verdict,text",
    [
        (TEN, "10", CONFIRMED, "January to October 2020 is 10 months"),
        (TEN, "9", CONTRADICTED, "January to October 2020 is 10 months, not 9"),
        (TEN, "11", CONTRADICTED, "January to October 2020 is 10 months, not 11"),
        (Period.parse("2020", "2020"), "1", CONSISTENT, "2020 is 1 to 12 months"),
        (Period.parse("2020", "2020"), "12", CONSISTENT, "2020 is 1 to 12 months"),
        (Period.parse("2020", "2020"), "13", CONTRADICTED, "2020 is 1 to 12 months, not 13"),
        (
            Period.parse("2020-01", "unknown"),
            "9",
            NOT_VERIFIABLE,
            "the figure gives only a period starting in January 2020, so its length is not known",
        ),
        (
            Period.parse("unknown", "2020-01"),
            "9",
            NOT_VERIFIABLE,
            "the figure gives no dates, so its length is not known",
        ),
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
    assert check("exact", [side(100.5)], "100") == (CONTRADICTED, "Outlet A gives 100.5, not 100")
    assert check("exact", [side(99.5)], "100") == (CONTRADICTED, "Outlet A gives 99.5, not 100")
    judgement = rules.find("exact").check(ctx("exact", [side(99.5)], "100"))
    said = render.Said("Claimant", "100", read("100"))
    working = render.words(judgement.facts, render.Case(said, NAMES)).working
    assert working == ["Outlet A gives 99.5, 0.5 fewer than claimed."], "a fraction keeps its decimals, never 0.5000"


def test_nothing_divides_by_zero():
    assert check("share", [side(1), side(0)], "a quarter") == (
        NOT_VERIFIABLE,
        "the whole is zero, so no share can be computed",
    )
    assert check("ratio", [side(1), side(0)], "twice as many") == (
        NOT_VERIFIABLE,
        "the second figure is zero, so no ratio can be computed",
    )
    assert check("part-of", [side(0), side(0)], "0") == (CONFIRMED, "0 of the 0, as claimed")


@pytest.mark.parametrize(
    "part,whole,text",
    [
        (24, 43, "24 of the 43, as claimed"),
        (10, 43, "10 of the 43, as claimed"),
        (126, 2672, "126 of the 2,672, 5%, as claimed"),
        (43, 34093, "43 of the 34,093, about one in 793, as claimed"),
    ],
)
def test_the_whole_text_of_part_of(part, whole, text):
    assert check("part-of", [side(part), side(whole)], str(part)) == (CONFIRMED, text)


def test_the_longest_ratio_words_are_read_first():
    verdict, text = check("ratio", [side(400), side(100)], "double, even four times as many")
    assert verdict == CONSISTENT and "within the 3.50 to 4.50 times" in text


def test_ratio_words_it_knows():
    with pytest.raises(RuleError) as err:
        check("ratio", [side(2), side(1)], "many more")
    assert str(err.value) == (
        "'many more' is no ratio in words; known: twice, double, three times, treble, four times, half as many"
    )


def test_two_sides_not_comparable_are_named_in_order(ev):
    verdict, text = check("same", [side(1, "fig_x", measure="calls"), side(1, "fig_y")], ev=ev)
    assert text == "the two figures count different things, calls made and victims referred"


def test_a_rate_needs_known_lengths_and_shows_their_range(ev):
    got = check("rate", [side(100, "a", Period.parse("2020-01", "unknown")), side(100, "b")], ev=ev)
    assert got == (NOT_VERIFIABLE, "a period has no known length, so there is no monthly rate to compare")
    got = check("rate", [side(100, "a"), side(100, "b", Period.parse("2020", "2020"))], ev=ev)
    assert got == (
        CONSISTENT,
        "Outlet A's 100 is 10 a month, about the same rate as Outlet B's 100, 8.3 to 100 a month",
    )


def test_a_parameter_value_with_an_equals_sign():
    with pytest.raises(RuleError) as err:
        rules.parse_parameters("precision=1=2", rules.find("rounded"))
    assert str(err.value) == "precision='1=2' must be a number"


def test_the_rule_tables_header_and_aliases():
    table = rules.markdown_table().splitlines()
    assert table[1] == "|---|---|---|---|"
    assert any(line.startswith("| `less-than` (or `under`, `fewer-than`) |") for line in table)
