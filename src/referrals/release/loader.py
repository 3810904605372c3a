"""load_release: a release file (.xlsx, .ods, .csv, or a PDF letter) into one tidy table.

Each step is its own function: read the grids (grids.py, xlsx.py, pdf.py), find each
sheet's layout (layout.py), read its rows (rows.py), combine the sheets, refuse a cell
given twice, check the Totals (totals.py) and read what the release says about
itself (meta.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import vocab
from ..errors import DataError
from . import meta
from .grids import Grid, read_grids, row_ranges
from .layout import Layout, find_layout
from .model import TIDY_COLUMNS, Release
from .rows import RowReader, try_resolve
from .text import FORCE_HEADERS, clean
from .totals import check_totals

_KEYS = ["force", "crime_type", "month"]


@dataclass
class SheetRead:
    grid: Grid
    layout: Layout
    title: list[str]
    reader: RowReader


def load_release(path: Path | str) -> Release:
    """The release as one tidy table (see model.TIDY_COLUMNS), its notes, Totals and metadata."""
    path = Path(path)
    grids = read_grids(path)
    notes: list[str] = []
    sheets = [s for index, grid in enumerate(grids) if (s := read_sheet(grid, index, len(grids), notes))]
    if not sheets:
        raise DataError(f"{clean(str(path))}: no sheet has a header row with a force column ({_looked_for()})")
    frame = _records(sheets)
    if frame.empty:
        raise DataError(f"{sheets[0].grid.name}: a header but no data rows")
    _refuse_duplicates(frame, grids)
    _refuse_two_levels(frame, grids)
    totals, total_notes = check_totals(frame, [t for s in sheets for t in s.reader.totals])
    title = list(dict.fromkeys(t for s in sheets for t in s.title))
    period, period_notes = meta.period(list(frame["month"]), title)
    return Release(
        path=path,
        tidy=_tidy(frame),
        notes=notes + total_notes + period_notes,
        title=title,
        synthetic=meta.is_synthetic(path.name, title),
        period=period,
        sheets=list(dict.fromkeys(s for s in frame["sheet"] if s)),
        totals=totals,
    )


def _looked_for() -> str:
    return f"looked for one of: {', '.join(sorted(FORCE_HEADERS))}"


def read_sheet(grid: Grid, index: int, count: int, notes: list[str]) -> SheetRead | None:
    """One sheet's rows; None (with a note) for a sheet of notes or contents; a sheet of numbers with no header
    is refused, naming it."""
    try:
        layout = find_layout(grid)
    except DataError:
        if count == 1 or _holds_numbers(grid):
            raise
        layout = None  # a glossary on a notes sheet ('Force | the force that referred'): not a table
    if layout is None:
        if count == 1 or _holds_numbers(grid):
            raise DataError(f"{grid.name}: no header row with a force column found ({_looked_for()})")
        notes.append(f"sheet '{grid.sheet}': no table of counts (notes or contents only); skipped")
        return None
    title = [" ".join(t for t in grid.rows[r] if t) for r in range(layout.header_rows[0]) if any(grid.rows[r])]
    reader = RowReader(grid, index, layout, _context(grid, layout, title)).read()
    notes += _sheet_notes(grid) + reader.notes.render()
    return SheetRead(grid, layout, title, reader)


def _holds_numbers(grid: Grid) -> bool:
    """Some row has two or more numbers: a table, not a sheet of notes or contents."""
    number = re.compile(r"[\d,]*\d")
    return any(sum(bool(number.fullmatch(t)) for t in row) >= 2 for row in grid.rows)


def _context(grid: Grid, layout: Layout, title: list[str]) -> dict[str, tuple[str, str]]:
    """A crime type the whole sheet shares, from its name or a title row, when its rows and columns name none."""
    if not layout.needs("crime_type"):
        return {}
    for text in [grid.sheet, *title]:
        crime_type = try_resolve(vocab.crime_types(), text) if text else None
        if crime_type not in (None, "all"):
            return {"crime_type": (crime_type, text)}
    return {}


def _sheet_notes(grid: Grid) -> list[str]:
    """Hidden sheets, rows and columns are read like any other, and the notes say so."""
    prefix = f"sheet '{grid.sheet}'"
    rows = [r for r in grid.hidden_rows if r <= len(grid.rows) and any(grid.rows[r - 1])]
    notes = [f"{prefix}: hidden in the workbook; read like the other sheets"] if grid.hidden else []
    if rows:
        notes.append(f"{prefix}, {row_ranges('row', rows)}: hidden in the workbook; read like every other row")
    if grid.hidden_columns:
        columns = ", ".join(grid.hidden_columns)
        notes.append(f"{prefix}, column(s) {columns}: hidden in the workbook; read like every other column")
    return notes


def _records(sheets: list[SheetRead]) -> pd.DataFrame:
    records = [record for s in sheets for record in s.reader.records]
    return pd.DataFrame(records, columns=[*TIDY_COLUMNS, "_grid", "_r"])


def _refuse_duplicates(frame: pd.DataFrame, grids: list[Grid]) -> None:
    """The same force, crime type and month given twice (in one sheet or two) is refused, naming both places."""
    dup = frame[frame.duplicated(_KEYS, keep=False)]
    if dup.empty:
        return
    first = dup.iloc[0]
    again = dup[(dup[_KEYS] == first[_KEYS]).all(axis=1)].iloc[1]
    raise DataError(
        f"{grids[first['_grid']].where(first['_r'])}: {clean(first['force_as_given'])!r} / {first['crime_type']} / "
        f"{first['month'] or 'no month'} appears more than once (again at {grids[again['_grid']].place(again['_r'])})"
    )


def _refuse_two_levels(frame: pd.DataFrame, grids: list[Grid]) -> None:
    """A force and crime type given with no month and also by month: one table at two levels (a summary sheet
    beside a monthly one). Adding them would count every victim twice, so it is refused, naming both places."""
    plain, monthly = frame[frame["month"] == ""], frame[frame["month"] != ""]
    both = plain.merge(monthly, on=["force", "crime_type"], suffixes=("", "_by_month"))
    if both.empty:
        return
    a = both.iloc[0]
    raise DataError(
        f"{grids[a['_grid']].where(a['_r'])}: {clean(a['force_as_given'])!r} / {a['crime_type']} is given with no "
        f"month here and by month at {grids[a['_grid_by_month']].place(a['_r_by_month'])}: the same victims at two "
        "levels would be counted twice; load one of the two tables (save its sheet as a file of its own)"
    )


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    tidy = frame.drop(columns=["_grid", "_r"]).sort_values(_KEYS, kind="mergesort")
    return tidy.reset_index(drop=True)
