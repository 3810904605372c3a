"""Text as people type it and as attackers craft it: invisible characters, lookalikes, echoed values.

Messages quote what a user gave; these helpers keep such quotes short and make
the invisible visible, so that a message never looks identical to its mistake.
"""

from __future__ import annotations

import difflib
import unicodedata

#: The longest value a message echoes in full; longer ones are cut with an ellipsis.
ECHO_LIMIT = 60

#: Unicode categories of characters that show nothing: controls, format characters
#: (zero-width spaces and joiners, direction overrides, soft hyphens), unassigned and
#: private-use code points, and line or paragraph separators.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"}


def shown(value: object, limit: int = ECHO_LIMIT) -> str:
    """repr() of a value for a message, cut to `limit` characters with '…' (a 100 KB value stays readable)."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def character_name(char: str) -> str:
    """'U+200B ZERO WIDTH SPACE': a character as a reader can look it up."""
    name = unicodedata.name(char, "")
    if not name and unicodedata.category(char) == "Cc":
        name = "CONTROL CHARACTER"
    return f"U+{ord(char):04X} {name}".rstrip()


def _plain_ascii(text: str) -> bool:
    """Whether a text is printable ASCII: letters, digits, punctuation and plain spaces only (no invisible
    character, and no space but ' '), told without looking up each character's category."""
    return text.isascii() and text.isprintable()


def invisible_characters(text: str) -> list[str]:
    """Every distinct invisible or control character in the text, in order of appearance."""
    if _plain_ascii(text):
        return []
    found = [c for c in text if unicodedata.category(c) in _INVISIBLE_CATEGORIES]
    return list(dict.fromkeys(found))


def words(text: str) -> list[str]:
    """The words of a text, with invisible characters and every kind of space counted as separators.

    A quote of sixty words joined by zero-width spaces is sixty words, not one.
    """
    if _plain_ascii(text):
        return text.split()
    spaced = "".join(
        " " if unicodedata.category(c) in _INVISIBLE_CATEGORIES or unicodedata.category(c) == "Zs" else c for c in text
    )
    return spaced.split()


def lookalike_note(given: str, meant: str) -> str:
    """Say which non-ASCII characters in `given` stand where `meant` has an ASCII one.

    'Wеst Midlands' with a Cyrillic 'е' gets "contains 'е' (U+0435 CYRILLIC SMALL LETTER IE)
    where 'e' was probably meant"; empty when `given` is plain ASCII.
    """
    if given.isascii():
        return ""
    notes = []
    matcher = difflib.SequenceMatcher(None, given.lower(), meant.lower(), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace":
            continue
        for bad, good in zip(given[i1:i2], meant[j1:j2]):
            if not bad.isascii():
                notes.append(f"contains {bad!r} ({character_name(bad)}) where {good!r} was probably meant")
    if not notes:
        odd = [c for c in dict.fromkeys(given) if not c.isascii()]
        notes = [f"contains {c!r} ({character_name(c)})" for c in odd]
    return "; ".join(dict.fromkeys(notes))
