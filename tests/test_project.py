"""The project keeps its promises: pinned environments agree, the README stays true, CI runs the tests."""

from __future__ import annotations

import ast
import calendar
import csv
import json
import re
import sys

import yaml
from conftest import ROOT


def _pins(path):
    """name -> version for every `==` pin of a requirements file, following `-r` includes."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            pins.update(_pins(path.parent / line[3:].strip()))
        elif "==" in line:
            name, version = line.split("==", 1)
            pins[_canonical(name)] = version.strip()
    return pins


def _canonical(name):
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def _direct(path):
    lines = [line.split("#", 1)[0].strip() for line in path.read_text().splitlines()]
    return {_canonical(line) for line in lines if line and not line.startswith("-")}


def test_environment_yml_installs_every_pinned_requirement(tmp_path):
    """Binder gets exactly the pinned environment `make test` uses, runtime and tools, nothing loose."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    deps = env["dependencies"]
    assert any(str(d).startswith("python=3.11") for d in deps)
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)
    assert "-e ." in pip_section, "the project's own package is installed on Binder too"
    assert not [line for line in pip_section if "==" in line or line[:1].isalpha()], "no loose or duplicated pins"
    # pip reads the section as a requirements file written beside environment.yml
    section = tmp_path / "binder-requirements.txt"
    section.write_text("\n".join(line for line in pip_section if line.startswith("-r ")) + "\n")
    for name in ("requirements.txt", "requirements-dev.txt"):
        (tmp_path / name).write_text((ROOT / name).read_text())
    everything = {**_pins(ROOT / "requirements.txt"), **_pins(ROOT / "requirements-dev.txt")}
    assert _pins(section) == everything
    assert len(everything) > 120


def test_every_direct_dependency_is_pinned_where_it_belongs():
    runtime, dev = _pins(ROOT / "requirements.txt"), _pins(ROOT / "requirements-dev.txt")
    assert _direct(ROOT / "requirements.in") <= set(runtime)
    assert _direct(ROOT / "requirements-dev.in") <= set(dev)
    for tool in ("pytest", "nbval", "playwright", "ruff", "jupyterlab", "frictionless"):
        assert tool not in runtime, f"{tool} is a test or interactive tool: it belongs in requirements-dev.txt"
    for name, version in runtime.items():
        assert dev[name] == version, f"{name}: the dev environment must not move a runtime pin"


def test_every_requirement_is_pinned_exactly():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            if line.strip() and not line.startswith(("#", "-r ")):
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.+\-]+", line.strip()), f"{name}: {line}"


def _notebook_imports():
    modules = set()
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(nb.read_text())["cells"]:
            if cell["cell_type"] != "code":
                continue
            tree = ast.parse("".join(cell["source"]))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    modules.add(node.module.split(".")[0])
    return modules


def _package_imports():
    modules = set()
    for path in (ROOT / "src" / "referrals").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module.split(".")[0])
    return modules


IMPORT_TO_PACKAGE = {
    "yaml": "pyyaml",
    "vl_convert": "vl-convert-python",
    "IPython": "ipykernel",
    "nbformat": "nbconvert",
    "pygments": "nbconvert",
}


def test_runtime_pins_every_package_the_notebooks_and_package_import():
    """`make figures` installs only requirements.txt: everything the package and notebooks import is in it."""
    named = set(_pins(ROOT / "requirements.txt")) | {"referrals"}
    stdlib = set(sys.stdlib_module_names)
    for module in sorted((_notebook_imports() | _package_imports()) - stdlib):
        package = _canonical(IMPORT_TO_PACKAGE.get(module, module))
        assert package in named, f"{module} is imported but {package} is not pinned in requirements.txt"


def test_no_binder_folder_overrides_the_root_environment():
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"^make test$", ci, re.M)
    assert "make test" in readme and "make figures" in readme


#: Every page a newcomer reads: the README, the docs pages it links to, and the claims format.
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "claims" / "README.md"]


def _doc_paths(doc):
    """The project paths a page names: in backticks (from the root), or as a link or image (from the page)."""
    text = doc.read_text()
    candidates = set(re.findall(r"`([A-Za-z0-9_.\-/]+(?:/|\.[A-Za-z0-9]+))`", text))
    linked = re.findall(r"\]\(((?!https?:|#)[^)\s#]+)(?:#[^)\s]*)?\)", text)
    linked += re.findall(r"<(?:img|a)\b[^>]*?(?:src|href)=\"((?!https?:|#)[^\"#]+)\"", text)
    candidates |= {(doc.parent / link).resolve().relative_to(ROOT).as_posix() for link in linked}
    roots = ("data/", "notebooks/", "src/", "tests/", "figures/", "claims/", ".ci/", "output/", "site/", "docs/")
    files = (
        "Makefile",
        "README.md",
        "CHANGELOG.md",
        "CITATION.cff",
        "pyproject.toml",
        "requirements.txt",
        "requirements.in",
        "environment.yml",
        "LICENSE",
    )
    return sorted(c for c in candidates if c.startswith(roots) or c in files)


def test_every_path_the_docs_name_exists():
    named = {doc.relative_to(ROOT).as_posix(): _doc_paths(doc) for doc in DOCS}
    assert sum(len(paths) for paths in named.values()) > 20, "the docs name the project's files"
    generated = ("output/", "site/", "figures/")  # made by make figures / make site; checked by their own tests
    missing = {
        doc: [p for p in paths if not p.startswith(generated) and not (ROOT / p).exists()]
        for doc, paths in named.items()
    }
    assert {doc: paths for doc, paths in missing.items() if paths} == {}


def test_the_readme_links_every_docs_page():
    """One page per audience, each reachable from the README."""
    linked = set(_doc_paths(ROOT / "README.md"))
    pages = {p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md")}
    assert len(pages) >= 4
    assert pages - linked == set()


def test_docs_figures_exist_after_a_build():
    missing = [
        p
        for doc in DOCS
        for p in _doc_paths(doc)
        if p.startswith("figures/") and not (ROOT / p).exists() and not p.endswith(".html")
    ]
    assert missing == [], "committed figures named in the docs"


def test_every_make_target_the_docs_name_exists():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][a-z\-]*):", makefile, re.M))
    for doc in DOCS:
        for target in set(re.findall(r"make ([a-z][a-z\-]+)", doc.read_text())):
            assert target in targets, f"{doc.relative_to(ROOT)} mentions make {target}"


def _sources():
    """(outlet, published date as a reader reads it, url) for every row of data/raw/sources.csv."""
    with open(ROOT / "data" / "raw" / "sources.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) > 10
    return sorted((_outlet(r["outlet"]), _date(r["published"]), r["url"]) for r in rows)


def _outlet(name):
    """'The Detail (with the Guardian)' as reader text without brackets: 'The Detail, with the Guardian'."""
    return re.sub(r" \((.*)\)$", r", \1", name)


def _date(published):
    """'2023-03-06' -> '6 March 2023', '2023-02' -> 'February 2023', '2023' -> '2023'."""
    parts = published.split("-")
    named = " ".join([calendar.month_name[int(parts[1])], parts[0]]) if len(parts) > 1 else parts[0]
    return f"{int(parts[2])} {named}" if len(parts) > 2 else named


def _section(text, heading):
    body = text[text.index(f"\n{heading}\n") + len(heading) + 2 :]
    return body.split("\n## ", 1)[0].split("\n### ", 1)[0]


def test_the_readme_names_every_source_by_its_address():
    """The README's list of sources is exactly data/raw/sources.csv: outlet, date and address of each."""
    section = _section((ROOT / "README.md").read_text(), "## Sources")
    items = [" ".join(item.split()) for item in re.findall(r"^- (.+?)(?=^- |\n\n|\Z)", section, re.M | re.S)]
    listed = []
    for item in items:
        match = re.fullmatch(r"(?P<outlet>.+), (?P<date>[^,:]+): (?P<url>\S+)", item)
        assert match, f"a source should read 'outlet, date: address': {item}"
        listed.append((match["outlet"], match["date"], match["url"]))
    assert sorted(listed) == _sources()


def test_the_data_page_gives_every_source_with_its_address_and_date():
    """docs/data.md's table of sources is exactly data/raw/sources.csv, each outlet linked to its address."""
    section = _section((ROOT / "docs" / "data.md").read_text(), "## Sources")
    rows = re.findall(r"^\| \[([^\]]+)\]\((\S+?)\) \| ([^|]+?) \| [^|]+ \|$", section, re.M)
    assert sorted((outlet, date, url) for outlet, url, date in rows) == _sources()


def _anchors(page):
    """The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#+ (.+)$", re.sub(r"```.*?```", "", page.read_text(), flags=re.S), re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def test_every_link_to_a_section_finds_its_heading():
    links = [
        (doc, target or doc.name, anchor)
        for doc in DOCS
        for target, anchor in re.findall(r"\]\(((?!https?:)[^)\s#]*)#([^)\s]+)\)", doc.read_text())
    ]
    assert len(links) >= 5
    broken = [
        f"{doc.relative_to(ROOT)}: {target}#{anchor}"
        for doc, target, anchor in links
        if anchor not in _anchors((doc.parent / target).resolve())
    ]
    assert broken == []
