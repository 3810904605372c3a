"""Text from data, escaped for the medium it is written into: Markdown, HTML, JSON inside a page, chart text.

Everything a reader sees that came from a file someone else wrote (a claims file's quote, outlet and link, a
release's file name, title and notes, a source's name) is untrusted: it may hold `<script>`, an `<img onerror>`,
`</script>`, `<!--`, Markdown link syntax with a `javascript:` address, or invisible characters that reorder the
text around them. Every writer composes its text from the functions here, one per medium, at the moment it writes
(never earlier, so that no text is escaped twice):

- `md_text`: a phrase inside Markdown (report.md, cross-check.md, a notebook's Markdown, a force page), which
  nbconvert, JupyterLab and code hosts render as HTML: no raw HTML, no links, images, emphasis or table breaks
  of its own. `md_link`: a link, kept only for an http(s) address. `md_code`: an id or a file name as code.
- `html_text`: text or a quoted attribute value in HTML written without a template (templates autoescape).
- `web_url`: an address a page may link to: http(s) only, else empty.
- `script_json`: JSON safe inside a `<script>` element (a chart's spec, JSON-LD): `<`, `>` and `&` as `\\u`
  escapes, so that no `</script>` or `<!--` can end or upset the element, and the file still parses as JSON.
- `chart_text`: words a chart draws (Vega draws text as text, never markup: only line breaks and invisible
  characters need taking out; the page around the chart escapes the rest).
- `file_name`: a file's name as a reader is shown it.

Each returns a new string; none changes what the text says.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import PurePath
from urllib.parse import urlsplit

#: Line and paragraph breaks of every kind: a phrase stays on its line (a Markdown list item, a table row).
_BREAKS = re.compile(r"[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
#: Control characters, and the bidirectional embeddings, overrides and isolates that can make text read in another
#: order than it is stored (a file name 'SYNTHETIC-\u202excod.exe' shows as 'SYNTHETIC-exe.docx').
_HIDDEN = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
#: Markdown's inline syntax: escapes, code, emphasis, links and images, tables, strikethrough, TeX (Jupyter).
_MD_INLINE = re.compile(r"[\\`*\[\]|~$]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
#: What starts a block at the start of a line: a heading, a list item, a setext underline, a numbered item.
_MD_LINE_START = re.compile(r"^(?:([#+=-])|(\d{1,9})([.)]))")
#: Characters a Markdown link's address may hold as they are; every other one is percent-encoded.
_URL_SAFE = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]")
_SCRIPT_UNSAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def plain(text) -> str:
    """One line of text as a reader should see it: every line break a space, control characters and the
    bidirectional overrides removed, ends trimmed. None is empty."""
    if text is None:
        return ""
    return _HIDDEN.sub("", _BREAKS.sub(" ", str(text))).strip()


def md_text(text) -> str:
    """A phrase safe anywhere inline in Markdown (a paragraph, a list item, a table cell, a heading): it renders
    as exactly these characters. HTML's `<`, `>` and `&` become entities; every character of Markdown's inline
    syntax is backslash-escaped (an underscore inside a word, which never marks emphasis, is left as it is, so
    that 'detail_total' reads plainly in the file); a heading, list or rule marker at its start is escaped too."""
    out = plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = _MD_INLINE.sub(lambda m: "\\" + m.group(0), out)
    return _MD_LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else f"{m.group(2)}\\{m.group(3)}", out)


def md_code(text, in_table: bool = False) -> str:
    """A code span (an id, a file name) safe in Markdown: fenced by more backticks than the text holds in a row,
    so nothing in it ends the span early; `in_table` escapes its bars, which a table would read as a cell's end."""
    body = plain(text)
    if not body:
        return ""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", body)), default=0) + 1)
    if body.startswith("`") or body.endswith("`"):
        body = f" {body} "
    return f"{fence}{body.replace('|', chr(92) + '|') if in_table else body}{fence}"


def web_url(url) -> str:
    """The address if a page may link to it (http or https, a host, no spaces nor control characters), else ''.
    `javascript:`, `data:`, `vbscript:`, relative and protocol-relative addresses are all refused."""
    text = "" if url is None else str(url).strip()
    if not text or _BREAKS.search(text) or _HIDDEN.search(text) or re.search(r"\s", text):
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or not text.lower().startswith(parts.scheme):
        return ""
    return text


def md_link(text, url) -> str:
    """`[text](url)` for an http(s) address, the text alone (escaped) for any other; the address percent-encoded
    where Markdown would read it as syntax (brackets, parentheses, angle brackets, quotes, spaces, bars)."""
    shown = md_text(text)
    address = web_url(url)
    if not address or not shown:
        return shown
    encoded = "".join(c if _URL_SAFE.fullmatch(c) else "".join(f"%{b:02X}" for b in c.encode()) for c in address)
    return f"[{shown}]({encoded})"


def html_text(text) -> str:
    """Text safe in HTML, as element content or inside a quoted attribute value (`&`, `<`, `>`, `"`, `'`)."""
    return html.escape(plain(text), quote=True)


def script_json(data, *, indent: int | None = None, sort_keys: bool = False) -> str:
    """JSON that can sit inside a `<script>` element (a chart's spec, a JSON-LD ClaimReview) whatever its strings
    hold: `<`, `>` and `&` as `\\u003c`, `\\u003e`, `\\u0026` (and the JavaScript line separators as escapes), so no
    `</script>`, `<!--` or `<script` can end the element or change how the page parses it. Still valid JSON that
    reads back to the same data."""
    return json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=sort_keys).translate(_SCRIPT_UNSAFE)


def chart_text(text) -> str:
    """Words a chart draws (a title, a label, its description): one line, without invisible characters. Vega
    draws text as text, so markup needs no escaping in the chart itself; the page the chart sits in escapes it."""
    return plain(text)


def file_name(path) -> str:
    """A file's name (not its folder) as a reader is shown it: one line, no control characters or bidirectional
    overrides. Escape it for the medium it goes into like any other text."""
    return plain(PurePath(str(path)).name)


__all__ = ["chart_text", "file_name", "html_text", "md_code", "md_link", "md_text", "plain", "script_json", "web_url"]
