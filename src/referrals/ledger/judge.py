"""Judging: each claim held against every figure that speaks to it (`compare`), or checked by its rule
(`rules`), with one verdict, the figures used and, for a wrong number, its likely origin (`origin`)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import compare, counts, expr, rules
from ..compare import CONTRADICTED, INCONSISTENT
from ..origin import likely_origin
from ..scope import Scope
from ..sources import RawData
from ..wording import number_text
from .read import ClaimRow


@dataclass
class Entry:
    """A claim judged: its verdict, the comparisons behind it and, if it is wrong, its likely origin."""

    row: ClaimRow
    judgement: compare.Judgement
    computed: str
    figures: list[str]
    origin: str = ""


def judge(row: ClaimRow, evidence: counts.Evidence, values: dict) -> Entry:
    if row.rule is None:
        found = compare.comparisons(row.claim, evidence)
        judgement = compare.judge(row.claim, found)
        used = [c.count for c in judgement.decisive]
        origin = ""
        if judgement.verdict in (CONTRADICTED, INCONSISTENT):
            origin = likely_origin(row.claimed, row.claim.scope.measure, evidence, used)
        computed = "; ".join(dict.fromkeys(c.shown() for c in used))
        return Entry(row, judgement, computed, [c.id for c in used], origin)
    return _judge_rule(row, evidence, values)


def _judge_rule(row: ClaimRow, evidence: counts.Evidence, values: dict) -> Entry:
    sides = [_side(text, row, evidence, values) for text in row.sides]
    ctx = rules.Context(row.claimed_text, row.claimed, row.claim, sides, row.params, row.reason, evidence)
    judgement = row.rule.check(ctx)
    figures = list(dict.fromkeys(i for s in sides for i in s.figures))
    computed = "; ".join(f"{s.text} = {number_text(s.value)}" if s.value is not None else s.text for s in sides)
    return Entry(row, judgement, computed, figures)


def _side(text: str, row: ClaimRow, evidence: counts.Evidence, values: dict) -> rules.Side:
    if row.rule.sides < 0:  # an id of an order claim
        return rules.Side(
            text,
            values[text],
            evidence.by_id(text).scope if evidence.by_id(text) else None,
            [text],
            evidence.by_id(text),
        )
    if rules.is_side_a_claim(text):
        value = expr.evaluate(expr.parse(text), {}) if text.strip() else (row.claimed.number if row.claimed else None)
        return rules.Side("the claim", value, row.claim.scope, [])
    node = expr.parse(text)
    ids = expr.identifiers(node)
    count = evidence.by_id(ids[0]) if node.kind == "id" else None
    scope = count.scope if count is not None else _words_scope(ids[0], evidence) if node.kind == "id" else None
    value = expr.evaluate(node, values) if all(values.get(i) == values.get(i) for i in ids) else None
    return rules.Side(text, value, scope, ids, count)


def _words_scope(figure_id: str, evidence: counts.Evidence) -> Scope | None:
    """The scope of a figure the source gave in words only (for rules about periods)."""
    return evidence.word_scopes.get(figure_id)


class WithRelease(counts.Evidence):
    """The published figures and, for each claim, the release's aggregates at its scope."""

    def __init__(self, published: counts.Evidence, release):
        super().__init__(published.counts, published.universe, published.breakdowns, published.word_scopes)
        self.release = release

    def counts_for(self, scope: Scope) -> list[counts.Count]:
        return [*self.counts, *self.release.counts_for(scope)]


def judge_all(rows: list[ClaimRow], data: RawData, release=None) -> list[Entry]:
    """Every claim judged against the published figures (and a release's aggregates, if given)."""
    evidence = counts.published(data)
    if release is not None:
        evidence = WithRelease(evidence, release)
    values = dict(zip(data.figures["figure_id"], data.figures["value"]))
    return [judge(row, evidence, values) for row in rows]
