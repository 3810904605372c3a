"""counts: numbers as counts, and the sums and complements a complete breakdown implies, on a hand-built breakdown in
a small world (tests/small_world.py); the published figures as counts, from the reviewed raw data."""

from __future__ import annotations

import pytest
from conftest import REVIEWED_RAW_DATA
from small_world import TEN, count, evidence, write_world

from referrals import counts
from referrals.sources import load_raw
from referrals.wording import INF


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return write_world(tmp_path_factory.mktemp("world"))


def parts_of(*values, ids=("abuse", "theft", "fraud"), places=("uk",)):
    return [count(v, TEN, places, (t,), id=f"fig_{t}") for v, t in zip(values, ids)]


@pytest.fixture
def ev(world):
    total = count(100, id="fig_total")
    members = parts_of(50, 30, 20)
    return evidence(world, [total, *members], [(total, members)])


# --- a count --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "k,shown,exact",
    [
        (count(2672), "2,672", True),
        (count(2000, low=2001, high=INF, meaning="more-than", qualifier="more than"), "more than 2,000", False),
        (count(33, low=33, high=INF, meaning="at-least", qualifier="at least"), "at least 33", False),
        (count(None, low=2000, high=1e6, meaning="verbal", qualifier="thousands"), "thousands", False),
        (count(40, low=35, high=45, meaning="approximately", qualifier="around"), "around 40", False),
    ],
)
def test_a_count_as_its_source_printed_it(k, shown, exact):
    assert k.shown() == shown and k.exact is exact


def test_evidence_finds_a_count_by_id(world):
    a, b = count(1, id="fig_a"), count(2, id="fig_b")
    e = evidence(world, [a, b])
    assert e.by_id("fig_b") is b and e.by_id("fig_c") is None
    assert e.counts_for(None) == [a, b]


# --- sums and complements ---------------------------------------------------------------------------------------

DERIVED = [
    # the claim's crime types, the derived counts: (id, crime types, value, how)
    (
        ("abuse", "theft"),
        [
            ("sum(fig_abuse, fig_theft)", ("abuse", "theft"), 80, "the sum of fig_total's figures for abuse and theft"),
            ("fig_total - sum(fig_fraud)", ("abuse", "theft"), 80, "fig_total minus its other 1 crime types"),
        ],
    ),
    (
        ("abuse",),
        [("fig_total - sum(fig_theft, fig_fraud)", ("abuse",), 50, "fig_total minus its other 2 crime types")],
    ),
    (
        ("abuse-and-theft",),
        [
            ("sum(fig_abuse, fig_theft)", ("abuse", "theft"), 80, "the sum of fig_total's figures for abuse and theft"),
            ("fig_total - sum(fig_fraud)", ("abuse", "theft"), 80, "fig_total minus its other 1 crime types"),
        ],
    ),
    (
        ("child-abuse", "theft"),
        [("sum(fig_abuse, fig_theft)", ("abuse", "theft"), 80, "the sum of fig_total's figures for abuse and theft")],
    ),
    (
        ("all",),
        [
            (
                "sum(fig_abuse, fig_theft, fig_fraud)",
                ("all",),
                100,
                "the sum of fig_total's figures for abuse, theft and fraud",
            )
        ],
    ),
    (("child-abuse",), []),  # one category bounds it, and a bound is no new figure
    (("other",), []),  # outside the breakdown
]


@pytest.mark.parametrize("types,expected", DERIVED, ids=["+".join(d[0]) for d in DERIVED])
def test_what_a_complete_breakdown_implies(ev, types, expected):
    got = [(k.id, k.scope.crime_types, k.low, k.derived) for k in counts.derived_for(ev, types)]
    assert got == expected


def test_a_sum_is_exact_and_a_complement_as_exact_as_its_total(world):
    total = count(100, id="fig_total")
    members = parts_of(50, 30, 20)
    e = evidence(world, [total, *members], [(total, members)])
    the_sum, complement = counts.derived_for(e, ("abuse", "theft"))
    for k in (the_sum, complement):
        assert (k.low, k.high, k.value, k.meaning, k.qualifier) == (80, 80, 80, "exact", "derived")
        assert (k.source_id, k.outlet, k.dataset, k.story, k.role, k.flow) == (
            total.source_id,
            total.outlet,
            total.dataset,
            total.story,
            total.role,
            total.flow,
        )
        assert k.scope.period == total.scope.period and k.scope.places == ("uk",) and k.description == k.derived
    assert the_sum.parts == ("fig_abuse", "fig_theft")
    assert complement.parts == ("fig_fraud", "fig_total")


def test_a_complement_of_a_bound_is_a_bound(world):
    total = count(100, low=100, high=INF, meaning="at-least", qualifier="at least", id="fig_total", role="restatement")
    members = parts_of(50, 30, 20)
    e = evidence(world, [total, *members], [(total, members)])
    the_sum, complement = counts.derived_for(e, ("abuse", "theft"))
    assert (the_sum.low, the_sum.high, the_sum.meaning) == (80, 80, "exact")
    assert (complement.low, complement.high, complement.meaning) == (80, INF, "at-least")
    assert complement.role == "restatement" and complement.shown() == "derived 80"


def test_a_complement_subtracts_the_other_categories(world):
    total = count(100, id="fig_total")
    members = parts_of(50, 30, 25)  # they add up to more than the total
    e = evidence(world, [total, *members], [(total, members)])
    (complement,) = counts.derived_for(e, ("fraud",))
    assert (complement.id, complement.low) == ("fig_total - sum(fig_abuse, fig_theft)", 20)


def test_only_breakdowns_by_crime_type_imply_sums(world):
    total = count(100, id="fig_total")
    by_place = [count(60, TEN, ("north",), id="fig_north"), count(40, TEN, ("south",), id="fig_south")]
    restated = [count(100, TEN, ("uk",), ("all",), id="fig_again")]
    e = evidence(world, [total, *by_place, *restated], [(total, by_place), (total, restated)])
    assert counts.derived_for(e, ("all",)) == []
    one_place = parts_of(50, 50, ids=("abuse", "theft"), places=("north",))
    e = evidence(world, [total, *one_place], [(total, one_place)])
    assert [k.id for k in counts.derived_for(e, ("abuse", "theft"))] == ["sum(fig_abuse, fig_theft)"]


# --- the published figures --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published():
    return counts.published(load_raw(REVIEWED_RAW_DATA))


def test_every_published_number_is_a_count_and_words_keep_their_scope(published):
    ids = {k.id for k in published.counts}
    assert len(published.counts) == 54 and "detail_total" in ids
    assert set(published.word_scopes) == {
        "detail_share_not_recorded",
        "detail_every_force_domestic_abuse",
        "detail_da_quarter_served",
        "detail_thousands",
        "ferret_da_quarter_served",
        "ns_hundreds_a_month",
    }
    assert not ids & set(published.word_scopes)
    assert published.word_scopes["detail_thousands"].measure == "victims_referred"


@pytest.mark.parametrize(
    "figure_id,fields",
    [
        (
            "detail_total",
            dict(
                low=2672,
                high=2672,
                value=2672,
                meaning="exact",
                dataset="ho-foi-2023",
                story="detail-2023",
                role="original",
                flow=True,
            ),
        ),
        ("psni_total", dict(low=33, high=INF, meaning="at-least", dataset="ho-foi-psni-2022", qualifier="at least")),
        (
            "nipb_question_33",
            dict(role="restatement", dataset="ho-foi-psni-2022", outlet="Northern Ireland Policing Board"),
        ),
        ("fp_uk_over_2000", dict(role="restatement", low=2001, story="guardian-2023", dataset="ho-foi-2023")),
        ("detail_forces_uk", dict(flow=False, value=45)),
        ("nipb_honccu_calls", dict(dataset="honccu-psni", flow=True)),
    ],
)
def test_a_published_figure_as_a_count(published, figure_id, fields):
    k = published.by_id(figure_id)
    assert {f: getattr(k, f) for f in fields} == fields


def test_a_published_figure_keeps_its_scope_and_words(published):
    k = published.by_id("detail_force_metropolitan")
    assert (k.scope.measure, k.scope.places, k.scope.crime_types) == ("victims_referred", ("metropolitan",), ("all",))
    assert k.scope.period.label() == "May 2020 to September 2022"
    assert k.description and k.definition and k.outlet == "The Detail (with the Guardian)"


def test_only_complete_breakdowns_of_numbers_imply_anything(published):
    assert [(total.id, len(members)) for total, members in published.breakdowns] == [
        ("detail_total", 9),
        ("psni_total", 4),
    ]
