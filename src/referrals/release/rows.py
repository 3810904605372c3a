"""Reading the rows under a sheet's header: data rows, Total rows, block headers and note rows.

Pivot-table exports and merged cells name a force only on the first row of its
block: a blank label is carried down from the row above when a label to its right
is filled (the way a pivot table leaves outer labels blank). A row whose label says
Total (in any spelling), or whose labels are blank, is a Total: kept with what it
is the total of, to be checked against the data, never summed as data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import vocab
from ..errors import DataError
from ..months import parse_month
from .cells import parse_count
from .grids import Grid
from .layout import Layout
from .text import header_kind, is_text, norm, total_label

#: The forces' nations that a nation's subtotal row ('England and Wales total') covers.
NATION_FORCES = {
    "england-and-wales": {"england", "wales"},
    "scotland": {"scotland"},
    "northern-ireland": {"northern-ireland"},
}
_PREFIX = re.compile(r"^(crime type|type of crime|offence|month|force)\s*[:\-\u2013]\s*", re.IGNORECASE)


@dataclass
class TotalCell:
    """A stated Total and what it is the total of (None: every value of that dimension)."""

    where: str
    grid: int
    value: float | None
    suppressed: bool
    marker: str
    forces: frozenset[str] | None = None
    crime_type: str | None = None
    month: str | None = None


class RowNotes:
    """Note rows as they come, then the loader's own remarks, each with the rows it concerns."""

    def __init__(self, grid: Grid):
        self.grid = grid
        self.lines: list[str] = []
        self.remarks: dict[str, list[int]] = {}

    def line(self, text: str) -> None:
        self.lines.append(text)

    def about(self, remark: str, row: int) -> None:
        self.remarks.setdefault(remark, []).append(row)

    def render(self) -> list[str]:
        prefix = f"sheet '{self.grid.sheet}', " if self.grid.sheet else ""
        return self.lines + [f"{prefix}{self.grid.rows_text(rows)}: {remark}" for remark, rows in self.remarks.items()]


def try_resolve(vocabulary: vocab.Vocabulary, text: str) -> str | None:
    """A canonical id, or None where the name is unknown (used only where a name is optional)."""
    try:
        return vocabulary.resolve(_PREFIX.sub("", text))
    except DataError:
        return None


class RowReader:
    """Reads one sheet's rows into tidy records and Total cells."""

    def __init__(self, grid: Grid, grid_index: int, layout: Layout, context: dict[str, tuple[str, str]]):
        self.grid, self.index, self.layout = grid, grid_index, layout
        self.context = dict(context)  # 'crime_type' / 'month' -> (id, as given), from the sheet or a block header
        self.carried: dict[str, str] = {}
        self.records: list[list] = []
        self.totals: list[TotalCell] = []
        self.notes = RowNotes(grid)
        self.geos, self.cts = vocab.geographies(), vocab.crime_types()
        self.header_keys = [[norm(t) for t in grid.rows[r]] for r in layout.header_rows]
        self.label_order = sorted(layout.labels.items(), key=lambda item: item[1])

    def read(self) -> RowReader:
        for r in range(self.layout.first_data_row, len(self.grid.rows)):
            self._row(r)
        return self

    def _row(self, r: int) -> None:
        cells = self.grid.rows[r]
        filled = [c for c, text in enumerate(cells) if text]
        if not filled or self._header_again(r, cells):
            return
        if all(is_text(cells[c]) for c in filled) and (len(filled) == 1 or not self._names_a_label(cells)):
            text = " ".join(cells[c] for c in filled)
            if len(filled) > 1 or not self._block_header(filled[0], text):
                self.notes.line(f"{self.grid.place(r)}: {text[:300]}")
            return
        labels = self._labels(r, cells)
        dims = None if any(not t or total_label(t) is not None for t in labels.values()) else self._dims(r, labels)
        if dims is None:
            self._total_row(r, cells, labels)
        else:
            self._data_row(r, cells, dims)

    def _header_again(self, r: int, cells: list[str]) -> bool:
        """A header repeated under the table (as on a PDF's next page) is skipped; a different one is refused."""
        if [norm(t) for t in cells] in self.header_keys:
            return True
        if header_kind(cells[self.layout.labels["force"]]) == "force":
            first = self.grid.place(self.layout.header_rows[-1])
            raise DataError(
                f"{self.grid.where(r)}: a second header row, different from the first ({first}); "
                "put each table in its own sheet or file"
            )
        return False

    def _block_header(self, c: int, text: str) -> bool:
        """A row naming only a crime type (or month, or force) that the rows below it share."""
        if self.layout.needs("crime_type") and (ct := try_resolve(self.cts, text)) not in (None, "all"):
            self.context["crime_type"] = (ct, text)
            return True
        if self.layout.needs("month") and (month := parse_month(_PREFIX.sub("", text), lenient=True)):
            self.context["month"] = (month, text)
            return True
        force_col = self.layout.labels["force"]
        if c == force_col and len(self.layout.labels) > 1 and self._is_force(try_resolve(self.geos, text)):
            self.carried["force"] = text
            return True
        return False

    def _names_a_label(self, cells: list[str]) -> bool:
        """Some label cell names a force, crime type or month (or a Total): a row of the table, not a note."""
        vocabularies = {"force": self.geos, "crime": self.cts}
        for kind, c in self.layout.labels.items():
            text = cells[c]
            if text and (total_label(text) is not None or kind == "month" and parse_month(text, lenient=True)):
                return True
            if text and kind in vocabularies and try_resolve(vocabularies[kind], text) is not None:
                return True
        return False

    @staticmethod
    def _is_force(geography: str | None) -> bool:
        return geography is not None and (geography in vocab.forces() or geography == "not-recorded")

    def _labels(self, r: int, cells: list[str]) -> dict[str, str]:
        """Each label column's text; a blank is carried down from above when a label to its right is filled."""
        given = [(kind, c, cells[c]) for kind, c in self.label_order]
        labels = {}
        for i, (kind, c, text) in enumerate(given):
            if not text and kind in self.carried and any(t for _, _, t in given[i + 1 :]):
                text = self.carried[kind]
                how = "merged cells" if (r, c) in self.grid.merged else "blank cells"
                self.notes.about(
                    f"in column {c + 1} ({self.layout.headings[c]}), the {kind} named above was carried down into "
                    f"{how} (a pivot-table export or merged cells name each {kind} once per block)",
                    r,
                )
            labels[kind] = text
        for kind, _, text in given:
            if text:  # a Total label too: an 'All forces' block names itself once, like a force
                self.carried[kind] = text
        return labels

    def _dims(self, r: int, labels: dict[str, str]) -> dict[str, tuple[str, str]] | None:
        """(id, as given) for each label of a data row; None if a label names everything (a Total row)."""
        dims = {}
        for kind, text in labels.items():
            where = self.grid.where(r, self.layout.labels[kind])
            if kind == "force":
                force = self.geos.resolve(text, where)
                if force == "uk":
                    return None
                if not self._is_force(force):
                    kind_name = self.geos.attributes[force].get("kind", "geography")
                    raise DataError(f"{where}: {text!r} is a {kind_name}, not a force")
                dims["force"] = (force, text)
            elif kind == "crime":
                crime_type = self.cts.resolve(text, where)
                if crime_type == "all":
                    return None
                dims["crime_type"] = (crime_type, text)
            else:
                month = parse_month(text, lenient=True)
                if month is None:
                    raise DataError(f"{where}: {text!r} is not a month (expected e.g. 2021-03 or March 2021)")
                dims["month"] = (month, text)
        return {**{d: v for d, v in self.context.items() if self.layout.needs(d)}, **dims}

    def _data_row(self, r: int, cells: list[str], dims: dict[str, tuple[str, str]]) -> None:
        sheet, number = self.grid.ref(r)
        for c, fixed in self.layout.values.items():
            d = {**dims, **fixed}
            if "crime_type" not in d:
                raise DataError(
                    f"{self.grid.where(r)}: no crime type for this row: there is no crime-type column, no block "
                    "header row naming one above the rows, and the sheet is not named after one"
                )
            value, suppressed, marker = parse_count(cells[c], self.grid.where(r, c, self.layout.headings[c]))
            month = d.get("month", ("", ""))[0]
            force, crime_type = d["force"], d["crime_type"]
            self.records.append(
                [force[0], force[1], crime_type[0], crime_type[1], month, value, suppressed, marker, number, sheet]
                + [self.index, r]
            )
        scope = {"forces": frozenset([dims["force"][0]])}
        scope |= {d: v[0] for d, v in dims.items() if d in ("crime_type", "month")}
        for c in self.layout.totals:
            self._total_cell(r, c, cells[c], scope)

    def _total_row(self, r: int, cells: list[str], labels: dict[str, str]) -> None:
        if not any(t and total_label(t) is not None for t in labels.values()):
            self.notes.about("a row with counts but a blank label was read as a Total and checked, not as data", r)
        scope = self._scope(labels)
        for c, fixed in self.layout.values.items():
            self._total_cell(r, c, cells[c], scope | {d: v[0] for d, v in fixed.items()})
        for c in self.layout.totals:
            self._total_cell(r, c, cells[c], scope)

    def _scope(self, labels: dict[str, str]) -> dict:
        """What a Total row is the total of: its labels that name something (blank or 'Total' name everything)."""
        scope: dict = {d: v[0] for d, v in self.context.items() if self.layout.needs(d)}
        for kind, text in labels.items():
            rest = total_label(text) if text else ""
            name = text if rest is None else rest
            if not name:
                continue
            if kind == "force":
                scope["forces"] = self._forces(try_resolve(self.geos, name))
            elif kind == "crime":
                scope["crime_type"] = try_resolve(self.cts, name)
            else:
                scope["month"] = parse_month(name, lenient=True)
        if scope.get("crime_type") == "all":
            scope["crime_type"] = None
        return scope

    def _forces(self, geography: str | None) -> frozenset[str] | None:
        if self._is_force(geography):
            return frozenset([geography])
        if geography in NATION_FORCES:
            forces = vocab.forces()
            return frozenset(f for f in forces.ids() if forces.attributes[f]["nation"] in NATION_FORCES[geography])
        return None

    def _total_cell(self, r: int, c: int, text: str, scope: dict) -> None:
        if not text:
            return
        heading = self.layout.headings[c]
        value, suppressed, marker = parse_count(text, self.grid.where(r, c, heading))
        where = f"{self.grid.place(r)}, column {c + 1} ({heading})"
        self.totals.append(TotalCell(where, self.index, value, suppressed, marker, **scope))
