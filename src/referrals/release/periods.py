"""Periods as releases write them: months, quarters, financial and calendar years, ranges; and periods stated in text.

A heading or label ('Apr-21', 'Q1 2021', 'Jan-Mar 2021', '2020/21', 'FY 2020-21', '2021',
'1 May 2020 to 31 March 2021') is read whole into a first and last month. A form that could
be two periods ('2020-2021': the financial year, or two calendar years?) is refused with both
readings named, never guessed. Titles and notes are searched for the periods they state in
any common form ('financial year 2023/24', '2023-04-01 to 2024-03-31', 'between May 2020 and
September 2022'), and for a period's start or end alone ('from 1 May 2020'). Month arithmetic
is months.py's.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from ..months import add_months, financial_year, last_day, month_label, month_number, quarter

_M = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_Y = r"((?:19|20)\d\d)"
_YY = r"(\d\d)"
_D = r"(\d{1,2})(?:st|nd|rd|th)?"
_TO = r"\s*(?:-|to|until|till|through|and)\s*"
_FY_WORD = r"(?:financial\s+years?|fin\.?\s+year|f\.?\s?y\.?)"
EXCEL_SERIALS = (36526, 73051)  # 1 January 2000 to 1 January 2100 as Excel serial days
YEARS = (1990, 2100)


@dataclass(frozen=True)
class Span:
    """A period a release states: first and last month; whether it starts on the first day of its first month
    and ends on the last day of its last (False when a day inside the month is given); how it was written."""

    start: str
    end: str
    kind: str  # 'month', 'quarter', 'financial year', 'year', 'range'
    given: str = ""
    whole_start: bool = True
    whole_end: bool = True

    def months(self) -> int:
        return (int(self.end[:4]) - int(self.start[:4])) * 12 + int(self.end[5:]) - int(self.start[5:]) + 1


class Ambiguous(ValueError):
    """A period written so that it could be two different periods; the message names both."""


def _month(name: str, year: str) -> str | None:
    number = month_number(name)
    if number is None:
        return None
    y = int(year) + (2000 if len(year) == 2 else 0)
    return f"{y:04d}-{number:02d}"


def _fy(first: str, second: str, given: str, explicit: bool) -> Span | None:
    """A financial year 'YYYY/YY' (second = first + 1), or None."""
    a = int(first) + (2000 if len(first) == 2 else 0)
    b = int(second)
    if (len(second) == 2 and b == (a + 1) % 100) or (len(second) == 4 and b == a + 1):
        if len(second) == 4 and not explicit and "/" not in given:
            raise Ambiguous(
                f"{given!r} could be the financial year {a}/{str(a + 1)[2:]} (April {a} to March {a + 1}) or the "
                f"calendar years {a} and {a + 1}; write {a}/{str(a + 1)[2:]} for the financial year"
            )
        start, end = financial_year(a)
        return Span(start, end, "financial year", given)
    return None


def _day_date(day: str, month: str, year: str) -> tuple[str, int] | None:
    m = _month(month, year)
    return (m, int(day)) if m and 1 <= int(day) <= last_day(m) else None


def _numeric_date(day: str, month: str, year: str) -> tuple[str, int] | None:
    if not 1 <= int(month) <= 12:
        return None
    m = f"{int(year):04d}-{int(month):02d}"
    return (m, int(day)) if 1 <= int(day) <= last_day(m) else None


def _range(a: tuple[str, int] | None, b: tuple[str, int] | None, given: str) -> Span | None:
    if not a or not b or a[0] > b[0]:
        return None
    return Span(a[0], b[0], "range", given, a[1] == 1, b[1] == last_day(b[0]))


def _kind(start: str, end: str) -> str:
    months = (int(end[:4]) - int(start[:4])) * 12 + int(end[5:]) - int(start[5:]) + 1
    if months == 1:
        return "month"
    if months == 3 and int(start[5:]) in (1, 4, 7, 10):
        return "quarter"
    if months == 12 and start[5:] == "01":
        return "year"
    if months == 12 and start[5:] == "04":
        return "financial year"
    return "range"


_WHOLE: list[tuple[re.Pattern, object]] = []


def _whole(pattern: str):
    def register(fn):
        _WHOLE.append((re.compile(pattern, re.IGNORECASE), fn))
        return fn

    return register


@_whole(r"(\d{4})-(\d{2})(?:-(\d{2}))?")
def _iso_month(m, given):
    month = f"{m.group(1)}-{m.group(2)}"
    if not 1 <= int(m.group(2)) <= 12:
        return None
    if not m.group(3) and int(m.group(2)) == (int(m.group(1)) + 1) % 100:
        raise Ambiguous(
            f"{given!r} could be the month {month} or the financial year {m.group(1)}/{m.group(2)}; write the month "
            f"with its name ('{month_label(month)}') or the year with a slash ('{m.group(1)}/{m.group(2)}')"
        )
    if m.group(3) and not 1 <= int(m.group(3)) <= last_day(month):
        return None
    return Span(month, month, "month", given)


@_whole(rf"{_M}[\s\-/']*(\d{{4}}|\d\d)")
def _named_month(m, given):
    month = _month(m.group(1), m.group(2))
    return Span(month, month, "month", given) if month else None


@_whole(r"(\d{1,2})/(\d{4})")
def _slash_month(m, given):
    number = int(m.group(1))
    return (
        Span(f"{m.group(2)}-{number:02d}", f"{m.group(2)}-{number:02d}", "month", given) if 1 <= number <= 12 else None
    )


@_whole(rf"(?:q|quarter\s*)([1-4])[\s\-/,]*{_Y}")
def _quarter_after(m, given):
    return Span(*quarter(int(m.group(2)), int(m.group(1))), "quarter", given)


@_whole(rf"{_Y}[\s\-/,]*(?:q|quarter\s*)([1-4])")
def _quarter_before(m, given):
    return Span(*quarter(int(m.group(1)), int(m.group(2))), "quarter", given)


@_whole(rf"(?:q|quarter\s*)([1-4])\s*(?:{_FY_WORD}\s*)?{_Y}\s*[/\-]\s*(\d\d|\d{{4}})")
def _fy_quarter_after(m, given):
    year = _fy(m.group(2), m.group(3), given, True)
    if not year:
        return None
    first = add_months(year.start, 3 * (int(m.group(1)) - 1))
    return Span(first, add_months(first, 2), "quarter", given)


@_whole(rf"(?:{_FY_WORD}\s*)?{_Y}\s*[/\-]\s*(\d\d|\d{{4}})[\s,]*(?:q|quarter\s*)([1-4])")
def _fy_quarter_before(m, given):
    year = _fy(m.group(1), m.group(2), given, True)
    if not year:
        return None
    first = add_months(year.start, 3 * (int(m.group(3)) - 1))
    return Span(first, add_months(first, 2), "quarter", given)


@_whole(rf"{_M}{_TO}{_M}[\s\-,]*(\d{{4}}|\d\d)")
def _months_of_a_year(m, given):
    start, end = _month(m.group(1), m.group(3)), _month(m.group(2), m.group(3))
    if not start or not end or start > end:
        return None
    return Span(start, end, _kind(start, end), given)


@_whole(rf"{_M}[\s\-,']*(\d{{4}}|\d\d){_TO}{_M}[\s\-,']*(\d{{4}}|\d\d)")
def _month_range(m, given):
    start, end = _month(m.group(1), m.group(2)), _month(m.group(3), m.group(4))
    if not start or not end or start > end:
        return None
    return Span(start, end, _kind(start, end), given)


@_whole(rf"{_D}\s+{_M},?\s+(\d{{4}}){_TO}{_D}\s+{_M},?\s+(\d{{4}})")
def _day_range(m, given):
    return _range(_day_date(*m.group(1, 2, 3)), _day_date(*m.group(4, 5, 6)), given)


@_whole(rf"(\d{{1,2}})[/.](\d{{1,2}})[/.](\d{{4}}){_TO}(\d{{1,2}})[/.](\d{{1,2}})[/.](\d{{4}})")
def _numeric_range(m, given):
    return _range(_numeric_date(*m.group(1, 2, 3)), _numeric_date(*m.group(4, 5, 6)), given)


@_whole(rf"(\d{{4}})-(\d{{2}})-(\d{{2}}){_TO}(\d{{4}})-(\d{{2}})-(\d{{2}})")
def _iso_range(m, given):
    return _range(
        _numeric_date(m.group(3), m.group(2), m.group(1)), _numeric_date(m.group(6), m.group(5), m.group(4)), given
    )


@_whole(rf"(?:{_FY_WORD}\s*)?(\d{{4}}|\d\d)\s*[/\-\u2013]\s*(\d\d|\d{{4}})(?:\s*{_FY_WORD})?")
def _financial_year(m, given):
    explicit = bool(re.search(_FY_WORD, given, re.IGNORECASE))
    if len(m.group(1)) == 2 and not explicit:
        return None
    return _fy(m.group(1), m.group(2), given, explicit)


@_whole(rf"(?:(?:year|12 months)\s+(?:ending|ended|to)|ye)\s+(?:\d{{1,2}}\s+)?{_M}\s*(\d{{4}}|\d\d)")
def _year_ending(m, given):
    end = _month(m.group(1), m.group(2))
    return Span(add_months(end, -11), end, _kind(add_months(end, -11), end), given) if end else None


@_whole(rf"(?:calendar\s+year|cy|year)?\s*{_Y}")
def _calendar_year(m, given):
    year = int(m.group(1))
    if not YEARS[0] <= year <= YEARS[1]:
        return None
    return Span(f"{year}-01", f"{year}-12", "year", given)


def _prepare(text: str) -> str:
    text = re.sub(r"[\u2013\u2014\u2212]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def read_period(text: str, prefer: str = "") -> Span | None:
    """The period a heading or label states, whole; None if it states none; Ambiguous if it could be two, unless
    `prefer` ('month' or 'financial year': what the other periods of its column or row are) settles it."""
    given = _prepare(text)
    if not given:
        return None
    for pattern, fn in _WHOLE:
        match = pattern.fullmatch(given)
        if not match:
            continue
        try:
            span = fn(match, text.strip())
        except Ambiguous:
            if prefer == "month" and fn is _iso_month:
                return Span(given[:7], given[:7], "month", text.strip())
            if prefer != "financial year":
                raise
            continue
        if span is not None:
            return span
    return None


def excel_serial(text: str) -> Span | None:
    """An Excel serial day number (a date exported without its format: 44287 is 1 April 2021) as its month."""
    if not re.fullmatch(r"\d{5}(?:\.0+)?", text.strip()):
        return None
    days = int(float(text))
    if not EXCEL_SERIALS[0] <= days <= EXCEL_SERIALS[1]:
        return None
    date = _dt.date(1899, 12, 30) + _dt.timedelta(days=days)
    month = f"{date.year:04d}-{date.month:02d}"
    return Span(month, month, "month", text.strip())


# --- periods stated in running text -------------------------------------------------------------------------------

_DATE_WORDS = rf"{_D}\s+{_M},?\s+(\d{{4}})"
_FIND = [
    (re.compile(rf"\b{_DATE_WORDS}{_TO}{_DATE_WORDS}\b", re.I), lambda m, g: _day_range(m, g)),
    (
        re.compile(rf"\b(\d{{1,2}})[/.](\d{{1,2}})[/.](\d{{4}}){_TO}(\d{{1,2}})[/.](\d{{1,2}})[/.](\d{{4}})\b", re.I),
        lambda m, g: _numeric_range(m, g),
    ),
    (
        re.compile(rf"\b(\d{{4}})-(\d{{2}})-(\d{{2}}){_TO}(\d{{4}})-(\d{{2}})-(\d{{2}})\b", re.I),
        lambda m, g: _iso_range(m, g),
    ),
    (re.compile(rf"\b{_M}[\s,]+(\d{{4}}){_TO}{_M}[\s,]+(\d{{4}})\b", re.I), lambda m, g: _month_range(m, g)),
    (re.compile(rf"\b{_M}{_TO}{_M}[\s,]+(\d{{4}})\b", re.I), lambda m, g: _months_of_a_year(m, g)),
    (
        re.compile(rf"\b{_FY_WORD}\s+(\d{{4}})\s*[/-]\s*(\d\d|\d{{4}}){_TO}(\d{{4}})\s*[/-]\s*(\d\d|\d{{4}})\b", re.I),
        lambda m, g: _fy_span(m, g),
    ),
    (
        re.compile(rf"\b(\d{{4}})\s*/\s*(\d\d|\d{{4}}){_TO}(\d{{4}})\s*/\s*(\d\d|\d{{4}})\b", re.I),
        lambda m, g: _fy_span(m, g),
    ),
    (
        re.compile(rf"\b(?:{_FY_WORD}\s*)?(\d{{4}})\s*/\s*(\d\d|\d{{4}})\b(?!\s*/)", re.I),
        lambda m, g: _fy(m.group(1), m.group(2), g, True),
    ),
    (
        re.compile(rf"\b{_FY_WORD}\s*(\d{{4}}|\d\d)\s*-\s*(\d\d|\d{{4}})\b", re.I),
        lambda m, g: _fy(m.group(1), m.group(2), g, True),
    ),
    (
        re.compile(rf"\b(?:year|12 months)\s+(?:ending|ended|to)\s+(?:\d{{1,2}}\s+)?{_M}\s+(\d{{4}})\b", re.I),
        lambda m, g: _year_ending(m, g),
    ),
    (re.compile(rf"\b(?:q|quarter\s*)([1-4])\s+{_Y}\b", re.I), lambda m, g: _quarter_after(m, g)),
    (re.compile(rf"\b{_Y}\s+(?:q|quarter\s*)([1-4])\b", re.I), lambda m, g: _quarter_before(m, g)),
    (re.compile(rf"\b(?:calendar\s+year|during|in|for\s+the\s+year)\s+{_Y}\b(?![/\-]\d)", re.I), None),
]
_FROM = re.compile(rf"\b(?:from|since|starting(?:\s+on)?|beginning(?:\s+on)?)\s+(?:{_D}\s+)?{_M},?\s+(\d{{4}})\b", re.I)
_UNTIL = re.compile(
    rf"\b(?:to|until|till|up\s+to(?:\s+and\s+including)?|ending(?:\s+on)?|ended|through)\s+(?:{_D}\s+)?{_M},?\s+"
    r"(\d{4})\b",
    re.I,
)


def _fy_span(m, given):
    first, last = _fy(m.group(1), m.group(2), given, True), _fy(m.group(3), m.group(4), given, True)
    if not first or not last or first.start > last.start:
        return None
    return Span(first.start, last.end, "range", given)


def _calendar(m, given):
    year = int(m.group(1))
    return Span(f"{year}-01", f"{year}-12", "year", given) if YEARS[0] <= year <= YEARS[1] else None


def stated_periods(text: str) -> list[Span]:
    """Every whole period the text states, in order, the longest reading of each stretch of text first."""
    found: list[tuple[int, int, Span]] = []
    prepared = re.sub(r"[\u2013\u2014\u2212]", "-", text)
    for pattern, fn in _FIND:
        for match in pattern.finditer(prepared):
            if any(a <= match.start() < b or a < match.end() <= b for a, b, _ in found):
                continue
            try:
                span = (fn or _calendar)(match, match.group(0).strip())
            except Ambiguous:
                continue
            if span is not None:
                found.append((match.start(), match.end(), span))
    return [span for _, _, span in sorted(found, key=lambda item: item[0])]


def stated_start(text: str, within: tuple[str, str] | None = None) -> tuple[str, int] | None:
    """The month (and day) a text says a period starts from: 'from 1 May 2020' -> ('2020-05', 1); with `within`,
    the first such statement whose month lies in that span."""
    return _stated(_FROM, text, within, lambda month, day: int(day or 1))


def stated_end(text: str, within: tuple[str, str] | None = None) -> tuple[str, int] | None:
    """The month (and day) a text says a period ends: 'up to 30 September 2022' -> ('2022-09', 30)."""
    return _stated(_UNTIL, text, within, lambda month, day: int(day or last_day(month)))


def _stated(pattern: re.Pattern, text: str, within, day) -> tuple[str, int] | None:
    for match in pattern.finditer(re.sub(r"[\u2013\u2014]", "-", text)):
        month = _month(match.group(2), match.group(3))
        if month and (within is None or within[0] <= month <= within[1]):
            return month, day(month, match.group(1))
    return None
