"""Names as the Home Office writes them, resolved to the project's ids, or refused with the reason.

A release names forces, crime types, periods and the groups of a sub-column (sex, age) in
its own spellings: 'London, City of' (inverted), 'Dyfed Powys' (no hyphen), 'Avon and
Somerset' (no suffix), 'Force not recorded (5)' (a note marker), 'Not specified'. Each name
resolves to one of:

* a member of its dimension (a force, a crime type, a period, a sub-column group);
* a group of members (a nation's forces; 'Modern slavery and human trafficking', the union
  of two crime types), which the table's values must prove to be their sum;
* a total ('Total', 'Grand total', 'All forces', 'Met Total'), which must be proven too;
* nothing: unknown (with the closest names) or ambiguous (with both readings named).

Note markers ('(6)', '[note 6]', '*', '†') are stripped and kept, so that the release's
notes can be shown beside the names they qualify.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import vocab
from ..errors import DataError
from ..text import shown
from .periods import Ambiguous, Span, excel_serial, read_period
from .text import norm, total_label

FORCE, CRIME, PERIOD, SUB = "force", "crime_type", "period", "subgroup"
DIMENSIONS = (FORCE, CRIME, PERIOD, SUB)
DIMENSION_WORDS = {FORCE: "force", CRIME: "crime type", PERIOD: "period", SUB: "group"}

_MARKER = re.compile(
    r"\s*(?:\((?:note\s*)?([0-9]{1,2}|[a-z])\)|\[(?:note\s*)?([0-9]{1,2}|[a-z])\]"
    r"|([*\u2020\u2021\u00a7#\u00b9\u00b2\u00b3\u2070-\u2079]+))\s*$",
    re.IGNORECASE,
)
_SUPERSCRIPTS = str.maketrans("\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079", "1230456789")

#: Spellings the Home Office and Parliament use that the project's vocabularies do not list.
FORCE_ALIASES = {
    "not specified": "not-recorded",
    "not stated": "not-recorded",
    "force not known": "not-recorded",
    "force unknown": "not-recorded",
    "unknown not recorded": "not-recorded",
    "not recorded unknown": "not-recorded",
    "other unknown": "not-recorded",
    "police service northern ireland": "psni",
    "hampshire and iow": "hampshire",
    "hampshire and isle of wight": "hampshire",
}
CRIME_ALIASES = {
    "all other crimes": "other",
    "all other offences": "other",
    "all other crime types": "other",
    "other offences": "other",
    "other crime types": "other",
    "other crime": "other",
    "others": "other",
    "not recorded": "unspecified",
    "not known": "unspecified",
    "unknown": "unspecified",
    "not stated": "unspecified",
    "crime type not specified": "unspecified",
    "modern slavery human trafficking": "modern-slavery-and-human-trafficking",
    "human trafficking and modern slavery": "modern-slavery-and-human-trafficking",
    "modern slavery and trafficking": "modern-slavery-and-human-trafficking",
    "child sexual exploitation and abuse": "child-sexual-exploitation",
}
#: Nations (forces.csv's `nation` column) and the groups of nations a row can total.
NATION_GROUPS = {
    "england": ("england",),
    "wales": ("wales",),
    "england and wales": ("england", "wales"),
    "scotland": ("scotland",),
    "northern ireland": ("northern-ireland",),
    "great britain": ("england", "wales", "scotland", "great-britain"),
    "gb": ("england", "wales", "scotland", "great-britain"),
}
_EVERYTHING = {FORCE: {"uk", "united kingdom", "all forces", "all police forces", "uk total"}}

#: Sub-column groups a release may split counts by, and the words that name them.
SUB_WORDS = {
    "sex": {
        "male",
        "males",
        "female",
        "females",
        "men",
        "women",
        "man",
        "woman",
        "boys",
        "girls",
        "boy",
        "girl",
        "other",
        "not known",
        "unknown",
        "not recorded",
        "not stated",
        "prefer not to say",
        "other unknown",
    },
    "age": {
        "adult",
        "adults",
        "child",
        "children",
        "minor",
        "minors",
        "under 18",
        "under 18s",
        "18 and over",
        "18 and older",
        "18 or over",
        "over 18",
        "aged 18 and over",
        "aged under 18",
        "18",
        "unknown age",
        "age unknown",
        "age not known",
        "not known",
        "unknown",
        "not recorded",
    },
}
_AGE_BAND = re.compile(r"(?:aged\s+)?(?:\d{1,2}\s*(?:-|to)\s*\d{1,2}|\d{1,2}\s*\+|\d{1,2} and over|under \d{1,2})")


@dataclass(frozen=True)
class Resolved:
    """What one name means in its dimension."""

    kind: str  # 'member', 'group', 'total', 'unknown'
    dimension: str
    id: str = ""  # the member's id ('metropolitan', 'domestic-abuse', '2020-04..2021-03', 'Male')
    members: frozenset | None = None  # a group's or a total's members; None: everything
    given: str = ""
    markers: tuple[str, ...] = ()
    span: Span | None = None  # a period's months
    problem: str = ""
    everything_word: bool = False  # 'Total', 'All ...': named as a total

    @property
    def is_member(self) -> bool:
        return self.kind == "member"


def split_markers(text: str) -> tuple[str, tuple[str, ...]]:
    """A name without its trailing note markers, and the markers: 'Police Scotland (6)' -> ('Police Scotland',
    ('6',))."""
    markers: list[str] = []
    name = text.strip()
    while True:
        match = _MARKER.search(name)
        if not match or match.start() == 0:
            break
        marker = next(g for g in match.groups() if g)
        markers.insert(0, marker.translate(_SUPERSCRIPTS))
        name = name[: match.start()].rstrip()
    return name, tuple(markers)


def invert(name: str) -> str | None:
    """'London, City of' -> 'City of London'; 'Met, The' -> 'The Met'; None when the name is not inverted."""
    match = re.fullmatch(r"(.+?),\s*(the|(?:[\w ]+\s)?of(?: the)?)", name.strip(), re.IGNORECASE)
    return f"{match.group(2)} {match.group(1)}" if match else None


@dataclass
class Names:
    """Resolves names in each dimension against a raw data folder's vocabularies."""

    directory: Path
    _cache: dict = field(default_factory=dict)

    def __post_init__(self):
        self.geos = vocab.geographies(self.directory)
        self.cts = vocab.crime_types(self.directory)
        forces = vocab.forces(self.directory)
        self.forces = {f: forces.attributes[f]["nation"] for f in forces.ids()}

    def resolve(self, dimension: str, text: str, prefer: str = "") -> Resolved:
        """What `text` names in a dimension; `prefer` settles a period that could be two ('2003-04': the month,
        or the financial year?) by what the other periods beside it are."""
        key = (dimension, text, prefer)
        if key not in self._cache:
            self._cache[key] = self._resolve(dimension, text, prefer)
        return self._cache[key]

    def _resolve(self, dimension: str, text: str, prefer: str = "") -> Resolved:
        name, markers = split_markers(text)
        if not name:
            return Resolved("unknown", dimension, given=text, problem="is blank")
        if dimension == PERIOD:
            found = self._period(name, prefer)
        else:
            found = {FORCE: self._force, CRIME: self._crime, SUB: self._sub}[dimension](name)
        return Resolved(**{**found.__dict__, "given": text, "markers": markers})

    # --- totals ----------------------------------------------------------------------------------------------------
    def _total(self, dimension: str, name: str) -> Resolved | None:
        """A total label in any spelling: of everything, or of one member ('Met Total')."""
        rest = total_label(name)
        if rest is None:
            if norm(name) in _EVERYTHING.get(dimension, ()):
                return Resolved("total", dimension, everything_word=True)
            return None
        if not rest:
            return Resolved("total", dimension, everything_word=True)
        inner = self._resolve(dimension, rest)
        if inner.kind in ("member", "group"):
            members = inner.members if inner.kind == "group" else frozenset([inner.id])
            return Resolved("total", dimension, id=inner.id, members=members, span=inner.span)
        return None

    # --- each dimension --------------------------------------------------------------------------------------------
    def _force(self, name: str) -> Resolved:
        total = self._total(FORCE, name)
        if total is not None:
            return total
        readings = {}
        for candidate in dict.fromkeys([name, invert(name) or name]):
            found = self._force_reading(candidate)
            if found is not None:
                readings[found.id or found.kind] = found
        if len(readings) > 1:
            names = " or ".join(self._name(FORCE, r) for r in readings.values())
            return Resolved("unknown", FORCE, problem=f"could be {names}; write the name in full")
        if readings:
            return next(iter(readings.values()))
        return Resolved("unknown", FORCE, problem=f"is not a police force the project knows{self.geos.suggest(name)}")

    def _force_reading(self, name: str) -> Resolved | None:
        key = vocab.normalise(name)
        if key in NATION_GROUPS:
            nations = NATION_GROUPS[key]
            members = frozenset(f for f, n in self.forces.items() if n in nations)
            return Resolved("group", FORCE, id=key.replace(" ", "-"), members=members)
        gid = FORCE_ALIASES.get(key)
        if gid is None:
            try:
                gid = self.geos.resolve(name)
            except DataError:
                return None
        if gid == "uk":
            return Resolved("total", FORCE, everything_word=True)
        attrs = self.geos.attributes[gid]
        if attrs.get("is_force") == "yes" or gid == "not-recorded":
            return Resolved("member", FORCE, id=gid)
        nations = [n for n in attrs.get("nations", "").split("|") if n]
        members = frozenset(f for f, n in self.forces.items() if n in nations)
        return Resolved("group", FORCE, id=gid, members=members)

    def _crime(self, name: str) -> Resolved:
        found = self._crime_id(name)
        if found is None or found == "all":
            total = self._total(CRIME, name)
            if total is not None:
                return total
        if isinstance(found, Resolved):
            return found
        if found is None:
            return Resolved("unknown", CRIME, problem=f"is not a crime type the project knows{self.cts.suggest(name)}")
        if found == "all":
            return Resolved("total", CRIME, everything_word=True)
        parts = [p for p in self.cts.attributes[found].get("consists_of", "").split("|") if p]
        if parts:
            return Resolved("group", CRIME, id=found, members=frozenset(parts))
        return Resolved("member", CRIME, id=found, everything_word=norm(name).startswith("all "))

    def _crime_id(self, name: str):
        key = vocab.normalise(name)
        if key in CRIME_ALIASES:
            return CRIME_ALIASES[key]
        try:
            return self.cts.resolve(name)
        except DataError:
            pass
        match = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
        if not match:
            return None
        outer, inner = match.group(1), match.group(2)
        readings = set()
        for composed in (f"{inner} {outer}", f"{outer} {inner}"):
            found = self._crime_id(composed) if composed != name else None
            if isinstance(found, str):
                readings.add(found)
        outer_id, inner_id = self._crime_id(outer), self._crime_id(inner)
        initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", outer)).lower()
        if isinstance(outer_id, str) and (inner_id == outer_id or inner.lower().replace(" ", "") == initials):
            readings.add(outer_id)
        if len(readings) > 1:
            names = " or ".join(f"{self.cts.names[r]} ({r})" for r in sorted(readings))
            return Resolved("unknown", CRIME, problem=f"could be {names}; write the crime type in full")
        return next(iter(readings), None)

    def _period(self, name: str, prefer: str = "") -> Resolved:
        total = total_label(name)
        if total == "":
            return Resolved("total", PERIOD, everything_word=True)
        try:
            span = read_period(name, prefer) or excel_serial(name)
        except Ambiguous as exc:
            return Resolved("unknown", PERIOD, problem=str(exc).replace(f"{name!r} ", "", 1))
        if span is None:
            return Resolved("unknown", PERIOD, problem="is not a period (a month, quarter, year or financial year)")
        return Resolved("member", PERIOD, id=f"{span.start}..{span.end}", span=span)

    def _sub(self, name: str) -> Resolved:
        total = total_label(name)
        if total == "":
            return Resolved("total", SUB, everything_word=True)
        return Resolved("member", SUB, id=name.strip())

    def period_kind(self, texts: list[str]) -> str:
        """What most of these periods are that can only be one thing ('month', 'financial year'): the reading that
        settles one of them that could be two."""
        kinds = [f.span.kind for f in (self.resolve(PERIOD, t) for t in texts) if f.kind == "member"]
        return max(set(kinds), key=kinds.count) if kinds else ""

    def sub_dimension(self, names: list[str]) -> str | None:
        """'sex' or 'age' when every name is one of that group's words; None otherwise."""
        keys = [(vocab.normalise(n), re.sub(r"\s+", " ", n.strip().lower())) for n in names if total_label(n) != ""]
        for dimension, words in SUB_WORDS.items():
            if keys and all(k in words or (dimension == "age" and _AGE_BAND.fullmatch(raw)) for k, raw in keys):
                return dimension
        return None

    def _name(self, dimension: str, found: Resolved) -> str:
        if dimension == FORCE and found.id in self.geos.names:
            return f"{self.geos.names[found.id]} ({found.id})"
        if found.kind == "group":
            return f"the {found.id.replace('-', ' ')} group"
        return shown(found.id or found.kind)

    def name(self, dimension: str, member: str) -> str:
        """A member as a reader knows it."""
        if dimension == FORCE:
            return self.geos.names.get(member, member)
        if dimension == CRIME:
            return self.cts.names.get(member, member)
        return member


@lru_cache(maxsize=4)
def _names(directory: str, stamp: tuple) -> Names:
    return Names(Path(directory))


def names(directory: Path) -> Names:
    """The resolver for a raw data folder (cached until one of its vocabularies changes)."""
    d = Path(directory)
    stamp = tuple(p.stat().st_mtime_ns for p in sorted(d.glob("*.csv")))
    return _names(str(d), stamp)
