"""Resource limits: a release that would take minutes or gigabytes to open is refused in seconds, naming why.

A zip (an .xlsx or .ods is one) that expands far beyond any table of counts, a sheet whose
used range runs to its last cell (XFD1048576), a CSV of gigabytes or a PDF of thousands of
pages are not releases a reporter was sent; reading them whole would hang the build. Each
limit is far above what a real release needs (a table of 100,000 rows loads well within them).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import DataError

MAX_FILE_BYTES = 200_000_000  # the file as given
MAX_UNCOMPRESSED_BYTES = 400_000_000  # everything an .xlsx or .ods expands to
MAX_RATIO = 200  # uncompressed to compressed, for any one zip member of some size
MAX_COLUMNS = 2_000
MAX_ROWS = 300_000
MAX_CELLS = 6_000_000  # rows x columns of a sheet's used range
MAX_PDF_PAGES = 500
MAX_MERGED = 2_000_000  # cells covered by merges

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: an encrypted workbook, or an old .xls


def check_size(path: Path, name: str) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataError(
            f"{name}: {size:,} bytes, more than a release needs (at most {MAX_FILE_BYTES:,}); "
            "save only the tables as their own file"
        )


def check_spreadsheet(path: Path, name: str, suffix: str) -> None:
    """A workbook that is encrypted or not a zip is named as such; a zip that expands too far is refused."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _CFB:
        data = path.read_bytes()
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptionInfo" in data:
            raise DataError(
                f"{name}: the workbook is password-protected (encrypted); open it in a spreadsheet program, remove "
                f"the password (or ask the sender for an unprotected copy) and save it as {suffix} again"
            )
        raise DataError(
            f"{name}: an old binary Excel file (.xls) or other compound document, not {suffix}; open it in a "
            f"spreadsheet program and save it as {suffix}"
        )
    if not zipfile.is_zipfile(path):
        raise DataError(f"{name}: cannot be read as {suffix} (it is not a zip archive, as every {suffix} file is)")
    with zipfile.ZipFile(path) as archive:
        total = 0
        for info in archive.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 10_000_000 and ratio > MAX_RATIO:
                raise DataError(
                    f"{name}: its part {info.filename!r} expands {ratio:,.0f} times to {info.file_size:,} bytes "
                    "(a zip bomb, or a sheet padded far beyond its table); refused without opening it"
                )
        if total > MAX_UNCOMPRESSED_BYTES:
            raise DataError(
                f"{name}: expands to {total:,} bytes, more than any table of counts needs (at most "
                f"{MAX_UNCOMPRESSED_BYTES:,}); refused without opening it"
            )


def check_extent(name: str, rows: int, columns: int, far: str) -> None:
    """A sheet's used range: refused when it runs far beyond a table, naming the cell that makes it so."""
    if columns > MAX_COLUMNS or rows > MAX_ROWS or rows * columns > MAX_CELLS:
        raise DataError(
            f"{name}: its cells run to {far} ({rows:,} rows by {columns:,} columns), beyond what a table of counts "
            f"needs (at most {MAX_COLUMNS:,} columns, {MAX_ROWS:,} rows and {MAX_CELLS:,} cells); delete what lies "
            f"outside the table (cell {far} is filled) and save it again"
        )
