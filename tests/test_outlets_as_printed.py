"""Claims as outlets print them, written by an outside fact-checker from claims/README.md and the source documents
alone (tests/fixtures/outlets-as-printed-claims.csv: three made-up outlets restating the published figures, right
and wrong), each with the verdict a reader expects and the words that say why. A regression test: each verdict
was read and judged right by hand before it was pinned here."""

from __future__ import annotations

import pytest
from conftest import REVIEWED_RAW_DATA, ROOT

from referrals.ledger import run_ledger
from referrals.sources import load_raw

CLAIMS = ROOT / "tests" / "fixtures" / "outlets-as-printed-claims.csv"
C, K, X, N = "confirmed", "consistent with rounding or wording", "contradicted", "not verifiable with the data here"

EXPECTED = {
    "cw-total-more-than-2000": (K, "give 2,672, which is more than 2,000"),
    "cw-total-nearly-2700": (K, "give 2,672, which is nearly 2,700"),
    "cw-total-sub-period": (X, "1,787 is Byline Times' count of victims referred in the UK for April 2020 to November"),
    "cw-thousands": (K, "which fits \u201cthousands\u201d"),
    "cw-msht-more-than-half": (K, "1,403 of 2,672 make 52.5%, which is more than 50%"),
    "cw-da-one-in-six": (K, "451 of 2,672 make 16.9%"),
    "cw-ms-29-percent": (K, "785 of 2,672 make 29.4%"),
    "cw-unspecified-almost-quarter": (K, "631 of 2,672 make 23.6%"),
    "cw-no-force-one-in-20": (K, "126 of 2,672 make 4.7%"),
    "cw-quarter-all-victims": (X, "is a share of victims referred for domestic abuse, not for all crime types"),
    "cw-quarter-da-2020": (C, "give \u201ca quarter\u201d"),
    "cw-met-460": (C, "give 460"),
    "cw-met-more-than-400": (K, "give 460, which is more than 400"),
    "cw-met-a-fifth": (X, "460 of 2,672 make 17.2%, outside the 18% to 22%"),
    "cw-wmp-swapped": (X, "207 is the 207 victims referred by Police Scotland, given for West Midlands Police."),
    "cw-scotland-swapped": (X, "222 is the 222 victims referred by West Midlands Police, given for Police Scotland."),
    "cw-gmp-132": (C, "give 132"),
    "cw-wyp-143": (C, "give 143"),
    "cw-top-five-over-1100": (K, "five forces add up to 1,164, which is more than 1,100"),
    "cw-scotland-over-200": (K, "give 207, which is more than 200"),
    "cw-scotland-trafficking-nearly-half": (X, "The Ferret's 87 of 207 make 42%"),
    "cw-scotland-da-fewer-than-20": (K, "The Ferret gives 19, which is fewer than 20"),
    "cw-psni-at-least-33": (K, "33, which is at least 33"),
    "cw-psni-calls-34093": (C, "gives 34,093"),
    "cw-psni-calls-3409-wrong-period": (X, "3,409 is the figure for May 2020 to November 2022 only"),
    "cw-psni-victim-checks": (C, "gives 43"),
    "cw-psni-msht-more-than-half": (K, "24 of 43 make 55.8%"),
    "cw-women-423": (N, "no split by sex; The Detail and the Guardian give 451 for all victims"),
    "cw-cse-children-75": (N, "no split by age; The Detail and the Guardian give 75 for all victims"),
    "cw-five-types-2546": (X, "2,546 is the UK total of 2,672 minus the 126 referrals with no force recorded"),
    "cw-trafficking-601": (X, "give 618, not 601"),
    "cw-hundreds-a-month": (X, "92.1 a month, not \u201chundreds a month\u201d"),
    "cw-around-90-a-month": (K, "92.1 a month, which fits \u201caround 90 a month\u201d"),
    "cw-forces-43": (C, "give 43"),
    "cw-da-rose-451-537": (N, "not directly comparable"),
}


@pytest.fixture(scope="module")
def ledger():
    return run_ledger([CLAIMS], load_raw(REVIEWED_RAW_DATA)).table.set_index("claim_id")


def test_every_claim_of_the_file_has_its_expected_verdict(ledger):
    assert sorted(ledger.index) == sorted(EXPECTED)


@pytest.mark.parametrize("claim_id", sorted(EXPECTED))
def test_a_claim_as_printed_gets_the_verdict_a_reader_expects(ledger, claim_id):
    verdict, phrase = EXPECTED[claim_id]
    row = ledger.loc[claim_id]
    assert (row["verdict"], phrase in row["explanation"]) == (verdict, True), row["explanation"]
