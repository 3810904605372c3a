"""Finding a sheet's header and what each column holds.

A release's table has a force column and either crime types across the columns
(wide), months across the columns, or one count column (long: a crime-type and/or a
month column beside it). The header can take two rows: a heading such as "Crime type"
or "Month" spanning the columns whose names are in the row below (or above).
Total columns, in any spelling, are recognised here and never read as data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import vocab
from ..errors import DataError
from ..months import parse_month
from .grids import Grid
from .text import header_kind, is_text, total_label

SEARCH_ROWS = 40
GROUP_KINDS = ("crime", "month", "count")  # headings that span the columns named in the row below or above


@dataclass
class Layout:
    """The header rows, one heading per column, and the role of every column."""

    header_rows: tuple[int, ...]
    headings: list[str]
    labels: dict[str, int]  # 'force', 'crime', 'month' -> the column naming it on each row
    values: dict[int, dict[str, tuple[str, str]]] = field(default_factory=dict)  # column -> what it fixes
    totals: list[int] = field(default_factory=list)

    @property
    def first_data_row(self) -> int:
        return self.header_rows[-1] + 1

    @property
    def crime_across(self) -> bool:
        return any("crime_type" in fixed for fixed in self.values.values())

    @property
    def months_across(self) -> bool:
        return any("month" in fixed for fixed in self.values.values())

    def needs(self, dimension: str) -> bool:
        """True if rows must take this dimension ('crime_type' or 'month') from a block header or the sheet."""
        if dimension == "crime_type":
            return "crime" not in self.labels and not self.crime_across
        return "month" not in self.labels and not self.months_across


def find_layout(grid: Grid) -> Layout | None:
    """The sheet's layout, or None if no row in its first 40 has a force heading."""
    top = next(
        (r for r in range(min(len(grid.rows), SEARCH_ROWS)) if any(header_kind(c) == "force" for c in grid.rows[r])),
        None,
    )
    if top is None:
        return None
    rows = _header_rows(grid, top)
    headings = [next((grid.rows[r][c] for r in reversed(rows) if grid.rows[r][c]), "") for c in range(_width(grid))]
    return _classify(grid, rows, headings)


def _width(grid: Grid) -> int:
    return len(grid.rows[0]) if grid.rows else 0


def _header_rows(grid: Grid, top: int) -> tuple[int, ...]:
    """The force heading's row, with the row below or above when the header takes two rows."""
    force_col = next(c for c, text in enumerate(grid.rows[top]) if header_kind(text) == "force")
    if top + 1 < len(grid.rows) and _spans_over(grid.rows[top], grid.rows[top + 1], force_col):
        return (top, top + 1)
    if top > 0 and _is_group_row(grid.rows[top - 1], force_col):
        return (top - 1, top)
    return (top,)


def _spans_over(upper: list[str], lower: list[str], force_col: int) -> bool:
    """The upper row has a group heading ('Crime type', 'Month', 'Number of victims') spanning the names in the
    lower row: some of them sit under blank upper cells, and the lower row names no force."""
    if lower[force_col] or not any(header_kind(t) in GROUP_KINDS for t in upper):
        return False
    filled = [c for c, text in enumerate(lower) if text]
    return bool(filled) and all(is_text(lower[c]) for c in filled) and any(not upper[c] for c in filled)


def _is_group_row(row: list[str], force_col: int) -> bool:
    """A row of group headings only ('Crime type', 'Month', 'Number of victims', 'Total') above the force heading."""
    filled = [text for text in row if text]
    return (
        not row[force_col]
        and any(header_kind(t) in GROUP_KINDS for t in filled)
        and all(header_kind(t) in GROUP_KINDS or total_label(t) is not None for t in filled)
    )


def _classify(grid: Grid, rows: tuple[int, ...], headings: list[str]) -> Layout:
    layout = Layout(header_rows=rows, headings=headings, labels={})
    row = rows[-1]
    for c, heading in enumerate(headings):
        if heading:
            _classify_column(grid, layout, row, c, heading)
    _check(grid, layout, row)
    return layout


def _classify_column(grid: Grid, layout: Layout, row: int, c: int, heading: str) -> None:
    kind = header_kind(heading)
    if kind in ("force", "crime", "month") and kind not in layout.labels:
        layout.labels[kind] = c
    elif kind == "count":
        layout.values[c] = {}
    elif kind is not None:
        raise DataError(f"{grid.where(row, c, 'header')}: a second {kind} column {heading!r}")
    elif total_label(heading) is not None:
        layout.totals.append(c)
    elif (month := parse_month(heading, lenient=True)) is not None:
        layout.values[c] = {"month": (month, heading)}
    else:
        crime_type = vocab.crime_types().resolve(heading, grid.where(row, c, "header"))
        layout.values[c] = {"crime_type": (crime_type, heading)}


def _check(grid: Grid, layout: Layout, row: int) -> None:
    where = f"{grid.where(row)} (header)"
    if not layout.values:
        raise DataError(f"{where}: no crime-type, month or count columns beside the force column in {layout.headings}")
    if layout.crime_across and (layout.months_across or {} in layout.values.values() or "crime" in layout.labels):
        raise DataError(f"{where}: crime types across the columns cannot be mixed with other value columns")
    if layout.months_across and ({} in layout.values.values() or "month" in layout.labels):
        raise DataError(f"{where}: months across the columns cannot be mixed with a month or count column")
    if len([v for v in layout.values.values() if not v]) > 1:
        raise DataError(f"{where}: more than one count column")
