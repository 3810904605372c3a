"""Reading a claims file: each row as an outlet printed its claim, checked, with what it counts and its rule.

A claims file (CSV, editable without Python; see claims/README.md) has one row per
claim: the words (`quote`, `claimed`) and what they count (`measure`, `geography`,
`crime_type`, `period_start`, `period_end`). A `rule` (see `rules`) is needed only
for what a scope cannot say: shares, ratios, orders, periods, the unverifiable.
Every problem is one ClaimsError naming the file, claim, row and field; what
passes here can always be judged.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import compare, expr, rules, vocab
from ..errors import ClaimsError, DataError
from ..io import read_text_table
from ..paths import project_root, relative
from ..scope import Period, Scope, split_ids
from ..sources import RawData
from ..text import invisible_characters, shown, words
from ..wording import Claimed, WordingError, read

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
