"""Excel workbooks, read with openpyxl itself: pandas would hide what a reporter needs to know.

The workbook is opened twice: once for the values Excel saved, once for the formulas.
A formula cell with no saved value (a workbook written by a script and never opened
in a spreadsheet program) would otherwise read as a blank, that is as suppressed.
Hidden rows and columns, hidden sheets and merged cells are recorded for notes.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError
from .grids import Grid, rectangular
from .text import cell_text, clean


def read_xlsx(path: Path) -> list[Grid]:
    import openpyxl

    values = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path, data_only=False)
    grids = []
    for sheet in values.worksheets:
        _refuse_unsaved_formulas(path, sheet, formulas[sheet.title])
        grids.append(_grid(path, sheet))
    return grids


def _refuse_unsaved_formulas(path: Path, values, formulas) -> None:
    for row in formulas.iter_rows():
        for cell in row:
            if cell.data_type == "f" and values.cell(row=cell.row, column=cell.column).value is None:
                place = f"{clean(str(path))}, sheet '{clean(values.title)}', cell {cell.coordinate}"
                raise DataError(
                    f"{place}: a formula with no saved value; open and save the file in a spreadsheet program"
                )


def _grid(path: Path, sheet) -> Grid:
    rows = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    return Grid(
        source=clean(str(path)),
        sheet=clean(sheet.title),
        rows=rectangular(rows),
        hidden_rows=sorted(r for r, dim in sheet.row_dimensions.items() if dim.hidden),
        hidden_columns=sorted(letter for letter, dim in sheet.column_dimensions.items() if dim.hidden),
        merged=_merged(sheet),
        hidden=sheet.sheet_state != "visible",
    )


def _merged(sheet) -> set[tuple[int, int]]:
    """0-based cells covered by a merge, other than the merge's first (top-left) cell, which holds its value."""
    covered = set()
    for merge in sheet.merged_cells.ranges:
        for r in range(merge.min_row, merge.max_row + 1):
            for c in range(merge.min_col, merge.max_col + 1):
                if (r, c) != (merge.min_row, merge.min_col):
                    covered.add((r - 1, c - 1))
    return covered
