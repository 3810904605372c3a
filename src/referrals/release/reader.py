"""Reading one table: every cell under its header becomes a data cell, a total cell, or a refusal naming it.

Each value column's heading levels and each row's labels resolve, in their dimension, to a
member (a force, a crime type, a period, a sex or age group), a group (a nation's forces,
a union of crime types) or a total. A cell whose every dimension names a member is data;
any other is a total, which totals.py must prove from the data cells (a total is never
summed as data, and a name alone never makes one). Rows that name only a block (a crime
type above its forces) give the rows below it that dimension; rows of text are notes.
Nothing is dropped in silence: a heading or label that resolves to nothing, a count cell
that is not a count, a column of numbers with no heading are all refused, every one at once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .cells import Cell, read_cell
from .finder import DIMENSION_OF_KIND, TEXT, VALUE, Block, Finder
from .names import CRIME, DIMENSION_WORDS, FORCE, PERIOD, SUB, Names, Resolved
from .text import header_kind, norm, total_label

ORDER = (FORCE, CRIME, PERIOD, SUB)
SCOPE_DIMENSIONS = (FORCE, CRIME, PERIOD, SUB)


@dataclass
class Record:
    """A data cell: a member of each of the table's dimensions, and its count."""

    key: dict[str, Resolved]
    cell: Cell
    r: int
    c: int


@dataclass
class TotalCell:
    """A cell that names a total or a group: what it totals (each dimension's members; None: all of them)."""

    key: dict[str, Resolved]
    cell: Cell
    r: int
    c: int
    named: bool  # its label or heading says total ('Total', 'England'); False for a row with no label
    row_total: bool = False  # its row's labels name a total or a group, or nothing (not a total column's cell)
    alternatives: list[dict[str, frozenset | None]] = field(default_factory=list)  # extra scopes to try, in order

    def scope(self) -> dict[str, frozenset | None]:
        out: dict[str, frozenset | None] = {}
        for dim, found in self.key.items():
            if found.kind == "member":
                out[dim] = frozenset([found.id])
            else:
                out[dim] = found.members
        return out


@dataclass
class Problems:
    """Everything refused while reading, each with its place, reported together."""

    lines: list[str] = field(default_factory=list)
    _seen: set = field(default_factory=set)

    def add(self, text: str, key=None) -> None:
        key = key or text
        if key not in self._seen:
            self._seen.add(key)
            self.lines.append(text)


class TableReader:
    """Reads one table block into data records and total cells."""

    def __init__(self, block: Block, finder: Finder, names: Names, problems: Problems, context_texts: list[str]):
        self.block, self.grid, self.finder, self.names, self.problems = block, block.grid, finder, names, problems
        self.records: list[Record] = []
        self.totals: list[TotalCell] = []
        self.notes: list[str] = []  # the table's own note rows, as given
        self.remarks: dict[str, list[int]] = {}  # what the loader noticed, with the rows
        self.label_dims: dict[int, str] = {}
        self.subgroup = ""  # 'sex', 'age' or 'groups' when the table splits counts by a sub-column
        self.columns: dict[int, dict[str, Resolved]] = {}
        self.context: dict[str, Resolved] = {}
        self.context_texts = context_texts
        self.unknown_labels: dict[tuple[str, str], list[str]] = {}
        self.prefer: dict[int, str] = {}  # a period column -> what its periods are, to settle one that could be two
        self.blank_rows: list[int] = []

    # --- labels down the rows ---------------------------------------------------------------------------------------
    def _label_dimensions(self) -> None:
        used: set[str] = set()
        for c, what in sorted(self.block.labels.items()):
            dim = DIMENSION_OF_KIND.get(what) if what else self._infer(c)
            if dim is None:
                examples = self._label_texts(c)[:3]
                self.problems.add(
                    f"{self.grid.where(self.block.header[-1], c)}: the labels in this column "
                    f"({', '.join(map(repr, examples))}) name no force, crime type or period, and its heading does not "
                    "say what they are"
                )
                continue
            if dim in used and dim != SUB:
                self.block.ignored[c] = f"a second {DIMENSION_WORDS[dim]} column"
                continue
            used.add(dim)
            self.label_dims[c] = dim
            if dim == PERIOD:
                self.prefer[c] = self.names.period_kind(self._label_texts(c))
            if dim == SUB:
                name = norm(self.block.heading(c)) or "groups"
                self.subgroup = f"{self.subgroup} and {name}" if self.subgroup else name

    def _side_by_side(self) -> None:
        """A column of labels to the right of counts: two tables side by side, which would read as one."""
        block = self.block
        late = [c for c in self.label_dims if block.values and c > min(block.values)]
        if late:
            c = late[0]
            self.problems.add(
                f"{self.grid.where(block.header[-1], c)}: a column of labels ({block.heading(c) or 'no heading'}) to "
                "the right of columns of counts: two tables side by side? Put one under the other (with a blank row "
                "between), or each on its own sheet"
            )
            for col in late:
                self.label_dims.pop(col)

    def _label_texts(self, c: int) -> list[str]:
        rows = self.grid.rows
        return list(dict.fromkeys(rows[r][c] for r in self.block.body if rows[r][c] and self._has_values(r)))

    def _infer(self, c: int) -> str | None:
        texts = [t for t in self._label_texts(c) if total_label(t) is None]
        if not texts:
            return None
        scores = {
            dim: sum(self.names.resolve(dim, t).kind != "unknown" for t in texts) for dim in (FORCE, CRIME, PERIOD)
        }
        best = max(scores, key=scores.get)
        return best if scores[best] else None

    def _has_values(self, r: int) -> bool:
        kinds = self.finder.kinds[r]
        return any(kinds[c] == VALUE for c in self.block.values)

    # --- headings across the columns --------------------------------------------------------------------------------
    def _column_keys(self) -> None:
        block = self.block
        levels = len(block.header)
        dims: list[str | None] = []
        for level in range(levels):
            dims.append(self._level_dimension(level, dims))
        prefer = [self.names.period_kind([block.headings[c][level] for c in block.values]) for level in range(levels)]
        for c in block.values:
            key: dict[str, Resolved] = {}
            for level in range(levels):
                text = block.headings[c][level]
                if not text or header_kind(text) in ("force", "crime", "month", "sub", "count"):
                    continue
                if level and text == block.headings[c][level - 1]:
                    continue  # one heading over two header rows (merged down, or repeated)
                dim = dims[level]
                if dim is None:
                    self._unknown_heading(c, level, text)
                    key = {}
                    break
                found = self.names.resolve(dim, text, prefer[level] if dim == PERIOD else "")
                if found.kind == "unknown":
                    self.problems.add(
                        f"{self.grid.where(block.header[level], c)}: heading {text!r} {found.problem}",
                        ("heading", c, level),
                    )
                    key = {}
                    break
                if dim in key and dim == SUB:
                    key[dim] = combine(key[dim], found)
                    continue
                if dim in key:
                    self.problems.add(
                        f"{self.grid.where(block.header[level], c)}: heading {text!r} names a second "
                        f"{DIMENSION_WORDS[dim]}"
                    )
                    key = {}
                    break
                key[dim] = found
            else:
                self.columns[c] = key

    def _level_dimension(self, level: int, above: list[str | None]) -> str | None:
        """The dimension one header row's headings name: the one most of them resolve in (a sub-column group when
        they are sexes or ages, or repeat under each heading of the row above)."""
        block = self.block
        texts = [block.headings[c][level] for c in block.values]
        words = [header_kind(t) for t in texts if t]
        named = [t for t in texts if t and header_kind(t) is None and total_label(t) != ""]
        distinct = list(dict.fromkeys(named))
        if not distinct:
            hint = next((w for w in words if w in DIMENSION_OF_KIND), None)
            return DIMENSION_OF_KIND.get(hint) if hint else (above[-1] if above and above[-1] else CRIME)
        taken = set(self.label_dims.values()) | {d for d in above if d}
        scores = {dim: sum(self._names_it(dim, t) for t in distinct) for dim in (PERIOD, CRIME, FORCE)}
        sub = self.names.sub_dimension(distinct)
        if sub or (level > 0 and self._repeats(level)):
            if not (sub is None and max(scores.values()) == len(distinct)):
                self.subgroup = sub or "groups"
                return SUB
        ranked = sorted(scores, key=lambda d: (scores[d], d not in taken), reverse=True)
        if scores[ranked[0]]:
            return ranked[0]
        hint = next((DIMENSION_OF_KIND[w] for w in words if w in DIMENSION_OF_KIND), None)
        return hint or next((d for d in (CRIME, PERIOD, FORCE) if d not in taken), None)

    def _names_it(self, dim: str, text: str) -> bool:
        """The text names something in this dimension (a period that could be two periods still names periods)."""
        found = self.names.resolve(dim, text)
        return found.kind != "unknown" or (dim == PERIOD and found.problem.startswith("could be"))

    def _repeats(self, level: int) -> bool:
        """The headings of this row repeat, in the same order, under two or more headings of the row above."""
        block = self.block
        groups: dict[str, list[str]] = {}
        for c in block.values:
            upper, text = block.headings[c][level - 1], block.headings[c][level]
            if upper and text and total_label(text) != "":
                groups.setdefault(upper, []).append(text)
        runs = [tuple(v) for v in groups.values() if v]
        return len(runs) >= 2 and len(set(runs)) == 1 and len(runs[0]) >= 2

    def _unknown_heading(self, c: int, level: int, text: str) -> None:
        self.problems.add(
            f"{self.grid.where(self.block.header[level], c)}: heading {text!r} is not a crime type, period or force "
            "the project knows",
            ("heading", c, level),
        )

    def _lone_total(self) -> None:
        """A table whose one column of counts is headed 'Total' ('Police force | Total'): that column is the count."""
        if len(self.columns) == 1:
            c, key = next(iter(self.columns.items()))
            if key and all(f.kind == "total" and f.members is None for f in key.values()):
                self.columns[c] = {}

    # --- context: what the whole table shares -----------------------------------------------------------------------
    def _context(self) -> None:
        present = set(self.label_dims.values()) | {d for key in self.columns.values() for d in key}
        for dim in (CRIME, FORCE):
            if dim in present:
                continue
            for text in [self.grid.sheet, *self.context_texts]:
                found = self.names.resolve(dim, text) if text else None
                if found is not None and found.kind == "member":
                    self.context[dim] = found
                    break

    # --- rows ------------------------------------------------------------------------------------------------------
    def read(self) -> TableReader:
        block = self.block
        for c in block.unheaded:
            rows = [r for r in block.body if self.finder.kinds[r][c] == VALUE]
            self.problems.add(
                f"{self.grid.where(rows[0], c)}: a column of numbers with no heading ({len(rows)} cells, "
                f"{self.grid.rows_text(rows)}); every column of counts needs a heading saying what it counts"
            )
        self._label_dimensions()
        self._side_by_side()
        self._column_keys()
        self._lone_total()
        self._context()
        if not self.label_dims and not self._one_row():
            self._no_labels()
            return self
        header_keys = [[norm(t) for t in self.grid.rows[h]] for h in block.header]
        carried: dict[int, str] = {}
        label_cols = sorted(self.label_dims)
        for r in block.body:
            cells = self.grid.rows[r]
            filled = self.finder.filled(r)
            if not filled:
                continue
            if [norm(t) for t in cells] in header_keys:
                continue
            if not self._has_values(r) and self._block_header(r, filled):
                continue
            labels = self._labels(r, label_cols, carried)
            resolved = {
                c: self.names.resolve(self.label_dims[c], t, self.prefer.get(c, "")) for c, t in labels.items() if t
            }
            if not self._has_values(r):
                if resolved and all(x.kind == "member" for x in resolved.values()) and not self._text_in_values(r):
                    self._row(r, labels, resolved)  # a row whose counts are all blank (zeros left blank)
                else:
                    self.notes.append(f"{self.grid.place(r)}: {' '.join(cells[c] for c in filled)[:300]}")
                continue
            self._row(r, labels, resolved)
        return self

    def _one_row(self) -> bool:
        """A table with no label column can only be one row of counts (national totals, by the columns)."""
        rows = [r for r in self.block.body if self._has_values(r)]
        values = set(self.block.values)
        return len(rows) == 1 and not any(
            self.finder.kinds[rows[0]][c] == TEXT for c in range(self.grid.width) if c not in values
        )

    def _no_labels(self) -> None:
        block = self.block
        first = next(r for r in block.body if self._has_values(r))
        read_past = [f"column {c + 1} is headed {h!r} (read past)" for c, h in sorted(block.ignored.items())]
        self.problems.add(
            f"{self.grid.where(first)}: no column names what each row counts (a force, crime type or period)"
            + (f": {'; '.join(read_past)}" if read_past else "")
            + "; head the column of names 'Police force', 'Crime type' or 'Period'"
        )

    def _text_in_values(self, r: int) -> bool:
        return any(self.finder.kinds[r][c] == TEXT for c in self.block.values)

    def _block_header(self, r: int, filled: list[int]) -> bool:
        """A row naming only a crime type, period or force that the rows below it share."""
        if len(filled) != 1:
            return False
        text = self.grid.rows[r][filled[0]]
        present = set(self.label_dims.values()) | {d for key in self.columns.values() for d in key}
        for dim in (CRIME, PERIOD, FORCE):
            if dim in present and dim not in self.context:
                continue
            found = self.names.resolve(dim, _unprefixed(text))
            if found.kind == "member":
                self.context[dim] = found
                return True
        return False

    def _labels(self, r: int, label_cols: list[int], carried: dict[int, str]) -> dict[int, str]:
        """Each label column's text; a blank is carried down from above when a label to its right is filled (the
        way a pivot table, or a merged cell, names each block once)."""
        cells = self.grid.rows[r]
        out = {}
        for i, c in enumerate(label_cols):
            text = cells[c]
            if not text and c in carried and any(cells[d] for d in label_cols[i + 1 :]):
                text = carried[c]
                how = "merged cells" if (r, c) in self.grid.merged else "blank cells"
                dim = DIMENSION_WORDS[self.label_dims[c]]
                remark = (
                    f"in column {c + 1} ({self.block.heading(c) or 'labels'}), the {dim} named above was carried "
                    f"down into {how} (a pivot-table export or merged cells name each {dim} once per block)"
                )
                self.remarks.setdefault(remark, []).append(r)
            out[c] = text
        for c in label_cols:
            if cells[c]:
                carried[c] = cells[c]
        return out

    def _row(self, r: int, labels: dict[int, str], resolved: dict[int, Resolved]) -> None:
        row_key: dict[str, Resolved] = {}
        for c, found in resolved.items():
            if found.kind == "unknown":
                dim = self.label_dims[c]
                self.unknown_labels.setdefault((dim, labels[c]), []).append(self.grid.where(r, c))
                self.unknown_labels[(dim, labels[c])].append(found.problem)
                return
            dim = self.label_dims[c]
            row_key[dim] = combine(row_key[dim], found) if dim in row_key else found
        blank_label = bool(self.label_dims) and not row_key and not any(labels.values())
        if blank_label:
            self.blank_rows.append(r)
        for dim, found in self.context.items():
            row_key.setdefault(dim, found)
        for c in self.block.values:
            if c not in self.columns:
                continue
            key = dict(row_key)
            conflict = next((d for d in self.columns[c] if d in key and d not in self.context), None)
            if conflict:
                self.problems.add(
                    f"{self.grid.where(r, c)}: the row and the column both name a {DIMENSION_WORDS[conflict]}",
                    ("conflict", conflict, c),
                )
                continue
            key.update(self.columns[c])
            cell = read_cell(self.grid.rows[r][c])
            if cell.problem:
                self.problems.add(
                    f"{self.grid.where(r, c, self.block.heading(c))}: value {self.grid.rows[r][c]!r} {cell.problem}"
                )
                continue
            if all(found.kind == "member" for found in key.values()) and not blank_label:
                self.records.append(Record(key, cell, r, c))
            elif cell.marker != "(blank)":  # a total left blank states nothing to check
                row_total = blank_label or any(f.kind != "member" for f in row_key.values())
                self.totals.append(TotalCell(key, cell, r, c, named=not blank_label, row_total=row_total))

    def unknown_label_problems(self) -> None:
        for (dim, text), found in self.unknown_labels.items():
            places, reasons = found[0::2], found[1::2]
            more = f" (and {len(places) - 1} more cells)" if len(places) > 1 else ""
            self.problems.add(f"{places[0]}{more}: {DIMENSION_WORDS[dim]} {text!r} {reasons[0]}")


def combine(a: Resolved, b: Resolved) -> Resolved:
    """Two sub-column groups as one ('Male / Under 18'); with a total in either, a pattern ('Male / *') that the
    loader turns into the groups it totals."""
    parts = [x.id if x.kind == "member" else "*" for x in (a, b)]
    given = f"{a.given} / {b.given}"
    if "*" not in parts:
        return Resolved("member", SUB, id=" / ".join(parts), given=given)
    return Resolved("total", SUB, id=" / ".join(parts), given=given, everything_word=True)


def _unprefixed(text: str) -> str:
    """'Crime type: Domestic abuse' -> 'Domestic abuse'."""
    return re.sub(r"^(crime type|type of crime|offence|month|period|year|force)\s*[:\-\u2013]\s*", "", text, flags=re.I)


def dimension_counts(records: list[Record]) -> Counter:
    return Counter(d for rec in records for d in rec.key)
