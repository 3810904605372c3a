"""The house style, enforced: every sentence a reader reads passes the text lint (writing.lint), and the site says
no more than the ledger.

The lint runs over every block of text on every page of the built site, the chart texts of every figure (titles,
subtitles, keys, notes, source and credit lines, descriptions, findings), report.md and the command lines' output
(`ledger`, `load-foi`), and everything the ledger writes (its verdict sentences in ledger.csv, comparisons.csv,
claimreview.json, report.md and the `ledger` command's output, all rendered by `ledger.render`).

It failed on the site, figures and outputs of main before this branch: internal ids ('detail_total' as link text),
brackets three deep, sentences starting in lower case ('the claim counts...'), doubled quote marks ('victims.”.'),
clauses said twice, labels that repeat ('Fact-check: Fact-check:'), one-decimal shares of 33 ('39.4%').
"""

from __future__ import annotations

import contextlib
import io
import json
import re

import pandas as pd
import pytest
from conftest import ROOT, json_objects, run
from lazy import LazyMap
from textlint import (
    acronyms,
    known_ids,
    lint_lines,
    lint_notebook,
    lint_site,
    notebook_blocks,
    page_blocks,
    unconfirmed_statements,
)

from referrals import export, registry, site, writing
from referrals.sources import load_published

IDS = known_ids(ROOT)


@pytest.fixture(scope="module")
def built_site(built_project):
    root, _ = built_project
    out = root / "site-lint"
    if not out.exists():
        site.build(root, out)
    return root, out


@pytest.mark.slow
def test_every_page_passes_the_lint(built_site):
    root, out = built_site
    own, _ = lint_site(out, IDS)
    assert own == []


@pytest.mark.slow
def test_the_ledger_sentences_on_the_pages_pass_the_lint(built_site):
    root, out = built_site
    _, ledger = lint_site(out, IDS)
    assert ledger == []


@pytest.mark.slow
def test_the_site_states_as_fact_only_what_the_ledger_confirms(built_site):
    """A finding the ledger rates other than confirmed ('every force', 'the Met referred the most') appears only
    attributed to its source, never in the site's own voice."""
    root, out = built_site
    ledger = pd.read_csv(root / "output" / "fact-check" / "ledger.csv", dtype=str, keep_default_na=False)
    assert unconfirmed_statements(out, ledger, root / "data" / "raw") == []


@pytest.mark.slow
def test_one_name_one_acronym_across_the_site(built_site):
    """The NI page called the Home Office's unit '(HONCCU)' where every other page says '(NCCU)'."""
    root, out = built_site
    assert acronyms(out) == []


@pytest.mark.parametrize(
    "pages,found",
    [
        (
            ["<p>Calls to the National Command and Control Unit (NCCU).</p>", "<p>The Control Unit (HONCCU) said.</p>"],
            ["'Control Unit (…)' is (HONCCU) on b.html and (NCCU) on a.html"],
        ),
        (["<p>The Police Service of Northern Ireland (PSNI).</p>", "<p>Of Northern Ireland (PSNI) again.</p>"], []),
        (["<p>The Control Unit (NCCU).</p>", "<blockquote>HOIE's Control Unit (HONCCU)</blockquote>"], []),
    ],
)
def test_the_acronym_check_names_a_name_given_two(tmp_path, pages, found):
    for name, html in zip(("a.html", "b.html"), pages):
        (tmp_path / name).write_text(f"<html><body><main>{html}</main></body></html>", encoding="utf-8")
    assert acronyms(tmp_path) == found


def _site_with(tmp_path, built_site, change) -> tuple:
    root, out = built_site
    copy = tmp_path / "site"
    copy.mkdir(parents=True)
    for page in out.glob("*.html"):
        (copy / page.name).write_text(change(page.read_text(encoding="utf-8")), encoding="utf-8")
    return root, copy


@pytest.mark.slow
def test_the_check_catches_an_unconfirmed_claim_stated_as_fact(built_site, tmp_path):
    """The check above can fail: the front page stating main's two findings as fact is caught, each by claim."""
    stated = (
        '<p class="standfirst">UK police referred 2,672 victims, by all 45 UK police forces.</p>'
        "<ul><li>Metropolitan Police Service referred the most (460).</li></ul><h1>"
    )
    root, copy = _site_with(tmp_path, built_site, lambda h: h.replace("<h1>", stated, 1))
    ledger = pd.read_csv(root / "output" / "fact-check" / "ledger.csv", dtype=str, keep_default_na=False)
    found = "\n".join(unconfirmed_statements(copy, ledger, root / "data" / "raw"))
    assert "detail-every-force-ew-scotland-ni (not verifiable with the data here)" in found
    assert "detail-met-highest (not verifiable with the data here)" in found
    attributed = stated.replace("UK police", "The Detail reported that UK police").replace(
        "<li>Metropolitan", '<li><span class="attributed">Metropolitan'
    )
    root, copy = _site_with(tmp_path / "b", built_site, lambda h: h.replace("<h1>", attributed, 1))
    assert unconfirmed_statements(copy, ledger, root / "data" / "raw") == []


def test_page_blocks_keep_the_ledgers_words_apart():
    html = (
        '<p>Why: <span data-text="ledger">the claim counts (x (y))</span></p>'
        '<p class="attributed">The Ferret reported that every force did.</p><td>2,672</td>'
    )
    blocks, _ = page_blocks(html)
    assert ("the claim counts (x (y))", True, False) in blocks
    assert ("Why:", False, True) in blocks
    assert ("The Ferret reported that every force did.", False, False) in blocks


# --- chart texts ----------------------------------------------------------------------------------------


def _chart_texts(built) -> list[tuple[str, bool]]:
    """Everything a figure says in words, each with whether it is a fragment (a label on a mark, a line of a
    title wrapped to the chart's width) rather than prose: its words, findings and every text in its spec."""
    text = built.text
    texts = [(t, False) for t in (text.title, *text.subtitle, text.source, text.note, text.credit)]
    texts += [(" ".join(line for line in text.lines if line), False)]
    texts += [(words, False) for _, words in text.key] + [(built.description(), False)]
    texts += [(s.text, False) for s in built.statements()]
    spec = json.loads(json.dumps(export.spec_of(built.chart)))
    for node in json_objects(spec):
        title = node.get("title")
        if isinstance(title, dict):
            for key in ("text", "subtitle"):
                value = title.get(key) or []
                texts += [(" ".join([value] if isinstance(value, str) else value), False)]
        for row in node.get("values", []) if isinstance(node.get("values"), list) else []:
            if isinstance(row, dict):
                texts += [
                    (v, k != "aria_text")
                    for k, v in row.items()
                    if isinstance(v, str) and k in ("text", "bar_label", "aria_text")
                ]
    return [(t, fragment) for t, fragment in texts if t and t.strip()]


def _figures():
    raw = load_published(ROOT / "data" / "processed")
    built = [registry.build(f.name, raw) for f in registry.figures("published")]
    return {b.name: b for b in built + [registry.build_infographic(raw)]}


BUILT = LazyMap([*(f.name for f in registry.figures("published")), "infographic"], _figures)


@pytest.fixture
def built(request):
    """A figure built from the published data, by name (all of them built once, on first use)."""
    return BUILT[request.param]


@pytest.mark.parametrize("built", list(BUILT), indirect=True)
def test_every_chart_text_passes_the_lint(built):
    problems = [f"{p} in {t[:80]!r}" for t, fragment in _chart_texts(built) for p in writing.lint(t, IDS, fragment)]
    assert problems == []


@pytest.mark.parametrize("built", list(BUILT), indirect=True)
def test_every_exported_figure_carries_a_source_and_a_credit_line(built):
    """A shared PNG stands alone: its small print names the source, who made the graphic and how recent its data
    are, once per composition (the infographic's panels carry none of their own)."""
    spec = export.spec_of(built.chart)
    small = [
        " ".join(n["title"]["text"])
        for n in json_objects(spec)
        if isinstance(n.get("title"), dict) and n["title"].get("orient") == "bottom"
    ]
    assert len(small) == 1, f"{built.name}: one block of sources, notes and credit, not {len(small)}"
    assert re.search(r"\bSources?\b", small[0]) and f"Graphic: {writing.PROJECT}" in small[0]
    assert re.search(r"published up to (?:\w+ )?\d{4}", small[0]), "the credit dates the data"


@pytest.mark.parametrize("built", list(BUILT), indirect=True)
def test_no_share_of_a_small_count_is_a_decimal_percentage(built):
    """'24 of the 43', never '55.8%'; and no one-decimal percentage of a count anywhere."""
    for text, _ in _chart_texts(built):
        assert not re.search(r"\d\.\d%", text), f"{built.name}: {text!r}"


@pytest.mark.parametrize("built", list(BUILT)[:-1], indirect=True)
def test_chart_titles_state_a_finding_with_a_verb_and_a_number(built):
    title = built.text.title
    assert re.search(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine)\b", title, re.I), title
    assert re.search(r"\b(?:referred|were|was|are|is|gave|reported)\b", title), f"{built.name}: no verb in {title!r}"


@pytest.mark.slow
def test_the_claims_chart_texts_pass_the_lint(built_project):
    """The fact-check's chart (notebook 09, the site): its title, labels and what screen readers hear."""
    from referrals import charts, style

    root, _ = built_project
    table = pd.read_csv(root / "output" / "fact-check" / "fact-check.csv", dtype=str, keep_default_na=False)
    for column in ("rate_low", "rate_high", "rate"):
        table[column] = table[column].astype(float)
    raw = load_published(root / "data" / "processed")
    built = type("Built", (), {})()
    built.chart = style.configure(charts.fact_check_chart(table, raw))
    spec = json.loads(json.dumps(export.spec_of(built.chart)))
    texts = []
    for node in json_objects(spec):
        title = node.get("title")
        if isinstance(title, dict):
            texts += [(" ".join(title.get(k) or []), False) for k in ("text", "subtitle") if title.get(k)]
        for row in node.get("values", []) if isinstance(node.get("values"), list) else []:
            if isinstance(row, dict):
                texts += [(row[k], k != "aria_text") for k in ("label_text", "bar_label", "aria_text") if row.get(k)]
    problems = [f"{p} in {t[:80]!r}" for t, fragment in texts for p in writing.lint(t, IDS, fragment)]
    assert texts and problems == []


# --- reports and command lines ------------------------------------------------------------------------


@pytest.mark.slow
def test_the_fact_check_report_passes_the_lint(built_project):
    root, _ = built_project
    report = (root / "output" / "fact-check" / "report.md").read_text(encoding="utf-8")
    assert lint_lines(report, IDS) == []
    # a link to a stored copy on a bare IP address says so beside the outlet's name
    copies = [line for line in report.splitlines() if re.search(r"\]\(https?://[0-9.]+[:/]", line)]
    assert copies and all("(archived copy)" in line for line in copies)


@pytest.fixture(scope="module")
def ledger_output(tmp_path_factory):
    from conftest import copy_project

    root = copy_project(tmp_path_factory.mktemp("cli") / "project")
    result = run(["-m", "referrals", "ledger"], root)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
@pytest.mark.long
def test_the_ledger_command_passes_the_lint(ledger_output):
    assert lint_lines(ledger_output, IDS) == []


@pytest.fixture(scope="module")
def load_foi_output(tmp_path_factory):
    """What `python -m referrals load-foi` prints for the SYNTHETIC release, from the command's own entry point run in
    this process (its output is the same text; tests/test_foi_release.py runs the command as a process)."""
    from conftest import copy_project

    from referrals.__main__ import main

    root = copy_project(tmp_path_factory.mktemp("foi") / "project")
    release = root / "output" / "SYNTHETIC-release.xlsx"
    printed = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        mp.setenv("REFERRALS_ROOT", str(root))
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["synthetic-release", "--out", str(release)]) == 0
        with contextlib.redirect_stdout(printed):
            assert main(["load-foi", str(release)]) == 0
    return printed.getvalue()


def _verdict_lines(output: str) -> tuple[list[str], list[str]]:
    """load-foi's output split into its own lines and the ledger's verdict sentences it prints beneath verdicts
    (indented further). The release's own notes and title are quoted as the release gives them."""
    own, ledger = [], []
    for line in output.splitlines():
        if re.match(r"\s{6,}\S", line):
            ledger.append(line)
        elif not re.match(r"\s*(?:Note|Title)\b.*\u201c", line):
            own.append(line)
    return own, ledger


@pytest.mark.slow
def test_the_load_foi_command_passes_the_lint(load_foi_output):
    own, _ = _verdict_lines(load_foi_output)
    assert own and lint_lines("\n".join(own), IDS) == []


@pytest.mark.slow
def test_the_ledger_sentences_load_foi_prints_pass_the_lint(load_foi_output):
    _, ledger = _verdict_lines(load_foi_output)
    assert ledger and lint_lines("\n".join(ledger), IDS) == []


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")), ids=lambda p: p.stem)
def test_the_notebooks_words_pass_the_lint(notebook):
    """The notebooks' Markdown and the Markdown their figures compose, as a reader of the rendered notebook reads
    them (parameter names in code spans are names, not prose)."""
    assert lint_notebook(notebook, IDS) == []


def test_the_notebook_lint_reads_blocks_and_catches_a_lapse(tmp_path):
    assert notebook_blocks("# A title\nA line\nwrapped.\n\n- one item.\n- `output_dir` item.") == [
        "A title",
        "A line wrapped.",
        "one item.",
        "Code item.",
    ]
    notebook = tmp_path / "01-x.ipynb"
    cell = {"cell_type": "markdown", "metadata": {}, "source": ["Police referred 2672.0 victims (see detail_total)."]}
    notebook.write_text(json.dumps({"cells": [cell]}))
    found = lint_notebook(notebook, IDS)
    assert any("detail_total" in p for p in found) and any("2672.0" in p for p in found), found


def _repeated_findings(html: str) -> list[str]:
    """The findings and headline lines a page says more than once (one page, one telling)."""
    import re

    said = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", m)).strip()
        for m in re.findall(r'<(?:span|p) class="(?:finding|headline-more)[^"]*">(.*?)</(?:span|p)>', html, re.S)
    ]
    return sorted({s for s in said if said.count(s) > 1})


@pytest.mark.slow
def test_no_page_says_a_finding_twice(built_site):
    _, out = built_site
    repeated = {p.name: _repeated_findings(p.read_text()) for p in sorted(out.glob("*.html"))}
    assert {name: r for name, r in repeated.items() if r} == {}


def test_the_repeat_check_can_fail():
    page = '<span class="finding">X said Y.</span> <p class="headline-more attributed">X said Y.</p>'
    assert _repeated_findings(page) == ["X said Y."]
    assert _repeated_findings(page.replace("headline-more", "other")) == []
