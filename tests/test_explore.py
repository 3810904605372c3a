"""`make explore`'s entry (`python -m referrals explore`) in a subprocess: its JSON API answers, then it stops.

Also the build step: `make figures` writes output/referrals.db whose ledger is notebook 09's.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import copy_project, run, run_in_process

from referrals import fields
from referrals.csvfiles import read_text_table
from referrals.runner import project_environment

#: How long Datasette may take to start on a busy machine before the test gives up (not a measurement).
START_LIMIT = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(base: str, path: str):
    with urllib.request.urlopen(base + path, timeout=60) as response:
        body = response.read().decode("utf-8")
    return json.loads(body) if ".json" in path.split("?")[0] else body


def wait_until_up(base: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"explore exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            get(base, "/-/versions.json")
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    pytest.fail(f"explore did not answer within {START_LIMIT}s: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A project copy with its database built, served on a free port; stopped after the module's tests."""
    root = copy_project(tmp_path_factory.mktemp("explore") / "project")
    built = run_in_process(["-m", "referrals", "database"], root)
    assert built.returncode == 0, built.stderr[-2000:]
    port = free_port()
    log = root / "explore.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "referrals", "explore", "--port", str(port)],
            cwd=root,
            env=project_environment(root),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, proc, log)
        yield root, base, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def figure_rows(root: Path) -> list[dict[str, str]]:
    rows, _ = read_text_table(root / "data" / "processed" / "published_figures.csv", restore=True)
    return [cells for _, cells in rows]


def test_it_prints_its_address(served):
    root, base, log = served
    assert f"at {base}/referrals" in log.read_text()


def test_figures_json_answers_with_every_figure(served):
    root, base, _ = served
    answered = get(base, "/referrals/figures.json?_shape=array&_size=max")
    assert sorted(r["figure_id"] for r in answered) == sorted(r["figure_id"] for r in figure_rows(root))
    values = {r["figure_id"]: r["value"] for r in answered}
    assert all(values[r["figure_id"]] == (float(r["value"]) if r["value"] else None) for r in figure_rows(root))


def test_the_ledger_is_faceted_by_verdict(served):
    root, base, _ = served
    facets = get(base, "/referrals/ledger.json")["facet_results"]
    counts = {r["value"]: r["count"] for r in facets["verdict"]["results"]}
    ledger = get(base, "/referrals/ledger.json?_shape=array&_size=max")
    expected = {}
    for row in ledger:
        expected[row["verdict"]] = expected.get(row["verdict"], 0) + 1
    assert counts == expected and sum(counts.values()) == len(ledger) > 0


def test_a_facet_on_measure_counts_the_figures(served):
    root, base, _ = served
    facets = get(base, "/referrals/figures.json?_facet=measure")["facet_results"]
    counts = {r["value"]: r["count"] for r in facets["measure"]["results"]}
    expected = {}
    for row in figure_rows(root):
        expected[row["measure"]] = expected.get(row["measure"], 0) + 1
    assert counts == expected


def test_the_canned_query_finds_every_figure_for_a_force(served):
    root, base, _ = served
    forces, _ = read_text_table(root / fields.FORCES.path)
    force = next(row for _, row in forces if "Met" in row["aliases"].split("|"))
    answered = get(base, "/referrals/figures_for_force.json?force=Met&_shape=array")
    expected = [r["figure_id"] for r in figure_rows(root) if force["force_id"] in r["geography"].split("+")]
    assert sorted(r["figure_id"] for r in answered) == sorted(expected) and expected
    assert {r["force"] for r in answered} == {force["name"]}


def test_the_canned_query_lists_the_claims_a_figure_was_used_in(served):
    _, base, _ = served
    used = get(base, "/referrals/claims_using_figure.json?figure_id=detail_total&_shape=array")
    comparisons = get(base, "/referrals/comparison_figures.json?figure_id=detail_total&_shape=array&_size=max")
    assert len(used) == len(comparisons) > 0


def test_metadata_describes_the_tables_and_columns(served):
    _, base, _ = served
    meta = get(base, "/-/metadata.json")
    assert meta["title"] and meta["license_url"].startswith("https://")
    tables = meta["databases"]["referrals"]["tables"]
    assert tables["figures"]["columns"]["quote"] == fields.FIGURES.field("quote").description
    assert "verdict" in tables["ledger"]["facets"]


def test_pages_load_nothing_from_another_host(served):
    _, base, _ = served
    for path in (
        "/",
        "/referrals",
        "/referrals/figures",
        "/referrals/ledger?verdict=contradicted",
        "/referrals/figures_for_force?force=PSNI",
        "/referrals/figures/detail_total",
    ):
        html = get(base, path)
        loaded = re.findall(r"<(?:script|link|img|iframe)[^>]+(?:src|href)=[\"']([^\"']+)", html)
        assert loaded and all(not re.match(r"(https?:)?//", u) or u.startswith(base) for u in loaded), (path, loaded)


def test_a_port_in_use_is_refused_with_one_message(served):
    root, _, _ = served
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(["-m", "referrals", "explore", "--port", str(port)], root)
    assert result.returncode == 2
    assert result.stderr.startswith(f"parameter error: PORT={port}: cannot listen on 127.0.0.1:{port}")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("port", ["80x", "70000"])
def test_a_bad_port_is_refused(served, port):
    root, _, _ = served
    result = run_in_process(["-m", "referrals", "explore", "--port", port], root)  # refused before it serves
    assert result.returncode == 2 and result.stderr.startswith("parameter error: PORT=")


def test_without_a_database_it_says_to_build_one(tmp_path):
    root = copy_project(tmp_path / "project")
    result = run(["-m", "referrals", "explore", "--port", str(free_port())], root)
    assert result.returncode == 2
    assert "output/referrals.db: missing; run `make figures` first" in result.stderr


@pytest.mark.slow
def test_make_figures_writes_the_database_with_notebook_09s_ledger(built_project, built_copy):
    root, result = built_project
    assert re.search(r"^database output/referrals\.db: \d+ figures", result.stdout, re.M), result.stdout
    ledger, _ = read_text_table(root / "output" / "fact-check" / "ledger.csv", restore=True)
    with sqlite3.connect(root / "output" / "referrals.db") as conn:
        rows = conn.execute("select claim_id, verdict, explanation from ledger order by rowid").fetchall()
    assert rows == [(r["claim_id"], r["verdict"], r["explanation"]) for _, r in ledger]
    again = run(["-m", "referrals.runner"], built_copy)
    assert "database output/referrals.db: up to date" in again.stdout


def request(base: str, path: str, host: str | None = None) -> tuple[int, str]:
    """Status and body of a GET, with the Host header given (the default: the address itself)."""
    address = base.removeprefix("http://")
    connection = http.client.HTTPConnection(address, timeout=60)
    try:
        connection.request("GET", path, headers={"Host": host or address})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


@pytest.mark.parametrize(
    "path",
    [
        "/referrals/figures.json?_sort=no_such_column",
        "/referrals/ledger?_sort_desc=nope",
        "/referrals/figures.json?_sort=value&_sort_desc=value",
    ],
)
def test_a_bad_sort_is_answered_with_datasettes_own_400(served, path):
    _, base, _ = served
    status, body = request(base, path)
    assert status == 400 and ("Cannot sort table by" in body or "at the same time" in body), (status, body[:300])


@pytest.mark.parametrize("host,status", [("evil.example:{port}", 403), ("localhost.evil.example", 403),
                                         ("localhost:{port}", 200), ("127.0.0.1:{port}", 200)])  # fmt: skip
def test_only_the_local_address_is_answered(served, host, status):
    """A page on another site that points its name at 127.0.0.1 (DNS rebinding) sends its own name as Host."""
    _, base, _ = served
    answered, body = request(base, "/referrals/figures.json?_size=1", host.format(port=base.rsplit(":", 1)[1]))
    assert answered == status, body[:300]


REBUILD = """
import pandas as pd
from pathlib import Path
from referrals import explore
probe = pd.DataFrame({"rebuilt": ["yes"]})
explore.write(Path("."), extra_tables={"rebuild_probe": probe})
"""


def test_a_database_rebuilt_while_served_is_the_one_served(served):
    """`make figures` swaps a new output/referrals.db in while `make explore` runs: the next request sees it."""
    root, base, log = served
    status, _ = request(base, "/referrals/rebuild_probe.json")
    assert status == 404
    rebuilt = run(["-c", REBUILD], root)
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    status, body = request(base, "/referrals/rebuild_probe.json?_shape=array")
    assert status == 200 and json.loads(body) == [{"rowid": 1, "rebuilt": "yes"}], (body[:300], log.read_text()[-3000:])
    assert "reloaded referrals.db" in log.read_text()
