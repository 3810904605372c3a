"""Every sentence the ledger writes, from what judging found: one function per kind of fact.

Judging keeps what it found as structure: each `compare.Comparison` carries its `facts` (one small dataclass per
kind of comparison: `SameCount`, `Bound`, `NestedPeriods`, `MonthlyRates`, `ClaimedRate`), a rule's check returns
its own (`rules.Computed`, `rules.ShareOf`, `rules.Order`...), and a wrong number's likely origin is an
`origin.Origin`. This module is the one place that turns them into words, in the house style (`writing`,
docs/style.md), and everything a reader sees of a verdict is printed from what it returns (`Rendered`):

* `line`: the verdict in one sentence, its plain word first ('Wrong: the five crime types add up to at most
  1,989, not 2,546; 2,546 is the UK total of 2,672 minus the 126 referrals with no force recorded.');
* `working`: the working beneath it in plain words, the likely origin first;
* `statistics`: how far apart two monthly rates are, in standard errors (the working says 'about nine times the
  rate' instead);
* `sources_say`: what the published figures behind the verdict give, by who published them;
* `origin`: the likely origin of a wrong number, as a sentence.

ledger.csv, comparisons.csv, report.md, claimreview.json, the `ledger` command, the site's fact-check and
`load-foi`'s cross-check all print these; none writes a verdict sentence of its own. No internal id is ever
written here: a figure is named by what it counts and who published it.

To add a kind of comparison or of rule check (shares, groups of people, changes over time, 'the same value under
another measure'): give it a facts dataclass where it is found, and one function here that takes the facts and a
`Case` and returns its `Words`, registered with `@words_for(TheFacts)`. Its `line` is a clause for the verdict
line, `working` the sentences beneath, `statistics` anything for the details block. The verdict line, the
working, report.md, the site and the CSVs pick it up with no other change; a kind with no function fails loudly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .. import expr, rules, writing
from ..changes import ChangeFacts
from ..compare import (
    AGREES,
    CONFIRMED,
    CONTRADICTED,
    DISAGREES,
    HOLDS,
    INCONSISTENT,
    LOOSELY,
    MISATTRIBUTED,
    NAMED,
    NOT_VERIFIABLE,
    OTHER_MONTHS,
    RATES_AGREE,
    RATES_DIFFER,
    WITHIN_BOUNDS,
    Z_LIMIT,
    Bound,
    ClaimedRate,
    Comparison,
    Judgement,
    MonthlyRates,
    NestedPeriods,
    SameCount,
    ShareScope,
    VaguePeriod,
)
from ..counts import Count
from ..months import month_at
from ..origin import DIFFERENCE, ELSEWHERE, PARTS, PERIOD, SHARE, SLIP, SUM, SWAP, Origin
from ..scope import CONTAINS, EQUAL, WITHIN, Period, Scope, Universe
from ..wording import INF, VERBAL, Claimed

# --- what a verdict is about --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Said:
    """The claim a verdict is about: who printed it, the words they printed, how they were read and what they
    count (None for a claim checked by a rule alone)."""

    outlet: str
    text: str
    claimed: Claimed | None = None
    scope: Scope | None = None
    of: Scope | None = None  # for a share: what it is a share of


@dataclass
class Words:
    """What one fact comes to in words: a clause for the verdict line, sentences for the working, and any
    statistics for the details block; `again`, the working's sentence when a fact of the same kind and outcome
    has just been said for another figure ('The New Statesman's 2,656 fits too.'); `flag`, how it reads as another
    finding beside a verdict it did not decide."""

    line: str
    working: list[str] = field(default_factory=list)
    statistics: list[str] = field(default_factory=list)
    again: list[str] = field(default_factory=list)
    #: How the fact reads as a finding beside another verdict ('Also: ...'); the line when empty.
    flag: str = ""
    #: How the claim was checked, where the fact says it better than its rule's general words ('Only the order of
    #: these five forces' figures was checked ...'); the rule's words when empty.
    checked: str = ""


@dataclass
class Rendered:
    """A verdict in words: everything a reader sees of it."""

    verdict: str
    line: str
    reason: str
    sources_say: str
    working: list[str]
    statistics: list[str]
    origin: str = ""
    read_as: str = ""
    counts: str = ""  # what the claim counts, in words


@dataclass
class Case:
    """What every words function is given beside its facts: the claim (`said`), the names of places, crime types
    and measures (`names`), and the comparison the facts belong to (None for a rule's facts)."""

    said: Said
    names: Names
    comparison: Comparison | None = None


_WORDS: dict[type, Callable] = {}


def words_for(kind: type) -> Callable:
    """Register the function that writes a kind of facts (see the module's docstring)."""

    def register(fn: Callable) -> Callable:
        _WORDS[kind] = fn
        return fn

    return register


def words(facts, case: Case) -> Words:
    """The words for one fact, by its kind."""
    for kind in type(facts).__mro__:
        if kind in _WORDS:
            return _WORDS[kind](facts, case)
    raise TypeError(f"no words for {type(facts).__name__}: register a function with @words_for")


# --- names: what a figure counts and who published it -----------------------------------------------------


def _plain(name: str) -> str:
    """A vocabulary name for running text: no brackets ('Child exploitation (including ...)' -> 'child
    exploitation, including ...'), the first letter lowered unless it starts a name."""
    return writing.lower_first(re.sub(r"\s*\(([^()]*)\)", r", \1", str(name)).strip())


def _n(x: float) -> str:
    """A number as a reader reads it: a count with commas ('2,672'); anything else to two decimals ('99.5')."""
    return writing.number(x) if float(x).is_integer() else writing.decimal(x, 2)


def give(count: Count) -> str:
    """The verb for who gives a figure: plural for a story by two outlets ('The Detail (with the Guardian)' ->
    'The Detail and the Guardian give'), else singular, whatever 'and' a name holds ('the Domestic Abuse
    Commissioner for England and Wales gives')."""
    return "give" if re.search(r"\(with [^()]+\)", count.outlet or "") and not count.derived else "gives"


class Names:
    """Places, crime types, measures, periods and figures in words, from the vocabularies a `Universe` holds."""

    def __init__(self, universe: Universe):
        self.u = universe

    # places -------------------------------------------------------------------------------------------
    def place(self, gid: str) -> str:
        """A place as a sentence names it: 'the UK', 'Police Scotland', 'the Police Service of Northern Ireland',
        'no force recorded'."""
        g = self.u.geographies
        name = g.names.get(gid, gid)
        attrs = g.attributes.get(gid, {})
        if attrs.get("kind") == "country":
            initials = "".join(w[0] for w in name.split() if w[:1].isupper())
            tokens = {t for a in attrs.get("aliases", "").split("|") for t in a.split()}
            if len(initials) > 1 and initials in tokens:
                return f"the {initials}"
        if attrs.get("is_force") == "yes" or attrs.get("kind") in ("country", "nation", "nations"):
            return writing.definite(name)
        return _plain(name)

    def places(self, places) -> str:
        return writing.listing(self.place(p) for p in places)

    def _for_place(self, gid: str) -> str:
        attrs = self.u.geographies.attributes.get(gid, {})
        if attrs.get("is_force") == "yes" or attrs.get("kind") in ("country", "nation", "nations"):
            return f"for {self.place(gid)}"
        return f"with {self.place(gid)}"

    def for_places(self, places) -> str:
        """'for the UK', 'for England and Wales and for British Transport Police', 'with no force recorded'."""
        return writing.listing(self._for_place(p) for p in places)

    # crime types, measures -----------------------------------------------------------------------------
    def crimes(self, types) -> str:
        """Crime types in words; '' for all of them."""
        if tuple(types) == ("all",):
            return ""
        return writing.listing(writing.lower_first(self.u.crime_vocab.names.get(t, t)) for t in types)

    def for_crimes(self, types) -> str:
        return f"for {self.crimes(types)}" if self.crimes(types) else "for all crime types"

    def noun(self, measure: str) -> str:
        """What a measure counts, in a few words: 'victims referred', 'calls', 'forces'."""
        row = self.u.measures.get(measure, {})
        aliases = [a for a in row.get("aliases", "").split("|") if a]
        if aliases:
            return aliases[0]
        name = str(row.get("name", "") or row.get("unit", "") or measure.replace("_", " "))
        return _plain(name) if len(name.split()) <= 4 else str(row.get("unit", "") or "counts")

    def scope(self, scope: Scope, period: bool = True) -> str:
        """What a scope counts: 'victims referred by Police Scotland for domestic abuse, over an unstated period';
        a group of people after it ('victims referred in the UK, women and children only')."""
        where = writing.listing(self._where(p) for p in scope.places)
        crimes = self.crimes(scope.crime_types)
        text = " ".join(x for x in (self.noun(scope.measure), where, f"for {crimes}" if crimes else "") if x)
        people = self.u.population_name(scope.population)
        text = f"{text}, {people} only" if people else text
        return f"{text}, {self.over(scope.period)}" if period else text

    def share(self, part: Scope, whole: Scope) -> str:
        """What a share is of: 'victims served with enforcement papers, as a share of victims referred in the UK for
        domestic abuse, from April to December 2020'."""
        return f"{self.noun(part.measure)}, as a share of {self.scope(replace(part, measure=whole.measure))}"

    def people(self, population, measure: str = "") -> str:
        """A group of people in words: 'women and children'; everyone a figure counts: 'all victims' for a measure of
        victims, 'everyone' for one that counts people of every role (the PSNI's people a day include suspects)."""
        named = self.u.population_name(population)
        if named:
            return named
        return "all victims" if not measure or "victim" in self.noun(measure) else "everyone"

    def _where(self, gid: str) -> str:
        attrs = self.u.geographies.attributes.get(gid, {})
        if attrs.get("is_force") == "yes":
            return f"by {self.place(gid)}"
        if attrs.get("kind") in ("country", "nation", "nations"):
            return f"in {self.place(gid)}"
        return f"with {self.place(gid)}"

    def differs(self, scope: Scope, against: Scope | None, period: bool = True) -> str:
        """A figure's scope where it differs from the claim's: 'for the UK for all crime types from May 2020 to
        September 2022'; '' where it counts the same."""
        if against is None:
            return ""
        parts = []
        if self.u.place_relation(scope.places, against.places) != EQUAL:
            parts.append(self.for_places(scope.places))
        if self.u.crime_relation(scope.crime_types, against.crime_types) != EQUAL:
            parts.append(self.for_crimes(scope.crime_types))
        if self.u.population_relation(scope.population, against.population) != EQUAL:
            parts.append(f"for {self.people(scope.population, scope.measure)}")
        if period and scope.period.relation(against.period) != EQUAL:
            parts.append(self.over(scope.period))
        return " ".join(parts)

    # periods -------------------------------------------------------------------------------------------
    @staticmethod
    def period(p: Period) -> str:
        """A period in words, as precisely as it is known: 'May 2020 to September 2022', 'April to December 2020',
        '2020 to 2022', '2020', 'a period starting in May 2020 and ending between October 2021 and June 2022';
        '' when no dates are known."""
        if p.exact:
            first, last = p.first_last()
            return writing.period(first, last)
        start, end = _edge(p.start_lo, p.start_hi), _edge(p.end_lo, p.end_hi)
        if start and end:
            if start == end and start.isdigit():
                return start
            if start.isdigit() == end.isdigit() and "between" not in start + end:
                return f"{start} to {end}"
            return f"a period starting {_at(start)} and ending {_at(end)}"
        if start:
            return f"a period starting {_at(start)}"
        return ""

    def over(self, p: Period) -> str:
        """'from May 2020 to September 2022', 'over what it calls “a two year period”', 'over 18 to 30 months, no
        dates given', 'over a period it does not state'."""
        known = self.period(p)
        if known:
            if known.isdigit():
                return f"in {known}"
            return f"over {known}" if known.startswith("a period") else f"from {known}"
        if p.text and not re.match(r"not (?:stated|given)\b", p.text):  # data/README: period_text says so
            return f"over what it calls {writing.quote(p.text)}"
        lo, hi = p.length()
        if lo and hi and hi < 10_000:
            return f"over {months(lo, hi)}, no dates given"
        return "over a period it does not state"

    # figures -------------------------------------------------------------------------------------------
    @staticmethod
    def who(count: Count) -> str:
        """Who gives a figure: its outlet in running text, 'the release' for a release's own aggregate."""
        if count.derived and count.derived not in ("sum", "complement", "share"):
            return count.derived  # a release's words for itself: 'the release', "the release's table 2"
        return writing.definite(writing.outlet(count.outlet)) if count.outlet else "the claim itself"

    def gives(self, count: Count, at_most: bool = False) -> str:
        """A figure as the subject of a sentence, with its value: 'The Detail and the Guardian give 618', 'The Detail
        and the Guardian's nine crime types add up to 2,672', "... total of 2,672 minus its other eight crime types
        leaves 785"."""
        who, value = self.who(count), count.shown()
        most = "at most " if at_most else ""
        if count.derived == "share" and len(count.members) == 2:
            part, whole = count.members
            share = _share_span(count.low, count.high)
            return f"{_owned(count, self)} make {share}"  # one source made both
        if count.derived == "sum":
            what = self._summed(count)
            return f"{writing.possessive(who)} {writing.in_words(len(count.members))} {what} add up to {most}{value}"

        if count.derived == "complement" and count.total is not None:
            others = writing.plural(len(count.members), "other crime type")
            total = count.total.shown()
            return f"{writing.possessive(who)} total of {total} minus its {others} leaves {most}{value}"
        if who == "the claim itself":
            return f"the claim itself gives {value}"
        return f"{who} {give(count)} {most}{_value_words(count)}"

    def gives_all(self, counts: list[Count]) -> list[str]:
        """Several figures as the subjects of clauses, each source named once: 'The Detail and the Guardian give
        460, 222 and 207', not 'The Detail and the Guardian give 460; The Detail and the Guardian give 222; ...'.
        A figure derived from others keeps a clause of its own."""
        groups: dict[tuple, list[Count]] = {}
        for c in counts:
            plain = not c.derived and self.who(c) != "the claim itself"
            groups.setdefault((self.who(c), give(c)) if plain else (id(c),), []).append(c)
        said = []
        for key, members in groups.items():
            if len(key) == 1 or len(members) == 1:
                said += [self.gives(c) for c in members]
            else:
                values = dict.fromkeys(_value_words(c) for c in members)
                said.append(f"{key[0]} {key[1]} {writing.listing(values)}")
        return list(dict.fromkeys(said))

    def _summed(self, count: Count) -> str:
        """What the members of a sum are: 'crime types' (of one place), 'forces' or 'places' (of one crime type)."""
        if len({m.scope.places for m in count.members}) <= 1:
            return "crime types"
        forces = all(self.u.geographies.attributes.get(p, {}).get("is_force") == "yes" for p in count.scope.places)
        return "forces" if forces else "places"

    def named(self, count: Count) -> str:
        """A published figure named with its value, without who published it: 'the UK total of 2,672', 'the 126
        referrals with no force recorded', 'the 785 victims referred in the UK for modern slavery', 'the five victims
        ...' (one to nine in words, as running text writes them)."""
        value = _small(count.value, count.shown()) if count.meaning == "exact" else count.shown()
        if self._national_total(count):
            return f"the {self.places(count.scope.places).removeprefix('the ')} total of {value}"
        return f"{_definite(value)} {self._described(count) or self.scope(count.scope, period=False)}"

    def named_by_scope(self, count: Count) -> bool:
        """Whether `named` names a figure by its scope ('the 207 victims referred by Police Scotland'), which says its
        place and crime types, rather than as a total or by its own description."""
        return not self._national_total(count) and not self._described(count)

    def _national_total(self, count: Count) -> bool:
        kinds = {self.u.geographies.attributes.get(p, {}).get("kind") for p in count.scope.places}
        return count.scope.crime_types == ("all",) and kinds <= {"country", "nation", "nations"}

    def _described(self, count: Count) -> str:
        """A figure's own description, when it names the figure alone; '' when its scope must."""
        description = count.description.strip().rstrip(".")
        if description and ", by " not in description and "(" not in description and not count.derived:
            return writing.lower_first(description)
        return ""

    def owned(self, count: Count) -> str:
        """A figure named with who published it: "The Detail and the Guardian's UK total of 2,672"."""
        return f"{writing.possessive(self.who(count))} {self.named(count).removeprefix('the ')}"


def _definite(value: str) -> str:
    """A figure's value after 'the', as a sub-editor writes it: 'the 785', 'the estimated 29' (not 'the an estimated
    29'); a value whose words take no article stands alone ('around 40', not 'the around 40')."""
    first, _, rest = value.partition(" ")
    if first in ("a", "an") and rest:
        return f"the {rest}"
    if value[:1].isdigit() or value in writing.NUMBER_WORDS:
        return f"the {value}"
    return value


def _small(value, shown: str) -> str:
    """A whole number from one to nine in words, as running text writes it ('The Ferret's five'); else `shown`."""
    if value is not None and float(value).is_integer() and 1 <= value <= 9:
        return writing.in_words(int(value))
    return shown


def _owned(count: Count, names: Names) -> str:
    """A figure with who published it: "The Detail and the Guardian's 2,672", "The Detail's estimated 29" (never
    "The Detail's an estimated 29": the owner takes the article's place), "The Ferret's “a quarter”"."""
    if count.derived == "share" and len(count.members) == 2:  # a share two figures make: 'The Detail's 11 of 40'
        part, whole = count.members
        return f"{_owned(part, names)} of {_value_words(whole)}"
    value = _value_words(count)
    first, _, rest = value.partition(" ")
    return f"{writing.possessive(names.who(count))} {rest if first in ('a', 'an') and rest else value}"


def _value_words(count: Count) -> str:
    """A figure's value as a sentence gives it: '2,672', 'more than 2,000'; a figure published only in words is
    quoted (“a quarter”), so that it never reads as a number of the house's ('451 and a quarter')."""
    return count.shown() if count.value is not None else writing.quote(count.shown())


def _edge(lo: int | None, hi: int | None) -> str:
    """One end of a period: a month, a year, or 'between October 2021 and June 2022' when only a range is known."""
    if lo is None or hi is None:
        return ""
    if lo == hi:
        return writing.month(month_at(lo))
    if lo // 12 == hi // 12 and lo % 12 == 0 and hi % 12 == 11:
        return str(lo // 12)
    return f"between {writing.month(month_at(lo))} and {writing.month(month_at(hi))}"


def _at(edge: str) -> str:
    return edge if edge.startswith("between") else f"in {edge}"


def months(lo: int, hi: int) -> str:
    """A length in months: 'one month', '29 months', '3 to 11 months' (a range in figures)."""
    if lo == hi:
        return writing.plural(lo, "month")
    return f"{writing.number(lo)} to {writing.number(hi)} months"


def _rate(rate: tuple[float, float]) -> str:
    low, high = rate
    return writing.rate(low, high)


def _percent(x: float) -> str:
    return f"{x * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _share_span(low: float, high: float) -> str:
    """A share two figures make: '29.4%'; 'at most 22.5%' when its whole is only a lower bound ('451 of more than
    2,000'), 'at least 50.1%' when its part is; '20% to 30%' otherwise."""
    if _percent(low) == _percent(high):
        return _percent(low)
    if low <= 0:
        return f"at most {_percent(high)}"
    if high >= 1:
        return f"at least {_percent(low)}"
    return f"{_percent(low)} to {_percent(high)}"


# --- the claim's words --------------------------------------------------------------------------------------


#: An open-ended bound's words, by what the claim's words mean: a share reads 'less than 50%', a count 'fewer than'.
_BOUND_WORDS = {"more-than": "more than", "at-least": "at least", "at-most": "at most", "less-than": "less than"}


def bound(claimed: Claimed) -> str:
    """An open-ended bound as it reads: 'more than 50%' for “more than half”, 'at least 33.3%', 'less than 50%',
    'fewer than 2,000', 'at most 20'; '' for anything else (a range, a verbal quantity, an exact number, a rate)."""
    word = _BOUND_WORDS.get(claimed.meaning)
    if word is None or claimed.phrase or claimed.number is None or claimed.kind not in ("share", "count"):
        return ""
    if claimed.kind == "share":
        return f"{word} {_percent(claimed.number)}"
    return f"{'fewer than' if claimed.meaning == 'less-than' else word} {_n(claimed.number)}"


def reading(claimed: Claimed) -> str:
    """The range a claim's words were read as: '2,001 or more', '2,000 to under 1,000,000', '4.5% to under 5%',
    '200 to under 1,000 a month', 'more than 50%' (a share's open-ended bound, never '50% to 100%'); '' for an exact
    number. A count's bound says the whole numbers it allows ('2,001 or more' for 'more than 2,000')."""
    per = " a month" if claimed.kind == "rate" else ""
    show = _percent if claimed.kind == "share" else _n
    if claimed.phrase:
        low, high = VERBAL[claimed.phrase]
        return f"{show(low)} to under {show(high)}{per}"
    low, high = claimed.low, claimed.high
    if claimed.kind == "rate":
        return writing.rate(low, high)
    if claimed.kind == "share" and bound(claimed):
        return bound(claimed)
    if low == high:
        return "" if claimed.meaning == "exact" else show(low)
    if high == INF:
        return f"{show(low)} or more"
    if low <= 0:
        return f"at most {show(high)}"
    return f"{show(low)} to {show(high)}"


def as_said(claimed: Claimed | None, text: str) -> str:
    """The claim's number as the house prints it ('2546' -> '2,546', 'more than 2000' -> 'more than 2,000'), or its
    words in quotes when they are words ('“thousands”')."""
    if claimed is None or claimed.number is None or claimed.phrase or claimed.kind != "count":
        return writing.quote(text)
    if claimed.meaning == "exact":
        return _n(claimed.number)
    words = {"at-least": "at least", "more-than": "more than", "at-most": "at most", "less-than": "fewer than"}
    words |= {"approximately": "about", "nearly": "nearly", "just-over": "just over"}
    return f"{words.get(claimed.meaning, '')} {_n(claimed.number)}".strip()


def _theirs(said: Said) -> str:
    """The claim's number with who printed it: "the New Statesman's 2,656"."""
    value = as_said(said.claimed, said.text)
    if said.claimed is not None and _exactly(said.claimed) and said.claimed.kind == "count":
        value = _small(said.claimed.number, value)
    if not said.outlet:
        return f"the claim's own {value}"
    return f"{writing.possessive(said.outlet)} {value}"


def _exactly(claimed: Claimed) -> bool:
    return claimed.low == claimed.high and claimed.meaning == "exact"


def _vague(v: VaguePeriod | None, names: Names) -> list[str]:
    """Whose period is stated only loosely, and what is assumed."""
    if v is None:
        return []
    who = writing.definite(writing.outlet(v.who)) if v.who else "one side"
    gives = "give" if re.search(r"\(with [^()]+\)", v.who) else "gives"
    known = names.period(v.period)
    if not known:
        return [f"As {who} {gives} no dates, the same months are assumed."]
    return [f"As {who} {gives} the period only as {known}, it allows the same months."]


def times(a: tuple[float, float], b: tuple[float, float]) -> str:
    """How one range of rates compares with another, at their closest: 'about the same as', 'about nine times',
    'less than a tenth of'."""
    if a[0] <= b[1] and b[0] <= a[1]:
        return "about the same as"
    x, y = (a[0], b[1]) if a[0] > b[1] else (a[1], b[0])
    if x <= 0:
        return "none of"
    if y <= 0:  # a claim of none ('no victims'): any rate is more
        return "more than"
    return writing.times(x, y)


# --- one comparison -----------------------------------------------------------------------------------------


def _sums_said(count: Count, names: Names) -> list[str]:
    """How a share's part or whole was added up from a + list: "Outlet A's figures for modern slavery (785) and
    human trafficking (618) add up to 1,403."."""
    said = []
    for side in count.members if count.derived == "share" else ():
        if side.derived != "sum" or side.total is not None or len(side.members) < 2:
            continue
        by_type = len({m.scope.crime_types for m in side.members}) > 1
        what = (
            (_plain(names.crimes(m.scope.crime_types)) if by_type else names.places(m.scope.places))
            for m in side.members
        )
        listed = writing.listing(f"{w} ({m.shown()})" for w, m in zip(what, side.members))
        said.append(f"{writing.possessive(names.who(side))} figures for {listed} add up to {side.shown()}.")
    return said


@words_for(SameCount)
def _same_count(f: SameCount, case: Case) -> Words:
    found = _same(f, case)
    added = _sums_said(case.comparison.count, case.names)
    if added:  # how a share's part or whole was added up comes first
        again = [*added, *found.again] if found.again else []
        found = replace(found, working=[*added, *found.working], again=again)
    return found


def _same(f: SameCount, case: Case) -> Words:
    c, names, said = case.comparison, case.names, case.said
    gives, when = names.gives(c.count), names.over(c.count.scope.period)
    vague = _vague(f.vague, names)
    theirs = f"{_owned(c.count, names)} {when}"
    if c.outcome == AGREES:
        return Words(gives, [f"{gives} {when}, as claimed.", *vague], again=[f"{theirs} agrees too.", *vague])
    if c.outcome in (HOLDS, LOOSELY):
        fits = _fits(f.claimed, said.text)
        if c.outcome == LOOSELY:
            line = f"{gives}, which allows {as_said(f.claimed, said.text)} but cannot confirm it"
            k = c.count  # a bound ('more than 2,000'), or a rounded number or an estimate ('an estimated 29')
            why = "only a bound" if k.high == INF or not k.low else f"rounded or estimated, {_range(k.low, k.high)}"
            if k.derived == "share":  # its span is in the line already ('make 23.3% to 32.9%'), not as 0.23 to 0.33
                why = "made from rounded or estimated figures" if k.high != INF and k.low else "made from a bound"
                return Words(line, [f"{line}: it is {why}.", *vague])
            return Words(line, [f"{line}: it is itself {why}.", *vague])
        return Words(f"{gives}, {fits}", [f"{gives} {when}, {fits}.", *vague], again=[f"{theirs} fits too.", *vague])
    if _exactly(f.claimed) and c.count.exact:
        who = gives if c.count.derived else f"{names.who(c.count)} {give(c.count)} {_n(c.count.low)}"  # how it was made
        line = f"{who}, not {_implied(f.claimed, said)}"
        gap = f"{gives} {when}, {_difference(c.count.low, f.claimed.low)} than {_theirs(said)}"
        return Words(line, [f"{gap}.", *vague], flag=gap)
    if _exactly(f.claimed):
        allowed = f"{_range(c.count.low, c.count.high)}, not {_implied(f.claimed, said)}"
    else:
        allowed = _held(f.claimed, said, False)
    return Words(f"{gives}, {allowed}", [f"{gives} {when}, {allowed}.", *vague])


def _implied(claimed: Claimed, said: Said) -> str:
    """An exact claim's one value: '2,672'; a claimed rate held as the count it implies over its months (which has
    no number as printed) says so: '480, which 20 a month makes over 24 months'."""
    rate = said.claimed
    if claimed.number is not None or rate is None or rate.kind != "rate" or not rate.low:
        return _n(claimed.low)
    over = writing.plural(round(claimed.low / rate.low), "month")
    return f"{_n(claimed.low)}, which {writing.quote(said.text)} makes over {over}"


def _difference(actual: float, claimed: float) -> str:
    gap = actual - claimed
    return f"{_n(abs(gap))} {'more' if gap > 0 else 'fewer'}"


def _range(low: float, high: float) -> str:
    """What a figure's words allow: '2,600 to 2,700', '2,001 or more'."""
    if high == INF:
        return f"{_n(low)} or more"
    return f"{_n(low)} to {_n(high)}"


def _fits(claimed: Claimed, text: str) -> str:
    """How a figure fits the claim's words: 'which is more than 2,000', 'which is more than 50%', 'which fits
    “thousands”'."""
    if claimed.kind == "share" and bound(claimed):
        return f"which is {bound(claimed)}"
    said = as_said(claimed, text)
    if said.startswith("\u201c"):
        return f"which fits {writing.quote(text)}"
    if claimed.meaning == "exact":
        return f"which allows {said}"
    return f"which is {said}"


@words_for(Bound)
def _bound(f: Bound, case: Case) -> Words:
    c, names, said = case.comparison, case.names, case.said
    k, claimed = c.count, as_said(f.claimed, said.text)
    value = k.shown()
    whose = "its" if said.scope is None else "the claim's"
    if f.most and k.derived == "sum" and f.wider == "group" and said.scope is not None:
        n = len(said.scope.crime_types)
        types = f"the {writing.in_words(n)} crime types" + ("" if n == len(k.members) else " they cover")
        line = f"{types} add up to at most {value}, not {claimed}"
        if c.outcome == WITHIN_BOUNDS:
            line = f"{types} add up to at most {value}, so {claimed} is possible"
        parts = writing.listing(f"{_plain(names.crimes(m.scope.crime_types))} ({m.shown()})" for m in k.members)
        work = [
            f"{writing.possessive(names.who(k))} figures for {parts} add up to {value}.",
            f"They include more than {whose} crime types, so {whose} count can be at most {value}.",
        ]
        return Words(line, work)
    what = names.differs(k.scope, said.scope) or names.over(k.scope.period)
    # a lower bound in numbers: a bound figure's own words would say it twice ('at least at least 33')
    limit = f"at most {value}" if f.most else f"at least {value if k.exact else _n(k.low)}"
    must = "can be" if f.most else "must be"
    wider = (
        f"a {'longer' if f.most else 'shorter'} period"
        if f.wider == "period"
        else f"a {'wider' if f.most else 'narrower'} {f.wider}"
    )
    if c.outcome == WITHIN_BOUNDS:
        line = f"{names.gives(k)} {what}, {wider}, so {claimed} is possible"
        tail = f"and {claimed} is"
    else:
        line = f"{names.gives(k)} {what}, so it {must} {limit}, not {claimed}"
        tail = f"not {claimed}"
    return Words(line, [f"{names.gives(k)} {what}, {wider}, so {whose} count {must} {limit}, {tail}."])


@words_for(NestedPeriods)
def _nested(f: NestedPeriods, case: Case) -> Words:
    c, names, said = case.comparison, case.names, case.said
    k = c.count
    if f.claim_inside:  # the figure's period is the longer
        outer = f"{names.gives(k)} {names.over(k.scope.period)}"
        outer_said = _owned(k, names)
        outer_period = k.scope.period
        inner, inner_period = _theirs(said), said.scope.period if said.scope is not None else None
        lead, line_inner = f"{outer}, which leaves", inner
    else:
        outer_period = said.scope.period if said.scope is not None else None
        outer_said = _theirs(said)
        outer = f"{outer_said} {names.over(outer_period) if outer_period else ''}".strip()
        inner, inner_period = _owned(k, names), k.scope.period
        lead = f"{outer} leaves"
        line_inner = f"{inner} {names.over(k.scope.period)}"  # the figure's months are news to a reader
    rest = _n(f.rest[0]) if f.rest[0] == f.rest[1] else writing.rate(*f.rest).removesuffix(" a month")
    rest_months = "month" if f.rest_months == (1, 1) else months(*f.rest_months)
    compared = times(f.rest_rate, f.inner_rate)
    if f.rest[1] == 0:
        line = f"{lead} nothing for the other {rest_months} once {line_inner} is counted"
    elif compared == "about the same as":
        line = f"{lead} {rest} for the other {rest_months}, at about the same monthly rate as {line_inner}"
    else:
        line = f"{lead} {rest} for the other {rest_months}, {compared} the monthly rate of {line_inner}"
    when = names.period(inner_period) if inner_period is not None else ""
    outer_when = names.period(outer_period) if outer_period is not None else ""
    work = [
        f"{outer_said} covers {outer_when + ': ' if outer_when else ''}{months(*f.outer_months)}.",
        f"{inner} covers {when + ', ' if when else ''}{months(*f.inner_months)}: {_rate(f.inner_rate)}.",
        f"That leaves {rest} for the other {rest_months}: {_rate(f.rest_rate)}, {_the_rate(compared)}."
        if f.rest[1]
        else f"That leaves nothing for the other {rest_months}.",
    ]
    return Words(line, work, _statistics(c, f"the months the longer period adds against {inner}"))


def _the_rate(compared: str) -> str:
    return "about the same rate" if compared == "about the same as" else f"{compared} the rate"


def _statistics(c: Comparison, what: str) -> list[str]:
    """How far apart two monthly rates are, in standard errors, for the details block and comparisons.csv."""
    if c.z is None or c.outcome not in (RATES_AGREE, RATES_DIFFER) or c.z == 0:
        return []
    beyond = "beyond chance" if c.z > Z_LIMIT else "within chance"
    return [f"Monthly rates, {what}: {writing.decimal(c.z)} standard errors apart, {beyond}. {METHOD}"]


#: How two monthly rates are compared, said once wherever standard errors are.
METHOD = (
    f"The ledger counts rates more than {Z_LIMIT} standard errors apart as beyond chance, in a Poisson model with "
    "extra month-to-month variation."
)


@words_for(MonthlyRates)
def _monthly_rates(f: MonthlyRates, case: Case) -> Words:
    c, names, said = case.comparison, case.names, case.said
    k = c.count
    what = names.differs(k.scope, said.scope) or names.over(k.scope.period)
    if f.months is None:
        line = f"{names.gives(k)} {what}, with no monthly rate to compare"
        return Words(line, [f"{line}."], again=[f"{names.gives(k)} {what}."])
    theirs, mine = _rate(c.count_rate), _rate(c.claim_rate)
    again = []
    if c.outcome == RATES_AGREE:
        line = f"{names.gives(k)} {what}, {theirs}, a rate that fits the {mine} claimed"
        again = [f"{_owned(k, names)} {what}, {theirs}, fits too."]
    elif c.outcome == RATES_DIFFER:
        line = f"{names.gives(k)} {what}, {theirs}, {times(c.count_rate, c.claim_rate)} the {mine} claimed"
    else:
        months_note = " in other months" if f.why == OTHER_MONTHS and "from" not in what else ""
        line = f"{names.gives(k)} {what}{months_note}: {theirs}"
    return Words(line, [f"{line}."], _statistics(c, f"against {_owned(k, names)}"), again)


@words_for(ClaimedRate)
def _claimed_rate(f: ClaimedRate, case: Case) -> Words:
    c, names, said = case.comparison, case.names, case.said
    k = c.count
    what = names.differs(k.scope, said.scope, period=False)
    head = f"{names.gives(k)}{' ' + what if what else ''} over {months(*f.months)}, {_rate(c.count_rate)}"
    if not f.same:
        return Words(head, [f"{head}."])
    if c.outcome == DISAGREES:
        return Words(f"{head}, not {writing.quote(said.text)}", [f"{head}, not {writing.quote(said.text)}."])
    if c.outcome == LOOSELY:
        line = f"{head}, which allows {writing.quote(said.text)} but cannot confirm it"
        return Words(line, [f"{line}."])
    return Words(f"{head}, which fits {writing.quote(said.text)}", [f"{head}, which fits {writing.quote(said.text)}."])


@words_for(ShareScope)
def _share_scope(f: ShareScope, case: Case) -> Words:
    """A published share of another part or whole than the claim's: what each is a share of, where they differ."""
    c, names, said = case.comparison, case.names, case.said
    k = c.count
    value = writing.quote(k.qualifier) if k.value is None and k.derived != "share" else k.shown()
    theirs = f"{writing.possessive(names.who(k))} {value}"
    figure, claim = _share_terms(f.differs, k.scope, k.of, names), ""
    if said.scope is not None:
        claim = _share_terms(f.differs, said.scope, said.of or k.of, names)
    noun = names.noun(k.of.measure if k.of is not None else k.scope.measure)
    line = f"{theirs} is a share of {noun} {figure}" + (f", not {claim}" if claim else "")
    if c.outcome != MISATTRIBUTED:
        return Words(line, [f"{line}."])
    what = writing.listing(_DIFFERS[d] for d in f.differs)
    work = [
        f"{line}.",
        f"A share holds only for the part and whole it was published for; the claim gives it for another {what}.",
    ]
    return Words(line, work)


_DIFFERS = {
    "place": "place",
    "group": "crime type",
    "group of people": "group of people",
    "period": "period",
    "whole": "whole",
}


def _share_terms(differs, part: Scope, whole: Scope | None, names: Names) -> str:
    """The terms in which a share's part or whole differs from another's: 'for domestic abuse from April to
    December 2020'."""
    out = []
    if "place" in differs:
        out.append(names.for_places(part.places))
    if "group" in differs:
        out.append(names.for_crimes(part.crime_types))
    if "group of people" in differs:
        out.append(f"for {names.people(part.population, part.measure)}")
    if "period" in differs:
        out.append(names.over(part.period))
    if "whole" in differs and whole is not None:
        out.append(f"out of {names.scope(whole, period=False)}")
    return " ".join(out)


@words_for(ChangeFacts)
def _change(f: ChangeFacts, case: Case) -> Words:
    """A change over time: each count, their monthly rates, and whether they can show a change at all."""
    names, said = case.names, case.said
    sides = [(f.first, f.change.first), (f.second, f.change.second)]
    counted = [_change_side(s, claimed, names) for s, claimed in sides]
    rates = [f"{_rate(s.rate)} over {months(*s.months)}" for s, _ in sides if s.rate is not None and s.months]
    working = [f"The first count: {counted[0]}.", f"The second count: {counted[1]}."]
    for s, claimed in sides:
        if s.judgement is not None and s.judgement.verdict == CONTRADICTED and s.judgement.decisive:
            side = Said(said.outlet, claimed.text, claimed, s.scope)
            line = _case(s.judgement.decisive[0], side, names).line
            return Words(line, [*working, f"{writing.upper_first(line)}."])
    if f.not_comparable:
        why = writing.listing(_CHANGE_DIFFERS[d] for d in f.not_comparable)
        line = f"the two counts are not directly comparable, as {why}"
        if len(rates) == 2:
            line += f"; by monthly rate, {rates[0]} against {rates[1]}"
        return Words(line, [*working, f"Not directly comparable: {why}.", *_rates_said(rates)])
    if f.ratio is None:
        line = "no published figure gives both counts, so the change cannot be worked out"
        return Words(line, [*working, f"{writing.upper_first(line)}."])
    change = _percent_change(f.ratio)
    line = f"by monthly rate, {rates[0]} against {rates[1]}, {change}"
    lo, hi = f.change.ratio or ((1.0, INF) if f.change.direction == "up" else (0.0, 1.0))
    if f.ratio[1] < lo or f.ratio[0] > hi:
        line += f", not {writing.quote(f.change.text)}"
    return Words(line, [*working, *_rates_said(rates), f"That is {change}."])


_CHANGE_DIFFERS = {
    "measure": "they count different things",
    "place": "they cover different places",
    "group": "they cover different crime types",
    "group of people": "they count different groups of people",
    "overlapping periods": "their periods overlap, so they are not two separate times",
    "second period first": "the second period comes first",
    "periods not known": "the periods are not known",
}


def _change_side(s, claimed: Claimed | None, names: Names) -> str:
    what = names.scope(s.scope)
    if claimed is not None:
        return f"{_n(claimed.number) if claimed.number is not None else claimed.text} {what}"
    if s.figure is not None:
        return f"{_owned(s.figure, names)} {what}"
    return f"{what}, which no published figure gives"


def _rates_said(rates: list[str]) -> list[str]:
    if len(rates) != 2:
        return []
    return [f"The first is {rates[0]}; the second {rates[1]}."]


def _percent_change(ratio: tuple[float, float]) -> str:
    """How much a monthly rate changed: 'a rise of 3% to 5%', 'a fall of 4%', 'about the same'."""
    lo, hi = (r - 1 for r in ratio)
    if lo <= 0 <= hi and hi - lo < 0.02:
        return "about the same"
    if lo > 0:
        return f"a rise of {_pct_range(lo, hi)}"
    if hi < 0:
        return f"a fall of {_pct_range(-hi, -lo)}"
    return f"somewhere between a fall of {_percent(-lo)} and a rise of {_percent(hi)}"


def _pct_range(a: float, b: float) -> str:
    if b == INF:
        return f"at least {_percent(a)}"
    return _percent(a) if abs(a - b) < 0.005 else f"{_percent(a)} to {_percent(b)}"


def _change_sources(facts, names: Names) -> str:
    """What the published figures behind a change give, each once."""
    if not isinstance(facts, ChangeFacts):
        return ""
    said = []
    for s in (facts.first, facts.second):
        if s.figure is not None:
            said.append(names.gives(s.figure))
        if s.judgement is not None:
            said += [names.gives(c.count) for c in s.judgement.decisive[:1]]
    said = list(dict.fromkeys(said))
    return writing.sentence(writing.upper_first(writing.clause(*said))) if said else "No published figure counts this."


# --- origin -------------------------------------------------------------------------------------------------


def origin_clause(o: Origin, names: Names, who: bool = False) -> str:
    """Where a wrong number probably came from, as a clause: '2,546 is the UK total of 2,672 minus the 126
    referrals with no force recorded'; with `who`, the first figure is named with who published it."""
    n = _n(o.claimed)
    first = names.owned(o.figures[0]) if who else names.named(o.figures[0])
    if o.kind == DIFFERENCE:
        return f"{n} is {first} minus {names.named(o.figures[1])}"
    if o.kind == SUM:
        return f"{n} is {first} plus {names.named(o.figures[1])}"
    if o.kind == PARTS:
        parts = writing.listing(names.named(m) for m in o.figures)
        return f"{n} is the sum of {parts}"
    if o.kind == SLIP:
        how = {10: "divided by 10", 100: "divided by 100", 0.1: "times 10", 0.01: "times 100"}[o.factor]
        rounded = "" if o.result == o.claimed else ", rounded"
        return f"{n} is {first} {how}{rounded}"
    if o.kind == SWAP:
        return f"{n} is {first} with two digits swapped"
    if o.kind == PERIOD:
        return _another_period(o, names, who)
    if o.kind in (SHARE, ELSEWHERE):
        return _misplaced(o, names, first)
    raise TypeError(f"no words for an origin of kind {o.kind!r}")


def _misplaced(o: Origin, names: Names, first: str) -> str:
    """A published figure given for another scope: 'the quarter is The Detail and the Guardian's quarter of victims
    referred for domestic abuse from April to December 2020'; '537 is the 537 victims referred in England and Wales,
    given for the UK'."""
    k = o.figures[0]
    if o.kind == SHARE:
        value = writing.quote(k.qualifier) if k.value is None else k.shown()
        terms = _share_terms(o.differs, k.scope, k.of, names)
        return f"the share is {writing.possessive(names.who(k))} {value} of {names.noun(k.of.measure)} {terms}".strip()
    # a figure named by its scope ('the 207 victims referred by Police Scotland') says its place and crime types
    # already: only its period is added ('for Police Scotland' again was said twice)
    by_scope = names.named_by_scope(k)
    said = first.lower()  # what the figure's name says already is not said again ('victims and witnesses ...')
    differs = [d for d in o.differs if d == "period" or not by_scope]
    if names.u.population_name(k.scope.population) and names.u.population_name(k.scope.population) in said:
        differs = [d for d in differs if d != "group of people"]
    theirs = _share_terms(differs, k.scope, None, names)
    claim = _share_terms(o.differs, o.scope, None, names) if o.scope is not None else ""
    return f"{_n(o.claimed)} is {first} {theirs}".strip() + (f", given {claim}" if claim else "")


def _another_period(o: Origin, names: Names, who: bool) -> str:
    """A figure published for another period, said as a sub-editor would: '207 is the figure for the whole period,
    May 2020 to September 2022, not for 2021'; 'for January to October 2021 only, not for the whole of January 2020
    to October 2022'; with `who`, "207 is The Detail and the Guardian's count of victims referred by Police
    Scotland for the whole period, ..."."""
    k = o.figures[0]
    theirs = names.period(k.scope.period)
    claim = names.period(o.scope.period) if o.scope is not None else ""
    relation = k.scope.period.relation(o.scope.period) if o.scope is not None else ""
    if relation == CONTAINS:
        span, other = f"the whole period, {theirs}", claim
    elif relation == WITHIN and claim:
        span, other = f"{theirs} only", f"the whole of {claim}"
    else:
        span, other = theirs, claim
    what = f"{writing.possessive(names.who(k))} count of {names.scope(k.scope, period=False)}" if who else "the figure"
    return f"{_n(o.claimed)} is {what} for {span}" + (f", not for {other}" if other else "")


def origin_sentence(o: Origin, names: Names) -> str:
    return writing.sentence(origin_clause(o, names, who=True))


# --- a verdict ----------------------------------------------------------------------------------------------

#: The verdict's plain words, as writing.VERDICT_WORDS gives them.
NOTHING = "no published figure speaks to it"


def explain(
    judgement: Judgement,
    said: Said,
    universe: Universe,
    *,
    origin: Origin | None = None,
    checked: str = "",
) -> Rendered:
    """A verdict in words, from the judgement: the line, the working, the statistics, what the sources say and
    the likely origin. `checked`: how the claim was checked, in words (a rule's), else it was held against
    figures."""
    names = Names(universe)
    if judgement.facts is not None:
        found = words(judgement.facts, Case(said, names))
        clause, working, stats = found.line, list(found.working), list(found.statistics)
        checked = found.checked or checked
        sources = _change_sources(judgement.facts, names) or _rule_sources(judgement.facts, names)
    elif judgement.verdict == NOT_VERIFIABLE:
        clause, working, stats = _unverifiable(judgement, said, names)
        sources = _unverifiable_sources(judgement, names)
    else:
        clause, working, stats = _decided(judgement, said, names)
        sources = _sources(judgement.decisive[:NAMED], names)
    origin_text = ""
    if origin is not None:
        if origin.kind != SHARE:  # a borrowed share is the line's own finding
            # named with who published it when another outlet's figure was just named: 'the figure' would be theirs
            named = judgement.decisive[0].count.outlet if judgement.decisive else None
            other = named is not None and origin.figures[0].outlet != named
            clause = writing.clause(clause, origin_clause(origin, names, who=other))
        origin_text = origin_sentence(origin, names)
        working.insert(0, f"Likely origin: {origin_clause(origin, names, who=True)}.")
        working.insert(
            1,
            "The search tries simple arithmetic on the published figures: a likely explanation, not a finding."
            if origin.kind not in (SHARE, PERIOD, ELSEWHERE)
            else "The search looks for the claimed number published for another scope: a likely explanation, not "
            "a finding.",
        )
    read_as = reading(said.claimed) if said.claimed is not None else ""
    if read_as:
        working.insert(2 if origin else 0, f"{writing.quote(said.text)} is read as {read_as}.")
    if checked:
        working.append(writing.sentence(checked))
    line = writing.sentence(f"{writing.verdict_word(judgement.verdict)}: {clause}")
    reason = writing.sentence(writing.upper_first(clause))
    working = [writing.sentence(writing.upper_first(w)) for w in dict.fromkeys(w for w in working if w)]
    stats = list(dict.fromkeys(stats))
    counts = writing.upper_first(names.scope(said.scope)) if said.scope is not None else ""
    return Rendered(judgement.verdict, line, reason, sources, working, stats, origin_text, read_as, counts)


def comparison_text(c: Comparison, said: Said, universe: Universe) -> str:
    """One comparison in words, for comparisons.csv: its working."""
    found = words(c.facts, Case(said, Names(universe), c))
    return " ".join(writing.sentence(writing.upper_first(w)) for w in found.working or [found.line])


def _case(c: Comparison, said: Said, names: Names) -> Words:
    return words(c.facts, Case(said, names, c))


def _decided(judgement: Judgement, said: Said, names: Names) -> tuple[str, list[str], list[str]]:
    """A verdict a figure decided: the most direct comparison in the line, up to three in the working, the other
    findings beside them."""
    decisive = judgement.decisive
    found = [_case(c, said, names) for c in decisive[:NAMED]]
    clause = found[0].line if found else ""
    if judgement.divided:
        against = next((w for c, w in zip(decisive, found) if c.outcome in (DISAGREES, MISATTRIBUTED)), None)
        support = next((w for c, w in zip(decisive, found) if c.outcome not in (DISAGREES, MISATTRIBUTED)), None)
        if against and support:
            clause = f"{against.line}, but {support.line}"
    working = _said_once(list(zip(decisive, found)))
    stats = [s for w in found for s in w.statistics]
    more = len(decisive) - NAMED
    if more > 0:
        working.append(f"{writing.plural(more, 'more published figure')} {'says' if more == 1 else 'say'} the same.")
    for flag in judgement.flags:
        w = _case(flag, said, names)
        working.append(f"Also: {w.flag or w.line}.")
        stats += w.statistics
    return clause, working, stats


def _said_once(found: list[tuple[Comparison, Words]]) -> list[str]:
    """The working of several comparisons, a finding said once: a comparison of the kind and outcome just said
    for another figure says only that it agrees (its `again`)."""
    out, seen = [], set()
    for c, w in found:
        key = (type(c.facts), c.outcome)
        out += w.again if key in seen and w.again else w.working
        seen.add(key)
    return out


def _unverifiable(judgement: Judgement, said: Said, names: Names) -> tuple[str, list[str], list[str]]:
    """No figure decides: say what no figure counts, whose own figure it is, and the bounds and context there are."""
    what = names.scope(said.scope, period=False) if said.scope is not None else "it"
    if judgement.own:
        who = names.who(judgement.own[0])
        clause = f"the only published figure for {what} is {writing.possessive(who)} own, which cannot check itself"
    elif judgement.comparisons:
        clause = f"no other published figure counts {what} over the same months"
    else:
        clause = f"{NOTHING}: none counts {what} for an overlapping place and crime types"
    split = _missing_split(judgement, said, names)
    if split:
        clause = split
    working, stats = [], []
    # a figure of the same count that allows the claim but cannot confirm it (itself rounded, estimated or a bound)
    # is why it cannot be checked: said first, never 'no other published figure counts ...' beside it
    loose = [c for c in judgement.comparisons if c.outcome == LOOSELY and c.relation in ("same count", "same share")]
    if loose and not judgement.own and not split:
        w = _case(loose[0], said, names)
        clause, working = w.line, [*w.working]
    if judgement.elsewhere and said.scope is not None:
        clause, hint = _other_measure(judgement.elsewhere, said, names)
        working += hint
    bounds = [_case(c, said, names) for c in judgement.bounds]
    if bounds:
        clause = writing.clause(clause, bounds[0].line)
        working += [s for w in bounds for s in w.working]
    context = [(c, _case(c, said, names)) for c in judgement.context]
    rated = next((c for c, _ in context if c.claim_rate is not None), None)
    if rated is not None and said.scope is not None:
        lo, hi = said.scope.period.length()
        length = f" over {months(lo, hi)}" if lo and hi else ""
        working.append(f"{_theirs(said)}{length} is {_rate(rated.claim_rate)}.")
    for i, (c, w) in enumerate(context):
        repeat = w.again and any(type(d.facts) is type(c.facts) and d.outcome == c.outcome for d, _ in context[:i])
        working.append(f"For context, {writing.lower_first(w.again[0] if repeat else w.line)}".rstrip(".") + ".")
    return clause, working, stats


def _other_measure(found: list[Count], said: Said, names: Names) -> tuple[str, list[str]]:
    """No figure of the claim's measure, but one of the same value or scope under another: named, never used."""
    noun = names.noun(said.scope.measure)
    first = found[0]
    what = names.differs(first.scope, said.scope)
    same_value = said.claimed is not None and said.claimed.low <= first.high and first.low <= said.claimed.high
    if same_value:
        clause = (
            f"no published figure counts {noun}, but {names.gives(first)}{' ' + what if what else ''} as "
            f"{names.noun(first.scope.measure)}: check which the claim counts"
        )
    else:
        clause = (
            f"no published figure counts {noun}; {names.gives(first)} {names.noun(first.scope.measure)} for the "
            "same place, crime types and period: check which the claim counts"
        )
    work = []
    for c in found:
        definition = f" The measure is defined as: {c.definition.rstrip('.')}." if c.definition else ""
        work.append(
            f"Under another measure, {names.gives(c)} {names.noun(c.scope.measure)}"
            f"{' ' + names.differs(c.scope, said.scope) if names.differs(c.scope, said.scope) else ''}.{definition}"
        )
    return clause, work


def _missing_split(judgement: Judgement, said: Said, names: Names) -> str:
    """For a claim about a group of people no figure counts separately: the split the data would need."""
    if said.scope is None or names.people(said.scope.population) == "all victims":
        return ""
    u = names.u
    if any(
        u.population_relation(c.count.scope.population, said.scope.population) == EQUAL for c in judgement.comparisons
    ):
        return ""
    split = u.missing_split(said.scope.population) or "group"
    who = names.people(said.scope.population)
    return f"no published figure counts {who} separately, as the data have no split by {split}"


def _sources(decisive: list[Comparison], names: Names) -> str:
    """What the figures behind a verdict give, each once: 'The Detail and the Guardian give 618.'"""
    said = names.gives_all(list(dict.fromkeys(c.count for c in decisive)))
    return writing.sentence(writing.upper_first(writing.clause(*said))) if said else ""


def _unverifiable_sources(judgement: Judgement, names: Names) -> str:
    if judgement.own:
        return writing.sentence(f"The only published figure is {names.owned(judgement.own[0])}")
    return "No other published figure counts this."


#: Where a rule's facts keep its sides (one side, a part and its whole, two sides, or a list).
_SIDE_FIELDS = ("side", "part", "whole", "a", "b")


def _rule_sides(facts) -> list:
    if isinstance(getattr(facts, "sides", None), list):
        return list(facts.sides)
    return [getattr(facts, name) for name in _SIDE_FIELDS if getattr(facts, name, None) is not None]


def _rule_sources(facts, names: Names) -> str:
    """What the published figures a rule used give: 'The Detail and the Guardian give 126; ... give 2,672.'"""
    sides = [s for s in _rule_sides(facts) if s.count is not None or s.parts]
    if not sides:
        return "No published figure counts this."
    said: list[str] = []
    for i, s in enumerate(sides):  # consecutive published figures are said together, each source once
        if s.count is None:
            said.append(side_gives(s, names))
        elif i == 0 or sides[i - 1].count is None:
            run = [t.count for t in sides[i:]]
            run = run[: next((k for k, c in enumerate(run) if c is None), len(run))]
            said += names.gives_all(run)
    return writing.sentence(writing.upper_first(writing.clause(*dict.fromkeys(said))))


# --- the sides of a rule ------------------------------------------------------------------------------------


def side_value(side) -> str:
    if side.value is None or side.value != side.value:
        return writing.quote(side.words) if side.words else "no number"
    return _n(side.value)


def side_gives(side, names: Names) -> str:
    """A rule's side as a sentence's subject with its value: 'The Detail gives 126', "The Detail's figures give 29
    plus 11, which is 40", 'the claim itself gives 100'."""
    if side.count is not None:
        return names.gives(side.count)
    if side.parts:
        who = writing.listing(dict.fromkeys(names.who(p) for p in side.parts))
        arithmetic = _arithmetic(side, names)
        value = side_value(side)
        if arithmetic and arithmetic != value:
            return f"{writing.possessive(who)} figures give {arithmetic}, which is {value}"
        return f"{writing.possessive(who)} figures give {value}"
    if side.words:
        return f"the figure gives only {writing.quote(side.words)}"
    return f"the claim itself gives {side_value(side)}"


def side_name(side, names: Names) -> str:
    """A rule's side named with its value, for lists: "The Detail and the Guardian's 126"."""
    if side.count is not None:
        return _owned(side.count, names)
    if side.words and (side.value is None or side.value != side.value):
        return writing.quote(side.words)
    if side.parts:
        return (
            f"{writing.possessive(writing.listing(dict.fromkeys(names.who(p) for p in side.parts)))} {side_value(side)}"
        )
    if side.value is None or side.value != side.value:
        return "the figure"
    return f"the claim's own {side_value(side)}"


def _arithmetic(side, names: Names) -> str:
    """An arithmetic side in words, with each figure's value: '29 plus 11', 'the sum of 20, 60 and 75'."""
    values = {p.id: p.shown() for p in side.parts}
    try:
        node = expr.parse(side.text)
    except expr.ExpressionError:
        return ""

    def say(n) -> str:
        if n.kind == "num":
            return _n(float(n.value))
        if n.kind == "id":
            return values.get(n.value, "a figure")
        if n.kind == "neg":
            return f"minus {say(n.children[0])}"
        if n.kind == "sum":
            return f"the sum of {writing.listing(say(x) for x in n.children)}"
        op = {"+": "plus", "-": "minus", "*": "times", "/": "divided by"}[n.value]
        return f"{say(n.children[0])} {op} {say(n.children[1])}"

    return say(node)


# --- the rules ----------------------------------------------------------------------------------------------


@words_for(rules.Computed)
def _computed(f: rules.Computed, case: Case) -> Words:
    gives, claimed = side_gives(f.side, case.names), as_said(f.claimed, case.said.text)
    value = f.side.value
    if f.test == "exact":
        if f.ok:
            return Words(gives, [f"{gives}, as claimed."])
        line = f"{gives}, not {claimed}"
        return Words(line, [f"{gives}, {_difference(value, f.claimed.number)} than claimed."])
    if f.test == "rounded":
        to = f"to the nearest {_n(f.precision)}"
        if value == f.claimed.number:
            return Words(gives, [f"{gives}, as claimed."])
        if f.ok:
            return Words(
                f"{gives}, which rounds {to} to {_n(f.rounded)}",
                [f"{gives}, which rounds {to} to {_n(f.rounded)}, as claimed."],
            )
        line = f"{gives}, which rounds {to} to {_n(f.rounded)}, not {_n(f.claimed.number)}"
        return Words(line, [f"{line}."])
    if f.test == "range":
        allowed = _held(f.claimed, case.said, f.ok)
        if f.ok and f.claimed.low == f.claimed.high:
            allowed = "as claimed"
        return Words(f"{gives}, {allowed}", [f"{gives}, {allowed}."])
    fewer = "less than" if f.claimed.kind == "share" else "fewer than"
    word = fewer if f.test == "less than" else f.test
    if not f.ok and f.test in _OPPOSITE:  # 'not at least 100' as a reader says it: 'fewer than 100'
        line = f"{gives}, which is {_OPPOSITE[f.test].replace('fewer than', fewer)} {_n(f.claimed.number)}"
    else:
        line = f"{gives}, which is {'' if f.ok else 'not '}{word} {_n(f.claimed.number)}"
    return Words(line, [f"{line}."])


#: A closed bound that fails, as a reader says it: a count that is not at least 100 is fewer than 100; one that is
#: not at most 50 is more than 50 ('not more than' and 'not fewer than' read plainly and stay).
_OPPOSITE = {"at least": "fewer than", "at most": "more than"}


@words_for(rules.ShareOf)
def _share_of(f: rules.ShareOf, case: Case) -> Words:
    if f.ok is None:
        return Words("the whole is zero, so no share can be computed", [f"{side_gives(f.whole, case.names)}."])
    share = _percent(f.part.value / f.whole.value)
    line = f"{side_value(f.part)} of {side_value(f.whole)} is {share}, {_held(f.claimed, case.said, f.ok)}"
    part, whole = _side_named(f.part, case.names, owned=True), _side_named(f.whole, case.names)
    return Words(line, [f"{part} are {share} of {whole}."])


def _allows(claimed: Claimed, said: Said) -> str:
    """'4.5% to under 5% that “almost 1 in 20” allows'."""
    return f"{reading(claimed)} that {writing.quote(said.text)} allows"


def _held(claimed: Claimed, said: Said, ok: bool) -> str:
    """Whether a value lies in what the claim's words allow: an open-ended bound as it reads ('which is not more
    than 50%', 'which is at least 2,000'), a range as a range ('outside the 2,550 to 2,650 that “about 2,600”
    allows')."""
    said_bound = bound(claimed)
    word = claimed.meaning.replace("-", " ")
    if said_bound and not ok and word in _OPPOSITE and said_bound.startswith(word):  # not 'not at least'
        fewer = "less than" if claimed.kind == "share" else "fewer than"
        return f"which is {said_bound.replace(word, _OPPOSITE[word].replace('fewer than', fewer), 1)}"
    if said_bound:
        return f"which is {'' if ok else 'not '}{said_bound}"
    return f"{'within' if ok else 'outside'} the {_allows(claimed, said)}"


@words_for(rules.Ratio)
def _ratio(f: rules.Ratio, case: Case) -> Words:
    if f.ok is None:
        return Words("the second figure is zero, so no ratio can be computed", [])
    ratio = f.a.value / f.b.value
    line = (
        f"{side_value(f.a)} is {ratio:.2f} times {side_value(f.b)}, {'within' if f.ok else 'outside'} the {f.low:.2f} "
        f"to {f.high:.2f} times that {writing.quote(f.words)} allows"
    )
    return Words(line, [f"{side_gives(f.a, case.names)}; {side_gives(f.b, case.names)}.", f"{line}."])


@words_for(rules.PartOf)
def _part_of(f: rules.PartOf, case: Case) -> Words:
    part, whole = f.part.value, f.whole.value
    if f.larger:
        line = f"the part, {_n(part)}, is larger than the whole, {_n(whole)}"
        return Words(line, [f"{side_gives(f.part, case.names)}; {side_gives(f.whole, case.names)}."])
    share = writing.share(part, whole) if float(part).is_integer() and float(whole).is_integer() and whole else ""
    whole_words = f"the {_n(whole)}"
    of = f"{_n(part)} of {whole_words}"
    about = f", {share}" if share and share != writing.of(part, whole) else ""
    work = [
        f"{_side_named(f.part, case.names, owned=True)} are part of {_side_named(f.whole, case.names)}: {of}{about}."
    ]
    if not f.ok:
        return Words(f"the part is {of}{about}, not {as_said(f.claimed, case.said.text)}", work)
    fits = "as claimed" if f.claimed.low == f.claimed.high else _fits(f.claimed, case.said.text)
    return Words(f"{of}{about}, {fits}", work)


def _distinct(sides, names: Names) -> list[str]:
    """What tells a rule's figures apart: their places, else their crime types, else who published them."""
    counts = [s.count for s in sides]
    if all(counts) and len({c.scope.places for c in counts}) == len(counts):
        return [names.places(c.scope.places) for c in counts]
    if all(counts) and len({c.scope.crime_types for c in counts}) == len(counts):
        return [names.crimes(c.scope.crime_types) or "all crime types" for c in counts]
    return [names.who(c) if c is not None else "the claim" for c in counts]


def _kind(sides, names: Names) -> str:
    """What a rule's figures are figures of, when they are told apart by it: 'forces', 'places', 'crime types';
    '' when they are told apart by who published them."""
    counts = [s.count for s in sides]
    if not all(counts):
        return ""
    if len({c.scope.places for c in counts}) == len(counts):
        attrs = names.u.geographies.attributes
        forces = all(attrs.get(p, {}).get("is_force") == "yes" for c in counts for p in c.scope.places)
        return "forces" if forces else "places"
    if len({c.scope.crime_types for c in counts}) == len(counts):
        return "crime types"
    return ""


@words_for(rules.Order)
def _order(f: rules.Order, case: Case) -> Words:
    """An order of figures, and what it shows: the order among the figures checked (the Met before West Midlands
    and three other forces), never the place of the first among all forces, whose counts may not be listed."""
    named = _distinct(f.sides, case.names)
    listed = writing.listing(f"{n} {side_value(s)}" for n, s in zip(named, f.sides))
    kind = _kind(f.sides, case.names)
    if not kind:  # the list in brackets: the verdict's word has the line's only colon
        return Words(f"largest first, as claimed ({listed})" if f.ok else f"not in the claimed order ({listed})", [])
    among = f"the {writing.in_words(len(f.sides))} {kind} checked"
    only = f"Only the order of these {writing.in_words(len(f.sides))} {kind}' figures was checked, largest first"
    if not f.ok:
        return Words(f"not in the claimed order among {among} ({listed})", checked=f"{only}.")
    checked = (
        f"{only}; how they stand against {kind} not listed here was not, so this does not show that {named[0]} had "
        f"the highest count of all {kind}."
    )
    return Words(f"largest first of {among}, as claimed ({listed})", checked=checked)


@words_for(rules.NotComparable)
def _not_comparable(f: rules.NotComparable, case: Case) -> Words:
    names = case.names
    a, b = f.a.scope, f.b.scope
    if f.why == "measure":
        line = f"the two figures count different things, {names.noun(a.measure)} and {names.noun(b.measure)}"
    elif f.why == "place":
        line = f"the two figures count different places, {names.places(a.places)} and {names.places(b.places)}"
    else:
        line = (
            f"the two figures count different crime types, {names.crimes(a.crime_types) or 'all crime types'} and "
            f"{names.crimes(b.crime_types) or 'all crime types'}"
        )
    return Words(line, [f"{side_gives(f.a, names)}; {side_gives(f.b, names)}."])


def _pair(a, b, names: Names) -> tuple[str, str, str, str]:
    """Two sides of a rule named for one sentence: (a, b) the first time, then (a, b) again, each source named
    once: "The Detail and the Guardian's 451", "“a quarter”", then 'the 451', "“a quarter”"."""
    first_a, first_b = side_name(a, names), side_name(b, names)
    if a.count is None or b.count is None or names.who(a.count) != names.who(b.count):
        return first_a, first_b, first_a, first_b

    def again(c: Count) -> str:
        return _value_words(c) if c.value is None else _definite(c.shown())

    return first_a, _value_words(b.count), again(a.count), again(b.count)


@words_for(rules.TwoPeriods)
def _two_periods(f: rules.TwoPeriods, case: Case) -> Words:
    names = case.names
    a, b, a2, b2 = _pair(f.a, f.b, names)
    pa = names.period(f.a.scope.period) or "no stated period"
    pb = names.period(f.b.scope.period) or "no stated period"
    covers = f"{a2} covers {pa} and {b2} {pb}"
    same = (a, b) != (a2, b2)
    if f.rule == "same" and f.a.value != f.b.value:
        return Words(f"{a} and {b} differ by {_n(abs(f.a.value - f.b.value))}", [f"{covers}."])
    both = f"both give {side_value(f.a)}" if f.rule == "same" else "both cover"
    if f.relation == EQUAL:
        return Words(f"{both} for the same period, {pa}" if f.rule == "same" else f"{both} {pa}", [])
    if f.relation == "compatible":
        lead = both if f.rule == "same" else "they may cover the same months"
        return Words(f"{lead}: {covers}, too loosely stated to tell", [])
    if f.rule == "same":
        return Words(f"{both} but for different periods: {covers}", [])
    if same:
        return Words(f"the claim ties {a} and {b} together, but {covers}", [])
    return Words(f"the claim ties {a} to {b}, but {covers}", [])


@words_for(rules.NestedRule)
def _nested_rule(f: rules.NestedRule, case: Case) -> Words:
    names = case.names
    if f.comparison is None:
        a, b, _, _ = _pair(f.a, f.b, names)
        pa = names.period(f.a.scope.period) or "no stated period"
        pb = names.period(f.b.scope.period) or "no stated period"
        return Words(f"the periods are not nested: {a} covers {pa} and {b} {pb}", [])
    said = Said(_side_outlet(f.a, names), side_value(f.a), f.a.as_claimed(), f.a.scope)
    return words(f.comparison.facts, Case(said, names, f.comparison))


def _side_named(side, names: Names, owned: bool = False) -> str:
    """A rule's side named by what it counts, with its value: "the 126 referrals with no force recorded"."""
    if side.count is not None:
        return names.owned(side.count) if owned else names.named(side.count)
    return side_name(side, names)


def _side_outlet(side, names: Names) -> str:
    if side.count is not None:
        return names.who(side.count)
    return ""


@words_for(rules.RateRule)
def _rate_rule(f: rules.RateRule, case: Case) -> Words:
    names = case.names
    a, b_first, _, b = _pair(f.a, f.b, names)
    if f.problem == "disjoint":
        pa, pb = names.period(f.a.scope.period), names.period(f.b.scope.period)
        return Words(f"the periods do not overlap: {a} covers {pa} and {b_first} {pb}", [])
    if f.problem == "no length":
        return Words(
            "a period has no known length, so there is no monthly rate to compare",
            ["Give months= or compare_months= in the claims file, with the source's words in notes."],
        )
    (am, bm) = f.months
    ra, rb = (f.a.value / am[1], f.a.value / am[0]), (f.b.value / bm[1], f.b.value / bm[0])
    compared = times(ra, rb)
    line = (
        f"{a} is {_rate(ra)}, {compared} the {_rate(rb)} of {b}"
        if compared != "about the same as"
        else f"{a} is {_rate(ra)}, about the same rate as {b}, {_rate(rb)}"
    )
    stats = []
    if f.z:
        beyond = "beyond chance" if not f.ok else "within chance"
        stats = [f"Monthly rates: {writing.decimal(f.z)} standard errors apart, {beyond}. {METHOD}"]
    return Words(line, [f"{line}."], stats)


@words_for(rules.PeriodLength)
def _period_length(f: rules.PeriodLength, case: Case) -> Words:
    names = case.names
    if f.months is None:
        who, known = side_name(f.side, names), names.period(f.side.scope.period)
        gives = f"gives only {known}" if known else "gives no dates"
        return Words(f"{who} {gives}, so its length is not known", [])
    period = names.period(f.side.scope.period)
    length = months(*f.months)
    claimed = _n(f.claimed.number)
    lo, hi = f.months
    if lo <= f.claimed.number <= hi:
        return Words(f"{period} is {length}", [])
    return Words(f"{period} is {length}, not {claimed}", [])


@words_for(rules.Unverifiable)
def _unverifiable_rule(f: rules.Unverifiable, case: Case) -> Words:
    # the verdict's word has the line's only colon: a colon in the claims file's reason reads as a semicolon
    return Words(writing.lower_first(re.sub(r":\s+", "; ", f.reason.strip().rstrip("."))), [])


# --- many verdicts ------------------------------------------------------------------------------------------

#: How a count of claims with each verdict reads: 'five are wrong', 'three disagree with another source'.
_COUNTED = {
    "confirmed": ("is correct", "are correct"),
    "consistent with rounding or wording": ("is fair as worded", "are fair as worded"),
    "contradicted": ("is wrong", "are wrong"),
    "inconsistent across sources": ("disagrees with another source", "disagree with another source"),
    "not verifiable with the data here": (
        "cannot be checked with the data here",
        "cannot be checked with the data here",
    ),
}
#: The order a reader meets the verdicts in: the findings first.
READING_ORDER = (
    CONTRADICTED,
    INCONSISTENT,
    NOT_VERIFIABLE,
    "consistent with rounding or wording",
    CONFIRMED,
)


def counts_sentence(verdicts: list[str]) -> str:
    """'Of the 50 claims checked, five are wrong, three disagree with another source, ...'."""
    order = [*READING_ORDER, *sorted(set(verdicts) - set(READING_ORDER))]
    parts = []
    for v in order:
        n = verdicts.count(v)
        if n:
            one, many = _COUNTED.get(v, (f"is rated {v}", f"are rated {v}"))
            parts.append(f"{writing.in_words(n)} {one if n == 1 else many}")
    return writing.sentence(f"Of the {writing.number(len(verdicts))} claims checked, {writing.listing(parts)}")


_VERSION = re.compile(
    r"\b(?:reprints|summarises|restates|reports)\s+(the\s+[^.;()]*?'s\s+version\s+of\s+the\s+story)", re.I
)


def version_of(notes: list[str]) -> str:
    """The version of a story that outlets reprinted, where the sources' notes name it ('the Guardian's version of
    the story'); '' when they do not all name the same one."""
    found = {m.group(1)[0].lower() + m.group(1)[1:] for n in notes for m in [_VERSION.search(str(n))] if m}
    return found.pop() if len(found) == 1 and all(_VERSION.search(str(n)) for n in notes) else ""


@dataclass
class Repeated:
    """One wrong number several outlets printed, with the same likely origin."""

    heading: str
    text: str
    origin: str
    members: list  # the rows (or claims) it groups, in the order given


def repeated_errors(
    rows: list,
    key=lambda r: r["likely_origin"],
    outlet=lambda r: r["outlet"],
    number=lambda r: r["claimed"],
    notes=lambda r: "",
    unseen=lambda r: "",
) -> list[Repeated]:
    """Findings that share a likely origin, grouped: 'Three outlets printed the same wrong number, 2,546'.

    `notes`: the source's note, which may name the version of a story it reprints ('the Guardian's version of the
    story'); `unseen`: the story a finding's source reprints when that story's original was never retrieved ('' when
    it was, or the source is an original). A version never read is not named as their source: outlets that all
    reprint one unseen story 'apparently' come from it, and no more is said."""
    by_origin: dict[str, list] = {}
    for r in rows:
        if key(r):
            by_origin.setdefault(key(r), []).append(r)
    groups = []
    for origin, members in by_origin.items():
        outlets = list(dict.fromkeys(writing.outlet(outlet(m)) for m in members))
        if len(outlets) < 2:
            continue
        printed = list(dict.fromkeys(_printed(number(m)) for m in members))
        said = printed[0] if len(printed) == 1 else writing.listing(printed)
        heading = writing.upper_first(f"{writing.plural(len(outlets), 'outlet')} printed the same wrong number, {said}")
        version = version_of(["" if unseen(m) else notes(m) for m in members])
        text = f"{writing.listing(outlets)} all printed {said}" + (f", each from {version}" if version else "")
        stories = {unseen(m) for m in members}
        if len(stories) == 1 and "" not in stories:
            text += ", apparently from one story whose original we have not seen"
        groups.append(Repeated(heading, writing.sentence(text), origin, members))
    return groups


def _printed(claimed: str) -> str:
    """A claimed number as the house prints it ('2546' -> '2,546'); words stay as printed."""
    return writing.printed(claimed)


def reason_of(line: str, verdict: str) -> str:
    """A verdict line without its plain word, as a sentence ('Wrong: the five...' -> 'The five...'), for a place
    that shows the word beside it (the site's badge)."""
    word = f"{writing.verdict_word(verdict)}: "
    return writing.upper_first(line.removeprefix(word)) if line.startswith(word) else line
