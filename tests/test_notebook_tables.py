"""The steps the notebooks show (tables.count, select, add_up, subtract, shares, traces, breakdowns) and the tables
they show them in (notebook.Table), at their boundaries, on small hand-built data."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from test_tables import raw

from referrals import notebook as nb
from referrals import tables


@pytest.mark.parametrize(
    "values,expected",
    [([6, 4], 10), ([6.0, 4.0], 10), ([6, float("nan")], 6), ([], 0), ([1.5, 1], 2.5)],
    ids=["ints", "whole-floats", "missing-adds-nothing", "nothing", "not-whole-stays-a-float"],
)
def test_add_up_gives_a_whole_count_as_an_int(values, expected):
    result = tables.add_up(pd.DataFrame({"value": values}, dtype=float))
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize(
    "total,parts,expected",
    [(2672, [1164, 126], 1382), (10, [pd.DataFrame({"value": [6.0, 4.0]})], 0), (10, [12], -2), (10, [], 10)],
    ids=["numbers", "a-table-is-added-up-first", "more-than-the-total-goes-negative", "nothing-subtracted"],
)
def test_subtract_takes_numbers_and_tables(total, parts, expected):
    result = tables.subtract(total, *parts)
    assert result == expected and isinstance(result, int)


def test_count_select_and_shares_on_a_small_breakdown():
    data = raw(10, [("modern-slavery", 6), ("domestic-abuse", 4)])
    by_type = tables.parts(data, "t", tables.BY_CRIME_TYPE)
    assert tables.count(data, "t") == 10 and isinstance(tables.count(data, "t"), int)
    assert list(tables.select(by_type, "crime_type", ["domestic-abuse"])["value"]) == [4]
    assert list(tables.shares(by_type, 10)) == [0.6, 0.4]


def test_breakdowns_say_what_the_parts_leave():
    data = raw(12, [("modern-slavery", 6), ("domestic-abuse", 4)], complete="no")
    row = tables.breakdowns(data).iloc[0]
    assert (row["parts"], row["added_up"], row["of_total"], bool(row["complete"]), row["left"]) == (2, 10, 12, False, 2)


@pytest.mark.parametrize(
    "rows,holds",
    [
        ([("p-modern-slavery", 6), ("t - p-modern-slavery", 6)], True),
        ([("p-modern-slavery", 7)], False),  # not the figure's value
        ([("t - p-modern-slavery", 5)], False),  # not what the ids derive
    ],
    ids=["figures-and-a-derived-row", "a-changed-value", "a-wrong-remainder"],
)
def test_traces_holds_only_when_every_row_is_its_figures(rows, holds):
    data = raw(12, [("modern-slavery", 6), ("domestic-abuse", 4)])
    table = pd.DataFrame(rows, columns=["figure_id", "value"])
    assert tables.traces(data, table) is holds


@pytest.mark.parametrize(
    "value,shown",
    [
        (1787.0, "1,787"),
        (2672, "2,672"),
        (float("nan"), "not published"),
        (None, "not published"),
        ("", "not published"),
        (True, "yes"),
        (0.5, "0.5"),
        ("words", "words"),
    ],
)
def test_a_cell_reads_as_a_newsroom_writes_it(value, shown):
    table = nb.Table(pd.DataFrame({"value": [value]}, dtype=object))
    assert table.rows == [[shown]]
    assert "nan" not in repr(table).lower() and ".0" not in repr(table)


def test_shares_show_as_per_cent_and_missing_ones_in_words():
    table = nb.Table(pd.DataFrame({"name": ["a", "b"], "share_of_total": [0.2938, math.nan]}))
    assert [r[1] for r in table.rows] == ["29.38%", "not published"]


def test_a_wide_table_is_split_with_its_first_column_repeated_and_every_cell_kept():
    frame = pd.DataFrame({"key": ["k1", "k2"], **{f"column_{i}": [f"x{i}" * 8, 1000 + i] for i in range(12)}})
    text = repr(nb.Table(frame))
    assert max(len(line) for line in text.splitlines()) <= nb.TEXT_WIDTH
    blocks = text.split("\n\n")
    assert len(blocks) > 1 and all(b.startswith("Key") for b in blocks)
    for i in range(12):
        assert f"x{i}" * 8 in text and f"{1000 + i:,}" in text
    html = nb.Table(frame)._repr_html_()
    assert html.count("<table") == len(nb.Table(frame).parts(nb.HTML_WIDTH)) and "x11" * 8 in html


def test_long_cells_wrap_and_the_text_is_the_same_every_time():
    frame = pd.DataFrame({"quote": ["word " * 40], "value": [3]})
    first, second = repr(nb.Table(frame)), repr(nb.Table(frame))
    assert first == second and len(first.splitlines()) > 2


def test_checks_show_numbers_and_results_in_words():
    table = nb.checks(("adds up", 10, 10), ("does not", 9, 10), ("true", True), ("not drawn", None))
    assert [r[1:] for r in table.rows] == [["10 and 10", "yes"], ["9 and 10", "no"], ["", "yes"], ["", "not checked"]]


def test_a_short_quote_keeps_at_most_25_words():
    quoted = nb.short_quote(" ".join(f"w{i}" for i in range(30)))
    assert quoted.startswith("\u201cw0 ") and quoted.endswith("w24 \u2026\u201d") and "w25" not in quoted
    assert nb.short_quote("") == ""
