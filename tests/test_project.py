"""The project keeps its promises: pinned environments agree, the README stays true, CI runs the tests."""

from __future__ import annotations

import ast
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


def _readme_paths():
    readme = (ROOT / "README.md").read_text()
    candidates = set(re.findall(r"`([A-Za-z0-9_.\-/]+(?:/|\.[A-Za-z0-9]+))`", readme))
    candidates |= set(re.findall(r"\]\(((?!https?:|#)[^)\s]+)\)", readme))
    roots = ("data/", "notebooks/", "src/", "tests/", "figures/", "claims/", ".ci/", "output/", "site/")
    files = (
        "Makefile",
        "README.md",
        "pyproject.toml",
        "requirements.txt",
        "requirements.in",
        "environment.yml",
        "LICENSE",
    )
    return sorted(c for c in candidates if c.startswith(roots) or c in files)


def test_every_path_the_readme_names_exists():
    paths = _readme_paths()
    assert len(paths) > 20, "the README names the project's files"
    generated = ("output/", "site/", "figures/")  # made by make figures / make site; checked by their own tests
    missing = [p for p in paths if not p.startswith(generated) and not (ROOT / p).exists()]
    assert missing == []


def test_readme_figures_exist_after_a_build():
    missing = [
        p for p in _readme_paths() if p.startswith("figures/") and not (ROOT / p).exists() and not p.endswith(".html")
    ]
    assert missing == [], "committed figures named in the README"


def test_every_make_target_the_readme_names_exists():
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][a-z\-]*):", makefile, re.M))
    for target in set(re.findall(r"make ([a-z][a-z\-]+)", readme)):
        assert target in targets, f"README mentions make {target}"


def test_the_readme_lists_every_source():
    """The README's table of sources lists exactly the sources in data/raw/sources.csv."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("| source id | outlet | what it gives |") :].split("\n\n", 1)[0]
    listed = re.findall(r"^\| `([a-z0-9-]+)` \|", section, re.M)
    with open(ROOT / "data" / "raw" / "sources.csv", encoding="utf-8") as fh:
        ids = [row["source_id"] for row in csv.DictReader(fh)]
    assert sorted(listed) == sorted(ids)
