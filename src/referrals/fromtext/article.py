"""Load: an article as blocks of text (headings and paragraphs), from plain text, Markdown or HTML.

HTML is read with the standard library's parser (scripts, styles and other hidden parts
left out); Markdown is rendered by mistune (already part of the runtime, through nbconvert)
and then read as HTML. A page's address is never fetched: the command reads a file. A file
that is not text (a PDF, a Word document, an image, UTF-16, anything with NUL bytes) is
refused with one message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..errors import UserError
from ..paths import relative

#: The largest article read (a long feature is about 100 KB of HTML; 20 MB is not an article).
MAX_BYTES = 20_000_000
#: A text block with fewer words than this and no closing punctuation is read as a heading.
HEADING_WORDS = 20

_SIGNATURES = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a zip archive (a Word or OpenDocument file?)",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"{\\rtf": "an RTF document",
}
_HIDDEN = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas", "nav", "footer"}
_BLOCKS = {
    "p", "div", "li", "ul", "ol", "blockquote", "section", "article", "aside", "header", "main", "figure",
    "figcaption", "table", "tr", "td", "th", "dd", "dt", "dl", "pre", "br", "hr", "title", "caption",
}  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class ArticleError(UserError):
    """An article that cannot be read as text."""

    kind = "article error"


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph of the article, as plain text."""

    text: str
    heading: bool = False


@dataclass
class Article:
    """What the article file holds: its blocks, and what its page says about itself (HTML only)."""

    path: Path
    form: str  # "text", "markdown" or "html"
    blocks: list[Block]
    canonical_url: str = ""
    site_name: str = ""


def load(path: Path) -> Article:
    """The article at `path` as blocks, or one ArticleError naming the file and what is wrong."""
    path = Path(path)
    text = _read_text(path)
    form = _form(path, text)
    if form == "html":
        return _from_html(path, text, "html")
    if form == "markdown":
        import mistune  # a pinned runtime package (requirements.in)

        return _from_html(path, mistune.html(text), "markdown")
    return Article(path, "text", _text_blocks(text))


def _read_text(path: Path) -> str:
    name = relative(path)
    if not path.exists():
        raise ArticleError(f"{name}: file not found")
    if not path.is_file():
        raise ArticleError(
            f"{name}: not a file (a folder or a device); give the article as a text, Markdown or HTML file"
        )
    if path.stat().st_size > MAX_BYTES:
        raise ArticleError(f"{name}: {path.stat().st_size:,} bytes is too large for an article (at most {MAX_BYTES:,})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{name}: cannot be read ({exc.strerror})") from None
    for signature, what in _SIGNATURES.items():
        if data.startswith(signature):
            raise ArticleError(f"{name}: is {what}, not text; copy the article's text into a .txt, .md or .html file")
    if b"\x00" in data:
        raise ArticleError(f"{name}: contains NUL bytes, so it is binary or UTF-16; save the article as UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save the article as UTF-8"
        ) from None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > max(2, len(text) // 1000):
        raise ArticleError(f"{name}: holds {controls} control characters, so it is not an article's text")
    return text


def _form(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    if re.match(r"\s*(<!doctype html|<html\b)", text, re.I):
        return "html"
    return "text"


def _text_blocks(text: str) -> list[Block]:
    """Paragraphs split at blank lines, their lines joined; a short line with no closing punctuation is a heading."""
    out = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if lines:
            out.append(_block(" ".join(lines)))
    return out


def _block(text: str, heading: bool | None = None) -> Block:
    text = re.sub(r"\s+", " ", text).strip()
    if heading is None:
        heading = len(text.split()) < HEADING_WORDS and not re.search(r"[.!?:;\"”’')]$", text)
    return Block(text, heading)


class _Reader(HTMLParser):
    """Collects the visible text of block elements, one block each; headings marked."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.hidden = 0
        self.heading = 0
        self.canonical = ""
        self.site = ""
        self.title = ""
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        if tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href", "")
        if tag == "meta":
            prop = (values.get("property") or values.get("name") or "").lower()
            if prop == "og:url" and not self.canonical:
                self.canonical = values.get("content", "")
            if prop == "og:site_name":
                self.site = values.get("content", "")
        if tag == "title":
            self.in_title = True
        if tag in _HIDDEN and tag != "head":
            self.hidden += 1
        elif tag in _BLOCKS or tag in _HEADINGS:
            self.flush()
            self.heading += tag in _HEADINGS

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _HIDDEN and tag != "head":
            self.hidden -= 1

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in _HIDDEN and tag != "head":
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS or tag in _HEADINGS:
            self.flush(heading=tag in _HEADINGS)
            if tag in _HEADINGS:
                self.heading = max(0, self.heading - 1)

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.hidden:
            self.parts.append(data)

    def flush(self, heading: bool = False):
        text = re.sub(r"\s+", " ", "".join(self.parts)).strip()
        self.parts = []
        if text:
            self.blocks.append(Block(text, heading or self.heading > 0))


def _from_html(path: Path, html: str, form: str) -> Article:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.flush()
    blocks = reader.blocks
    title = re.sub(r"\s+", " ", reader.title).strip()
    if title and not any(b.heading for b in blocks[:3]):
        blocks = [Block(title, True), *blocks]
    canonical = reader.canonical if re.fullmatch(r"https?://[!-~]+", reader.canonical or "") else ""
    return Article(path, form, blocks, canonical, reader.site.strip())
