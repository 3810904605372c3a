"""Load, process, save: an article's numeric claims as a draft claims file for review.

load (article.py) -> sentences and numbers (mentions.py) -> what each counts (reading.py) ->
the kinds of claim (kinds.py) -> rows (rows.py), each checked by the ledger's own reader
(a proposal the ledger would refuse becomes a not-verifiable row that says why) -> save.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..csvfiles import csv_bytes
from ..errors import ClaimsError, ParameterError
from ..paths import project_root, relative
from ..sources import RawData, load_raw
from ..staging import write_file
from . import article as article_
from . import kinds, mentions
from .reading import Reading
from .rows import REVIEW, Draft, Row, Source, draft_columns

#: Where the draft goes unless --out says otherwise (output/ is git-ignored; so is claims/draft*.csv).
DEFAULT_OUT = "output/claims-draft.csv"
NOT_ABOUT = "not about referrals to the Home Office (no referring, reporting or calls in its sentence)"
REPEAT = "repeats a number stated earlier ('these 3,409 referrals')"


@dataclass
class Result:
    """What was drafted from one article: the rows, and every number left out with why."""

    article: article_.Article
    rows: list[Row]
    skipped: Counter = field(default_factory=Counter)
    skipped_examples: dict[str, list[str]] = field(default_factory=dict)
    sentences: int = 0

    def table(self) -> list[list[str]]:
        columns = draft_columns()
        return [[*(row.cells.get(c, "") for c in columns[:-1]), "; ".join(row.review)] for row in self.rows]


def source_for(data: RawData, source_id: str | None, outlet: str | None, url: str | None, page=None) -> Source:
    """The claims' source: a known source id, or a new outlet (its name and address are then needed)."""
    known = data.sources.set_index("source_id")
    if source_id and source_id in known.index:
        return Source(source_id, str(known.loc[source_id, "outlet"]), str(known.loc[source_id, "url"]), known=True)
    outlet = outlet or (page.site_name if page else "")
    url = url or (page.canonical_url if page else "")
    missing = [name for name, value in (("--outlet", outlet), ("--url", url)) if not value]
    if missing:
        what = f"--source-id {source_id} is not in data/raw/sources.csv" if source_id else "no --source-id was given"
        raise ParameterError(
            f"{what}: a new outlet needs {' and '.join(missing)} (its name and the page's address; the address is "
            "recorded in the draft, never fetched)"
        )
    if not re.fullmatch(r"https?://[!-~]+", url):
        raise ParameterError(f"--url {url!r}: must be an http(s) address (it is recorded, never fetched)")
    sid = source_id or re.sub(r"[^a-z0-9]+", "-", outlet.lower()).strip("-") or "draft"
    return Source(sid, outlet, url, known=False)


def draft(
    path: Path, source_id: str | None = None, outlet: str | None = None, url: str | None = None, data=None
) -> Result:
    """Every numeric claim of the article at `path`, proposed as rows of the claims format."""
    data = data or load_raw()
    page = article_.load(path)
    source = source_for(data, source_id, outlet, url, page)
    sentences = mentions.sentences(page.blocks)
    found = {s.index: mentions.find(s) for s in sentences}
    reading = Reading(sentences, found, data.directory)
    _skip_unrelated(reading)
    builder = Draft(reading, source, data.figures, data.sources)
    rows: list[Row] = []
    for s in sentences:
        for m in reading.claims(s.index):
            for kind in kinds.MENTION_KINDS:
                made = kind(m, reading, builder)
                if made is not None:
                    rows += made
                    break
        for kind in kinds.SENTENCE_KINDS:
            rows += kind(s.index, reading, builder)
    rows.sort(key=lambda row: (row.sentence, row.position))
    rows = _checked(rows, data)
    result = Result(page, rows, sentences=len(sentences))
    for mentions_ in found.values():
        for m in mentions_:
            if m.skip:
                result.skipped[m.skip] += 1
                result.skipped_examples.setdefault(m.skip, []).append(m.text)
    return result


def _skip_unrelated(reading: Reading) -> None:
    """Numbers in sentences that are not about referrals, and numbers that repeat an earlier one, are left out."""
    seen: set[float] = set()
    for s in reading.sentences:
        for m in reading.found[s.index]:
            if m.skip:
                continue
            if not reading.domain.get(s.index):
                m.skip = NOT_ABOUT
            elif (
                m.value is not None
                and m.value in seen
                and re.search(r"\b(?:these|those|the|such|this)\s+$", s.text[: m.start], re.I)
            ):
                m.skip = REPEAT
            elif m.value is not None and m.kind in ("count", "forces"):
                seen.add(m.value)


def _checked(rows: list[Row], data: RawData) -> list[Row]:
    """Each row as the ledger reads it; a row it refuses becomes not verifiable, with the ledger's message."""
    from ..ledger.read import load_claims

    columns = draft_columns()
    for _ in range(len(rows) + 1):
        if not rows:
            return rows
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "draft.csv"
            path.write_bytes(csv_bytes(columns[:-1], [[r.cells[c] for c in columns[:-1]] for r in rows]))
            try:
                load_claims([path], data)
                return rows
            except ClaimsError as exc:
                bad = re.search(r"claim (\S+) \(row", str(exc))
                row = next((r for r in rows if bad and r.cells["claim_id"] == bad.group(1)), None)
                if row is None or row.cells["rule"] == "not-verifiable":
                    raise
                _demote(row, str(exc).split(": ", 1)[-1])
    return rows


def _demote(row: Row, message: str) -> None:
    message = re.sub(r"^.*?field '(\w+)': ", r"\1: ", message)
    scope = ", ".join(
        f"{c}={row.cells[c]}"
        for c in ("measure", "geography", "crime_type", "period_start", "period_end")
        if row.cells[c]
    )
    row.review.insert(0, f"the ledger cannot check it as proposed ({message}); proposed scope was {scope or 'none'}")
    for column in ("measure", "geography", "crime_type", "period_start", "period_end", "period_months",
                   "checked_against", "compare_with", "parameters"):  # fmt: skip
        row.cells[column] = ""
    row.cells["rule"] = "not-verifiable"
    row.cells["reason"] = f"The words '{row.cells['claimed']}' cannot yet be read as a claim the ledger can check."


# --- save ---------------------------------------------------------------------------------------------


def output_file(out: str, article: Path) -> Path:
    """Where to write: any file except in data/ or figures/, a folder, the article itself, or a claims file the
    command did not write (a hand-written file is never overwritten)."""
    root = project_root()
    path = Path(out).expanduser()
    target = (path if path.is_absolute() else root / path).resolve()
    if str(out).endswith(("/", os.sep)) or target.is_dir():
        raise ParameterError(f"--out {out}: is a folder; give a file name, e.g. {DEFAULT_OUT}")
    for protected in ("data", "figures"):
        folder = (root / protected).resolve()
        if target == folder or folder in target.parents:
            raise ParameterError(f"--out {out}: {protected}/ holds the project's data and figures; write the draft "
                                 f"elsewhere, e.g. {DEFAULT_OUT}")  # fmt: skip
    if target == Path(article).resolve():
        raise ParameterError(f"--out {out}: is the article being read; write the draft elsewhere")
    if target.exists():
        header = _header(target)
        if REVIEW not in header:
            raise ParameterError(
                f"--out {out}: exists and is not a draft written by claims-from-text (it has no '{REVIEW}' column); "
                "it is never overwritten: choose another name"
            )
    return target


def save(result: Result, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    write_file(target, csv_bytes(draft_columns(), result.table()))
    return target


def _header(path: Path) -> list[str]:
    """The first line of a CSV file as its column names ([] if it is not readable as UTF-8 CSV). A draft may be
    empty, the header only, and is still a draft."""
    import csv

    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader([fh.readline(100_000)]), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def summary(result: Result, target: Path, source: str) -> list[str]:
    """What the command says: how many claims, what was left out and why, what to do next (in the house style)."""
    from .. import writing

    a = result.article
    lines = [
        f"Read {relative(a.path)} as {a.form}: {writing.plural(len(a.blocks), 'paragraph', words=False)}, "
        f"{writing.plural(result.sentences, 'sentence', words=False)}."
    ]
    if source:
        lines.append(writing.upper_first(source) + ".")
    if not result.rows:
        lines.append(f"No numeric claims found: wrote an empty draft (the header only) to {relative(target)}.")
    else:
        rules = Counter(r.cells["rule"] or "auto" for r in result.rows)
        kinds_ = ", ".join(f"{n:,} {'checked by scope' if k == 'auto' else k}" for k, n in rules.most_common())
        claims = writing.plural(len(result.rows), "claim", words=False)
        lines.append(f"{claims} proposed ({kinds_}); wrote {relative(target)}.")
    skipped = sum(result.skipped.values())
    if skipped:
        left = writing.plural(skipped, "number", words=False)
        lines.append(f"{left} left out as not claims about the data:")
        for reason, n in result.skipped.most_common():
            shown = ", ".join(dict.fromkeys(result.skipped_examples[reason]))
            lines.append(f"  {n:,} {reason}: {shown[:80]}")
    if result.rows:
        lines.append(
            "Review every row before relying on it (the review column says what was certain and what was guessed), "
            f"then run: python -m referrals ledger {relative(target)}"
        )
    return lines
