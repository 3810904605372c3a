"""The FOI release loader on releases shaped differently from the simple fixtures (issue 10).

Every fixture here is SYNTHETIC, made in the test from a small invented table, and says so in its file name and its
title rows. Each test names the layout or fault it covers.
"""

from __future__ import annotations

import csv
import re

import openpyxl
import pytest

from referrals import foi, vocab
from referrals.errors import DataError

FORCES = ["Met", "West Midlands Police", "Police Scotland", "PSNI", "Avon & Somerset", "No force recorded"]
FORCE_IDS = ["metropolitan", "west-midlands", "police-scotland", "psni", "avon-and-somerset", "not-recorded"]
TYPES = [
    "Modern slavery",
    "Human trafficking",
    "Domestic abuse",
    "Child sexual exploitation",
    "Sexual exploitation",
    "Forced marriage",
    "Labour exploitation",
    "Domestic servitude",
    "Unspecified",
]
MONTHS = ["May 2020", "June 2020", "July 2020"]
MONTH_IDS = ["2020-05", "2020-06", "2020-07"]
TITLE = ["SYNTHETIC TEST DATA: invented numbers, not the Home Office release"]


def cell(i: int, j: int) -> int:
    """An invented count for force i and crime type j (never zero)."""
    return (7 * i + 3 * j) % 11 + 1


def monthly(i: int, j: int, k: int) -> int:
    """An invented count for force i, crime type j and month k (never zero)."""
    return (5 * i + 3 * j + 2 * k) % 7 + 1


TOTAL = sum(cell(i, j) for i in range(len(FORCES)) for j in range(len(TYPES)))
MONTHLY_TOTAL = sum(monthly(i, j, k) for i in range(6) for j in range(9) for k in range(3))


def write_csv(tmp_path, name, rows):
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_xlsx(tmp_path, name, sheets, edit=None):
    """A workbook with one sheet per (name, rows); edit(workbook) can merge, hide or add formulas."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    if edit:
        edit(wb)
    path = tmp_path / name
    wb.save(path)
    return path


def wide_rows(forces=None, total_col=None, total_row=None):
    """Force rows x crime-type columns under title rows; optional Total column and row with honest totals."""
    forces = range(len(FORCES)) if forces is None else forces
    header = ["Police force", *TYPES] + ([total_col] if total_col else [])
    rows = [TITLE, [], header]
    for i in forces:
        values = [cell(i, j) for j in range(len(TYPES))]
        rows.append([FORCES[i], *values] + ([sum(values)] if total_col else []))
    if total_row:
        sums = [sum(cell(i, j) for i in forces) for j in range(len(TYPES))]
        rows.append([total_row, *sums] + ([sum(sums)] if total_col else []))
    return rows


def pivot_rows(per_force_total=None, grand_total=None):
    """A pivot-table export: force named on the first row of its block only."""
    rows = [TITLE, ["Police force", "Crime type", "Number of victims"]]
    for i, force in enumerate(FORCES):
        for j, ct in enumerate(TYPES):
            rows.append([force if j == 0 else "", ct, cell(i, j)])
        if per_force_total:
            rows.append(["", per_force_total, sum(cell(i, j) for j in range(len(TYPES)))])
    if grand_total:
        rows.append([grand_total, "", TOTAL])
    return rows


def total(release):
    return release.tidy["value"].sum()


# 1. Pivot-table exports and merged force cells ---------------------------------------------------------------------


def test_pivot_export_names_each_force_once_per_block(tmp_path):
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-pivot.csv", pivot_rows()))
    assert total(release) == TOTAL
    assert len(release.tidy) == len(FORCES) * len(TYPES)
    assert set(release.tidy["force"]) == set(FORCE_IDS)
    assert any("carried down" in n for n in release.notes), release.notes


def test_merged_force_cells_in_a_workbook(tmp_path):
    rows = pivot_rows()

    def merge(wb):
        ws = wb["Table 1"]
        for i in range(len(FORCES)):
            first = 3 + i * len(TYPES)
            ws.merge_cells(start_row=first, start_column=1, end_row=first + len(TYPES) - 1, end_column=1)

    release = foi.load_release(write_xlsx(tmp_path, "SYNTHETIC-merged.xlsx", {"Table 1": rows}, merge))
    assert total(release) == TOTAL
    assert any("merged" in n for n in release.notes), release.notes


# 2. Total rows and columns, in any spelling, checked and never summed ----------------------------------------------


def test_all_crime_types_column_is_a_total_not_data(tmp_path):
    path = write_csv(tmp_path, "SYNTHETIC-all-column.csv", wide_rows(total_col="All crime types"))
    release = foi.load_release(path)
    assert total(release) == TOTAL
    assert "all" not in set(release.tidy["crime_type"])
    assert not [n for n in release.notes if "Total" in n], release.notes


def test_per_force_total_rows_in_a_long_layout_are_not_data(tmp_path):
    rows = pivot_rows(per_force_total="Total", grand_total="Grand total")
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-pivot-totals.csv", rows))
    assert total(release) == TOTAL
    assert "all" not in set(release.tidy["crime_type"])


@pytest.mark.parametrize("label", ["Total", "Grand Total", "All forces", "Sum", "UK total", "Total (all forces)"])
def test_total_row_in_any_spelling(tmp_path, label):
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-total-row.csv", wide_rows(total_row=label)))
    assert total(release) == TOTAL
    assert set(release.tidy["force"]) == set(FORCE_IDS)


def test_a_total_that_disagrees_with_its_cells_is_refused_naming_it(tmp_path):
    """Issue 20: a release whose own totals disagree with its cells beyond what suppression allows is not loaded
    (it used to load with a note, so a misread table could still publish its totals)."""
    rows = wide_rows(total_col="Total", total_row="Total")
    rows[-1][2] += 5  # the Total row's Human trafficking cell says 5 more than its cells
    with pytest.raises(DataError) as err:
        foi.load_release(write_csv(tmp_path, "SYNTHETIC-bad-total.csv", rows))
    stated = sum(cell(i, 1) for i in range(len(FORCES))) + 5
    message = str(err.value)
    assert f"says {stated}" in message and "cell C10" in message and f"sum to {stated - 5}" in message, message
    assert "(1 problem;" in message, "only the wrong total is refused; the totals its error does not reach agree"


def test_a_total_is_consistent_if_suppressed_cells_could_make_it_up(tmp_path):
    rows = wide_rows(total_col="Total", total_row="Total")
    met = rows[3]
    true_value = met[1]
    met[1] = "<5" if true_value < 5 else "*"  # suppressed, while both Totals still count it
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-suppressed-total.csv", rows))
    assert not [n for n in release.notes if "says" in n], release.notes
    rows[3][-1] += 50  # more than any suppressed cell could hide if it is '<5'; '*' can hide anything
    rows[3][1] = "<5"
    with pytest.raises(DataError) as err:
        foi.load_release(write_csv(tmp_path, "SYNTHETIC-suppressed-total.csv", rows))
    assert "cell K4" in str(err.value) and "says" in str(err.value), str(err.value)


# 3. Every sheet holding data -----------------------------------------------------------------------------------------


def test_every_data_sheet_is_read_and_notes_sheets_are_skipped(tmp_path):
    sheets = {
        "Contents": [TITLE, ["Table 1", "Referrals by force, England and Wales"], ["Table 2", "Other forces"]],
        "Table 1": wide_rows(forces=[0, 1, 4]),
        "Table 2": wide_rows(forces=[2, 3, 5]),
        "Notes": [["Notes"], ["SYNTHETIC: every number in this workbook is invented"]],
    }
    release = foi.load_release(write_xlsx(tmp_path, "SYNTHETIC-sheets.xlsx", sheets))
    assert total(release) == TOTAL
    assert set(release.tidy["force"]) == set(FORCE_IDS)
    assert any("Contents" in n and "skipped" in n for n in release.notes), release.notes
    assert any("Notes" in n and "skipped" in n for n in release.notes), release.notes


def test_the_same_cell_in_two_sheets_names_both(tmp_path):
    sheets = {"Table 1": wide_rows(forces=[0, 1]), "Table 2": wide_rows(forces=[1, 2])}
    with pytest.raises(DataError) as err:
        foi.load_release(write_xlsx(tmp_path, "SYNTHETIC-twice.xlsx", sheets))
    message = str(err.value)
    assert "'Table 1'" in message and "'Table 2'" in message and "West Midlands Police" in message, message


def test_a_summary_sheet_and_a_monthly_sheet_of_the_same_cells_are_not_added_together(tmp_path):
    """Issue 20: two tables at two levels are two tables of one release, each with its own cells, held against each
    other (they used to be refused); no aggregate adds them together."""
    by_month = [TITLE, ["Police force", "Crime type", "Month", "Number of victims"]]
    by_month += [[FORCES[0], TYPES[j], MONTHS[k], monthly(0, j, k)] for j in range(9) for k in range(3)]
    summary_rows = wide_rows(forces=[0])
    summary_rows[1] = ["Victims referred, May 2020 to July 2020"]  # the period of the monthly sheet: comparable
    sheets = {"Summary": summary_rows, "By month": by_month}
    release = foi.load_release(write_xlsx(tmp_path, "SYNTHETIC-two-levels.xlsx", sheets))
    assert [t.dimensions for t in release.tables] == [("force", "crime_type"), ("force", "crime_type", "period")]
    summary = sum(cell(0, j) for j in range(9))
    by_months = sum(monthly(0, j, k) for j in range(9) for k in range(3))
    assert summary != by_months, "the fixture's two tables must disagree for the check to mean anything"
    data = foi.release_data(release)
    assert data.aggregate(forces=["metropolitan"]) == (summary, summary), "the least split table answers"
    assert data.aggregate(forces=["metropolitan"], periods=[("2020-05", "2020-05")])[0] == sum(
        monthly(0, j, 0) for j in range(9)
    )
    assert any("table 1 and table 2 disagree" in c for c in release.conflicts), release.conflicts


def test_a_sheet_with_numbers_but_no_force_header_is_refused(tmp_path):
    odd = [TITLE, ["Region", *TYPES], ["North", *range(1, 10)]]
    sheets = {"Table 1": wide_rows(), "Regions": odd}
    with pytest.raises(DataError) as err:
        foi.load_release(write_xlsx(tmp_path, "SYNTHETIC-odd-sheet.xlsx", sheets))
    assert "'Regions'" in str(err.value) and "'Region' (read past)" in str(err.value) and "force" in str(err.value)


def test_a_text_row_of_several_cells_is_a_note_not_a_force(tmp_path):
    rows = wide_rows()
    rows.append(["Source:", "SYNTHETIC FOI reply 00000"])
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-source-row.csv", rows))
    assert total(release) == TOTAL
    assert "row 10: Source: SYNTHETIC FOI reply 00000" in release.notes, release.notes


def test_a_glossary_sheet_naming_the_force_column_is_skipped(tmp_path):
    glossary = [["Column", "Meaning"], ["Police force", "The force that referred the victim (SYNTHETIC)"]]
    release = foi.load_release(
        write_xlsx(tmp_path, "SYNTHETIC-glossary.xlsx", {"Table 1": wide_rows(), "Notes": glossary})
    )
    assert total(release) == TOTAL and any("'Notes'" in n and "skipped" in n for n in release.notes)


# 4. Hidden rows -------------------------------------------------------------------------------------------------------


def test_hidden_rows_are_read_and_noted(tmp_path):
    def hide(wb):
        wb["Table 1"].row_dimensions[5].hidden = True  # West Midlands Police

    release = foi.load_release(write_xlsx(tmp_path, "SYNTHETIC-hidden.xlsx", {"Table 1": wide_rows()}, hide))
    assert total(release) == TOTAL
    assert any("hidden" in n and re.search(r"\brows? 5\b", n) for n in release.notes), release.notes


# 5. Formulas with no saved value -------------------------------------------------------------------------------------


def test_a_formula_with_no_saved_value_is_refused(tmp_path):
    def formula(wb):
        wb["Table 1"]["D7"] = "=B7+C7"  # openpyxl saves no value for it, as a script that never opened Excel would

    path = write_xlsx(tmp_path, "SYNTHETIC-formula.xlsx", {"Table 1": wide_rows()}, formula)
    with pytest.raises(DataError) as err:
        foi.load_release(path)
    assert "sheet 'Table 1', cell D7: a formula with no saved value; open and save the file" in str(err.value)
    assert "SYNTHETIC-formula.xlsx" in str(err.value)


# 6. Two-row headers and months across columns ------------------------------------------------------------------------


@pytest.mark.parametrize("group", ["Crime type", "Number of victims"])
def test_two_row_header_crime_type_spanning_its_columns(tmp_path, group):
    rows = [TITLE, ["Police force", group] + [""] * 8 + ["Total"], ["", *TYPES, ""]]
    rows += [r for r in wide_rows(total_col="Total")[3:]]

    def merge(wb):
        ws = wb["Table 1"]
        ws.merge_cells("B2:J2")
        ws.merge_cells("A2:A3")
        ws.merge_cells("K2:K3")

    release = foi.load_release(write_xlsx(tmp_path, "SYNTHETIC-two-row.xlsx", {"Table 1": rows}, merge))
    assert total(release) == TOTAL
    assert set(release.tidy["crime_type"]) == set(vocab.foi_crime_types())


def months_across_rows(crime_column=True, month_row=True):
    header = ["Police force"] + (["Crime type"] if crime_column else []) + MONTHS + ["Total"]
    rows = [TITLE]
    if month_row:
        rows.append(["", ""] + ["Month"] + [""] * (len(MONTHS)))
    rows.append(header)
    for i, force in enumerate(FORCES):
        for j, ct in enumerate(TYPES):
            values = [monthly(i, j, k) for k in range(len(MONTHS))]
            rows.append([force if j == 0 else "", ct, *values, sum(values)])
    return rows


def test_months_across_columns_with_a_crime_type_column_and_a_month_row(tmp_path):
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-months.csv", months_across_rows()))
    t = release.tidy
    assert total(release) == MONTHLY_TOTAL
    assert sorted(set(t["period_start"])) == MONTH_IDS and (t["period_start"] == t["period_end"]).all()
    assert len(t) == 6 * 9 * 3


def test_months_across_columns_one_sheet_per_crime_type(tmp_path):
    sheets = {}
    for j, ct in enumerate(TYPES):
        rows = [TITLE, [f"Crime type: {ct}"], ["Police force", *MONTHS]]
        rows += [[force, *(monthly(i, j, k) for k in range(3))] for i, force in enumerate(FORCES)]
        sheets[ct[:31]] = rows
    release = foi.load_release(write_xlsx(tmp_path, "SYNTHETIC-sheet-per-type.xlsx", sheets))
    assert total(release) == MONTHLY_TOTAL
    assert set(release.tidy["crime_type"]) == set(vocab.foi_crime_types())


def test_months_across_columns_with_a_block_header_per_crime_type(tmp_path):
    rows = [TITLE, ["Police force", *MONTHS, "Total"]]
    for j, ct in enumerate(TYPES):
        rows.append([ct])
        for i, force in enumerate(FORCES):
            values = [monthly(i, j, k) for k in range(3)]
            rows.append([force, *values, sum(values)])
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-blocks.csv", rows))
    assert total(release) == MONTHLY_TOTAL
    assert len(release.tidy) == 6 * 9 * 3


# 7. Control characters -----------------------------------------------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\x1b]")


def test_control_characters_are_stripped_from_every_text(tmp_path):
    rows = wide_rows()
    rows[0] = ["SYNTHETIC \x1b[2J\x1b[31mtitle\x1b[0m"]
    rows[3][0] = "Met\x07"
    rows[2][1] = "Modern slavery\x9b31m"
    rows.append(["Note: \x1b]0;owned\x07\x1b[1mread me\x1b[0m \x85end"])
    release = foi.load_release(write_csv(tmp_path, "SYNTHETIC-escapes\x1b[2J.csv", rows))
    texts = list(release.notes) + list(release.tidy["force_as_given"]) + list(release.tidy["crime_type_as_given"])
    texts += release.title + foi.format_report(release, foi.cross_check(release)).splitlines()
    assert not [t for t in texts if CONTROL.search(t)], [t for t in texts if CONTROL.search(t)]
    assert any("read me" in n and "end" in n for n in release.notes)
    assert "Met" in set(release.tidy["force_as_given"])


# 8. `load-foi --out` never writes into data/raw/ ---------------------------------------------------------------------


def _out_refused(root, release, out):
    """The command refuses --out with exit 2, one message, and writes nothing into data/raw/."""
    from conftest import run, tree_digest

    before = tree_digest(root / "data" / "raw")
    result = run(["-m", "referrals", "load-foi", str(release), "--out", str(out)], root)
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "--out" in result.stderr, result.stderr
    assert tree_digest(root / "data" / "raw") == before, "nothing written into data/raw/"
    return result.stderr


def test_load_foi_refuses_out_under_data_raw_or_a_folder(project, tmp_path):
    release = write_csv(tmp_path, "SYNTHETIC-release.csv", wide_rows())
    assert "data/raw" in _out_refused(project, release, "data/raw/SYNTHETIC-tidy.csv")
    assert "folder" in _out_refused(project, release, "not-yet-a-folder/")
    assert not (project / "not-yet-a-folder").exists()


def test_output_path_refuses_every_spelling_of_data_raw(project, tmp_path, monkeypatch):
    from referrals.errors import ParameterError
    from referrals.release.output import output_path

    link = tmp_path / "raw-link"
    link.symlink_to(project / "data" / "raw", target_is_directory=True)
    (project / "output").mkdir()
    release = write_csv(tmp_path, "SYNTHETIC-release.csv", wide_rows())
    refused = {
        "data/raw/SYNTHETIC-tidy.csv": "data/raw/",
        str(project / "data" / "raw" / "SYNTHETIC-tidy.csv"): "data/raw/",
        "data/raw": "data/raw/",
        "output/../data/raw/SYNTHETIC-tidy.csv": "data/raw/",
        str(link / "SYNTHETIC-tidy.csv"): "data/raw/",
        "output": "folder",
        "output/": "folder",
        "not-yet-a-folder/": "folder",
        str(release): "the release being read",
    }
    for out, phrase in refused.items():
        with pytest.raises(ParameterError, match=re.escape(phrase)):
            output_path(out, source=release)
    monkeypatch.chdir(project / "notebooks")  # relative paths are the project root's, wherever the command runs
    with pytest.raises(ParameterError):
        output_path("data/raw/SYNTHETIC-tidy.csv")
    with pytest.raises(ParameterError):
        output_path("../data/raw/SYNTHETIC-tidy.csv")  # and, read as the shell would, still refused
    assert output_path("output/SYNTHETIC-tidy.csv") == project / "output" / "SYNTHETIC-tidy.csv"


# PDF letters ----------------------------------------------------------------------------------------------------------

LETTER_ABOVE = [
    "SYNTHETIC LETTER: invented for a test, not a Home Office reply",
    "Freedom of Information request 00000 (SYNTHETIC)",
    "Thank you for your request. The table below gives the number of victims referred, May 2020 to July 2020.",
]
LETTER_BELOW = ["Figures are SYNTHETIC and were made for this test.", "Yours sincerely, SYNTHETIC Unit"]


def write_pdf_letter(path, table_rows, above=LETTER_ABOVE, below=LETTER_BELOW, font_size=9):
    """A SYNTHETIC FOI letter: text, a ruled table (split across pages with its header repeated), text."""
    from fpdf import FPDF

    pdf = FPDF(orientation="P", format="A4")
    pdf.set_creation_date(__import__("datetime").datetime(2000, 1, 1, tzinfo=__import__("datetime").timezone.utc))
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for line in above:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("helvetica", size=font_size)
    with pdf.table(text_align="LEFT", repeat_headings=1) as table:
        for row in table_rows:
            r = table.row()
            for value in row:
                r.cell(str(value))
    pdf.ln(4)
    pdf.set_font("helvetica", size=10)
    for line in below:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_pdf_letter_table_split_across_pages(tmp_path):
    import pdfplumber

    rows = pivot_rows()[1:]  # header and data, the force named once per block
    path = write_pdf_letter(tmp_path / "SYNTHETIC-letter.pdf", rows)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 2, "the fixture must split its table across pages"
    release = foi.load_release(path)
    assert total(release) == TOTAL
    assert len(release.tidy) == len(FORCES) * len(TYPES)
    assert release.title[:2] == LETTER_ABOVE[:2]
    assert any("Yours sincerely" in n for n in release.notes), release.notes
    assert release.period == ("2020-05", "2020-07") and release.synthetic


def test_pdf_letter_without_a_table_is_refused(tmp_path):
    path = write_pdf_letter(tmp_path / "SYNTHETIC-letter-text-only.pdf", [], below=["Nothing ruled. SYNTHETIC."])
    with pytest.raises(DataError) as err:
        foi.load_release(path)
    assert "SYNTHETIC-letter-text-only.pdf" in str(err.value) and "no ruled table" in str(err.value)


# Release metadata -----------------------------------------------------------------------------------------------------


def test_release_metadata_from_title_rows(tmp_path):
    rows = wide_rows()
    rows[1] = ["Victims referred by police force, 1 May 2020 - 30 September 2022"]
    release = foi.load_release(write_xlsx(tmp_path, "SYNTHETIC-meta.xlsx", {"Table 1": rows}))
    assert release.title == [TITLE[0], rows[1][0]]
    assert release.synthetic is True
    assert release.period == ("2020-05", "2022-09")
    assert release.sheets == ["Table 1"]
    assert set(release.tidy["sheet"]) == {"Table 1"}


def test_release_period_from_its_months_and_never_guessed(tmp_path):
    months = foi.load_release(write_csv(tmp_path, "SYNTHETIC-months.csv", months_across_rows()))
    assert months.period == ("2020-05", "2020-07")
    plain = foi.load_release(write_csv(tmp_path, "SYNTHETIC-plain.csv", wide_rows()))
    assert plain.period is None


def test_synthetic_marking_is_read_from_the_name_or_the_title_rows():
    from referrals.release import meta

    assert meta.is_synthetic("release.xlsx", ["Table 1", "Synthetic data"])
    assert meta.is_synthetic("synthetic-release.xlsx", ["Table 1"])
    assert not meta.is_synthetic("foi-release.xlsx", ["Table 1: victims referred, May 2020 to September 2022"])

    def stated(lines):
        span, _ = meta.stated_period(lines)
        return (span.start, span.end) if span else None

    assert stated(["Referrals between May 2020 and September 2022"]) == ("2020-05", "2022-09")
    assert stated(["01/05/2020 to 30/09/2022"]) == ("2020-05", "2022-09")
    assert stated(["A two year period"]) is None
