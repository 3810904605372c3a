"""The whole build in a copy of the project: every figure in every format, byte-identical, incremental,
and nbval catching a changed number."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import ROOT, copy_project, run, tree_digest

from referrals import manifest, registry

FIGURES = [name for name in registry.names() if name != "fact-check"]
NOTEBOOKS = len(list((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")))
FORMATS = [".png", ".svg", ".html", ".vl.json", ".csv"]


@pytest.fixture(scope="module")
def built(built_project):
    return built_project


@pytest.mark.slow
def test_every_figure_in_every_format(built):
    root, first = built
    for name in FIGURES:
        for fmt in FORMATS:
            path = root / "figures" / f"{name}{fmt}"
            assert path.exists() and path.stat().st_size > 0, path
    assert re.search(r"\[1/\d+\] 01-data: ran in [\d.]+s", first.stdout), "a progress line per notebook with its time"
    assert (root / "output" / "notebooks" / "04-forces.ipynb").exists(), "executed copies go to output/"


@pytest.mark.slow
def test_build_matches_the_committed_figures_and_data_byte_for_byte(built):
    root, _ = built
    for name in FIGURES:
        for fmt in [".png", ".svg", ".vl.json", ".csv"]:
            assert (root / "figures" / f"{name}{fmt}").read_bytes() == (
                ROOT / "figures" / f"{name}{fmt}"
            ).read_bytes(), f"{name}{fmt}"
    assert tree_digest(root / "data" / "processed") == tree_digest(ROOT / "data" / "processed")


@pytest.mark.slow
def test_offline_html_loads_nothing_from_the_network(built):
    root, _ = built
    for name in FIGURES:
        html = (root / "figures" / f"{name}.html").read_text()
        assert not re.search(r"<script[^>]+src=[\"']https?:", html), name
        assert "vega" in html.lower()


@pytest.mark.slow
def test_second_build_skips_everything_and_changes_no_byte(built_copy):
    root = built_copy
    before = {
        **tree_digest(root / "figures"),
        **{f"p/{k}": v for k, v in tree_digest(root / "data" / "processed").items()},
    }
    second = run(["-m", "referrals.runner"], root)
    assert second.returncode == 0
    lines = [line for line in second.stdout.splitlines() if line.startswith("[")]
    assert len(lines) == NOTEBOOKS and all("unchanged, skipped" in line for line in lines), second.stdout
    after = {
        **tree_digest(root / "figures"),
        **{f"p/{k}": v for k, v in tree_digest(root / "data" / "processed").items()},
    }
    assert after == before


@pytest.mark.slow
def test_a_changed_input_reruns_only_what_it_must(built_copy):
    root = built_copy
    claims = root / "claims" / "published-claims.csv"
    claims.write_text(claims.read_text())  # same bytes: still skipped
    result = run(["-m", "referrals.runner"], root)
    assert result.stdout.count("unchanged, skipped") == NOTEBOOKS


@pytest.mark.slow
def test_executed_copies_never_overwrite_the_committed_notebooks(built):
    root, _ = built
    for nb in (root / "notebooks").glob("*.ipynb"):
        assert "papermill" not in json.loads(nb.read_text())["metadata"]
        assert nb.read_bytes() == (ROOT / "notebooks" / nb.name).read_bytes()


@pytest.mark.long
@pytest.mark.slow
def test_nbval_fails_when_a_published_figure_changes(tmp_path):
    """Change one raw figure (keeping the breakdown summing), re-stamp: nbval must report the mismatch."""
    root = copy_project(tmp_path / "project")
    figures = root / "data" / "raw" / "figures.csv"
    text = figures.read_text()
    text = text.replace(
        'forced-marriage,2020-05,2022-09,,"the article\'s FOI period, May 2020 to September 2022",20,',
        'forced-marriage,2020-05,2022-09,,"the article\'s FOI period, May 2020 to September 2022",21,',
    )
    text = text.replace(
        'labour-exploitation,2020-05,2022-09,,"the article\'s FOI period, May 2020 to September 2022",20,',
        'labour-exploitation,2020-05,2022-09,,"the article\'s FOI period, May 2020 to September 2022",19,',
    )
    assert text != figures.read_text()
    figures.write_text(text)
    manifest.stamp(root / "data" / "raw")
    assert run(["-m", "referrals", "build-data"], root).returncode == 0
    result = run(
        [
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            "tests/nbval_sanitize.cfg",
            "notebooks/03-crime-types.ipynb",
            "-q",
            "-c",
            "/dev/null",
            "--rootdir",
            str(root),
        ],
        root,
    )
    assert result.returncode != 0, result.stdout[-2000:]
    assert "mismatch" in result.stdout.lower()
    assert "21" in result.stdout


@pytest.mark.slow
@pytest.mark.long  # runs notebooks again, outside the shared build: make test-long
def test_titles_follow_the_data_without_force(built, tmp_path):
    """Change The Ferret's total by one (207 to 208 as published), re-stamp, rebuild incrementally: every chart
    and text that said the old total says the new one.
    Only the notebooks that draw Police Scotland's total are kept in the copy (the others would re-run for nothing)."""
    root = tmp_path / "project"
    shutil.copytree(built[0], root, symlinks=True)
    for notebook in (root / "notebooks").glob("*.ipynb"):
        if notebook.stem not in ("01-data", "05-scotland", "08-infographic"):
            notebook.unlink()
    figures = root / "data" / "raw" / "figures.csv"
    old = figures.read_text()
    was = int(re.search(r",a two year period,(\d+),exact,", old).group(1))  # 207 as published
    now, itemised = was + 1, was - _not_itemised(root / "figures" / "scotland.csv")
    new = old.replace(f",a two year period,{was},exact,", f",a two year period,{now},exact,")
    assert new != old
    figures.write_text(new)
    manifest.stamp(root / "data" / "raw")
    result = run(["-m", "referrals.runner"], root)
    assert result.returncode == 0, result.stderr[-2000:]
    for name in ("scotland", "infographic"):
        spec = (root / "figures" / f"{name}.vl.json").read_text()
        assert f"Police Scotland referred {now} victims" in spec, name
        assert f"the other {now - itemised} were not itemised" in spec, name
        assert f"referred {was} victims" not in spec and f"other {was - itemised} " not in spec, name
    assert f"Not itemised,remainder (derived),{now - itemised}," in (root / "figures" / "scotland.csv").read_text()
    executed = (root / "output" / "notebooks" / "05-scotland.ipynb").read_text()
    assert f"{now} victims" in executed and f"{was} victims" not in executed


def _not_itemised(plotted) -> int:
    """The derived 'Not itemised' value in a plotted table."""
    return int(re.search(r"^[^\n]*,Not itemised,remainder \(derived\),(\d+),", plotted.read_text(), re.M).group(1))
