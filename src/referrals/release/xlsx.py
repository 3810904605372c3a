"""Excel workbooks, streamed sheet by sheet with openpyxl's own sheet parser, within the resource limits.

Only filled cells are kept, so a stray cell far from the table costs nothing until the
used range is checked against the limits (and refused, naming the cell). A formula with
no saved value (a workbook written by a script and never opened in a spreadsheet program)
would otherwise read as a blank, so it is refused. Hidden rows, columns and sheets, and
merged cells, are recorded for notes and for headings that span columns.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError
from . import limits
from .grid import Grid, column_letter
from .text import cell_text, clean


def read_xlsx(path: Path) -> list[Grid]:
    import openpyxl

    name = clean(str(path))
    limits.check_spreadsheet(path, name, path.suffix.lower())
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [_sheet(path, name, book, sheet) for sheet in book.worksheets]
    finally:
        book.close()


def _parser(book, sheet, source):
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            cell["unsaved"] = cell["value"] is None and element.find(FORMULA_TAG) is not None
            return cell

    return Parser(
        source,
        sheet._shared_strings,
        data_only=True,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )


def _sheet(path: Path, name: str, book, sheet) -> Grid:
    title = clean(str(sheet.title))
    where = f"{name}, sheet '{title}'"
    cells: dict[tuple[int, int], str] = {}
    rows = columns = 0
    far = "A1"
    with sheet._get_source() as source:
        parser = _parser(book, sheet, source)
        for _, row in parser.parse():
            for cell in row:
                r, c = cell["row"], cell["column"]
                if cell["unsaved"]:
                    raise DataError(
                        f"{where}, cell {column_letter(c - 1)}{r}: a formula with no saved value; open and save the "
                        "file in a spreadsheet program"
                    )
                text = cell_text(cell["value"])
                if not text:
                    continue
                cells[r - 1, c - 1] = text
                if r > rows or c > columns:
                    rows, columns = max(rows, r), max(columns, c)
                    far = f"{column_letter(c - 1)}{r}"
                    if c > limits.MAX_COLUMNS or r > limits.MAX_ROWS:
                        limits.check_extent(where, rows, columns, far)
        merges = [m.ref for m in parser.merged_cells.mergeCell] if parser.merged_cells else []
        hidden_rows = sorted(
            int(r) for r, attrs in parser.row_dimensions.items() if attrs.get("hidden") in ("1", "true")
        )
        hidden_columns = sorted(
            attrs["index"] for attrs in parser.column_dimensions.values() if attrs.get("hidden") in ("1", "true")
        )
    limits.check_extent(where, rows, columns, far)
    grid = [[""] * columns for _ in range(rows)]
    for (r, c), text in cells.items():
        grid[r][c] = text
    return Grid(
        source=name,
        sheet=title,
        rows=grid,
        hidden_rows=hidden_rows,
        hidden_columns=hidden_columns,
        merged=_merged(where, merges, rows, columns),
        hidden=getattr(sheet, "sheet_state", "visible") != "visible",
    )


def _merged(where: str, refs: list[str], rows: int, columns: int) -> dict[tuple[int, int], tuple[int, int]]:
    """0-based cells a merge covers (not its first, top-left cell, which holds its value) -> that first cell."""
    from openpyxl.utils.cell import range_boundaries

    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for ref in refs:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        area = (min(max_row, rows) - min_row + 1) * (min(max_col, columns) - min_col + 1)
        if len(covered) + max(area, 0) > limits.MAX_MERGED:
            raise DataError(f"{where}: merged cells ({ref} and others) cover more than {limits.MAX_MERGED:,} cells")
        for r in range(min_row - 1, min(max_row, rows)):
            for c in range(min_col - 1, min(max_col, columns)):
                if (r, c) != (min_row - 1, min_col - 1):
                    covered[r, c] = (min_row - 1, min_col - 1)
    return covered
