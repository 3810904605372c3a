"""The derived remainder of a breakdown (tables.forces, tables.place_by_crime_type): the total less what was
itemised, labelled as derived, on the reviewed raw data; no notebook, no build."""

from __future__ import annotations

import pytest
from conftest import REVIEWED_RAW_DATA

from referrals import tables
from referrals.errors import ParameterError
from referrals.sources import load_raw

DATA = load_raw(REVIEWED_RAW_DATA)
ITEMISED = [
    "detail_force_metropolitan",
    "detail_force_west_midlands",
    "detail_force_police_scotland",
    "detail_force_west_yorkshire",
    "detail_force_greater_manchester",
]


@pytest.mark.parametrize(
    "top,value,name",
    [
        (None, 1382, "The other 40 forces (not itemised)"),  # 2,672 - 460 - 222 - 207 - 143 - 132 - 126
        (5, 1382, "The other 40 forces (not itemised)"),
        (3, 1657, "The other 42 forces (not shown separately)"),
        (0, 2546, "The other 45 forces (not shown separately)"),
    ],
)
def test_the_forces_not_itemised_share_the_remainder(top, value, name):
    table = tables.forces(DATA, "detail_total", "detail_forces_uk", top=top)
    remainder = table[table["kind"] == tables.REMAINDER]
    assert len(remainder) == 1
    row = remainder.iloc[0]
    assert (row["value"], row["name"], row["qualifier"]) == (value, name, "derived")
    shown = ITEMISED[: 5 if top is None else top]
    assert row["figure_id"] == " - ".join(["detail_total", *shown, "detail_force_not_recorded"])
    assert row["source"] == "derived from The Detail (with the Guardian)"
    assert row["share_of_total"] == round(value / 2672, 4)
    assert table["value"].sum() == 2672, "itemised, not recorded and the remainder make up the total"


def test_a_complete_breakdown_leaves_no_remainder():
    table = tables.place_by_crime_type(DATA, "psni_total")
    assert tables.REMAINDER not in set(table["kind"]) and table["value"].sum() == 33


def test_an_incomplete_breakdown_names_what_it_leaves_out():
    table = tables.place_by_crime_type(DATA, "ferret_scotland_total")
    row = table[table["kind"] == tables.REMAINDER].iloc[0]
    assert (row["name"], row["value"]) == ("Not itemised", 207 - 87 - 43 - 19 - 5)


DETAIL = "The Detail (with the Guardian)"


def itemised(geography, name, value, figure_id, kind="itemised", highlight=False):
    return {
        "geography": geography,
        "name": name,
        "kind": kind,
        "value": value,
        "share_of_total": round(value / 2672, 4),
        "highlight": highlight,
        "qualifier": "exact",
        "source": DETAIL,
        "figure_id": figure_id,
    }


def test_the_whole_forces_table():
    table = tables.forces(DATA, "detail_total", "detail_forces_uk", top=2, highlight="metropolitan")
    assert list(table.columns) == [
        "geography",
        "name",
        "kind",
        "value",
        "share_of_total",
        "highlight",
        "qualifier",
        "source",
        "figure_id",
    ]
    assert str(table["value"].dtype) == "int64"
    assert table.to_dict("records") == [
        itemised("metropolitan", "Metropolitan Police Service", 460, "detail_force_metropolitan", highlight=True),
        itemised("west-midlands", "West Midlands Police", 222, "detail_force_west_midlands"),
        itemised("not-recorded", "No force recorded", 126, "detail_force_not_recorded", kind="no force recorded"),
        {
            **itemised("remainder", "The other 43 forces (not shown separately)", 1864, "", kind=tables.REMAINDER),
            "qualifier": "derived",
            "source": f"derived from {DETAIL}",
            "figure_id": " - ".join(
                ["detail_total", "detail_force_metropolitan", "detail_force_west_midlands", "detail_force_not_recorded"]
            ),
        },
    ]
    assert table.attrs == {}


@pytest.mark.parametrize(
    "top,highlight,note",
    [
        (
            2,
            "west-yorkshire",
            "West Yorkshire Police is itemised but outside top_forces; its count is inside the remainder",
        ),
        (None, "kent", "Kent Police is not itemised in the data; its count is inside the remainder"),
    ],
)
def test_a_highlighted_force_inside_the_remainder_is_said_to_be(top, highlight, note):
    table = tables.forces(DATA, "detail_total", "detail_forces_uk", top=top, highlight=highlight)
    assert table.attrs["highlight_note"] == note and not table["highlight"].any()


def test_more_forces_than_the_data_itemise_are_refused():
    with pytest.raises(ParameterError) as err:
        tables.forces(DATA, "detail_total", "detail_forces_uk", top=6)
    assert str(err.value) == "parameter top_forces: value 6 is more than the 5 forces the data itemise; allowed: 0 to 5"


@pytest.mark.parametrize("start,end", [("2021-01", ""), ("", "2021-01"), ("2021-01", "2022-09")])
def test_the_forces_table_is_only_for_the_figures_period(start, end):
    with pytest.raises(ParameterError, match="no published figure for this chart lies within"):
        tables.forces(DATA, "detail_total", "detail_forces_uk", start=start, end=end)
    with pytest.raises(ParameterError, match="no published figure for this chart lies within"):
        tables.place_by_crime_type(DATA, "detail_total", start=start, end=end)
    assert len(tables.forces(DATA, "detail_total", "detail_forces_uk", start="2020-05", end="2022-09")) == 7


def test_the_whole_table_of_one_places_crime_types():
    table = tables.place_by_crime_type(DATA, "ferret_scotland_total")
    assert list(table.columns) == [
        "crime_type",
        "name",
        "kind",
        "value",
        "share_of_total",
        "qualifier",
        "source",
        "figure_id",
    ]
    assert str(table["value"].dtype) == "int64"
    rows = table.to_dict("records")
    assert rows[0] == {
        "crime_type": "human-trafficking",
        "name": "Human trafficking",
        "kind": "itemised",
        "value": 87,
        "share_of_total": 0.4203,
        "qualifier": "exact",
        "source": "The Ferret",
        "figure_id": "ferret_scotland_human_trafficking",
    }
    assert rows[-1] == {
        "crime_type": "remainder",
        "name": "Not itemised",
        "kind": tables.REMAINDER,
        "value": 53,
        "share_of_total": 0.256,
        "qualifier": "derived",
        "source": "derived from The Ferret",
        "figure_id": "ferret_scotland_total - ferret_scotland_human_trafficking - ferret_scotland_modern_slavery - "
        "ferret_scotland_domestic_abuse - ferret_scotland_child_sexual_exploitation",
    }


@pytest.mark.parametrize("highlight, marked", [("", set()), ("metropolitan", {"metropolitan"})])
def test_only_the_force_asked_for_is_highlighted(highlight, marked):
    """No force is highlighted unless one is asked for (a surviving mutant marked every row)."""
    table = tables.forces(DATA, "detail_total", "detail_forces_uk", highlight=highlight)
    assert set(table.loc[table["highlight"].astype(bool), "geography"]) == marked
