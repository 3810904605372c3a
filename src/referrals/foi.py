"""Loader for the Home Office FOI release itself, should a reporter obtain it.

The spreadsheet is not public here, so this is built for what such releases
usually look like: `.xlsx`, `.ods` or `.csv`; title and note rows above the
header; `Total` rows and columns; suppressed cells (`*`, `<5`, `-`, `[x]`,
`[c]`); force names in varied spellings; a force-by-crime-type table, wide or
long, optionally by month. It produces one tidy shape, keeps suppressed cells
suppressed (never zero) and cross-checks the release against the published
figures. Tests use small SYNTHETIC fixtures only; the default build never reads one.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import vocab
from .errors import DataError
from .io import atomic_write_bytes, frame_csv_bytes
from .months import parse_month
from .sources import RawData

#: Markers statistical releases use for suppressed or unavailable cells, and the
#: largest value each can hide (None: unknown size).
SUPPRESSED = {
    "*": None,
    "<5": 4,
    "< 5": 4,
    "-": None,
    "[x]": None,
    "[c]": None,
    "[z]": None,
    "..": None,
    "~": None,
    "n/a": None,
}
TOTAL_LABELS = {"total", "grand total", "all forces", "all", "uk total", "total uk", "totals"}
FORCE_HEADERS = {"force", "police force", "referring force", "force name", "pfa", "police force area"}
CRIME_HEADERS = {"crime type", "crime", "offence type", "type of crime", "offence", "crime category"}
COUNT_HEADERS = {"count", "number", "victims", "referrals", "number of victims", "number of referrals", "value"}
MONTH_HEADERS = {"month", "period", "date", "month of referral"}
TIDY_COLUMNS = [
    "force",
    "force_as_given",
    "crime_type",
    "crime_type_as_given",
    "month",
    "value",
    "suppressed",
    "marker",
    "source_row",
]


@dataclass
class Release:
    path: Path
    tidy: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def _read_grid(path: Path) -> list[pd.DataFrame]:
    suffix = path.suffix.lower()
    if not path.exists():
        raise DataError(f"{path}: file not found")
    if path.stat().st_size == 0:
        raise DataError(f"{path}: the file is empty")
    try:
        if suffix == ".csv":
            data = path.read_bytes()
            if b"\x00" in data:
                raise DataError(f"{path}: contains NUL bytes; is it UTF-16 or binary? Save it as UTF-8 CSV")
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("cp1252")  # Windows exports; every byte decodes, names are then checked
            import csv
            import io

            rows = list(csv.reader(io.StringIO(text)))
            width = max((len(r) for r in rows), default=0)
            return [pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)]
        if suffix in (".xlsx", ".xlsm", ".ods"):
            engine = "odf" if suffix == ".ods" else "openpyxl"
            sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine=engine)
            return list(sheets.values())
    except DataError:
        raise
    except Exception as exc:  # a corrupt or mislabelled spreadsheet: say so, no traceback
        raise DataError(f"{path}: cannot be read as {suffix} ({type(exc).__name__}: {exc})") from None
    raise DataError(f"{path}: unsupported file type {suffix!r}; expected .xlsx, .ods or .csv")


def _text(cell) -> str:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return ""
    if isinstance(cell, (_dt.datetime, _dt.date, pd.Timestamp)):
        return f"{cell.year:04d}-{cell.month:02d}"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9<>\[\]* ]+", " ", text.lower())).strip()


def _find_header(grid: pd.DataFrame) -> int | None:
    for i in range(min(len(grid), 40)):
        cells = [_norm(_text(c)) for c in grid.iloc[i]]
        if any(c in FORCE_HEADERS for c in cells):
            return i
    return None


def _month(text: str, where: str) -> str:
    month = parse_month(text, lenient=True)
    if month is None:
        raise DataError(f"{where}: {text!r} is not a month (expected e.g. 2021-03 or March 2021)")
    return month


def _count(text: str, where: str) -> tuple[float | None, bool, str]:
    """(value, suppressed, marker) for one cell."""
    t = text.strip()
    if t.lower() in SUPPRESSED:
        return None, True, t
    if t == "":
        return None, True, "(blank)"
    cleaned = t.replace(",", "")
    if re.fullmatch(r"\d+(\.0+)?", cleaned):
        return float(int(float(cleaned))), False, ""
    if re.fullmatch(r"-\d+(\.\d+)?", cleaned):
        raise DataError(f"{where}: value {t!r} is negative; a count of victims cannot be")
    if re.fullmatch(r"\d*\.\d+", cleaned):
        raise DataError(f"{where}: value {t!r} is fractional; a count of victims must be whole")
    raise DataError(
        f"{where}: value {t!r} is neither a count nor a known suppression marker "
        f"({', '.join(k for k in SUPPRESSED if k.strip())})"
    )


def load_release(path: Path | str) -> Release:  # noqa: C901 (broken up by the rewrite in progress)
    path = Path(path)
    geos = vocab.geographies()
    cts = vocab.crime_types()
    grids = _read_grid(path)
    for sheet_number, grid in enumerate(grids, start=1):  # noqa: B007 (used after the loop)
        header_row = _find_header(grid)
        if header_row is not None:
            break
    else:
        raise DataError(
            f"{path}: no header row with a force column found (looked for one of: {', '.join(sorted(FORCE_HEADERS))})"
        )
    sheet = f"{path}" + (f", sheet {sheet_number}" if len(grids) > 1 else "")
    header = [_text(c) for c in grid.iloc[header_row]]
    norm = [_norm(h) for h in header]
    force_col = next(i for i, h in enumerate(norm) if h in FORCE_HEADERS)
    month_col = next((i for i, h in enumerate(norm) if h in MONTH_HEADERS), None)
    crime_col = next((i for i, h in enumerate(norm) if h in CRIME_HEADERS), None)
    count_col = next((i for i, h in enumerate(norm) if h in COUNT_HEADERS), None)
    long_layout = crime_col is not None and count_col is not None
    type_cols: dict[int, str] = {}
    total_col = None
    if not long_layout:
        for i, h in enumerate(header):
            if i in (force_col, month_col) or not h:
                continue
            if _norm(h) in TOTAL_LABELS:
                total_col = i
                continue
            type_cols[i] = cts.resolve(h, f"{sheet}, row {header_row + 1}, column {i + 1} (header)")
        if not type_cols:
            raise DataError(f"{sheet}, row {header_row + 1}: no crime-type columns in the header {header}")
    records, notes = [], []
    for r in range(header_row + 1, len(grid)):
        cells = [_text(c) for c in grid.iloc[r]]
        line = r + 1
        force_text = cells[force_col] if force_col < len(cells) else ""
        others = [c for i, c in enumerate(cells) if i != force_col and c]
        if not force_text and not others:
            continue
        if force_text and not others:
            notes.append(f"row {line}: {force_text[:80]}")  # a note or footnote row
            continue
        if _norm(force_text) in TOTAL_LABELS or (not force_text and others):
            continue  # a Total row: recomputed from the data, never trusted as data
        force = geos.resolve(force_text, f"{sheet}, row {line}, column {force_col + 1}")
        if force not in vocab.forces() and force != "not-recorded":
            raise DataError(
                f"{sheet}, row {line}, column {force_col + 1}: {force_text!r} is a "
                f"{geos.attributes[force].get('kind', 'geography')}, not a force"
            )
        month = (
            _month(cells[month_col], f"{sheet}, row {line}, column {month_col + 1}") if month_col is not None else ""
        )
        if long_layout:
            ct = cts.resolve(cells[crime_col], f"{sheet}, row {line}, column {crime_col + 1}")
            value, suppressed, marker = _count(cells[count_col], f"{sheet}, row {line}, column {count_col + 1}")
            records.append([force, force_text, ct, cells[crime_col], month, value, suppressed, marker, line])
            continue
        row_sum, row_suppressed = 0.0, False
        for i, ct in type_cols.items():
            value, suppressed, marker = _count(
                cells[i] if i < len(cells) else "", f"{sheet}, row {line}, column {i + 1} ({header[i]})"
            )
            records.append([force, force_text, ct, header[i], month, value, suppressed, marker, line])
            row_sum += value or 0
            row_suppressed |= suppressed
        if total_col is not None:
            stated, sup, _ = _count(cells[total_col], f"{sheet}, row {line}, column {total_col + 1} (Total)")
            if stated is not None and (
                (not row_suppressed and stated != row_sum) or (row_suppressed and row_sum > stated)
            ):
                notes.append(f"row {line}: the Total column says {stated:g} but the row's cells sum to {row_sum:g}")
    if not records:
        raise DataError(f"{sheet}: a header but no data rows")
    tidy = pd.DataFrame(records, columns=TIDY_COLUMNS)
    dup = tidy.duplicated(["force", "crime_type", "month"], keep=False)
    if dup.any():
        first = tidy[dup].iloc[0]
        raise DataError(
            f"{sheet}, row {first['source_row']}: {first['force_as_given']!r} / {first['crime_type']} / "
            f"{first['month'] or 'no month'} appears more than once"
        )
    tidy = tidy.sort_values(["force", "crime_type", "month"], kind="mergesort").reset_index(drop=True)
    return Release(path=path, tidy=tidy, notes=notes)


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


def format_report(release: Release, report: pd.DataFrame) -> str:
    lines = [
        f"FOI release {release.path}: {len(release.tidy)} cells, {int(release.tidy['suppressed'].sum())} suppressed"
    ]
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
