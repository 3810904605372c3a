"""The release loader's small parts on hand-typed values: the strict number reader, periods, names, note markers."""

from __future__ import annotations

import pytest
from conftest import ROOT
from release_fixture import HOME_OFFICE_NAMES

from referrals import numbers
from referrals.release import meta, periods
from referrals.release.names import CRIME, FORCE, PERIOD, names, split_markers

NAMES = names(ROOT / "data" / "raw")


# --- numbers -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,value", [("0", 0), ("12", 12), ("1,234", 1234), ("1,234,567", 1234567), (" 7 ", 7)])
def test_counts_are_read(text, value):
    assert numbers.read_count(text) == value


@pytest.mark.parametrize(
    "text,reason",
    [
        ("1,5", "comma out of place"),
        ("1,4,8", "comma out of place"),
        ("12,34", "comma out of place"),
        ("0,123", "comma out of place"),
        ("2.000", "full stop between thousands or a decimal"),
        ("2.5", "decimal point"),
        ("2.0", "decimal point"),
        ("1e20", "scientific notation"),
        ("100000000000000000000", "larger than any count"),
        ("10000001", "larger than any count"),
        ("-3", "negative"),
        ("(3)", "in brackets"),
        ("+3", "sign"),
        ("12%", "percentage"),
        ("1 234", "space or an apostrophe"),
        ("\u0661\u0662", "not plain 0-9"),
        ("12*", "mark beside the number"),
        ("lots", "is not a count"),
        ("", "is empty"),
    ],
)
def test_what_is_not_a_count_is_refused_with_the_reason(text, reason):
    problem = numbers.count_problem(text)
    assert problem is not None and reason in problem, problem
    with pytest.raises(numbers.NotACount, match="cell B7"):
        numbers.read_count(text, "cell B7")


def test_the_ceiling_is_inclusive():
    assert numbers.read_count(f"{numbers.COUNT_CEILING:,}") == numbers.COUNT_CEILING
    assert numbers.count_problem(str(numbers.COUNT_CEILING + 1)) is not None


# --- periods -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,start,end",
    [
        ("Apr-21", "2021-04", "2021-04"),
        ("April 2021", "2021-04", "2021-04"),
        ("Sept 2021", "2021-09", "2021-09"),
        ("2021-04", "2021-04", "2021-04"),
        ("2021-04-30", "2021-04", "2021-04"),
        ("04/2021", "2021-04", "2021-04"),
        ("Q1 2021", "2021-01", "2021-03"),
        ("2021 Q4", "2021-10", "2021-12"),
        ("Jan-Mar 2021", "2021-01", "2021-03"),
        ("January to March 2021", "2021-01", "2021-03"),
        ("Q1 2021/22", "2021-04", "2021-06"),
        ("2020/21", "2020-04", "2021-03"),
        ("2020-21", "2020-04", "2021-03"),
        ("FY 2020-21", "2020-04", "2021-03"),
        ("FY2020/21", "2020-04", "2021-03"),
        ("2020/2021", "2020-04", "2021-03"),
        ("Financial year 2020/21", "2020-04", "2021-03"),
        ("2021", "2021-01", "2021-12"),
        ("Calendar year 2021", "2021-01", "2021-12"),
        ("Year ending March 2021", "2020-04", "2021-03"),
        ("1 May 2020 to 31 March 2021", "2020-05", "2021-03"),
        ("May 2020 - Mar 2021", "2020-05", "2021-03"),
        ("01/05/2020 - 31/03/2021", "2020-05", "2021-03"),
        ("2020-05-01 to 2021-03-31", "2020-05", "2021-03"),
    ],
)
def test_period_headings(text, start, end):
    span = periods.read_period(text)
    assert span is not None and (span.start, span.end) == (start, end), span


@pytest.mark.parametrize("text", ["2020-2021", "2011-12"])
def test_a_period_that_could_be_two_is_refused_naming_both(text):
    with pytest.raises(periods.Ambiguous, match="could be the"):
        periods.read_period(text)


@pytest.mark.parametrize("text", ["Modern slavery", "Total", "2021/23", "Q5 2021", "13/2021", "Police Scotland"])
def test_what_is_no_period_is_none(text):
    assert periods.read_period(text) is None


def test_a_period_that_could_be_two_is_read_as_the_others_beside_it_are():
    assert periods.read_period("2011-12", prefer="month").kind == "month"
    assert (periods.read_period("2011-12", prefer="financial year").start, "2011-04") == ("2011-04", "2011-04")
    column = ["2011-10", "2011-11", "2011-12", "2012-01"]
    assert NAMES.period_kind(column) == "month" and NAMES.resolve(PERIOD, "2011-12", "month").id == "2011-12..2011-12"
    assert NAMES.period_kind(["2010-11", "2011-12"]) == "", "when every one could be two, nothing settles it"


def test_an_excel_serial_day_is_its_month():
    assert (periods.excel_serial("44287").start, periods.excel_serial("44287").end) == ("2021-04", "2021-04")
    assert periods.excel_serial("2021") is None and periods.excel_serial("99999") is None


@pytest.mark.parametrize(
    "title,start,end",
    [
        ("Victims referred, financial year 2023/24 (SYNTHETIC)", "2023-04", "2024-03"),
        ("Referrals 2023-04-01 to 2024-03-31", "2023-04", "2024-03"),
        ("Referrals between May 2020 and September 2022", "2020-05", "2022-09"),
        ("Table 1: 1 May 2020 - 30 September 2022", "2020-05", "2022-09"),
        ("01/05/2020 to 30/09/2022", "2020-05", "2022-09"),
        ("for the year ending 31 March 2024", "2023-04", "2024-03"),
        ("FY 2023-24", "2023-04", "2024-03"),
        ("financial years 2020/21 to 2022/23", "2020-04", "2023-03"),
        ("Referrals in calendar year 2023", "2023-01", "2023-12"),
        ("Referrals in 2023", "2023-01", "2023-12"),
        ("Q3 2023", "2023-07", "2023-09"),
    ],
)
def test_a_period_stated_in_a_title_in_any_common_form(title, start, end):
    span, _ = meta.stated_period([title])
    assert span is not None and (span.start, span.end) == (start, end)


@pytest.mark.parametrize(
    "title", ["A two year period", "Our reference 2023/01234, dated 4 March 2023", "Thank you for your email", ""]
)
def test_no_period_is_guessed_from_a_title(title):
    assert meta.stated_period([title]) == (None, [])


def test_the_period_nearest_the_table_is_used_and_the_other_noted():
    lines = ["You asked for referrals from January 2020 to December 2022.", "The table covers May 2020 to May 2022."]
    span, remarks = meta.stated_period(lines)
    assert (span.start, span.end) == ("2020-05", "2022-05") and "January 2020 to December 2022" in remarks[0]


def test_a_partial_period_from_a_note():
    note = "2020/21 runs from 1 May 2020; 2022/23 covers 1 April 2022 to 30 September 2022."
    assert periods.stated_start(note, ("2020-04", "2021-03")) == ("2020-05", 1)
    assert periods.stated_start(note, ("2022-04", "2023-03")) is None, "no start inside 2022/23 is stated"
    assert periods.stated_end(note, ("2022-04", "2023-03")) == ("2022-09", 30)
    assert periods.stated_end("figures up to and including 15 June 2022", None) == ("2022-06", 15)


# --- names -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("force,name", sorted(HOME_OFFICE_NAMES.items()))
def test_every_force_as_the_home_office_spells_it(force, name):
    found = NAMES.resolve(FORCE, name)
    assert (found.kind, found.id) == ("member", force), found


@pytest.mark.parametrize(
    "name,force",
    [
        ("Avon & Somerset Constabulary", "avon-and-somerset"),
        ("Dyfed-Powys Police", "dyfed-powys"),
        ("Devon & Cornwall", "devon-and-cornwall"),
        ("Metropolitan Police Service", "metropolitan"),
        ("Hampshire and Isle of Wight", "hampshire"),
        ("City of London Police", "city-of-london"),
        ("Unknown", "not-recorded"),
        ("Force not recorded", "not-recorded"),
        ("Not recorded", "not-recorded"),
        ("Not specified", "not-recorded"),
        ("Kent*", "kent"),
        ("Kent\u2020", "kent"),
        ("Kent [note 3]", "kent"),
        ("Police Scotland (6)", "police-scotland"),
    ],
)
def test_other_spellings_and_markers(name, force):
    assert NAMES.resolve(FORCE, name).id == force


@pytest.mark.parametrize(
    "name,crime_type",
    [
        ("Modern Slavery", "modern-slavery"),
        ("Not specified (4)", "unspecified"),
        ("Unknown", "unspecified"),
        ("All other crimes", "other"),
        ("All other offences", "other"),
        ("Child sexual exploitation (CSE)", "child-sexual-exploitation"),
        ("Sexual exploitation (adult)", "adult-sexual-exploitation"),
    ],
)
def test_crime_types_in_home_office_words(name, crime_type):
    found = NAMES.resolve(CRIME, name)
    assert (found.kind, found.id) == ("member", crime_type), found


@pytest.mark.parametrize("name", ["Total", "Grand total", "Grand Total (2)", "All crime types", "Sum"])
def test_totals_in_any_spelling(name):
    assert NAMES.resolve(CRIME, name).kind == "total"
    assert NAMES.resolve(PERIOD, name).kind == "total"


def test_groups_are_groups_not_members():
    assert NAMES.resolve(FORCE, "England").kind == "group" and len(NAMES.resolve(FORCE, "England").members) == 39
    assert NAMES.resolve(FORCE, "England and Wales").kind == "group"
    msht = NAMES.resolve(CRIME, "Modern slavery and human trafficking")
    assert msht.kind == "group" and msht.members == {"modern-slavery", "human-trafficking"}


def test_unknown_names_are_refused_with_the_nearest():
    found = NAMES.resolve(FORCE, "Atlantis Police")
    assert found.kind == "unknown" and "did you mean" in found.problem
    assert NAMES.resolve(CRIME, "Trafficing").problem.endswith("Human trafficking (human-trafficking)?")


@pytest.mark.parametrize(
    "text,name,markers",
    [
        ("Police Scotland (6)", "Police Scotland", ("6",)),
        ("2020/21 [note 3]", "2020/21", ("3",)),
        ("Kent*", "Kent", ("*",)),
        ("Kent \u2020", "Kent", ("\u2020",)),
        ("Kent\u00b9", "Kent", ("1",)),
        ("Police Scotland (6) (7)", "Police Scotland", ("6", "7")),
        ("(6)", "(6)", ()),
    ],
)
def test_note_markers_come_off_names_and_are_kept(text, name, markers):
    assert split_markers(text) == (name, markers)


def test_numbered_notes_by_marker():
    notes = meta.numbered_notes(["(3) 2020/21 starts in May.", "Note 4: not specified", "[5] no force", "Plain text"])
    assert notes == {"3": "2020/21 starts in May.", "4": "not specified", "5": "no force"}
