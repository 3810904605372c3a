"""Writers for SYNTHETIC release files in the tests: CSV, workbooks and PDF letters, from rows typed in the test.

Nothing here uses the project's generator (release/synthetic.py): every number a test loads is typed in that test,
so that a misread cannot be hidden by the same code writing and reading it. Every file is SYNTHETIC in its name.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl


def write_csv(folder: Path, name: str, rows: list[list], delimiter: str = ",") -> Path:
    assert "SYNTHETIC" in name
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(folder: Path, name: str, sheets: dict[str, list[list]], edit=None) -> Path:
    """A workbook with one sheet per (name, rows); edit(workbook) can merge, hide or add anything else."""
    assert "SYNTHETIC" in name
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    if edit:
        edit(book)
    path = folder / name
    book.save(path)
    return path


def write_letter(path: Path, parts: list, font_size: int = 8) -> Path:
    """A SYNTHETIC letter: `parts` in order, each a line of text (str) or a ruled table (list of rows); a table too
    long for its page continues on the next with its header repeated."""
    from fpdf import FPDF

    assert "SYNTHETIC" in path.name
    pdf = FPDF(orientation="P", format="A4")
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    pdf.add_page()
    for part in parts:
        if isinstance(part, str):
            pdf.set_font("helvetica", size=10)
            pdf.multi_cell(0, 6, part, new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.ln(3)
        pdf.set_font("helvetica", size=font_size)
        with pdf.table(text_align="LEFT", repeat_headings=1) as table:
            for row in part:
                cells = table.row()
                for value in row:
                    cells.cell("" if value is None else str(value))
        pdf.ln(3)
    pdf.output(str(path))
    return path


def write_scan(path: Path) -> Path:
    """A SYNTHETIC 'scanned' letter: one page holding only an image, no text layer."""
    from fpdf import FPDF
    from PIL import Image

    assert "SYNTHETIC" in path.name
    image = path.with_suffix(".png")
    Image.new("RGB", (200, 100), "white").save(image)
    pdf = FPDF()
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=180)
    pdf.output(str(path))
    return path
