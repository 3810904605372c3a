"""Finding the tables in a grid: each table's title, header rows, body rows and what each column holds.

A table starts where a row of labels and numbers has a header above it: one or more rows of
headings (with headings that span columns, as merged cells or as a heading followed by
blanks), directly above the data or above rows that name only a block (a crime type, a
period). A sheet, or a PDF letter, can hold several tables, one under the other; a header
repeated further down (a table continued on the next page) continues its table. Each
column is a label column (forces, crime types, periods, sexes or ages down the rows), a
value column (counts, under headings that name what they count), or a column read past
(codes, regions, percentages, notes), which the loader notes. A column of numbers with
no heading is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..numbers import looks_numeric
from .cells import is_marker
from .grid import Grid
from .periods import EXCEL_SERIALS, YEARS
from .text import header_kind, norm, total_label

BLANK, VALUE, TEXT = "b", "v", "t"
LABEL_KINDS = ("force", "crime", "month", "sub")
DIMENSION_OF_KIND = {"force": "force", "crime": "crime_type", "month": "period", "sub": "subgroup"}


def kind(text: str) -> str:
    if not text:
        return BLANK
    if looks_numeric(text) or is_marker(text):
        return VALUE
    return TEXT


def heading_number(text: str) -> bool:
    """A number that can head a column: a year (2021) or an Excel date serial (44287)."""
    if not re.fullmatch(r"\d{4,5}(?:\.0+)?", text):
        return False
    n = int(float(text))
    return YEARS[0] <= n <= YEARS[1] or EXCEL_SERIALS[0] <= n <= EXCEL_SERIALS[1]


@dataclass
class Block:
    """One table found in a grid."""

    grid: Grid
    number: int  # 1, 2, ... within the grid
    title: list[int] = field(default_factory=list)  # rows of text above the header
    header: list[int] = field(default_factory=list)
    body: list[int] = field(default_factory=list)  # every row from the header down to the next table's title
    labels: dict[int, str] = field(default_factory=dict)  # label column -> its header kind ('' when unnamed)
    values: list[int] = field(default_factory=list)  # value columns, left to right
    ignored: dict[int, str] = field(default_factory=dict)  # column -> why it is read past
    headings: dict[int, list[str]] = field(default_factory=dict)  # column -> heading at each header row
    unheaded: list[int] = field(default_factory=list)  # columns of numbers with no heading

    def heading(self, c: int) -> str:
        """A column's heading as one text: its levels joined, blank levels left out."""
        return " / ".join(dict.fromkeys(t for t in self.headings.get(c, []) if t))

    def title_text(self) -> list[str]:
        return [" ".join(t for t in self.grid.rows[r] if t) for r in self.title]


class Finder:
    """Finds every table in one grid."""

    def __init__(self, grid: Grid):
        self.grid = grid
        self.kinds = [[kind(t) for t in row] for row in grid.rows]
        self.stray: list[int] = []  # rows of numbers outside any table

    # --- rows ------------------------------------------------------------------------------------------------------
    def filled(self, r: int) -> list[int]:
        return [c for c, k in enumerate(self.kinds[r]) if k != BLANK]

    def is_heading_row(self, r: int) -> bool:
        """A row of headings: text (or years, dates) only, that no data row could be: two or more texts, a blank or a
        heading word ('Police force') at its left, or one heading that spans columns or names a kind of column."""
        cells = self.filled(r)
        if not cells:
            return False
        row = self.grid.rows[r]
        for c in cells:
            if self.kinds[r][c] == VALUE and not heading_number(row[c]):
                return False
        texts = [c for c in cells if self.kinds[r][c] == TEXT]
        first = row[cells[0]]
        if len(cells) >= 2:
            return len(texts) >= 2 or cells[0] > self.leftmost or header_kind(first) is not None
        return cells[0] > self.leftmost or header_kind(first) in LABEL_KINDS + ("count",)

    def _upper_heading(self, r: int) -> bool:
        """A heading row above another: blank at the table's left, or a heading word there ('Police force')."""
        cells = self.filled(r)
        first = self.grid.rows[r][cells[0]]
        return cells[0] > self.leftmost or header_kind(first) is not None or total_label(first) is not None

    def is_data_start(self, r: int) -> bool:
        """A row that can begin a table's body: a label, then at least one number or suppression mark."""
        row, kinds = self.grid.rows[r], self.kinds[r]
        texts = [c for c, k in enumerate(kinds) if k == TEXT]
        if not texts or not any(k == VALUE for k in kinds[texts[0] + 1 :]):
            return False
        return all(header_kind(row[c]) is None for c in texts)

    def is_label_only(self, r: int) -> bool:
        """A row naming only a block (one text cell at the left): it may sit between a header and its data."""
        cells = self.filled(r)
        return len(cells) == 1 and cells[0] == self.leftmost and self.kinds[r][cells[0]] == TEXT

    @property
    def leftmost(self) -> int:
        if not hasattr(self, "_leftmost"):
            used = [c for row in self.kinds for c, k in enumerate(row) if k != BLANK]
            self._leftmost = min(used) if used else 0
        return self._leftmost

    def header_above(self, r: int) -> list[int]:
        """The header rows above data row r (past block rows and one blank row), top to bottom; [] if none."""
        h = r - 1
        skipped = 0
        while h >= 0 and self.is_label_only(h) and not self.is_heading_row(h) and skipped < 3:
            h, skipped = h - 1, skipped + 1
        if h >= 0 and not self.filled(h):
            h -= 1
        rows = []
        while h >= 0 and self.filled(h) and self.is_heading_row(h):
            if rows and not self._upper_heading(h):
                break  # a title row of several cells, not a heading over the columns below
            rows.insert(0, h)
            h -= 1
        if not any(len(self.filled(x)) >= 2 for x in rows):
            return []
        return rows

    # --- tables ----------------------------------------------------------------------------------------------------
    def blocks(self) -> list[Block]:
        grid, blocks = self.grid, []
        for r in range(len(grid.rows)):
            if not self.is_data_start(r):
                continue
            header = self.header_above(r)
            if not header or (blocks and header[0] <= blocks[-1].header[-1]):
                continue
            if blocks and self._same_header(blocks[-1], header):
                continue  # a header repeated (a table continued on the next page)
            blocks.append(Block(grid, len(blocks) + 1, header=header))
        for i, block in enumerate(blocks):
            block.title = self._title_rows(block.header[0], first=i == 0)
        for i, block in enumerate(blocks):
            end = blocks[i + 1].header[0] if i + 1 < len(blocks) else len(grid.rows)
            taken = set(blocks[i + 1].title) if i + 1 < len(blocks) else set()
            block.body = [r for r in range(block.header[-1] + 1, end) if r not in taken]
        first = blocks[0].header[0] if blocks else len(grid.rows)
        self.stray = [r for r in range(first) if sum(k == VALUE for k in self.kinds[r]) >= 2]
        for block in blocks:
            self._columns(block)
        return blocks

    def _same_header(self, block: Block, header: list[int]) -> bool:
        keys = [[norm(t) for t in self.grid.rows[r]] for r in block.header]
        return all([norm(t) for t in self.grid.rows[r]] in keys for r in header)

    def _title_rows(self, header: int, first: bool) -> list[int]:
        """Text rows above a header: every one for the grid's first table; for a later table, those directly above
        it (up to a blank row or a row of numbers): the rest are the notes of the table before."""
        if first:
            return [r for r in range(header) if self.filled(r) and all(k != VALUE for k in self.kinds[r])]
        rows, r = [], header - 1
        while r >= 0 and self.filled(r) and all(k != VALUE for k in self.kinds[r]):
            rows.insert(0, r)
            r -= 1
        return rows

    # --- columns ---------------------------------------------------------------------------------------------------
    def _columns(self, block: Block) -> None:
        """What each column holds: labels, counts, or something read past; a column of numbers with no heading is
        set apart, to be refused."""
        grid = self.grid
        data_rows = [r for r in block.body if any(k == VALUE for k in self.kinds[r])]
        used = {c for r in block.header + data_rows for c in self.filled(r)}
        if not used:
            return
        heads = {c: [grid.heading_text(h, c) for h in block.header] for c in range(min(used), max(used) + 1)}
        for c in sorted(heads):
            heading = next((t for t in reversed(heads[c]) if t), "")
            texts = sum(self.kinds[r][c] == TEXT for r in data_rows)
            numbers = sum(self.kinds[r][c] == VALUE for r in data_rows)
            what = header_kind(heading) if heading else None
            if what == "ignored":
                block.ignored[c] = heading
            elif what in LABEL_KINDS:
                block.labels[c] = what
            elif not heading and numbers:
                block.unheaded.append(c)
            elif not heading and texts and not block.values:
                block.labels[c] = ""
            elif texts and not numbers and what != "count":
                block.ignored[c] = heading or "(no heading)"
            elif heading:
                block.values.append(c)
        block.headings = _spanned(block, heads)


def _spanned(block: Block, heads: dict[int, list[str]]) -> dict[int, list[str]]:
    """Each value column's heading at every header row, a heading that spans columns given to each column it spans:
    merged cells already are; in a CSV, a heading followed by blank cells spans them, within the value columns,
    where a lower header row names them."""
    out = {c: list(heads[c]) for c in heads}
    values = block.values
    for level in range(len(block.header) - 1):
        current = ""
        for c in sorted(heads):
            if c not in values:
                current = ""
                continue
            text = heads[c][level]
            if text:
                current = text
            elif current and any(heads[c][lower] for lower in range(level + 1, len(block.header))):
                out[c][level] = current
    return out
