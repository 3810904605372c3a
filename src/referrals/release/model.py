"""The loaded release: a set of tables, each giving counts by some of the dimensions, in one tidy table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

#: One row per data cell of every table: the table it belongs to; the force, crime type and period it counts, as the
#: release spells them and as ids ('' where the table does not split by that dimension: a by-force table's cells
#: count every crime type); the sub-column group ('Male', 'Adult'; '' if none); the count (empty when unknown: a
#: suppressed cell, or a blank no total proves zero), the mark ('' for a count, the suppression mark, '(blank)'),
#: and where the cell is (its sheet and cell, or PDF page, table row and column).
TIDY_COLUMNS = [
    "table",
    "force",
    "force_as_given",
    "crime_type",
    "crime_type_as_given",
    "period_start",
    "period_end",
    "period_as_given",
    "subgroup",
    "value",
    "suppressed",
    "marker",
    "sheet",
    "cell",
]
DIMENSIONS = ("force", "crime_type", "period", "subgroup")


@dataclass
class Table:
    """One table of a release: where it is, what it splits its counts by, and the period it covers."""

    number: int
    where: str  # "sheet 'Table 1', rows 5-52"
    title: list[str]
    dimensions: tuple[str, ...]  # some of DIMENSIONS, in that order
    subgroup: str = ""  # what the sub-columns split by: 'sex', 'age', 'groups'; '' if none
    period: tuple[str, str] | None = None  # first and last month covered; None: not stated
    period_source: str = ""  # how the period is known ('its columns', 'its title', "the release's title")
    start_range: tuple[str, str] | None = None  # the first month, when only known to lie in a range
    end_range: tuple[str, str] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.number)

    def describe(self) -> str:
        words = {"force": "force", "crime_type": "crime type", "period": "period", "subgroup": self.subgroup or "group"}
        by = " and ".join(words[d] for d in self.dimensions) or "no breakdown"
        return f"Table {self.number} ({self.where}): by {by}"

    def has(self, dimension: str) -> bool:
        return dimension in self.dimensions


@dataclass
class Release:
    """A loaded FOI release.

    tidy: every data cell (TIDY_COLUMNS); tables: what each table gives; totals: every total the release states,
    with its check against the cells; notes: the release's own notes and what the loader noticed; conflicts: where
    two tables disagree; title: the text above the first table (and on cover sheets); synthetic: marked SYNTHETIC
    in its file name or title; period: the months it covers, from its title or notes ('stated'), or from its
    period cells; None when it states none; period_status says which.
    """

    path: Path
    tidy: pd.DataFrame
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    synthetic: bool = False
    period: tuple[str, str] | None = None
    period_status: str = "not stated"  # 'stated', 'from its periods', 'ambiguous', 'not stated'
    sheets: list[str] = field(default_factory=list)
    totals: pd.DataFrame | None = None
    conflicts: list[str] = field(default_factory=list)

    def table(self, number: int | str) -> Table:
        return next(t for t in self.tables if t.id == str(number))
