"""Process, part 1: what each number counts, read from its clause, its sentence and the sentences it is tied to.

For each number the reading proposes a measure, a place, crime types and a period, and
records for each whether the text stated it (certain) or it was guessed, and from where:

* the number's own clause ("451 victims of domestic abuse"; "West Midlands Police (222)");
* its sentence (places that are the sentence's subject; a period the sentence states);
* a sentence it is tied to (it continues it; it says "the figures", "in total", "such cases";
  its numbers add up to a number stated there): the tied sentence's period and place, said so
  in `notes`;
* for a place only, the place the article was last speaking of (a headline included); else the UK.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..scope import universe
from ..wording import WordingError, read
from . import context
from .mentions import Mention, Sentence

_BOUNDARY = re.compile(r";|:|\(|\)|,(?!\d{3})|\s[-–—]\s|[–—]")
CLAIM_KINDS = ("count", "verbal", "share", "forces", "every-force")


@dataclass
class Scope:
    """A proposed scope, and what was certain or guessed about it."""

    measure: str = ""
    places: tuple[str, ...] = ()
    crime_types: tuple[str, ...] = ("all",)
    first: str = "unknown"
    last: str = "unknown"
    months: str = ""
    period_text: str = ""
    certain: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def geography(self) -> str:
        return "+".join(self.places)

    @property
    def crime_type(self) -> str:
        return "+".join(self.crime_types)


class Reading:
    """The article's sentences and numbers, with everything the proposals need to read a number's scope."""

    def __init__(self, sentences: list[Sentence], found: dict[int, list[Mention]], raw: Path):
        self.sentences = sentences
        self.found = found
        self.raw = raw
        self.world = universe(raw)
        self.places = {s.index: context.places(s.text, raw) for s in sentences}
        self.crimes = {s.index: context.crime_types(s.text, raw) for s in sentences}
        self.periods = {s.index: context.periods(s.text) for s in sentences}
        self.domain = {s.index: context.about_referrals(s.text) for s in sentences}
        self._skip_period_words()
        self.ties = {}
        for s in sentences:
            tied = context.tie(sentences, s.index, self.claims_by_sentence(), self.domain)
            if tied:
                self.ties[s.index] = tied
                self.domain[s.index] = self.domain[s.index] or self.domain[tied[0]]
        for s in sentences:  # 'in 126 cases - almost 1 in 20 -': the share ties the count to the total it divides
            for m in self.claims(s.index):
                part, whole = self.share_counts(m) if m.kind == "share" else (None, None)
                if whole is not None and s.index not in self.ties:
                    why = f"{part.text} is {m.claimed} of {whole.text}"
                    self.ties[s.index] = (whole.sentence, why)

    # --- numbers -----------------------------------------------------------------------------------

    def _skip_period_words(self) -> None:
        for i, mentions in self.found.items():
            for m in mentions:
                if not m.skip and m.kind == "count" and any(p.start <= m.number_start < p.end for p in self.periods[i]):
                    m.skip = "a date or period"

    def claims_by_sentence(self) -> dict[int, list[Mention]]:
        return {i: [m for m in ms if not m.skip and m.kind in CLAIM_KINDS] for i, ms in self.found.items()}

    def claims(self, i: int) -> list[Mention]:
        return [m for m in self.found[i] if not m.skip and m.kind in CLAIM_KINDS]

    def share_counts(self, m: Mention) -> tuple[Mention | None, Mention | None]:
        """The count a share is said of ('in 126 cases - almost 1 in 20 -') and the earlier total it is a share of
        (the first earlier count that gives the share as worded)."""
        try:
            claimed = read(m.claimed)
        except WordingError:
            return None, None
        counts = [o for o in self.claims(m.sentence) if o.kind == "count" and o.value and o.end <= m.start]
        between = self.sentences[m.sentence].text[counts[-1].end : m.start] if counts else ""
        part = counts[-1] if counts and len(between.split()) <= 3 else None
        if part is None or claimed.kind != "share":
            return part, None
        for i in range(m.sentence - 1, -1, -1):
            for whole in self.claims(i):
                if whole.kind == "count" and whole.value and claimed.low <= part.value / whole.value <= claimed.high:
                    return part, whole
        return part, None

    # --- clauses -----------------------------------------------------------------------------------

    def clause(self, m: Mention) -> tuple[int, int]:
        """The stretch of the sentence that belongs to this number: up to the nearest punctuation or other number."""
        s = self.sentences[m.sentence]
        others = [o for o in self.claims(m.sentence) if o is not m and o.kind != "every-force"]
        left, right = self._bounds(s.text, m.start, m.end, others)
        if s.text[left - 1 : left] == "(" and s.text[right : right + 1] == ")":  # 'West Midlands Police (222)'
            left, _ = self._bounds(s.text, left - 1, left - 1, others)
            right = m.start - 1
        return left, right

    @staticmethod
    def _bounds(text: str, start: int, end: int, others: list[Mention]) -> tuple[int, int]:
        """The nearest punctuation either side; where another number is nearer, the words between the two are
        shared at their last 'and', 'or' or comma ('67 instances of X and 601 Y victims')."""
        marks = [(b.start(), b.end()) for b in _BOUNDARY.finditer(text)]
        left = max([b for _, b in marks if b <= start] + [0])
        right = min([a for a, _ in marks if a >= end] + [len(text)])
        before = [o.end for o in others if left <= o.end <= start]
        after = [o.start for o in others if end <= o.start <= right]
        if before:
            gap = text[max(before) : start]
            split = [m.end() for m in re.finditer(r"\s(?:and|or|but)\s|,\s", gap)]
            left = max(before) + (split[-1] if split else 0)
        if after:
            gap = text[end : min(after)]
            split = [m.start() for m in re.finditer(r"\s(?:and|or|but)\s|,\s", gap)]
            right = end + split[0] if split else min(after)
        return left, right

    def asides(self, i: int) -> list[tuple[int, int]]:
        """Asides between paired dashes or brackets: '– the largest police agency in the UK –'."""
        text = self.sentences[i].text
        return [(m.start(), m.end()) for m in re.finditer(r"\s[–—-]\s[^–—]*?\s[–—-]\s|\([^)]*\)", text)]

    def _owned(self, i: int) -> list[tuple[int, int]]:
        """The clauses of the sentence's counts and shares (not of its counts of forces, which name the subject)."""
        return [self.clause(m) for m in self.claims(i) if m.kind in ("count", "verbal", "share")]

    # --- places ------------------------------------------------------------------------------------

    def subject_places(self, i: int, exclude: tuple[int, int] | None = None) -> tuple[str, ...]:
        """The places a sentence speaks of outside its numbers' own clauses and its asides; all four nations together
        are the UK."""
        owned = [c for c in self._owned(i) if c != exclude]
        asides = [a for a in self.asides(i) if not (exclude and a[0] <= exclude[0] < a[1])]
        found = [
            f.value
            for f in self.places[i]
            if not any(a <= f.start < b for a, b in owned) and not any(a <= f.start < b for a, b in asides)
        ]
        return self._union(found)

    def sentence_places(self, i: int) -> tuple[str, ...]:
        """The place a sentence is about: its subject's, or that of its one number with a place of its own."""
        subject = self.subject_places(i)
        if subject:
            return subject
        own = [c for c in self._owned(i) if any(c[0] <= f.start < c[1] for f in self.places[i])]
        if len(own) == 1:
            return self._union([f.value for f in self.places[i] if own[0][0] <= f.start < own[0][1]])
        return ()

    def _union(self, found: list[str]) -> tuple[str, ...]:
        places = tuple(dict.fromkeys(found))
        if len(places) > 1:
            uk = {f for f in self.world.place_atoms(("uk",)) if self._territorial(f)}
            if uk <= self.world.place_atoms(places):
                return ("uk",)
        return places

    def _territorial(self, place: str) -> bool:
        return self.world.geographies.attributes.get(place, {}).get("kind") == "territorial"

    def place(self, m: Mention, scope: Scope) -> None:
        i, (a, b) = m.sentence, self.clause(m)
        own = [f for f in self.places[i] if a <= f.start < b]
        if m.kind in ("forces", "every-force"):
            after = [
                f
                for f in self.places[i]
                if 0 <= f.start - m.end <= 12
                and re.match(r"\s*(?:in|across|of|from)\b", self.sentences[i].text[m.end : f.start])
            ]
            own = after[:1] or own
        notes = [f.note for f in own if f.note]
        if own:
            scope.places = self._union([f.value for f in own])
            scope.certain.append(f"place ({self._place_words(i, own)})")
        elif self.subject_places(i, (a, b)):
            scope.places = self.subject_places(i, (a, b))
            scope.certain.append("place (named in the sentence)")
        elif m.sentence in self.ties and self._tied_place(m.sentence):
            j, why = self.ties[m.sentence]
            scope.places = self._tied_place(m.sentence)
            scope.guessed.append(f"place: from an earlier sentence, because {why}")
        else:
            earlier = self._earlier_place(i)
            if earlier:
                scope.places = earlier
                scope.guessed.append("place: the one the article last named")
            else:
                scope.places = ("uk",)
                scope.guessed.append("place: none named, so the UK")
        scope.guessed += notes

    def _place_words(self, i: int, found) -> str:
        return ", ".join(self.sentences[i].text[f.start : f.end] for f in found)

    def _tied_place(self, i: int) -> tuple[str, ...]:
        j = self.ties[i][0]
        return self.sentence_places(j) or (self.ties.get(j) and self._tied_place(j)) or ()

    def _earlier_place(self, i: int) -> tuple[str, ...]:
        for j in range(i - 1, -1, -1):
            places = tuple(p for p in self.sentence_places(j) if p != "not-recorded")
            if places:
                return places
        return ()

    # --- crime types -------------------------------------------------------------------------------

    def crime_types(self, m: Mention, scope: Scope) -> None:
        i, (a, b) = m.sentence, self.clause(m)
        text = self.sentences[i].text
        listed = context.examples(text, self.claims(i))
        found = [f for f in self.crimes[i] if not any(x <= f.start < y for x, y in listed)]
        examples = [f for f in self.crimes[i] if any(x <= f.start < y for x, y in listed)]
        own = [f for f in found if a <= f.start < b]
        owned = self._owned(i)
        rest = [f for f in found if not any(x <= f.start < y for x, y in owned if (x, y) != (a, b))]
        chosen = own or rest
        if chosen:
            scope.crime_types = tuple(dict.fromkeys(f.value for f in chosen))
            scope.certain.append(f"crime types ({', '.join(text[f.start : f.end] for f in chosen)})")
        else:
            scope.crime_types = ("all",)
            scope.guessed.append("crime types: none named, so all")
        if examples and not chosen:
            words = ", ".join(dict.fromkeys(text[f.start : f.end] for f in examples))
            ids = "+".join(dict.fromkeys(f.value for f in examples))
            scope.guessed[-1] = (
                f"crime types: '{words}' are given as examples, so all crime types; if the outlet means only these, "
                f"write {ids}"
            )

    # --- measure -----------------------------------------------------------------------------------

    def measure(self, m: Mention, scope: Scope) -> None:
        i, (a, b) = m.sentence, self.clause(m)
        text = self.sentences[i].text
        if m.kind in ("forces", "every-force"):
            scope.measure = "forces_referring"
            scope.certain.append("measure (a count of forces)")
            return
        cues = [f for f in context.measures(text, self.raw) if f.value not in ("forces_referring",)]
        rate = m.rate or next((o.rate for o in self.claims(i) if o.rate), "")  # '40 a day, including 29 and 11'
        if re.search(r"\bestimat", text, re.I) and rate.lower().endswith(("day", "month")):
            unit = "daily_estimate" if rate.lower().endswith("day") else "monthly_estimate"
            cues = [context.Found(m.start, m.end, unit, f"an estimate '{rate}'")]
        own = [f for f in cues if a <= f.start < b] or [f for f in cues if f.value != "victims_referred"] or cues
        follows = [f for f in own if f.start >= m.end and len(text[m.end : f.start].split()) <= 3]
        if follows:  # the noun right after a number is what it counts: '451 domestic abuse victims referred'
            own = [min(follows, key=lambda f: f.start)]
        if own:
            best = max(own, key=lambda f: (f.value != "victims_referred", f.end - f.start))
            scope.measure = best.value
            scope.certain.append(f"measure ('{best.note or text[best.start : best.end]}')")
        elif m.sentence in self.ties and self._tied_measure(self.ties[m.sentence][0]):
            scope.measure = self._tied_measure(self.ties[m.sentence][0])
            scope.guessed.append("measure: that of the sentence it is tied to")
        else:
            scope.measure = "victims_referred"
            scope.guessed.append("measure: victims referred (the sentence speaks of referring or reporting people)")

    def _tied_measure(self, j: int) -> str:
        """The measure of the first count the tied sentence states (not its counts of forces)."""
        for m in self.claims(j):
            if m.kind in ("count", "verbal"):
                scope = Scope()
                self.measure(m, scope)
                return scope.measure
        return ""

    # --- period ------------------------------------------------------------------------------------

    def period(self, m: Mention, scope: Scope) -> None:
        i, (a, b) = m.sentence, self.clause(m)
        stated = self.periods[i]
        own = [p for p in stated if a <= p.start < b] or stated
        if own:
            p = min(own, key=lambda p: min(abs(p.start - m.start), abs(p.end - m.end)))
            scope.first, scope.last, scope.months, scope.period_text = p.first, p.last, p.months, p.text
            scope.certain.append(f"period ('{p.text}')")
            self._length_note(scope, p)
            return
        if m.sentence in self.ties:
            j, why = self.ties[m.sentence]
            p = self._tied_period(j)
            if p is not None:
                scope.first, scope.last, scope.months, scope.period_text = p.first, p.last, p.months, p.text
                scope.notes.append(f"Period '{p.text}' carried from an earlier sentence: {why}.")
                scope.guessed.append(f"period: carried from an earlier sentence, because {why}")
                self._length_note(scope, p)
                return
        scope.guessed.append("period: none stated for this number, so unknown")

    def _tied_period(self, j: int):
        if self.periods[j]:
            return self.periods[j][0]
        return self._tied_period(self.ties[j][0]) if j in self.ties else None

    @staticmethod
    def _length_note(scope: Scope, p) -> None:
        if p.months and ".." in p.months:
            scope.notes.append(f"'{p.text}' read as {p.months.replace('..', ' to ')} months.")

    def scope(self, m: Mention) -> Scope:
        scope = Scope()
        self.measure(m, scope)
        self.place(m, scope)
        self.crime_types(m, scope)
        self.period(m, scope)
        return scope
