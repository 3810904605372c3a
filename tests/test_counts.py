"""counts: numbers as counts, and the sums and complements a complete breakdown implies, on a hand-built breakdown in
a small world (tests/small_world.py); the published figures as counts, from the reviewed raw data."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import REVIEWED_RAW_DATA
from small_world import TEN, count, evidence

from referrals import counts, scope
from referrals.counts import Count
from referrals.scope import Period, Scope
from referrals.sources import RawData, load_raw
from referrals.wording import INF


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
            ("sum(fig_abuse, fig_theft)", ("abuse", "theft"), 80, "sum"),
            ("fig_total - sum(fig_fraud)", ("abuse", "theft"), 80, "complement"),
        ],
    ),
    (
        ("abuse",),
        [("fig_total - sum(fig_theft, fig_fraud)", ("abuse",), 50, "complement")],
    ),
    (
        ("abuse-and-theft",),
        [
            ("sum(fig_abuse, fig_theft)", ("abuse", "theft"), 80, "sum"),
            ("fig_total - sum(fig_fraud)", ("abuse", "theft"), 80, "complement"),
        ],
    ),
    (
        ("child-abuse", "theft"),
        [("sum(fig_abuse, fig_theft)", ("abuse", "theft"), 80, "sum")],
    ),
    (
        ("all",),
        [
            (
                "sum(fig_abuse, fig_theft, fig_fraud)",
                ("all",),
                100,
                "sum",
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
        assert k.scope.period == total.scope.period and k.scope.places == ("uk",) and k.total == total
    assert the_sum.parts == ("fig_abuse", "fig_theft") and the_sum.members == tuple(members[:2])
    assert complement.parts == ("fig_fraud", "fig_total") and complement.members == (members[2],)


def test_a_derived_count_keeps_its_totals_definition_and_flow(world):
    total = count(100, id="fig_total", flow=False)
    total = Count(**{**total.__dict__, "definition": "Forces that referred anyone."})
    members = parts_of(50, 30, 20)
    e = evidence(world, [total, *members], [(total, members)])
    for k in counts.derived_for(e, ("abuse", "theft")):
        assert (k.definition, k.flow) == ("Forces that referred anyone.", False)


def test_a_complement_of_a_bound_is_a_bound(world):
    total = count(100, low=100, high=INF, meaning="at-least", qualifier="at least", id="fig_total", role="restatement")
    members = parts_of(50, 30, 20)
    e = evidence(world, [total, *members], [(total, members)])
    the_sum, complement = counts.derived_for(e, ("abuse", "theft"))
    assert (the_sum.low, the_sum.high, the_sum.meaning) == (80, 80, "exact")
    assert (complement.low, complement.high, complement.meaning) == (80, INF, "at-least")
    assert complement.role == "restatement" and complement.shown() == "at least 80"  # never 'derived 80'


def test_a_complement_subtracts_the_other_categories(world):
    total = count(100, id="fig_total")
    members = parts_of(50, 30, 25)  # they add up to more than the total
    e = evidence(world, [total, *members], [(total, members)])
    (complement,) = counts.derived_for(e, ("fraud",))
    assert (complement.id, complement.low) == ("fig_total - sum(fig_abuse, fig_theft)", 20)


def test_a_breakdown_by_place_and_crime_type_together_implies_nothing(world):
    total = count(100, id="fig_total")
    mixed = [count(60, TEN, ("north",), ("abuse",), id="fig_n"), count(40, TEN, ("south",), ("theft",), id="fig_s")]
    restated = [count(100, id="fig_again"), count(50, TEN, ("uk",), ("abuse",), id="fig_half")]
    for members in (mixed, restated):
        e = evidence(world, [total, *members], [(total, members)])
        assert counts.derived_for(e, ("abuse",)) == [] and counts.derived_for(e, ("abuse", "theft")) == []


def test_every_breakdown_is_tried(world):
    total = count(100, id="fig_total")
    by_place = [count(60, TEN, ("north",), id="fig_north"), count(40, TEN, ("south",), id="fig_south")]
    unrelated = [count(30, TEN, ("uk",), ("theft",), id="fig_t"), count(20, TEN, ("uk",), ("fraud",), id="fig_f")]
    members = parts_of(50, 30, 20)
    e = evidence(world, [total, *members], [(total, by_place), (total, unrelated), (total, members)])
    assert [k.id for k in counts.derived_for(e, ("abuse",))] == ["fig_total - sum(fig_theft, fig_fraud)"]


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


SOURCES = [
    {"source_id": "paper", "outlet": "The Paper", "published": "2021-03", "dataset": "foi-1", "story": "scoop"},
    {"source_id": "reprint", "outlet": "Reprints Daily", "published": "2021", "role": "restatement"},
    {"source_id": "blog", "outlet": "A Blog", "published": "2021"},
    {"source_id": "undated", "outlet": "Undated", "published": ""},
]


def figure(figure_id, value, source_id="paper", qualifier="exact", **columns):
    row = {
        "figure_id": figure_id,
        "source_id": source_id,
        "measure": "victims",
        "geography": "uk",
        "crime_type": "all",
        "period_start": "2020-01",
        "period_end": "2020-10",
        "value": value,
        "qualifier": qualifier,
        "part_of": "",
        "breakdown": "",
        "breakdown_complete": "",
    }
    return {**row, **columns}


def raw(world, figures, sources=SOURCES):
    frame = pd.DataFrame(figures).fillna("")
    frame["value"] = [f["value"] for f in figures]  # numbers, NaN or None, as the loader gives them
    columns = sorted({c for s in sources for c in s})
    return RawData(sources=pd.DataFrame(sources, columns=columns).fillna(""), figures=frame, directory=world)


def test_published_figures_with_only_the_required_columns(world):
    data = raw(
        world, [figure("fig_total", 100.0), figure("fig_blog", 7.0, "blog", period_start="2020", period_end="2020")]
    )
    found = counts.published(data)
    total, blog = found.counts
    assert (total.id, total.low, total.high, total.value, total.meaning, total.qualifier) == (
        "fig_total",
        100.0,
        100.0,
        100.0,
        "exact",
        "exact",
    )
    assert (total.source_id, total.outlet, total.dataset, total.story, total.role) == (
        "paper",
        "The Paper",
        "foi-1",
        "scoop",
        "original",
    )
    assert (total.description, total.definition, total.flow) == ("", "People referred.", True)
    assert total.scope == Scope("victims", ("uk",), ("all",), Period.parse("2020-01", "2020-10"))
    assert (blog.dataset, blog.story) == ("blog", "blog"), "without a data set or story, the source is both"
    assert blog.scope.period.label() == "2020" and blog.scope.period.length() == (1, 12)  # was '2020 to 2020'
    assert found.word_scopes == {} and found.breakdowns == []
    assert found.universe is scope.universe(world)


def test_a_figure_period_is_capped_by_its_sources_publication(world):
    data = raw(world, [figure("fig_a", 5.0, period_start="2020-06", period_end="2021")])
    (k,) = counts.published(data).counts
    assert k.scope.period.end_hi == Period.parse("2021-03", "2021-03").end_lo


@pytest.mark.parametrize(
    "columns,fields",
    [
        ({"period_months": "3", "period_start": "2020", "period_end": "2020-06"}, {"label": "April 2020 to June 2020"}),
        (
            {"period_text": "since spring", "period_start": "2020-04", "period_end": "unknown", "source_id": "undated"},
            {"label": "from April 2020 (since spring)"},
        ),
        ({"period_start": "2020-04", "period_end": "unknown", "source_id": "undated"}, {"label": "from April 2020"}),
        ({"dataset": "foi-2"}, {"dataset": "foi-2"}),
        ({"restates": "fig_other"}, {"role": "restatement"}),
        ({"description": "Victims referred, all forces."}, {"description": "Victims referred, all forces."}),
        ({"measure": "forces"}, {"flow": False, "definition": "Forces that referred anyone."}),
        ({"measure": "calls"}, {"flow": True, "definition": "Calls."}),
        ({"qualifier": "at least"}, {"meaning": "at-least", "high": INF, "shown": "at least 5"}),
        ({"qualifier": "more than"}, {"meaning": "more-than", "low": 6.0, "shown": "more than 5"}),
        ({"qualifier": "about"}, {"meaning": "approximately", "low": 4.5, "high": 5.5}),
        ({"qualifier": "the whole"}, {"meaning": "exact", "low": 5.0, "shown": "5"}),
        ({"source_id": "reprint"}, {"role": "restatement", "dataset": "reprint", "outlet": "Reprints Daily"}),
    ],
)
def test_what_each_column_of_a_published_figure_gives_its_count(world, columns, fields):
    (k,) = counts.published(raw(world, [figure("fig_a", 5.0, **columns)])).counts
    got = {
        f: (k.scope.period.label() if f == "label" else k.shown() if f == "shown" else getattr(k, f)) for f in fields
    }
    assert got == fields


@pytest.mark.parametrize("value", [None, float("nan")])
def test_a_figure_in_words_only_keeps_its_scope_and_is_no_count(world, value):
    found = counts.published(raw(world, [figure("fig_words", value, qualifier="thousands", crime_type="abuse")]))
    assert found.counts == []
    assert found.word_scopes == {"fig_words": Scope("victims", ("uk",), ("abuse",), Period.parse("2020-01", "2020-10"))}


def test_a_verbal_qualifier_with_a_number_is_no_count_either(world):
    found = counts.published(raw(world, [figure("fig_words", 2000.0, qualifier="thousands")]))
    assert found.counts == [] and list(found.word_scopes) == ["fig_words"]


def part(figure_id, value, crime_type, total="fig_total", breakdown="crime type", complete="yes", **columns):
    return figure(
        figure_id,
        value,
        crime_type=crime_type,
        part_of=total,
        breakdown=breakdown,
        breakdown_complete=complete,
        **columns,
    )


@pytest.mark.parametrize(
    "figures,breakdowns",
    [
        (
            [figure("fig_total", 10.0), part("fig_x", 6.0, "abuse"), part("fig_y", 4.0, "theft")],
            [("fig_total", ["fig_x", "fig_y"])],
        ),
        (
            [
                figure("fig_total", 10.0),
                part("fig_x", 6.0, "abuse", complete="no"),
                part("fig_y", 4.0, "theft", complete="no"),
            ],
            [],
        ),
        (
            [figure("fig_total", 10.0), part("fig_x", 6.0, "abuse"), part("fig_y", 4.0, "theft", qualifier="at least")],
            [],
        ),
        (
            [
                figure("fig_total", 10.0),
                part("fig_x", 6.0, "abuse"),
                part("fig_y", None, "theft", qualifier="thousands"),
            ],
            [],
        ),
        (
            [
                figure("fig_total", None, qualifier="thousands"),
                part("fig_x", 6.0, "abuse"),
                part("fig_y", 4.0, "theft"),
            ],
            [],
        ),
        (
            [
                figure("fig_total", 10.0),
                part("fig_x", 6.0, "abuse"),
                part("fig_y", 4.0, "theft"),
                part("fig_n", 7.0, "all", breakdown="force", geography="north"),
                part("fig_s", 3.0, "all", breakdown="force", geography="south"),
            ],
            [("fig_total", ["fig_x", "fig_y"]), ("fig_total", ["fig_n", "fig_s"])],
        ),
        (
            [
                figure("fig_b", 10.0),
                figure("fig_a", 10.0),
                part("fig_x", 10.0, "abuse", total="fig_b"),
                part("fig_y", 10.0, "abuse", total="fig_a"),
            ],
            [("fig_a", ["fig_y"]), ("fig_b", ["fig_x"])],
        ),
    ],
    ids=[
        "complete",
        "incomplete",
        "a bound among the parts",
        "words among the parts",
        "a total in words",
        "two breakdowns",
        "sorted",
    ],
)
def test_only_complete_breakdowns_of_exact_numbers_imply_sums(world, figures, breakdowns):
    found = counts.published(raw(world, figures)).breakdowns
    assert [(total.id, [m.id for m in members]) for total, members in found] == breakdowns


REVIEWED = load_raw(REVIEWED_RAW_DATA)


@pytest.fixture
def published():
    return counts.published(REVIEWED)


def test_every_published_number_is_a_count_and_words_keep_their_scope(published):
    ids = {k.id for k in published.counts}
    assert len(published.counts) == 57 and "detail_total" in ids
    assert set(published.word_scopes) == {
        "detail_every_force_domestic_abuse",
        "detail_thousands",
        "ns_hundreds_a_month",
    }
    # A verbal share is a share of its whole, with the range its words allow, never a point ('a quarter' is not 0.25).
    quarter = published.by_id("detail_da_quarter_served")
    assert quarter.of is not None and quarter.of.measure == "victims_referred"
    assert quarter.scope.measure == "served_enforcement_papers" and quarter.value is None
    assert (quarter.low, round(quarter.high, 6)) == (0.20, 0.3) and quarter.high < 0.30
    assert published.by_id("detail_share_not_recorded").of.places == ("uk",)
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
