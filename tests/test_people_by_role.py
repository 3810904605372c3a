"""Groups of people by their role in a case: the PSNI's daily estimates (The Detail, 2024) split the people police
reported into victims and witnesses (an estimated 29 a day) and suspects (around 11), of around 40 people in all.
Each figure counts its own group (data/raw/populations.csv), so a claim restating one of them is held against it, and
the same number given for everyone is wrong, with where it came from."""

from __future__ import annotations

import pytest
from conftest import REVIEWED_RAW_DATA

from referrals.ledger import run_ledger
from referrals.ledger.render import _definite
from referrals.sources import load_raw

HEADER = (
    "claim_id,source_id,outlet,url,quote,claimed,measure,geography,crime_type,period_start,period_end,period_months,"
    "population,share_of,change_from,notes\n"
)
K, X, C = "consistent with rounding or wording", "contradicted", "confirmed"
CLAIMS = {
    # claim id: (claimed, population, verdict, words the verdict line must hold)
    "victims-witnesses-29": ("an estimated 29", "victims and witnesses", (C, K), "29"),
    "suspects-11": ("around 11", "suspects", (K,), "gives around 11"),
    "everyone-40": ("around 40", "", (K,), "gives around 40"),
    "victims-witnesses-29-given-for-everyone": (
        "29",
        "",
        (X,),
        "29 is the estimated 29 victims and witnesses of crime reported by the PSNI to the Home Office each day, "
        "given for everyone",
    ),
    "suspects-11-given-for-everyone": ("around 11", "", (X,), "11 is around 11 suspects reported by the PSNI"),
}


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    path = tmp_path_factory.mktemp("claims") / "claims.csv"
    rows = [
        f'{cid},example,The Example,https://example.org/a,"police reported {claimed} people a day",'
        f'"{claimed}",daily estimate,psni,all,,,,{population},,,'
        for cid, (claimed, population, _, _) in CLAIMS.items()
    ]
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return run_ledger([path], load_raw(REVIEWED_RAW_DATA)).table.set_index("claim_id")


@pytest.mark.parametrize("claim_id", list(CLAIMS))
def test_a_group_by_role_is_held_against_its_own_figure(ledger, claim_id):
    _, _, verdicts, words = CLAIMS[claim_id]
    row = ledger.loc[claim_id]
    assert row["verdict"] in verdicts, (row["verdict"], row["explanation"])
    assert words in row["explanation"], row["explanation"]
    assert "the an " not in row["explanation"] and "all victims" not in row["explanation"], row["explanation"]


@pytest.mark.parametrize(
    "value, named",
    [
        ("785", "the 785"),
        ("five", "the five"),
        ("2,672", "the 2,672"),
        ("an estimated 29", "the estimated 29"),
        ("a quarter", "the quarter"),
        ("around 40", "around 40"),
        ("more than 2,000", "more than 2,000"),
    ],
)
def test_a_figure_is_named_with_one_article(value, named):
    assert _definite(value) == named


def test_a_share_the_figures_allow_but_cannot_confirm_says_so_first(tmp_path):
    """'Nearly a third' of the people reported each day were suspects: The Detail's around 11 of around 40 make
    23.3% to 32.9%, which allows it but cannot confirm it. That is the reason given (it said 'no other published
    figure counts ...' beside a figure that counts the very same), with the span once, never as 0.23 to 0.33."""
    path = tmp_path / "claims.csv"
    path.write_text(
        HEADER + 'third,example,The Example,https://example.org/a,"nearly a third of the people reported each day '
        'were suspects",nearly a third,daily estimate,psni,all,,,,suspects,population=all,,\n',
        encoding="utf-8",
    )
    row = run_ledger([path], load_raw(REVIEWED_RAW_DATA)).table.set_index("claim_id").loc["third"]
    said = row["explanation"]
    assert said.startswith(
        "Cannot be checked: The Detail's around 11 of around 40 make 23.3% to 32.9%, which allows"
    ), said
    assert "no other published figure" not in said and "0.23" not in row["working"], (said, row["working"])
    assert "“derived”" not in row["working"], row["working"]
