"""Rows of the draft: the claims format's columns (ledger/read.py), plus `review`; quotes; published figures by scope.

The columns come from the ledger's own list, so a column the claims format gains appears in
the draft by itself (empty until a kind fills it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..ledger.read import COLUMNS, MAX_QUOTE_WORDS
from ..scope import split_ids
from ..text import words
from .mentions import Mention, Sentence
from .reading import Reading, Scope

REVIEW = "review"


def draft_columns() -> list[str]:
    """The draft's columns: the claims format's, then `review`."""
    return [*COLUMNS, REVIEW]


@dataclass
class Row:
    """One proposed claim: its cells, and what the reviewer should know (certain, guessed, kind)."""

    cells: dict[str, str]
    review: list[str] = field(default_factory=list)
    sentence: int = 0
    position: int = 0


@dataclass
class Source:
    """Whom the claims are from: a source of data/raw/sources.csv, or a new outlet with its name and address."""

    source_id: str
    outlet: str = ""
    url: str = ""
    known: bool = False


class Draft:
    """Builds rows for one article: ids, quotes, cells; finds published figures for rules."""

    def __init__(self, reading: Reading, source: Source, figures: pd.DataFrame, sources: pd.DataFrame):
        self.r = reading
        self.source = source
        self.figures = figures
        self.roles = dict(zip(sources["source_id"], sources.get("role", pd.Series(dtype=str))))
        self.rows: list[Row] = []
        self._ids: set[str] = set()

    def claim_id(self, claimed: str, suffix: str = "") -> str:
        base = _slug(self.source.source_id) or "draft"
        words_ = _slug(claimed)[:30].strip("-") or "claim"
        stem = f"{base}-{words_}" + (f"-{suffix}" if suffix else "")
        cid, n = stem, 2
        while cid in self._ids:
            cid, n = f"{stem}-{n}", n + 1
        self._ids.add(cid)
        return cid

    def row(
        self,
        m: Mention | None,
        scope: Scope,
        claimed: str,
        rule: str = "",
        checked: str = "",
        compare: str = "",
        parameters: str = "",
        reason: str = "",
        review: list[str] | None = None,
        claim_suffix: str = "",
        sentence: int | None = None,
        quote_span: tuple[int, int] | None = None,
    ) -> Row:
        i = m.sentence if m is not None else sentence
        s = self.r.sentences[i]
        span = quote_span or ((m.start, m.end) if m is not None else (0, len(s.text)))
        clause = self.r.clause(m) if m is not None and quote_span is None else span
        cells = {c: "" for c in COLUMNS}
        cells.update(
            claim_id=self.claim_id(claimed, claim_suffix),
            source_id=self.source.source_id,
            quote=quote(s, span, clause),
            claimed=claimed,
            rule=rule,
            checked_against=checked,
            compare_with=compare,
            parameters=parameters,
            reason=reason,
            notes=" ".join(scope.notes),
        )
        if not self.source.known:
            cells.update(outlet=self.source.outlet, url=self.source.url)
        if scope.measure:
            cells.update(
                measure=scope.measure,
                geography=scope.geography,
                crime_type=scope.crime_type,
                period_start=scope.first,
                period_end=scope.last,
                period_months=scope.months,
            )
        notes = list(review or [])
        if scope.certain:
            notes.append("certain: " + "; ".join(scope.certain))
        if scope.guessed:
            notes.append("guessed: " + "; ".join(scope.guessed))
        if m is not None and s.in_speech(m.start):
            notes.append("said by someone the article quotes (direct speech), not in the outlet's own words")
        if s.heading:
            notes.append("from a heading")
        return Row(cells, notes, i, span[0])

    def figure(self, scope: Scope, value: float | None) -> str:
        """The id of the published figure of this scope and value (the claim's own source first, then originals)."""
        f = self.figures
        if value is None or f.empty:
            return ""
        match = f[(f["measure"] == scope.measure) & (pd.to_numeric(f["value"], errors="coerce") == value)]
        places, types = set(scope.places), set(scope.crime_types)
        keep = [
            set(split_ids(str(g))) == places and set(split_ids(str(c))) == types
            for g, c in zip(match["geography"], match["crime_type"])
        ]
        match = match[pd.Series(keep, index=match.index, dtype=bool)]
        if scope.first != "unknown":
            match = match[(match["period_start"] == scope.first) | (match["period_start"] == "unknown")]
        if match.empty:
            return ""
        rank = match.assign(
            _own=(match["source_id"] != self.source.source_id),
            _copy=match["source_id"].map(lambda s: self.roles.get(s) == "restatement"),
        ).sort_values(["_own", "_copy", "figure_id"])
        return str(rank.iloc[0]["figure_id"])


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def quote(s: Sentence, span: tuple[int, int], clause: tuple[int, int]) -> str:
    """The exact words that carry the number: the sentence when it is short enough, else its clause widened to
    at most MAX_QUOTE_WORDS words."""
    text = s.text
    if len(words(text)) <= MAX_QUOTE_WORDS:
        return text.strip()
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    first = next(k for k, (a, b) in enumerate(tokens) if b > min(clause[0], span[0]))
    last = max(k for k, (a, b) in enumerate(tokens) if a < max(clause[1], span[1]))
    while last - first + 1 > MAX_QUOTE_WORDS:  # a long clause: keep the words nearest the number
        centre = next(k for k, (a, b) in enumerate(tokens) if b > span[0])
        if centre - first > last - centre:
            first += 1
        else:
            last -= 1
    while last - first + 1 < MAX_QUOTE_WORDS and (last + 1 < len(tokens) or first > 0):
        if last + 1 < len(tokens):
            last += 1
        else:
            first -= 1
    out = text[tokens[first][0] : tokens[last][1]]
    return out.strip(" ,;:-–—(")
