"""A release file (.xlsx, .xlsm, .ods, .csv or a PDF letter) as grids of clean text, one per sheet.

Everything file-type specific happens here and in xlsx.py and pdf.py: checks that the file
exists, is not empty, is of a known type and is within the resource limits; CSV delimiters
(comma, semicolon, tab) and encodings; ODS spreadsheets streamed like workbooks.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from pathlib import Path

from ..csvfiles import limited_rows
from ..errors import DataError
from . import limits
from .grid import Grid, column_letter, rectangular
from .pdf import read_pdf
from .text import cell_text, clean
from .xlsx import read_xlsx

SUPPORTED = (".xlsx", ".xlsm", ".ods", ".csv", ".pdf")
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}


def read_grids(path: Path) -> list[Grid]:
    """Every sheet of a release file; one message naming the file if it cannot be read."""
    suffix, name = path.suffix.lower(), clean(str(path))  # a file name can carry escape codes too
    _check_file(path, name, suffix)
    reader = {".csv": lambda p: [read_csv(p)], ".ods": read_ods, ".pdf": read_pdf}.get(suffix, read_xlsx)
    try:
        return reader(path)
    except DataError:
        raise
    except Exception as exc:  # a corrupt or mislabelled file: say so, no traceback
        raise DataError(f"{name}: cannot be read as {suffix} ({type(exc).__name__}: {clean(str(exc))[:200]})") from None


def _check_file(path: Path, name: str, suffix: str) -> None:
    if not path.exists():
        raise DataError(f"{name}: file not found")
    if path.is_dir():
        raise DataError(f"{name}: is a folder, not a release file")
    if path.stat().st_size == 0:
        raise DataError(f"{name}: the file is empty")
    if suffix not in SUPPORTED:
        raise DataError(f"{name}: unsupported file type {clean(suffix)!r}; expected .xlsx, .ods, .csv or .pdf")
    limits.check_size(path, name)


def read_csv(path: Path) -> Grid:
    name = clean(str(path))
    data = path.read_bytes()
    if b"\x00" in data:
        raise DataError(f"{name}: contains NUL bytes; is it UTF-16 or binary? Save it as UTF-8 CSV")
    remarks = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Windows exports; names are then checked
        remarks.append("not UTF-8: read as Windows-1252 text")
    delimiter = sniff_delimiter(text)
    if delimiter != ",":
        remarks.append(f"columns separated by a {DELIMITERS[delimiter]}, not a comma")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:  # under the project's own field limit, whatever another library set csv's global one to
        rows = [[cell_text(c) for c in row] for row in limited_rows(reader)]
    except csv.Error as exc:
        raise DataError(f"{name}, row {reader.line_num}: not a readable CSV ({exc})") from None
    width = max((len(r) for r in rows), default=0)
    limits.check_extent(name, len(rows), width, f"row {len(rows)}, column {width}")
    return Grid(source=name, sheet="", rows=rectangular(rows), kind="csv", remarks=remarks)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most consistent number of columns (more than one)."""
    lines = [line for line in text.splitlines()[:200] if line.strip()][:60]
    best, best_score = ",", 0.0
    for delimiter in DELIMITERS:
        try:
            widths = [len(row) for row in limited_rows(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))]
        except csv.Error:  # a cell beyond the limit: the reading that follows names its row
            continue
        multi = [w for w in widths if w > 1]
        if not multi:
            continue
        width, count = Counter(multi).most_common(1)[0]
        score = count * min(width, 40) / len(widths)
        if score > best_score:
            best, best_score = delimiter, score
    return best


# --- ODS -----------------------------------------------------------------------------------------------------------

_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _q(prefix: str, tag: str) -> str:
    return f"{{{_NS[prefix]}}}{tag}"


def read_ods(path: Path) -> list[Grid]:
    """An OpenDocument spreadsheet, streamed: repeated empty rows and cells cost nothing; merges are kept."""
    from xml.etree.ElementTree import iterparse

    name = clean(str(path))
    limits.check_spreadsheet(path, name, ".ods")
    grids: list[Grid] = []
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as source:
        sheet = None
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start" and element.tag == _q("table", "table"):
                sheet = _OdsSheet(name, clean(element.get(_q("table", "name"), "")))
            elif event == "end" and element.tag == _q("table", "table-row") and sheet is not None:
                sheet.row(element)
                element.clear()
            elif event == "end" and element.tag == _q("table", "table") and sheet is not None:
                grids.append(sheet.grid())
                sheet = None
                element.clear()
    return grids


class _OdsSheet:
    def __init__(self, source: str, title: str):
        self.source, self.title = source, title
        self.cells: dict[tuple[int, int], str] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.hidden_rows: list[int] = []
        self.r = 0
        self.rows = self.columns = 0
        self.far = "A1"

    @property
    def where(self) -> str:
        return f"{self.source}, sheet '{self.title}'"

    def row(self, element) -> None:
        repeat = int(element.get(_q("table", "number-rows-repeated"), "1"))
        values = []
        c = 0
        for cell in element:
            span = int(cell.get(_q("table", "number-columns-repeated"), "1"))
            text = _ods_text(cell) if cell.tag == _q("table", "table-cell") else ""
            if text:
                values.append((c, span, text))
                across = int(cell.get(_q("table", "number-columns-spanned"), "1"))
                down = int(cell.get(_q("table", "number-rows-spanned"), "1"))
                if across > 1 or down > 1:
                    self.merges.append((self.r, c, self.r + down - 1, c + across - 1))
            c += span
        if values and element.get(_q("table", "visibility")) == "collapse":
            self.hidden_rows.append(self.r + 1)
        for k in range(repeat if values else 0):
            for start, span, text in values:
                for j in range(start, start + span):
                    self._put(self.r + k, j, text)
        self.r += repeat

    def _put(self, r: int, c: int, text: str) -> None:
        self.cells[r, c] = text
        if r + 1 > self.rows or c + 1 > self.columns:
            self.rows, self.columns = max(self.rows, r + 1), max(self.columns, c + 1)
            self.far = f"{column_letter(c)}{r + 1}"
            limits.check_extent(self.where, self.rows, self.columns, self.far)
        if len(self.cells) > limits.MAX_CELLS:
            limits.check_extent(self.where, limits.MAX_ROWS + 1, self.columns, self.far)

    def grid(self) -> Grid:
        rows = [[""] * self.columns for _ in range(self.rows)]
        for (r, c), text in self.cells.items():
            rows[r][c] = text
        merged = {}
        for r0, c0, r1, c1 in self.merges:
            for r in range(r0, min(r1 + 1, self.rows)):
                for c in range(c0, min(c1 + 1, self.columns)):
                    if (r, c) != (r0, c0):
                        merged[r, c] = (r0, c0)
        return Grid(source=self.source, sheet=self.title, rows=rows, hidden_rows=self.hidden_rows, merged=merged)


def _ods_text(cell) -> str:
    kind = cell.get(_q("office", "value-type"))
    if kind in ("float", "percentage", "currency"):
        value = float(cell.get(_q("office", "value"), "nan"))
        return cell_text(value) if kind != "percentage" else f"{value * 100:g}%"
    if kind == "date":
        match = re.match(r"(\d{4})-(\d{2})", cell.get(_q("office", "date-value"), ""))
        return f"{match.group(1)}-{match.group(2)}" if match else ""
    if kind == "boolean":
        return cell.get(_q("office", "boolean-value"), "")
    paragraphs = ["".join(p.itertext()) for p in cell.iter(_q("text", "p"))]
    return clean(" ".join(paragraphs))
