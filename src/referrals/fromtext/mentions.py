"""Sentences and the numbers in them: where each number is, how it is worded, and whether it can be a claim.

Sentences are split by spaCy's rule-based sentencizer on a blank English pipeline (its
tokenizer knows abbreviations such as "Mr." and "U.S."; no model is downloaded). Numbers in
words ("nineteen", "two hundred and seven") are found and valued by text2num over spaCy's
tokens; numbers in digits, shares ("a quarter", "1 in 20", "25%") and verbal quantities
("thousands") by patterns built from the project's own vocabulary (wording.py). Both libraries
are imported here only, so only `claims-from-text` pays for them.

A number that is not a claim about the data (a date, a year, money, an age, a rank, a
reference such as "Section 12", a duration) is kept with the reason it was skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import wording

#: Words a number counts that make it a count even where it could be a year ("2000 people").
COUNTED = (
    r"people|persons?|victims?|survivors?|migrants?|women|men|children|girls|boys|cases|instances|referrals?|"
    r"calls|contacts|times|occasions|forces|individuals|adults|suspects|witnesses|crimes|offences|reports|checks"
)
#: Words that may follow a count of people before the noun ('460 such cases', '13 who had', '24 of these').
_NEXT = (
    r"who|whom|of|such|these|those|were|was|had|have|has|in|to|more|fewer|per|each|every|a|an|on|at|and|or|by|"
    r"referred|reported|reporting|referring|crime|abuse|slavery|trafficking|exploitation|marriage|servitude|"
    r"from|between|since|over|during|across|last|this|that|which|so|now|a-day|a-month"
)
_COUNTED = re.compile(rf"\s*(?:[a-z-]+\s+){{0,3}}?(?:{COUNTED})\b", re.I)
_RATE = re.compile(r"\b(?:a|an|per|each|every)\s+(day|week|month|year)\b", re.I)
_MONEY_BEFORE = re.compile(r"[£$€¥]\s*$|\b(?:GBP|USD|EUR)\s*$")
_MONEY_AFTER = re.compile(r"^\s*(?:pounds?|pence|p\b|euros?|dollars?|bn\b|billion pounds)", re.I)
_AGE = re.compile(r"\b(?:aged|age of|ages of|age)\s*$", re.I)
_AGE_AFTER = re.compile(r"^(?:-|\s)(?:years?|yrs?)(?:-|\s)old\b|^-year-old", re.I)
_DURATION_AFTER = re.compile(r"^(?:-|\s)(?:hours?|days?|weeks?|months?|years?|decades?|centuries|century)\b", re.I)
_REFERENCE = re.compile(
    r"\b(?:section|sections|article|articles|paragraph|para|clause|chapter|page|pages|pp?\.|schedule|part|"
    r"regulation|rule|act|bill|question|figure|table|item|no\.|number|line|version|room|flat|box|route|junction|"
    r"phone|tel\.?|ref\.?|case no\.?|annex|appendix|tier|level|step|stage|category|grade|covid|covid-)\s*$",
    re.I,
)
_ACT_YEAR = re.compile(r"^\s*(?:act|regulations?|order|bill)\b", re.I)
_TIME_AFTER = re.compile(r"^(?::\d\d|\s?(?:am|pm|a\.m\.|p\.m\.)\b)", re.I)
_MONTH_NAMES = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?"
)
_DAY_BEFORE_MONTH = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:{_MONTH_NAMES})\b", re.I)
_DAY_AFTER_MONTH = re.compile(rf"\b(?:{_MONTH_NAMES})\s*$", re.I)
_DIGITS = re.compile(
    r"(?<![\w.,/:])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
    r"(?:\s?(%|per ?cent\b|percent\b|k\b|m\b|million\b|thousand\b|bn\b|billion\b))?(?![\w/]|,\d|\.\d)",
    re.I,
)
_WORD_NUMBER = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|(?<![\d,.])[0-9]+)"
_IN_WORDS = (
    r"(?:[0-9]+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"a hundred|one hundred|hundred|a thousand|thousand)"
)
_BOUND_WORDS = (
    r"(?:(?:almost|nearly|around|about|roughly|approximately|more than|over|just over|just under|fewer than|"
    r"less than|under|at least)\s+)?"
)
_SHARES = re.compile(
    _BOUND_WORDS + r"(?:"
    rf"{_WORD_NUMBER}\s+in\s+(?:every\s+)?{_IN_WORDS}\b"  # 1 in 20, one in six
    r"|[0-9]+(?:\.[0-9]+)?\s?(?:%|per ?cent\b|percent\b)"  # 25%, 25 per cent
    r"|(?:(?:a|one)\s+(?:quarter|third|fifth|tenth)|half|(?:two|three|four)[- ](?:thirds|quarters|fifths))"
    r"(?=\s+(?:of|were|had|was|are)\b|\s*[,;)–—-]|\s*$)"  # a quarter of..., half were...
    r")",
    re.I,
)
_VERBAL = re.compile(r"\b(tens of thousands|thousands|hundreds|dozens)\b(?!\s+of\s+(?:thousands|hundreds))", re.I)
_EVERY_FORCE = re.compile(
    r"\b(every|each|all(?: the)?|each of the|all of the)\s+(?:[0-9]+\s+|(?:forty-three|forty three)\s+)?"
    r"(?:(?:territorial|uk|local|other)\s+)?(?:police\s+)?(?:forces?|police services?|constabular(?:y|ies))\b",
    re.I,
)
_FORCES_AFTER = re.compile(
    r"^\s*(?:(?:of the|territorial|uk|local|other|of|the|police|)\s+){0,3}(?:police\s+)?(?:forces|police services)\b",
    re.I,
)


@dataclass
class Sentence:
    """One sentence of the article: its text, where it stands, and whether it is a heading."""

    index: int
    block: int
    text: str
    heading: bool
    tokens: list = field(default_factory=list, repr=False)  # (text, start, end) in the sentence
    quoted: list[tuple[int, int]] = field(default_factory=list, repr=False)  # spans in direct speech

    def in_speech(self, position: int) -> bool:
        return any(a <= position < b for a, b in self.quoted)


@dataclass
class Mention:
    """A number (or a quantity in words) in a sentence, with the words around it that say what it allows."""

    sentence: int
    start: int  # of the whole phrase in the sentence, bound word included
    end: int
    number_start: int
    number_end: int
    text: str  # the number as printed
    value: float | None
    kind: str  # count, verbal, share, forces, every-force
    bound: str = ""  # the bound word before it, as printed ('more than', 'around')
    rate: str = ""  # 'a day', 'a month'... as printed
    skip: str = ""  # why it is not a claim (empty for a claim)

    @property
    def words(self) -> str:
        """The number with its bound word, without a rate: 'around 40'."""
        return f"{self.bound} {self.text}".strip()

    @property
    def claimed(self) -> str:
        """The claim's number as worded, for the `claimed` column."""
        words = f"{self.bound} {self.text}".strip()
        return f"{words} {self.rate}".strip() if self.rate else words


@lru_cache(maxsize=1)
def pipeline():
    """spaCy's blank English pipeline with the rule-based sentencizer (no model, no download)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def sentences(blocks) -> list[Sentence]:
    """Every sentence of the article, in order; a heading is one sentence."""
    nlp = pipeline()
    out: list[Sentence] = []
    for b, block in enumerate(blocks):
        doc = nlp(block.text)
        spans = [doc[:]] if block.heading else list(doc.sents)
        for span in spans:
            text = span.text.strip()
            if not text:
                continue
            offset = span.start_char + (len(span.text) - len(span.text.lstrip()))
            tokens = [(t.text, t.idx - offset, t.idx - offset + len(t.text)) for t in span if not t.is_space]
            out.append(Sentence(len(out), b, text, block.heading, tokens, _speech(text)))
    return out


def _speech(text: str) -> list[tuple[int, int]]:
    """Spans inside curly or straight double quotation marks (direct speech, or a quoted phrase)."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”?|\"[^\"]*\"?", text)]
    return [(a, b) for a, b in spans if b - a > 40]  # a short quoted phrase ("served with papers") is not speech


class _Token:
    """A token as text2num's find_numbers reads it."""

    def __init__(self, text: str):
        self._text = text

    def text(self) -> str:
        return self._text

    def nt_separated(self, previous) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return False


def find(sentence: Sentence) -> list[Mention]:
    """Every number and quantity in a sentence, each with its wording and, if it is not a claim, why."""
    taken: list[tuple[int, int]] = []
    out: list[Mention] = []
    for finder in (_shares, _every_force, _verbal, _digits, _words):
        for mention in finder(sentence):
            if any(a < mention.number_end and mention.number_start < b for a, b in taken):
                continue
            taken.append((mention.number_start, mention.number_end))
            out.append(mention)
    for mention in out:
        _read_around(sentence, mention)
    return sorted(out, key=lambda m: m.number_start)


def _shares(s: Sentence):
    for m in _SHARES.finditer(s.text):
        text = m.group(0)
        bound = wording._bound_word(text.lower())
        core = text[len(bound) :].strip() if bound and text.lower().startswith(bound) else text
        yield Mention(s.index, m.start(), m.end(), m.end() - len(core), m.end(), core, None, "share", bound)


def _every_force(s: Sentence):
    for m in _EVERY_FORCE.finditer(s.text):
        digits = re.search(r"[0-9]+|forty[- ]three", m.group(0), re.I)
        value = (43.0 if not digits.group(0).isdigit() else float(digits.group(0))) if digits else None
        yield Mention(
            s.index, m.start(), m.end(), m.start(), m.end(), m.group(0), value, "forces" if digits else "every-force"
        )


def _verbal(s: Sentence):
    for m in _VERBAL.finditer(s.text):
        yield Mention(s.index, m.start(), m.end(), m.start(), m.end(), m.group(0), None, "verbal")


def _digits(s: Sentence):
    for m in _DIGITS.finditer(s.text):
        number = m.group(1).replace(",", "")
        value = float(number + (m.group(2) or ""))
        suffix = (m.group(3) or "").lower().replace(" ", "")
        if suffix in ("%", "percent", "percent"):
            continue  # shares are found by _shares
        scale = {"k": 1e3, "m": 1e6, "million": 1e6, "thousand": 1e3, "bn": 1e9, "billion": 1e9}.get(suffix, 1)
        yield Mention(s.index, m.start(), m.end(), m.start(), m.end(), m.group(0), value * scale, "count")


def _words(s: Sentence):
    from text_to_num import find_numbers

    tokens = s.tokens
    for occurrence in find_numbers([_Token(t[0]) for t in tokens], "en", 0.0):
        first, last = tokens[occurrence.start], tokens[occurrence.end - 1]
        text = s.text[first[1] : last[2]]
        if re.fullmatch(r"[0-9.,]+", text):
            continue
        mention = Mention(s.index, first[1], last[2], first[1], last[2], text, float(occurrence.value), "count")
        if re.search(r"\b[A-Z][\w'-]*\s+$", s.text[: first[1]]) and re.match(r"\s+[A-Z]", s.text[last[2] :]):
            mention.skip = "part of a name"
        elif occurrence.is_ordinal:
            mention.skip = "an ordinal or rank"
        elif text.lower() in ("one", "a", "an"):
            mention.skip = "the word 'one' (a pronoun or article, not a count)"
        yield mention


def _read_around(s: Sentence, m: Mention) -> None:
    """The bound word before a number and a rate after it; for a count, whether it is a date, money, an age..."""
    before, after = s.text[: m.number_start], s.text[m.number_end :]
    if m.kind in ("count", "verbal") and not m.bound:
        bound = _bound_before(before)
        if bound:
            stripped = before.rstrip()
            m.start = len(stripped) - len(bound)
            m.bound = s.text[m.start : len(stripped)]
    if m.kind in ("count", "verbal"):
        rate = _RATE.search(after[:60])
        if rate and not re.search(r"[.;]", after[: rate.start()]) and not _period_length_word(after[: rate.start()]):
            m.rate = rate.group(0)
        if m.kind == "count":
            m.skip = m.skip or _not_a_count(s, m, before, after)
    if m.kind == "count" and not m.skip and _FORCES_AFTER.match(after):  # '43 police forces'
        m.kind = "forces"


def _period_length_word(text: str) -> bool:
    return bool(re.search(r"\b(?:year|month|week|day)s?\b", text, re.I))


def _bound_before(before: str) -> str:
    """The bound word ('more than', 'around') that ends `before`, if any."""
    lowered = re.sub(r"\s+", " ", before.lower()).rstrip()
    for phrase in sorted(wording.BOUNDS, key=len, reverse=True):
        if re.search(rf"(?<![a-z]){re.escape(phrase)}$", lowered):
            return phrase
    return ""


def _not_a_count(s: Sentence, m: Mention, before: str, after: str) -> str:
    """Why a number is not a count ('a date or year', 'money'...), or ''."""
    value = m.value or 0
    if _MONEY_BEFORE.search(before) or _MONEY_AFTER.match(after):
        return "money"
    if _AGE.search(before) or _AGE_AFTER.match(after):
        return "an age"
    if _TIME_AFTER.match(after):
        return "a time of day"
    if _REFERENCE.search(before):
        return "a reference (section, article, page...)"
    if re.match(r"^(?:st|nd|rd|th)\b", after):
        return "an ordinal or rank"
    if _DAY_BEFORE_MONTH.match(after) or (value <= 31 and _DAY_AFTER_MONTH.search(before)):
        return "a date"
    is_year = re.fullmatch(r"(19|20)\d\d", m.text) is not None
    if is_year and not m.bound and not _COUNTED.match(after):
        return "a date or year" if not _ACT_YEAR.match(after) else "a reference (section, article, page...)"
    if _DURATION_AFTER.match(after):
        return "a length of time"
    following = re.findall(r"[A-Za-z'-]+", after[:60])[:2]
    if re.match(r"\s+[A-Za-z]", after) and not any(re.fullmatch(rf"(?:{COUNTED}|{_NEXT})", w, re.I) for w in following):
        return f"a count of something else ('{m.text} {' '.join(following[:2])}')"
    return ""
