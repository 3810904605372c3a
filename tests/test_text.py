"""Text helpers: each character is told by its Unicode category, printable ASCII by a shortcut that must agree."""

from __future__ import annotations

import unicodedata

import pytest

from referrals.text import invisible_characters, words

HIDDEN = {"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"}
#: Every ASCII character, then a few beyond it: a zero-width space, a no-break space, a letter, a line separator.
CHARACTERS = [chr(i) for i in range(128)] + ["\u200b", "\u00a0", "\u00e9", "\u2028"]


@pytest.mark.parametrize("char", CHARACTERS, ids=[f"U+{ord(c):04X}" for c in CHARACTERS])
def test_a_character_is_invisible_or_a_separator_by_its_category(char):
    text = f"two{char}words"
    hidden = unicodedata.category(char) in HIDDEN
    separates = hidden or unicodedata.category(char) == "Zs"
    assert invisible_characters(text) == ([char] if hidden else [])
    assert words(text) == (["two", "words"] if separates else [text])
