"""The fact-check ledger: every published claim with the right verdict; every rule, verdict and error exercised."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import ROOT, copy_project, run

from referrals import claims, expr
from referrals.errors import ClaimsError
from referrals.sources import load_raw

DATA = load_raw(ROOT / "data" / "raw")
PUBLISHED = ROOT / "claims" / "published-claims.csv"

EXPECTED = {
    "detail-total-2672": claims.CONFIRMED,
    **{
        f"detail-ct-{c}": claims.CONFIRMED
        for c in (
            "modern-slavery",
            "human-trafficking",
            "domestic-abuse",
            "child-sexual-exploitation",
            "sexual-exploitation",
            "forced-marriage",
            "labour-exploitation",
            "domestic-servitude",
            "unspecified",
        )
    },
    "detail-forces-order": claims.CONFIRMED,
    "detail-met-highest": claims.NOT_VERIFIABLE,
    "detail-not-recorded-1-in-20": claims.CONSISTENT,
    "detail-every-force-ew-scotland-ni": claims.NOT_VERIFIABLE,
    "detail-every-force-domestic-abuse": claims.NOT_VERIFIABLE,
    "detail-da-quarter-served": claims.NOT_VERIFIABLE,
    "detail-da-quarter-nine-months": claims.CONFIRMED,
    "detail-thousands": claims.CONSISTENT,
    "psni-at-least-33": claims.CONFIRMED,
    "psni-33-policing-board": claims.CONFIRMED,
    "psni-33-within-43-checks": claims.CONFIRMED,
    "nipb-24-of-43": claims.CONFIRMED,
    "nipb-43-of-34093": claims.CONFIRMED,
    "ferret-scotland-207": claims.CONSISTENT,
    "ferret-scotland-over-200": claims.CONSISTENT,
    "ferret-scotland-itemised-within-207": claims.CONFIRMED,
    "ferret-scotland-domestic-abuse": claims.CONFIRMED,
    "ferret-scotland-human-trafficking": claims.CONFIRMED,
    "ferret-scotland-modern-slavery": claims.CONFIRMED,
    "ferret-scotland-child-sexual-exploitation": claims.CONFIRMED,
    "ferret-uk-more-than-2000": claims.CONSISTENT,
    "ferret-451-domestic-abuse": claims.CONSISTENT,
    "ferret-quarter-of-451-period": claims.INCONSISTENT,
    "ferret-quarter-served": claims.NOT_VERIFIABLE,
    "ns-2656-vs-2672": claims.INCONSISTENT,
    "ns-hundreds-a-month": claims.CONTRADICTED,
    "detail-hundreds-a-month": claims.CONTRADICTED,
    "d24-40-a-day": claims.CONFIRMED,
}


@pytest.fixture(scope="module")
def ledger():
    return claims.run_ledger([PUBLISHED], DATA).set_index("claim_id")


def test_every_published_claim_has_the_right_verdict(ledger):
    assert dict(ledger["verdict"]) == EXPECTED


def test_key_computations(ledger):
    assert ledger.loc["detail-not-recorded-1-in-20", "computed"] == "0.0472 (4.72%)"
    assert ledger.loc["ns-2656-vs-2672", "computed"] == "110.7 vs 3.2 a month"
    assert "New Statesman (ns_total)" in ledger.loc["ns-2656-vs-2672", "explanation"]
    assert "The Detail (with the Guardian) (detail_total)" in ledger.loc["ns-2656-vs-2672", "explanation"]
    assert ledger.loc["nipb-43-of-34093", "explanation"].endswith("(about 1 in 793)")
    assert ledger.loc["ferret-scotland-itemised-within-207", "computed"] == "154 of 207"
    assert "The Ferret ties detail_ct_domestic_abuse" in ledger.loc["ferret-quarter-of-451-period", "explanation"]
    assert ledger.loc["ns-hundreds-a-month", "computed"] == "110.67"


def test_ledger_columns_and_independence(ledger):
    assert list(ledger.reset_index().columns[:6]) == ["claim_id", "source_id", "claimed", "rule", "computed", "verdict"]
    assert ledger.loc["ferret-scotland-207", "independent"] == "yes"
    assert ledger.loc["detail-ct-domestic-abuse", "independent"] == "no"
    assert ledger.loc["detail-met-highest", "figures_used"] == ""


def write_claims(tmp_path, rows, name="new-outlet-claims.csv"):
    header = [
        "claim_id",
        "source_id",
        "outlet",
        "url",
        "quote",
        "claimed",
        "rule",
        "checked_against",
        "compare_with",
        "parameters",
        "reason",
        "notes",
    ]
    buf = io.StringIO()
    w = csv.DictWriter(buf, header, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(
            {
                "source_id": "example-news",
                "outlet": "Example News",
                "url": "https://example.org",
                "quote": "as published",
                **r,
            }
        )
    path = tmp_path / name
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


RULE_CASES = [
    # (claim, expected verdict) -- every rule, every verdict kind, right and wrong claims
    (
        {"claim_id": "exact-right", "claimed": "2,672", "rule": "exact", "checked_against": "detail_total"},
        claims.CONFIRMED,
    ),
    (
        {"claim_id": "exact-wrong", "claimed": "2,762", "rule": "exact", "checked_against": "detail_total"},
        claims.CONTRADICTED,
    ),
    (
        {
            "claim_id": "rounded-ok",
            "claimed": "nearly 2,700",
            "rule": "rounded",
            "checked_against": "detail_total",
            "parameters": "precision=100",
        },
        claims.CONSISTENT,
    ),
    (
        {
            "claim_id": "rounded-wrong",
            "claimed": "about 2,800",
            "rule": "rounded",
            "checked_against": "detail_total",
            "parameters": "precision=100",
        },
        claims.CONTRADICTED,
    ),
    (
        {"claim_id": "at-least-ok", "claimed": "at least 2,500", "rule": "at-least", "checked_against": "detail_total"},
        claims.CONSISTENT,
    ),
    (
        {
            "claim_id": "no-less-than-wrong",
            "claimed": "no less than 3,000",
            "rule": "no-less-than",
            "checked_against": "detail_total",
        },
        claims.CONTRADICTED,
    ),
    (
        {"claim_id": "over-wrong", "claimed": "over 2672", "rule": "over", "checked_against": "detail_total"},
        claims.CONTRADICTED,
    ),
    (
        {
            "claim_id": "at-most-ok",
            "claimed": "at most 500",
            "rule": "at-most",
            "checked_against": "detail_force_metropolitan",
        },
        claims.CONSISTENT,
    ),
    (
        {
            "claim_id": "under-wrong",
            "claimed": "fewer than 400",
            "rule": "under",
            "checked_against": "detail_force_metropolitan",
        },
        claims.CONTRADICTED,
    ),
    (
        {
            "claim_id": "verbal-quarter-ok",
            "claimed": "a quarter",
            "rule": "verbal",
            "checked_against": "detail_ct_human_trafficking / detail_total",
        },
        claims.CONSISTENT,
    ),
    (
        {
            "claim_id": "verbal-third-wrong",
            "claimed": "a third",
            "rule": "verbal",
            "checked_against": "detail_ct_human_trafficking / detail_total",
        },
        claims.CONTRADICTED,
    ),
    (
        {"claim_id": "verbal-dozens", "claimed": "dozens", "rule": "verbal", "checked_against": "psni_total"},
        claims.CONSISTENT,
    ),
    (
        {
            "claim_id": "part-of-wrong",
            "claimed": "most of the UK total",
            "rule": "part-of",
            "checked_against": "detail_total",
            "compare_with": "detail_force_metropolitan",
        },
        claims.CONTRADICTED,
    ),
    (
        {
            "claim_id": "order-wrong",
            "claimed": "Scotland above West Midlands",
            "rule": "order",
            "checked_against": "detail_force_police_scotland, detail_force_west_midlands",
        },
        claims.CONTRADICTED,
    ),
    (
        {
            "claim_id": "same-different-values",
            "claimed": "2,656",
            "rule": "same",
            "checked_against": "ns_total",
            "compare_with": "detail_total",
        },
        claims.INCONSISTENT,
    ),
    (
        {
            "claim_id": "same-period-ok",
            "claimed": "same period",
            "rule": "same-period",
            "checked_against": "detail_total",
            "compare_with": "ferret_uk_more_than_2000",
        },
        claims.CONFIRMED,
    ),
    (
        {
            "claim_id": "rate-ok",
            "claimed": "similar rates",
            "rule": "rate",
            "checked_against": "psni_total",
            "compare_with": "nipb_victim_checks",
        },
        claims.CONFIRMED,
    ),
    (
        {
            "claim_id": "rate-far-apart",
            "claimed": "similar rates",
            "rule": "rate",
            "checked_against": "psni_total",
            "compare_with": "detail_total",
        },
        claims.INCONSISTENT,
    ),
    (
        {
            "claim_id": "nested-fewer",
            "claimed": "fewer over longer",
            "rule": "nested-period",
            "checked_against": "detail_total",
            "compare_with": "ns_total",
            "parameters": "compare_months=24",
        },
        claims.INCONSISTENT,
    ),
    (
        {
            "claim_id": "period-length-wrong",
            "claimed": "24 months",
            "rule": "period-length",
            "checked_against": "detail_total",
        },
        claims.CONTRADICTED,
    ),
    (
        {
            "claim_id": "not-verifiable",
            "claimed": "every force",
            "rule": "not-verifiable",
            "checked_against": "",
            "reason": "The force table was not published.",
        },
        claims.NOT_VERIFIABLE,
    ),
]


def test_every_rule_and_verdict_kind(tmp_path):
    path = write_claims(tmp_path, [c for c, _ in RULE_CASES])
    table = claims.run_ledger([path], DATA).set_index("claim_id")
    for claim, verdict in RULE_CASES:
        assert table.loc[claim["claim_id"], "verdict"] == verdict, (
            claim["claim_id"],
            table.loc[claim["claim_id"], "explanation"],
        )
    assert set(table["verdict"]) == set(claims.VERDICTS)
    assert set(table["rule"]) == set(claims.RULES)
    assert table.loc["exact-wrong", "explanation"] == "the data give 2,672, 90 fewer than claimed"


@pytest.mark.parametrize(
    "phrase,inside,outside",
    [
        ("almost 1 in 20", 0.047, 0.05),
        ("a quarter", 0.25, 0.31),
        ("dozens", 33, 120),
        ("hundreds", 200, 150),
        ("thousands", 2672, 1999),
    ],
)
def test_verbal_ranges_are_pinned(phrase, inside, outside):
    low, high = claims.VERBAL[phrase]
    assert low <= inside < high and not (low <= outside < high)


def test_claimed_numbers_are_read_as_worded():
    assert claims.claimed_number("2,672") == 2672
    assert claims.claimed_number("over two hundred") == 200
    assert claims.claimed_number("24 of these 43") == 24
    assert claims.claimed_number("five child victims") == 5
    assert claims.claimed_number("a quarter") is None


HOSTILE = [
    "__import__('os').system('id')",
    "detail_total.__class__",
    "lambda: 1",
    "9**9**9",
    "10 ** 1000",
    "(" * 60 + "1" + ")" * 60,
    "1e308 * 1e308",
    "open('/etc/passwd')",
    "detail_total; import os",
    "sum(" * 30 + "1" + ")" * 30,
    "x" * 600,
    "99999999999999999999",
    "[detail_total]",
    "detail_total if 1 else 0",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_expressions_are_refused(text):
    with pytest.raises(expr.ExpressionError) as err:
        node = expr.parse(text)
        expr.check_identifiers(node, DATA.figures["figure_id"])
    assert str(err.value)


def test_hostile_expression_in_a_claims_file_names_file_claim_and_field(tmp_path):
    path = write_claims(
        tmp_path,
        [{"claim_id": "evil", "claimed": "1", "rule": "exact", "checked_against": "__import__('os').system('id')"}],
    )
    with pytest.raises(ClaimsError) as err:
        claims.load_claims([path], DATA)
    msg = str(err.value)
    assert (
        "new-outlet-claims.csv, claim evil (row 2), field 'checked_against'" in msg
        and "unexpected character '_'" in msg
    )


def test_expressions_compute():
    values = dict(zip(DATA.figures["figure_id"], DATA.figures["value"]))
    assert (
        expr.evaluate(expr.parse("detail_total - sum(detail_ct_modern_slavery, 2 * (1 + 1))"), values) == 2672 - 785 - 4
    )
    assert expr.evaluate(expr.parse("-detail_total / 4"), values) == -668


@pytest.mark.parametrize(
    "row,phrase",
    [
        (
            {"claim_id": "a", "claimed": "1", "rule": "exact", "checked_against": "detail_totl"},
            "field 'checked_against': unknown figure id 'detail_totl'; did you mean detail_total",
        ),
        (
            {"claim_id": "a", "claimed": "1", "rule": "exactly", "checked_against": "detail_total"},
            "field 'rule': unknown rule 'exactly' (did you mean 'exact'?)",
        ),
        (
            {"claim_id": "a", "claimed": "lots", "rule": "exact", "checked_against": "detail_total"},
            "field 'claimed': 'lots' has no number",
        ),
        (
            {"claim_id": "a", "claimed": "plenty", "rule": "verbal", "checked_against": "detail_total"},
            "no known verbal quantity",
        ),
        ({"claim_id": "a", "claimed": "1", "rule": "rounded", "checked_against": "detail_total"}, "needs precision"),
        (
            {
                "claim_id": "a",
                "claimed": "1",
                "rule": "exact",
                "checked_against": "detail_total",
                "parameters": "months=-3",
            },
            "must be positive",
        ),
        (
            {
                "claim_id": "a",
                "claimed": "1",
                "rule": "exact",
                "checked_against": "detail_total",
                "parameters": "speed=3",
            },
            "unknown key 'speed'",
        ),
        (
            {"claim_id": "a", "claimed": "1", "rule": "same", "checked_against": "detail_total"},
            "field 'compare_with': empty",
        ),
        ({"claim_id": "a", "claimed": "x", "rule": "not-verifiable", "checked_against": ""}, "field 'reason'"),
        (
            {"claim_id": "Bad Id", "claimed": "1", "rule": "exact", "checked_against": "detail_total"},
            "field 'claim_id'",
        ),
        (
            {
                "claim_id": "a",
                "claimed": "1",
                "rule": "exact",
                "checked_against": "detail_total",
                "quote": " ".join(["w"] * 30),
            },
            "field 'quote'",
        ),
        (
            {"claim_id": "a", "claimed": "1", "rule": "exact", "checked_against": "detail_total", "outlet": ""},
            "field 'source_id'",
        ),
    ],
)
def test_malformed_claims_give_one_clear_message(tmp_path, row, phrase):
    path = write_claims(tmp_path, [row])
    with pytest.raises(ClaimsError) as err:
        claims.load_claims([path], DATA)
    assert "new-outlet-claims.csv" in str(err.value) and phrase in str(err.value), str(err.value)


def test_duplicate_claim_ids_across_files(tmp_path):
    a = write_claims(
        tmp_path, [{"claim_id": "dup", "claimed": "1", "rule": "exact", "checked_against": "detail_total"}], "a.csv"
    )
    b = write_claims(
        tmp_path, [{"claim_id": "dup", "claimed": "1", "rule": "exact", "checked_against": "detail_total"}], "b.csv"
    )
    with pytest.raises(ClaimsError) as err:
        claims.load_claims([a, b], DATA)
    assert "b.csv, claim dup (row 2), field 'claim_id': duplicate of the claim in" in str(
        err.value
    ) and "a.csv row 2" in str(err.value)


def test_missing_column_and_bad_encoding(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("claim_id,source_id,quote,claimed,rulez,checked_against\na,b,c,1,exact,detail_total\n")
    with pytest.raises(ClaimsError) as err:
        claims.load_claims([path], DATA)
    assert "'rule' (renamed to 'rulez'?)" in str(err.value)
    path.write_bytes("claim_id\n\xe9\n".encode("latin-1"))
    with pytest.raises(ClaimsError) as err:
        claims.load_claims([path], DATA)
    assert "not valid UTF-8" in str(err.value)


def test_cli_ledger_exit_codes(tmp_path):
    ok = run(["-m", "referrals", "ledger"], ROOT)
    assert ok.returncode == 0 and "inconsistent across sources" in ok.stdout
    bad = write_claims(
        tmp_path, [{"claim_id": "evil", "claimed": "1", "rule": "exact", "checked_against": "lambda: 1"}]
    )
    result = run(["-m", "referrals", "ledger", str(bad)], ROOT)
    assert result.returncode == 2 and "claim evil" in result.stderr and "Traceback" not in result.stderr


def test_comparisons_pair_outlets_for_the_same_measure():
    table = claims.comparisons(DATA)
    uk = table[table["comparison"] == "United Kingdom"]
    assert set(uk["figure_id"]) == {"detail_total", "ferret_uk_more_than_2000", "ns_total"}
    assert set(table["comparison"]) == {
        "United Kingdom",
        "Police Scotland",
        "Police Service of Northern Ireland",
        "United Kingdom: domestic abuse",
    }


def test_report_groups_by_verdict(ledger):
    text = claims.report_markdown(ledger.reset_index(), ["claims/published-claims.csv"])
    assert "## Inconsistent across sources (2)" in text and "| confirmed | 23 |" in text


@pytest.mark.slow
def test_new_outlet_file_is_picked_up_by_the_notebook_through_its_parameter(tmp_path):
    """Written from claims/README.md alone: a new outlet's file, passed as claims_files, gets correct verdicts."""
    path = write_claims(
        tmp_path,
        [
            {
                "claim_id": "example-total",
                "quote": "nearly 2,700 victims were referred",
                "claimed": "nearly 2700",
                "rule": "rounded",
                "checked_against": "detail_total",
                "parameters": "precision=100",
            },
            {
                "claim_id": "example-met",
                "quote": "the Met referred 640 victims",
                "claimed": "640",
                "rule": "exact",
                "checked_against": "detail_force_metropolitan",
            },
            {
                "claim_id": "example-every-force",
                "quote": "every force in the UK made referrals",
                "claimed": "every force",
                "rule": "not-verifiable",
                "checked_against": "",
                "reason": "The force table was not published.",
            },
        ],
    )
    root = copy_project(tmp_path / "project")
    out = root / "output" / "new-outlet"
    result = run(
        [
            "-m",
            "papermill",
            "notebooks/08-fact-check.ipynb",
            str(tmp_path / "run.ipynb"),
            "-k",
            "python3",
            "--cwd",
            "notebooks",
            "-y",
            f"claims_files: ['claims/published-claims.csv', '{path}']\noutput_dir: 'output/new-outlet'",
        ],
        root,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = {r["claim_id"]: r for r in csv.DictReader(open(out / "ledger.csv", encoding="utf-8"))}
    assert rows["example-total"]["verdict"] == claims.CONSISTENT
    assert (
        rows["example-met"]["verdict"] == claims.CONTRADICTED
        and "180 fewer than claimed" in rows["example-met"]["explanation"]
    )
    assert rows["example-every-force"]["verdict"] == claims.NOT_VERIFIABLE
    assert rows["ns-2656-vs-2672"]["verdict"] == claims.INCONSISTENT
    assert (out / "report.md").exists() and (out / "outlet-comparison.png").exists()


def test_cross_source_rule_with_an_expression_is_refused_clearly(tmp_path):
    path = write_claims(
        tmp_path,
        [
            {
                "claim_id": "mixed",
                "claimed": "same",
                "rule": "same",
                "checked_against": "detail_total + 1",
                "compare_with": "ns_total",
            }
        ],
    )
    with pytest.raises(ClaimsError) as err:
        claims.run_ledger([path], DATA)
    assert "claim mixed (row 2)" in str(err.value) and "compares two single figure ids" in str(err.value)
