"""The offline site: deterministic, accessible, and working in a real browser with the network blocked."""

from __future__ import annotations

import shutil
import warnings

import pytest
from browser import check_site, chromium
from conftest import ROOT

from referrals import site


@pytest.fixture(scope="module")
def built_site(built_project):
    root, _ = built_project
    site.build(root, root / "site")
    return root


@pytest.mark.slow
def test_site_is_deterministic(built_site, tmp_path):
    first = {
        p.relative_to(built_site / "site"): p.read_bytes() for p in (built_site / "site").rglob("*") if p.is_file()
    }
    site.build(built_site, tmp_path / "again")
    second = {p.relative_to(tmp_path / "again"): p.read_bytes() for p in (tmp_path / "again").rglob("*") if p.is_file()}
    assert first.keys() == second.keys() and first == second


@pytest.mark.slow
def test_site_pages_links_and_data(built_site):
    out = built_site / "site"
    pages = sorted(p.name for p in out.glob("*.html"))
    assert pages == [
        "01-data.html",
        "02-headline.html",
        "03-crime-types.html",
        "04-forces.html",
        "05-scotland.html",
        "06-psni.html",
        "07-honccu.html",
        "08-infographic.html",
        "09-fact-check.html",
        "10-force-crime-types.html",
        "11-months.html",
        "index.html",
    ]
    index = (out / "index.html").read_text()
    for target in [
        "09-fact-check.html",
        "data/fact-check/ledger.csv",
        "data/raw/figures.csv",
        "data/processed/published_figures.csv",
    ]:
        assert f'href="{target}"' in index and (out / target).exists(), target
    for page in out.glob("*.html"):
        text = page.read_text()
        assert "https://cdn" not in text and 'src="http' not in text, page.name
        assert '<html lang="en">' in text
    assert "Metropolitan Police Service: 460" in (out / "04-forces.html").read_text(), (
        "text description with the numbers"
    )


def _browser():
    executable = chromium()
    if executable is None:
        message = (
            "BROWSER TEST SKIPPED: Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)"
        )
        warnings.warn(message, stacklevel=2)
        print(f"\n{'!' * 20} {message} {'!' * 20}")
        pytest.skip(message)
    return executable


def test_the_tests_never_install_a_browser(monkeypatch):
    """`make test` must not run apt-get (as root, unasked): a missing Chromium means a loud skip."""
    import subprocess

    import browser

    def forbidden(*args, **kwargs):
        raise AssertionError(f"the test suite tried to run {args[0] if args else kwargs}")

    which = browser.shutil.which
    monkeypatch.setattr(browser.shutil, "which", lambda name: None if "chromium" in name else which(name) or name)
    monkeypatch.setattr(subprocess, "run", forbidden)
    assert browser.chromium() is None


@pytest.mark.browser
@pytest.mark.slow
def test_every_page_renders_offline_in_chromium(built_site):
    executable = _browser()
    shot = ROOT / "output" / "site-index.png"
    problems, seen = check_site(built_site / "site", executable, screenshot=shot)
    assert problems == []
    assert sum(len(v["charts"]) for v in seen.values()) == 9, (
        "eight figures from the notebooks, and the infographic again on the index"
    )
    assert shot.exists() and shot.stat().st_size > 10_000


@pytest.mark.browser
@pytest.mark.slow
def test_a_broken_chart_is_caught(built_site, tmp_path):
    executable = _browser()
    broken = tmp_path / "site"
    shutil.copytree(built_site / "site", broken)
    page = broken / "04-forces.html"
    text = page.read_text()
    assert '"marks":' in text
    page.write_text(text.replace('"marks":', '"marks": 42, "unused":', 1))
    problems, _ = check_site(broken, executable)
    assert any(p.startswith("04-forces.html: chart 1 did not render") for p in problems), problems
    assert any("04-forces.html: console error" in p for p in problems)
