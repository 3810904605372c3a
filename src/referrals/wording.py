"""What the words around a number mean: 'more than 2,000', 'nearly 2,700', 'a quarter', 'hundreds a month'.

A claim as an outlet printed it becomes a range of true values it allows (a
count, a share or a monthly rate), never a false point: 'more than 2,000' allows
2,001 and up; 'around 40' allows 35 to under 45; 'a quarter' allows 0.20 to
under 0.30 (the verbal ranges are choices, written in claims/README.md and
pinned by tests). Words that cannot be read as a number are refused with the
reason, never guessed.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from . import verbal
from .numbers import NUMBER_TOKEN, NotACount, read_number

INF = math.inf

#: Verbal quantities and the ranges they are taken to mean: low <= value < high.
VERBAL = {
    "almost 1 in 20": (0.045, 0.05),
    "a quarter": (0.20, 0.30),
    "a third": (0.30, 0.37),
    "half": (0.45, 0.55),
    "dozens": (24, 100),
    "hundreds": (200, 1000),
    "thousands": (2000, 1_000_000),
    "tens of thousands": (20_000, 100_000),
}
VERBAL_SHARES = {"almost 1 in 20", "a quarter", "a third", "half"}

#: Bound words, longest first when matching: what they say about the true value against the number.
BOUNDS = {
    "no less than": "at-least",
    "not less than": "at-least",
    "at least": "at-least",
    "a minimum of": "at-least",
    "more than": "more-than",
    "in excess of": "more-than",
    "upwards of": "more-than",
    "over": "more-than",
    "above": "more-than",
    "no more than": "at-most",
    "at most": "at-most",
    "up to": "at-most",
    "fewer than": "less-than",
    "less than": "less-than",
    "under": "less-than",
    "below": "less-than",
    "nearly": "nearly",
    "almost": "nearly",
    "just under": "nearly",
    "around": "approximately",
    "about": "approximately",
    "approximately": "approximately",
    "roughly": "approximately",
    "some": "approximately",
    "an estimated": "approximately",
    "estimated": "approximately",
    "just over": "just-over",
}
_RATE_UNITS = {"day": 365.25 / 12, "week": 365.25 / 12 / 7, "month": 1.0, "year": 1 / 12}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "m": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
}


class WordingError(ValueError):
    """Why a claim's words cannot be read as a number, in words a fact-checker can act on."""


@dataclass(frozen=True)
class Claimed:
    """The range of true values a claim's words allow, and how they were read."""

    text: str
    kind: str  # "count", "share" or "rate" (per month)
    low: float
    high: float
    number: float | None  # the number as printed (None for words only)
    meaning: str  # exact, at-least, more-than, at-most, less-than, approximately, nearly, just-over, verbal
    phrase: str = ""  # the verbal quantity, if any

    def describe(self) -> str:
        """How the words were read: "'more than 2000' read as 2,001 or more"."""
        if self.phrase:
            low, high = VERBAL[self.phrase]
            per = " a month" if self.kind == "rate" else ""
            lowest, highest = range_text(low, low, self.kind), range_text(high, high, self.kind)
            return f"{self.text!r} read as {lowest} to under {highest}{per}"
        return f"{self.text!r} read as {range_text(self.low, self.high, self.kind)}"


def range_text(low: float, high: float, kind: str = "count") -> str:
    """A range in words: '2,001 or more', 'between 200 and 999', '25.0% to 30.0%'."""
    fmt = (lambda x: f"{x * 100:.1f}%") if kind == "share" else number_text
    if low == high:
        return fmt(low)
    if high == INF:
        return f"{fmt(low)} or more"
    if low <= 0:
        return f"at most {fmt(high)}"
    return f"{fmt(low)} to {fmt(high)}"


def rate_text(low: float, high: float | None = None) -> str:
    """A monthly rate, or a range of them, to one decimal ('110', '89.3 to 115.2', 'at least 69'): rates are
    averages, so a decimal is honest, but a whole one prints as a whole number."""

    def one(x: float) -> str:
        return f"{x:,.1f}".removesuffix(".0")

    if high is None or math.isclose(low, high):
        return one(low)
    return f"at least {one(low)}" if high == INF else f"{one(low)} to {one(high)}"


def number_text(x: float) -> str:
    """A number as a news page prints it: 2,672; 110.3; 0.0472."""
    if x == INF:
        return "no upper limit"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.1f}" if abs(x) >= 10 else f"{x:,.2f}" if abs(x) >= 1 else f"{x:.4f}"


def _norm(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip()


def _number(text: str, rate: bool = False) -> tuple[float, int] | None:
    """(value, places of precision) of the first number: '2,672' -> 2672; '2 672' (any space) -> 2672; '2.7k' and
    '2.7 million' -> 2,700 and 2,700,000 (to the nearest 100 and 100,000); 'two hundred' -> 200. A negative
    precision means rounding to tens, hundreds... Every number printed must be well formed (numbers.read_number):
    '2.672', '2,67,2', '26,72' and '2.672e3' are refused with the reason, never guessed; a decimal point is allowed
    only before a magnitude word ('2.7 million') or in a rate ('2.5 a day')."""
    tokens = list(NUMBER_TOKEN.finditer(text))
    for m in tokens:
        scaled = re.match(_MAGNITUDE, text[m.end() :])
        try:
            value, decimals = read_number(m.group(), decimal=bool(scaled) or rate or m is not tokens[0])
        except NotACount as exc:
            raise WordingError(f"the number {exc}") from None
        if m is tokens[0]:
            first = value, decimals, scaled
    if tokens:
        value, decimals, scaled = first
        if scaled:
            scale = _SCALES[scaled.group(1)]
            value *= scale
            decimals -= round(math.log10(scale))
        return value, decimals
    return _word_number(text)


_MAGNITUDE = r"\s?(k|m|bn|thousand|million|billion|hundred)(?![a-z])"


def _word_number(text: str) -> tuple[float, int] | None:
    value = verbal.word_number(text)
    return None if value is None else (value, 0)


def _precision(value: float, decimals: int) -> float:
    """The rounding a printed number implies: 2,700 -> 100; 2,000 -> 1,000; 40 -> 10; 2,672 -> 1."""
    if decimals > 0:
        return 10.0**-decimals
    if value == 0:
        return 1.0
    step = 10**-decimals if decimals < 0 else 1
    n = int(round(value))
    while n % (step * 10) == 0 and step * 10 <= n:
        step *= 10
    return float(step)


def _bound_word(text: str) -> str:
    for phrase in sorted(BOUNDS, key=len, reverse=True):
        if re.search(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", text):
            return phrase
    return ""


def _rate_unit(text: str) -> float | None:
    m = re.search(r"\b(?:a|an|per|each|every)\s+(day|week|month|year)\b", text)
    return _RATE_UNITS[m.group(1)] if m else None


def _share(text: str) -> tuple[float, float, float] | None:
    """(value, low, high) of a share printed as '25%', '25 per cent' or 'a in b' ('1 in 20', 'one in six')."""
    m = re.search(r"(?<![\w.,])([0-9][0-9.,]*)\s*(?:%|per ?cent)", text, re.ASCII)
    if m:
        try:
            value, places = read_number(m.group(1), decimal=True)
        except NotACount as exc:
            raise WordingError(f"the share {exc}") from None
        value /= 100
        half = 10**-places / 200
        return value, value - half, value + half
    return verbal.one_in(text)


@functools.lru_cache(maxsize=4096)  # an archive of claims repeats its wordings ('more than 2,000')
def read(text: str) -> Claimed:
    """The range of true values a claim's words allow (the readings are listed in claims/README.md)."""
    words = _norm(text)
    if not words:
        raise WordingError("empty; give the claim as worded, e.g. '2,672', 'more than 2,000' or 'a quarter'")
    if re.search(r"(?<![a-z])(minus|negative)(?![a-z])|(?<![0-9a-z%])(?<![0-9a-z%] )-\s*[0-9]", words):
        raise WordingError(f"{text!r} is negative; a count cannot be")
    if verbal.is_zero(words):
        return Claimed(text, "count", 0.0, 0.0, 0.0, "exact")
    fraction = verbal.fraction(words)
    word = _bound_word(words)
    if fraction is not None and (BOUNDS.get(word, "approximately") != "approximately" or fraction[0] not in VERBAL):
        return _fraction(text, words, *fraction)
    for phrase in sorted(VERBAL, key=len, reverse=True):
        if phrase in words:
            return _verbal(text, words, phrase)
    unit = _rate_unit(words)
    ends = verbal.range_parts(words)
    if ends is not None:
        return _range(text, words, ends, unit)
    share = _share(words)
    if share is not None:
        value, low, high = share
        if BOUNDS.get(word, "approximately") != "approximately":
            low, high = verbal.bounded_share(BOUNDS[word], value, low, high)
            return Claimed(text, "share", max(low, 0.0), high, value, BOUNDS[word])
        return Claimed(text, "share", max(low, 0.0), min(high, 1.0), value, "exact")
    found = _number(words, rate=unit is not None)
    if found is None:
        raise WordingError(
            f"{text!r} has no number; give it as printed (e.g. '2,672', 'over two hundred', '2.7k', 'none') "
            "or as a known verbal quantity (" + ", ".join(VERBAL) + ")"
        )
    value, decimals = found
    if decimals < 0 and not word:  # '2.7k', '2.7 thousand': a rounded number, never an exact one
        word = "around"
    claimed = _bounded(text, "count", value, value, value, word, _precision(value, decimals))
    return _per_month(claimed, unit) if unit else claimed


def _fraction(text: str, words: str, name: str, share: float) -> Claimed:
    """A fraction in words, with its bound word: 'more than half' is above 50%, 'nearly a quarter' 20% to under 25%;
    a fraction with no range pinned in VERBAL allows within verbal.TOLERANCE of itself."""
    low, high = VERBAL[name] if name in VERBAL else verbal.plain_range(share)
    meaning = BOUNDS.get(_bound_word(words), "approximately")
    low, high = verbal.bounded_share(meaning, share, low, high)
    return Claimed(text, "share", low, high, share, meaning)


def _range(text: str, words: str, ends: tuple[str, str], unit: float | None) -> Claimed:
    """'between 2,000 and 3,000', '2,000 to 3,000', '2,000-3,000', '20% to 30%': both ends and all between; a
    magnitude or a per cent written once, on the second end, is the first's too ('between 2 and 3 million')."""
    first, second = ends
    tail = re.search(r"(%|per ?cent|k|m|bn|thousand|million)$", second)
    if tail and not re.search(r"[a-z%]$", first):
        first = f"{first}{'' if tail.group(1) == '%' else ' '}{tail.group(1)}"
    if second.endswith("%") or "cent" in second:
        (_, lo, _), (_, _, hi) = _share(first), _share(second)
        kind = "share"
    else:
        (lo, _), (hi, _) = _number(first, rate=unit is not None), _number(second, rate=unit is not None)
        kind = "count"
    if lo > hi:
        raise WordingError(f"{text!r} is a range that runs backwards; give its lower end first")
    claimed = Claimed(text, kind, lo, hi, None, "range")
    return _per_month(claimed, unit) if unit and kind == "count" else claimed


def _verbal(text: str, words: str, phrase: str) -> Claimed:
    low, high = VERBAL[phrase]
    kind = "share" if phrase in VERBAL_SHARES else "count"
    claimed = Claimed(text, kind, low, math.nextafter(high, -INF), None, "verbal", phrase)
    unit = _rate_unit(words)
    return _per_month(claimed, unit) if unit and kind == "count" else claimed


def _bounded(text: str, kind: str, value: float, low: float, high: float, word: str, precision: float) -> Claimed:
    """The range a number allows once its bound word is read; counts are whole, so 'more than 2,000' is 2,001+."""
    meaning = BOUNDS.get(word, "exact")
    step = 1.0 if kind == "count" else 0.0
    ranges = {
        "exact": (low, high),
        "at-least": (low, INF),
        "more-than": (value + step, INF) if step else (math.nextafter(value, INF), INF),
        "at-most": (0.0, high),
        "less-than": (0.0, value - step) if step else (0.0, math.nextafter(value, -INF)),
        "approximately": (value - precision / 2, value + precision / 2),
        "nearly": (value - precision, value),
        "just-over": (value + step, value + precision) if step else (math.nextafter(value, INF), value + precision),
    }
    lo, hi = ranges[meaning]
    return Claimed(text, kind, max(lo, 0.0), hi, value, meaning)


def _per_month(claimed: Claimed, unit: float) -> Claimed:
    """A rate ('40 a day') as a monthly rate, so it compares with counts over months."""
    return Claimed(
        claimed.text,
        "rate",
        claimed.low * unit,
        claimed.high * unit,
        claimed.number,
        claimed.meaning,
        claimed.phrase,
    )


def in_unit(claimed: Claimed, unit: str) -> Claimed:
    """A claimed rate in the unit of a measure that is itself a rate ('people a day', an average): '29 a day' is 29
    of a daily estimate, '210 a week' 30; a count, a share, or any claim of a measure counted in people or calls, as
    read."""
    per = _rate_unit(_norm(unit))
    if claimed.kind != "rate" or per is None:
        return claimed
    printed = _rate_unit(_norm(claimed.text))
    number = None if claimed.number is None or printed is None else claimed.number * printed / per
    return Claimed(
        claimed.text, "count", claimed.low / per, claimed.high / per, number, claimed.meaning, claimed.phrase
    )


def share_range(phrase: str) -> tuple[float, float] | None:
    """The range a verbal share a source printed allows ('a quarter': 0.20 to under 0.30); None for other words."""
    if phrase not in VERBAL_SHARES:
        return None
    low, high = VERBAL[phrase]
    return low, math.nextafter(high, -INF)


def figure_range(value: float | None, meaning: str, qualifier: str) -> tuple[float, float] | None:
    """The range of true values a published figure allows, from its qualifier's meaning (qualifiers.csv)."""
    if value is None or value != value:
        return None
    if meaning == "verbal":
        return None
    if meaning in ("approximately", "estimate"):
        step = _precision(value, 0)
        return value - step / 2, value + step / 2
    ranges = {
        "exact": (value, value),
        "at-least": (value, INF),
        "more-than": (value + 1, INF),
        "at-most": (0.0, value),
        "less-than": (0.0, value - 1),
    }
    return ranges.get(meaning, (value, value))
