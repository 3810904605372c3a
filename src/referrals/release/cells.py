"""Count cells: a whole number, or a suppression marker that stays suppressed (never zero)."""

from __future__ import annotations

import re

from ..errors import DataError

#: Markers statistical releases use for suppressed or unavailable cells, and the
#: largest value each can hide (None: unknown size).
SUPPRESSED = {
    "*": None,
    "<5": 4,
    "< 5": 4,
    "-": None,
    "[x]": None,
    "[c]": None,
    "[z]": None,
    "..": None,
    "~": None,
    "n/a": None,
}
BLANK = "(blank)"


def parse_count(text: str, where: str) -> tuple[float | None, bool, str]:
    """(value, suppressed, marker) for one cell; anything else is refused with its place named."""
    t = text.strip()
    if t.lower() in SUPPRESSED:
        return None, True, t
    if t == "":
        return None, True, BLANK
    cleaned = t.replace(",", "")
    if re.fullmatch(r"\d+(\.0+)?", cleaned):
        return float(int(float(cleaned))), False, ""
    if re.fullmatch(r"-\d+(\.\d+)?", cleaned):
        raise DataError(f"{where}: value {t!r} is negative; a count of victims cannot be")
    if re.fullmatch(r"\d*\.\d+", cleaned):
        raise DataError(f"{where}: value {t!r} is fractional; a count of victims must be whole")
    raise DataError(
        f"{where}: value {t!r} is neither a count nor a known suppression marker "
        f"({', '.join(k for k in SUPPRESSED if k.strip())})"
    )


def marker_limit(marker: str) -> float | None:
    """The largest value a suppressed cell can hide; None when its size is unknown."""
    return SUPPRESSED.get(str(marker).strip().lower())
