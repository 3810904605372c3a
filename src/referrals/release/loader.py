"""load_release: a release file (.xlsx, .ods, .csv, or a PDF letter) into its tables and one tidy table.

Load, then process, step by step: read the grids (read.py); find each table in them
(finder.py); read each table's cells (reader.py); prove its totals and its blanks
(totals.py); settle its periods from its headings, notes and title; put together the
tables that continue one another (the same breakdown on several sheets); refuse a cell
given twice; hold the tables against each other. Every problem found on the way is
reported at once, naming its file, sheet and cell; a release with any is not loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from ..months import month_label, period_label
from ..paths import raw_dir
from . import meta, totals
from .aggregate import table_ranges
from .finder import Block, Finder
from .grid import Grid, row_ranges
from .model import DIMENSIONS, TIDY_COLUMNS, Release, Table
from .names import CRIME, FORCE, PERIOD, SUB, Names, Resolved, names
from .periods import Span, stated_end, stated_periods, stated_start
from .read import read_grids
from .reader import ORDER, Problems, Record, TableReader
from .text import clean

SHOWN_PROBLEMS = 25


@dataclass
class Part:
    """One table as read from one block of one grid, before tables that continue each other are put together."""

    reader: TableReader
    frame: pd.DataFrame
    checked: totals.Checked
    dims: tuple[str, ...]
    own_period: Span | None = None
    notes: list[str] = field(default_factory=list)
    period_map: dict[str, Span] = field(default_factory=dict)
    start_range: tuple[str, str] | None = None
    end_range: tuple[str, str] | None = None

    @property
    def block(self) -> Block:
        return self.reader.block

    @property
    def where(self) -> str:
        """Where the table is: "sheet 'Table 1', rows 4-52", or the pages and table rows of a PDF."""
        grid = self.block.grid
        kinds = self.reader.finder.kinds
        filled = [self.block.header[0], *[r for r in self.block.body if "v" in kinds[r]]]
        if grid.row_refs:
            first, last = grid.row_refs[filled[0]][2], grid.row_refs[filled[-1]][2]
            return first if first == last else f"{first} to {last}"
        prefix = f"sheet '{grid.sheet}', " if grid.sheet else ""
        return f"{prefix}rows {filled[0] + 1}-{filled[-1] + 1}"


def load_release(path: Path | str, raw_directory: Path | None = None) -> Release:
    """The release's tables and its tidy table (see model.TIDY_COLUMNS), its totals checked, its notes and period."""
    path = Path(path)
    name = clean(str(path))
    grids = read_grids(path)
    resolver = names(Path(raw_directory) if raw_directory else raw_dir())
    problems = Problems()
    notes: list[str] = []
    cover: list[str] = []
    readers: list[TableReader] = []
    for grid in grids:
        notes += [f"{_prefix(grid)}{remark}" for remark in grid.remarks]
        finder = Finder(grid)
        blocks = finder.blocks()
        for r in finder.stray:
            problems.add(
                f"{grid.where(r)}: a row of numbers with no header row above it (every table needs a row of headings "
                "saying what its columns count)"
            )
        if not blocks:
            if not finder.stray:
                notes.append(f"{_prefix(grid) or 'the file: '}no table of counts (notes or contents only); skipped")
                cover += [" ".join(t for t in row if t) for row in grid.rows if any(row)]
            continue
        notes += _hidden_notes(grid)
        for block in blocks:
            readers.append(TableReader(block, finder, resolver, problems, block.title_text()).read())
    for reader in readers:
        reader.unknown_label_problems()
    if not readers and not problems.lines:
        raise DataError(
            f"{name}: no table found: no row of labels and numbers has a row of headings above it "
            "(e.g. 'Police force | Domestic abuse | ...', or 'Crime type | Number of victims')"
        )
    _raise(name, problems)
    parts = [_part(reader, resolver, problems) for reader in readers]
    title = list(dict.fromkeys(cover + [t for p in parts for t in p.block.title_text()]))
    note_lines = cover + [n for p in parts for n in p.reader.notes]
    heading_lines = [line for line in cover + parts[0].block.title_text() if not meta.is_note(line)]
    stated, remarks = meta.stated_period(heading_lines)
    if stated is None:
        stated, remarks = meta.stated_period([n for n in note_lines if not meta.is_note(n)], notes=True)
    notes += remarks
    numbered = meta.numbered_notes(note_lines + title)
    for part in parts:
        _periods(part, stated, numbered, problems)
    tables, tidy, checks = _tables(parts, stated, problems)
    _raise(name, problems)
    for part in parts:
        notes += part.notes
    notes += _marker_notes(parts, numbered)
    period, status, period_notes = _release_period(stated, tables)
    release = Release(
        path=path,
        tidy=tidy,
        tables=tables,
        notes=list(dict.fromkeys(notes + period_notes)),
        title=title,
        synthetic=meta.is_synthetic(path.name, title),
        period=period,
        period_status=status,
        sheets=list(dict.fromkeys(s for s in tidy["sheet"] if s)),
        totals=checks,
    )
    release.conflicts, apart = _conflicts(release)
    release.notes += apart
    return release


def _prefix(grid: Grid) -> str:
    return f"sheet '{grid.sheet}': " if grid.sheet else ""


def _raise(name: str, problems: Problems) -> None:
    if problems.lines:
        count = len(problems.lines)
        raise DataError(
            f"{name}: the release cannot be read as it is ({count} problem{'s' if count > 1 else ''}; nothing was "
            "loaded)",
            problems.lines,
        )


def _hidden_notes(grid: Grid) -> list[str]:
    """Hidden sheets, rows and columns are read like any other, and the notes say so."""
    prefix = f"sheet '{grid.sheet}'"
    rows = [r for r in grid.hidden_rows if r <= len(grid.rows) and any(grid.rows[r - 1])]
    out = [f"{prefix}: hidden in the workbook; read like the other sheets"] if grid.hidden else []
    if rows:
        out.append(f"{prefix}, {row_ranges('row', rows)}: hidden in the workbook; read like every other row")
    if grid.hidden_columns:
        out.append(
            f"{prefix}, column(s) {', '.join(grid.hidden_columns)}: hidden in the workbook; read like the others"
        )
    return out


# --- one table ------------------------------------------------------------------------------------------------------


def _part(reader: TableReader, resolver: Names, problems: Problems) -> Part:
    grid = reader.block.grid
    _settle_groups(reader, resolver, problems)
    _ambiguous_totals(reader, problems)
    dims = tuple(d for d in ORDER if any(d in rec.key for rec in reader.records))
    for dim in (FORCE, CRIME, PERIOD):
        lacking = [rec for rec in reader.records if dim in dims and dim not in rec.key]
        if lacking:
            first = lacking[0]
            problems.add(
                f"{grid.where(first.r, first.c)}: names no {dim.replace('_', ' ')}, though other rows of the same "
                f"table do ({len(lacking)} cells); put a heading or block row above these rows"
            )
    frame = totals.records_frame(reader.records)
    checked = totals.check(str(reader.block.number), grid.where, frame, reader.totals)
    for problem in checked.problems:
        problems.add(problem)
    part = Part(reader, frame, checked, dims)
    prefix = f"{_prefix(grid)}table {reader.block.number}: "
    part.notes += [f"{prefix}{r}" for r in checked.remarks]
    part.notes += [f"{_prefix(grid)}{grid.rows_text(rows)}: {remark}" for remark, rows in reader.remarks.items()]
    for c, why in reader.block.ignored.items():
        part.notes.append(
            f"{_prefix(grid)}column {c + 1} ({why}): not a count of victims (a code, grouping, percentage or note); "
            "read past"
        )
    part.notes += reader.notes
    part.own_period, remarks = meta.stated_period(reader.block.title_text())
    part.notes += remarks
    return part


def _settle_groups(reader: TableReader, resolver: Names, problems: Problems) -> None:
    """A group whose members are not in the table is not a subtotal: a union of crime types is then a category of
    its own; a nation is refused (for a nation of one force, naming both readings)."""
    present: dict[str, set[str]] = {}
    for rec in reader.records:
        for dim, found in rec.key.items():
            present.setdefault(dim, set()).add(found.id)
    for total in reader.totals:
        found = total.key.get(SUB)
        if found is not None and found.kind == "total" and "*" in found.id and set(found.id.split(" / ")) != {"*"}:
            pattern = found.id.split(" / ")
            members = frozenset(
                i for i in present.get(SUB, ()) if all(p in ("*", q) for p, q in zip(pattern, i.split(" / ")))
            )
            total.key[SUB] = Resolved("total", SUB, id=found.id, members=members, given=found.given)
    kept = []
    for total in reader.totals:
        groups = {d: f for d, f in total.key.items() if f.kind == "group" and not (f.members & present.get(d, set()))}
        if not groups:
            kept.append(total)
            continue
        dim, found = next(iter(groups.items()))
        where = reader.grid.where(total.r, total.c)
        if dim == CRIME:
            key = {**total.key, dim: Resolved("member", dim, id=found.id, given=found.given, markers=found.markers)}
            if all(f.kind == "member" for f in key.values()) and total.named:
                reader.records.append(Record(key, total.cell, total.r, total.c))
            else:
                kept.append(total)
            continue
        if len(found.members) == 1:
            force = next(iter(found.members))
            problems.add(
                f"{where}: {found.given!r} is a nation, not a force: it could mean {resolver.name(FORCE, force)} (its "
                f"only force) or the nation's total, and none of the nation's forces is in the table to tell; write "
                "the force's name",
                ("group", found.given),
            )
        else:
            problems.add(
                f"{where}: {found.given!r} is a nation, not a force, and none of its forces is in the table for it "
                "to total",
                ("group", found.given),
            )
    reader.totals = kept


def _ambiguous_totals(reader: TableReader, problems: Problems) -> None:
    """A category named like a total ('All other crimes') whose values are the total of the other columns on every
    row could be either: refused, naming both."""
    suspects = {
        c: key
        for c, key in reader.columns.items()
        if any(f.everything_word and f.kind == "member" for f in key.values())
    }
    for c, key in suspects.items():
        by_row: dict[int, list[Record]] = {}
        for rec in reader.records:
            by_row.setdefault(rec.r, []).append(rec)
        equal, rows = 0, 0
        for recs in by_row.values():
            mine = [x for x in recs if x.c == c and x.cell.value is not None]
            others = [x for x in recs if x.c != c]
            if not mine or not others or any(x.cell.value is None for x in others):
                continue
            rows += 1
            equal += mine[0].cell.value == sum(x.cell.value for x in others) and mine[0].cell.value > 0
        if rows and equal == rows:
            name = next(f for f in key.values() if f.everything_word)
            problems.add(
                f"{reader.grid.where(reader.block.header[-1], c)}: {name.given!r} could be the total of the other "
                f"columns (its values equal their sum on every row) or the category {name.id!r}; rename it "
                "'Total' or check the figures"
            )


# --- periods -----------------------------------------------------------------------------------------------------


def _periods(part: Part, stated: Span | None, numbered: dict[str, str], problems: Problems) -> None:
    """A table's periods: each heading's months, a partial first or last period taken from a note or the title
    when one says so; otherwise a first or last quarter or year is only known to lie within its months."""
    if PERIOD not in part.dims:
        return
    spans: dict[str, Resolved] = {}
    for rec in part.reader.records:
        spans.setdefault(rec.key[PERIOD].id, rec.key[PERIOD])
    ordered = sorted(spans.values(), key=lambda f: (f.span.start, f.span.end))
    overlaps = [(a, b) for a, b in zip(ordered, ordered[1:]) if b.span.start <= a.span.end]
    if overlaps:
        a, b = overlaps[0]
        problems.add(
            f"{part.block.grid.name}, table {part.block.number}: periods {a.given!r} and {b.given!r} overlap, so the "
            "table would count some months twice; a table's periods must not overlap"
        )
        return
    statement = part.own_period or stated
    mapped = {f.id: f.span for f in ordered}
    first, last = ordered[0], ordered[-1]
    for found, which in ((first, "start"), (last, "end")):
        _settle_end(part, found, which, mapped, statement, numbered)
    if part.start_range or part.end_range:
        which = [f.given for f, r in ((first, part.start_range), (last, part.end_range)) if r]
        part.notes.append(
            f"table {part.block.number}: the release does not say whether {' and '.join(map(repr, which))} "
            f"{'is' if len(which) == 1 else 'are'} whole; the period it covers is ambiguous at "
            f"{'that end' if len(which) == 1 else 'both ends'}, and is compared only as such"
        )
    if statement is not None and (statement.start > mapped[first.id].end or statement.end < mapped[last.id].start):
        part.notes.append(
            f"table {part.block.number}: the text states {statement.given}, which its periods do not cover; its "
            "periods are used"
        )
    part.period_map = mapped


def _settle_end(part: Part, found: Resolved, which: str, mapped: dict, statement: Span | None, numbered: dict) -> None:
    """The first (or last) period's start (or end): from a note attached to its heading, or the period the title
    states when it falls inside; otherwise, for a quarter or a year, known only to lie within its months."""
    span = mapped[found.id]
    told = _from_notes(found, numbered, which)
    if told is None and statement is not None:
        month = statement.start if which == "start" else statement.end
        if span.start <= month <= span.end:
            told = (month, f"the {'title' if part.own_period else 'release'} states {statement.given}")
    if told is not None:
        month, why = told
        start, end = (month, span.end) if which == "start" else (span.start, month)
        new = Span(start, end, span.kind, span.given)
        if (new.start, new.end) != (span.start, span.end):
            part.notes.append(f"table {part.block.number}: {found.given!r} read as {_months_text(new)} ({why})")
        mapped[found.id] = new
    elif span.kind != "month":
        if which == "start":
            part.start_range = (span.start, span.end)
        else:
            part.end_range = (span.start, span.end)


def _from_notes(found: Resolved, numbered: dict[str, str], which: str) -> tuple[str, str] | None:
    """A first or last month a note attached to a period heading states ('(3) from 1 May 2020')."""
    for marker in found.markers:
        text = numbered.get(marker.lower())
        if not text:
            continue
        bounds = (found.span.start, found.span.end)
        told = stated_start(text, bounds) if which == "start" else stated_end(text, bounds)
        if told is None:
            ranges = [
                s
                for s in stated_periods(text)
                if s.kind == "range" and s.start <= found.span.end and found.span.start <= s.end
            ]
            if ranges:
                told = (ranges[0].start, 1) if which == "start" else (ranges[0].end, 31)
        if told is not None and found.span.start <= told[0] <= found.span.end:
            return told[0], f"note {marker}: {text[:120]}"
    return None


def _months_text(span: Span) -> str:
    return (
        month_label(span.start) if span.start == span.end else f"{month_label(span.start)} to {month_label(span.end)}"
    )


# --- the tables together ------------------------------------------------------------------------------------------


def _tables(
    parts: list[Part], stated: Span | None, problems: Problems
) -> tuple[list[Table], pd.DataFrame, pd.DataFrame]:
    """Parts with the same breakdown are one table (a table continued on another sheet); each gets its tidy rows."""
    groups: dict[tuple, list[Part]] = {}
    for part in parts:
        groups.setdefault((part.dims, part.reader.subgroup), []).append(part)
    tables, frames, checks = [], [], []
    for number, ((dims, subgroup), members) in enumerate(groups.items(), start=1):
        promoted = (
            PERIOD not in dims
            and len({(p.own_period.start, p.own_period.end) if p.own_period else None for p in members}) > 1
        )
        if promoted and any(p.own_period is None for p in members):
            problems.add(
                f"{members[0].block.grid.name}: tables with the same breakdown state different periods in their "
                "titles, and one states none; say which period each covers"
            )
        rows = []
        for part in members:
            rows += _tidy_rows(part, str(number), promoted)
        frame = pd.DataFrame(rows, columns=TIDY_COLUMNS + ["_where"])
        _refuse_duplicates(frame, problems)
        table_dims = tuple(d for d in DIMENSIONS if d in dims or (d == "period" and promoted))
        table = Table(
            number=number,
            where="; ".join(p.where for p in members),
            title=list(dict.fromkeys(t for p in members for t in p.block.title_text())),
            dimensions=table_dims,
            subgroup=subgroup if SUB in dims else "",
            notes=[n for p in members for n in p.notes],
        )
        _table_period(table, members, frame, stated)
        tables.append(table)
        frames.append(frame.drop(columns=["_where"]))
        for part in members:
            check = part.checked.frame.copy()
            check["table"] = str(number)
            ids = {i: f"{s.start}..{s.end}" for i, s in part.period_map.items()}
            check["period"] = [
                "|".join(sorted(ids.get(x, x) for x in p.split("|"))) if p else "" for p in check["period"]
            ]
            checks.append(check)
    tidy = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=TIDY_COLUMNS)
    tidy = tidy.sort_values(["table", "force", "crime_type", "period_start", "subgroup"], kind="mergesort")
    all_checks = pd.concat(checks, ignore_index=True) if checks else pd.DataFrame(columns=totals.TOTAL_COLUMNS)
    return tables, tidy.reset_index(drop=True), all_checks


def _tidy_rows(part: Part, table: str, promoted: bool) -> list[list]:
    grid = part.block.grid
    zero = part.checked.zero
    rows = []
    for i, rec in enumerate(part.reader.records):
        key = rec.key
        value = rec.cell.value if rec.cell.value is not None else (0.0 if zero[i] else np.nan)
        if PERIOD in key:
            span = part.period_map.get(key[PERIOD].id, key[PERIOD].span)
            start, end, given = span.start, span.end, key[PERIOD].given
        elif promoted and part.own_period:
            start, end, given = part.own_period.start, part.own_period.end, part.own_period.given
        else:
            start = end = given = ""
        sheet, _ = grid.ref(rec.r)
        rows.append(
            [
                table,
                key[FORCE].id if FORCE in key else "",
                clean(key[FORCE].given) if FORCE in key else "",
                key[CRIME].id if CRIME in key else "",
                clean(key[CRIME].given) if CRIME in key else "",
                start,
                end,
                clean(given),
                key[SUB].id if SUB in key else "",
                value,
                bool(np.isnan(value)),
                rec.cell.marker,
                sheet,
                grid.cell_ref(rec.r, rec.c),
                grid.where(rec.r, rec.c),
            ]
        )
    return rows


def _refuse_duplicates(frame: pd.DataFrame, problems: Problems) -> None:
    """The same force, crime type, period and group given twice in one table (on one sheet or two) is refused,
    naming both places."""
    keys = ["force", "crime_type", "period_start", "period_end", "subgroup"]
    dup = frame[frame.duplicated(keys, keep=False)]
    for _, group in list(dup.groupby(keys, sort=False))[:10]:
        first, again = group.iloc[0], group.iloc[1]
        what = " / ".join(
            v
            for v in (
                first["force_as_given"],
                first["crime_type_as_given"],
                first["period_as_given"],
                first["subgroup"],
            )
            if v
        )
        problems.add(f"{first['_where']}: {what!r} appears more than once (again at {again['_where']})")


def _table_period(table: Table, members: list[Part], frame: pd.DataFrame, stated: Span | None) -> None:
    if table.has("period"):
        starts, ends = frame["period_start"], frame["period_end"]
        table.period = (min(starts), max(ends))
        table.period_source = "its periods"
        table.start_range = next((p.start_range for p in members if p.start_range), None)
        table.end_range = next((p.end_range for p in members if p.end_range), None)
    elif members[0].own_period is not None:
        table.period = (members[0].own_period.start, members[0].own_period.end)
        table.period_source = f"its title ({members[0].own_period.given})"
    elif stated is not None:
        table.period = (stated.start, stated.end)
        table.period_source = f"the release's text ({stated.given})"


def _release_period(stated: Span | None, tables: list[Table]) -> tuple[tuple[str, str] | None, str, list[str]]:
    with_periods = [t for t in tables if t.has("period")]
    if stated is not None:
        notes = []
        for t in with_periods:
            if t.period and (t.period[0] > stated.end or t.period[1] < stated.start):
                notes.append(
                    f"table {t.number}'s periods ({t.period[0]} to {t.period[1]}) lie outside the period the release "
                    f"states ({stated.given})"
                )
        return (stated.start, stated.end), "stated", notes
    if with_periods:
        start = min(t.period[0] for t in with_periods)
        end = max(t.period[1] for t in with_periods)
        ambiguous = any(t.start_range or t.end_range for t in with_periods)
        return (start, end), "ambiguous" if ambiguous else "from its periods", []
    return (
        None,
        "not stated",
        [
            "the release states no period (in its title, notes or columns): no published figure is compared with it as "
            "if it covered the published period"
        ],
    )


def _marker_notes(parts: list[Part], numbered: dict[str, str]) -> list[str]:
    """Each note marker on a name or heading, with its note: 'Police Scotland (6): note 6 says ...'."""
    out: dict[str, str] = {}
    for part in parts:
        found = [f for rec in part.reader.records for f in rec.key.values()]
        found += [f for t in part.reader.totals for f in t.key.values()]
        for f in found:
            for marker in f.markers:
                text = numbered.get(marker.lower())
                key = f"{f.given}"
                if key not in out:
                    out[key] = (
                        f"{f.given}: note {marker} says: {text[:300]}"
                        if text
                        else f"{f.given}: note marker {marker!r}, but no note of that number was found"
                    )
    return list(out.values())


def _conflicts(release: Release) -> tuple[list[str], list[str]]:
    """Two tables held against each other: their grand totals, and their totals for each force, crime type and
    period both give, must agree (within what suppression and unknown blanks allow); tables of different periods
    are not (and the notes say so)."""
    out, apart = [], []
    tables = release.tables
    for i, a in enumerate(tables):
        for b in tables[i + 1 :]:
            common = [d for d in ("force", "crime_type", "period") if a.has(d) and b.has(d)]
            if "period" not in common and a.period != b.period:
                if a.period and b.period:
                    apart.append(
                        f"table {a.number} and table {b.number} cover different periods ({_period(a)} and "
                        f"{_period(b)}): their totals are not held against each other"
                    )
                continue
            for key, (ra, rb) in table_ranges(release, a, b, common).items():
                if ra[1] < rb[0] or rb[1] < ra[0]:
                    what = ", ".join(k for k in key if k) or "all victims"
                    out.append(
                        f"table {a.number} and table {b.number} disagree for {what}: {_range(ra)} against {_range(rb)}"
                    )
    return out, apart


def _period(table: Table) -> str:
    return period_label(*table.period)


def _range(r: tuple[float, float]) -> str:
    low, high = r
    if low == high:
        return f"{low:,.0f}"
    return f"at least {low:,.0f}" if high == float("inf") else f"{low:,.0f} to {high:,.0f}"
