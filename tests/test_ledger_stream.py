"""The ledger at scale: outputs streamed a chunk of claims at a time are the bytes written all at once;
comparisons.csv lists what a reader needs; the SYNTHETIC claims generator that `make bench` measures with."""

from __future__ import annotations

import pandas as pd
import pytest

from referrals.compare import CONTEXT
from referrals.ledger import (
    DEFAULT_CLAIMS,
    judge_all,
    load_claims,
    reader_comparisons,
    stream_outputs,
    tabulate,
    write_outputs,
)
from referrals.ledger.synthetic_claims import synthetic_claims, write_synthetic_claims
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
