"""Writing the ledger: ledger.csv, comparisons.csv, report.md, claimreview.json, the claims chart's table and
the notebook's summary, all printed from the judged claims as `render` words them (no sentence is written here:
this module only places what `render` writes)."""

from __future__ import annotations

import collections
import io
import itertools
import multiprocessing
import os
import re
import shutil
import tempfile
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import counts, vocab, writing
from ..compare import CONFIRMED, CONSISTENT, CONTEXT, CONTRADICTED, INCONSISTENT, Comparison, Judgement
from ..csvfiles import csv_bytes, frame_csv_bytes
from ..errors import ParameterError
from ..escaping import md_link, md_text, script_json
from ..paths import figures_dir, output_dir, project_root, raw_dir, resolve_output
from ..scope import Scope, Universe, universe
from ..sources import RawData
from ..staging import replacing_files, write_set
from ..text import shown
from ..wording import INF, number_text
from . import render
from .judge import Entry, Judging, judge_all, judging
from .read import ClaimRow

LEDGER_COLUMNS = [
    "claim_id",
    "outlet",
    "url",
    "source_id",
    "quote",
    "claimed",
    "read_as",
    "what_it_counts",
    "measure",
    "geography",
    "crime_type",
    "period",
    "rule",
    "verdict",
    "explanation",
    "sources_say",
    "working",
    "statistics",
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
    "standard_errors",
    "explanation",
]


@dataclass
class Ledger:
    """Every claim judged (`entries`), each verdict in words (`rendered`), and the two tables written from them
    (ledger.csv, comparisons.csv)."""

    table: pd.DataFrame
    comparisons: pd.DataFrame
    entries: list[Entry]
    rendered: list[render.Rendered] = field(default_factory=list)


def said(entry: Entry) -> render.Said:
    """What a judged claim said, as the words need it."""
    r = entry.row
    who = writing.definite(writing.outlet(r.outlet))
    return render.Said(
        who, r.claimed_text, r.claimed, r.claim.scope if r.claim else None, r.claim.of if r.claim else None
    )


def rendered(entry: Entry, data: RawData, u: Universe | None = None) -> render.Rendered:
    """A judged claim's verdict in words (`u`: the data's vocabularies, when the caller has them already)."""
    rule = entry.row.rule
    checked = f"Checked as {rule.in_words}" if rule is not None and rule.in_words else ""
    u = u or universe(data.directory)
    return render.explain(entry.judgement, said(entry), u, origin=entry.origin, checked=checked)


def tabulate(entries: list[Entry], data: RawData, evidence: counts.Evidence | None = None) -> Ledger:
    """The judged claims with their ledger table (one row per claim) and comparisons table (one per figure);
    `evidence`: the published figures, when the caller has them already."""
    u = universe(data.directory)
    words = [rendered(e, data, u) for e in entries]
    return Ledger(_table(entries, words, data, evidence), _comparisons(entries, data), entries, words)


def _figure_text(figure_id: str, evidence: counts.Evidence) -> str:
    count = evidence.by_id(figure_id)
    if count is None:
        return figure_id
    return f"{figure_id}={count.shown()} ({count.scope.period.label()}; {count.outlet})"


def _computed(entry: Entry) -> str:
    """What a claim was computed from: the values of the figures that decided it, or each side of its rule."""
    if entry.row.rule is None:
        return "; ".join(dict.fromkeys(c.shown() for c in entry.used))
    return "; ".join(f"{text} = {number_text(value)}" if value is not None else text for text, value in entry.sides)


def _scope_columns(scope: Scope | None) -> dict[str, str]:
    """What a claim counts, as ledger.csv's columns (empty for a claim that gives no scope)."""
    if scope is None:
        return dict.fromkeys(("measure", "geography", "crime_type", "period"), "")
    return {
        "measure": scope.measure,
        "geography": "+".join(scope.places),
        "crime_type": "+".join(scope.crime_types),
        "period": scope.period.label(),
    }


def _table(
    entries: list[Entry], words: list[render.Rendered], data: RawData, evidence: counts.Evidence | None = None
) -> pd.DataFrame:
    return pd.DataFrame(_ledger_rows(entries, words, data, evidence), columns=LEDGER_COLUMNS)


def _ledger_rows(
    entries: list[Entry], words: list[render.Rendered], data: RawData, evidence: counts.Evidence | None = None
) -> list[dict]:
    """ledger.csv's rows, one per judged claim, each a dict of LEDGER_COLUMNS."""
    evidence = evidence or counts.published(data)
    sources = dict(zip(data.figures["figure_id"], data.figures["source_id"]))
    records = []
    for e, w in zip(entries, words):
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
                "read_as": w.read_as,
                "what_it_counts": w.counts,
                **_scope_columns(r.claim.scope if r.claim else None),
                "rule": r.rule.name if r.rule else "auto",
                "verdict": e.judgement.verdict,
                "explanation": w.line,
                "sources_say": w.sources_say,
                "working": " ".join(w.working),
                "statistics": " ".join(w.statistics),
                "computed": _computed(e),
                "figures_used": "; ".join(_figure_text(i, evidence) for i in e.figures),
                "independent": "yes" if used_sources - {r.source_id} else ("no" if used_sources else ""),
                "likely_origin": w.origin,
                "comparisons": len(e.judgement.comparisons),
                "notes": r.notes,
                "file": r.file,
            }
        )
    return records


def reader_comparisons(judgement: Judgement) -> list[Comparison]:
    """The comparisons a reader needs, in the order they were made: every one that bears on the verdict (a figure
    that agrees, holds, bounds the claim, has a rate that agrees or differs, or disagrees) and the context the
    verdict names. Context it does not name (figures of another place, group or months) is counted in ledger.csv's
    `comparisons` column, not listed: an archive of claims would otherwise list most of its figures for each."""
    named = judgement.context
    return [c for c in judgement.comparisons if c.outcome != CONTEXT or any(c is n for n in named)]


def _comparisons(entries: list[Entry], data: RawData) -> pd.DataFrame:
    return pd.DataFrame(_comparison_rows(entries, data), columns=COMPARISON_COLUMNS)


def _comparison_rows(entries: list[Entry], data: RawData) -> list[dict]:
    """comparisons.csv's rows, one per comparison a reader needs, each a dict of COMPARISON_COLUMNS."""
    u = universe(data.directory)
    return [
        c.row(e.row.claim, render.comparison_text(c, said(e), u))
        for e in entries
        if e.row.claim is not None
        for c in reader_comparisons(e.judgement)
    ]


# --- the report, ClaimReview and the files -------------------------------------------------------

SITE_PAGE = "fact-check.html"
REVIEWER = "Police referrals reproducibility project"
#: schema.org ratings for the verdicts a check can reach (a claim that cannot be checked gets none).
RATINGS = {CONFIRMED: 5, CONSISTENT: 4, INCONSISTENT: 2, CONTRADICTED: 1}


def report_markdown(table: pd.DataFrame, files: list[str], data: RawData | None = None) -> str:
    """The ledger for a desk: what it found, the repeated errors grouped by their likely origin, then every claim
    by verdict, the findings first, each with its verdict line and working (all in `render`'s words)."""
    report = Report(files, data)
    report.add(table.to_dict("records"))
    out = io.StringIO()
    report.write(out)
    report.close()
    return out.getvalue()


#: The verdicts whose claims report.md may group by a likely origin they share (the findings).
FINDINGS = (CONTRADICTED, INCONSISTENT)


class Report:
    """report.md, built as the judged claims pass (`add`, a chunk of ledger.csv's rows at a time, each a dict of
    LEDGER_COLUMNS) and written once
    they all have (`write`): its claims are grouped by verdict, after the findings that share a likely origin, so
    nothing can be written before the last claim is judged. What it keeps meanwhile is small: a finding's lines
    and the four fields grouping reads; every other claim's lines go to a scratch file for its verdict."""

    def __init__(self, files: list[str], data: RawData | None = None):
        self.files = files
        self.notes = _source_notes(data)
        self.unseen = _unseen_stories(data)
        self.verdicts: list[str] = []
        self.findings: list[dict] = []
        self.spooled: dict[str, typing.IO[str]] = {}  # verdict: its claims' lines, in the order judged

    def add(self, rows: list[dict]) -> None:
        for r in rows:
            verdict = r["verdict"]
            self.verdicts.append(verdict)
            lines = "".join(line + "\n" for line in _claim_lines(r))
            if verdict in FINDINGS:
                keep = ("claim_id", "verdict", "likely_origin", "outlet", "claimed", "source_id")
                self.findings.append({**{k: r[k] for k in keep}, "lines": lines})
            else:
                if verdict not in self.spooled:
                    self.spooled[verdict] = tempfile.TemporaryFile("w+", encoding="utf-8")
                self.spooled[verdict].write(lines)

    def write(self, out: typing.IO[str]) -> None:
        """The report, as `report_markdown` gives it, into `out` (text, ending in one line break)."""
        out = _Stripped(out)
        verdicts = self.verdicts
        counted = collections.Counter(verdicts)
        out.lines(
            "# Fact-check ledger",
            "",
            render.counts_sentence(verdicts),
            "",
            f"Claims files: {', '.join(_md(f) for f in self.files)}. Each claim is held against every published "
            "figure of the same measure whose place, crime types and period relate to it (claims/README.md explains "
            "how).",
            "",
            "| Verdict | Claims |",
            "|---|---|",
        )
        out.lines(*(f"| {writing.verdict_word(v)} | {counted[v]} |" for v in render.READING_ORDER if v in counted))
        out.lines("")
        grouped = set()
        for group in render.repeated_errors(
            self.findings,
            notes=lambda r: self.notes.get(r["source_id"], ""),
            unseen=lambda r: self.unseen.get(r["source_id"], ""),
        ):
            out.lines(f"## {_md(group.heading)}", "", f"{_md(group.text)} Likely origin: {_md(group.origin)}", "")
            for r in group.members:
                out.write(r["lines"])
                grouped.add(r["claim_id"])
            out.lines("")
        for verdict in [*render.READING_ORDER, *sorted(set(verdicts) - set(render.READING_ORDER))]:
            if verdict in self.spooled:
                n = writing.plural(counted[verdict], "claim")
                out.lines(f"## {writing.verdict_word(verdict)}: {n}", "")
                spool = self.spooled[verdict]
                spool.seek(0)
                shutil.copyfileobj(spool, out)
                out.lines("")
                continue
            group = [r for r in self.findings if r["verdict"] == verdict and r["claim_id"] not in grouped]
            if not group:
                continue
            more = any(r["verdict"] == verdict for r in self.findings if r["claim_id"] in grouped)
            n = writing.plural(len(group), "more claim" if more else "claim")
            out.lines(f"## {writing.verdict_word(verdict)}: {n}", "")
            for r in group:
                out.write(r["lines"])
            out.lines("")
        out.end()

    def close(self) -> None:
        for spool in self.spooled.values():
            spool.close()
        self.spooled = {}


class _Stripped:
    """Text written through to a file, less the whitespace it ends with, then one line break: what
    `text.rstrip() + "\n"` gives, for text written a piece at a time."""

    def __init__(self, out: typing.IO[str]):
        self.out = out
        self.pending = ""  # whitespace not yet known to be followed by more text

    def write(self, text: str) -> None:
        kept = text.rstrip()
        if kept:
            self.out.write(self.pending + kept)
            self.pending = text[len(kept) :]
        else:
            self.pending += text

    def lines(self, *lines: str) -> None:
        self.write("".join(line + "\n" for line in lines))

    def end(self) -> None:
        self.out.write("\n")


def _source_notes(data: RawData | None) -> dict[str, str]:
    if data is None:
        return {}
    return dict(zip(data.sources["source_id"], data.sources["notes"].astype(str)))


def _unseen_stories(data: RawData | None) -> dict[str, str]:
    """Each source that reprints a story whose original is not among the sources: the story it reprints (a version
    never read, which the report does not name as their source; the site says the same)."""
    if data is None or not {"role", "story"} <= set(data.sources.columns):
        return {}
    s = data.sources.fillna("").astype(str)
    retrieved = set(s["source_id"])
    unseen = (s["role"] == "restatement") & (s["story"] != "") & ~s["story"].isin(retrieved)
    return dict(zip(s.loc[unseen, "source_id"], s.loc[unseen, "story"]))


def _claim_lines(r: dict) -> list[str]:
    """One claim in the report: who printed it and their words, the verdict line, what it counts, the working."""
    out = [
        f"- **{md_link(writing.outlet(r['outlet']), r['url'])}**"
        f"{' (archived copy)' if writing.is_mirror(r['url']) else ''}: {_md(writing.quote(r['quote']))}",
        f"  - {_md(r['explanation'])}",
    ]
    if r.get("what_it_counts"):
        out.append(f"  - What it counts: {_md(writing.lower_first(r['what_it_counts']))}.")
    if r.get("working"):
        out.append(f"  - The working: {_md(r['working'])}")
    if r.get("statistics"):
        out.append(f"  - Statistics: {_md(r['statistics'])}")
    return out


def _md(text) -> str:
    """Text from a claims file or the ledger, safe inside Markdown (escaping.md_text): no raw HTML, links,
    emphasis or line breaks of its own."""
    return md_text(text)


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
    graph = [_review(r, published, reviewed) for r in table.to_dict("records")]
    return {"@context": "https://schema.org", "@graph": graph}


def _review(r: dict, published: dict, reviewed: str) -> dict:
    """One claim's ClaimReview (`r`: its row of ledger.csv)."""
    verdict = r["verdict"]
    rating = {
        "@type": "Rating",
        "alternateName": writing.verdict_word(verdict),
        "ratingExplanation": r["explanation"],
    }
    if verdict in RATINGS:
        rating.update({"ratingValue": RATINGS[verdict], "bestRating": 5, "worstRating": 1})
    item = {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": r["outlet"]},
        "appearance": {"@type": "CreativeWork", "url": r["url"]},
    }
    if published.get(r["source_id"]):
        item["datePublished"] = published[r["source_id"]]
    review = {
        "@type": "ClaimReview",
        "url": f"{SITE_PAGE}#claim-{r['claim_id']}",
        "claimReviewed": r["quote"],
        "author": {"@type": "Organization", "name": REVIEWER},
        "reviewRating": rating,
        "itemReviewed": item,
    }
    if reviewed:
        review["datePublished"] = reviewed
    return review


def claimreview_text(table: pd.DataFrame, data: RawData) -> str:
    """claimreview.json's text: safe to embed as it is in a page's <script type="application/ld+json"> (no '<',
    '>' or '&' unescaped)."""
    return script_json(claimreview(table, data), indent=2) + "\n"


class ClaimReviews:
    """claimreview.json written as the judged claims pass (`add`, a chunk of ledger.csv's rows at a time, each a dict
    of LEDGER_COLUMNS): the text `claimreview_text` gives for them all, one review at a time."""

    OPEN = '{\n  "@context": "https://schema.org",\n  "@graph": ['
    INDENT = "    "

    def __init__(self, out: typing.IO[str], data: RawData):
        self.out = out
        self.published = dict(zip(data.sources["source_id"], data.sources["published"]))
        self.reviewed = _review_date()
        self.written = 0

    def add(self, rows: list[dict]) -> None:
        for r in rows:
            text = script_json(_review(r, self.published, self.reviewed), indent=2)
            self.out.write((",\n" if self.written else self.OPEN + "\n") + self.INDENT)
            self.out.write(text.replace("\n", "\n" + self.INDENT))
            self.written += 1

    def end(self) -> None:
        self.out.write(("\n  ]" if self.written else self.OPEN + "]") + "\n}\n")


#: What the ledger writes into its folder (and the staging area it writes them through).
LEDGER_FILES = ("ledger.csv", "comparisons.csv", "report.md", "claimreview.json")
_OWN = {*LEDGER_FILES, ".staging"}


def ledger_folder(value) -> Path:
    """Where the ledger writes: the folder the user names, relative to the project folder (``output/fact-check``,
    ``../my-checks``, an absolute path). Refused, with one message: anywhere inside data/ or figures/ (the data and
    the built figures are never a ledger's), a path that is a file, and a folder holding anything the ledger did not
    write (its four files are replaced, so nothing of the user's is ever overwritten or mixed in). Under output/,
    the project's own outputs, the rules of every output folder apply (paths.resolve_output)."""
    text = str(value or "").strip()
    if not text:
        raise ParameterError("--out: give a folder for the ledger's files, e.g. output/fact-check or ../my-checks")
    root = project_root()
    target = Path(os.path.abspath(root / os.path.expanduser(text)))
    real = Path(os.path.realpath(target))
    for kept in (raw_dir(root).parent, figures_dir(root)):
        for where in {kept, Path(os.path.realpath(kept))}:
            if real == where or where in real.parents:
                raise ParameterError(
                    f"--out {shown(text)}: is inside {kept.name}/, which holds the project's "
                    f"{'data' if kept.name == 'data' else 'built figures'}; give another folder, e.g. "
                    "output/fact-check or ../my-checks"
                )
    if target.exists() and not target.is_dir():
        raise ParameterError(f"--out {shown(text)}: is a file; give a folder")
    outputs = output_dir(root)
    if target == outputs or outputs in target.parents:  # the project's own outputs, which builds replace
        return resolve_output(text, "--out")
    foreign = sorted(p.name for p in target.iterdir() if p.name not in _OWN) if target.is_dir() else []
    if foreign:
        listed = ", ".join(foreign[:3]) + (" ..." if len(foreign) > 3 else "")
        raise ParameterError(
            f"--out {shown(text)}: the folder holds files the ledger did not write ({listed}); give an empty or "
            "new folder, or the ledger's own from an earlier run"
        )
    return target


def write_outputs(ledger: Ledger, output_dir, files: list[str], data: RawData) -> list[Path]:
    """ledger.csv, comparisons.csv, report.md and claimreview.json, as one set, into the folder `ledger_folder`
    allows; returns the paths written."""
    directory = ledger_folder(output_dir)
    outputs = {
        directory / "ledger.csv": frame_csv_bytes(ledger.table),
        directory / "comparisons.csv": frame_csv_bytes(ledger.comparisons),
        directory / "report.md": report_markdown(ledger.table, files, data).encode("utf-8"),
        directory / "claimreview.json": claimreview_text(ledger.table, data).encode("utf-8"),
    }
    return write_set(outputs)


#: How many claims are judged and written at a time by `stream_outputs` (what is held in memory at once).
CHUNK = 500


def _rows_bytes(columns: list[str], rows: list[dict]) -> bytes:
    """Rows (dicts of `columns`) as `frame_csv_bytes` writes a table of them, without its header line."""
    return csv_bytes(columns, ([r[c] for c in columns] for r in rows)).split(b"\n", 1)[1]


@dataclass
class _Judged:
    """A chunk of claims judged, as the ledger's files need it: ledger.csv's rows (whose fields report.md and
    claimreview.json are written from) and both tables' lines of CSV."""

    rows: list[dict]
    ledger_csv: bytes
    comparisons_csv: bytes


def _judge_chunk(rows: list[ClaimRow], data: RawData, using: Judging) -> _Judged:
    """A chunk of claims judged: the rows `tabulate` puts in its two tables, written as CSV straight from them (the
    tables themselves, made and read back for each chunk, cost more than the CSV)."""
    entries = judge_all(rows, data, using=using)
    u = universe(data.directory)
    ledger_rows = _ledger_rows(entries, [rendered(e, data, u) for e in entries], data, using.evidence)
    comparison_rows = _comparison_rows(entries, data)
    return _Judged(
        ledger_rows, _rows_bytes(LEDGER_COLUMNS, ledger_rows), _rows_bytes(COMPARISON_COLUMNS, comparison_rows)
    )


#: What worker processes judge with: the data and `Judging` of the `stream_outputs` that started them (set before
#: they are forked, so each has them without their being sent).
_WORK: tuple = ()


def _judge_in_worker(rows: list[ClaimRow]) -> _Judged:
    return _judge_chunk(rows, *_WORK)


def workers() -> int:
    """How many processes judge an archive of claims: one per core, at most two (the budget is memory as much as
    time: each holds the data and a chunk's judgements); one where processes cannot be forked."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def _judged_chunks(rows: Iterator[ClaimRow], data: RawData, release, chunk: int, processes: int) -> Iterator[_Judged]:
    """The claims judged `chunk` at a time, in their order: here, or, when there is more than one chunk and more than
    one process, by `processes` worker processes forked from this one, with at most one chunk more than them in
    flight (claims are read only as fast as they are judged, so memory stays flat)."""
    chunks = iter(lambda: list(itertools.islice(rows, max(1, chunk))), [])
    first = next(chunks, [])
    using = judging(data, release)
    if processes <= 1 or len(first) < chunk:
        for part in itertools.chain([first] if first else [], chunks):
            yield _judge_chunk(part, data, using)
        return
    global _WORK
    _WORK = (data, using)
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            pending: collections.deque = collections.deque()
            for part in itertools.chain([first], chunks):
                pending.append(pool.apply_async(_judge_in_worker, (part,)))
                if len(pending) > processes:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()
    finally:
        _WORK = ()


#: The columns of ledger.csv `stream_outputs` returns: what the terminal prints of each claim.
PRINTED_COLUMNS = ["claim_id", "outlet", "quote", "verdict", "explanation"]


def stream_outputs(
    rows: Iterable[ClaimRow],
    data: RawData,
    output_dir,
    files: list[str],
    release=None,
    chunk: int = CHUNK,
    processes: int | None = None,
) -> tuple[pd.DataFrame, list[Path]]:
    """Judge the claims `chunk` at a time and write the ledger's files as they are judged: the same bytes as
    `write_outputs(tabulate(judge_all(rows)))`, as one set, holding only a few chunks of claims' comparisons and
    words at once (an archive of 50,000 claims: docs/fact-checkers.md). ledger.csv, comparisons.csv and
    claimreview.json are written in the claims' order; report.md, which groups them, keeps what it needs (`Report`).
    `rows` may be an iterator: claims are read as they are judged. `processes`: how many judge them (default
    `workers()`; the claims of one chunk are judged in this process).
    Returns ledger.csv's PRINTED_COLUMNS (what the terminal prints) and the paths written."""
    directory = ledger_folder(output_dir)
    targets = [directory / name for name in LEDGER_FILES]
    printed = []
    report = Report(files, data)
    processes = workers() if processes is None else processes
    created = [p for p in [directory, *directory.parents] if not p.exists()]  # deepest first
    try:
        with replacing_files(targets) as staged:
            with staged[0].open("wb") as ledger_csv, staged[1].open("wb") as comparisons_csv:
                with staged[3].open("w", encoding="utf-8", newline="") as reviews_json:
                    ledger_csv.write(csv_bytes(LEDGER_COLUMNS, []))
                    comparisons_csv.write(csv_bytes(COMPARISON_COLUMNS, []))
                    reviews = ClaimReviews(reviews_json, data)
                    for judged in _judged_chunks(iter(rows), data, release, chunk, processes):
                        ledger_csv.write(judged.ledger_csv)
                        comparisons_csv.write(judged.comparisons_csv)
                        reviews.add(judged.rows)
                        report.add(judged.rows)
                        printed += [{c: r[c] for c in PRINTED_COLUMNS} for r in judged.rows]
                    reviews.end()
            with staged[2].open("w", encoding="utf-8", newline="") as report_md:
                report.write(report_md)
    except BaseException:  # a bad claim read late, or an interruption: leave no folder this run made
        for folder in created:
            try:
                folder.rmdir()
            except OSError:  # not empty, or gone
                break
        raise
    finally:
        report.close()
    return pd.DataFrame(printed, columns=PRINTED_COLUMNS), targets


def printable(table: pd.DataFrame) -> str:
    """Each claim and its verdict line, for the terminal, then what the ledger found."""
    lines = []
    for r in table.itertuples(index=False):
        lines.append(f"{writing.outlet(r.outlet)}: {writing.quote(r.quote)}")
        lines.append(f"    {r.explanation}")
    lines.append("")
    lines.append(render.counts_sentence(list(table["verdict"])))
    return "\n".join(lines)


# --- the claims chart ----------------------------------------------------------------------------

#: The claims chart shows the claims that did not simply match (a confirmed claim sits on its figure).
CHART_VERDICTS = (CONSISTENT, CONTRADICTED, INCONSISTENT)


def _monthly(low: float, high: float, scope: Scope) -> tuple[float, float] | None:
    lo, hi = scope.period.length()
    if not lo or not hi:
        return None
    return low / hi, high / lo


CHART_COLUMNS = (
    *("group", "label", "kind", "verdict", "rate_low", "rate_high", "rate", "value", "period", "claim_id"),
    "figure_ids",
)


def chart_table(ledger: Ledger, data: RawData) -> pd.DataFrame:
    """Each claim that did not simply match, beside the figures that decided it, all as monthly rates so that
    different periods compare; only where the periods are known at least to the year. A claim with no upper
    limit ('at least 423') is drawn to just beyond the largest figure beside it."""
    flows = {m for m, row in vocab.measures(data.directory).items() if row.get("flow") == "yes"}
    rows = [row for e in ledger.entries if _charted(e, flows) for row in _chart_rows(e)]
    return pd.DataFrame(rows, columns=list(CHART_COLUMNS))


def _charted(entry: Entry, flows: set[str]) -> bool:
    """A claim without a rule that did not simply match, of a measure that flows over time: a count, never a share
    (a share has no monthly rate)."""
    claim = entry.row.claim
    return (
        entry.row.rule is None
        and claim is not None
        and claim.of is None
        and entry.judgement.verdict in CHART_VERDICTS
        and claim.scope.measure in flows
    )


def _chart_rows(e: Entry) -> list[dict]:
    """The claim and up to three of the figures that decided it, as monthly rates; none where a rate is unknown."""
    claimed, scope = e.row.claimed, e.row.claim.scope
    mine = _monthly(claimed.low, claimed.high, scope)
    decisive = [c for c in e.judgement.decisive if c.count.of is None]  # shares have no monthly rate
    theirs = [(c.count, _monthly(c.count.low, c.count.high, c.count.scope)) for c in decisive]
    theirs = [(count, rate) for count, rate in theirs if rate is not None and rate[1] != INF]
    if mine is None or not theirs:
        return []
    if claimed.high == INF:
        mine = (mine[0], max(max(rate[1] for _, rate in theirs) * 1.25, mine[0]))
    group = f"{e.row.outlet}: {e.row.claimed_text}"
    rows = [_chart_row(group, f"{e.row.outlet} (the claim)", "claim", e, mine, e.row.claimed_text, scope)]
    for count, rate in theirs[:3]:
        label = f"{count.outlet}: {count.shown()}"
        row = _chart_row(group, label, "published figure", e, rate, count.shown(), count.scope)
        rows.append({**row, "figure_ids": " ".join(_figure_ids_in(count.id))})
    return rows


def _figure_ids_in(count_id: str) -> list[str]:
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
    """The ledger's findings in sentences: what it found, then every wrong or disputed claim with its verdict."""
    table = ledger.table
    lines = [f"**{render.counts_sentence(list(table['verdict']))}**", ""]
    for r in table[table["verdict"].isin([CONTRADICTED, INCONSISTENT])].itertuples(index=False):
        lines.append(f"- **{_md(writing.outlet(r.outlet))}**, {_md(writing.quote(r.quote))}: {_md(r.explanation)}")
    return "\n".join(lines)
