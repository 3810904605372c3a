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

from . import vocab
from .io import atomic_write_bytes, frame_csv_bytes
from .release import SUPPRESSED, TIDY_COLUMNS, Release, load_release
from .release.text import clean
from .sources import RawData

__all__ = ["SUPPRESSED", "TIDY_COLUMNS", "Release", "cross_check", "disagreements", "format_report", "load_release"]


def _sum_range(frame: pd.DataFrame) -> tuple[float, float | None]:
    """(lowest, highest) possible sum: suppressed cells add 0 to their marker's limit (None: unbounded)."""
    low = float(frame["value"].fillna(0).sum())
    high: float | None = low
    for marker in frame.loc[frame["suppressed"], "marker"]:
        limit = SUPPRESSED.get(str(marker).lower())
        high = None if limit is None or high is None else high + limit
    return low, high


def cross_check(release: Release, published: RawData | None = None) -> pd.DataFrame:
    """Every published figure the release can speak to, with the release's value and the verdict."""
    from .sources import load_raw

    raw = published or load_raw()
    t = release.tidy
    has_months = bool((t["month"] != "").any())
    rows = []
    candidates = raw.figures[(raw.figures["measure"] == "victims_referred") & raw.figures["value"].notna()]
    for _, f in candidates.iterrows():
        subset = t
        if f["geography"] != "uk":
            if (
                f["geography"] not in set(t["force"])
                and f["geography"] not in vocab.forces()
                and f["geography"] != "not-recorded"
            ):
                continue
            subset = subset[subset["force"] == f["geography"]]
        if f["crime_type"] not in ("all",):
            if f["crime_type"] not in set(vocab.foi_crime_types()):
                continue
            subset = subset[subset["crime_type"] == f["crime_type"]]
        note = ""
        if has_months and "unknown" not in (f["period_start"], f["period_end"]):
            subset = subset[(subset["month"] >= f["period_start"]) & (subset["month"] <= f["period_end"])]
        elif not has_months:
            note = "release has no months: assumed to cover the published period"
        else:
            note = "published period not stated: compared with the whole release"
        if subset.empty:
            continue
        low, high = _sum_range(subset)
        published_value = float(f["value"])
        if high is not None and low == high:
            status = "agrees" if low == published_value else "disagrees"
            shown = f"{low:g}"
        elif low <= published_value and (high is None or published_value <= high):
            status = "consistent within suppression"
            shown = f"{low:g} to {'?' if high is None else f'{high:g}'}"
        else:
            status = "disagrees"
            shown = f"{low:g} to {'?' if high is None else f'{high:g}'}"
        if f["qualifier"] in ("at least",) and status == "disagrees" and low >= published_value:
            status = "agrees"
        rows.append(
            {
                "figure_id": f["figure_id"],
                "published": published_value,
                "qualifier": f["qualifier"],
                "release": shown,
                "status": status,
                "note": note,
            }
        )
    return pd.DataFrame(rows, columns=["figure_id", "published", "qualifier", "release", "status", "note"])


def disagreements(report: pd.DataFrame) -> pd.DataFrame:
    return report[report["status"] == "disagrees"].reset_index(drop=True)


def write_tidy(release: Release, path: Path) -> None:
    atomic_write_bytes(Path(path), frame_csv_bytes(release.tidy))


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
    counts = report["status"].value_counts().to_dict()
    lines.append(
        "Cross-check against the published figures: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
    )
    for r in report.itertuples(index=False):
        lines.append(
            f"  {r.status:30s} {r.figure_id:40s} published {r.qualifier} {r.published:g}; release {r.release}"
            + (f" ({r.note})" if r.note else "")
        )
    return "\n".join(lines)
