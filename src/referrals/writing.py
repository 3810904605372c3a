"""The house style in code: every sentence a reader sees is composed here from structured facts.

`docs/style.md` is the style in words; this module is the same style as functions, so a page, a chart, the
ledger and the command line all write a number, a date, a share or a disagreement the same way:

    >>> of(24, 43)
    '24 of the 43'
    >>> share(126, 2672)
    '5%'
    >>> date("2023-03-06")
    '6 March 2023'
    >>> period("2020-05", "2022-09", between=True)
    'between May 2020 and September 2022'
    >>> times(110, 15.6)
    'about seven times'
    >>> verdict("contradicted", "the five crime types add up to " + not_but(1989, 2546))
    'Wrong: the five crime types add up to 1,989, not 2,546.'

Each function takes facts (numbers, ids resolved to names, months as 'YYYY-MM') and returns words; none
reads files. `lint` is the style's checker: it names what a sub-editor would strike (an internal id, brackets
inside brackets, a sentence that starts in lower case, a doubled quote mark, a clause said twice, a phrase said three
times in one sentence, a bound said backwards, 'nan', a count printed as a decimal), and the tests run it over
every page, chart, report and command's output.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .months import month_label, months_between

#: Numbers written as words in running text: one to nine (and 'no' for none); 10 and up in figures.
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_FRACTIONS = {2: "half", 3: "a third", 4: "a quarter", 5: "a fifth", 6: "a sixth", 8: "an eighth", 10: "a tenth"}
#: Who made the graphics and the site, for credit lines.
PROJECT = "the referrals reproducibility project"
NO_VALUE = "\u2014"  # a dash, for a cell with nothing published: never 'nan'
QUOTES = "\"'\u2018\u2019\u201c\u201d"


# --- numbers -----------------------------------------------------------------------------------------


def _whole(n) -> int:
    """A count as an int; a count that is not whole is a bug upstream, not something to print as '451.0'."""
    if isinstance(n, str):
        n = float(n.replace(",", ""))
    if n is None or (isinstance(n, float) and math.isnan(n)):
        raise ValueError("a count is missing (None or NaN): write NO_VALUE for a cell, never print it")
    if float(n) != int(float(n)):
        raise ValueError(f"{n!r} is not a whole number: counts are whole")
    return int(float(n))


def number(n, words: bool = False) -> str:
    """A count as a newsroom prints it: '2,672'; with `words`, one to nine spelt out ('five forces')."""
    value = _whole(n)
    if words and 0 <= value < 10:
        return NUMBER_WORDS[value]
    return f"{value:,}"


def in_words(n: int) -> str:
    """Small counts in words, as running text writes them ('five forces'); 10 and up in figures."""
    return number(n, words=True)


def decimal(x: float, places: int = 1) -> str:
    """A measured quantity (a rate, an average) to `places` decimals, a whole one without them: '102.2', '110'."""
    text = f"{x:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def cell(value) -> str:
    """A count for a table cell: '2,672'; nothing published is a dash, never 'nan' or '451.0'."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return NO_VALUE
    return number(round(float(value)))


def plural(n: int, singular: str, plural_form: str = "", words: bool = True) -> str:
    """'one force', '43 forces', '2,672 victims' ('no victims' for none)."""
    noun = singular if _whole(n) == 1 else (plural_form or singular + "s")
    return f"{number(n, words=words)} {noun}"


def bound(meaning: str, n, words: bool = False) -> str:
    """A number with the bound its source gave: 'at least 33', 'more than 2,000', 'about 40', '2,672'.

    `meaning` is a qualifier's meaning (data/raw/qualifiers.csv) or its words ('at least')."""
    phrases = {
        "at-least": "at least",
        "more-than": "more than",
        "at-most": "at most",
        "less-than": "fewer than",
        "approximately": "about",
        "estimate": "an estimated",
        "nearly": "nearly",
        "just-over": "just over",
    }
    prefix = phrases.get(meaning, "" if meaning in ("", "exact", "derived", "each of the") else meaning)
    return f"{prefix} {number(n, words=words)}".strip()


# --- shares, ratios, rates ---------------------------------------------------------------------------


def of(part, whole, noun: str = "") -> str:
    """A part of a small whole as counts: '24 of the 43', '24 of the 43 calls'."""
    tail = f" {noun}" if noun else ""
    return f"{number(part)} of the {number(whole)}{tail}"


def percent(fraction: float, places: int = 0) -> str:
    """A share as a whole percentage ('29%'); a share under half a per cent is 'less than 1%', never '0%'."""
    if fraction != 0 and abs(fraction) * 100 < 0.5 and places == 0:
        return "less than 1%"
    return f"{fraction * 100:.{places}f}%"


def one_in(part, whole) -> str:
    """A small share as a newsroom says it: 'about one in 793', or 'one in 20' when exact."""
    ratio = _whole(whole) / _whole(part)
    n = round(ratio)
    return f"{'one in' if math.isclose(ratio, n) else 'about one in'} {number(n, words=True)}"


def share(part, whole, noun: str = "") -> str:
    """A share in the form the whole allows: counts for a whole under 100 ('24 of the 43'); 'about one in 793'
    for a share under 1%; otherwise a whole percentage ('29%'), never '39.4%' of 33."""
    part, whole = _whole(part), _whole(whole)
    if whole < 100:
        return of(part, whole, noun)
    if part and part / whole < 0.01:
        return one_in(part, whole)
    return percent(part / whole)


def times(a: float, b: float) -> str:
    """How many times one rate is another, in words: 'about seven times', 'about the same as', 'about half',
    'about a tenth of' (never standard errors)."""
    if a <= 0 or b <= 0:
        raise ValueError("times() compares two positive rates")
    r = a / b
    if 0.9 <= r <= 1.1:
        return "about the same as"
    if r > 1:
        if r < 1.95:
            return f"about {decimal(r)} times"
        if r < 2.5:
            return "about twice"
        n = round(r)
        return f"about {number(n, words=True)} times"
    if r > 2 / 3:  # 1/r rounds to 1, yet the rates differ by more than a tenth
        return f"about {percent(r)} of"
    n = round(1 / r)
    if n in _FRACTIONS:
        return f"about {_FRACTIONS[n]} of"
    return f"less than {_FRACTIONS[10]} of" if n > 10 else f"about one {_ordinal(n)} of"


def _ordinal(n: int) -> str:
    return {7: "seventh", 9: "ninth"}.get(n, f"{n}th")


def rate(low: float, high: float | None = None, per: str = "a month") -> str:
    """A rate, or a range of them: '110 a month', '102.2 to 147.6 a month', 'at least 69 a month'; a whole rate from
    one to nine in words ('one a month')."""
    if high is None or math.isclose(low, high):
        text = decimal(low)
        return f"{NUMBER_WORDS[int(text)] if len(text) == 1 and text in '123456789' else text} {per}"  # not '1 a month'
    if math.isinf(high):
        return f"at least {decimal(low)} {per}"
    return f"{decimal(low)} to {decimal(high)} {per}"


def difference(claimed, actual, noun: str = "") -> str:
    """How far a claim is from the figure: '17 fewer', '17 more victims', 'the same'."""
    gap = _whole(claimed) - _whole(actual)
    if gap == 0:
        return "the same"
    tail = f" {noun}" if noun else ""
    return f"{number(abs(gap))} {'more' if gap > 0 else 'fewer'}{tail}"


def printed(text: str) -> str:
    """A claimed number in the house's figures, its words as printed: '2546' -> '2,546', 'more than 2000' -> 'more
    than 2,000', 'over two hundred' unchanged. For a number's words only (a year would gain a comma)."""
    return re.sub(r"(?<![\d,.])\d{4,}(?![\d,]|\.\d)", lambda m: number(int(m.group(0))), str(text))


def not_but(actual, claimed) -> str:
    """The correction in the house order, the right number first: '1,989, not 2,546'."""
    return f"{number(actual)}, not {number(claimed)}"


# --- dates and periods -------------------------------------------------------------------------------

_MONTHS = ("January February March April May June July August September October November December").split()


def date(text: str) -> str:
    """A date as precisely as it is known: '6 March 2023', 'March 2023', '2023' (never '2023-03-06')."""
    text = str(text).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    if not m:
        return text
    year, month, day = m.groups()
    if not month:
        return year
    name = _MONTHS[int(month) - 1]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def month(ym: str) -> str:
    """'2020-05' -> 'May 2020'."""
    return month_label(ym)


def period(start: str, end: str, between: bool = False) -> str:
    """A period in words: 'May 2020 to September 2022' ('between May 2020 and September 2022' with `between`);
    'April to December 2020' within a year; '2020 to 2022' for years only, or whole calendar years ('2021' for
    January to December 2021); '' when no dates are known."""
    if "unknown" in (start, end) or not start or not end:
        return ""
    if len(start) == len(end) == 7 and start[5:] == "01" and end[5:] == "12":  # whole calendar years
        start, end = start[:4], end[:4]
    if start == end:
        return month(start) if len(start) > 4 else start
    first, last = month(start), month(end)
    if len(start) > 4 and len(end) > 4 and start[:4] == end[:4]:
        first = _MONTHS[int(start[5:7]) - 1]
    opening, joiner = ("between ", " and ") if between else ("", " to ")
    return f"{opening}{first}{joiner}{last}"


def months(start: str, end: str) -> str:
    """How long a period is, in words: '29 months', 'nine months'."""
    return plural(months_between(start, end), "month")


def stated_period(start: str, end: str, text: str, who: str) -> str:
    """A figure's period for a subtitle, never a guess: the months when known, else the source's own words
    quoted and attributed ('“a two year period”, The Ferret's words; it gives no dates')."""
    known = period(start, end)
    if known:
        return known
    if text:
        return f"Over what {outlet(who)} calls {quote(text)}; it gives no dates"
    return f"{outlet(who)} gives no dates"


# --- names, quotes, attribution ----------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)  # the same few outlets are named in every claim's words
def outlet(name: str) -> str:
    """An outlet's name for running text, with no brackets to nest: 'The Detail (with the Guardian)' ->
    'The Detail and the Guardian'; any other bracket becomes a comma phrase."""
    name = str(name).strip()
    m = re.fullmatch(r"(.+?)\s*\(with (.+)\)", name)
    if m:
        return f"{m.group(1)} and {m.group(2)}"
    return re.sub(r"\s*\(([^()]*)\)", r", \1", name)


@functools.lru_cache(maxsize=4096)
def definite(name: str) -> str:
    """A name as it reads mid-sentence: 'the Metropolitan Police Service', 'the Police Service of Northern
    Ireland', 'the United Kingdom'; 'Police Scotland' and 'West Midlands Police' take no article."""
    name = str(name).strip()
    if name.lower().startswith("the "):
        return name  # 'The Detail': the article is part of the name
    if re.search(r"\bService$|\bKingdom$|\bBoard$|\bCommissioner\b| of ", name):
        return f"the {name}"
    return name


def source(outlet_name: str, title: str, published: str) -> str:
    """A document as a source line names it: 'The Ferret, “Police Scotland reported…”, April 2023'."""
    return f"{outlet(outlet_name)}, {quote(title)}, {date(published)}"


def sources_line(documents: Iterable[tuple[str, str, str]]) -> str:
    """'Source: …' for one document, 'Sources: …; …' for several (outlet, title, published), each once."""
    parts = list(dict.fromkeys(source(*d) for d in documents))
    return f"{'Sources' if len(parts) > 1 else 'Source'}: " + "; ".join(parts) if parts else ""


def is_mirror(url: str) -> bool:
    """Whether an address is a stored copy on a bare IP address (http://34.80.245.248/...), not the outlet's own."""
    host = re.sub(r"^[a-z]+://([^/]+).*", r"\1", str(url))
    return bool(re.fullmatch(r"[0-9.]+(:[0-9]+)?", host))


def link_words(outlet_name: str, url: str) -> str:
    """What a link to a document says: its outlet, and 'archived copy' when the address is a stored copy."""
    return f"{outlet(outlet_name)} (archived copy)" if is_mirror(url) else outlet(outlet_name)


def possessive(name: str) -> str:
    """'The Detail' -> "The Detail's"; 'Byline Times' -> "Byline Times'"."""
    name = outlet(name)
    return f"{name}'" if name.endswith("s") and not name.endswith("ss") else f"{name}'s"


def attribute(who: str, clause: str, verb: str = "reported") -> str:
    """A sentence that says who said it: 'The Detail reported that every force made referrals.'"""
    return sentence(f"{outlet(who)} {verb} that {lower_first(clause)}")


def quote(text: str) -> str:
    """Words as printed, in curly double quotes; quotes inside become single ones; no mark is doubled."""
    inner = str(text).strip()
    marks = sum(inner.count(q) for q in '"\u201c\u201d')
    if marks == 2 and inner[:1] in '"\u201c' and inner[-1:] in '"\u201d':
        inner = inner[1:-1].strip()
    inner = re.sub(r"\"([^\"]*)\"", "\u2018\\1\u2019", inner)
    inner = re.sub(r"\u201c([^\u201d]*)\u201d", "\u2018\\1\u2019", inner)
    return f"\u201c{inner}\u201d"


def figure_name(what: str, who: str, value=None, qualifier: str = "") -> str:
    """A published figure named by what it counts and who published it: "The Detail's count of victims
    referred by UK police (2,672)"; never its id."""
    shown = f" ({bound(qualifier, value)})" if value is not None else ""
    return f"{possessive(who)} count of {lower_first(what)}{shown}"


def figure_label(description: str, part: str = "") -> str:
    """A published figure named by what it counts, from its description and, for a part of a breakdown, the
    part's name: 'Victims referred: modern slavery' for 'Victims referred, by crime type' and 'Modern slavery'."""
    head, by, _ = str(description).partition(", by ")
    if part and by:
        return f"{head}: {lower_first(part) if part[:1].isupper() and part.split()[0] not in _PROPER else part}"
    return str(description)


def part_name(figure) -> str:
    """The name of the part of a breakdown a published figure is (a row of published_figures.csv): its crime
    type's name, else its place's."""
    if str(figure.get("crime_type", "all")) not in ("all", ""):
        return str(figure.get("crime_type_name", figure["crime_type"]))
    return str(figure.get("geography_name", figure["geography"]))


def disagreement(first: tuple[str, int], second: tuple[str, int], noun: str = "") -> str:
    """Two sources, two numbers, both kept: 'The Detail gives 618; The Justice Gap gives 601, 17 fewer'."""
    (a_who, a), (b_who, b) = first, second
    tail = f" {noun}" if noun else ""
    gap = "" if a == b else f", {difference(b, a)}"
    return f"{outlet(a_who)} gives {number(a)}{tail}; {outlet(b_who)} gives {number(b)}{gap}"


def listing(items: Iterable[str], conjunction: str = "and") -> str:
    """'a, b and c' (no serial comma, as British newsrooms write)."""
    items = [str(i) for i in items if str(i)]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


# --- sentences ---------------------------------------------------------------------------------------


def upper_first(text: str) -> str:
    """The first letter (after any opening quote mark) in capitals: 'victims of ...' -> 'Victims of ...'."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
        if not (ch in QUOTES or ch.isspace()):
            return text
    return text


def lower_first(text: str) -> str:
    """A clause to follow 'that' or a colon: the first word in lower case unless it is a name ('Police
    Scotland', 'The Detail', 'UK', 'PSNI'): only a capitalised word that is not the first of a name is lowered."""
    words = str(text).split(" ", 2)
    first = words[0]
    if not first or not first[0].isupper() or (first.isupper() and first != "A"):
        return text
    nxt = words[1] if len(words) > 1 else ""
    if nxt[:1].isupper() or first in _PROPER:
        return text
    return first[0].lower() + text[1:]


#: Words that start a name and keep their capital in the middle of a sentence.
_PROPER = {"Police", "Metropolitan", "Northern", "Scotland", "England", "Home", "Byline", "Firstpost", "Parliament"}


def sentence(text: str) -> str:
    """A sentence as printed: capital first, one full stop at the end (none added after '?', '!' or a quote
    that already ends in a stop), single spaces."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    if not text:
        return text
    text = upper_first(text)
    if re.search(r"[.!?][\u2019\u201d'\"]?$", text):
        return text
    return text + "."


def sentences(*parts: str) -> str:
    """Sentences joined into a paragraph, each finished."""
    return " ".join(sentence(p) for p in parts if p and p.strip())


def clause(*parts: str, sep: str = "; ") -> str:
    """Clauses joined into one sentence, each said once."""
    return sep.join(dict.fromkeys(p for p in parts if p))


#: A verdict as a reader's one word, for the start of a verdict line and the fact-check table.
VERDICT_WORDS = {
    "confirmed": "Correct",
    "consistent with rounding or wording": "Fair as worded",
    "contradicted": "Wrong",
    "inconsistent across sources": "Sources disagree",
    "not verifiable with the data here": "Cannot be checked",
}


def verdict_word(verdict: str) -> str:
    return VERDICT_WORDS.get(verdict, upper_first(verdict))


def verdict(name: str, reason: str) -> str:
    """A verdict line: the plain word, then why, in one sentence: 'Wrong: the five crime types add up to
    1,989, not 2,546.'"""
    return sentence(f"{verdict_word(name)}: {lower_first(reason)}")


@dataclass(frozen=True)
class Statement:
    """A sentence the site states, and on what: `attributed` when it reports what a source said rather than
    what the data confirm (then it starts with who said it); `claims`, the ledger claims it restates."""

    text: str
    attributed: bool = False
    claims: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.text


# --- the style checker -------------------------------------------------------------------------------

#: Snake-case words: figure ids, column names, measure ids ('detail_total', 'honccu_calls').
_SNAKE = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-])")
#: Paths, addresses and file names: not prose, so never an id.
_NOT_PROSE = re.compile(r"\S*(?:://|/)\S*|\S+\.(?:csv|md|json|png|svg|html|xlsx|ods|pdf|db|py|ipynb|sha256|js|css)\b")
_QUOTED = re.compile(r"\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019(?![a-z])")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|vs|No|St|Mr|Mrs|Ms|Dr|cf)\.", re.I)
_COUNT_NOUNS = r"(?:victims?|calls?|referrals?|forces?|people|cases?|claims?|squares?|rows?|months?|figures?|outlets?)"


def lint(text: str, ids: Iterable[str] = (), fragment: bool = False) -> list[str]:
    """What a sub-editor would strike in a text, each named once: an internal id, brackets inside brackets,
    a sentence that starts in lower case, a doubled quote mark or stop, a clause said twice, 'nan', a count
    printed as a decimal, a label that repeats itself. `ids`: the project's ids (figures, claims, sources).
    A `fragment` (a table cell, a value: 'at least 33') may start in lower case unless it ends as a sentence."""
    raw = re.sub(r"\s+", " ", str(text)).strip()
    if not raw:
        return []
    prose = _NOT_PROSE.sub(" ", raw)
    plain = _QUOTED.sub("Q", prose)
    return [
        *_ids(prose, ids),
        *_brackets(raw),
        *_doubled(raw),
        *[f"a sentence starts in lower case: {w!r}" for w in _lower_starts(raw, plain, fragment)],
        *(["'nan' printed for a missing value"] if re.search(r"\b(?:nan|NaN|NaT|<NA>)\b", raw) else []),
        *_floats(raw),
        *[f"a clause said twice: {c!r}" for c in _repeated_clauses(plain)],
        *[f"a phrase said three times in one sentence: {p!r}" for p in _repeated_phrases(plain)],
        *[f"a bound said backwards: {b!r}" for b in dict.fromkeys(_BACKWARDS.findall(plain))],
        *[f"a number without its thousands comma: {n!r}" for n in _uncommaed(plain)],
        *[f"a verdict line with a second colon: {c!r}" for c in _colons(plain)],
        *_repeated_label(prose),
    ]


def _ids(prose: str, ids: Iterable[str]) -> list[str]:
    found = list(dict.fromkeys(_SNAKE.findall(prose)))
    known = {i for i in ids if i and re.search(r"[-_0-9]", i)}
    found += [
        t for t in dict.fromkeys(re.findall(r"[A-Za-z0-9][\w-]*[A-Za-z0-9]", prose)) if t in known and t not in found
    ]
    return [f"an internal id: {t!r}" for t in found]


def _brackets(raw: str) -> list[str]:
    depth = deepest = 0
    for ch in raw:
        depth += ch in "(["
        deepest = max(deepest, depth)
        depth -= ch in ")]" and depth > 0
    return ["brackets inside brackets"] if deepest > 1 else []


def _doubled(raw: str) -> list[str]:
    marks = re.findall(r"''|\"\"|[\u201c\u201d\"]{2,}|\u2018\u2018|\u2019\u2019|[.!?][\u201d\u2019\"']?\.(?!\.)", raw)
    return [f"a doubled quote mark or stop: {m!r}" for m in marks if m != "\u2019\u201d"]


def _lower_starts(raw: str, plain: str, fragment: bool) -> list[str]:
    starts = _sentence_starts(plain)
    if fragment and starts and not re.search(r"[.!?][\u201d\u2019\"')]?$", raw) and plain[:1].islower():
        starts = starts[1:]
    return starts


def _floats(raw: str) -> list[str]:
    floats = re.findall(rf"\b\d[\d,]*\.0\b(?![\d%])|\b\d[\d,]*\.\d+ {_COUNT_NOUNS}\b", raw)
    return [f"a count printed as a decimal: {f!r}" for f in dict.fromkeys(floats)]


def _repeated_label(prose: str) -> list[str]:
    label = re.fullmatch(r"([A-Z][\w&' -]{2,40}): (.{0,80})", prose.strip())
    if label and re.search(rf"\b{re.escape(label.group(1).lower())}\b", label.group(2).lower()):
        return [f"a label that repeats itself: {prose.strip()!r}"]
    return []


def _sentence_starts(text: str) -> list[str]:
    """The first word of every sentence that starts with a lower-case letter."""
    text = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\u2024"), text)
    out = []
    for m in re.finditer(r"(?:^|(?<=[.!?])\s+|(?<=[.!?][\u201d\u2019\"')])\s+)(\S+)", text):
        word = m.group(1).lstrip(QUOTES + "(\u2014\u2013-")
        if word and word[0].islower() and not re.match(r"[a-z]+\.[a-z]{2,}", word):
            out.append(word)
    return out


#: A bound negated where its opposite reads plainly: 'not at least 100' is 'fewer than 100', 'not at most 50%' is
#: 'more than 50%'.
_BACKWARDS = re.compile(r"\bnot at (?:least|most) [\d\w][\d,.%]*", re.I)


def _colons(text: str) -> list[str]:
    """Verdict lines that hang a second colon on the verdict's ('Cannot be checked: the table was not published:
    only five ...'): the plain word takes the colon, and what follows reads as one plain sentence."""
    text = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\u2024"), text)
    words = "|".join(re.escape(w) for w in VERDICT_WORDS.values())
    return [
        one[:60]
        for one in re.split(r"(?<=[.!?])\s+", text)
        if re.match(rf"(?:{words}): ", one) and len(re.findall(r":(?=\s)", one)) > 1
    ]


def _uncommaed(text: str) -> list[str]:
    """Numbers of 1,000 or more printed without the comma a newsroom gives them ('2546', '34093'), outside quotes; a
    four-digit number from 1900 to 2099 may be a year and is left alone."""
    found = re.findall(rf"(?<![\d,.\w-]){_NAMING}\d{{4,}}(?![\d\w-]|[.,]\d)", text, re.I)
    return list(dict.fromkeys(n for n in found if len(n) > 4 or not 1900 <= int(n) <= 2099))


#: Words after which a number names something rather than counts it ('seed 2672', 'row 1058'): no comma.
_NAMING = "".join(
    rf"(?<!\b{w} )" for w in ("seed", "row", "rows", "page", "table", "sheet", "column", "line", "version", "issue")
)


def _repeated_phrases(text: str) -> list[str]:
    """Runs of four or more words said three or more times in one sentence ('The Detail and the Guardian give 460;
    The Detail and the Guardian give 222; The Detail and the Guardian give 207'): name it once."""
    text = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\u2024"), text)
    found = []
    for one in re.split(r"(?<=[.!?])\s+", text):
        words = re.findall(r"[a-z][\w'\u2019-]*", one.lower())
        grams = [" ".join(words[i : i + 4]) for i in range(len(words) - 3)]
        found += [g for g in dict.fromkeys(grams) if grams.count(g) >= 3 and g not in found]
    return found


def _repeated_clauses(text: str) -> list[str]:
    """Clauses of four or more words said twice in one text (not a list's repeated noun)."""
    seen, repeated = set(), []
    for part in re.split(r"[;:,.!?](?=\s|$)|[()]|\s\u2014\s", text):
        words = re.findall(r"\d[\d,]*\d|[\w'\u2019-]+", part.lower())
        if len(words) < 4:
            continue
        key = " ".join(words)
        if key in seen and key not in repeated:
            repeated.append(key)
        seen.add(key)
    return repeated
