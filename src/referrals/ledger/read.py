"""Reading a claims file: each row as an outlet printed its claim, checked, with what it counts and its rule.

A claims file (CSV, editable without Python; see claims/README.md) has one row per
claim: the words (`quote`, `claimed`) and what they count (`measure`, `geography`,
`crime_type`, `period_start`, `period_end`). A `rule` (see `rules`) is needed only
for what a scope cannot say: shares, ratios, orders, periods, the unverifiable.
Every problem is one ClaimsError naming the file, claim, row and field; what
passes here can always be judged.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from .. import changes, compare, expr, rules, verbal, vocab
from ..csvfiles import iter_text_table
from ..errors import ClaimsError, DataError
from ..months import month_index, month_label
from ..paths import project_root, relative
from ..scope import CONTAINS, EQUAL, OVERLAPS, WITHIN, Period, Scope, Universe, other_side, read_pairs, universe
from ..sources import RawData
from ..text import invisible_characters, shown, words
from ..wording import Claimed, WordingError, in_unit, read

#: The project's own claims files, checked by the default build.
DEFAULT_CLAIMS = ["claims/published-claims.csv", "claims/follow-up-reporting.csv"]

REQUIRED = ["claim_id", "source_id", "quote", "claimed"]
SCOPE = ["measure", "geography", "crime_type", "period_start", "period_end"]
OPTIONAL = [
    "period_months",
    "population",
    "share_of",
    "change_from",
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
    change: changes.ChangeClaim | None = None  # a change over time ('rose from 451 to 537')
    claimed: Claimed | None = None
    rule: rules.Rule | None = None
    sides: list[str] = field(default_factory=list)
    params: dict = field(default_factory=dict)
    reason: str = ""


# --- files and rows ----------------------------------------------------------------------------


def _fail(where: str, column: str, message: str):
    raise ClaimsError(f"{where}, field '{column}': {message}")


#: A claims file is a table people typed, or an archive of them (50,000 claims are about 14 MB): far below this;
#: anything larger is not one. A device such as /dev/zero is refused before as not a regular file.
MAX_FILE_BYTES = 200_000_000


def _read_file(path: Path) -> tuple[Iterator, list[str], str]:
    name = relative(path)
    _check_is_a_file(path, name)
    try:
        rows, header = iter_text_table(path)
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


def _check_is_a_file(path: Path, name: str) -> None:
    """A claims path is a regular file of at most MAX_FILE_BYTES: never a folder, a device or a pipe."""
    try:
        info = path.stat()
    except OSError:
        raise ClaimsError(f"{name}: file not found; give the path of a claims file (CSV)") from None
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device or a pipe)"
        raise ClaimsError(f"{name}: is {what}; give the path of a claims file (CSV)")
    if info.st_size > MAX_FILE_BYTES:
        raise ClaimsError(
            f"{name}: is {info.st_size:,} bytes, larger than any claims file ({MAX_FILE_BYTES:,}); "
            "is it the right file?"
        )


def _renamed(column: str, header: list[str]) -> str:
    close = difflib.get_close_matches(column, header, n=1)
    return f" (renamed to '{close[0]}'?)" if close else ""


class _Vocabularies:
    """The vocabularies a run of `load_claims` reads claims with, loaded once (not once per claim, each a file's
    modification time looked up), and what was already read with them: the same ids, places and periods recur in
    every claims file, and reading one is the same work each time."""

    def __init__(self, data: RawData):
        d = data.directory
        self.data = data
        self.sources = data.sources.set_index("source_id")
        self.measures = vocab.measure_vocabulary(d)
        self.geographies = vocab.geographies(d)
        self.crime_types = vocab.crime_types(d)
        self.populations = vocab.populations(d)
        self.universe = universe(d)
        self.ids: dict[tuple[str, str], tuple[str, ...]] = {}  # (column, text): ids read without a problem
        self.periods: dict[tuple[str, str, str, str], Period] = {}  # (start, end, months, published): a period
        self.separate: set[tuple] = set()  # (places, crime types): + lists whose members do not overlap


def load_claims(paths, data: RawData) -> list[ClaimRow]:
    """Read and check claims files; every problem of every row of every file is reported at once, as one
    ClaimsError with a line per problem naming file, claim, row and field."""
    return list(read_claims(paths, data))


def read_claims(paths, data: RawData) -> Iterator[ClaimRow]:
    """`load_claims`, a claim at a time, as each is read (an archive of claims is never held whole): the claims
    without a problem, then, once every row has been read, the one ClaimsError naming every problem, if any.
    A caller that writes as it goes must write nothing that stays until the iterator is exhausted."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    known = _Vocabularies(data)
    for given in paths:
        path = Path(given) if Path(given).is_absolute() else project_root() / given
        try:
            rows, _, name = _read_file(path)
        except ClaimsError as exc:
            problems.append(str(exc))
            continue
        for line, cells in rows:
            where = f"{name}, claim {shown_id(cells.get('claim_id', ''))} (row {line})"
            try:
                row = _claim_row(cells, where, name, known)
                if row.claim_id in seen:
                    _fail(row.where, "claim_id", f"duplicate of the claim in {seen[row.claim_id]}")
            except ClaimsError as exc:
                problems.append(str(exc))
                continue
            seen[row.claim_id] = f"{name} row {line}"
            yield row
    if len(problems) == 1:
        raise ClaimsError(problems[0])
    if problems:
        raise ClaimsError(f"{len(problems)} problems in the claims:\n" + "\n".join(f"- {p}" for p in problems))


def shown_id(claim_id: str) -> str:
    """A claim's id as a message may print it: as typed when it is well formed, else quoted with every control
    character escaped (a terminal never receives an escape code from a claims file)."""
    if _ID.fullmatch(claim_id):
        return claim_id
    return shown(claim_id) if claim_id else "(no id)"


@dataclass(frozen=True)
class _Source:
    """What a claim's source tells about it: from data/raw/sources.csv, or (a new outlet) from the claim's row."""

    outlet: str
    url: str
    published: str = ""
    dataset: str = ""
    story: str = ""


def _claim_row(cells: dict, where: str, name: str, known: _Vocabularies) -> ClaimRow:
    """One row checked in the order it is written: its id, its source, its words, what it counts, its rule."""
    data = known.data
    cid = cells.get("claim_id", "")
    if not _ID.fullmatch(cid):
        _fail(where, "claim_id", f"{shown(cid)} must be lower-case words joined by - or _")
    source = _source(cells, known.sources, where)
    _check_text(where, cells)
    source_id = cells.get("source_id", "")
    row = ClaimRow(
        cid, source_id, cells["quote"], cells["claimed"], source.outlet, source.url, cells.get("notes", ""), where, name
    )
    scope = _with_population(_scope(cells, where, known, source.published), cells, where, known)
    whole = _whole(scope, cells, where, data, source.published)
    if cells.get("rule", ""):
        _with_rule(row, cells, where, data, scope is not None)
    elif _change(row, cells, where, data, scope, source.published):
        pass
    else:
        _without_rule(row, cells, where, scope is not None, whole is not None)
    if scope is not None:
        unit = known.universe.measures.get(scope.measure, {}).get("unit", "")
        row.claimed = in_unit(row.claimed, unit) if row.claimed is not None else None
        row.claim = compare.Claim(
            cid, scope, row.claimed, source_id, source.outlet, source.dataset, source.story, of=whole
        )
    return row


# --- groups of people, shares (new columns: each read by its own function) ---------------------------------


def _with_population(scope: Scope | None, cells: dict, where: str, known: _Vocabularies) -> Scope | None:
    """The claim's group of people ('women', 'women+children'); all victims when the column is empty."""
    text = cells.get("population", "")
    if not text:
        return scope
    if scope is None:
        _fail(where, "population", "a group of people belongs to what the claim counts: give its measure too")
    return replace(scope, population=_ids(known, known.populations, cells, "population", where))


def _change(row: ClaimRow, cells: dict, where: str, data: RawData, scope: Scope | None, published: str) -> bool:
    """A change over time: its words ('rose from 451 to 537', 'up 20%', 'doubled') and its first count's scope (the
    claim's columns with those `change_from` gives replaced). False for a claim that states no change."""
    text = cells.get("change_from", "")
    try:
        change = changes.read_change(cells.get("claimed", ""))
    except WordingError as exc:
        _fail(where, "claimed", str(exc))
    if change is None and not text:
        return False
    if change is None:
        _fail(where, "claimed", f"{shown(cells['claimed'])} states no change ('rose from A to B', 'up 20%', 'doubled')")
    if not text:
        _fail(
            where,
            "change_from",
            f"{shown(cells['claimed'])} is a change over time: give what the first count counts where it differs, "
            "e.g. 'period_start=2019-01; period_end=2019-12'",
        )
    if scope is None:
        _fail(where, "measure", "empty; a change says what its second count counts (measure, geography...)")
    first = _other_side(scope, text, where, "change_from", data, published)
    row.change = changes.ChangeClaim(change, first, scope)
    row.claimed = change.second
    return True


def _other_side(scope: Scope, text: str, where: str, column: str, data: RawData, published: str) -> Scope:
    """The scope a `share_of` or `change_from` cell describes against the claim's own, or the cell named as bad."""
    try:
        return other_side(scope, read_pairs(text), data.directory, published)
    except (ValueError, DataError) as exc:
        _fail(where, column, f"{shown(text)}: {exc}")


def _whole(scope: Scope | None, cells: dict, where: str, data: RawData, published: str) -> Scope | None:
    """What a share is a share of: the claim's own scope with the columns `share_of` gives replaced."""
    text = cells.get("share_of", "")
    if not text:
        return None
    if scope is None:
        _fail(where, "share_of", "a share's whole is given against what its part counts: fill measure, geography...")
    whole = _other_side(scope, text, where, "share_of", data, published)
    if whole == scope:
        _fail(where, "share_of", f"{shown(text)} names the same thing as the part: a share of itself")
    return whole


def _source(cells: dict, sources: pd.DataFrame, where: str) -> _Source:
    source_id = cells.get("source_id", "")
    if source_id in sources.index:
        known = sources.loc[source_id]
        source = _Source(
            cells.get("outlet") or str(known["outlet"]),
            cells.get("url") or str(known["url"]),
            str(known["published"]),
            str(known.get("dataset", "")),
            str(known.get("story", "")),
        )
    elif cells.get("outlet") and cells.get("url"):
        source = _Source(cells["outlet"], cells["url"], story=source_id)
    else:
        _fail(
            where,
            "source_id",
            f"{shown(source_id)} is not in data/raw/sources.csv; for a new outlet fill the 'outlet' and 'url' columns",
        )
    if source.url and not re.fullmatch(r"https?://[!-~]+", source.url):
        _fail(where, "url", f"{shown(source.url)} must be an http(s) address")
    return source


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


# --- what a claim counts ------------------------------------------------------------------------


def _scope(cells: dict, where: str, known: _Vocabularies, published: str) -> Scope | None:
    """What the claim counts, from its scope columns; None if it gives none (then it needs a rule)."""
    if not any(cells.get(c, "") for c in SCOPE):
        return None
    missing = [c for c in ("measure", "geography", "crime_type") if not cells.get(c, "")]
    if missing:
        _fail(
            where, missing[0], "empty; a claim says what it counts: " + ", ".join(SCOPE) + " (periods may be 'unknown')"
        )
    (measure,) = _ids(known, known.measures, cells, "measure", where, single=True)
    places = _ids(known, known.geographies, cells, "geography", where)
    types = _ids(known, known.crime_types, cells, "crime_type", where)
    scope = Scope(measure.replace("-", "_"), places, types, _period(cells, where, published, known.periods))
    if (places, types) not in known.separate:
        _overlapping_members(scope, known.universe, where)
        known.separate.add((places, types))
    return scope


def _ids(
    known: _Vocabularies, vocabulary: vocab.Vocabulary, cells: dict, column: str, where: str, single: bool = False
) -> tuple[str, ...]:
    """The canonical ids of a '+'-joined list of ids, names or aliases (`single`: of one id, name or alias), each
    read once a run (`known.ids`)."""
    key = (column, cells[column])
    found = known.ids.get(key)
    if found is None:
        if single:
            found = (_resolve(vocabulary, cells[column], where, column),)
        else:
            found = _members(vocabulary, cells, column, where)
        known.ids[key] = found
    return found


def _members(vocabulary: vocab.Vocabulary, cells: dict, column: str, where: str) -> tuple[str, ...]:
    """The canonical ids of a '+'-joined list of ids, names or aliases: each member named once, none empty."""
    text = cells[column]
    parts = [part.strip() for part in str(text).split("+")]
    if "" in parts or len(parts) > 50:
        _fail(
            where,
            column,
            f"{shown(text)}: give one id, name or alias, or several joined with single + signs (kent+essex), "
            "none empty",
        )
    ids = tuple(_resolve(vocabulary, part, where, column) for part in parts)
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        _fail(where, column, f"{shown(text)} names {twice[0]} twice; a + list sums different members")
    return ids


def _overlapping_members(scope: Scope, u: Universe, where: str) -> None:
    """A + list sums its members, so they must not overlap: uk+metropolitan would count the Met twice."""
    for column, members, relation in (
        ("geography", scope.places, u.place_relation),
        ("crime_type", scope.crime_types, u.crime_relation),
    ):
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if relation((a,), (b,)) in (EQUAL, WITHIN, CONTAINS, OVERLAPS):
                    _fail(
                        where,
                        column,
                        f"{a} and {b} overlap, and a + list sums its members (counting the overlap twice); "
                        "give the wider one alone",
                    )


def _resolve(vocabulary: vocab.Vocabulary, name: str, where: str, column: str) -> str:
    try:
        return vocabulary.resolve(name)
    except DataError:
        _fail(where, column, f"unknown {vocabulary.kind} {shown(name)}{vocabulary.suggest(name)}")


#: No claim here can count months before this: the data begins in 2020, and the oldest source in 2018.
EARLIEST = "2000-01"


def _period(cells: dict, where: str, published: str, known: dict | None = None) -> Period:
    """The claim's period: within 2000 and the month its source was published (today, when that is unknown).
    `known`: the periods already read this run, by their cells and publication."""
    start, end = cells.get("period_start") or "unknown", cells.get("period_end") or "unknown"
    key = (start, end, cells.get("period_months", ""), published)
    if known is not None and key in known:
        return known[key]
    try:
        _plausible(where, start, end, published)
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
    if known is not None:
        known[key] = period
    return period


def _plausible(where: str, start: str, end: str, published: str) -> None:
    """A month before 2000, or after publication (or today), is a typing slip: 0000-01, 9999-12."""
    latest = published[:7] if published else _dt.date.today().strftime("%Y-%m")
    latest = f"{latest}-12" if len(latest) == 4 else latest
    when = f"after {'the source was published' if published else 'today'} ({month_label(latest)})"
    for column, text in (("period_start", start), ("period_end", end)):
        lo = Period.parse(text, "unknown").start_lo  # each month as written, before it is held against the other
        if lo is not None and lo < month_index(EARLIEST):
            _fail(where, column, f"{shown(text)} is before 2000: no data here counts months that early")
        if lo is not None and len(latest) == 7 and lo > month_index(latest):
            _fail(where, column, f"{shown(text)} is {when}")


# --- how it is checked --------------------------------------------------------------------------

#: The columns only a rule reads.
RULE_COLUMNS = ("checked_against", "compare_with", "parameters", "reason")
#: The columns that hold a rule's sides, in order.
SIDE_COLUMNS = ("checked_against", "compare_with")


def _without_rule(row: ClaimRow, cells: dict, where: str, has_scope: bool, share: bool = False) -> None:
    """A claim checked from what it counts: it must say what that is, and give a count or a rate."""
    if not has_scope:
        _fail(
            where,
            "measure",
            "empty; say what the claim counts (measure, geography, crime_type, period_start, period_end), or "
            "give a rule",
        )
    for column in RULE_COLUMNS:
        if cells.get(column):
            _fail(where, column, "only used with a rule; leave it empty, or name the rule in 'rule'")
    try:
        claimed = read(cells["claimed"])
    except WordingError as exc:
        _fail(where, "claimed", str(exc))
    if claimed.kind == "count" and verbal.part_of_whole(cells["claimed"].lower()):
        _fail(
            where,
            "claimed",
            f"{shown(cells['claimed'])} gives a part and its whole, two numbers: put the part alone in 'claimed' "
            "to check it as a count, give its whole in 'share_of', or give rule 'part-of' (or 'share') with "
            "checked_against and compare_with",
        )
    if claimed.kind == "share" and not share:
        _fail(
            where,
            "share_of",
            f"{shown(cells['claimed'])} is a share: say what it is a share of in 'share_of' (e.g. "
            "'measure=victims referred'), or give rule 'share' with checked_against and compare_with",
        )
    if share and claimed.kind != "share":
        _fail(where, "claimed", f"{shown(cells['claimed'])} is not a share ('a quarter', '25%', '1 in 20')")
    row.claimed = claimed


def _with_rule(row: ClaimRow, cells: dict, where: str, data: RawData, has_scope: bool) -> None:
    """A claim checked by its rule: the rule, its parameters, the claimed words it needs and its sides."""
    row.rule = _rule(cells["rule"], where)
    try:
        row.params = rules.parse_parameters(cells.get("parameters", ""), row.rule)
        row.claimed = rules.read_claimed(row.rule, cells["claimed"], row.params)
        row.sides = _sides(row.rule, cells, data, has_scope)
    except rules.RuleError as exc:
        _fail(where, exc.field, str(exc))
    except expr.ExpressionError as exc:
        _fail(where, "checked_against", str(exc))
    row.reason = cells.get("reason", "")
    if row.rule.name == "not-verifiable" and not row.reason:
        _fail(where, "reason", "a not-verifiable claim must say why")


def _rule(name: str, where: str) -> rules.Rule:
    rule = rules.find(name)
    if rule is None:
        close = difflib.get_close_matches(name, [*rules.RULES, *rules.ALIASES], n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        _fail(where, "rule", f"unknown rule {shown(name)}{hint}; allowed: {', '.join(rules.RULES)}")
    return rule


def _sides(rule: rules.Rule, cells: dict, data: RawData, has_scope: bool) -> list[str]:
    """The rule's inputs, checked now so that judging can never fail on them."""
    if rule.sides == 0:
        return []
    if rule.sides < 0:  # a list of figure ids
        return _order_ids(cells.get("checked_against", ""), data)
    columns = SIDE_COLUMNS[: rule.sides]
    ids = [i for column in columns for i in _side_ids(rule, column, cells.get(column, ""), data, has_scope)]
    if rule.computes and not ids:
        raise rules.RuleError(
            "checked_against", f"rule {rule.name!r} computes from the data: name at least one figure id"
        )
    return [cells.get(column, "") for column in columns]


def _order_ids(text: str, data: RawData) -> list[str]:
    ids = [i.strip() for i in text.split(",") if i.strip()]
    if len(ids) < 2:
        raise rules.RuleError("checked_against", "an order claim lists at least two figure ids, comma-separated")
    for i in ids:
        _known_number(i, data, "checked_against")
    return ids


def _side_ids(rule: rules.Rule, column: str, text: str, data: RawData, has_scope: bool) -> list[str]:
    """The figure ids of one side, each known; none for a side that stands for the claim itself."""
    if rules.is_side_a_claim(text):
        if not has_scope:
            raise rules.RuleError(
                column,
                "empty or a number: that side stands for the claim itself, so give the claim's measure, "
                "geography, crime_type and period",
            )
        return []
    node = expr.parse(text)
    if rule.ids_only and node.kind != "id":
        raise rules.RuleError(
            column, f"rule {rule.name!r} compares figures with their periods: give one figure id, not arithmetic"
        )
    ids = expr.identifiers(node)
    for i in ids:
        _known_number(i, data, column, allow_words=not rule.computes)
    return ids


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
