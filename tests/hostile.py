"""The hostile text corpus: what an attacker (or an unlucky copy and paste) can put in a claims file or a release,
and the checks that it stays text in every output.

Every payload that could run marks the page it runs in: it sets `document.title` to PWNED, calls `alert`, or sets
`window.__pwned`. `PROBE` is run in each page in Chromium (`probe_pages`) and reports any sign that one ran or
could: the flag, the title, an alert, an element with an `on...` attribute, a script element holding a payload,
a link or source with a `javascript:`, `data:` or `vbscript:` address, an uncaught page error.
"""

from __future__ import annotations

import csv
from pathlib import Path

MARK = "PWNED"
IMG = "<img src=x onerror=\"document.title='PWNED'\">"
SCRIPT = "<script>window.__pwned=1</script>"
END_SCRIPT = "</script><script>window.__pwned=1</script>"
COMMENT = "<!--<script>"
MD_LINK = "[click](javascript:window.__pwned=1)"
MD_IMAGE = "![x](javascript:window.__pwned=1)"
MD_REFERENCE = "[a][b] [b]: javascript:window.__pwned=1"
AUTOLINK = "<javascript:window.__pwned=1>"
SVG = "<svg onload=window.__pwned=1>"
ATTRIBUTE = '" onmouseover="window.__pwned=1" x="'
ENTITIES = "&lt;script&gt;window.__pwned=1&lt;/script&gt;"
TEMPLATE = "{{ 7*7 }} {% raw %} ${7*7}"
FORMULA = '=HYPERLINK("https://evil.example","x")'
MARKDOWN = "# heading **bold** _em_ `code` | cell | ~~gone~~ $x$ > quote"
RTL = "\u202eevil\u202c"
ZERO_WIDTH = "zero\u200bwidth"

#: Every payload, for the unit tests of each medium.
PAYLOADS = [
    IMG,
    SCRIPT,
    END_SCRIPT,
    COMMENT,
    MD_LINK,
    MD_IMAGE,
    MD_REFERENCE,
    AUTOLINK,
    SVG,
    ATTRIBUTE,
    ENTITIES,
    TEMPLATE,
    FORMULA,
    MARKDOWN,
    RTL,
    ZERO_WIDTH,
    "<a href='javascript:window.__pwned=1'>x</a>",
    "<iframe src=javascript:window.__pwned=1></iframe>",
    "<style>body{display:none}</style>",
    "line one\nline two\r\n---\n# not a heading",
    "\\<script>window.__pwned=1\\</script>",
    "1. numbered",
    "- listed",
    "+ listed",
    "    indented code",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "back\\slash\\",
    "*",
    "_",
    "&",
    "",
]
#: Addresses no page may link to, and addresses it may.
BAD_URLS = [
    "javascript:window.__pwned=1",
    "JavaScript:window.__pwned=1",
    " javascript:window.__pwned=1",
    "java\tscript:window.__pwned=1",
    "java\nscript:window.__pwned=1",
    "\x01javascript:window.__pwned=1",
    "data:text/html,<script>window.__pwned=1</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "/relative/path",
    "evil.example",
    "https://",
    "https:///path",
    "https://exa mple.org",
    "https://example.org/\u202ecod.exe",
    "",
    None,
]
GOOD_URLS = [
    "https://example.org/a?b=c&d=e#f",
    "http://example.org",
    "HTTPS://EXAMPLE.ORG/X",
    "https://example.org/)[y](javascript:window.__pwned=1)",
    'https://example.org/"><script>window.__pwned=1</script>',
    "https://example.org/<img/src/onerror=alert(1)>",
]

#: A release's file name: no '/' can be in it, so no '</script>'; everything else can (the tag before the comment, so
#: that the comment cannot hide it).
RELEASE_NAME = f"SYNTHETIC-{IMG}-[x](javascript:alert(1))-{COMMENT}-{{{{7*7}}}}-\u202e\u200b.xlsx"
SHEET = "<img src=x onerror=alert(1)>"


def write_claims(folder: Path) -> Path:
    """A claims file whose outlets, quotes, links and notes are hostile (every row still valid, so every one reaches
    every output): a wrong total from a new outlet (a finding, on the front page), a confirmed total, a bound."""
    rows = [
        {
            "claim_id": "hostile-new-outlet",
            "source_id": "hostile-outlet",
            "outlet": f"{IMG} Daily {MD_LINK}",
            "url": 'https://example.org/"><script>window.__pwned=1</script>',
            "quote": f"{END_SCRIPT} 9,999 victims {COMMENT} {SVG}",
            "claimed": "9,999",
            "notes": f"{TEMPLATE} {MD_IMAGE} {FORMULA} {ATTRIBUTE}",
        },
        {
            "claim_id": "hostile-quote",
            "source_id": "detail-2023",
            "quote": f"{MD_LINK} reported 2,672 {SCRIPT} {AUTOLINK}",
            "claimed": "2,672",
            "notes": f"{MARKDOWN} {ENTITIES}",
        },
        {
            "claim_id": "hostile-formula",
            "source_id": "hostile-formula-outlet",
            "outlet": "=cmd|' /C calc'!A0",
            "url": "https://example.org/?q=<img/src/onerror=alert(1)>",
            "quote": f"@SUM(1+1)*cmd|' /C calc'!A0 more than 2,000 {MD_REFERENCE}",
            "claimed": "more than 2,000",
            "notes": IMG,
        },
    ]
    scope = {
        "measure": "victims_referred",
        "geography": "uk",
        "crime_type": "all",
        "period_start": "2020-05",
        "period_end": "2022-09",
    }
    columns = ["claim_id", "source_id", "outlet", "url", "quote", "claimed", *scope, "notes"]
    path = folder / "SYNTHETIC-hostile-claims.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerows({**scope, **row} for row in rows)
    return path


def write_release(root: Path, folder: Path) -> Path:
    """The end-to-end tests' SYNTHETIC release (release_fixture.py), under a hostile file name, on a sheet with a
    hostile name, with hostile title rows and notes."""
    import openpyxl
    from release_fixture import write_release as write_table

    path = write_table(root, folder / RELEASE_NAME)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet.title = SHEET
    sheet.insert_rows(2, 2)
    sheet.cell(2, 1).value = f"Victims referred {SCRIPT} {MD_LINK} {TEMPLATE}"
    sheet.cell(3, 1).value = f"{END_SCRIPT} {COMMENT} {RTL} {ZERO_WIDTH} {FORMULA}"
    last = sheet.max_row
    sheet.cell(last + 1, 1).value = f"Notes: {MD_IMAGE} {SVG} {IMG} & {MARKDOWN}"
    sheet.cell(last + 2, 1).value = f"Note 2: {END_SCRIPT} {AUTOLINK} {ENTITIES}"
    book.save(path)
    return path


# --- in Chromium -------------------------------------------------------------------------------------------------

#: Runs before any script of the page: counts alerts, confirms and prompts as executions.
INIT = """
window.__pwned = 0;
window.__dialogs = 0;
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = function () { window.__dialogs += 1; };
}
"""
#: What a page shows of an injection: anything run, and anything that could run.
PROBE = r"""
() => {
  const bad = /^\s*(javascript|data|vbscript):/i;
  const picture = /^data:image\/(png|jpeg|gif|webp);/i;  // a notebook's plotted image: an <img> shows it, never runs it
  const all = Array.from(document.querySelectorAll('*'));
  const handlers = [];
  for (const el of all) {
    for (const a of Array.from(el.attributes)) {
      if (/^on/i.test(a.name)) { handlers.push(`<${el.tagName.toLowerCase()} ${a.name}>`); }
    }
  }
  const urls = [];
  for (const el of all) {
    for (const name of ['href', 'src', 'action', 'formaction', 'data', 'xlink:href']) {
      const value = el.getAttribute(name);
      const image = el.tagName.toLowerCase() === 'img' && name === 'src' && picture.test(value || '');
      if (value !== null && bad.test(value) && !image) {
        urls.push(`<${el.tagName.toLowerCase()} ${name}="${value.slice(0, 80)}">`);
      }
    }
  }
  const scripts = Array.from(document.scripts)
    .filter(s => !/json/i.test(s.type || '') && /__pwned|PWNED|alert\(1\)/.test(s.textContent))
    .map(s => s.outerHTML.slice(0, 120));
  const planted = Array.from(document.querySelectorAll('img[src="x"], iframe, object, embed'))
    .filter(el => !el.closest('.vega-embed, .vega-chart'))
    .map(el => el.outerHTML.slice(0, 120));
  return {
    title: document.title,
    flag: window.__pwned,
    dialogs: window.__dialogs,
    handlers: handlers,
    urls: urls,
    scripts: scripts,
    planted: planted,
    text: document.body ? document.body.innerText : document.documentElement.textContent,
    svgs: document.querySelectorAll('svg').length,
  };
}
"""


#: The text of the tooltip shown now (vega-tooltip's element), if any.
TOOLTIP = "() => { const t = document.getElementById('vg-tooltip-element'); return t ? t.textContent : ''; }"


def problems_of(where: str, seen: dict, errors: list[str]) -> list[str]:
    """What the probe saw that shows an injection ran, or could."""
    found = []
    if MARK in seen["title"]:
        found.append(f"{where}: the page's title was changed to {seen['title']!r}")
    if seen["flag"]:
        found.append(f"{where}: an injected script set window.__pwned")
    if seen["dialogs"]:
        found.append(f"{where}: an injected script opened {seen['dialogs']} dialog(s)")
    found += [f"{where}: an element with an event handler: {h}" for h in seen["handlers"]]
    found += [f"{where}: a script address: {u}" for u in seen["urls"]]
    found += [f"{where}: a script element holding a payload: {s}" for s in seen["scripts"]]
    found += [f"{where}: a planted element: {p}" for p in seen["planted"]]
    found += [f"{where}: page error: {e}" for e in errors]
    return found


#: What the mouse is moved over in each page, and how many of each: chart marks (their tooltips show the data's
#: words), then links.
MARKS = "g.mark-rect path, g.mark-symbol path"
HOVER = {
    ", ".join(f"{chart} {mark}" for chart in (".vega-chart", "#chart") for mark in MARKS.split(", ")): 30,
    "a[href]": 10,
}


def probe_pages(executable: str, paths: dict[str, Path]) -> tuple[list[str], dict[str, dict]]:
    """Open each page (HTML or SVG; by name) in headless Chromium with the network blocked, move the mouse over
    what a payload could hide behind (a chart's tooltips, links), and return the problems found and what each page
    showed (its text, how many SVG elements it drew)."""
    from browser import CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    seen: dict[str, dict] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(INIT)
        context.route(
            "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
        )
        for name, path in paths.items():
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.on("dialog", lambda d: d.dismiss())
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            page.wait_for_timeout(300)  # vega-embed draws after load
            tooltips = []
            for selector, most in HOVER.items():
                for element in page.query_selector_all(selector)[:most]:
                    try:
                        element.hover(timeout=250)
                    except Exception:  # a hidden or covered element cannot be hovered: nothing there to trigger
                        continue
                    tooltips.append(page.evaluate(TOOLTIP))
            info = page.evaluate(PROBE)
            info["tooltips"] = [t for t in tooltips if t]
            seen[name] = info
            problems += problems_of(name, info, errors)
            page.close()
        context.close()
        browser.close()
    return problems, seen
