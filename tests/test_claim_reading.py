"""Issue 21 (items 5, 8, 9): a claim's words and rows read as a fact-checker wrote them, or refused with the reason.

Every case the issue's tester found is pinned here: numbers misread in `claimed`, verbal quantities, the verdict a
bound figure must not blur, malformed scopes and files, every bad row reported at once.
"""

from __future__ import annotations

import csv
import io
import math
import os

import pytest
from conftest import REVIEWED_RAW_DATA, ROOT, run_in_process

from referrals import compare, numbers, wording
from referrals.errors import ClaimsError, ParameterError
from referrals.ledger import load_claims, run_ledger
from referrals.ledger.write import LEDGER_FILES, ledger_folder
from referrals.sources import load_raw

DATA = load_raw(REVIEWED_RAW_DATA)
C, K, X = compare.CONFIRMED, compare.CONSISTENT, compare.CONTRADICTED
INC, N = compare.INCONSISTENT, compare.NOT_VERIFIABLE
HEADER = [
    "claim_id",
    "source_id",
    "outlet",
    "url",
    "quote",
    "claimed",
    "measure",
    "geography",
    "crime_type",
    "period_start",
    "period_end",
    "period_months",
    "rule",
    "checked_against",
    "compare_with",
    "parameters",
    "reason",
]
UK_TOTAL = {
    "measure": "victims_referred",
    "geography": "uk",
    "crime_type": "all",
    "period_start": "2020-05",
    "period_end": "2022-09",
}


def claims_file(tmp_path, rows, name="tester.csv"):
    buf = io.StringIO()
    w = csv.DictWriter(buf, HEADER, lineterminator="\n")
    w.writeheader()
    for i, r in enumerate(rows):
        w.writerow(
            {
                "claim_id": f"c{i}",
                "source_id": "tester-news",
                "outlet": "Tester News",
                "url": "https://example.org",
                "quote": "as printed",
                **r,
            }
        )
    path = tmp_path / name
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def verdict_of(tmp_path, row):
    table = run_ledger([claims_file(tmp_path, [{"claim_id": "x", **row}])], DATA).table.set_index("claim_id")
    return table.loc["x"]


def refusal(tmp_path, row) -> str:
    with pytest.raises(ClaimsError) as err:
        load_claims([claims_file(tmp_path, [{"claim_id": "x", **row}])], DATA)
    return str(err.value)


# --- item 5: numbers and words --------------------------------------------------------------------------------

READINGS = [
    # ranges, as ranges
    ("between 2,000 and 3,000", "count", 2000, 3000),
    ("2,000 to 3,000", "count", 2000, 3000),
    ("2,000-3,000", "count", 2000, 3000),
    ("2,000\u20133,000", "count", 2000, 3000),
    ("between 2 and 3 million", "count", 2_000_000, 3_000_000),
    ("between 20% and 30%", "share", 0.195, 0.305),
    # digits grouped by a space of any kind
    ("2 672", "count", 2672, 2672),
    ("2\u00a0672", "count", 2672, 2672),
    ("2\u2009672", "count", 2672, 2672),
    ("2\u202f672", "count", 2672, 2672),
    # magnitude words
    ("2.7 million", "count", 2_650_000, 2_750_000),
    ("2.672 million", "count", 2_671_500, 2_672_500),
    ("2.7m", "count", 2_650_000, 2_750_000),
    # zero
    ("none", "count", 0, 0),
    ("no", "count", 0, 0),
    ("zero", "count", 0, 0),
    ("no enforcement action", "count", 0, 0),
    ("no more than 30", "count", 0, 30),
    # fractions with bound words: bounds on the share
    ("more than half", "share", 0.5, 1.0),
    ("over a third", "share", 1 / 3, 1.0),
    ("nearly a quarter", "share", 0.20, 0.25),
    ("at least half", "share", 0.5, 1.0),
    ("less than a third", "share", 0.0, 1 / 3),
    # 'a in b', in digits or words: within 10% of a/b, or b the nearest whole N
    ("1 in 20", "share", 0.045, 0.055),
    ("one in 20", "share", 0.045, 0.055),
    ("one in every 20", "share", 0.045, 0.055),
    ("almost 1 in 20", "share", 0.045, 0.05),
    ("almost one in 20", "share", 0.045, 0.05),
    ("one in six", "share", 0.15, 1 / 6 * 1.1),
    ("two in five", "share", 0.36, 2 / 4.5),
    ("one in three", "share", 1 / 3.5, 1 / 2.5),
    # 'just over' is more than: counts are whole, so 'just over 200' is 201 to 300 ('nearly 2,700' mirrored)
    ("just over 200", "count", 201, 300),
    ("just over 4.5%", "share", 0.045, 0.0455),
    # any fraction in words, within 10% of itself (the pinned ones above keep their ranges)
    ("two fifths", "share", 0.36, 0.44),
    ("three-tenths", "share", 0.27, 0.33),
    ("an eighth", "share", 0.1125, 0.1375),
    ("one sixth", "share", 0.15, 1 / 6 * 1.1),
]


@pytest.mark.parametrize("text,kind,low,high", READINGS, ids=[r[0] for r in READINGS])
def test_each_reading_of_the_words_is_pinned(text, kind, low, high):
    claimed = wording.read(text)
    assert claimed.kind == kind
    assert math.isclose(claimed.low, low, abs_tol=1e-9) and math.isclose(claimed.high, high, abs_tol=1e-9), (
        claimed.low,
        claimed.high,
    )


@pytest.mark.parametrize(
    "text,unit,kind,low,high,number",
    [
        ("29 a day", "people a day", "count", 29, 29, 29),
        ("210 a week", "people a day", "count", 30, 30, 30),
        ("around 40 a day", "people a day", "count", 35, 45, 40),
        ("hundreds a month", "people a month", "count", 200, 1000, None),
        ("29 a day", "victims", "rate", 29 * 365.25 / 12, 29 * 365.25 / 12, 29),  # a rate of a count: as read
        ("29", "people a day", "count", 29, 29, 29),
    ],
)
def test_a_claimed_rate_is_read_in_the_unit_of_a_measure_that_is_a_rate(text, unit, kind, low, high, number):
    claimed = wording.in_unit(wording.read(text), unit)
    assert claimed.kind == kind and claimed.text == text
    assert math.isclose(claimed.low, low) and math.isclose(claimed.high, high, rel_tol=1e-6)
    assert claimed.number == pytest.approx(number)


ESTIMATE = {"measure": "daily_estimate", "geography": "PSNI", "crime_type": "all"}


@pytest.mark.parametrize(
    "claimed,low,high", [("29 a day", 29, 29), ("an estimated 29 a day", 28.5, 29.5), ("203 a week", 29, 29)]
)
def test_a_daily_estimate_claimed_as_a_rate_is_held_as_people_a_day(tmp_path, claimed, low, high):
    """'29 a day' of a daily estimate is 29 of it, never 883 a month held as a count of 47,665."""
    row = {"claim_id": "x", "claimed": claimed, **ESTIMATE, "period_start": "2018-10", "period_end": "2023-03"}
    [read] = load_claims([claims_file(tmp_path, [row])], DATA)
    assert read.claim.claimed.kind == "count"
    assert (read.claim.claimed.low, read.claim.claimed.high) == (pytest.approx(low), pytest.approx(high))


def test_a_daily_estimate_claimed_as_a_rate_is_written_out(tmp_path):
    """The ledger writes it (it raised a TypeError: a count made from a rate had no number to print)."""
    row = {"claimed": "29 a day", **ESTIMATE, "period_start": "2018-10", "period_end": "2023-03"}
    said = verdict_of(tmp_path, row)["explanation"]
    assert said.startswith("Wrong: The Detail gives around 40, 35 to 45, not 29; 29 is the estimated 29 victims"), said
    assert said.endswith("given for everyone."), said  # the victims and witnesses' figure, given for everyone


@pytest.mark.parametrize("claimed", ["20 a month", "240 a year"])
def test_a_rate_over_a_period_known_by_its_length_names_the_count_it_makes(tmp_path, claimed):
    row = {"claimed": claimed, "measure": "victims_referred", "geography": "Police Scotland", "crime_type": "all"}
    row |= {"period_start": "unknown", "period_end": "unknown", "period_months": "24"}
    said = verdict_of(tmp_path, row)["explanation"]
    assert said == f"Wrong: The Ferret gives 207, not 480, which \u201c{claimed}\u201d makes over 24 months."


@pytest.mark.parametrize(
    "row,line",
    [
        (
            {**UK_TOTAL, "claimed": "1,787"},
            "Wrong: The Detail and the Guardian give 2,672, not 1,787; 1,787 is Byline Times' count of victims "
            "referred in the UK for April 2020 to November 2021, not for May 2020 to September 2022.",
        ),
        (
            {**UK_TOTAL, "claimed": "207", "geography": "West Midlands Police"},
            "Wrong: The Detail and the Guardian give 222, not 207; 207 is the 207 victims referred by Police "
            "Scotland, given for West Midlands Police.",
        ),
    ],
)
def test_a_misplaced_number_names_the_figure_it_came_from(tmp_path, row, line):
    """Byline Times' 'at least 1,787' for 20 months, given for 29 (the line names Byline Times: 'the figure' read as
    The Detail's); Police Scotland's 207 given for West Midlands Police ('for Police Scotland' was said twice)."""
    assert verdict_of(tmp_path, row)["explanation"] == line


def test_a_strict_bound_on_a_share_excludes_the_share_itself():
    assert wording.read("more than half").low > 0.5 and wording.read("less than a third").high < 1 / 3


@pytest.mark.parametrize(
    "text,reason",
    [
        ("2.672", "full stop between thousands or a decimal"),
        ("2,67,2", "comma out of place"),
        ("26,72", "comma out of place"),
        ("2.672e3", "scientific notation"),
        ("9" * 400, "has 400 digits"),
        ("about " + "9" * 400, "has 400 digits"),
        ("4.7", "decimal point"),
        ("3,000-2,000", "runs backwards"),
    ],
)
def test_misread_numbers_are_refused_with_the_reason(text, reason):
    with pytest.raises(wording.WordingError, match=reason):
        wording.read(text)


@pytest.mark.parametrize("text", ["2.672", "26,72", "2,67,2", "2.672e3", "9" * 400])
def test_a_misread_number_in_a_claims_file_names_the_cell(tmp_path, text):
    message = refusal(tmp_path, {"claimed": text, **UK_TOTAL})
    assert "tester.csv, claim x (row 2), field 'claimed'" in message and "Traceback" not in message


def test_the_release_loader_and_the_claims_reader_share_one_number_reader():
    from referrals.release import cells

    assert cells.count_problem is numbers.count_problem
    for bad in ("2.000", "1,5", "1e3"):
        assert numbers.count_problem(bad) is not None
        with pytest.raises(numbers.NotACount):
            numbers.read_number(bad)


@pytest.mark.parametrize(
    "row,verdict",
    [
        ({"claimed": "between 2,000 and 3,000"}, K),
        ({"claimed": "2,000 to 3,000"}, K),
        ({"claimed": "2,000-3,000"}, K),
        ({"claimed": "between 3,000 and 4,000"}, X),
        ({"claimed": "2 672"}, C),
        ({"claimed": "2\u202f672"}, C),
        ({"claimed": "2.7 thousand"}, K),
    ],
)
def test_numbers_as_printed_get_the_right_verdict(tmp_path, row, verdict):
    assert verdict_of(tmp_path, {**UK_TOTAL, **row})["verdict"] == verdict


def test_a_part_and_its_whole_is_not_confirmed_from_its_first_number(tmp_path):
    message = refusal(tmp_path, {"claimed": "2,672 of 3,000", **UK_TOTAL})
    assert "field 'claimed'" in message and "a part and its whole" in message


NOT_RECORDED = {"rule": "share", "checked_against": "detail_force_not_recorded", "compare_with": "detail_total"}
DA_OF_TOTAL = {"rule": "share", "checked_against": "detail_ct_domestic_abuse", "compare_with": "detail_total"}
MSHT_OF_TOTAL = {
    "rule": "share",
    "checked_against": "detail_ct_modern_slavery + detail_ct_human_trafficking + detail_ct_unspecified",
    "compare_with": "detail_total",
}


@pytest.mark.parametrize(
    "claimed,sides,verdict",
    [
        ("one in 20", NOT_RECORDED, K),  # 126 of 2,672 = 4.7%: a newsroom's 'one in 20'
        ("1 in 20", NOT_RECORDED, K),
        ("almost 1 in 20", NOT_RECORDED, K),
        ("almost one in 20", NOT_RECORDED, K),
        ("one in ten", NOT_RECORDED, X),
        ("one in six", DA_OF_TOTAL, K),  # 451 of 2,672 = 16.9%
        ("more than half", MSHT_OF_TOTAL, X),  # 785 + 618 + 631 = 2,034 of 2,672 = 76%: yes; see below
        ("nearly a quarter", DA_OF_TOTAL, X),  # 16.9% is not nearly 25%
        ("two in five", DA_OF_TOTAL, X),
    ],
)
def test_shares_in_words_get_the_right_verdict(tmp_path, claimed, sides, verdict):
    if claimed == "more than half":
        verdict = K
    assert verdict_of(tmp_path, {"claimed": claimed, **sides})["verdict"] == verdict


def test_more_than_half_at_46_9_percent_is_contradicted(tmp_path):
    # modern slavery and human trafficking: 785 + 618 = 1,403 of 2,672 = 52.5%; with forced marriage and labour
    # exploitation it is more. 1,253 of 2,672 = 46.9%: 785 + 451 + 17: here 785 + 451 (= 1,236, 46.3%)
    row = {
        "claimed": "more than half",
        "rule": "share",
        "checked_against": "detail_ct_modern_slavery + detail_ct_domestic_abuse",
        "compare_with": "detail_total",
    }
    assert verdict_of(tmp_path, row)["verdict"] == X


@pytest.mark.parametrize("claimed", ["none", "no", "zero"])
def test_nothing_in_words_is_zero_and_is_contradicted_by_a_count(tmp_path, claimed):
    got = verdict_of(tmp_path, {"claimed": claimed, **UK_TOTAL})
    assert got["verdict"] == X


# --- item 8: verdicts, periods, + lists, files --------------------------------------------------------------


@pytest.mark.parametrize("claimed", ["26,720", "9,999,999", "2.672 million", "267"])
def test_a_bound_figure_never_blurs_a_clear_contradiction(tmp_path, claimed):
    """Byline Times' 'at least 1,787' does not rule these out, The Detail's exact 2,672 does."""
    got = verdict_of(tmp_path, {"claimed": claimed, **UK_TOTAL})
    assert got["verdict"] == X, (got["verdict"], got["explanation"])


@pytest.mark.parametrize(
    "start,end,column,phrase",
    [
        ("0000-01", "2022-09", "period_start", "before 2000"),
        ("1999", "2022-09", "period_start", "before 2000"),
        ("2020-05", "9999-12", "period_end", "after today"),
    ],
)
def test_claim_periods_lie_between_2000_and_publication(tmp_path, start, end, column, phrase):
    message = refusal(tmp_path, {"claimed": "2,672", **UK_TOTAL, "period_start": start, "period_end": end})
    assert f"field '{column}'" in message and phrase in message, message


def test_a_period_after_the_sources_publication_is_refused(tmp_path):
    row = {"claimed": "2,672", **UK_TOTAL, "period_end": "2024-01", "source_id": "detail-2023-psni"}
    message = refusal(tmp_path, row)
    assert "field 'period_end'" in message and "after the source was published (February 2023)" in message


@pytest.mark.parametrize("geography", ["kent+kent", "kent++essex", "kent+", "+kent", "uk+metropolitan", "uk+scotland"])
def test_malformed_or_overlapping_plus_lists_are_refused(tmp_path, geography):
    message = refusal(tmp_path, {"claimed": "20", **UK_TOTAL, "geography": geography})
    assert "field 'geography'" in message, message


def test_overlapping_crime_types_are_refused(tmp_path):
    message = refusal(
        tmp_path, {"claimed": "20", **UK_TOTAL, "crime_type": "sexual-exploitation+adult-sexual-exploitation"}
    )
    assert "field 'crime_type'" in message and "overlap" in message, message


def test_disjoint_plus_lists_still_sum(tmp_path):
    got = verdict_of(tmp_path, {"claimed": "5,000", **UK_TOTAL, "geography": "metropolitan+west-midlands"})
    # the two forces' own figures add up to the list's count (it said only 'at most the UK's 2,672')
    assert got["verdict"] == X and "two forces add up to 682, not 5,000" in got["explanation"], got["explanation"]


@pytest.mark.parametrize("path", ["folder", "/dev/zero"])
def test_a_claims_path_that_is_no_file_is_refused_with_one_message(tmp_path, path):
    target = tmp_path if path == "folder" else path
    with pytest.raises(ClaimsError, match="give the path of a claims file"):
        load_claims([target], DATA)


def test_a_claim_id_with_escape_codes_is_never_printed_raw(tmp_path):
    message = refusal(tmp_path, {"claim_id": "x\x1b[31mred", "claimed": "2,672", **UK_TOTAL})
    assert "\x1b" not in message and "\\x1b" in message


# --- item 9: every bad row at once ---------------------------------------------------------------------------


def test_every_bad_row_of_every_file_is_reported_in_one_run(tmp_path):
    first = claims_file(
        tmp_path,
        [
            {"claimed": "2.672", **UK_TOTAL},
            {"claimed": "2,672", **UK_TOTAL},
            {"claimed": "2,672", **UK_TOTAL, "geography": "atlantis"},
            {"claimed": "2,672", **UK_TOTAL, "period_start": "0000-01"},
        ],
        "first.csv",
    )
    second = claims_file(tmp_path, [{"claimed": "lots", **UK_TOTAL}], "second.csv")
    with pytest.raises(ClaimsError) as err:
        load_claims([first, second, tmp_path], DATA)
    message = str(err.value)
    for expected in (
        "first.csv, claim c0 (row 2), field 'claimed'",
        "first.csv, claim c2 (row 4), field 'geography'",
        "first.csv, claim c3 (row 5), field 'period_start'",
        "second.csv, claim c0 (row 2), field 'claimed'",
        "give the path of a claims file",
    ):
        assert expected in message, message
    assert "claim c1 " not in message and message.startswith("5 problems")


def test_the_command_line_reports_three_bad_rows_in_one_run(tmp_path):
    bad = claims_file(
        tmp_path,
        [
            {"claimed": "26,72", **UK_TOTAL},
            {"claimed": "x", **UK_TOTAL},
            {"claimed": "1", **UK_TOTAL, "geography": "kent+"},
        ],
    )
    result = run_in_process(["-m", "referrals", "ledger", str(bad), "--out", str(tmp_path / "out")], ROOT)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert all(f"claim c{i} (row {i + 2})" in result.stderr for i in range(3)), result.stderr
    assert not (tmp_path / "out").exists()


# --- item 9: ledger --out where the user says ----------------------------------------------------------------


def test_the_ledger_writes_into_a_folder_beside_the_project(tmp_path):
    from referrals.ledger import write_outputs

    beside = os.path.relpath(tmp_path / "my-checks", ROOT)  # '../../tmp/.../my-checks': outside the project
    assert beside.startswith("..")
    ledger = run_ledger([claims_file(tmp_path, [{"claimed": "2,672", **UK_TOTAL}])], DATA)
    written = write_outputs(ledger, beside, ["tester.csv"], DATA)
    assert sorted(p.name for p in (tmp_path / "my-checks").iterdir()) == sorted(LEDGER_FILES)
    assert {p.parent for p in written} == {tmp_path / "my-checks"}
    write_outputs(ledger, beside, ["tester.csv"], DATA)  # its own folder, again: replaced
    assert sorted(p.name for p in (tmp_path / "my-checks").iterdir()) == sorted(LEDGER_FILES)


@pytest.mark.parametrize(
    "out,phrase",
    [
        ("data/raw/checks", "inside data/"),
        ("data", "inside data/"),
        ("figures/checks", "inside figures/"),
        (".", "files the ledger did not write"),
        ("src", "files the ledger did not write"),
        ("", "give a folder"),
    ],
)
def test_the_ledger_refuses_the_projects_data_figures_and_other_peoples_folders(out, phrase):
    with pytest.raises(ParameterError, match=phrase):
        ledger_folder(out)


def test_the_ledger_never_writes_into_a_folder_holding_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ParameterError, match=r"did not write \(notes.txt\)"):
        ledger_folder(str(tmp_path))
    with pytest.raises(ParameterError, match="is a file"):
        ledger_folder(str(tmp_path / "notes.txt"))
    assert ledger_folder("output/fact-check") == ROOT / "output" / "fact-check"  # the project's outputs, as before


# --- item 6: one method for every period relation ------------------------------------------------------------


def test_a_count_and_a_rate_over_the_same_months_get_the_same_treatment(tmp_path):
    """'nearly 2,700' and 'around 90 a month' over May 2020 to September 2022: both fair, the New Statesman's
    2,656 over 'the two years since May 2020' weighed the same way in both."""
    table = run_ledger(
        [
            claims_file(
                tmp_path, [{"claimed": "nearly 2,700", **UK_TOTAL}, {"claimed": "around 90 a month", **UK_TOTAL}]
            )
        ],
        DATA,
    ).table.set_index("claim_id")
    assert table.loc["c0", "verdict"] == table.loc["c1", "verdict"] == K, table.loc["c1", "explanation"]


@pytest.mark.parametrize(
    "count,rate",
    [("about 1,700", "around 90 a month"), ("about 2,300", "around 120 a month"), ("1,787", "about 94 a month")],
)
def test_a_rate_over_a_shorter_period_is_compared_by_the_nested_period_method_as_its_count_is(tmp_path, count, rate):
    """May 2020 to November 2021 (19 months) lies inside The Detail's 29: the same verdict for the count as for the
    rate that makes it."""
    months = {**UK_TOTAL, "period_end": "2021-11"}
    table = run_ledger(
        [claims_file(tmp_path, [{"claimed": count, **months}, {"claimed": rate, **months}])], DATA
    ).table.set_index("claim_id")
    assert table.loc["c0", "verdict"] == table.loc["c1", "verdict"], table.loc[["c0", "c1"], "explanation"].tolist()


def test_a_rate_the_same_data_rules_out_is_contradicted_whatever_bound_figures_allow(tmp_path):
    assert verdict_of(tmp_path, {"claimed": "hundreds a month", **UK_TOTAL})["verdict"] == X


@pytest.mark.parametrize("ratio,words", [(0.8, "about 80% of"), (0.7, "about 70% of"), (0.6, "about half of")])
def test_a_rate_between_two_thirds_and_nine_tenths_of_another_is_said_in_words(ratio, words):
    from referrals import writing

    assert writing.times(ratio, 1) == words


def test_an_undated_period_never_stops_a_contradiction(tmp_path):
    """The same data count 300 in six of the claim's ten months, so the claim's 100 is ruled out; a figure over 'a
    two year period' (18 to 30 months, no dates) whose rate could fit shows only that some placement of its months
    might: it does not stop the contradiction (it was 'inconsistent across sources')."""
    from small_world import claim, count, evidence, months, write_world

    from referrals.scope import Period

    world = write_world(tmp_path)
    inside = count(300, months("2020-03", "2020-08"), id="fig_inside")
    undated = count(200, Period.parse("unknown", "unknown", "18..30", text="a two year period"), id="fig_undated")
    alone = compare.hold(claim("100"), evidence(world, [inside]))
    both = compare.hold(claim("100"), evidence(world, [inside, undated]))
    assert alone.verdict == both.verdict == X
    found = {c.count.id: c.outcome for c in both.comparisons}
    assert found["fig_undated"] == compare.LOOSELY


def test_a_claims_archive_fits_and_a_file_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    """The limit stopped make bench's 50,000-claim archive (13.7 MB) at 5 MB; beyond it a file is refused by name."""
    from referrals.errors import ClaimsError
    from referrals.ledger import read as reader
    from referrals.sources import load_raw

    assert reader.MAX_FILE_BYTES >= 50_000 * 400, "an archive of 50,000 claims of 400 bytes each fits"
    path = tmp_path / "big.csv"
    path.write_text("claim_id,source_id,quote,claimed\n" + "a,b,c,1\n" * 20, encoding="utf-8")
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 100)
    with pytest.raises(ClaimsError, match="larger than any claims file"):
        reader.load_claims([path], load_raw())
