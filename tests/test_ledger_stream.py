"""The ledger at scale: outputs streamed a chunk of claims at a time are the bytes written all at once;
comparisons.csv lists what a reader needs; the SYNTHETIC claims generator that `make bench` measures with."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest

from referrals import writing
from referrals.compare import CONFIRMED, CONTEXT, CONTRADICTED, INCONSISTENT, NOT_VERIFIABLE
from referrals.csvfiles import iter_text_table, read_text_table
from referrals.errors import ClaimsError, DataError
from referrals.escaping import script_json
from referrals.ledger import (
    DEFAULT_CLAIMS,
    LEDGER_COLUMNS,
    judge_all,
    load_claims,
    read_claims,
    reader_comparisons,
    render,
    stream_outputs,
    tabulate,
    write_outputs,
)
from referrals.ledger.synthetic_claims import synthetic_claims, write_synthetic_claims
from referrals.ledger.write import ClaimReviews, Report, _claim_lines, _md, claimreview, report_markdown
from referrals.sources import load_raw

NAMES = ("ledger.csv", "comparisons.csv", "report.md", "claimreview.json")


def test_streamed_outputs_are_the_bytes_written_all_at_once(project):
    data = load_raw()
    rows = load_claims(DEFAULT_CLAIMS, data)
    whole = write_outputs(tabulate(judge_all(rows, data), data), "output/whole", DEFAULT_CLAIMS, data)
    table, streamed = stream_outputs(rows, data, "output/streamed", DEFAULT_CLAIMS, chunk=7)
    assert len(rows) > 2 * 7, "several chunks, the last one short"
    assert [p.name for p in streamed] == [p.name for p in whole] == list(NAMES)
    for a, b in zip(whole, streamed):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert list(table["claim_id"]) == [r.claim_id for r in rows]


def test_comparisons_csv_lists_what_bears_on_the_verdict_and_the_context_it_names(project):
    data = load_raw()
    ledger = tabulate(judge_all(load_claims(DEFAULT_CLAIMS, data), data), data)
    listed = ledger.comparisons
    for entry in ledger.entries:
        mine = listed[listed["claim_id"] == entry.row.claim_id]
        j = entry.judgement
        assert set(mine["figure"]) >= {c.count.id for c in [*j.decisive, *j.flags, *j.bounds, *j.context]}
        context = set(mine.loc[mine["outcome"] == CONTEXT, "figure"])
        assert context <= {c.count.id for c in j.context}, entry.row.claim_id
        made = [c for c in j.comparisons if c.outcome != CONTEXT]
        assert len(mine) == len(made) + len(context) == len(reader_comparisons(j)), entry.row.claim_id
    made = ledger.table["comparisons"].sum()
    assert len(listed) < made / 2, "most comparisons made are context the verdicts do not name"


def test_the_synthetic_claims_are_marked_and_load_as_claims(tmp_path):
    data = load_raw()
    path = write_synthetic_claims(tmp_path / "SYNTHETIC-claims.csv", data, 300)
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert len(rows) == 300 and rows["claim_id"].str.startswith("synthetic-").all()
    for column in ("quote", "outlet", "notes"):
        assert rows[column].str.contains("SYNTHETIC").all(), column
    loaded = load_claims([path], data)
    assert len(loaded) == 300 and len({r.claim.scope.measure for r in loaded}) > 2
    assert len({r.claim.scope.places for r in loaded}) > 20 and len({r.claimed.kind for r in loaded}) == 2
    assert synthetic_claims(data, 50) == synthetic_claims(data, 50) != synthetic_claims(data, 50, seed=1)
    with pytest.raises(ValueError, match="SYNTHETIC"):
        write_synthetic_claims(tmp_path / "claims.csv", data, 10)


@pytest.mark.parametrize("processes", [1, 2])
def test_streamed_outputs_of_synthetic_claims_read_as_they_are_judged_are_the_bytes_written_all_at_once(
    project, processes
):
    """The command line's path (claims read, judged and written a chunk at a time, in this process or two worker
    processes) against the whole-table one, on SYNTHETIC claims whose verdicts include every kind and findings
    grouped by a shared likely origin."""
    data = load_raw()
    path = write_synthetic_claims(project / "output" / "SYNTHETIC-claims.csv", data, 400)
    whole_ledger = tabulate(judge_all(load_claims([path], data), data), data)
    assert {CONTRADICTED, INCONSISTENT, CONFIRMED, NOT_VERIFIABLE} <= set(whole_ledger.table["verdict"])
    whole = write_outputs(whole_ledger, "output/whole", [str(path)], data)
    claims = read_claims([path], data)
    table, streamed = stream_outputs(claims, data, "output/streamed", [str(path)], chunk=64, processes=processes)
    for a, b in zip(whole, streamed, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert "printed the same wrong number" in streamed[2].read_text(encoding="utf-8")
    assert table.equals(whole_ledger.table[list(table.columns)])


def _whole_table_report(table: pd.DataFrame, files: list[str]) -> str:
    """report.md as it was written before it was streamed, from the whole ledger table at once (the reference)."""
    verdicts = list(table["verdict"])
    lines = ["# Fact-check ledger", "", render.counts_sentence(verdicts), ""]
    lines += [
        f"Claims files: {', '.join(_md(f) for f in files)}. Each claim is held against every published figure of "
        "the same measure whose place, crime types and period relate to it (claims/README.md explains how).",
        "",
        "| Verdict | Claims |",
        "|---|---|",
    ]
    lines += [f"| {writing.verdict_word(v)} | {verdicts.count(v)} |" for v in render.READING_ORDER if v in verdicts]
    lines.append("")
    rows = [r._asdict() for r in table.itertuples(index=False)]
    findings = [r for r in rows if r["verdict"] in (CONTRADICTED, INCONSISTENT)]
    grouped = set()
    for group in render.repeated_errors(findings):
        lines += [f"## {_md(group.heading)}", "", f"{_md(group.text)} Likely origin: {_md(group.origin)}", ""]
        for r in group.members:
            lines += _claim_lines(r)
            grouped.add(r["claim_id"])
        lines.append("")
    for verdict in [*render.READING_ORDER, *sorted(set(verdicts) - set(render.READING_ORDER))]:
        group = [r for r in rows if r["verdict"] == verdict and r["claim_id"] not in grouped]
        if not group:
            continue
        more = any(r["verdict"] == verdict for r in rows if r["claim_id"] in grouped)
        lines += [
            f"## {writing.verdict_word(verdict)}: {writing.plural(len(group), 'more claim' if more else 'claim')}"
        ]
        lines.append("")
        for r in group:
            lines += _claim_lines(r)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _ledger_row(i: int, verdict: str, origin: str = "", outlet: str = "", statistics: str = "") -> dict:
    row = dict.fromkeys(LEDGER_COLUMNS, "")
    return row | {
        "claim_id": f"c{i}",
        "outlet": outlet or f"Outlet {i}",
        "url": f"https://example.org/{i}",
        "source_id": f"s{i}",
        "quote": f"quote {i}",
        "claimed": str(100 + i),
        "verdict": verdict,
        "explanation": f"Verdict line {i}.",
        "what_it_counts": "Victims referred" if i % 2 else "",
        "working": f"Working {i}." if i % 3 else "",
        "likely_origin": origin,
        "statistics": statistics,
    }


#: Hand-built ledgers: findings grouped by a shared origin (with ungrouped ones of the same verdict left over), a
#: verdict no reading order lists, a claim ending in spaces (the report ends in one line break), and none at all.
TABLES = {
    "grouped findings and every other verdict": [
        _ledger_row(0, CONTRADICTED, "126 is the Detail's other figure"),
        _ledger_row(1, CONFIRMED),
        _ledger_row(2, CONTRADICTED, "126 is the Detail's other figure"),
        _ledger_row(3, INCONSISTENT, "126 is the Detail's other figure"),
        _ledger_row(4, CONTRADICTED),
        _ledger_row(5, NOT_VERIFIABLE),
        _ledger_row(6, INCONSISTENT, "one outlet's own origin"),
        _ledger_row(7, CONFIRMED),
    ],
    "a verdict of its own, and trailing spaces": [
        _ledger_row(0, "rated by hand"),
        _ledger_row(1, CONTRADICTED, "the same", outlet="A"),
        _ledger_row(2, CONTRADICTED, "the same", outlet="A"),
        _ledger_row(3, NOT_VERIFIABLE, statistics="ends in spaces   "),
    ],
    "only claims that cannot be checked, the last ending in spaces": [
        _ledger_row(0, NOT_VERIFIABLE),
        _ledger_row(1, NOT_VERIFIABLE, statistics="  "),
    ],
    "no claims": [],
}


@pytest.mark.parametrize("name", TABLES)
@pytest.mark.parametrize("chunk", [1, 3, 100])
def test_report_and_claimreview_written_a_chunk_at_a_time_are_the_whole_table_ones(name, chunk):
    table = pd.DataFrame(TABLES[name], columns=LEDGER_COLUMNS)
    data = load_raw()
    report, out = Report(["claims/x.csv"]), io.StringIO()
    reviews_text = io.StringIO()
    reviews = ClaimReviews(reviews_text, data)
    rows = TABLES[name]
    for start in range(0, len(rows), chunk):
        report.add(rows[start : start + chunk])
        reviews.add(rows[start : start + chunk])
    reviews.end()
    report.write(out)
    report.close()
    assert out.getvalue() == _whole_table_report(table, ["claims/x.csv"]) == report_markdown(table, ["claims/x.csv"])
    assert reviews_text.getvalue() == script_json(claimreview(table, data), indent=2) + "\n"
    assert json.loads(reviews_text.getvalue())["@graph"] == claimreview(table, data)["@graph"]


def test_claims_are_read_one_at_a_time_and_every_problem_is_named_once_all_are_read(tmp_path):
    data = load_raw()
    rows = synthetic_claims(data, 5)
    rows[3]["measure"] = "no-such-measure"
    rows[4]["claim_id"] = rows[0]["claim_id"]
    path = tmp_path / "SYNTHETIC-claims.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    claims = read_claims([path], data)
    assert [next(claims).claim_id for _ in range(3)] == [r["claim_id"] for r in rows[:3]], "read as it goes"
    with pytest.raises(ClaimsError) as raised:
        next(claims)
    message = str(raised.value)
    assert message.startswith("2 problems in the claims") and "(row 5)" in message and "(row 6)" in message
    with pytest.raises(ClaimsError) as whole:
        load_claims([path], data)
    assert str(whole.value) == message


@pytest.mark.parametrize(
    "text, message",
    [
        ("a,b\n1,2\n1\n1,2,3\n", "row 3: has 1 fields but the header has 2"),
        (
            "a,b\n1,2,3\n\n1\n",
            "row 2: has 3 fields but the header has 2; a cell with a comma in it needs double quotes",
        ),
        ("a,b\n1\n" + "x" * 200_000 + ",1\n", "row 3: not a readable CSV"),  # a field beyond csv's limit
        ("a,a\n1\n", "row 1: duplicate column name(s) a"),
        ("\n a , b \n\n", "has a header but no data rows"),
        ("\n,\n", "the file is empty"),
    ],
)
def test_a_table_read_a_row_at_a_time_is_refused_whole_before_any_row_with_one_message(tmp_path, text, message):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(f"t.csv, {message}" if message.startswith("row") else message)):
        iter_text_table(path)
    with pytest.raises(DataError, match=re.escape(message)):
        read_text_table(path)


def test_a_table_read_a_row_at_a_time_gives_the_rows_read_whole(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('\n a , b \n1, x \n\n,\n"2\nline", \'=y\n', encoding="utf-8")
    rows, header = iter_text_table(path, restore=True)
    assert header == ["a", "b"]
    assert (
        list(rows)
        == read_text_table(path, restore=True)[0]
        == [(3, {"a": "1", "b": "x"}), (7, {"a": "2\nline", "b": "=y"})]
    )


def test_a_cell_beyond_the_limit_is_refused_whatever_limit_a_library_set(tmp_path, monkeypatch):
    """frictionless raises csv's global field limit when it is imported; what the project refuses must not change
    with what else was imported first."""
    import csv
    import sys

    old = csv.field_size_limit(sys.maxsize)
    try:
        path = tmp_path / "t.csv"
        path.write_text("a,b\n1,2\n" + "x" * 200_000 + ",1\n", encoding="utf-8")
        with pytest.raises(DataError, match=re.escape("t.csv, row 3: not a readable CSV")):
            read_text_table(path)
        assert csv.field_size_limit() == sys.maxsize  # the caller's limit is left as it was
    finally:
        csv.field_size_limit(old)
