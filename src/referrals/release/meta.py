"""What a release says about itself: whether it is SYNTHETIC, and the period it covers.

The period comes from the release's months, or from a period its title rows state
("May 2020 to September 2022", "1 May 2020 - 30 September 2022"); otherwise it is
unknown (None). It is never guessed from wording such as "a two year period".
"""

from __future__ import annotations

import re

from ..months import parse_month

_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}\.?,?\s+(\d{{4}})"
_JOIN = r"\s*(?:to|until|through|and|-|\u2013|\u2014)\s*"
_WORDED = re.compile(rf"\b{_DATE}{_JOIN}{_DATE}\b", re.IGNORECASE)
_NUMERIC = re.compile(r"\b\d{1,2}/(\d{1,2})/(\d{4})" + _JOIN + r"\d{1,2}/(\d{1,2})/(\d{4})\b")


def is_synthetic(name: str, title: list[str]) -> bool:
    """Marked SYNTHETIC (any case) in its file name or its title rows."""
    return any("synthetic" in text.lower() for text in [name, *title])


def stated_period(title: list[str]) -> tuple[str, str] | None:
    """The first period a title row states, as ('YYYY-MM', 'YYYY-MM'); None if none is stated."""
    for text in title:
        match = _WORDED.search(text)
        if match:
            start = parse_month(f"{match.group(1)[:3]} {match.group(2)}", lenient=True)
            end = parse_month(f"{match.group(3)[:3]} {match.group(4)}", lenient=True)
        elif match := _NUMERIC.search(text):
            start = f"{match.group(2)}-{int(match.group(1)):02d}"
            end = f"{match.group(4)}-{int(match.group(3)):02d}"
        else:
            continue
        if start and end and start <= end and all("01" <= m[5:] <= "12" for m in (start, end)):
            return start, end
    return None


def period(months: list[str], title: list[str]) -> tuple[tuple[str, str] | None, list[str]]:
    """The period covered (from the months, else the title rows) and a note if the two disagree."""
    stated = stated_period(title)
    present = sorted(m for m in months if m)
    if not present:
        return stated, []
    found = (present[0], present[-1])
    notes = []
    if stated and stated != found:
        notes.append(
            f"the title rows state a period of {stated[0]} to {stated[1]}, but the release's months run from "
            f"{found[0]} to {found[1]}; the months are used"
        )
    return found, notes
