"""CSV meant for people is opened in spreadsheets: no text cell may run as a formula there.

Every such CSV goes through one writer (csvfiles.csv_bytes), which puts "'" before a text cell
starting with = + - @, a tab or a carriage return; the project undoes it exactly where it
reads its own CSV back.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from corpus import edit_cell

from referrals import csvfiles as rio
from referrals import manifest

HOSTILE = ["=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", '=HYPERLINK("http://example.invalid","2,672")']


def _cells(path, column):
    return [row[column] for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))]


@pytest.mark.parametrize(
    "text", ["=1+1", "+1+1", "-1+1", "@A1", "\tx", "\rx", "'", "'=1", "''", "-", "-5", "+44", "plain", ""]
)
def test_neutralising_is_undone_exactly(text):
    assert rio.restore_cell(rio.neutralise_cell(text)) == text


@pytest.mark.parametrize("text", ["=1+1", "+1+1", "-1+1", "@A1", "\tx", "\rx"])
def test_formula_triggers_are_neutralised(text):
    assert rio.neutralise_cell(text) == "'" + text


def test_numbers_are_untouched():
    data = rio.csv_bytes(["a", "b", "c", "d"], [[-5, -2.5, "-7", "+3"]]).decode()
    assert data.splitlines()[1] == "-5,-2.5,-7,+3"


def test_the_ledger_neutralises_hostile_quotes(project):
    from referrals.ledger import run_ledger, write_outputs
    from referrals.sources import load_raw

    rows = list(csv.reader(io.StringIO((project / "claims" / "published-claims.csv").read_text())))
    header, first = rows[0], rows[1]
    hostile = []
    for n, quote in enumerate(HOSTILE):
        row = list(first)
        row[header.index("claim_id")] = f"hostile-{n}"
        row[header.index("quote")] = quote
        hostile.append(row)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *hostile])
    (project / "claims" / "hostile.csv").write_text(buf.getvalue())
    data = load_raw()
    ledger = run_ledger(["claims/hostile.csv"], data)
    written = write_outputs(ledger, "output/fact-check", ["claims/hostile.csv"], data)
    ledger = next(p for p in written if p.name == "ledger.csv")
    assert _cells(ledger, "quote") == ["'" + q for q in HOSTILE]
    assert _cells(ledger, "claimed") == ["2,672"] * 3


def test_published_figures_neutralise_a_quote_and_read_it_back_exactly(project):
    from referrals import processed
    from referrals.sources import load_published

    raw = project / "data" / "raw"
    edit_cell("figures.csv", "ns_total", "quote", HOSTILE[2])(raw)
    manifest.stamp(raw)
    processed.build()
    published = project / "data" / "processed" / "published_figures.csv"
    quotes = dict(zip(_cells(published, "figure_id"), _cells(published, "quote")))
    assert quotes["ns_total"] == "'" + HOSTILE[2]
    assert load_published().figure("ns_total")["quote"] == HOSTILE[2]


def test_a_release_table_neutralises_text_and_keeps_numbers(project):
    from referrals import foi

    tidy = pd.DataFrame(
        [{c: "" for c in foi.TIDY_COLUMNS} | {"force_as_given": HOSTILE[1], "value": -3, "marker": "-"}],
        columns=foi.TIDY_COLUMNS,
    )
    out = project / "output" / "release.csv"
    foi.write_tidy(foi.Release(path=out, tidy=tidy), out)
    assert _cells(out, "force_as_given") == ["'" + HOSTILE[1]]
    assert _cells(out, "value") == ["-3"]
    assert _cells(out, "marker") == ["'-"]
