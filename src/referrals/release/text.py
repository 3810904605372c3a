"""Cell text: control characters stripped, labels recognised (headers, totals, block headers).

A release is untrusted input: a note row can carry terminal escape codes that would
repaint a reporter's screen, so every text the loader keeps or prints goes through
`clean` first.
"""

from __future__ import annotations

import datetime as _dt
import math
import re

# ANSI/ECMA-48 sequences: CSI (ESC [ or the 8-bit CSI), OSC (ESC ] ... BEL or ST) and two-byte ESC sequences.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[@-Z\\-_]"
)
_WHITESPACE_CONTROLS = re.compile(r"[\t\n\r\v\f\x85]+")
# Other C0 and C1 controls, DEL, and the bidirectional overrides that can disguise text.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

FORCE_HEADERS = {
    "force",
    "police force",
    "referring force",
    "force name",
    "pfa",
    "police force area",
    "forces",
    "police forces",
    "force area",
    "police area",
    "police force name",
    "constabulary",
    "referring police force",
    "police",
}
CRIME_HEADERS = {
    "crime type",
    "crime",
    "offence type",
    "type of crime",
    "offence",
    "crime category",
    "crime types",
    "offence group",
    "crime group",
    "offence category",
    "type of offence",
    "referral type",
    "type of referral",
    "victim type",
    "category",
    "crime offence type",
    "offence crime type",
    "offences",
    "crimes",
}
MONTH_HEADERS = {
    "month",
    "period",
    "date",
    "month of referral",
    "months",
    "month year",
    "referral month",
    "year",
    "financial year",
    "fy",
    "quarter",
    "calendar year",
    "year of referral",
    "month and year",
    "reporting period",
    "time period",
    "years",
    "financial years",
    "quarters",
    "periods",
    "date of referral",
    "year month",
}
SUB_HEADERS = {"sex", "gender", "age", "age group", "age band", "adult child", "adult or child", "victim age"}
COUNT_HEADERS = {
    "count",
    "number",
    "victims",
    "referrals",
    "number of victims",
    "number of referrals",
    "value",
    "volume",
    "no of victims",
    "no of referrals",
    "total victims referred",
    "victims referred",
    "referrals made",
}
#: Columns that are not counts: identifiers, groupings and derived figures (read past, and noted).
IGNORED_HEADERS = {
    "force code",
    "code",
    "id",
    "ons code",
    "pfa code",
    "region",
    "nation",
    "country",
    "area code",
    "%",
    "percentage",
    "per cent",
    "percent",
    "share",
    "proportion",
    "rate",
    "rank",
    "ranking",
    "notes",
    "note",
    "comments",
    "comment",
    "footnote",
    "footnotes",
    "of total",
    "share of total",
    "percentage of total",
    "rate per 100 000",
    "rate per 100000",
    "per 100 000 population",
    "change",
    "change on previous year",
}
_COUNT_PREFIXES = ("sum of ", "count of ", "number of ")
_TOTAL_WORDS = {"total", "totals", "grand total", "subtotal", "sub total", "sum", "overall", "overall total", "all"}
_TOTAL_AT_END = re.compile(r"^(.*?)\s*\b(grand total|sub ?total|totals?)$")
_TOTAL_AT_START = re.compile(r"^(grand total|sub ?total|totals?|sum)\b")
_TOTAL_WORDING = re.compile(r"\b(grand\s+total|sub\s*-?\s*total|totals?|sum)\b(\s+(of|for)\b)?", re.IGNORECASE)
_FOOTNOTE = re.compile(
    r"(?:\s*[\[(](?:note\s*)?\d+[\])]|(?<=\S)\s*[*\u2020\u2021\u00a7\u00b9\u00b2\u00b3]+)\s*$", re.IGNORECASE
)


def clean(text: str) -> str:
    """Text without escape sequences or control characters; line breaks and tabs become spaces."""
    text = _ESCAPES.sub("", text)
    text = _WHITESPACE_CONTROLS.sub(" ", text)
    return _CONTROLS.sub("", text).strip()


def cell_text(value) -> str:
    """One spreadsheet cell as clean text: dates as YYYY-MM, whole numbers without '.0'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (_dt.datetime, _dt.date)):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if text in ("NaT", "nan"):
        return ""
    return clean(text)


def norm(text: str) -> str:
    """Lower case, footnote markers ('[note 3]') dropped, punctuation folded to single spaces."""
    text = _FOOTNOTE.sub("", text)
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9<>\[\]* ]+", " ", text.lower())).strip()


def header_kind(label: str) -> str | None:
    """What a column heading says its column holds: 'force', 'crime', 'month' (any period), 'sub' (sex, age),
    'count', or 'ignored' (codes, regions, percentages, notes); None if it names no kind of column."""
    n = norm(label)
    for kind, names in (
        ("force", FORCE_HEADERS),
        ("crime", CRIME_HEADERS),
        ("month", MONTH_HEADERS),
        ("sub", SUB_HEADERS),
        ("count", COUNT_HEADERS),
        ("ignored", IGNORED_HEADERS),
    ):
        if n in names:
            return kind
    if label.strip().endswith("%") or n.startswith(("percentage ", "% ", "share of ", "proportion of ", "rate ")):
        return "ignored"
    if n.endswith((" code", " id")):
        return "ignored"
    return "count" if n.startswith(_COUNT_PREFIXES) else None


def total_label(text: str) -> str | None:
    """For a Total label in any spelling, what it is the total of ('' for everything); None if not a Total.

    'Total', 'Grand total', 'Sum', 'All forces', 'All crime types', 'Total (all forces)' -> '';
    'Met Total' -> 'Met'; 'Avon & Somerset total' -> 'Avon & Somerset' (the caller resolves the name).
    """
    n = norm(text)
    if not n:
        return None
    if n in _TOTAL_WORDS or _is_all(n):
        return ""
    if not (_TOTAL_AT_END.match(n) or _TOTAL_AT_START.match(n)):
        return None
    rest = _TOTAL_WORDING.sub(" ", _FOOTNOTE.sub("", text)).strip(" ()[]:-,\u2013")
    return "" if _is_all(norm(rest)) else rest


def _is_all(n: str) -> bool:
    """'all', 'all forces', 'all crime types': a label that names everything."""
    return n == "all" or (n.startswith("all ") and len(n.split()) <= 4)
