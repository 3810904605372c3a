"""Count cells: a whole number (read by the one strict reader), a suppression mark (never zero), or a blank.

A blank is not a zero: it is unknown until the table's own totals prove it zero (see totals.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..numbers import count_problem

#: Marks statistical releases use for suppressed or unavailable cells, and the largest value each can hide
#: (None: unknown size).
SUPPRESSED = {
    "*": None,
    "<5": 4,
    "< 5": 4,
    "<3": 2,
    "< 3": 2,
    "<10": 9,
    "< 10": 9,
    "-": None,
    "[x]": None,
    "[c]": None,
    "[z]": None,
    "[low]": None,
    "..": None,
    "~": None,
    "n/a": None,
    "c": None,
    "x": None,
}
BLANK = "(blank)"


@dataclass(frozen=True)
class Cell:
    """One count cell: its value (None when unknown), its mark ('' for a count, the suppression mark, or
    '(blank)'), and the reason it is refused ('' when it is not)."""

    value: float | None
    marker: str = ""
    problem: str = ""

    @property
    def suppressed(self) -> bool:
        return self.value is None


def is_marker(text: str) -> bool:
    return text.strip().lower() in SUPPRESSED


def read_cell(text: str) -> Cell:
    t = text.strip()
    if not t:
        return Cell(None, BLANK)
    if t.lower() in SUPPRESSED:
        return Cell(None, t)
    problem = count_problem(t)
    if problem is None:
        return Cell(float(int(t.replace(",", ""))))
    if problem == "is not a count":
        marks = ", ".join(k for k in SUPPRESSED if k.strip() and k == k.strip())
        problem = f"is neither a count nor a known suppression mark ({marks})"
    return Cell(None, t, problem)


def marker_limit(marker: str) -> float | None:
    """The largest value a suppressed cell can hide; None when its size is unknown (a blank's too)."""
    return SUPPRESSED.get(str(marker).strip().lower())
