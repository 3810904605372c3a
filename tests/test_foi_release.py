"""The FOI release loader, on SYNTHETIC fixtures only (the real release is not public here)."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from conftest import ROOT, run_in_process

from referrals import foi
from referrals.errors import DataError

TYPES = [
    "Modern day slavery",
    "Trafficking",
    "Domestic violence",
    "CSE",
    "Sexual exploitation",
    "Forced marriage",
    "Labour exploitation",
    "Domestic servitude",
    "Unspecified",
]


def synthetic_grid():
    """A SYNTHETIC release: title rows, a header, spelling variants, suppression, a Total row and notes."""
    rows = [
        ["SYNTHETIC TEST DATA - not the Home Office release"] + [""] * 10,
        [
            "Victims of crime referred to Immigration Enforcement by police force, 1 May 2020 to 30 September 2022 "
            "(SYNTHETIC)"
        ]
        + [""] * 10,
        [""] * 11,
        ["Police force"] + TYPES + ["Total"],
        ["Met", 200, 150, 60, 20, 10, 5, 5, 2, 8, 460],
        ["West Midlands Police", 100, 50, 40, "*", 5, "<5", 3, 0, 20, 221],
        ["Avon & Somerset Constabulary", "[c]", 2, 3, 0, 0, 0, 0, 0, 1, 8],
        ["Unknown", 10, 10, 10, 10, 10, 10, 10, 10, 46, 126],
        ["Total", 312, 212, 113, 31, 25, 17, 18, 12, 75, 815],
        ["Notes: SYNTHETIC figures for tests only; * and [c] mark suppressed cells"] + [""] * 10,
    ]
    return rows


def write_synthetic(tmp_path, suffix, rows=None):
    rows = rows or synthetic_grid()
    path = tmp_path / f"SYNTHETIC-foi-release{suffix}"
    frame = pd.DataFrame(rows)
    if suffix == ".csv":
        frame.to_csv(path, header=False, index=False)
    elif suffix == ".xlsx":
        frame.to_excel(path, header=False, index=False, engine="openpyxl")
    else:
        frame.to_excel(path, header=False, index=False, engine="odf")
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".ods", ".csv"])
def test_loads_the_wide_layout_in_every_format(tmp_path, suffix):
    release = foi.load_release(write_synthetic(tmp_path, suffix))
    t = release.tidy
    assert set(t["force"]) == {"metropolitan", "west-midlands", "avon-and-somerset", "not-recorded"}
    assert len(t) == 4 * 9, "title, Total and note rows are not data"
    met = t[t["force"] == "metropolitan"]
    assert met["value"].sum() == 460 and not met["suppressed"].any()
    assert any("SYNTHETIC figures for tests only" in n for n in release.notes)


def test_suppressed_cells_stay_suppressed_never_zero(tmp_path):
    t = foi.load_release(write_synthetic(tmp_path, ".xlsx")).tidy
    wm = t[t["force"] == "west-midlands"].set_index("crime_type")
    assert wm.loc["child-sexual-exploitation", "suppressed"] and pd.isna(wm.loc["child-sexual-exploitation", "value"])
    assert wm.loc["child-sexual-exploitation", "marker"] == "*"
    assert wm.loc["forced-marriage", "marker"] == "<5"
    assert wm.loc["domestic-servitude", "value"] == 0 and not wm.loc["domestic-servitude", "suppressed"]
    avon = t[t["force"] == "avon-and-somerset"].set_index("crime_type")
    assert avon.loc["modern-slavery", "marker"] == "[c]"


def test_formats_give_the_same_tidy_table(tmp_path):
    tables = [
        foi.load_release(write_synthetic(tmp_path, s)).tidy.drop(
            columns=["force_as_given", "crime_type_as_given", "sheet"]
        )
        for s in (".xlsx", ".ods", ".csv")
    ]
    pd.testing.assert_frame_equal(tables[0], tables[1])
    pd.testing.assert_frame_equal(tables[0], tables[2], check_dtype=False)


def test_cross_check_reports_each_disagreement(tmp_path):
    """The ledger's comparisons against the release: its own consistent Totals give exact values."""
    release = foi.load_release(write_synthetic(tmp_path, ".xlsx"))
    report = foi.cross_check(release).set_index("figure_id")
    assert report.loc["detail_force_metropolitan", "verdict"] == "confirmed"
    assert report.loc["detail_force_not_recorded", "verdict"] == "confirmed"
    # West Midlands: 218 known, a '*' and a '<5'; the release's own Total (221), consistent with them, decides
    assert report.loc["detail_force_west_midlands", "verdict"] == "contradicted"
    assert "221" in report.loc["detail_force_west_midlands", "release"]
    # a column with no suppressed cell and no Total: 5 + 3 + 0 + 10 = 18, not 20
    assert report.loc["detail_ct_labour_exploitation", "verdict"] == "contradicted"
    assert report.loc["detail_ct_labour_exploitation", "release"] == "18"
    assert report.loc["detail_ct_domestic_servitude", "verdict"] == "confirmed"
    # 'more than 2000' stays a bound, and another request's figure is context, never the release's disagreement
    assert report.loc["ns_total", "relation"] == "another request"
    assert "ns_total" not in set(foi.disagreements(report.reset_index())["figure_id"])
    text = foi.format_report(release, foi.cross_check(release))
    assert "CONTRADICTED: Victims referred: West Midlands Police (The Detail and the Guardian" in text


def test_long_layout_by_month_filters_to_the_published_period(tmp_path):
    rows = [["SYNTHETIC long-format release"], ["Force", "Month", "Crime type", "Number of victims"]]
    rows += [
        ["PSNI", "2020-05", "Trafficking", 13],
        ["PSNI", "June 2021", "Modern slavery", 5],
        ["PSNI", "2022-05", "Domestic abuse", 2],
        ["PSNI", "2022-06", "Domestic abuse", 7],
    ]
    # every month from May 2020 to June 2022 is in the table (a long table lists only the cells with referrals)
    rows += [["PSNI", f"{y}-{m:02d}", "Labour exploitation", 1] for y in (2020, 2021, 2022) for m in range(1, 13)]
    rows = rows[:6] + [r for r in rows[6:] if "2020-05" <= r[1] <= "2022-06"]
    path = tmp_path / "SYNTHETIC-long.csv"
    pd.DataFrame(rows).to_csv(path, header=False, index=False)
    release = foi.load_release(path)
    t = release.tidy[release.tidy["crime_type"] != "labour-exploitation"]
    assert sorted(t["period_start"]) == ["2020-05", "2021-06", "2022-05", "2022-06"]
    report = foi.cross_check(release).set_index("figure_id")
    # The June 2022 row lies outside the PSNI article's May 2020 to May 2022: compared month by month.
    assert report.loc["psni_ct_domestic_abuse", "release"] == "2"
    assert report.loc["psni_ct_domestic_abuse", "verdict"] == "confirmed"


def _bad(tmp_path, edit):
    rows = synthetic_grid()
    edit(rows)
    return write_synthetic(tmp_path, ".csv", rows)


@pytest.mark.parametrize(
    "edit,phrases",
    [
        (
            lambda r: r[4].__setitem__(0, "Metropolitan Polise"),
            ["cell A5", "Metropolitan Polise", "Metropolitan Police Service (metropolitan)"],
        ),
        (lambda r: r[5].__setitem__(1, -3), ["cell B6", "negative"]),
        (lambda r: r[5].__setitem__(2, 2.5), ["cell C6", "decimal point"]),
        (lambda r: r[5].__setitem__(3, "lots"), ["cell D6", "'lots'", "suppression mark"]),
        (lambda r: r[3].__setitem__(2, "Trafficing"), ["cell C4", "Trafficing", "human-trafficking"]),
        (
            lambda r: r[3].__setitem__(0, "Region"),
            ["row 5", "'Region' (read past)", "no column names what each row counts"],
        ),
        (lambda r: r.append(list(r[4])), ["appears more than once"]),
        (lambda r: r[6].__setitem__(0, "Scotland"), ["'Scotland' is a nation, not a force"]),
    ],
    ids=[
        "unknown-force",
        "negative",
        "fractional",
        "text-in-count",
        "unknown-crime-type",
        "no-header",
        "duplicate-row",
        "nation-not-force",
    ],
)
def test_bad_release_is_refused_with_a_clear_message(tmp_path, edit, phrases):
    path = _bad(tmp_path, edit)
    with pytest.raises(DataError) as err:
        foi.load_release(path)
    message = str(err.value)
    assert "SYNTHETIC-foi-release.csv" in message
    for phrase in phrases:
        assert phrase in message, message


@pytest.mark.parametrize(
    "name,data,phrase",
    [
        ("SYNTHETIC-empty.csv", b"", "empty"),
        ("SYNTHETIC-release.docx", b"SYNTHETIC", "unsupported file type"),
        ("SYNTHETIC-release.pdf", b"%PDF-1.4 SYNTHETIC", "cannot be read as .pdf"),
        ("SYNTHETIC-corrupt.xlsx", b"SYNTHETIC not a zip", "cannot be read as .xlsx"),
        ("SYNTHETIC-utf16.csv", "Force,Total\nMet,1\n".encode("utf-16"), "NUL bytes"),
    ],
)
def test_unreadable_release_files(tmp_path, name, data, phrase):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DataError) as err:
        foi.load_release(path)
    assert phrase in str(err.value) and name in str(err.value)


def test_command_line_loader_exit_codes(tmp_path):
    good = write_synthetic(tmp_path, ".xlsx")
    result = run_in_process(
        ["-m", "referrals", "load-foi", str(good), "--out", str(tmp_path / "SYNTHETIC-tidy.csv")], ROOT
    )
    assert result.returncode == 1, "disagreements with the same request's figures give exit 1"
    assert "CONTRADICTED: Victims referred: West Midlands Police (The Detail and the Guardian" in result.stdout
    assert (tmp_path / "SYNTHETIC-tidy.csv").read_text().startswith("table,force,force_as_given,crime_type")
    bad = tmp_path / "SYNTHETIC-bad.csv"
    bad.write_text("Force,Modern slavery\nAtlantis Police,3\n")
    result = run_in_process(["-m", "referrals", "load-foi", str(bad)], ROOT)  # as a process: test_foi_layouts.py
    assert result.returncode == 2 and "Atlantis Police" in result.stderr and "Traceback" not in result.stderr


def test_tidy_csv_neutralises_spreadsheet_formulas(tmp_path):
    rows = synthetic_grid()
    rows[4][0] = "=Met"
    rows[5][0] = "@West Midlands Police"
    rows[6][0] = "+Avon & Somerset"
    release = foi.load_release(write_synthetic(tmp_path, ".csv", rows))
    out = tmp_path / "SYNTHETIC-tidy.csv"
    foi.write_tidy(release, out)
    with out.open(newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert "'=Met" in cells and "'@West Midlands Police" in cells and "'+Avon & Somerset" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_csv_neutralises_text_but_not_numbers():
    from referrals.csvfiles import csv_bytes, neutralise_cell

    assert neutralise_cell("-") == "'-" and neutralise_cell("\tx") == "'\tx"
    assert neutralise_cell("Met") == "Met"
    # text that reads as a plain number is no formula; anything longer starting with a trigger is
    assert csv_bytes(["a", "b"], [[-3.0, "-3"], [2.5, "=1+1"], [1, "-3+cmd"]]) == b"a,b\n-3,-3\n2.5,'=1+1\n1,'-3+cmd\n"


def test_default_build_never_reads_a_synthetic_fixture():
    for folder in ("data", "notebooks", "src"):
        for path in (ROOT / folder).rglob("*"):
            assert "SYNTHETIC" not in path.name, path
