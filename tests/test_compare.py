"""compare: one claim against one count at every boundary of their scopes and values, and one verdict from many
comparisons, on hand-built claims and counts in a small world (tests/small_world.py); no claims file, no ledger.

What a comparison found is structure (its relation, outcome, rates and `facts`); its words are `ledger.render`'s,
checked here through `words` so that each boundary is pinned in both."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from small_world import TEN, claim, count, evidence, months

from referrals import compare
from referrals.compare import (
    AGREES,
    CONFIRMED,
    CONSISTENT,
    CONTEXT,
    CONTRADICTED,
    DISAGREES,
    HOLDS,
    INCONSISTENT,
    LOOSELY,
    NOT_VERIFIABLE,
    RATES_AGREE,
    RATES_DIFFER,
    WITHIN_BOUNDS,
    Comparison,
)
from referrals.ledger import render
from referrals.scope import Period
from referrals.wording import INF, Claimed, read

THIRTY = months("2020-01", "2022-06")  # contains TEN (January to October 2020)


@pytest.fixture
def ev(world):
    return evidence(world)


def one(c, k, ev):
    found = compare.compare(c, k, ev)
    assert found is None or found.count is k, "a comparison names the count it was made with"
    if found is not None:
        found.words = words(found, c, ev)
    return found


def _statistics(found, c, ev) -> str:
    """The statistics a comparison gives (the details block)."""
    said = render.Said(c.outlet, c.claimed.text, c.claimed, c.scope)
    return " ".join(render.words(found.facts, render.Case(said, render.Names(ev.universe), found)).statistics)


def words(found, c, ev) -> str:
    """A comparison in the ledger's words (comparisons.csv's explanation)."""
    return render.comparison_text(found, render.Said(c.outlet, c.claimed.text, c.claimed, c.scope), ev.universe)


# --- rates ------------------------------------------------------------------------------------------------------


def test_z_score_is_the_difference_of_rates_over_its_standard_error():
    # pooled rate 2.5 a month; variance (2.5 + (0.25 * 2.5) ** 2) * (1/10 + 1/10) = 0.578125
    assert compare.z_score(20, 10, 30, 10) == pytest.approx(1 / math.sqrt(0.578125))
    assert compare.z_score(30, 10, 20, 10) == pytest.approx(1 / math.sqrt(0.578125))
    assert compare.z_score(20, 10, 30, 20) == pytest.approx(0.5 / math.sqrt((50 / 30 + (0.25 * 50 / 30) ** 2) * 0.15))


def test_no_counts_at_all_are_zero_apart():
    assert compare.z_score(0, 10, 0, 10) == 0.0


def test_rates_whose_ranges_touch_agree():
    assert compare.rates_agree((10, 20), (10, 10), (20, 30), (10, 10)) == (True, 0.0)
    assert compare.rates_agree((20, 30), (10, 10), (10, 20), (10, 10)) == (True, 0.0)
    assert compare.rates_agree((10, 20), (10, 10), (15, 30), (10, 10)) == (True, 0.0)
    assert compare.rates_agree((15, 30), (10, 10), (10, 20), (10, 10)) == (True, 0.0)


def test_rates_apart_are_scored_at_their_closest_admissible_values():
    """a is lower: its highest count over its shortest length against b's lowest over b's longest."""
    ok, z = compare.rates_agree((100, 120), (10, 12), (3000, 3100), (10, 11))
    assert not ok and z == pytest.approx(compare.z_score(120, 10, 3000, 11))
    ok, z = compare.rates_agree((3000, 3100), (10, 11), (100, 120), (10, 12))
    assert not ok and z == pytest.approx(compare.z_score(3000, 11, 120, 10))


@pytest.mark.parametrize("other", [120, 130, 140, 150, 160, 170, 180, 200])
def test_rates_agree_up_to_the_limit(other):
    z = compare.z_score(100, 10, other, 10)
    assert compare.rates_agree((100, 100), (10, 10), (other, other), (10, 10)) == (z <= compare.Z_LIMIT, z)


def test_the_limit_lies_between_these_two():
    assert compare.rates_agree((100, 100), (10, 10), (170, 170), (10, 10))[0]  # 3.1 standard errors
    assert not compare.rates_agree((100, 100), (10, 10), (180, 180), (10, 10))[0]  # 3.5


def test_an_open_bound_has_an_open_rate():
    assert compare._rate(100, INF, (10, 20)) == (5.0, INF)
    assert compare._rate(100, 200, (10, 20)) == (5.0, 20.0)
    assert compare._rate(100, 200, None) is None


# --- the same place and crime types --------------------------------------------------------------------------

SAME = [
    # claim, the count's value and range (low, high, meaning, qualifier), outcome, words
    (
        "2,672",
        (2672, 2672, 2672, "exact", "exact"),
        AGREES,
        "Outlet A gives 2,672 from January to October 2020, as claimed.",
    ),
    (
        "more than 2,000",
        (2672, 2672, 2672, "exact", "exact"),
        HOLDS,
        "Outlet A gives 2,672 from January to October 2020, which is more than 2,000.",
    ),
    (
        "2,672",
        (2000, 2001, INF, "more-than", "more than"),
        LOOSELY,
        "Outlet A gives more than 2,000, which allows 2,672 but cannot confirm it",
    ),
    ("2,600", (2650, 2600, 2700, "approximately", "about"), HOLDS, "Outlet A gives about 2,650 from January"),
    ("2,601", (2650, 2600, 2700, "approximately", "about"), LOOSELY, "gives about 2,650, which allows 2,601 but"),
    ("2,700", (2650, 2600, 2700, "approximately", "about"), LOOSELY, "which allows 2,700 but cannot confirm it"),
    (
        "2,701",
        (2650, 2600, 2700, "approximately", "about"),
        DISAGREES,
        "Outlet A gives about 2,650 from January to October 2020, 2,600 to 2,700, not 2,701.",
    ),
    ("2,599", (2650, 2600, 2700, "approximately", "about"), DISAGREES, "2,600 to 2,700, not 2,599."),
    ("2,600", (2672, 2672, 2672, "exact", "exact"), DISAGREES, "2,672 from January to October 2020, 72 more than"),
    ("2,700", (2672, 2672, 2672, "exact", "exact"), DISAGREES, "28 fewer than Claimant's 2,700."),
    (
        "about 2,600",
        (2672, 2672, 2672, "exact", "exact"),
        DISAGREES,
        "outside the 2,550 to 2,650 that \u201cabout 2,600\u201d",
    ),
]


@pytest.mark.parametrize("said,figure,outcome,text", SAME, ids=[f"{s[0]} against {s[1][1]}-{s[1][2]}" for s in SAME])
def test_a_claim_against_a_count_of_the_same_scope(ev, said, figure, outcome, text):
    value, low, high, meaning, qualifier = figure
    found = one(claim(said), count(value, low=low, high=high, meaning=meaning, qualifier=qualifier), ev)
    assert (found.relation, found.outcome) == ("same count", outcome)
    assert text in found.words, found.words
    assert found.facts == compare.SameCount(read(said))
    assert found.exact_differs is (said == "more than 2,000")
    assert found.claim_rate is None and found.count_rate is None


def decimal(value: float) -> Claimed:
    """A claimed count with a decimal part, built by hand: the reader refuses '99.5' as a count (issue 21)."""
    return Claimed(str(value), "count", value, value, value, "exact")


@pytest.mark.parametrize(
    "said,figure,text",
    [
        (
            "2,672",
            count(2000, low=2001, high=INF, meaning="more-than", qualifier="more than"),
            "Outlet A gives more than 2,000, which allows 2,672 but cannot confirm it: it is itself only a bound.",
        ),
        (
            "2,600",
            count(2650, low=2600, high=2700, meaning="approximately", qualifier="about"),
            "Outlet A gives about 2,650 from January to October 2020, which allows 2,600.",
        ),
        (decimal(99.5), count(100), "Outlet A gives 100 from January to October 2020, 0.5 more than Claimant's 99.5."),
        (
            decimal(100.5),
            count(100),
            "Outlet A gives 100 from January to October 2020, 0.5 fewer than Claimant's 100.5.",
        ),
    ],
)
def test_the_whole_text_of_a_comparison_of_the_same_scope(ev, said, figure, text):
    assert one(claim(said), figure, ev).words == text


def test_an_exact_claim_equal_to_the_figure_flags_no_difference(ev):
    found = one(claim("at least 2,672"), count(2672), ev)
    assert found.outcome == HOLDS and not found.exact_differs and found.words.endswith("which is at least 2,672.")


def test_a_vague_period_is_named_with_who_gave_it(ev):
    years = Period.parse("2020", "2020")
    found = one(claim("2,672", years), count(2672), ev)
    assert found.facts.vague == compare.VaguePeriod("Claimant", years)
    assert found.words == (
        "Outlet A gives 2,672 from January to October 2020, as claimed. As Claimant gives the period only as 2020, it "
        "allows the same months."
    )
    found = one(claim("2,672"), count(2672, years), ev)
    assert found.facts.vague == compare.VaguePeriod("Outlet A", years)
    assert found.words.endswith(" As Outlet A gives the period only as 2020, it allows the same months.")
    found = one(claim("2,600", Period.parse("unknown", "unknown")), count(2672), ev)
    assert found.words == (
        "Outlet A gives 2,672 from January to October 2020, 72 more than Claimant's 2,600. As Claimant gives no "
        "dates, the same months are assumed."
    )
    found = one(claim("2,600", Period.parse("2020-01", "unknown")), count(2672), ev)
    assert "As Claimant gives the period only as a period starting in January 2020, it allows" in found.words
    found = one(claim("2,600", Period.parse("unknown", "2020-10")), count(2672), ev)
    assert found.words.endswith("As Claimant gives no dates, the same months are assumed.")
    assert one(claim("2,672"), count(2672), ev).facts.vague is None, "the same months: nothing to say"


def test_a_derived_figure_is_named_by_how_it_was_derived(ev):
    parts = (count(50, id="fig_b", types=("abuse",)), count(30, id="fig_c", types=("theft",)))
    derived = count(80, id="sum(fig_b, fig_c)", derived="sum", outlet="Outlet A")
    derived = type(derived)(**{**derived.__dict__, "members": parts})
    assert one(claim("80"), derived, ev).words == (
        "Outlet A's two crime types add up to 80 from January to October 2020, as claimed."
    )
    total = count(100, id="fig_total")
    complement = type(derived)(**{**derived.__dict__, "derived": "complement", "total": total, "members": parts[:1]})
    assert one(claim("80"), complement, ev).words.startswith(
        "Outlet A's total of 100 minus its one other crime type leaves 80"
    )


# --- how near a figure is ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "claimed_scope,count_scope,closeness",
    [
        ((TEN, ("uk",), ("all",)), (TEN, ("uk",), ("all",)), 8),
        ((Period.parse("2020", "2020"), ("uk",), ("all",)), (TEN, ("uk",), ("all",)), 7),
        ((TEN, ("uk",), ("abuse",)), (TEN, ("uk",), ("abuse",)), 8),
        ((TEN, ("north",), ("all",)), (TEN, ("uk",), ("all",)), 7),
        ((TEN, ("uk",), ("abuse",)), (TEN, ("uk",), ("all",)), 6),  # a figure for all crime types is generic
        ((TEN, ("uk",), ("all",)), (TEN, ("uk",), ("abuse",)), 7),
        ((TEN, ("north",), ("abuse",)), (THIRTY, ("uk",), ("all",)), 4),
        ((TEN, ("england-and-wales",), ("all",)), (TEN, ("north", "highland"), ("all",)), 6),
        ((TEN, ("uk",), ("all",)), (months("2021-01", "2021-06"), ("uk",), ("all",)), 6),
        ((THIRTY, ("uk",), ("all",)), (TEN, ("uk",), ("all",)), 7),  # the claim's months contain the figure's
        ((TEN, ("uk",), ("all",)), (THIRTY, ("uk",), ("all",)), 7),
        ((TEN, ("uk",), ("other",)), (TEN, ("uk",), ("abuse",)), 5),  # groups that may or may not overlap
    ],
)
def test_closeness_orders_the_figures_a_claim_is_held_against(ev, claimed_scope, count_scope, closeness):
    found = one(claim("10", *claimed_scope), count(10, *count_scope), ev)
    assert found.closeness == closeness


# --- a wider or narrower place or group ----------------------------------------------------------------------

BOUNDS = [
    # claim (value, places, types), count (value, places, types), outcome, words
    (
        ("400", ("north",), ("all",)),
        (500, ("uk",), ("all",)),
        WITHIN_BOUNDS,
        "Outlet A gives 500 for the United Kingdom, a wider place, so the claim's count can be at most 500, and 400 "
        "is.",
    ),
    (("500", ("north",), ("all",)), (500, ("uk",), ("all",)), WITHIN_BOUNDS, "can be at most 500, and 500 is"),
    (
        ("501", ("north",), ("all",)),
        (500, ("uk",), ("all",)),
        DISAGREES,
        "Outlet A gives 500 for the United Kingdom, a wider place, so the claim's count can be at most 500, not 501.",
    ),
    (("400", ("uk",), ("abuse",)), (500, ("uk",), ("all",)), WITHIN_BOUNDS, "500 for all crime types, a wider group"),
    (
        ("400", ("north",), ("abuse",)),
        (500, ("uk",), ("all",)),
        WITHIN_BOUNDS,
        "500 for the United Kingdom for all crime types, a wider place and group",
    ),
    (
        ("300", ("uk",), ("all",)),
        (300, ("north",), ("all",)),
        WITHIN_BOUNDS,
        "Outlet A gives 300 for North Police, a narrower place, so the claim's count must be at least 300, and 300 is.",
    ),
    (("299", ("uk",), ("all",)), (300, ("north",), ("all",)), DISAGREES, "must be at least 300, not 299."),
    (("about 300", ("uk",), ("all",)), (340, ("north",), ("all",)), WITHIN_BOUNDS, "and about 300 is"),
    (("about 300", ("uk",), ("all",)), (351, ("north",), ("all",)), DISAGREES, "at least 351, not about 300"),
    (
        ("300", ("uk",), ("abuse",)),
        (300, ("uk",), ("child-abuse",)),
        WITHIN_BOUNDS,
        "for child abuse, a narrower group",
    ),
]


@pytest.mark.parametrize(
    "said,figure,outcome,text", BOUNDS, ids=[f"{b[0][0]} {b[0][1]} {b[0][2]}~{b[1]}" for b in BOUNDS]
)
def test_a_wider_or_narrower_figure_bounds_the_claim(ev, said, figure, outcome, text):
    found = one(claim(said[0], TEN, said[1], said[2]), count(figure[0], TEN, figure[1], figure[2]), ev)
    assert (found.relation, found.outcome) == ("bound", outcome)
    assert text in found.words, found.words


@pytest.mark.parametrize(
    "figure,why",
    [
        (
            count(29, low=28.5, high=29.5, meaning="approximately", qualifier="about"),
            "rounded or estimated, 28.5 to 29.5",
        ),
        (count(20, low=21, high=INF, meaning="more-than", qualifier="more than"), "only a bound"),
    ],
)
def test_a_figure_that_cannot_confirm_a_claim_says_why(ev, figure, why):
    """'an estimated 29' allows 29 but is no bound: it was said to be 'itself only a bound'."""
    found = one(claim("29"), figure, ev)
    assert found.outcome == LOOSELY
    assert found.words.startswith(
        f"Outlet A gives {figure.shown()}, which allows 29 but cannot confirm it: it is itself {why}."
    )


@pytest.mark.parametrize(
    "qualifier,meaning,low,limit",
    [
        ("exact", "exact", 33, "at least 33,"),
        ("at least", "at-least", 33, "at least 33,"),
        ("more than", "more-than", 34, "at least 34,"),
    ],
)
def test_a_bound_figure_is_a_lower_bound_said_once(ev, qualifier, meaning, low, limit):
    """'so the claim's count must be at least at least 33' said the figure's own words after 'at least'."""
    figure = count(33, TEN, ("north",), low=low, high=INF if meaning != "exact" else 33, meaning=meaning)
    found = one(claim("100"), replace(figure, qualifier=qualifier), ev)
    assert found.outcome == WITHIN_BOUNDS
    assert f"so the claim's count must be {limit} and 100 is." in found.words, found.words


@pytest.mark.parametrize(
    "claim_period,count_period,bound",
    [
        (TEN, TEN, True),
        (TEN, THIRTY, True),  # the claim's months inside the figure's: still at most
        (THIRTY, TEN, False),  # a narrower place over more months can count more
        (Period.parse("2020", "2020"), TEN, True),  # compatible, and both known to the year
        (Period.parse("unknown", "unknown"), TEN, False),
        (TEN, Period.parse("2020-01", "unknown"), False),
        (TEN, months("2021-01", "2021-06"), False),
    ],
)
def test_a_narrower_claim_is_bounded_only_over_fitting_months(ev, claim_period, count_period, bound):
    found = one(claim("400", claim_period, ("north",)), count(500, count_period), ev)
    assert (found.relation == "bound") is bound, found.words


@pytest.mark.parametrize(
    "claim_period,count_period,bound",
    [(TEN, TEN, True), (THIRTY, TEN, True), (TEN, THIRTY, False), (Period.parse("unknown", "unknown"), TEN, False)],
)
def test_a_wider_claim_is_bounded_only_over_fitting_months(ev, claim_period, count_period, bound):
    found = one(claim("600", claim_period), count(500, count_period, ("north",)), ev)
    assert (found.relation == "bound") is bound, found.words


def test_an_open_figure_sets_no_upper_bound(ev):
    found = one(claim("400", TEN, ("north",)), count(500, low=501, high=INF, meaning="more-than"), ev)
    assert (found.relation, found.outcome) == ("a different place or group", CONTEXT)


def test_overlapping_places_give_context_with_rates(ev):
    found = one(claim("100", TEN, ("england-and-wales",)), count(50, TEN, ("north", "highland")), ev)
    assert (found.relation, found.outcome) == ("a different place or group", CONTEXT)
    assert found.words == "Outlet A gives 50 for North Police and for Highland Police: five a month."
    assert (found.claim_rate, found.count_rate) == ((10.0, 10.0), (5.0, 5.0))


@pytest.mark.parametrize(
    "said,figure",
    [
        (claim("10", TEN, ("north",)), count(10, TEN, ("highland",))),
        (claim("10", TEN, ("uk",), ("abuse",)), count(10, TEN, ("uk",), ("theft",))),
        (claim("10", TEN, measure="victims"), count(10, TEN, measure="calls")),
        (claim("a quarter"), count(10)),
    ],
)
def test_a_count_that_says_nothing_about_the_claim(ev, said, figure):
    assert one(said, figure, ev) is None


# --- one period inside the other ------------------------------------------------------------------------------


def test_a_claim_over_months_inside_a_figures_agrees_on_the_months_the_longer_adds(ev):
    found = one(claim("100"), count(300, THIRTY), ev)
    assert (found.relation, found.outcome) == ("nested periods", RATES_AGREE)
    assert found.words == (
        "Outlet A's 300 covers January 2020 to June 2022: 30 months. Claimant's 100 covers January to October 2020, "
        "10 months: 10 a month. That leaves 200 for the other 20 months: 10 a month, about the same rate."
    )
    assert found.facts == compare.NestedPeriods(
        read("100"), True, (100, 100), (10, 10), (30, 30), (200, 200), (20, 20), (10, 10), (10, 10)
    )
    assert (found.claim_rate, found.count_rate) == ((10.0, 10.0), (10.0, 10.0))


def test_the_months_the_longer_period_adds_can_differ_beyond_chance(ev):
    found = one(claim("290"), count(300, THIRTY), ev)
    assert found.outcome == RATES_DIFFER
    _, z = compare.rates_agree((290, 290), (10, 10), (10, 10), (20, 20))
    assert found.words == (
        "Outlet A's 300 covers January 2020 to June 2022: 30 months. Claimant's 290 covers January to October 2020, "
        "10 months: 29 a month. That leaves 10 for the other 20 months: 0.5 a month, less than a tenth of the rate."
    )
    assert found.z == z and f"{z:.1f} standard errors apart, beyond chance" in _statistics(found, claim("290"), ev)
    assert (found.relation, found.claim_rate, found.count_rate) == ("nested periods", (29.0, 29.0), (10.0, 10.0))


@pytest.mark.parametrize("said,outcome", [("300", RATES_DIFFER), ("301", DISAGREES)])
def test_a_shorter_period_cannot_count_more(ev, said, outcome):
    found = one(claim(said), count(300, THIRTY), ev)
    assert found.outcome == outcome
    if outcome == DISAGREES:
        assert found.facts == compare.Bound(read("301"), True, "period")
        assert found.words == (
            "Outlet A gives 300 from January 2020 to June 2022, a longer period, so the claim's count can be at most "
            "300, not 301."
        )
    else:
        assert found.facts.rest == (0, 0) and found.words.endswith("That leaves nothing for the other 20 months.")


@pytest.mark.parametrize(
    "longer,added",
    [
        (months("2020-01", "2020-11"), "10 for the other month:"),
        (months("2020-01", "2020-12"), "the other two months:"),
    ],
)
def test_a_longer_period_by_a_month_or_two(ev, longer, added):
    found = one(claim("100"), count(110, longer), ev)
    assert found.relation == "nested periods" and added in found.words, found.words


def test_a_claimed_range_inside_a_longer_period(ev):
    found = one(claim("about 110"), count(300, THIRTY), ev)
    assert "10 months: 10.5 to 11.5 a month. That leaves 185 to 195 for the other 20 months" in found.words


def test_a_claim_over_more_months_than_the_figure(ev):
    found = one(claim("300", THIRTY), count(100), ev)
    assert (found.relation, found.outcome) == ("nested periods", RATES_AGREE)
    assert found.facts.claim_inside is False
    assert found.words.startswith(
        "Claimant's 300 covers January 2020 to June 2022: 30 months. Outlet A's 100 covers January to October 2020, "
        "10 months: 10 a month. That leaves 200 for the other 20 months"
    )
    assert (found.claim_rate, found.count_rate) == ((10.0, 10.0), (10.0, 10.0))
    found = one(claim("99", THIRTY), count(100), ev)
    assert found.outcome == DISAGREES
    assert found.words == (
        "Outlet A gives 100 from January to October 2020, a shorter period, so the claim's count must be at least "
        "100, not 99."
    )
    assert one(claim("100", THIRTY), count(100), ev).outcome != DISAGREES


def test_without_a_monthly_rate_a_nested_figure_only_bounds(ev):
    found = one(claim("100"), count(300, THIRTY, flow=False), ev)
    assert (found.relation, found.outcome) == ("bound", WITHIN_BOUNDS)


def test_a_longer_period_known_only_by_year(ev):
    found = one(claim("10", months("2020-12", "2021-01")), count(100, Period.parse("2020", "2021")), ev)
    assert "That leaves 90 for the other 1 to 22 months" in found.words, found.words


def test_a_vague_claimed_period_as_long_as_the_figures(ev):
    vague = Period(TEN.start_lo, TEN.start_lo + 1, TEN.end_lo, TEN.end_lo, 10, 10)
    found = one(claim("300", vague), count(300), ev)
    assert found.words.endswith(
        "As Claimant gives the period only as a period starting between January 2020 and February 2020 and ending "
        "in October 2020, it allows the same months."
    )


def test_nested_periods_without_a_known_length_only_bound():
    no_length = Period(TEN.start_lo, TEN.start_lo, TEN.end_lo, TEN.end_lo)
    found = compare.nested_periods(read("100"), no_length, count(300, THIRTY))
    assert (found.relation, found.outcome) == ("bound", WITHIN_BOUNDS)


def test_lengths_known_as_ranges_give_the_months_added_as_a_range(ev):
    vague = Period.parse("2020-01", "2020")  # ends some time in 2020: 1 to 12 months
    found = one(claim("100", vague), count(1000, months("2020-01", "2021-12")), ev)
    assert found.relation == "nested periods"
    assert "That leaves 900 for the other 12 to 23 months" in found.words
    vaguer = Period.parse("2020-01", "2021")  # 13 to 24 months
    found = one(claim("100", vaguer), count(1000, months("2020-01", "2021-12")), ev)
    assert "13 to 24 months: 4.2 to 7.7 a month. That leaves 900 for the other 1 to 11 months" in found.words


def test_a_value_over_the_same_months_as_a_count_is_held_as_the_same_count():
    same = compare.nested_periods(read("300"), THIRTY, count(300, THIRTY))
    assert (same.relation, same.outcome) == ("same count", AGREES)
    found = compare.nested_periods(read("100"), TEN, count(300, THIRTY), who="Outlet B")
    assert found.outcome == RATES_AGREE and found.facts.rest == (200, 200) and found.facts.rest_rate == (10, 10)


def test_nested_periods_names_who_gave_a_vague_period():
    vague = Period(TEN.start_lo, TEN.start_lo + 1, TEN.end_lo, TEN.end_lo, 10, 10)
    found = compare.nested_periods(read("300"), vague, count(300, TEN), who="Outlet B")
    assert found.facts.vague == compare.VaguePeriod("Outlet B", vague)
    found = compare.nested_periods(read("300"), vague, count(300, TEN))  # no one named: a rule's own side
    assert found.facts.vague == compare.VaguePeriod("", vague)


def test_an_open_figure_adds_an_open_number_of_months(ev):
    open_count = count(300, THIRTY, low=301, high=INF, meaning="more-than", qualifier="more than")
    found = one(claim("100"), open_count, ev)
    assert found.relation == "nested periods"
    assert found.facts.rest == (201, INF) and found.words.endswith(
        "That leaves at least 201 for the other 20 months: at least 10.1 a month, about the same rate."
    )


# --- overlapping and other months ----------------------------------------------------------------------------


def test_overlapping_periods_compare_monthly_rates(ev):
    later = months("2020-06", "2021-03")
    found = one(claim("100"), count(100, later), ev)
    assert (found.relation, found.outcome) == ("overlapping periods", RATES_AGREE)
    assert (
        found.words
        == "Outlet A gives 100 from June 2020 to March 2021, 10 a month, a rate that fits the 10 a month claimed."
    )
    assert (found.claim_rate, found.count_rate) == ((10.0, 10.0), (10.0, 10.0))
    found = one(claim("100"), count(1000, later), ev)
    _, z = compare.rates_agree((100, 100), (10, 10), (1000, 1000), (10, 10))
    assert (found.relation, found.outcome) == ("overlapping periods", RATES_DIFFER)
    assert found.z == z and found.words.endswith("100 a month, about 10 times the 10 a month claimed.")
    assert f"{z:.1f} standard errors apart, beyond chance" in _statistics(found, claim("100"), ev)
    assert (found.claim_rate, found.count_rate) == ((10.0, 10.0), (100.0, 100.0))


def test_periods_that_may_or_may_not_overlap_compare_rates(ev):
    found = one(claim("120", Period.parse("2020", "2020")), count(70, months("2020-12", "2021-06")), ev)
    assert (found.relation, found.outcome) == ("overlapping periods", RATES_AGREE)
    assert found.claim_rate == (10.0, 120.0)


def test_different_months_are_context(ev):
    found = one(claim("100"), count(100, months("2021-01", "2021-10")), ev)
    assert (found.relation, found.outcome) == ("different months", CONTEXT)
    assert found.words == "Outlet A gives 100 from January to October 2021: 10 a month."
    assert (found.claim_rate, found.count_rate) == ((10.0, 10.0), (10.0, 10.0))


def test_without_rates_overlapping_months_say_nothing_and_other_months_are_context(ev):
    assert one(claim("100"), count(100, months("2020-06", "2021-03"), flow=False), ev) is None
    found = one(claim("100"), count(100, months("2021-01", "2021-10"), flow=False), ev)
    assert (found.relation, found.outcome) == ("different months", CONTEXT)
    assert found.facts == compare.MonthlyRates(read("100"), compare.OTHER_MONTHS)
    assert found.words == "Outlet A gives 100 from January to October 2021, with no monthly rate to compare."


# --- a claimed rate ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "figure,outcome",
    [
        (count(3000), HOLDS),
        (count(2000), HOLDS),  # 200 a month: the lowest 'hundreds' allows
        (count(1999), DISAGREES),
        (count(2000, low=2000, high=INF, meaning="at-least"), LOOSELY),
        (count(100), DISAGREES),
    ],
)
def test_a_claimed_rate_against_a_counts_monthly_rate(ev, figure, outcome):
    found = one(claim("hundreds a month"), figure, ev)
    assert (found.relation, found.outcome) == ("monthly rate", outcome)
    assert found.claim_rate == (200.0, pytest.approx(1000.0))


def test_a_claimed_rate_in_words(ev):
    found = one(claim("hundreds a month"), count(3000), ev)
    assert found.words == "Outlet A gives 3,000 over 10 months, 300 a month, which fits \u201chundreds a month\u201d."
    assert found.count_rate == (300.0, 300.0)
    found = one(claim("hundreds a month"), count(100), ev)
    assert found.words == "Outlet A gives 100 over 10 months, 10 a month, not \u201chundreds a month\u201d."


@pytest.mark.parametrize("figure,outcome", [(count(3000), HOLDS), (count(3010), DISAGREES), (count(2990), DISAGREES)])
def test_an_exact_claimed_rate(ev, figure, outcome):
    assert one(claim("300 a month"), figure, ev).outcome == outcome


def test_a_claimed_rate_elsewhere_is_context_and_without_months_nothing(ev):
    found = one(claim("hundreds a month", TEN, ("north",)), count(3000), ev)
    assert (found.relation, found.outcome) == ("different place or group", CONTEXT)
    assert found.words == "Outlet A gives 3,000 for the United Kingdom over 10 months, 300 a month."
    assert (found.claim_rate, found.count_rate) == ((200.0, pytest.approx(1000.0)), (300.0, 300.0))
    assert one(claim("hundreds a month"), count(3000, flow=False), ev) is None
    # a figure from January 2020 with no end allows the claim's ten months: the rate is held as the count it makes
    # over them (2,000 to under 10,000), exactly as a claimed count is (issue 21: one method for every period)
    undated_end = one(claim("hundreds a month"), count(3000, Period.parse("2020-01", "unknown")), ev)
    assert (undated_end.relation, undated_end.outcome) == ("same count", HOLDS)
    assert (
        undated_end.outcome == one(claim("2,000 to 9,999"), count(3000, Period.parse("2020-01", "unknown")), ev).outcome
    )


# --- the claim's own figure -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "figure,own",
    [
        (count(100, story="claim-story"), True),
        (count(100, story="story-a"), False),
        (count(101, story="claim-story"), False),
        (count(100, story="claim-story", derived="a sum"), False),
        (count(100, story="claim-story", measure="calls"), False),
        (count(100, TEN, ("north",), story="claim-story"), False),
        (count(100, TEN, ("uk",), ("abuse",), story="claim-story"), False),
        (count(100, THIRTY, story="claim-story"), True),  # its own words, whatever period they were given
    ],
)
def test_a_claims_own_statement(ev, figure, own):
    assert compare.is_own_statement(claim("100"), figure, ev) is own


def test_a_claim_with_no_story_has_no_own_statement(ev):
    c = claim("100", story="")
    assert not compare.is_own_statement(c, count(100, story=""), ev)


def test_a_claim_is_never_confirmed_by_its_own_statement(world):
    own = count(100, id="fig_own", story="claim-story")
    e = evidence(world, [own])
    assert compare.comparisons(claim("100"), e) == []
    judgement = compare.hold(claim("100"), e)
    assert judgement.verdict == NOT_VERIFIABLE
    assert judgement.own == (own,) and judgement.comparisons == []
    other = count(100, id="fig_other")
    judgement = compare.hold(claim("100"), evidence(world, [own, other]))
    assert judgement.verdict == CONFIRMED and [c.count.id for c in judgement.decisive] == ["fig_other"]


def test_the_claim_itself_is_not_changed_by_being_held(world):
    c = claim("100")
    compare.hold(c, evidence(world, [count(100, story="claim-story")]))
    assert c == claim("100")


# --- sums and complements a breakdown implies --------------------------------------------------------------------


@pytest.fixture
def breakdown(world):
    total = count(100, id="fig_total")
    parts = [
        count(50, TEN, ("uk",), ("abuse",), id="fig_abuse"),
        count(30, TEN, ("uk",), ("theft",), id="fig_theft"),
        count(20, TEN, ("uk",), ("fraud",), id="fig_fraud"),
    ]
    return evidence(world, [total, *parts], [(total, parts)])


def test_a_sum_a_breakdown_implies_is_compared_once(breakdown):
    found = compare.comparisons(claim("80", TEN, ("uk",), ("abuse", "theft")), breakdown)
    derived = [c for c in found if c.count.derived]
    assert [c.count.id for c in derived] == ["sum(fig_abuse, fig_theft)"]  # the complement counts the same
    assert derived[0].outcome == AGREES


def test_a_published_figure_for_the_same_thing_leaves_out_the_derived_one(world):
    total = count(100, id="fig_total")
    parts = [
        count(50, TEN, ("uk",), ("abuse",), id="fig_abuse"),
        count(30, TEN, ("uk",), ("theft",), id="fig_theft"),
        count(20, TEN, ("uk",), ("fraud",), id="fig_fraud"),
    ]
    published = count(80, TEN, ("uk",), ("abuse", "theft"), id="fig_both")
    e = evidence(world, [total, *parts, published], [(total, parts)])
    found = compare.comparisons(claim("80", TEN, ("uk",), ("abuse", "theft")), e)
    assert not [c for c in found if c.count.derived]
    restated = count(80, TEN, ("uk",), ("abuse", "theft"), id="fig_reprint", role="restatement")
    e = evidence(world, [total, *parts, restated], [(total, parts)])
    found = compare.comparisons(claim("80", TEN, ("uk",), ("abuse", "theft")), e)
    assert [c.count.id for c in found if c.count.derived] == ["sum(fig_abuse, fig_theft)"], "a reprint covers nothing"


def test_a_complement_that_counts_what_a_figure_counts_adds_nothing(breakdown):
    found = compare.comparisons(claim("20", TEN, ("uk",), ("fraud",)), breakdown)
    assert [c.count.id for c in found] == ["fig_total", "fig_fraud"]


def test_a_complement_that_differs_from_its_category_is_held_against_the_claim(world):
    """The parts add up to more than the total: the total minus the others checks the source's own numbers."""
    total = count(100, id="fig_total")
    parts = [
        count(50, TEN, ("uk",), ("abuse",), id="fig_abuse"),
        count(30, TEN, ("uk",), ("theft",), id="fig_theft"),
        count(25, TEN, ("uk",), ("fraud",), id="fig_fraud"),
    ]
    e = evidence(world, [total, *parts], [(total, parts)])
    found = compare.comparisons(claim("25", TEN, ("uk",), ("fraud",)), e)
    assert [(c.count.id, c.outcome) for c in found][1:] == [
        ("fig_fraud", AGREES),
        ("fig_total - sum(fig_abuse, fig_theft)", DISAGREES),
    ]


@pytest.mark.parametrize(
    "said, outcome, verdict, text",
    [
        ("150", AGREES, CONFIRMED, "Outlet A's two forces add up to 150 from January to October 2020, as claimed."),
        ("more than 140", HOLDS, CONSISTENT, "Outlet A's two forces add up to 150 from January to October 2020"),
        ("200", DISAGREES, CONTRADICTED, "Outlet A's two forces add up to 150"),
    ],
)
def test_a_count_of_a_list_of_places_is_held_against_the_sum_of_its_members(world, said, outcome, verdict, text):
    """claims/README.md: a + list sums its members; one source's figure for each member makes the list's count."""
    north, south = count(100, places=("north",), id="fig_north"), count(50, places=("south",), id="fig_south")
    e = evidence(world, [replace(north, source_id="source-a"), replace(south, source_id="source-a")])
    c = claim(said, TEN, ("north", "south"))
    summed = [f for f in compare.comparisons(c, e) if f.count.derived == "sum"]
    assert [(f.count.id, f.count.value, f.outcome) for f in summed] == [("fig_north + fig_south", 150, outcome)]
    assert text in words(summed[0], c, e)
    assert compare.hold(c, e).verdict == verdict


def test_a_list_of_places_with_a_member_unpublished_makes_no_sum(world):
    north, west = count(100, places=("north",), id="fig_north"), count(9, places=("west",), id="fig_west")
    e = evidence(world, [replace(north, source_id="source-a"), replace(west, source_id="source-a")])
    assert not [f for f in compare.comparisons(claim("150", TEN, ("north", "south")), e) if f.count.derived]


# --- one verdict from many comparisons -------------------------------------------------------------------------
# What a judgement names is structure (its decisive comparisons, flags, bounds and context); `named` lists it the
# way the verdict's words name it (ledger.render writes the words, tested in test_verdict_words.py).


def c_(outcome, id="fig_a", *, dataset="request-1", role="original", closeness=0, exact_differs=False):
    k = count(1, id=id, dataset=dataset, role=role)
    return Comparison(
        k, "same count", outcome, compare.SameCount(read("1")), closeness=closeness, exact_differs=exact_differs
    )


def named(judgement) -> str:
    """The comparisons a judgement names: the decisive ones (at most three, and how many more), whether the
    figures disagree among themselves, the other findings beside them ('Also'), or the bounds and context."""
    say = lambda found: "; ".join(f"{c.count.id} {c.outcome}" for c in found)  # noqa: E731
    text = ("divided: " if judgement.divided else "") + say(judgement.decisive[: compare.NAMED])
    if len(judgement.decisive) > compare.NAMED:
        text += f" (and {len(judgement.decisive) - compare.NAMED} more)"
    if judgement.flags:
        text += ". Also: " + say(judgement.flags)
    if judgement.bounds or judgement.context:
        text += "bounds: " + say(judgement.bounds) + ". context: " + say(judgement.context)
    return text


C = claim("1")

VERDICTS = [
    # the comparisons, the verdict, what it names
    ([c_(DISAGREES, "a"), c_(AGREES, "b")], INCONSISTENT, "divided: a disagrees; b agrees"),
    ([c_(DISAGREES, "a"), c_(HOLDS, "b")], INCONSISTENT, "divided: a disagrees; b holds"),
    ([c_(DISAGREES, "a"), c_(RATES_AGREE, "b")], INCONSISTENT, "divided: a disagrees; b rates agree"),
    ([c_(DISAGREES, "a")], CONTRADICTED, "a disagrees"),
    ([c_(DISAGREES, "a"), c_(CONTEXT, "b")], CONTRADICTED, "a disagrees"),
    ([c_(AGREES, "a"), c_(RATES_DIFFER, "b")], CONFIRMED, "a agrees. Also: b rates differ"),
    ([c_(AGREES, "a"), c_(DISAGREES, "b", dataset="request-2")], CONFIRMED, "a agrees. Also: b disagrees"),
    ([c_(HOLDS, "a"), c_(AGREES, "b")], CONFIRMED, "b agrees"),
    ([c_(HOLDS, "a", exact_differs=True)], CONSISTENT, "a holds"),
    ([c_(HOLDS, "a"), c_(HOLDS, "b", exact_differs=True)], CONSISTENT, "a holds; b holds"),
    ([c_(HOLDS, "a"), c_(LOOSELY, "b")], CONSISTENT, "a holds"),
    ([c_(DISAGREES, "a", dataset="request-2")], INCONSISTENT, "a disagrees"),
    ([c_(RATES_DIFFER, "a")], INCONSISTENT, "a rates differ"),
    ([c_(RATES_AGREE, "a"), c_(RATES_DIFFER, "b")], INCONSISTENT, "b rates differ"),
    ([c_(RATES_AGREE, "a")], CONSISTENT, "a rates agree"),
    ([c_(RATES_AGREE, "a"), c_(LOOSELY, "b")], CONSISTENT, "a rates agree"),
]


@pytest.mark.parametrize("found,verdict,names", VERDICTS, ids=[f"{i}-{v[1]}" for i, v in enumerate(VERDICTS)])
def test_one_verdict_from_the_comparisons(found, verdict, names):
    judgement = compare.judge(C, found)
    assert judgement.verdict == verdict
    assert named(judgement) == names
    assert judgement.comparisons == found


def test_figures_that_both_support_and_contradict_are_inconsistent_and_both_decide():
    found = [c_(AGREES, "b"), c_(DISAGREES, "a"), c_(CONTEXT, "c")]
    judgement = compare.judge(C, found)
    assert judgement.verdict == INCONSISTENT and judgement.divided
    assert [c.count.id for c in judgement.decisive] == ["a", "b"]


def test_a_claim_whose_data_set_is_unknown_holds_every_figure_as_its_own():
    claim_without = claim("1", dataset="")
    judgement = compare.judge(claim_without, [c_(DISAGREES, "a", dataset="request-2")])
    assert judgement.verdict == CONTRADICTED


def test_an_exact_figure_that_differs_from_the_words_is_flagged():
    judgement = compare.judge(C, [c_(HOLDS, "a"), c_(HOLDS, "b", exact_differs=True)])
    assert named(judgement) == "a holds; b holds" and judgement.flags == [], "already named: no flag"
    judgement = compare.judge(C, [c_(AGREES, "a"), c_(HOLDS, "b", exact_differs=True)])
    assert named(judgement) == "a agrees. Also: b holds"


def test_the_claims_own_data_come_first_among_agreeing_figures():
    found = [c_(AGREES, "other", dataset="request-2"), c_(AGREES, "mine")]
    assert [c.count.id for c in compare.judge(C, found).decisive] == ["mine", "other"]


def test_original_reporting_decides_before_restatements():
    found = [c_(AGREES, "orig"), c_(DISAGREES, "reprint", role="restatement")]
    judgement = compare.judge(C, found)
    assert (judgement.verdict, named(judgement)) == (CONFIRMED, "orig agrees. Also: reprint disagrees")
    found = [c_(CONTEXT, "orig"), c_(AGREES, "reprint", role="restatement")]
    assert compare.judge(C, found).verdict == CONFIRMED
    found = [c_(RATES_DIFFER, "orig2"), c_(AGREES, "orig"), c_(DISAGREES, "reprint", role="restatement")]
    assert named(compare.judge(C, found)) == "orig agrees. Also: orig2 rates differ; reprint disagrees"
    found = [c_(AGREES, "reprint", role="restatement"), c_(RATES_DIFFER, "orig", role="original")]
    judgement = compare.judge(C, found)
    assert (judgement.verdict, named(judgement)) == (INCONSISTENT, "orig rates differ")


def test_flags_from_the_other_tier_are_at_most_two_and_one_per_figure():
    found = [c_(AGREES, "orig")] + [c_(DISAGREES, f"r{i}", role="restatement") for i in range(3)]
    found.append(c_(RATES_DIFFER, "r0", role="restatement"))
    assert named(compare.judge(C, found)) == "orig agrees. Also: r0 disagrees; r1 disagrees"
    found = [c_(AGREES, "orig"), c_(AGREES, "r0", role="restatement")]
    assert named(compare.judge(C, found)) == "orig agrees"


def test_at_most_three_decisive_figures_are_named():
    found = [c_(DISAGREES, f"f{i}") for i in range(5)]
    assert named(compare.judge(C, found)) == "f0 disagrees; f1 disagrees; f2 disagrees (and 2 more)"
    found = [c_(DISAGREES, f"f{i}") for i in range(3)]
    assert named(compare.judge(C, found)) == "f0 disagrees; f1 disagrees; f2 disagrees"


def test_decisive_figures_are_ordered_by_directness_then_closeness():
    found = [c_(RATES_AGREE, "r"), c_(HOLDS, "h", closeness=1), c_(HOLDS, "h2", closeness=5), c_(AGREES, "a")]
    judgement = compare.judge(C, [*found, c_(DISAGREES, "d")])
    assert [c.count.id for c in judgement.decisive] == ["d", "a", "h2", "h", "r"]
    assert named(judgement) == "divided: d disagrees; a agrees; h2 holds (and 2 more)"


@pytest.mark.parametrize("outcome", [DISAGREES, HOLDS, AGREES])
def test_of_equally_close_figures_an_exact_one_is_named_before_a_bound(outcome):
    """The Ferret's 87 of 207 (42%) before its 87 of 'over 200' (at most 43.3%): both rule out 'nearly half'."""
    bound, exact = c_(outcome, "bound", closeness=2), c_(outcome, "exact", closeness=2)
    bound.count = replace(bound.count, high=INF, meaning="more-than")
    assert [c.count.id for c in compare.judge(C, [bound, exact]).decisive] == ["exact", "bound"]


def test_one_comparison_per_figure_decides():
    found = [c_(AGREES, "a"), c_(AGREES, "a")]
    judgement = compare.judge(C, found)
    assert named(judgement) == "a agrees" and len(judgement.decisive) == 1


def test_not_verifiable_says_what_bounds_and_context_there_are():
    nothing = compare.judge(C, [])
    assert (nothing.verdict, nothing.comparisons, nothing.bounds, nothing.context) == (NOT_VERIFIABLE, [], [], [])
    found = [c_(WITHIN_BOUNDS, "b1"), c_(WITHIN_BOUNDS, "b2"), c_(WITHIN_BOUNDS, "b3")]
    judgement = compare.judge(C, found)
    assert judgement.verdict == NOT_VERIFIABLE and judgement.decisive == []
    assert named(judgement) == "bounds: b1 within bounds; b2 within bounds. context: "
    found = [c_(LOOSELY, "l"), c_(CONTEXT, "x", closeness=1), c_(CONTEXT, "y", closeness=3), c_(CONTEXT, "z")]
    found[1].count_rate, found[2].count_rate, found[3].count_rate = (1, 1), (1, INF), (2, 2)
    own = (count(1, id="fig_own"), count(1, id="fig_two"))
    judgement = compare.judge(C, found, own=own)
    assert named(judgement) == "bounds: . context: x context; z context"
    assert judgement.own == own


def test_context_without_a_rate_comes_after_context_with_one():
    found = [c_(CONTEXT, "norate", closeness=9), c_(CONTEXT, "rate", closeness=0)]
    found[1].count_rate = (1, 2)
    assert named(compare.judge(C, found)).endswith("context: rate context; norate context")


def test_a_comparison_row_for_comparisons_csv(ev):
    found = one(claim("100"), count(300, THIRTY), ev)
    assert found.row(claim("100"), found.words) == {
        "claim_id": "c",
        "figure": "fig_a",
        "source": "Outlet A",
        "value": "300",
        "period": "January 2020 to June 2022",
        "relation": "nested periods",
        "outcome": RATES_AGREE,
        "claim_monthly_rate": "10",
        "figure_monthly_rate": "10",
        "standard_errors": f"{found.z:.1f}",
        "explanation": found.words,
    }
    assert one(claim("101"), count(101), ev).row(claim("101"))["claim_monthly_rate"] == ""
    assert one(claim("101"), count(101), ev).row(claim("101"))["standard_errors"] == "", "no rates compared"


def test_another_requests_figure_that_holds_is_no_flag():
    found = [c_(AGREES, "a"), c_(HOLDS, "b", dataset="request-2")]
    assert named(compare.judge(C, found)) == "a agrees"


def test_a_consistent_claim_is_flagged_with_what_differs():
    found = [c_(HOLDS, "a"), c_(RATES_DIFFER, "b")]
    assert named(compare.judge(C, found)) == "a holds. Also: b rates differ"


def test_four_decisive_figures_name_three_and_one_more():
    found = [c_(DISAGREES, f"f{i}") for i in range(4)]
    assert named(compare.judge(C, found)) == "f0 disagrees; f1 disagrees; f2 disagrees (and 1 more)"


def test_at_most_two_flags_follow_the_verdict():
    found = [c_(AGREES, "a"), *(c_(RATES_DIFFER, f"r{i}") for i in range(3))]
    assert named(compare.judge(C, found)) == "a agrees. Also: r0 rates differ; r1 rates differ"


def test_a_claim_not_verifiable_keeps_every_comparison():
    found = [c_(WITHIN_BOUNDS, "b"), c_(CONTEXT, "x")]
    judgement = compare.judge(C, found)
    assert judgement.comparisons == found and judgement.decisive == []
