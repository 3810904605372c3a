"""The README's findings, each number held against the data.

Every number the five sentences state, outside quotation marks, is read from the README in order and compared with
the same number computed from data/raw/ through the package: a correction to the data fails this test until the
README says what the data says. Quoted words must be the sources' own; names must be the ones the data resolves.
"""

from __future__ import annotations

import calendar
import re

import pytest
from conftest import ROOT

from referrals import compare, ledger, registry, tables, vocab
from referrals.months import months_between
from referrals.scope import DISJOINT, universe
from referrals.sources import load_raw

README = ROOT / "README.md"
WORDS = {w: n for n, w in enumerate(registry.NUMBER_WORDS) if n}
MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
QUANTITY = re.compile(
    r"(?P<month>\b(?:" + "|".join(MONTHS) + r") \d{4}\b)"
    r"|(?P<digits>\b\d[\d,]*(?:\.\d+)?\b)"
    r"|(?P<word>\b(?:" + "|".join(WORDS) + r")\b)",
    re.I,
)


def findings(text: str) -> list[str]:
    """The Findings section's sentences: one per list item, whitespace made single."""
    body = text[text.index("\n## Findings\n") + len("\n## Findings\n") :].split("\n## ", 1)[0]
    return [" ".join(item.split()) for item in re.findall(r"^- (.+?)(?=^- |\n\n|\Z)", body, re.M | re.S)]


def stated(sentence: str) -> list[tuple[str, int | str]]:
    """Every quantity a sentence states outside quotation marks, in order: (as written, value).

    A month is its YYYY-MM; a number in figures or in words is an integer."""
    out: list[tuple[str, int | str]] = []
    for match in QUANTITY.finditer(re.sub(r'"[^"]*"', '""', sentence)):
        text = match.group()
        if match["month"]:
            name, year = text.split()
            out.append((text, f"{year}-{MONTHS[name.capitalize()]:02d}"))
        elif match["digits"]:
            out.append((text, int(text.replace(",", ""))))
        else:
            out.append((text, WORDS[text.lower()]))
    return out


@pytest.fixture(scope="module")
def raw():
    return load_raw()


def _n(raw, figure_id: str) -> int:
    value = raw.value(figure_id)
    assert value == int(value), figure_id
    return int(value)


def _period(raw, figure_id: str) -> list[str]:
    row = raw.figure(figure_id)
    return [row["period_start"], row["period_end"]]


def expected(raw) -> list[list[int | str]]:
    """What each sentence states, computed from the data, in the order the sentence states it."""
    total, forces_uk, not_recorded = "detail_total", "detail_forces_uk", "detail_force_not_recorded"
    by_type = tables.crime_types(raw, total)
    named = by_type[by_type["crime_type"] != "unspecified"]
    unspecified = by_type[by_type["crime_type"] == "unspecified"]
    by_force = tables.forces(raw, total, forces_uk)
    itemised = by_force[by_force["kind"] == tables.ITEMISED]
    scotland = tables.place_by_crime_type(raw, "ferret_scotland_total")
    scotland_itemised = scotland[scotland["kind"] == tables.ITEMISED]
    five_types = _five_types(raw)
    return [
        [_n(raw, total), *_period(raw, total), _n(raw, forces_uk)],
        [*named["value"].head(3), *unspecified["value"]],
        [
            len(itemised),
            int(itemised["value"].max()),
            _n(raw, not_recorded),
            _n(raw, forces_uk) - len(itemised),
            int(by_force.loc[by_force["kind"] == tables.REMAINDER, "value"].sum()),
        ],
        [
            _n(raw, "ferret_scotland_total"),
            int(scotland_itemised["value"].sum()),
            len(scotland_itemised),
            _n(raw, "psni_total"),
            *_period(raw, "psni_total"),
        ],
        [
            _n(raw, "ns_total"),
            _n(raw, total),
            months_between(*_period(raw, total)),
            int(five_types["value"].iloc[0]),
            len(five_types["crime_type"].iloc[0].split("+")),
            five_types["source_id"].nunique(),
            len(five_types["crime_type"].iloc[0].split("+")),
            _n(raw, total),
            _n(raw, not_recorded),
        ],
    ]


def _five_types(raw):
    """The figures that print Firstpost's number of victims of five crime types, one per outlet."""
    figures = raw.figures
    first = raw.figure("fp_five_types_2546")
    same = figures[
        (figures["value"] == first["value"])
        & (figures["crime_type"] == first["crime_type"])
        & (figures["measure"] == first["measure"])
    ]
    assert len(same) == same["source_id"].nunique()
    return same


def test_the_readme_states_five_findings():
    assert len(findings(README.read_text())) == 5


@pytest.mark.parametrize("number", range(5))
def test_each_number_in_a_finding_is_the_data_s(raw, number):
    sentence = findings(README.read_text())[number]
    found = stated(sentence)
    assert [value for _, value in found] == expected(raw)[number], sentence
    for text, value in found:
        if isinstance(value, int):
            assert text == registry.in_words(value), f"{text!r} is written {registry.in_words(value)!r}"


def test_quoted_words_in_the_findings_are_the_sources_own(raw):
    """A phrase in quotation marks is a figure's quote or its period as the source worded it."""
    own = " ".join(raw.figures["quote"].fillna("").tolist() + raw.figures["period_text"].fillna("").tolist()).lower()
    quoted = [q for sentence in findings(README.read_text()) for q in re.findall(r'"([^"]+)"', sentence)]
    assert quoted, "the findings quote the sources' vaguest wording as it was printed"
    assert [q for q in quoted if q.lower() not in own] == []


def test_the_words_around_the_numbers_hold(raw):
    """Names and relations the sentences state: the three largest named crime types, the force that referred
    the most, the qualifier of the PSNI's figure, the telephone-only definition, and the arithmetic of 2,546."""
    sentences = findings(README.read_text())
    assert "telephone" in registry.measure_definition(raw, "detail_total").lower()
    assert "telephone" in sentences[0]

    crime_vocab = vocab.crime_types(raw.directory)
    by_type = tables.crime_types(raw, "detail_total")
    named = by_type[by_type["crime_type"] != "unspecified"].head(3)
    pairs = re.findall(r"(?:\bof|,|\band) ([a-z][a-z ]*?) \(([\d,]+)\)", sentences[1])
    assert [crime_vocab.resolve(name) for name, _ in pairs] == list(named["crime_type"])

    geographies = vocab.geographies(raw.directory)
    by_force = tables.forces(raw, "detail_total", "detail_forces_uk")
    itemised = by_force[by_force["kind"] == tables.ITEMISED]
    top = itemised.loc[itemised["value"].idxmax(), "geography"]
    named_force = re.search(r"the ([A-Z][A-Za-z ]+?) referred the most", sentences[2])
    assert named_force and geographies.resolve(named_force[1]) == top

    psni = raw.figure("psni_total")
    assert f"{psni['qualifier']} {registry.in_words(int(psni['value']))}" in sentences[3]

    total, not_recorded = raw.value("detail_total"), raw.value("detail_force_not_recorded")
    five = _five_types(raw)
    printed = float(five["value"].iloc[0])
    assert printed == total - not_recorded
    types = tuple(five["crime_type"].iloc[0].split("+"))
    world = universe(raw.directory)
    at_most = sum(
        row["value"]
        for _, row in tables.crime_types(raw, "detail_total").iterrows()
        if world.crime_relation((row["crime_type"],), types) != DISJOINT
    )
    assert printed > at_most, "more than those five types add up to"


def test_the_ledger_finds_the_disagreements_the_readme_states(raw):
    """'cannot be squared' and 'more than those five types add up to' are the ledger's verdicts."""
    verdicts = ledger.run_ledger(ledger.DEFAULT_CLAIMS, raw).table
    claimed = verdicts["claimed"].str.replace(",", "")
    new_statesman = verdicts[claimed == str(_n(raw, "ns_total"))]
    five_types = verdicts[claimed == str(int(_five_types(raw)["value"].iloc[0]))]
    assert len(new_statesman) and set(new_statesman["verdict"]) <= {compare.INCONSISTENT, compare.CONTRADICTED}
    assert len(five_types) == 3 and set(five_types["verdict"]) == {compare.CONTRADICTED}


@pytest.mark.parametrize(
    "sentence, found",
    [
        (
            "2,672 between May 2020 and September 2022",
            [("2,672", 2672), ("May 2020", "2020-05"), ("September 2022", "2022-09")],
        ),
        ('Of the five forces, 460 in "a two year period"', [("five", 5), ("460", 460)]),
        ("Nine types; 1,382 and 2022", [("Nine", 9), ("1,382", 1382), ("2022", 2022)]),
    ],
)
def test_stated_reads_numbers_in_figures_words_and_months_but_not_in_quotes(sentence, found):
    assert stated(sentence) == found
