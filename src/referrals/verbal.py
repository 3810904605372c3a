"""Quantities in words, as outlets print them: 'one in six', 'more than half', 'between 2,000 and 3,000', 'none'.

Each reading is a range of true values (low <= value <= high), chosen once and documented in claims/README.md
("How the words are read"), never a false point:

* a fraction ('half', 'a third', 'two thirds') with a bound word is a bound on the share: 'more than half' is
  above 50%, 'over a third' above 33.3%, 'nearly a quarter' from the plain reading's lowest to under 25%;
* 'a in b' ('1 in 20', 'one in six', 'two in five', 'one in every 20') is fair when the share is within 10% of
  a/b (a newsroom rounds the N of '1 in N' to a round number: 4.7% is 'one in 20'), or when b is the nearest
  whole number to the exact a/share; 'almost', 'nearly' allow from 10% below up to a/b;
* a range ('between 2,000 and 3,000', '2,000 to 3,000', '2,000-3,000') allows both ends and all between;
* 'none', 'no', 'zero', 'nil', 'not one' are 0.

No heavy imports: the claims reader and the text extractor use it.
"""

from __future__ import annotations

import math
import re

#: Number words (British spelling), to 'ninety'; 'hundred', 'thousand', 'million' multiply.
UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER_WORD = (
    r"(?:[0-9]+|(?:"
    + "|".join(sorted(UNITS, key=len, reverse=True))
    + r")(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?)"
)

#: Fractions in words: the share they name.
FRACTIONS = {
    "half": 1 / 2,
    "a third": 1 / 3,
    "one third": 1 / 3,
    "two thirds": 2 / 3,
    "two-thirds": 2 / 3,
    "a quarter": 1 / 4,
    "one quarter": 1 / 4,
    "three quarters": 3 / 4,
    "three-quarters": 3 / 4,
    "a fifth": 1 / 5,
    "one fifth": 1 / 5,
    "a tenth": 1 / 10,
    "one tenth": 1 / 10,
}
_NUMERATORS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_DENOMINATORS = {"third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}


def _fractions_in_words() -> dict[str, float]:
    """Every other fraction a newsroom writes in words: 'two fifths', 'three-tenths', 'one sixth', 'an eighth'."""
    out = {}
    for top, a in _NUMERATORS.items():
        for bottom, b in _DENOMINATORS.items():
            if a >= b or (top == "an") != (bottom == "eighth"):
                continue
            name = f"{bottom}{'s' if a > 1 else ''}"
            out[f"{top} {name}"] = a / b
            if top not in ("a", "an"):
                out[f"{top}-{name}"] = a / b
    return out


FRACTIONS = _fractions_in_words() | FRACTIONS  # the readings above stay as they are
#: How far from its exact share a plain 'a in b' or fraction may be (relative): 10%, so 'one in 20' is 4.5% to 5.5%.
TOLERANCE = 0.10

#: The words that say a quantity is nothing at all.
_ZERO = re.compile(r"(?:none|zero|nil|no|not (?:a single )?one|not any)(?![a-z])")
_CHANGE = re.compile(
    r"(?<![a-z])(?:rose|rise[sn]?|risen|rising|fell|fall(?:s|en|ing)?|increased?|decreased?|grew|grown|"
    r"dropped|drop|climbed|doubled|halved|went up|went down|up|down)(?![a-z])"
)


def word_number(text: str) -> float | None:
    """The value of the first run of number words: 'two hundred' -> 200, 'twenty-one' -> 21, 'one thousand two
    hundred' -> 1,200; None if there is none."""
    total, current, seen = 0, 0, False
    for word in re.findall(r"[a-z]+|[0-9]+", text):
        if word in UNITS:
            current += UNITS[word]
            seen = True
        elif word in SCALES and seen:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0
        elif seen:
            break
    return float(total + current) if seen else None


def _count_word(text: str) -> float | None:
    """A small whole number in digits or words ('20', 'six', 'twenty-one')."""
    text = text.strip()
    if text.isdigit():
        return float(text) if len(text) <= 9 else None
    return word_number(text.replace("-", " "))


def is_zero(words: str) -> bool:
    """'none', 'no', 'zero', 'nil', 'not one', and 'no victims…' or 'none of them': a claimed 0. Never 'no more than'
    or 'no fewer than' (bound words), nor words beside a number ('no 10')."""
    if re.search(r"[0-9]", words) or re.match(r"no (?:more|less|fewer) than", words):
        return False
    if any(re.search(rf"(?<![a-z]){w}(?![a-z])", words) for w in UNITS if w != "zero"):
        return False
    return bool(_ZERO.match(words))


def one_in(words: str) -> tuple[float, float, float] | None:
    """(share, low, high) of 'a in b' ('1 in 20', 'one in six', 'two out of five', 'one in every 20'); the range
    is the wider of within TOLERANCE of a/b and the shares whose nearest 'a in N' is b."""
    m = re.search(rf"(?<![a-z0-9.,])({_NUMBER_WORD}) (?:in|out of) (?:every )?({_NUMBER_WORD})(?![a-z0-9])", words)
    if not m:
        return None
    a, b = _count_word(m.group(1)), _count_word(m.group(2))
    if a is None or b is None or a <= 0 or b <= 0 or a > b:
        return None
    share = a / b
    low = min(share * (1 - TOLERANCE), a / (b + 0.5))
    high = min(max(share * (1 + TOLERANCE), a / max(b - 0.5, a)), 1.0)
    return share, low, high


def fraction(words: str) -> tuple[str, float] | None:
    """The fraction a text names ('more than half' -> ('half', 0.5)), the longest name first."""
    for name in sorted(FRACTIONS, key=len, reverse=True):
        if re.search(rf"(?<![a-z]){re.escape(name)}(?![a-z])", words):
            return name, FRACTIONS[name]
    return None


def plain_range(share: float) -> tuple[float, float]:
    """What a fraction with no bound word allows, when no range is pinned for it: within TOLERANCE of it."""
    return share * (1 - TOLERANCE), min(share * (1 + TOLERANCE), 1.0)


def bounded_share(meaning: str, share: float, low: float, high: float) -> tuple[float, float]:
    """The range a share allows once a bound word is read ('more-than' half is above 50%); (low, high) is what the
    plain words allow ('a quarter': 20% to under 30%)."""
    above, below = math.nextafter(share, math.inf), math.nextafter(share, -math.inf)
    return {
        "at-least": (share, 1.0),
        "more-than": (above, 1.0),
        "just-over": (above, max(high, above)),
        "at-most": (0.0, share),
        "less-than": (0.0, below),
        "nearly": (min(low, below), below),
    }.get(meaning, (low, high))


def is_change(words: str) -> bool:
    """Words of a change over time ('rose from 451 to 537'): never a range."""
    return bool(_CHANGE.search(words))


def range_parts(words: str) -> tuple[str, str] | None:
    """The two ends of a range as written: 'between 2,000 and 3,000', '2,000 to 3,000', '2,000-3,000',
    'from 20% to 30%'; None for anything else (and for a change, 'rose from 451 to 537')."""
    if is_change(words):
        return None
    end = r"[0-9][0-9,.\u00a0\u2009\u202f ]*(?:%| per ?cent)?(?: ?(?:k|m|bn|thousand|million))?"
    for pattern in (
        rf"between ({end}) and ({end})",
        rf"(?<![a-z0-9.,])({end}) ?(?:-|to) ?({end})",
    ):
        m = re.search(pattern, words)
        if m:
            return m.group(1).strip(), m.group(2).strip()
    return None


def part_of_whole(words: str) -> bool:
    """'2,672 of 3,000', '24 of these 43': two numbers, a part and its whole (a share, not one count)."""
    whole = rf"(?:the |these |those |all |some )?{_NUMBER_WORD}(?![a-z])"
    return bool(re.search(rf"(?<![a-z0-9.,])[0-9][0-9,.]* of {whole}", words))
