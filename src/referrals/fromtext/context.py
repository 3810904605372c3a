"""What a sentence says around its numbers: places, crime types, measures, periods, and ties to earlier sentences.

Every word list comes from the project's vocabularies (data/raw/forces.csv, geographies.csv,
crime_types.csv, measures.csv: names and aliases), read as a reader would: longest phrase
first, short capitalised aliases ('Met', 'UK', 'PSNI') only in capitals. Periods are found
by the release loader's reader of periods stated in running text (release/periods.py) plus
the forms articles add: years only ('between 2020 and 2022'), a start ('since May 2020') and
lengths ('a two year period', 'the 20 months from April 2020'). The few phrasings no
vocabulary holds are in CUES below, each with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import vocab
from ..months import add_months, month_number
from ..release import periods as stated
from .mentions import Mention, Sentence

#: Text cues no vocabulary alias can hold (a phrase, not a name), with what they mean.
CUES = {
    "places": [
        # Northern Irish usage: the PSNI and its Policing Board write "the Police Service" for the PSNI.
        (r"\bthe Police Service\b(?!\s+of\b)", "psni", "'the Police Service' read as the PSNI (Northern Irish usage)"),
        (r"\bno (?:information|record) (?:on|of|about) which (?:police )?force\b", "not-recorded", ""),
        (r"\bforces? (?:was |were |is )?(?:not recorded|unknown|not known)\b", "not-recorded", ""),
    ],
    "crime_types": [
        (r"\bsexual(?:ly)? exploit\w* of (?:children|a child|minors)\b", "child-sexual-exploitation"),
        (r"\bchildren who (?:suffered|experienced|endured) sexual exploitation\b", "child-sexual-exploitation"),
        (r"\bsexually exploited children\b", "child-sexual-exploitation"),
    ],
    "measures": [
        (r"\brequest(?:ed|ing)? checks\b|\bchecks? on (?:individuals|people|persons|victims)\b", "victim_check_calls"),
        (
            r"\bcontact(?:ed|s)?\b.{0,80}\b(?:times|occasions)\b|\bcalls? (?:were |was )?(?:received|made)\b",
            "honccu_calls",
        ),
    ],
}
#: Place aliases too generic to read in running text ('unknown', 'all forces').
UNREAD_PLACE_ALIASES = {"unknown", "not known", "not recorded", "no force", "unknown force", "all forces", "uk total"}
UNREAD_CRIME_ALIASES = {"total", "all", "other", "da"}
#: Words that introduce examples: crime types after them do not narrow what a number counts.
EXAMPLES = r"\b(?:such as|like|including|e\.g\.|for example|among them|notably)\b"
#: Verbs of referring: with a target ('to the Home Office') or the people referred ('referred victims').
REFER = (
    r"\b(?:refer(?:red|ring|ral|rals|s)?|handed|handing|hand over|passed|passing|notified|"
    r"shar(?:ed|ing|e) (?:information|details|data))\b"
)
#: Verbs that speak of referrals only with a target named ('reported ... to the Home Office', 'contacted the NCCU').
REFER_WITH_TARGET = r"\b(?:report(?:ed|ing|s)?|shared|sharing|share|contact(?:ed|ing|s)?|calls?|checks?|served)\b"
#: Police reporting people: 'Police Scotland reported 207 people'.
POLICE_REPORTING = (
    r"\b(?:police|forces?|officers|constabulary|psni)\b[^.;]{0,60}\breport(?:ed|ing|s)?\b[^.;]{0,60}"
    r"\b(?:victims?|people|migrants?|survivors?|individuals)\b"
)
TARGET = r"\b(?:home office|immigration|enforcement|nccu|honccu|hoie|deport\w*|authorities)\b"
OBJECT_WORDS = r"victims?|survivors?|people|persons|migrants?|individuals|them|cases|women|children"
OBJECT = rf"\b(?:{OBJECT_WORDS})\b"
_TIE_START = re.compile(
    r"^(?:in total|overall|altogether|of (?:these|those|them|whom)|(?:the|these|those) (?:figures|numbers|data|"
    r"statistics|totals?|referrals|cases|victims)|this (?:figure|number|total)|such)\b",
    re.I,
)
_TIE_ANYWHERE = re.compile(
    r"\bsuch (?:cases|referrals|victims|people|reports)\b|\b(?:the same|that|this) (?:period|time)\b|"
    r"\bin that time\b|\bof (?:these|those|them)\b",
    re.I,
)


@dataclass(frozen=True)
class Found:
    """A phrase found in a sentence: where, and what it names."""

    start: int
    end: int
    value: str
    note: str = ""


@dataclass(frozen=True)
class PeriodFound:
    """A period a sentence states: its months (or years), a length in months, and where it is."""

    start: int
    end: int
    first: str  # YYYY-MM, YYYY or unknown
    last: str
    months: str  # '', 'N' or 'N..M'
    text: str
    length_only: bool = False  # a length with no start or end ('a two year period')
    range_given: bool = False  # a start and an end both stated (a stated length can then be checked)


# --- vocabularies as text patterns ------------------------------------------------------------------


def _pattern(label: str) -> tuple[str, bool] | None:
    """A regex for a label and whether it is case-sensitive (short aliases: 'Met', 'UK', 'PSNI')."""
    words = re.findall(r"[A-Za-z0-9']+", label)
    if not words:
        return None
    body = r"[\s\-–&,.']+".join(re.escape(w) if w.lower() != "and" else r"(?:and|&)" for w in words)
    short = len(label.replace(" ", "")) <= 4
    return rf"(?<![\w-]){body}(?![\w-])", short


def _compile(labels: dict[str, str]) -> list[tuple[re.Pattern, str]]:
    """Labels (longest first) as compiled patterns -> canonical id."""
    out = []
    for label in sorted(labels, key=len, reverse=True):
        made = _pattern(label)
        if made is None:
            continue
        body, short = made
        if short:
            forms = {label, label.upper(), label.title()} if label.islower() else {label}
            for form in forms:
                out.append((re.compile(_pattern(form)[0]), labels[label]))
        else:
            out.append((re.compile(body, re.I), labels[label]))
    return out


@lru_cache(maxsize=4)
def _places(directory: str) -> list[tuple[re.Pattern, str]]:
    geos = vocab.geographies(Path(directory))
    labels: dict[str, str] = {}
    for gid in geos.ids():
        attrs = geos.attributes[gid]
        names = [gid.replace("-", " "), geos.names[gid], *[a for a in attrs.get("aliases", "").split("|") if a]]
        for name in names:
            if name.lower() in UNREAD_PLACE_ALIASES:
                continue
            labels[name] = gid
            if attrs.get("is_force") == "yes":
                for variant in vocab._variants(name):  # 'West Midlands' for 'West Midlands Police'
                    if len(variant) >= 4 and variant not in ("police", "service"):
                        labels.setdefault(variant, gid)
    return _compile(labels)


@lru_cache(maxsize=4)
def _crime_types(directory: str) -> list[tuple[re.Pattern, str]]:
    types = vocab.crime_types(Path(directory))
    labels: dict[str, str] = {}
    for ct in types.ids():
        aliases = [a for a in types.attributes[ct].get("aliases", "").split("|") if a]
        for name in [ct.replace("-", " "), types.names[ct], *aliases]:
            if name.lower() not in UNREAD_CRIME_ALIASES and ct != "all":
                labels[name] = ct
        if "DA" not in labels and ct == "domestic-abuse":
            labels["DA"] = ct
    return _compile(labels)


@lru_cache(maxsize=4)
def _measures(directory: str) -> list[tuple[re.Pattern, str]]:
    labels: dict[str, str] = {}
    for mid, row in vocab.measures(Path(directory)).items():
        if mid == "share":
            continue
        for name in [*[a for a in row.get("aliases", "").split("|") if a]]:
            labels[name] = mid
    return _compile(labels)


def _scan(patterns, text: str, cues=()) -> list[Found]:
    """Every non-overlapping match, longest phrase first, in order of position."""
    found: list[Found] = []
    for cue in cues:
        pattern, value = cue[0], cue[1]
        for m in re.finditer(pattern, text, re.I if "Police Service" not in pattern else 0):
            found.append(Found(m.start(), m.end(), value, cue[2] if len(cue) > 2 else ""))
    for pattern, value in patterns:
        for m in pattern.finditer(text):
            if not any(f.start < m.end() and m.start() < f.end for f in found):
                found.append(Found(m.start(), m.end(), value))
    return sorted(found, key=lambda f: f.start)


def places(text: str, raw: Path) -> list[Found]:
    return _scan(_places(str(raw)), text, CUES["places"])


def crime_types(text: str, raw: Path) -> list[Found]:
    return _scan(_crime_types(str(raw)), text, CUES["crime_types"])


def measures(text: str, raw: Path) -> list[Found]:
    return _scan(_measures(str(raw)), text, CUES["measures"])


# --- periods --------------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30, "thirty-six": 36,
}  # fmt: skip
_N = r"(\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"  # fmt: skip
_YEARS = re.compile(r"\b(?:(?:between|from)\s+)?((?:19|20)\d\d)\s*(?:and|to|until|-|–)\s*((?:19|20)\d\d)\b", re.I)
_SINCE = re.compile(
    rf"\b(?:since|from|starting(?: in)?|beginning(?: in)?)\s+(?:\d{{1,2}}\s+)?{_MONTH},?\s+((?:19|20)\d\d)\b", re.I
)
_LENGTH = re.compile(rf"\b{_N}[\s-]+(years?|months?)\b", re.I)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _months_for(n: int, unit: str) -> str:
    """A length as the claims format writes it: 'N' months, or 'N..M' for years (no more precise than that)."""
    if unit.lower().startswith("month"):
        return str(n)
    return f"{max(1, 12 * n - 6)}..{12 * n + 6}"


def periods(text: str) -> list[PeriodFound]:
    """Every period a sentence states, with its position; a length joins the start it is given with."""
    found: list[PeriodFound] = []

    def free(a: int, b: int) -> bool:
        return not any(p.start < b and a < p.end for p in found)

    for span in stated.stated_periods(text):
        at = text.find(span.given)
        if at < 0 or not free(at, at + len(span.given)):
            continue
        first, last = (span.start[:4], span.end[:4]) if span.kind == "year" else (span.start, span.end)
        start = _extend_left(text, at)
        found.append(
            PeriodFound(
                start, at + len(span.given), first, last, "", text[start : at + len(span.given)], range_given=True
            )
        )
    for m in _YEARS.finditer(text):
        if free(m.start(), m.end()) and m.group(1) <= m.group(2):
            found.append(PeriodFound(m.start(), m.end(), m.group(1), m.group(2), "", m.group(0), range_given=True))
    for m in _SINCE.finditer(text):
        if free(m.start(), m.end()):
            first = f"{int(m.group(2)):04d}-{month_number(m.group(1)):02d}"
            found.append(PeriodFound(m.start(), m.end(), first, "unknown", "", m.group(0)))
    for m in _LENGTH.finditer(text):
        if not free(m.start(), m.end()) or re.match(r"\s*old\b", text[m.end() :]):
            continue
        months = _months_for(_number(m.group(1)), m.group(2))
        near = [p for p in found if 0 <= p.start - m.end() <= 12 or 0 <= m.start() - p.end <= 12]
        if near:
            p = near[0]
            found.remove(p)
            last = p.last
            if p.last == "unknown" and months.isdigit() and len(p.first) == 7:
                last = add_months(p.first, int(months) - 1)
            keep = "" if p.range_given else months
            found.append(
                PeriodFound(
                    min(p.start, m.start()),
                    max(p.end, m.end()),
                    p.first,
                    last,
                    keep,
                    text[min(p.start, m.start()) : max(p.end, m.end())],
                    range_given=p.range_given,
                )
            )
        else:
            found.append(PeriodFound(m.start(), m.end(), "unknown", "unknown", months, m.group(0), length_only=True))
    return sorted(found, key=lambda p: p.start)


def _extend_left(text: str, at: int) -> int:
    m = re.search(r"\b(?:between|from|in|during|over|for)\s+$", text[:at], re.I)
    return m.start() if m else at


def stated_lengths(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, words, months) of every stated length: 'nine-month' -> 9; 'two year' -> '18..30'."""
    return [
        (m.start(), m.end(), m.group(0), _months_for(_number(m.group(1)), m.group(2))) for m in _LENGTH.finditer(text)
    ]


# --- what the sentence is about -----------------------------------------------------------------


def about_referrals(text: str) -> bool:
    """Whether a sentence speaks of referring or reporting people to the Home Office (or of calls to it)."""
    lowered = text.lower()
    target = re.search(TARGET, lowered) is not None
    return (
        (re.search(REFER, lowered) is not None and (target or re.search(OBJECT, lowered) is not None))
        or (re.search(REFER_WITH_TARGET, lowered) is not None and target)
        or re.search(POLICE_REPORTING, lowered) is not None
        or re.search(r"\breferrals?\b", lowered) is not None
    )


def examples(text: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Stretches of a sentence that list examples ('such as domestic abuse, ...'): from the word to the next number."""
    out = []
    starts = sorted(m.start for m in mentions)
    for m in re.finditer(EXAMPLES, text, re.I):
        later = [s for s in starts if s > m.end()]
        out.append((m.start(), later[0] if later else len(text)))
    return out


def tie(
    sentences: list[Sentence], i: int, claims_in: dict[int, list[Mention]], domain: dict[int, bool]
) -> tuple[int, str] | None:
    """The earlier sentence this one continues, and how the text ties them; None if nothing ties it."""
    s = sentences[i]
    earlier = [j for j in range(i - 1, -1, -1) if domain.get(j) and claims_in.get(j)]
    if i > 0 and (re.match(r"^[a-z]", s.text) or re.match(r"^(?:and|or|but|plus)\b", s.text, re.I)):
        return i - 1, "it continues the sentence before"
    if earlier and (_TIE_START.match(s.text) or _TIE_ANYWHERE.search(s.text)):
        words = (_TIE_START.match(s.text) or _TIE_ANYWHERE.search(s.text)).group(0)
        return earlier[0], f"it says '{words}'"
    counts = [m for m in claims_in.get(i, []) if m.kind == "count" and m.value]
    if len(counts) >= 2:
        total = sum(m.value for m in counts)
        for j in earlier:
            for m in claims_in[j]:
                if m.kind == "count" and m.value == total:
                    return j, f"its {len(counts)} numbers add up to {m.text}"
    if (
        earlier
        and counts
        and not re.search(REFER, s.text, re.I)
        and not re.search(REFER_WITH_TARGET, s.text, re.I)
        and all(re.match(rf"\s*(?:[\w-]+\s+){{0,4}}?(?:{OBJECT_WORDS})", s.text[m.number_end :], re.I) for m in counts)
    ):
        return earlier[0], "it lists victims with no verb of its own, after a sentence about referrals"
    return None
