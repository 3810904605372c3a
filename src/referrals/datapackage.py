"""The Frictionless data package: data/raw/ and data/processed/ described for re-users.

`datapackage.json` at the root is generated, never written by hand: every field's type,
description and constraints come from the declarations validation uses (`fields`), so the
package cannot promise what the project does not check, nor miss what it does. Regenerate
it with `python -m referrals datapackage` (`make datapackage`); a test checks that the
committed file equals a fresh generation and that `frictionless validate datapackage.json`
passes. Only the standard library and the project's light modules are needed.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import fields
from .fields import Field, Table
from .paths import project_root

FILE_NAME = "datapackage.json"
NAME = "uk-police-referrals-of-migrant-victims"
TITLE = "UK police referrals of migrant victims of crime to Home Office Immigration Enforcement: published figures"
DESCRIPTION = (
    "Every number published about UK police referrals of migrant victims of crime to Home Office Immigration "
    "Enforcement (2,672 victims, May 2020 to September 2022, The Detail and the Guardian, 2023), and what the "
    "follow-up reporting printed, transcribed with what each number counts (measure, place, crime types, "
    "period), the source's wording about it and a short quote that shows it. data/raw/ holds the transcription "
    "and its vocabularies (immutable, checksummed in data/raw/MANIFEST.sha256); data/processed/ the validated "
    "tables the notebooks use. Vague wording stays words: a figure given only as 'a quarter' or 'thousands' has "
    "an empty value and its wording in qualifier. The Home Office release itself is not included. The quotes "
    "(25 words at most) are provenance; the articles remain their publishers' copyright."
)
LICENSES = [
    {
        "name": "MIT",
        "path": "https://opensource.org/licenses/MIT",
        "title": "MIT License (the project's transcription, tables and code; see LICENSE and CITATION.cff)",
    }
]
KEYWORDS = ["data journalism", "freedom of information", "immigration enforcement", "police", "fact-checking"]

#: Resource names (lower case, hyphens: the Data Package rule) and where each table's file is.
RAW_NAMES = {table.name: table.name.replace("_", "-") for table in fields.RAW_TABLES}
PROCESSED_SOURCES = "processed-sources"
#: How the project writes every CSV meant for people (csvfiles.csv_bytes).
NEUTRALISED = (
    " A text cell that starts with = + - @, a tab or a carriage return is written with a leading ' so that "
    "spreadsheets never run it as a formula; the project removes it when it reads the file back."
)
PUBLISHED_FIGURES = "published-figures"


def _unanchored(pattern: str) -> str:
    """Table Schema patterns match the whole value already: drop the '^...$' the project writes."""
    if not (pattern.startswith("^") and pattern.endswith("$")):
        raise ValueError(f"pattern {pattern!r} must be anchored with ^...$")
    return pattern[1:-1]


def field_descriptor(field: Field) -> dict:
    """One column as Table Schema: its type, meaning and the constraints the project enforces."""
    constraints: dict = {}
    if field.required:
        constraints["required"] = True
    if field.unique:
        constraints["unique"] = True
    pattern = fields.ID_JOINED if field.joined else field.pattern
    if pattern and field.type == "string":
        constraints["pattern"] = _unanchored(pattern)
    if field.values:
        constraints["enum"] = list(field.values)
    if field.minimum is not None:
        constraints["minimum"] = int(field.minimum) if float(field.minimum).is_integer() else field.minimum
    out = {"name": field.name, "type": field.type, "description": field.description}
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(table: Table, references: dict[str, str]) -> dict:
    """The table's fields, primary key and foreign keys; `references` maps a vocabulary to its resource name."""
    schema = {"fields": [field_descriptor(f) for f in table.fields], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = [table.primary_key]
    foreign = [
        {"fields": [f.name], "reference": {"resource": references[f.vocabulary], "fields": [_key(f.vocabulary)]}}
        for f in table.fields
        if f.vocabulary and not f.joined and f.vocabulary in references
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def _key(vocabulary: str) -> str:
    tables = {t.name: t for t in fields.RAW_TABLES}
    return tables[vocabulary].primary_key


def resource(name: str, table: Table, references: dict[str, str]) -> dict:
    return {
        "name": name,
        "path": table.path,
        "title": table.title,
        "description": table.description,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": table_schema(table, references),
    }


def processed_tables() -> list[tuple[str, Table]]:
    """data/processed/: the sources as validated, and the figures with their outlets and names (processed.py)."""
    from .processed import PUBLISHED_COLUMNS

    sources = Table(
        name="sources",
        path="data/processed/sources.csv",
        title="Source documents, validated",
        description="sources.csv after validation (built by notebook 01)." + NEUTRALISED,
        fields=fields.SOURCES.fields,
        primary_key="source_id",
    )
    figures = Table(
        name="published_figures",
        path="data/processed/published_figures.csv",
        title="Published figures, validated",
        description="figures.csv after validation, sorted by figure_id, with each figure's outlet, URL, story and "
        "role and the names of its places and crime types beside it (built by notebook 01)." + NEUTRALISED,
        fields=fields.published_fields(PUBLISHED_COLUMNS),
        primary_key="figure_id",
    )
    return [(PROCESSED_SOURCES, sources), (PUBLISHED_FIGURES, figures)]


def resources() -> list[dict]:
    raw_refs = {**RAW_NAMES, "figures": ""}  # "": the table itself (part_of, restates)
    out = [resource(RAW_NAMES[t.name], t, raw_refs) for t in fields.RAW_TABLES]
    processed_refs = {**raw_refs, "sources": PROCESSED_SOURCES}
    out += [resource(name, t, processed_refs) for name, t in processed_tables()]
    return out


def package_sources(root: Path) -> list[dict]:
    """Every source document, with its URL, from data/raw/sources.csv (validated first: a bad file is refused)."""
    from .validation import load_sources

    frame = load_sources(root / fields.SOURCES.path)
    return [{"title": f"{r.outlet}: {r.title} ({r.published})", "path": r.url} for r in frame.itertuples(index=False)]


def descriptor(root: Path | None = None) -> dict:
    root = Path(root or project_root())
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "licenses": LICENSES,
        "sources": package_sources(root),
        "keywords": KEYWORDS,
        "resources": resources(),
    }


def text(root: Path | None = None) -> str:
    """The descriptor as the committed file holds it: two-space JSON, UTF-8, one final newline."""
    return json.dumps(descriptor(root), indent=2, ensure_ascii=False) + "\n"


def write(root: Path | None = None) -> Path:
    from .staging import write_text

    root = Path(root or project_root())
    path = root / FILE_NAME
    write_text(path, text(root))
    return path


def is_current(root: Path | None = None) -> bool:
    """Whether the committed datapackage.json is what the declarations and sources.csv generate now."""
    root = Path(root or project_root())
    path = root / FILE_NAME
    return path.exists() and path.read_text(encoding="utf-8") == text(root)
