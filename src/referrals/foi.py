"""The Home Office FOI release itself, should a reporter obtain it: load, cross-check, report, write.

Loading is `referrals.release` (re-exported here as `load_release`): `.xlsx`, `.ods`,
`.csv` or a PDF letter holding one or more tables (by force, by crime type, by period, or
any cross of them), totals proven by their values, suppressed cells kept suppressed (never
zero), blanks zero only where the totals prove it, names and periods as the Home Office
writes them (see docs/releases.md). This module cross-checks the tables against the
published figures. Tests use SYNTHETIC fixtures only; the default build never reads one.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import writing
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
    """What the release says about itself: SYNTHETIC or not, its title, period, tables and totals."""
    lines = ["  SYNTHETIC: marked so in its file name or title rows; not real data"] if release.synthetic else []
    if release.title:
        lines.append(f"  Title: {release.title[0]}")
    period = f"{writing.period(*release.period)} ({release.period_status})" if release.period else "not stated"
    lines.append(f"  Period: {period}; sheets read: {', '.join(release.sheets) or 'none (the file has no sheets)'}")
    for table in release.tables:
        lines.append(f"  {table.describe()}")
    if release.totals is not None and not release.totals.empty:
        counts = release.totals["status"].value_counts()
        lines.append(
            f"  Its own totals: {len(release.totals)} checked, "
            + ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        )
    lines += [f"  CONFLICT: {c}" for c in release.conflicts]
    return lines


def _figure_names(report: pd.DataFrame) -> dict[str, str]:
    """The published figures of a report named by what they count (the reader never sees their ids)."""
    from .errors import UserError
    from .sources import load_published

    try:
        figures = load_published().figures.set_index("figure_id")
    except (OSError, UserError):  # no processed data to name them from: the verdict lines still print
        return {}
    return {
        i: writing.figure_label(str(figures.loc[i, "description"]), writing.part_name(figures.loc[i]))
        for i in report["figure_id"]
        if i in figures.index
    }


def format_report(release: Release, report: pd.DataFrame) -> str:
    unknown = int(release.tidy["suppressed"].sum())
    lines = [
        f"FOI release {clean(str(release.path))}: {len(release.tables)} table{'s' if len(release.tables) > 1 else ''}, "
        f"{len(release.tidy)} cells, {unknown} unknown (suppressed, or blank and not proven zero)"
    ]
    lines += _about(release)
    lines += [f"  Note: {n}" for n in release.notes]
    if report.empty:
        lines.append("No published figure could be compared with this release.")
        return "\n".join(lines)
    flagged = disagreements(report)
    compared = report[report["verdict"] != crosscheck.NOT_COVERED]
    lines.append(
        f"Cross-check against {len(compared)} published figures: {len(flagged)} of the same request's figures "
        f"disagree; {len(report) - len(compared)} not covered by the release"
    )
    names = _figure_names(report)
    for r in report.itertuples(index=False):
        lines.append(
            f"  {r.verdict.upper()}: {names.get(r.figure_id, 'a published figure')} "
            f"({writing.outlet(r.source)}, {r.relation}): published {r.published}; release {r.release or 'not covered'}"
        )
        if r.verdict in crosscheck.FLAGS or r.verdict == crosscheck.NOT_COVERED:
            lines.append(f"      {r.explanation}")
    return "\n".join(lines)
