"""Escaping for every medium (src/referrals/escaping.py), and every writer that puts data into one through it.

Each medium is tested the way it is read: Markdown rendered by nbconvert's renderer (mistune: the force pages, the
notebooks as HTML) and by a CommonMark renderer with tables that lets raw HTML through (markdown-it-py: a code host
with no sanitiser, the worst case), then parsed as HTML; HTML and JSON-in-a-script parsed as a browser tokenises
them. The writers' tests are the faults a hostile tester found (issue 24), each at the writer: a release's file
name in a force page, the chart page's spec, cross-check.md, notebook 09's summary, claimreview.json, report.md, the
site's links and the Datasette metadata. tests/test_hostile_pages.py opens the pages built from the same corpus in
Chromium.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import unquote

import hostile
import pandas as pd
import pytest
from conftest import ROOT, json_objects
from hostile import BAD_URLS, GOOD_URLS, PAYLOADS

from referrals.escaping import chart_text, file_name, html_text, md_code, md_link, md_text, plain, script_json, web_url
from referrals.sources import load_published

DATA = load_published()

#: Tags Markdown of escaped text may render to: structure only (a link only as the tests below allow).
STRUCTURE = {
    "p",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "h1",
    "h2",
    "strong",
    "blockquote",
    "code",
}


class Parsed(HTMLParser):
    """An HTML fragment as a browser's tokeniser reads it: its tags, attributes, text, and the text of its scripts."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._script = False
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        if tag == "script":
            self._script, self.scripts = True, [*self.scripts, ""]

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = False

    def handle_data(self, data):
        if self._script:
            self.scripts[-1] += data
        else:
            self.text.append(data)

    @property
    def words(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text)).strip()

    def hrefs(self) -> list[str]:
        return [value for tag, name, value in self.attributes if name == "href"]


def _mistune(markdown: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(markdown)


def _commonmark(markdown: str) -> str:
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    renderer.validateLink = lambda url: True  # no filter on link addresses either: the worst case
    return renderer.render(markdown)


RENDERERS = {"nbconvert": _mistune, "code host": _commonmark}
#: Where a phrase can sit in Markdown: (name, template).
CONTEXTS = [
    ("paragraph", "{}"),
    ("list item", "- {}"),
    ("table cell", "| a | b |\n|---|---|\n| {} | x |"),
    ("heading", "## {}"),
    ("bold", "**{}** and more"),
    ("quote", "> {}"),
]


def unsafe(markup: str) -> list[str]:
    """What in rendered HTML is more than text and structure: other tags, handlers, links that are not http(s) or
    an anchor on the page."""
    parsed = Parsed(markup)
    found = [f"<{t}>" for t in parsed.tags if t not in STRUCTURE | {"a"}]
    found += [f"<{t} {n}>" for t, n, _ in parsed.attributes if n.lower().startswith("on")]
    found += [f"href {h!r}" for h in parsed.hrefs() if not re.match(r"(https?://|#)", h, re.I)]
    return found


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- Markdown ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_md_text_renders_as_exactly_its_characters_wherever_it_sits(payload):
    """Markup, links, images, emphasis, table bars, headings, list markers, entities: all shown, none obeyed."""
    escaped = md_text(payload)
    assert "\n" not in escaped
    for context, template in CONTEXTS:
        for renderer, render in RENDERERS.items():
            out = render(template.format(escaped))
            assert unsafe(out) == [], (renderer, context, escaped, out)
            assert not Parsed(out).hrefs() or renderer == "nbconvert", ("no link of its own", context, out)
        if context in ("paragraph", "list item", "heading", "quote"):
            assert Parsed(_commonmark(template.format(escaped))).words == _words(plain(payload)), (context, escaped)
    cell = Parsed(_commonmark(CONTEXTS[2][1].format(escaped)))
    assert cell.tags.count("td") == 2, "the bars in it never split the cell"


@pytest.mark.parametrize(
    "text",
    ["2,672 victims of crime", "The Detail (with the Guardian)", "detail_total", "15 May 2023: 33.5%", "Kent Police"],
)
def test_md_text_leaves_words_and_ids_readable_in_the_file(text):
    assert md_text(text) == text


@pytest.mark.parametrize("url", BAD_URLS)
def test_md_link_links_only_http_addresses(url):
    for renderer, render in RENDERERS.items():
        out = render(md_link("the article", url))
        assert Parsed(out).hrefs() == [] and unsafe(out) == [], (renderer, url, out)
        assert Parsed(out).words == "the article"


@pytest.mark.parametrize("url", GOOD_URLS)
def test_md_link_keeps_an_http_address_whole_whatever_it_holds(url):
    link = md_link("the <b>article</b>", url)
    for renderer, render in RENDERERS.items():
        out = render(link)
        parsed = Parsed(out)
        assert unsafe(out) == [] and len(parsed.hrefs()) == 1, (renderer, link, out)
        assert unquote(parsed.hrefs()[0]) == url, (renderer, parsed.hrefs())
        assert parsed.words == "the <b>article</b>"


@pytest.mark.parametrize("url", BAD_URLS)
def test_web_url_refuses_what_is_not_http(url):
    assert web_url(url) == ""


@pytest.mark.parametrize("url", GOOD_URLS)
def test_web_url_keeps_http(url):
    assert web_url(url) == url


@pytest.mark.parametrize("text", ["detail_total", "a`b", "``x``", "`", "a|b", hostile.IMG])
def test_md_code_shows_its_text_as_code(text):
    out = Parsed(_commonmark(md_code(text)))
    assert out.tags == ["p", "code"] and out.words == text.strip()
    cell = Parsed(_commonmark(f"| a | b |\n|---|---|\n| {md_code(text, in_table=True)} | x |"))
    assert cell.tags.count("td") == 2 and "img" not in cell.tags


# --- HTML, JSON in a script, chart text, file names ---------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_text_is_text_in_an_element_and_in_an_attribute(payload):
    escaped = html_text(payload)
    parsed = Parsed(f"<p title=\"{escaped}\" class='{escaped}'>{escaped}</p>")
    assert parsed.tags == ["p"] and [n for _, n, _ in parsed.attributes] == ["title", "class"]
    assert {v for _, _, v in parsed.attributes} == {plain(payload)}
    assert "".join(parsed.text) == plain(payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_script_json_cannot_end_or_upset_its_script_element(payload):
    data = {"claimReviewed": payload, payload: [payload, 1, None], "é": "é"}
    text = script_json(data, indent=2)
    assert not re.search(r"[<>&\u2028\u2029]", text), "no character a page's parser could act on"
    assert json.loads(text) == data, "still JSON, reading back to the same data"
    page = Parsed(f'<script type="application/ld+json">{text}</script><p id="after">after</p>')
    assert page.tags == ["script", "p"] and json.loads(page.scripts[0]) == data
    assert "é" in text, "readable: non-ASCII text stays as it is"


def test_plain_and_chart_text_keep_one_line_without_controls_or_direction_overrides():
    assert plain("a\nb\r\nc\td\u2028e") == "a b c d e"
    assert plain("SYNTHETIC-\u202excod.exe\u202c") == "SYNTHETIC-xcod.exe", "no override to disguise a name"
    assert plain("\x1b[31mred\x00\x7f") == "[31mred"
    assert plain("zero\u200bwidth") == "zero\u200bwidth", "a zero-width space is harmless text"
    assert chart_text(f"Title\n{hostile.IMG}") == f"Title {hostile.IMG}", "Vega draws markup as text"
    assert plain(None) == ""


def test_file_name_is_the_name_alone_as_a_reader_sees_it():
    assert file_name(f"/tmp/x/{hostile.RELEASE_NAME}") == plain(hostile.RELEASE_NAME)
    assert "\u202e" not in file_name(hostile.RELEASE_NAME)


# --- the writers: each fault the hostile tester found -----------------------------------------------------------------


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    """The hostile SYNTHETIC release: its file name, sheet name, title rows and notes hostile."""
    from referrals.release import evidence

    path = hostile.write_release(ROOT, tmp_path_factory.mktemp("release"))
    return evidence.load(str(path), DATA.directory)


def test_a_force_page_shows_the_release_name_as_text(release):
    """Fault: `<img onerror>` in a release's file name ran in output/forces/kent.html (nbconvert renders the page's
    Markdown as HTML)."""
    from referrals.forcepages import ForcePage

    page = ForcePage("kent", "Kent Police", DATA, release)
    markdown = page.release_markdown()
    html = _mistune(markdown)
    assert unsafe(html) == [], unsafe(html)
    assert plain(release.label) in Parsed(html).words, "the release named as it is"
    hostile_name = ForcePage("kent", f"Kent {hostile.IMG} {hostile.MD_LINK}", DATA, release)
    for part in ("title_markdown", "published_markdown", "release_markdown", "request_markdown"):
        out = _mistune(getattr(hostile_name, part)())
        assert unsafe(out) == [], (part, unsafe(out))
        assert f"Kent {hostile.IMG} {hostile.MD_LINK}" in Parsed(out).words or part == "release_markdown", part


def test_the_force_pages_index_names_the_release_as_a_reader_sees_it():
    """The index of output/forces/ names the release's file: as text, without a direction override."""
    from referrals import forcebatch

    page = forcebatch._index({"kent": f"Kent {hostile.IMG}"}, f"/tmp/{hostile.RELEASE_NAME}")
    parsed = Parsed(page)
    assert "img" not in parsed.tags and "\u202e" not in page
    assert plain(hostile.RELEASE_NAME) in parsed.words and f"Kent {hostile.IMG}" in parsed.words


def test_a_chart_page_keeps_its_spec_whole_whatever_the_release_is_called(monkeypatch):
    """Fault: `<!--<script>` in a release's file name broke every release chart's HTML page (the spec's script
    element never ended where it should), exit 0."""
    from referrals import export

    monkeypatch.setattr(export, "vega_bundle", lambda: "/* the Vega libraries */")
    spec = {
        "title": {"text": f"Forces {hostile.IMG}"},
        "description": f"From {hostile.RELEASE_NAME} {hostile.END_SCRIPT}",
        "data": {"values": [{"label": hostile.COMMENT}]},
    }
    page = export.standalone_html(spec)
    body = page[page.index('<script type="application/json" id="spec">') :]
    spec_text = body[len('<script type="application/json" id="spec">') : body.index("</script>")]
    assert "<" not in spec_text and json.loads(spec_text) == spec
    parsed = Parsed(page)
    assert parsed.tags.count("script") == 3 and "img" not in parsed.tags
    assert f"Forces {hostile.IMG}" in "".join(parsed.text), "the title shown as text"
    assert ("div", "aria-label", f"Forces {hostile.IMG}") in parsed.attributes


def test_the_cross_check_report_shows_the_release_as_text(release):
    """Fault: raw HTML in a release's note rows passed into cross-check.md."""
    from referrals.release import crosscheck

    markdown = crosscheck.report_markdown(crosscheck.cross_check(release, DATA), release)
    for renderer, render in RENDERERS.items():
        out = render(markdown)
        assert unsafe(out) == [], (renderer, unsafe(out))
    words = Parsed(_commonmark(markdown)).words
    assert f"Notes: {hostile.MD_IMAGE} {hostile.SVG} {hostile.IMG} & {hostile.MARKDOWN}" in words
    assert f"sheet '{hostile.SHEET}'" in words and plain(release.label) in words


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    from referrals.ledger import run_ledger

    return run_ledger([str(hostile.write_claims(tmp_path_factory.mktemp("claims")))], DATA)


def test_the_notebook_summary_shows_outlets_and_quotes_as_text(ledger):
    """Fault: raw HTML and links in a claim's outlet passed into notebook 09's Markdown summary."""
    from referrals.ledger import summary_markdown

    markdown = summary_markdown(ledger)
    for renderer, render in RENDERERS.items():
        out = render(markdown)
        assert unsafe(out) == [] and Parsed(out).hrefs() == [], (renderer, out)
    # the outlet as running text writes it (writing.outlet turns its brackets into a comma phrase), as text
    from referrals import writing

    assert writing.outlet(f"{hostile.IMG} Daily {hostile.MD_LINK}") in Parsed(_commonmark(markdown)).words


def test_the_report_links_only_the_articles_and_shows_the_rest_as_text(ledger):
    """Fault: a `javascript:` link in report.md (Markdown link syntax in a claim's words)."""
    from referrals.ledger.write import report_markdown

    markdown = report_markdown(ledger.table, [f"claims/{hostile.IMG}.csv"])
    out = _commonmark(markdown)
    parsed = Parsed(out)
    assert unsafe(out) == [], unsafe(out)
    assert sorted(unquote(h) for h in parsed.hrefs()) == sorted(
        ['https://example.org/"><script>window.__pwned=1</script>', "https://example.org/?q=<img/src/onerror=alert(1)>"]
        + [DATA.sources.set_index("source_id").loc["detail-2023", "url"]]
    ), "each outlet linked to its article, nothing else linked"
    for text in (hostile.MD_LINK, hostile.END_SCRIPT, f"claims/{hostile.IMG}.csv", "=cmd|' /C calc'!A0"):
        assert text in parsed.words, text


def test_claimreview_json_can_be_embedded_in_a_page_as_it_is(ledger):
    """Fault: `</script>` unescaped in claimreview.json broke out of the page's JSON-LD script element."""
    from referrals.ledger import write_outputs
    from referrals.ledger.write import claimreview

    written = write_outputs(ledger, "output/test-escaping-ledger", ["claims.csv"], DATA)
    text = next(p for p in written if p.name == "claimreview.json").read_text(encoding="utf-8")
    assert not re.search(r"[<>&]", text)
    assert json.loads(text) == json.loads(json.dumps(claimreview(ledger.table, DATA)))
    page = Parsed(f'<script type="application/ld+json">{text}</script><p>after</p>')
    assert page.tags == ["script", "p"] and json.loads(page.scripts[0])["@graph"][0]["claimReviewed"]


def test_the_site_links_only_http_addresses_and_shows_claims_as_text():
    """The site's templates autoescape; an address from the data is linked only if it is http(s)."""
    from referrals import site, site_content

    claim = site_content.Claim(
        id="hostile",
        quote=hostile.END_SCRIPT,
        claimed="9,999",
        computed="",
        verdict="contradicted",
        explanation=hostile.IMG,
        outlet=f"{hostile.IMG} Daily",
        url="javascript:window.__pwned=1",
        details=[],
        notes=hostile.SVG,
    )
    source = {"url": "data:text/html,<script>window.__pwned=1</script>", "outlet": hostile.IMG, "title": "t"}
    source |= {"mirror": False, "published": "2023"}
    template = site._environment().from_string(
        '{% import "macros.html.j2" as m %}{{ m.findings([], claims, badges) }}{{ m.source_item(s) }}'
    )
    out = template.render(claims=[claim], badges=site_content.BADGES, s=source)
    parsed = Parsed(out)
    assert [h for h in parsed.hrefs() if not h.startswith("fact-check.html#")] == [""], parsed.hrefs()
    assert not {"img", "script", "svg", "iframe"} & set(parsed.tags), parsed.tags
    assert not [n for _, n, _ in parsed.attributes if n.startswith("on")]
    assert f"{hostile.IMG} Daily" in parsed.words and hostile.END_SCRIPT in parsed.words


def test_datasette_metadata_holds_plain_text_and_http_links_only():
    from referrals import explore

    sources = pd.DataFrame(
        [{"outlet": f"{hostile.IMG}\u202e", "title": "t\nx", "published": "2023", "url": hostile.BAD_URLS[0]}]
    )
    meta = explore.metadata([], sources)
    assert meta["source_url"] == "" and "\u202e" not in meta["source"] and "\n" not in meta["source"]
    keys = {k for node in json_objects(meta) for k in node}
    assert not [k for k in keys if k.endswith("_html")], "no raw HTML field (Datasette shows it as it is)"


def test_a_chart_summary_in_a_notebook_shows_the_data_as_text(monkeypatch):
    """notebook.narrative: the figure's finding and its data notes, as Markdown, escaped."""
    from types import SimpleNamespace

    from referrals import notebook

    said = []
    monkeypatch.setattr(notebook, "_say", said.append)
    built = SimpleNamespace(
        summary=lambda: f"Referred by {hostile.RELEASE_NAME} {hostile.MD_LINK}",
        text=SimpleNamespace(note=f"{hostile.END_SCRIPT} {hostile.MD_IMAGE}"),
        figure_ids=[],
    )
    notebook.narrative(built)
    for render in RENDERERS.values():
        out = render(said[0])
        assert unsafe(out) == [] and Parsed(out).hrefs() == [], out
    assert hostile.MD_IMAGE in Parsed(_commonmark(said[0])).words
