"""PDF letters: the Home Office also answers FOI requests as letters with a ruled table.

pdfplumber finds each table by its ruled lines. The letter's text lines and the
tables' rows are laid out in reading order, page after page, into one grid: text
above the table becomes title rows, text below becomes note rows, and a table split
across pages is simply continued (the loader skips a header repeated on the next page).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError
from .grids import Grid, rectangular
from .text import cell_text, clean


def read_pdf(path: Path) -> list[Grid]:
    import pdfplumber

    rows: list[list[str]] = []
    refs: list[tuple[str, int, str]] = []
    tables = 0
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            tables += _read_page(page, f"page {number}", rows, refs)
    if not tables:
        raise DataError(
            f"{clean(str(path))}: no ruled table found in the PDF (tables are found by their ruled lines); "
            "if its table has no lines, ask for the release as a spreadsheet"
        )
    return [Grid(source=clean(str(path)), sheet="", rows=rectangular(rows), row_refs=refs)]


def _read_page(page, name: str, rows: list, refs: list) -> int:
    """Append the page's text lines and table rows in reading order (top to bottom); the number of tables."""
    tables = page.find_tables()
    items = [(table.bbox[1], 0, table) for table in tables]
    for line in page.extract_text_lines():
        if not any(_inside(line, table.bbox) for table in tables):
            items.append((line["top"], 1, line))
    lines = 0
    for _, is_line, item in sorted(items, key=lambda i: (i[0], i[1])):
        if is_line:
            lines += 1
            rows.append([clean(item["text"])])
            refs.append((name, lines, f"{name}, text line {lines}"))
            continue
        for k, row in enumerate(item.extract(), start=1):
            rows.append([cell_text(c) for c in row])
            refs.append((name, k, f"{name}, table row {k}"))
    return len(tables)


def _inside(line: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    middle = (line["top"] + line["bottom"]) / 2
    return top <= middle <= bottom and line["x0"] < x1 and line["x1"] > x0
