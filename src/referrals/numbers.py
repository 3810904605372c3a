"""One strict reader for counts written as text: '1,234' is a count; '1,5', '2.000', '1,4,8', '2.5', '1e3' are not.

A count of people read from a release (or a claim) is a whole number, at most
COUNT_CEILING, with thousands separators (commas) only every three digits. Anything
else is refused with the reason, never guessed: '2.000' could be two or two thousand,
'1,5' one and a half or fifteen. No heavy imports: the ledger's claims reader uses it too.
"""

from __future__ import annotations

import re

#: No count of people this project reads comes near ten million; a larger number is a misread (or a bomb).
COUNT_CEILING = 10_000_000

_PLAIN = re.compile(r"[0-9]+", re.ASCII)
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+", re.ASCII)
#: Shaped like a number, right or wrong: what a count cell holds, never a name or a note.
_DIGIT = r"0-9\u0660-\u0669\u06f0-\u06f9\uff10-\uff19"  # ASCII, Arabic-Indic and full-width digits
_NUMERIC = re.compile(
    rf"[+\-\u2212(]?\s*[{_DIGIT}][{_DIGIT}.,'\u2019 \u00a0\u2009\u202f]*(?:[eE][+\-]?[0-9]+)?\s*[)%]?"
)


class NotACount(ValueError):
    """Text that is not a count; the message says why, in words a reader can act on."""


def count_problem(text: str, ceiling: int = COUNT_CEILING) -> str | None:
    """Why `text` is not a count (None if it is one)."""
    t = text.strip()
    if _PLAIN.fullmatch(t) or _GROUPED.fullmatch(t):
        return (
            None if int(t.replace(",", "")) <= ceiling else f"is larger than any count this project reads ({ceiling:,})"
        )
    return _reason(t)


#: Shapes of text that are not counts, each with why, in the order they are tried.
_SHAPES = (
    (r"[0-9.,]*[0-9][eE][+\-]?[0-9]+", "is in scientific notation; a count is written out in full"),
    (
        r"[0-9]+\.[0-9]{3}",
        "could be a whole number with a full stop between thousands or a decimal; write it without one",
    ),
    (r"[0-9,]*[0-9]\.[0-9]+", "has a decimal point; a count is a whole number"),
    (
        r"[0-9]+(?:[ \u00a0\u2009\u202f'\u2019][0-9]{3})+",
        "separates thousands with a space or an apostrophe; write them with commas (1,234) or none",
    ),
    (r"[0-9][0-9,]*", "has a comma out of place; thousands separators come every three digits (1,234)"),
)


def _reason(t: str) -> str:
    if not t:
        return "is empty"
    if not t.isascii() and re.search(r"\d", t):
        return "has digits that are not plain 0-9 (retype it)"
    if t.startswith(("-", "\u2212")):
        return "is negative; a count of people cannot be"
    if t.startswith("(") and t.endswith(")") and _PLAIN.fullmatch(t[1:-1]):
        return "is in brackets (a negative number in accounts, or a note marker); a count is written plain"
    if re.fullmatch(r"[0-9][0-9,]*\s*(?:[*\u2020\u2021\u00a7#]+|\[\w+\]|\(\w+\))", t):
        return "has a mark beside the number; a note or suppression mark cannot share a cell with a count"
    if t.startswith("+"):
        return "has a sign; a count is written without one"
    if t.endswith("%"):
        return "is a percentage, not a count"
    return next((why for shape, why in _SHAPES if re.fullmatch(shape, t)), "is not a count")


def read_count(text: str, where: str = "", ceiling: int = COUNT_CEILING) -> int:
    """The count `text` states, or NotACount naming the place and the reason."""
    problem = count_problem(text, ceiling)
    if problem is not None:
        raise NotACount(f"{where + ': ' if where else ''}value {text.strip()!r} {problem}")
    return int(text.strip().replace(",", ""))


def looks_numeric(text: str) -> bool:
    """Shaped like a number (a count, or a malformed one): a value cell, never a label."""
    return bool(_NUMERIC.fullmatch(text.strip()))


# --- numbers in words a person wrote (a claim), read by the same grammar ----------------------------------------

#: The spaces that group digits in print: a space, a no-break space, a thin space, a narrow no-break space.
SPACES = " \u00a0\u2009\u202f"
_SPACED = re.compile(rf"[1-9][0-9]{{0,2}}(?:[{SPACES}][0-9]{{3}})+", re.ASCII)
_DECIMAL = re.compile(r"(?:[0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+)\.[0-9]+", re.ASCII)
#: A number a person might print has at most this many digits; longer is a misread or a bomb, refused unread.
MAX_DIGITS = 15
#: Shaped like one printed number, right or wrong: digits with separators, a decimal part or an exponent.
NUMBER_TOKEN = re.compile(
    rf"(?<![\w.,])(?>[0-9]+(?:(?:[,.'\u2019]|[{SPACES}](?=[0-9]{{3}}(?![0-9])))[0-9]+)*(?:[eE][+\-]?[0-9]+)?)(?![0-9])"
)


def read_number(text: str, *, decimal: bool = False, ceiling: float = float(10**MAX_DIGITS)) -> tuple[float, int]:
    """(value, decimal places) of one printed number: '2,672', '2 672' (any space between thousands), and with
    `decimal` '2.7' or '4.72'. Anything else is NotACount with the reason: '2.672' (a decimal or a full stop between
    thousands?), '2,67,2' and '26,72' (a comma out of place), '2.672e3', a number of more than MAX_DIGITS digits."""
    t = text.strip()
    digits = sum(ch.isdigit() for ch in t)
    if digits > MAX_DIGITS:
        raise NotACount(f"{t[:20]}… has {digits} digits; no count or share anyone prints has more than {MAX_DIGITS}")
    if _PLAIN.fullmatch(t) or _GROUPED.fullmatch(t) or _SPACED.fullmatch(t):
        value, places = float(re.sub(rf"[,{SPACES}]", "", t)), 0
    elif decimal and _DECIMAL.fullmatch(t):
        value, places = float(t.replace(",", "")), len(t.split(".")[1])
    else:
        why = _reason(t)
        if decimal and why.startswith("could be a whole number"):
            why = "has a full stop among its digits: a decimal needs at most two places here, a count none"
        raise NotACount(f"{t!r} {why}")
    if value > ceiling:
        raise NotACount(f"{t!r} is larger than any number this project reads ({ceiling:,.0f})")
    return value, places
