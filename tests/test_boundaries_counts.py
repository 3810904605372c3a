"""counts at the boundaries `make mutation` found untested: what a derived count keeps of its total, and the defaults
a published figure falls back on (an unknown measure or qualifier, a group of people, a share's whole and its
publication cap), on hand-built figures in a small world (tests/small_world.py). Fast: no ledger, no build."""

from __future__ import annotations

from small_world import TEN, count, evidence
from test_counts import figure, parts_of, raw

from referrals import counts
from referrals.counts import Count
from referrals.scope import Period

# --- what a derived count keeps of its total -------------------------------------------------------------------


def test_a_derived_count_says_how_it_was_made_and_keeps_the_group_of_people(world):
    total = Count(**{**count(100, id="fig_total", population=("women",)).__dict__, "description": "Women referred"})
    members = [
        count(v, TEN, ("uk",), (t,), id=f"fig_{t}", population=("women",))
        for v, t in ((50, "abuse"), (30, "theft"), (20, "fraud"))
    ]
    e = evidence(world, [total, *members], [(total, members)])
    the_sum, complement = counts.derived_for(e, ("abuse", "theft"))
    assert the_sum.description == "Women referred: the sum of 2 parts"
    assert complement.description == "Women referred: the total minus 1 parts"
    assert the_sum.scope.population == complement.scope.population == ("women",)
    assert parts_of(1)[0].scope.population == ("all",)  # the default the mutant would fall back on


# --- a published figure's defaults -------------------------------------------------------------------------------


def test_a_figure_of_a_measure_without_a_vocabulary_row_is_a_flow_without_a_definition(world):
    (k,) = counts.published(raw(world, [figure("fig_a", 5.0, measure="unlisted")])).counts
    assert (k.definition, k.flow) == ("", True)


def test_a_figure_keeps_its_group_of_people(world):
    (k,) = counts.published(raw(world, [figure("fig_a", 5.0, population="women")])).counts
    assert k.scope.population == ("women",)


def test_qualifiers_are_read_from_the_data_directory_given(world):
    """A qualifier only this world's vocabulary knows ('give or take'): its meaning comes from the world, not from
    the project's own data/raw/qualifiers.csv."""
    with (world / "qualifiers.csv").open("a", encoding="utf-8") as f:
        f.write("give or take,approximately,,\n")
    (k,) = counts.published(raw(world, [figure("fig_a", 50.0, qualifier="give or take")])).counts
    assert (k.meaning, k.low, k.high) == ("approximately", 45.0, 55.0)


def test_a_verbal_share_without_a_whole_is_words_only(world):
    """'a quarter' with no `share_of` is no share (the range its words allow applies to shares only)."""
    found = counts.published(raw(world, [figure("fig_q", None, qualifier="a quarter")]))
    assert found.counts == [] and list(found.word_scopes) == ["fig_q"]


def test_a_shares_whole_is_read_with_the_worlds_vocabulary_and_capped_by_publication(world):
    """The whole's names resolve in the data directory given ('north' exists only in the small world), and its
    period ends no later than the source was published (March 2021 for 'paper')."""
    share = figure("fig_s", 0.5, qualifier="exact", share_of="geography=north; period_start=2020-06; period_end=2021")
    (k,) = counts.published(raw(world, [share])).counts
    assert k.of is not None and k.of.places == ("north",)
    assert k.of.period.end_hi == Period.parse("2021-03", "2021-03").end_lo
    assert k.flow is False
