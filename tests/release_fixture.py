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
