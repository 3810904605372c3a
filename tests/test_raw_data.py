"""The published figures: transcribed exactly, with provenance, and adding up as the sources say."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest
from conftest import ROOT, SHARED_SOURCES

from referrals import manifest, processed, registry, vocab
from referrals.sources import load_raw
from referrals.validation import MAX_QUOTE_WORDS, verbal_qualifiers

#: Which document in the sources folder each source's quotes come from (others: other-published-figures.md).
SOURCE_FILES = {
    "detail-2023": "004_ec624c02610f79db.txt",
    "nipb-2023": "000_c4d179588f98bd1e.txt",
    **{
        sid: "follow-up-reporting.md"
        for sid in (
            "firstpost-2023",
            "umorina-2023",
            "justicegap-2023",
            "nipb-2023-immigrant-status",
            "bylinetimes-2022",
            "dac-2023",
            "parliament-2023",
        )
    },
}


@pytest.fixture(scope="module")
def raw():
    return load_raw(ROOT / "data" / "raw")


def value(raw, fid):
    return raw.value(fid)


def test_nine_crime_types_sum_to_the_2672_total(raw):
    parts = raw.figures[(raw.figures["part_of"] == "detail_total") & (raw.figures["breakdown"] == "crime type")]
    assert len(parts) == 9
    assert parts["value"].sum() == value(raw, "detail_total") == 2672


def test_itemised_crime_types_match_the_article(raw):
    expected = {
        "modern-slavery": 785,
        "human-trafficking": 618,
        "domestic-abuse": 451,
        "child-sexual-exploitation": 75,
        "sexual-exploitation": 60,
        "forced-marriage": 20,
        "labour-exploitation": 20,
        "domestic-servitude": 12,
        "unspecified": 631,
    }
    parts = raw.figures[raw.figures["part_of"] == "detail_total"]
    got = dict(zip(parts["crime_type"], parts["value"]))
    for ct, v in expected.items():
        assert got[ct] == v


def test_five_forces_and_no_force_recorded(raw):
    forces = raw.figures[(raw.figures["part_of"] == "detail_total") & (raw.figures["breakdown"] == "force")]
    got = dict(zip(forces["geography"], forces["value"]))
    assert got == {
        "metropolitan": 460,
        "west-midlands": 222,
        "police-scotland": 207,
        "west-yorkshire": 143,
        "greater-manchester": 132,
        "not-recorded": 126,
    }
    assert set(forces["breakdown_complete"]) == {"no"}


def test_police_scotland_itemises_part_of_its_total(raw):
    """The Ferret itemises four crime types (154 of its 207 as printed): the rest stays un-itemised.

    No value is pinned here: each figure's value is held against its quote, and the quote against its source
    document, by test_every_figure_is_what_its_source_printed."""
    parts = raw.figures[raw.figures["part_of"] == "ferret_scotland_total"]
    assert len(parts) == 4
    assert 0 < parts["value"].sum() < value(raw, "ferret_scotland_total")
    assert set(parts["breakdown_complete"]) == {"no"}, "the remainder not itemised must stay un-itemised"


def test_psni_33_and_its_four_groups(raw):
    parts = raw.figures[raw.figures["part_of"] == "psni_total"]
    assert parts["value"].sum() == value(raw, "psni_total") == 33
    assert raw.figure("psni_total")["qualifier"] == "at least"
    assert (raw.figure("psni_total")["period_start"], raw.figure("psni_total")["period_end"]) == ("2020-05", "2022-05")


def test_policing_board_and_other_outlets(raw):
    assert value(raw, "nipb_honccu_calls") == 34093
    assert value(raw, "nipb_victim_checks") == 43
    assert value(raw, "nipb_victim_checks_msht") == 24
    assert value(raw, "ns_total") == 2656
    assert (
        value(raw, "ferret_uk_more_than_2000") == 2000
        and raw.figure("ferret_uk_more_than_2000")["qualifier"] == "more than"
    )
    assert value(raw, "detail_forces_uk") == 45 and value(raw, "detail_forces_england_wales") == 43
    daily = raw.figures[raw.figures["measure"] == "daily_estimate"]
    assert sorted(daily["value"]) == [11, 11, 29, 40]


def test_vague_wording_stays_vague(raw):
    quarter = raw.figure("detail_da_quarter_served")
    assert quarter["qualifier"] == "a quarter" and quarter["value"] != quarter["value"]  # NaN: no number invented
    assert (quarter["period_start"], quarter["period_end"]) == ("2020-04", "2020-12")
    for fid in ("ferret_scotland_total", "ferret_scotland_over_200"):
        f = raw.figure(fid)
        assert (f["period_start"], f["period_end"], f["period_text"]) == ("unknown", "unknown", "a two year period")
    verbal = raw.figures[raw.figures["qualifier"].isin(verbal_qualifiers(ROOT / "data" / "raw"))]
    assert len(verbal) >= 5 and verbal["value"].isna().all()


def test_quotes_are_short_and_every_figure_has_a_source(raw):
    for _, f in raw.figures.iterrows():
        assert 0 < len(f["quote"].split()) <= MAX_QUOTE_WORDS, f["figure_id"]
    assert set(raw.figures["source_id"]) <= set(raw.sources["source_id"])
    defining = {m["source_id"] for m in vocab.measures(ROOT / "data" / "raw").values() if m["source_id"]}
    assert set(raw.sources["source_id"]) == set(raw.figures["source_id"]) | defining, (
        "every source contributes figures or a measure's definition"
    )


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').replace('\\"', '"')
    return re.sub(r"\s+", " ", text)


def _quotes(raw):
    """(what, source_id, quote) for every quote in the raw data: figures and measure definitions."""
    for _, f in raw.figures.iterrows():
        yield f["figure_id"], f["source_id"], f["quote"]
    for measure, row in vocab.measures(ROOT / "data" / "raw").items():
        if row["quote"]:
            yield f"measure {measure}", row["source_id"], row["quote"]


#: Number words a quote may use for a count ("five child victims", "over two hundred victims"): the words the
#: project itself writes for small numbers, and their scales.
NUMBER_WORDS = {w: n for n, w in enumerate(registry.NUMBER_WORDS) if n}
SCALE_WORDS = {"hundred": 100, "thousand": 1000}


def numbers_stated(text: str) -> set[int]:
    """Every whole number a quote states, in digits ('2,672', '34093') or in words ('five', 'two hundred')."""
    stated = {int(d.replace(",", "")) for d in re.findall(r"(?<![\w,])[0-9]{1,3}(?:,[0-9]{3})+(?![\w,])|[0-9]+", text)}
    words = re.findall(r"[a-z]+", text.lower())
    for word, following in zip(words, [*words[1:], ""]):
        if word in NUMBER_WORDS:
            stated.add(NUMBER_WORDS[word] * SCALE_WORDS.get(following, 1))
    return stated


def _value_problems(raw) -> list[str]:
    """Figures whose value their own quote does not state (unless their notes say how it was counted)."""
    problems = []
    for _, f in raw.figures[raw.figures["value"].notna()].iterrows():
        number = int(f["value"])
        if number in numbers_stated(f["quote"]):
            continue
        if re.search(rf"does not print {number}\b", f["notes"] or ""):
            continue  # a count the source describes without printing it; its notes say so
        problems.append(f"{f['figure_id']}: value {number} is not stated in its quote {f['quote']!r}")
    return problems


def test_every_figure_is_what_its_source_printed(raw):
    """Each quote is in its source document (REFERRALS_SOURCES, default ../shared/sources) and states the
    figure's value: the transcription is checked against the documents, not against numbers typed again here.
    Skipped loudly without the documents: a quote is itself a transcription and proves nothing alone."""
    if not SHARED_SOURCES.is_dir():
        message = (
            f"QUOTE CHECK SKIPPED: no source documents at {SHARED_SOURCES}; set REFERRALS_SOURCES to the folder "
            "holding them to check every quote and value against its source"
        )
        print(f"\n{'!' * 20} {message} {'!' * 20}")
        pytest.skip(message)
    missing = []
    for what, source_id, quote in _quotes(raw):
        doc = SHARED_SOURCES / SOURCE_FILES.get(source_id, "other-published-figures.md")
        if _norm(quote) not in _norm(doc.read_text(encoding="utf-8")):
            missing.append(f"{what}: quote not found in {doc.name}")
    assert missing + _value_problems(raw) == []


#: Excerpts of one quote joined where words were left out (the quote's own ellipsis).
ELLIPSIS = " \u2026 "


def quote_problems(quote: str, document: str) -> list[str]:
    """What is wrong with a quote against its document: an excerpt (the quote, or each part an ellipsis joins, in
    order) that is not the document's own words."""
    text, problems, at = _norm(document), [], 0
    for excerpt in quote.split(ELLIPSIS):
        found = text.find(_norm(excerpt), at)
        if found < 0:
            problems.append(f"not in the document, after what came before: {excerpt!r}")
        else:
            at = found + len(_norm(excerpt))
    return problems


@pytest.mark.parametrize(
    "quote,problems",
    [
        ("UK officers reported 2,546 victims", 0),
        ("UK police referred 2,546 victims of offences \u2026 human trafficking, and modern slavery", 0),
        ("human trafficking, and modern slavery \u2026 UK police referred 2,546", 1),  # the order of the page
        ("UK police referred 2,546 victims of offences such as domestic violence, adult sexual exploitation", 1),
        ("UK police referred 2,456 victims", 1),
    ],
)
def test_a_quote_is_the_documents_words_in_their_order(quote, problems):
    document = (
        '- "between 2020 and 2022, UK police referred 2,546 victims of offences such as domestic violence, child '
        'sexual exploitation"\n- "adult sexual exploitation, human trafficking, and modern slavery to immigration"'
        "\n- between 2020 and 2022, UK officers reported 2,546 victims"
    )
    assert len(quote_problems(quote, document)) == problems


def test_every_claims_quote_is_its_sources_own_words():
    """The claims files quote their sources exactly (issue 18: a quote shows the clause that carries the error,
    extended from the source where it stopped short), at most 25 words, excerpts joined by an ellipsis."""
    if not SHARED_SOURCES.is_dir():
        pytest.skip(f"QUOTE CHECK SKIPPED: no source documents at {SHARED_SOURCES}; set REFERRALS_SOURCES")
    sources = pd.read_csv(ROOT / "data" / "raw" / "sources.csv", dtype=str, keep_default_na=False)
    problems = []
    for path in sorted((ROOT / "claims").glob("*.csv")):
        for row in pd.read_csv(path, dtype=str, keep_default_na=False).to_dict("records"):
            assert row["source_id"] in set(sources["source_id"]), row["claim_id"]
            doc = SHARED_SOURCES / SOURCE_FILES.get(row["source_id"], "other-published-figures.md")
            found = quote_problems(row["quote"], doc.read_text(encoding="utf-8"))
            problems += [f"{path.name}, {row['claim_id']}: {p}" for p in found]
            if len(row["quote"].split()) > MAX_QUOTE_WORDS:
                problems.append(f"{path.name}, {row['claim_id']}: more than {MAX_QUOTE_WORDS} words")
    assert problems == []


def test_the_quotes_of_the_repeated_error_show_the_clause_that_carries_it():
    """The 2,546 is wrong because of the five crime types the sentence goes on to name: the quote names them."""
    rows = pd.read_csv(ROOT / "claims" / "follow-up-reporting.csv", dtype=str, keep_default_na=False)
    quotes = dict(zip(rows["claim_id"], rows["quote"]))
    for claim_id in ("firstpost-2546-five-types", "umorina-2546-five-types"):
        assert "2,546" in quotes[claim_id] and quotes[claim_id].endswith("human trafficking, and modern slavery")


@pytest.mark.parametrize(
    "text, number",
    [
        ("reported 2,672 victims", 2672),
        ("a total of 34093 calls", 34093),
        ("five child victims", 5),
        ("over two hundred victims", 200),
        ("Police Scotland (207)", 207),
    ],
)
def test_numbers_stated_reads_digits_and_words(text, number):
    assert number in numbers_stated(text)
    assert number + 1 not in numbers_stated(text)


def test_manifest_covers_every_raw_file_and_matches():
    names = manifest.verify(ROOT / "data" / "raw")
    on_disk = sorted(p.name for p in (ROOT / "data" / "raw").iterdir() if p.name != manifest.MANIFEST_NAME)
    assert names == on_disk


def test_manifest_format_is_sha256sum_compatible():
    for line in (ROOT / "data" / "raw" / manifest.MANIFEST_NAME).read_text().splitlines():
        digest, name = line.split("  ")
        assert re.fullmatch(r"[0-9a-f]{64}", digest) and (ROOT / "data" / "raw" / name).exists()


def test_committed_processed_tables_match_a_fresh_build(tmp_path):
    written = processed.build(ROOT / "data" / "raw", tmp_path)
    for path in written:
        committed = ROOT / "data" / "processed" / path.name
        assert committed.read_bytes() == path.read_bytes(), f"{path.name} is stale: run `make figures`"


def test_processed_output_is_deterministic_with_unix_line_endings(tmp_path):
    a = processed.build(ROOT / "data" / "raw", tmp_path / "a")
    b = processed.build(ROOT / "data" / "raw", tmp_path / "b")
    for pa_, pb in zip(a, b):
        data = pa_.read_bytes()
        assert data == pb.read_bytes() and b"\r\n" not in data


def test_published_figures_has_every_figure_with_provenance(raw):
    rows = list(csv.DictReader(open(ROOT / "data" / "processed" / "published_figures.csv", encoding="utf-8")))
    assert {r["figure_id"] for r in rows} == set(raw.figures["figure_id"])
    for r in rows:
        for col in (
            "figure_id",
            "source_id",
            "measure",
            "geography",
            "crime_type",
            "period_start",
            "period_end",
            "qualifier",
            "quote",
            "url",
            "outlet",
        ):
            assert r[col], (r["figure_id"], col)
    assert [r["figure_id"] for r in rows] == sorted(r["figure_id"] for r in rows)
