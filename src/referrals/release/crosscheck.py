"""The cross-check: every published figure held against a release, the way the ledger holds a claim.

Each published figure with a number becomes a claim (its scope, its qualifier: 'more than
2000' stays a bound) and is compared with the aggregate of each table of the release that
covers its scope, period by period where the table has periods; a figure for a shorter
period than a table's is held to the bound that follows, never to equality. A figure whose
place, crime types or period the release does not cover is "not covered", never held
against a zero. Figures from another request
(the New Statesman's, JCWI's FOI) are context, and reprints of a figure are weighed as
reprints: only a figure the same request's original reporting published can make the
release disagree (and `load-foi` exit 1).
"""

from __future__ import annotations

import pandas as pd

from .. import compare, writing
from ..counts import published as published_counts
from ..escaping import md_code, md_text
from ..sources import RawData
from ..wording import Claimed
from .evidence import FORCES, MEASURE, ReleaseData

SAME_REQUEST = "same request"
RESTATEMENT = "restatement of the same request"
OTHER_REQUEST = "another request"
FLAGS = (compare.CONTRADICTED, compare.INCONSISTENT)
NOT_COVERED = "not covered"
COLUMNS = [
    "figure_id",
    "source",
    "relation",
    "published",
    "period",
    "release",
    "verdict",
    "explanation",
]


def _claim(count) -> compare.Claim:
    kind = "count" if count.of is None else "share"
    claimed = Claimed(count.shown(), kind, count.low, count.high, count.value, count.meaning)
    return compare.Claim(
        count.id, count.scope, claimed, count.source_id, count.outlet, count.dataset, count.story, of=count.of
    )


def _relation(count, release: ReleaseData) -> str:
    if count.dataset != release.dataset:
        return OTHER_REQUEST
    return SAME_REQUEST if count.role == "original" else RESTATEMENT


def cross_check(release: ReleaseData, data: RawData) -> pd.DataFrame:
    """One row per published figure the release speaks to: the figure as published, the release's value, the
    verdict and why."""
    evidence = release.evidence()
    rows = []
    for count in published_counts(data).counts:
        claim = _claim(count)
        found = compare.comparisons(claim, evidence)
        if not found:
            why = release.coverage(count.scope)
            if why and count.scope.measure in (MEASURE, FORCES) and count.value is not None:
                rows.append(
                    {
                        "figure_id": count.id,
                        "source": count.outlet,
                        "relation": _relation(count, release),
                        "published": count.shown(),
                        "period": count.scope.period.label(),
                        "release": "",
                        "verdict": NOT_COVERED,
                        "explanation": writing.sentence(f"The release does not cover it: {why}"),
                    }
                )
            continue
        judgement = compare.judge(claim, found)
        values = "; ".join(dict.fromkeys(c.count.shown() for c in (judgement.decisive or found)))
        rows.append(
            {
                "figure_id": count.id,
                "source": count.outlet,
                "relation": _relation(count, release),
                "published": count.shown(),
                "period": count.scope.period.label(),
                "release": values,
                "verdict": judgement.verdict,
                "explanation": _explain(judgement, claim, release),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _explain(judgement: compare.Judgement, claim: compare.Claim, release: ReleaseData) -> str:
    """Why, in the ledger's words (one writing path for every verdict sentence: `ledger.render`)."""
    from ..ledger import render

    said = render.Said(writing.definite(writing.outlet(claim.outlet)), claim.claimed.text, claim.claimed, claim.scope)
    return render.explain(judgement, said, release.universe).reason


def disagreements(table: pd.DataFrame) -> pd.DataFrame:
    """The figures of the same request's original reporting that the release contradicts."""
    return table[(table["relation"] == SAME_REQUEST) & table["verdict"].isin(FLAGS)].reset_index(drop=True)


def report_markdown(table: pd.DataFrame, release: ReleaseData) -> str:
    """The cross-check for a reader: what was compared, what disagrees, and the rest by relation."""
    r = release.release
    flagged = disagreements(table)
    compared = table[table["verdict"] != NOT_COVERED]
    lines = [
        f"# Cross-check: {md_text(release.label)}",
        "",
        f"Period: {md_text(release.period.label())} ({md_text(r.period_status)}). {len(r.tidy)} cells, "
        f"{int(r.tidy['suppressed'].sum())} unknown (suppressed, or blank and not proven zero).",
        f"Tables: {md_text('; '.join(t.describe() for t in r.tables))}.",
        f"{len(compared)} published figures compared; {len(flagged)} of the same request's figures disagree with it; "
        f"{len(table) - len(compared)} not covered by the release.",
        "",
    ]
    if r.conflicts:
        lines += ["## Where the release's tables disagree with each other", ""]
        lines += [f"- {md_text(c)}" for c in r.conflicts] + [""]
    for relation in (SAME_REQUEST, RESTATEMENT, OTHER_REQUEST):
        group = table[table["relation"] == relation]
        if group.empty:
            continue
        lines += [
            f"## Figures from the {relation} ({len(group)})",
            "",
            "| figure | published | release | verdict | why |",
            "|---|---|---|---|---|",
        ]
        for row in group.itertuples(index=False):
            cells = [f"{md_code(row.figure_id, in_table=True)} ({md_text(row.source)})"]
            cells += [md_text(c) for c in (row.published, row.release, row.verdict, row.explanation)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    if r.notes:
        lines += ["## What the loader noticed", ""] + [f"- {md_text(n)}" for n in r.notes] + [""]
    return "\n".join(lines)
