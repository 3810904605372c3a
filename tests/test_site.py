"""The offline site: a publication, not a notebook dump. Deterministic, every number from the data, the ledger
readable and robust to new columns, and, in a real browser at a desktop and a phone width with the network
blocked, nothing wider than the screen, nothing clipped or faint, no debris and no serious axe violation.

The browser checks prove themselves: each negative test breaks a copy of the built site in one way a reader
would notice (a broken chart, a light colour, a chart too wide, notebook debris, an empty link) and asserts
the check names it.
"""

from __future__ import annotations

import html as html_module
import json
import re
import shutil
import string
import warnings

import pandas as pd
import pytest
from browser import axe_script, check_site, chromium
from conftest import ROOT

from referrals import site, site_content, writing
from referrals.sources import load_published

PAGES = [
    "crime-types.html",
    "data.html",
    "fact-check.html",
    "forces.html",
    "index.html",
    "northern-ireland.html",
    "overview.html",
    "scotland.html",
]
#: Charts per page: the infographic's panels on the front page (its headline is HTML), one per figure elsewhere.
CHARTS = {"index.html": 5, "crime-types.html": 1, "forces.html": 1, "scotland.html": 1}
CHARTS |= {"northern-ireland.html": 2, "fact-check.html": 1, "overview.html": 0, "data.html": 0}


@pytest.fixture(scope="module")
def built_site(built_project):
    root, _ = built_project
    site.build(root, root / "site")
    return root


def _text(html: str) -> str:
    """A page's reader text: no scripts, no tags."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.slow
def test_site_is_deterministic(built_site, tmp_path):
    first = {
        p.relative_to(built_site / "site"): p.read_bytes() for p in (built_site / "site").rglob("*") if p.is_file()
    }
    site.build(built_site, tmp_path / "again")
    second = {p.relative_to(tmp_path / "again"): p.read_bytes() for p in (tmp_path / "again").rglob("*") if p.is_file()}
    assert first.keys() == second.keys() and first == second


@pytest.mark.slow
def test_pages_by_topic_with_credits_links_and_data(built_site):
    out = built_site / "site"
    assert sorted(p.name for p in out.glob("*.html")) == PAGES
    index = (out / "index.html").read_text()
    for section in site_content.SECTIONS:
        assert f'href="{section.href}"' in index, section.slug
    sources = pd.read_csv(built_site / "data" / "processed" / "sources.csv", dtype=str)
    for url in sources["url"]:
        assert f'href="{url}"' in index, f"the front page links every original document: {url}"
    for credit in ("The Detail", "the Guardian", "Chris Scott"):
        assert credit in _text(index), credit
    for target in ["data/fact-check/ledger.csv", "data/raw/figures.csv", "data/processed/published_figures.csv"]:
        assert f'href="{target}"' in (out / "data.html").read_text() and (out / target).exists(), target
    for page in out.glob("*.html"):
        text = page.read_text()
        assert "https://cdn" not in text and 'src="http' not in text, page.name
        assert '<html lang="en">' in text and 'class="skip-link" href="#main"' in text, page.name


@pytest.mark.slow
def test_the_findings_lead_the_front_page_computed_from_the_data(built_site):
    """The headline is the finding; the figures' findings and the fact-check's (each wrong or disputed claim with
    its words and a link to its working) come before the infographic, all computed from the data."""
    from referrals import registry

    raw = load_published(built_site / "data" / "processed")
    html = (built_site / "site" / "index.html").read_text()
    text = _text(html)
    findings = text[: text.index("The infographic, rebuilt")]
    headline = registry.build("headline", raw)
    assert f"<h1>{html_module.escape(headline.text.title)}</h1>" in html, (
        "the headline is the finding, not the masthead"
    )
    for name in registry.INFOGRAPHIC_PANELS:
        assert _text(registry.build(name, raw).summary()) in findings, name
    ledger = pd.read_csv(built_site / "output" / "fact-check" / "ledger.csv", dtype=str, keep_default_na=False)
    for _, claim in ledger[ledger["verdict"].isin(site_content.FINDING_VERDICTS)].iterrows():
        assert f'href="fact-check.html#claim-{claim["claim_id"]}"' in html
        assert _text(writing.quote(claim["quote"])) in findings, claim["claim_id"]
    assert "Three outlets printed the same wrong number, 2,546" in findings, (
        "the repeated error grouped by its likely origin"
    )
    assert "2,656" in findings and "2,672" in findings, "the New Statesman's number against The Detail's"


@pytest.mark.slow
def test_the_ledger_page_has_every_claim_linkable_and_grouped(built_site):
    html = (built_site / "site" / "fact-check.html").read_text()
    ledger = pd.read_csv(built_site / "output" / "fact-check" / "ledger.csv", dtype=str, keep_default_na=False)
    for claim_id in ledger["claim_id"]:
        assert html.count(f'id="claim-{claim_id}"') == 1, claim_id
    order = [html.index(f'id="verdict-{v.replace(" ", "-")}"') for v in site_content.VERDICT_ORDER]
    assert order == sorted(order), "the findings first: contradicted, inconsistent, ..., confirmed"
    assert '<form class="filters" id="filters" hidden' in html, "filters appear only with JavaScript"


def test_the_ledger_is_read_by_column_name_and_new_columns_appear(tmp_path):
    """The lead adds columns (outlet, url, measure, likely_origin, anything new): they are shown, in words; outlet
    and url fall back to the sources table by source_id; a missing column breaks nothing."""
    raw = load_published(ROOT / "data" / "processed")
    path = tmp_path / "ledger.csv"
    pd.DataFrame(
        [
            {
                "claim_id": "a",
                "source_id": "ferret-2023",
                "claimed": "207",
                "computed": "207",
                "verdict": "confirmed",
                "explanation": "equal",
                "likely_origin": "a rounding",
                "measure": "victims_referred",
                "reviewed_by": "JB",
            },
            {
                "claim_id": "b",
                "source_id": "ferret-2023",
                "claimed": "9",
                "computed": "",
                "verdict": "a new verdict",
                "explanation": "",
                "outlet": "Another outlet",
                "url": "https://example.org/b",
                "likely_origin": "",
                "reviewed_by": "",
            },
        ]
    ).to_csv(path, index=False)
    claims = site_content.read_ledger(path, raw)
    assert claims[0].outlet == "The Ferret" and claims[0].url.startswith("https://theferret.scot/")
    details = {heading: str(value) for heading, value in claims[0].details}
    assert "a rounding" in details["Likely origin"] and 'data-text="ledger"' in details["Likely origin"]
    assert details["What it counts"].startswith("Victims of crime referred"), "the measure by its name, not its id"
    assert details["Reviewed by"] == "JB", "a column the site does not know is shown under its own name"
    assert claims[1].outlet == "Another outlet" and claims[1].url == "https://example.org/b"
    assert claims[1].details == [], "empty cells are left out"
    groups = site_content.ledger_groups(claims)
    assert [v for v, _ in groups] == ["confirmed", "a new verdict"], "an unknown verdict still gets its group"


def _literal_text(template: str) -> str:
    """A template's reader text: Jinja expressions, statements and comments, and HTML tags removed."""
    text = re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", " ", template, flags=re.S)
    text = re.sub(r"<script.*?</script>", " ", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def test_no_number_is_typed_into_the_site():
    """Every number a reader sees comes from the data: the templates and the site's labels hold no digit."""
    for path in sorted(site.TEMPLATES.glob("*.j2")):
        digits = re.findall(r"[^\s]*\d[^\s]*", _literal_text(path.read_text()))
        assert not digits, f"{path.name}: typed numbers {digits}"
    labels = [s.nav + s.heading for s in site_content.SECTIONS]
    labels += [h for h in site_content.COLUMN_HEADINGS.values() if h]
    labels += list(site_content.DETAIL_HEADINGS.values()) + list(site_content.QUALIFIER_WORDS.values())
    labels += [site.SITE_TITLE]
    assert not [w for w in labels if re.search(r"\d", w)]


def test_the_typed_number_scan_can_fail():
    assert re.findall(r"[^\s]*\d[^\s]*", _literal_text("<p>UK police referred 2,672 {{ n }} victims</p>")) == ["2,672"]


def test_the_notebook_narrative_used_on_the_site_holds_no_number():
    from referrals import registry

    raw = load_published(ROOT / "data" / "processed")
    for figure in registry.figures("published"):
        about = site_content.about(ROOT, registry.build(figure.name, raw))
        assert about, f"{figure.notebook} has a 'What it shows' paragraph"
        assert not re.search(r"\d", _text(about)), figure.name


def test_tables_show_reader_columns_and_formatted_numbers():
    from referrals import registry

    raw = load_published(ROOT / "data" / "processed")
    table = site_content.figure_table(registry.build("honccu", raw), "caption")
    assert table.headings == ["What was counted", "Calls", "Share of the row above"], "no column that never changes"
    assert table.note == "Every row: exact as published, from the Northern Ireland Policing Board.", (
        "said once, under the table"
    )
    assert table.rows[0][1:3] == [("34,093", True), ("\u2014", True)], "no NaN, commas, a dash for no share"
    assert table.rows[2][2] == ("24 of the 43", True), "a share of a small count as counts"
    crime = site_content.figure_table(registry.build("crime-types", raw), "caption")
    assert crime.rows[3][:3] == [("Domestic abuse", False), ("451", True), ("17%", True)]
    assert string.digits[0] not in "".join(crime.headings)


# --- in a real browser ---------------------------------------------------------------------------------


def _skip_loudly(message: str):
    warnings.warn(message, stacklevel=2)
    print(f"\n{'!' * 20} {message} {'!' * 20}")
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser_tools():
    executable = chromium()
    if executable is None:
        _skip_loudly("BROWSER TEST SKIPPED: Chromium is not installed (.ci/run installs it: apt-get install chromium)")
    axe = axe_script(ROOT / "output" / ".cache" / "axe")
    if axe is None:
        _skip_loudly("BROWSER TEST SKIPPED: axe-core could not be installed (npm missing or offline)")
    return executable, axe


@pytest.mark.long
@pytest.mark.browser
@pytest.mark.slow
def test_every_page_at_a_desktop_and_a_phone_width(built_site, browser_tools):
    executable, axe = browser_tools
    shots = ROOT / "output" / "screenshots"
    problems, seen = check_site(built_site / "site", executable, axe, screenshots=shots)
    assert problems == []
    for where, info in seen.items():
        page = where.split(" at ")[0]
        assert len(info["charts"]) == CHARTS[page], where
        assert all(c["marks"] > 0 for c in info["charts"]), where
    for stem in ("front-page", "fact-check", "honccu"):
        for width in (1280, 390):
            shot = shots / f"{stem}-{width}.png"
            assert shot.exists() and shot.stat().st_size > 10_000, shot


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.long
def test_nothing_overflows_at_a_small_phone_or_a_tablet_width(built_site, browser_tools):
    """The same checks, but axe, at the smallest phones' widths and a tablet's: nothing wider than the screen, no
    label or mark of any chart clipped (the HONCCU figure, clipped at every width on main, included)."""
    executable, _ = browser_tools
    problems, seen = check_site(built_site / "site", executable, None, widths=(320, 360, 768))
    assert problems == []
    assert len(seen) == 3 * len(PAGES)


def _spec(page_html: str, spec_id: str) -> tuple[str, dict]:
    match = re.search(rf'<script type="application/json" id="{spec_id}">(.*?)</script>', page_html, re.S)
    return match.group(1), json.loads(match.group(1))


def _in_spec(html: str, change) -> str:
    """The page with its chart's spec changed by `change(spec)`."""
    raw, spec = _spec(html, "spec-crime-types")
    change(spec)
    return html.replace(raw, json.dumps(spec))


def _too_wide(spec):
    spec["autosize"] = {"type": "pad"}
    spec["signals"] = [{"name": "width", "value": 2000} if s["name"] == "width" else s for s in spec["signals"]]


def _past_the_edge(spec):
    """Bars to half as far again as the chart is wide, with no autosizing: the longest bars are cut off."""
    spec["autosize"] = {"type": "none"}
    for scale in spec["scales"]:
        if scale["name"] == "x":
            scale["range"] = [0, {"signal": "width * 1.5"}]


def _no_room(spec):
    """Bars to the full width and no autosizing: the longest bar's value label falls off the chart."""
    spec["autosize"] = {"type": "none"}
    for scale in spec["scales"]:
        if scale["name"] == "x":
            scale["range"] = [0, {"signal": "width"}]


def _flush_right(spec):
    """Every value label moved to end exactly at the chart's right edge: inside it, so not clipped, but against it."""

    def walk(marks):
        for mark in marks:
            walk(mark.get("marks", []))
            update = mark.get("encode", {}).get("update", {})
            if mark.get("type") == "text" and update.get("dx", {}).get("value"):
                update.update(x={"signal": "width"}, align={"value": "right"}, dx={"value": 0})

    walk(spec["marks"])


#: One way to break the front of a page each, and the problem the browser check must name: (id, change, message).
BREAKAGES = [
    ("broken-chart", lambda h: h.replace('"marks": ', '"marks": 42, "unused": ', 1), r"chart spec-\S+ did not render"),
    ("light-colour", lambda h: h.replace("#0072B2", "#E69F00"), r"mark colour #e69f00 is 2\.25:1 against #ffffff"),
    ("faint-text", lambda h: h.replace("#1A1A1A", "#BBBBBB"), r"text #bbbbbb is 1\.\d\d:1 \(needs 4\.5:1\)"),
    ("too-wide", lambda h: _in_spec(h, _too_wide), r"chart spec-\S+ is 2\d\d\d px wide in a 390 px screen"),
    ("clipped-label", lambda h: _in_spec(h, _no_room), r"label clipped: '785 \(29%\)'"),
    ("clipped-mark", lambda h: _in_spec(h, _past_the_edge), r"marks clipped by the chart's edge, e\.g\. a path"),
    ("crowded-label", lambda h: _in_spec(h, _flush_right), r"label against the chart's right edge: '785 \(29%\)'"),
    ("no-name", lambda h: _in_spec(h, lambda s: s.pop("description")), r"has no accessible name of its own"),
    ("debris", lambda h: h.replace("<h1>", "<p>Wrote:\nfigures/x.png</p><h1>", 1), r"debris .*: a 'Wrote:' file list"),
    ("float-cell", lambda h: h.replace('class="num">451<', 'class="num">451.0<', 1), r"as a float .*'451\.0'"),
    ("empty-link", lambda h: h.replace("<h1>", '<a href="#main"></a><h1>', 1), r"axe link-name \(serious\)"),
    ("no-skip-link", lambda h: re.sub(r'<a class="skip-link"[^>]*>[^<]*</a>', "", h), r"no skip link"),
    ("heading-order", lambda h: h.replace("<h2>", "<h4>", 1).replace("</h2>", "</h4>", 1), r"headings out of order"),
]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.long
def test_the_browser_check_catches_each_breakage(built_site, browser_tools, tmp_path):
    """Break copies of a built page, one way each; the check must name every breakage (one browser run)."""
    executable, axe = browser_tools
    broken = tmp_path / "site"
    shutil.copytree(built_site / "site", broken)
    original = (broken / "crime-types.html").read_text()
    pages = []
    for name, change, _ in BREAKAGES:
        changed = change(original)
        assert changed != original, name
        (broken / f"broken-{name}.html").write_text(changed)
        pages.append(f"broken-{name}.html")
    problems, _ = check_site(broken, executable, axe, widths=(390,), pages=pages)
    print("\n".join(p.splitlines()[0] for p in problems))
    for name, _, expected in BREAKAGES:
        mine = [p for p in problems if p.startswith(f"broken-{name}.html ")]
        assert any(re.search(expected, p) for p in mine), (name, mine)


def test_figure_ids_in_an_explanation_link_to_their_row_on_the_data_page(built_site):
    """Every number in a verdict's reason leads to the published figure behind it (its source and words)."""
    fact_check = (built_site / "site" / "fact-check.html").read_text()
    data_page = (built_site / "site" / "data.html").read_text()
    links = set(re.findall(r'class="figure-ref" href="data\.html#(figure-[a-z0-9_]+)"', fact_check))
    raw = load_published(built_site / "data" / "processed")
    assert "figure-detail_total" in links and len(links) >= 20
    assert {f"figure-{i}" for i in raw.figures["figure_id"]} >= links
    assert all(f'<tr id="{anchor}">' in data_page for anchor in links)
    escaped = site_content.linked_figure_ids("<b>2,672</b> (detail_total, x)", {"detail_total"}, "data.html")
    assert str(escaped).startswith("&lt;b&gt;2,672&lt;/b&gt; (<a class=")


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


# --- what the site says in its own voice, and what it attributes (the sub-editor's review) -----------------


def _raw():
    return load_published(ROOT / "data" / "processed")


def test_a_measure_defined_by_a_document_is_that_documents_word():
    """'Referrals by email are not recorded' is the Home Office's answer, not the site's finding: attributed."""
    from referrals import registry

    raw = _raw()
    definition = registry.measure_definition(raw, "detail_total")
    assert definition.startswith("According to the Home Office, "), definition
    assert "email" in definition
    # a measure whose definition rests on no document is stated as it is
    assert not registry.measure_definition(raw, "nipb_honccu_calls").startswith("According to")


def test_counts_only_one_document_gives_are_attributed_to_it():
    """The 43 calls to check a victim: the Northern Ireland Policing Board's word (the ledger cannot check it)."""
    from referrals import registry

    raw = _raw()
    built = registry.build("honccu", raw)
    statements = built.statements()
    assert statements and all(s.attributed for s in statements)
    assert statements[0].text.startswith("The Northern Ireland Policing Board said that 43 of the 34,093 calls")
    section = site_content.SECTION_OF["honccu"]
    heading = section.heading.format(**{n: registry.build(n, raw).facts for n in section.figures})
    # only what the Board said, and whose calls they were: no ratio of the site's own put in its mouth
    assert "the Northern Ireland Policing Board said that 43 of the PSNI's 34,093 calls" in heading, heading
    assert "one in" not in heading and " its " not in heading, heading


def test_the_transcribers_notes_are_not_shown_as_findings():
    """data/raw/figures.csv's notes ('the period is the article's FOI period') are the transcriber's: no topic page
    shows them; the one that is a source's own word (the recording error) is said with what it is about."""
    from referrals import registry

    raw = _raw()
    notes = {str(n) for n in raw.figures["notes"] if str(n).strip()}
    for figure in registry.figures("published"):
        built = registry.build(figure.name, raw)
        shown = " ".join(site_content.data_notes(built, raw))
        assert not [n for n in notes if n in shown], figure.name
    forces = " ".join(site_content.data_notes(registry.build("forces", raw), raw))
    assert "The Home Office blamed a recording error for the 126 referrals with no force recorded." in forces


def test_a_small_share_in_a_table_is_one_in_n_of_the_real_whole():
    """20 of 2,672 is 133.6: about one in 134, from the table's own whole, not one recovered from a rounded share."""
    from referrals import registry

    crime = site_content.figure_table(registry.build("crime-types", _raw()), "caption")
    cells = {row[0][0]: row[2][0] for row in crime.rows}
    assert cells["Forced marriage"] == "about one in 134"
    assert cells["Domestic servitude"] == "about one in 223"


def test_a_count_from_a_sources_words_is_labelled_as_its_report():
    """'Each of the 43 forces ... and the PSNI' (45) is The Detail and the Guardian's report, which the ledger
    cannot check: the overview's table says so on its row."""
    from referrals import registry

    table = site_content.figure_table(registry.build("headline", _raw()), "caption")
    forces = next(row for row in table.rows if row[1][0] == "45")
    assert forces[2][0] == "as The Detail and the Guardian reported; cannot be checked"


def _claim(cid: str, source_id: str, raw, story: str, role: str = "restatement") -> site_content.Claim:
    record = site_content.source_record(raw, source_id)
    return site_content.Claim(
        id=cid,
        quote="2,546 victims",
        claimed="2,546",
        computed="",
        verdict="contradicted",
        explanation="Wrong: the five crime types add up to at most 1,989, not 2,546.",
        outlet=record["outlet"],
        url=record["url"],
        details=[],
        likely_origin="2,546 is the UK total of 2,672 minus the 126 referrals with no force recorded.",
        source_id=source_id,
        story=story,
        role=role,
    )


def test_a_reprinted_story_never_retrieved_is_not_named_as_their_source():
    """Three outlets reprint one story whose original is not among the sources: the site does not say they each
    took it from that version (it was never read), only that they apparently come from one unseen story."""
    raw = _raw()
    claims = [_claim(f"c{i}", s, raw, "guardian-2023") for i, s in enumerate(["firstpost-2023", "umorina-2023"])]
    (group,), _ = site_content.origin_groups(claims, raw)
    assert "the Guardian's version" not in group.text
    assert group.text.endswith("apparently from one story whose original we have not seen.")
    # a story whose original was retrieved is named: no such sentence
    seen = [_claim(f"d{i}", s, raw, "detail-2023") for i, s in enumerate(["firstpost-2023", "umorina-2023"])]
    (group,), _ = site_content.origin_groups(seen, raw)
    assert "not seen" not in group.text


def test_a_document_is_named_once_and_a_copy_says_so():
    raw = _raw()
    press = site_content.source_record(raw, "dac-2023")
    assert press["published"] == "", "the title already gives the date: not 'Press release, 9 November 2023, 9 ...'"
    copy = site_content.source_record(raw, "firstpost-2023")
    assert copy["link_words"] == "Firstpost (archived copy)", "a bare IP address is a stored copy"
    assert site_content.source_record(raw, "detail-2023")["link_words"] == "The Detail and the Guardian"
    claim = _claim("x", "firstpost-2023", raw, "guardian-2023")
    assert claim.link_words == "Firstpost (archived copy)"


def test_the_data_page_quotes_only_a_sources_words_and_names_its_charts(tmp_path):
    """A period is quoted only where the source's words name one; a note of the transcriber's is not quoted; a
    qualifier that limits what was counted follows the number; the charts' files are named as readers name them."""
    raw = _raw()
    table = site_content.published_table(raw)
    by_id = dict(zip(table.row_ids, table.rows))
    text = {fid[len("figure-") :]: (str(row[0][0]), row[1][0]) for fid, row in by_id.items()}
    assert "Period: \u201ca two year period\u201d." in text["ferret_scotland_total"][0]
    for fid in ("detail_thousands", "ferret_da_quarter_served"):
        assert "no period given." in text[fid][0].lower() and "\u201cnot stated" not in text[fid][0], fid
        assert "\u201cof the 451" not in text[fid][0], fid
    assert text["nipbis_telephone_contacts"][1] == "3,409, by telephone alone"
    assert text["psni_total"][1] == "at least 33"
    for name in ("headline", "psni", "scotland"):
        (tmp_path / "data" / "charts").mkdir(parents=True, exist_ok=True)
        (tmp_path / "data" / "charts" / f"{name}.csv").write_text("a\n1\n")
        (tmp_path / "data" / "charts" / f"{name}.png").write_bytes(b"")
    words = [row[1][0] for row in site_content.download_table(tmp_path, ROOT).rows]
    assert "The numbers the headline chart plots." in words and "The headline chart as an image." in words
    assert "The Police Scotland chart as an image." in words and "The numbers the PSNI chart plots." in words
    heading = site_content.section_heading(site_content.SECTIONS[-1], {}, {}, [], raw)
    assert heading == f"The site rests on {len(raw.figures)} published figures from {len(raw.sources)} documents"


def test_the_claims_files_shorthand_notes_are_not_shown_in_the_working(tmp_path):
    """'Years only.' and "A different FOI request (JCWI's)." are the claims file's shorthand for whoever reads the
    claim: the working says how the claim's words were read, so the notes are not shown to readers."""
    path = tmp_path / "ledger.csv"
    row = {"claim_id": "a", "source_id": "ferret-2023", "claimed": "207", "verdict": "confirmed", "explanation": "x"}
    pd.DataFrame([{**row, "notes": "Years only.", "reviewed_by": "JB"}]).to_csv(path, index=False)
    (claim,) = site_content.read_ledger(path, _raw())
    headings = [heading for heading, _ in claim.details]
    assert "Reviewed by" in headings and "Notes" not in headings
    assert "Years only" not in " ".join(str(value) for _, value in claim.details)


@pytest.mark.parametrize(
    "independent,shown",
    [("yes", "Yes"), ("no", "No: only figures from the claim's own source were used")],
)
def test_a_details_value_is_said_in_reader_words(tmp_path, independent, shown):
    """ledger.csv's `independent` is 'yes' or 'no'; the working shows a reader an answer, not the column's value."""
    path = tmp_path / "ledger.csv"
    row = {"claim_id": "a", "source_id": "ferret-2023", "claimed": "207", "verdict": "confirmed", "explanation": "x"}
    pd.DataFrame([{**row, "independent": independent}]).to_csv(path, index=False)
    (claim,) = site_content.read_ledger(path, _raw())
    assert ("Checked against another outlet's figures", shown) in claim.details


def test_the_figures_words_say_what_readers_need_and_no_more():
    """The sub-editor's points on the figures' words, each composed from the data: the standfirst does not repeat
    the headline; the PSNI is spelled out where first named; a check is a sentence; the PSNI's count, published
    apart, is not hidden by 'only five forces'; the 207 The Ferret gives no dates for is dated where another
    source dates it; '13 were victims of other crimes'; no subtitle that is a note to ourselves."""
    from referrals import registry

    raw = _raw()
    headline = registry.build("headline", raw)
    first = headline.statements()[0].text
    assert not first.startswith(" ".join(headline.text.title.split()[:5])) and "2,672" in first
    assert "the Police Service of Northern Ireland (PSNI)" in headline.statements()[1].text
    assert [line for line in headline.text.lines if line][-1].endswith("cannot be checked.")
    forces = registry.build("forces", raw).text.subtitle
    assert any("published in the UK-wide figures" in line for line in forces)
    assert "The PSNI's count came in a separate answer" in forces  # says what came (a reader asked)
    scotland = registry.build("scotland", raw)
    dated = "The Detail and the Guardian give the same 207 for May 2020 to September 2022"
    assert dated in scotland.text.subtitle and dated + "." in [s.text for s in scotland.statements()]
    psni = registry.build("psni", raw)
    assert "13 were victims of other crimes" in psni.summary()
    assert not any("crime types The Detail reported" in line for line in psni.text.subtitle)
    assert not any("a separate answer" in line for line in psni.text.subtitle)


def test_each_verdict_has_its_own_colour_in_the_claims_chart_and_a_key():
    """'Fair as worded' and 'Wrong' were both vermillion: each verdict now has its own house colour, named in a key."""
    from referrals import charts, export, style

    rows = []
    for verdict, claim in (("contradicted", "A: 9"), ("consistent with rounding or wording", "B: 8")):
        for kind in ("claim", "published figure"):
            rows.append(
                {"group": claim, "label": f"{claim} {kind}", "kind": kind, "verdict": verdict, "rate_low": 1.0}
                | {"rate_high": 2.0, "rate": 1.5, "value": "9", "period": "2020", "claim_id": claim, "figure_ids": ""}
            )
    spec = export.spec_of(charts.claims_chart(pd.DataFrame(rows), charts.Text("t", ("s",), "Source: x")))
    from conftest import json_objects

    encodings = [node["color"] for node in json_objects(spec) if isinstance(node.get("color"), dict)]
    keyed = [c for c in encodings if c.get("scale", {}).get("domain")]
    assert keyed, "the claims' colours come from a scale with a key"
    colours = dict(zip(keyed[0]["scale"]["domain"], keyed[0]["scale"]["range"]))
    assert colours["Claim: Wrong"] != colours["Claim: Fair as worded"]
    assert set(colours.values()) <= set(style.PALETTE.values())
    assert len(set(colours.values())) == len(colours), "one colour, one meaning"
    assert any(c.get("legend") is not None for c in keyed), "the key is drawn"
