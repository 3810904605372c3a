"""The house style as functions (referrals.writing): numbers, shares, dates, names and sentences as a newsroom writes
them, and the lint that names what a sub-editor would strike. Small parametrized cases on plain values."""

from __future__ import annotations

import math

import pytest

from referrals import writing


@pytest.mark.parametrize(
    "value,words,expected",
    [
        (2672, False, "2,672"),
        (5, True, "five"),
        (5, False, "5"),
        (10, True, "10"),
        (0, True, "no"),
        (451.0, False, "451"),
        ("2,546", False, "2,546"),
        (34093, True, "34,093"),
    ],
)
def test_numbers_as_a_newsroom_prints_them(value, words, expected):
    assert writing.number(value, words=words) == expected


@pytest.mark.parametrize("bad", [451.5, float("nan"), None])
def test_a_count_that_is_not_whole_is_refused_never_printed(bad):
    with pytest.raises(ValueError):
        writing.number(bad)


@pytest.mark.parametrize("value,expected", [(None, "\u2014"), (float("nan"), "\u2014"), ("", "\u2014"), (451.0, "451")])
def test_a_cell_with_nothing_published_is_a_dash(value, expected):
    assert writing.cell(value) == expected


@pytest.mark.parametrize(
    "part,whole,expected",
    [
        (24, 43, "24 of the 43"),  # a small whole: counts, never 55.8%
        (13, 33, "13 of the 33"),
        (785, 2672, "29%"),
        (87, 207, "42%"),
        (43, 34093, "about one in 793"),  # under 1%: one in N
        (126, 2520, "5%"),
        (20, 400, "5%"),
        (1, 20000, "one in 20,000"),
        (3, 20000, "about one in 6,667"),
    ],
)
def test_a_share_in_the_form_its_whole_allows(part, whole, expected):
    assert writing.share(part, whole) == expected


@pytest.mark.parametrize(
    "part,whole,expected",
    [
        (1, 20, "one in 20"),
        (43, 34093, "about one in 793"),
        (20, 2672, "about one in 134"),  # 133.6: to the nearest, never rounded down
        (12, 2672, "about one in 223"),  # 222.7
        (1, 3, "one in three"),
    ],
)
def test_one_in(part, whole, expected):
    assert writing.one_in(part, whole) == expected


@pytest.mark.parametrize(
    "a,b,expected",
    [
        (110, 15.6, "about seven times"),
        (147.6, 92.1, "about 1.6 times"),
        (92.1, 90, "about the same as"),
        (200, 95, "about twice"),
        (1002.7, 110, "about nine times"),
        (15.6, 31.2, "about half of"),
        (10, 100, "about a tenth of"),
        (1, 66, "less than a tenth of"),
    ],
)
def test_a_rate_against_another_in_words_never_standard_errors(a, b, expected):
    assert writing.times(a, b) == expected


@pytest.mark.parametrize(
    "low,high,expected",
    [
        (110, None, "110 a month"),
        (102.2, 147.6, "102.2 to 147.6 a month"),
        (69, math.inf, "at least 69 a month"),
        (1.0, None, "one a month"),
        (1.0, 1.0, "one a month"),
        (0, None, "0 a month"),
        (12, None, "12 a month"),
        (23, None, "23 a month"),
        (2.2, None, "2.2 a month"),
        (0.2, 0.3, "0.2 to 0.3 a month"),
    ],
)
def test_rates(low, high, expected):
    assert writing.rate(low, high) == expected


@pytest.mark.parametrize(
    "meaning,n,expected",
    [
        ("at-least", 33, "at least 33"),
        ("more-than", 2000, "more than 2,000"),
        ("exact", 2672, "2,672"),
        ("each of the", 45, "45"),
        ("approximately", 40, "about 40"),
        ("at most", 1989, "at most 1,989"),
    ],
)
def test_a_number_keeps_the_bound_its_source_gave(meaning, n, expected):
    assert writing.bound(meaning, n) == expected


@pytest.mark.parametrize(
    "claimed,actual,expected",
    [(601, 618, "17 fewer"), (2656, 2672, "16 fewer"), (460, 460, "the same"), (20, 12, "8 more")],
)
def test_difference(claimed, actual, expected):
    assert writing.difference(claimed, actual) == expected


@pytest.mark.parametrize(
    "text,expected",
    [("2023-03-06", "6 March 2023"), ("2023-03", "March 2023"), ("2023", "2023"), ("2022-06", "June 2022")],
)
def test_dates_in_words(text, expected):
    assert writing.date(text) == expected


@pytest.mark.parametrize(
    "start,end,between,expected",
    [
        ("2020-05", "2022-09", False, "May 2020 to September 2022"),
        ("2020-05", "2022-09", True, "between May 2020 and September 2022"),
        ("2020-04", "2020-12", False, "April to December 2020"),
        ("2020", "2022", False, "2020 to 2022"),
        ("unknown", "unknown", False, ""),
        ("2022-05", "2022-05", False, "May 2022"),
        # whole calendar years are years: nothing is lost and nothing made up
        ("2021-01", "2021-12", False, "2021"),
        ("2020-01", "2022-12", False, "2020 to 2022"),
        ("2020-01", "2022-12", True, "between 2020 and 2022"),
        ("2020-01", "2022-11", False, "January 2020 to November 2022"),
        ("2020-02", "2022-12", False, "February 2020 to December 2022"),
    ],
)
def test_periods_in_words(start, end, between, expected):
    assert writing.period(start, end, between) == expected


def test_a_period_with_no_dates_is_the_sources_words_attributed():
    said = writing.stated_period("unknown", "unknown", "a two year period", "The Ferret")
    assert said == "Over what The Ferret calls \u201ca two year period\u201d; it gives no dates"
    assert "(" not in said, "never '(a two year period (The Ferret gives no dates))'"


@pytest.mark.parametrize(
    "name,expected",
    [
        ("The Detail (with the Guardian)", "The Detail and the Guardian"),
        ("The Ferret", "The Ferret"),
        ("Outlet (Scotland)", "Outlet, Scotland"),
    ],
)
def test_outlet_names_carry_no_brackets_to_nest(name, expected):
    assert writing.outlet(name) == expected


@pytest.mark.parametrize(
    "name,expected",
    [
        ("Metropolitan Police Service", "the Metropolitan Police Service"),
        ("Police Scotland", "Police Scotland"),
        ("Police Service of Northern Ireland", "the Police Service of Northern Ireland"),
        ("West Midlands Police", "West Midlands Police"),
    ],
)
def test_definite_names(name, expected):
    assert writing.definite(name) == expected


def test_attribution_says_who_said_it():
    said = writing.attribute("The Detail (with the Guardian)", "Every force made referrals")
    assert said == "The Detail and the Guardian reported that every force made referrals."
    assert writing.attribute("The Ferret", "Police Scotland referred 207") == (
        "The Ferret reported that Police Scotland referred 207."
    ), "a name keeps its capital"


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            'A quarter were "served with enforcement papers"',
            "\u201cA quarter were \u2018served with enforcement papers\u2019\u201d",
        ),
        ("and 601 human trafficking victims.", "\u201cand 601 human trafficking victims.\u201d"),
        ("\u201calready quoted\u201d", "\u201calready quoted\u201d"),
    ],
)
def test_quotes_are_curly_and_never_doubled(text, expected):
    assert writing.quote(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("the claim counts a narrower group", "The claim counts a narrower group."),
        ("\u201cquoted.\u201d", "\u201cQuoted.\u201d"),
        ("Already done.", "Already done."),
        ("A question?", "A question?"),
    ],
)
def test_sentences_start_with_a_capital_and_end_once(text, expected):
    assert writing.sentence(text) == expected


def test_lists_and_verdicts():
    assert (
        writing.listing(["Firstpost", "umorina.info", "The Justice Gap"])
        == "Firstpost, umorina.info and The Justice Gap"
    )
    line = writing.verdict(
        "contradicted",
        f"the five crime types add up to {writing.not_but(1989, 2546)}; 2,546 is the UK total minus the 126 "
        "referrals with no force recorded",
    )
    assert line == (
        "Wrong: the five crime types add up to 1,989, not 2,546; 2,546 is the UK total minus the 126 referrals "
        "with no force recorded."
    )
    assert writing.lint(line) == []
    assert writing.disagreement(("The Detail (with the Guardian)", 618), ("The Justice Gap", 601)) == (
        "The Detail and the Guardian gives 618; The Justice Gap gives 601, 17 fewer"
    )


# --- the lint ------------------------------------------------------------------------------------------------

BAD = [
    ("an internal id", "equal to 2,672 (detail_total, The Detail)"),
    ("an internal id", "See claim detail-total-2672 for the working."),
    ("brackets inside brackets", "against 2,672 (detail total, The Detail (with the Guardian))."),
    ("a sentence starts in lower case", "the claim counts a narrower group than the figure."),
    ("a sentence starts in lower case", "It was wrong. the claim counts less."),
    ("a doubled quote mark or stop", "''over 2000' read as 2,001"),
    ("a doubled quote mark or stop", "\u201cand 601 human trafficking victims.\u201d."),
    (
        "a clause said twice",
        "Firstpost states no dates, so the same months are assumed; Firstpost states no dates, so "
        "the same months are assumed",
    ),
    ("'nan'", "Domestic abuse (nan)"),
    ("a count printed as a decimal", "Domestic abuse: 451.0"),
    ("a count printed as a decimal", "It counted 43.5 calls."),
    ("a label that repeats itself", "Fact-check: Fact-check: every published claim"),
    ("a label that repeats itself", "Scotland: Police Scotland"),
    (
        "a phrase said three times in one sentence",
        "The Detail and the Guardian give 460; The Detail and the Guardian give 222; The Detail and the Guardian "
        "give 207.",
    ),
    (
        "a phrase said three times in one sentence",
        "The claim ties The Detail and the Guardian's 451 to The Detail and the Guardian's a quarter, but The Detail "
        "and the Guardian's 451 covers May 2020 to September 2022.",
    ),
    ("a bound said backwards", "The Detail gives 80, which is not at least 100."),
    ("a number without its thousands comma", "The Justice Gap: 2546, the claim"),
    ("a number without its thousands comma", "It said 34093 calls."),
    (
        "a verdict line with a second colon",
        "Cannot be checked: the force-by-force table was not published: only five forces are itemised.",
    ),
    ("a verdict line with a second colon", "Correct: largest first, as claimed: North 30 and South 20."),
    ("a bound said backwards", "Outlet A's 30 of 100 make 30%, which is not at most 25%."),
]
GOOD = [
    "Wrong: the five crime types add up to 1,989, not 2,546.",
    "The Detail and the Guardian reported that every force made referrals.",
    "24 of the 43 were about modern slavery or trafficking.",
    "Rates of 102.2 to 147.6 a month are about 1.6 times the rate.",
    "umorina.info reprinted the story.",
    "Download data/processed/published_figures.csv for every figure.",
    "Firstpost: \u201cbetween 2020 and 2022, UK officers reported 2,546 victims\u201d",
    "Each of the 43 forces \u2026 as well as Police Scotland.",
    "A \u2018quoted\u2019 word inside \u201ca quote\u2019s words\u201d",
    "The Detail and the Guardian give 460, 222 and 207.",
    "The Detail and the Guardian give 2,672. The Detail and the Guardian give 451. The Detail and the Guardian "
    "give 75.",
    "The Detail gives 80, which is fewer than 100; 29.4%, which is not more than 50%.",
    "Between 2020 and 2022, 2,546 victims; \u201ca staggering 2546 victims\u201d, as printed.",
    "Correct: largest first, as claimed (North 30 and South 20). The working: 2,672 covers May 2020: 29 months.",
    "Note: sheet 'Table 1', row 1058: generated by synthetic-release (seed 2672).",
]


@pytest.mark.parametrize("problem,text", BAD, ids=[f"{p}: {t[:30]}" for p, t in BAD])
def test_the_lint_names_what_a_sub_editor_would_strike(problem, text):
    found = writing.lint(text, ids={"detail-total-2672", "detail_total"})
    assert any(f.startswith(problem) for f in found), found


@pytest.mark.parametrize("text", GOOD)
def test_the_lint_passes_house_style(text):
    assert writing.lint(text, ids={"detail-total-2672", "detail_total"}) == []


def test_a_fragment_may_start_in_lower_case_but_not_a_sentence():
    assert writing.lint("at least 33", fragment=True) == []
    assert writing.lint("at least 33") != []
    assert writing.lint("the claim counts less.", fragment=True) != [], "a cell that is a sentence is one"


@pytest.mark.parametrize(
    "outlet,url,expected",
    [
        ("Firstpost", "http://34.80.245.248/content_html/2023-03-06/x.html", "Firstpost (archived copy)"),
        ("Firstpost", "http://10.0.0.1:8080/x", "Firstpost (archived copy)"),
        ("The Ferret", "https://theferret.scot/police/", "The Ferret"),
        ("The Detail (with the Guardian)", "https://www.thedetail.tv/a", "The Detail and the Guardian"),
    ],
)
def test_a_link_to_a_stored_copy_says_so_never_shows_a_bare_address(outlet, url, expected):
    assert writing.link_words(outlet, url) == expected


@pytest.mark.parametrize(
    "text,shown",
    [
        ("2546", "2,546"),
        ("more than 2000", "more than 2,000"),
        ("2,546", "2,546"),
        ("over two hundred", "over two hundred"),
        ("34093 calls", "34,093 calls"),
        ("102.2", "102.2"),
        ("at least 33", "at least 33"),
    ],
)
def test_a_claimed_number_in_the_houses_figures(text, shown):
    assert writing.printed(text) == shown


@pytest.mark.parametrize(
    "clause, lowered",
    [
        ("A share ('more than half'); the draft does not say", "a share ('more than half'); the draft does not say"),
        ("The figure is missing", "the figure is missing"),
        ("The Detail gives 460", "The Detail gives 460"),
        ("Police Scotland gives 207", "Police Scotland gives 207"),
        ("UK forces", "UK forces"),
        ("PSNI figures", "PSNI figures"),
        ("already lower", "already lower"),
    ],
)
def test_a_clause_after_a_colon_starts_in_lower_case_unless_it_is_a_name(clause, lowered):
    assert writing.lower_first(clause) == lowered
