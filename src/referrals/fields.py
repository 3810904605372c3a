"""Every column of data/raw/ and data/processed/, declared once.

A column's name, type, pattern, allowed values and meaning are written here and
nowhere else: the pandera schemas that validate the raw tables (`validation`), the
Frictionless data package (`datapackage`) and the column descriptions of the
explorable database (`explore`) are all built from these declarations, so the three
cannot drift apart. Kept free of heavy imports (no pandas, no pandera).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .vocab import FORCE_KINDS, MEANINGS, NATIONS

# Patterns are ASCII-only on purpose: `\d` would accept '３４０９３' (full-width digits).
ID_FIGURE = r"^[a-z0-9]+(_[a-z0-9]+)*$"
ID_SOURCE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_OPTIONAL = r"^([a-z0-9]+(-[a-z0-9]+)*)?$"
#: Several vocabulary ids joined with '+' ('england-and-wales+british-transport-police').
ID_JOINED = r"^[a-z0-9]+(-[a-z0-9]+)*(\+[a-z0-9]+(-[a-z0-9]+)*)*$"
MONTH = r"^([0-9]{4}(-(0[1-9]|1[0-2]))?|unknown)$"
LENGTH = r"^([0-9]{1,3}(\.\.[0-9]{1,3})?)?$"
NUMBER = r"^([0-9]+(\.[0-9]+)?)?$"
PUBLISHED = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
URL = r"^https?://[!-~]+$"
YES_NO = ("yes", "no")

SOURCE_KINDS = ("primary document", "secondary report")
#: original: the outlet reports numbers from data it obtained or holds; restatement: it reprints another's.
SOURCE_ROLES = ("original", "restatement")

#: Who checks a column when the column schema does not: a rule across cells, or the vocabulary loader.
BY_RULE = "a consistency rule in validation.py"
BY_VOCAB = "the vocabulary loader, vocab.py"


@dataclass(frozen=True)
class Field:
    """One column: what it holds and what a valid value looks like.

    `type` is how a re-user should read the column (Table Schema: string, number,
    integer); the project itself reads every cell as text and checks `pattern`.
    `error` is the validation message when a value breaks the rule (`{values}` is
    replaced by the allowed values). `checked_by` names the code that enforces the
    constraints when the column schema does not (then pandera leaves the column alone).
    """

    name: str
    description: str
    type: str = "string"
    optional: bool = False  # the column may be left out of the file: it is then taken as empty
    pattern: str = ""
    values: tuple[str, ...] = ()
    blank: bool = False  # empty is allowed besides `values` or `vocabulary`
    vocabulary: str = ""  # a table whose ids the value must be: sources, measures, qualifiers, geographies...
    joined: bool = False  # several vocabulary ids joined with '+'
    nonempty: bool = False
    unique: bool = False
    minimum: float | None = None
    error: str = ""
    checked_by: str = ""

    @property
    def required(self) -> bool:
        """Whether an empty cell breaks the rules."""
        if self.nonempty or ((self.values or self.vocabulary) and not self.blank):
            return True
        return bool(self.pattern) and re.fullmatch(self.pattern, "") is None

    def message(self, allowed) -> str:
        return self.error.format(values=", ".join(allowed))


@dataclass(frozen=True)
class Table:
    """A CSV table: its file, what one row is, and its columns in file order."""

    name: str
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: str = ""

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def optional_columns(self) -> set[str]:
        return {f.name for f in self.fields if f.optional}

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _id(name: str, what: str, pattern: str = ID_SOURCE) -> Field:
    """A vocabulary's id column (checked by vocab.py: lower-case words joined by hyphens, unique)."""
    return Field(name, what, pattern=pattern, unique=True, checked_by=BY_VOCAB)


def _yes_no(name: str, description: str) -> Field:
    return Field(name, description, values=YES_NO, checked_by=BY_VOCAB)


NOTES = Field("notes", "Anything a reader should know about the row.", optional=True)
ALIASES = Field(
    "aliases", "Other spellings that resolve to this id in any input, separated by '|' (case and punctuation ignored)."
)

SOURCES = Table(
    name="sources",
    path="data/raw/sources.csv",
    title="Source documents",
    description="One row per document that published numbers about the referrals: outlet, title, URL, "
    "publication date as precisely as known, and whether it reports its own data or reprints another's.",
    primary_key="source_id",
    fields=(
        Field(
            "source_id",
            "The source's id: lower-case words joined by hyphens.",
            pattern=ID_SOURCE,
            unique=True,
            error="must be lower-case words joined by hyphens",
        ),
        Field("outlet", "Who published it.", nonempty=True, error="must not be empty"),
        Field("title", "The document's title.", nonempty=True, error="must not be empty"),
        Field("url", "The address of the document.", pattern=URL, error="must be an http(s) URL (ASCII, no spaces)"),
        Field(
            "published",
            "When it was published, as precisely as known: YYYY, YYYY-MM or YYYY-MM-DD (never in the future).",
            pattern=PUBLISHED,
            error="must be YYYY, YYYY-MM or YYYY-MM-DD (as precise as known)",
        ),
        Field(
            "kind",
            "'primary document' (the data holder's own answer) or 'secondary report' (an article reporting data).",
            values=SOURCE_KINDS,
            error="must be one of: {values}",
        ),
        Field(
            "dataset",
            "The data it reports (an FOI request or answer), as an id shared by every source reporting the same data; "
            "empty when not known.",
            optional=True,
            pattern=ID_OPTIONAL,
            error="must be an id",
        ),
        Field(
            "story",
            "The story it belongs to, as an id shared by reprints of the same story; empty: its own story.",
            optional=True,
            pattern=ID_OPTIONAL,
            error="must be an id",
        ),
        Field(
            "role",
            "'original' when the outlet reports data it obtained or holds, 'restatement' when it reprints another's "
            "numbers; empty means original.",
            optional=True,
            values=SOURCE_ROLES,
            blank=True,
            error="must be empty or one of: {values}",
        ),
        NOTES,
    ),
)

FIGURES = Table(
    name="figures",
    path="data/raw/figures.csv",
    title="Published figures",
    description="One row per number a source published about the referrals, transcribed with what it counts "
    "(measure, place, crime types, period), the source's wording about it and a short quote that shows it.",
    primary_key="figure_id",
    fields=(
        Field(
            "figure_id",
            "The figure's id: lower-case words joined by underscores.",
            pattern=ID_FIGURE,
            unique=True,
            error="must be lower-case words joined by underscores",
        ),
        Field(
            "source_id",
            "The document that published it (sources.csv).",
            vocabulary="sources",
            error="is not a source_id in sources.csv",
        ),
        Field(
            "measure",
            "What it counts (measures.csv): victims referred, calls to the Home Office command and control unit, "
            "victim-check calls, forces referring, daily or monthly estimates, shares. Measures are never mixed.",
            vocabulary="measures",
            error="must be one of the measures in measures.csv: {values}",
        ),
        Field("description", "What the figure is, in words.", optional=True),
        Field(
            "geography",
            "The place it covers: a force (forces.csv) or another geography (geographies.csv), by id; several ids "
            "joined with '+' are counted together.",
            vocabulary="geographies",
            joined=True,
            error="is not a canonical geography id (or several joined with +)",
        ),
        Field(
            "crime_type",
            "The crime types it covers (crime_types.csv), by id; several joined with '+' are counted together; "
            "'all' for every crime type.",
            vocabulary="crime_types",
            joined=True,
            error="is not a canonical crime type id (or several joined with +)",
        ),
        Field(
            "period_start",
            "The first month it covers: YYYY-MM, YYYY when the source gives only a year, or 'unknown'.",
            pattern=MONTH,
            error="must be YYYY-MM, YYYY or 'unknown'",
        ),
        Field(
            "period_end",
            "The last month it covers, inclusive: YYYY-MM, YYYY or 'unknown'; never after the source was published.",
            pattern=MONTH,
            error="must be YYYY-MM, YYYY or 'unknown'",
        ),
        Field(
            "period_months",
            "A length the source states: N months, or N..M for a length given in years; empty when none is stated.",
            optional=True,
            pattern=LENGTH,
            error="must be empty, a number of months N, or a range N..M",
        ),
        Field("period_text", "The period in the source's words, or how it was read.", optional=True),
        Field(
            "value",
            "The number as published (digits only); empty when the source gives only words (see qualifier). "
            "Counts are whole and at most their measure's plausible maximum.",
            type="number",
            pattern=NUMBER,
            minimum=0,
            error="must be empty or a non-negative number (digits only, no commas)",
        ),
        Field(
            "qualifier",
            "The source's wording about the number (qualifiers.csv): 'exact', 'at least', 'around', 'a quarter'... "
            "A verbal qualifier carries no number.",
            vocabulary="qualifiers",
            error="must be one of the qualifiers in qualifiers.csv: {values}",
        ),
        Field(
            "part_of",
            "The figure_id of the total this figure is a part of; empty for a figure that is no part.",
            optional=True,
            vocabulary="figures",
            blank=True,
            checked_by=BY_RULE,
        ),
        Field(
            "breakdown",
            "The breakdown of that total the part belongs to ('crime type', 'force'...); empty for no part.",
            optional=True,
            checked_by=BY_RULE,
        ),
        Field(
            "breakdown_complete",
            "For a part: 'yes' when the parts of its breakdown together make the whole total (they must sum to it), "
            "'no' when some are not itemised; empty for no part.",
            optional=True,
            values=YES_NO,
            blank=True,
            checked_by=BY_RULE,
        ),
        Field(
            "dataset",
            "The data the number comes from, when it differs from its source's (a reprint of another FOI answer).",
            optional=True,
        ),
        Field(
            "restates",
            "The figure_id of another source's number that this figure reprints; empty for its own number.",
            optional=True,
            vocabulary="figures",
            blank=True,
            checked_by=BY_RULE,
        ),
        Field(
            "population",
            "Who the figure counts, by id (populations.csv): 'all' victims (the default, when empty), or a group "
            "such as women or children; several joined with '+'.",
            optional=True,
            vocabulary="populations",
            joined=True,
            blank=True,
            checked_by=BY_RULE,
        ),
        Field(
            "share_of",
            "For a share ('a quarter'): what it is a share of, where that differs from what the figure counts, as "
            "'column=value' pairs separated by ';' ('measure=victims_referred', 'geography=uk'); empty for a count.",
            optional=True,
            checked_by=BY_RULE,
        ),
        Field(
            "quote",
            "At most 25 words of the source that show the number, with no hidden characters.",
            nonempty=True,
            error="must quote the source",
        ),
        NOTES,
    ),
)

# The vocabularies: validated by vocab.py when loaded; declared here for the data package and the database.

FORCES = Table(
    name="forces",
    path="data/raw/forces.csv",
    title="Police forces",
    description="The 43 territorial forces of England and Wales, Police Scotland, the PSNI and British Transport "
    "Police, with their nation, kind and the other names the sources use.",
    primary_key="force_id",
    fields=(
        _id("force_id", "The force's id: lower-case words joined by hyphens."),
        Field("name", "The force's name.", nonempty=True, checked_by=BY_VOCAB),
        Field("nation", "The nation it polices.", values=NATIONS, checked_by=BY_VOCAB),
        Field(
            "kind",
            "'territorial' (polices an area) or 'non-territorial' (British Transport Police).",
            values=FORCE_KINDS,
            checked_by=BY_VOCAB,
        ),
        ALIASES,
    ),
)

GEOGRAPHIES = Table(
    name="geographies",
    path="data/raw/geographies.csv",
    title="Geographies that are not forces",
    description="The United Kingdom, England and Wales, Scotland, Northern Ireland and 'no force recorded'.",
    primary_key="geography",
    fields=(
        _id("geography", "The geography's id: lower-case words joined by hyphens."),
        Field("name", "The geography's name, as charts and tables show it.", nonempty=True, checked_by=BY_VOCAB),
        Field("kind", "What it is: a country, a nation, several nations, or unknown."),
        Field(
            "nations",
            "The nations whose territorial forces it contains, separated by '|'; '*' for every force, British "
            "Transport Police and 'no force recorded' included; empty for none.",
        ),
        ALIASES,
        NOTES,
    ),
)

CRIME_TYPES = Table(
    name="crime_types",
    path="data/raw/crime_types.csv",
    title="Crime types",
    description="The nine categories of the Home Office breakdown, plus the groups other sources use (the PSNI "
    "article's 'other crimes', the Policing Board's combined modern slavery and trafficking, Byline Times' groups), "
    "and 'all'.",
    primary_key="crime_type",
    fields=(
        _id("crime_type", "The crime type's id: lower-case words joined by hyphens."),
        Field("name", "The crime type's name, as charts and tables show it.", nonempty=True, checked_by=BY_VOCAB),
        _yes_no("in_foi_breakdown", "'yes' for the nine categories of the FOI breakdown, which together make 'all'."),
        Field("within", "The crime types it lies within, separated by '|' ('all' implied)."),
        Field("consists_of", "For a combined group, the crime types it is made of, separated by '|'."),
        ALIASES,
        NOTES,
    ),
)

MEASURES = Table(
    name="measures",
    path="data/raw/measures.csv",
    title="Measures",
    description="What a figure can count, how it is defined (telephone referrals only...) and the most it can "
    "plausibly be; figures of different measures are never compared.",
    primary_key="measure",
    fields=(
        _id("measure", "The measure's id: lower-case words joined by underscores.", pattern=ID_FIGURE),
        Field("name", "What it counts, in words.", nonempty=True, checked_by=BY_VOCAB),
        Field("aliases", "Other names a claims file may use for it, separated by '|'."),
        Field("unit", "The unit of its values."),
        _yes_no("whole", "'yes' when its values are counts, which must be whole numbers."),
        _yes_no("flow", "'yes' when it accumulates over its period, so that monthly rates can be compared."),
        Field(
            "maximum",
            "The most a value can plausibly be: far above any real value, it catches typos and unit mistakes.",
            type="integer",
            pattern=r"^[0-9]+$",
            minimum=0,
            checked_by=BY_VOCAB,
        ),
        Field("definition", "How the data holder defines it, and what it leaves out."),
        Field(
            "source_id",
            "The source of the definition (sources.csv); empty when none.",
            vocabulary="sources",
            blank=True,
        ),
        Field("quote", "The source's words for the definition."),
        NOTES,
    ),
)

POPULATIONS = Table(
    name="populations",
    path="data/raw/populations.csv",
    title="Groups of people",
    description="Who a figure or claim counts: all victims (the default), or a group by sex or by age. No source "
    "splits the referrals by either, so a claim about a group is bounded by the figure for all victims.",
    primary_key="population",
    fields=(
        _id("population", "The group's id: lower-case words joined by hyphens."),
        Field("name", "The group's name.", nonempty=True, checked_by=BY_VOCAB),
        Field("within", "The group it lies within ('all' for every group but 'all')."),
        Field("split", "The split of the data that would count it ('sex', 'age'); empty for all victims."),
        ALIASES,
        Field(
            "source_id",
            "A source that names the group (sources.csv); empty when none.",
            vocabulary="sources",
            blank=True,
        ),
        Field("quote", "The source's words for the group."),
        NOTES,
    ),
)

QUALIFIERS = Table(
    name="qualifiers",
    path="data/raw/qualifiers.csv",
    title="Qualifiers",
    description="The wording sources put around a number ('at least', 'around', 'a quarter') and what it means.",
    primary_key="qualifier",
    fields=(
        Field("qualifier", "The wording, as figures.csv uses it.", unique=True, nonempty=True, checked_by=BY_VOCAB),
        Field(
            "meaning",
            "The bound it puts on the number: exact, a lower or upper bound, approximate, an estimate, or words only "
            "(verbal: no number).",
            values=MEANINGS,
            checked_by=BY_VOCAB,
        ),
        Field("definition", "A narrower definition the wording gives the count, if any."),
        NOTES,
    ),
)


#: Columns of the processed figures table that the raw one does not have, or fills differently (processed.py).
PUBLISHED_EXTRA = (
    Field("outlet", "Who published it (from sources.csv).", nonempty=True),
    Field("geography_name", "The name of the place, or the names of the places joined by 'and'."),
    Field("crime_type_name", "The name of the crime type, or the names joined by 'and'."),
    Field("dataset", "The data the number comes from: the figure's own dataset, else its source's; empty if unknown."),
    Field("story", "The story of its source (sources.csv).", pattern=ID_OPTIONAL),
    Field(
        "role",
        "'restatement' when the figure reprints another's number or its source is a reprint, else 'original'.",
        values=SOURCE_ROLES,
    ),
    Field("url", "The address of its source.", pattern=URL),
)


def published_fields(columns: list[str]) -> tuple[Field, ...]:
    """The processed figures table's fields in its column order: a derived one, else the raw figure's."""
    known = {f.name: f for f in FIGURES.fields} | {f.name: f for f in PUBLISHED_EXTRA}
    missing = [c for c in columns if c not in known]
    if missing:
        raise KeyError(f"no declaration for processed column(s) {', '.join(missing)}: add them to fields.py")
    return tuple(replace(known[c], optional=False) for c in columns)


RAW_TABLES = (SOURCES, FIGURES, FORCES, GEOGRAPHIES, CRIME_TYPES, MEASURES, QUALIFIERS, POPULATIONS)
