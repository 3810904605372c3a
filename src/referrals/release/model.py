"""The loaded release: one tidy table, and what the release says about itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

#: One row per cell of the release: the force and crime type as the release spells them and as canonical ids,
#: the month ('' if none), the count (empty if suppressed), the suppression marker, and where the cell came from
#: (its row, and its sheet, or 'page N' for a PDF letter; '' for a CSV).
TIDY_COLUMNS = [
    "force",
    "force_as_given",
    "crime_type",
    "crime_type_as_given",
    "month",
    "value",
    "suppressed",
    "marker",
    "source_row",
    "sheet",
]


@dataclass
class Release:
    """A loaded FOI release.

    tidy: the cells; notes: the release's own note rows and everything the loader noticed (carried-down labels,
    hidden rows, Totals that disagree with their cells, sheets skipped); title: the text above the header;
    synthetic: marked SYNTHETIC in its file name or title rows; period: ('YYYY-MM', 'YYYY-MM') from its months
    or a period its title rows state, else None; sheets: the sheets (or PDF pages) data was read from;
    totals: each Total row or column cell the release states, with its check against the cells.
    """

    path: Path
    tidy: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    synthetic: bool = False
    period: tuple[str, str] | None = None
    sheets: list[str] = field(default_factory=list)
    totals: pd.DataFrame | None = None
