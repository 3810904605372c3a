"""What a release says about itself: whether it is SYNTHETIC, the period it states, and its numbered notes.

The period comes from the release's title or notes, in any common form (see periods.py);
otherwise it is not stated. It is never guessed from wording such as "a two year period".
When a title states several periods (a letter restating the request, then the answer), the
one nearest the table is the table's, and the others are noted.
"""

from __future__ import annotations

import re

from .periods import Span, stated_periods

_NOTE = re.compile(
    r"^\s*(?:\(|\[)?(?:note\s*)?([0-9]{1,2}|[a-z])(?:\)|\]|\.|:)\s*(.+)$"
    r"|^\s*note\s+([0-9]{1,2})\s+(.+)$"
    r"|^\s*([*\u2020\u2021\u00a7]+)\s*(.+)$",
    re.IGNORECASE,
)
_PERIOD_WORDS = re.compile(r"financial|calendar|year|quarter|\bfy\b|period|cover", re.IGNORECASE)


def is_synthetic(name: str, title: list[str]) -> bool:
    """Marked SYNTHETIC (any case) in its file name or its title rows."""
    return any("synthetic" in text.lower() for text in [name, *title])


def stated_period(lines: list[str], notes: bool = False) -> tuple[Span | None, list[str]]:
    """The period the lines state (the last one stated, nearest the table), and a remark when they state several.
    In notes only a range, or a period named as one ('financial year 2023/24'), counts: a note about one column
    ('2020/21 starts in May') states no period for the release."""
    found: list[Span] = []
    for line in lines:
        for span in stated_periods(line):
            if notes and not (span.kind == "range" or _PERIOD_WORDS.search(line)):
                continue
            found.append(span)
    distinct = list(dict.fromkeys((s.start, s.end) for s in found))
    if not distinct:
        return None, []
    chosen = found[-1]
    remarks = []
    if len(distinct) > 1 and not notes:
        others = "; ".join(s.given for s in found[:-1] if (s.start, s.end) != (chosen.start, chosen.end))
        remarks.append(
            f"the text states more than one period ({others}); the one nearest the table is used: {chosen.given}"
        )
    return chosen, remarks


_PLACE = re.compile(r"^(?:sheet '[^']*', )?(?:row \d+|page \d+, [^:]+):\s*")


def is_note(line: str) -> bool:
    """A numbered note ('(3) 2020/21 covers ...', 'Note 3: ...'): what it states is about one column, not the
    release."""
    return bool(_NOTE.match(_PLACE.sub("", line)))


def numbered_notes(lines: list[str]) -> dict[str, str]:
    """The release's numbered notes, by marker: '(3) 2020/21 starts on 1 May 2020' -> {'3': '2020/21 starts ...'}."""
    out: dict[str, str] = {}
    for line in lines:
        match = _NOTE.match(_PLACE.sub("", line))
        if match:
            marker, body = next((m, b) for m, b in zip(match.groups()[::2], match.groups()[1::2]) if m)
            out.setdefault(marker.lower(), body.strip())
    return out
