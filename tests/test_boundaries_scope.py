"""scope at the boundaries `make mutation` found untested: groups of people (their relation, names and the split a
group would need), crime types and places the vocabulary does not list or lists deeply, the 'column=value' pairs of a
share's whole and the scope they give, and the edges of a period (tightening, publication cap, ranged starts). A small
world (tests/small_world.py), edited where a case needs a row it lacks; no claims file, no ledger."""

from __future__ import annotations

import pytest
from small_world import TEN, months, scope_of

from referrals import scope
from referrals.months import month_index
from referrals.scope import CONTAINS, DISJOINT, EQUAL, OVERLAPS, WITHIN, Period, Scope, other_side, read_pairs


def append(world, name: str, rows: str):
    with (world / name).open("a", encoding="utf-8") as f:
        f.write(rows)


# --- groups of people ---------------------------------------------------------------------------------------------

POPULATIONS = [
    (("all",), ("all",), EQUAL),
    ((), ("all",), EQUAL),  # no group given: every victim
    (("all",), ("all", "women"), EQUAL),  # 'all' anywhere on both sides
    (("women",), ("women",), EQUAL),
    (("women",), ("all",), WITHIN),
    (("all",), ("women",), CONTAINS),
    (("women",), ("women", "children"), WITHIN),
    (("women", "children"), ("women",), CONTAINS),
    (("women",), ("men",), DISJOINT),  # the same split (sex), different groups
    (("children",), ("adults",), DISJOINT),
    (("women", "men"), ("children",), OVERLAPS),  # different splits
    (("women",), ("children",), OVERLAPS),
    (("women", "children"), ("men",), OVERLAPS),
    (("unlisted",), ("men",), OVERLAPS),  # a group the vocabulary does not list has no split
    (("unlisted",), ("other-unlisted",), OVERLAPS),
]


@pytest.mark.parametrize(
    "a,b,relation", POPULATIONS, ids=[f"{'+'.join(a) or '-'} {'+'.join(b)}" for a, b, _ in POPULATIONS]
)
def test_how_two_groups_of_people_relate(u, a, b, relation):
    assert u.population_relation(a, b) == relation


@pytest.mark.parametrize(
    "population,name,split",
    [
        (("all",), "", ""),
        ((), "", ""),
        (None, "", ""),
        (("women",), "women", "sex"),
        (("women", "children"), "women and children", "sex or age"),
        (("women", "men", "children"), "women, men and children", "sex or age"),
        (("women", "men"), "women and men", "sex"),
        (("unlisted",), "unlisted", ""),
    ],
)
def test_a_group_of_people_in_words_and_the_split_it_needs(u, population, name, split):
    assert u.population_name(population) == name
    assert u.missing_split(population) == split


def test_a_universe_reads_measures_and_groups_from_its_own_directory(u):
    assert u.measures["calls"]["definition"] == "Calls."  # the small world's, not the project's
    assert u.population_vocab.attributes["adults"]["split"] == "age"


# --- crime types and places the vocabulary lists deeply, or not at all -------------------------------------------


def test_a_crime_type_the_vocabulary_does_not_list_lies_only_within_all(u):
    assert u.crime_relation(("unlisted",), ("all",)) == WITHIN
    assert u.crime_relation(("unlisted",), ("unlisted",)) == EQUAL
    assert u.crime_relation(("unlisted",), ("abuse",)) not in (EQUAL, WITHIN, CONTAINS)
    assert u.crime_relation(("abuse",), ("unlisted",)) not in (EQUAL, WITHIN, CONTAINS)


def test_a_crime_type_lies_within_every_group_above_it(world):
    append(world, "crime_types.csv", "infant-abuse,Infant abuse,no,child-abuse,,\nmixed,Mixed,no,theft|fraud,,\n")
    u = scope.universe(world)
    assert u.crime_relation(("infant-abuse",), ("abuse",)) == WITHIN  # through child abuse
    assert u.crime_relation(("abuse",), ("infant-abuse",)) == CONTAINS
    assert u.crime_relation(("mixed",), ("fraud",)) == WITHIN  # within two groups at once
    assert u.crime_relation(("mixed",), ("theft",)) == WITHIN


def test_a_place_whose_nations_have_no_force_is_itself(world):
    append(world, "geographies.csv", "northern-ireland,Northern Ireland,nation,northern-ireland,\n")
    u = scope.universe(world)
    assert u.place_atoms(("northern-ireland",)) == frozenset({"northern-ireland"})
    assert u.place_relation(("northern-ireland",), ("scotland",)) == DISJOINT
    assert u.place_relation(("scotland",), ("uk",)) == WITHIN


# --- 'column=value' pairs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,pairs",
    [
        ("measure=victims referred; geography=uk", {"measure": "victims referred", "geography": "uk"}),
        ("; geography = uk ;", {"geography": "uk"}),  # empty parts and spaces are ignored
        ("period start=2020-01; crime-type=abuse", {"period_start": "2020-01", "crime_type": "abuse"}),
        ("period-months=12", {"period_months": "12"}),
        ("geography=north+south", {"geography": "north+south"}),
        ("geography=uk=north", {"geography": "uk=north"}),  # split at the first '=' (the vocabulary refuses it)
    ],
)
def test_pairs_read_as_columns_and_values(text, pairs):
    assert read_pairs(text) == pairs


@pytest.mark.parametrize(
    "text,message",
    [
        ("geography", "'geography' is not a pair 'column=value' (e.g. 'measure=victims referred')"),
        ("geography=", "'geography=' is not a pair 'column=value' (e.g. 'measure=victims referred')"),
        (
            "colour=red",
            "'colour' is not a column it can give; allowed: measure, geography, crime_type, population, period_start, "
            "period_end, period_months",
        ),
        ("geography=uk; geography=north", "'geography' is given twice"),
        ("", "gives no pair 'column=value' (e.g. 'measure=victims referred')"),
        (None, "gives no pair 'column=value' (e.g. 'measure=victims referred')"),
        (" ; ", "gives no pair 'column=value' (e.g. 'measure=victims referred')"),
    ],
)
def test_pairs_that_are_not_pairs_are_named(text, message):
    with pytest.raises(ValueError) as raised:
        read_pairs(text)
    assert str(raised.value).startswith(message)


# --- the scope a share's whole (or a change's first count) is of --------------------------------------------------

SIX_MONTHS = months("2020-01", "2020-06")


@pytest.mark.parametrize(
    "pairs,expected",
    [
        ("measure=calls made", scope_of(TEN, measure="calls")),
        ("geography=North Police", scope_of(TEN, places=("north",))),
        ("geography=north+south", scope_of(TEN, places=("north", "south"))),
        ("crime_type=Child abuse", scope_of(TEN, types=("child-abuse",))),
        ("population=Women", scope_of(TEN, population=("women",))),
        ("population=women+children", scope_of(TEN, population=("women", "children"))),
        ("period_end=2020-06", scope_of(SIX_MONTHS)),  # the start kept from the exact period
        ("period_start=2020-07", scope_of(months("2020-07", "2020-10"))),  # the end kept
        ("period_months=6; period_end=2020-06", scope_of(SIX_MONTHS)),
        ("period_start=2020-01; period_end=2020-06", scope_of(SIX_MONTHS)),
    ],
)
def test_the_other_side_replaces_only_the_columns_given(world, pairs, expected):
    start = scope_of(TEN)
    assert other_side(start, read_pairs(pairs), world) == expected


def test_the_other_side_keeps_every_column_not_given(world):
    start = Scope("calls", ("north",), ("abuse",), months("2021-02", "2021-05"), ("women",))
    assert other_side(start, read_pairs("geography=south"), world) == Scope(
        "calls", ("south",), ("abuse",), months("2021-02", "2021-05"), ("women",)
    )


def test_the_other_sides_period_from_a_loose_one_keeps_its_ends_unknown(world):
    loose = scope_of(Period.parse("2020", "2020"))
    got = other_side(loose, read_pairs("period_end=2021-06"), world).period
    assert got == Period.parse("unknown", "2021-06")
    got = other_side(loose, read_pairs("period_start=2019-03"), world).period
    assert got == Period.parse("2019-03", "unknown")
    got = other_side(loose, read_pairs("period_months=6"), world).period
    assert got == Period.parse("unknown", "unknown", "6")


def test_the_other_sides_period_is_capped_by_publication(world):
    got = other_side(scope_of(TEN), read_pairs("period_end=2021"), world, "2021-03").period
    assert (got.end_lo, got.end_hi) == (month_index("2021-01"), month_index("2021-03"))
    uncapped = other_side(scope_of(TEN), read_pairs("period_end=2021"), world).period
    assert uncapped.end_hi == month_index("2021-12")


def test_an_impossible_period_for_the_other_side_is_named(world):
    with pytest.raises(ValueError, match=r"^the period 2021-01\.\.2020-12 is impossible$"):
        other_side(scope_of(TEN), read_pairs("period_start=2021-01; period_end=2020-12"), world)


def test_the_other_sides_names_resolve_in_the_directory_given(world):
    """'north' and 'calls made' are the small world's own; the project's vocabularies do not know them."""
    got = other_side(scope_of(TEN), read_pairs("measure=calls made; geography=north"), world)
    assert (got.measure, got.places) == ("calls", ("north",))


# --- the edges of a period ----------------------------------------------------------------------------------------


def test_a_period_ends_no_earlier_than_it_starts_and_starts_no_later_than_it_ends():
    p = Period.parse("2020-06", "2020")
    assert (p.end_lo, p.end_hi) == (month_index("2020-06"), month_index("2020-12"))
    p = Period.parse("2020", "2020-03")
    assert (p.start_lo, p.start_hi) == (month_index("2020-01"), month_index("2020-03"))


def test_a_year_of_publication_written_loosely_caps_at_that_years_end():
    p = Period.parse("2020-01", "unknown", published="2021, online")
    assert p.end_hi == month_index("2021-12")


def test_a_start_known_only_as_a_range_is_said_so():
    p = Period(month_index("2020-01"), month_index("2020-03"), None, None)
    assert p.label() == "a period starting between January 2020 and March 2020"


def test_ranges_with_an_open_end_intersect():
    assert scope._intersects((None, 5), (None, 7))
    assert scope._intersects((3, None), (4, None))
    assert scope._intersects((None, 5), (6, None)) is False


@pytest.mark.parametrize(
    "first,second,relation",
    [
        (("2020-01", "2020-06"), ("2020-06", "2020-12"), OVERLAPS),  # sharing their boundary month
        (("2020-01", "2020-06"), ("2020-07", "2020-12"), DISJOINT),
        (("2020-06", "2020-06"), ("2020-06", "2020-12"), WITHIN),  # one month at the other's edge
        (("2020-12", "2020-12"), ("2020-06", "2020-12"), WITHIN),
        (("2021-01", "2021-01"), ("2020-06", "2020-12"), DISJOINT),
    ],
)
def test_exact_periods_at_a_shared_boundary_month(first, second, relation):
    assert months(*first).relation(months(*second)) == relation


def test_the_other_side_keeps_a_loosely_stated_period_when_no_period_is_given(world):
    loose = scope_of(Period.parse("2020", "2020", text="in 2020"))
    assert other_side(loose, read_pairs("geography=south"), world).period == loose.period


def test_the_other_sides_group_of_people_resolves_in_the_directory_given(world):
    append(world, "populations.csv", "elders,Elders,all,age,older people\n")
    assert other_side(scope_of(TEN), read_pairs("population=older people"), world).population == ("elders",)


def test_a_universe_reads_groups_of_people_from_its_own_directory(world):
    append(world, "populations.csv", "elders,Older people,all,age,\n")
    u = scope.universe(world)
    assert u.population_relation(("elders",), ("children",)) == DISJOINT  # the same split, age
    assert u.missing_split(("elders",)) == "age" and u.population_name(("elders",)) == "older people"  # by name
