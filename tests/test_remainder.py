"""The derived remainder of a breakdown (tables.forces, tables.place_by_crime_type): the total less what was
itemised, labelled as derived, on the reviewed raw data; no notebook, no build."""

from __future__ import annotations

import pytest
from conftest import REVIEWED_RAW_DATA

from referrals import tables
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
