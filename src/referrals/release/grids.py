"""Reading a release file into grids: one per sheet (or the CSV, or a PDF letter), as rows of clean text.

Everything format-specific happens here, so the rest of the loader sees only text
cells plus what the reader learnt on the way: hidden rows, merged cells, and where
each row came from (a sheet row, or a PDF page's table row or text line).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError
from .text import cell_text, clean

SUPPORTED = (".xlsx", ".xlsm", ".ods", ".csv", ".pdf")
SHOWN_SPANS = 8  # a note lists this many runs of rows, then counts the rest


@dataclass
class Grid:
    """One sheet as rows of clean text, and how to name any of its cells in a message."""

    source: str
    sheet: str
    rows: list[list[str]]
    hidden_rows: list[int] = field(default_factory=list)  # 1-based, as a spreadsheet shows them
    hidden_columns: list[str] = field(default_factory=list)
    merged: set[tuple[int, int]] = field(default_factory=set)  # 0-based cells a merge covers (not its first)
    hidden: bool = False
    row_refs: list[tuple[str, int, str]] | None = None  # PDF: (page, row number, label) for each row

    @property
    def name(self) -> str:
        return self.source + (f", sheet '{self.sheet}'" if self.sheet else "")

    def ref(self, r: int) -> tuple[str, int]:
        """(sheet or page, row number) that the tidy table records for row r."""
        return self.row_refs[r][:2] if self.row_refs else (self.sheet, r + 1)

    def place(self, r: int) -> str:
        """Row r named without the file, for notes: "sheet 'Table 1', row 7" or 'page 2, table row 3'."""
        label = self.row_refs[r][2] if self.row_refs else f"row {r + 1}"
        return (f"sheet '{self.sheet}', " if self.sheet else "") + label

    def where(self, r: int, c: int | None = None, heading: str = "") -> str:
        """A cell named for an error message: file, sheet, row, column and its heading."""
        column = f", column {c + 1}" if c is not None else ""
        return f"{self.source}, {self.place(r)}{column}" + (f" ({heading})" if heading else "")

    def rows_text(self, rows: Iterable[int]) -> str:
        """Rows named compactly for a note: 'rows 5-13, 15' (or pages and table rows for a PDF)."""
        if not self.row_refs:
            return row_ranges("row", [r + 1 for r in rows])
        by_page: dict[str, list[int]] = {}
        for r in rows:
            by_page.setdefault(self.row_refs[r][0], []).append(self.row_refs[r][1])
        return "; ".join(f"{page}, {row_ranges('table row', numbers)}" for page, numbers in by_page.items())


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


def read_grids(path: Path) -> list[Grid]:
    """Every sheet of a release file; one message naming the file if it cannot be read."""
    suffix, name = path.suffix.lower(), clean(str(path))  # a file name can carry escape codes too
    _check_file(path, name, suffix)
    try:
        return _reader(suffix)(path)
    except DataError:
        raise
    except Exception as exc:  # a corrupt or mislabelled file: say so, no traceback
        raise DataError(f"{name}: cannot be read as {suffix} ({type(exc).__name__}: {clean(str(exc))})") from None


def _check_file(path: Path, name: str, suffix: str) -> None:
    if not path.exists():
        raise DataError(f"{name}: file not found")
    if path.is_dir():
        raise DataError(f"{name}: is a folder, not a release file")
    if path.stat().st_size == 0:
        raise DataError(f"{name}: the file is empty")
    if suffix not in SUPPORTED:
        raise DataError(f"{name}: unsupported file type {clean(suffix)!r}; expected .xlsx, .ods, .csv or .pdf")


def _reader(suffix: str):
    """The reader for a file type (imported only when needed: pdfplumber and openpyxl are slow to import)."""
    if suffix == ".csv":
        return lambda path: [_read_csv(path)]
    if suffix == ".ods":
        return _read_ods
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf
    from .xlsx import read_xlsx

    return read_xlsx


def _read_csv(path: Path) -> Grid:
    data = path.read_bytes()
    if b"\x00" in data:
        raise DataError(f"{clean(str(path))}: contains NUL bytes; is it UTF-16 or binary? Save it as UTF-8 CSV")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")  # Windows exports; every byte decodes, names are then checked
    rows = [[cell_text(c) for c in row] for row in csv.reader(io.StringIO(text))]
    return Grid(source=clean(str(path)), sheet="", rows=rectangular(rows))


def _read_ods(path: Path) -> list[Grid]:
    import pandas as pd

    sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="odf")
    return [
        Grid(
            source=clean(str(path)),
            sheet=clean(str(name)),
            rows=rectangular([[cell_text(v) for v in row] for row in frame.itertuples(index=False)]),
        )
        for name, frame in sheets.items()
    ]
