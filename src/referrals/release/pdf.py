"""PDF letters: the Home Office also answers FOI requests as letters with ruled tables.

pdfplumber finds each table by its ruled lines. The letter's text lines and every table's
rows are laid out in reading order, page after page, into one grid: text above a table
becomes its title, text below becomes notes, and a table split across pages is continued
(a header repeated on the next page is skipped by the loader). A letter can hold several
tables; the loader finds each by its header. A scanned letter has no text to read: it is
refused, saying so and what to do.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError
from . import limits
from .grid import Grid, rectangular
from .text import cell_text, clean


def read_pdf(path: Path) -> list[Grid]:
    import pdfplumber

    name = clean(str(path))
    rows: list[list[str]] = []
    refs: list[tuple[str, int, str]] = []
    tables = text_pages = images = 0
    with pdfplumber.open(path) as pdf:
        if len(pdf.pages) > limits.MAX_PDF_PAGES:
            raise DataError(
                f"{name}: {len(pdf.pages):,} pages, more than a letter has (at most {limits.MAX_PDF_PAGES})"
            )
        for number, page in enumerate(pdf.pages, start=1):
            found, has_text = _read_page(page, f"page {number}", rows, refs)
            tables += found
            text_pages += has_text
            images += bool(page.images)
    if not text_pages:
        scanned = " (its pages are images: a scan)" if images else ""
        raise DataError(
            f"{name}: the PDF has no text layer{scanned}, so no number in it can be read; ask the sender for the "
            "tables as a spreadsheet, or run it through OCR first (for example ocrmypdf) and check every number "
            "against the scan"
        )
    if not tables:
        raise DataError(
            f"{name}: no ruled table found in the PDF (tables are found by their ruled lines); "
            "if its table has no lines, ask for the release as a spreadsheet"
        )
    return [Grid(source=name, sheet="", rows=rectangular(rows), row_refs=refs, kind="pdf")]


def _read_page(page, name: str, rows: list, refs: list) -> tuple[int, bool]:
    """Append the page's text lines and table rows in reading order (top to bottom): (tables, has text)."""
    tables = page.find_tables()
    items = [(table.bbox[1], 0, table) for table in tables]
    lines_found = page.extract_text_lines()
    for line in lines_found:
        if not any(_inside(line, table.bbox) for table in tables):
            items.append((line["top"], 1, line))
    lines = 0
    for _, is_line, item in sorted(items, key=lambda i: (i[0], i[1])):
        if is_line:
            lines += 1
            rows.append([clean(item["text"])])
            refs.append((name, lines, f"{name}, text line {lines}"))
            continue
        rows.append([])  # a table starts on a row of its own, apart from the text above it
        refs.append((name, 0, f"{name}, above a table"))
        for k, row in enumerate(item.extract(), start=1):
            rows.append([cell_text(c) for c in row])
            refs.append((name, k, f"{name}, table row {k}"))
    return len(tables), bool(lines_found)


def _inside(line: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    middle = (line["top"] + line["bottom"]) / 2
    return top <= middle <= bottom and line["x0"] < x1 and line["x1"] > x0
