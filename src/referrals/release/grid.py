"""One sheet (or a PDF letter's pages) as rows of clean text, and how to name any of its cells in a message."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

SHOWN_SPANS = 8  # a note lists this many runs of rows, then counts the rest


def column_letter(c: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA': a column as a spreadsheet names it."""
    letters = ""
    c += 1
    while c:
        c, rest = divmod(c - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Grid:
    """One sheet as rows of clean text. File-type readers fill it; the rest of the loader sees only text cells,
    plus what the reader learnt on the way: hidden rows and columns, merged cells, and where each row came from
    (a sheet row, or a PDF page's table row or text line)."""

    source: str
    sheet: str
    rows: list[list[str]]
    hidden_rows: list[int] = field(default_factory=list)  # 1-based, as a spreadsheet shows them
    hidden_columns: list[str] = field(default_factory=list)
    merged: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # covered cell -> its merge's first
    hidden: bool = False
    row_refs: list[tuple[str, int, str]] | None = None  # PDF: (page, row number, label) for each row
    kind: str = "sheet"  # 'sheet', 'csv' or 'pdf'
    remarks: list[str] = field(default_factory=list)  # what the reader noticed (a delimiter, an encoding)

    @property
    def name(self) -> str:
        return self.source + (f", sheet '{self.sheet}'" if self.sheet else "")

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def ref(self, r: int) -> tuple[str, int]:
        """(sheet or page, row number) that the tidy table records for row r."""
        return self.row_refs[r][:2] if self.row_refs else (self.sheet, r + 1)

    def cell_ref(self, r: int, c: int) -> str:
        """A cell as the tidy table records it: 'C7', or 'page 2, table row 3, column 4' for a PDF."""
        if self.row_refs:
            return f"{self.row_refs[r][2]}, column {c + 1}"
        return f"{column_letter(c)}{r + 1}"

    def place(self, r: int) -> str:
        """Row r named without the file, for notes: "sheet 'Table 1', row 7" or 'page 2, table row 3'."""
        label = self.row_refs[r][2] if self.row_refs else f"row {r + 1}"
        return (f"sheet '{self.sheet}', " if self.sheet else "") + label

    def where(self, r: int, c: int | None = None, heading: str = "") -> str:
        """A cell named for an error message: file, sheet, cell (or row and column) and its heading."""
        if c is None:
            at = self.place(r)
        elif self.row_refs:
            at = f"{self.row_refs[r][2]}, column {c + 1}"
        else:
            at = (f"sheet '{self.sheet}', cell " if self.sheet else "cell ") + self.cell_ref(r, c)
        return f"{self.source}, {at}" + (f" ({heading})" if heading else "")

    def rows_text(self, rows: Iterable[int]) -> str:
        """Rows named compactly for a note: 'rows 5-13, 15' (or pages and table rows for a PDF)."""
        if not self.row_refs:
            return row_ranges("row", [r + 1 for r in rows])
        by_page: dict[str, list[int]] = {}
        for r in rows:
            by_page.setdefault(self.row_refs[r][0], []).append(self.row_refs[r][1])
        return "; ".join(f"{page}, {row_ranges('table row', numbers)}" for page, numbers in by_page.items())

    def heading_text(self, r: int, c: int) -> str:
        """A header cell's text, or the text of the merge that covers it."""
        anchor = self.merged.get((r, c))
        if anchor is not None:
            return self.rows[anchor[0]][anchor[1]]
        return self.rows[r][c]


def row_ranges(word: str, numbers: list[int]) -> str:
    numbers = sorted(set(numbers))
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    text = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans[:SHOWN_SPANS])
    if len(spans) > SHOWN_SPANS:
        text += f" and {len(spans) - SHOWN_SPANS} more runs ({len(numbers)} {word}s in all)"
    return f"{word}{'s' if len(numbers) > 1 else ''} {text}"


def rectangular(rows: list[list[str]]) -> list[list[str]]:
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]
