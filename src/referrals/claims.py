"""The fact-check ledger: every published claim recomputed from the figures, with a plain verdict.

A claims file (CSV, editable without Python; see claims/README.md) has one row per
numeric claim. Each names a rule; the rule recomputes the claim from figure ids
(or a small expression over them, see `expr`) and returns a verdict with the
computed value, the figures used and an explanation.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import expr
from .errors import ClaimsError
from .io import read_text_table
from .months import months_between, period_label
from .paths import project_root, relative
from .sources import RawData

CONFIRMED = "confirmed"
CONSISTENT = "consistent with rounding or wording"
CONTRADICTED = "contradicted"
INCONSISTENT = "inconsistent across sources"
NOT_VERIFIABLE = "not verifiable with the data here"
VERDICTS = (CONFIRMED, CONSISTENT, CONTRADICTED, INCONSISTENT, NOT_VERIFIABLE)

#: How far apart two implied monthly rates may be before sources are flagged as inconsistent.
RATE_FACTOR = 1.5

#: Verbal quantities and the ranges they are taken to mean: low <= value < high.
VERBAL = {
    "almost 1 in 20": (0.045, 0.05),
    "a quarter": (0.20, 0.30),
    "a third": (0.30, 0.37),
    "half": (0.45, 0.55),
    "dozens": (24, 100),
    "hundreds": (200, 1000),
    "thousands": (2000, 1_000_000),
    "tens of thousands": (20_000, 100_000),
}

RULES = {
    "exact": "the claimed number equals the computed value",
    "rounded": "the claimed number equals the computed value rounded to `precision` (e.g. precision=100)",
    "at-least": "the computed value is at least the claimed number (also: 'no less than')",
    "more-than": "the computed value is more than the claimed number (also: 'over')",
    "at-most": "the computed value is at most the claimed number",
    "less-than": "the computed value is less than the claimed number (also: 'under', 'fewer than')",
    "verbal": "the computed value lies in the range of the verbal quantity in `claimed` (see VERBAL)",
    "part-of": "checked_against is no more than compare_with (a part within its whole); reports the share",
    "order": "checked_against lists figure ids, comma-separated, in the claimed order from largest to smallest",
    "same": "two sources' figures for the same measure agree in value; periods are compared too",
    "same-period": "two figures that a claim ties together cover the same period",
    "nested-period": "checked_against covers a period inside compare_with's: the longer cannot count fewer, and "
    "monthly rates are compared",
    "rate": "checked_against and compare_with cover overlapping periods: their monthly rates may differ by at "
    "most RATE_FACTOR",
    "period-length": "the period of the figure in checked_against spans the claimed number of months",
    "not-verifiable": "the data here cannot check the claim; `reason` says why",
}
ALIASES = {"no-less-than": "at-least", "over": "more-than", "under": "less-than", "fewer-than": "less-than"}
TWO_SIDED = {"part-of", "same", "same-period", "nested-period", "rate"}
NUMERIC_RULES = {"exact", "rounded", "at-least", "more-than", "at-most", "less-than"}

REQUIRED = ["claim_id", "source_id", "quote", "claimed", "rule", "checked_against"]
OPTIONAL = ["compare_with", "parameters", "reason", "outlet", "url", "notes"]
LEDGER_COLUMNS = [
    "claim_id",
    "source_id",
    "claimed",
    "rule",
    "computed",
    "verdict",
    "explanation",
    "figures_used",
    "independent",
    "quote",
    "file",
]

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
}
_SCALES = {"hundred": 100, "thousand": 1000}


def claimed_number(text: str) -> float | None:
    """The number in a claim as worded: '2,672' -> 2672; 'over two hundred' -> 200; '24 of 43' -> 24."""
    m = re.search(r"\d[\d,]*(\.\d+)?", text)
    if m:
        return float(m.group(0).replace(",", ""))
    words = re.findall(r"[a-z]+", text.lower())
    total, current, seen = 0, 0, False
    for w in words:
        if w in _WORD_NUMBERS:
            current += _WORD_NUMBERS[w]
            seen = True
        elif w in _SCALES and (seen or current):
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0
    return float(total + current) if seen else None


def verbal_phrase(text: str) -> str | None:
    lowered = text.lower()
    for phrase in sorted(VERBAL, key=len, reverse=True):
        if phrase in lowered:
            return phrase
    return None


@dataclass
class Claim:
    claim_id: str
    source_id: str
    quote: str
    claimed: str
    rule: str
    checked_against: str
    compare_with: str = ""
    parameters: dict = field(default_factory=dict)
    reason: str = ""
    notes: str = ""
    file: str = ""
    row: int = 0
    nodes: tuple = ()


def _parse_parameters(text: str, where: str) -> dict:
    out = {}
    for part in [p.strip() for p in text.split(";") if p.strip()]:
        if "=" not in part:
            raise ClaimsError(f"{where}, field 'parameters': {part!r} is not key=value (e.g. months=24; precision=100)")
        key, value = (s.strip() for s in part.split("=", 1))
        if key not in ("months", "compare_months", "precision"):
            raise ClaimsError(
                f"{where}, field 'parameters': unknown key {key!r}; allowed: months, compare_months, precision"
            )
        try:
            number = float(value)
        except ValueError:
            raise ClaimsError(f"{where}, field 'parameters': {key}={value!r} must be a number") from None
        if number <= 0:
            raise ClaimsError(f"{where}, field 'parameters': {key}={value!r} must be positive")
        out[key] = number
    return out


def load_claims(paths, data: RawData) -> list[Claim]:  # noqa: C901 (broken up by the rewrite in progress)
    """Read and validate claims files; any problem is one ClaimsError naming file, claim and field."""
    claims: list[Claim] = []
    seen: dict[str, str] = {}
    known_sources = set(data.sources["source_id"])
    figure_ids = list(data.figures["figure_id"])
    for path in paths:
        path = Path(path)
        if not path.is_absolute():
            path = project_root() / path
        name = relative(path)
        try:
            rows, header = read_text_table(path)
        except Exception as exc:  # DataError from the reader: re-badge as a claims problem
            raise ClaimsError(str(exc)) from None
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            hints = [
                f"'{m}'" + (f" (renamed to '{c[0]}'?)" if (c := difflib.get_close_matches(m, header, n=1)) else "")
                for m in missing
            ]
            raise ClaimsError(f"{name}, row 1: missing column(s) {', '.join(hints)}; required: {', '.join(REQUIRED)}")
        for line, row in rows:
            cid = row["claim_id"]
            where = f"{name}, claim {cid or '(no id)'} (row {line})"
            if not re.fullmatch(r"[a-z0-9]+([-_][a-z0-9]+)*", cid):
                raise ClaimsError(f"{where}, field 'claim_id': {cid!r} must be lower-case words joined by - or _")
            if cid in seen:
                raise ClaimsError(f"{where}, field 'claim_id': duplicate of the claim in {seen[cid]}")
            seen[cid] = f"{name} row {line}"
            if row["source_id"] not in known_sources and not row.get("outlet"):
                raise ClaimsError(
                    f"{where}, field 'source_id': {row['source_id']!r} is not in data/raw/sources.csv; for a "
                    "new outlet fill the 'outlet' and 'url' columns"
                )
            if not row["quote"] or len(row["quote"].split()) > 25:
                raise ClaimsError(f"{where}, field 'quote': must quote the source in 1 to 25 words")
            if not row["claimed"]:
                raise ClaimsError(
                    f"{where}, field 'claimed': empty; give the claim as worded (e.g. '2,672' or 'almost 1 in 20')"
                )
            rule = ALIASES.get(row["rule"], row["rule"])
            if rule not in RULES:
                close = difflib.get_close_matches(row["rule"], list(RULES), n=1)
                raise ClaimsError(
                    f"{where}, field 'rule': unknown rule {row['rule']!r}"
                    + (f" (did you mean {close[0]!r}?)" if close else "")
                    + f"; allowed: {', '.join(RULES)}"
                )
            params = _parse_parameters(row.get("parameters", ""), where)
            claim = Claim(
                cid,
                row["source_id"],
                row["quote"],
                row["claimed"],
                rule,
                row["checked_against"],
                row.get("compare_with", ""),
                params,
                row.get("reason", ""),
                row.get("notes", ""),
                name,
                line,
            )
            if rule == "not-verifiable":
                if not claim.reason:
                    raise ClaimsError(f"{where}, field 'reason': a not-verifiable claim must say why")
            elif rule == "order":
                ids = [i.strip() for i in claim.checked_against.split(",") if i.strip()]
                if len(ids) < 2:
                    raise ClaimsError(
                        f"{where}, field 'checked_against': an order claim lists at least two figure ids, "
                        "comma-separated"
                    )
                for i in ids:
                    if i not in figure_ids:
                        close = difflib.get_close_matches(i, figure_ids, n=2)
                        raise ClaimsError(
                            f"{where}, field 'checked_against': unknown figure id {i!r}"
                            + (f"; did you mean {', '.join(close)}?" if close else "")
                        )
            else:
                fields = ["checked_against"] + (["compare_with"] if rule in TWO_SIDED else [])
                nodes = []
                for fname in fields:
                    text = getattr(claim, fname)
                    if not text:
                        raise ClaimsError(
                            f"{where}, field '{fname}': empty; rule {rule!r} needs a figure id or expression"
                        )
                    try:
                        node = expr.parse(text)
                        expr.check_identifiers(node, figure_ids)
                    except expr.ExpressionError as exc:
                        raise ClaimsError(f"{where}, field '{fname}': {exc}") from None
                    nodes.append(node)
                claim.nodes = tuple(nodes)
                if rule == "period-length" and _single_id(nodes[0]) is None:
                    raise ClaimsError(
                        f"{where}, field 'checked_against': rule 'period-length' takes one figure id, not an expression"
                    )
                if rule in NUMERIC_RULES | {"period-length"} and claimed_number(claim.claimed) is None:
                    raise ClaimsError(f"{where}, field 'claimed': {claim.claimed!r} has no number for rule {rule!r}")
                if rule == "verbal" and verbal_phrase(claim.claimed) is None:
                    raise ClaimsError(
                        f"{where}, field 'claimed': {claim.claimed!r} has no known verbal quantity; known: "
                        f"{', '.join(VERBAL)}"
                    )
                if rule == "rounded" and "precision" not in params:
                    raise ClaimsError(
                        f"{where}, field 'parameters': rule 'rounded' needs precision=... (e.g. precision=100)"
                    )
            claims.append(claim)
    return claims


@dataclass
class Verdict:
    verdict: str
    computed: str
    explanation: str
    figures_used: list[str]


def _fmt(x: float) -> str:
    if x == int(x) and abs(x) >= 1:
        return f"{int(x):,}"
    if abs(x) < 1:
        return f"{x:.4f} ({x * 100:.2f}%)"
    return f"{x:,.2f}"


class _Figures:
    def __init__(self, data: RawData):
        self.data = data
        self.values = dict(zip(data.figures["figure_id"], data.figures["value"]))
        self.rows = data.figures.set_index("figure_id")

    def value(self, node) -> float:
        return expr.evaluate(node, self.values)

    def period(self, figure_id: str) -> tuple[str, str]:
        r = self.rows.loc[figure_id]
        return r["period_start"], r["period_end"]

    def period_text(self, figure_id: str) -> str:
        r = self.rows.loc[figure_id]
        return period_label(r["period_start"], r["period_end"], r["period_text"])

    def source(self, figure_id: str) -> str:
        sid = self.rows.loc[figure_id, "source_id"]
        return self.data.sources.set_index("source_id").loc[sid, "outlet"]

    def months(self, figure_id: str, override: float | None, field_name: str) -> float:
        start, end = self.period(figure_id)
        if override:
            return override
        if "unknown" in (start, end):
            raise expr.ExpressionError(
                f"figure {figure_id!r} has no complete period; give {field_name}=N in parameters, with the "
                "source's wording in notes"
            )
        return months_between(start, end)


def _difference(computed: float, claimed: float) -> str:
    diff = computed - claimed
    return f"the data give {_fmt(computed)}, {_fmt(abs(diff))} {'fewer' if diff < 0 else 'more'} than claimed"


def _single_id(node) -> str | None:
    return node.value if node.kind == "id" else None


def _pair(claim: Claim, figs: _Figures):
    """The two single figure ids a cross-source rule compares, their sources named, and their periods."""
    a, b = _single_id(claim.nodes[0]), _single_id(claim.nodes[1])
    if not (a and b):
        raise expr.ExpressionError(f"rule {claim.rule!r} compares two single figure ids, not expressions")
    return a, b, f"{figs.source(a)} ({a}) and {figs.source(b)} ({b})", figs.period(a), figs.period(b)


def judge(claim: Claim, figs: _Figures) -> Verdict:  # noqa: C901 (broken up by the rewrite in progress)
    rule = claim.rule
    known = figs.data.sources.set_index("source_id")["outlet"]
    claim_outlet = known.get(claim.source_id, claim.source_id)
    if rule == "not-verifiable":
        return Verdict(NOT_VERIFIABLE, "", claim.reason, [])
    if rule == "order":
        ids = [i.strip() for i in claim.checked_against.split(",") if i.strip()]
        values = [figs.values[i] for i in ids]
        shown = ", ".join(f"{i}={_fmt(v)}" for i, v in zip(ids, values))
        ok = all(a > b for a, b in zip(values, values[1:]))
        return Verdict(
            CONFIRMED if ok else CONTRADICTED,
            shown,
            "in the claimed order, largest first" if ok else "the values are not in the claimed order",
            ids,
        )
    used = []
    for node in claim.nodes:
        used += [i for i in expr.identifiers(node) if i not in used]
    if rule == "same-period":
        a, b, names, pa, pb = _pair(claim, figs)
        if "unknown" in pa + pb:
            return Verdict(
                CONSISTENT,
                f"{figs.period_text(a)} vs {figs.period_text(b)}",
                f"one period is not stated: {names}",
                used,
            )
        if pa == pb:
            return Verdict(CONFIRMED, figs.period_text(a), f"same period in {names}", used)
        return Verdict(
            INCONSISTENT,
            f"{figs.period_text(a)} vs {figs.period_text(b)}",
            f"{claim_outlet} ties {a} ({figs.source(a)}: {figs.period_text(a)}) to {b} ({figs.source(b)}: "
            f"{figs.period_text(b)}); the periods differ",
            used,
        )
    if rule == "period-length":
        fid = _single_id(claim.nodes[0])
        claimed = claimed_number(claim.claimed)
        start, end = figs.period(fid)
        if "unknown" in (start, end):
            return Verdict(NOT_VERIFIABLE, "", f"{fid} has no stated start and end", used)
        months = figs.months(fid, None, "months")
        ok = months == claimed
        return Verdict(
            CONFIRMED if ok else CONTRADICTED,
            f"{months:g} months",
            f"{figs.period_text(fid)} is {months:g} months" + ("" if ok else f", not {claimed:g}"),
            used,
        )
    computed = figs.value(claim.nodes[0])
    if rule in NUMERIC_RULES:
        claimed = claimed_number(claim.claimed)
        if rule == "exact":
            ok = computed == claimed
            return Verdict(
                CONFIRMED if ok else CONTRADICTED,
                _fmt(computed),
                "equal" if ok else _difference(computed, claimed),
                used,
            )
        if rule == "rounded":
            precision = claim.parameters["precision"]
            if computed == claimed:
                return Verdict(CONFIRMED, _fmt(computed), "equal", used)
            ok = abs(computed - claimed) <= precision / 2
            return Verdict(
                CONSISTENT if ok else CONTRADICTED,
                _fmt(computed),
                f"{_fmt(computed)} rounds to {_fmt(claimed)} at precision {precision:g}"
                if ok
                else f"{_fmt(computed)} does not round to {_fmt(claimed)} at precision {precision:g} "
                f"({_difference(computed, claimed)})",
                used,
            )
        test = {
            "at-least": computed >= claimed,
            "more-than": computed > claimed,
            "at-most": computed <= claimed,
            "less-than": computed < claimed,
        }[rule]
        words = {"at-least": "at least", "more-than": "more than", "at-most": "at most", "less-than": "less than"}[rule]
        if test:
            verdict = CONFIRMED if computed == claimed else CONSISTENT
            return Verdict(verdict, _fmt(computed), f"{_fmt(computed)} is {words} {_fmt(claimed)}", used)
        return Verdict(
            CONTRADICTED,
            _fmt(computed),
            f"{_fmt(computed)} is not {words} {_fmt(claimed)} ({_difference(computed, claimed)})",
            used,
        )
    if rule == "verbal":
        phrase = verbal_phrase(claim.claimed)
        low, high = VERBAL[phrase]
        ok = low <= computed < high
        rng = f"'{phrase}' is taken to mean {_fmt(low)} to under {_fmt(high)}"
        return Verdict(
            CONSISTENT if ok else CONTRADICTED,
            _fmt(computed),
            f"{rng}; computed {_fmt(computed)}" + ("" if ok else ", outside the range"),
            used,
        )
    other = figs.value(claim.nodes[1])
    if rule == "part-of":
        ok = computed <= other
        share = computed / other if other else float("nan")
        if ok:
            ratio = f" (about 1 in {round(1 / share):,})" if 0 < share < 0.5 else ""
            return Verdict(
                CONFIRMED,
                f"{_fmt(computed)} of {_fmt(other)}",
                f"a part within its whole: {share * 100:.1f}%{ratio}",
                used,
            )
        return Verdict(
            CONTRADICTED,
            f"{_fmt(computed)} of {_fmt(other)}",
            f"the part ({_fmt(computed)}) is larger than the whole ({_fmt(other)})",
            used,
        )
    a, b, names, pa, pb = _pair(claim, figs)
    if rule == "same":
        computed_text = f"{_fmt(computed)} vs {_fmt(other)}"
        if computed != other:
            return Verdict(INCONSISTENT, computed_text, f"{names} differ by {_fmt(computed - other)}", used)
        if "unknown" in pa + pb:
            return Verdict(
                CONSISTENT,
                computed_text,
                f"same value in {names}; periods: {figs.period_text(a)} vs {figs.period_text(b)}",
                used,
            )
        if pa != pb:
            return Verdict(
                INCONSISTENT,
                computed_text,
                f"same value but different periods in {names}: {figs.period_text(a)} vs {figs.period_text(b)}",
                used,
            )
        return Verdict(CONFIRMED, computed_text, f"same value and period in {names}", used)
    ma = figs.months(a, claim.parameters.get("months"), "months")
    mb = figs.months(b, claim.parameters.get("compare_months"), "compare_months")
    ra, rb = computed / ma, other / mb
    if rule == "nested-period":
        if other < computed:
            return Verdict(
                INCONSISTENT,
                f"{_fmt(computed)} in {ma:g} months vs {_fmt(other)} in {mb:g} months",
                f"the longer period counts fewer: {names}",
                used,
            )
        extra = mb - ma
        if extra <= 0:
            ok = other == computed
            return Verdict(
                CONFIRMED if ok else INCONSISTENT, f"{_fmt(computed)} vs {_fmt(other)}", f"equal periods: {names}", used
            )
        r_rest = (other - computed) / extra
        ratio = max(ra, r_rest) / min(ra, r_rest) if min(ra, r_rest) > 0 else float("inf")
        text = (
            f"{_fmt(computed)} in {ma:g} months is {ra:,.1f} a month; the other {extra:g} months of the longer period "
            f"add {_fmt(other - computed)}, {r_rest:,.1f} a month"
        )
        if ratio <= RATE_FACTOR:
            return Verdict(
                CONFIRMED,
                f"{ra:,.1f} vs {r_rest:,.1f} a month",
                f"{text}: within a factor of {RATE_FACTOR:g} ({names})",
                used,
            )
        return Verdict(
            INCONSISTENT,
            f"{ra:,.1f} vs {r_rest:,.1f} a month",
            f"{text}: a factor of {ratio:,.1f} apart, beyond {RATE_FACTOR:g} ({names})",
            used,
        )
    ratio = max(ra, rb) / min(ra, rb) if min(ra, rb) > 0 else float("inf")
    text = f"{ra:,.2f} a month ({a}, {ma:g} months) vs {rb:,.2f} a month ({b}, {mb:g} months)"
    if ratio <= RATE_FACTOR:
        return Verdict(
            CONFIRMED, f"{ra:,.2f} vs {rb:,.2f} a month", f"{text}: within a factor of {RATE_FACTOR:g}", used
        )
    return Verdict(
        INCONSISTENT,
        f"{ra:,.2f} vs {rb:,.2f} a month",
        f"{text}: a factor of {ratio:,.1f} apart, beyond {RATE_FACTOR:g}",
        used,
    )


def ledger(claims: list[Claim], data: RawData) -> pd.DataFrame:
    figs = _Figures(data)
    rows = []
    for c in claims:
        try:
            v = judge(c, figs)
        except expr.ExpressionError as exc:
            raise ClaimsError(f"{c.file}, claim {c.claim_id} (row {c.row}), field 'checked_against': {exc}") from None
        sources = {figs.rows.loc[i, "source_id"] for i in v.figures_used}
        rows.append(
            {
                "claim_id": c.claim_id,
                "source_id": c.source_id,
                "claimed": c.claimed,
                "rule": c.rule,
                "computed": v.computed,
                "verdict": v.verdict,
                "explanation": v.explanation,
                "figures_used": " ".join(v.figures_used),
                "independent": "yes" if sources - {c.source_id} else ("no" if sources else ""),
                "quote": c.quote,
                "file": c.file,
            }
        )
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def run_ledger(paths, data: RawData) -> pd.DataFrame:
    return ledger(load_claims(paths, data), data)


def comparisons(data: RawData) -> pd.DataFrame:
    """What each outlet reported for the same measure, geography and crime type (groups with two or more sources)."""
    from . import vocab

    f = data.figures[data.figures["value"].notna() & (data.figures["measure"] == "victims_referred")]
    outlets = data.sources.set_index("source_id")["outlet"]
    geos = vocab.geographies(data.directory)
    cts = vocab.crime_types(data.directory)
    groups = []
    for (geo, ct), g in f.groupby(["geography", "crime_type"], sort=True):
        if g["source_id"].nunique() < 2:
            continue
        label = geos.names[geo] + ("" if ct == "all" else f": {cts.names[ct].lower()}")
        for _, r in g.sort_values("figure_id").iterrows():
            groups.append(
                {
                    "comparison": label,
                    "outlet": outlets[r["source_id"]],
                    "value": int(r["value"]),
                    "qualifier": r["qualifier"],
                    "period": period_label(r["period_start"], r["period_end"], r["period_text"]),
                    "figure_id": r["figure_id"],
                }
            )
    return pd.DataFrame(groups)


def report_markdown(table: pd.DataFrame, files: list[str]) -> str:
    lines = [
        "# Fact-check ledger",
        "",
        f"Claims files: {', '.join(files)}. One row per claim; the computed value comes from the published "
        "figures table.",
        "",
    ]
    counts = table["verdict"].value_counts()
    lines += ["| verdict | claims |", "|---|---|"] + [f"| {v} | {int(counts.get(v, 0))} |" for v in VERDICTS] + [""]
    for verdict in VERDICTS:
        group = table[table["verdict"] == verdict]
        if group.empty:
            continue
        lines += [
            f"## {verdict.capitalize()} ({len(group)})",
            "",
            "| claim | claimed | computed | explanation |",
            "|---|---|---|---|",
        ]
        for r in group.itertuples(index=False):
            cells = [f"`{r.claim_id}` ({r.source_id})", r.claimed, r.computed, r.explanation]
            lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def write_outputs(table: pd.DataFrame, output_dir, files: list[str]) -> list[Path]:
    """ledger.csv and report.md, atomically; returns the paths written."""
    from .export import resolve_output_dir
    from .io import frame_csv_bytes
    from .staging import write_set

    directory = resolve_output_dir(output_dir)
    ledger_path, report_path = directory / "ledger.csv", directory / "report.md"
    return write_set({ledger_path: frame_csv_bytes(table), report_path: report_markdown(table, files).encode()})
