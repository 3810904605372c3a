"""scope: periods as sources give them (exact, by year, unknown, with a length), how two periods relate, and how
places and crime types relate in a small hand-built world (tests/small_world.py)."""

from __future__ import annotations

import os

import pytest
from small_world import months, write_world

from referrals import scope
from referrals.months import month_index
from referrals.scope import COMPATIBLE, CONTAINS, DISJOINT, EQUAL, OVERLAPS, UNKNOWN, WITHIN, Period, parse_length


def p(start: str, end: str, length: str = "", published: str = "", text: str = "") -> Period:
    return Period.parse(start, end, length, text=text, published=published)


M = {name: month_index(name) for name in ("2020-01", "2020-05", "2020-12", "2021-01", "2021-12")}

# --- reading a period ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start,end,length,bounds",
    [
        ("2020-05", "2020-05", "", (M["2020-05"], M["2020-05"], M["2020-05"], M["2020-05"], 1, 1)),
        ("2020-01", "2020-12", "", (M["2020-01"], M["2020-01"], M["2020-12"], M["2020-12"], 12, 12)),
        ("2020", "2020", "", (M["2020-01"], M["2020-12"], M["2020-01"], M["2020-12"], 1, 12)),
        ("2020", "2021", "", (M["2020-01"], M["2020-12"], M["2021-01"], M["2021-12"], 2, 24)),
        ("2020-05", "unknown", "", (M["2020-05"], M["2020-05"], M["2020-05"], None, 1, None)),
        ("unknown", "2020-12", "", (None, M["2020-12"], M["2020-12"], M["2020-12"], 1, None)),
        ("unknown", "unknown", "", (None, None, None, None, 1, None)),
        # a length pins the other end
        ("2020-01", "unknown", "12", (M["2020-01"], M["2020-01"], M["2020-12"], M["2020-12"], 12, 12)),
        ("unknown", "2020-12", "12", (M["2020-01"], M["2020-01"], M["2020-12"], M["2020-12"], 12, 12)),
        # years and a length: the first month is January 2020 at the latest
        ("2020", "2021", "13..24", (M["2020-01"], M["2020-12"], M["2021-01"], M["2021-12"], 13, 24)),
        ("2020", "2020", "12", (M["2020-01"], M["2020-01"], M["2020-12"], M["2020-12"], 12, 12)),
        ("2020", "2021", "13..14", (M["2020-01"], M["2020-12"], M["2021-01"], M["2021-12"], 13, 14)),
        ("", "", "", (None, None, None, None, 1, None)),
    ],
)
def test_a_period_as_given_and_what_follows_from_it(start, end, length, bounds):
    got = p(start, end, length)
    assert (got.start_lo, got.start_hi, got.end_lo, got.end_hi, got.length_lo, got.length_hi) == bounds


@pytest.mark.parametrize(
    "published,end_hi",
    [
        ("2020-06-15", M["2020-05"] + 1),
        ("2020-06", M["2020-05"] + 1),
        ("2021", M["2021-12"]),
        ("2021 (spring)", M["2021-12"]),
        ("", None),
    ],
)
def test_a_source_cannot_end_its_period_after_it_was_published(published, end_hi):
    assert p("2020-05", "unknown", published=published).end_hi == end_hi


def test_nor_start_it_after_it_was_published():
    got = p("2021", "unknown", published="2021-03")
    assert (got.start_lo, got.start_hi) == (M["2021-01"], M["2021-01"] + 2)


def test_a_period_as_parsed_by_default_has_no_words_and_no_cap():
    assert Period.parse("unknown", "unknown").text == ""
    assert Period.parse("2020-05", "unknown").label() == "from May 2020"
    assert Period.parse("2020-05", "2030").end_hi == month_index("2030-12")
    assert Period.months("2020-01", "2020-02").text == ""
    assert Period.months("2020-01", "2020-02", text="two months").text == "two months"


def test_a_publication_date_in_words_caps_nothing():
    assert p("2020-05", "2020", published="spring").end_hi == M["2020-12"]


@pytest.mark.parametrize(
    "start,end,published,possible",
    [
        ("2020-05", "2020-05", "", True),
        ("2020-06", "2020-05", "", False),
        ("2020-05", "2020-12", "2020-06", False),
        ("2020-05", "2020-06", "2020-06", True),
    ],
)
def test_an_impossible_period_is_told_apart(start, end, published, possible):
    assert p(start, end, published=published).possible is possible


def test_a_length_that_cannot_fit_is_impossible():
    assert not p("2020-01", "2020-03", "4").possible
    assert p("2020-01", "2020-03", "3").possible


@pytest.mark.parametrize("text", ["2020-13", "2020-00", "20-05", "May 2020", "2020-5", "later"])
def test_a_month_that_is_no_month_is_refused(text):
    with pytest.raises(ValueError, match="is not a month"):
        p(text, "2020-12")


@pytest.mark.parametrize(
    "text,expected",
    [("", (None, None)), ("  ", (None, None)), ("1", (1, 1)), ("12", (12, 12)), ("12..24", (12, 24)), ("3..3", (3, 3))],
)
def test_a_stated_length(text, expected):
    assert parse_length(text) == expected


@pytest.mark.parametrize("text", ["0", "24..12", "x", "1.5", "1000", "..3", "0..3"])
def test_a_length_that_is_no_length_is_refused(text):
    with pytest.raises(ValueError, match="is not a length in months"):
        parse_length(text)


@pytest.mark.parametrize(
    "period,exact",
    [
        (p("2020-05", "2020-05"), True),
        (p("2020-05", "2021-06"), True),
        (p("2020", "2020"), False),
        (p("2020-05", "unknown"), False),
        (p("unknown", "2020-05"), False),
        (p("unknown", "unknown"), False),
        (p("2020-01", "2020"), False),
        (p("2020", "2020-12"), False),
    ],
)
def test_a_period_is_exact_only_when_both_months_are_known(period, exact):
    assert period.exact is exact
    assert (period.first_last() is not None) is exact


@pytest.mark.parametrize(
    "period,label",
    [
        (p("2020-05", "2020-05"), "May 2020"),
        (p("2020-05", "2021-06"), "May 2020 to June 2021"),
        (p("2020", "2022"), "2020 to 2022"),
        (p("2020-05", "2022"), "May 2020 to 2022"),
        (
            p("2020", "2020-12", "3..5"),
            "a period starting between August 2020 and October 2020 and ending in December 2020",
        ),
        (p("2020-05", "unknown", published="2023-03"), "a period starting in May 2020 and ending by March 2023"),
        (
            p("2020-05", "unknown", "18..30"),
            "a period starting in May 2020 and ending between October 2021 and October 2022",
        ),
        (p("2020-05", "unknown"), "from May 2020"),
        (p("2020-05", "unknown", text="since May 2020"), "from May 2020 (since May 2020)"),
        (p("unknown", "unknown", text="a two year period"), "a two year period"),
        (p("unknown", "unknown"), "period not stated"),
        (p("unknown", "2020-12"), "period not stated"),
    ],
    ids=lambda v: (v.label() if isinstance(v, Period) else v).replace("\u2013", "-"),  # ASCII ids, see VAGUE
)
def test_a_period_in_words_says_no_more_than_is_known(period, label):
    assert period.label() == label


def test_a_year_is_named_only_when_it_is_every_month_of_one_year():
    assert scope._bound_label(M["2020-01"], M["2020-12"]) == "2020"
    assert scope._bound_label(M["2020-01"], M["2020-12"] - 1) == "between January 2020 and November 2020"
    assert scope._bound_label(M["2020-01"] + 1, M["2020-12"]) == "between February 2020 and December 2020"
    assert scope._bound_label(M["2020-01"], M["2021-01"] + 11) == "between January 2020 and December 2021"
    assert scope._bound_label(None, M["2020-12"]) is None and scope._bound_label(M["2020-01"], None) is None


# --- how two periods relate ---------------------------------------------------------------------------------

EXACT = [
    # (first, last) of one, of the other, relation of the first to the second
    (("2020-01", "2020-06"), ("2020-01", "2020-06"), EQUAL),
    (("2020-01", "2020-06"), ("2020-07", "2020-12"), DISJOINT),  # adjacent: no month in common
    (("2020-07", "2020-12"), ("2020-01", "2020-06"), DISJOINT),
    (("2020-01", "2020-06"), ("2020-06", "2020-12"), OVERLAPS),  # one month in common, at the boundary
    (("2020-06", "2020-12"), ("2020-01", "2020-06"), OVERLAPS),
    (("2020-01", "2020-06"), ("2020-03", "2020-12"), OVERLAPS),
    (("2020-03", "2020-06"), ("2020-01", "2020-12"), WITHIN),
    (("2020-01", "2020-06"), ("2020-01", "2020-12"), WITHIN),  # shares the first month
    (("2020-06", "2020-12"), ("2020-01", "2020-12"), WITHIN),  # shares the last month
    (("2020-01", "2020-12"), ("2020-03", "2020-06"), CONTAINS),
    (("2020-01", "2020-12"), ("2020-01", "2020-06"), CONTAINS),
    (("2020-01", "2020-12"), ("2020-06", "2020-12"), CONTAINS),
    (("2020-06", "2020-06"), ("2020-06", "2020-12"), WITHIN),  # a single month at the edge of a period
    (("2020-12", "2020-12"), ("2020-06", "2020-12"), WITHIN),
    (("2021-01", "2021-01"), ("2020-06", "2020-12"), DISJOINT),
]


@pytest.mark.parametrize("a,b,relation", EXACT, ids=[f"{a}-{b}" for a, b, _ in EXACT])
def test_two_exact_periods(a, b, relation):
    assert months(*a).relation(months(*b)) == relation


VAGUE = [
    (p("2020", "2020"), p("2020", "2020"), COMPATIBLE),
    (p("2020", "2020"), p("2020-03", "2020-06"), COMPATIBLE),
    (p("2020-01", "2020-06"), p("2020", "2020"), COMPATIBLE),
    (p("unknown", "unknown"), p("2020-01", "2020-06"), COMPATIBLE),
    (p("2020", "2020"), p("2021", "2021"), DISJOINT),
    (p("2021", "2021"), p("2020", "2020"), DISJOINT),
    (p("2020", "2020"), p("2020-12", "2021-06"), UNKNOWN),  # may share December 2020, or not
    (p("2021", "2021"), p("2020-01", "2021-01"), UNKNOWN),
    (p("2020-03", "2020-06"), p("2020", "2020", "12"), WITHIN),  # the year, all of it
    (p("2020", "2020", "12"), p("2020-03", "2020-06"), CONTAINS),
    (p("2020-01", "2020"), p("2020-01", "2021"), WITHIN),  # certainly inside, both vague
    (p("2020-01", "2021"), p("2020-01", "2020"), CONTAINS),
    (p("2020", "2020"), p("2020-01", "2020-06", "6"), COMPATIBLE),
    (p("2020", "2020", "12"), p("2020-02", "2020-07"), CONTAINS),
    (p("2020-01", "2020-06"), p("2020", "2020", "7..12"), UNKNOWN),  # lengths cannot match
    (p("2020-02", "2020-12"), p("2020", "2020", "12"), WITHIN),
]


# ids in ASCII: mutmut selects tests by id, and an id with an escaped dash is not found again
@pytest.mark.parametrize("a,b,relation", VAGUE, ids=[f"vague-{i}" for i in range(len(VAGUE))])
def test_periods_given_as_years_or_not_at_all(a, b, relation):
    assert a.relation(b) == relation


def test_an_unknown_month_is_neither_before_nor_after_another():
    assert scope._before(None, 1) is False and scope._before(1, None) is False
    assert scope._le(None, 1) is False and scope._le(1, None) is False
    assert scope._before(1, 2) and not scope._before(2, 2) and scope._le(2, 2) and not scope._le(3, 2)


@pytest.mark.parametrize(
    "a,b,meet",
    [
        ((1, 3), (3, 5), True),
        ((1, 3), (4, 5), False),
        ((4, 5), (1, 3), False),
        ((None, 3), (4, None), False),
        ((None, None), (4, 5), True),
        ((1, None), (None, 0), False),
        ((1, None), (None, 1), True),
    ],
)
def test_two_ranges_of_months_intersect(a, b, meet):
    assert scope._intersects(a, b) is meet


@pytest.mark.parametrize(
    "values,lo,hi",
    [((None, None), None, None), ((3, None), 3, 3), ((3, 5), 5, 3), ((5, 3, None), 5, 3)],
)
def test_the_tightest_known_bounds(values, lo, hi):
    assert scope._lo(*values) == lo and scope._hi(*values) == hi


# --- places and crime types ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a,b,relation",
    [
        (("north",), ("north",), EQUAL),
        (("north",), ("england-and-wales",), WITHIN),
        (("england-and-wales",), ("north",), CONTAINS),
        (("north", "south", "west"), ("england-and-wales",), EQUAL),
        (("uk",), ("north",), CONTAINS),
        (("north",), ("highland",), DISJOINT),
        (("england-and-wales",), ("north", "highland"), OVERLAPS),
        (("rail",), ("england-and-wales",), DISJOINT),  # not a territorial force
        (("rail",), ("uk",), WITHIN),
        (("not-recorded",), ("uk",), WITHIN),
        (("not-recorded",), ("england-and-wales",), DISJOINT),
        (("scotland",), ("highland",), EQUAL),
        (("atlantis",), ("uk",), DISJOINT),
    ],
)
def test_places(u, a, b, relation):
    assert u.place_relation(a, b) == relation


@pytest.mark.parametrize(
    "a,b,relation",
    [
        (("abuse",), ("abuse",), EQUAL),
        (("abuse-and-theft",), ("abuse", "theft"), EQUAL),  # a union is its parts
        (("abuse", "theft", "fraud"), ("all",), WITHIN),  # the relation never assumes a breakdown is complete
        (("child-abuse",), ("abuse",), WITHIN),
        (("abuse",), ("child-abuse",), CONTAINS),
        (("abuse",), ("all",), WITHIN),
        (("all",), ("theft",), CONTAINS),
        (("child-abuse",), ("abuse", "theft"), WITHIN),
        (("abuse", "theft"), ("abuse", "fraud"), OVERLAPS),
        (("child-abuse", "theft"), ("abuse",), OVERLAPS),
        (("abuse",), ("theft",), DISJOINT),
        (("child-abuse",), ("theft", "fraud"), DISJOINT),
        (("other",), ("abuse",), UNKNOWN),  # outside the breakdown: may overlap anything
        (("abuse",), ("other",), UNKNOWN),
    ],
)
def test_crime_types(u, a, b, relation):
    assert u.crime_relation(a, b) == relation


def test_names_and_the_breakdown(u):
    assert u.breakdown_types() == ["abuse", "theft", "fraud"]
    assert u.place_name(("north", "uk")) == "North Police and United Kingdom"
    assert u.place_name(("atlantis",)) == "atlantis"
    assert u.crime_name(("abuse",)) == "Abuse"
    assert u.crime_name(("abuse", "theft")) == "Abuse and Theft"
    assert u.crime_name(("abuse", "theft", "mystery")) == "Abuse, Theft and mystery"
    assert u.place_atoms(("england-and-wales", "scotland")) == {"north", "south", "west", "highland"}


@pytest.mark.parametrize(
    "part,total,within",
    [
        ("child-abuse", "abuse", True),
        ("abuse", "abuse", True),
        ("abuse+theft", "all", True),
        ("abuse", "child-abuse", False),
        ("other", "abuse", False),
    ],
)
def test_a_part_within_its_total_crime_type(world, part, total, within):
    assert scope.crime_type_within(part, total, world) is within


@pytest.mark.parametrize(
    "part,total,within",
    [
        ("north", "england-and-wales", True),
        ("north+south+west", "england-and-wales", True),
        ("uk", "uk", True),
        ("highland", "england-and-wales", False),
        ("uk", "north", False),
    ],
)
def test_a_part_within_its_total_place(world, part, total, within):
    assert scope.geography_within(part, total, world) is within


def test_the_universe_is_read_again_when_a_vocabulary_changes(tmp_path):
    world = write_world(tmp_path / "w")
    first = scope.universe(world)
    assert scope.universe(world) is first
    text = (world / "crime_types.csv").read_text()
    (world / "crime_types.csv").write_text(text.replace("other,Other,no", "other,Other,yes"))
    stat = (world / "crime_types.csv").stat()
    os.utime(world / "crime_types.csv", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert scope.universe(world).breakdown_types() == ["abuse", "theft", "fraud", "other"]


@pytest.mark.parametrize("text,ids", [("a+b", ("a", "b")), (" a + b ", ("a", "b")), ("a++", ("a",)), ("", ())])
def test_ids_joined_with_plus(text, ids):
    assert scope.split_ids(text) == ids


@pytest.mark.parametrize(
    "text,hint",
    [
        ("May 2020", "; write 2020-05"),
        ("Sept. 2022", "; write 2022-09"),
        ("05/2020", "; write 2020-05"),
        ("Mayday 2020", ""),  # no month named: no guess
        ("2020-13", ""),
    ],
)
def test_a_month_written_another_way_is_refused_with_how_to_write_it(text, hint):
    with pytest.raises(ValueError) as err:
        Period.parse(text, "2022-09")
    assert str(err.value) == f"{text!r} is not a month (YYYY-MM), a year (YYYY) or 'unknown'{hint}"
