"""How well claims-from-text finds the hand-written claims: recall, scope agreement, verdict agreement, precision.

The articles: the seed article (The Detail, from REFERRALS_SOURCES) and, for every outlet in
other-published-figures.md and follow-up-reporting.md, its headline and quotes as paragraphs.
Each hand-written claim of those outlets (claims/published-claims.csv, follow-up-reporting.csv)
is matched to a draft row of the same outlet that states the same number (or the same kind of
rule); its scope and its ledger verdict are then compared.

Run it for the report: `.venv/bin/python tests/fromtext_eval.py` (prints every miss).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = "004_ec624c02610f79db.txt"
SEED_SOURCE = "detail-2023"
QUOTE_FILES = ("other-published-figures.md", "follow-up-reporting.md")
SCOPE = ("measure", "geography", "crime_type", "period_start", "period_end", "period_months")


def sources_folder() -> Path | None:
    folder = os.environ.get("REFERRALS_SOURCES")
    return Path(folder) if folder and (Path(folder) / SEED).is_file() else None


def outlet_articles(markdown: str, sources) -> list[tuple[str, str]]:
    """(source id, article text) for every section of a quotes file that has a URL and quotes."""
    out = []
    urls = {str(u).rstrip("/"): s for s, u in zip(sources["source_id"], sources["url"])}
    for section in re.split(r"\n(?=#{2,3} )", markdown):
        heading = section.split("\n", 1)[0].lstrip("#").strip()
        url = re.search(r"^- URL: (\S+)", section, re.M)
        quotes = re.findall(r"^  - (\".*\")\s*$", section, re.M)
        if not url or not quotes or url.group(1).rstrip("/") not in urls:
            continue
        title = re.search(r"\"(.+)\"", heading)
        headline = title.group(1) if title else heading
        paragraphs = [headline] + [q[1:-1].replace('\\"', '"') for q in quotes]
        out.append((urls[url.group(1).rstrip("/")], "\n\n".join(paragraphs)))
    return out


def key(row: dict) -> tuple:
    """What a claim states, for matching: its rule's kind, or its number as the words allow."""
    from referrals.wording import WordingError, read

    rule, claimed = row.get("rule", ""), row["claimed"]
    if rule in ("order", "same-period", "part-of"):
        return (rule,)
    if re.search(r"\b(?:highest|lowest|largest|most)\b", claimed, re.I):
        return ("rank",)
    if rule == "period-length":
        return ("length", read(claimed).number)
    if re.search(r"\bforces?\b", claimed, re.I) or row.get("measure") in ("forces", "forces_referring"):
        number = re.search(r"[0-9]+", claimed)
        return ("forces", int(number.group(0)) if number else None)
    try:
        c = read(claimed)
    except WordingError:
        return ("words", claimed.lower())
    return ("words", c.phrase) if c.phrase else ("number", c.number)


def canonical(row: dict, data) -> tuple:
    """A row's scope with every name resolved to its id (hand-written rows use names and aliases)."""
    from referrals import vocab
    from referrals.scope import split_ids

    if not row.get("measure"):
        return ()
    measure = vocab.measure_vocabulary(data.directory).resolve(row["measure"]).replace("-", "_")
    geos, types = vocab.geographies(data.directory), vocab.crime_types(data.directory)
    places = frozenset(geos.resolve(p) for p in split_ids(row["geography"]))
    crimes = frozenset(types.resolve(c) for c in split_ids(row["crime_type"]))
    period = (row.get("period_start") or "unknown", row.get("period_end") or "unknown", row.get("period_months", ""))
    return measure, places, crimes, period


@dataclass
class Evaluation:
    hand: list[dict] = field(default_factory=list)
    matched: dict[str, dict] = field(default_factory=dict)  # hand claim_id -> draft row
    drafts: list[dict] = field(default_factory=list)
    hand_verdicts: dict[str, str] = field(default_factory=dict)
    draft_verdicts: dict[str, str] = field(default_factory=dict)
    scope_same: dict[str, bool] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        return len(self.matched) / len(self.hand)

    @property
    def precision(self) -> float:
        return len(self.matched) / len(self.drafts)

    def verdict_same(self, cid: str) -> bool:
        row = self.matched.get(cid)
        return row is not None and self.draft_verdicts.get(row["claim_id"]) == self.hand_verdicts[cid]

    def misses(self) -> list[str]:
        lines = []
        for h in self.hand:
            cid, row = h["claim_id"], self.matched.get(h["claim_id"])
            if row is None:
                lines.append(f"not found: {cid} ({h['claimed']!r})")
                continue
            if not self.scope_same[cid]:
                got = ", ".join(f"{c}={row.get(c, '')}" for c in SCOPE if row.get(c, "") != h.get(c, ""))
                lines.append(f"scope differs: {cid} -> {row['claim_id']}: {got} (hand: rule={h.get('rule', '')!r})")
            if not self.verdict_same(cid):
                lines.append(
                    f"verdict differs: {cid} {self.hand_verdicts[cid]!r} -> {row['claim_id']} "
                    f"{self.draft_verdicts.get(row['claim_id'])!r}"
                )
        return lines


def evaluate(folder: Path, workdir: Path, only: str | None = None) -> Evaluation:
    """Draft every article, run the ledger on the drafts and on the hand-written files, and compare."""
    import csv

    from referrals import fromtext
    from referrals.ledger import DEFAULT_CLAIMS, run_ledger
    from referrals.sources import load_raw

    data = load_raw()
    articles = [(SEED_SOURCE, (folder / SEED).read_text(encoding="utf-8"))]
    for name in QUOTE_FILES:
        articles += outlet_articles((folder / name).read_text(encoding="utf-8"), data.sources)
    if only:
        articles = [a for a in articles if a[0] == only]
    ev = Evaluation()
    paths = []
    for n, (source_id, text) in enumerate(articles):
        article = workdir / f"{n:02d}-{source_id}.txt"
        article.write_text(text, encoding="utf-8")
        result = fromtext.draft(article, source_id, data=data)
        path = workdir / f"{n:02d}-{source_id}.csv"
        fromtext.save(result, path)
        if result.rows:
            paths.append(path)
        ev.drafts += [dict(r.cells) for r in result.rows]
    sources = {a[0] for a in articles}
    for claims in DEFAULT_CLAIMS:
        with open(ROOT / claims, encoding="utf-8") as fh:
            ev.hand += [r for r in csv.DictReader(fh) if r["source_id"] in sources]
    ev.hand_verdicts = {
        cid: v
        for cid, v in zip(*_verdicts(run_ledger([ROOT / c for c in DEFAULT_CLAIMS], data)))
        if cid in {h["claim_id"] for h in ev.hand}
    }
    ev.draft_verdicts = dict(zip(*_verdicts(run_ledger(paths, data))))
    free = list(ev.drafts)
    for h in ev.hand:
        want = key(h)
        candidates = [d for d in free if d["source_id"] == h["source_id"] and key(d) == want]
        if not candidates:
            continue
        best = max(candidates, key=lambda d: _score(h, d, data))
        free.remove(best)
        ev.matched[h["claim_id"]] = best
        same_rule = (h.get("rule") or "") == (best.get("rule") or "")
        ev.scope_same[h["claim_id"]] = (canonical(h, data) == canonical(best, data)) if h.get("measure") else same_rule
    return ev


def _verdicts(ledger) -> tuple[list[str], list[str]]:
    table = ledger.table
    return list(table["claim_id"]), list(table["verdict"])


def _score(h: dict, d: dict, data) -> int:
    score = 10 * ((h.get("rule") or "") == (d.get("rule") or ""))
    hc, dc = canonical(h, data), canonical(d, data)
    if hc and dc:
        score += sum(a == b for a, b in zip(hc, dc))
    return score


if __name__ == "__main__":
    import tempfile

    folder = sources_folder()
    if folder is None:
        sys.exit("set REFERRALS_SOURCES to the folder of the source documents")
    with tempfile.TemporaryDirectory() as tmp:
        ev = evaluate(folder, Path(tmp), sys.argv[1] if len(sys.argv) > 1 else None)
    found = len(ev.matched)
    scope = sum(ev.scope_same.values())
    verdicts = sum(ev.verdict_same(h["claim_id"]) for h in ev.hand)
    detail = [h["claim_id"] for h in ev.hand if h["source_id"] == SEED_SOURCE]
    print(f"hand-written claims: {len(ev.hand)}; found {found} (recall {ev.recall:.0%})")
    print(
        f"draft rows: {len(ev.drafts)}; matched {found} (precision against the hand-written files {ev.precision:.0%})"
    )
    print(f"same scope: {scope} of {found} found ({scope / max(found, 1):.0%})")
    print(f"same verdict: {verdicts} of {len(ev.hand)}")
    print(f"The Detail: same verdict {sum(ev.verdict_same(c) for c in detail)} of {len(detail)}")
    print("\n".join(ev.misses()))
    matched_ids = {d["claim_id"] for d in ev.matched.values()}
    print("\nunmatched draft rows:")
    for d in ev.drafts:
        if d["claim_id"] not in matched_ids:
            print(f"  {d['claim_id']}: {d['claimed']!r} | {d['quote'][:90]}")
