"""The Home Office FOI release itself, should a reporter obtain it: load, cross-check, report, write.

Loading is `referrals.release` (re-exported here as `load_release`): `.xlsx`, `.ods`,
`.csv` or a PDF letter, title and note rows, Total rows and columns, suppressed cells
kept suppressed (never zero), force names in varied spellings, pivot exports, several
sheets, months across the columns. This module cross-checks the tidy table against the
published figures. Tests use SYNTHETIC fixtures only; the default build never reads one.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .csvfiles import frame_csv_bytes
from .release import SUPPRESSED, TIDY_COLUMNS, Release, crosscheck, load_release
from .release.evidence import DEFAULT_DATASET, ReleaseData
from .release.text import clean
from .scope import universe
from .sources import RawData
from .staging import write_file

__all__ = ["SUPPRESSED", "TIDY_COLUMNS", "Release", "cross_check", "disagreements", "format_report", "load_release"]


def release_data(release: Release, published: RawData | None = None, dataset: str = DEFAULT_DATASET) -> ReleaseData:
    from .sources import load_raw

    raw = published or load_raw()
    return ReleaseData(release, universe(raw.directory), dataset)


def cross_check(release: Release, published: RawData | None = None, dataset: str = DEFAULT_DATASET) -> pd.DataFrame:
    """Every published figure the release speaks to, held against it the way the ledger holds a claim
    (see release.crosscheck): figure, source, relation to the release's request, values, verdict, why."""
    from .sources import load_raw

    raw = published or load_raw()
    return crosscheck.cross_check(release_data(release, raw, dataset), raw)


def disagreements(report: pd.DataFrame) -> pd.DataFrame:
    """The figures of the same request's original reporting the release contradicts (exit 1 for load-foi)."""
    return crosscheck.disagreements(report)


def write_tidy(release: Release, path: Path) -> None:
    write_file(Path(path), frame_csv_bytes(release.tidy))


def _about(release: Release) -> list[str]:
    """What the release says about itself: SYNTHETIC or not, its title, period, sheets and Totals."""
    lines = ["  SYNTHETIC: marked so in its file name or title rows; not real data"] if release.synthetic else []
    if release.title:
        lines.append(f"  title: {release.title[0]}")
    period = f"{release.period[0]} to {release.period[1]}" if release.period else "not stated"
    lines.append(f"  period: {period}; sheets read: {', '.join(release.sheets) or '(the file has no sheets)'}")
    if release.totals is not None and not release.totals.empty:
        counts = release.totals["status"].value_counts()
        lines.append(
            f"  its own Totals: {len(release.totals)} checked, "
            + ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        )
    return lines


def format_report(release: Release, report: pd.DataFrame) -> str:
    suppressed = int(release.tidy["suppressed"].sum())
    lines = [f"FOI release {clean(str(release.path))}: {len(release.tidy)} cells, {suppressed} suppressed"]
    lines += _about(release)
    lines += [f"  note {n}" for n in release.notes]
    if report.empty:
        lines.append("No published figure could be compared with this release.")
        return "\n".join(lines)
    flagged = disagreements(report)
    lines.append(
        f"Cross-check against {len(report)} published figures: {len(flagged)} of the same request's figures disagree"
    )
    for r in report.itertuples(index=False):
        lines.append(
            f"  {r.verdict.upper()}: {r.figure_id} ({r.source}; {r.relation}): published {r.published}; "
            f"release {r.release}"
        )
        if r.verdict in crosscheck.FLAGS:
            lines.append(f"      {r.explanation}")
    return "\n".join(lines)
