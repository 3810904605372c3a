"""The ledger's decisions, pinned: rewriting its words never changes a verdict.

For the project's claims, the test claim corpora (claims/README.md's example, the rule faults and the new outlet of
test_claims.py) and a SYNTHETIC release (the ledger's claims held against it, and the cross-check of every published
figure), the snapshot in tests/fixtures/verdict-decisions.csv records what judging decided: the verdict, the ids of
the figures that decided it, whether a likely origin was found, and each comparison's figure, relation and outcome.
The snapshot was taken on main before the ledger's sentences were rewritten (issue 18) and is compared with what
judging decides now: only the words may change.

Regenerate it (only when a verdict changes on purpose, and say so in the commit):
    .venv/bin/python tests/test_verdict_decisions.py --write
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import REVIEWED_RAW_DATA, ROOT  # noqa: E402

SNAPSHOT = ROOT / "tests" / "fixtures" / "verdict-decisions.csv"
COLUMNS = ["corpus", "id", "verdict", "figures", "origin", "comparisons"]


def _corpora(tmp: Path) -> dict[str, list[Path]]:
    """Each corpus of claims files, written out where they live in the tests."""
    import test_claims

    readme = test_claims._readme_example(tmp)
    faults = [
        test_claims.write_claims(tmp, [row], f"fault-{i}.csv") for i, (row, _, _) in enumerate(test_claims.FAULTS)
    ]
    return {
        "project": [ROOT / "claims" / "published-claims.csv", ROOT / "claims" / "follow-up-reporting.csv"],
        "readme": [readme],
        "faults": faults,
    }


def _entry_rows(corpus: str, entries) -> list[dict]:
    rows = []
    for e in entries:
        found = e.judgement.comparisons
        rows.append(
            {
                "corpus": corpus,
                "id": e.row.claim_id,
                "verdict": e.judgement.verdict,
                "figures": " ".join(e.figures),
                "origin": "yes" if e.origin else "",
                "comparisons": " | ".join(f"{c.count.id} {c.relation} {c.outcome}" for c in found),
            }
        )
    return rows


def decisions(tmp: Path) -> list[dict]:
    """What judging decides for every corpus, one row per claim (or, for the cross-check, per figure)."""
    from release_fixture import write_release

    from referrals import foi
    from referrals.ledger import judge_all, load_claims
    from referrals.sources import load_raw

    data = load_raw(REVIEWED_RAW_DATA)
    rows = []
    for corpus, paths in _corpora(tmp).items():
        rows += _entry_rows(corpus, judge_all(load_claims(paths, data), data))
    rows += _entry_rows("new-outlet", judge_all(load_claims([_new_outlet(tmp)], data), data))
    release = foi.load_release(write_release(ROOT, tmp / "SYNTHETIC-west-midlands.xlsx", change="west-midlands"))
    evidence = foi.release_data(release, data)
    project = _corpora(tmp)["project"]
    rows += _entry_rows("project-with-release", judge_all(load_claims(project, data), data, evidence))
    table = foi.cross_check(release, data)
    for r in table.itertuples(index=False):
        rows.append(
            {"corpus": "cross-check", "id": r.figure_id, "verdict": r.verdict, "figures": "", "origin": ""}
            | {"comparisons": r.relation}
        )
    return rows


def _new_outlet(tmp: Path) -> Path:
    """test_claims' new outlet, with names and aliases, in its own column order."""
    import test_claims

    rows = [
        ("o-trafficking", "618", "referrals", "United Kingdom", "trafficking", "2020-05", "2022-09"),
        ("o-psni", "more than 30", "Victims referred", "PSNI", "all crimes", "2020-05", "2022-05"),
        ("o-calls", "34,093", "calls", "psni", "all", "2020-05", "2023-02"),
        ("o-half", "about 1,300", "victims referred", "uk", "modern slavery+domestic abuse", "2020", "2022"),
    ]
    keys = ("claim_id", "claimed", "measure", "geography", "crime_type", "period_start", "period_end")
    return test_claims.write_claims(tmp, [dict(zip(keys, r)) for r in rows], "new-outlet.csv")


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.slow
def test_the_verdicts_are_the_ones_decided_before_the_words_changed(tmp_path):
    now = decisions(tmp_path)
    before = _read(SNAPSHOT)
    assert len(now) == len(before) > 80
    changed = [
        f"{b['corpus']} {b['id']}, {k}: {b[k]!r} -> {n.get(k)!r}"
        for b, n in zip(before, now)
        for k in COLUMNS
        if b[k] != n.get(k)
    ]
    assert changed == []


if __name__ == "__main__":
    import tempfile

    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory() as tmp:
        rows = decisions(Path(tmp))
    _write(SNAPSHOT, rows)
    print(f"wrote {len(rows)} rows to {SNAPSHOT.relative_to(ROOT)}")
