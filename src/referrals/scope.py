"""What a number counts: a measure, a place, crime types and a period, and how two such scopes relate.

Every number in the project (a published figure, an outlet's claim, a cell or an
aggregate of a Home Office release, a chart's title) is a count with a scope.
Comparisons, bounds and rates are computed from the relation between two scopes:
places and crime types equal, within, containing, disjoint or of unknown overlap;
periods equal, nested, overlapping, disjoint, or only compatible when a source
gives them as years or not at all. Vague periods stay vague: "between 2020 and
2022" is a first month somewhere in 2020 and a last one somewhere in 2022.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from . import vocab
from .months import month_at, month_index, month_label
from .paths import raw_dir

EQUAL, WITHIN, CONTAINS, OVERLAPS, DISJOINT, COMPATIBLE, UNKNOWN = (
    "equal",
    "within",
    "contains",
    "overlaps",
    "disjoint",
    "compatible",
    "unknown",
)

_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])", re.ASCII)
_YEAR = re.compile(r"[0-9]{4}", re.ASCII)
_LENGTH = re.compile(r"([0-9]{1,3})(?:\.\.([0-9]{1,3}))?", re.ASCII)


def _bounds(text: str) -> tuple[int | None, int | None]:
    """A month as given: 'YYYY-MM' is itself, 'YYYY' any month of that year, 'unknown' anything."""
    text = (text or "unknown").strip()
    if _MONTH.fullmatch(text):
        return month_index(text), month_index(text)
    if _YEAR.fullmatch(text):
        return month_index(f"{text}-01"), month_index(f"{text}-12")
    if text == "unknown":
        return None, None
    hint = _as_month(text)
    raise ValueError(
        f"{text!r} is not a month (YYYY-MM), a year (YYYY) or 'unknown'" + (f"; write {hint}" if hint else "")
    )


_MONTH_NAMES = "january february march april may june july august september october november december".split()


def _as_month(text: str) -> str:
    """A month written another way, as YYYY-MM: 'May 2020', 'Sept. 2022', '05/2020' -> '2020-05'; '' if none."""
    named = re.fullmatch(r"([a-z]{3,9})\.?,?\s+([0-9]{4})", text.strip().lower())
    if named:
        found = [i for i, name in enumerate(_MONTH_NAMES, 1) if name.startswith(named.group(1))]
        return f"{named.group(2)}-{found[0]:02d}" if found else ""
    numbered = re.fullmatch(r"(0?[1-9]|1[0-2])[/.-]([0-9]{4})", text.strip())
    return f"{numbered.group(2)}-{int(numbered.group(1)):02d}" if numbered else ""


def parse_length(text: str) -> tuple[int | None, int | None]:
    """A stated length in months: 'N', or 'N..M' for a length the source gives in years; '' for none."""
    text = (text or "").strip()
    if not text:
        return None, None
    m = _LENGTH.fullmatch(text)
    if not m or int(m.group(1)) < 1 or (m.group(2) and int(m.group(2)) < int(m.group(1))):
        raise ValueError(f"{text!r} is not a length in months: a whole number N, or a range N..M")
    return int(m.group(1)), int(m.group(2) or m.group(1))


def _published_cap(published: str) -> int | None:
    """The last month a source's period can end in: the month (or year) it was published."""
    if not published:
        return None
    if _MONTH.fullmatch(published[:7]):
        return month_index(published[:7])
    return _bounds(published[:4])[1] if _YEAR.fullmatch(published[:4]) else None


def _lo(*values):
    known = [v for v in values if v is not None]
    return max(known) if known else None


def _hi(*values):
    known = [v for v in values if v is not None]
    return min(known) if known else None


@dataclass(frozen=True)
class Period:
    """First and last month, each as a range of possible months (None: unbounded), and the length's range."""

    start_lo: int | None
    start_hi: int | None
    end_lo: int | None
    end_hi: int | None
    length_lo: int | None = None
    length_hi: int | None = None
    text: str = ""

    @classmethod
    def parse(cls, start: str, end: str, months: str = "", text: str = "", published: str = "") -> Period:
        """A period as a source gives it; `published` caps when it can have ended."""
        return _parsed(cls, start, end, months, text, published)

    @classmethod
    def _parse(cls, start: str, end: str, months: str, text: str, published: str) -> Period:
        start_lo, start_hi = _bounds(start)
        end_lo, end_hi = _bounds(end)
        cap = _published_cap(published)
        length_lo, length_hi = parse_length(months)
        period = cls(start_lo, _hi(start_hi, cap), end_lo, _hi(end_hi, cap), length_lo, length_hi, text)
        return period.tightened()

    @classmethod
    def months(cls, first: str, last: str, text: str = "") -> Period:
        return cls.parse(first, last, text=text)

    def tightened(self) -> Period:
        """Propagate what is known between first month, last month and length, until nothing changes."""
        p = self
        for _ in range(4):
            s_lo, s_hi, e_lo, e_hi, l_lo, l_hi = p.start_lo, p.start_hi, p.end_lo, p.end_hi, p.length_lo, p.length_hi
            e_lo = _lo(e_lo, s_lo + l_lo - 1 if None not in (s_lo, l_lo) else None, s_lo)
            e_hi = _hi(e_hi, s_hi + l_hi - 1 if None not in (s_hi, l_hi) else None)
            s_lo = _lo(s_lo, e_lo - l_hi + 1 if None not in (e_lo, l_hi) else None)
            s_hi = _hi(s_hi, e_hi - l_lo + 1 if None not in (e_hi, l_lo) else None, e_hi)
            l_lo = _lo(l_lo, e_lo - s_hi + 1 if None not in (e_lo, s_hi) else None, 1)
            l_hi = _hi(l_hi, e_hi - s_lo + 1 if None not in (e_hi, s_lo) else None)
            p = replace(p, start_lo=s_lo, start_hi=s_hi, end_lo=e_lo, end_hi=e_hi, length_lo=l_lo, length_hi=l_hi)
        return p

    @property
    def exact(self) -> bool:
        return None not in (self.start_lo, self.end_lo) and (self.start_lo, self.end_lo) == (self.start_hi, self.end_hi)

    @property
    def possible(self) -> bool:
        """False when the bounds contradict each other (a length that cannot fit, an end before the start)."""
        pairs = [(self.start_lo, self.start_hi), (self.end_lo, self.end_hi), (self.length_lo, self.length_hi)]
        return all(lo is None or hi is None or lo <= hi for lo, hi in pairs)

    def length(self) -> tuple[int | None, int | None]:
        return self.length_lo, self.length_hi

    def first_last(self) -> tuple[str, str] | None:
        """('YYYY-MM', 'YYYY-MM') for an exactly known period."""
        return (month_at(self.start_lo), month_at(self.end_lo)) if self.exact else None

    def label(self) -> str:
        """The period in words, as precisely as it is known, never more: 'May 2020 to September 2022', '2020 to
        2022', 'a period starting in May 2020 and ending by March 2023' (an end known only to come after the start
        and by publication), 'a period starting in May 2020 and ending between October 2021 and October 2022'."""
        if self.exact:
            first, last = self.first_last()
            return month_label(first) if first == last else f"{month_label(first)} to {month_label(last)}"
        start = _bound_label(self.start_lo, self.start_hi)
        end = _bound_label(self.end_lo, self.end_hi)
        if start is not None and start == end and start.isdigit():
            return start  # first and last month in the same year, as the source gives it
        if end is not None and self.start_lo is not None and self.end_lo is not None and self.end_lo <= self.start_lo:
            end = f"by {month_label(month_at(self.end_hi))}"  # only the start and publication bound it
        words = f" ({self.text})" if self.text else ""
        if start is not None and end is not None:
            if start == end and start.isdigit():
                return start
            if not _ranged(start + end):
                return f"{start} to {end}"
            return f"a period starting {_at(start)} and ending {_at(end)}{words}"
        if start is not None:
            return f"a period starting {start}{words}" if _ranged(start) else f"from {start}{words}"
        return self.text or "period not stated"

    def relation(self, other: Period) -> str:
        """How this period relates to another: certainly, or 'compatible' / 'unknown' when either is vague."""
        key = (self, other)
        found = _RELATIONS.get(key)
        if found is None:
            if len(_RELATIONS) >= _MAX_RELATIONS:
                _RELATIONS.clear()
            found = _RELATIONS[key] = self._relation(other)
        return found

    def _relation(self, other: Period) -> str:
        if self.exact and other.exact:
            return _exact_relation((self.start_lo, self.end_lo), (other.start_lo, other.end_lo))
        if _before(self.end_hi, other.start_lo) or _before(other.end_hi, self.start_lo):
            return DISJOINT
        if _le(other.start_hi, self.start_lo) and _le(self.end_hi, other.end_lo):
            return WITHIN
        if _le(self.start_hi, other.start_lo) and _le(other.end_hi, self.end_lo):
            return CONTAINS
        if self._could_be(other):
            return COMPATIBLE
        return UNKNOWN

    def _could_be(self, other: Period) -> bool:
        """Whether both could describe the very same months."""
        ranges = [
            ((self.start_lo, self.start_hi), (other.start_lo, other.start_hi)),
            ((self.end_lo, self.end_hi), (other.end_lo, other.end_hi)),
            ((self.length_lo, self.length_hi), (other.length_lo, other.length_hi)),
        ]
        return all(_intersects(a, b) for a, b in ranges)


@lru_cache(maxsize=4096)
def _parsed(cls, start: str, end: str, months: str, text: str, published: str) -> Period:
    """Period.parse, remembered: a ledger reads the same few periods for every claim and figure (a period is
    frozen, so one parsed period can be shared)."""
    return cls._parse(start, end, months, text, published)


#: Period.relation, remembered for each pair of periods: a ledger relates every claim's period to the same figures'.
#: Bounded: it is emptied when it grows past _MAX_RELATIONS pairs.
_RELATIONS: dict[tuple[Period, Period], str] = {}
_MAX_RELATIONS = 100_000


def _bound_label(lo: int | None, hi: int | None) -> str | None:
    """One end of a period: a month, a year, or 'between October 2021 and June 2022' when only a range is known."""
    if lo is None or hi is None:
        return None
    if lo == hi:
        return month_label(month_at(lo))
    if lo // 12 == hi // 12 and lo % 12 == 0 and hi % 12 == 11:
        return str(lo // 12)
    return f"between {month_label(month_at(lo))} and {month_label(month_at(hi))}"


def _ranged(text: str) -> bool:
    return "between" in text or "by " in text


def _at(edge: str) -> str:
    return edge if edge.startswith(("between", "by ")) else f"in {edge}"


def _before(a: int | None, b: int | None) -> bool:
    return a is not None and b is not None and a < b


def _le(a: int | None, b: int | None) -> bool:
    return a is not None and b is not None and a <= b


def _intersects(a: tuple, b: tuple) -> bool:
    lo = _lo(a[0], b[0])
    hi = _hi(a[1], b[1])
    return lo is None or hi is None or lo <= hi


def _exact_relation(a: tuple[int, int], b: tuple[int, int]) -> str:
    if a == b:
        return EQUAL
    if a[1] < b[0] or b[1] < a[0]:
        return DISJOINT
    if b[0] <= a[0] and a[1] <= b[1]:
        return WITHIN
    if a[0] <= b[0] and b[1] <= a[1]:
        return CONTAINS
    return OVERLAPS


def split_ids(text: str) -> tuple[str, ...]:
    """'england-and-wales+british-transport-police' -> its ids, in the order given."""
    return tuple(part.strip() for part in str(text).split("+") if part.strip())


@dataclass(frozen=True)
class Scope:
    """What a number counts."""

    measure: str
    places: tuple[str, ...]
    crime_types: tuple[str, ...]
    period: Period
    #: Who is counted: ('all',) for every victim (the default), or groups such as ('women', 'children').
    population: tuple[str, ...] = ("all",)


def _remembered(relation):
    """A universe's relation between two lists of members, worked out once for each pair (a universe's
    vocabularies never change; `universe` gives a new one when a file does). Lists, which cannot be remembered,
    are worked out each time."""

    @functools.wraps(relation)
    def remembered(self, a, b) -> str:
        key = (relation.__name__, a, b)
        try:
            return self._relations[key]
        except KeyError:
            found = self._relations[key] = relation(self, a, b)
            return found
        except TypeError:  # unhashable
            return relation(self, a, b)

    return remembered


class Universe:
    """The vocabularies that give places and crime types their meaning, and the relations between them."""

    def __init__(self, raw_directory: Path):
        self._relations: dict[tuple, str] = {}
        self.geographies = vocab.geographies(raw_directory)
        self.crime_vocab = vocab.crime_types(raw_directory)
        self.measures = vocab.measures(raw_directory)  # what each measure counts, for words
        self.population_vocab = vocab.populations(raw_directory)
        self._atoms = {gid: self._place_atoms(gid) for gid in self.geographies.ids()}

    # places ------------------------------------------------------------------------------------
    def _place_atoms(self, gid: str) -> frozenset[str]:
        attrs = self.geographies.attributes[gid]
        if attrs.get("is_force") == "yes" or gid == "not-recorded":
            return frozenset({gid})
        nations = [n for n in attrs.get("nations", "").split("|") if n]
        forces = [
            f
            for f in self.geographies.ids()
            if self.geographies.attributes[f].get("is_force") == "yes"
            and ("*" in nations or self.geographies.attributes[f].get("nation") in nations)
            and ("*" in nations or self.geographies.attributes[f].get("kind") == "territorial")
        ]
        extra = {"not-recorded"} if "*" in nations else set()
        return frozenset(forces) | extra if forces or extra else frozenset({gid})

    def place_atoms(self, places) -> frozenset[str]:
        out: frozenset[str] = frozenset()
        for place in places:
            out |= self._atoms.get(place, frozenset({place}))
        return out

    @_remembered
    def place_relation(self, a, b) -> str:
        return _set_relation(self.place_atoms(a), self.place_atoms(b))

    def place_name(self, places) -> str:
        return " and ".join(self.geographies.names.get(p, p) for p in places)

    # crime types ------------------------------------------------------------------------------
    def _parents(self, ct: str) -> set[str]:
        """A crime type and every group it lies within (transitively), 'all' included."""
        seen, todo = {ct, "all"}, [ct]
        while todo:
            for parent in self.crime_vocab.attributes.get(todo.pop(), {}).get("within", "").split("|"):
                if parent and parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def _expand(self, types) -> frozenset[str]:
        """Crime types with every declared union ('modern slavery and human trafficking') replaced by its parts."""
        out: set[str] = set()
        for ct in types:
            parts = [p for p in self.crime_vocab.attributes.get(ct, {}).get("consists_of", "").split("|") if p]
            out |= self._expand(parts) if parts else {ct}
        return frozenset(out)

    def crime_members(self, types) -> tuple[str, ...]:
        """The crime types a + list or a declared union counts, each once, in the order written: ('abuse', 'theft')
        for 'abuse+theft' and for 'abuse and theft (combined)', whose parts are abuse and theft."""
        out: dict[str, None] = {}
        for ct in types:
            parts = [p for p in self.crime_vocab.attributes.get(ct, {}).get("consists_of", "").split("|") if p]
            out |= dict.fromkeys(self.crime_members(parts) if parts else (ct,))
        return tuple(out)

    def breakdown_types(self) -> list[str]:
        """The categories of the Home Office's breakdown: mutually exclusive, together everything."""
        return [c for c in self.crime_vocab.ids() if self.crime_vocab.attributes[c].get("in_foi_breakdown") == "yes"]

    @_remembered
    def crime_relation(self, a, b) -> str:
        a, b = self._expand(a), self._expand(b)
        if a == b:
            return EQUAL
        a_in_b = "all" in b or all(self._parents(x) & b for x in a)
        b_in_a = "all" in a or all(self._parents(y) & a for y in b)
        if a_in_b and b_in_a:
            return EQUAL
        if a_in_b:
            return WITHIN
        if b_in_a:
            return CONTAINS
        if any(x == y or y in self._parents(x) or x in self._parents(y) for x in a for y in b):
            return OVERLAPS
        if self._disjoint(a, b):
            return DISJOINT
        return UNKNOWN

    def _disjoint(self, a, b) -> bool:
        """Disjoint only when both lie in different categories of the breakdown, which exclude each other."""
        breakdown = set(self.breakdown_types())

        def category(ct):
            found = self._parents(ct) & breakdown
            return next(iter(found)) if len(found) == 1 else None

        cats_a, cats_b = [category(x) for x in a], [category(y) for y in b]
        return None not in cats_a + cats_b and not set(cats_a) & set(cats_b)

    def crime_name(self, types) -> str:
        """Crime types by name: 'Domestic abuse', or 'Domestic abuse, Human trafficking and Modern slavery'."""
        names = [self.crime_vocab.names.get(c, c) for c in types]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    # groups of people -----------------------------------------------------------------------------
    @_remembered
    def population_relation(self, a, b) -> str:
        """How two groups of people relate: 'all' contains every group; a '+' list is the union of its groups;
        two groups of the same split (women and men, by sex) exclude each other; groups of different splits (women
        and children) overlap."""
        a, b = frozenset(a or ("all",)), frozenset(b or ("all",))
        if a == b or ("all" in a and "all" in b):
            return EQUAL
        if "all" in b or a < b:
            return WITHIN
        if "all" in a or b < a:
            return CONTAINS
        split = {p: self.population_vocab.attributes.get(p, {}).get("split", "") for p in a | b}
        if all(split[x] and split[x] == split[y] and x != y for x in a for y in b):
            return DISJOINT
        return OVERLAPS

    def population_name(self, population) -> str:
        """A group of people in words: 'women and children'; '' for all victims."""
        if tuple(population or ("all",)) == ("all",):
            return ""
        names = [self.population_vocab.names.get(p, p).lower() for p in population]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def missing_split(self, population) -> str:
        """The split of the data a group would need ('sex', 'sex or age'); '' for all victims."""
        splits = [self.population_vocab.attributes.get(p, {}).get("split", "") for p in population or ()]
        found = list(dict.fromkeys(s for s in splits if s))
        return " or ".join(found)


def _set_relation(a: frozenset, b: frozenset) -> str:
    if a == b:
        return EQUAL
    if a < b:
        return WITHIN
    if b < a:
        return CONTAINS
    return OVERLAPS if a & b else DISJOINT


@lru_cache(maxsize=4)
def _universe(directory: str, stamp: tuple) -> Universe:
    return Universe(Path(directory))


def universe(raw_directory: Path) -> Universe:
    """The vocabularies of a raw data folder (cached until one of its files changes)."""
    d = Path(raw_directory)
    stamp = tuple(p.stat().st_mtime_ns for p in sorted(d.glob("*.csv")))
    return _universe(str(d), stamp)


def crime_type_within(part: str, total: str, directory: Path | None = None) -> bool:
    """Whether a part's crime types ('+'-joined ids) lie within its total's, in the vocabularies of a raw folder."""
    relation = universe(Path(directory or raw_dir())).crime_relation(split_ids(part), split_ids(total))
    return relation in (EQUAL, WITHIN)


def geography_within(part: str, total: str, directory: Path | None = None) -> bool:
    """Whether a part's places lie within its total's: a force within its nation, anything within the UK."""
    relation = universe(Path(directory or raw_dir())).place_relation(split_ids(part), split_ids(total))
    return relation in (EQUAL, WITHIN)


#: The columns a 'share_of' or 'change_from' cell may give, as 'column=value' pairs separated by ';'.
SIDE_KEYS = ("measure", "geography", "crime_type", "population", "period_start", "period_end", "period_months")


def read_pairs(text: str) -> dict[str, str]:
    """'measure=victims referred; geography=uk' -> {'measure': 'victims referred', 'geography': 'uk'}.
    A ValueError names what is wrong: a pair without '=', an unknown column, a column given twice, no pairs."""
    out: dict[str, str] = {}
    for part in (p.strip() for p in str(text or "").split(";")):
        if not part:
            continue
        key, eq, value = part.partition("=")
        key, value = key.strip().replace(" ", "_").replace("-", "_"), value.strip()
        if not eq or not value:
            raise ValueError(f"{part!r} is not a pair 'column=value' (e.g. 'measure=victims referred')")
        if key not in SIDE_KEYS:
            raise ValueError(f"{key!r} is not a column it can give; allowed: {', '.join(SIDE_KEYS)}")
        if key in out:
            raise ValueError(f"{key!r} is given twice")
        out[key] = value
    if not out:
        raise ValueError("gives no pair 'column=value' (e.g. 'measure=victims referred')")
    return out


def other_side(scope: Scope, pairs: dict[str, str], directory: Path, published: str = "") -> Scope:
    """The scope of a share's whole, or of a change's first count: `scope` with the columns `pairs` give replaced
    (names and aliases resolved as in a claims file). Raises ValueError (or DataError for an unknown name)."""
    measure = scope.measure
    if "measure" in pairs:
        measure = vocab.measure_vocabulary(directory).resolve(pairs["measure"]).replace("-", "_")

    def ids(column: str, vocabulary: vocab.Vocabulary, current: tuple[str, ...]) -> tuple[str, ...]:
        if column not in pairs:
            return current
        return tuple(vocabulary.resolve(p) for p in split_ids(pairs[column]))

    places = ids("geography", vocab.geographies(directory), scope.places)
    types = ids("crime_type", vocab.crime_types(directory), scope.crime_types)
    population = ids("population", vocab.populations(directory), scope.population)
    period = scope.period
    if {"period_start", "period_end", "period_months"} & set(pairs):
        start = pairs.get("period_start") or (month_at(period.start_lo) if period.exact else "unknown")
        end = pairs.get("period_end") or (month_at(period.end_lo) if period.exact else "unknown")
        period = Period.parse(start, end, pairs.get("period_months", ""), published=published)
        if not period.possible:
            raise ValueError(f"the period {start}..{end} is impossible")
    return Scope(measure, places, types, period, population)
