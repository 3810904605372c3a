"""Loading a Home Office FOI release (.xlsx, .ods, .csv or a PDF letter) into one tidy table.

The release is not public here, so the loader is built for the shapes such releases
take: title and note rows, Total rows and columns in any spelling, suppressed cells,
pivot-table exports and merged cells that name a force once per block, several sheets,
two-row headers, months across the columns, and letters with a table in them.
`referrals.foi.load_release` is the same function.
"""

from __future__ import annotations

from .cells import SUPPRESSED
from .loader import load_release
from .model import TIDY_COLUMNS, Release

__all__ = ["SUPPRESSED", "TIDY_COLUMNS", "Release", "load_release"]
