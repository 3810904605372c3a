"""Months, the project's unit of time: parsing, labels and lengths (no heavy imports)."""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import re

_ABBREVIATIONS = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
#: Month names as dates in prose give them: 'May', 'September', 'Sep', 'Sept'.
_NAMES = {name.lower(): n for n, name in enumerate(calendar.month_name) if name} | _ABBREVIATIONS | {"sept": 9}


_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?(?: 00:00:00)?")


def is_month(value) -> bool:
    """Whether a value is exactly 'YYYY-MM' text (ASCII digits, a real month): what parameters accept."""
    return isinstance(value, str) and _MONTH.fullmatch(value) is not None


def parse_month(value, lenient: bool = False) -> str | None:
    """'YYYY-MM' for a month given as a date, 'YYYY-MM' or 'YYYY-MM-DD' text; None if it is not one.

    A day must exist ('2021-02-29' and '2020-05-45' are no dates); digits are ASCII only.
    lenient also reads the spellings spreadsheets use: 'March 2021', 'Mar-21'.
    """
    if isinstance(value, (_dt.date, _dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip()
    m = _DATE.fullmatch(text)
    if m and _real_date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)):
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    if lenient:
        m = re.fullmatch(r"([A-Za-z]{3})[a-z]*[ \t\-]+([0-9]{2}|[0-9]{4})", text)
        if m and m.group(1).lower() in _ABBREVIATIONS:
            year = int(m.group(2)) + (2000 if len(m.group(2)) == 2 else 0)
            return f"{year:04d}-{_ABBREVIATIONS[m.group(1).lower()]:02d}"
    return None


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    return True


@functools.lru_cache(maxsize=4096)
def month_label(month: str) -> str:
    """'2020-05' -> 'May 2020'; 'unknown' stays unstated. (Remembered: the ledger labels the same few months for
    every claim, and each month's name is looked up afresh.)"""
    if month == "unknown":
        return "an unstated period"
    if len(month) == 4:  # a year, as a source gave it: no month is implied
        return month
    year, number = month.split("-")
    return f"{calendar.month_name[int(number)]} {year}"


def period_label(start: str, end: str, text: str = "") -> str:
    if start == "unknown" and end == "unknown":
        return text or "period not stated"
    if end == "unknown":
        return f"from {month_label(start)}" + (f" ({text})" if text else "")
    return f"{month_label(start)} to {month_label(end)}"


def months_between(start: str, end: str) -> int:
    """Whole months covered, inclusive: May 2020 to September 2022 is 29."""
    (sy, sm), (ey, em) = (map(int, start.split("-")), map(int, end.split("-")))
    return (ey - sy) * 12 + (em - sm) + 1


_DAY_MONTH_YEAR = re.compile(r"\b([0-9]{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+([0-9]{4})\b")


def dates_in(text: str) -> list[_dt.date]:
    """The dates a text writes as day, month name and year ('1 May 2020', '30th September 2022'), in order;
    anything that is not a real date ('31 June 2021', '12 Police 2020') is not one."""
    found = []
    for day, name, year in _DAY_MONTH_YEAR.findall(text):
        month = _NAMES.get(name.lower())
        if month and _real_date(int(year), month, int(day)):
            found.append(_dt.date(int(year), month, int(day)))
    return found


def is_last_day(date: _dt.date) -> bool:
    """Whether a date is the last day of its month (a period ending then covers the month whole)."""
    return date.day == calendar.monthrange(date.year, date.month)[1]


def month_index(month: str) -> int:
    """A month as a count of months since year 0, so that periods can be compared and measured."""
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def month_at(index: int) -> str:
    """The inverse of month_index: 24245 -> '2020-05'."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def add_months(month: str, n: int) -> str:
    """The month n months after (or before, for negative n) 'YYYY-MM'."""
    return month_at(month_index(month) + n)


def months_in(start: str, end: str) -> list[str]:
    """Every month from start to end inclusive, as 'YYYY-MM'."""
    return [month_at(i) for i in range(month_index(start), month_index(end) + 1)]


def last_day(month: str) -> int:
    """The number of the last day of a month: 30 for '2022-09'."""
    year, number = map(int, month.split("-"))
    return calendar.monthrange(year, number)[1]


def period_text(first: str, last: str) -> str:
    """'1 May 2020 to 30 September 2022': a period of whole months, from the first day of its first to the last
    day of its last."""
    (y0, m0), (y1, m1) = (map(int, first.split("-")), map(int, last.split("-")))
    return f"1 {calendar.month_name[m0]} {y0} to {last_day(last)} {calendar.month_name[m1]} {y1}"


def month_number(name: str) -> int | None:
    """1 to 12 for a month's name or its three-letter abbreviation (any case, 'Sept' too); None otherwise."""
    key = name.strip().lower().rstrip(".")
    if key == "sept":
        key = "sep"
    for number in range(1, 13):
        if key in (calendar.month_name[number].lower(), calendar.month_abbr[number].lower()):
            return number
    return None


def financial_year(first_year: int) -> tuple[str, str]:
    """The UK financial year that starts in April of `first_year`: 2020 -> ('2020-04', '2021-03')."""
    return f"{first_year:04d}-04", f"{first_year + 1:04d}-03"


def quarter(year: int, number: int) -> tuple[str, str]:
    """A calendar quarter: (2021, 1) -> ('2021-01', '2021-03')."""
    first = f"{year:04d}-{3 * (number - 1) + 1:02d}"
    return first, add_months(first, 2)
