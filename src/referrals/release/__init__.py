"""Loading a Home Office FOI release (.xlsx, .ods, .csv or a PDF letter) into its tables and one tidy table.

A release is a set of tables, each giving counts by some of the dimensions (force, crime
type, period, and any sub-column group such as sex or age), each with its own totals. The
loader finds every table (title and note rows, headers that span columns, several tables
to a sheet or letter, several sheets), reads every cell as data, as a total proven by its
values, or refuses it naming it; and reads names, periods and notes as the Home Office
writes them. `referrals.foi.load_release` is the same function. See docs/releases.md.
"""

from __future__ import annotations

from .cells import SUPPRESSED
from .loader import load_release
from .model import TIDY_COLUMNS, Release, Table

__all__ = ["SUPPRESSED", "TIDY_COLUMNS", "Release", "Table", "load_release"]
