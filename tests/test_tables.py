"""The tables the charts plot, at their boundaries, on small hand-built data (no build, no ledger)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import ROOT

from referrals import months, tables
from referrals.rawdata import RawData

SOURCES = pd.DataFrame([{"source_id": "s", "outlet": "The Outlet", "title": "Referrals", "published": "2023-03-06"}])


def raw(total: float, parts: list[tuple[str, float]], complete: str = "yes", title: str = "Referrals") -> RawData:
    """A total and its crime-type breakdown (parts: crime type id, value)."""
    rows = [{"figure_id": "t", "value": total, "part_of": "", "breakdown": "", "crime_type": "all"}]
    rows += [
        {"figure_id": f"p-{ct}", "value": v, "part_of": "t", "breakdown": tables.BY_CRIME_TYPE, "crime_type": ct}
        for ct, v in parts
    ]
    figures = pd.DataFrame(rows).assign(
        source_id="s", qualifier="exact", breakdown_complete=complete, geography="uk", period_start="2020-05"
    )
    figures["period_end"] = "2022-09"
    return RawData(SOURCES.assign(title=title), figures, ROOT / "data" / "raw")


@pytest.mark.parametrize(
    "total,parts,complete,remainder",
    [
        (10, [("modern-slavery", 6), ("domestic-abuse", 4)], "yes", None),  # the parts make the total: no derived row
        (
            11,
            [("modern-slavery", 6), ("domestic-abuse", 4)],
            "yes",
            ("In suppressed cells", 1),
        ),  # one left: suppressed cells
        (
            10,
            [("modern-slavery", 6), ("domestic-abuse", 4)],
            "no",
            ("Not itemised", 0),
        ),  # incomplete: said, even when 0 is left
        (12, [("modern-slavery", 6), ("domestic-abuse", 4)], "no", ("Not itemised", 2)),
    ],
    ids=["complete-and-whole", "complete-one-left", "incomplete-nothing-left", "incomplete-two-left"],
)
def test_a_breakdown_adds_a_derived_row_exactly_when_something_is_left_or_it_is_incomplete(
    total, parts, complete, remainder
):
    table = tables.place_by_crime_type(raw(total, parts, complete), "t")
    derived = table[table["kind"] == tables.REMAINDER]
    assert list(table.loc[table["kind"] == tables.ITEMISED, "crime_type"]) == [ct for ct, _ in parts]
    if remainder is None:
        assert derived.empty
    else:
        row = derived.iloc[0]
        assert len(derived) == 1 and (row["name"], row["value"]) == remainder
        assert row["figure_id"] == "t - p-modern-slavery - p-domestic-abuse" and row["qualifier"] == "derived"
    assert table["share_of_total"].tolist() == [round(v / total, 4) for v in table["value"]]


def test_the_breakdown_builder_names_the_key_it_is_given():
    data = raw(10, [("modern-slavery", 6)], "no")
    part = data.figures.iloc[1]
    table = tables.breakdown(data, "t", "crime_type", [(part, "Modern slavery", tables.ITEMISED)], False, "The rest")
    assert table[["crime_type", "name", "value"]].values.tolist() == [
        ["modern-slavery", "Modern slavery", 6],
        ["remainder", "The rest", 4],
    ]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("from 1 May 2020 to 30 September 2022", [dt.date(2020, 5, 1), dt.date(2022, 9, 30)]),
        ("1st May 2020 - 30th Sept 2022", [dt.date(2020, 5, 1), dt.date(2022, 9, 30)]),
        ("01 may 2020", [dt.date(2020, 5, 1)]),
        ("31 June 2021 and 12 Police 2020", []),  # no such day; no such month
        ("May 2020 to September 2022", []),  # months, no days
    ],
)
def test_dates_in_a_text_are_real_dates_with_a_day_a_month_name_and_a_year(text, expected):
    assert months.dates_in(text) == expected


@pytest.mark.parametrize(
    "date,last",
    [(dt.date(2022, 9, 30), True), (dt.date(2022, 9, 29), False), (dt.date(2024, 2, 29), True),
     (dt.date(2023, 2, 28), True), (dt.date(2024, 2, 28), False), (dt.date(2020, 12, 31), True)],
)  # fmt: skip
def test_the_last_day_of_a_month(date, last):
    assert months.is_last_day(date) is last


@pytest.mark.parametrize(
    "title,note",
    [
        ("Referrals, 1 May 2020 to 30 September 2022", "Whole months"),
        ("Referrals, 2 May 2020 to 30 September 2022", "The first month is partial"),
        ("Referrals, 1 May 2020 to 29 September 2022", "The last month is partial"),
        ("Referrals, 9 May 2020 to 15 September 2022", "The first and last months are partial"),
        ("Referrals, May 2020 to September 2022", "The release does not say"),
    ],
)
def test_the_partial_months_note_reads_the_dates_the_title_states(title, note):
    assert tables.partial_months_note(raw(10, [], title=title), "t").startswith(note)
