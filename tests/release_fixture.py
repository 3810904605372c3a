"""A SYNTHETIC release written without the project's generator, for the end-to-end release tests.

45 forces and 'No force recorded' by nine crime types, with title rows, a Total row and a
Total column, in an .xlsx workbook. Its margins are the published ones (The Detail's
force and crime-type totals; the other 40 forces share the rest evenly), filled by the
northwest-corner rule (a non-negative integer table with exactly those margins). One force
can be changed by one, with another, unpublished force changed the other way in the same
crime type, so that only that force's total differs from what was published.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

#: The published margins, read from the raw figures (never typed here).
CRIME_TYPE_IDS = {
    "detail_ct_modern_slavery": "Modern slavery",
    "detail_ct_human_trafficking": "Human trafficking",
    "detail_ct_domestic_abuse": "Domestic abuse",
    "detail_ct_child_sexual_exploitation": "Child sexual exploitation",
    "detail_ct_sexual_exploitation": "Sexual exploitation",
    "detail_ct_forced_marriage": "Forced marriage",
    "detail_ct_labour_exploitation": "Labour exploitation",
    "detail_ct_domestic_servitude": "Domestic servitude",
    "detail_ct_unspecified": "Unspecified",
}


def _published(root: Path) -> dict[str, float]:
    with open(root / "data" / "raw" / "figures.csv", encoding="utf-8") as fh:
        return {r["figure_id"]: float(r["value"]) for r in csv.DictReader(fh) if r["value"]}


def _forces(root: Path) -> list[tuple[str, str]]:
    with open(root / "data" / "raw" / "forces.csv", encoding="utf-8") as fh:
        return [(r["force_id"], r["name"]) for r in csv.DictReader(fh) if r["kind"] == "territorial"]


def _row_totals(root: Path) -> dict[str, int]:
    figures = _published(root)
    itemised = {
        "metropolitan": "detail_force_metropolitan",
        "west-midlands": "detail_force_west_midlands",
        "police-scotland": "detail_force_police_scotland",
        "west-yorkshire": "detail_force_west_yorkshire",
        "greater-manchester": "detail_force_greater_manchester",
    }
    totals = {force: int(figures[fid]) for force, fid in itemised.items()}
    totals["not-recorded"] = int(figures["detail_force_not_recorded"])
    others = [f for f, _ in _forces(root) if f not in totals]
    left = int(figures["detail_total"]) - sum(totals.values())
    for i, force in enumerate(others):
        totals[force] = left // len(others) + (1 if i < left % len(others) else 0)
    return totals


def _northwest_corner(rows: list[int], columns: list[int]) -> list[list[int]]:
    table = [[0] * len(columns) for _ in rows]
    rows, columns = list(rows), list(columns)
    i = j = 0
    while i < len(rows) and j < len(columns):
        take = min(rows[i], columns[j])
        table[i][j] = take
        rows[i] -= take
        columns[j] -= take
        if rows[i] == 0:
            i += 1
        else:
            j += 1
    return table


def write_release(root: Path, path: Path, change: str = "", by: int = 1) -> Path:
    """Write the workbook; `change` (a force id) is moved by `by` from its published count."""
    figures = _published(root)
    names = dict(_forces(root)) | {"not-recorded": "No force recorded"}
    totals = _row_totals(root)
    order = list(totals)
    columns = [int(figures[fid]) for fid in CRIME_TYPE_IDS]
    table = dict(zip(order, _northwest_corner([totals[f] for f in order], columns)))
    if change:  # a force nobody itemised gives up the difference, in the same crime type
        published = set(list(totals)[:6])
        cells = [(f, k) for f in reversed(order) if f not in published for k in range(len(columns))]
        donor, j = next((f, k) for f, k in cells if table[f][k] >= by)
        table[change][j] += by
        table[donor][j] -= by
    book = Workbook()
    sheet = book.active
    sheet.title = "Table 1"
    sheet.append(["SYNTHETIC TEST RELEASE: not Home Office data"])
    sheet.append(["Victims of crime referred to Immigration Enforcement, by force, 1 May 2020 to 30 September 2022"])
    sheet.append([])
    sheet.append(["Police force", *CRIME_TYPE_IDS.values(), "Total"])
    for force in order:
        sheet.append([names[force], *table[force], sum(table[force])])
    column_totals = [sum(table[f][k] for f in order) for k in range(len(columns))]
    sheet.append(["Total", *column_totals, sum(column_totals)])
    sheet.append(["Source: SYNTHETIC figures for tests"])
    book.properties.creator = "SYNTHETIC"
    book.save(path)
    return path


# --- the shape a Home Office answer takes (home-office-release-conventions.md) ----------------------------------------

#: Every territorial force as the Home Office spells it, in its order: English forces alphabetically ('London, City
#: of' under L, 'Metropolitan Police' under M), the Welsh forces, Police Scotland, the PSNI; a note marker on some.
HOME_OFFICE_NAMES = {
    "avon-and-somerset": "Avon and Somerset",
    "bedfordshire": "Bedfordshire",
    "cambridgeshire": "Cambridgeshire",
    "cheshire": "Cheshire",
    "cleveland": "Cleveland",
    "cumbria": "Cumbria",
    "derbyshire": "Derbyshire",
    "devon-and-cornwall": "Devon and Cornwall",
    "dorset": "Dorset",
    "durham": "Durham",
    "essex": "Essex",
    "gloucestershire": "Gloucestershire",
    "greater-manchester": "Greater Manchester",
    "hampshire": "Hampshire",
    "hertfordshire": "Hertfordshire",
    "humberside": "Humberside",
    "kent": "Kent",
    "lancashire": "Lancashire",
    "leicestershire": "Leicestershire",
    "lincolnshire": "Lincolnshire",
    "city-of-london": "London, City of",
    "merseyside": "Merseyside",
    "metropolitan": "Metropolitan Police",
    "norfolk": "Norfolk",
    "north-yorkshire": "North Yorkshire",
    "northamptonshire": "Northamptonshire",
    "northumbria": "Northumbria",
    "nottinghamshire": "Nottinghamshire",
    "south-yorkshire": "South Yorkshire",
    "staffordshire": "Staffordshire",
    "suffolk": "Suffolk",
    "surrey": "Surrey",
    "sussex": "Sussex",
    "thames-valley": "Thames Valley",
    "warwickshire": "Warwickshire",
    "west-mercia": "West Mercia",
    "west-midlands": "West Midlands",
    "west-yorkshire": "West Yorkshire",
    "wiltshire": "Wiltshire",
    "dyfed-powys": "Dyfed Powys",
    "gwent": "Gwent",
    "north-wales": "North Wales",
    "south-wales": "South Wales",
    "police-scotland": "Police Scotland (6)",
    "psni": "Police Service of Northern Ireland",
    "not-recorded": "Force not recorded (5)",
}
HOME_OFFICE_TYPES = {
    "detail_ct_modern_slavery": "Modern Slavery",
    "detail_ct_human_trafficking": "Human Trafficking",
    "detail_ct_domestic_abuse": "Domestic Abuse",
    "detail_ct_child_sexual_exploitation": "Child Sexual Exploitation",
    "detail_ct_sexual_exploitation": "Sexual Exploitation",
    "detail_ct_forced_marriage": "Forced Marriage",
    "detail_ct_labour_exploitation": "Labour Exploitation",
    "detail_ct_domestic_servitude": "Domestic Servitude",
    "detail_ct_unspecified": "Not specified (4)",
}
YEARS = ["2020/21 (3)", "2021/22", "2022/23 (3)"]
#: How each force's referrals fall across the three financial years (11, 12 and 6 months): a fixed, invented split.
SHARES = [(11, 12, 6), (0, 1, 0), (1, 0, 0), (0, 0, 1), (3, 2, 0), (0, 2, 1)]


def _split(total: int, i: int) -> list[int]:
    """A force's total over the three years, by one of SHARES (zeros where a share is 0, unless the total is 0)."""
    weights = SHARES[i % len(SHARES)]
    parts = [total * w // sum(weights) for w in weights]
    parts[next(k for k, w in enumerate(weights) if w)] += total - sum(parts)
    return parts


def write_home_office_release(root: Path, path: Path, change: str = "", by: int = 1, blanks: str = "proven") -> Path:
    """A SYNTHETIC workbook shaped as a Home Office answer: a cover sheet of notes, a table by force with financial
    year columns (2020/21 and 2022/23 partial, as note 3 says), a table by crime type, Home Office spellings, note
    markers, zeros left blank and 'Grand total' rows and columns; every total equal to The Detail's. `change` moves
    one force by `by` (another, unpublished force the other way in the same year). blanks='unproven' leaves out
    table 1's Grand total row and column, so that nothing proves its blanks zero."""
    figures = _published(root)
    totals = _row_totals(root)
    published = list(totals)[:6] + ["psni"]  # their referrals run through every year, as the articles imply
    years = {force: _split(n, 0 if force in published else i) for i, (force, n) in enumerate(totals.items())}
    if change:
        donor = next(f for f in reversed(list(totals)) if f not in published and years[f][1] >= by)
        years[change][1] += by
        years[donor][1] -= by
    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    for line in (
        "SYNTHETIC TEST RELEASE: not Home Office data",
        "Immigration Enforcement FOI & PQ Team (SYNTHETIC)",
        "Victims of crime referred to Home Office Immigration Enforcement by police forces,",
        "1 May 2020 to 30 September 2022",
        "",
        "Notes",
        "(3) 2020/21 covers 1 May 2020 to 31 March 2021; 2022/23 covers 1 April 2022 to 30 September 2022.",
        "(4) The crime type was not specified in the referral.",
        "(5) Referrals for which no police force was recorded.",
        "(6) Figures for Police Scotland are provisional.",
        "Figures are from a management information system, not quality assured under National Statistics protocols, "
        "and should be treated as provisional.",
    ):
        cover.append([line])
    table1 = book.create_sheet("Table 1")
    table1.append(["Table 1: Victims referred, by police force and financial year (SYNTHETIC)"])
    table1.append([])
    with_total = blanks == "proven"
    table1.append(["Police force", *YEARS] + (["Grand total"] if with_total else []))
    order = [f for f in HOME_OFFICE_NAMES if f in totals]
    for force in order:
        cells = [v if v else None for v in years[force]]
        table1.append([HOME_OFFICE_NAMES[force], *cells] + ([sum(years[force])] if with_total else []))
    sums = [sum(years[f][k] for f in order) for k in range(3)]
    if with_total:
        table1.append(["Grand total", *sums, sum(sums)])
    table2 = book.create_sheet("Table 2")
    table2.append(["Table 2: Victims referred, by crime type, 1 May 2020 to 30 September 2022 (SYNTHETIC)"])
    table2.append([])
    table2.append(["Crime type", "Number of victims"])
    for fid, name in HOME_OFFICE_TYPES.items():
        table2.append([name, int(figures[fid])])
    table2.append(["Grand total", int(figures["detail_total"])])
    book.properties.creator = "SYNTHETIC"
    book.save(path)
    return path
