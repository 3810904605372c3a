"""claims-from-text: every step on small hand-written sentences, the command's refusals, and the whole draft held
against the hand-written claims of the seed article and the outlets' quotes (tests/fromtext_eval.py)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from conftest import SHARED_SOURCES

from referrals import fromtext
from referrals.__main__ import main
from referrals.fromtext import context, mentions
from referrals.fromtext.article import ArticleError, Block, load
from referrals.ledger import run_ledger
from referrals.ledger.read import COLUMNS
from referrals.paths import raw_dir
from referrals.sources import load_raw

sys.path.insert(0, str(Path(__file__).parent))
import fromtext_eval  # noqa: E402

NEW = ["--source-id", "example-news", "--outlet", "Example News", "--url", "https://example.org/story"]


@pytest.fixture(scope="module")
def data():
    return load_raw()


def _sentence(text: str) -> mentions.Sentence:
    return mentions.sentences([Block(text)])[0]


def _found(text: str) -> list[mentions.Mention]:
    return mentions.find(_sentence(text))


def _draft(tmp_path: Path, text: str, data, name: str = "article.txt") -> list[dict]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = fromtext.draft(path, "example-news", "Example News", "https://example.org/story", data=data)
    return [{**r.cells, "review": "; ".join(r.review)} for r in result.rows]


# --- sentences and numbers ------------------------------------------------------------------------


def test_sentences_split_at_full_stops_not_at_abbreviations():
    found = mentions.sentences([Block("Mr. Smith said 40 victims were referred. The U.S. figure was 12.")])
    assert [s.text for s in found] == ["Mr. Smith said 40 victims were referred.", "The U.S. figure was 12."]


@pytest.mark.parametrize(
    "text, claimed, value, kind",
    [
        ("reported 2,672 victims of crime to the Home Office", "2,672", 2672, "count"),
        ("more than 2000 people were referred", "more than 2000", 2000, "count"),
        ("over two hundred victims of crimes", "over two hundred", 200, "count"),
        ("Nineteen domestic abuse survivors were reported", "Nineteen", 19, "count"),
        ("two hundred and seven people were referred", "two hundred and seven", 207, "count"),
        ("no less than 67 instances of sexual exploitation", "no less than 67", 67, "count"),
        ("nearly 2,700 victims were referred", "nearly 2,700", 2700, "count"),
        ("hundreds of crime victims a month", "hundreds a month", None, "verbal"),
        ("THOUSANDS of migrant victims of crime", "THOUSANDS", None, "verbal"),
        ("around 40 people to the Home Office every day", "around 40 every day", 40, "count"),
        ("in 126 cases - almost 1 in 20 - there is no information", "almost 1 in 20", None, "share"),
        ("a quarter of domestic abuse victims referred", "a quarter", None, "share"),
        ("one in six victims were referred", "one in six", None, "share"),
        ("Every force referred victims of domestic abuse.", "Every force", None, "every-force"),
        ("Each of the 43 forces in England and Wales reported victims", "Each of the 43 forces", 43, "forces"),
        ("43 police forces shared information about victims", "43", 43, "forces"),
        ("2.7k victims were referred", "2.7k", 2700, "count"),
    ],
)
def test_numbers_are_found_with_their_words(text, claimed, value, kind):
    found = [m for m in _found(text) if not m.skip]
    assert (claimed, value, kind) in [(m.claimed, m.value, m.kind) for m in found]


@pytest.mark.parametrize(
    "text, number, reason",
    [
        ("In 2020 the Met was ordered to pay £15,500 in compensation", "15,500", "money"),
        ("In 2020 the Met was ordered to pay £15,500 in compensation", "2020", "a date or year"),
        ("a 12-year-old victim was referred", "12", "an age"),
        ("victims aged 16 were referred", "16", "an age"),
        ("under Section 12 of the Act, victims were referred", "12", "a reference (section, article, page...)"),
        ("the first victim was referred", "first", "an ordinal or rank"),
        ("on 6 March 2023 police referred victims", "6", "a date"),
        ("for almost four decades it has supported victims", "four", "a length of time"),
        ("the review identified two primary sources for these referrals", "two", "a count of something else"),
        ("Lara ten Caten said victims were referred", "ten", "part of a name"),
        ("at 10:30 victims were referred", "10", "a time of day"),
    ],
)
def test_numbers_that_are_not_claims_are_skipped_with_the_reason(text, number, reason):
    found = {m.text: m.skip for m in _found(text)}
    assert found[number].startswith(reason)


def test_a_year_followed_by_people_is_a_count():
    found = [m for m in _found("Across the UK more than 2000 people were referred") if not m.skip]
    assert [(m.value, m.bound) for m in found] == [(2000, "more than")]


# --- what the words around a number say --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, first, last, months",
    [
        ("between May 2020 and September 2022", "2020-05", "2022-09", ""),
        ("between April 2020 to March 2023", "2020-04", "2023-03", ""),
        ("between 2020 and 2022, UK officers reported", "2020", "2022", ""),
        ("from 2020 to 2022, at least 423 victims", "2020", "2022", ""),
        ("In the two years since May 2020, 2,656 crime victims", "2020-05", "unknown", "18..30"),
        ("in the 20-months from April 2020", "2020-04", "2021-11", "20"),
        ("in a two year period", "unknown", "unknown", "18..30"),
        ("over a nine-month period between April and December 2020", "2020-04", "2020-12", ""),
        ("Police Scotland referred 207 victims in 2021", "2021", "2021", ""),
        ("in the financial year 2021/22", "2021-04", "2022-03", ""),
    ],
)
def test_periods_as_articles_write_them(text, first, last, months):
    found = context.periods(text)
    assert [(p.first, p.last, p.months) for p in found] == [(first, last, months)]


@pytest.mark.parametrize(
    "text, places",
    [
        ("the Met referred 460 victims", ["metropolitan"]),
        ("the Metropolitan Police Service had the highest number", ["metropolitan"]),
        ("West Midlands Police (222), Police Scotland (207)", ["west-midlands", "police-scotland"]),
        ("Avon & Somerset Constabulary referred victims", ["avon-and-somerset"]),
        ("the Police Service of Northern Ireland (PSNI) reported", ["psni", "psni"]),
        (
            "forces across England and Wales and the British Transport Police",
            ["england-and-wales", "british-transport-police"],
        ),
        ("across the UK police referred victims", ["uk"]),
        ("police met victims in Kent", ["kent"]),  # 'met' in lower case is a verb, not the Met
        ("there is no information on which police force made the referral", ["not-recorded"]),
    ],
)
def test_places_are_read_from_the_vocabulary(text, places):
    assert [f.value for f in context.places(text, raw_dir())] == places


@pytest.mark.parametrize(
    "text, types",
    [
        (
            "785 victims of modern day slavery; 618 victims of human trafficking",
            ["modern-slavery", "human-trafficking"],
        ),
        ("19 domestic abuse survivors, 87 trafficking victims", ["domestic-abuse", "human-trafficking"]),
        ("67 instances of sexual exploitation of children", ["child-sexual-exploitation"]),
        ("20 adult victims of sexual exploitation", ["adult-sexual-exploitation"]),
        ("44 victims of child exploitation", ["child-exploitation"]),
        ("victims of domestic violence", ["domestic-abuse"]),
    ],
)
def test_crime_types_are_read_from_the_vocabulary(text, types):
    assert [f.value for f in context.crime_types(text, raw_dir())] == types


@pytest.mark.parametrize(
    "text, about",
    [
        ("Police Scotland reported 207 people", True),
        ("2,672 victims were reported to the Home Office", True),
        ("the Met had the highest number of referrals (460)", True),
        ("All 43 police forces have shared information about victims of domestic abuse", True),
        ("the police had contacted HOIE's NCCU 3,409 times by telephone alone", True),
        ("half of migrant women were more afraid of police than their abuser", False),
        ("many people are afraid to report crimes to the police", False),
        ("Every force in the UK was contacted for comment.", False),
        ("All the forces who responded referred The Detail to the NPCC.", False),
    ],
)
def test_which_sentences_speak_of_referrals(text, about):
    assert context.about_referrals(text) is about


# --- whole drafts, in outlets' styles ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, claimed, measure, geography, crime_type, period",
    [
        (
            "Figures obtained by the BBC show Kent Police passed the details of 58 victims of domestic abuse to "
            "immigration enforcement in 2021.",
            "58", "victims_referred", "kent", "domestic-abuse", ("2021", "2021", ""),
        ),
        (
            "Nearly 2,700 victims of crime were referred to the Home Office between May 2020 and September 2022.",
            "Nearly 2,700", "victims_referred", "uk", "all", ("2020-05", "2022-09", ""),
        ),
        (
            "Officers in Greater Manchester reported at least 132 migrant victims to the Home Office over two years.",
            "at least 132", "victims_referred", "greater-manchester", "all", ("unknown", "unknown", "18..30"),
        ),
        (
            "More than 40 police forces handed victims' details to immigration officials, the charity said.",
            "More than 40", "forces_referring", "uk", "all", ("unknown", "unknown", ""),
        ),
        (
            "Police report hundreds of crime victims a month to the immigration service",
            "hundreds a month", "victims_referred", "uk", "all", ("unknown", "unknown", ""),
        ),
        (
            "Between May 2020 and November 2022 the PSNI contacted the NCCU 3,409 times by telephone.",
            "3,409", "honccu_calls", "psni", "all", ("2020-05", "2022-11", ""),
        ),
    ],
)  # fmt: skip
def test_a_sentence_becomes_a_scoped_claim(tmp_path, data, text, claimed, measure, geography, crime_type, period):
    rows = _draft(tmp_path, text, data)
    assert len(rows) == 1
    row = rows[0]
    assert (row["claimed"], row["measure"], row["geography"], row["crime_type"]) == (
        claimed, measure, geography, crime_type,
    )  # fmt: skip
    assert (row["period_start"], row["period_end"], row["period_months"]) == period
    assert row["quote"] in text and len(row["quote"].split()) <= 25


def test_a_breakdown_that_adds_up_to_the_total_takes_its_period(tmp_path, data):
    text = (
        "Police referred 100 victims to the Home Office between January 2021 and June 2021.\n\n"
        "Of these, 60 were victims of domestic abuse and 40 were victims of modern slavery."
    )
    rows = {r["claimed"]: r for r in _draft(tmp_path, text, data)}
    assert rows["60"]["crime_type"] == "domestic-abuse" and rows["40"]["crime_type"] == "modern-slavery"
    assert (rows["60"]["period_start"], rows["60"]["period_end"]) == ("2021-01", "2021-06")
    assert "carried from an earlier sentence" in rows["60"]["notes"]


def test_an_untied_sentence_keeps_no_period(tmp_path, data):
    text = (
        "Police referred 2,672 victims to the Home Office between May 2020 and September 2022.\n\n"
        "A quarter of the 451 domestic abuse victims referred were served with papers."
    )
    rows = {r["claimed"].lower(): r for r in _draft(tmp_path, text, data)}
    assert (rows["451"]["period_start"], rows["451"]["period_end"]) == ("unknown", "unknown")
    assert rows["a quarter"]["rule"] == "not-verifiable"


def test_examples_do_not_narrow_the_crime_types(tmp_path, data):
    rows = _draft(
        tmp_path, "UK police reported 2,546 victims of crimes such as domestic abuse and human trafficking.", data
    )
    assert rows[0]["crime_type"] == "all"
    assert "given as examples" in rows[0]["review"] and "domestic-abuse+human-trafficking" in rows[0]["review"]


@pytest.mark.parametrize(
    "text",
    [
        "Between May 2020 and September 2022, more than half of those referred were victims of modern slavery or "
        "trafficking.",
        "In one in 20 cases, the Home Office had no record of which force made the referral.",
    ],
)
def test_a_share_the_draft_cannot_scope_says_share_of_is_missing_not_that_no_figure_counts_it(tmp_path, data, text):
    """The Detail counts both parts of 'more than half' (785 + 618 of 2,672): the draft said 'no published figure
    counts the part', and the ledger printed it as its reason; what is missing is the draft's 'share_of'."""
    [row] = [r for r in _draft(tmp_path, text, data) if r["rule"] == "not-verifiable"]
    assert "share_of" in row["reason"] and "share_of" in row["review"], row
    assert "no published figure" not in row["reason"] and "the format holds" not in row["review"]


def test_html_is_read_as_text_and_scripts_are_left_out(tmp_path, data):
    html = (
        "<!doctype html><html><head><title>Police and migrants</title>"
        '<link rel="canonical" href="https://news.example/police">'
        '<meta property="og:site_name" content="Example Daily"></head><body>'
        "<h1>Police referred victims</h1><script>var victims = 5000;</script>"
        "<p>Police referred <b>1,234</b> victims of crime to the Home Office in 2022.</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    result = fromtext.draft(path, data=data)
    assert [r.cells["claimed"] for r in result.rows] == ["1,234"]
    assert (result.rows[0].cells["outlet"], result.rows[0].cells["url"]) == (
        "Example Daily",
        "https://news.example/police",
    )


def test_markdown_is_read_as_text(tmp_path, data):
    text = (
        "# Police and migrants\n\n**At least 33** victims were passed to the Home Office, "
        "[the PSNI](https://x.test) said."
    )
    rows = _draft(tmp_path, text, data, "article.md")
    assert [(r["claimed"], r["geography"]) for r in rows] == [("At least 33", "psni")]


def test_the_draft_has_the_claims_format_columns_then_review(tmp_path, data):
    out = tmp_path / "draft.csv"
    article = tmp_path / "a.txt"
    article.write_text("Police referred 1,234 victims to the Home Office in 2022.", encoding="utf-8")
    fromtext.save(fromtext.draft(article, *NEW[1::2], data=data), out)
    with open(out, encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == [*COLUMNS, "review"]


# --- the command -------------------------------------------------------------------------------------


def test_the_draft_runs_through_the_ledger_unchanged(tmp_path, data, capsys):
    article = tmp_path / "a.txt"
    article.write_text(
        "Police referred 1,234 victims to the Home Office in 2022. One in six of them were victims of slavery. "
        "Every force referred victims of domestic abuse.",
        encoding="utf-8",
    )
    out = tmp_path / "draft.csv"
    assert main(["claims-from-text", str(article), *NEW, "--out", str(out)]) == 0
    assert "3 claims proposed" in capsys.readouterr().out
    table = run_ledger([out], data).table
    assert len(table) == 3 and table["verdict"].notna().all()


def test_a_text_with_no_claims_writes_an_empty_draft_and_says_so(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("The Home Office disagreed. In 2021 a review was published.", encoding="utf-8")
    out = tmp_path / "draft.csv"
    assert main(["claims-from-text", str(article), *NEW, "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "No numeric claims found" in said and "1 number left out" in said
    assert out.read_text(encoding="utf-8").splitlines() == [",".join([*COLUMNS, "review"])]
    # an empty draft is still the command's own: a second run replaces it (refused before: its header was unread)
    assert main(["claims-from-text", str(article), *NEW, "--out", str(out)]) == 0


@pytest.mark.parametrize(
    "content, says",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF, not text"),
        (b"PK\x03\x04\x14\x00\x06\x00", "is a zip archive"),
        ("Police referred 40 victims".encode("utf-16"), "NUL bytes"),
        (b"Police referred \xff\xfe 40 victims", "not UTF-8 text"),
        (b"\x01\x02\x03\x04\x05\x06\x07 binary", "control characters"),
    ],
)
def test_a_binary_or_unreadable_file_is_refused_with_one_message(tmp_path, capsys, content, says):
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    out = tmp_path / "draft.csv"
    with pytest.raises(SystemExit) as exc:
        main(["claims-from-text", str(article), *NEW, "--out", str(out)])
    err = capsys.readouterr().err.strip()
    assert exc.value.code == 2 and says in err and len(err.splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(ArticleError, match="not a file"):
        load(tmp_path)


@pytest.mark.parametrize("out", ["data/raw/draft.csv", "figures/draft.csv", "claims/published-claims.csv"])
def test_the_draft_never_overwrites_data_figures_or_a_hand_written_claims_file(tmp_path, capsys, out):
    article = tmp_path / "a.txt"
    article.write_text("Police referred 40 victims to the Home Office.", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["claims-from-text", str(article), *NEW, "--out", out])
    assert "--out" in capsys.readouterr().err


def test_a_new_outlet_needs_its_name_and_address(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Police referred 40 victims to the Home Office.", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["claims-from-text", str(article), "--source-id", "nobody", "--out", str(tmp_path / "d.csv")])
    assert "needs --outlet and --url" in capsys.readouterr().err


# --- against the hand-written claims ----------------------------------------------------------------------

#: Hand-written claims the draft does not reproduce, and why (the report lists them too).
KNOWN_NOT_FOUND = {
    # 'a quarter of the 451': the hand-written row ties The Ferret's quarter to The Detail's quarter of another
    # period (same-period rule); the text alone does not name the figure it should be tied to.
    "ferret-quarter-of-451-period",
}


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory):
    folder = SHARED_SOURCES
    if not (folder / fromtext_eval.SEED).is_file():
        pytest.skip(
            f"SKIPPED LOUDLY: the source documents are not at {folder}; set REFERRALS_SOURCES to the folder holding "
            f"{fromtext_eval.SEED} to hold claims-from-text against the hand-written claims"
        )
    return fromtext_eval.evaluate(folder, tmp_path_factory.mktemp("fromtext"))


def test_the_draft_finds_every_hand_written_claim(evaluation):
    missing = {h["claim_id"] for h in evaluation.hand} - set(evaluation.matched)
    assert missing <= KNOWN_NOT_FOUND, evaluation.misses()
    assert len(evaluation.hand) >= 46


def test_the_draft_scopes_nine_in_ten_claims_as_the_hand_written_files(evaluation):
    same = sum(evaluation.scope_same.values())
    assert same >= 0.9 * len(evaluation.matched), evaluation.misses()


def test_the_drafts_verdicts_equal_the_hand_written_ones(evaluation):
    detail = [h["claim_id"] for h in evaluation.hand if h["source_id"] == fromtext_eval.SEED_SOURCE]
    assert len(detail) == 18
    assert all(evaluation.verdict_same(c) for c in detail), evaluation.misses()
    same = sum(evaluation.verdict_same(h["claim_id"]) for h in evaluation.hand)
    assert same >= 0.9 * len(evaluation.hand), evaluation.misses()


def test_notebook_09_draws_a_draft_whose_claims_need_no_chart(tmp_path, data):
    """A draft of claims that all match exactly has no row for the claims chart: the chart says so (it raised a
    KeyError before, so `make run NB=09-fact-check` refused such a draft)."""
    from referrals import charts
    from referrals.ledger import chart_table

    rows = _draft(
        tmp_path, "Police referred 2,672 victims to the Home Office between May 2020 and September 2022.", data
    )
    out = tmp_path / "draft.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=[*COLUMNS, "review"])
        writer.writeheader()
        writer.writerows(rows)
    table = chart_table(run_ledger([out], data), data)
    assert table.empty
    spec = charts.fact_check_chart(table, data).to_dict()
    assert charts.CLAIMS_NONE in str(spec)
