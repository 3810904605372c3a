"""Schemas and consistency checks for the raw tables.

Column-level rules live in pandera schemas; rules that span cells or rows (values
in range, periods in the past, breakdowns that must sum, parts inside their totals)
are small functions run afterwards, one per rule. Every failure becomes one line
naming file, row, column and value. The aim: once `make validate` says the data
is valid, no notebook can fail on it.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from . import scope, vocab
from .csvfiles import read_text_table
from .errors import DataError
from .fields import FIGURES, SOURCES, YES_NO, Field
from .paths import relative
from .scope import Period, crime_type_within, geography_within
from .text import character_name, invisible_characters, shown, words

#: Beyond this a float no longer counts whole numbers exactly; no bound may reach it.
EXACT_INTEGER_LIMIT = 2**53


@dataclass(frozen=True)
class Measure:
    """What a figure counts, whether it must be whole, and the most it can plausibly be.

    The bound catches a typo or a unit mistake (a value pasted twice, a percentage
    for a share) before it reaches a chart; it is far above any real value. Both
    come from data/raw/measures.csv, beside the measure's definition.
    """

    description: str
    whole: bool
    maximum: float


def measures(raw: Path) -> dict[str, Measure]:
    return {
        m: Measure(row["name"], row["whole"] == "yes", float(row["maximum"])) for m, row in vocab.measures(raw).items()
    }


def qualifier_meanings(raw: Path) -> dict[str, str]:
    """The source's wording about a number -> what it means (data/raw/qualifiers.csv)."""
    return {q: row["meaning"] for q, row in vocab.qualifiers(raw).items()}


def verbal_qualifiers(raw: Path) -> set[str]:
    """Verbal qualifiers carry no number: the value stays empty, so "a quarter" never becomes a false 0.25."""
    return {q for q, meaning in qualifier_meanings(raw).items() if meaning == "verbal"}


LOWER_BOUND_MEANINGS = ("at-least", "more-than")

#: Breakdowns along one dimension: their parts differ from the total in that column only.
DIMENSION_BREAKDOWNS = {"crime type": "crime_type", "force": "geography"}

# The columns, their patterns, allowed values and messages are declared once, in fields.py.
SOURCE_COLUMNS = SOURCES.columns
FIGURE_COLUMNS = FIGURES.columns
#: Columns a file may leave out (they are then taken as empty).
OPTIONAL_COLUMNS = SOURCES.optional_columns | FIGURES.optional_columns
FIGURE_TEXT_COLUMNS = ("description", "period_text", "quote", "notes")
SOURCE_TEXT_COLUMNS = ("outlet", "title", "notes")
MAX_QUOTE_WORDS = 25


def _nonempty(error: str = "must not be empty") -> pa.Check:
    return pa.Check(lambda s: s.str.len() > 0, element_wise=False, error=error)


def _checks(field: Field, allowed: list[str] | None) -> list[pa.Check]:
    """The pandera checks for a declared column; `allowed` holds its vocabulary's ids, if it names one."""
    checks = []
    if field.pattern:
        checks.append(pa.Check.str_matches(field.pattern, error=field.message(())))
    if field.values:
        checks.append(pa.Check.isin(("",) * field.blank + field.values, error=field.message(field.values)))
    if field.vocabulary and field.joined:
        checks.append(_all_known(allowed, field.message(allowed)))
    elif field.vocabulary:
        checks.append(pa.Check.isin(allowed, error=field.message(allowed)))
    if field.nonempty:
        checks.append(_nonempty(field.message(())))
    return checks


def _schema(fields, vocabularies: Mapping[str, list[str]] | None = None) -> pa.DataFrameSchema:
    """A pandera schema from declared columns; those checked by a rule or another module are left to it."""
    vocabularies = vocabularies or {}
    columns = {}
    for field in fields:
        if field.checked_by:
            continue
        checks = _checks(field, vocabularies.get(field.vocabulary))
        if checks or field.unique:
            columns[field.name] = pa.Column(str, checks, unique=field.unique)
    return pa.DataFrameSchema(columns, strict=False)


def sources_schema() -> pa.DataFrameSchema:
    return _schema(SOURCES.fields)


def _all_known(known, error: str) -> pa.Check:
    """Every id of a '+'-joined list is known ('england-and-wales+british-transport-police')."""
    known = set(known)
    return pa.Check(lambda s: s.map(lambda v: bool(v) and all(p in known for p in v.split("+"))), error=error)


def figures_schema(source_ids: list[str], geographies: vocab.Vocabulary, crime_types: vocab.Vocabulary, raw: Path):
    vocabularies = {
        "sources": list(source_ids),
        "measures": list(vocab.measures(raw)),
        "qualifiers": list(vocab.qualifiers(raw)),
        "geographies": geographies.ids(),
        "crime_types": crime_types.ids(),
    }
    return _schema(FIGURES.fields, vocabularies)


def _check_columns(path: Path, header: list[str], expected: list[str]) -> None:
    required = [c for c in expected if c not in OPTIONAL_COLUMNS]
    missing = [c for c in required if c not in header]
    if not missing:
        return
    hints = []
    extra = [h for h in header if h not in expected]
    for m in missing:
        close = difflib.get_close_matches(m, extra, n=1, cutoff=0.6)
        hints.append(f"'{m}'" + (f" (renamed to '{close[0]}'?)" if close else ""))
    raise DataError(
        f"{relative(path)}, row 1: missing column(s) {', '.join(hints)}; expected columns: {', '.join(expected)}"
    )


def _frame(path: Path, expected: list[str]) -> pd.DataFrame:
    rows, header = read_text_table(path)
    _check_columns(path, header, expected)
    frame = pd.DataFrame([r for _, r in rows], index=[line for line, _ in rows], dtype=str)
    for col in expected:
        if col not in frame.columns:
            frame[col] = ""
    return frame.fillna("")


def _schema_problems(path: Path, frame: pd.DataFrame, schema: pa.DataFrameSchema, suggest=None) -> list[str]:
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        problems = []
        cases = exc.failure_cases
        for case in cases.itertuples(index=False):
            column = getattr(case, "column", None)
            check = str(getattr(case, "check", ""))
            value = getattr(case, "failure_case", None)
            row = getattr(case, "index", None)
            if check == "field_uniqueness":
                check = "must be unique (duplicate id)"
            elif check.startswith("column_in_dataframe"):
                check = "column missing"
            hint = suggest(column, value) if suggest else ""
            location = f"{relative(path)}" + (f", row {int(row)}" if row is not None and pd.notna(row) else "")
            problems.append(f"{location}, column '{column}', value {shown(value)}: {check}{hint}")
        return sorted(set(problems), key=_row_key)
    return []


def _row_key(message: str) -> tuple:
    m = re.search(r"row ([0-9]+)", message)
    return (int(m.group(1)) if m else 0, message)


def current_month() -> str:
    today = _dt.date.today()
    return f"{today.year:04d}-{today.month:02d}"


def latest_month(published: str) -> str:
    """The last month a source published as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' can speak about."""
    return published[:7] if len(published) >= 7 else f"{published[:4]}-12"


def _text_problems(name: str, frame: pd.DataFrame, columns: tuple[str, ...]) -> list[str]:
    """Free text must show everything it holds: no control, zero-width or direction-changing characters."""
    problems = []
    for line, row in frame.iterrows():
        for column in columns:
            hidden = invisible_characters(row.get(column, ""))
            if hidden:
                named = ", ".join(character_name(c) for c in hidden)
                problems.append(
                    f"{name}, row {line}, column '{column}', value {shown(row[column])}: contains {named}, "
                    "a control or invisible character; retype the text without it"
                )
    return problems


def _published_problems(name: str, frame: pd.DataFrame, today: str) -> list[str]:
    """A publication date must be a real day and not in the future."""
    problems = []
    for line, published in frame["published"].items():
        at = f"{name}, row {line}, column 'published', value {shown(published)}"
        if len(published) == 10:
            try:
                _dt.date.fromisoformat(published)
            except ValueError:
                problems.append(f"{at}: not a real date")
                continue
        if published[: len(today)] > today[: len(published)]:
            problems.append(f"{at}: in the future (this month is {today})")
    return problems


def load_sources(path: Path, today: str | None = None) -> pd.DataFrame:
    frame = _frame(path, SOURCE_COLUMNS)
    problems = _schema_problems(path, frame, sources_schema())
    if not problems:
        name = relative(path)
        problems = _published_problems(name, frame, today or current_month())
        problems += _text_problems(name, frame, SOURCE_TEXT_COLUMNS)
    if problems:
        raise DataError(f"{relative(path)}: {len(problems)} problem(s)", sorted(problems, key=_row_key))
    return frame


def load_figures(
    path: Path,
    sources: pd.DataFrame,
    raw: Path,
    required: Mapping[str, set[str]] | None = None,
    today: str | None = None,
) -> pd.DataFrame:
    """Read and validate the figures table; return it with typed columns.

    `required` maps each chart to the figure ids it cannot be drawn without.
    """
    geos = vocab.geographies(raw)
    cts = vocab.crime_types(raw)
    frame = _frame(path, FIGURE_COLUMNS)

    def suggest(column, value):
        if column == "geography":
            return geos.suggest(value)
        if column == "crime_type":
            return cts.suggest(value)
        if column == "source_id":
            close = difflib.get_close_matches(str(value), list(sources["source_id"]), n=2)
            return f"; did you mean {', '.join(close)}?" if close else ""
        return ""

    schema = figures_schema(list(sources["source_id"]), geos, cts, raw)
    problems = _schema_problems(path, frame, schema, suggest)
    if problems:
        raise DataError(f"{relative(path)}: {len(problems)} problem(s)", problems)
    context = Figures(relative(path), frame, sources, geos, today or current_month(), raw)
    problems = consistency_problems(context) + missing_required_figures(frame, required or {}, relative(path))
    if problems:
        raise DataError(f"{relative(path)}: {len(problems)} inconsistency(ies)", problems)
    typed = frame.copy()
    typed["value"] = pd.to_numeric(typed["value"].replace("", None), errors="raise")
    return typed


def missing_required_figures(frame: pd.DataFrame, required: Mapping[str, set[str]], name: str = "") -> list[str]:
    """One problem per figure id a chart needs that the figures table lacks (deleted or renamed)."""
    name = name or "data/raw/figures.csv"
    present = set(frame["figure_id"])
    problems = []
    for chart, ids in sorted(required.items()):
        for figure_id in sorted(set(ids) - present):
            close = difflib.get_close_matches(figure_id, sorted(present), n=1)
            hint = f" (renamed to {close[0]!r}?)" if close else ""
            problems.append(
                f"{name}: figure_id {figure_id!r} is missing{hint}; the {chart} chart needs it. "
                "Restore the row, or change the chart"
            )
    return problems


# --------------------------------------------------------------------------------------------
# Consistency rules: each takes the validated table and returns its problems, one line each.


@dataclass(frozen=True)
class Figures:
    """The figures table with what the rules need beside it."""

    name: str
    frame: pd.DataFrame
    sources: pd.DataFrame
    geographies: vocab.Vocabulary
    today: str
    raw: Path

    @cached_property
    def lines(self) -> dict[str, int]:
        """figure_id -> row number in the file."""
        return dict(zip(self.frame["figure_id"], self.frame.index))

    def at(self, line, column: str, value=None) -> str:
        where = f"{self.name}, row {line}, column '{column}'"
        return where if value is None else f"{where}, value {shown(value)}"

    def parent(self, row: pd.Series) -> pd.Series | None:
        line = self.lines.get(row["part_of"])
        return None if line is None else self.frame.loc[line]

    def rows(self):
        return self.frame.iterrows()

    def parts(self):
        return [(line, row) for line, row in self.frame.iterrows() if row["part_of"]]


def qualifiers_match_values(f: Figures) -> list[str]:
    """Verbal qualifiers carry no number; numeric ones need the number the source gives."""
    problems = []
    for line, row in f.rows():
        qualifier, value = row["qualifier"], row["value"]
        verbal = qualifier in verbal_qualifiers(f.raw)
        if verbal and value:
            problems.append(
                f"{f.at(line, 'value', value)}: qualifier {qualifier!r} is wording, not a number; leave value empty"
            )
        if not verbal and not value:
            problems.append(
                f"{f.at(line, 'value')}: empty, but qualifier {qualifier!r} needs the number the source gives"
            )
    return problems


def values_are_plausible(f: Figures) -> list[str]:
    """Counts are whole, and no value exceeds what its measure can plausibly be."""
    problems = []
    for line, row in f.rows():
        value, measure = row["value"], measures(f.raw)[row["measure"]]
        if not value or row.get("share_of"):
            continue  # a share's value is a fraction (groups_and_shares_are_known)
        if measure.whole and "." in value:
            problems.append(f"{f.at(line, 'value', value)}: a count of {row['measure']} must be a whole number")
        elif float(value) > measure.maximum:
            problems.append(
                f"{f.at(line, 'value', value)}: a value of {row['measure']} must be at most {measure.maximum:,}, "
                "far above any real one; check the digits and the unit"
            )
    return problems


def periods_are_ordered(f: Figures) -> list[str]:
    """A period ends after it starts, and a stated length fits between its first and last month."""
    problems = []
    for line, row in f.rows():
        start, end, months = row["period_start"], row["period_end"], row["period_months"]
        if not Period.parse(start, end).possible:
            problems.append(f"{f.at(line, 'period_end', end)}: ends before period_start {start!r}")
        elif not Period.parse(start, end, months).possible:
            problems.append(
                f"{f.at(line, 'period_months', months)}: a length that does not fit between period_start {start!r} "
                f"and period_end {end!r}"
            )
    return problems


def periods_are_past_and_published(f: Figures) -> list[str]:
    """No period reaches the future, nor past the month its source was published (as precise as known)."""
    published = dict(zip(f.sources["source_id"], f.sources["published"]))
    problems = []
    for line, row in f.rows():
        column = "period_end" if row["period_end"] != "unknown" else "period_start"
        month = row[column] if len(row[column]) != 4 else f"{row[column]}-01"  # a year: its first month
        if month == "unknown":
            continue
        latest = latest_month(published[row["source_id"]])
        if month > f.today:
            problems.append(f"{f.at(line, column, month)}: in the future (this month is {f.today})")
        elif month > latest:
            problems.append(
                f"{f.at(line, column, month)}: after its source {row['source_id']} was published "
                f"({published[row['source_id']]}); a source cannot report months after it appeared"
            )
    return problems


def quotes_are_short_and_visible(f: Figures) -> list[str]:
    """At most 25 words, counting words that invisible characters join, and no hidden characters."""
    problems = _text_problems(f.name, f.frame, FIGURE_TEXT_COLUMNS)
    for line, row in f.rows():
        count = len(words(row["quote"]))
        if count > MAX_QUOTE_WORDS:
            problems.append(
                f"{f.at(line, 'quote', row['quote'])}: {count} words; quotes must be at most {MAX_QUOTE_WORDS} words"
            )
    return problems


def breakdown_fields_belong_to_parts(f: Figures) -> list[str]:
    """breakdown and breakdown_complete describe a part of a total: exact 'yes' or 'no', empty otherwise."""
    problems = []
    for line, row in f.rows():
        complete, breakdown = row["breakdown_complete"], row["breakdown"]
        if not row["part_of"]:
            for column, value in (("breakdown", breakdown), ("breakdown_complete", complete)):
                if value:
                    problems.append(f"{f.at(line, column, value)}: must be empty when part_of is empty")
            continue
        if complete not in YES_NO:
            problems.append(
                f"{f.at(line, 'breakdown_complete', complete)}: must be 'yes' or 'no' for a part of a breakdown"
            )
        if not breakdown:
            problems.append(
                f"{f.at(line, 'breakdown')}: empty; name the breakdown this part belongs to (e.g. 'crime type')"
            )
    return problems


def restated_figures_exist(f: Figures) -> list[str]:
    """A figure that restates another names one that exists (and not itself)."""
    problems = []
    for line, row in f.rows():
        target = row.get("restates", "")
        if target and (target == row["figure_id"] or target not in f.lines):
            problems.append(f"{f.at(line, 'restates', target)}: must name another figure_id of figures.csv")
    return problems


def parents_exist(f: Figures) -> list[str]:
    problems = []
    for line, row in f.parts():
        parent = row["part_of"]
        if parent == row["figure_id"]:
            problems.append(f"{f.at(line, 'part_of', parent)}: a figure cannot be part of itself")
        elif parent not in f.lines:
            close = difflib.get_close_matches(parent, list(f.lines), n=2)
            problems.append(
                f"{f.at(line, 'part_of', parent)}: no such figure_id"
                + (f"; did you mean {', '.join(close)}?" if close else "")
            )
    return problems


def _cycles(f: Figures) -> list[list[str]]:
    """Each loop of part_of links, once, starting from its first figure in file order."""
    parent_of = {row["figure_id"]: row["part_of"] for _, row in f.parts()}
    cycles, seen = [], set()
    for start in parent_of:
        chain = [start]
        while chain[-1] in parent_of and parent_of[chain[-1]] not in chain:
            chain.append(parent_of[chain[-1]])
        if chain[-1] not in parent_of:
            continue
        cycle = chain[chain.index(parent_of[chain[-1]]) :]
        if cycle[0] == start and not seen & set(cycle):
            seen |= set(cycle)
            cycles.append(cycle)
    return cycles


def part_of_has_no_cycles(f: Figures) -> list[str]:
    """Following part_of from any figure must end at a total, never come back (a total of itself)."""
    problems = []
    for cycle in _cycles(f):
        line = f.lines[cycle[0]]
        loop = " → ".join([*cycle, cycle[0]])
        problems.append(
            f"{f.at(line, 'part_of', f.frame.loc[line, 'part_of'])}: part_of makes a cycle ({loop}); "
            "a figure cannot be part of its own part"
        )
    return problems


def parts_are_within_their_totals(f: Figures) -> list[str]:
    """A part counts something narrower than its total, inside it: a crime type within the total's,
    a geography within the total's; a breakdown by crime type or force varies only that column."""
    on_cycles = {figure_id for cycle in _cycles(f) for figure_id in cycle}
    problems = []
    for line, row in f.parts():
        parent = f.parent(row)
        if parent is None or row["figure_id"] in on_cycles:
            continue
        problems += _outside_parent(f, line, row, parent) or _not_narrower(f, line, row, parent)
    return problems


def _outside_parent(f: Figures, line, row: pd.Series, parent: pd.Series) -> list[str]:
    problems = []
    if not crime_type_within(row["crime_type"], parent["crime_type"], f.raw):
        problems.append(
            f"{f.at(line, 'crime_type', row['crime_type'])}: not within {parent['figure_id']}'s crime type "
            f"{parent['crime_type']!r}; a part cannot count another crime type than its total"
        )
    if not geography_within(row["geography"], parent["geography"], f.raw):
        problems.append(
            f"{f.at(line, 'geography', row['geography'])}: not within {parent['figure_id']}'s geography "
            f"{parent['geography']!r}; a part cannot count another place than its total"
        )
    return problems


def _not_narrower(f: Figures, line, row: pd.Series, parent: pd.Series) -> list[str]:
    breakdown = row["breakdown"]
    varies = DIMENSION_BREAKDOWNS.get(breakdown)
    if varies:
        fixed = "geography" if varies == "crime_type" else "crime_type"
        if row[varies] == parent[varies]:
            return [
                f"{f.at(line, varies, row[varies])}: a part of the {breakdown!r} breakdown of "
                f"{parent['figure_id']} must name one {varies.replace('_', ' ')} within the total's, not the same"
            ]
        if row[fixed] != parent[fixed]:
            return [
                f"{f.at(line, fixed, row[fixed])}: a part of the {breakdown!r} breakdown of {parent['figure_id']} "
                f"must keep the total's {fixed.replace('_', ' ')} {parent[fixed]!r}"
            ]
        return []
    if all(row[c] == parent[c] for c in ("crime_type", "geography", "measure")):
        return [
            f"{f.at(line, 'part_of', row['part_of'])}: counts the same crime type, geography and measure as its "
            "total, so it is no part narrower than its total; remove part_of (a restatement is a figure of its own)"
        ]
    return []


def groups_and_shares_are_known(f: Figures) -> list[str]:
    """A figure's group of people is in populations.csv; a share's `share_of` names what it is a share of, in
    columns and names the vocabularies know, and differs from its part."""
    problems = []
    known = set(vocab.populations(f.raw).ids())
    for line, row in f.rows():
        population = row.get("population", "")
        unknown = [p for p in scope.split_ids(population) if p not in known]
        if population and unknown:
            problems.append(
                f"{f.at(line, 'population', population)}: not a group of people in populations.csv "
                f"({', '.join(sorted(known))})"
            )
        text = row.get("share_of", "")
        if not text:
            continue
        part = scope.Scope(
            row["measure"],
            scope.split_ids(row["geography"]),
            scope.split_ids(row["crime_type"]),
            scope.Period(None, None, None, None),
        )
        try:
            whole = scope.other_side(part, scope.read_pairs(text), f.raw)
        except (ValueError, DataError) as exc:
            problems.append(f"{f.at(line, 'share_of', text)}: {exc}")
            continue
        if whole == part:
            problems.append(f"{f.at(line, 'share_of', text)}: names the same thing as the figure: a share of itself")
        elif row["value"] and float(row["value"]) > 1:
            problems.append(f"{f.at(line, 'value', row['value'])}: a share is a fraction from 0 to 1")
    return problems


ROW_RULES: tuple[Callable[[Figures], list[str]], ...] = (
    groups_and_shares_are_known,
    qualifiers_match_values,
    values_are_plausible,
    periods_are_ordered,
    periods_are_past_and_published,
    quotes_are_short_and_visible,
    breakdown_fields_belong_to_parts,
    parents_exist,
    restated_figures_exist,
    part_of_has_no_cycles,
    parts_are_within_their_totals,
)


def _breakdowns(f: Figures):
    """Each (total, breakdown name) with its total's row and its parts' rows."""
    parts = f.frame[f.frame["part_of"] != ""]
    for (parent, breakdown), group in parts.groupby(["part_of", "breakdown"], sort=True):
        yield f.frame.loc[f.lines[parent]], breakdown, group


def breakdowns_marked_consistently(f: Figures) -> list[str]:
    problems = []
    for total, breakdown, group in _breakdowns(f):
        if len(set(group["breakdown_complete"])) > 1:
            problems.append(
                f"{f.name}, rows {_lines(group)}, column 'breakdown_complete': the {breakdown!r} breakdown of "
                f"{total['figure_id']} is marked both complete and not"
            )
    return problems


def breakdowns_add_up(f: Figures) -> list[str]:
    """Parts never exceed an exact total, and a complete breakdown sums to it exactly."""
    problems = []
    for total, breakdown, group in _breakdowns(f):
        if (group["value"] == "").any() or not total["value"] or len(set(group["breakdown_complete"])) > 1:
            continue
        whole, parts = float(total["value"]), sum(float(v) for v in group["value"])
        where = f"{f.name}, rows {_lines(group)}, column 'value'"
        of = f"{total['figure_id']}"
        if parts > whole and qualifier_meanings(f.raw)[total["qualifier"]] not in LOWER_BOUND_MEANINGS:
            problems.append(
                f"{where}: the {breakdown!r} parts of {of} sum to {parts:g}, more than its total {whole:g} "
                f"(row {total.name})"
            )
        if set(group["breakdown_complete"]) == {"yes"} and parts != whole:
            problems.append(
                f"{where}: the complete {breakdown!r} breakdown of {of} sums to {parts:g}, not its total {whole:g} "
                f"(row {total.name})"
            )
    return problems


def parts_lie_within_total_periods(f: Figures) -> list[str]:
    problems = []
    for total, _, group in _breakdowns(f):
        for line, child in group.iterrows():
            months = (child["period_start"], child["period_end"], total["period_start"], total["period_end"])
            if "unknown" in months:
                continue
            if child["period_start"] < total["period_start"] or child["period_end"] > total["period_end"]:
                problems.append(
                    f"{f.at(line, 'period_start')}: period {child['period_start']}..{child['period_end']} lies "
                    f"outside its total's period {total['period_start']}..{total['period_end']}"
                )
    return problems


def _lines(group: pd.DataFrame) -> str:
    return ", ".join(str(i) for i in group.index)


BREAKDOWN_RULES: tuple[Callable[[Figures], list[str]], ...] = (
    breakdowns_marked_consistently,
    breakdowns_add_up,
    parts_lie_within_total_periods,
)


def consistency_problems(f: Figures) -> list[str]:
    """Every rule's problems; the breakdown sums only once each row is sound (they rely on it)."""
    problems = [p for rule in ROW_RULES for p in rule(f)]
    if problems:
        return sorted(problems, key=_row_key)
    return [p for rule in BREAKDOWN_RULES for p in rule(f)]
