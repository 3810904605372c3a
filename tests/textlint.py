"""The text lint over everything a reader reads, and the check that the site says no more than the ledger.

`page_blocks` splits a built page into its blocks of reader text (a paragraph, a list item, a heading, a cell,
the page title and description), keeping apart what the ledger wrote (inside `data-text="ledger"`: its verdict
sentences, which the ledger lane rewrites) from the site's own words. `lint_site` runs `writing.lint` over
every block of every page. `own_voice` and `unconfirmed_statements` find sentences the site states in its own
voice (not a quote, not a table row, not attributed to a source) that assert what the ledger does not confirm.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from referrals import vocab, writing

BLOCKS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "th",
    "td",
    "dt",
    "dd",
    "caption",
    "summary",
    "label",
    "option",
    "title",
    "figcaption",
    "span",
}
SKIP = {"script", "style", "code", "svg"}
#: Elements whose text the site does not state in its own voice: quotes of outlets, tables (every row names its
#: source), the fact-check's claims and what is attributed to a source.
NOT_OWN_VOICE = {"q", "table", "blockquote", "nav", "footer", "cite", "details", "select"}
NOT_OWN_CLASSES = {"quote", "attributed", "claim", "claim-list", "origin-group", "chart-key", "sources", "cell-quote"}


#: Blocks that hold a fragment (a cell, a value), not prose: their first word may be lower case ('at least 33').
FRAGMENTS = {"td", "th", "dd", "dt", "option", "label", "caption"}


class _Blocks(HTMLParser):
    """Reader text of a page, block by block: (text, ledger, own_voice, fragment); `own` holds the block's text
    with anything not in the site's own voice (a quote inside it) masked."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[dict] = []
        self.blocks: list[tuple[str, bool, bool]] = []
        self.meta: list[str] = []

    def _flag(self, key: str) -> bool:
        return any(frame[key] for frame in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "description":
            self.meta.append(attrs.get("content", ""))
        if tag in ("meta", "link", "br", "img", "input", "col", "hr", "source"):
            return
        classes = set((attrs.get("class") or "").split())
        frame = {
            "tag": tag,
            "skip": tag in SKIP,
            "ledger": attrs.get("data-text") == "ledger",
            "other": tag in NOT_OWN_VOICE or bool(classes & NOT_OWN_CLASSES) or attrs.get("data-text") == "ledger",
            "block": tag in BLOCKS and not (tag == "span" and not classes & {"finding", "chart-subtitle"}),
            "text": [],
            "own": [],
        }
        if frame["ledger"]:
            frame["block"] = True
        self.stack.append(frame)

    def handle_endtag(self, tag):
        while self.stack:
            frame = self.stack.pop()
            self._close(frame)
            if frame["tag"] == tag:
                return

    def _close(self, frame):
        text = re.sub(r"\s+", " ", "".join(frame["text"])).strip()
        if frame["block"]:
            if text:
                ledger = frame["ledger"] or self._flag("ledger")
                own = not (frame["other"] or self._flag("other"))
                said = re.sub(r"\s+", " ", "".join(frame["own"])).strip()
                self.blocks.append((text, ledger, own, frame["tag"] in FRAGMENTS, said))
        elif self.stack:
            pad = " " if frame["tag"] == "span" else ""
            self.stack[-1]["text"].append(pad + "".join(frame["text"]) + pad)
            self.stack[-1]["own"].append(pad + ("\u2026" if frame["other"] else "".join(frame["own"])) + pad)

    def handle_data(self, data):
        if self._flag("skip") or not self.stack:
            return
        self.stack[-1]["text"].append(data)
        self.stack[-1]["own"].append(data)

    def close(self):
        super().close()
        while self.stack:
            self._close(self.stack.pop())


def page_blocks(html: str) -> tuple[list[tuple[str, bool, bool]], list[str]]:
    """(blocks, meta descriptions): each block (text, written by the ledger, stated in the site's own voice)."""
    blocks, meta = _page(html)
    return [b[:3] for b in blocks], meta


def _page(html: str):
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks, parser.meta


def known_ids(root: Path) -> set[str]:
    """The project's ids a reader must never see: figures, claims, sources."""
    ids = set(pd.read_csv(root / "data" / "raw" / "figures.csv", dtype=str)["figure_id"])
    ids |= set(pd.read_csv(root / "data" / "raw" / "sources.csv", dtype=str)["source_id"])
    for path in (root / "claims").glob("*.csv"):
        ids |= set(pd.read_csv(path, dtype=str)["claim_id"])
    return ids


def lint_site(site: Path, ids: set[str]) -> tuple[list[str], list[str]]:
    """(problems in the site's own words, problems in the ledger's words) over every page of a built site."""
    own, ledger = [], []
    for page in sorted(site.glob("*.html")):
        blocks, meta = _page(page.read_text(encoding="utf-8"))
        for text, from_ledger, _, fragment, _ in blocks + [(m, False, True, False, m) for m in meta]:
            problems = writing.lint(text, ids, fragment=fragment)
            if not from_ledger:  # the site's own words name no project file: a reader has no repository open
                problems += [f"a file path shown to readers: {f!r}" for f in FILE_PATH.findall(text)]
            for problem in problems:
                (ledger if from_ledger else own).append(f"{page.name}: {problem} in {text[:90]!r}")
    return sorted(set(own)), sorted(set(ledger))


#: A project file named in prose ('docs/style.md', 'data/raw/figures.csv'): a developer's word, not a reader's.
FILE_PATH = re.compile(r"\b(?:docs|data|src|tests|notebooks|claims|output|figures)/[\w./-]+\.(?:md|py|ipynb|toml)\b")


def acronyms(site: Path) -> list[str]:
    """One name, one acronym, across the site's own words: a unit called 'the National Command and Control Unit
    (NCCU)' on one page is not '(HONCCU)' on another. Names are told apart by the two words before the bracket."""
    found: dict[str, dict[str, set[str]]] = {}
    for page in sorted(site.glob("*.html")):
        blocks, _ = _page(page.read_text(encoding="utf-8"))
        for text, from_ledger, own, *_ in blocks:
            if from_ledger or not own:
                continue
            for m in re.finditer(r"((?:[\w']+ ){2})\(([A-Z]{2,})\)", text):
                found.setdefault(m.group(1).strip(), {}).setdefault(m.group(2), set()).add(page.name)
    return [
        f"'{name} (…)' is " + " and ".join(f"({a}) on {', '.join(sorted(pages))}" for a, pages in sorted(seen.items()))
        for name, seen in sorted(found.items())
        if len(seen) > 1
    ]


def lint_lines(text: str, ids: set[str]) -> list[str]:
    """The lint over a text line by line (a report, a command's output)."""
    problems = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[-*] |#+ |\|)", "", line).strip()
        problems += [f"{p} in {line[:90]!r}" for p in writing.lint(line, ids)]
    return problems


def notebook_blocks(markdown: str) -> list[str]:
    """A notebook's Markdown (a cell, or an output a figure composed) as blocks of reader text: each heading,
    paragraph and list item, its hard-wrapped lines joined, code spans (`period_start`, a command) read as one
    capitalised word, since they are names, not prose."""
    blocks: list[list[str]] = []
    for para in re.split(r"\n\s*\n", markdown):
        blocks.append([])
        after_heading = False
        for line in para.strip().splitlines():
            if re.match(r"#+ |[-*] ", line) or after_heading:
                blocks.append([])
            after_heading = bool(re.match(r"#+ ", line))
            blocks[-1].append(re.sub(r"^(?:#+ |[-*] )", "", line.strip()))
    joined = (re.sub(r"`[^`]*`", "Code", " ".join(lines)) for lines in blocks)
    return [text for text in joined if text]


def lint_notebook(path: Path, ids: set[str]) -> list[str]:
    """The lint over what a reader of a committed notebook reads as prose: its Markdown cells and the Markdown
    outputs (a figure's finding and notes, the ledger's summary)."""
    import json

    problems = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        texts = ["".join(cell["source"])] if cell["cell_type"] == "markdown" else []
        texts += [
            "".join(o["data"]["text/markdown"]) for o in cell.get("outputs", []) if "text/markdown" in o.get("data", {})
        ]
        for text in texts:
            for block in notebook_blocks(text):
                problems += [f"{path.stem}: {p} in {block[:90]!r}" for p in writing.lint(block, ids)]
    return problems


# --- the site says no more than the ledger -----------------------------------------------------------

SUPERLATIVES = r"\b(?:highest|most|largest|biggest|more than any)\b"
#: A sentence whose words say whose claim it is: not the site's own voice.
ATTRIBUTED = re.compile(r"\b(?:reported|said|says|wrote|claimed|stated|reports) that\b|^According to\b", re.I)
#: Rules that confirm a relation between a claim's numbers, not the numbers themselves.
RELATIONS = ("part-of", "share", "period-length")
UNIVERSALS = r"\b(?:all|every|each)\b"
FRACTIONS = r"\b(?:a quarter|a third|half|a fifth|a tenth)\b"


def own_voice(site: Path) -> list[tuple[str, str]]:
    """(page, sentence) for every sentence the site states in its own voice."""
    out = []
    for page in sorted(site.glob("*.html")):
        blocks, meta = _page(page.read_text(encoding="utf-8"))
        for _, from_ledger, own, _, said in blocks + [(m, False, True, False, m) for m in meta]:
            if own and not from_ledger:
                out += [(page.name, s) for s in re.split(r"(?<=[.!?])\s+", said) if s and not ATTRIBUTED.search(s)]
    return out


def _numbers(text: str) -> list[str]:
    return [n.replace(",", "") for n in re.findall(r"\b\d[\d,]*\b", text)]


def signatures(ledger: pd.DataFrame, directory: Path) -> list[tuple[str, object]]:
    """What each claim the ledger does not confirm asserts, as a test over a sentence: (claim id, test).

    A number the claim prints that no confirmed claim prints (followed by the claim's own noun, where it has
    one: '87 trafficking'); a superlative about a named force; 'all', 'every' or 'each' of the forces; a
    fraction of a named group."""
    # a claim confirmed by a relation between its numbers ('43 of 34,093' is a part of the whole; 'nine-month' is
    # the period's length) confirms the relation, not that either number is checked: '43 calls' stays unchecked
    confirmed = ledger[(ledger["verdict"] == "confirmed") & ~ledger["rule"].isin(RELATIONS)]
    sure = {n for text in list(confirmed["claimed"]) + list(confirmed["computed"]) for n in _numbers(text)}
    forces = vocab.forces(directory)
    names = {
        f: [forces.names[f], *[a for a in forces.attributes[f].get("aliases", "").split("|") if len(a) > 3]]
        for f in forces.ids()
    }
    tests = []
    for _, claim in ledger[ledger["verdict"] != "confirmed"].iterrows():
        claimed, quote = str(claim["claimed"]), str(claim["quote"])
        words = re.sub(r"^[\d,]+\s*", "", claimed)
        for n in _numbers(claimed):
            if n in sure:
                continue
            noun = re.findall(r"[a-z]+", words.lower())
            pattern = rf"\b{n[:-3] + ',?' + n[-3:] if len(n) > 3 else n}\b" + (
                rf"\s+(?:\w+\s+){{0,2}}{noun[0]}" if noun else ""
            )
            tests.append((claim["claim_id"], lambda s, p=pattern: re.search(p, s, re.I)))
        if re.search(SUPERLATIVES, claimed + " " + quote, re.I):
            named = [n for f, ns in names.items() for n in ns if n.lower() in quote.lower()]
            if named:
                who = "|".join(map(re.escape, named))
                test = rf"(?:{who})[^.;]*{SUPERLATIVES}|{SUPERLATIVES}[^.;]*(?:{who})"
                tests.append((claim["claim_id"], lambda s, p=test: re.search(p, s, re.I)))
        if re.search(UNIVERSALS, claimed, re.I) and re.search(r"\bforces?\b", claimed, re.I):
            test = rf"{UNIVERSALS}(?:\s+of\s+the)?(?:\s+[\d,]+)?(?:\s+UK)?(?:\s+police)?\s+forces?\b"
            tests.append((claim["claim_id"], lambda s, p=test: re.search(p, s, re.I)))
        fraction = re.search(FRACTIONS, claimed, re.I)
        if fraction:
            test = rf"{re.escape(fraction.group(0))}\b"
            tests.append((claim["claim_id"], lambda s, p=test: re.search(p, s, re.I)))
    return tests


def unconfirmed_statements(site: Path, ledger: pd.DataFrame, directory: Path) -> list[str]:
    """Sentences the site states as fact that assert a claim the ledger rates other than confirmed."""
    found = []
    tests = signatures(ledger, directory)
    for page, sentence in own_voice(site):
        for claim_id, test in tests:
            if test(sentence):
                found.append(f"{page}: {sentence!r} states {claim_id} ({_verdict(ledger, claim_id)}) as fact")
    return sorted(set(found))


def _verdict(ledger: pd.DataFrame, claim_id: str) -> str:
    return str(ledger.loc[ledger["claim_id"] == claim_id, "verdict"].iloc[0])
