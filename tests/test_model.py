"""The ledger's wider model (issue 21): shares of a whole, groups of people, changes over time, figures under another
measure, and likely origins that place a published figure in the wrong scope.

Unit tests run on hand-built claims and counts in a small world (tests/small_world.py); the last ones hold the
claims of tests/fixtures/outlets-shares-groups-changes.csv (written from claims/README.md alone) against the
reviewed published figures.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from conftest import REVIEWED_RAW_DATA, ROOT
from small_world import TEN, claim, count, evidence, months, scope_of

from referrals import changes, compare, origin, scope
from referrals.errors import ClaimsError
from referrals.ledger import load_claims, render, run_ledger
from referrals.scope import CONTAINS, DISJOINT, EQUAL, OVERLAPS, WITHIN
from referrals.sources import load_raw

C, K, X, N = compare.CONFIRMED, compare.CONSISTENT, compare.CONTRADICTED, compare.NOT_VERIFIABLE
DATA = load_raw(REVIEWED_RAW_DATA)
CLAIMS = ROOT / "tests" / "fixtures" / "outlets-shares-groups-changes.csv"


@pytest.fixture
def ev(world):
    return evidence(world)


def explained(c, judgement, ev, of=None):
    return render.explain(judgement, render.Said(c.outlet, c.claimed.text, c.claimed, c.scope, of), ev.universe)


# --- groups of people ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a,b,relation",
    [
        (("all",), ("all",), EQUAL),
        (("women",), ("all",), WITHIN),
        (("all",), ("children",), CONTAINS),
        (("women",), ("men",), DISJOINT),
        (("children",), ("adults",), DISJOINT),
        (("women",), ("children",), OVERLAPS),
        (("women", "children"), ("women",), CONTAINS),
        (("women",), ("women", "children"), WITHIN),
    ],
)
def test_groups_of_people_relate_as_sets(ev, a, b, relation):
    assert ev.universe.population_relation(a, b) == relation


@pytest.mark.parametrize(
    "claimed,outcome",
    [("2,546", compare.WITHIN_BOUNDS), ("2,672", compare.WITHIN_BOUNDS), ("2,673", compare.DISAGREES)],
)
def test_a_group_the_data_does_not_split_is_bounded_by_the_total(ev, claimed, outcome):
    c = claim(claimed, population=("women", "children"))
    found = compare.compare(c, count(2672), ev)
    assert found.outcome == outcome and found.facts.most and found.facts.wider == "group of people"


def test_a_group_the_data_does_not_split_names_the_missing_split(ev):
    ev.counts.append(count(2672))
    c = claim("2,546", population=("women", "children"))
    judgement = compare.hold(c, ev)
    out = explained(c, judgement, ev)
    assert judgement.verdict == N
    assert (
        "no published figure counts women and children separately, as the data have no split by sex or age" in out.line
    )
    assert "2,672 for all victims" in out.line and "so 2,546 is possible" in out.line


def test_a_group_of_the_other_sex_is_never_compared(ev):
    assert compare.compare(claim("10", population=("men",)), count(20, population=("women",)), ev) is None


# --- shares --------------------------------------------------------------------------------------------------

WHOLE = scope_of(measure="victims", types=("abuse",))


def quarter(**kw):
    """A published 'a quarter' of the victims referred for abuse who were served with papers (January to October
    2020)."""
    args = dict(types=("abuse",), measure="served", of=WHOLE, meaning="verbal", qualifier="a quarter", flow=False)
    return count(None, low=0.20, high=math.nextafter(0.30, 0), **(args | kw))


@pytest.mark.parametrize(
    "words,kw,outcome,differs",
    [
        ("a quarter", {}, compare.AGREES, None),
        ("25%", {}, compare.HOLDS, None),
        ("40%", {}, compare.DISAGREES, None),
        ("25%", {"types": ("all",), "of": scope_of(measure="victims")}, compare.MISATTRIBUTED, ("group",)),
        (
            "25%",
            {"period": months("2020-01", "2022-12"), "of": scope_of(months("2020-01", "2022-12"), types=("abuse",))},
            compare.MISATTRIBUTED,
            ("period",),
        ),
        (
            "25%",
            {"of": scope_of(measure="victims", types=("abuse",), population=("women",))},
            compare.MISATTRIBUTED,
            ("whole",),
        ),
        ("40%", {"types": ("all",), "of": scope_of(measure="victims")}, compare.CONTEXT, ("group",)),
    ],
)
def test_a_claimed_share_is_held_against_a_share_of_its_part_and_whole(ev, words, kw, outcome, differs):
    args = dict(types=("abuse",), measure="served", of=WHOLE) | kw
    found = compare.compare(claim(words, **args), quarter(), ev)
    assert found.outcome == outcome
    assert differs is None or found.facts.differs == differs


def test_a_share_never_meets_a_count_of_its_part(ev):
    assert (
        compare.compare(claim("25%", types=("abuse",), measure="served", of=WHOLE), count(30, measure="served"), ev)
        is None
    )
    assert compare.compare(claim("30", types=("abuse",), measure="served"), quarter(), ev) is None


def test_a_share_borrowed_for_another_group_is_wrong_with_the_scope_named(ev):
    ev.counts.append(quarter())
    c = claim("roughly 25%", measure="served", of=scope_of(measure="victims"))
    judgement = compare.hold(c, ev)
    out = explained(c, judgement, ev, c.of)
    assert judgement.verdict == X
    assert "“a quarter” is a share of victims referred for abuse, not for all crime types" in out.line
    assert any("the claim gives it for another crime type" in w for w in out.working)


@pytest.mark.parametrize(
    "words,part_source,outcome",
    [
        ("almost 1 in 20", "the-source", compare.HOLDS),
        ("a quarter", "the-source", compare.DISAGREES),
        ("almost 1 in 20", "another-source", None),
    ],
)
def test_two_counts_of_one_source_make_a_share(ev, words, part_source, outcome):
    part = replace(count(126, places=("not-recorded",), id="part"), source_id=part_source)
    ev.counts += [part, replace(count(2672, id="whole"), source_id="the-source")]
    c = claim(words, places=("not-recorded",), of=scope_of())
    found = [f for f in compare.comparisons(c, ev) if f.count.derived == "share"]
    assert [f.outcome for f in found] == ([] if outcome is None else [outcome])
    if outcome is not None:
        assert found[0].count.low == pytest.approx(126 / 2672)
        said = render.Said(c.outlet, c.claimed.text, c.claimed, c.scope, c.of)
        assert "Outlet A's 126 of 2,672 make 4.7%" in render.comparison_text(found[0], said, ev.universe)


def same_source(*figures):
    return [replace(f, source_id="the-source") for f in figures]


@pytest.mark.parametrize(
    "part_types,part_places,figures,whole,made,added",
    [
        # a + list of crime types: each a figure of the one source
        (
            ("abuse", "theft"),
            ("uk",),
            {"abuse": 30, "theft": 25},
            {},
            "55 of 100 make 55%",
            "abuse (30) and theft (25)",
        ),
        # a crime type that consists of two others
        (
            ("abuse-and-theft",),
            ("uk",),
            {"abuse": 30, "theft": 25},
            {},
            "55 of 100 make 55%",
            "abuse (30) and theft (25)",
        ),
        # a + list of places
        (
            ("all",),
            ("north", "south"),
            {"north": 30, "south": 25},
            {},
            "55 of 100 make 55%",
            "North Police (30) and South Police (25)",
        ),
        # the whole as a + list: 30 of 30 + 25
        (
            ("all",),
            ("north",),
            {"north": 30},
            {"north": 30, "south": 25},
            "30 of 55 make 54.5%",
            "North Police (30) and South Police (25)",
        ),
    ],
)
def test_a_share_of_a_sum_of_parts_is_made_from_the_published_parts(
    ev, part_types, part_places, figures, whole, made, added
):
    def figure(key, value):
        types, places = ((key,), ("uk",)) if key in ("abuse", "theft", "fraud") else (("all",), (key,))
        return count(value, types=types, places=places, id=f"fig_{key}")

    parts = [figure(k, v) for k, v in figures.items()]
    wholes = [figure(k, v) for k, v in whole.items() if k not in figures] or [count(100, id="fig_total")]
    ev.counts += same_source(*parts, *wholes)
    of = scope_of(places=tuple(whole) or ("uk",))
    c = claim("more than half", places=part_places, types=part_types, of=of)
    found = [f for f in compare.comparisons(c, ev) if f.count.derived == "share"]
    assert [f.outcome for f in found] == [compare.HOLDS]
    said = render.Said(c.outlet, c.claimed.text, c.claimed, c.scope, c.of)
    text = render.comparison_text(found[0], said, ev.universe)
    assert text.startswith(f"Outlet A's figures for {added} add up to 55. Outlet A's {made} from"), text
    assert text.endswith("which is more than 50%."), text
    judgement = compare.hold(c, ev)
    assert judgement.verdict == K, explained(c, judgement, ev, c.of).line


@pytest.mark.parametrize(
    "figures,why",
    [
        ({"abuse": 30}, "a part of the + list has no published figure"),
        ({"abuse": 30, "fraud": 25}, "a figure for another crime type is no part of it"),
    ],
)
def test_a_share_of_a_sum_needs_every_part_published(ev, figures, why):
    parts = [count(v, types=(k,), id=f"fig_{k}") for k, v in figures.items()]
    ev.counts += same_source(*parts, count(100, id="fig_total"))
    c = claim("more than half", types=("abuse", "theft"), of=scope_of())
    assert [f for f in compare.comparisons(c, ev) if f.count.derived == "share"] == [], why


def test_a_share_of_a_sum_needs_its_parts_from_one_source(ev):
    abuse, theft = count(30, types=("abuse",), id="fig_abuse"), count(25, types=("theft",), id="fig_theft")
    ev.counts += [replace(abuse, source_id="one"), replace(theft, source_id="another")]
    ev.counts += [replace(count(100, id="fig_total"), source_id="one")]
    c = claim("more than half", types=("abuse", "theft"), of=scope_of())
    assert [f for f in compare.comparisons(c, ev) if f.count.derived == "share"] == []


# --- changes over time ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words,direction,first,second,ratio",
    [
        ("rose from 451 to 537", changes.UP, 451, 537, None),
        ("Referrals fell from 785 to 600", changes.DOWN, 785, 600, None),
        ("up 20%", changes.UP, None, None, (1.195, 1.205)),
        ("down 10 per cent", changes.DOWN, None, None, (0.895, 0.905)),
        ("doubled", changes.UP, None, None, (1.75, 2.25)),
        ("halved", changes.DOWN, None, None, (0.4375, 0.5625)),
        ("rose", changes.UP, None, None, None),
    ],
)
def test_a_change_is_read_as_a_direction_with_its_numbers_or_ratio(words, direction, first, second, ratio):
    found = changes.read_change(words)
    assert found.direction == direction
    assert (found.first and found.first.number, found.second and found.second.number) == (first, second)
    assert found.ratio == (None if ratio is None else pytest.approx(ratio))


@pytest.mark.parametrize("words", ["2,672", "a quarter", "more than 2,000"])
def test_words_that_state_no_change_are_no_change(words):
    assert changes.read_change(words) is None


LATER = months("2021-01", "2021-10")


@pytest.mark.parametrize(
    "first,second,why",
    [
        (scope_of(TEN), scope_of(LATER), ()),
        (scope_of(TEN, places=("north",)), scope_of(LATER), ("place",)),
        (scope_of(TEN, types=("abuse",)), scope_of(LATER), ("group",)),
        (scope_of(TEN), scope_of(months("2020-06", "2021-03")), ("overlapping periods",)),
        (scope_of(LATER), scope_of(TEN), ("second period first",)),
        (scope_of(TEN, measure="calls"), scope_of(LATER), ("measure",)),
    ],
)
def test_two_counts_show_a_change_only_for_one_scope_over_two_separate_periods(ev, first, second, why):
    assert changes.differences(first, second, ev) == why


def change_claim(words, first, second):
    c = claim("1", second.period)
    c = compare.Claim("c", second, c.claimed, "claimant", "Claimant", "request-1", "claim-story")
    return c, changes.ChangeClaim(changes.read_change(words), first, second)


@pytest.mark.parametrize(
    "words,figures,verdict",
    [
        ("rose from 100 to 150", [], K),
        ("fell from 100 to 150", [], X),
        ("up 50%", [(100, TEN), (150, LATER)], K),
        ("doubled", [(100, TEN), (150, LATER)], X),
        ("rose", [(100, TEN)], N),
        ("rose from 90 to 150", [(100, TEN)], X),
        ("rose from 100 to 150", [(100, TEN), (150, LATER)], C),
    ],
)
def test_a_change_of_one_scope_is_judged_by_its_direction(ev, words, figures, verdict):
    ev.counts += [count(v, p, id=f"f{i}") for i, (v, p) in enumerate(figures)]
    c, change = change_claim(words, scope_of(TEN), scope_of(LATER))
    assert changes.judge_change(c, change, ev).verdict == verdict


def test_a_change_between_other_places_and_periods_is_not_directly_comparable_with_both_rates(ev):
    c, change = change_claim(
        "rose from 451 to 537",
        scope_of(months("2020-05", "2022-09")),
        scope_of(months("2020-04", "2023-03"), ("north",)),
    )
    judgement = changes.judge_change(c, change, ev)
    out = explained(c, judgement, ev)
    assert judgement.verdict == N and judgement.facts.not_comparable == ("place", "overlapping periods")
    assert "not directly comparable" in out.line
    assert "15.6 a month over 29 months against 14.9 a month over 36 months" in out.line


# --- never a silent measure choice ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "figure,named",
    [
        (count(537, measure="victims"), True),  # the same value and scope under another measure
        (count(537, measure="victims", places=("north",)), True),  # the same value, elsewhere
        (count(900, measure="victims"), True),  # the same scope, another value
        (count(900, measure="victims", places=("north",)), False),  # neither
        (count(537, measure="forces", flow=False), False),  # no flow over time: a number of forces
    ],
)
def test_a_figure_under_another_measure_is_named_never_used(ev, figure, named):
    ev.counts.append(figure)
    c = claim("537", measure="calls")
    judgement = compare.hold(c, ev)
    assert judgement.verdict == N and judgement.decisive == []
    assert judgement.elsewhere == ([figure] if named else [])


@pytest.mark.parametrize(
    "said,named",
    [
        ("537", True),
        ("between 500 and 600", True),
        ("at least 423", False),  # an open bound takes in every larger number: no value of its own to match
        ("more than 500", False),
    ],
)
def test_only_a_claim_with_a_closed_range_has_a_value_another_measure_can_share(ev, said, named):
    figure = count(537, measure="victims", places=("north",))
    ev.counts.append(figure)
    assert compare.hold(claim(said, measure="calls"), ev).elsewhere == ([figure] if named else [])


def test_a_claim_that_cannot_be_checked_names_its_nearest_bound_first(ev):
    """'at least 423 women, for abuse' is bounded by the 451 victims of abuse before the 2,672 of every crime type."""
    ev.counts.extend([count(2672, id="fig_total"), count(451, types=("abuse",), id="fig_abuse")])
    judgement = compare.hold(claim("at least 423", types=("abuse",), population=("women",)), ev)
    assert judgement.verdict == N
    assert [b.count.id for b in judgement.bounds] == ["fig_abuse", "fig_total"]


def test_the_verdict_names_the_measure_of_the_same_value(ev):
    ev.counts.append(count(537, measure="victims", outlet="The Commissioner"))
    c = claim("537", measure="calls")
    out = explained(c, compare.hold(c, ev), ev)
    assert "no published figure counts calls made, but The Commissioner gives 537 as victims referred" in out.line


# --- likely origin -------------------------------------------------------------------------------------------


def origin_of(ev, c, figures, against):
    ev.counts += figures
    return origin.likely_origin(c.claimed, c.scope.measure, ev, against, c.scope)


def test_a_crime_type_plus_a_force_is_a_coincidence_never_offered(ev):
    parts = [count(75, types=("abuse",), id="ct"), count(132, places=("north",), id="force")]
    assert origin_of(ev, claim("207", places=("south",)), parts, parts) is None


def test_two_parts_of_one_breakdown_still_add_up(ev):
    parts = [count(75, types=("abuse",), id="ct1"), count(132, types=("theft",), id="ct2")]
    found = origin_of(ev, claim("207", types=("fraud",)), parts, parts)
    assert found.kind == origin.SUM


@pytest.mark.parametrize(
    "claim_period,figure_period,line,owned",
    [
        # a whole period's figure given for part of it
        (
            LATER,
            months("2020-01", "2022-10"),
            "207 is the figure for the whole period, January 2020 to October 2022, not for January to October 2021",
            "207 is Outlet A's count of victims referred by Highland Police for the whole period, January 2020 to "
            "October 2022, not for January to October 2021",
        ),
        # or the reverse
        (
            months("2020-01", "2022-10"),
            LATER,
            "207 is the figure for January to October 2021 only, not for the whole of January 2020 to October 2022",
            "207 is Outlet A's count of victims referred by Highland Police for January to October 2021 only, not "
            "for the whole of January 2020 to October 2022",
        ),
        # or another period altogether
        (
            LATER,
            TEN,
            "207 is the figure for January to October 2020, not for January to October 2021",
            "207 is Outlet A's count of victims referred by Highland Police for January to October 2020, not for "
            "January to October 2021",
        ),
    ],
)
def test_a_figure_of_another_period_is_the_likely_origin(ev, claim_period, figure_period, line, owned):
    whole = count(207, figure_period, places=("highland",), id="whole")
    found = origin_of(ev, claim("207", claim_period, places=("highland",)), [whole], [whole])
    assert found.kind == origin.PERIOD and found.figures == (whole,)
    names = render.Names(ev.universe)
    assert render.origin_clause(found, names) == line
    assert render.origin_clause(found, names, who=True) == owned


def test_a_figure_of_another_place_is_the_likely_origin_before_arithmetic(ev):
    elsewhere = count(537, places=("england-and-wales",), types=("abuse",), id="ew")
    parts = [count(500, types=("abuse",), id="a"), count(37, types=("abuse",), places=("uk",), id="b")]
    found = origin_of(ev, claim("537", types=("abuse",)), [elsewhere, *parts], parts)
    assert found.kind == origin.ELSEWHERE and found.differs == ("place",)
    assert "given for the United Kingdom" in render.origin_clause(found, render.Names(ev.universe))


@pytest.mark.parametrize(
    "figure",
    [
        count(1787, low=1787, high=math.inf, meaning="at-least", qualifier="at least", id="bound"),
        count(2000, low=2001, high=math.inf, meaning="more-than", qualifier="more than", id="bound"),
        count(1787, id="bound"),
    ],
)
def test_a_number_printed_with_a_bound_for_another_period_is_the_likely_origin(ev, figure):
    """'at least 1,787' over 20 months prints 1,787: given for 29 months, that is where the number came from."""
    figure = replace(figure, scope=scope_of(TEN))
    n = f"{figure.value:.0f}"
    found = origin_of(ev, claim(n, months("2020-01", "2022-10")), [figure], [count(2672, months("2020-01", "2022-10"))])
    assert found is not None and found.kind == origin.PERIOD and found.figures == (figure,)


@pytest.mark.parametrize(
    "places,types,line",
    [
        (("highland",), ("all",), "207 is the 207 victims referred by Highland Police, given for North Police"),
        (
            ("highland",),
            ("abuse",),
            "207 is the 207 victims referred by Highland Police for abuse, given for North Police",
        ),
    ],
)
def test_a_figure_named_by_its_scope_is_not_placed_twice(ev, places, types, line):
    elsewhere = count(207, places=places, types=types, id="elsewhere")
    found = origin_of(ev, claim("207", places=("north",), types=types), [elsewhere], [elsewhere])
    assert found.kind == origin.ELSEWHERE
    assert render.origin_clause(found, render.Names(ev.universe)) == line


@pytest.mark.parametrize(
    "total,shown",
    [
        (
            count(33, types=("all",), id="t", low=33, high=math.inf, meaning="at-least", qualifier="at least"),
            "at least 13",
        ),
        (count(33, types=("all",), id="t"), "13"),
    ],
)
def test_a_category_left_by_a_bound_total_is_shown_as_a_bound(total, shown):
    """The total of 'at least 33' minus its other crime types leaves 'at least 13', never 'derived 13'."""
    from referrals.counts import _combined

    others = [count(15, types=("theft",), id="p1"), count(5, types=("fraud",), id="p2")]
    assert _combined(total, others, ("abuse",), complement=True).shown() == shown


# --- the columns that say it --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,message",
    [
        ("measure", "not a pair"),
        ("colour=red", "not a column it can give"),
        ("measure=a; measure=b", "given twice"),
        (" ; ", "gives no pair"),
    ],
)
def test_a_bad_pair_is_refused_with_the_reason(text, message):
    with pytest.raises(ValueError, match=message):
        scope.read_pairs(text)


BASE = {"claim_id": "a", "measure": "victims referred", "geography": "uk", "crime_type": "all"}


@pytest.mark.parametrize(
    "row,field,phrase",
    [
        ({"claimed": "a quarter", "share_of": "colour=red"}, "share_of", "not a column it can give"),
        ({"claimed": "a quarter", "share_of": "geography=uk"}, "share_of", "a share of itself"),
        ({"claimed": "a quarter", "share_of": "geography=atlantis"}, "share_of", "atlantis"),
        ({"claimed": "2,672", "share_of": "geography=not recorded"}, "claimed", "is not a share"),
        ({"claimed": "rose from 451 to 537"}, "change_from", "is a change over time"),
        ({"claimed": "2,672", "change_from": "period_start=2019"}, "claimed", "states no change"),
        ({"claimed": "2,672", "population": "martians"}, "population", "unknown group of people"),
    ],
)
def test_bad_share_change_and_group_columns_give_one_clear_message(tmp_path, row, field, phrase):
    path = _write(tmp_path, BASE | row)
    with pytest.raises(ClaimsError) as err:
        load_claims([path], DATA)
    assert f"field '{field}'" in str(err.value) and phrase in str(err.value), str(err.value)


def _write(tmp_path, row):
    import csv

    header = ["claim_id", "source_id", "outlet", "url", "quote", "claimed", *BASE, "population", "share_of"]
    header = list(dict.fromkeys([*header, "change_from"]))
    path = tmp_path / "claims.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, header, lineterminator="\n")
        w.writeheader()
        w.writerow(
            {
                "source_id": "example-news",
                "outlet": "Example News",
                "url": "https://example.org",
                "quote": "as published",
            }
            | row
        )
    return path


# --- the claims of issue 21, from claims/README.md alone ----------------------------------------------------


@pytest.fixture(scope="module")
def ledger():
    return run_ledger([CLAIMS], DATA).table.set_index("claim_id")


@pytest.mark.parametrize(
    "claim_id,verdict,phrases",
    [
        (
            "justice-gap-quarter",
            C,
            ["The Detail and the Guardian give \u201ca quarter\u201d", "The Ferret's \u201ca quarter\u201d over"],
        ),
        ("freedom-united-quarter", X, ["is a share of victims referred for domestic abuse, not for all crime types"]),
        (
            "women-children-2546",
            N,
            ["the data have no split by sex or age", "2,672 for all victims", "so 2,546 is possible"],
        ),
        ("da-rose-451-537", N, ["not directly comparable", "15.6 a month", "14.9 a month", "different places"]),
        ("nccu-537-checks", N, ["no published figure counts victim checks", "gives 537 as victims referred"]),
        (
            "scotland-207-2021",
            None,
            [
                "207 is the figure for the whole period, May 2020 to September 2022, not for 2021.",
                "count of victims referred by Police Scotland for the whole period",
            ],
        ),
        ("not-recorded-1-in-20", C, ["The Detail and the Guardian give \u201calmost 1 in 20\u201d", "as claimed"]),
        (
            "msht-more-than-half",
            K,
            [
                "1,403 of 2,672 make 52.5%, which is more than 50%",
                "figures for modern slavery (785) and human trafficking (618) add up to 1,403.",
            ],
        ),
    ],
)
def test_the_claims_of_issue_21_get_their_verdicts_for_the_right_reason(ledger, claim_id, verdict, phrases):
    row = ledger.loc[claim_id]
    assert verdict is None or row["verdict"] == verdict, row["explanation"]
    text = f"{row['explanation']} {row['working']}"
    for phrase in phrases:
        assert phrase in text, text
    assert "75 victims referred in the UK for child sexual exploitation plus" not in text


def test_the_readme_share_example_is_checked_as_written(tmp_path):
    readme = (ROOT / "claims" / "README.md").read_text()
    section = readme[readme.index("## Shares, groups of people and changes") :]
    path = tmp_path / "share-example.csv"
    path.write_text(section.split("```")[1].strip() + "\n", encoding="utf-8")
    result = run_ledger([path], DATA).table.set_index("claim_id")
    assert result.loc["jg-quarter", "verdict"] == C


@pytest.mark.parametrize("theft_role, role", [("original", "original"), ("restatement", "restatement")])
def test_a_sum_and_its_share_carry_exactly_what_they_were_made_from(ev, theft_role, role):
    """The counts a + list's sum and its share are made of, field by field (mutmut's survivors in sums_for and
    shares_made: ids, parts, qualifiers, roles and values that no verdict test read)."""
    theft = replace(count(25, types=("theft",), id="fig_theft"), role=theft_role)
    ev.counts += same_source(theft, count(30, types=("abuse",), id="fig_abuse"), count(100, id="fig_total"))
    c = claim("more than half", types=("abuse", "theft"), of=scope_of())
    [made] = compare.sums_for(c.scope, ev)
    assert (made.id, made.parts, made.low, made.high, made.value) == (
        "fig_abuse + fig_theft",
        ("fig_abuse", "fig_theft"),
        55,
        55,
        55,
    )
    assert (made.qualifier, made.meaning, made.description, made.role, made.derived) == (
        "exact",
        "exact",
        "",
        role,
        "sum",
    )
    assert made.scope.crime_types == ("abuse", "theft") and [m.id for m in made.members] == ["fig_abuse", "fig_theft"]
    shares = compare.shares_made(c, ev)
    if role == "restatement":
        assert shares == [], "a share is made only from an original count"
        return
    [share] = shares
    assert (share.id, share.parts, share.low, share.high, share.value) == (
        "fig_abuse + fig_theft / fig_total",
        ("fig_abuse + fig_theft", "fig_total"),
        0.55,
        0.55,
        0.55,
    )
    assert (share.qualifier, share.meaning, share.flow, share.derived) == ("derived", "exact", False, "share")


def test_a_share_of_a_bound_whole_has_no_single_value(ev):
    whole = replace(count(100, id="fig_total"), low=100, high=120, value=None, qualifier="at least")
    ev.counts += same_source(count(30, types=("abuse",), id="fig_abuse"), whole)
    c = claim("a quarter", types=("abuse",), of=scope_of())
    [share] = compare.shares_made(c, ev)
    assert share.value is None and (share.low, share.high) == (30 / 120, 30 / 100)
