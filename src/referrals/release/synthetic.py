"""A SYNTHETIC demonstration release: a workbook shaped like a Home Office FOI release.

The real release is not public here. This one shows the loader (and a reporter)
what such a release looks like, and is marked SYNTHETIC in its name, its title rows
and a note. Its totals are the published figures, read from data/raw/figures.csv by
figure id: the UK total, the nine crime types, the five itemised forces and no force
recorded, Police Scotland's four itemised crime types (The Ferret's) and the PSNI's
(as minimums: The Detail's PSNI article covers a shorter period). Everything else is
an invented split, seeded, so that every run writes the same bytes. Only cells whose
true value is small (1 to 4) are suppressed, and the Total rows and columns show the
true totals, as statistical releases do. The default build never reads it.
"""

from __future__ import annotations

import datetime as _dt
import io
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import vocab
from ..errors import DataError
from ..months import months_in
from ..sources import load_raw
from ..staging import write_file
from . import synthetic_sheets

SEED = 2672
FIXED_DATE = _dt.datetime(2000, 1, 1)  # the workbook's created/modified dates: same bytes on every run
MONTH_LAYOUTS = ("columns", "rows")


@dataclass
class Targets:
    """The published figures the synthetic release must reproduce, by canonical id."""

    total: int
    months: list[str]
    crime_types: dict[str, int]
    forces: dict[str, int]  # the itemised forces and 'not-recorded'
    exact: dict[tuple[str, str], int]  # (force, crime type) cells given exactly
    minimum: dict[tuple[str, str], int]  # cells given for a shorter period: at least this many


def published_targets() -> Targets:
    """The targets, from data/raw/figures.csv by figure id (verified and validated first)."""
    figures = load_raw().figures.set_index("figure_id")
    total = figures.loc["detail_total"]
    months = months_in(total["period_start"], total["period_end"])
    cells_exact, cells_minimum = {}, {}
    for fid, f in figures.iterrows():
        if fid.startswith(("ferret_scotland_", "psni_ct_")) and f["crime_type"] in vocab.foi_crime_types():
            shorter = f["period_end"] not in ("unknown", total["period_end"])
            (cells_minimum if shorter else cells_exact)[(f["geography"], f["crime_type"])] = int(f["value"])
    crime_types = {ct: int(figures.loc[f"detail_ct_{ct.replace('-', '_')}", "value"]) for ct in vocab.foi_crime_types()}
    return Targets(
        total=int(total["value"]),
        months=months,
        crime_types=crime_types,
        forces={f["geography"]: int(f["value"]) for fid, f in figures.iterrows() if fid.startswith("detail_force_")},
        exact=cells_exact,
        minimum=cells_minimum,
    )


def territorial_forces() -> list[str]:
    """The 45 forces that refer victims: British Transport Police (non-territorial) is not in the release."""
    forces = vocab.forces()
    return [f for f in forces.ids() if forces.attributes[f]["kind"] == "territorial"]


def synthetic_counts(months: bool = False, seed: int = SEED, targets: Targets | None = None) -> pd.DataFrame:
    """The SYNTHETIC table behind the workbook: force, force_as_given, crime_type, month ('' or YYYY-MM), value
    (made to the published targets, read from data/raw/ unless given)."""
    targets = targets or published_targets()
    rng = random.Random(seed)
    totals = _force_totals(targets, rng)
    cells = _deal(targets, totals, rng)
    names = _names(list(totals), rng)
    rows = [(f, names[f], ct, "", n) for f in totals for ct in targets.crime_types if (n := cells[f, ct])]
    frame = pd.DataFrame(rows, columns=["force", "force_as_given", "crime_type", "month", "value"])
    return _by_month(frame, targets.months, rng) if months else frame


def _force_totals(targets: Targets, rng: random.Random) -> dict[str, int]:
    """The itemised forces' published totals; the other forces share the remainder (each at least 1 and at
    least its published minimum cells)."""
    others = [f for f in territorial_forces() if f not in targets.forces]
    floor = {f: max(1, sum(v for (g, _), v in targets.minimum.items() if g == f)) for f in others}
    remainder = targets.total - sum(targets.forces.values())
    spare = remainder - sum(floor.values())
    if spare < 0:
        raise DataError(f"figures.csv: the other forces' remainder ({remainder}) is below their minimums")
    weights = [rng.uniform(0.2, 3.0) for _ in others]
    for force in rng.choices(others, weights=weights, k=spare):
        floor[force] += 1
    order = [f for f in territorial_forces() if f in targets.forces or f in floor]
    totals = {f: targets.forces.get(f, floor.get(f, 0)) for f in order}
    return totals | {"not-recorded": targets.forces["not-recorded"]}


def _deal(targets: Targets, totals: dict[str, int], rng: random.Random) -> dict[tuple[str, str], int]:
    """Split each force's total across the crime types so that every crime type's total is the published one.

    The fixed cells come first; a force with exact cells takes the rest of its total from its other crime
    types only; then the remaining victims, one token per victim, are shuffled and dealt to the forces.
    """
    cells = {(f, ct): 0 for f in totals for ct in targets.crime_types}
    cells |= targets.exact | targets.minimum
    need = {f: totals[f] - sum(v for (g, _), v in cells.items() if g == f) for f in totals}
    pool = [ct for ct, n in targets.crime_types.items() for _ in range(n - _column(cells, ct))]
    rng.shuffle(pool)
    for force in sorted({f for f, _ in targets.exact}):
        fixed = {ct for f, ct in targets.exact if f == force}
        taken = [i for i, ct in enumerate(pool) if ct not in fixed][: need[force]]
        if len(taken) < need[force]:
            raise DataError(f"figures.csv: {force}'s total cannot be made up from its other crime types")
        for i in reversed(taken):
            cells[force, pool.pop(i)] += 1
        need[force] = 0
    for force in totals:
        for ct in pool[: need[force]]:
            cells[force, ct] += 1
        del pool[: need[force]]
    return cells


def _column(cells: dict[tuple[str, str], int], crime_type: str) -> int:
    return sum(v for (_, ct), v in cells.items() if ct == crime_type)


def _names(forces: list[str], rng: random.Random) -> dict[str, str]:
    """Each force as a release might spell it: its name or one of its aliases ('Met', 'Avon & Somerset')."""
    geos = vocab.geographies()
    out = {}
    for force in forces:
        attrs = geos.attributes[force]
        aliases = [a for a in attrs.get("aliases", "").split("|") if a]
        out[force] = rng.choice([geos.names[force], *aliases])
    return out


def _by_month(frame: pd.DataFrame, months: list[str], rng: random.Random) -> pd.DataFrame:
    """Each cell's victims spread over the months at random (seeded); months with none are left out."""
    rows = []
    for r in frame.itertuples(index=False):
        counts = dict.fromkeys(months, 0)
        for month in rng.choices(months, k=int(r.value)):
            counts[month] += 1
        rows += [(r.force, r.force_as_given, r.crime_type, m, n) for m, n in counts.items() if n]
    return pd.DataFrame(rows, columns=frame.columns)


def synthetic_workbook(months: str | None = None, seed: int = SEED) -> bytes:
    """The SYNTHETIC release as .xlsx bytes: months None, 'columns' or 'rows'. Same bytes for the same arguments."""
    if months not in (None, *MONTH_LAYOUTS):
        raise DataError(f"months must be one of {', '.join(MONTH_LAYOUTS)} (or left out), not {months!r}")
    targets = published_targets()
    counts = synthetic_counts(months=bool(months), seed=seed, targets=targets)
    book = synthetic_sheets.workbook(counts, targets, months, random.Random(seed + 1), seed)
    return _deterministic_xlsx(book)


def write_synthetic_release(path: Path | str, months: str | None = None, seed: int = SEED) -> Path:
    """Write the SYNTHETIC workbook (the caller has checked the path: see release.output.output_path)."""
    path = Path(path)
    write_file(path, synthetic_workbook(months, seed))
    return path


def _deterministic_xlsx(book) -> bytes:
    """openpyxl stamps the save time into the workbook and its zip entries: fix both."""
    from openpyxl.writer.excel import ExcelWriter

    book.properties.created = book.properties.modified = FIXED_DATE
    raw = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    source, out = zipfile.ZipFile(io.BytesIO(raw.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            archive.writestr(entry, source.read(info.filename))
    return out.getvalue()
