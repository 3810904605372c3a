"""Schemas and consistency checks for the raw tables.

Column-level rules live in pandera schemas; rules that span rows (breakdowns
that must sum, parts that cannot exceed their total, periods) are checked
afterwards. Every failure becomes one line naming file, row, column and value.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from . import vocab
from .errors import DataError
from .io import read_text_table
from .paths import relative

ID_FIGURE = r"^[a-z0-9]+(_[a-z0-9]+)*$"
ID_SOURCE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
MONTH = r"^(\d{4}-(0[1-9]|1[0-2])|unknown)$"
NUMBER = r"^(\d+(\.\d+)?)?$"

#: What a figure counts. Counts must be whole numbers; shares lie in [0, 1].
MEASURES = {
    "victims_referred": "victims of crime referred by police to Home Office Immigration Enforcement",
    "honccu_calls": "calls to the Home Office National Command and Control Unit",
    "victim_check_calls": "HONCCU calls requesting checks on people notified as victims of crime",
    "forces_referring": "police forces that referred victims",
    "daily_estimate": "an estimate of people reported each day",
    "monthly_estimate": "an estimate of people reported each month",
    "share": "a share of a group, as a fraction",
}
COUNT_MEASURES = {"victims_referred", "honccu_calls", "victim_check_calls", "forces_referring"}

#: The source's wording about a number. Verbal qualifiers carry no number: the
#: value stays empty so that "a quarter" never becomes a false 0.25.
NUMERIC_QUALIFIERS = ("exact", "at least", "more than", "over", "around", "an estimated", "each of the")
VERBAL_QUALIFIERS = ("a quarter", "almost 1 in 20", "thousands", "hundreds", "every")
QUALIFIERS = NUMERIC_QUALIFIERS + VERBAL_QUALIFIERS

SOURCE_KINDS = ("primary document", "secondary report")

SOURCE_COLUMNS = ["source_id", "outlet", "title", "url", "published", "kind", "notes"]
FIGURE_COLUMNS = [
    "figure_id",
    "source_id",
    "measure",
    "description",
    "geography",
    "crime_type",
    "period_start",
    "period_end",
    "period_text",
    "value",
    "qualifier",
    "part_of",
    "breakdown",
    "breakdown_complete",
    "quote",
    "notes",
]
OPTIONAL_COLUMNS = {"notes", "description", "period_text", "part_of", "breakdown", "breakdown_complete"}
MAX_QUOTE_WORDS = 25


def _nonempty(error: str = "must not be empty") -> pa.Check:
    return pa.Check(lambda s: s.str.len() > 0, element_wise=False, error=error)


def sources_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "source_id": pa.Column(
                str, [pa.Check.str_matches(ID_SOURCE, error="must be lower-case words joined by hyphens")], unique=True
            ),
            "outlet": pa.Column(str, _nonempty()),
            "title": pa.Column(str, _nonempty()),
            "url": pa.Column(str, pa.Check.str_matches(r"^https?://\S+$", error="must be an http(s) URL")),
            "published": pa.Column(
                str,
                pa.Check.str_matches(
                    r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
                    error="must be YYYY, YYYY-MM or YYYY-MM-DD (as precise as known)",
                ),
            ),
            "kind": pa.Column(str, pa.Check.isin(SOURCE_KINDS, error=f"must be one of: {', '.join(SOURCE_KINDS)}")),
        },
        strict=False,
    )


def figures_schema(
    source_ids: list[str], geographies: vocab.Vocabulary, crime_types: vocab.Vocabulary
) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "figure_id": pa.Column(
                str,
                pa.Check.str_matches(ID_FIGURE, error="must be lower-case words joined by underscores"),
                unique=True,
            ),
            "source_id": pa.Column(str, pa.Check.isin(source_ids, error="is not a source_id in sources.csv")),
            "measure": pa.Column(str, pa.Check.isin(list(MEASURES), error=f"must be one of: {', '.join(MEASURES)}")),
            "geography": pa.Column(str, pa.Check.isin(geographies.ids(), error="is not a canonical geography id")),
            "crime_type": pa.Column(str, pa.Check.isin(crime_types.ids(), error="is not a canonical crime type id")),
            "period_start": pa.Column(str, pa.Check.str_matches(MONTH, error="must be YYYY-MM or 'unknown'")),
            "period_end": pa.Column(str, pa.Check.str_matches(MONTH, error="must be YYYY-MM or 'unknown'")),
            "value": pa.Column(
                str,
                pa.Check.str_matches(NUMBER, error="must be empty or a non-negative number (digits only, no commas)"),
            ),
            "qualifier": pa.Column(str, pa.Check.isin(QUALIFIERS, error=f"must be one of: {', '.join(QUALIFIERS)}")),
            "quote": pa.Column(
                str,
                [
                    _nonempty("must quote the source"),
                    pa.Check(
                        lambda s: s.str.split().str.len() <= MAX_QUOTE_WORDS,
                        error=f"must be at most {MAX_QUOTE_WORDS} words",
                    ),
                ],
            ),
        },
        strict=False,
    )


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
            problems.append(f"{location}, column '{column}', value {value!r}: {check}{hint}")
        return sorted(set(problems), key=_row_key)
    return []


def _row_key(message: str) -> tuple:
    m = re.search(r"row (\d+)", message)
    return (int(m.group(1)) if m else 0, message)


def load_sources(path: Path) -> pd.DataFrame:
    frame = _frame(path, SOURCE_COLUMNS)
    problems = _schema_problems(path, frame, sources_schema())
    if problems:
        raise DataError(f"{relative(path)}: {len(problems)} problem(s)", problems)
    return frame


def load_figures(path: Path, sources: pd.DataFrame, raw: Path) -> pd.DataFrame:
    """Read and validate the figures table; return it with typed columns."""
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

    problems = _schema_problems(path, frame, figures_schema(list(sources["source_id"]), geos, cts), suggest)
    if problems:
        raise DataError(f"{relative(path)}: {len(problems)} problem(s)", problems)
    problems = consistency_problems(path, frame)
    if problems:
        raise DataError(f"{relative(path)}: {len(problems)} inconsistency(ies)", problems)
    typed = frame.copy()
    typed["value"] = pd.to_numeric(typed["value"].replace("", None), errors="raise")
    return typed


def consistency_problems(path: Path, frame: pd.DataFrame) -> list[str]:  # noqa: C901 (broken up by the rewrite in progress)
    """Rules spanning rows: counts whole, shares in [0, 1], periods ordered, breakdowns that add up."""
    name = relative(path)
    problems: list[str] = []
    ids = dict(zip(frame["figure_id"], frame.index))
    for line, row in frame.iterrows():
        at = f"{name}, row {line}"
        value = row["value"]
        if row["qualifier"] in VERBAL_QUALIFIERS and value:
            problems.append(
                f"{at}, column 'value', value {value!r}: qualifier {row['qualifier']!r} is wording, not a "
                "number; leave value empty"
            )
        if row["qualifier"] in NUMERIC_QUALIFIERS and not value:
            problems.append(
                f"{at}, column 'value': empty, but qualifier {row['qualifier']!r} needs the number the source gives"
            )
        if value and row["measure"] in COUNT_MEASURES and "." in value:
            problems.append(
                f"{at}, column 'value', value {value!r}: a count of {row['measure']} must be a whole number"
            )
        if value and row["measure"] == "share" and float(value) > 1:
            problems.append(f"{at}, column 'value', value {value!r}: a share must lie between 0 and 1")
        start, end = row["period_start"], row["period_end"]
        if start != "unknown" and end != "unknown" and start > end:
            problems.append(f"{at}, column 'period_end', value {end!r}: ends before period_start {start!r}")
        parent = row["part_of"]
        if parent:
            if parent == row["figure_id"]:
                problems.append(f"{at}, column 'part_of', value {parent!r}: a figure cannot be part of itself")
            elif parent not in ids:
                close = difflib.get_close_matches(parent, list(ids), n=2)
                problems.append(
                    f"{at}, column 'part_of', value {parent!r}: no such figure_id"
                    + (f"; did you mean {', '.join(close)}?" if close else "")
                )
            if row["breakdown_complete"] not in ("yes", "no"):
                problems.append(
                    f"{at}, column 'breakdown_complete', value {row['breakdown_complete']!r}: must be 'yes' or "
                    "'no' for a part of a breakdown"
                )
            if not row["breakdown"]:
                problems.append(
                    f"{at}, column 'breakdown': empty; name the breakdown this part belongs to (e.g. 'crime type')"
                )
    if problems:
        return problems
    for (parent, breakdown), group in frame[frame["part_of"] != ""].groupby(["part_of", "breakdown"], sort=True):
        prow = frame.loc[ids[parent]]
        lines = ", ".join(str(i) for i in group.index)
        complete = set(group["breakdown_complete"])
        if len(complete) > 1:
            problems.append(
                f"{name}, rows {lines}, column 'breakdown_complete': the {breakdown!r} breakdown of {parent} is "
                "marked both complete and not"
            )
            continue
        if (group["value"] == "").any() or not prow["value"]:
            continue
        total = float(prow["value"])
        parts = sum(float(v) for v in group["value"])
        if parts > total and prow["qualifier"] not in ("at least", "more than", "over"):
            problems.append(
                f"{name}, rows {lines}, column 'value': the {breakdown!r} parts of {parent} sum to {parts:g}, "
                f"more than its total {total:g} (row {ids[parent]})"
            )
        if complete == {"yes"} and parts != total:
            problems.append(
                f"{name}, rows {lines}, column 'value': the complete {breakdown!r} breakdown of {parent} sums "
                f"to {parts:g}, not its total {total:g} (row {ids[parent]})"
            )
        for line, child in group.iterrows():
            if "unknown" in (child["period_start"], child["period_end"], prow["period_start"], prow["period_end"]):
                continue
            if child["period_start"] < prow["period_start"] or child["period_end"] > prow["period_end"]:
                problems.append(
                    f"{name}, row {line}, column 'period_start': period "
                    f"{child['period_start']}..{child['period_end']} lies outside its total's period "
                    f"{prow['period_start']}..{prow['period_end']}"
                )
    return problems
