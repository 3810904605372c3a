"""Mutations of the raw tables shared by the bad-input corpora (each returns a function of data/raw/)."""

from __future__ import annotations

import csv
import io


def rows_of(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_rows(path, rows):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def edit_cell(file, key, column, new):
    """Set one cell of the row whose first column is `key`."""

    def apply(raw):
        rows = rows_of(raw / file)
        col = rows[0].index(column)
        hits = [r for r in rows[1:] if r[0] == key]
        assert hits, key
        hits[0][col] = new
        write_rows(raw / file, rows)

    return apply


def edit_row(file, key, **cells):
    """Set several cells of one row."""
    return edits(*(edit_cell(file, key, column, value) for column, value in cells.items()))


def edits(*mutations):
    def apply(raw):
        for mutate in mutations:
            mutate(raw)

    return apply


def delete_row(file, key):
    def apply(raw):
        rows = rows_of(raw / file)
        kept = [r for r in rows if r[0] != key]
        assert len(kept) == len(rows) - 1, key
        write_rows(raw / file, kept)

    return apply


def drop_column(file, column):
    def apply(raw):
        rows = rows_of(raw / file)
        i = rows[0].index(column)
        write_rows(raw / file, [r[:i] + r[i + 1 :] for r in rows])

    return apply


def rename_column(file, old, new):
    def apply(raw):
        rows = rows_of(raw / file)
        rows[0][rows[0].index(old)] = new
        write_rows(raw / file, rows)

    return apply


def duplicate_row(file, key):
    def apply(raw):
        rows = rows_of(raw / file)
        rows.append(next(r for r in rows if r[0] == key))
        write_rows(raw / file, rows)

    return apply


def write_bytes(file, data):
    def apply(raw):
        (raw / file).write_bytes(data)

    return apply


def replace_text(file, old, new):
    def apply(raw):
        text = (raw / file).read_text(encoding="utf-8")
        assert old in text
        (raw / file).write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply
