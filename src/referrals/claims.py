"""The fact-check ledger: each claim as an outlet printed it, what it counts, and a verdict with its reason.

A claims file (CSV, editable without Python; see claims/README.md) has one row per
claim: the words (`quote`, `claimed`) and what they count (`measure`, `geography`,
`crime_type`, `period_start`, `period_end`). The ledger finds every figure that
speaks to the claim (`compare`), reaches one verdict, names the figures used and,
for a wrong number, its likely origin (`origin`). A `rule` (see `rules`) is needed
only for what a scope cannot say: shares, ratios, orders, periods, the unverifiable.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import compare, counts, expr, rules, vocab
from .compare import CONFIRMED, CONSISTENT, CONTRADICTED, INCONSISTENT, NOT_VERIFIABLE, VERDICTS
from .csvfiles import read_text_table
from .errors import ClaimsError, DataError
from .origin import likely_origin
from .paths import project_root, relative
from .scope import Period, Scope, split_ids
from .sources import RawData
from .text import invisible_characters, shown, words
from .wording import Claimed, WordingError, number_text, range_text, read

__all__ = ["CONFIRMED", "CONSISTENT", "CONTRADICTED", "INCONSISTENT", "NOT_VERIFIABLE", "VERDICTS"]

#: The project's own claims files, checked by the default build.
DEFAULT_CLAIMS = ["claims/published-claims.csv", "claims/follow-up-reporting.csv"]

REQUIRED = ["claim_id", "source_id", "quote", "claimed"]
SCOPE = ["measure", "geography", "crime_type", "period_start", "period_end"]
OPTIONAL = [
    "period_months",
    "outlet",
    "url",
    "notes",
    "rule",
    "checked_against",
    "compare_with",
    "parameters",
    "reason",
]
COLUMNS = REQUIRED + SCOPE + OPTIONAL
MAX_QUOTE_WORDS = 25
_ID = re.compile(r"[a-z0-9]+([-_][a-z0-9]+)*", re.ASCII)

LEDGER_COLUMNS = [
    "claim_id",
    "outlet",
    "url",
    "source_id",
    "quote",
    "claimed",
    "read_as",
    "measure",
    "geography",
    "crime_type",
    "period",
    "rule",
    "verdict",
    "explanation",
    "computed",
    "figures_used",
    "independent",
    "likely_origin",
    "comparisons",
    "notes",
    "file",
]
COMPARISON_COLUMNS = [
    "claim_id",
    "figure",
    "source",
    "value",
    "period",
    "relation",
    "outcome",
    "claim_monthly_rate",
    "figure_monthly_rate",
    "explanation",
]


@dataclass
class ClaimRow:
    """One row of a claims file, checked: the claim and, if it has one, its rule and the rule's inputs."""

    claim_id: str
    source_id: str
    quote: str
    claimed_text: str
    outlet: str
    url: str
    notes: str
    where: str
    file: str
    claim: compare.Claim | None = None
    claimed: Claimed | None = None
    rule: rules.Rule | None = None
    sides: list[str] = field(default_factory=list)
    params: dict = field(default_factory=dict)
    reason: str = ""
    scope_text: dict = field(default_factory=dict)


# --- reading claims files -----------------------------------------------------------------------


def _fail(where: str, column: str, message: str):
    raise ClaimsError(f"{where}, field '{column}': {message}")


def _read_file(path: Path) -> tuple[list, list[str], str]:
    name = relative(path)
    try:
        rows, header = read_text_table(path)
    except DataError as exc:  # the reader's message names file and row: re-badge it as a claims problem
        raise ClaimsError(str(exc)) from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        hints = [f"'{m}'" + _renamed(m, header) for m in missing]
        raise ClaimsError(f"{name}, row 1: missing column(s) {', '.join(hints)}; required: {', '.join(REQUIRED)}")
    for column in header:
        close = difflib.get_close_matches(column, COLUMNS, n=1, cutoff=0.75)
        if column not in COLUMNS and close:
            raise ClaimsError(f"{name}, row 1: unknown column {column!r} (did you mean {close[0]!r}?)")
    return rows, header, name


def _renamed(column: str, header: list[str]) -> str:
    close = difflib.get_close_matches(column, header, n=1)
    return f" (renamed to '{close[0]}'?)" if close else ""


def load_claims(paths, data: RawData) -> list[ClaimRow]:
    """Read and check claims files; any problem is one ClaimsError naming file, claim, row and field."""
    out: list[ClaimRow] = []
    seen: dict[str, str] = {}
    for given in paths:
        path = Path(given) if Path(given).is_absolute() else project_root() / given
        rows, header, name = _read_file(path)
        for line, cells in rows:
            row = _claim_row(cells, header, name, line, data)
            if row.claim_id in seen:
                _fail(row.where, "claim_id", f"duplicate of the claim in {seen[row.claim_id]}")
            seen[row.claim_id] = f"{name} row {line}"
            out.append(row)
    return out


def _claim_row(cells: dict, header: list[str], name: str, line: int, data: RawData) -> ClaimRow:
    cid = cells.get("claim_id", "")
    where = f"{name}, claim {cid or '(no id)'} (row {line})"
    if not _ID.fullmatch(cid):
        _fail(where, "claim_id", f"{shown(cid)} must be lower-case words joined by - or _")
    sources = data.sources.set_index("source_id")
    source_id = cells.get("source_id", "")
    known = source_id in sources.index
    outlet = cells.get("outlet") or (str(sources.loc[source_id, "outlet"]) if known else "")
    url = cells.get("url") or (str(sources.loc[source_id, "url"]) if known else "")
    if not known and not (cells.get("outlet") and cells.get("url")):
        _fail(
            where,
            "source_id",
            f"{shown(source_id)} is not in data/raw/sources.csv; for a new outlet fill the 'outlet' and 'url' columns",
        )
    if url and not re.fullmatch(r"https?://[!-~]+", url):
        _fail(where, "url", f"{shown(url)} must be an http(s) address")
    _check_text(where, cells)
    row = ClaimRow(cid, source_id, cells["quote"], cells["claimed"], outlet, url, cells.get("notes", ""), where, name)
    published = str(sources.loc[source_id, "published"]) if known else ""
    dataset = str(sources.loc[source_id].get("dataset", "")) if known else ""
    story = str(sources.loc[source_id].get("story", "")) if known else source_id
    row.claim = _scope(cells, header, where, data, published, row, dataset, story)
    rule_name = cells.get("rule", "")
    if rule_name:
        _with_rule(row, rule_name, cells, where, data)
    else:
        _without_rule(row, cells, where)
    return row


def _check_text(where: str, cells: dict) -> None:
    quote = cells.get("quote", "")
    if not quote or len(words(quote)) > MAX_QUOTE_WORDS:
        _fail(where, "quote", f"must quote the source in 1 to {MAX_QUOTE_WORDS} words")
    for column in ("quote", "claimed", "notes", "outlet", "reason"):
        hidden = invisible_characters(cells.get(column, ""))
        if hidden:
            _fail(where, column, "contains control or invisible characters; retype it without them")
    if not cells.get("claimed"):
        _fail(where, "claimed", "empty; give the claim as worded (e.g. '2,672', 'more than 2,000' or 'a quarter')")


def _scope(cells, header, where, data, published, row, dataset, story) -> compare.Claim | None:
    """What the claim counts, from its scope columns; None if it gives none (then it needs a rule)."""
    given = [c for c in SCOPE if cells.get(c, "")]
    if not given:
        return None
    missing = [c for c in SCOPE if not cells.get(c, "") and c not in ("period_start", "period_end")]
    if missing:
        _fail(
            where, missing[0], "empty; a claim says what it counts: " + ", ".join(SCOPE) + " (periods may be 'unknown')"
        )
    measure = _resolve(vocab.measure_vocabulary(data.directory), cells["measure"], where, "measure").replace("-", "_")
    places = tuple(
        _resolve(vocab.geographies(data.directory), p, where, "geography")
        for p in _parts(cells["geography"], where, "geography")
    )
    types = tuple(
        _resolve(vocab.crime_types(data.directory), c, where, "crime_type")
        for c in _parts(cells["crime_type"], where, "crime_type")
    )
    start, end = cells.get("period_start") or "unknown", cells.get("period_end") or "unknown"
    try:
        period = Period.parse(start, end, cells.get("period_months", ""), published=published)
    except ValueError as exc:
        column = "period_months" if "length" in str(exc) else "period_start" if start in str(exc) else "period_end"
        _fail(where, column, f"{exc}")
    if not period.possible:
        _fail(
            where,
            "period_end",
            f"the period {start}..{end} is impossible (an end before its start, or after the source was published)",
        )
    row.scope_text = {
        "measure": measure,
        "geography": "+".join(places),
        "crime_type": "+".join(types),
        "period": period.label(),
    }
    scope = Scope(measure, places, types, period)
    return compare.Claim(row.claim_id, scope, None, row.source_id, row.outlet, dataset, story)


def _parts(text: str, where: str, column: str) -> list[str]:
    parts = split_ids(text)
    if not parts or len(parts) > 50:
        _fail(where, column, f"{shown(text)}: give one id, name or alias, or several joined with +")
    return list(parts)


def _resolve(vocabulary, name: str, where: str, column: str) -> str:
    try:
        return vocabulary.resolve(name)
    except DataError:
        _fail(where, column, f"unknown {vocabulary.kind} {shown(name)}{vocabulary.suggest(name)}")


def _without_rule(row: ClaimRow, cells: dict, where: str) -> None:
    if row.claim is None:
        _fail(
            where,
            "measure",
            "empty; say what the claim counts (measure, geography, crime_type, period_start, period_end), or "
            "give a rule",
        )
    for column in ("checked_against", "compare_with", "parameters", "reason"):
        if cells.get(column):
            _fail(where, column, "only used with a rule; leave it empty, or name the rule in 'rule'")
    try:
        claimed = read(cells["claimed"])
    except WordingError as exc:
        _fail(where, "claimed", str(exc))
    if claimed.kind == "share":
        _fail(
            where,
            "claimed",
            f"{shown(cells['claimed'])} is a share: give rule 'share' with checked_against and compare_with",
        )
    row.claimed = claimed
    row.claim = compare.Claim(**{**row.claim.__dict__, "claimed": claimed})


def _with_rule(row: ClaimRow, name: str, cells: dict, where: str, data: RawData) -> None:
    rule = rules.find(name)
    if rule is None:
        close = difflib.get_close_matches(name, [*rules.RULES, *rules.ALIASES], n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        _fail(where, "rule", f"unknown rule {shown(name)}{hint}; allowed: {', '.join(rules.RULES)}")
    row.rule = rule
    try:
        row.params = rules.parse_parameters(cells.get("parameters", ""), rule)
        row.claimed = rules.read_claimed(rule, cells["claimed"], row.params)
        row.sides = _sides(rule, cells, data, row)
    except rules.RuleError as exc:
        _fail(where, exc.field, str(exc))
    except expr.ExpressionError as exc:
        _fail(where, "checked_against", str(exc))
    row.reason = cells.get("reason", "")
    if rule.name == "not-verifiable" and not row.reason:
        _fail(where, "reason", "a not-verifiable claim must say why")
    if row.claim is not None and row.claimed is not None:
        row.claim = compare.Claim(**{**row.claim.__dict__, "claimed": row.claimed})


def _sides(rule: rules.Rule, cells: dict, data: RawData, row: ClaimRow) -> list[str]:
    """The rule's inputs, checked now so that judging can never fail on them."""
    if rule.sides == 0:
        return []
    if rule.sides < 0:  # a list of figure ids
        ids = [i.strip() for i in cells.get("checked_against", "").split(",") if i.strip()]
        if len(ids) < 2:
            raise rules.RuleError("checked_against", "an order claim lists at least two figure ids, comma-separated")
        for i in ids:
            _known_number(i, data, "checked_against")
        return ids
    columns = ["checked_against", "compare_with"][: rule.sides]
    texts = [cells.get(c, "") for c in columns]
    ids = []
    for column, text in zip(columns, texts):
        if rules.is_side_a_claim(text):
            if row.claim is None:
                raise rules.RuleError(
                    column,
                    "empty or a number: that side stands for the claim itself, so give the claim's measure, "
                    "geography, crime_type and period",
                )
            continue
        node = expr.parse(text)
        if rule.ids_only and node.kind != "id":
            raise rules.RuleError(
                column, f"rule {rule.name!r} compares figures with their periods: give one figure id, not arithmetic"
            )
        for i in expr.identifiers(node):
            _known_number(i, data, column, allow_words=not rule.computes)
            ids.append(i)
    if rule.computes and not ids:
        raise rules.RuleError(
            "checked_against", f"rule {rule.name!r} computes from the data: name at least one figure id"
        )
    return texts


def _known_number(figure_id: str, data: RawData, column: str, allow_words: bool = False) -> None:
    match = data.figures[data.figures["figure_id"] == figure_id]
    if match.empty:
        close = difflib.get_close_matches(figure_id, list(data.figures["figure_id"]), n=2)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise rules.RuleError(column, f"unknown figure id {shown(figure_id)}{hint}")
    value = match.iloc[0]["value"]
    if not allow_words and (value is None or value != value):
        raise rules.RuleError(
            column, f"figure {figure_id!r} has no number (the source gave words only: {match.iloc[0]['qualifier']!r})"
        )


# --- judging -------------------------------------------------------------------------------------


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


# --- the ledger ----------------------------------------------------------------------------------


@dataclass
class Ledger:
    table: pd.DataFrame
    comparisons: pd.DataFrame
    entries: list[Entry]


class WithRelease(counts.Evidence):
    """The published figures and, for each claim, the release's aggregates at its scope."""

    def __init__(self, published: counts.Evidence, release):
        super().__init__(published.counts, published.universe, published.breakdowns, published.word_scopes)
        self.release = release

    def counts_for(self, scope: Scope) -> list[counts.Count]:
        return [*self.counts, *self.release.counts_for(scope)]


def run_ledger(paths, data: RawData, release=None) -> Ledger:
    """Every claim in the files, judged against the published figures (and a release's aggregates, if given)."""
    rows = load_claims(paths, data)
    evidence = counts.published(data)
    if release is not None:
        evidence = WithRelease(evidence, release)
    values = dict(zip(data.figures["figure_id"], data.figures["value"]))
    entries = [judge(row, evidence, values) for row in rows]
    return Ledger(_table(entries, data), _comparisons(entries), entries)


def _figure_text(figure_id: str, evidence: counts.Evidence) -> str:
    count = evidence.by_id(figure_id)
    if count is None:
        return figure_id
    return f"{figure_id}={count.shown()} ({count.scope.period.label()}; {count.outlet})"


def _table(entries: list[Entry], data: RawData) -> pd.DataFrame:
    evidence = counts.published(data)
    sources = dict(zip(data.figures["figure_id"], data.figures["source_id"]))
    records = []
    for e in entries:
        r = e.row
        used_sources = {sources.get(i) for i in e.figures if i in sources}
        records.append(
            {
                "claim_id": r.claim_id,
                "outlet": r.outlet,
                "url": r.url,
                "source_id": r.source_id,
                "quote": r.quote,
                "claimed": r.claimed_text,
                "read_as": range_text(r.claimed.low, r.claimed.high, r.claimed.kind) if r.claimed else "",
                "measure": r.scope_text.get("measure", ""),
                "geography": r.scope_text.get("geography", ""),
                "crime_type": r.scope_text.get("crime_type", ""),
                "period": r.scope_text.get("period", ""),
                "rule": r.rule.name if r.rule else "auto",
                "verdict": e.judgement.verdict,
                "explanation": e.judgement.explanation,
                "computed": e.computed,
                "figures_used": "; ".join(_figure_text(i, evidence) for i in e.figures),
                "independent": "yes" if used_sources - {r.source_id} else ("no" if used_sources else ""),
                "likely_origin": e.origin,
                "comparisons": len(e.judgement.comparisons),
                "notes": r.notes,
                "file": r.file,
            }
        )
    return pd.DataFrame(records, columns=LEDGER_COLUMNS)


def _comparisons(entries: list[Entry]) -> pd.DataFrame:
    rows = [c.row(e.row.claim) for e in entries for c in e.judgement.comparisons if e.row.claim is not None]
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


# --- outputs ------------------------------------------------------------------------------------

SITE_PAGE = "fact-check.html"
REVIEWER = "Police referrals reproducibility project"
#: schema.org ratings for the verdicts a check can reach (a claim that cannot be checked gets none).
RATINGS = {CONFIRMED: 5, CONSISTENT: 4, INCONSISTENT: 2, CONTRADICTED: 1}


def report_markdown(table: pd.DataFrame, files: list[str]) -> str:
    """The ledger for a desk: counts by verdict, then each claim with its explanation and likely origin."""
    lines = [
        "# Fact-check ledger",
        "",
        f"Claims files: {', '.join(files)}. Each claim is held against every published figure of the same measure "
        "whose place, crime types and period relate to it (claims/README.md explains how).",
        "",
        "| verdict | claims |",
        "|---|---|",
    ]
    counts_by = table["verdict"].value_counts()
    lines += [f"| {v} | {int(counts_by.get(v, 0))} |" for v in VERDICTS] + [""]
    for verdict in VERDICTS:
        group = table[table["verdict"] == verdict]
        if group.empty:
            continue
        lines += [f"## {verdict[0].upper()}{verdict[1:]} ({len(group)})", ""]
        for r in group.itertuples(index=False):
            what = ", ".join(x for x in (r.measure, r.geography, r.crime_type, r.period) if x)
            lines.append(f"- **{_md(r.claim_id)}** ({_md(r.outlet)}): \u201c{_md(r.quote)}\u201d")
            lines.append(
                f"  - claimed: {_md(r.claimed)}" + (f"; counts: {_md(what)}" if what else "") + f"; rule: {r.rule}"
            )
            lines.append(f"  - {_md(r.explanation)}")
            if r.likely_origin:
                lines.append(f"  - likely origin: {_md(r.likely_origin)}")
        lines.append("")
    return "\n".join(lines)


def _md(text) -> str:
    """Text safe inside a Markdown list: no raw HTML, no line breaks."""
    return str(text).replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def _review_date() -> str:
    """The date of this release of the fact-checks (CITATION.cff), so that two builds give the same bytes."""
    path = project_root() / "CITATION.cff"
    if path.exists():
        m = re.search(r'^date-released:\s*"?([0-9]{4}-[0-9]{2}-[0-9]{2})"?', path.read_text(encoding="utf-8"), re.M)
        if m:
            return m.group(1)
    return ""


def claimreview(table: pd.DataFrame, data: RawData) -> dict:
    """One schema.org ClaimReview per claim, as JSON-LD: the format fact-checkers publish and search engines read."""
    published = dict(zip(data.sources["source_id"], data.sources["published"]))
    reviewed = _review_date()
    graph = []
    for r in table.itertuples(index=False):
        rating = {"@type": "Rating", "alternateName": r.verdict, "ratingExplanation": r.explanation}
        if r.verdict in RATINGS:
            rating.update({"ratingValue": RATINGS[r.verdict], "bestRating": 5, "worstRating": 1})
        item = {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": r.outlet},
            "appearance": {"@type": "CreativeWork", "url": r.url},
        }
        if published.get(r.source_id):
            item["datePublished"] = published[r.source_id]
        review = {
            "@type": "ClaimReview",
            "url": f"{SITE_PAGE}#claim-{r.claim_id}",
            "claimReviewed": r.quote,
            "author": {"@type": "Organization", "name": REVIEWER},
            "reviewRating": rating,
            "itemReviewed": item,
        }
        if reviewed:
            review["datePublished"] = reviewed
        graph.append(review)
    return {"@context": "https://schema.org", "@graph": graph}


def write_outputs(ledger: Ledger, output_dir, files: list[str], data: RawData) -> list[Path]:
    """ledger.csv, comparisons.csv, report.md and claimreview.json, as one set; returns the paths written."""
    from .csvfiles import frame_csv_bytes
    from .export import resolve_output_dir
    from .staging import write_set

    directory = resolve_output_dir(output_dir)
    outputs = {
        directory / "ledger.csv": frame_csv_bytes(ledger.table),
        directory / "comparisons.csv": frame_csv_bytes(ledger.comparisons),
        directory / "report.md": (report_markdown(ledger.table, files) + "\n").encode("utf-8"),
        directory / "claimreview.json": (
            json.dumps(claimreview(ledger.table, data), indent=2, ensure_ascii=False) + "\n"
        ).encode("utf-8"),
    }
    return write_set(outputs)


def printable(table: pd.DataFrame) -> str:
    """Each verdict with its explanation, for the terminal."""
    lines = []
    for r in table.itertuples(index=False):
        lines.append(f"{r.verdict.upper()}: {r.claim_id} ({r.outlet}) claimed {r.claimed!r}")
        lines.append(f"    {r.explanation}")
        if r.likely_origin:
            lines.append(f"    likely origin: {r.likely_origin}")
    counts_by = table["verdict"].value_counts()
    lines.append("")
    lines.append("; ".join(f"{v}: {int(counts_by.get(v, 0))}" for v in VERDICTS))
    return "\n".join(lines)


# --- the claims chart ----------------------------------------------------------------------------

#: The claims chart shows the claims that did not simply match (a confirmed claim sits on its figure).
CHART_VERDICTS = (CONSISTENT, CONTRADICTED, INCONSISTENT)


def _monthly(low: float, high: float, scope: Scope) -> tuple[float, float] | None:
    lo, hi = scope.period.length()
    if not lo or not hi:
        return None
    return low / hi, high / lo


def chart_table(ledger: Ledger, data: RawData) -> pd.DataFrame:
    """Each claim that did not simply match, beside the figures that decided it, all as monthly rates so that
    different periods compare; only where the periods are known at least to the year. A claim with no upper
    limit ('at least 423') is drawn to just beyond the largest figure beside it."""
    flows = {m for m, row in vocab.measures(data.directory).items() if row.get("flow") == "yes"}
    rows = []
    for e in ledger.entries:
        claim = e.row.claim
        if e.row.rule or claim is None or e.judgement.verdict not in CHART_VERDICTS or claim.scope.measure not in flows:
            continue
        mine = _monthly(e.row.claimed.low, e.row.claimed.high, claim.scope)
        unbounded = e.row.claimed.high == float("inf")
        theirs = [(c.count, _monthly(c.count.low, c.count.high, c.count.scope)) for c in e.judgement.decisive]
        theirs = [(count, rate) for count, rate in theirs if rate is not None and rate[1] != float("inf")]
        if mine is None or not theirs:
            continue
        if unbounded:
            edge = max(r[1] for _, r in theirs) * 1.25
            mine = (mine[0], max(edge, mine[0]))
        group = f"{e.row.outlet}: {e.row.claimed_text}"
        claim_row = _chart_row(group, f"{e.row.outlet} (the claim)", "claim", e, mine, e.row.claimed_text, claim.scope)
        rows.append(claim_row)
        for count, rate in theirs[:3]:
            label = f"{count.outlet}: {count.shown()}"
            row = _chart_row(group, label, "published figure", e, rate, count.shown(), count.scope)
            rows.append({**row, "figure_ids": " ".join(figure_ids_in(count.id))})
    columns = [*CHART_COLUMNS]
    return pd.DataFrame(rows, columns=columns)


CHART_COLUMNS = (
    *("group", "label", "kind", "verdict", "rate_low", "rate_high", "rate", "value", "period", "claim_id"),
    "figure_ids",
)


def figure_ids_in(count_id: str) -> list[str]:
    """The figure ids inside a count's id: itself, or the parts of a derived one ('sum(a, b)', 'a - sum(b, c)')."""
    return re.findall(r"[a-z0-9]+(?:_[a-z0-9]+)+", count_id)


def _chart_row(group, label, kind, entry: Entry, rate, value, scope: Scope) -> dict:
    low, high = (round(x, 2) for x in rate)
    return {
        "group": group,
        "label": label,
        "kind": kind,
        "verdict": entry.judgement.verdict,
        "rate_low": low,
        "rate_high": high,
        "rate": round((low + high) / 2, 2),
        "value": value,
        "period": scope.period.label(),
        "claim_id": entry.row.claim_id,
        "figure_ids": "",
    }


def summary_markdown(ledger: Ledger) -> str:
    """The ledger's findings in sentences: the counts by verdict, then every contradicted or inconsistent claim."""
    table = ledger.table
    counts_by = table["verdict"].value_counts()
    lines = [
        f"**{len(table)} claims** checked: " + "; ".join(f"{int(counts_by.get(v, 0))} {v}" for v in VERDICTS) + ".",
        "",
    ]
    for r in table[table["verdict"].isin([CONTRADICTED, INCONSISTENT])].itertuples(index=False):
        origin = f" Likely origin: {r.likely_origin}." if r.likely_origin else ""
        lines.append(f"- **{r.outlet}**, \u201c{r.quote}\u201d: {r.verdict}. {r.explanation}.{origin}")
    return "\n".join(lines)
