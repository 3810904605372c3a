"""Headless Chromium for the site test: found on PATH, never installed or downloaded by a test.

`.ci/run` installs Debian's chromium (and says so); elsewhere the browser test skips loudly when
Chromium is missing, so `make test` never runs a package manager behind the user's back.
"""

from __future__ import annotations

import shutil
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
MARKS = "svg .mark-rect path, svg .mark-text text, svg .mark-symbol path, svg .mark-rule line"


def chromium() -> str | None:
    """Path to Chromium if it is installed; None otherwise (the caller skips, saying why)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def check_site(site: Path, executable: str, screenshot: Path | None = None) -> tuple[list[str], dict]:
    """Open every page with the network blocked; return the problems found and what was seen per page."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    seen: dict[str, dict] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        blocked: list[str] = []

        def guard(route):
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        for path in sorted(site.glob("*.html")):
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(path.as_uri())
            try:
                page.wait_for_function(
                    "Array.from(document.querySelectorAll('.vega-chart')).every(e => e.hasAttribute('data-rendered'))",
                    timeout=15000,
                )
            except Exception:
                errors.append("charts did not finish rendering in 15 s")
            info = page.evaluate(
                """(marks) => ({
                    lang: document.documentElement.lang,
                    charts: Array.from(document.querySelectorAll('.vega-chart')).map(e => ({
                        rendered: e.getAttribute('data-rendered'),
                        marks: e.querySelectorAll(marks).length,
                        described: !!(document.getElementById(e.getAttribute('aria-describedby')) || {}).textContent,
                    })),
                    tables: document.querySelectorAll('figure.chart table.data').length,
                    headings: Array.from(document.querySelectorAll('h1, h2, h3, h4')).map(h => Number(h.tagName[1])),
                })""",
                MARKS,
            )
            seen[path.name] = info
            name = path.name
            if info["lang"] != "en":
                problems.append(f"{name}: page language not set")
            for i, chart in enumerate(info["charts"], start=1):
                if chart["rendered"] != "true" or chart["marks"] == 0:
                    problems.append(
                        f"{name}: chart {i} did not render (state {chart['rendered']}, {chart['marks']} marks)"
                    )
                if not chart["described"]:
                    problems.append(f"{name}: chart {i} has no text description")
            if info["tables"] < len(info["charts"]):
                problems.append(f"{name}: {len(info['charts'])} charts but {info['tables']} data tables")
            levels = info["headings"]
            if levels and levels[0] != 1 or any(b > a + 1 for a, b in zip(levels, levels[1:])):
                problems.append(f"{name}: headings out of order {levels}")
            problems += [f"{name}: console error: {e}" for e in errors]
            if name == "index.html" and screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot))
            page.close()
        problems += [f"request left the machine: {u}" for u in blocked]
        browser.close()
    return problems, seen
