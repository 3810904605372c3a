"""output/referrals.db: every row of the CSVs, keys that hold, search that finds, the same bytes twice."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

from referrals import database, explore, fields
from referrals.compare import CONTRADICTED, INCONSISTENT
from referrals.csvfiles import format_cell, read_text_table
from referrals.errors import DataError
from referrals.ledger import DEFAULT_CLAIMS, Ledger, run_ledger
from referrals.sources import load_published


@pytest.fixture(scope="module")
def inputs():
    data = load_published(ROOT / "data" / "processed")
    return data, run_ledger(DEFAULT_CLAIMS, data)


@pytest.fixture(scope="module")
def db(inputs, tmp_path_factory) -> Path:
    return database.build(tmp_path_factory.mktemp("db") / "referrals.db", *inputs)


def query(path: Path, sql: str, params=()) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def as_text(path: Path, table: str, order: str) -> list[dict[str, str]]:
    """A table's rows as the CSV writer would print them: NULL as empty, numbers without '.0'."""
    with sqlite3.connect(path) as conn:
        cursor = conn.execute(f"select * from [{table}] order by [{order}]")
        names = [d[0] for d in cursor.description]
        return [{n: format_cell(v) for n, v in zip(names, row)} for row in cursor]


def csv_rows(path: Path, order: str) -> list[dict[str, str]]:
    rows, _ = read_text_table(path, restore="processed" in path.parts)  # the project's own CSV is neutralised
    return sorted((cells for _, cells in rows), key=lambda r: r[order])


CSV_TABLES = [
    ("sources", ROOT / "data" / "processed" / "sources.csv", "source_id"),
    ("figures", ROOT / "data" / "processed" / "published_figures.csv", "figure_id"),
    *[(t.name, ROOT / t.path, t.primary_key) for t in fields.RAW_TABLES if t.name not in ("sources", "figures")],
]


@pytest.mark.parametrize("table, csv, key", CSV_TABLES, ids=[t[0] for t in CSV_TABLES])
def test_each_table_holds_every_row_of_its_csv(db, table, csv, key):
    assert as_text(db, table, key) == csv_rows(csv, key)


def test_claims_ledger_and_comparisons_hold_every_claim_and_comparison(db, inputs):
    _, ledger = inputs
    in_files = sum(len(read_text_table(ROOT / f)[0]) for f in DEFAULT_CLAIMS)
    assert query(db, "select count(*) from claims")[0][0] == in_files == len(ledger.table)
    assert [r[0] for r in query(db, "select claim_id from ledger order by rowid")] == list(ledger.table["claim_id"])
    verdicts = query(db, "select verdict, count(*) from ledger group by verdict")
    assert dict(verdicts) == ledger.table["verdict"].value_counts().to_dict()
    assert query(db, "select count(*) from comparisons")[0][0] == len(ledger.comparisons)
    assert [r[0] for r in query(db, "select figure from comparisons order by comparison_id")] == list(
        ledger.comparisons["figure"]
    )


def test_foreign_keys_hold_and_are_declared(db):
    assert query(db, "PRAGMA foreign_key_check") == []
    declared = {
        (table, row[3], row[2], row[4])
        for table in ("figures", "claims", "ledger", "comparisons", "comparison_figures", "measures")
        for row in query(db, f"PRAGMA foreign_key_list([{table}])")
    }
    for key in [
        ("figures", "source_id", "sources", "source_id"),
        ("ledger", "claim_id", "claims", "claim_id"),
        ("comparisons", "claim_id", "claims", "claim_id"),
        ("comparisons", "figure_id", "figures", "figure_id"),
        ("comparison_figures", "figure_id", "figures", "figure_id"),
    ]:
        assert key in declared


def test_a_derived_sum_keeps_its_text_without_breaking_the_key(db, inputs):
    data, _ = inputs
    ids = set(data.figures["figure_id"])
    rows = query(db, "select comparison_id, figure, figure_id from comparisons")
    derived = [(n, text) for n, text, figure_id in rows if text not in ids]
    assert derived, "the ledger compares claims with derived sums such as sum(a, b)"
    assert all(figure_id is None for _, text, figure_id in rows if text not in ids)
    assert all(figure_id == text for _, text, figure_id in rows if text in ids)
    for number, text in derived:
        used = {r[0] for r in query(db, "select figure_id from comparison_figures where comparison_id = ?", (number,))}
        assert used and all(figure_id in text for figure_id in used), text


def test_full_text_search_finds_every_quote(db, inputs):
    """Each figure's quote, searched as a phrase, finds its figure (the index survives VACUUM)."""
    data, _ = inputs
    for figure_id, quote in zip(data.figures["figure_id"], data.figures["quote"]):
        phrase = '"' + quote.replace('"', '""') + '"'
        found = query(
            db,
            "select figures.figure_id from figures_fts join figures on figures.rowid = figures_fts.rowid "
            "where figures_fts match ?",
            (phrase,),
        )
        assert (figure_id,) in found, quote


def test_full_text_search_finds_an_explanation(db, inputs):
    _, ledger = inputs
    row = ledger.table[ledger.table["verdict"] == CONTRADICTED].iloc[0]
    words = " ".join(row["explanation"].split()[:4])
    found = query(
        db,
        "select ledger.claim_id from ledger_fts join ledger on ledger.rowid = ledger_fts.rowid "
        "where ledger_fts match ?",
        ('"' + words.replace('"', '""') + '"',),
    )
    assert (row["claim_id"],) in found


def test_two_builds_give_the_same_bytes(db, inputs, tmp_path):
    again = database.build(tmp_path / "again.db", *inputs)
    assert again.read_bytes() == db.read_bytes()


def test_the_views_hold_the_findings(db, inputs):
    data, ledger = inputs
    wrong = ledger.table[ledger.table["verdict"].isin([CONTRADICTED, INCONSISTENT])]
    assert sorted(r[0] for r in query(db, "select claim_id from contradicted_or_inconsistent")) == sorted(
        wrong["claim_id"]
    )
    forces = {row["force_id"] for _, row in read_text_table(ROOT / fields.FORCES.path)[0]}
    expected = sorted(
        (g_id, f)
        for f, g in zip(data.figures["figure_id"], data.figures["geography"])
        for g_id in g.split("+")
        if g_id in forces
    )
    assert sorted(query(db, "select force_id, figure_id from figures_by_force")) == expected


def test_a_broken_key_is_refused_and_the_previous_database_kept(db, inputs, tmp_path):
    data, ledger = inputs
    target = tmp_path / "referrals.db"
    target.write_bytes(db.read_bytes())
    comparisons = ledger.comparisons.copy()
    comparisons.loc[0, "claim_id"] = "no-such-claim"
    broken = Ledger(ledger.table, comparisons, ledger.entries)
    with pytest.raises(DataError, match=r"1 row\(s\) break a foreign key"):
        database.build(target, data, broken)
    assert target.read_bytes() == db.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["referrals.db"], "no temporary file left behind"


def test_extra_tables_are_written_as_given_and_described(inputs, tmp_path):
    release = pd.DataFrame({"force": ["metropolitan", "psni"], "victims": [460, 33]})
    release.attrs = {"description": "A SYNTHETIC release", "columns": {"victims": "Victims referred"}}
    path = database.build(tmp_path / "with-release.db", *inputs, extra_tables={"release": release})
    assert query(path, "select force, victims from release order by rowid") == [("metropolitan", 460), ("psni", 33)]
    tables = database.tables(*inputs, extra_tables={"release": release})
    described = explore.metadata(tables, inputs[0].sources)["databases"]["referrals"]["tables"]["release"]
    assert described["description"] == "A SYNTHETIC release" and described["columns"] == {"victims": "Victims referred"}
    with pytest.raises(ValueError, match="extra table 'figures'"):
        database.tables(*inputs, extra_tables={"figures": release})


def test_every_column_of_every_table_is_described(inputs):
    for table in database.tables(*inputs):
        missing = [c for c in table.frame.columns if not table.columns.get(c)]
        assert missing == [], table.name


@pytest.mark.parametrize(
    "values,declared,read_back",
    [([1, 2.0, None], "INTEGER", [1, 2, None]), ([1, 2.5, None], "REAL", [1.0, 2.5, None]),
     (["a", ""], "TEXT", ["a", None])],
)  # fmt: skip
def test_a_column_is_declared_by_what_it_holds_and_keys_hold(tmp_path, values, declared, read_back):
    """Whole numbers are stored and read back as integers, fractions as reals; a primary key is never empty and a
    foreign key is declared (sqlite-utils writes the CREATE TABLE)."""
    numeric = ("v",) if declared != "TEXT" else ()
    parent = database.DbTable("parent", pd.DataFrame({"id": ["x"]}), "", {}, pk="id")
    child = database.DbTable(
        "child",
        pd.DataFrame({"id": ["p", "q", "r"][: len(values)], "v": values, "parent": ["x"] * len(values)}),
        "",
        {},
        pk="id",
        foreign_keys=(("parent", "parent", "id"),),
        numeric=numeric,
    )
    path = database.write(tmp_path / "t.db", [parent, child])
    with sqlite3.connect(path) as db:
        columns = {
            name: (kind, notnull, pk) for _, name, kind, notnull, _, pk in db.execute("pragma table_info(child)")
        }
        assert columns["v"][0] == declared and columns["id"] == ("TEXT", 1, 1)
        assert db.execute("pragma foreign_key_list(child)").fetchall()[0][2:5] == ("parent", "parent", "id")
        assert [r[0] for r in db.execute("select v from child order by id")] == read_back
