"""The index of figures by scope (ledger/index.py), on hand-built figures and claims in a small world
(tests/small_world.py): a claim meets exactly the figures whose scope relates to it, in the evidence's order, and is
judged the same as against every figure."""

from __future__ import annotations

import pytest
from small_world import TEN, claim, count, evidence, months

from referrals import compare
from referrals.ledger.index import indexed

#: Figures of every kind of relation to a claim of victims, in England and Wales, of abuse, over TEN.
FIGURES = [
    count(100, id="uk_all"),  # wider place and group: relates
    count(60, places=("england-and-wales",), types=("abuse",), id="same"),  # the same scope: relates
    count(30, places=("north",), types=("abuse",), id="north_abuse"),  # a force within: relates
    count(20, places=("england-and-wales",), types=("child-abuse",), id="child"),  # crime types within: relates
    count(40, places=("england-and-wales",), types=("abuse-and-theft",), id="union"),  # contains: relates
    count(7, places=("england-and-wales",), types=("other",), id="other_type"),  # unknown overlap: relates
    count(9, places=("scotland",), types=("abuse",), id="scotland"),  # a disjoint place: left out
    count(8, places=("england-and-wales",), types=("theft",), id="theft"),  # disjoint crime types: left out
    count(5, places=("highland",), types=("fraud",), id="both_disjoint"),  # both disjoint: left out
    count(3, measure="calls", places=("england-and-wales",), types=("abuse",), id="calls"),  # another measure: out
    count(4, measure="forces", flow=False, id="forces"),  # another measure: left out
    count(50, months("2018-01", "2018-12"), ("england-and-wales",), ("abuse",), id="other_months"),  # context: in
    count(55, months("2020-03", "2020-12"), ("uk",), ("all",), id="overlapping"),  # overlapping months: relates
]


@pytest.mark.parametrize(
    "places, types, measure, expected",
    [
        (
            ("england-and-wales",),
            ("abuse",),
            "victims",
            ["uk_all", "same", "north_abuse", "child", "union", "other_type", "other_months", "overlapping"],
        ),
        (("scotland",), ("abuse",), "victims", ["uk_all", "scotland", "overlapping"]),
        (("north",), ("theft",), "victims", ["uk_all", "union", "other_type", "theft", "overlapping"]),
        (("uk",), ("all",), "calls", ["calls"]),
        (("uk",), ("all",), "forces", ["forces"]),
        (("highland",), ("child-abuse",), "victims", ["uk_all", "scotland", "overlapping"]),
    ],
)
def test_a_claim_meets_exactly_the_figures_whose_scope_relates(world, places, types, measure, expected):
    ev = evidence(world, FIGURES)
    c = claim("50", TEN, places, types, measure=measure)
    index = indexed(ev)
    met = [f.id for f in index.counts_for(c.scope)]
    assert met == expected
    assert [f.id for f in index.counts_for(c.scope)] == met, "the remembered answer is the same"
    # ... and those are exactly the figures the comparison says anything about: none left out is compared
    said = [f.id for f in FIGURES if compare.compare(c, f, ev) is not None]
    assert set(said) <= set(met)
    assert [f.id for f in FIGURES if f.id not in met and compare.compare(c, f, ev) is not None] == []


@pytest.mark.parametrize("text", ["60", "about 60", "at least 100", "hundreds", "more than 9", "around 6 a month"])
@pytest.mark.parametrize("places, types", [(("england-and-wales",), ("abuse",)), (("north",), ("child-abuse",))])
def test_a_claim_is_judged_the_same_through_the_index(world, text, places, types):
    ev = evidence(world, FIGURES)
    c = claim(text, TEN, places, types)
    plain, through = compare.hold(c, ev), compare.hold(c, indexed(ev))
    assert through.verdict == plain.verdict
    found = [(x.count.id, x.outcome) for x in through.comparisons]
    assert found == [(x.count.id, x.outcome) for x in plain.comparisons]
    assert [x.count.id for x in through.decisive] == [x.count.id for x in plain.decisive]


def test_what_the_evidence_adds_for_a_scope_is_filtered_by_the_same_test(world):
    """A release computes its aggregates for each claim's scope: those are filtered as the published ones are."""
    ev = evidence(world, FIGURES[:2])
    added = [count(61, places=("england-and-wales",), types=("abuse",), id="release_same"), FIGURES[6]]

    class WithAdded(type(ev)):
        def counts_for(self, scope):
            return [*self.counts, *added]

    plus = WithAdded(ev.counts, ev.universe, ev.breakdowns)
    c = claim("60", TEN, ("england-and-wales",), ("abuse",))
    assert [f.id for f in indexed(plus).counts_for(c.scope)] == ["uk_all", "same", "release_same"]


def test_figures_are_found_by_id_and_indexing_twice_is_once(world):
    ev = evidence(world, FIGURES)
    index = indexed(ev)
    assert index.by_id("theft") is FIGURES[7] and index.by_id("missing") is None
    assert indexed(index) is index
    assert index.universe.place_relation(("north",), ("england-and-wales",)) == "within"
    assert index.universe.crime_name(("abuse",)) == "Abuse"
