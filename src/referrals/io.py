"""Reading untrusted text tables and writing outputs atomically and deterministically."""

from __future__ import annotations

import csv
import io as _io
import math
import os
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from .errors import DataError


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename: readers never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


@contextmanager
def staged_writes():
    """Collect several writes and commit them only if all of them were prepared.

    A build that fails half-way leaves every previous file untouched.
    """
    staged: dict[Path, bytes] = {}
    yield staged
    for path, data in staged.items():
        atomic_write_bytes(path, data)


#: What a spreadsheet program reads as the start of a formula when it opens a CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """Text with a leading apostrophe if a spreadsheet would run it as a formula (CSV injection).

    Names copied from an untrusted release ('=HYPERLINK(...)') must reach a reader as text.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: list[str], rows: Iterable[Iterable[object]]) -> bytes:
    """Deterministic CSV: given column order, '\\n' line endings, minimal quoting, fixed number format.

    Text cells are neutralised against formulas; numbers are not (-3 is a number, not a formula).
    """
    buf = _io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([neutralise_formula(str(h)) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return buf.getvalue().encode("utf-8")


def _csv_cell(value: object) -> str:
    text = format_cell(value)
    return neutralise_formula(text) if isinstance(value, str) else text


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
    if not path.exists():
        raise DataError(f"{path}: file not found")
    data = path.read_bytes()
    if not data.strip():
        raise DataError(f"{path}: the file is empty (expected a header row and data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            f"{path}, row {line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save "
            "the file as UTF-8"
        ) from None
    if "\x00" in text:
        raise DataError(f"{path}: contains NUL bytes; is it a binary file or UTF-16? Save it as UTF-8 CSV")
    return text


def read_text_table(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """Read a UTF-8 CSV into (line number, row of strings) pairs and its header.

    Each way a file can be unreadable gets one message naming the file and line.
    """
    path = Path(path)
    text = _read_utf8(path)
    reader = csv.reader(_io.StringIO(text, newline=""))
    numbered: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                numbered.append((reader.line_num, row))
    except csv.Error as exc:
        raise DataError(f"{path}, row {reader.line_num}: not a readable CSV ({exc})") from None
    if not numbered:
        raise DataError(f"{path}: the file is empty (expected a header row and data)")
    header_line, header_row = numbered[0]
    header = [h.strip() for h in header_row]
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        raise DataError(f"{path}, row {header_line}: duplicate column name(s) {', '.join(dup)}")
    out = []
    for line, row in numbered[1:]:
        if len(row) != len(header):
            raise DataError(f"{path}, row {line}: has {len(row)} fields but the header has {len(header)}")
        out.append((line, {h: cell.strip() for h, cell in zip(header, row)}))
    if not out:
        raise DataError(f"{path}: has a header but no data rows")
    return out, header
