"""A corpus of release shapes (issue 20): each shape a Home Office answer takes, read right or refused clearly.

Every release here is SYNTHETIC, typed in the test (never the project's generator), and marked so in its file name
and title. Each test states the tidy totals it expects. The shapes are those of
`home-office-release-conventions.md` (see CONVENTIONS at the end: each bullet names its tests) and the misreads
issue 20 found.
"""

from __future__ import annotations

import datetime as dt
import time
import zipfile

import pandas as pd
import pytest
from conftest import ROOT, SHARED_SOURCES
from release_writers import write_csv, write_letter, write_scan, write_xlsx

from referrals import foi
from referrals.errors import DataError
from referrals.release import crosscheck

TITLE = "SYNTHETIC TEST RELEASE: invented numbers, not Home Office data"
PERIOD = "Victims referred, 1 May 2020 to 30 September 2022"
#: Forces in Home Office spelling, with their ids, and a small invented table: force x financial year.
FORCES = [
    ("Avon and Somerset", "avon-and-somerset"),
    ("London, City of", "city-of-london"),
    ("Metropolitan Police", "metropolitan"),
    ("Dyfed Powys", "dyfed-powys"),
    ("Police Scotland (6)", "police-scotland"),
    ("Force not recorded (5)", "not-recorded"),
]
YEARS = ["2020/21 (3)", "2021/22", "2022/23 (3)"]
BY_YEAR = [[5, 0, 2], [0, 1, 0], [40, 50, 30], [0, 0, 3], [10, 12, 8], [1, 1, 1]]  # zeros are left blank
TYPES = [
    ("Modern Slavery", "modern-slavery"),
    ("Domestic Abuse", "domestic-abuse"),
    ("Not specified (4)", "unspecified"),
]
BY_TYPE = [60, 70, 34]
TOTAL = 164
NOTES = [
    "Notes",
    "(3) 2020/21 covers 1 May 2020 to 31 March 2021; 2022/23 covers 1 April 2022 to 30 September 2022.",
    "(4) The crime type was not specified.",
    "(5) No police force was recorded.",
    "(6) Figures for Police Scotland are provisional.",
]


def force_table(blank=True, grand_total=True, total_column=True):
    rows = [["Police force", *YEARS] + (["Grand total"] if total_column else [])]
    for (name, _), values in zip(FORCES, BY_YEAR):
        cells = ["" if blank and v == 0 else v for v in values]
        rows.append([name, *cells] + ([sum(values)] if total_column else []))
    if grand_total:
        sums = [sum(v[k] for v in BY_YEAR) for k in range(3)]
        rows.append(["Grand total", *sums] + ([sum(sums)] if total_column else []))
    return rows


def type_table(total=TOTAL):
    rows = [["Crime type", "Number of victims"]]
    rows += [[name, n] for (name, _), n in zip(TYPES, BY_TYPE)]
    return rows + [["Grand total", total]]


def by(release, table, dimension):
    t = release.tidy[release.tidy["table"] == str(table)]
    return t.groupby(dimension)["value"].sum().to_dict()


def refused(path) -> str:
    with pytest.raises(DataError) as err:
        foi.load_release(path)
    message = str(err.value)
    assert "Traceback" not in message and path.name in message
    return message


assert sum(map(sum, BY_YEAR)) == TOTAL == sum(BY_TYPE)


# --- tables of any subset of the dimensions -------------------------------------------------------------------------


def _two_tables_expected(release):
    assert [t.dimensions for t in release.tables] == [("force", "period"), ("crime_type",)]
    assert by(release, 1, "force") == {f: sum(v) for (_, f), v in zip(FORCES, BY_YEAR)}
    assert by(release, 2, "crime_type") == {c: n for (_, c), n in zip(TYPES, BY_TYPE)}
    assert release.conflicts == [], "the two grand totals agree"
    data = foi.release_data(release)
    assert data.aggregate() == (TOTAL, TOTAL)
    assert data.aggregate(forces=["metropolitan"], crime_types=["modern-slavery"]) is None, "no cell of both invented"
    assert (release.tidy["force"] != "").sum() == 18 and (release.tidy["crime_type"] != "").sum() == 3


def test_a_table_by_force_and_a_table_by_crime_type_on_two_sheets(tmp_path):
    sheets = {"Cover": [[TITLE], [PERIOD], *[[n] for n in NOTES]], "Table 1": force_table(), "Table 2": type_table()}
    release = foi.load_release(write_xlsx(tmp_path, "SYNTHETIC-two-sheets.xlsx", sheets))
    _two_tables_expected(release)
    assert release.period == ("2020-05", "2022-09") and release.period_status == "stated"


def test_two_tables_on_one_sheet(tmp_path):
    rows = [[TITLE], [PERIOD], [], ["Table 1: by force"], *force_table(), [], ["Table 2: by crime type"], *type_table()]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-one-sheet.csv", rows + [[n] for n in NOTES]))
    _two_tables_expected(release)
    assert release.tables[1].title == ["Table 2: by crime type"]


def test_a_letter_with_two_tables_the_first_across_two_pages(tmp_path):
    import pdfplumber

    long_force = force_table()
    filler = [f"Paragraph {i} of the SYNTHETIC letter, restating the request." for i in range(30)]
    parts = [TITLE, "Immigration Enforcement FOI & PQ Team (SYNTHETIC)", *filler, PERIOD, long_force]
    parts += ["Table 2 gives the same victims by crime type.", type_table(), *NOTES, "Yours sincerely, SYNTHETIC"]
    path = write_letter(tmp_path / "SYNTHETIC-letter.pdf", parts)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 2
        assert len(pdf.pages[0].find_tables()) >= 1 and len(pdf.pages[1].find_tables()) >= 1, "table 1 is split"
    release = foi.load_release(path)
    _two_tables_expected(release)
    assert any("Yours sincerely" in n for n in release.notes)


def test_two_tables_whose_totals_disagree_are_both_read_and_the_disagreement_reported(tmp_path):
    sheets = {"Table 1": [[TITLE], [PERIOD], *force_table()], "Table 2": type_table(total=TOTAL + 1)}
    sheets["Table 2"][1][1] += 1  # the crime-type table itself adds up; it counts one more victim
    release = foi.load_release(write_xlsx(tmp_path, "SYNTHETIC-disagree.xlsx", sheets))
    assert release.conflicts == [f"table 1 and table 2 disagree for all victims: {TOTAL} against {TOTAL + 1}"]
    assert "disagree" in foi.format_report(release, foi.cross_check(release))


# --- periods ---------------------------------------------------------------------------------------------------------


def test_financial_years_with_note_markers_take_their_partial_months_from_the_notes(tmp_path):
    rows = [[TITLE], *force_table(), [], *[[n] for n in NOTES]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-years.csv", rows))
    spans = sorted(set(zip(release.tidy["period_start"], release.tidy["period_end"])))
    assert spans == [("2020-05", "2021-03"), ("2021-04", "2022-03"), ("2022-04", "2022-09")]
    assert release.period == ("2020-05", "2022-09") and release.period_status == "from its periods"
    assert any("note 3" in n and "2020/21" in n for n in release.notes), release.notes


def test_partial_years_from_the_title_when_no_note_says(tmp_path):
    rows = [[TITLE], [PERIOD], *force_table()]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-years-title.csv", rows))
    spans = sorted(set(zip(release.tidy["period_start"], release.tidy["period_end"])))
    assert spans == [("2020-05", "2021-03"), ("2021-04", "2022-03"), ("2022-04", "2022-09")]


def test_partial_years_nobody_states_are_ambiguous_and_never_taken_for_the_published_period(tmp_path):
    rows = [[TITLE], *force_table()]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-years-unstated.csv", rows))
    assert release.period_status == "ambiguous"
    assert any("does not say whether" in n and "ambiguous" in n for n in release.notes), release.notes
    report = foi.cross_check(release).set_index("figure_id")
    met = report.loc["detail_force_metropolitan"]
    assert met["verdict"] != "confirmed" and "allows the same months" not in met["explanation"], met["explanation"]
    assert (
        "2021/22" in met["release"]
        or "April 2021 to March 2022" in met["explanation"]
        or "shorter" in met["explanation"]
    ), "only the year it surely covers whole is held against the figure"


@pytest.mark.parametrize(
    "headings,spans",
    [
        (["Apr-21", "May-21"], [("2021-04", "2021-04"), ("2021-05", "2021-05")]),
        (["Q1 2021", "Q2 2021"], [("2021-01", "2021-03"), ("2021-04", "2021-06")]),
        (["Jan-Mar 2021", "Apr-Jun 2021"], [("2021-01", "2021-03"), ("2021-04", "2021-06")]),
        (["FY 2020-21", "FY 2021-22"], [("2020-04", "2021-03"), ("2021-04", "2022-03")]),
        (["2020", "2021"], [("2020-01", "2020-12"), ("2021-01", "2021-12")]),
        (["44287", "44317"], [("2021-04", "2021-04"), ("2021-05", "2021-05")]),  # Excel serial days, unformatted
    ],
    ids=["months", "quarters", "month-ranges", "financial-years", "calendar-years", "excel-serials"],
)
def test_period_columns_of_every_kind(tmp_path, headings, spans):
    rows = [[TITLE], ["Police force", *headings, "Total"], ["Kent", 3, 4, 7], ["Essex", 1, 2, 3], ["Total", 4, 6, 10]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-periods.csv", rows))
    assert sorted(set(zip(release.tidy["period_start"], release.tidy["period_end"]))) == spans
    assert release.tidy["value"].sum() == 10


def test_a_month_that_could_be_a_financial_year_is_read_as_the_months_around_it(tmp_path):
    rows = [[TITLE], ["Police force", "Month", "Number of victims"]]
    rows += [["Kent", m, 1] for m in ("2011-10", "2011-11", "2011-12", "2012-01")]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-2011-12.csv", rows))
    assert sorted(release.tidy["period_start"]) == ["2011-10", "2011-11", "2011-12", "2012-01"]
    assert (release.tidy["period_start"] == release.tidy["period_end"]).all()


def test_excel_dates_as_column_headings(tmp_path):
    heads = [dt.datetime(2021, 4, 1), dt.datetime(2021, 5, 1)]
    rows = [[TITLE], ["Police force", *heads], ["Kent", 3, 4], ["Essex", 1, 2]]
    release = foi.load_release(write_xlsx(tmp_path, "SYNTHETIC-dates.xlsx", {"Table 1": rows}))
    assert sorted(set(release.tidy["period_start"])) == ["2021-04", "2021-05"]


@pytest.mark.parametrize(
    "title",
    [
        "Victims referred, financial year 2023/24",
        "Victims referred 2023-04-01 to 2024-03-31",
        "Victims referred, April 2023 to March 2024",
        "Victims referred, 01/04/2023 - 31/03/2024",
        "Victims referred, FY 2023-24",
        "Victims referred in the year ending 31 March 2024",
    ],
)
def test_a_release_for_another_period_in_any_wording_is_not_compared_as_the_published_one(tmp_path, title):
    """The same numbers as the published ones, for 2023/24: no 2020-22 figure may be confirmed, or contradicted by
    a zero; each is not covered (or at most held to a rate, as another period)."""
    rows = [[TITLE], [title], ["Crime type", "Number of victims"]]
    rows += [["Modern slavery", 785], ["Domestic abuse", 451], ["Total", 1236]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-2023-24.csv", rows))
    assert release.period == ("2023-04", "2024-03")
    report = foi.cross_check(release)
    detail = report[report["figure_id"].str.startswith("detail_")].set_index("figure_id")
    assert not (detail["verdict"] == "confirmed").any(), detail["verdict"]
    assert detail.loc["detail_total", "verdict"] == crosscheck.NOT_COVERED
    assert "not May 2020 to September 2022" in detail.loc["detail_total", "explanation"]
    assert foi.disagreements(report).empty


def test_a_release_that_states_no_period_compares_nothing_as_if_it_were_the_published_one(tmp_path):
    rows = [[TITLE], ["Crime type", "Number of victims"], ["Modern slavery", 785], ["Total", 785]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-no-period.csv", rows))
    assert release.period is None and release.period_status == "not stated"
    report = foi.cross_check(release).set_index("figure_id")
    assert report.loc["detail_ct_modern_slavery", "verdict"] == crosscheck.NOT_COVERED
    assert "states no period" in report.loc["detail_ct_modern_slavery", "explanation"]
    assert any("states no period" in n for n in release.notes)


# --- names as the Home Office writes them ----------------------------------------------------------------------------


def test_home_office_spellings_and_note_markers_with_their_notes(tmp_path):
    rows = [[TITLE], [PERIOD], *force_table(), [], *[[n] for n in NOTES]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-spellings.csv", rows))
    assert set(release.tidy["force"]) == {f for _, f in FORCES}
    assert "Police Scotland (6): note 6 says: Figures for Police Scotland are provisional." in release.notes
    assert any(n.startswith("Force not recorded (5): note 5 says") for n in release.notes), release.notes


def test_a_nation_row_is_a_subtotal_proven_by_its_forces_not_data(tmp_path):
    rows = [[TITLE], [PERIOD], ["Police force", "Number of victims"], ["Kent", 3], ["Essex", 4], ["England", 7]]
    rows += [["Police Scotland", 5], ["Total", 12]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-nation.csv", rows))
    assert release.tidy["value"].sum() == 12 and "england" not in set(release.tidy["force"])
    assert (release.totals["status"] == "agrees").sum() == 2
    rows[5][1] = 8
    assert "'England' says 8 but the cells it totals sum to 7" in refused(
        write_csv(tmp_path, "SYNTHETIC-nation-wrong.csv", rows)
    )


def test_a_nation_without_its_forces_is_refused_as_a_nation_not_as_a_misspelt_force(tmp_path):
    rows = [[TITLE], ["Police force", "Number of victims"], ["Kent", 3], ["Wales", 4]]
    message = refused(write_csv(tmp_path, "SYNTHETIC-wales.csv", rows))
    assert "'Wales' is a nation, not a force" in message and "did you mean" not in message
    rows[3][0] = "Scotland"
    message = refused(write_csv(tmp_path, "SYNTHETIC-scotland.csv", rows))
    assert "could mean Police Scotland (its only force)" in message and "the nation's total" in message


def test_a_name_that_could_be_two_things_is_refused_with_both_named(tmp_path):
    rows = [[TITLE], ["Police force", "2020-2021"], ["Kent", 3]]
    message = refused(write_csv(tmp_path, "SYNTHETIC-two-readings.csv", rows))
    assert "financial year 2020/21" in message and "calendar years 2020 and 2021" in message


# --- blanks, totals and subtotals --------------------------------------------------------------------------------


def test_blanks_the_totals_prove_zero_are_zeros_and_the_notes_say_so(tmp_path):
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-blanks.csv", [[TITLE], *force_table()]))
    t = release.tidy
    assert len(t) == 18 and not t["suppressed"].any() and (t["marker"] == "(blank)").sum() == 5
    assert t.loc[t["marker"] == "(blank)", "value"].eq(0).all()
    assert any("5 blank cells read as zero" in n for n in release.notes), release.notes


def test_blanks_no_total_proves_stay_unknown_and_the_notes_say_so(tmp_path):
    rows = [[TITLE], [PERIOD], *force_table(grand_total=False, total_column=False)]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-unproven.csv", rows))
    t = release.tidy
    assert t["suppressed"].sum() == 5 and t.loc[t["suppressed"], "value"].isna().all()
    assert any("5 blank cells kept unknown" in n for n in release.notes), release.notes
    low, high = foi.release_data(release).aggregate()
    assert low == TOTAL and high == float("inf"), "a sum over unknown blanks is a lower bound"


def test_a_blank_a_total_cannot_prove_zero_stays_unknown_beside_proven_ones(tmp_path):
    rows = force_table()
    rows[1][2] = "*"  # Avon and Somerset 2021/22 (a true zero) shown suppressed: its row now proves nothing blank
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-marks.csv", [[TITLE], *rows]))
    t = release.tidy.set_index(["force", "period_start"])
    assert t.loc[("avon-and-somerset", "2021-04"), "suppressed"], "a suppression mark is never a zero"
    assert t.loc[("avon-and-somerset", "2021-04"), "marker"] == "*"


def test_suppression_marks_stay_suppressed_even_where_the_totals_allow_zero(tmp_path):
    rows = [[TITLE], ["Police force", "Modern slavery", "Domestic abuse", "Total"], ["Kent", "<5", 3, 3]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-mark.csv", rows))
    kent = release.tidy.set_index("crime_type").loc["modern-slavery"]
    assert kent["suppressed"] and pd.isna(kent["value"]) and kent["marker"] == "<5"


def test_a_column_named_like_a_total_whose_values_are_not_is_a_category(tmp_path):
    """'All other crimes' was taken for a Total column and dropped with its victims."""
    rows = [[TITLE], ["Police force", "Modern slavery", "Domestic abuse", "All other crimes", "Total"]]
    rows += [["Kent", 3, 4, 10, 17], ["Essex", 1, 2, 6, 9], ["Total", 4, 6, 16, 26]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-all-other.csv", rows))
    assert release.tidy["value"].sum() == 26 and by(release, 1, "crime_type")["other"] == 16


def test_a_column_named_like_a_total_whose_values_are_the_total_is_refused_naming_both_readings(tmp_path):
    rows = [[TITLE], ["Police force", "Modern slavery", "Domestic abuse", "All other offences"]]
    rows += [["Kent", 3, 4, 7], ["Essex", 1, 2, 3]]
    message = refused(write_csv(tmp_path, "SYNTHETIC-all-other-total.csv", rows))
    assert "could be the total of the other columns" in message and "'other'" in message and "cell D2" in message


def test_a_subtotal_column_beside_its_parts_is_checked_never_counted(tmp_path):
    """'Modern slavery and human trafficking' beside its two parts was counted, making the total 'at least'."""
    heads = ["Police force", "Modern slavery", "Human trafficking", "Modern slavery and human trafficking", "Total"]
    rows = [[TITLE], heads, ["Kent", 3, 4, 7, 7], ["Essex", 1, "<5", 3, 3], ["Total", 4, 6, 10, 10]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-msht.csv", rows))
    assert set(release.tidy["crime_type"]) == {"modern-slavery", "human-trafficking"}
    assert foi.release_data(release).aggregate() == (10, 10)
    rows[2][3] = 8
    assert "says 8 but the cells it totals sum to 7" in refused(write_csv(tmp_path, "SYNTHETIC-msht-bad.csv", rows))


def test_a_union_column_without_its_parts_is_a_category(tmp_path):
    rows = [[TITLE], ["Police force", "Modern slavery and human trafficking", "Domestic abuse"], ["Kent", 7, 4]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-msht-alone.csv", rows))
    assert by(release, 1, "crime_type") == {"modern-slavery-and-human-trafficking": 7, "domestic-abuse": 4}


def test_totals_that_disagree_with_their_cells_refuse_the_release_naming_every_cell(tmp_path):
    rows = force_table()
    rows[3][-1] += 1  # the Met's Grand total
    rows[-1][1] -= 2  # the 2020/21 Grand total
    message = refused(write_csv(tmp_path, "SYNTHETIC-bad-totals.csv", [[TITLE], *rows]))
    assert "cell E5" in message and "cell B9" in message and "(2 problems;" in message


def test_a_row_of_counts_without_a_label_is_a_total_only_if_its_values_prove_it(tmp_path):
    rows = [[TITLE], ["Police force", "Modern slavery", "Domestic abuse"], ["Kent", 3, 4], ["Essex", 1, 2], ["", 4, 6]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-unlabelled.csv", rows))
    assert release.tidy["value"].sum() == 10 and any("no label read as totals" in n for n in release.notes)
    rows[-1] = ["", 5, 6]
    assert "a row of counts with no label" in refused(write_csv(tmp_path, "SYNTHETIC-unlabelled-bad.csv", rows))


# --- sub-columns -------------------------------------------------------------------------------------------------


def test_sub_columns_under_a_heading_that_spans_them_in_a_csv(tmp_path):
    """Only the first sub-column under each crime type used to be read (1,268 of 2,672)."""
    rows = [[TITLE], ["Police force", "Domestic abuse", "", "Modern slavery", "", "Total"]]
    rows += [["", "Male", "Female", "Male", "Female", ""], ["Kent", 1, 2, 3, 4, 10], ["Essex", 5, 6, 7, 8, 26]]
    rows += [["Total", 6, 8, 10, 12, 36]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-sex.csv", rows))
    assert release.tidy["value"].sum() == 36 and len(release.tidy) == 8
    assert release.tables[0].dimensions == ("force", "crime_type", "subgroup") and release.tables[0].subgroup == "sex"
    assert by(release, 1, "subgroup") == {"Male": 16, "Female": 20}


def test_sub_columns_under_merged_headings_in_a_workbook_with_a_total_per_heading(tmp_path):
    rows = [[TITLE], ["Police force", "Domestic abuse", None, None, "Modern slavery", None, None]]
    rows += [[None, "Adult", "Child", "Total", "Adult", "Child", "Total"], ["Kent", 1, 2, 3, 4, 5, 9]]
    rows += [["Essex", 6, None, 6, 7, 8, 15]]

    def merge(book):
        book["Table 1"].merge_cells("B2:D2")
        book["Table 1"].merge_cells("E2:G2")
        book["Table 1"].merge_cells("A2:A3")

    release = foi.load_release(write_xlsx(tmp_path, "SYNTHETIC-age.xlsx", {"Table 1": rows}, merge))
    assert release.tidy["value"].sum() == 33 and release.tables[0].subgroup == "age"
    assert by(release, 1, "subgroup") == {"Adult": 18, "Child": 15}
    assert (release.totals["status"] == "agrees").sum() == 4


def test_sub_columns_of_unknown_groups_are_read_when_they_repeat_under_each_heading(tmp_path):
    rows = [[TITLE], ["Police force", "Domestic abuse", "", "Modern slavery", ""]]
    rows += [["", "UK national", "Other nationality", "UK national", "Other nationality"], ["Kent", 1, 2, 3, 4]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-nationality.csv", rows))
    assert release.tidy["value"].sum() == 10 and set(release.tidy["subgroup"]) == {"UK national", "Other nationality"}


# --- columns -----------------------------------------------------------------------------------------------------


def test_a_column_of_numbers_with_no_heading_is_refused(tmp_path):
    """It used to be dropped (631 victims gone) while the Total row and column disagreed 42 times."""
    rows = [[TITLE], ["Police force", "Modern slavery", "", "Total"], ["Kent", 3, 631, 634], ["Total", 3, 631, 634]]
    message = refused(write_csv(tmp_path, "SYNTHETIC-no-heading.csv", rows))
    assert "cell C3: a column of numbers with no heading" in message


def test_codes_regions_and_percentages_are_read_past_with_a_note(tmp_path):
    rows = [[TITLE], ["Force code", "Region", "Police force", "Number of victims", "Percentage"]]
    rows += [["01", "South East", "Kent", 3, "30%"], ["02", "East", "Essex", 7, "70%"], ["", "", "Total", 10, "100%"]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-codes.csv", rows))
    assert release.tidy["value"].sum() == 10 and set(release.tidy["force"]) == {"kent", "essex"}
    for heading in ("Force code", "Region", "Percentage"):
        assert any(f"({heading}): not a count of victims" in n for n in release.notes), (heading, release.notes)


# --- the strict number reader ---------------------------------------------------------------------------------------


def test_every_misread_number_is_refused_at_once_with_its_cell(tmp_path):
    """'1,5' was read as 15, '2.000' as 2, '1,4,8' as 148, and 10^20 accepted."""
    rows = [[TITLE], ["Police force", "Modern slavery", "Domestic abuse"], ["Kent", "1,5", "2.000"]]
    rows += [["Essex", "1,4,8", "100000000000000000000"], ["Surrey", "2.5", "-3"]]
    message = refused(write_csv(tmp_path, "SYNTHETIC-numbers.csv", rows))
    assert "(6 problems;" in message
    for cell in ("B3", "C3", "B4", "C4", "B5", "C5"):
        assert f"cell {cell}" in message, cell


def test_a_float_cell_in_a_workbook_is_refused_and_a_whole_one_read(tmp_path):
    rows = [[TITLE], ["Police force", "Modern slavery", "Domestic abuse"], ["Kent", 3.0, 2.5]]
    assert "cell C3" in refused(write_xlsx(tmp_path, "SYNTHETIC-floats.xlsx", {"Table 1": rows}))


# --- files -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files_are_read(tmp_path, delimiter):
    rows = [[TITLE], ["Police force", "Modern slavery", "Domestic abuse"], ["Kent", 3, 4], ["Essex", "1,234", 2]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-delimited.csv", rows, delimiter))
    assert release.tidy["value"].sum() == 1243
    assert any("not a comma" in n for n in release.notes)


def test_a_password_protected_workbook_is_named_as_such(tmp_path):
    path = tmp_path / "SYNTHETIC-protected.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le"))
    message = refused(path)
    assert "password-protected" in message and "BadZipFile" not in message


def test_a_zip_bomb_is_refused_in_seconds(tmp_path):
    path = write_xlsx(tmp_path, "SYNTHETIC-bomb.xlsx", {"Table 1": [["Police force", "Total"], ["Kent", 1]]})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, archive.open("xl/padding.xml", "w") as fh:
        block = b" " * 1_000_000
        for _ in range(450):  # 450 MB of spaces, about half a megabyte compressed
            fh.write(block)
    start = time.process_time()
    message = refused(path)
    assert "refused without opening it" in message and time.process_time() - start < 5


@pytest.mark.parametrize("far", ["XFD1048576", "A1048576", "XFD5"])
def test_a_cell_far_beyond_the_table_is_refused_in_seconds_naming_it(tmp_path, far):
    def stray(book):
        book["Table 1"][far] = "x"

    rows = [[TITLE], ["Police force", "Total"], ["Kent", 1]]
    path = write_xlsx(tmp_path, "SYNTHETIC-far.xlsx", {"Table 1": rows}, stray)
    start = time.process_time()
    message = refused(path)
    assert f"cell {far} is filled" in message and time.process_time() - start < 5


def test_a_space_typed_far_beyond_the_table_costs_nothing(tmp_path):
    def stray(book):
        book["Table 1"]["XFD1048576"] = " "

    rows = [[TITLE], ["Police force", "Total"], ["Kent", 1]]
    start = time.process_time()
    release = foi.load_release(write_xlsx(tmp_path, "SYNTHETIC-space.xlsx", {"Table 1": rows}, stray))
    assert release.tidy["value"].sum() == 1 and time.process_time() - start < 5


def test_a_scanned_letter_is_refused_saying_what_to_do(tmp_path):
    message = refused(write_scan(tmp_path / "SYNTHETIC-scan.pdf"))
    assert "no text layer" in message and "spreadsheet" in message and "OCR" in message


# --- what the cross-check compares -------------------------------------------------------------------------------


def test_a_force_the_release_does_not_list_is_not_covered_never_zero(tmp_path):
    rows = [[TITLE], [PERIOD], ["Police force", "Number of victims"], ["Metropolitan Police", 460], ["Kent", 5]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-no-scotland.csv", rows))
    report = foi.cross_check(release).set_index("figure_id")
    assert report.loc["ferret_scotland_total", "verdict"] == crosscheck.NOT_COVERED
    assert "Police Scotland is not in it" in report.loc["ferret_scotland_total", "explanation"]
    assert report.loc["detail_force_metropolitan", "verdict"] == "confirmed"
    assert "ferret_scotland_total" not in set(foi.disagreements(report.reset_index())["figure_id"])


def test_a_partial_answer_builds_what_it_can_and_says_what_is_missing(tmp_path):
    from referrals import registry
    from referrals.release import evidence
    from referrals.sources import load_published

    parts = [TITLE, "We cannot provide the figures by crime type: section 12 (cost limit) applies. SYNTHETIC.", PERIOD]
    parts += [force_table(blank=False), *NOTES]
    release = foi.load_release(write_letter(tmp_path / "SYNTHETIC-partial.pdf", parts))
    assert [t.dimensions for t in release.tables] == [("force", "period")]
    base = load_published()
    raw = evidence.as_raw(foi.release_data(release, base), base)
    assert len(registry.build("forces", raw, {}, release=True).table) == len(FORCES) - 1 + 1
    with pytest.raises(registry.NotInThisData, match="needs a table by crime type, and this release has one table"):
        registry.build("crime-types", raw, {}, release=True)
    with pytest.raises(registry.NotInThisData, match="together \\(a cross-tab\\)"):
        registry.build("force-crime-types", raw, {}, release=True)


# --- the release is read once per build ----------------------------------------------------------------------------


def test_a_release_is_read_once_and_its_reading_shared(tmp_path, monkeypatch):
    from referrals.release import cache, loader

    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "data" / "raw").symlink_to(ROOT / "data" / "raw", target_is_directory=True)
    raw = project / "data" / "raw"
    path = write_csv(tmp_path, "SYNTHETIC-once.csv", [[TITLE], [PERIOD], *force_table()])
    first = cache.read(path, raw)
    assert list((project / "output" / ".cache" / "releases").glob("*.pickle")), "the reading is kept for the build"
    calls = []
    monkeypatch.setattr(cache, "load_release", lambda *a: calls.append(a) or loader.load_release(*a))
    again = cache.read(path, raw)
    assert calls == [] and again.tidy.equals(first.tidy), "the second reading comes from the first"
    write_csv(tmp_path, "SYNTHETIC-once.csv", [[TITLE], [PERIOD], *force_table(blank=False)])
    assert cache.read(path, raw).tidy["marker"].eq("").all() and len(calls) == 1, "a changed file is read again"


#: Each shape of home-office-release-conventions.md, and the tests that read it.
CONVENTIONS = {
    "a letter (PDF) with tables inline": ["test_a_letter_with_two_tables_the_first_across_two_pages"],
    "a spreadsheet with a cover sheet of notes": ["test_a_table_by_force_and_a_table_by_crime_type_on_two_sheets"],
    "figures 'not quality assured', 'provisional' (notes kept)": [
        "test_home_office_spellings_and_note_markers_with_their_notes"
    ],
    "a partial answer (section 12)": ["test_a_partial_answer_builds_what_it_can_and_says_what_is_missing"],
    "separate tables by force and by crime type": [
        "test_a_table_by_force_and_a_table_by_crime_type_on_two_sheets",
        "test_two_tables_on_one_sheet",
    ],
    "a cross-tabulation": ["test_sub_columns_under_a_heading_that_spans_them_in_a_csv"],
    "financial years with a note on a partial year": [
        "test_financial_years_with_note_markers_take_their_partial_months_from_the_notes",
        "test_partial_years_nobody_states_are_ambiguous_and_never_taken_for_the_published_period",
    ],
    "calendar years, quarters, months ('Apr-21', Excel dates)": [
        "test_period_columns_of_every_kind",
        "test_excel_dates_as_column_headings",
    ],
    "a 'Grand total' column and row": ["test_blanks_the_totals_prove_zero_are_zeros_and_the_notes_say_so"],
    "Home Office order and spelling; 'Unknown' or 'Force not recorded'": [
        "test_home_office_spellings_and_note_markers_with_their_notes"
    ],
    "note markers on names and headers": [
        "test_financial_years_with_note_markers_take_their_partial_months_from_the_notes"
    ],
    "zeros left blank; suppression marks; totals as the evidence": [
        "test_blanks_the_totals_prove_zero_are_zeros_and_the_notes_say_so",
        "test_blanks_no_total_proves_stay_unknown_and_the_notes_say_so",
        "test_suppression_marks_stay_suppressed_even_where_the_totals_allow_zero",
    ],
    "crime types in the Home Office's words and capitals": [
        "test_a_table_by_force_and_a_table_by_crime_type_on_two_sheets"
    ],
}


def test_every_convention_has_a_test():
    names = set(globals())
    for shape, tests in CONVENTIONS.items():
        assert tests and all(t in names for t in tests), shape
    text = SHARED_SOURCES / "home-office-release-conventions.md"
    if text.exists():  # each bullet of the conventions file has its entry above (a new bullet needs its tests)
        bullets = [line for line in text.read_text().splitlines() if line.startswith("- ")]
        assert len(bullets) <= len(CONVENTIONS), "a convention was added: give it a test"


def test_a_cross_tab_and_a_table_by_force_are_held_against_each_other_force_by_force(tmp_path):
    cross = [[TITLE], [PERIOD], ["Police force", "Domestic abuse", "Modern slavery", "Total"]]
    cross += [["Kent", 3, "<5", 6], ["Essex", 2, 6, 8], ["Total", 5, 9, 14]]
    by_force = [["Police force", "Number of victims"], ["Kent", 6], ["Essex", 9], ["Total", 15]]
    release = foi.load_release(write_xlsx(tmp_path, "SYNTHETIC-cross.xlsx", {"T1": cross, "T2": by_force}))
    assert release.conflicts == [
        "table 1 and table 2 disagree for essex: 8 against 9",
        "table 1 and table 2 disagree for all victims: 14 against 15",
    ]


def test_tables_of_different_periods_are_not_held_against_each_other(tmp_path):
    by_type = [[TITLE], [PERIOD], ["Crime type", "Number of victims"], ["Domestic abuse", 19], ["Total", 19]]
    by_month = [["Month", "Number of victims"], ["Jan 2021", 5], ["Feb 2021", 6], ["Mar 2021", 9], ["Total", 20]]
    release = foi.load_release(write_xlsx(tmp_path, "SYNTHETIC-periods.xlsx", {"T1": by_type, "T2": by_month}))
    assert release.conflicts == [] and any("cover different periods" in n for n in release.notes)


def test_two_tables_side_by_side_are_refused_saying_so(tmp_path):
    rows = [[TITLE], ["Police force", "Number", "", "Crime type", "Number"], ["Kent", 3, "", "Domestic abuse", 4]]
    assert "two tables side by side" in refused(write_csv(tmp_path, "SYNTHETIC-side.csv", rows))


def test_crime_types_down_and_forces_across(tmp_path):
    rows = [[TITLE], ["Crime type", "Kent", "Essex", "Total"], ["Domestic abuse", 1, 2, 3], ["Modern slavery", 3, 4, 7]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-transposed.csv", rows + [["Total", 4, 6, 10]]))
    assert by(release, 1, "force") == {"kent": 4, "essex": 6} and (release.totals["status"] == "agrees").all()


def test_block_rows_name_the_crime_type_of_the_forces_below_them(tmp_path):
    rows = [[TITLE], ["Police force", "Jan-Mar 2021", "Apr-Jun 2021", "Total"], ["Domestic abuse"], ["Kent", 1, 2, 3]]
    rows += [["Surrey", "", 1, 1], ["Human trafficking"], ["Kent", 5, 5, 10], ["Surrey", 1, 1, 2]]
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-blocks.csv", rows))
    assert by(release, 1, "crime_type") == {"domestic-abuse": 4, "human-trafficking": 12}
    assert release.tables[0].dimensions == ("force", "crime_type", "period")


@pytest.mark.parametrize("global_limit", ["default", "raised"])
def test_a_release_csv_cell_beyond_the_limit_is_refused_whatever_limit_a_library_set(tmp_path, global_limit):
    """frictionless raises csv's global field limit when imported: a release's over-long cell is refused by name and
    row either way, and the caller's limit is left as it was."""
    import csv
    import sys

    from referrals.release.read import read_csv

    path = tmp_path / "SYNTHETIC-long-cell.csv"
    path.write_text("Force,Modern slavery\nKent,3\nEssex," + "x" * 200_000 + "\n", encoding="utf-8")
    old = csv.field_size_limit(sys.maxsize if global_limit == "raised" else 131_072)
    try:
        set_to = csv.field_size_limit()
        with pytest.raises(DataError, match=r"SYNTHETIC-long-cell\.csv, row 3: not a readable CSV"):
            read_csv(path)
        assert csv.field_size_limit() == set_to
    finally:
        csv.field_size_limit(old)
