"""The site in a real browser, as a reader meets it: headless Chromium, the network blocked, every page at a
desktop and a phone width, checked for what a reader would notice and by axe-core.

A page fails when it is wider than the screen, when a chart is wider than the screen, did not render, has no
accessible name of its own, clips a label or a mark (a bar, a square, a dot cut off by the chart's edge) or draws a
mark that does not hold 3:1 against its background (text
4.5:1), when its text holds notebook debris (dict prints, NaN, 'Wrote:' lists, whole numbers printed as
floats), when its headings skip a level, when it has no skip link, logs an error or tries the network, and when
axe-core finds a serious or critical violation.

Chromium is Debian's (`.ci/run` installs it; tests never do). axe-core comes from npm at a pinned version,
installed once into `output/.cache/axe/` and injected into each page from that local file.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WIDTHS = (1280, 390)
#: How far a chart's text must stay from the chart's right edge, in pixels: on a phone the chart's edge is the text
#: column's, and a value label that runs up to it (the PSNI's '13' at 3.8 px) reads as cut off even when it is not.
EDGE = 6
AXE_VERSION = "4.14.1"
MARKS = (
    "g.mark-rect > path, g.mark-symbol > path, g.mark-arc > path, g.mark-area > path, "
    "g.mark-rule > line, g.mark-text > text"
)
#: Text that only a notebook dump shows a reader: (JavaScript regular expression, what it is).
DEBRIS = [
    (r"\{'", "a printed dict ({')"),
    (r"\bNaN\b", "NaN"),
    (r"Wrote:", "a 'Wrote:' file list"),
    (r"figures/", "a file path (figures/)"),
    (r"\bdtype\b", "a pandas dtype"),
    (r"<chart ", "a notebook chart placeholder (<chart )"),
]
#: Whole numbers printed as floats in a table cell ('451.0').
FLOAT_CELL = r"\b\d+\.0\b(?!%)"

PAGE_CHECKS = """
(args) => {
  const lum = (rgb) => {
    const c = rgb.map(v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const parse = (s) => {
    const m = (s || '').match(/rgba?\\(([\\d.]+),\\s*([\\d.]+),\\s*([\\d.]+)(?:,\\s*([\\d.]+))?\\)/);
    if (!m || (m[4] !== undefined && Number(m[4]) === 0)) { return null; }
    return [Number(m[1]), Number(m[2]), Number(m[3])];
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const hex = (rgb) => '#' + rgb.map(v => v.toString(16).padStart(2, '0')).join('');
  const vw = document.documentElement.clientWidth;
  const charts = Array.from(document.querySelectorAll('.vega-chart')).map((el) => {
    const svg = el.querySelector('svg');
    const drawn = svg || el.querySelector('canvas') || el;
    const box = drawn.getBoundingClientRect();
    const bgEl = svg && svg.querySelector('.background');
    const bg = parse(bgEl ? getComputedStyle(bgEl).fill : '') || [255, 255, 255];
    const faint = new Set(), clipped = [], cut = [], crowded = [];
    el.querySelectorAll(args.marks).forEach((mark) => {
      const style = getComputedStyle(mark);
      const isText = mark.tagName.toLowerCase() === 'text';
      const fill = parse(style.fill), stroke = parse(style.stroke);
      const strokeWidth = parseFloat(style.strokeWidth) || 0;
      const opaque = parseFloat(style.fillOpacity || '1') > 0 && parseFloat(style.opacity || '1') > 0;
      if (!isText) {
        const r = mark.getBoundingClientRect();
        if (r.width + r.height > 0 && (r.right > box.right + 1 || r.left < box.left - 1 ||
                                       r.bottom > box.bottom + 1 || r.top < box.top - 1)) {
          cut.push(`a ${mark.tagName.toLowerCase()} at ${Math.round(r.left - box.left)} to ` +
                   `${Math.round(r.right - box.left)} px of a chart ${Math.round(box.width)} px wide`);
        }
      }
      if (isText) {
        const size = parseFloat(style.fontSize) || 12;
        const bold = Number(style.fontWeight) >= 700 || style.fontWeight === 'bold';
        const needed = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
        if (fill && opaque && ratio(fill, bg) < needed) {
          faint.add(`text ${hex(fill)} is ${ratio(fill, bg).toFixed(2)}:1 (needs ${needed}:1)`);
        }
        const r = mark.getBoundingClientRect();
        if (mark.textContent.trim() && (r.right > box.right + 1 || r.left < box.left - 1)) {
          clipped.push(mark.textContent.trim());
        } else if (mark.textContent.trim() && r.width > 0 && box.right - r.right < args.edge) {
          crowded.push(`'${mark.textContent.trim()}' ends ${(box.right - r.right).toFixed(1)} px from it`);
        }
      } else if (fill && opaque && ratio(fill, bg) < 3) {
        const outlined = stroke && strokeWidth >= 1 && ratio(stroke, bg) >= 3;
        if (!outlined) { faint.add(`mark colour ${hex(fill)} is ${ratio(fill, bg).toFixed(2)}:1 against ${hex(bg)}`); }
      } else if (!fill && stroke && strokeWidth > 0 && ratio(stroke, bg) < 3) {
        faint.add(`line colour ${hex(stroke)} is ${ratio(stroke, bg).toFixed(2)}:1 against ${hex(bg)}`);
      }
    });
    return {
      id: el.getAttribute('data-spec-id'),
      rendered: el.getAttribute('data-rendered'),
      marks: el.querySelectorAll(args.marks).length,
      name: el.getAttribute('aria-label') || (svg && svg.getAttribute('aria-label')) || '',
      left: box.left, right: box.right, width: box.width,
      faint: Array.from(faint), clipped: clipped, cut: cut, crowded: crowded,
    };
  });
  const cells = Array.from(document.querySelectorAll('td, th')).map(c => c.innerText);
  const first = document.querySelector('a[href], button, select, input, [tabindex]:not([tabindex="-1"])');
  const href = first ? (first.getAttribute('href') || '') : '';
  const hash = href.replace(/^[^#]*/, '');
  return {
    lang: document.documentElement.lang,
    viewport: vw,
    scrollWidth: document.documentElement.scrollWidth,
    charts: charts,
    text: document.body.innerText,
    floatCells: cells.filter(t => new RegExp(args.floatCell).test(t)),
    headings: Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).map(h => Number(h.tagName[1])),
    skip: first ? {href: href, text: first.innerText.trim(), target: hash.length > 1 && !!document.querySelector(hash)}
                : null,
  };
}
"""

AXE_RUN = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}
"""


def chromium() -> str | None:
    """Path to an installed Chromium, or None (tests never install one: `.ci/run` does)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def axe_script(cache: Path) -> Path | None:
    """axe-core's script at the pinned version, installed from npm into `cache` once; None if npm is missing."""
    script = cache / "node_modules" / "axe-core" / "axe.min.js"
    package = script.parent / "package.json"

    def ready() -> bool:
        return script.exists() and json.loads(package.read_text()).get("version") == AXE_VERSION

    if ready():
        return script
    npm = shutil.which("npm")
    if npm is None:
        return None
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [npm, "install", "--prefix", str(cache), "--no-save", "--no-package-lock", "--no-audit", "--no-fund"]
        + [f"axe-core@{AXE_VERSION}"],
        check=False,
        capture_output=True,
        timeout=600,
    )
    return script if ready() else None


def _page_problems(where: str, info: dict) -> list[str]:
    """What a reader would notice on one page at one width."""
    import re

    problems = []
    if info["lang"] != "en":
        problems.append(f"{where}: page language not set")
    if info["scrollWidth"] > info["viewport"]:
        problems.append(f"{where}: page is {info['scrollWidth']} px wide in a {info['viewport']} px screen")
    for chart in info["charts"]:
        name = f"{where}: chart {chart['id']}"
        if chart["rendered"] != "true" or chart["marks"] == 0:
            problems.append(f"{name} did not render (state {chart['rendered']}, {chart['marks']} marks)")
            continue
        if chart["width"] > info["viewport"] or chart["right"] > info["viewport"] + 0.5 or chart["left"] < 0:
            problems.append(f"{name} is {chart['width']:.0f} px wide in a {info['viewport']} px screen")
        if not chart["name"].strip() or chart["name"].strip().lower() == "vega visualization":
            problems.append(f"{name} has no accessible name of its own ({chart['name']!r})")
        problems += [f"{name}: {faint}" for faint in chart["faint"]]
        problems += [f"{name}: label clipped: {text!r}" for text in chart["clipped"]]
        problems += [f"{name}: label against the chart's right edge: {text}" for text in chart["crowded"]]
        if chart["cut"]:
            problems.append(f"{name}: {len(chart['cut'])} marks clipped by the chart's edge, e.g. {chart['cut'][0]}")
    for pattern, what in DEBRIS:
        if re.search(pattern, info["text"]):
            problems.append(f"{where}: notebook debris in the page text: {what}")
    problems += [f"{where}: a whole number printed as a float in a table cell: {c!r}" for c in info["floatCells"]]
    levels = info["headings"]
    if not levels or levels[0] != 1 or any(b > a + 1 for a, b in zip(levels, levels[1:])):
        problems.append(f"{where}: headings out of order {levels}")
    skip = info["skip"]
    if not skip or not (skip["href"] or "").startswith("#") or not skip["text"] or not skip["target"]:
        problems.append(f"{where}: no skip link to the content first on the page ({skip})")
    return problems


def _axe_problems(where: str, page, axe: Path) -> tuple[list[str], list[dict]]:
    page.add_script_tag(path=str(axe))
    violations = page.evaluate(AXE_RUN)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    return [
        f"{where}: axe {v['id']} ({v['impact']}): {v['help']}; e.g. {', '.join(v['targets'])}" for v in serious
    ], violations


def check_site(
    site: Path,
    executable: str,
    axe: Path | None,
    widths=WIDTHS,
    pages: list[str] | None = None,
    screenshots: Path | None = None,
) -> tuple[list[str], dict]:
    """Open every page (or the named ones) at each width with the network blocked; return the problems found
    and what was seen per page and width (charts, axe violations of any impact). With `screenshots`, a folder,
    it keeps what a reader sees at each width: the front page, the fact-check page and the HONCCU figure."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    seen: dict[str, dict] = {}
    paths = [site / p for p in pages] if pages else sorted(site.glob("*.html"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        for width in widths:
            context = browser.new_context(viewport={"width": width, "height": 900})
            blocked: list[str] = []

            def guard(route, blocked=blocked):
                if route.request.url.startswith("file:"):
                    route.continue_()
                else:
                    blocked.append(route.request.url)
                    route.abort()

            context.route("**/*", guard)
            for path in paths:
                where = f"{path.name} at {width} px"
                found, info = _check_page(context, path, where, axe)
                problems += found
                seen[where] = info
                if screenshots:
                    take_screenshots(info["page"], path.name, width, screenshots)
                info.pop("page").close()
            problems += [f"at {width} px: a request left the machine: {u}" for u in blocked]
            context.close()
        browser.close()
    return problems, seen


#: Screenshots a reader's view is judged by: (page, element or None for the whole page, file stem).
SCREENSHOTS = [
    ("index.html", None, "front-page"),
    ("fact-check.html", None, "fact-check"),
    ("northern-ireland.html", "#figure-honccu", "honccu"),
]


def take_screenshots(page, name: str, width: int, folder: Path) -> list[Path]:
    """The screenshots of `SCREENSHOTS` this page gives at this width, written into `folder`."""
    written = []
    for page_name, selector, stem in SCREENSHOTS:
        if page_name != name:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{stem}-{width}.png"
        if selector:
            page.locator(selector).screenshot(path=str(target))
        else:
            page.screenshot(path=str(target), full_page=True)
        written.append(target)
    return written


def _check_page(context, path: Path, where: str, axe: Path | None) -> tuple[list[str], dict]:
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    try:
        page.wait_for_function(
            "Array.from(document.querySelectorAll('.vega-chart')).every(e => e.hasAttribute('data-rendered'))",
            timeout=20000,
        )
    except Exception:
        errors.append("charts did not finish rendering in 20 s")
    page.evaluate("document.fonts.ready.then(() => true)")
    info = page.evaluate(PAGE_CHECKS, {"marks": MARKS, "floatCell": FLOAT_CELL, "edge": EDGE})
    problems = _page_problems(where, info) + [f"{where}: console error: {e}" for e in errors]
    violations: list[dict] = []
    if axe is not None:
        found, violations = _axe_problems(where, page, axe)
        problems += found
    summary = {
        "charts": [{k: c[k] for k in ("id", "rendered", "marks", "width", "name")} for c in info["charts"]],
        "scrollWidth": info["scrollWidth"],
        "axe": [f"{v['id']} ({v['impact']})" for v in violations],
        "page": page,
    }
    return problems, summary
