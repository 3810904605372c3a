"""Reading untrusted CSV tables, and writing CSV deterministically and safe to open in a spreadsheet.

Every CSV meant for people goes through `csv_bytes`: such files are opened in
spreadsheets, which run a cell that starts with '=' (or '+', '-', '@', a tab or a
carriage return) as a formula. Text cells that start so get a leading "'", which
spreadsheets show as text; `restore_cell` undoes it exactly when the project reads
its own CSV back.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import DataError
from .paths import relative

#: What makes a spreadsheet run a cell as a formula (or hides how it starts).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: Spreadsheets show a cell starting with it as text, without the mark.
TEXT_MARK = "'"
#: The longest cell a table may hold: csv's own default, set for each read, so that what is refused never depends
#: on what else was imported first (frictionless raises csv's global limit when it is imported).
FIELD_LIMIT = 131_072
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def neutralise_cell(text: str) -> str:
    """A text cell that no spreadsheet runs: "'" before a formula trigger.

    Text that already starts with "'" gets one more, so that `restore_cell` is an exact
    inverse; text that reads as a plain number ('-5') is left alone.
    """
    if text.startswith((*FORMULA_TRIGGERS, TEXT_MARK)) and not _NUMBER.fullmatch(text):
        return TEXT_MARK + text
    return text


def restore_cell(text: str) -> str:
    """The text `neutralise_cell` was given (for the project's own CSV, read back)."""
    return text[1:] if text.startswith(TEXT_MARK) else text


def csv_bytes(header: list[str], rows: Iterable[Iterable[object]]) -> bytes:
    """Deterministic CSV for people: given column order, '\\n' line endings, minimal quoting, fixed number
    format, and text cells neutralised against formula injection (numbers untouched)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([neutralise_cell(str(h)) for h in header])
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buf.getvalue().encode("utf-8")


def _cell(value: object) -> str:
    text = format_cell(value)
    is_number = isinstance(value, numbers.Number) and not isinstance(value, bool)
    return text if is_number else neutralise_cell(text)


def frame_csv_bytes(frame) -> bytes:
    """A DataFrame as deterministic CSV (no index)."""
    return csv_bytes(list(frame.columns), frame.itertuples(index=False, name=None))


def format_cell(value: object) -> str:
    """One cell as text: empty for missing values, whole floats without '.0', at most six decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6f}".rstrip("0").rstrip(".")
    text = str(value)
    if text in ("<NA>", "nan", "NaN"):
        return ""
    return text


def _read_utf8(path: Path) -> str:
    """A text file's contents, or one message saying why it cannot be read as UTF-8 text."""
    name = relative(path)
    if not path.exists():
        raise DataError(f"{name}: file not found")
    data = path.read_bytes()
    if not data.strip():
        raise DataError(f"{name}: the file is empty (expected a header row and data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            f"{name}, row {line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save "
            "the file as UTF-8"
        ) from None
    if "\x00" in text:
        raise DataError(f"{name}: contains NUL bytes; is it a binary file or UTF-16? Save it as UTF-8 CSV")
    return text


def read_text_table(path: Path, restore: bool = False) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """Read a UTF-8 CSV into (line number, row of strings) pairs and its header.

    Each way a file can be unreadable gets one message naming the file and line.
    `restore` undoes `csv_bytes`' neutralising, for CSV the project wrote itself.
    """
    rows, header = iter_text_table(path, restore)
    return list(rows), header


def iter_text_table(path: Path, restore: bool = False) -> tuple[Iterator[tuple[int, dict[str, str]]], list[str]]:
    """`read_text_table`'s rows one at a time, for a table too large to hold as dicts (an archive of claims): the
    file is checked whole first, with the same messages, so every row the iterator gives can be read."""
    path = Path(path)
    name = relative(path)
    text = _read_utf8(path)
    header_line, header_row, rows, wrong = _checked_shape(text, name)
    header = [h.strip() for h in header_row]
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        raise DataError(f"{name}, row {header_line}: duplicate column name(s) {', '.join(dup)}")
    if wrong is not None:
        line, fields = wrong
        more = "; a cell with a comma in it needs double quotes around it" if fields > len(header) else ""
        raise DataError(f"{name}, row {line}: has {fields} fields but the header has {len(header)}{more}")
    if not rows:
        raise DataError(f"{name}: has a header but no data rows")

    def numbered() -> Iterator[tuple[int, dict[str, str]]]:
        reader = csv.reader(io.StringIO(text, newline=""))
        for row in limited_rows(reader):
            if reader.line_num <= header_line or not any(cell.strip() for cell in row):
                continue
            cells = [restore_cell(cell.strip()) if restore else cell.strip() for cell in row]
            yield reader.line_num, dict(zip(header, cells))

    return numbered(), header


@contextmanager
def _field_limit() -> Iterator[None]:
    old = csv.field_size_limit(FIELD_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def limited_rows(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """A csv reader's rows, each read under FIELD_LIMIT (the caller's limit restored between rows)."""
    while True:
        with _field_limit():
            row = next(reader, None)
        if row is None:
            return
        yield row


def _checked_shape(text: str, name: str) -> tuple[int, list[str], int, tuple[int, int] | None]:
    """A CSV's header (its line and cells), how many data rows follow, and the first whose width is not the
    header's (its line and width), read without keeping the rows; or the message saying why it cannot be read."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header_line, header_row, rows, wrong = 0, None, 0, None
    try:
        for row in limited_rows(reader):
            if not any(cell.strip() for cell in row):
                continue
            if header_row is None:
                header_line, header_row = reader.line_num, row
                continue
            rows += 1
            if len(row) != len(header_row) and wrong is None:
                wrong = (reader.line_num, len(row))
    except csv.Error as exc:
        raise DataError(f"{name}, row {reader.line_num}: not a readable CSV ({exc})") from None
    if header_row is None:
        raise DataError(f"{name}: the file is empty (expected a header row and data)")
    return header_line, header_row, rows, wrong
