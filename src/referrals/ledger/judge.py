"""Judging: each claim held against every figure that speaks to it (`compare`), or checked by its rule
(`rules`), with one verdict, the figures used and, for a wrong number, its likely origin (`origin`).

What judging finds is kept as structure (`Entry`: the judgement with its comparisons, the counts or rule sides
used); `write` renders it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import changes, compare, counts, expr, rules
from ..compare import CONTRADICTED, INCONSISTENT
from ..origin import Origin, likely_origin
from ..scope import Scope
from ..sources import RawData
from .index import indexed
from .read import ClaimRow


@dataclass
class Entry:
    """A claim judged: its verdict with the comparisons behind it, what it was computed from and, if it is wrong,
    its likely origin."""

    row: ClaimRow
    judgement: compare.Judgement
    figures: list[str]  # the ids of the figures used
    origin: Origin | None = None
    used: list[counts.Count] = field(default_factory=list)  # a claim without a rule: the counts that decided it
    #: a claim with a rule: each side's text and the value the rule came to for it (None: words only)
    sides: list[tuple[str, float | None]] = field(default_factory=list)


class WithRelease(counts.Evidence):
    """The published figures and, for each claim, the release's aggregates at its scope."""

    def __init__(self, published: counts.Evidence, release):
        super().__init__(published.counts, published.universe, published.breakdowns, published.word_scopes)
        self.release = release

    def counts_for(self, scope: Scope) -> list[counts.Count]:
        return [*self.counts, *self.release.counts_for(scope)]


@dataclass
class Judging:
    """What claims are judged with: the evidence, indexed (ledger/index.py), and the figures' values and, for those
    given only in words, their words. Built once for a run of chunks (`judging`): the index remembers each scope's
    figures as claims meet them."""

    evidence: counts.Evidence
    values: dict
    words: dict


def judging(data: RawData, release=None) -> Judging:
    """The published figures (and a release's aggregates, if given) to judge claims against."""
    evidence = counts.published(data)
    if release is not None:
        evidence = WithRelease(evidence, release)
    evidence = indexed(evidence)  # each claim meets only the figures that relate to it (ledger/index.py)
    values = dict(zip(data.figures["figure_id"], data.figures["value"]))
    words = {
        f: q for f, v, q in zip(data.figures["figure_id"], data.figures["value"], data.figures["qualifier"]) if v != v
    }
    return Judging(evidence, values, words)


def judge_all(rows: list[ClaimRow], data: RawData, release=None, using: Judging | None = None) -> list[Entry]:
    """Every claim judged against the published figures (and a release's aggregates, if given); `using`: what
    `judging` built for them, when the caller judges several chunks of claims."""
    using = using or judging(data, release)
    return [judge(row, using.evidence, using.values, using.words) for row in rows]


def judge(row: ClaimRow, evidence: counts.Evidence, values: dict, words: dict | None = None) -> Entry:
    """One claim judged: by every count that speaks to it, or by its rule over the figure `values` (`words`: the
    words of the figures that have no number)."""
    if row.rule is not None:
        return _judge_rule(row, evidence, values, words or {})
    if row.change is not None:
        return _judge_change(row, evidence)
    judgement = compare.hold(row.claim, evidence)
    used = [c.count for c in judgement.decisive]
    origin = None
    if judgement.verdict in (CONTRADICTED, INCONSISTENT):
        borrowed = tuple((c.count, c.facts.differs) for c in judgement.decisive if c.outcome == compare.MISATTRIBUTED)
        origin = likely_origin(row.claimed, row.claim.scope.measure, evidence, used, row.claim.scope, borrowed)
    return Entry(row, judgement, [c.id for c in used], origin, used=used)


def _judge_change(row: ClaimRow, evidence: counts.Evidence) -> Entry:
    """A change over time: its two counts and their direction (`changes`)."""
    judgement = changes.judge_change(row.claim, row.change, evidence)
    f = judgement.facts
    used = [s.figure for s in (f.first, f.second) if s.figure is not None]
    used += [c.count for s in (f.first, f.second) if s.judgement is not None for c in s.judgement.decisive]
    used = list(dict.fromkeys(used))
    return Entry(row, judgement, [c.id for c in used], used=used)


def _judge_rule(row: ClaimRow, evidence: counts.Evidence, values: dict, words: dict) -> Entry:
    sides = [_side(text, row, evidence, values, words) for text in row.sides]
    ctx = rules.Context(row.claimed_text, row.claimed, sides, row.params, row.reason, evidence)
    judgement = row.rule.check(ctx)
    figures = list(dict.fromkeys(i for s in sides for i in s.figures))
    shown = list(zip((s.text for s in sides), row.rule.shown(sides)))
    return Entry(row, judgement, figures, sides=shown)


def _side(text: str, row: ClaimRow, evidence: counts.Evidence, values: dict, words: dict) -> rules.Side:
    """One side of a rule, evaluated: a figure of an order claim, the claim itself, or arithmetic over figures."""
    if row.rule.sides < 0:
        count = evidence.by_id(text)
        return rules.Side(text, values[text], count.scope if count else None, [text], count, (count,) if count else ())
    if rules.is_side_a_claim(text):
        value = expr.evaluate(expr.parse(text), {}) if text.strip() else (row.claimed.number if row.claimed else None)
        return rules.Side("the claim", value, row.claim.scope, [])
    node = expr.parse(text)
    ids = expr.identifiers(node)
    value = expr.evaluate(node, values) if all(values.get(i) == values.get(i) for i in ids) else None
    parts = tuple(c for c in (evidence.by_id(i) for i in ids) if c is not None)
    if node.kind != "id":
        return rules.Side(text, value, None, ids, parts=parts)
    count = evidence.by_id(ids[0])
    scope = count.scope if count is not None else evidence.word_scopes.get(ids[0])  # a figure given in words
    return rules.Side(text, value, scope, ids, count, parts, words.get(ids[0], ""))
